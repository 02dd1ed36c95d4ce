//! Organizations, their department trees, and department membership.
//!
//! An organization is a code plus one root department; every other
//! department hangs below that root. Department codes and `openDepartmentId`s
//! are unique within their organization. Deleting a department deletes its
//! whole subtree (and the memberships in it); a root goes only with its
//! organization. Leaders are always members: naming a leader makes them one.
//!
//! Codes are checked in the order the service checks them: a code longer
//! than 64 characters is a malformed parameter whatever else is wrong with
//! it. A code that names an organization to read or to work inside is then
//! merely unknown when nothing has it, empty and blank ones included; a code
//! being given to a new or renamed organization or department must be made
//! of letters, digits, `_` and `-`.

use super::posts;
use super::render::{self, View};
use crate::emulator::areas::input::{
    Page, batch_list, contains_ci, dedup_in_order, flag, opt_object, opt_str, opt_str_list, req_str, req_str_list,
    sort_by_key,
};
use crate::emulator::areas::resolve;
use crate::emulator::areas::users::{DEFAULT_SEARCH_FIELDS, matches_keywords};
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{Department, Membership, Organization, Removed, State, now_ms};
use serde_json::{Value, json};

/// The organization a request's `organizationCode` names.
fn input_organization<'a>(state: &'a State, input: &Input) -> Result<&'a Organization, ApiFault> {
    resolve::organization(state, req_str(input, "organizationCode")?)
}

/// The organization an update or a deletion of an organization names: there
/// an empty code is malformed rather than unknown.
fn organization_to_change<'a>(state: &'a State, input: &Input) -> Result<&'a Organization, ApiFault> {
    if req_str(input, "organizationCode")?.is_empty() {
        return Err(ApiFault::invalid("organizationCode", "empty"));
    }
    input_organization(state, input)
}

/// Refuses a code that a new or renamed organization or department may not
/// take, given as `parameter`.
fn check_new_code(parameter: &str, code: &str) -> Result<(), ApiFault> {
    resolve::check_code_length(parameter, code)?;
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(ApiFault::new(&errors::INVALID_ORGANIZATION_CODE, [code])
            .with_detail("a code is letters, digits, '_' and '-'"));
    }
    Ok(())
}

/// The department a request names through `organizationCode`, `departmentId`
/// and `departmentIdType`.
fn input_department<'a>(state: &'a State, input: &Input) -> Result<&'a Department, ApiFault> {
    let id = resolve::input_department_id(state, input)?;
    state.department(&id).ok_or_else(|| department_not_found(&id))
}

/// Refuses a department code or open id already used by another node of the organization.
fn check_unique_in_organization(
    state: &State,
    organization: &str,
    except: Option<&str>,
    code: Option<&str>,
    open_id: Option<&str>,
) -> Result<(), ApiFault> {
    let others =
        state.departments.iter().filter(|d| d.organization_code == organization && Some(d.id.as_str()) != except);
    for other in others {
        if let Some(code) = code
            && other.code.as_deref() == Some(code)
        {
            return Err(
                ApiFault::of(&errors::DEPARTMENT_CONFLICT).with_detail(format!("department code already used: {code}"))
            );
        }
        if let Some(open_id) = open_id
            && other.open_department_id.as_deref() == Some(open_id)
        {
            return Err(ApiFault::of(&errors::DEPARTMENT_CONFLICT)
                .with_detail(format!("openDepartmentId already used: {open_id}")));
        }
    }
    Ok(())
}

/// The users named by a `leaderUserIds` field, if present: all must exist
/// and none may have resigned.
fn input_leaders(state: &State, input: &Input) -> Result<Option<Vec<String>>, ApiFault> {
    let Some(references) = opt_str_list(input, "leaderUserIds")? else { return Ok(None) };
    let ids = resolve::user_ids(state, &references, "user_id")?;
    resolve::refuse_resigned(state, &ids)?;
    Ok(Some(ids))
}

