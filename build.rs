//! Generates the API client from `spec/` at compile time.
//!
//! 1. `spec/openapi.json` (imported facts) is merged with `spec/docs/*.toml`
//!    (our own words) so that rustdoc shows our docs.
//! 2. Inline string enums that are one concept (the same field name with the
//!    same values in several places) become one shared schema
//!    (`build/shared_enums.rs`), on the whole spec so that names do not
//!    depend on the features.
//!    Each operation's description gets the `apiCode`s it is known to
//!    answer with (`build/error_docs.rs`, quoting `src/api_code.rs`).
//! 3. The operations of API areas whose cargo feature is off are dropped, and
//!    so are the schemas only they used (`spec/features.toml` maps features
//!    to the spec's tags). Every later pass sees the cut-down spec.
//! 4. progenitor turns the merged document into types, a `Client` and
//!    fluent request builders.
//! 5. A syn pass makes every type an answer can hold tolerant of drift
//!    (unknown enum values, absent or `null` required fields; see
//!    `build/tolerant.rs`), then cuts each builder's `send()` down to
//!    building the request and gives it a `send()` that hands the request
//!    to `crate::runtime`, which returns `Result<T, genauth::Error>`; it
//!    adds typed user/department
//!    reference setters, `chunked(..)` batch helpers and `into_paginator()`
//!    on list builders, a setter per top-level body field, typed role
//!    targets, wire names in the messages about missing required fields,
//!    and the index of operations by area with search aliases; it appends
//!    the operation table the runtime consults (array query parameters, item
//!    limits) and, for the `emulator` feature, a by-name dispatcher for the
//!    contract test.
//! 6. prettyplease formats the result into `$OUT_DIR/api.rs`.

// The client's apiCode catalogue, which the operations' docs quote.
#[allow(dead_code, reason = "the docs quote the codes' names and numbers; the client uses the rest")]
#[path = "src/api_code.rs"]
mod api_code;
#[path = "build/area_features.rs"]
mod area_features;
#[path = "build/areas.rs"]
mod areas;
#[path = "build/batches.rs"]
mod batches;
#[path = "build/contract_calls.rs"]
mod contract_calls;
#[path = "build/docs_files.rs"]
mod docs_files;
#[path = "build/error_docs.rs"]
mod error_docs;
#[path = "build/flat_setters.rs"]
mod flat_setters;
#[path = "build/id_refs.rs"]
mod id_refs;
#[path = "build/operation_index.rs"]
mod operation_index;
#[path = "build/operation_table.rs"]
mod operation_table;
#[path = "build/paginators.rs"]
mod paginators;
#[path = "build/required_fields.rs"]
mod required_fields;
#[path = "build/send_wrappers.rs"]
mod send_wrappers;
#[path = "build/shared_enums.rs"]
mod shared_enums;
#[path = "build/spec_docs.rs"]
mod spec_docs;
#[path = "build/spec_util.rs"]
mod spec_util;
#[path = "build/syn_util.rs"]
mod syn_util;
#[path = "build/targets.rs"]
mod targets;
#[path = "build/tolerant.rs"]
mod tolerant;

use std::path::Path;

/// Schemas the hand-written layer uses (`src/ids.rs`), kept whatever areas are on.
const HAND_WRITTEN_TYPES: &[&str] = &["UserIdType", "DepartmentIdType"];

/// `SPEC_AREAS`: every operation id of `spec` with its area (first tag),
/// sorted by id, for the emulator's registry to check itself against at
/// start-up without parsing the spec.
fn spec_areas(spec: &serde_json::Value) -> String {
    let mut rows: Vec<(String, String)> = spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|op| Some((op["operationId"].as_str()?.to_owned(), op["tags"][0].as_str()?.to_owned())))
        .collect();
    rows.sort();
    let rows: String = rows.iter().map(|(id, tag)| format!("    ({id:?}, {tag:?}),\n")).collect();
    format!(
        "/// Every operation of the spec and its area (its first tag), sorted by id.\n\
         pub(crate) static SPEC_AREAS: &[(&str, &str)] = &[\n{rows}];\n"
    )
}

