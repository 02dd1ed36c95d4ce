//! Makes every type an answer can hold decode what a drifting service sends
//! (the policy is described under "Tolerant responses" in the crate docs).
//!
//! The pass works on typify's `types` module by rule, whatever the types are
//! called. Starting from the response schemas of the spec's operations, it
//! walks the field and variant types to every type an answer can contain, and:
//!
//! - gives each string enum an `Unknown(String)` variant, with a hand-written
//!   `Deserialize` that matches the string once (no buffering) and
//!   `Serialize`/`Display` that write the string as it came;
//! - gives each plain field of a struct `default` and `deserialize_with`
//!   attributes that turn an absence or a `null` into the type's zero value,
//!   and each type a `Default` if it lacks one; a list field (and a union's
//!   list variant) also leaves out its `null` items;
//! - decodes each untagged union by the shape of the value rather than by
//!   the first variant that happens to decode (with absent fields tolerated,
//!   the first struct variant would take every object);
//! - lets a validated newtype (an integer enum) hold a value it does not list.
//!
//! Types only requests use are left exactly as typify wrote them. Every
//! correction is reported at run time by `crate::tolerant`, which names the
//! type and field through the table this pass appends (`TOLERANT_FIELDS`).

use crate::{spec_util, syn_util};
use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use syn::visit::Visit;