/// Refuses a `postIdList` naming a post that does not exist: only posts
/// can be held.
fn check_posts(state: &State, input: &Input) -> Result<(), ApiFault> {
    if let Some(ids) = opt_str_list(input, "postIdList")? {
        posts::existing_posts(state, &ids)?;
    }
    Ok(())
}

/// Copies the optional department settings both creation and update accept.
fn apply_department_fields(department: &mut Department, input: &Input) -> Result<(), ApiFault> {
    if let Some(name) = opt_str(input, "name")? {
        department.name = name.to_owned();
    }
    if let Some(code) = opt_str(input, "code")? {
        check_new_code("code", code)?;
        department.code = Some(code.to_owned());
    }
    if let Some(description) = opt_str(input, "description")? {
        department.description = Some(description.to_owned());
    }
    if let Some(i18n) = input.get("i18n").filter(|v| !v.is_null()) {
        department.i18n = Some(i18n.clone());
    }
    if let Some(posts) = opt_str_list(input, "postIdList")? {
        department.post_id_list = posts;
    }
    if let Some(custom) = opt_object(input, "customData")? {
        department.custom_data.extend(custom.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(())
}

/// `createOrganization`: a new organization with a lone root department.
/// The service accepts an empty code; the organization then gets its root
/// department's id as its code, so that it can be named afterwards.
pub(super) fn create_organization(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let given = req_str(input, "organizationCode")?;
    let name = req_str(input, "organizationName")?;
    if !given.is_empty() {
        check_new_code("organizationCode", given)?;
    }
    if state.organization(given).is_some() {
        return Err(
            ApiFault::of(&errors::DEPARTMENT_CONFLICT).with_detail(format!("organization code already used: {given}"))
        );
    }
    let now = now_ms();
    let mut organization = Organization {
        name: name.to_owned(),
        description: opt_str(input, "description")?.map(str::to_owned),
        tenant_id: opt_str(input, "tenantId")?.map(str::to_owned),
        i18n: input.get("i18n").filter(|v| !v.is_null()).cloned(),
        post_id_list: opt_str_list(input, "postIdList")?.unwrap_or_default(),
        created_at: now,
        updated_at: now,
        ..Organization::default()
    };
    let mut root = Department {
        name: name.to_owned(),
        open_department_id: opt_str(input, "openDepartmentId")?.map(str::to_owned),
        created_at: now,
        updated_at: now,
        ..Department::default()
    };
    check_posts(state, input)?;
    // Only now, with nothing left to refuse, is an id taken.
    root.id = state.new_id();
    organization.code = if given.is_empty() { root.id.clone() } else { given.to_owned() };
    organization.root_department_id = root.id.clone();
    root.organization_code = organization.code.clone();
    state.departments.push(root);
    let rendered = render::organization(state, &organization, view);
    state.organizations.push(organization);
    Ok(rendered)
}

/// `updateOrganization`: renames, recodes, or changes the root's settings.
pub(super) fn update_organization(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let current = organization_to_change(state, input)?;
    let old_code = current.code.clone();
    let mut updated = current.clone();
    if let Some(name) = opt_str(input, "organizationName")? {
        updated.name = name.to_owned();
    }
    if let Some(description) = opt_str(input, "description")? {
        updated.description = Some(description.to_owned());
    }
    if let Some(tenant) = opt_str(input, "tenantId")? {
        updated.tenant_id = Some(tenant.to_owned());
    }
    if let Some(i18n) = input.get("i18n").filter(|v| !v.is_null()) {
        updated.i18n = Some(i18n.clone());
    }
    if let Some(posts) = opt_str_list(input, "postIdList")? {
        updated.post_id_list = posts;
    }
    let new_code = opt_str(input, "organizationNewCode")?;
    if let Some(new_code) = new_code {
        check_new_code("organizationNewCode", new_code)?;
    }
    if let Some(new_code) = new_code.filter(|c| *c != old_code) {
        if state.organization(new_code).is_some() {
            return Err(ApiFault::of(&errors::DEPARTMENT_CONFLICT)
                .with_detail(format!("organization code already used: {new_code}")));
        }
        updated.code = new_code.to_owned();
    }
    let open_id = opt_str(input, "openDepartmentId")?;
    check_unique_in_organization(state, &old_code, Some(&updated.root_department_id), None, open_id)?;
    let leaders = input_leaders(state, input)?;
    check_posts(state, input)?;

    let now = now_ms();
    updated.updated_at = now;
    for department in state.departments.iter_mut().filter(|d| d.organization_code == old_code) {
        department.organization_code = updated.code.clone();
    }
    if let Some(root) = state.department_mut(&updated.root_department_id) {
        // The root mirrors the organization's name.
        root.name = updated.name.clone();
        if let Some(open_id) = open_id {
            root.open_department_id = Some(open_id.to_owned());
        }
        if let Some(leaders) = &leaders {
            root.set_leaders(leaders, now);
        }
        root.updated_at = now;
    }
    let rendered = render::organization(state, &updated, view);
    if let Some(slot) = state.organizations.iter_mut().find(|o| o.code == old_code) {
        *slot = updated;
    }
    Ok(rendered)
}

/// `deleteOrganization`: the organization and its whole tree.
pub(super) fn delete_organization(input: &Input, state: &mut State) -> Outcome {
    let code = organization_to_change(state, input)?.code.clone();
    let doomed: Vec<String> =
        state.departments.iter().filter(|d| d.organization_code == code).map(|d| d.id.clone()).collect();
    remove_departments(state, &doomed);
    state.organizations.retain(|o| o.code != code);
    success()
}

/// The organizations of the request's `tenantId`, or all of them without one.
fn tenant_organizations<'a>(state: &'a State, input: &Input) -> Result<Vec<&'a Organization>, ApiFault> {
    let tenant = opt_str(input, "tenantId")?;
    Ok(state.organizations.iter().filter(|o| tenant.is_none_or(|t| o.tenant_id.as_deref() == Some(t))).collect())
}

