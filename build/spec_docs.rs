//! Merges our own docs (`spec/docs/*.toml`) into the imported facts.
//!
//! The docs live apart from `spec/openapi.json` so that a re-import, which
//! rewrites the facts, never touches them. Layout of a docs file:
//!
//! ```toml
//! [operations.deleteUsersBatch]
//! summary = "One line."
//! description = "A paragraph or two."
//! [operations.deleteUsersBatch.parameters]
//! userId = "What the query parameter means."
//!
//! [schemas.DeleteUsersBatchDto]
//! description = "What the type is."
//! [schemas.DeleteUsersBatchDto.fields]
//! userIds = "What the field means."
//! ```

use serde_json::Value;
use std::path::Path;

/// Merges every docs file under `dir` into `spec`; returns warnings for docs
/// that name operations, parameters, schemas or fields the spec lacks.
pub fn merge(spec: &mut Value, dir: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    let Ok(files) = crate::docs_files::toml_files(dir) else {
        return warnings;
    };
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let docs: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", file.display()));
        let name = file.display().to_string();
        if let Some(ops) = docs.get("operations").and_then(toml::Value::as_table) {
            for (id, doc) in ops {
                merge_operation(spec, id, doc, &name, &mut warnings);
            }
        }
        if let Some(schemas) = docs.get("schemas").and_then(toml::Value::as_table) {
            for (schema, doc) in schemas {
                merge_schema(spec, schema, doc, &name, &mut warnings);
            }
        }
    }
    warnings
}

fn text(doc: &toml::Value, key: &str) -> Option<String> {
    doc.get(key).and_then(toml::Value::as_str).map(str::to_owned)
}

fn find_operation<'a>(spec: &'a mut Value, id: &str) -> Option<&'a mut serde_json::Map<String, Value>> {
    spec.get_mut("paths")?
        .as_object_mut()?
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(Value::as_object_mut)
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some(id))
}

fn merge_operation(spec: &mut Value, id: &str, doc: &toml::Value, file: &str, warnings: &mut Vec<String>) {
    let Some(op) = find_operation(spec, id) else {
        warnings.push(format!("{file}: docs for operation {id}, which spec/openapi.json does not have"));
        return;
    };
    for key in ["summary", "description"] {
        if let Some(t) = text(doc, key) {
            op.insert(key.to_owned(), Value::String(t));
        }
    }
    let Some(params) = doc.get("parameters").and_then(toml::Value::as_table) else {
        return;
    };
    for (name, line) in params {
        let target = op
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .and_then(|ps| ps.iter_mut().find(|p| p.get("name").and_then(Value::as_str) == Some(name)))
            .and_then(Value::as_object_mut);
        match (target, line.as_str()) {
            (Some(p), Some(line)) => {
                p.insert("description".to_owned(), Value::String(line.to_owned()));
            }
            _ => warnings.push(format!("{file}: docs for parameter {name} of {id}, which it does not have")),
        }
    }
}

fn merge_schema(spec: &mut Value, name: &str, doc: &toml::Value, file: &str, warnings: &mut Vec<String>) {
    let Some(schema) = spec.pointer_mut(&format!("/components/schemas/{name}")).and_then(Value::as_object_mut) else {
        warnings.push(format!("{file}: docs for schema {name}, which spec/openapi.json does not have"));
        return;
    };
    if let Some(t) = text(doc, "description") {
        schema.insert("description".to_owned(), Value::String(t));
    }
    let Some(fields) = doc.get("fields").and_then(toml::Value::as_table) else {
        return;
    };
    for (field, line) in fields {
        let target = schema.get_mut("properties").and_then(|p| p.get_mut(field)).and_then(Value::as_object_mut);
        match (target, line.as_str()) {
            // A `$ref` cannot carry a description in OpenAPI 3.0: wrap it.
            (Some(p), Some(line)) if p.contains_key("$ref") => {
                let reference = p.remove("$ref").expect("checked");
                p.insert("allOf".to_owned(), Value::Array(vec![serde_json::json!({ "$ref": reference })]));
                p.insert("description".to_owned(), Value::String(line.to_owned()));
            }
            (Some(p), Some(line)) => {
                p.insert("description".to_owned(), Value::String(line.to_owned()));
            }
            _ => warnings.push(format!("{file}: docs for field {name}.{field}, which it does not have")),
        }
    }
}
