//! A dispatcher that calls any operation by name with JSON inputs, for the
//! contract test that drives every generated method against the emulator.
//!
//! It exists only with the `emulator` feature and is hidden from the docs:
//! users call the typed builders.

use crate::operation_table::Operation;
use crate::send_wrappers::Builder;
use crate::{spec_util, syn_util};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::HashMap;

pub fn item(spec: &Value, ops: &[Operation], builders: &HashMap<String, Builder>) -> syn::Item {
    let params_of: HashMap<&str, Vec<&str>> =
        spec_util::operations(spec).map(|op| (spec_util::operation_id(op), spec_util::parameter_names(op))).collect();

    let mut functions = Vec::new();
    let mut arms = Vec::new();
    for op in ops {
        let builder = &builders[&op.rust_name];
        let method = format_ident!("{}", op.rust_name);
        let function = format_ident!("call_{}", op.rust_name);
        let rust_name = &op.rust_name;
        let setters: Vec<TokenStream> = builder
            .fields
            .iter()
            .filter(|(field, _)| field != "client")
            .map(|(field, ty)| {
                let setter = format_ident!("{}", field);
                let value_ty = input_type(ty, field == "body");
                if field == "body" {
                    return quote! {
                        if let Some(value) = body {
                            request = request.body(decode::<#value_ty>("body", value)?);
                        }
                    };
                }
                let json_name = params_of[op.id.as_str()]
                    .iter()
                    // progenitor appends `_` to names that are Rust keywords (`type_`).
                    .find(|name| name.to_snake_case() == field.trim_end_matches('_'))
                    .unwrap_or_else(|| panic!("{}: no parameter for builder field {field}", op.id));
                quote! {
                    if let Some(value) = params.get(#json_name) {
                        request = request.#setter(decode::<#value_ty>(#json_name, value)?);
                    }
                }
            })
            .collect();
        functions.push(quote! {
            fn #function<'a>(client: &'a super::Client, params: &'a Params, body: Option<&'a ::serde_json::Value>) -> Call<'a> {
                Box::pin(async move {
                    let mut request = client.#method();
                    #(#setters)*
                    request.send().await.map(drop)
                })
            }
        });
        arms.push(quote!(#rust_name => Some(#function),));
    }

    syn::parse_quote! {
        #[cfg(feature = "emulator")]
        #[doc(hidden)]
        pub mod contract {
            use super::types;

            type Params = ::serde_json::Map<::std::string::String, ::serde_json::Value>;
            type Call<'a> = ::std::pin::Pin<
                Box<dyn ::std::future::Future<Output = ::std::result::Result<(), crate::Error>> + Send + 'a>,
            >;

            fn decode<T: ::serde::de::DeserializeOwned>(
                name: &str,
                value: &::serde_json::Value,
            ) -> ::std::result::Result<T, crate::Error> {
                ::serde_json::from_value(value.clone())
                    .map_err(|e| crate::Error::InvalidInput(format!("`{name}`: {e}")))
            }

            /// Calls the operation named `rust_name` with query/path `params`
            /// and a JSON `body`; `None` when there is no such operation.
            pub async fn call(
                client: &super::Client,
                rust_name: &str,
                params: &Params,
                body: ::std::option::Option<&::serde_json::Value>,
            ) -> ::std::option::Option<::std::result::Result<(), crate::Error>> {
                // One function per operation, picked by pointer: building 496
                // request futures inside one frame would overflow the stack in
                // debug builds. The match yields an `Option` rather than
                // returning early, so that a build without operations (no API
                // area enabled) has no unreachable code.
                let function: Option<for<'a> fn(&'a super::Client, &'a Params, Option<&'a ::serde_json::Value>) -> Call<'a>> =
                    match rust_name {
                        #(#arms)*
                        _ => None,
                    };
                Some(function?(client, params, body).await)
            }

            #(#functions)*
        }
    }
}

/// The value type a builder field's setter takes: `T` from `Result<T, String>`
/// or `Result<Option<T>, String>`; for `body`, the body type itself rather
/// than typify's builder for it.
fn input_type(field_ty: &syn::Type, is_body: bool) -> syn::Type {
    let inner = syn_util::first_type_arg(field_ty).expect("builder fields are Result<T, String>").clone();
    let is_option = matches!(&inner, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
    let mut ty = if is_option { syn_util::first_type_arg(&inner).expect("Option<T>").clone() } else { inner };
    if is_body {
        // `types::builder::X` -> `types::X`
        if let syn::Type::Path(p) = &mut ty {
            p.path.segments = p.path.segments.iter().filter(|s| s.ident != "builder").cloned().collect();
        }
    }
    ty
}