/// `listOrganizations`: paged, or everything with `fetchAll`; filtered by
/// tenant and by the root department's status when asked.
pub(super) fn list_organizations(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let page = Page::from_input(input)?;
    let status = input.get("status").and_then(Value::as_bool);
    let list: Vec<Value> = tenant_organizations(state, input)?
        .into_iter()
        .filter(|o| status.is_none_or(|s| state.department(&o.root_department_id).is_some_and(|r| r.disabled != s)))
        .map(|o| render::organization(state, o, view))
        .collect();
    if flag(input, "fetchAll") {
        return Ok(json!({ "totalCount": list.len(), "list": list }));
    }
    Ok(page.of(list))
}

/// `searchOrganizations`: a page of the organizations whose name or code
/// contains the keywords, which may not be empty.
pub(super) fn search_organizations(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let keywords = req_str(input, "keywords")?;
    if keywords.is_empty() {
        return Err(ApiFault::invalid("keywords", "empty"));
    }
    let page = Page::from_input(input)?;
    let list: Vec<Value> = tenant_organizations(state, input)?
        .into_iter()
        .filter(|o| contains_ci(&o.name, keywords) || contains_ci(&o.code, keywords))
        .map(|o| render::organization(state, o, view))
        .collect();
    Ok(page.of(list))
}

