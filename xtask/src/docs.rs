//! `cargo xtask docs check` and `cargo xtask docs coverage`: our docs in
//! `spec/docs/*.toml`, measured against the spec and the vendor's prose.
//!
//! The check fails when a description repeats a run of 8 or more words of the
//! vendor's English prose, or 12 or more characters of its Chinese prose, when
//! an operation lacks a summary or a description, or when a docs file names
//! something the spec does not have. Coverage counts operations, parameters
//! (query and path parameters, and the top-level fields of request bodies)
//! and schema fields.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Words in a run that counts as copied English.
const WORD_RUN: usize = 8;
/// Characters in a run that counts as copied Chinese.
const CJK_RUN: usize = 12;

/// Our docs, flattened: which thing each text documents.
#[derive(Default)]
struct Docs {
    /// (operationId) -> (summary, description)
    operations: BTreeMap<String, (Option<String>, Option<String>)>,
    /// (operationId, parameter) -> text
    parameters: BTreeMap<(String, String), String>,
    /// (schema) -> text
    schemas: BTreeMap<String, String>,
    /// (schema, field) -> text
    fields: BTreeMap<(String, String), String>,
    /// Operations and schemas documented in more than one file: build.rs
    /// would silently keep only the last.
    duplicates: Vec<String>,
}

fn read_docs(dir: &Path) -> Result<Docs> {
    let mut docs = Docs::default();
    let files = crate::docs_files::toml_files(dir).with_context(|| format!("reading {}", dir.display()))?;
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let table: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        let get = |v: &toml::Value, k: &str| v.get(k).and_then(toml::Value::as_str).map(str::to_owned);
        for (id, doc) in table.get("operations").and_then(toml::Value::as_table).into_iter().flatten() {
            if docs.operations.insert(id.clone(), (get(doc, "summary"), get(doc, "description"))).is_some() {
                docs.duplicates.push(format!("operation {id} is documented twice (again in {})", file.display()));
            }
            for (name, text) in doc.get("parameters").and_then(toml::Value::as_table).into_iter().flatten() {
                let text = text.as_str().with_context(|| format!("{}: {id}.{name} is not text", file.display()))?;
                docs.parameters.insert((id.clone(), name.clone()), text.to_owned());
            }
        }
        for (schema, doc) in table.get("schemas").and_then(toml::Value::as_table).into_iter().flatten() {
            if let Some(text) = get(doc, "description")
                && docs.schemas.insert(schema.clone(), text).is_some()
            {
                docs.duplicates.push(format!("schema {schema} is documented twice (again in {})", file.display()));
            }
            for (field, text) in doc.get("fields").and_then(toml::Value::as_table).into_iter().flatten() {
                let text =
                    text.as_str().with_context(|| format!("{}: {schema}.{field} is not text", file.display()))?;
                docs.fields.insert((schema.clone(), field.clone()), text.to_owned());
            }
        }
    }
    Ok(docs)
}

/// Every piece of prose in the vendor document.
fn vendor_prose(vendor: &Value, out: &mut Vec<String>) {
    match vendor {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("summary" | "description", Value::String(s)) => out.push(s.clone()),
                    _ => vendor_prose(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| vendor_prose(v, out)),
        _ => {}
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9fff | 0xf900..=0xfaff | 0x3000..=0x303f | 0xff00..=0xffef)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '_')
        .filter(|w| !w.is_empty() && !w.chars().any(is_cjk))
        .map(str::to_lowercase)
        .collect()
}

/// Runs of CJK characters (punctuation included, spaces dropped).
fn cjk_runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = vec![Vec::new()];
    for c in text.chars() {
        if is_cjk(c) {
            runs.last_mut().expect("non-empty").push(c);
        } else if !c.is_whitespace() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| r.len() >= CJK_RUN);
    runs
}

/// Every shingle of the vendor's prose, to test ours against.
struct Shingles {
    words: HashSet<Vec<String>>,
    cjk: HashSet<Vec<char>>,
}

impl Shingles {
    fn of(prose: &[String]) -> Self {
        let mut words_set = HashSet::new();
        let mut cjk = HashSet::new();
        for text in prose {
            for window in words(text).windows(WORD_RUN) {
                words_set.insert(window.to_vec());
            }
            for run in cjk_runs(text) {
                for window in run.windows(CJK_RUN) {
                    cjk.insert(window.to_vec());
                }
            }
        }
        Shingles { words: words_set, cjk }
    }

