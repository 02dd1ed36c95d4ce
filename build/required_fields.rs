//! Names a missing required field the way the wire does.
//!
//! typify's body builders start each required field as
//! `Err("no value supplied for type_")`, and progenitor's operation builders
//! each required parameter as `Err("user_id was not initialized")`: Rust
//! names, in two phrasings. This pass rewrites both to
//! `missing required field "type"` and `missing required parameter "userId"`,
//! with the spec's names. (`send()` prefixes the operation id.)

use crate::send_wrappers::Builder;
use crate::syn_util;
use std::collections::HashMap;

/// Rewrites the messages; `parameters` maps `(rust_name, parameter's Rust
/// name)` to the spec's name (see `operation_table::parameter_names`).
pub fn apply(file: &mut syn::File, builders: &HashMap<String, Builder>, parameters: &HashMap<(&str, String), String>) {
    let types = syn_util::module_mut(&mut file.items, "types");
    let catalogue = syn_util::Catalogue::read(types);
    // typify emits `types::builder` only when some struct has a builder,
    // which a build with few areas may lack.
    if let Some(body_builders) = types.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) {
        for imp in impls_mut(body_builders) {
            let Some(fields) = type_name(imp).and_then(|name| catalogue.structs.get(&name)) else { continue };
            let json: HashMap<&str, &str> = fields.iter().map(|f| (f.rust.as_str(), f.json.as_str())).collect();
            rewrite(imp, "default", |rust| json.get(rust).map(|j| format!("missing required field \"{j}\"")));
        }
    }

    let rust_names: HashMap<String, &str> =
        builders.iter().map(|(rust_name, b)| (b.name.to_string(), rust_name.as_str())).collect();
    for imp in impls_mut(syn_util::module_mut(&mut file.items, "builder")) {
        let Some(&op) = type_name(imp).and_then(|name| rust_names.get(&name)) else { continue };
        rewrite(imp, "new", |rust| {
            let json = parameters.get(&(op, rust.to_owned())).map_or(rust, String::as_str);
            Some(format!("missing required parameter \"{json}\""))
        });
    }
}

fn impls_mut(items: &mut [syn::Item]) -> impl Iterator<Item = &mut syn::ItemImpl> {
    items.iter_mut().filter_map(|item| match item {
        syn::Item::Impl(imp) => Some(imp),
        _ => None,
    })
}

fn type_name(imp: &syn::ItemImpl) -> Option<String> {
    let syn::Type::Path(p) = imp.self_ty.as_ref() else { return None };
    Some(p.path.segments.last()?.ident.to_string())
}

/// In the `Self { .. }` that the method `constructor` of `imp` returns,
/// replaces every `field: Err(..)` with `field: Err(message(field))`.
fn rewrite(imp: &mut syn::ItemImpl, constructor: &str, message: impl Fn(&str) -> Option<String>) {
    let Some(body) = imp.items.iter_mut().find_map(|member| match member {
        syn::ImplItem::Fn(f) if f.sig.ident == constructor => Some(&mut f.block),
        _ => None,
    }) else {
        return;
    };
    let Some(syn::Stmt::Expr(syn::Expr::Struct(init), _)) = body.stmts.last_mut() else { return };
    for field in init.fields.iter_mut() {
        let syn::Member::Named(name) = &field.member else { continue };
        let syn::Expr::Call(call) = &mut field.expr else { continue };
        if !matches!(call.func.as_ref(), syn::Expr::Path(f) if f.path.is_ident("Err")) {
            continue;
        }
        if let Some(message) = message(&name.to_string()) {
            call.args = syn::parse_quote!(#message.to_string());
        }
    }
}
