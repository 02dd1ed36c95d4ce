//! `.user(UserRef)`, `.users(UserIds)` and `.department(DepartmentRef)` on
//! every builder whose operation names users or departments by id + id type.
//!
//! The id type travels in one of three places depending on the operation: a
//! query parameter, a top-level body field, or the body's `options` object.
//! The generated methods put both halves of the reference in the right place,
//! so callers never pair an id with the wrong type.

use crate::operation_table::Operation;
use crate::{spec_util, syn_util};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::HashMap;

/// Where an operation takes an id and its id type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Placement {
    Query,
    Body,
    /// The id in the body, its type in the body's `options` object.
    Options,
}

/// One kind of reference: the id field, the id-type field, the method name
/// and the Rust type callers pass.
struct RefKind {
    id_field: &'static str,
    type_field: &'static str,
    method: &'static str,
    rust_type: TokenStream,
    doc: &'static str,
}

fn kinds() -> [RefKind; 3] {
    [
        RefKind {
            id_field: "userId",
            type_field: "userIdType",
            method: "user",
            rust_type: quote!(crate::UserRef),
            doc: "Names the user this request is about, setting `userId` and `userIdType` together.",
        },
        RefKind {
            id_field: "userIds",
            type_field: "userIdType",
            method: "users",
            rust_type: quote!(crate::UserIds),
            doc: "Names the users this request is about, setting `userIds` and `userIdType` together.",
        },
        RefKind {
            id_field: "departmentId",
            type_field: "departmentIdType",
            method: "department",
            rust_type: quote!(crate::DepartmentRef),
            doc: "Names the department this request is about, setting `departmentId` and `departmentIdType` together.",
        },
    ]
}

fn placement(spec: &Value, op: &Value, kind: &RefKind) -> Option<(Placement, Option<(String, String)>)> {
    let params = spec_util::parameter_names(op);
    if params.contains(&kind.id_field) && params.contains(&kind.type_field) {
        return Some((Placement::Query, None));
    }
    let body_schema = op.pointer("/requestBody/content/application~1json/schema")?;
    let body = spec_util::resolve(spec, body_schema);
    let props = body.get("properties")?.as_object()?;
    if !props.contains_key(kind.id_field) {
        return None;
    }
    if props.contains_key(kind.type_field) {
        return Some((Placement::Body, None));
    }
    let options = props.get("options")?;
    let has_type = spec_util::resolve(spec, options).pointer(&format!("/properties/{}", kind.type_field)).is_some();
    let names = (spec_util::ref_name(body_schema)?.to_owned(), spec_util::ref_name(options)?.to_owned());
    has_type.then_some((Placement::Options, Some(names)))
}

/// Adds the reference methods; `builders` maps `rust_name` to the builder's type name.
pub fn apply(file: &mut syn::File, spec: &Value, ops: &[Operation], builders: &HashMap<String, syn::Ident>) {
    let by_id: HashMap<&str, &Value> =
        spec_util::operations(spec).map(|op| (spec_util::operation_id(op), op)).collect();

    let mut op_impls = Vec::new();
    // Body builders that need an "id type into options" merge, keyed by (body, type field).
    let mut merges: Vec<(String, String, &'static str)> = Vec::new();
    for op in ops {
        let builder = &builders[&op.rust_name];
        let spec_op = by_id[op.id.as_str()];
        for kind in kinds() {
            let Some((place, names)) = placement(spec, spec_op, &kind) else { continue };
            let method = format_ident!("{}", kind.method);
            let id_setter = format_ident!("{}", kind.id_field.to_snake_case());
            let type_setter = format_ident!("{}", kind.type_field.to_snake_case());
            let (rust_type, doc) = (&kind.rust_type, kind.doc);
            let apply = match place {
                Placement::Query => quote!(self.#id_setter(id).#type_setter(id_type)),
                Placement::Body => quote!(self.body_map(move |body| body.#id_setter(id).#type_setter(id_type))),
                Placement::Options => {
                    let (body_name, options_name) = names.expect("options placement names its schemas");
                    let merge = format_ident!("merge_{}_into_options", kind.type_field.to_snake_case());
                    if !merges.iter().any(|(b, _, t)| *b == body_name && *t == kind.type_field) {
                        merges.push((body_name, options_name, kind.type_field));
                    }
                    quote!(self.body_map(move |body| body.#id_setter(id).#merge(id_type)))
                }
            };
            let where_note = match place {
                Placement::Query => "Both travel as query parameters.",
                Placement::Body => "Both travel as top-level body fields.",
                Placement::Options => {
                    "The id type goes into `options`, merged with any options already set; \
                     options set afterwards with `.options(..)` replace it, so call this last."
                }
            };
            op_impls.push(quote! {
                impl<'a> super::builder::#builder<'a> {
                    #[doc = #doc]
                    #[doc = ""]
                    #[doc = #where_note]
                    pub fn #method(self, reference: #rust_type) -> Self {
                        let (id, id_type) = reference.into_parts();
                        #apply
                    }
                }
            });
        }
    }
    file.items.push(syn::parse_quote! {
        /// Typed user and department references on the request builders.
        mod id_refs {
            #(#op_impls)*
        }
    });
    inject_option_merges(file, &merges);
}

/// Adds, inside typify's `types::builder` module (where the builders' fields
/// are visible), a method that sets one field of `options` without
/// discarding the rest.
fn inject_option_merges(file: &mut syn::File, merges: &[(String, String, &'static str)]) {
    // typify emits `types::builder` only when some struct has a builder,
    // which a build with few areas may lack.
    if merges.is_empty() {
        return;
    }
    let builder = syn_util::module_mut(syn_util::module_mut(&mut file.items, "types"), "builder");
    for (body, options, type_field) in merges {
        let body = format_ident!("{}", body);
        let options = format_ident!("{}", options);
        let field = format_ident!("{}", type_field.to_snake_case());
        let merge = format_ident!("merge_{}_into_options", type_field.to_snake_case());
        let id_type = format_ident!("{}", heck::ToPascalCase::to_pascal_case(*type_field));
        builder.push(syn::parse_quote! {
            impl #body {
                pub(crate) fn #merge(mut self, value: super::#id_type) -> Self {
                    self.options = self.options.map(|options| {
                        let mut options: super::#options = options.unwrap_or_default();
                        options.#field = Some(value);
                        Some(options)
                    });
                    self
                }
            }
        });
    }
}
