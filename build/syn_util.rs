//! Finding things in progenitor's output.

use std::collections::{BTreeSet, HashMap};

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

/// Whether `ty` is a path type whose last segment is `name`.
pub fn is_named(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// `T` of `Option<T>`.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    if is_named(ty, "Option") { first_type_arg(ty) } else { None }
}

/// `T` of `Vec<T>`.
pub fn vec_item(ty: &syn::Type) -> Option<&syn::Type> {
    if is_named(ty, "Vec") { first_type_arg(ty) } else { None }
}

/// The `rename = ".."` of an item's or field's `#[serde(..)]` attributes.
pub fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // typify writes only `key` and `key = "literal"` entries.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::LitStr = meta.value()?.parse()?;
                if meta.path.is_ident("rename") {
                    rename = Some(value.value());
                }
            }
            Ok(())
        });
    }
    rename
}

/// A named field of a generated struct.
pub struct TypeField {
    /// typify's Rust name, e.g. `type_`.
    pub rust: String,
    /// The name on the wire, e.g. `type`.
    pub json: String,
    pub ty: syn::Type,
    pub docs: Vec<syn::Attribute>,
}

/// What typify generated in `types`: its structs' fields, its enums' wire
/// values and which fields its builders require.
pub struct Catalogue {
    pub structs: HashMap<String, Vec<TypeField>>,
    /// The wire values of each enum's unit variants.
    pub enums: HashMap<String, Vec<String>>,
    /// Every type name `types` defines (structs, enums, aliases).
    pub names: std::collections::HashSet<String>,
    /// The Rust names of the fields each builder of `types::builder`
    /// requires: those its `Default` starts as an error.
    pub required: HashMap<String, std::collections::HashSet<String>>,
}

impl Catalogue {
    pub fn read(types: &[syn::Item]) -> Self {
        let mut catalogue = Catalogue {
            structs: HashMap::new(),
            enums: HashMap::new(),
            names: Default::default(),
            required: HashMap::new(),
        };
        for item in types {
            match item {
                syn::Item::Struct(s) => {
                    catalogue.names.insert(s.ident.to_string());
                    let fields = s
                        .fields
                        .iter()
                        .filter_map(|f| {
                            let rust = f.ident.as_ref()?.to_string();
                            Some(TypeField {
                                json: serde_rename(&f.attrs).unwrap_or_else(|| rust.clone()),
                                rust,
                                ty: f.ty.clone(),
                                docs: f.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect(),
                            })
                        })
                        .collect();
                    catalogue.structs.insert(s.ident.to_string(), fields);
                }
                syn::Item::Enum(e) => {
                    catalogue.names.insert(e.ident.to_string());
                    let values = e
                        .variants
                        .iter()
                        .filter(|v| matches!(v.fields, syn::Fields::Unit))
                        .map(|v| serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string()))
                        .collect();
                    catalogue.enums.insert(e.ident.to_string(), values);
                }
                syn::Item::Type(t) => {
                    catalogue.names.insert(t.ident.to_string());
                }
                syn::Item::Mod(m) if m.ident == "builder" => {
                    for item in m.content.iter().flat_map(|(_, items)| items) {
                        if let Some((name, required)) = builder_required(item) {
                            catalogue.required.insert(name, required);
                        }
                    }
                }
                _ => {}
            }
        }
        catalogue
    }

    /// Whether `ty` names a type of `types` (written bare, as `types` does).
    pub fn is_generated(&self, ty: &syn::Type) -> bool {
        matches!(ty, syn::Type::Path(p) if p.qself.is_none()
            && p.path.segments.len() == 1
            && self.names.contains(&p.path.segments[0].ident.to_string()))
    }

    /// `ty` as written outside `types`: its generated type names prefixed with `types::`.
    pub fn qualify(&self, ty: &syn::Type) -> syn::Type {
        let mut ty = ty.clone();
        self.qualify_in_place(&mut ty);
        ty
    }

    fn qualify_in_place(&self, ty: &mut syn::Type) {
        if self.is_generated(ty) {
            let syn::Type::Path(p) = ty else { unreachable!("checked") };
            let ident = &p.path.segments[0].ident;
            *ty = syn::parse_quote!(types::#ident);
            return;
        }
        let syn::Type::Path(p) = ty else { return };
        for segment in p.path.segments.iter_mut() {
            if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                for arg in args.args.iter_mut() {
                    if let syn::GenericArgument::Type(t) = arg {
                        self.qualify_in_place(t);
                    }
                }
            }
        }
    }

    /// The wire values of the enum `ty` names (bare or as `types::X`), if it is one.
    pub fn enum_values(&self, ty: &syn::Type) -> Option<&[String]> {
        let syn::Type::Path(p) = ty else { return None };
        let values = self.enums.get(&p.path.segments.last()?.ident.to_string())?;
        (!values.is_empty()).then_some(values.as_slice())
    }
}

/// For `impl Default for X { fn default() -> Self { Self { f: Err(..), .. } } }`:
/// `X` and the fields that start as an error.
fn builder_required(item: &syn::Item) -> Option<(String, std::collections::HashSet<String>)> {
    let syn::Item::Impl(imp) = item else { return None };
    let (_, trait_path, _) = imp.trait_.as_ref()?;
    if trait_path.segments.last()?.ident != "Default" {
        return None;
    }
    let syn::Type::Path(p) = imp.self_ty.as_ref() else { return None };
    let name = p.path.segments.last()?.ident.to_string();
    let init = default_struct_expr(imp)?;
    let required = init
        .fields
        .iter()
        .filter(|fv| matches!(&fv.expr, syn::Expr::Call(c) if matches!(c.func.as_ref(), syn::Expr::Path(f) if f.path.is_ident("Err"))))
        .filter_map(|fv| match &fv.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        })
        .collect();
    Some((name, required))
}

/// The `Self { .. }` a `Default` impl's `default()` returns.
pub fn default_struct_expr(imp: &syn::ItemImpl) -> Option<&syn::ExprStruct> {
    imp.items.iter().find_map(|member| match member {
        syn::ImplItem::Fn(f) if f.sig.ident == "default" => f.block.stmts.iter().find_map(|s| match s {
            syn::Stmt::Expr(syn::Expr::Struct(e), _) => Some(e),
            _ => None,
        }),
        _ => None,
    })
}

/// The method names of every operation builder, by builder name, whichever
/// pass added them (everything outside `types`).
pub fn methods_by_builder(items: &[syn::Item]) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut visit = |items: &[syn::Item]| {
        for item in items {
            let syn::Item::Impl(imp) = item else { continue };
            let syn::Type::Path(p) = imp.self_ty.as_ref() else { continue };
            let name = p.path.segments.last().expect("type name").ident.to_string();
            let methods = out.entry(name).or_default();
            for member in &imp.items {
                if let syn::ImplItem::Fn(f) = member {
                    methods.insert(f.sig.ident.to_string());
                }
            }
        }
    };
    for item in items {
        if let syn::Item::Mod(m) = item
            && m.ident != "types"
            && let Some((_, items)) = &m.content
        {
            visit(items);
        }
    }
    out
}

/// The body builder's type name, when the operation's body is an object with
/// a builder: the `X` of `body: Result<types::builder::X, String>`.
pub fn body_type(fields: &[(String, syn::Type)]) -> Option<String> {
    let (_, ty) = fields.iter().find(|(name, _)| name == "body")?;
    let syn::Type::Path(p) = first_type_arg(ty)? else { return None };
    let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    match segments.as_slice() {
        [types, builder, name] if types == "types" && builder == "builder" => Some(name.clone()),
        _ => None,
    }
}
