//! One enum per concept: a string enum that several types spell out inline
//! becomes one component schema that they all refer to.
//!
//! progenitor names an inline enum after its owner (`UserDtoStatus`,
//! `CreateUserReqDtoStatus`, ...), so the same five user states arrive as
//! nine unrelated types, and converting between them takes a string round
//! trip. The rule here decides which inline enums are one concept:
//!
//! - A site is a string enum written inline as a component schema's
//!   property, as the items of an array property, or as an operation
//!   parameter's schema. Its key is the field's name and its set of values.
//! - Sites with the same key, two or more of them, are one concept. It
//!   becomes the component schema named after the field in PascalCase
//!   (`status` → `Status`), with the values in the order the first site
//!   lists them, and every site becomes a `$ref` to it (a property that
//!   carries a description keeps it, with the `$ref` wrapped in `allOf`).
//! - When one field name carries several such concepts (`targetType` is
//!   `USER`/`ROLE`/... in ten types and `department`/`post`/... in four),
//!   the one with the most sites gets the name and the others stay inline;
//!   on a tie all stay inline, since no name would be honest.
//! - A name already used by a component schema, or by a type progenitor
//!   would derive for an inline enum that stays (owner + field), is not
//!   taken: the concept stays inline.
//!
//! The pass runs on the whole spec, before the areas of the build are cut
//! out, so that a type has the same name whatever features are on;
//! pruning then keeps a shared schema wherever one of its sites survives.

use heck::ToUpperCamelCase;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Where an inline enum sits, as JSON pointers into the spec.
struct Site {
    /// The schema object holding `enum`.
    enum_at: String,
    /// The property (or parameter schema) to rewrite into a reference: the
    /// same as `enum_at`, or its array's for array items.
    owner_at: String,
}

/// The concept a site belongs to: the field's name and its sorted values.
type Key = (String, Vec<String>);

/// Merges the inline enums that are one concept, by the rule above.
pub fn apply(spec: &mut Value) {
    let mut concepts: BTreeMap<Key, Vec<Site>> = BTreeMap::new();
    for (key, site) in sites(spec) {
        concepts.entry(key).or_default().push(site);
    }
    let taken = taken_names(spec, &concepts);

    let mut by_field: BTreeMap<&str, Vec<(&Key, &Vec<Site>)>> = BTreeMap::new();
    for (key, sites) in concepts.iter().filter(|(_, sites)| sites.len() >= 2) {
        by_field.entry(key.0.as_str()).or_default().push((key, sites));
    }
    let mut rewrites: Vec<(String, &str, &Vec<Site>)> = Vec::new();
    for (field, mut candidates) in by_field {
        candidates.sort_by_key(|(_, sites)| std::cmp::Reverse(sites.len()));
        if candidates.get(1).is_some_and(|second| second.1.len() == candidates[0].1.len()) {
            continue;
        }
        let name = field.to_upper_camel_case();
        if taken.contains(&name) {
            continue;
        }
        rewrites.push((name, field, candidates[0].1));
    }
    for (name, field, sites) in rewrites {
        let first = spec.pointer(&sites[0].enum_at).expect("a site points into the spec");
        let schema = json!({
            "type": "string",
            "enum": first["enum"].clone(),
            "description": format!(
                "The values of a `{}` field: one type for the {} places the API uses them.",
                field,
                sites.len()
            ),
        });
        let reference = format!("#/components/schemas/{name}");
        for site in sites {
            let owner = spec.pointer_mut(&site.owner_at).expect("a site points into the spec");
            refer(owner, site.enum_at != site.owner_at, &reference);
        }
        spec["components"]["schemas"].as_object_mut().expect("the spec has component schemas").insert(name, schema);
    }
}

/// Turns the inline enum at `owner` (or in its `items`) into a reference.
fn refer(owner: &mut Value, in_items: bool, reference: &str) {
    if in_items {
        owner["items"] = json!({ "$ref": reference });
        return;
    }
    let object = owner.as_object_mut().expect("an enum site is an object");
    object.remove("type");
    object.remove("enum");
    if object.is_empty() {
        object.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    } else {
        // A `$ref` cannot carry siblings in OpenAPI 3.0: wrap it, as documented fields are.
        object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
}

/// Every inline string enum of the spec, with its key.
fn sites(spec: &Value) -> Vec<(Key, Site)> {
    let mut out = Vec::new();
    let mut visit = |field: &str, schema: &Value, at: String| {
        if let Some(values) = string_enum(schema) {
            out.push(((field.to_owned(), values), Site { enum_at: at.clone(), owner_at: at }));
        } else if schema["type"] == "array"
            && let Some(values) = string_enum(&schema["items"])
        {
            out.push(((field.to_owned(), values), Site { enum_at: format!("{at}/items"), owner_at: at }));
        }
    };
    let schemas = spec["components"]["schemas"].as_object().expect("the spec has component schemas");
    for (name, schema) in schemas {
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            visit(field, property, format!("/components/schemas/{}/properties/{}", escape(name), escape(field)));
        }
    }
    for (path, item) in spec["paths"].as_object().expect("the spec has paths") {
        for (method, op) in item.as_object().expect("a path item is an object") {
            for (i, parameter) in op["parameters"].as_array().into_iter().flatten().enumerate() {
                let name = parameter["name"].as_str().unwrap_or_default();
                visit(name, &parameter["schema"], format!("/paths/{}/{method}/parameters/{i}/schema", escape(path)));
            }
        }
    }
    out
}