/// `text` without the whitespace between JSON tokens, every other byte kept
/// as it is (key order, number spellings, escapes). The emulator embeds the
/// spec this way: whitespace is half of the pretty-printed file, and its
/// parse at start-up steps over every byte of it.
fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

fn main() {
    // Only the spec drives generation: a no-op rebuild must not rerun this
    // script. (Cargo reruns it by itself when the features change.)
    println!("cargo:rerun-if-changed=spec/openapi.json");
    println!("cargo:rerun-if-changed=spec/docs");
    println!("cargo:rerun-if-changed={}", areas::FILE);
    println!("cargo:rerun-if-changed=src/api_code.rs");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");

    let text = std::fs::read_to_string("spec/openapi.json").expect("reading spec/openapi.json");
    std::fs::write(Path::new(&out_dir).join("openapi.compact.json"), compact_json(&text))
        .expect("writing the compact spec");
    let mut spec: serde_json::Value = serde_json::from_str(&text).expect("parsing spec/openapi.json");
    // Docs are merged into the whole spec, so that docs for areas left out
    // of this build are still checked against it rather than reported missing.
    for warning in spec_docs::merge(&mut spec, Path::new("spec/docs")) {
        println!("cargo:warning={warning}");
    }
    shared_enums::apply(&mut spec);
    error_docs::apply(&mut spec);
    let areas = areas::read(Path::new(areas::FILE)).unwrap_or_else(|e| panic!("{e}"));
    // Of the whole spec: the emulator answers every operation, whatever
    // areas the client is built with.
    std::fs::write(Path::new(&out_dir).join("spec_areas.rs"), spec_areas(&spec)).expect("writing the spec's areas");
    let features_doc = Path::new(&out_dir).join("features.md");
    std::fs::write(&features_doc, area_features::docs_table(&spec, &areas)).expect("writing the features table");
    area_features::retain_enabled(&mut spec, &areas, area_features::enabled);
    area_features::prune_schemas(&mut spec, HAND_WRITTEN_TYPES);
    let operations = operation_table::collect(&spec);

    let api: openapiv3::OpenAPI =
        serde_json::from_value(spec.clone()).expect("spec/openapi.json is not a valid OpenAPI 3.0 document");
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        // The hooks are never called: `send()` hands the built request to
        // `crate::runtime` (see build/send_wrappers.rs).
        .with_hooks(progenitor::HooksMode::Optional)
        .with_inner_type(quote::quote!(crate::client::Inner));
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&api)
        .unwrap_or_else(|e| panic!("progenitor could not generate the client: {e}"));
    let mut file: syn::File = syn::parse2(tokens).expect("progenitor emitted invalid Rust");

    let builders = send_wrappers::apply(&mut file, &operations);
    let names = builders.iter().map(|(k, b)| (k.clone(), b.name.clone())).collect();
    id_refs::apply(&mut file, &spec, &operations, &names);
    batches::apply(&mut file, &spec, &operations, &builders);
    paginators::apply(&mut file, &builders);
    // After every pass that adds builder methods, so that setters yield to them.
    let parameters = operation_table::parameter_names(&spec, &operations);
    flat_setters::apply(&mut file, &builders, &parameters);
    targets::apply(&mut file, &builders);
    required_fields::apply(&mut file, &builders, &parameters);
    // Last among the passes that read the types: it replaces the enums'
    // serde attributes (which the passes above read for wire names) with
    // hand-written impls.
    tolerant::apply(&mut file, &spec);
    let index = operation_index::markdown(&spec, &operations, &areas, 1);
    std::fs::write(Path::new(&out_dir).join("operations.md"), &index).expect("writing the operation index");
    operation_index::apply(&mut file, &operations, &index);
    file.items.push(contract_calls::item(&spec, &operations, &builders));
    file.items.push(operation_table::table_item(&operations));

    let out = Path::new(&out_dir).join("api.rs");
    // progenitor's usage snippets are marked `ignore`, which rustdoc would
    // report as ignored tests; they are illustrations, so mark them as text.
    let code = prettyplease::unparse(&file).replace("```ignore", "```text");
    std::fs::write(&out, code).expect("writing the generated client");
}