/// `createDepartment`: a new node under `parentDepartmentId` (`root` for the
/// organization's root), named by `departmentIdType`.
///
/// Unlike the operations that read a tree, creation refuses a blank
/// organization code as malformed (in words of its own) instead of unknown.
pub(super) fn create_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let code = req_str(input, "organizationCode")?;
    resolve::check_code_length("organizationCode", code)?;
    if !code.is_empty() && code.trim().is_empty() {
        return Err(ApiFault::new(&errors::BLANK_ORGANIZATION_CODE, [code]));
    }
    let organization = resolve::organization(state, code)?.code.clone();
    let parent_id = resolve::department_id(
        state,
        Some(&organization),
        req_str(input, "parentDepartmentId")?,
        &resolve::department_id_type(input)?,
    )?;
    let now = now_ms();
    let mut department = Department {
        organization_code: organization.clone(),
        parent_id: Some(parent_id),
        name: req_str(input, "name")?.to_owned(),
        open_department_id: opt_str(input, "openDepartmentId")?.map(str::to_owned),
        is_virtual_node: flag(input, "isVirtualNode"),
        created_at: now,
        updated_at: now,
        ..Department::default()
    };
    apply_department_fields(&mut department, input)?;
    check_unique_in_organization(
        state,
        &organization,
        None,
        department.code.as_deref(),
        department.open_department_id.as_deref(),
    )?;
    check_posts(state, input)?;
    department.id = state.new_id();
    let rendered = render::department(state, &department, view);
    state.departments.push(department);
    Ok(rendered)
}

/// `updateDepartment`: changes the fields present; `parentDepartmentId`
/// (same id type as the department) moves the node, which may not go below
/// itself, and a root may not move at all.
pub(super) fn update_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let current = input_department(state, input)?;
    let mut updated = current.clone();
    apply_department_fields(&mut updated, input)?;
    if let Some(status) = input.get("status").and_then(Value::as_bool) {
        updated.disabled = !status;
    }
    if let Some(reference) = opt_str(input, "parentDepartmentId")? {
        let parent = resolve::department_id(
            state,
            Some(&current.organization_code),
            reference,
            &resolve::department_id_type(input)?,
        )?;
        if current.parent_id.is_none() {
            return Err(ApiFault::of(&errors::DEPARTMENT_FORBIDDEN).with_detail("a root department cannot move"));
        }
        if state.subtree(&current.id).contains(&parent) {
            return Err(
                ApiFault::of(&errors::DEPARTMENT_FORBIDDEN).with_detail("a department cannot move below itself")
            );
        }
        updated.parent_id = Some(parent);
    }
    check_unique_in_organization(
        state,
        &updated.organization_code,
        Some(&updated.id),
        updated.code.as_deref(),
        updated.open_department_id.as_deref(),
    )?;
    let leaders = input_leaders(state, input)?;
    check_posts(state, input)?;
    let now = now_ms();
    if let Some(leaders) = &leaders {
        updated.set_leaders(leaders, now);
    }
    updated.updated_at = now;
    let id = updated.id.clone();
    let rendered = render::department(state, &updated, view);
    if let Some(slot) = state.department_mut(&id) {
        *slot = updated;
    }
    Ok(rendered)
}

/// `deleteDepartment`: the department and everything below it.
pub(super) fn delete_department(input: &Input, state: &mut State) -> Outcome {
    let department = input_department(state, input)?;
    if department.parent_id.is_none() {
        return Err(ApiFault::of(&errors::DEPARTMENT_FORBIDDEN)
            .with_detail("a root department goes only with its organization (deleteOrganization)"));
    }
    let doomed = state.subtree(&department.id);
    remove_departments(state, &doomed);
    success()
}

/// Deletes these departments, their memberships with them, and tells the
/// other areas, which may hold them (roles assigned to a department).
fn remove_departments(state: &mut State, doomed: &[String]) {
    state.departments.retain(|d| !doomed.contains(&d.id));
    for id in doomed {
        state.removed(&Removed::Department(id));
    }
}

/// `getDepartment`: by `departmentId` (any id type) or by `departmentCode`;
/// the organization code narrows the search when given.
pub(super) fn get_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let organization = opt_str(input, "organizationCode")?;
    let id = match (opt_str(input, "departmentId")?, opt_str(input, "departmentCode")?) {
        (Some(reference), _) => {
            resolve::department_id(state, organization, reference, &resolve::department_id_type(input)?)?
        }
        (None, Some(code)) => resolve::department_id(state, organization, code, "code")?,
        (None, None) => return Err(ApiFault::invalid("departmentId", "departmentId or departmentCode is required")),
    };
    let department = state.department(&id).ok_or_else(|| department_not_found(&id))?;
    Ok(render::department(state, department, view))
}

