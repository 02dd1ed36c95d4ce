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

use super::{
    ApiFault, Input, Outcome, Page, contains_ci, item_str, list_items, opt_str, req_str, req_str_list, success,
};
use crate::emulator::errors;
use crate::emulator::state::{DEFAULT_NAMESPACE, Namespace, Removed, State};
use serde_json::{Value, json};

/// The longest namespace code the API accepts.
pub(super) const MAX_CODE_LEN: usize = 64;

/// Codes are identifiers ("default", "billing-app", "crm:v2").
pub(super) fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':')
}

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

/// A new namespace from a create body whose code has been checked.
fn new_namespace(item: &Input, code: &str, list: Option<&str>) -> Result<Namespace, ApiFault> {
    let text = |key| item_str(item, key, list).map(Option::unwrap_or_default);
    Ok(Namespace { code: code.to_owned(), name: text("name")?, description: text("description")? })
}

/// A `NamespaceDto`.
pub(super) fn render(namespace: &Namespace) -> Value {
    json!({ "code": namespace.code, "name": namespace.name, "description": namespace.description })
}

/// The position of the namespace a lookup's `code` names: empty or
/// over-long is malformed, anything else that names nothing is `missing`.
fn lookup(state: &State, input: &Input, missing: &'static errors::Refusal) -> Result<usize, ApiFault> {
    let code = req_str(input, "code")?;
    if is_malformed(code) {
        return Err(ApiFault::invalid("code", format!("a namespace code is 1 to {MAX_CODE_LEN} characters")));
    }
    state
        .namespaces
        .0
        .iter()
        .position(|n| n.code == code)
        .ok_or_else(|| ApiFault::of(missing).with_detail(format!("no namespace is {code}")))
}

/// `createNamespace`.
pub(super) fn create_namespace(input: &Input, state: &mut State) -> Outcome {
    let code = req_str(input, "code")?;
    check_code(code, "code")?;
    check_free(state, &[], code)?;
    let namespace = new_namespace(input, code, None)?;
    let rendered = render(&namespace);
    state.namespaces.0.push(namespace);
    Ok(rendered)
}

/// `createNamespacesBatch`: every namespace is created, or none is.
pub(super) fn create_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let mut created = Vec::new();
    for item in list_items(input, true)? {
        let code = item.get("code").and_then(Value::as_str).unwrap_or_default();
        check_item_code(code)?;
        check_free(state, &created, code)?;
        created.push(new_namespace(item, code, Some("list"))?);
    }
    state.namespaces.0.extend(created);
    success()
}

/// `getNamespace`.
pub(super) fn get_namespace(input: &Input, state: &mut State) -> Outcome {
    let index = lookup(state, input, &errors::NAMESPACE_NOT_EXISTS)?;
    Ok(render(&state.namespaces.0[index]))
}

/// `getNamespacesBatch`: the namespaces among the codes, in the pool's
/// order; codes that name none are left out.
pub(super) fn get_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let codes = req_str_list(input, "codeList")?;
    let found: Vec<Value> = state.namespaces.0.iter().filter(|n| codes.contains(&n.code)).map(render).collect();
    Ok(Value::Array(found))
}

/// `listNamespaces`: in creation order, `default` first, optionally only
/// those whose code or name holds the keywords.
pub(super) fn list_namespaces(input: &Input, state: &mut State) -> Outcome {
    let page = Page::from_input(input)?;
    let keywords = opt_str(input, "keywords")?.unwrap_or_default();
    let list: Vec<Value> = state
        .namespaces
        .0
        .iter()
        .filter(|n| contains_ci(&n.code, keywords) || contains_ci(&n.name, keywords))
        .map(render)
        .collect();
    Ok(page.of(list))
}

/// `updateNamespace`: changes the fields given. A new code must be free,
/// and carries the namespace's roles, resources and grants along.
pub(super) fn update_namespace(input: &Input, state: &mut State) -> Outcome {
    let index = lookup(state, input, &errors::NAMESPACE_NOT_FOUND)?;
    let old = state.namespaces.0[index].code.clone();
    let new_code = opt_str(input, "newCode")?.filter(|code| *code != old);
    if let Some(code) = new_code {
        check_code(code, "newCode")?;
        if old == DEFAULT_NAMESPACE {
            return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
        }
        check_free(state, &[], code)?;
    }
    let (name, description) = (opt_str(input, "name")?, opt_str(input, "description")?);
    let namespace = &mut state.namespaces.0[index];
    if let Some(name) = name {
        namespace.name = name.to_owned();
    }
    if let Some(description) = description {
        namespace.description = description.to_owned();
    }
    if let Some(code) = new_code {
        recode(state, index, code);
    }
    let namespace = &state.namespaces.0[index];
    Ok(json!({
        "code": namespace.code,
        "name": namespace.name,
        "description": namespace.description,
        "newCode": namespace.code,
    }))
}

/// Gives the namespace at `index` a new code, which must be free, and
/// carries along what lives in it: roles, resources, data resources and grants.
pub(super) fn recode(state: &mut State, index: usize, code: &str) {
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
pub(super) fn remove(state: &mut State, index: usize) {
    let namespace = state.namespaces.0.remove(index);
    state.removed(&Removed::Namespace(&namespace.code));
}

/// `deleteNamespace`.
pub(super) fn delete_namespace(input: &Input, state: &mut State) -> Outcome {
    let index = lookup(state, input, &errors::NAMESPACE_NOT_FOUND)?;
    if state.namespaces.0[index].code == DEFAULT_NAMESPACE {
        return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
    }
    remove(state, index);
    success()
}

/// `deleteNamespacesBatch`: codes that name no namespace are already gone,
/// so they are not an error; `default` is refused before anything goes.
pub(super) fn delete_namespaces_batch(input: &Input, state: &mut State) -> Outcome {
    let codes = req_str_list(input, "codeList")?;
    if codes.iter().any(|c| c == DEFAULT_NAMESPACE) {
        return Err(ApiFault::of(&errors::NAMESPACE_BUILT_IN));
    }
    while let Some(index) = state.namespaces.0.iter().position(|n| codes.contains(&n.code)) {
        remove(state, index);
    }
    success()
}