    /// The first copied run in `text`, if any.
    fn copied(&self, text: &str) -> Option<String> {
        if let Some(w) = words(text).windows(WORD_RUN).find(|w| self.words.contains(*w)) {
            return Some(w.join(" "));
        }
        cjk_runs(text)
            .iter()
            .flat_map(|run| run.windows(CJK_RUN))
            .find(|w| self.cjk.contains(*w))
            .map(|w| w.iter().collect())
    }
}

/// What the spec has that docs can cover.
struct Inventory {
    operations: Vec<String>,
    parameters: Vec<(String, String)>,
    /// Parameters that are body fields, mapped to the schema field that documents them.
    body_fields: BTreeMap<(String, String), (String, String)>,
    schema_fields: Vec<(String, String)>,
}

fn inventory(spec: &Value) -> Inventory {
    let mut inv = Inventory {
        operations: Vec::new(),
        parameters: Vec::new(),
        body_fields: BTreeMap::new(),
        schema_fields: Vec::new(),
    };
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                inv.parameters.push((id.clone(), p["name"].as_str().expect("name").to_owned()));
            }
            let body_ref = op.pointer("/requestBody/content/application~1json/schema/$ref").and_then(Value::as_str);
            if let Some(name) = body_ref.and_then(|r| r.rsplit('/').next()) {
                for field in schemas[name]["properties"].as_object().into_iter().flatten().map(|(f, _)| f) {
                    inv.parameters.push((id.clone(), field.clone()));
                    inv.body_fields.insert((id.clone(), field.clone()), (name.to_owned(), field.clone()));
                }
            }
            inv.operations.push(id);
        }
    }
    for (name, schema) in schemas {
        for field in schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(f, _)| f) {
            inv.schema_fields.push((name.clone(), field.clone()));
        }
    }
    inv
}

/// The things our docs document, as the change report names them.
pub fn doc_keys(root: &Path) -> Result<crate::change_report::DocKeys> {
    let docs = read_docs(&root.join("spec/docs"))?;
    Ok(crate::change_report::DocKeys {
        operations: docs.operations.keys().cloned().collect(),
        fields: docs
            .fields
            .keys()
            .map(|(s, f)| format!("{s}.{f}"))
            .chain(docs.parameters.keys().map(|(o, p)| format!("{o}?{p}")))
            .collect(),
    })
}

fn load(root: &Path) -> Result<(Value, Docs)> {
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(root.join("spec/openapi.json"))?)?;
    Ok((spec, read_docs(&root.join("spec/docs"))?))
}

