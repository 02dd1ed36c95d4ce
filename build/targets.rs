//! Typed role targets: `TargetDto::user(..)`, `::group(..)`, `::department(..)`
//! and, on builders whose body lists targets, `.users(UserIds)`,
//! `.groups(..)` and `.departments(..)`.
//!
//! A target is any generated struct of exactly two fields, `targetType` (an
//! enum of kinds such as `USER` or `GROUP`) and `targetIdentifier` (a
//! string); the pass finds them by that shape, so a target type the spec
//! adds later gets the same methods. Only targets a request body lists get
//! them: a listed target is something callers build.
//!
//! - Each kind of the enum gives the target a constructor named after it
//!   (`User` → `user`).
//! - Each kind gives the operation builder an appender named after its plural
//!   (`users`), unless the builder already has a method of that name (for
//!   example `roles`, the roles to assign, on `assign_role_batch`). The
//!   appender adds targets of that kind to those already set, so
//!   `.users(..).groups(..)` assigns to both; `.targets(..)` replaces them all.
//! - Users are named by [`UserIds`](crate::UserIds), like everywhere else,
//!   but a target names a user by user id only: other id types are refused
//!   at `send()`.

use crate::send_wrappers::Builder;
use crate::syn_util::{self, Catalogue};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;

/// A target type: its name and its kind enum's variants `(ident, wire value)`.
struct Target {
    name: syn::Ident,
    kind: syn::Ident,
    variants: Vec<(syn::Ident, String)>,
}

/// What identifies a target of each kind, by the kind's wire value.
fn identifier(wire: &str) -> (&'static str, &'static str) {
    match wire {
        "USER" => ("user_id", "the user id GenAuth assigned"),
        "DEPARTMENT" => ("department_id", "the department id GenAuth assigned"),
        "GROUP" | "ROLE" => ("code", "its code"),
        _ => ("identifier", "its identifier"),
    }
}

pub fn apply(file: &mut syn::File, builders: &HashMap<String, Builder>) {
    let types = syn_util::module_mut(&mut file.items, "types");
    let catalogue = Catalogue::read(types);
    let variants = enum_variants(types);
    let taken = syn_util::methods_by_builder(&file.items);

    let mut targets: Vec<Target> = Vec::new();
    let mut appenders: Vec<syn::Item> = Vec::new();
    let mut pushes: Vec<syn::Item> = Vec::new();
    let mut names: Vec<&String> = builders.keys().collect();
    names.sort();
    for rust_name in names {
        let builder = &builders[rust_name];
        let Some(body) = syn_util::body_type(&builder.fields) else { continue };
        for field in catalogue.structs.get(&body).into_iter().flatten() {
            let (ty, optional) = match syn_util::option_inner(&field.ty) {
                Some(inner) => (inner, true),
                None => (&field.ty, false),
            };
            let Some(item) = syn_util::vec_item(ty) else { continue };
            let Some(target) = target_shape(&catalogue, &variants, item) else { continue };
            let push = format_ident!("push_{}", field.rust);
            let body_ident = format_ident!("{}", body);
            let field_ident = format_ident!("{}", field.rust);
            let name = &target.name;
            pushes.push(push_item(&body_ident, &field_ident, &push, name, optional));
            let methods = target.variants.iter().filter_map(|(variant, wire)| {
                let method = format!("{}s", variant.to_string().to_snake_case());
                if taken.get(&builder.name.to_string()).is_some_and(|t| t.contains(&method)) {
                    return None;
                }
                Some(appender(&target, variant, wire, &format_ident!("{}", method), &push, &field.json))
            });
            let builder_name = &builder.name;
            appenders.push(syn::parse_quote! {
                impl<'a> #builder_name<'a> {
                    #(#methods)*
                }
            });
            if !targets.iter().any(|t| t.name == target.name) {
                targets.push(target);
            }
        }
    }
    let types = syn_util::module_mut(&mut file.items, "types");
    types.extend(targets.iter().map(constructors));
    if !pushes.is_empty() {
        syn_util::module_mut(types, "builder").extend(pushes);
    }
    syn_util::module_mut(&mut file.items, "builder").extend(appenders);
}

