//! One cargo feature per API area: the spec is cut down to the enabled areas
//! before progenitor sees it, and the crate docs get the table of features.
//!
//! progenitor generates a type for every schema in `components`, used or
//! not, so dropping operations alone would leave most of the generated code
//! (and of the build time) in place. After the operations of disabled areas
//! go, only the schemas reachable from the remaining ones through `$ref` are
//! kept, plus those the hand-written layer names.

use crate::areas::Area;
use crate::spec_util;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Whether cargo enabled `feature` for this build.
pub fn enabled(feature: &str) -> bool {
    std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"))).is_some()
}

/// Removes the operations whose area is disabled, and the paths left without any.
///
/// Panics on an operation whose tag has no area: a new tag in the spec
/// needs its line in `spec/features.toml` and its feature in Cargo.toml.
pub fn retain_enabled(spec: &mut Value, areas: &[Area], enabled: impl Fn(&str) -> bool) {
    let keep: HashMap<&str, bool> = areas.iter().map(|a| (a.tag.as_str(), enabled(&a.feature))).collect();
    let paths = spec["paths"].as_object_mut().expect("the spec has paths");
    for item in paths.values_mut() {
        item.as_object_mut().expect("a path item is an object").retain(|_, op| {
            let tag = spec_util::tag(op).unwrap_or_default();
            *keep.get(tag).unwrap_or_else(|| {
                panic!(
                    "operation {} has tag {tag:?}, which {} maps to no cargo feature",
                    spec_util::operation_id(op),
                    crate::areas::FILE
                )
            })
        });
    }
    paths.retain(|_, item| item.as_object().is_some_and(|ops| !ops.is_empty()));
}

/// Keeps only the component schemas that the operations, or the schemas in
/// `always`, refer to, directly or through other schemas.
pub fn prune_schemas(spec: &mut Value, always: &[&str]) {
    let schemas = &spec["components"]["schemas"];
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<&Value> = vec![&spec["paths"]];
    for name in always {
        assert!(schemas.get(name).is_some(), "the hand-written code uses schema {name}, which the spec lacks");
        kept.insert((*name).to_owned());
        pending.push(&schemas[name]);
    }
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let target = child.as_str().and_then(|r| r.strip_prefix("#/components/schemas/"));
                    match (key.as_str(), target) {
                        ("$ref", Some(name)) => {
                            if kept.insert(name.to_owned()) {
                                pending.push(&schemas[name]);
                            }
                        }
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    spec["components"]["schemas"]
        .as_object_mut()
        .expect("the spec has component schemas")
        .retain(|name, _| kept.contains(name));
}

/// A Markdown table of the features: name, area (the spec's tag) and how
/// many operations each brings, counted in the whole `spec`.
pub fn docs_table(spec: &Value, areas: &[Area]) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for op in spec_util::operations(spec) {
        *counts.entry(spec_util::tag(op).unwrap_or_default()).or_default() += 1;
    }
    let mut table = String::from("| Feature | API area (spec tag) | Operations |\n|---|---|---:|\n");
    for area in areas {
        let count = counts.get(area.tag.as_str()).copied().unwrap_or_default();
        table.push_str(&format!("| `{}` | {} | {count} |\n", area.feature, area.tag));
    }
    table
}
