//! A setter on the operation's builder for every top-level body field, so a
//! body is written `client.create_user().email("a@x").send()` rather than
//! through `body_map(|b| ..)`.
//!
//! The setter of a field takes what converts into the field's type:
//!
//! - a scalar (string, number, boolean, JSON value, map): `impl Into<T>`;
//! - a generated enum or object: `impl TryInto<T>`, so an enum also takes its
//!   wire string and an object also takes its builder (`T::builder()..`); a
//!   value that does not convert is refused at `send()`, naming the field;
//! - a list: any `IntoIterator` of items that convert as above.
//!
//! An optional field takes the plain value too; the setter wraps it.
//!
//! Names: a setter is named like the body builder's own setter (typify's
//! snake-case field name, `type_` for `type`). Where that name is already a
//! method of the operation's builder (a path or query parameter, or a typed
//! reference such as `.users(UserIds)`), the existing method keeps it and the
//! body field's setter is `body_<name>` instead.
//!
//! The pass also writes, into each operation method's docs, which fields and
//! parameters are required and the values each enum field takes.

use crate::send_wrappers::Builder;
use crate::syn_util;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeSet, HashMap};

/// How a field's setter converts what it is given.
enum Shape {
    /// `impl Into<T>`.
    Scalar(syn::Type),
    /// `impl TryInto<T>`, for generated enums and objects.
    Generated(syn::Type),
    /// A list of items of either shape: `(item type, item is generated)`.
    List(syn::Type, bool),
}

/// One top-level field of a body: its setter's name, the body builder's
/// setter, its JSON name, shape and docs.
struct Field {
    setter: syn::Ident,
    body_setter: syn::Ident,
    json: String,
    shape: Shape,
    optional: bool,
    required: bool,
    docs: Vec<syn::Attribute>,
}

/// Adds the setters and the operations' field docs; `builders` maps
/// `rust_name` to the operation's builder.
///
/// `parameters` maps `(rust_name, parameter's Rust name)` to the spec's name
/// (see `operation_table::parameter_names`).
pub fn apply(file: &mut syn::File, builders: &HashMap<String, Builder>, parameters: &HashMap<(&str, String), String>) {
    let catalogue = syn_util::Catalogue::read(syn_util::module_mut(&mut file.items, "types"));
    let taken = syn_util::methods_by_builder(&file.items);

    let mut setters: Vec<syn::Item> = Vec::new();
    let mut op_docs: HashMap<String, OperationDocs> = HashMap::new();
    let mut names: Vec<&String> = builders.keys().collect();
    names.sort();
    for rust_name in names {
        let builder = &builders[rust_name];
        let taken = taken.get(&builder.name.to_string());
        let body = syn_util::body_type(&builder.fields);
        let fields = body.as_deref().map(|body| fields(&catalogue, body, taken)).unwrap_or_default();
        let json = |rust: &str| parameters.get(&(rust_name.as_str(), rust.to_owned())).cloned();
        let usage = fields.iter().filter(|f| f.required).map(|f| format!("    .{0}({0})\n", f.setter)).collect();
        op_docs.insert(
            rust_name.clone(),
            OperationDocs { lines: operation_docs(&catalogue, builder, &fields, json), usage },
        );
        if fields.is_empty() {
            continue;
        }
        let name = &builder.name;
        let methods = fields.iter().map(setter);
        setters.push(syn::parse_quote! {
            impl<'a> #name<'a> {
                #(#methods)*
            }
        });
    }
    syn_util::module_mut(&mut file.items, "builder").extend(setters);
    add_operation_docs(file, &op_docs);
}

fn fields(catalogue: &syn_util::Catalogue, body: &str, taken: Option<&BTreeSet<String>>) -> Vec<Field> {
    let Some(fields) = catalogue.structs.get(body) else { return Vec::new() };
    let required = catalogue.required.get(body);
    fields
        .iter()
        .map(|f| {
            let (inner, optional) = match syn_util::option_inner(&f.ty) {
                Some(inner) => (inner.clone(), true),
                None => (f.ty.clone(), false),
            };
            let shape = match syn_util::vec_item(&inner) {
                Some(item) => Shape::List(catalogue.qualify(item), catalogue.is_generated(item)),
                None if catalogue.is_generated(&inner) => Shape::Generated(catalogue.qualify(&inner)),
                None => Shape::Scalar(catalogue.qualify(&inner)),
            };
            let plain = f.rust.trim_end_matches('_');
            let setter = if taken.is_some_and(|t| t.contains(&f.rust)) {
                format_ident!("body_{}", plain)
            } else {
                format_ident!("{}", f.rust)
            };
            Field {
                setter,
                body_setter: format_ident!("{}", f.rust),
                json: f.json.clone(),
                shape,
                optional,
                required: required.is_some_and(|r| r.contains(&f.rust)),
                docs: f.docs.clone(),
            }
        })
        .collect()
}

