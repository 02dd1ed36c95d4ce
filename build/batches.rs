//! `.chunked(..)` on the builders of batch operations, and the
//! `crate::batch::BatchOperation` impl that lets `crate::batch::Chunked`
//! send any number of ids through them, a limited number per call.
//!
//! # Which operations
//!
//! An operation gets `chunked` when splitting its id list across several
//! calls means the same as one call with the whole list. We take that to
//! hold exactly when, mechanically from the spec:
//!
//! 1. the request has exactly one required array (query parameter or
//!    top-level body field): with two (`authorizeDataPolicies`' targets and
//!    policies, `addUser`'s limits and users) the ids of one would be
//!    combined with each chunk of the other;
//! 2. that array holds strings and is named as a list of identifiers
//!    (`ids`, `…Ids`, `…IdList`, `codes`, `…CodeList`), so it is a list of
//!    things the operation acts on rather than settings (`enabledFactors`,
//!    `events`, `emails`);
//! 3. the API itself calls the operation a batch or a membership change: its
//!    operationId or path contains `batch` or `members`. This keeps out the
//!    operations that *replace* a set with the list they get (`setUserPosts`,
//!    `saveInvitationPolicies`, ...), where each chunk would undo the
//!    previous one, and those whose list qualifies a single subject
//!    (`kickUsers` takes one user and the apps to sign it out of).
//!
//! The chunk limit is the array's `maxItems` where the spec declares one and
//! otherwise 50, the most ids the API accepts in one call. Where the builder
//! also has `.users(UserIds)` (the id list travels with a `userIdType`),
//! `chunked` takes `UserIds` so that every chunk keeps the id type.

use crate::operation_table::Operation;
use crate::send_wrappers::Builder;
use crate::spec_util;
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Ids per call where the spec sets no `maxItems`: the API-wide limit.
const DEFAULT_LIMIT: u64 = 50;

/// How a field name says it holds identifiers.
const ID_LIST_SUFFIXES: [&str; 4] = ["Ids", "IdList", "Codes", "CodeList"];

/// Where the id list travels.
enum Place {
    Query,
    Body,
}

/// The id list of a batch operation.
struct IdList {
    field: String,
    place: Place,
    limit: u64,
}

/// The operation's id list, when the operation is a batch operation by the
/// rules in the module docs.
fn id_list(spec: &Value, op: &Operation, spec_op: &Value) -> Option<IdList> {
    let labelled = [op.id.as_str(), op.path.as_str()]
        .iter()
        .any(|s| ["batch", "members"].iter().any(|word| s.to_lowercase().contains(word)));
    if !labelled {
        return None;
    }
    let mut required = Vec::new();
    for param in spec_op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
        if param["schema"]["type"] == "array" && param["required"] == true {
            required.push((param["name"].as_str()?, Place::Query, &param["schema"]));
        }
    }
    if let Some(schema) = spec_op.pointer("/requestBody/content/application~1json/schema") {
        let body = spec_util::resolve(spec, schema);
        let names: Vec<&str> = body["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (name, field) in body["properties"].as_object().into_iter().flatten() {
            let field = spec_util::resolve(spec, field);
            if field["type"] == "array" && names.contains(&name.as_str()) {
                required.push((name.as_str(), Place::Body, field));
            }
        }
    }
    let [(name, place, schema)] = <[_; 1]>::try_from(required).ok()?;
    let names_ids = {
        let mut capitalized = name.to_owned();
        capitalized[..1].make_ascii_uppercase();
        ID_LIST_SUFFIXES.iter().any(|suffix| capitalized.ends_with(suffix))
    };
    let holds_strings = spec_util::resolve(spec, &schema["items"])["type"] == "string";
    (names_ids && holds_strings).then(|| IdList {
        field: name.to_owned(),
        place,
        limit: schema["maxItems"].as_u64().unwrap_or(DEFAULT_LIMIT),
    })
}

