//! The mutation test of tolerant responses: every schema an answer can hold,
//! decoded into its generated type after each drift the policy absorbs.
//!
//! Each schema starts as the emulator's schema-valid sample, with every list
//! holding two items so that one can be mutated and the other stays a
//! witness. Then, for every field at every depth: the field is dropped, set
//! to `null`, and, for an enum, set to a value the spec does not list; every
//! object gets a field the spec does not know; the first item of every list
//! is set to `null`. A mutant passes when it decodes and every value it
//! holds outside the mutated spot comes back unchanged from the typed value;
//! a `null` item must come back left out (kept, in a list of untyped values).
//!
//! The response schemas go first, so that fields are mutated where answers
//! hold them (inside envelopes, inside lists). A field is mutated once, where
//! it is first met; the component schemas that some field was not met in
//! (past the sample's depth, inside cycles) are then samples of their own.
//! The test ends by checking that every field of every schema was mutated.

use crate::emulator::schema::{Spec, spec};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

/// A field name no schema of the spec has.
const UNKNOWN_FIELD: &str = "fieldTheSpecDoesNotKnow";

#[test]
fn every_answer_schema_decodes_every_mutant() {
    let spec = spec();
    let responses: BTreeSet<&str> =
        spec.operations().iter().filter_map(|op| op.response_schema().and_then(component_name)).collect();
    let components = reachable_components(spec, &responses);

    let mut run = Run { spec, covered: HashSet::new(), mutants: 0, failures: Vec::new() };
    let mut schemas = 0;
    let mut skipped = Vec::new();
    let roots = responses.iter().chain(components.iter().filter(|name| !responses.contains(*name)));
    for &name in roots {
        let schema = spec.component(name).expect("reachable components exist");
        let is_response = responses.contains(name);
        if !is_response && fields(spec, schema).all(|field| run.covered.contains(&(key(schema), field.to_owned()))) {
            continue;
        }
        let mut sample = spec.synthesize(schema);
        double_lists(&mut sample);
        if crate::api::decode_response(name, &serde_json::to_vec(&sample).expect("JSON")).is_none() {
            skipped.push(name);
            continue;
        }
        schemas += 1;
        run.check(name, &sample, "", "the sample itself");
        run.mutate(name, &sample, &sample, schema, String::new());
    }

    let uncovered: Vec<String> = components
        .iter()
        .flat_map(|&name| {
            let schema = spec.component(name).expect("reachable components exist");
            let covered = &run.covered;
            fields(spec, schema)
                .filter(move |field| !covered.contains(&(key(schema), (*field).to_owned())))
                .map(move |field| format!("{name}.{field}"))
        })
        .collect();
    let field_count: usize = components.iter().map(|&name| fields(spec, spec.component(name).unwrap()).count()).sum();
    println!(
        "tolerant responses: {schemas} schemas sampled ({} response schemas, {} component schemas reachable from them), \
         {field_count} fields, {} mutants, {} failed, {} skipped",
        responses.len(),
        components.len(),
        run.mutants,
        run.failures.len(),
        skipped.len()
    );
    assert!(skipped.is_empty(), "no decoder for {skipped:?}");
    assert!(uncovered.is_empty(), "fields never mutated: {uncovered:?}");
    assert!(
        run.failures.is_empty(),
        "{} mutants failed; the first ones:\n{}",
        run.failures.len(),
        run.failures[..run.failures.len().min(60)].join("\n")
    );
}

struct Run {
    spec: &'static Spec,
    /// `(schema, field)` pairs already mutated; a schema is known by its
    /// address in the spec.
    covered: HashSet<(usize, String)>,
    mutants: usize,
    failures: Vec<String>,
}

