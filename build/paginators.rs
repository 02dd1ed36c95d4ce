//! `.into_paginator()` on the builder of every list operation.
//!
//! An operation is a listing when its request says which page to return and
//! its answer's `data` holds an array: `list` (or `data`) beside an optional
//! `totalCount`, or the bare array itself. Where the request names the page
//! varies: `page`/`limit` query parameters, `page`/`limit` body fields, a
//! body `pagination` object, `options.pagination`, or a `scrollId` plus
//! `size`.
//! Each listing's builder implements `crate::paginate::Pageable` for its way,
//! and the runtime (`src/paginate.rs`) does the rest the same for all.
//!
//! An operation whose request has page fields but whose answer holds no
//! array (a single record, or an untyped `list`) gets no paginator: there
//! would be no items to yield.

use crate::send_wrappers::Builder;
use crate::syn_util;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;
use syn::visit_mut::VisitMut;

/// Where a request carries its page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `page` and `limit` query parameters.
    Query,
    /// `page` and `limit` fields at the top of the body.
    Body,
    /// `page` and `limit` inside the body's `pagination` object.
    Pagination,
    /// `page` and `limit` inside the body's `options.pagination`.
    Options,
    /// `scrollId` and `size` at the top of the body.
    Scroll,
}

impl Style {
    /// The body fields leading to the object that holds the page fields.
    fn path(self) -> &'static [&'static str] {
        match self {
            Style::Query | Style::Body | Style::Scroll => &[],
            Style::Pagination => &["pagination"],
            Style::Options => &["options", "pagination"],
        }
    }

    /// The two fields that name a page: its position and its size.
    fn leaves(self) -> [&'static str; 2] {
        match self {
            Style::Scroll => ["scroll_id", "size"],
            _ => ["page", "limit"],
        }
    }

    fn doc(self) -> &'static str {
        match self {
            Style::Query => "Each request carries the page in the `page` and `limit` query parameters.",
            Style::Body => "Each request carries the page in the body's `page` and `limit` fields.",
            Style::Pagination => "Each request carries the page in the body's `pagination` object.",
            Style::Options => {
                "Each request carries the page in the body's `options.pagination`, beside \
                 the other options set on this builder."
            }
            Style::Scroll => {
                "Each request sends the `scrollId` the previous answer returned and asks \
                 for `size` rows; the scroll ends when an answer returns no `scrollId`, \
                 or no rows."
            }
        }
    }
}

/// The named fields of a struct, with their types.
type Fields = [(String, syn::Type)];
/// The named fields of every struct of a module, by struct name.
type Structs = HashMap<String, Vec<(String, syn::Type)>>;

/// A field on the way to a page field, and whether it is optional.
struct Step {
    field: syn::Ident,
    optional: bool,
}

/// How a listing's answer splits into a page.
struct Answer {
    item: syn::Type,
    page: TokenStream,
    has_total: bool,
}

