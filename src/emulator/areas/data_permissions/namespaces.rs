//! Permission namespaces as the data-permission service serves them.
//!
//! They are the pool's namespaces, the ones roles and resources live in
//! ([`namespaces`]); this service checks its requests field by
//! field ([`rules`]) and refuses in words of its own. It keeps the codes
//! `default` and `system` for itself: no new namespace takes them, and the
//! built-in `default` is neither deleted nor given another code.

use crate::emulator::areas::codes::{MAX_CODE_LEN, is_code_char};
use crate::emulator::areas::input::{MAX_BATCH, Page, Paging, contains_ci};
use crate::emulator::areas::render::namespace_role;
use crate::emulator::areas::resources::namespaces::{self, NewNamespace};
use crate::emulator::areas::rules::{self, Measure, Rule, typed};
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{DEFAULT_NAMESPACE, Namespace, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// Codes the service keeps for itself.
const RESERVED_CODES: [&str; 2] = [DEFAULT_NAMESPACE, "system"];

/// A required field's rules.
const REQUIRED: &[Rule] = &[Rule::NotEmpty];

/// The rule of every listing's page size.
const LIMIT: &[Rule] = &[Rule::Max(MAX_BATCH as i64)];

/// Refuses a code a new namespace cannot take: one kept by the service
/// (`reserved` is the refusal for that), one that is too long or holds
/// characters codes cannot, or one another namespace (or an earlier item
/// of the same batch) has.
fn check_new_code(
    state: &State,
    batch: &[Namespace],
    code: &str,
    reserved: &'static errors::Refusal,
) -> Result<(), ApiFault> {
    if RESERVED_CODES.contains(&code) {
        return Err(ApiFault::of(reserved));
    }
    if code.chars().count() > MAX_CODE_LEN || !code.chars().all(is_code_char) {
        return Err(ApiFault::new(&errors::INVALID_NAMESPACE_CODE, [code])
            .with_detail(format!("a namespace code is 1 to {MAX_CODE_LEN} letters, digits, '_', '-' and ':'")));
    }
    if state.namespaces.get(code).is_some() || batch.iter().any(|n| n.code == code) {
        return Err(ApiFault::new(&errors::PERMISSION_NAMESPACE_CONFLICT, [code]));
    }
    Ok(())
}

/// The position of the namespace of this code, or `missing`.
fn position(state: &State, code: &str, missing: &'static errors::Refusal) -> Result<usize, ApiFault> {
    state
        .namespaces
        .0
        .iter()
        .position(|n| n.code == code)
        .ok_or_else(|| ApiFault::of(missing).with_detail(format!("no namespace is {code}")))
}

/// Holds a new namespace's code and name to this service's rules.
fn check_new(new: &NewNamespace) -> Result<(), ApiFault> {
    rules::check(&[("code", (&new.code).into(), REQUIRED), ("name", (&new.name).into(), REQUIRED)])
}

/// `createPermissionNamespace`.
pub(super) fn create_permission_namespace(input: &Input, state: &mut State) -> Outcome {
    let new: NewNamespace = typed(input)?;
    check_new(&new)?;
    check_new_code(state, &[], &new.code, &errors::PERMISSION_NAMESPACE_RESERVED)?;
    let namespace = Namespace::from(new);
    let rendered = namespaces::render(&namespace);
    state.namespaces.add(namespace);
    Ok(rendered)
}

#[derive(Deserialize)]
struct NewNamespaces {
    #[serde(default)]
    list: Vec<NewNamespace>,
}

/// `createPermissionNamespacesBatch`: every namespace is created, or none is.
pub(super) fn create_permission_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let request: NewNamespaces = typed(input)?;
    rules::check(&[("list", (&request.list).into(), REQUIRED)])?;
    let mut created = Vec::new();
    for new in request.list {
        check_new(&new)?;
        check_new_code(state, &created, &new.code, &errors::PERMISSION_NAMESPACE_BUILT_IN)?;
        created.push(new.into());
    }
    created.into_iter().for_each(|n| state.namespaces.add(n));
    success()
}

#[derive(Deserialize)]
struct ByCode {
    #[serde(default)]
    code: String,
}

/// `getPermissionNamespace`.
pub(super) fn get_permission_namespace(input: &Input, state: &mut State) -> Outcome {
    let request: ByCode = typed(input)?;
    rules::check(&[("code", (&request.code).into(), REQUIRED)])?;
    let index = position(state, &request.code, &errors::PERMISSION_NAMESPACE_NOT_FOUND)?;
    Ok(namespaces::render(&state.namespaces.0[index]))
}

#[derive(Deserialize)]
struct ByCodes {
    #[serde(default)]
    codes: Vec<String>,
}

/// `getPermissionNamespacesBatch`: every code must name a namespace; the
/// answer keeps the request's order.
pub(super) fn get_permission_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let request: ByCodes = typed(input)?;
    rules::check(&[("codes", (&request.codes).into(), REQUIRED)])?;
    let found = request
        .codes
        .iter()
        .map(|code| {
            let index = position(state, code, &errors::PERMISSION_NAMESPACES_PARTLY_MISSING)?;
            Ok(namespaces::render(&state.namespaces.0[index]))
        })
        .collect::<Result<Vec<_>, ApiFault>>()?;
    Ok(Value::Array(found))
}

/// A listing's page and keywords.
#[derive(Deserialize)]
pub(super) struct Listing {
    #[serde(flatten)]
    pub paging: Paging,
    #[serde(default)]
    pub query: String,
}

