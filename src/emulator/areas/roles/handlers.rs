//! Roles: created, read back, changed, listed and deleted, and held by
//! users and departments.
//!
//! Role codes are unique within their permission namespace. A request
//! naming no namespace acts in the one every pool starts with, `default`;
//! one naming a namespace the pool does not have says so before anything
//! else about the request is looked up.
//!
//! The holders live on the [`Role`], so deleting a role ends every hold on
//! it. Assigning a role to a group or another role is refused rather than
//! stored without effect. The authorized-resource listing of a role lists
//! the grants `authorizeResources` made to the role itself.

use crate::emulator::areas::codes::{At, MAX_CODE_LEN, is_code_char};
use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::render::{self, View};
use crate::emulator::areas::resolve;
use crate::emulator::areas::resources;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{
    Department, DepartmentAssignment, Removed, Role, RoleAssignment, State, TargetType, now_ms,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// Refuses a role code that is empty, longer than [`MAX_CODE_LEN`] or holds
/// characters a code cannot hold. Emptiness and length are the request's
/// shape, named by the top-level parameter; the characters are the role's
/// own rule, which names the code.
fn check_role_code(code: &str, key: &str, at: At) -> Result<(), ApiFault> {
    if code.is_empty() {
        return Err(match at {
            At::TopLevel => ApiFault::invalid(key, "empty"),
            // Inside a list the service checks the item itself, in its own words.
            At::Item(_) => ApiFault::of(&errors::ROLE_CODE_EMPTY),
        });
    }
    if code.chars().count() > MAX_CODE_LEN {
        return Err(ApiFault::invalid(at.parameter(key), format!("a role code is at most {MAX_CODE_LEN} characters")));
    }
    if !code.chars().all(is_code_char) {
        return Err(ApiFault::new(&errors::INVALID_ROLE_CODE, [code])
            .with_detail("a role code is letters, digits, '_', '-' and ':'"));
    }
    Ok(())
}

/// The position of the role with this code in this namespace.
fn role_index(state: &State, namespace: &str, code: &str) -> Result<usize, ApiFault> {
    state
        .roles
        .iter()
        .position(|r| r.code == code && r.namespace == namespace)
        .ok_or_else(|| ApiFault::of(&errors::ROLE_NOT_FOUND).with_detail(format!("no role is {namespace}/{code}")))
}

/// A request (or an item of one) naming a role by its `code` in its `namespace`.
#[derive(Deserialize)]
struct RoleRef {
    namespace: Option<String>,
    #[serde(default)]
    code: String,
}

impl RoleRef {
    /// The position of the role named, the namespace first. A code that no
    /// role could have by its shape (empty, or longer than any code may
    /// be) is malformed; one of characters codes cannot hold merely names
    /// no role.
    fn index(&self, state: &State) -> Result<usize, ApiFault> {
        let namespace = resources::namespace(state, self.namespace.as_deref())?;
        if self.code.is_empty() || self.code.chars().count() > MAX_CODE_LEN {
            return Err(ApiFault::invalid("code", format!("a role code is 1 to {MAX_CODE_LEN} characters")));
        }
        role_index(state, namespace, &self.code)
    }
}

/// The role the request names.
fn input_role_index(state: &State, input: &Input) -> Result<usize, ApiFault> {
    typed::<RoleRef>(input)?.index(state)
}

/// `disableTime` arrives as text holding milliseconds since the epoch, or as a number.
fn disable_time(value: &Value) -> Result<Option<i64>, ApiFault> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| ApiFault::invalid("disableTime", format!("not milliseconds since the epoch: {text}"))),
        other => other.as_i64().map(Some).ok_or_else(|| ApiFault::invalid("disableTime", "not an integer")),
    }
}

/// A role's fields, as a `CreateRoleDto` or a `RoleListItem` gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewRole {
    #[serde(flatten)]
    role: RoleRef,
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    disable_time: Value,
}

