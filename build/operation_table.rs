//! The table of operations the runtime consults: which query parameters are
//! arrays (sent as `k[]=v`), which request arrays have an item limit, and
//! the names progenitor gave each operation.

use crate::spec_util;
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// One operation of the spec, as the generated code and the runtime see it.
pub struct Operation {
    /// The spec's `operationId`, e.g. `deleteUsersBatch`.
    pub id: String,
    /// progenitor's method name, e.g. `delete_users_batch`.
    pub rust_name: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    /// Query parameters whose schema is an array.
    pub array_query: Vec<String>,
    /// `(path, maxItems)` for limited arrays in the request body; a path is
    /// `/`-separated property names with `*` for "every item of an array".
    pub limits: Vec<(String, u64)>,
}

pub fn collect(spec: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().expect("spec has paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item is an object") {
            let id = spec_util::operation_id(op).to_owned();
            let array_query = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query" && p["schema"]["type"] == "array")
                .map(|p| p["name"].as_str().expect("parameter name").to_owned())
                .collect();
            let mut limits = Vec::new();
            if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
                collect_limits(spec, schema, "", &mut BTreeSet::new(), &mut limits);
            }
            out.push(Operation {
                rust_name: id.to_snake_case(),
                tag: spec_util::tag(op).unwrap_or("Other").to_owned(),
                id,
                method: method.to_uppercase(),
                path: path.clone(),
                array_query,
                limits,
            });
        }
    }
    out.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    out
}

fn named<'a>(spec: &'a Value, schema: &'a Value) -> (&'a Value, Option<&'a str>) {
    (spec_util::resolve(spec, schema), spec_util::ref_name(schema))
}

fn collect_limits(
    spec: &Value,
    schema: &Value,
    prefix: &str,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<(String, u64)>,
) {
    let (schema, name) = named(spec, schema);
    if let Some(name) = name {
        // Recursive schemas: visit each named schema once per path.
        if !seen.insert(name.to_owned()) {
            return;
        }
    }
    for (field, raw) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let here = if prefix.is_empty() { field.clone() } else { format!("{prefix}/{field}") };
        let prop = spec_util::resolve(spec, raw);
        if let Some(max) = prop.get("maxItems").and_then(Value::as_u64) {
            out.push((here.clone(), max));
        }
        if prop.get("type").and_then(Value::as_str) == Some("array") {
            if let Some(items) = prop.get("items") {
                collect_limits(spec, items, &format!("{here}/*"), seen, out);
            }
        } else if prop.get("properties").is_some() {
            collect_limits(spec, raw, &here, seen, out);
        }
    }
    if let Some(name) = name {
        seen.remove(name);
    }
}

/// `pub static OPERATIONS: &[crate::Operation]`, sorted by `rust_name`.
pub fn table_item(ops: &[Operation]) -> syn::Item {
    let rows: Vec<TokenStream> = ops
        .iter()
        .map(|op| {
            let (id, rust_name, method, path, tag) = (&op.id, &op.rust_name, &op.method, &op.path, &op.tag);
            let arrays = &op.array_query;
            let limit_paths = op.limits.iter().map(|(p, _)| p);
            let limit_max = op.limits.iter().map(|(_, m)| *m as usize);
            quote! {
                crate::Operation {
                    id: #id,
                    rust_name: #rust_name,
                    method: #method,
                    path: #path,
                    tag: #tag,
                    array_query: &[#(#arrays),*],
                    limits: &[#((#limit_paths, #limit_max)),*],
                }
            }
        })
        .collect();
    syn::parse_quote! {
        /// Every operation this build of the crate has: those of the API areas
        /// enabled by [cargo features](crate#cargo-features). Sorted by `rust_name`.
        pub static OPERATIONS: &[crate::Operation] = &[#(#rows),*];
    }
}

/// The spec's name of each parameter, by operation (`rust_name`) and the
/// parameter's Rust name.
pub fn parameter_names<'a>(spec: &Value, ops: &'a [Operation]) -> HashMap<(&'a str, String), String> {
    let by_id: HashMap<&str, &Value> =
        spec_util::operations(spec).map(|op| (spec_util::operation_id(op), op)).collect();
    let mut out = HashMap::new();
    for op in ops {
        for name in spec_util::parameter_names(by_id[op.id.as_str()]) {
            out.insert((op.rust_name.as_str(), name.to_snake_case()), name.to_owned());
        }
    }
    out
}