/// `searchDepartments`: nodes of one organization whose name or code contains the keywords.
pub(super) fn search_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let organization = input_organization(state, input)?;
    let keywords = req_str(input, "keywords")?;
    let list: Vec<Value> = state
        .departments
        .iter()
        .filter(|d| d.organization_code == organization.code)
        .filter(|d| contains_ci(&d.name, keywords) || d.code.as_deref().is_some_and(|c| contains_ci(c, keywords)))
        .map(|d| render::department(state, d, view))
        .collect();
    Ok(json!(list))
}

/// `searchDepartmentsList`: every department of the organization, root
/// included, as a page of a bare array (the answer carries no total), in
/// creation order unless `sortBy` says otherwise. Advanced filters are
/// refused as not emulated rather than ignored.
pub(super) fn search_departments_list(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    if input.get("advancedFilter").and_then(Value::as_array).is_some_and(|f| !f.is_empty()) {
        return Err(ApiFault::new(&errors::NOT_EMULATED, ["searchDepartmentsList with advancedFilter"]));
    }
    let organization = input_organization(state, input)?;
    let page = Page::from_input(input)?;
    let mut found: Vec<&Department> =
        state.departments.iter().filter(|d| d.organization_code == organization.code).collect();
    let descending = opt_str(input, "orderBy")? == Some("DESC");
    match opt_str(input, "sortBy")? {
        Some("updatedAt") => sort_by_key(&mut found, descending, |d| d.updated_at),
        Some("createdAt") => sort_by_key(&mut found, descending, |d| d.created_at),
        _ => {}
    }
    let list: Vec<Value> = page.slice(found).into_iter().map(|d| render::department(state, d, view)).collect();
    Ok(json!(list))
}

/// `listChildrenDepartments`: direct children, filtered by status and virtual-ness.
pub(super) fn list_children_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let parent = input_department(state, input)?;
    let status = input.get("status").and_then(Value::as_bool);
    let (exclude_virtual, only_virtual) = (flag(input, "excludeVirtualNode"), flag(input, "onlyVirtualNode"));
    let list: Vec<Value> = state
        .children(&parent.id)
        .filter(|d| status.is_none_or(|s| d.disabled != s))
        .filter(|d| if d.is_virtual_node { !exclude_virtual } else { !only_virtual })
        .map(|d| render::department(state, d, view))
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// `getParentDepartment`; a root has no parent, which is a 404.
pub(super) fn get_parent_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let department = input_department(state, input)?;
    let parent = department
        .parent_id
        .as_deref()
        .and_then(|id| state.department(id))
        .ok_or_else(|| department_not_found(&format!("parent of root department {}", department.id)))?;
    Ok(render::department(state, parent, view))
}

/// The members of a department, or of its whole subtree, each once (with
/// their earliest joining time there).
fn members<'a>(state: &'a State, department: &Department, include_children: bool) -> Vec<&'a Membership> {
    let scope = if include_children { state.subtree(&department.id) } else { vec![department.id.clone()] };
    let mut found: Vec<&Membership> = Vec::new();
    for id in &scope {
        for membership in state.department(id).map(|d| d.members.as_slice()).unwrap_or_default() {
            match found.iter_mut().find(|m| m.user_id == membership.user_id) {
                Some(seen) if seen.joined_at > membership.joined_at => *seen = membership,
                Some(_) => {}
                None => found.push(membership),
            }
        }
    }
    found
}