impl Run {
    /// Mutates the fields of `value` (at `pointer` in `root`), which `schema` describes.
    fn mutate(&mut self, name: &str, root: &Value, value: &Value, schema: &'static Value, pointer: String) {
        let schema = resolve(self.spec, schema);
        match value {
            Value::Object(map) => {
                if self.covered.insert((key(schema), UNKNOWN_FIELD.to_owned())) {
                    let at = format!("{pointer}/{UNKNOWN_FIELD}");
                    let mutant = with(root, &at, Some(serde_json::json!({"nested": [1, "two", {"three": null}]})));
                    self.check(name, &mutant, &at, "unknown field");
                }
                let properties = schema.get("properties").and_then(Value::as_object);
                for (field, item) in map {
                    let Some(property) = properties.and_then(|p| p.get(field)) else { continue };
                    let at = format!("{pointer}/{}", escape(field));
                    if self.covered.insert((key(schema), field.clone())) {
                        self.check(name, &with(root, &at, None), &at, "dropped");
                        self.check(name, &with(root, &at, Some(Value::Null)), &at, "null");
                        self.unlisted(name, root, item, property, &at);
                    }
                    self.mutate(name, root, item, property, at);
                }
            }
            Value::Array(items) => {
                // The first item is mutated, the second stays as it was.
                if let (Some(first), Some(items_schema)) = (items.first(), schema.get("items")) {
                    let at = format!("{pointer}/0");
                    if self.covered.insert((key(schema), "[item]".to_owned())) {
                        self.unlisted(name, root, first, items_schema, &at);
                        self.null_item(name, root, items_schema, &at);
                    }
                    self.mutate(name, root, first, items_schema, at);
                }
            }
            _ => {}
        }
    }

    /// For an enum (or a union with enum alternatives), a mutant per
    /// alternative with a value of its type that it does not list.
    fn unlisted(&mut self, name: &str, root: &Value, value: &Value, schema: &'static Value, at: &str) {
        let schema = resolve(self.spec, schema);
        let alternatives: Vec<&Value> = match schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            Some(Value::Array(list)) => list.iter().map(|s| resolve(self.spec, s)).collect(),
            _ => vec![schema],
        };
        for alternative in alternatives {
            let Some(Value::Array(listed)) = alternative.get("enum") else { continue };
            let odd = if listed.iter().all(Value::is_string) {
                Value::String(format!("{}Drifted", value.as_str().unwrap_or("value")))
            } else {
                let top = listed.iter().filter_map(Value::as_i64).max().unwrap_or(0);
                Value::from(top + 1000)
            };
            assert!(!listed.contains(&odd), "{name}{at}: the unlisted value is listed");
            self.check(name, &with(root, at, Some(odd)), at, "unlisted enum value");
        }
    }

    /// A mutant whose list item at `at` is `null`. It comes back without
    /// the item, or, in a list of untyped values, with the `null` kept.
    fn null_item(&mut self, name: &str, root: &Value, items_schema: &'static Value, at: &str) {
        let mutant = with(root, at, Some(Value::Null));
        let expected = if is_untyped(resolve(self.spec, items_schema)) { mutant.clone() } else { with(root, at, None) };
        self.compare(name, &mutant, &expected, "", "null item");
    }

    /// Decodes `mutant` as `name`; every leaf of it outside `touched` must
    /// come back as it was.
    fn check(&mut self, name: &str, mutant: &Value, touched: &str, what: &str) {
        self.compare(name, mutant, mutant, touched, what)
    }

    /// Decodes `mutant` as `name`; every leaf of `expected` outside `touched`
    /// must come back.
    fn compare(&mut self, name: &str, mutant: &Value, expected: &Value, touched: &str, what: &str) {
        self.mutants += 1;
        let body = serde_json::to_vec(mutant).expect("a JSON value serializes");
        let decoded = match crate::api::decode_response(name, &body).expect("a decoder") {
            Ok(decoded) => decoded,
            Err(e) => return self.failures.push(format!("{name}{touched} ({what}): {e}")),
        };
        let mut leaves = Vec::new();
        collect_leaves(expected, String::new(), &mut leaves);
        for (at, leaf) in leaves {
            // The mutated spot, what it holds, and an object or list left
            // empty by dropping its only field.
            let is_ancestor = touched.starts_with(&format!("{at}/"));
            if !touched.is_empty() && (at == touched || at.starts_with(&format!("{touched}/")) || is_ancestor) {
                continue;
            }
            if at.contains(UNKNOWN_FIELD) {
                continue;
            }
            let kept = match decoded.pointer(&at) {
                Some(back) => same(back, leaf),
                // An empty optional list or map is not written back.
                None => leaf.as_array().is_some_and(Vec::is_empty) || leaf.as_object().is_some_and(Map::is_empty),
            };
            if !kept {
                self.failures.push(format!(
                    "{name}{touched} ({what}): {at} was {leaf}, came back as {:?}",
                    decoded.pointer(&at)
                ));
                return;
            }
        }
    }
}