/// Applies the policy to `file`'s `types` module and appends the field table
/// and, for the mutation test, a decoder by response schema name.
pub fn apply(file: &mut syn::File, spec: &Value) {
    let responses = response_types(spec);
    let types = syn_util::module_mut(&mut file.items, "types");
    let index = TypeIndex::new(types);
    let reachable = index.reachable(responses.iter().map(|(_, ty)| ty.to_string()));

    let opened: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) if is_string_enum(e) && reachable.contains(&e.ident.to_string()) => {
                Some(e.ident.to_string())
            }
            _ => None,
        })
        .collect();
    // typify's `Display` of an opened enum knows only the listed values; the
    // one `string_enum` adds writes any.
    types.retain(|item| !matches!(item, syn::Item::Impl(imp) if is_display_of(imp, &opened)));

    // The types an unlisted value can come in: opened enums, validated
    // newtypes, and unions with one of those among their variants. A field
    // that holds one names itself while it decodes.
    let validated: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) => deserialize_impl_of(imp).map(|name| name.to_string()),
            _ => None,
        })
        .filter(|name| reachable.contains(name) && index.newtypes.contains_key(name.as_str()))
        .collect();
    let mut enumlike: BTreeSet<String> = opened.union(&validated).cloned().collect();
    let unions: Vec<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) if is_untagged(&e.attrs) => Some(e.ident.to_string()),
            _ => None,
        })
        .filter(|name| index.references.get(name).is_some_and(|refs| !refs.is_disjoint(&enumlike)))
        .collect();
    enumlike.extend(unions);

    let mut fields = Vec::new();
    // Each type's new impls follow it, where typify put its others.
    for mut item in std::mem::take(types) {
        let mut added = Vec::new();
        match &mut item {
            syn::Item::Enum(e) if reachable.contains(&e.ident.to_string()) => {
                if opened.contains(&e.ident.to_string()) {
                    added = string_enum(e, index.has_default(&e.ident));
                } else if is_untagged(&e.attrs) {
                    added = union(e, &index);
                }
            }
            syn::Item::Struct(s) if reachable.contains(&s.ident.to_string()) => {
                remove_deny_unknown_fields(&mut s.attrs);
                if !index.has_default(&s.ident) {
                    add_derive(&mut s.attrs, quote!(Default));
                }
                correct_fields(s, &enumlike, &mut fields);
            }
            _ => {}
        }
        types.push(item);
        types.extend(added.into_iter().map(|tokens| syn::parse2::<syn::Item>(tokens).expect("generated impls parse")));
    }
    // Validated newtypes: typify's hand-written `Deserialize` refuses values
    // outside the list; ours keeps them.
    for item in types.iter_mut() {
        if let syn::Item::Impl(imp) = item
            && let Some(name) = deserialize_impl_of(imp)
            && validated.contains(&name.to_string())
            && let Some(inner) = index.newtype_inner(&name)
        {
            *item = newtype_deserialize(&name, inner);
        }
    }

    let rows = fields.iter().map(|(ty, field)| quote!((#ty, #field)));
    file.items.push(syn::parse_quote! {
        /// `(type, field)` of every field an answer may omit or send as `null`
        /// against the spec, or that holds an enum; `crate::tolerant` names
        /// them in its warnings.
        pub(crate) static TOLERANT_FIELDS: &[(&str, &str)] = &[#(#rows),*];
    });
    file.items.push(decoder(&responses));
}

/// The response schema of every operation and every component schema they
/// refer to, at any depth, by spec name, with its Rust type.
fn response_types(spec: &Value) -> Vec<(String, syn::Ident)> {
    let mut todo: Vec<&str> = spec_util::operations(spec)
        .map(|op| {
            let schema = op
                .pointer("/responses/200/content/application~1json/schema")
                .unwrap_or_else(|| panic!("{}: no JSON answer in the spec", spec_util::operation_id(op)));
            spec_util::ref_name(schema).unwrap_or_else(|| {
                panic!(
                    "{}: the answer is not a named schema, so it has no type to make tolerant",
                    spec_util::operation_id(op)
                )
            })
        })
        .collect();
    let mut names = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if names.insert(name) {
            let schema = spec.pointer(&format!("/components/schemas/{name}"));
            references(schema.unwrap_or_else(|| panic!("no component schema {name}")), &mut todo);
        }
    }
    // typify names a component after its schema name in PascalCase.
    names.into_iter().map(|name| (name.to_owned(), format_ident!("{}", name.to_pascal_case()))).collect()
}

/// Pushes the name of every component `schema` refers to onto `out`.
fn references<'a>(schema: &'a Value, out: &mut Vec<&'a str>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
                out.push(name);
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// What the pass needs to know of the `types` module before changing it.
struct TypeIndex {
    /// The types each type's fields or variants name, by type name.
    references: HashMap<String, BTreeSet<String>>,
    /// Types with a `Default` of their own (derived or implemented).
    defaults: BTreeSet<String>,
    /// Tuple structs and the one type they wrap.
    newtypes: HashMap<String, syn::Type>,
    /// A union variant's shape, by the type name it wraps.
    shapes: HashMap<String, TokenStream>,
}

impl TypeIndex {
    fn new(items: &[syn::Item]) -> Self {
        let names: BTreeSet<String> = items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                _ => None,
            })
            .collect();
        let mut index = TypeIndex {
            references: HashMap::new(),
            defaults: BTreeSet::new(),
            newtypes: HashMap::new(),
            shapes: HashMap::new(),
        };
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    let mut named = Names { known: &names, found: BTreeSet::new() };
                    named.visit_fields(&s.fields);
                    index.references.insert(s.ident.to_string(), named.found);
                    if derives(&s.attrs, "Default") {
                        index.defaults.insert(s.ident.to_string());
                    }
                    if let syn::Fields::Unnamed(unnamed) = &s.fields
                        && let [only] = unnamed.unnamed.iter().collect::<Vec<_>>()[..]
                    {
                        index.newtypes.insert(s.ident.to_string(), only.ty.clone());
                    }
                    if let syn::Fields::Named(named) = &s.fields {
                        let keys = named.named.iter().map(wire_name);
                        index.shapes.insert(s.ident.to_string(), quote!(crate::tolerant::Shape::Object(&[#(#keys),*])));
                    }
                }
                syn::Item::Enum(e) => {
                    let mut named = Names { known: &names, found: BTreeSet::new() };
                    for variant in &e.variants {
                        named.visit_fields(&variant.fields);
                    }
                    index.references.insert(e.ident.to_string(), named.found);
                    if is_string_enum(e) {
                        index.shapes.insert(e.ident.to_string(), quote!(crate::tolerant::Shape::String));
                    }
                }
                syn::Item::Impl(imp)
                    if imp.trait_.as_ref().is_some_and(|(_, path, _)| last_ident(path) == "Default") =>
                {
                    if let syn::Type::Path(p) = imp.self_ty.as_ref() {
                        index.defaults.insert(last_ident(&p.path));
                    }
                }
                _ => {}
            }
        }
        index
    }

    /// Every type reachable from `roots` through fields and variants.
    fn reachable(&self, roots: impl Iterator<Item = String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = roots.collect();
        while let Some(name) = todo.pop() {
            let Some(refs) = self.references.get(&name) else {
                panic!("the spec's response schema {name} has no generated type")
            };
            if seen.insert(name) {
                todo.extend(refs.iter().cloned());
            }
        }
        seen
    }

    fn has_default(&self, name: &syn::Ident) -> bool {
        self.defaults.contains(&name.to_string())
    }

    fn newtype_inner(&self, name: &syn::Ident) -> Option<&syn::Type> {
        self.newtypes.get(&name.to_string())
    }

    /// The JSON shape a value of `ty` has, for picking a union's variant.
    fn shape(&self, ty: &syn::Type) -> TokenStream {
        let syn::Type::Path(p) = ty else { return quote!(crate::tolerant::Shape::Any) };
        let name = last_ident(&p.path);
        match name.as_str() {
            "String" => quote!(crate::tolerant::Shape::String),
            "i64" | "u64" | "f64" | "i32" | "u32" | "f32" => quote!(crate::tolerant::Shape::Number),
            "bool" => quote!(crate::tolerant::Shape::Bool),
            "Vec" => quote!(crate::tolerant::Shape::Array),
            "Map" => quote!(crate::tolerant::Shape::Object(&[])),
            _ => match (self.shapes.get(&name), self.newtypes.get(&name)) {
                (Some(shape), _) => shape.clone(),
                (None, Some(inner)) => self.shape(inner),
                (None, None) => quote!(crate::tolerant::Shape::Any),
            },
        }
    }
}

/// Collects the names of `known` types that a piece of syntax mentions.
struct Names<'a> {
    known: &'a BTreeSet<String>,
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        let name = segment.ident.to_string();
        if self.known.contains(&name) {
            self.found.insert(name);
        }
        syn::visit::visit_path_segment(self, segment);
    }
}