/// Members of the request's department that pass `keep`, sorted per
/// `sortBy`/`orderBy` (newest joiner first by default) and paged.
fn member_page(input: &Input, state: &State, keep: impl Fn(&Value) -> bool) -> Outcome {
    let department = input_department(state, input)?;
    let page = Page::from_input(input)?;
    let mut found = members(state, department, flag(input, "includeChildrenDepartments"));
    let descending = opt_str(input, "orderBy")? != Some("Asc");
    let user_time = |m: &Membership, created: bool| {
        state.user(&m.user_id).map_or(0, |u| if created { u.created_at } else { u.updated_at })
    };
    match opt_str(input, "sortBy")?.unwrap_or("JoinDepartmentAt") {
        "userId" => sort_by_key(&mut found, descending, |m| m.user_id.clone()),
        "createAt" => sort_by_key(&mut found, descending, |m| user_time(m, true)),
        "updatedAt" => sort_by_key(&mut found, descending, |m| user_time(m, false)),
        // "Default" keeps joining order.
        "Default" => {}
        _ => sort_by_key(&mut found, descending, |m| m.joined_at),
    }
    let view = View::from_input(input)?;
    let list = render::users(state, found.iter().map(|m| m.user_id.as_str()), view);
    Ok(page.of(list.into_iter().filter(|u| keep(u)).collect()))
}

/// `listDepartmentMembers`.
pub(super) fn list_department_members(input: &Input, state: &mut State) -> Outcome {
    member_page(input, state, |_| true)
}

/// `searchDepartmentMembers`: members whose name, username, nickname, email
/// or phone contains the keywords.
pub(super) fn search_department_members(input: &Input, state: &mut State) -> Outcome {
    let keywords = req_str(input, "keywords")?;
    member_page(input, state, |user| {
        user.as_object().is_some_and(|u| matches_keywords(u, keywords, DEFAULT_SEARCH_FIELDS))
    })
}

/// `listDepartmentMemberIds`: ids of the direct members, in joining order.
pub(super) fn list_department_member_ids(input: &Input, state: &mut State) -> Outcome {
    let department = input_department(state, input)?;
    Ok(json!(department.members.iter().map(|m| &m.user_id).collect::<Vec<_>>()))
}

/// The department and the users of a membership change; every user must
/// exist, or nothing changes.
fn membership_change(input: &Input, state: &State) -> Result<(String, Vec<String>), ApiFault> {
    let department = input_department(state, input)?.id.clone();
    let users = resolve::user_ids(state, &batch_list(input, "userIds")?, &resolve::user_id_type(input)?)?;
    Ok((department, users))
}

/// `addDepartmentMembers`: up to 50 users join; current members stay as they are.
pub(super) fn add_department_members(input: &Input, state: &mut State) -> Outcome {
    let (department_id, users) = membership_change(input, state)?;
    resolve::refuse_resigned(state, &users)?;
    let now = now_ms();
    if let Some(department) = state.department_mut(&department_id) {
        for user in &users {
            department.add_member(user, now);
        }
    }
    success()
}

/// `removeDepartmentMembers`: up to 50 users leave (and stop leading it);
/// users who were not members are left alone.
pub(super) fn remove_department_members(input: &Input, state: &mut State) -> Outcome {
    let (department_id, users) = membership_change(input, state)?;
    if let Some(department) = state.department_mut(&department_id) {
        for user in &users {
            department.remove_member(user);
        }
    }
    success()
}

/// `isUserInDepartment`: direct membership, or anywhere below with
/// `includeChildrenDepartments`. The department is resolved before the
/// user, so a bad organization code is reported as such whoever is asked about.
pub(super) fn is_user_in_department(input: &Input, state: &mut State) -> Outcome {
    let department = input_department(state, input)?;
    let user_id = resolve::input_user_id(state, input)?;
    let inside =
        members(state, department, flag(input, "includeChildrenDepartments")).iter().any(|m| m.user_id == user_id);
    Ok(json!({ "inDepartment": inside }))
}

fn department_not_found(id: &str) -> ApiFault {
    ApiFault::of(&errors::DEPARTMENT_NOT_FOUND).with_detail(format!("no department is {id}"))
}

/// `getOrganization`.
pub(super) fn get_organization(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    Ok(render::organization(state, input_organization(state, input)?, view))
}

