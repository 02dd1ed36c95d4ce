//! Groups and roles: just enough for users to hold them, list them, and lose
//! them on resignation or deletion.
//!
//! Group codes are unique in the pool; role codes are unique within their
//! namespace (`default` when none is given). Roles are assigned to users
//! only; assigning to groups, departments or other roles is refused rather
//! than stored without effect.

use super::render::{self, UserView};
use super::resolve;
use super::{ApiFault, Input, Outcome, Page, opt_i64, opt_object, opt_str, req_str, req_str_list, success};
use crate::emulator::errors;
use crate::emulator::state::{Group, Role, RoleAssignment, State};
use serde_json::Value;

/// The namespace a role lives in when the caller names none.
pub(super) const DEFAULT_NAMESPACE: &str = "default";

/// Group codes are identifiers ("developers", "sales-east"), as the API asks.
fn is_identifier(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The group a request's `code` names.
fn input_group<'a>(state: &'a State, input: &Input) -> Result<&'a Group, ApiFault> {
    let code = req_str(input, "code")?;
    state.groups.iter().find(|g| g.code == code).ok_or_else(|| ApiFault::of(&errors::GROUP_NOT_FOUND))
}

/// `createGroup`.
pub(super) fn create_group(input: &Input, state: &mut State) -> Outcome {
    let code = req_str(input, "code")?;
    if !is_identifier(code) {
        return Err(ApiFault::invalid("code", format!("a group code is letters, digits, '_' and '-': {code}")));
    }
    if state.groups.iter().any(|g| g.code == code) {
        return Err(ApiFault::of(&errors::GROUP_CONFLICT));
    }
    let mut group = Group {
        code: code.to_owned(),
        name: req_str(input, "name")?.to_owned(),
        description: opt_str(input, "description")?.unwrap_or_default().to_owned(),
        kind: opt_str(input, "type")?.unwrap_or_default().to_owned(),
        custom_data: opt_object(input, "customData")?.cloned().unwrap_or_default(),
        ..Group::default()
    };
    group.id = state.new_id();
    let rendered = render::group(state, &group);
    state.groups.push(group);
    Ok(rendered)
}

/// `addGroupMembers`: every user joins, or none does if any is unknown or resigned.
pub(super) fn add_group_members(input: &Input, state: &mut State) -> Outcome {
    let code = input_group(state, input)?.code.clone();
    let users = resolve::user_ids(state, &req_str_list(input, "userIds")?, resolve::user_id_type(input)?)?;
    resolve::refuse_resigned(state, &users)?;
    if let Some(group) = state.groups.iter_mut().find(|g| g.code == code) {
        for user in users {
            if !group.members.contains(&user) {
                group.members.push(user);
            }
        }
    }
    success()
}

/// `listGroupMembers`: paged, in joining order.
pub(super) fn list_group_members(input: &Input, state: &mut State) -> Outcome {
    let group = input_group(state, input)?;
    let page = Page::from_input(input)?;
    let members = render::users(state, group.members.iter().map(String::as_str), UserView::from_input(input));
    Ok(page.of(members))
}

/// `createRole`: `disableTime` arrives as text holding milliseconds since the epoch.
pub(super) fn create_role(input: &Input, state: &mut State) -> Outcome {
    let code = req_str(input, "code")?;
    let namespace = opt_str(input, "namespace")?.unwrap_or(DEFAULT_NAMESPACE);
    if state.roles.iter().any(|r| r.code == code && r.namespace == namespace) {
        return Err(ApiFault::of(&errors::ROLE_CONFLICT));
    }
    let disable_time = match input.get("disableTime") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(
            text.parse::<i64>()
                .map_err(|_| ApiFault::invalid("disableTime", format!("not milliseconds since the epoch: {text}")))?,
        ),
        Some(other) => Some(other.as_i64().ok_or_else(|| ApiFault::invalid("disableTime", "not an integer"))?),
    };
    let mut role = Role {
        code: code.to_owned(),
        namespace: namespace.to_owned(),
        name: opt_str(input, "name")?.unwrap_or(code).to_owned(),
        description: opt_str(input, "description")?.unwrap_or_default().to_owned(),
        disable_time,
        ..Role::default()
    };
    role.id = state.new_id();
    let rendered = render::role(&role);
    state.roles.push(role);
    Ok(rendered)
}

/// `assignRole`: gives the role to user targets (by user id), optionally
/// limited to `[enableTime, endTime)`; assigning again replaces the limits.
pub(super) fn assign_role(input: &Input, state: &mut State) -> Outcome {
    let code = req_str(input, "code")?;
    let namespace = opt_str(input, "namespace")?.unwrap_or(DEFAULT_NAMESPACE);
    let Some(index) = state.roles.iter().position(|r| r.code == code && r.namespace == namespace) else {
        return Err(ApiFault::of(&errors::ROLE_NOT_FOUND));
    };
    let targets = match input.get("targets") {
        Some(Value::Array(targets)) => targets,
        _ => return Err(ApiFault::invalid("targets", "not a list")),
    };
    let mut references = Vec::with_capacity(targets.len());
    for target in targets {
        match (target.get("targetType").and_then(Value::as_str), target.get("targetIdentifier").and_then(Value::as_str))
        {
            (Some("USER"), Some(identifier)) => references.push(identifier.to_owned()),
            (Some("USER"), None) => return Err(ApiFault::invalid("targets", "every target needs a targetIdentifier")),
            (other, _) => {
                let kind = other.unwrap_or("(none)");
                return Err(ApiFault::new(&errors::NOT_EMULATED, [format!("assignRole to {kind} targets")]));
            }
        }
    }
    let users = resolve::user_ids(state, &references, "user_id")?;
    resolve::refuse_resigned(state, &users)?;
    let (enable_time, end_time) = (opt_i64(input, "enableTime")?, opt_i64(input, "endTime")?);
    if let Some(role) = state.roles.get_mut(index) {
        for user_id in users {
            role.assignments.retain(|a| a.user_id != user_id);
            role.assignments.push(RoleAssignment { user_id, enable_time, end_time });
        }
    }
    success()
}
