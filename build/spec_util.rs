//! Reading the OpenAPI document (as JSON) the way every generator pass needs.

use serde_json::Value;

/// Every operation object of the spec, in document order.
pub fn operations(spec: &Value) -> impl Iterator<Item = &Value> {
    spec["paths"]
        .as_object()
        .expect("the spec has paths")
        .values()
        .flat_map(|item| item.as_object().expect("a path item is an object").values())
}

/// The operation's `operationId`.
pub fn operation_id(op: &Value) -> &str {
    op["operationId"].as_str().expect("every operation has an operationId")
}

/// The operation's API area: its first tag.
pub fn tag(op: &Value) -> Option<&str> {
    op["tags"][0].as_str()
}

/// The names of the operation's parameters (query and path).
pub fn parameter_names(op: &Value) -> Vec<&str> {
    op.get("parameters").and_then(Value::as_array).into_iter().flatten().filter_map(|p| p["name"].as_str()).collect()
}

/// The component name a schema refers to: a `$ref`, or a one-element
/// `allOf` (how a documented `$ref` field is written).
pub fn ref_name(schema: &Value) -> Option<&str> {
    let reference = schema.get("$ref").or_else(|| schema.pointer("/allOf/0/$ref"))?;
    reference.as_str()?.rsplit('/').next()
}

/// The schema itself, or the component it refers to.
pub fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match ref_name(schema) {
        Some(name) => &spec["components"]["schemas"][name],
        None => schema,
    }
}