/// `cargo xtask docs check`.
pub fn check(root: &Path, vendor_path: &Path) -> Result<()> {
    let (spec, docs) = load(root)?;
    let vendor: Value = serde_json::from_str(
        &std::fs::read_to_string(vendor_path).with_context(|| format!("reading {}", vendor_path.display()))?,
    )?;
    let mut prose = Vec::new();
    vendor_prose(&vendor, &mut prose);
    let shingles = Shingles::of(&prose);
    let inv = inventory(&spec);
    let mut problems = docs.duplicates.clone();

    let mut texts: Vec<(String, &str)> = Vec::new();
    for (id, (summary, description)) in &docs.operations {
        texts.extend(summary.iter().map(|t| (format!("operation {id} summary"), t.as_str())));
        texts.extend(description.iter().map(|t| (format!("operation {id} description"), t.as_str())));
    }
    texts.extend(docs.parameters.iter().map(|((id, p), t)| (format!("parameter {id}.{p}"), t.as_str())));
    texts.extend(docs.schemas.iter().map(|(s, t)| (format!("schema {s}"), t.as_str())));
    texts.extend(docs.fields.iter().map(|((s, f), t)| (format!("field {s}.{f}"), t.as_str())));
    for (what, text) in texts {
        if let Some(run) = shingles.copied(text) {
            problems.push(format!("{what} repeats the vendor's prose: \"{run}\""));
        }
    }

    let known_ops: HashSet<&str> = inv.operations.iter().map(String::as_str).collect();
    let known_params: HashSet<(&str, &str)> = inv.parameters.iter().map(|(o, p)| (o.as_str(), p.as_str())).collect();
    let known_fields: HashSet<(&str, &str)> = inv.schema_fields.iter().map(|(s, f)| (s.as_str(), f.as_str())).collect();
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    for id in docs.operations.keys().filter(|id| !known_ops.contains(id.as_str())) {
        problems.push(format!("docs name operation {id}, which spec/ does not have"));
    }
    for (id, p) in docs.parameters.keys().filter(|(o, p)| !known_params.contains(&(o.as_str(), p.as_str()))) {
        problems.push(format!("docs name parameter {id}.{p}, which spec/ does not have"));
    }
    for s in docs.schemas.keys().filter(|s| !schemas.contains_key(s.as_str())) {
        problems.push(format!("docs name schema {s}, which spec/ does not have"));
    }
    for (s, f) in docs.fields.keys().filter(|(s, f)| !known_fields.contains(&(s.as_str(), f.as_str()))) {
        problems.push(format!("docs name field {s}.{f}, which spec/ does not have"));
    }
    for id in &inv.operations {
        match docs.operations.get(id) {
            Some((Some(s), Some(d))) if !s.trim().is_empty() && !d.trim().is_empty() => {}
            _ => problems.push(format!("operation {id} lacks a summary or a description")),
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!("docs check: {} problem(s)", problems.len());
    }
    println!("docs check: {} operations documented in our own words; no vendor prose repeated", inv.operations.len());
    Ok(())
}

/// `cargo xtask docs coverage`.
pub fn coverage(root: &Path) -> Result<()> {
    let (spec, docs) = load(root)?;
    let inv = inventory(&spec);
    let ops = inv.operations.iter().filter(|id| matches!(docs.operations.get(*id), Some((Some(_), Some(_))))).count();
    let params = inv
        .parameters
        .iter()
        .filter(|key| {
            docs.parameters.contains_key(*key)
                || inv.body_fields.get(*key).is_some_and(|field| docs.fields.contains_key(field))
        })
        .count();
    let fields = inv.schema_fields.iter().filter(|key| docs.fields.contains_key(*key)).count();
    let pct = |n: usize, d: usize| if d == 0 { 100.0 } else { 100.0 * n as f64 / d as f64 };
    println!("docs coverage:");
    println!("  operations    {ops:>5} / {:<5} {:6.1}%", inv.operations.len(), pct(ops, inv.operations.len()));
    println!("  parameters    {params:>5} / {:<5} {:6.1}%", inv.parameters.len(), pct(params, inv.parameters.len()));
    println!(
        "  schema fields {fields:>5} / {:<5} {:6.1}%",
        inv.schema_fields.len(),
        pct(fields, inv.schema_fields.len())
    );
    Ok(())
}

/// Checks the pages `cargo doc` rendered: the crate page and
/// `ManagementClient`'s carry the index of operations by area, and
/// `ManagementClient`'s methods open with `builder` and `from_env` rather
/// than with the generated operations.
pub fn check_rendered(root: &Path) -> Result<()> {
    let dir = root.join("target/doc/genauth");
    let read =
        |page: &str| std::fs::read_to_string(dir.join(page)).with_context(|| format!("reading the rendered {page}"));
    let (crate_page, client_page) = (read("index.html")?, read("struct.ManagementClient.html")?);
    for (page, html) in [("index.html", &crate_page), ("struct.ManagementClient.html", &client_page)] {
        if !html.contains("id=\"operations-by-area\"") {
            bail!("{page} lacks the index of operations by area");
        }
    }
    let methods: Vec<&str> =
        client_page.split("id=\"method.").skip(1).filter_map(|rest| rest.split('"').next()).take(2).collect();
    if methods != ["builder", "from_env"] {
        bail!("ManagementClient's page opens with {methods:?}, not with builder and from_env");
    }
    println!("rendered docs: index of operations present, ManagementClient opens with builder and from_env");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_runs_are_found_in_both_languages() {
        let s = Shingles::of(&[
            "Delete users through user ID list, support batch deletion, can choose".to_owned(),
            "通过用户 ID 列表，删除用户，支持批量删除，可以选择指定用户 ID 类型等".to_owned(),
        ]);
        assert!(s.copied("We delete users through user ID list, support batch deletion twice").is_some());
        assert!(s.copied("Removes up to 50 users in one call.").is_none());
        assert!(s.copied("见：删除用户，支持批量删除，可以选择指定用户").is_some());
        assert!(s.copied("删除用户").is_none());
    }
}
