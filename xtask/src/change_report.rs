//! What a re-import changes: operations and fields added, removed or
//! retyped, and which of our docs that leaves missing or orphaned.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The differences between two imported specs, and their effect on our docs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added_operations: Vec<String>,
    pub removed_operations: Vec<String>,
    /// `operationId: what changed`
    pub changed_operations: Vec<String>,
    /// `Schema.field` or `operationId?param`
    pub added_fields: Vec<String>,
    pub removed_fields: Vec<String>,
    /// `Schema.field: old -> new`
    pub retyped_fields: Vec<String>,
    /// New operations and fields nobody has documented yet.
    pub docs_missing: Vec<String>,
    /// Docs for things the new spec no longer has.
    pub docs_orphaned: Vec<String>,
}

/// A short, stable rendering of a schema's type, for comparison.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
        return list.iter().map(type_of).collect::<Vec<_>>().join("&");
    }
    if let Some(list) = schema.get("oneOf").and_then(Value::as_array) {
        return list.iter().map(type_of).collect::<Vec<_>>().join("|");
    }
    let mut t = schema.get("type").and_then(Value::as_str).unwrap_or("any").to_owned();
    if let Some(items) = schema.get("items") {
        t = format!("{t}<{}>", type_of(items));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(Value::to_string).collect();
        t = format!("{t}[{}]", values.join(","));
    }
    t
}

struct Shape {
    /// operationId -> `METHOD path request -> response`
    operations: BTreeMap<String, String>,
    /// `Schema.field` or `operationId?param` -> type
    fields: BTreeMap<String, String>,
}

fn shape(spec: &Value) -> Shape {
    let mut operations = BTreeMap::new();
    let mut fields = BTreeMap::new();
    let empty = Map::new();
    for (path, item) in spec.get("paths").and_then(Value::as_object).unwrap_or(&empty) {
        for (method, op) in item.as_object().unwrap_or(&empty) {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            let request = op
                .pointer("/requestBody/content/application~1json/schema")
                .map(type_of)
                .unwrap_or_else(|| "-".to_owned());
            let response =
                op.pointer("/responses/200/content/application~1json/schema").map(type_of).unwrap_or_default();
            operations.insert(id.to_owned(), format!("{} {path} {request} -> {response}", method.to_uppercase()));
            for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let required = if p.get("required") == Some(&Value::Bool(true)) { "!" } else { "" };
                fields.insert(format!("{id}?{name}"), format!("{}{required}", type_of(&p["schema"])));
            }
        }
    }
    for (name, schema) in spec.pointer("/components/schemas").and_then(Value::as_object).unwrap_or(&empty) {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        for (field, prop) in schema.get("properties").and_then(Value::as_object).unwrap_or(&empty) {
            let mark = if required.contains(&field.as_str()) { "!" } else { "" };
            fields.insert(format!("{name}.{field}"), format!("{}{mark}", type_of(prop)));
        }
    }
    Shape { operations, fields }
}

/// Our docs, as the keys they document: operation ids, `Schema.field` and
/// `operationId?param`.
#[derive(Default)]
pub struct DocKeys {
    pub operations: Vec<String>,
    pub fields: Vec<String>,
}

/// Compares two imported specs against our docs.
pub fn compare(old: &Value, new: &Value, docs: &DocKeys) -> Report {
    let (old, new) = (shape(old), shape(new));
    let mut report = Report::default();
    for (id, signature) in &new.operations {
        match old.operations.get(id) {
            None => report.added_operations.push(id.clone()),
            Some(before) if before != signature => {
                report.changed_operations.push(format!("{id}: {before} => {signature}"))
            }
            Some(_) => {}
        }
    }
    report.removed_operations = old.operations.keys().filter(|id| !new.operations.contains_key(*id)).cloned().collect();
    for (field, ty) in &new.fields {
        match old.fields.get(field) {
            None => report.added_fields.push(field.clone()),
            Some(before) if before != ty => report.retyped_fields.push(format!("{field}: {before} -> {ty}")),
            Some(_) => {}
        }
    }
    report.removed_fields = old.fields.keys().filter(|f| !new.fields.contains_key(*f)).cloned().collect();

    for id in &report.added_operations {
        if !docs.operations.contains(id) {
            report.docs_missing.push(format!("operation {id}"));
        }
    }
    for id in &docs.operations {
        if !new.operations.contains_key(id) {
            report.docs_orphaned.push(format!("operation {id}"));
        }
    }
    for field in &docs.fields {
        if !new.fields.contains_key(field) {
            report.docs_orphaned.push(format!("field {field}"));
        }
    }
    report
}

impl Report {
    /// Whether the import changed nothing.
    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "change report: no operation or field changed");
        }
        writeln!(f, "change report:")?;
        let sections: [(&str, &Vec<String>); 8] = [
            ("operations added", &self.added_operations),
            ("operations removed", &self.removed_operations),
            ("operations changed", &self.changed_operations),
            ("fields added", &self.added_fields),
            ("fields removed", &self.removed_fields),
            ("fields retyped", &self.retyped_fields),
            ("docs now missing (write them in spec/docs/)", &self.docs_missing),
            ("docs for things that are gone (delete them from spec/docs/)", &self.docs_orphaned),
        ];
        for (title, items) in sections {
            if items.is_empty() {
                continue;
            }
            writeln!(f, "  {title} ({}):", items.len())?;
            for item in items {
                writeln!(f, "    {item}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reimport_reports_an_added_a_removed_and_a_retyped_thing() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate::DEFAULT_VENDOR);
        let vendor: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut changed = vendor.clone();
        // One operation added (a copy of an existing one under a new id and path)...
        let mut added = changed["paths"]["/api/v3/resign-user"].clone();
        added["post"]["operationId"] = json!("resignUserLater");
        changed["paths"]["/api/v3/resign-user-later"] = added;
        // ...one removed...
        changed["paths"].as_object_mut().unwrap().shift_remove("/api/v3/delete-users-batch").unwrap();
        // ...and one field retyped.
        changed["components"]["schemas"]["IsSuccessDto"]["properties"]["success"] = json!({"type": "string"});

        let old = crate::spec_import::import(&vendor).unwrap();
        let new = crate::spec_import::import(&changed).unwrap();
        let docs = DocKeys {
            operations: vec!["deleteUsersBatch".into(), "resignUser".into()],
            fields: vec!["IsSuccessDto.success".into(), "ResignUserReqDto.userId".into()],
        };
        let report = compare(&old, &new, &docs);
        assert_eq!(report.added_operations, ["resignUserLater"]);
        assert_eq!(report.removed_operations, ["deleteUsersBatch"]);
        assert_eq!(report.changed_operations, Vec::<String>::new());
        assert_eq!(report.retyped_fields, ["IsSuccessDto.success: boolean! -> string!"]);
        assert_eq!(report.docs_missing, ["operation resignUserLater"]);
        assert_eq!(report.docs_orphaned, ["operation deleteUsersBatch"]);
        // The retyped field keeps its docs; the removed operation's are reported.
        assert!(report.to_string().contains("fields retyped (1)"));

        assert!(compare(&old, &old, &docs).is_empty());
    }
}
