//! The pool's collaborating administrators: pool users given rights over
//! the console by the permission policies named when they were made so.
//!
//! The vendor's documentation calls an administrator internal when they
//! are a user of the pool and external when they are a user of the
//! service's own accounts outside it. A cooperator is made from a pool
//! user's id, so every cooperator the emulator keeps is internal.
//!
//! What console menus a policy opens is the service's own definition of
//! its built-in policies, which is on record nowhere we looked (the spec
//! and the reference spec, the official Node SDK and its tests, the public
//! code and documentation the search tool reaches); so the reads of a
//! cooperator (`getTenantCooperator`, `getTenantCooperatorMenu`) answer
//! the policies kept as given and list no menus, rather than invent them.

use super::handlers::{TextPage, user_matches};
use crate::emulator::areas::render::{self, View};
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve, success};
use crate::emulator::errors;
use crate::emulator::state::{Cooperator, State, User};
use serde::Deserialize;
use serde_json::{Value, json};

/// The kind of subject a cooperator is, as the API's target types spell a user.
const SUBJECT_TYPE: &str = "USER";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewCooperator {
    policies: Option<Vec<String>>,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    api_authorized: bool,
    // `sendPhoneNotification` and `sendEmailNotification` ask the service to
    // tell the user by SMS or email; the emulator reaches no phone or
    // mailbox, so it reads and drops them.
}

/// `createTenantCooperator`: the user collaborates with the policies given,
/// which replace those they held if they did already.
pub(super) fn create_tenant_cooperator(input: &Input, state: &mut State) -> Outcome {
    let request: NewCooperator = typed(input)?;
    let policies = request.policies.ok_or_else(|| ApiFault::invalid("policies", "missing"))?;
    if policies.is_empty() || policies.iter().any(|p| p.trim().is_empty()) {
        return Err(ApiFault::invalid("policies", "empty, or a blank policy code"));
    }
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let cooperators = &mut state.tenant_console.cooperators;
    let cooperator = Cooperator { user_id, policies, api_authorized: request.api_authorized };
    match cooperators.iter_mut().find(|c| c.user_id == cooperator.user_id) {
        Some(existing) => *existing = cooperator,
        None => cooperators.push(cooperator),
    }
    success()
}

/// A `TenantCooperatorDto`. A cooperator is no tenant's member by being
/// one, so it carries no `tenantUser`.
fn cooperator(state: &State, user: &User) -> Value {
    json!({
        "userId": user.id,
        "type": SUBJECT_TYPE,
        "external": false,
        "user": render::user(state, user, View::default()),
    })
}

#[derive(Deserialize)]
struct CooperatorsListing {
    #[serde(default)]
    keywords: String,
    external: Option<Value>,
    #[serde(flatten)]
    page: TextPage,
}

impl CooperatorsListing {
    /// Whether only external (`Some(true)`) or only internal cooperators
    /// are asked for; a query gives the flag as text.
    fn external(&self) -> Result<Option<bool>, ApiFault> {
        match &self.external {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(Value::String(text)) if text.is_empty() => Ok(None),
            Some(Value::String(text)) => match text.as_str() {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(ApiFault::invalid("external", format!("not a boolean: {text}"))),
            },
            Some(other) => Err(ApiFault::invalid("external", format!("not a boolean: {other}"))),
        }
    }
}

/// `listTenantCooperators`: in the order they were made so, optionally
/// only those whose name, username, email or phone holds the keywords.
pub(super) fn list_tenant_cooperators(input: &Input, state: &mut State) -> Outcome {
    let request: CooperatorsListing = typed(input)?;
    let page = request.page.page()?;
    // Every cooperator the emulator keeps is internal (see the module's documentation).
    let list = if request.external()? == Some(true) {
        Vec::new()
    } else {
        state
            .tenant_console
            .cooperators
            .iter()
            .filter_map(|c| state.user(&c.user_id))
            .filter(|user| user_matches(user, &request.keywords))
            .map(|user| cooperator(state, user))
            .collect()
    };
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByUser {
    #[serde(default)]
    user_id: String,
}

/// `getTenantCooperator` and `getTenantCooperatorMenu`: the policies the
/// user collaborates with, and no menus (see the module's documentation).
pub(super) fn get_tenant_cooperator(input: &Input, state: &mut State) -> Outcome {
    let request: ByUser = typed(input)?;
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let found = state.tenant_console.cooperators.iter().find(|c| c.user_id == user_id);
    let cooperator = found.ok_or_else(|| ApiFault::of(&errors::TENANT_COOPERATOR_NOT_FOUND))?;
    Ok(json!({ "list": [], "authorizedPoliciesCode": cooperator.policies }))
}