/// The sorted values of a schema that is an inline string enum.
fn string_enum(schema: &Value) -> Option<Vec<String>> {
    if schema["type"] != "string" {
        return None;
    }
    let values: BTreeSet<String> =
        schema["enum"].as_array()?.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<_>>()?;
    Some(values.into_iter().collect())
}

/// The names a new schema must not take: the component schemas', and those
/// progenitor derives for inline enums of properties that no concept takes over.
fn taken_names(spec: &Value, concepts: &BTreeMap<Key, Vec<Site>>) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> =
        spec["components"]["schemas"].as_object().expect("the spec has component schemas").keys().cloned().collect();
    let single = concepts.values().filter(|sites| sites.len() == 1).flatten();
    for site in single {
        // `/components/schemas/<Owner>/properties/<field>`: progenitor's name is Owner + Field.
        if let ["", "components", "schemas", owner, "properties", field] =
            site.owner_at.split('/').collect::<Vec<_>>()[..]
        {
            taken.insert(format!("{}{}", unescape(owner), unescape(field).to_upper_camel_case()));
        }
    }
    taken
}

/// A JSON pointer token for `s` (RFC 6901).
fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unescape(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(schemas: Value, parameters: Value) -> Value {
        json!({
            "paths": { "/a": { "get": { "operationId": "a", "parameters": parameters } } },
            "components": { "schemas": schemas },
        })
    }

    #[test]
    fn the_same_field_and_values_become_one_schema() {
        let status = json!({ "type": "string", "enum": ["On", "Off"] });
        let mut doc = spec(
            json!({
                "A": { "properties": { "status": status, "kind": { "type": "string", "enum": ["x"] } } },
                "B": { "properties": { "status": { "type": "string", "enum": ["Off", "On"], "description": "d" } } },
                "C": { "properties": { "status": { "type": "array", "items": status } } },
            }),
            json!([{ "name": "status", "in": "query", "schema": status }]),
        );
        apply(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas.as_object().unwrap().keys().collect::<Vec<_>>(), ["A", "B", "C", "Status"]);
        assert_eq!(schemas["Status"]["enum"], json!(["On", "Off"]));
        assert_eq!(schemas["A"]["properties"]["status"], json!({ "$ref": "#/components/schemas/Status" }));
        assert_eq!(
            schemas["B"]["properties"]["status"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/Status" }], "description": "d" })
        );
        assert_eq!(schemas["C"]["properties"]["status"]["items"], json!({ "$ref": "#/components/schemas/Status" }));
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["$ref"], "#/components/schemas/Status");
        assert_eq!(schemas["A"]["properties"]["kind"]["enum"], json!(["x"]), "a single site stays inline");
    }

    #[test]
    fn a_field_name_goes_to_its_commonest_concept_and_ties_or_taken_names_stay_inline() {
        let e = |values: &[&str]| json!({ "type": "string", "enum": values });
        let mut doc = spec(
            json!({
                "A": { "properties": { "t": e(&["U", "R"]), "k": e(&["1"]), "userStatus": e(&["a", "b"]) } },
                "B": { "properties": { "t": e(&["U", "R"]), "k": e(&["2"]), "userStatus": e(&["a", "b"]) } },
                "C": { "properties": { "t": e(&["U", "R"]), "k": e(&["1"]), "m": e(&["p"]) } },
                "D": { "properties": { "t": e(&["d", "p"]), "k": e(&["2"]), "m": e(&["p"]) } },
                "E": { "properties": { "t": e(&["d", "p"]) } },
                "M": { "properties": {} },
                "User": { "properties": { "status": e(&["x"]) } },
            }),
            json!([]),
        );
        // `t`: the three-site concept wins over the two-site one; `k`: a tie;
        // `m`: a schema is called `M`; `userStatus`: progenitor names the
        // inline enum of `User.status` `UserStatus`.
        apply(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["A", "B", "C", "D", "E", "M", "User", "T"]
        );
        assert_eq!(schemas["C"]["properties"]["t"]["$ref"], "#/components/schemas/T");
        assert_eq!(schemas["D"]["properties"]["t"]["enum"], json!(["d", "p"]));
        assert_eq!(schemas["A"]["properties"]["k"]["enum"], json!(["1"]));
        assert_eq!(schemas["A"]["properties"]["userStatus"]["enum"], json!(["a", "b"]));
        assert_eq!(schemas["C"]["properties"]["m"]["enum"], json!(["p"]));
    }
}