/// The unit variants `(ident, wire value)` of every enum of `types`.
fn enum_variants(types: &[syn::Item]) -> HashMap<String, Vec<(syn::Ident, String)>> {
    types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) => Some((
                e.ident.to_string(),
                e.variants
                    .iter()
                    .filter(|v| matches!(v.fields, syn::Fields::Unit))
                    .map(|v| (v.ident.clone(), syn_util::serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string())))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// `ty` as a target type, if it has the target shape.
fn target_shape(
    catalogue: &Catalogue,
    variants: &HashMap<String, Vec<(syn::Ident, String)>>,
    ty: &syn::Type,
) -> Option<Target> {
    let syn::Type::Path(p) = ty else { return None };
    let name = p.path.segments.last()?.ident.clone();
    let fields = catalogue.structs.get(&name.to_string())?;
    let [a, b] = fields.as_slice() else { return None };
    let (kind, id) = if a.json == "targetType" { (a, b) } else { (b, a) };
    if kind.json != "targetType" || id.json != "targetIdentifier" || !syn_util::is_named(&id.ty, "String") {
        return None;
    }
    let syn::Type::Path(kind_path) = &kind.ty else { return None };
    let kind = kind_path.path.segments.last()?.ident.clone();
    let variants = variants.get(&kind.to_string())?.clone();
    Some(Target { name, kind, variants })
}

fn constructors(target: &Target) -> syn::Item {
    let Target { name, kind, variants } = target;
    let methods = variants.iter().map(|(variant, wire)| {
        let method = format_ident!("{}", variant.to_string().to_snake_case());
        let (arg, what) = identifier(wire);
        let arg = format_ident!("{}", arg);
        let doc = format!("A `{wire}` target, named by {what}.");
        quote! {
            #[doc = #doc]
            pub fn #method(#arg: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { target_type: #kind::#variant, target_identifier: #arg.into() }
            }
        }
    });
    syn::parse_quote! {
        /// Targets by kind: `TargetDto::user(id)` rather than a struct literal.
        impl #name {
            #(#methods)*
        }
    }
}

/// A method of the body builder (inside `types::builder`, where its fields
/// are visible) that appends to the target list rather than replacing it.
fn push_item(
    body: &syn::Ident,
    field: &syn::Ident,
    push: &syn::Ident,
    target: &syn::Ident,
    optional: bool,
) -> syn::Item {
    let (current, wrap, fresh) = if optional {
        (quote!(Ok(Some(mut targets))), quote!(Some(targets)), quote!(Some(more)))
    } else {
        (quote!(Ok(mut targets)), quote!(targets), quote!(more))
    };
    syn::parse_quote! {
        impl #body {
            pub(crate) fn #push(mut self, more: ::std::vec::Vec<super::#target>) -> Self {
                self.#field = match self.#field {
                    #current => {
                        targets.extend(more);
                        Ok(#wrap)
                    }
                    // Unset so far (or only ever refused): the list starts here.
                    _ => Ok(#fresh),
                };
                self
            }
        }
    }
}

fn appender(
    target: &Target,
    variant: &syn::Ident,
    wire: &str,
    method: &syn::Ident,
    push: &syn::Ident,
    json: &str,
) -> TokenStream {
    let name = &target.name;
    let constructor = format_ident!("{}", variant.to_string().to_snake_case());
    let (_, what) = identifier(wire);
    if wire == "USER" {
        let doc = format!("Adds `USER` targets to `{json}`, keeping those already set.");
        let refusal = format!("invalid value for \"{json}\": a USER target names a user by user id, not by {{}}");
        return quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = "A target names a user by the user id GenAuth assigned: users named"]
            #[doc = "any other way are refused at `send()`."]
            pub fn #method(mut self, users: crate::UserIds) -> Self {
                let (ids, id_type) = users.into_parts();
                if id_type != types::UserIdType::UserId {
                    self.body = self.body.and_then(|_| Err(format!(#refusal, id_type)));
                    return self;
                }
                let more = ids.into_iter().map(types::#name::#constructor).collect();
                self.body_map(move |body| body.#push(more))
            }
        };
    }
    let doc = format!("Adds `{wire}` targets to `{json}`, each named by {what}, keeping those already set.");
    quote! {
        #[doc = #doc]
        pub fn #method<I, V>(self, ids: I) -> Self
        where
            I: ::std::iter::IntoIterator<Item = V>,
            V: ::std::convert::Into<::std::string::String>,
        {
            let more = ids.into_iter().map(types::#name::#constructor).collect();
            self.body_map(move |body| body.#push(more))
        }
    }
}