/// Equal as JSON values, numbers by value (`0` and `0.0` alike).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The scalars and empty containers of `value`, with their JSON pointers.
fn collect_leaves<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (field, item) in map {
                collect_leaves(item, format!("{at}/{}", escape(field)), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                collect_leaves(item, format!("{at}/{i}"), out);
            }
        }
        _ => out.push((at, value)),
    }
}

/// `root` with the value at `at` replaced (`Some`) or removed (`None`).
fn with(root: &Value, at: &str, value: Option<Value>) -> Value {
    let mut mutant = root.clone();
    let (parent, last) = at.rsplit_once('/').expect("a field's pointer");
    let last = last.replace("~1", "/").replace("~0", "~");
    match mutant.pointer_mut(parent).expect("the parent exists") {
        Value::Object(map) => match value {
            Some(value) => {
                map.insert(last, value);
            }
            None => {
                map.shift_remove(&last);
            }
        },
        Value::Array(items) => {
            let i: usize = last.parse().expect("an item index");
            match value {
                Some(value) => items[i] = value,
                None => {
                    items.remove(i);
                }
            }
        }
        _ => panic!("{at}: the parent is not a container"),
    }
    mutant
}

/// A schema any JSON value fits, `null` included: what an untyped list holds.
fn is_untyped(schema: &Value) -> bool {
    ["type", "properties", "items", "enum", "oneOf", "anyOf", "allOf"].iter().all(|k| schema.get(k).is_none())
}

/// Every list of `value`, at any depth, holding its first item twice.
fn double_lists(value: &mut Value) {
    match value {
        Value::Object(map) => map.values_mut().for_each(double_lists),
        Value::Array(items) => {
            items.iter_mut().for_each(double_lists);
            if let Some(first) = items.first().cloned() {
                items.push(first);
            }
        }
        _ => {}
    }
}

fn escape(field: &str) -> String {
    field.replace('~', "~0").replace('/', "~1")
}

/// A schema's `$ref`s followed and, for a union, its first alternative: the
/// one the sample holds.
fn resolve(spec: &'static Spec, schema: &'static Value) -> &'static Value {
    let schema = spec.resolve(schema);
    match schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        Some(Value::Array(list)) if !list.is_empty() && schema.get("properties").is_none() => {
            let first = spec.resolve(&list[0]);
            // Keep the union itself for enum alternatives: `unlisted` reads them all.
            if first.get("enum").is_some() { schema } else { first }
        }
        _ => schema,
    }
}

fn key(schema: &Value) -> usize {
    schema as *const Value as usize
}

fn fields(spec: &'static Spec, schema: &'static Value) -> impl Iterator<Item = &'static str> {
    resolve(spec, schema).get("properties").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.as_str())
}

fn component_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// The component schemas `roots` refer to, at any depth, `roots` included.
fn reachable_components(spec: &'static Spec, roots: &BTreeSet<&'static str>) -> BTreeSet<&'static str> {
    fn refs(value: &'static Value, out: &mut Vec<&'static str>) {
        match value {
            Value::Object(map) => {
                out.extend(component_name(value));
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.iter().copied().collect();
    while let Some(name) = todo.pop() {
        if seen.insert(name) {
            refs(spec.component(name).unwrap_or_else(|| panic!("no schema {name}")), &mut todo);
        }
    }
    seen
}