/// `getOrganizationsBatch`: the organizations in the order asked, each once;
/// a code that names none refuses the whole batch, as single reads refuse it.
pub(super) fn get_organizations_batch(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let mut codes = req_str_list(input, "organizationCodeList")?;
    dedup_in_order(&mut codes);
    let found = codes.iter().map(|code| resolve::organization(state, code)).collect::<Result<Vec<_>, _>>()?;
    Ok(json!(found.into_iter().map(|o| render::organization(state, o, view)).collect::<Vec<_>>()))
}

/// `updateOrganizationStatus`: enables or disables an organization, named
/// by its root department's id; the status lives on the root, where
/// `listOrganizations` filters by it.
pub(super) fn update_organization_status(input: &Input, state: &mut State) -> Outcome {
    let root_id = req_str(input, "rootNodeId")?;
    let enabled = match opt_str(input, "status")? {
        Some("ENABLE") => true,
        Some("DISABLE") => false,
        other => return Err(ApiFault::invalid("status", format!("ENABLE or DISABLE, got {other:?}"))),
    };
    if !state.organizations.iter().any(|o| o.root_department_id == root_id) {
        return Err(department_not_found(root_id));
    }
    set_status(state, root_id, enabled);
    success()
}

/// Enables or disables one department (a root included).
fn set_status(state: &mut State, id: &str, enabled: bool) {
    let now = now_ms();
    if let Some(department) = state.department_mut(id) {
        department.disabled = !enabled;
        department.updated_at = now;
    }
}

/// `updateNodeStatus`: enables or disables a department by its id; the
/// answer (`Node`) is an object the spec leaves empty.
pub(super) fn update_node_status(input: &Input, state: &mut State) -> Outcome {
    let id = resolve::department_id(state, None, req_str(input, "departmentId")?, "department_id")?;
    let enabled = input.get("status").and_then(Value::as_bool).ok_or_else(|| ApiFault::invalid("status", "missing"))?;
    set_status(state, &id, enabled);
    Ok(json!({}))
}

/// The department a request's optional `departmentId` names in its
/// organization, the organization's root when it names none.
fn department_or_root(state: &State, input: &Input) -> Result<String, ApiFault> {
    let organization = input_organization(state, input)?.code.clone();
    let reference = opt_str(input, "departmentId")?.unwrap_or("root");
    resolve::department_id(state, Some(&organization), reference, &resolve::department_id_type(input)?)
}

/// `getAllDepartments`: every department below `departmentId` (the
/// organization's root by default), parents before children; the node
/// itself is not among them.
pub(super) fn get_all_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let top = department_or_root(state, input)?;
    let list: Vec<Value> = state
        .subtree(&top)
        .iter()
        .skip(1)
        .filter_map(|id| state.department(id))
        .map(|d| render::department(state, d, view))
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// `getDepartmentById`: a department of any organization by its id.
pub(super) fn get_department_by_id(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let id = resolve::department_id(state, None, req_str(input, "departmentId")?, "department_id")?;
    let department = state.department(&id).ok_or_else(|| department_not_found(&id))?;
    Ok(render::department(state, department, view))
}

/// `getDepartmentSyncRelations`: the department's ids in synchronised
/// directories; the organization's root's without a `departmentId`.
pub(super) fn get_department_sync_relations(input: &Input, state: &mut State) -> Outcome {
    let id = department_or_root(state, input)?;
    let department = state.department(&id).ok_or_else(|| department_not_found(&id))?;
    Ok(render::sync_relations(&department.sync_relations))
}

/// `deleteDepartmentSyncRelations`: the department is no longer tied to
/// its id in the directory `provider`.
pub(super) fn delete_department_sync_relations(input: &Input, state: &mut State) -> Outcome {
    let id = resolve::input_department_id(state, input)?;
    let provider = req_str(input, "provider")?.to_owned();
    if let Some(department) = state.department_mut(&id) {
        department.sync_relations.retain(|r| r.provider != provider);
    }
    success()
}

/// `getDepartmentAllApp`: the emulator keeps no applications, so a
/// department that exists is answered as itself with none attached.
pub(super) fn get_department_all_app(input: &Input, state: &mut State) -> Outcome {
    get_department_by_id(input, state)
}