fn setter(field: &Field) -> TokenStream {
    let Field { setter, body_setter, json, .. } = field;
    let docs = &field.docs;
    let status = if field.required {
        "Required: a request without it is refused before sending."
    } else {
        "Optional (pass the value itself, not an `Option`)."
    };
    let wrap = |value: TokenStream| if field.optional { quote!(Some(#value)) } else { value };
    match &field.shape {
        Shape::Scalar(ty) => {
            let value = wrap(quote!(value));
            quote! {
                #(#docs)*
                #[doc = ""]
                #[doc = #status]
                pub fn #setter(self, value: impl ::std::convert::Into<#ty>) -> Self {
                    let value: #ty = value.into();
                    self.body_map(move |body| body.#body_setter(#value))
                }
            }
        }
        Shape::Generated(ty) => {
            let value = wrap(quote!(crate::setters::convert::<#ty, _>(#json, value)?));
            quote! {
                #(#docs)*
                #[doc = ""]
                #[doc = #status]
                pub fn #setter<V>(mut self, value: V) -> Self
                where
                    V: ::std::convert::TryInto<#ty>,
                    V::Error: ::std::fmt::Display,
                {
                    self.body = self.body.and_then(|body| Ok(body.#body_setter(#value)));
                    self
                }
            }
        }
        Shape::List(item, generated) => {
            let (bound, collect) = if *generated {
                (
                    quote!(V: ::std::convert::TryInto<#item>, V::Error: ::std::fmt::Display),
                    wrap(quote!(crate::setters::convert_all::<#item, _, _>(#json, values)?)),
                )
            } else {
                (
                    quote!(V: ::std::convert::Into<#item>),
                    wrap(
                        quote!(values.into_iter().map(::std::convert::Into::into).collect::<::std::vec::Vec<#item>>()),
                    ),
                )
            };
            quote! {
                #(#docs)*
                #[doc = ""]
                #[doc = #status]
                pub fn #setter<I, V>(mut self, values: I) -> Self
                where
                    I: ::std::iter::IntoIterator<Item = V>,
                    #bound,
                {
                    self.body = self.body.and_then(|body| Ok(body.#body_setter(#collect)));
                    self
                }
            }
        }
    }
}

/// Lines for an operation's docs: its required fields and parameters, and
/// the values of its enum fields.
fn operation_docs(
    catalogue: &syn_util::Catalogue,
    builder: &Builder,
    fields: &[Field],
    json: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut required: Vec<String> = Vec::new();
    let mut enums: Vec<String> = Vec::new();
    let mut note_enum = |json: &str, ty: &syn::Type| {
        if let Some(values) = catalogue.enum_values(ty) {
            let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            enums.push(format!("- `{json}`: {}", values.join(", ")));
        }
    };
    for (name, ty) in &builder.fields {
        if name == "client" || name == "body" {
            continue;
        }
        // A parameter field is `Result<T, String>`; `T` is an `Option` unless required.
        let Some(ty) = syn_util::first_type_arg(ty) else { continue };
        let json = json(name).unwrap_or_else(|| name.clone());
        match syn_util::option_inner(ty) {
            Some(inner) => note_enum(&json, inner),
            None => {
                required.push(format!("`{json}`"));
                note_enum(&json, ty);
            }
        }
    }
    for field in fields {
        if field.required {
            required.push(format!("`{}`", field.json));
        }
        match &field.shape {
            Shape::Generated(ty) | Shape::List(ty, true) => note_enum(&field.json, ty),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    if !required.is_empty() {
        let which = if required.len() == 1 { "it" } else { "one of them" };
        lines.push(format!(
            "**Required:** {}. A request without {which} is refused before sending.",
            required.join(", ")
        ));
    }
    if !enums.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("**Values** the enum fields take:".to_owned());
        lines.extend(enums);
    }
    lines
}

/// What the pass adds to an operation method's docs.
struct OperationDocs {
    /// Paragraphs appended to the docs.
    lines: Vec<String>,
    /// The body's part of progenitor's usage snippet: the required fields'
    /// setters, one line each, in place of its `.body(body)`.
    usage: String,
}

/// Appends each operation's lines to the docs of its method on `Client`, and
/// shows the flat setters in its usage snippet.
fn add_operation_docs(file: &mut syn::File, docs: &HashMap<String, OperationDocs>) {
    for item in file.items.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || !syn_util::is_named(&imp.self_ty, "Client") {
            continue;
        }
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else { continue };
            let Some(op) = docs.get(&f.sig.ident.to_string()) else { continue };
            for attr in f.attrs.iter_mut().filter(|a| a.path().is_ident("doc")) {
                let syn::Meta::NameValue(nv) = &mut attr.meta else { continue };
                let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &mut nv.value else { continue };
                if text.value().contains("    .body(body)\n") {
                    *text = syn::LitStr::new(&text.value().replace("    .body(body)\n", &op.usage), text.span());
                }
            }
            if op.lines.is_empty() {
                continue;
            }
            let at = f.attrs.iter().rposition(|a| a.path().is_ident("doc")).map_or(0, |i| i + 1);
            let attrs = std::iter::once(String::new()).chain(op.lines.iter().cloned()).map(|line| {
                let attr: syn::Attribute = syn::parse_quote!(#[doc = #line]);
                attr
            });
            f.attrs.splice(at..at, attrs);
        }
    }
}
