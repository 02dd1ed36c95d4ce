//! What a user's sign-ins leave behind: login history, sessions in
//! applications, MFA enrolments, principal authentication, and the
//! applications and resources a signed-in user reaches.
//!
//! The emulator signs nobody in (it serves the Management API, not the
//! Authentication API), so for every user that exists the truthful answer
//! about sign-ins is an empty one: no history, no sessions, no enrolment,
//! no principal authentication record. The user must still exist, and a
//! reference must still be well formed, exactly as for every other user
//! operation; that is what these handlers check. What a user reaches
//! does not depend on signing in: the applications they may use follow
//! from the applications' access grants and strategies (see
//! [`access`]), the resources from the resource grants. The
//! one thing an administrator writes here, a user's MFA trigger data, is
//! kept as given.

use crate::emulator::areas::applications::access::{self, Reach};
use crate::emulator::areas::input::Page;
use crate::emulator::areas::resources;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve, success};
use crate::emulator::errors;
use crate::emulator::state::{State, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The status of an MFA factor nobody has enrolled in.
const NOT_ENROLLED: &str = "DISABLED";

/// Resolves the request's user, or refuses as every user operation does.
fn existing_user(state: &State, input: &Input) -> Result<String, ApiFault> {
    resolve::input_user_id(state, input)
}

/// `getUserLoginHistory`: a page of nothing.
pub(super) fn get_user_login_history(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Ok(Page::from_input(input)?.of(Vec::new()))
}

/// `getUserLoggedinApps` and `getUserLoggedinIdentities`: an empty list.
pub(super) fn empty_list(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Ok(json!([]))
}

/// `getUserAccessibleApps`: the applications the user may use, by a grant
/// that allows them or, where no grant decides, by an open strategy.
pub(super) fn get_user_accessible_apps(input: &Input, state: &mut State) -> Outcome {
    let user_id = existing_user(state, input)?;
    Ok(json!(access::user_apps(state, &user_id, Reach::Accessible)))
}

/// `getUserAuthorizedApps`: the applications a grant allows the user, their
/// own or one of a role, group or department of theirs.
pub(super) fn get_user_authorized_apps(input: &Input, state: &mut State) -> Outcome {
    let user_id = existing_user(state, input)?;
    Ok(json!(access::user_apps(state, &user_id, Reach::Authorized)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Grants {
    namespace: Option<String>,
    resource_type: Option<String>,
}

/// `getUserAuthorizedResources`: what the user was granted in the
/// namespace, directly or through a role, group or department of theirs.
pub(super) fn get_user_authorized_resources(input: &Input, state: &mut State) -> Outcome {
    let user_id = existing_user(state, input)?;
    let request: Grants = typed(input)?;
    let namespace = resources::namespace(state, request.namespace.as_deref())?;
    let now = now_ms();
    let list = resources::authorized(state, namespace, request.resource_type.as_deref(), |a| {
        state.reaches(a.target_type, &a.target_id, &user_id, now)
    });
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// `getUserMfaInfo`: every factor not enrolled.
pub(super) fn get_user_mfa_info(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Ok(json!({
        "totpStatus": NOT_ENROLLED,
        "faceMfaStatus": NOT_ENROLLED,
        "smsMfaStatus": NOT_ENROLLED,
        "emailMfaStatus": NOT_ENROLLED,
    }))
}

/// `getUserPrincipalAuthenticationInfo`: never authenticated, so no principal.
pub(super) fn get_user_principal_authentication_info(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Ok(json!({
        "authenticated": false,
        "principalType": null,
        "principalCode": null,
        "principalName": null,
        "authenticatedAt": null,
    }))
}

/// `resetUserPrincipalAuthenticationInfo`: there is no record to reset,
/// which the service answers with a status of its own.
pub(super) fn reset_user_principal_authentication_info(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Err(ApiFault::of(&errors::NO_AUTHENTICATION_RECORD))
}

/// `kickUsers`: signs the user out of the listed applications; nobody is
/// signed in, so there is nothing to end.
pub(super) fn kick_users(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    success()
}

/// `checkSessionStatus`: nobody is signed in to any application.
pub(super) fn check_session_status(input: &Input, state: &mut State) -> Outcome {
    existing_user(state, input)?;
    Ok(json!({ "active": false }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MfaStatus {
    mfa_trigger_data: Map<String, Value>,
}

/// `setUsersMfaStatus`: keeps the user's MFA trigger data as given.
pub(super) fn set_users_mfa_status(input: &Input, state: &mut State) -> Outcome {
    let user_id = existing_user(state, input)?;
    let data = typed::<MfaStatus>(input)?.mfa_trigger_data;
    if let Some(user) = state.user_mut(&user_id) {
        user.mfa_trigger_data = Some(Value::Object(data));
    }
    success()
}

/// `getUserMfaStatus`: the trigger data last set. Before any is set, the
/// service's answer (a token the emulator never issued) has no truthful
/// counterpart, so that case is not emulated.
pub(super) fn get_user_mfa_status(input: &Input, state: &mut State) -> Outcome {
    let user_id = existing_user(state, input)?;
    state.user(&user_id).and_then(|u| u.mfa_trigger_data.clone()).ok_or_else(|| {
        ApiFault::new(&errors::NOT_EMULATED, ["getUserMfaStatus of a user whose MFA status was never set"])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn input(value: Value) -> Input {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn an_existing_user_has_no_sign_ins_and_a_missing_one_is_refused() {
        let mut state = State::default();
        let id = state.new_id();
        state.users.push(crate::emulator::state::User { id: id.clone(), ..Default::default() });
        let known = input(json!({ "userId": id, "appIds": ["app"] }));
        assert_eq!(get_user_login_history(&known, &mut state).unwrap()["totalCount"], 0);
        assert_eq!(empty_list(&known, &mut state).unwrap(), json!([]));
        assert_eq!(get_user_mfa_info(&known, &mut state).unwrap()["totpStatus"], NOT_ENROLLED);
        let principal = get_user_principal_authentication_info(&known, &mut state).unwrap();
        assert_eq!((&principal["authenticated"], &principal["principalType"]), (&json!(false), &Value::Null));
        let reset = reset_user_principal_authentication_info(&known, &mut state).unwrap_err();
        assert_eq!(reset.status_code(), 499);
        kick_users(&known, &mut state).unwrap();
        let ghost = input(json!({ "userId": "000000000000000000000000" }));
        assert_eq!(empty_list(&ghost, &mut state).unwrap_err().refusal(), &errors::USER_NOT_FOUND);
        let empty = input(json!({ "userId": "" }));
        assert_eq!(get_user_mfa_info(&empty, &mut state).unwrap_err().refusal(), &errors::INVALID_PARAMETER);
    }
}
