//! Finding things in progenitor's output.

use std::collections::HashMap;

/// The items of the inline module `name` among `items`.
pub fn module_mut<'a>(items: &'a mut [syn::Item], name: &str) -> &'a mut Vec<syn::Item> {
    items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .unwrap_or_else(|| panic!("progenitor's output has no module `{name}`"))
}

/// The first type argument of a path type: `T` in `Result<T, E>` or `Option<T>`.
pub fn first_type_arg(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The named fields of every struct among `items`, by struct name.
pub fn struct_fields(items: &[syn::Item]) -> HashMap<String, Vec<(String, syn::Type)>> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), named_fields(&s.fields))),
            _ => None,
        })
        .collect()
}

/// The named fields of a struct, with their types.
pub fn named_fields(fields: &syn::Fields) -> Vec<(String, syn::Type)> {
    match fields {
        syn::Fields::Named(named) => {
            named.named.iter().map(|f| (f.ident.as_ref().expect("named").to_string(), f.ty.clone())).collect()
        }
        _ => Vec::new(),
    }
}
