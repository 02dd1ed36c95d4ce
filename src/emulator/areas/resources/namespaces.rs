//! Permission namespaces: created, read back, renamed, listed and deleted.
//!
//! Every pool has the `default` namespace, which can be renamed in words
//! (`name`, `description`) but neither deleted nor given another code, as
//! roles and resources of requests naming no namespace land there. Giving
//! a namespace another code carries its roles, resources and grants along;
//! deleting one deletes them ([`Removed::Namespace`]).
//!
//! Codes are checked as the service checks them, which differs by
//! operation: a single create or update refuses an empty or over-long code
//! as a malformed parameter, and characters a code cannot hold (blanks
//! included) in words of its own; a batch item says both in words of its
//! own. A lookup of a code that names nothing is a 404, unless the code is
//! empty or too long to be anyone's.

use crate::emulator::areas::codes::{MAX_CODE_LEN, is_code_char};
use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::render::namespace_role;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{DEFAULT_NAMESPACE, Namespace, Removed, Role, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// Whether `code` is empty or longer than any namespace code can be.
fn is_malformed(code: &str) -> bool {
    code.is_empty() || code.chars().count() > MAX_CODE_LEN
}

/// Refuses a new code: malformed shape as the parameter `key`, characters
/// a code cannot hold in the service's words.
fn check_code(code: &str, key: &str) -> Result<(), ApiFault> {
    if is_malformed(code) {
        return Err(ApiFault::invalid(key, format!("a namespace code is 1 to {MAX_CODE_LEN} characters")));
    }
    if !code.chars().all(is_code_char) {
        return Err(ApiFault::new(&errors::INVALID_NAMESPACE_CODE, [code])
            .with_detail("a namespace code is letters, digits, '_', '-' and ':'"));
    }
    Ok(())
}

/// Refuses a batch item's code, every fault in the service's words.
fn check_item_code(code: &str) -> Result<(), ApiFault> {
    if code.is_empty() {
        return Err(ApiFault::of(&errors::NAMESPACE_NAME_EMPTY));
    }
    if code.chars().count() > MAX_CODE_LEN || !code.chars().all(is_code_char) {
        return Err(ApiFault::new(&errors::INVALID_NAMESPACE_CODE, [code])
            .with_detail(format!("a namespace code is 1 to {MAX_CODE_LEN} letters, digits, '_', '-' and ':'")));
    }
    Ok(())
}

/// Refuses a code another namespace (or an earlier item of the same request) holds.
fn check_free(state: &State, batch: &[Namespace], code: &str) -> Result<(), ApiFault> {
    if state.namespaces.get(code).is_some() || batch.iter().any(|n| n.code == code) {
        return Err(ApiFault::of(&errors::NAMESPACE_CONFLICT).with_detail(format!("a namespace is already {code}")));
    }
    Ok(())
}

/// A new namespace's fields, as both services that create namespaces take them.
#[derive(Deserialize)]
pub(in crate::emulator::areas) struct NewNamespace {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

impl From<NewNamespace> for Namespace {
    fn from(new: NewNamespace) -> Self {
        // Numbered when added to a pool's namespaces.
        Namespace { id: 0, code: new.code, name: new.name, description: new.description }
    }
}

/// A `NamespaceDto`.
pub(in crate::emulator::areas) fn render(namespace: &Namespace) -> Value {
    json!({ "code": namespace.code, "name": namespace.name, "description": namespace.description })
}

/// A request naming one namespace by its code.
#[derive(Deserialize)]
struct ByCode {
    #[serde(default)]
    code: String,
}

impl ByCode {
    /// The position of the namespace the code names: empty or over-long is
    /// malformed, anything else that names nothing is `missing`.
    fn position(&self, state: &State, missing: &'static errors::Refusal) -> Result<usize, ApiFault> {
        if is_malformed(&self.code) {
            return Err(ApiFault::invalid("code", format!("a namespace code is 1 to {MAX_CODE_LEN} characters")));
        }
        state
            .namespaces
            .0
            .iter()
            .position(|n| n.code == self.code)
            .ok_or_else(|| ApiFault::of(missing).with_detail(format!("no namespace is {}", self.code)))
    }
}

/// `createNamespace`.
pub(super) fn create_namespace(input: &Input, state: &mut State) -> Outcome {
    let new: NewNamespace = typed(input)?;
    check_code(&new.code, "code")?;
    check_free(state, &[], &new.code)?;
    let namespace = Namespace::from(new);
    let rendered = render(&namespace);
    state.namespaces.add(namespace);
    Ok(rendered)
}

#[derive(Deserialize)]
struct NewNamespaces {
    list: Vec<NewNamespace>,
}

/// `createNamespacesBatch`: every namespace is created, or none is.
pub(super) fn create_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let mut created: Vec<Namespace> = Vec::new();
    for new in typed::<NewNamespaces>(input)?.list {
        check_item_code(&new.code)?;
        check_free(state, &created, &new.code)?;
        created.push(new.into());
    }
    created.into_iter().for_each(|n| state.namespaces.add(n));
    success()
}

/// `getNamespace`.
pub(super) fn get_namespace(input: &Input, state: &mut State) -> Outcome {
    let index = typed::<ByCode>(input)?.position(state, &errors::NAMESPACE_NOT_EXISTS)?;
    Ok(render(&state.namespaces.0[index]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByCodes {
    code_list: Vec<String>,
}

/// `getNamespacesBatch`: the namespaces among the codes, in the pool's
/// order; codes that name none are left out.
pub(super) fn get_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let codes = typed::<ByCodes>(input)?.code_list;
    let found: Vec<Value> = state.namespaces.0.iter().filter(|n| codes.contains(&n.code)).map(render).collect();
    Ok(Value::Array(found))
}

#[derive(Deserialize)]
struct Listing {
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    paging: Paging,
}

/// `listNamespaces`: in creation order, `default` first, optionally only
/// those whose code or name holds the keywords.
pub(super) fn list_namespaces(input: &Input, state: &mut State) -> Outcome {
    let listing: Listing = typed(input)?;
    let page = listing.paging.page()?;
    let list: Vec<Value> = state
        .namespaces
        .0
        .iter()
        .filter(|n| contains_ci(&n.code, &listing.keywords) || contains_ci(&n.name, &listing.keywords))
        .map(render)
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
struct RolesListing {
    #[serde(flatten)]
    namespace: ByCode,
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    paging: Paging,
}

/// `listNamespaceRoles`: the namespace's roles whose code or name holds
/// the keywords, in creation order, paged. Its name and summary promise a
/// paged list, but the spec (and the vendor's generated reference, whose
/// example answer is one role) holds `data` to a single
/// `NamespaceRolesListRespDto`, whose members a `{totalCount, list}` would
/// lack; so the answer is the first role of the requested page, and a page
/// with none is refused as no role, there being no role to answer.
pub(super) fn list_namespace_roles(input: &Input, state: &mut State) -> Outcome {
    let listing: RolesListing = typed(input)?;
    let page = listing.paging.page()?;
    let index = listing.namespace.position(state, &errors::NAMESPACE_NOT_FOUND)?;
    let code = &state.namespaces.0[index].code;
    let keywords = &listing.keywords;
    let roles: Vec<&Role> = state
        .roles
        .iter()
        .filter(|r| &r.namespace == code && (contains_ci(&r.code, keywords) || contains_ci(&r.name, keywords)))
        .collect();
    let role = page.slice(roles).into_iter().next().ok_or_else(|| {
        ApiFault::of(&errors::ROLE_NOT_FOUND).with_detail(format!("no role of {code} is on the page asked for"))
    })?;
    let mut rendered = namespace_role(role);
    rendered["id"] = json!(role.id);
    Ok(rendered)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(flatten)]
    namespace: ByCode,
    new_code: Option<String>,
    name: Option<String>,
    description: Option<String>,
}

/// `updateNamespace`: changes the fields given. A new code must be free,
/// and carries the namespace's roles, resources and grants along.
pub(super) fn update_namespace(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    let index = update.namespace.position(state, &errors::NAMESPACE_NOT_FOUND)?;
    let old = &update.namespace.code;
    let new_code = update.new_code.as_deref().filter(|code| code != old);
    if let Some(code) = new_code {
        check_code(code, "newCode")?;
        if old == DEFAULT_NAMESPACE {
            return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
        }
        check_free(state, &[], code)?;
    }
    apply_update(state, index, update.name, update.description, new_code);
    let namespace = &state.namespaces.0[index];
    Ok(json!({
        "code": namespace.code,
        "name": namespace.name,
        "description": namespace.description,
        "newCode": namespace.code,
    }))
}

/// Changes the namespace at `index` as an update of either namespace
/// service asks, once that service's own rules have let it through.
pub(in crate::emulator::areas) fn apply_update(
    state: &mut State,
    index: usize,
    name: Option<String>,
    description: Option<String>,
    new_code: Option<&str>,
) {
    let namespace = &mut state.namespaces.0[index];
    if let Some(name) = name {
        namespace.name = name;
    }
    if let Some(description) = description {
        namespace.description = description;
    }
    if let Some(code) = new_code {
        recode(state, index, code);
    }
}

/// Gives the namespace at `index` a new code, which must be free, and
/// carries along what lives in it: roles, resources, data resources and grants.
fn recode(state: &mut State, index: usize, code: &str) {
    let old = std::mem::replace(&mut state.namespaces.0[index].code, code.to_owned());
    let moves = |namespace: &mut String| {
        if *namespace == old {
            *namespace = code.to_owned();
        }
    };
    state.roles.iter_mut().for_each(|r| moves(&mut r.namespace));
    state.resources.iter_mut().for_each(|r| moves(&mut r.namespace));
    state.data_resources.iter_mut().for_each(|r| moves(&mut r.namespace));
    state.authorizations.iter_mut().for_each(|a| moves(&mut a.namespace));
}

/// Deletes the namespace at `index` and, through the event, what lives in it.
pub(in crate::emulator::areas) fn remove(state: &mut State, index: usize) {
    let namespace = state.namespaces.0.remove(index);
    state.removed(&Removed::Namespace(&namespace.code));
}

/// `deleteNamespace`.
pub(super) fn delete_namespace(input: &Input, state: &mut State) -> Outcome {
    let index = typed::<ByCode>(input)?.position(state, &errors::NAMESPACE_NOT_FOUND)?;
    if state.namespaces.0[index].code == DEFAULT_NAMESPACE {
        return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
    }
    remove(state, index);
    success()
}

/// `deleteNamespacesBatch`: codes that name no namespace are already gone,
/// so they are not an error; `default` is refused before anything goes.
pub(super) fn delete_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let codes = typed::<ByCodes>(input)?.code_list;
    if codes.iter().any(|c| c == DEFAULT_NAMESPACE) {
        return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
    }
    while let Some(index) = state.namespaces.0.iter().position(|n| codes.contains(&n.code)) {
        remove(state, index);
    }
    success()
}

/// A request's namespace, which must exist; `None` means [`DEFAULT_NAMESPACE`].
pub(in crate::emulator::areas) fn namespace<'a>(state: &State, code: Option<&'a str>) -> Result<&'a str, ApiFault> {
    let code = code.unwrap_or(DEFAULT_NAMESPACE);
    match state.namespaces.get(code) {
        Some(_) => Ok(code),
        None => Err(ApiFault::of(&errors::NAMESPACE_NOT_FOUND).with_detail(format!("no namespace is {code}"))),
    }
}
