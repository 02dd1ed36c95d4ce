//! Custom administrator roles: created and deleted by code. They are the
//! console administrators' roles, not roles of a permission namespace, so
//! they share no codes with [`State::roles`] and hold no members here.

use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{AdminRole, State, now_ms};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct NewAdminRole {
    name: String,
    code: String,
    #[serde(default)]
    description: String,
}

/// `createAdminRole`: a role with a code unique among administrator
/// roles. The answer is the check the new role passed (the spec types the
/// service's failure hint as a boolean and requires it: `false`, no hint).
pub(super) fn create_admin_role(input: &Input, state: &mut State) -> Outcome {
    let NewAdminRole { name, code, description } = typed(input)?;
    for (key, value) in [("code", &code), ("name", &name)] {
        if value.is_empty() {
            return Err(ApiFault::invalid(key, "empty"));
        }
    }
    if state.admin_roles.iter().any(|r| r.code == code) {
        return Err(ApiFault::new(&errors::ADMIN_ROLE_CONFLICT, [code.as_str()]));
    }
    state.admin_roles.push(AdminRole { code, name, description, created_at: now_ms() });
    Ok(json!({ "isValid": true, "message": false }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdminRoleCodes {
    code_list: Vec<String>,
}

/// `deleteAdminRolesBatch`: deletes the administrator roles with these
/// codes; a code naming none is already gone.
pub(super) fn delete_admin_roles_batch(input: &Input, state: &mut State) -> Outcome {
    let AdminRoleCodes { code_list } = typed(input)?;
    if code_list.is_empty() {
        return Err(ApiFault::invalid("codeList", "empty"));
    }
    state.admin_roles.retain(|r| !code_list.contains(&r.code));
    success()
}
