//! Who may use an application: its default strategy, and the grants that
//! allow or deny it to users, roles, groups and departments.
//!
//! A grant request names its subjects as the resource grants do (users
//! and departments by id, roles by code in a namespace, groups by code),
//! each of which must exist; the grant keeps the subject's id, so it
//! follows a role or group whose code changes and ends when the subject is
//! removed. Granting a subject again replaces its grant's effect. A grant
//! switched off counts for nothing until switched on again.
//!
//! Grants to access keys (`AK_SK`) are not emulated: the emulator keeps
//! no access keys.

use super::handlers::{AppRef, input_app, input_app_index};
use crate::emulator::areas::input::{MAX_BATCH, Paging, contains_ci};
use crate::emulator::areas::resources;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{
    AccessEffect, AccessGrant, AccessTarget, Application, DEFAULT_NAMESPACE, PermissionStrategy, State, TargetType,
    now_ms,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// `getApplicationPermissionStrategy`.
pub(super) fn get_application_permission_strategy(input: &Input, state: &mut State) -> Outcome {
    Ok(json!({ "permissionStrategy": input_app(state, input)?.permission_strategy }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Strategy {
    permission_strategy: PermissionStrategy,
}

/// `updateApplicationPermissionStrategy`.
pub(super) fn update_application_permission_strategy(input: &Input, state: &mut State) -> Outcome {
    let index = input_app_index(state, input)?;
    state.applications[index].permission_strategy = typed::<Strategy>(input)?.permission_strategy;
    success()
}

/// One item of a grant or revocation request: subjects of one kind.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccessItem {
    target_type: AccessTarget,
    namespace_code: Option<String>,
    #[serde(default)]
    inherit_by_children: bool,
    #[serde(default)]
    target_identifier: Vec<String>,
    effect: Option<AccessEffect>,
}

#[derive(Deserialize)]
struct AccessRequest {
    #[serde(flatten)]
    app: AppRef,
    list: Vec<AccessItem>,
}

/// A subject a request names, resolved, with what the item says of it.
struct Subject<'a> {
    kind: TargetType,
    id: String,
    item: &'a AccessItem,
}

/// The application a grant or revocation request names and its subjects,
/// each of which must exist, resolved before anything changes.
fn subjects<'a>(state: &State, request: &'a AccessRequest) -> Result<(usize, Vec<Subject<'a>>), ApiFault> {
    let index = request.app.index(state)?;
    let mut subjects = Vec::new();
    for item in &request.list {
        if item.target_identifier.len() > MAX_BATCH {
            let count = item.target_identifier.len();
            return Err(ApiFault::invalid("list", format!("{count} target identifiers; at most {MAX_BATCH}")));
        }
        let kind = item.target_type.holder();
        // Only a role's code needs a namespace; the others' are the pool's.
        let namespace = match kind {
            TargetType::Role => resources::namespace(state, item.namespace_code.as_deref())?,
            _ => DEFAULT_NAMESPACE,
        };
        for identifier in &item.target_identifier {
            let id = resources::target_id(state, namespace, kind, identifier)?;
            subjects.push(Subject { kind, id, item });
        }
    }
    Ok((index, subjects))
}

/// `authorizeApplicationAccess`: allows or denies the application to each
/// subject listed, replacing what an earlier grant to it said.
pub(super) fn authorize_application_access(input: &Input, state: &mut State) -> Outcome {
    let request: AccessRequest = typed(input)?;
    let (index, subjects) = subjects(state, &request)?;
    for subject in subjects {
        let effect = subject.item.effect.ok_or_else(|| ApiFault::invalid("list", "every item needs an effect"))?;
        let inherit_by_children = subject.kind == TargetType::Department && subject.item.inherit_by_children;
        let grants = &state.applications[index].grants;
        match grants.iter().position(|g| g.target_type == subject.kind && g.target_id == subject.id) {
            Some(at) => {
                let grant = &mut state.applications[index].grants[at];
                grant.effect = effect;
                grant.inherit_by_children = inherit_by_children;
            }
            None => {
                let id = state.new_id();
                state.applications[index].grants.push(AccessGrant {
                    id,
                    target_type: subject.kind,
                    target_id: subject.id,
                    effect,
                    enabled: true,
                    inherit_by_children,
                });
            }
        }
    }
    success()
}

/// `revokeApplicationAccess`: the listed subjects' grants end; a subject
/// without one goes on without one.
pub(super) fn revoke_application_access(input: &Input, state: &mut State) -> Outcome {
    let request: AccessRequest = typed(input)?;
    let (index, subjects) = subjects(state, &request)?;
    let revoked = |g: &AccessGrant| subjects.iter().any(|s| s.kind == g.target_type && s.id == g.target_id);
    state.applications[index].grants.retain(|g| !revoked(g));
    success()
}

/// The display name of a subject, if it exists: a user's name, nickname,
/// username, email or phone (the first it has), a role's, group's or
/// department's name.
fn subject_name(state: &State, kind: TargetType, id: &str) -> Option<String> {
    match kind {
        TargetType::User => state.user(id).map(|u| {
            [&u.name, &u.nickname, &u.username, &u.email, &u.phone]
                .into_iter()
                .flatten()
                .find(|text| !text.is_empty())
                .map_or_else(|| u.id.clone(), Clone::clone)
        }),
        TargetType::Role => state.roles.iter().find(|r| r.id == id).map(|r| r.name.clone()),
        TargetType::Group => state.groups.iter().find(|g| g.id == id).map(|g| g.name.clone()),
        TargetType::Department => state.department(id).map(|d| d.name.clone()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GrantsListing {
    #[serde(flatten)]
    app: AppRef,
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    target_name: String,
    #[serde(default)]
    target_type_list: Vec<AccessTarget>,
    effect: Option<AccessEffect>,
    enabled: Option<bool>,
}

/// `listAuthApplication`: the application's grants in granting order,
/// optionally only those of the subject kinds, effect or state given, or
/// whose subject's name holds `targetName`. Each is a grant to a subject
/// (`SUBJECT`); the strategy that covers everyone else is the
/// application's own setting, not a grant.
pub(super) fn list_auth_application(input: &Input, state: &mut State) -> Outcome {
    let listing: GrantsListing = typed(input)?;
    let app = listing.app.find(state)?;
    let page = listing.paging.page()?;
    let rows: Vec<Value> = app
        .grants
        .iter()
        .filter(|g| {
            listing.target_type_list.is_empty() || listing.target_type_list.contains(&AccessTarget::of(g.target_type))
        })
        .filter(|g| listing.effect.is_none_or(|effect| g.effect == effect))
        .filter(|g| listing.enabled.is_none_or(|enabled| g.enabled == enabled))
        .filter_map(|g| Some((g, subject_name(state, g.target_type, &g.target_id)?)))
        .filter(|(_, name)| contains_ci(name, &listing.target_name))
        .map(|(g, name)| {
            json!({
                "id": g.id,
                "targetId": g.target_id,
                "targetName": name,
                "targetType": AccessTarget::of(g.target_type),
                "effect": g.effect,
                "enabled": g.enabled,
                "permissionType": "SUBJECT",
            })
        })
        .collect();
    Ok(page.of(rows))
}

/// Where the grant with this id is: its application's position and its own.
fn grant_position(state: &State, id: &str) -> Result<(usize, usize), ApiFault> {
    state
        .applications
        .iter()
        .enumerate()
        .find_map(|(a, app)| app.grants.iter().position(|g| g.id == id).map(|g| (a, g)))
        .ok_or_else(|| ApiFault::of(&errors::ACCESS_GRANT_NOT_FOUND).with_detail(format!("no grant is {id}")))
}

#[derive(Deserialize)]
struct Switch {
    id: String,
    enabled: bool,
}

/// `enabledAuth`: switches a grant on or off.
pub(super) fn enabled_auth(input: &Input, state: &mut State) -> Outcome {
    let Switch { id, enabled } = typed(input)?;
    let (app, grant) = grant_position(state, &id)?;
    state.applications[app].grants[grant].enabled = enabled;
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GrantIds {
    auth_ids: Vec<String>,
}

/// `deleteAuth`: every id must name a grant, and all go or none does.
pub(super) fn delete_auth(input: &Input, state: &mut State) -> Outcome {
    let ids = typed::<GrantIds>(input)?.auth_ids;
    for id in &ids {
        grant_position(state, id)?;
    }
    for app in &mut state.applications {
        app.grants.retain(|g| !ids.contains(&g.id));
    }
    success()
}

/// A subject a query names by kind and id, as the listings of a subject's
/// grants spell them; `AK_SK` is not emulated.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubjectRef {
    target_type: String,
    #[serde(default)]
    target_id: String,
}

impl SubjectRef {
    /// The subject's kind and name; it must exist.
    fn resolve(&self, state: &State) -> Result<(TargetType, String), ApiFault> {
        let kind = match self.target_type.as_str() {
            "USER" => TargetType::User,
            "ROLE" => TargetType::Role,
            "GROUP" => TargetType::Group,
            "ORG" => TargetType::Department,
            "AK_SK" => return Err(ApiFault::new(&errors::NOT_EMULATED, ["application grants to access keys"])),
            other => return Err(ApiFault::invalid("targetType", format!("unknown: {other}"))),
        };
        if self.target_id.is_empty() {
            return Err(ApiFault::invalid("targetId", "empty"));
        }
        let missing = match kind {
            TargetType::User => &errors::USER_NOT_FOUND,
            TargetType::Role => &errors::ROLE_NOT_FOUND,
            TargetType::Group => &errors::GROUP_NOT_FOUND,
            TargetType::Department => &errors::DEPARTMENT_NOT_FOUND,
        };
        let name = subject_name(state, kind, &self.target_id)
            .ok_or_else(|| ApiFault::of(missing).with_detail(format!("no subject is {}", self.target_id)))?;
        Ok((kind, name))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubjectGrants {
    #[serde(flatten)]
    subject: SubjectRef,
    #[serde(default)]
    app_name: String,
    #[serde(default)]
    app_type_list: Vec<String>,
    #[serde(default)]
    effect: Vec<AccessEffect>,
    enabled: Option<bool>,
}

/// How the subject-side listing classes an application.
fn app_class(app: &Application) -> &'static str {
    if app.template.is_some() { "INTEGRATED" } else { "SELFBUILT" }
}

/// `listAuthSubject`: the applications the subject itself holds a grant
/// of, newest application first, optionally only those whose name holds
/// `appName`, of the classes, effects or state given.
pub(super) fn list_auth_subject(input: &Input, state: &mut State) -> Outcome {
    let request: SubjectGrants = typed(input)?;
    let (kind, _) = request.subject.resolve(state)?;
    let id = &request.subject.target_id;
    let list: Vec<Value> = state
        .applications
        .iter()
        .rev()
        .filter(|app| contains_ci(&app.name, &request.app_name))
        .filter(|app| request.app_type_list.is_empty() || request.app_type_list.iter().any(|t| t == app_class(app)))
        .filter_map(|app| app.grants.iter().find(|g| g.target_type == kind && &g.target_id == id).map(|g| (app, g)))
        .filter(|(_, g)| request.effect.is_empty() || request.effect.contains(&g.effect))
        .filter(|(_, g)| request.enabled.is_none_or(|enabled| g.enabled == enabled))
        .map(|(app, g)| {
            json!({
                "appId": app.id,
                "logo": app.logo,
                // The service's extension field, of which nothing is on record.
                "ext": "",
                "template": app.template.as_deref().unwrap_or(""),
                "appType": app_class(app),
                "effect": g.effect,
            })
        })
        .collect();
    Ok(json!({ "list": list }))
}

/// Whether the user `user_id` is in the department `department_id` or,
/// when `below` is set, in one under it.
fn in_department(state: &State, department_id: &str, user_id: &str, below: bool) -> bool {
    state.departments.iter().filter(|d| d.members.iter().any(|m| m.user_id == user_id)).any(|d| {
        let mut at = Some(d);
        while let Some(department) = at {
            if department.id == department_id {
                return true;
            }
            at = if below { department.parent_id.as_deref().and_then(|p| state.department(p)) } else { None };
        }
        false
    })
}

/// Whether the grant counts for the user `user_id` at `now`: it is the
/// user's, or held by a role, group or department of theirs.
fn reaches(state: &State, grant: &AccessGrant, user_id: &str, now: i64) -> bool {
    match grant.target_type {
        TargetType::Department => in_department(state, &grant.target_id, user_id, grant.inherit_by_children),
        kind => state.reaches(kind, &grant.target_id, user_id, now),
    }
}

/// The grant that decides whether the subject `kind`/`id` may use `app`
/// at `now`: an enabled grant of its own or, for a user without one, the
/// first enabled grant held by a role, group or department of theirs.
/// `None` leaves it to the application's strategy. Grants switched off
/// decide nothing.
fn deciding_grant<'a>(
    state: &State,
    app: &'a Application,
    kind: TargetType,
    id: &str,
    now: i64,
) -> Option<&'a AccessGrant> {
    let mut enabled = app.grants.iter().filter(|g| g.enabled);
    let own = enabled.clone().find(|g| g.target_type == kind && g.target_id == id);
    own.or_else(|| {
        (kind == TargetType::User)
            .then(|| enabled.find(|g| g.target_type != TargetType::User && reaches(state, g, id, now)))
            .flatten()
    })
}

#[derive(Deserialize)]
struct SubjectDetail {
    #[serde(flatten)]
    subject: SubjectRef,
    #[serde(flatten)]
    app: AppRef,
}

/// `detailAuthSubject`: what decides whether the subject may use the
/// application (see [`deciding_grant`]): a grant of its own (`SELF`); a
/// grant held by a role, group or department of the user's (`SUBJECT`,
/// naming that holder); otherwise the application's strategy (`DEFAULT`).
pub(super) fn detail_auth_subject(input: &Input, state: &mut State) -> Outcome {
    let SubjectDetail { subject, app } = typed(input)?;
    let (kind, name) = subject.resolve(state)?;
    let application = app.find(state)?;
    let id = subject.target_id.as_str();
    let grant = deciding_grant(state, application, kind, id, now_ms());
    let own = grant.is_some_and(|g| g.target_type == kind && g.target_id == id);
    let through =
        grant.filter(|_| !own).and_then(|g| Some((g.target_type, subject_name(state, g.target_type, &g.target_id)?)));
    let (auth_type, (holder_kind, holder_name)) = match (own, through) {
        (true, _) => ("SELF", (kind, name.clone())),
        (false, Some(holder)) => ("SUBJECT", holder),
        (false, None) => ("DEFAULT", (kind, name.clone())),
    };
    Ok(json!({
        "appId": application.id,
        "appName": application.name,
        "reqTargetId": id,
        "reqTargetName": name,
        "reqTargetType": AccessTarget::of(kind),
        "targetType": AccessTarget::of(holder_kind),
        "targetName": holder_name,
        "authType": auth_type,
    }))
}

/// Which of a user's applications [`user_apps`] lists.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(in crate::emulator) enum Reach {
    /// Those the user may use: an allowing grant lets them in, or no
    /// grant decides and the application lets everyone in.
    Accessible,
    /// Those a grant allows the user (their own or one held by a role,
    /// group or department of theirs), whatever the strategy would say.
    Authorized,
}

/// The applications of `state` the user `user_id` reaches as `reach`
/// says, newest first as the application listings are, each an `AppDto`:
/// the user-side view of the decision [`detail_auth_subject`] reports.
pub(in crate::emulator) fn user_apps(state: &State, user_id: &str, reach: Reach) -> Vec<Value> {
    let now = now_ms();
    let lets_in = |app: &Application| match deciding_grant(state, app, TargetType::User, user_id, now) {
        Some(grant) => grant.effect == AccessEffect::Allow,
        None => reach == Reach::Accessible && app.permission_strategy == PermissionStrategy::AllowAll,
    };
    state
        .applications
        .iter()
        .rev()
        .filter(|app| lets_in(app))
        .map(|app| {
            json!({
                "appId": app.id,
                "appName": app.name,
                "appLogo": app.logo,
                // Where a sign-in started from the app panel begins.
                "appLoginUrl": app.init_login_uri,
                "appDefaultLoginStrategy": app.permission_strategy,
            })
        })
        .collect()
}