/// A new role, checked against the pool and against `batch` (roles
/// created by the same request); it gets its id once the whole request
/// has passed.
fn new_role(state: &State, new: NewRole, at: At, batch: &[Role]) -> Result<Role, ApiFault> {
    let now = now_ms();
    let code = new.role.code;
    check_role_code(&code, "code", at)?;
    let namespace = resources::namespace(state, new.role.namespace.as_deref())?;
    if state.roles.iter().chain(batch).any(|r| r.code == code && r.namespace == namespace) {
        return Err(ApiFault::of(&errors::ROLE_CONFLICT).with_detail(format!("a role is already {namespace}/{code}")));
    }
    Ok(Role {
        namespace: namespace.to_owned(),
        name: new.name.unwrap_or_else(|| code.clone()),
        code,
        description: new.description,
        disable_time: disable_time(&new.disable_time)?,
        created_at: now,
        updated_at: now,
        ..Role::default()
    })
}

/// `createRole`.
pub(super) fn create_role(input: &Input, state: &mut State) -> Outcome {
    let mut role = new_role(state, typed(input)?, At::TopLevel, &[])?;
    role.id = state.new_id();
    let rendered = render::role(state, &role);
    state.roles.push(role);
    Ok(rendered)
}

#[derive(Deserialize)]
struct NewRoles {
    list: Vec<NewRole>,
}

/// `createRolesBatch`: every role is created, or none is.
pub(super) fn create_roles_batch(input: &Input, state: &mut State) -> Outcome {
    let mut created: Vec<Role> = Vec::new();
    for item in typed::<NewRoles>(input)?.list {
        let role = new_role(state, item, At::Item("list"), &created)?;
        created.push(role);
    }
    for role in &mut created {
        role.id = state.new_id();
    }
    state.roles.extend(created);
    success()
}

/// `getRole`.
pub(super) fn get_role(input: &Input, state: &mut State) -> Outcome {
    Ok(render::role(state, &state.roles[input_role_index(state, input)?]))
}

#[derive(Deserialize)]
struct RolesListing {
    namespace: Option<String>,
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    paging: Paging,
}