impl Listing {
    /// The page asked for, once its size is within the service's bound.
    pub(super) fn page(&self) -> Result<Page, ApiFault> {
        bounded(&self.paging)
    }
}

/// The page asked for, once its size is within the bound this area words
/// in a validator's message of its own.
pub(super) fn bounded(paging: &Paging) -> Result<Page, ApiFault> {
    rules::check(&[("limit", Measure::from(paging.limit), LIMIT)])?;
    paging.page()
}

/// `listPermissionNamespaces`: in creation order, `default` first,
/// optionally only those whose code or name holds the query.
pub(super) fn list_permission_namespaces(input: &Input, state: &mut State) -> Outcome {
    let listing: Listing = typed(input)?;
    let page = listing.page()?;
    let list: Vec<Value> = state
        .namespaces
        .0
        .iter()
        .filter(|n| contains_ci(&n.code, &listing.query) || contains_ci(&n.name, &listing.query))
        .map(namespaces::render)
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(default)]
    code: String,
    name: Option<String>,
    new_code: Option<String>,
    description: Option<String>,
}

/// `updatePermissionNamespace`: changes the fields given; a new code
/// carries the namespace's roles, resources and grants along.
pub(super) fn update_permission_namespace(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    rules::check(&[("code", (&update.code).into(), REQUIRED)])?;
    // The new code is checked before the namespace is looked up: a taken
    // code is refused whatever the namespace.
    let new_code = update.new_code.as_deref().filter(|code| !code.is_empty() && *code != update.code);
    if let Some(code) = new_code {
        check_new_code(state, &[], code, &errors::PERMISSION_NAMESPACE_RESERVED)?;
    }
    let index = position(state, &update.code, &errors::PERMISSION_NAMESPACE_NOT_FOUND)?;
    if new_code.is_some() && update.code == DEFAULT_NAMESPACE {
        return Err(ApiFault::of(&errors::PERMISSION_NAMESPACE_BUILT_IN));
    }
    namespaces::apply_update(state, index, update.name, update.description, new_code);
    Ok(namespaces::render(&state.namespaces.0[index]))
}

/// `deletePermissionNamespace`: what lives in the namespace goes with it.
pub(super) fn delete_permission_namespace(input: &Input, state: &mut State) -> Outcome {
    let request: ByCode = typed(input)?;
    rules::check(&[("code", (&request.code).into(), REQUIRED)])?;
    let index = position(state, &request.code, &errors::PERMISSION_NAMESPACE_MISSING)?;
    if request.code == DEFAULT_NAMESPACE {
        return Err(ApiFault::of(&errors::PERMISSION_NAMESPACE_BUILT_IN));
    }
    namespaces::remove(state, index);
    success()
}

/// `deletePermissionNamespacesBatch`: every code must name a namespace
/// other than `default`, and all go or none does.
pub(super) fn delete_permission_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let request: ByCodes = typed(input)?;
    rules::check(&[("codes", (&request.codes).into(), REQUIRED)])?;
    for code in &request.codes {
        position(state, code, &errors::PERMISSION_NAMESPACE_MISSING)?;
        if code == DEFAULT_NAMESPACE {
            return Err(ApiFault::of(&errors::PERMISSION_NAMESPACE_BUILT_IN));
        }
    }
    for code in &request.codes {
        if let Ok(index) = position(state, code, &errors::PERMISSION_NAMESPACE_MISSING) {
            namespaces::remove(state, index);
        }
    }
    success()
}

#[derive(Deserialize)]
struct Candidate {
    code: Option<String>,
    name: Option<String>,
}

/// `checkPermissionNamespaceExists`: whether a new namespace could take
/// the code and the name given; `isValid` is false, with the reason, when
/// another namespace has either.
pub(super) fn check_permission_namespace_exists(input: &Input, state: &mut State) -> Outcome {
    let candidate: Candidate = typed(input)?;
    let taken = |value: &Option<String>, of: fn(&Namespace) -> &str| {
        value.as_deref().is_some_and(|v| state.namespaces.0.iter().any(|n| of(n) == v))
    };
    let reason = if taken(&candidate.code, |n| &n.code) {
        Some("权限空间 code 已经存在")
    } else if taken(&candidate.name, |n| &n.name) {
        Some("权限空间名称已经存在")
    } else {
        None
    };
    Ok(match reason {
        Some(message) => json!({ "isValid": false, "message": message }),
        None => json!({ "isValid": true }),
    })
}

#[derive(Deserialize)]
struct RolesListing {
    #[serde(default)]
    code: String,
    #[serde(flatten)]
    listing: Listing,
}

/// `listPermissionNamespaceRoles`: the namespace's roles in creation
/// order, optionally only those whose code or name holds the query.
pub(super) fn list_permission_namespace_roles(input: &Input, state: &mut State) -> Outcome {
    let request: RolesListing = typed(input)?;
    let page = request.listing.page()?;
    rules::check(&[("code", (&request.code).into(), &[Rule::NotEmpty, Rule::MinLength(1)])])?;
    position(state, &request.code, &errors::PERMISSION_NAMESPACE_NOT_FOUND)?;
    let query = &request.listing.query;
    let list: Vec<Value> = state
        .roles
        .iter()
        .filter(|r| r.namespace == request.code && (contains_ci(&r.code, query) || contains_ci(&r.name, query)))
        .map(namespace_role)
        .collect();
    Ok(page.of(list))
}