/// The generated code for `.chunked(..)` on one builder.
fn chunked_impl(
    builder: &syn::Ident,
    ids: &IdList,
    output: &syn::Type,
    applied: Option<TokenStream>,
    takes_user_ids: bool,
) -> TokenStream {
    let setter = format_ident!("{}", ids.field.to_snake_case());
    let set_ids = match ids.place {
        Place::Query => quote!(self.#setter(ids)),
        Place::Body => quote!(self.body_map(move |body| body.#setter(ids))),
    };
    let limit = ids.limit as usize;
    let applied = applied.map(|check| {
        quote! {
            fn applied(output: &Self::Output) -> bool {
                #check
            }
        }
    });
    let summary = format!(
        "Sends any number of `{}`, at most {limit} per call, and reports which ids \
         succeeded and which failed.",
        ids.field
    );
    let constructor = if takes_user_ids {
        quote! {
            #[doc = #summary]
            ///
            /// Every chunk keeps the id type of `users`. Everything else set on
            /// this builder applies to every chunk. See [`crate::batch`].
            pub fn chunked(self, users: crate::UserIds) -> crate::batch::Chunked<Self> {
                let (ids, id_type) = users.into_parts();
                // `.users(..)` puts the id type wherever this operation takes
                // it; each chunk then fills in only its ids.
                let template = self.users(crate::UserIds::new(::std::vec::Vec::<::std::string::String>::new(), id_type));
                crate::batch::Chunked::new(template, ids)
            }
        }
    } else {
        quote! {
            #[doc = #summary]
            ///
            /// Everything else set on this builder applies to every chunk. See
            /// [`crate::batch`].
            pub fn chunked<I, S>(self, ids: I) -> crate::batch::Chunked<Self>
            where
                I: ::std::iter::IntoIterator<Item = S>,
                S: ::std::convert::Into<::std::string::String>,
            {
                crate::batch::Chunked::new(self, ids.into_iter().map(::std::convert::Into::into).collect())
            }
        }
    };
    quote! {
        impl crate::batch::sealed::Sealed for super::builder::#builder<'_> {}

        impl<'a> crate::batch::BatchOperation for super::builder::#builder<'a> {
            type Output = #output;
            const LIMIT: usize = #limit;

            fn with_ids(self, ids: ::std::vec::Vec<::std::string::String>) -> Self {
                #set_ids
            }

            fn send_chunk(
                self,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<Self::Output, crate::Error>> + Send {
                self.send()
            }

            #applied
        }

        impl<'a> super::builder::#builder<'a> {
            #constructor
        }
    }
}

/// For operations whose `data` is an object with a boolean `success`, the
/// check that it says the call took effect.
fn success_check(spec: &Value, spec_op: &Value) -> Option<TokenStream> {
    let envelope = spec_op.pointer("/responses/200/content/application~1json/schema")?;
    let data = spec_util::resolve(spec, &spec_util::resolve(spec, envelope)["properties"]["data"]);
    if data["properties"]["success"]["type"] != "boolean" {
        return None;
    }
    let required = data["required"].as_array().is_some_and(|r| r.iter().any(|f| f == "success"));
    Some(if required { quote!(output.success) } else { quote!(output.success != Some(false)) })
}

/// The builders that have a method `method` in the impl blocks of module
/// `module`, as an earlier pass generated them.
fn builders_with(items: &[syn::Item], module: &str, method: &str) -> HashSet<String> {
    let content = items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == module => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    let content = content.unwrap_or_else(|| panic!("the generated code has no module `{module}`"));
    let mut found = HashSet::new();
    for item in content {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(self_ty) = imp.self_ty.as_ref() else { continue };
        if imp.items.iter().any(|member| matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == method)) {
            found.insert(self_ty.path.segments.last().expect("type name").ident.to_string());
        }
    }
    found
}

/// Adds `chunked` to the batch operations. Runs after the `send` and
/// `id_refs` passes, whose methods it builds on.
pub fn apply(file: &mut syn::File, spec: &Value, ops: &[Operation], builders: &HashMap<String, Builder>) {
    let by_id: HashMap<&str, &Value> =
        spec_util::operations(spec).map(|op| (spec_util::operation_id(op), op)).collect();
    let takes_user_ids = builders_with(&file.items, "id_refs", "users");

    let mut impls = Vec::new();
    for op in ops {
        let spec_op = by_id[op.id.as_str()];
        let Some(ids) = id_list(spec, op, spec_op) else { continue };
        let builder = &builders[&op.rust_name];
        let output = builder.data.as_ref().unwrap_or_else(|| panic!("{} answers without an envelope", op.id));
        let applied = success_check(spec, spec_op);
        impls.push(chunked_impl(
            &builder.name,
            &ids,
            output,
            applied,
            takes_user_ids.contains(&builder.name.to_string()),
        ));
    }
    file.items.push(syn::parse_quote! {
        /// `chunked(..)` on the builders of batch operations (see `crate::batch`).
        mod batches {
            #[allow(unused_imports)]
            use super::types::*;
            #(#impls)*
        }
    });
}
