//! Gives every request builder a `send()` that returns `Result<T, genauth::Error>`.
//!
//! progenitor's own `send()` builds the request, sends it and decodes the
//! whole response envelope (`{statusCode, message, apiCode, requestId,
//! data}`), leaving `statusCode` to the caller. We keep only its first half:
//! it becomes a crate-private `into_request()` that stops once the request
//! is built. The new `send()` hands that request, with the operation's row
//! of `OPERATIONS`, to `crate::runtime::execute`, which sends it and returns
//! `data` or the typed error the envelope carried.

use crate::operation_table::Operation;
use crate::syn_util;
use quote::{format_ident, quote};
use std::collections::HashMap;
use syn::visit::Visit;

/// A generated request builder: its type name, its fields (one per
/// parameter, or `body`) with their types, and the type `send()` returns
/// when the answer is an envelope (its `data`, as written in `types`).
pub struct Builder {
    pub name: syn::Ident,
    pub fields: Vec<(String, syn::Type)>,
    pub data: Option<syn::Type>,
}

/// Adds the wrappers; returns the builder of each operation, by `rust_name`.
pub fn apply(file: &mut syn::File, ops: &[Operation]) -> HashMap<String, Builder> {
    let fields = syn_util::struct_fields(syn_util::module_mut(&mut file.items, "types"));
    let index: HashMap<&str, usize> = ops.iter().enumerate().map(|(i, op)| (op.rust_name.as_str(), i)).collect();

    let builder = syn_util::module_mut(&mut file.items, "builder");
    let builder_fields = syn_util::struct_fields(builder);

    let mut builders = HashMap::new();
    let mut wrappers = Vec::new();
    for item in builder.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(self_ty) = imp.self_ty.as_ref() else { continue };
        let builder_name = self_ty.path.segments.last().expect("type name").ident.clone();
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else { continue };
            if f.sig.ident != "send" {
                continue;
            }
            let response = response_type(&f.sig.output);
            let rust_name = operation_id(&f.block);
            let data = fields.get(&response.to_string()).and_then(|f| envelope_data(f)).cloned();
            builders.insert(
                rust_name.clone(),
                Builder {
                    name: builder_name.clone(),
                    fields: builder_fields.get(&builder_name.to_string()).cloned().unwrap_or_default(),
                    data: data.clone(),
                },
            );
            let Some(&position) = index.get(rust_name.as_str()) else {
                panic!("progenitor named an operation {rust_name}, which the operation table lacks");
            };
            let docs: Vec<syn::Attribute> = f.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect();
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            into_request(f);

            let (data_ty, payload) = match data {
                Some(ty) => (quote!(#ty), quote!(Data)),
                None => (quote!(super::types::#response), quote!(Whole)),
            };
            wrappers.push(quote! {
                impl<'a> super::builder::#builder_name<'a> {
                    #(#docs)*
                    ///
                    /// Returns the response's `data` when the API answers with
                    /// `statusCode` 200, and a [`crate::Error`] otherwise.
                    pub async fn send(self) -> ::std::result::Result<#data_ty, crate::Error> {
                        let operation = &super::OPERATIONS[#position];
                        let (client, request) = self
                            .into_request()
                            .map_err(|e| crate::runtime::refused_before_sending(operation, e))?;
                        crate::runtime::execute(client, operation, request, crate::envelope::Payload::#payload).await
                    }
                }
            });
        }
    }
    assert_eq!(wrappers.len(), ops.len(), "every operation of the spec must have exactly one generated builder");
    file.items.push(syn::parse_quote! {
        /// `send()` for every request builder: the envelope unwrapped into a `Result`.
        mod send {
            #[allow(unused_imports)]
            use super::types::*;
            #(#wrappers)*
        }
    });
    builders
}

/// Turns progenitor's `send()` into `into_request()`: everything up to the
/// built request is kept, sending and decoding (the hook calls and the
/// status match) are dropped, and the client comes back with the request.
fn into_request(f: &mut syn::ImplItemFn) {
    let built = f
        .block
        .stmts
        .iter()
        .position(|stmt| matches!(stmt, syn::Stmt::Local(local) if binds(&local.pat, "request")))
        .expect("progenitor's send() binds the built request to `request`");
    f.block.stmts.truncate(built + 1);
    f.block.stmts.push(syn::Stmt::Expr(syn::parse_quote!(Ok((client, request))), None));
    f.sig.ident = format_ident!("into_request");
    f.sig.asyncness = None;
    f.sig.output = syn::parse_quote!(-> Result<(&'a super::Client, reqwest::Request), Error<()>>);
    f.vis = syn::parse_quote!(pub(crate));
}

/// Whether `pat` binds `name` (as `name` or `mut name`).
fn binds(pat: &syn::Pat, name: &str) -> bool {
    matches!(pat, syn::Pat::Ident(p) if p.ident == name)
}

/// The type of `data` when the struct is a response envelope.
fn envelope_data(fields: &[(String, syn::Type)]) -> Option<&syn::Type> {
    let has = |name: &str| fields.iter().any(|(n, _)| n == name);
    if !(has("status_code") && has("message")) {
        return None;
    }
    fields.iter().find(|(n, _)| n == "data").map(|(_, ty)| ty)
}

/// `T` in `Result<ResponseValue<types::T>, Error<()>>`.
fn response_type(output: &syn::ReturnType) -> syn::Ident {
    let syn::ReturnType::Type(_, ty) = output else { panic!("send() returns a value") };
    let inner = syn_util::first_type_arg(ty).and_then(syn_util::first_type_arg).expect("Result<ResponseValue<T>, _>");
    let syn::Type::Path(p) = inner else { panic!("response type is a path") };
    p.path.segments.last().expect("type name").ident.clone()
}

/// The `operation_id: "..."` literal progenitor writes into `send()`.
fn operation_id(block: &syn::Block) -> String {
    struct Finder(Option<String>);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_field_value(&mut self, fv: &'ast syn::FieldValue) {
            if let (syn::Member::Named(name), syn::Expr::Lit(lit)) = (&fv.member, &fv.expr)
                && let (true, syn::Lit::Str(s)) = (name == "operation_id", &lit.lit)
            {
                self.0 = Some(s.value());
            }
            syn::visit::visit_field_value(self, fv);
        }
    }
    let mut finder = Finder(None);
    finder.visit_block(block);
    finder.0.expect("send() names its operation")
}