/// `listRoles`: one namespace's roles, newest first, optionally only those
/// whose code, name or description holds the keywords.
pub(super) fn list_roles(input: &Input, state: &mut State) -> Outcome {
    let listing: RolesListing = typed(input)?;
    let namespace = resources::namespace(state, listing.namespace.as_deref())?;
    let page = listing.paging.page()?;
    let keywords = listing.keywords.as_str();
    let list: Vec<Value> = state
        .roles
        .iter()
        .rev()
        .filter(|r| r.namespace == namespace)
        .filter(|r| [&r.code, &r.name, &r.description].iter().any(|text| contains_ci(text, keywords)))
        .map(|r| render::role(state, r))
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleUpdate {
    #[serde(flatten)]
    role: RoleRef,
    new_code: Option<String>,
    name: Option<String>,
    description: Option<String>,
    status: Option<String>,
    disable_time: Option<Value>,
    enable_permission_apply: Option<bool>,
}

/// `updateRole`: changes the fields given. An empty `newCode` keeps the
/// code, as the service treats it; any other must be a free, valid code.
/// `status` `DISABLE` disables the role from now on, `ENABLE` lifts any
/// disabling.
pub(super) fn update_role(input: &Input, state: &mut State) -> Outcome {
    let update: RoleUpdate = typed(input)?;
    let index = update.role.index(state)?;
    let new_code = update.new_code.filter(|code| !code.is_empty());
    if let Some(code) = &new_code {
        check_role_code(code, "newCode", At::TopLevel)?;
        let namespace = &state.roles[index].namespace;
        if state.roles.iter().enumerate().any(|(i, r)| i != index && &r.code == code && &r.namespace == namespace) {
            return Err(ApiFault::of(&errors::ROLE_CONFLICT).with_detail(format!("a role is already {code}")));
        }
    }
    let touches_disabling = update.disable_time.is_some() || update.status.is_some();
    let mut disable = disable_time(update.disable_time.as_ref().unwrap_or(&Value::Null))?;
    match update.status.as_deref() {
        None => {}
        Some("ENABLE") => disable = None,
        Some("DISABLE") => disable = Some(disable.unwrap_or_else(now_ms)),
        Some(other) => return Err(ApiFault::invalid("status", format!("ENABLE or DISABLE, got {other}"))),
    }
    let role = &mut state.roles[index];
    if let Some(code) = new_code {
        role.code = code;
    }
    if let Some(name) = update.name {
        role.name = name;
    }
    if let Some(description) = update.description {
        role.description = description;
    }
    if touches_disabling {
        role.disable_time = disable;
    }
    if let Some(apply) = update.enable_permission_apply {
        role.enable_permission_apply = apply;
    }
    role.updated_at = now_ms();
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleCodes {
    namespace: Option<String>,
    code_list: Vec<String>,
}

/// `deleteRolesBatch`: every listed role must exist, and all go or none
/// does; their holds go with them.
pub(super) fn delete_roles_batch(input: &Input, state: &mut State) -> Outcome {
    let request: RoleCodes = typed(input)?;
    let namespace = resources::namespace(state, request.namespace.as_deref())?;
    let doomed: Vec<String> = request
        .code_list
        .iter()
        .map(|code| role_index(state, namespace, code).map(|i| state.roles[i].id.clone()))
        .collect::<Result<_, _>>()?;
    remove_roles(state, &doomed);
    success()
}

/// Deletes these roles, their holds with them, and tells the other areas,
/// which may hold grants to them.
fn remove_roles(state: &mut State, doomed: &[String]) {
    state.roles.retain(|r| !doomed.contains(&r.id));
    for id in doomed {
        state.removed(&Removed::Role(id));
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleList {
    role_list: Vec<RoleRef>,
}

/// `deleteRoles`: roles of any namespaces, each named with its own; every
/// one must exist, and all go or none does.
pub(super) fn delete_roles(input: &Input, state: &mut State) -> Outcome {
    let indexes =
        typed::<RoleList>(input)?.role_list.iter().map(|role| role.index(state)).collect::<Result<Vec<_>, _>>()?;
    let doomed: Vec<String> = indexes.iter().map(|&i| state.roles[i].id.clone()).collect();
    remove_roles(state, &doomed);
    success()
}

/// The holders a role request's `targets` name, resolved before anything changes.
struct Targets {
    /// Emulator user ids, without repeats.
    users: Vec<String>,
    /// Department ids, without repeats.
    departments: Vec<String>,
}

/// One of a role request's `targets`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Target {
    target_type: Option<String>,
    target_identifier: Option<String>,
}

/// A role-holding request: its targets, the roles of a batch, and the
/// time limits of an assignment.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Holding {
    targets: Vec<Target>,
    #[serde(default)]
    roles: Vec<RoleRef>,
    enable_time: Option<i64>,
    end_time: Option<i64>,
}

/// The `(targetType, targetIdentifier)` pairs of a request's `targets`,
/// checked for shape only.
fn named_targets(targets: &[Target]) -> Result<Vec<(&str, &str)>, ApiFault> {
    targets
        .iter()
        .map(|target| {
            let identifier = target
                .target_identifier
                .as_deref()
                .ok_or_else(|| ApiFault::invalid("targets", "every target needs a targetIdentifier"))?;
            Ok((target.target_type.as_deref().unwrap_or("(none)"), identifier))
        })
        .collect()
}

/// The holders `named` targets are: users by user id, departments by
/// department id. Other kinds of target are not emulated.
fn resolve_targets(state: &State, named: Vec<(&str, &str)>) -> Result<Targets, ApiFault> {
    let mut user_references = Vec::new();
    let mut departments: Vec<String> = Vec::new();
    for (kind, identifier) in named {
        match kind {
            "USER" => user_references.push(identifier.to_owned()),
            "DEPARTMENT" => {
                let id = resolve::department_id(state, None, identifier, "department_id")?;
                if !departments.contains(&id) {
                    departments.push(id);
                }
            }
            other => return Err(ApiFault::new(&errors::NOT_EMULATED, [format!("roles held by {other} targets")])),
        }
    }
    let users = resolve::user_ids(state, &user_references, "user_id")?;
    Ok(Targets { users, departments })
}

/// The role a role-holding request names and its targets. The shape of
/// `targets` is checked first, then the namespace and role, then the
/// targets themselves.
fn holding_request(state: &State, input: &Input) -> Result<(usize, Targets, Holding), ApiFault> {
    let holding: Holding = typed(input)?;
    let named = named_targets(&holding.targets)?;
    let index = input_role_index(state, input)?;
    let targets = resolve_targets(state, named)?;
    Ok((index, targets, holding))
}

/// The roles and targets of a batch role-holding request, checked in the
/// same order as [`holding_request`]; each of `roles` names its own
/// namespace (`default` when it names none).
fn batch_holding_request(state: &State, input: &Input) -> Result<(Vec<usize>, Targets), ApiFault> {
    let holding: Holding = typed(input)?;
    let named = named_targets(&holding.targets)?;
    let indexes = holding.roles.iter().map(|role| role.index(state)).collect::<Result<Vec<_>, _>>()?;
    Ok((indexes, resolve_targets(state, named)?))
}

/// Gives the role to the targets, limited to `[enable_time, end_time)`;
/// assigning again replaces the limits.
fn hold(role: &mut Role, targets: &Targets, enable_time: Option<i64>, end_time: Option<i64>) {
    for user_id in &targets.users {
        role.assignments.retain(|a| &a.user_id != user_id);
        role.assignments.push(RoleAssignment { user_id: user_id.clone(), enable_time, end_time });
    }
    for department_id in &targets.departments {
        role.department_assignments.retain(|a| &a.department_id != department_id);
        role.department_assignments.push(DepartmentAssignment {
            department_id: department_id.clone(),
            enable_time,
            end_time,
        });
    }
}

/// Ends the targets' holds on the role; targets that do not hold it go on not holding it.
fn release(role: &mut Role, targets: &Targets) {
    role.assignments.retain(|a| !targets.users.contains(&a.user_id));
    role.department_assignments.retain(|a| !targets.departments.contains(&a.department_id));
}

/// `assignRole`: gives the role to the targets, optionally limited to
/// `[enableTime, endTime)`.
pub(super) fn assign_role(input: &Input, state: &mut State) -> Outcome {
    let (index, targets, holding) = holding_request(state, input)?;
    resolve::refuse_resigned(state, &targets.users)?;
    hold(&mut state.roles[index], &targets, holding.enable_time, holding.end_time);
    success()
}

/// `revokeRole`.
pub(super) fn revoke_role(input: &Input, state: &mut State) -> Outcome {
    let (index, targets, _) = holding_request(state, input)?;
    release(&mut state.roles[index], &targets);
    success()
}

/// `assignRoleBatch`: every target gets every role, without time limits,
/// or nothing changes if any role or target is refused.
pub(super) fn assign_role_batch(input: &Input, state: &mut State) -> Outcome {
    let (indexes, targets) = batch_holding_request(state, input)?;
    resolve::refuse_resigned(state, &targets.users)?;
    for index in indexes {
        hold(&mut state.roles[index], &targets, None, None);
    }
    success()
}

/// `revokeRoleBatch`: every target stops holding every role.
pub(super) fn revoke_role_batch(input: &Input, state: &mut State) -> Outcome {
    let (indexes, targets) = batch_holding_request(state, input)?;
    for index in indexes {
        release(&mut state.roles[index], &targets);
    }
    success()
}

/// `listRoleMembers`: the users who hold the role now, in assignment order.
pub(super) fn list_role_members(input: &Input, state: &mut State) -> Outcome {
    let page = typed::<Paging>(input)?.page()?;
    let role = &state.roles[input_role_index(state, input)?];
    let now = now_ms();
    let holders = role.assignments.iter().filter(|a| a.is_effective(now)).map(|a| a.user_id.as_str());
    Ok(page.of(render::users(state, holders, View::from_input(input)?)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentsListing {
    role_code: String,
    namespace_code: Option<String>,
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    target_type: Vec<String>,
}

/// `listRoleAssignments`: each hold on the role, users' first, then
/// departments' (`ORG`), optionally only those of the target types given; each
/// is the role as held, from when to when, and whether it counts now.
pub(super) fn list_role_assignments(input: &Input, state: &mut State) -> Outcome {
    let listing: AssignmentsListing = typed(input)?;
    let page = listing.paging.page()?;
    let namespace = resources::namespace(state, listing.namespace_code.as_deref())?;
    let role = &state.roles[role_index(state, namespace, &listing.role_code)?];
    let wants = |kind: &str| listing.target_type.is_empty() || listing.target_type.iter().any(|t| t == kind);
    let now = now_ms();
    let users =
        role.assignments.iter().filter(|_| wants("USER")).map(|a| (a.enable_time, a.end_time, a.is_effective(now)));
    let departments = role
        .department_assignments
        .iter()
        .filter(|_| wants("ORG"))
        .map(|a| (a.enable_time, a.end_time, a.is_effective(now)));
    let rows: Vec<Value> = users
        .chain(departments)
        .map(|(enable_time, end_time, effective)| {
            let mut row = json!({
                "roleId": role.id,
                "roleCode": role.code,
                "roleName": role.name,
                "description": role.description,
                "userPoolId": state.userpool_id,
                "status": if effective { "ENABLE" } else { "DISABLE" },
                "createdAt": render::iso8601(role.created_at),
                "updatedAt": render::iso8601(role.updated_at),
            });
            if let Some(time) = enable_time {
                row["enableTime"] = json!(time);
            }
            if let Some(time) = end_time {
                row["endTime"] = json!(time);
            }
            row
        })
        .collect();
    let total = rows.len();
    Ok(json!({ "totalCount": total, "data": page.slice(rows) }))
}

/// `listRoleDepartments`: the departments that hold the role now, in
/// assignment order; a department deleted since holds nothing.
pub(in crate::emulator::areas) fn list_role_departments(input: &Input, state: &mut State) -> Outcome {
    let page = typed::<Paging>(input)?.page()?;
    let role = &state.roles[input_role_index(state, input)?];
    let now = now_ms();
    let list: Vec<Value> = role
        .department_assignments
        .iter()
        .filter(|a| a.is_effective(now))
        .filter_map(|a| state.department(&a.department_id))
        .map(role_department)
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
struct Roles {
    roles: Vec<RoleRef>,
}

/// `checkMutualExclusion`: no operation of the API sets roles mutually
/// exclusive, so roles that exist never are.
pub(super) fn check_mutual_exclusion(input: &Input, state: &mut State) -> Outcome {
    for role in typed::<Roles>(input)?.roles {
        role.index(state)?;
    }
    Ok(json!({ "existMutuallyExclusive": false }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleGrants {
    resource_type: Option<String>,
}

/// `getRoleAuthorizedResources`: what the role itself was granted in its namespace.
pub(super) fn get_role_authorized_resources(input: &Input, state: &mut State) -> Outcome {
    let role = &state.roles[input_role_index(state, input)?];
    let resource_type = typed::<RoleGrants>(input)?.resource_type;
    let list: Vec<Value> = resources::authorized(state, &role.namespace, resource_type.as_deref(), |a| {
        a.target_type == TargetType::Role && a.target_id == role.id
    })
    .into_iter()
    .map(|grant| {
        json!({
            "resourceCode": grant["resourceCode"],
            "resourceType": grant["resourceType"],
            "actions": grant["actions"],
            "apiIdentifier": grant["apiIdentifier"],
        })
    })
    .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// A `RoleDepartmentRespDto`: a department as seen from a role it holds.
fn role_department(department: &Department) -> Value {
    json!({
        "id": department.id,
        "code": department.code.as_deref().unwrap_or(""),
        "name": department.name,
        "description": department.description.as_deref().unwrap_or(""),
    })
}

#[derive(Deserialize)]
struct RoleParams {
    code: String,
    namespace: String,
    name: Option<String>,
}

/// `checkParamsNamespace`: whether a role could be created with this code
/// (and name, when given) in the namespace: neither may be another role's
/// there. A malformed code could never be created, so it is refused as
/// [`create_role`] refuses it. The spec types the service's failure hint
/// as a boolean and requires it: the answer carries `false`, no hint.
pub(super) fn check_params_namespace(input: &Input, state: &mut State) -> Outcome {
    let RoleParams { code, namespace: requested, name } = typed(input)?;
    check_role_code(&code, "code", At::TopLevel)?;
    let namespace = resources::namespace(state, Some(&requested))?;
    let taken = state
        .roles
        .iter()
        .filter(|r| r.namespace == namespace)
        .any(|r| r.code == code || name.as_deref().is_some_and(|name| !name.is_empty() && r.name == name));
    Ok(json!({ "isValid": !taken, "message": false }))
}
