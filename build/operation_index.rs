//! The operations by API area, for the crate docs and `ManagementClient`'s
//! page, and search aliases on every operation method.
//!
//! rustdoc lists `ManagementClient`'s 500 methods in one run, in spec order,
//! and its search looks at names and aliases, not at summaries. So the
//! index groups the methods under their area (the spec's first tag), one
//! line each with its summary from our docs, and every method gets aliases
//! made from its operation id: the verb with each word after it, and with
//! that word's singular (`removeGroupMembers` is found as "remove member",
//! "remove members", "remove group" and "remove group members").

use crate::areas::Area;
use crate::operation_table::Operation;
use crate::spec_util;
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The index as Markdown, headed at `level` (1 for `#`). Areas come in the
/// order of their features, operations by method name.
pub fn markdown(spec: &Value, ops: &[Operation], areas: &[Area], level: usize) -> String {
    let summaries: HashMap<&str, &str> = spec_util::operations(spec)
        .map(|op| (spec_util::operation_id(op), op["summary"].as_str().unwrap_or_default()))
        .collect();
    let mut by_tag: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in ops {
        by_tag.entry(op.tag.as_str()).or_default().push(op);
    }
    let heading = "#".repeat(level);
    let mut out = format!(
        "{heading} Operations by area\n\n\
         Every operation of this build, under its API area (its cargo feature in \
         parentheses). Each is a method of [`ManagementClient`](crate::ManagementClient) \
         returning a request builder.\n"
    );
    for area in areas {
        let Some(ops) = by_tag.get(area.tag.as_str()) else { continue };
        out.push_str(&format!("\n{heading}# {} (`{}`)\n\n", area.tag, area.feature));
        for op in ops {
            let summary = one_line(summaries.get(op.id.as_str()).copied().unwrap_or_default());
            out.push_str(&format!("- [`{name}`](crate::ManagementClient::{name}): {summary}\n", name = op.rust_name));
        }
    }
    out
}

/// A summary as one line of a Markdown list.
fn one_line(summary: &str) -> String {
    summary.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Search aliases for an operation id.
fn aliases(operation_id: &str) -> BTreeSet<String> {
    let snake = operation_id.to_snake_case();
    let words: Vec<&str> = snake.split('_').collect();
    let mut out = BTreeSet::new();
    let Some((verb, rest)) = words.split_first() else { return out };
    if rest.is_empty() {
        return out;
    }
    out.insert(words.join(" "));
    for word in rest {
        out.insert(format!("{verb} {word}"));
        if let Some(singular) = singular(word) {
            out.insert(format!("{verb} {singular}"));
        }
    }
    out
}

/// `members` → `member`, `policies` → `policy`; `None` for a word that is
/// not a plain English plural.
fn singular(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix("ies") {
        return (!stem.is_empty()).then(|| format!("{stem}y"));
    }
    if ["ss", "us", "is"].iter().any(|end| word.ends_with(end)) || word.len() < 4 {
        return None;
    }
    word.strip_suffix('s').map(str::to_owned)
}

/// Adds the index to the docs of the generated `Client` and the aliases to
/// its operation methods.
pub fn apply(file: &mut syn::File, ops: &[Operation], index: &str) {
    let ids: HashMap<&str, &str> = ops.iter().map(|op| (op.rust_name.as_str(), op.id.as_str())).collect();
    for item in file.items.iter_mut() {
        match item {
            syn::Item::Struct(s) if s.ident == "Client" => {
                s.attrs.push(syn::parse_quote!(#[doc = ""]));
                s.attrs.push(syn::parse_quote!(#[doc = #index]));
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() && crate::syn_util::is_named(&imp.self_ty, "Client") => {
                for member in imp.items.iter_mut() {
                    let syn::ImplItem::Fn(f) = member else { continue };
                    let Some(id) = ids.get(f.sig.ident.to_string().as_str()) else { continue };
                    let aliases = aliases(id);
                    if aliases.is_empty() {
                        continue;
                    }
                    let aliases = aliases.iter();
                    f.attrs.push(syn::parse_quote!(#[doc(alias(#(#aliases),*))]));
                }
            }
            _ => {}
        }
    }
}