/// Adds the paginators; `builders` maps `rust_name` to the operation's builder.
pub fn apply(file: &mut syn::File, builders: &HashMap<String, Builder>) {
    let types = syn_util::module_mut(&mut file.items, "types");
    let structs: Structs = syn_util::struct_fields(types);

    let mut builder_items: Vec<syn::Item> = Vec::new();
    let mut body_items: Vec<syn::Item> = Vec::new();
    let mut bodies_done: Vec<String> = Vec::new();
    let mut names: Vec<&String> = builders.keys().collect();
    names.sort();
    for rust_name in names {
        let builder = &builders[rust_name];
        let Some((style, body)) = style(builder, &structs) else { continue };
        let Some(answer) = builder.data.as_ref().and_then(|data| answer(data, style, &structs)) else { continue };
        let name = &builder.name;

        let (preset, at) = match &body {
            None => {
                let at = locate(style, &builder.fields, true, &structs);
                (preset(style, &at), assign(style, &at))
            }
            Some(body) => {
                if !bodies_done.contains(body) {
                    bodies_done.push(body.clone());
                    body_items.push(body_helpers(style, body, &structs));
                }
                (
                    quote!(self.body.as_ref().map(|body| body.paging_preset()).unwrap_or_default()),
                    quote!(self.body = self.body.map(|body| body.paging_at(cursor));),
                )
            }
        };
        let Answer { item, page, has_total } = answer;
        // The scroll's own sentence says when it ends.
        let ending = match (style, has_total) {
            (Style::Scroll, _) => None,
            (_, true) => Some("The stream ends once the listing's `totalCount` items have arrived."),
            (_, false) => Some("The answers carry no total, so the stream ends at the first empty page."),
        }
        .into_iter();
        let style_doc = style.doc();
        builder_items.push(syn::parse_quote! {
            impl<'a> #name<'a> {
                /// Pages through this listing as a stream of pages or of
                /// items; see [`Paginator`](crate::Paginator) for the page
                /// size and where paging starts.
                ///
                #[doc = #style_doc]
                #(#[doc = #ending])*
                pub fn into_paginator(self) -> crate::paginate::Paginator<Self> {
                    crate::paginate::Paginator::new(self)
                }
            }
        });
        builder_items.push(syn::parse_quote! {
            impl<'a> crate::paginate::private::Sealed for #name<'a> {}
        });
        builder_items.push(syn::parse_quote! {
            impl<'a> crate::paginate::Pageable for #name<'a> {
                type Item = #item;
                type Fetch = crate::paginate::BoxedFetch<'a, #item>;

                fn preset(&self) -> crate::paginate::Preset {
                    #preset
                }

                fn at(mut self, cursor: &crate::paginate::Cursor) -> Self {
                    #at
                    self
                }

                fn fetch(self) -> Self::Fetch {
                    ::std::boxed::Box::pin(async move {
                        let data = self.send().await?;
                        ::std::result::Result::Ok(#page)
                    })
                }
            }
        });
    }
    // The builders' fields are private to these modules, so the code that
    // reads and sets them goes there.
    syn_util::module_mut(&mut file.items, "builder").extend(builder_items);
    if !body_items.is_empty() {
        syn_util::module_mut(syn_util::module_mut(&mut file.items, "types"), "builder").extend(body_items);
    }
}

/// How the operation's request carries its page, and the type name of its
/// body when that is where.
fn style(builder: &Builder, structs: &Structs) -> Option<(Style, Option<String>)> {
    let holds =
        |style: Style, fields: &Fields| style.leaves().iter().all(|leaf| fields.iter().any(|(name, _)| name == leaf));
    if holds(Style::Query, &builder.fields) {
        return Some((Style::Query, None));
    }
    let (_, body_ty) = builder.fields.iter().find(|(n, _)| n == "body")?;
    let body = type_name(syn_util::first_type_arg(body_ty)?)?;
    let fields = structs.get(&body)?;
    let found = [Style::Scroll, Style::Body, Style::Pagination, Style::Options]
        .into_iter()
        .find(|style| walk(fields, style.path(), structs).is_some_and(|holder| holds(*style, holder)))?;
    Some((found, Some(body)))
}

/// The fields of the struct `path` leads to from a struct with `fields`.
fn walk<'s>(fields: &'s Fields, path: &[&str], structs: &'s Structs) -> Option<&'s Fields> {
    let Some((first, rest)) = path.split_first() else { return Some(fields) };
    let (_, ty) = fields.iter().find(|(n, _)| n == first)?;
    let inner = option_inner(ty).unwrap_or(ty);
    walk(structs.get(&type_name(inner)?)?, rest, structs)
}

/// The steps from a builder to the object that holds the page fields, and
/// the two page fields on it. The first step (a leaf, when the path is
/// empty) is a field of the builder, `Result`-wrapped; the rest are fields
/// of plain structs.
struct Location {
    path: Vec<Step>,
    leaves: [Step; 2],
}

/// Finds the page fields of `style`, starting from `fields`: a builder's
/// (`wrapped`, as `Result<T, String>`) or a body struct's.
fn locate(style: Style, fields: &Fields, wrapped: bool, structs: &Structs) -> Location {
    let mut path = Vec::new();
    let mut fields = fields;
    for name in style.path() {
        path.push(step(fields, name, false));
        fields = walk(fields, &[name], structs).expect("the style was found along this path");
    }
    let leaves = style.leaves().map(|leaf| step(fields, leaf, wrapped));
    Location { path, leaves }
}

/// The field `name` among `fields`, and whether it is optional.
fn step(fields: &Fields, name: &str, wrapped: bool) -> Step {
    let (_, ty) = fields.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no field {name}"));
    let ty = if wrapped { syn_util::first_type_arg(ty).expect("builder fields are Result<T, String>") } else { ty };
    Step { field: format_ident!("{}", name), optional: option_inner(ty).is_some() }
}

/// `Preset::pages(..)` or `Preset::scroll(..)`, reading the page fields from `self`.
fn preset(style: Style, at: &Location) -> TokenStream {
    let [position, size] = &at.leaves;
    let (position, size) = (read(&at.path, position), read(&at.path, size));
    match style {
        Style::Scroll => quote!(crate::paginate::Preset::scroll(#position, #size)),
        _ => quote!(crate::paginate::Preset::pages(#position, #size)),
    }
}

/// `Option<&T>` for the field `leaf` at the end of `path`, read from `self`.
fn read(path: &[Step], leaf: &Step) -> TokenStream {
    let mut steps = path.iter().chain(std::iter::once(leaf));
    let first = steps.next().expect("a chain holds its leaf");
    let field = &first.field;
    let mut expr = quote!(self.#field.as_ref().ok());
    if first.optional {
        expr = quote!(#expr.and_then(::std::option::Option::as_ref));
    }
    for step in steps {
        let field = &step.field;
        expr = if step.optional {
            quote!(#expr.and_then(|value| value.#field.as_ref()))
        } else {
            quote!(#expr.map(|value| &value.#field))
        };
    }
    expr
}

/// Statements setting the page fields on `self` from `cursor`, creating
/// the objects on the way when they are absent and keeping what they hold.
fn assign(style: Style, at: &Location) -> TokenStream {
    let [position, size] = &at.leaves;
    let position_value = match style {
        // Already an `Option`: `None` for the first step of a scroll.
        Style::Scroll if position.optional => quote!(cursor.scroll_id.clone()),
        Style::Scroll => quote!(cursor.scroll_id.clone().unwrap_or_default()),
        _ => number(position, quote!(cursor.page)),
    };
    let values = [(&position.field, position_value), (&size.field, number(size, quote!(cursor.limit)))];
    let Some((first, rest)) = at.path.split_first() else {
        return values.iter().map(|(field, value)| quote!(self.#field = ::std::result::Result::Ok(#value);)).collect();
    };
    let mut reach = if first.optional {
        quote!(let holder = value.get_or_insert_with(::std::default::Default::default);)
    } else {
        quote!(let holder = &mut value;)
    };
    for step in rest {
        let field = &step.field;
        reach = if step.optional {
            quote!(#reach let holder = holder.#field.get_or_insert_with(::std::default::Default::default);)
        } else {
            quote!(#reach let holder = &mut holder.#field;)
        };
    }
    let assignments = values.iter().map(|(field, value)| quote!(holder.#field = #value;));
    let field = &first.field;
    quote! {
        self.#field = self.#field.map(|mut value| {
            #reach
            #(#assignments)*
            value
        });
    }
}

/// `number` converted to the type of the field `leaf`.
fn number(leaf: &Step, number: TokenStream) -> TokenStream {
    let value = quote!(crate::paginate::Number::from_u64(#number));
    if leaf.optional { quote!(::std::option::Option::Some(#value)) } else { value }
}

/// `paging_preset()` and `paging_at()` on typify's builder for the body
/// type `body`, whose fields only code in that module can reach.
fn body_helpers(style: Style, body: &str, structs: &Structs) -> syn::Item {
    let at = locate(style, &structs[body], false, structs);
    let (preset, assign) = (preset(style, &at), assign(style, &at));
    let body = format_ident!("{}", body);
    syn::parse_quote! {
        impl #body {
            /// The paging settings this body already carries.
            pub(crate) fn paging_preset(&self) -> crate::paginate::Preset {
                #preset
            }

            /// This body asking for the page `cursor` names.
            pub(crate) fn paging_at(mut self, cursor: &crate::paginate::Cursor) -> Self {
                #assign
                self
            }
        }
    }
}

/// The item type of a listing whose `send()` returns `data`, and the
/// expression turning `data` into a `Page`; `None` when `data` holds no array.
fn answer(data: &syn::Type, style: Style, structs: &Structs) -> Option<Answer> {
    if let Some(item) = vec_inner(data) {
        return Some(Answer {
            item: in_types(item),
            page: quote!(crate::paginate::Page::numbered(data, ::std::option::Option::None)),
            has_total: false,
        });
    }
    let fields = structs.get(&type_name(data)?)?;
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, ty)| ty);
    let (list_name, list_ty) = ["list", "data"].into_iter().find_map(|name| Some((name, field(name)?)))?;
    let list = format_ident!("{}", list_name);
    let (item, items) = match option_inner(list_ty) {
        Some(inner) => (vec_inner(inner)?, quote!(data.#list.unwrap_or_default())),
        None => (vec_inner(list_ty)?, quote!(data.#list)),
    };
    let item = in_types(item);
    if style == Style::Scroll {
        let id = match option_inner(field("scroll_id")?) {
            Some(_) => quote!(data.scroll_id),
            None => quote!(::std::option::Option::Some(data.scroll_id)),
        };
        return Some(Answer { item, page: quote!(crate::paginate::Page::scrolled(#items, #id)), has_total: false });
    }
    let total = match field("total_count") {
        None => quote!(::std::option::Option::None),
        Some(ty) if option_inner(ty).is_some() => {
            quote!(data.total_count.as_ref().and_then(crate::paginate::Number::to_u64))
        }
        Some(_) => quote!(crate::paginate::Number::to_u64(&data.total_count)),
    };
    Some(Answer {
        item,
        page: quote!(crate::paginate::Page::numbered(#items, #total)),
        has_total: field("total_count").is_some(),
    })
}

/// `T` in `Option<T>`.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    wrapped_in(ty, "Option")
}

/// `T` in `Vec<T>`.
fn vec_inner(ty: &syn::Type) -> Option<&syn::Type> {
    wrapped_in(ty, "Vec")
}

fn wrapped_in<'t>(ty: &'t syn::Type, wrapper: &str) -> Option<&'t syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    (p.path.segments.last()?.ident == wrapper).then(|| syn_util::first_type_arg(ty)).flatten()
}

/// The name of the struct a path type names: `X` in `types::builder::X`.
fn type_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    Some(p.path.segments.last()?.ident.to_string())
}

/// A type as written inside `types`, made to resolve from `builder`:
/// `UserDto` becomes `types::UserDto`; `::std::..` paths and primitives stay.
fn in_types(ty: &syn::Type) -> syn::Type {
    struct Qualify;
    impl VisitMut for Qualify {
        fn visit_type_path_mut(&mut self, p: &mut syn::TypePath) {
            let relative = p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1;
            let is_struct = p.path.segments[0].ident.to_string().starts_with(|c: char| c.is_ascii_uppercase());
            if relative && is_struct {
                p.path.segments.insert(0, syn::PathSegment::from(format_ident!("types")));
            }
            syn::visit_mut::visit_type_path_mut(self, p);
        }
    }
    let mut ty = ty.clone();
    Qualify.visit_type_mut(&mut ty);
    ty
}