fn last_ident(path: &syn::Path) -> String {
    path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

/// A string enum: unit variants only (typify's form for `enum` of strings).
fn is_string_enum(e: &syn::ItemEnum) -> bool {
    !e.variants.is_empty() && e.variants.iter().all(|v| matches!(v.fields, syn::Fields::Unit)) && !is_untagged(&e.attrs)
}

fn is_untagged(attrs: &[syn::Attribute]) -> bool {
    serde_flags(attrs).iter().any(|flag| flag == "untagged")
}

/// The bare words inside `#[serde(..)]` attributes (`untagged`, `default`, ...).
fn serde_flags(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut flags = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(ident) = meta.path.get_ident() {
                flags.push(ident.to_string());
            }
            if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    flags
}

fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    derive_paths(attrs).iter().any(|path| last_ident(path) == name)
}

fn derive_paths(attrs: &[syn::Attribute]) -> Vec<syn::Path> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .flat_map(|a| {
            a.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .expect("derive lists parse")
        })
        .collect()
}

/// Rewrites the derive list without the derives named in `drop`, where it
/// was: serde's helper attributes must follow the derive that brings them.
fn remove_derives(attrs: &mut Vec<syn::Attribute>, drop: &[&str]) {
    let kept: Vec<syn::Path> =
        derive_paths(attrs).into_iter().filter(|path| !drop.contains(&last_ident(path).as_str())).collect();
    let at = attrs.iter().position(|a| a.path().is_ident("derive")).expect("typify derives");
    attrs.retain(|a| !a.path().is_ident("derive"));
    attrs.insert(at, syn::parse_quote!(#[derive(#(#kept),*)]));
}

fn add_derive(attrs: &mut Vec<syn::Attribute>, derive: TokenStream) {
    attrs.push(syn::parse_quote!(#[derive(#derive)]));
}

/// typify writes `#[serde(deny_unknown_fields)]` for closed objects; an
/// answer may carry fields the spec does not know, and they are ignored.
fn remove_deny_unknown_fields(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain(|a| !(a.path().is_ident("serde") && serde_flags(std::slice::from_ref(a)) == ["deny_unknown_fields"]));
}

/// A field's name in JSON.
fn wire_name(field: &syn::Field) -> String {
    syn_util::serde_rename(&field.attrs)
        .unwrap_or_else(|| field.ident.as_ref().expect("named field").to_string().trim_start_matches("r#").to_owned())
}

/// Gives each plain field of `s` its corrections, and each field that holds
/// one of the `enumlike` types its name for warnings, recording `(type,
/// field)` in `table`; the attribute names the row by its index.
fn correct_fields(s: &mut syn::ItemStruct, enumlike: &BTreeSet<String>, table: &mut Vec<(String, String)>) {
    let syn::Fields::Named(named) = &mut s.fields else { return };
    for field in named.named.iter_mut() {
        let flags = serde_flags(&field.attrs);
        let names_itself = mentions(&field.ty, enumlike);
        let entry = (s.ident.to_string(), wire_name(field));
        let mut row = || {
            table.push(entry.clone());
            table.len() - 1
        };
        if syn_util::is_named(&field.ty, "Option") {
            // An optional field decodes an absence or a `null` as `None`. A
            // required nullable one does not: typify gives it
            // `deserialize_with = Option::deserialize`, for which an absence
            // is an error. (None of those holds an enum.)
            let attr = if flags.iter().any(|f| f == "deserialize_with") {
                if flags.iter().any(|f| f == "default") {
                    continue;
                }
                let absent = format!("crate::tolerant::absent::<{}, _>", row());
                quote!(#[serde(default = #absent)])
            } else if names_itself {
                // With `deserialize_with`, serde no longer treats an absent
                // `Option` as `None` by itself.
                let naming = format!("crate::tolerant::naming::<{}, _, _>", row());
                if flags.iter().any(|f| f == "default") {
                    quote!(#[serde(deserialize_with = #naming)])
                } else {
                    quote!(#[serde(default, deserialize_with = #naming)])
                }
            } else {
                continue;
            };
            field.attrs.push(syn::parse_quote!(#attr));
            continue;
        }
        let row = row();
        let helper = match (is_dense_list(&field.ty), names_itself) {
            (true, true) => "dense_naming",
            (true, false) => "dense",
            (false, true) => "non_null_naming",
            (false, false) => "non_null",
        };
        let non_null = format!("crate::tolerant::{helper}::<{row}, _, _>");
        // Optional lists carry typify's own `default`: absent is fine there.
        let attr = if flags.iter().any(|f| f == "default") {
            quote!(#[serde(deserialize_with = #non_null)])
        } else {
            let absent = format!("crate::tolerant::absent::<{row}, _>");
            quote!(#[serde(default = #absent, deserialize_with = #non_null)])
        };
        field.attrs.push(syn::parse_quote!(#attr));
    }
}

/// A list whose `null` items are left out: any but a list of untyped JSON
/// values, where `null` is a value like another.
fn is_dense_list(ty: &syn::Type) -> bool {
    syn_util::vec_item(ty).is_some_and(|item| !syn_util::is_named(item, "Value"))
}

/// Whether `ty` names one of `types` (as itself, or inside `Option`, `Vec`, ...).
fn mentions(ty: &syn::Type, types: &BTreeSet<String>) -> bool {
    let mut named = Names { known: types, found: BTreeSet::new() };
    named.visit_type(ty);
    !named.found.is_empty()
}

/// Turns a closed string enum into an open one; returns the impls to add.
fn string_enum(e: &mut syn::ItemEnum, has_default: bool) -> Vec<TokenStream> {
    let name = e.ident.clone();
    let type_name = name.to_string();
    let known: Vec<(syn::Ident, String)> = e
        .variants
        .iter()
        .map(|v| (v.ident.clone(), syn_util::serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string())))
        .collect();
    // serde's derives go (we write both by hand), and so does `Copy`: the
    // unknown variant owns its string.
    remove_derives(&mut e.attrs, &["Copy", "Deserialize", "Serialize"]);
    for v in e.variants.iter_mut() {
        v.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    e.variants.push(syn::parse_quote! {
        /// A value the spec does not list, as the service sent it. It displays
        /// and serializes exactly as received and equals no listed value;
        /// the crate logs a warning naming this type when it decodes one.
        Unknown(::std::string::String)
    });
    let idents: Vec<_> = known.iter().map(|(ident, _)| ident).collect();
    let strings: Vec<_> = known.iter().map(|(_, s)| s).collect();
    let mut impls = vec![
        quote! {
            impl #name {
                /// The value as it travels in JSON.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #strings,)*
                        Self::Unknown(value) => value,
                    }
                }
            }
        },
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::tolerant::enum_value(
                        deserializer,
                        #type_name,
                        |value| match value {
                            #(#strings => Some(Self::#idents),)*
                            _ => None,
                        },
                        Self::Unknown,
                    )
                }
            }
        },
    ];
    if !has_default {
        impls.push(quote! {
            /// The zero value an absent or `null` field decodes as: an empty unknown value.
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::Unknown(::std::string::String::new())
                }
            }
        });
    }
    impls
}

/// Whether `imp` is the `Display` of one of the types `names`.
fn is_display_of(imp: &syn::ItemImpl, names: &BTreeSet<String>) -> bool {
    let Some((_, path, _)) = &imp.trait_ else { return false };
    let syn::Type::Path(ty) = imp.self_ty.as_ref() else { return false };
    last_ident(path) == "Display" && names.contains(&last_ident(&ty.path))
}

/// Decodes an untagged union by shape; returns the impls to add.
fn union(e: &mut syn::ItemEnum, index: &TypeIndex) -> Vec<TokenStream> {
    let name = e.ident.clone();
    let type_name = name.to_string();
    remove_derives(&mut e.attrs, &["Deserialize"]);
    let variants: Vec<(syn::Ident, syn::Type)> = e
        .variants
        .iter()
        .map(|v| {
            let syn::Fields::Unnamed(f) = &v.fields else { panic!("{name}: union variants wrap one value") };
            (v.ident.clone(), f.unnamed[0].ty.clone())
        })
        .collect();
    let shapes = variants.iter().map(|(_, ty)| index.shape(ty));
    let decode = |(ident, ty): &(syn::Ident, syn::Type)| {
        if is_dense_list(ty) {
            quote!(crate::tolerant::dense_variant(#type_name, value).map(Self::#ident))
        } else {
            quote!(::serde_json::from_value(value).map(Self::#ident))
        }
    };
    let (last, rest) = variants.split_last().expect("a union has variants");
    let arms = rest.iter().enumerate().map(|(i, variant)| {
        let decode = decode(variant);
        quote!(#i => #decode,)
    });
    let last = decode(last);
    let first = &variants[0].0;
    vec![
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let decoded = match crate::tolerant::pick_variant(#type_name, &value, &[#(#shapes),*]) {
                        #(#arms)*
                        _ => #last,
                    };
                    decoded.map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        },
        quote! {
            /// The zero value an absent or `null` field decodes as: the first variant's.
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#first(::std::default::Default::default())
                }
            }
        },
    ]
}

/// The type a hand-written `impl Deserialize for T` is for.
fn deserialize_impl_of(imp: &syn::ItemImpl) -> Option<syn::Ident> {
    let (_, path, _) = imp.trait_.as_ref()?;
    if last_ident(path) != "Deserialize" {
        return None;
    }
    let syn::Type::Path(ty) = imp.self_ty.as_ref() else { return None };
    ty.path.segments.last().map(|s| s.ident.clone())
}

/// A newtype's `Deserialize` that keeps values its `TryFrom` refuses.
fn newtype_deserialize(name: &syn::Ident, inner: &syn::Type) -> syn::Item {
    let type_name = name.to_string();
    syn::parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <#inner as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::try_from(::std::clone::Clone::clone(&value)).unwrap_or_else(|_| {
                    crate::tolerant::unlisted(#type_name);
                    Self(value)
                }))
            }
        }
    }
}

/// For the mutation test: decodes a body as the type of the schema it names
/// (a response schema or any schema within one) and serializes the typed
/// value back.
fn decoder(responses: &[(String, syn::Ident)]) -> syn::Item {
    let arms = responses.iter().map(|(schema, ty)| {
        quote!(#schema => Some(::serde_json::from_slice::<types::#ty>(body).and_then(|typed| ::serde_json::to_value(&typed))),)
    });
    syn::parse_quote! {
        #[cfg(test)]
        pub(crate) fn decode_response(
            schema: &str,
            body: &[u8],
        ) -> ::std::option::Option<::serde_json::Result<::serde_json::Value>> {
            match schema {
                #(#arms)*
                _ => None,
            }
        }
    }
}
