//! The feature half of `cargo xtask spec check`: `spec/features.toml`, the
//! tags of `spec/openapi.json` and the features of Cargo.toml must agree,
//! so that every operation belongs to exactly one cargo feature and no
//! feature selects nothing.

use crate::areas::{self, Area};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The feature that enables every API area (and that `default` enables).
const ALL_AREAS: &str = "full";

/// Fails, listing every disagreement, unless the table, the spec and Cargo.toml agree.
pub fn check(root: &Path) -> Result<()> {
    let areas = areas::read(&root.join(areas::FILE)).map_err(anyhow::Error::msg)?;
    let manifest_path = root.join("Cargo.toml");
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(&manifest_path)?)
        .with_context(|| format!("parsing {}", manifest_path.display()))?;
    let features = manifest.get("features").and_then(toml::Value::as_table).context("Cargo.toml has no [features]")?;
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(root.join("spec/openapi.json"))?)?;
    let problems = problems(&areas, features, &spec);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!("features check: {} problem(s)", problems.len());
    }
    println!("features check: {} API areas, each one cargo feature for one tag of the spec", areas.len());
    Ok(())
}

fn problems(areas: &[Area], features: &toml::Table, spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut tags = BTreeSet::new();
    for item in spec["paths"].as_object().into_iter().flat_map(|paths| paths.values()).filter_map(Value::as_object) {
        for (method, op) in item {
            match op["tags"][0].as_str() {
                Some(tag) => {
                    tags.insert(tag);
                }
                None => problems.push(format!("{method} {} has no tag, so no cargo feature", op["operationId"])),
            }
        }
    }

    let mut features_of_tag: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for area in areas {
        features_of_tag.entry(&area.tag).or_default().push(&area.feature);
    }
    for tag in &tags {
        if !features_of_tag.contains_key(tag) {
            problems.push(format!("tag {tag:?} has no cargo feature: add it to {} and Cargo.toml", areas::FILE));
        }
    }
    for (tag, names) in &features_of_tag {
        if !tags.contains(tag) {
            problems.push(format!(
                "feature `{}` names tag {tag:?}, which no operation of the spec has",
                names.join("`, `")
            ));
        }
        if names.len() > 1 {
            problems.push(format!("tag {tag:?} has more than one feature: `{}`", names.join("`, `")));
        }
    }

    let area_features: BTreeSet<&str> = areas.iter().map(|a| a.feature.as_str()).collect();
    for feature in &area_features {
        if !features.contains_key(*feature) {
            problems.push(format!("feature `{feature}` of {} is missing from Cargo.toml", areas::FILE));
        }
    }
    let all: BTreeSet<&str> = features
        .get(ALL_AREAS)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .collect();
    for feature in area_features.difference(&all) {
        problems.push(format!("Cargo.toml's `{ALL_AREAS}` does not enable `{feature}`"));
    }
    for feature in all.difference(&area_features) {
        problems.push(format!("Cargo.toml's `{ALL_AREAS}` enables `{feature}`, which names no tag in {}", areas::FILE));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn area(feature: &str, tag: &str) -> Area {
        Area { feature: feature.to_owned(), tag: tag.to_owned() }
    }

    fn spec(tags: &[&str]) -> Value {
        let paths: serde_json::Map<String, Value> = tags
            .iter()
            .enumerate()
            .map(|(i, tag)| (format!("/op{i}"), json!({ "get": { "operationId": format!("op{i}"), "tags": [tag] } })))
            .collect();
        json!({ "paths": paths })
    }

    fn features(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn agreeing_table_spec_and_manifest_pass() {
        let areas = [area("roles", "Roles"), area("users", "Users")];
        let manifest = features(
            r#"full = ["roles", "users"]
            default = ["full"]
            emulator = []
            roles = []
            users = []"#,
        );
        assert_eq!(problems(&areas, &manifest, &spec(&["Users", "Roles", "Users"])), Vec::<String>::new());
    }

    #[test]
    fn each_disagreement_is_reported() {
        let areas = [area("roles", "Roles"), area("people", "Users"), area("users", "Users"), area("gone", "Gone")];
        let manifest = features(
            r#"full = ["roles", "users", "gone", "extra"]
            roles = []
            users = []
            gone = []
            extra = []"#,
        );
        let found = problems(&areas, &manifest, &spec(&["Users", "Roles", "Groups"]));
        assert_eq!(
            found,
            [
                "tag \"Groups\" has no cargo feature: add it to spec/features.toml and Cargo.toml",
                "feature `gone` names tag \"Gone\", which no operation of the spec has",
                "tag \"Users\" has more than one feature: `people`, `users`",
                "feature `people` of spec/features.toml is missing from Cargo.toml",
                "Cargo.toml's `full` does not enable `people`",
                "Cargo.toml's `full` enables `extra`, which names no tag in spec/features.toml",
            ]
        );
    }

    #[test]
    fn untagged_operations_are_reported() {
        let spec = json!({ "paths": { "/x": { "post": { "operationId": "x" } } } });
        assert_eq!(problems(&[], &features(""), &spec), ["post \"x\" has no tag, so no cargo feature"]);
    }

    #[test]
    fn this_repository_agrees() {
        check(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()).unwrap();
    }
}
