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
    Either, Page, Provider, Sorting, UserIds, batch_list, contains_ci, dedup_in_order, required, sort_by_key,
};
use crate::emulator::areas::resolve;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::users::{DEFAULT_SEARCH_FIELDS, matches_keywords};
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{Department, Membership, Organization, Removed, State, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A request naming an organization by its `organizationCode`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationCode {
    organization_code: Option<String>,
}

impl OrganizationCode {
    /// The request's `organizationCode`, which must be there.
    fn of(input: &Input) -> Result<String, ApiFault> {
        required(typed::<Self>(input)?.organization_code, "organizationCode")
    }
}

/// The organization a request's `organizationCode` names.
fn input_organization<'a>(state: &'a State, input: &Input) -> Result<&'a Organization, ApiFault> {
    resolve::organization(state, &OrganizationCode::of(input)?)
}

/// The organization an update or a deletion of an organization names: there
/// an empty code is malformed rather than unknown.
fn organization_to_change<'a>(state: &'a State, input: &Input) -> Result<&'a Organization, ApiFault> {
    if OrganizationCode::of(input)?.is_empty() {
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
fn input_leaders(state: &State, references: Option<&[String]>) -> Result<Option<Vec<String>>, ApiFault> {
    let Some(references) = references else { return Ok(None) };
    let ids = resolve::user_ids(state, references, "user_id")?;
    resolve::refuse_resigned(state, &ids)?;
    Ok(Some(ids))
}

/// Refuses a `postIdList` naming a post that does not exist: only posts
/// can be held.
fn check_posts(state: &State, ids: Option<&[String]>) -> Result<(), ApiFault> {
    if let Some(ids) = ids {
        posts::existing_posts(state, ids)?;
    }
    Ok(())
}

/// The optional department settings both creation and update accept.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentFields {
    name: Option<String>,
    code: Option<String>,
    description: Option<String>,
    i18n: Option<Value>,
    post_id_list: Option<Vec<String>>,
    custom_data: Option<Map<String, Value>>,
    open_department_id: Option<String>,
    leader_user_ids: Option<Vec<String>>,
    parent_department_id: Option<String>,
    status: Option<bool>,
}

/// Copies the optional department settings both creation and update accept.
fn apply_department_fields(department: &mut Department, fields: &DepartmentFields) -> Result<(), ApiFault> {
    if let Some(name) = &fields.name {
        department.name = name.clone();
    }
    if let Some(code) = &fields.code {
        check_new_code("code", code)?;
        department.code = Some(code.clone());
    }
    if let Some(description) = &fields.description {
        department.description = Some(description.clone());
    }
    if let Some(i18n) = &fields.i18n {
        department.i18n = Some(i18n.clone());
    }
    if let Some(posts) = &fields.post_id_list {
        department.post_id_list = posts.clone();
    }
    if let Some(custom) = &fields.custom_data {
        department.custom_data.extend(custom.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(())
}

/// The fields of an organization being created or changed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationFields {
    organization_code: Option<String>,
    organization_name: Option<String>,
    organization_new_code: Option<String>,
    description: Option<String>,
    tenant_id: Option<String>,
    i18n: Option<Value>,
    post_id_list: Option<Vec<String>>,
    open_department_id: Option<String>,
    leader_user_ids: Option<Vec<String>>,
}

/// `createOrganization`: a new organization with a lone root department.
/// The service accepts an empty code; the organization then gets its root
/// department's id as its code, so that it can be named afterwards.
pub(super) fn create_organization(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let request: OrganizationFields = typed(input)?;
    let given: &str = &required(request.organization_code, "organizationCode")?;
    let name = required(request.organization_name, "organizationName")?;
    if !given.is_empty() {
        check_new_code("organizationCode", given)?;
    }
    if state.organization(given).is_some() {
        return Err(
            ApiFault::of(&errors::DEPARTMENT_CONFLICT).with_detail(format!("organization code already used: {given}"))
        );
    }
    let now = now_ms();
    check_posts(state, request.post_id_list.as_deref())?;
    let mut organization = Organization {
        name: name.clone(),
        description: request.description,
        tenant_id: request.tenant_id,
        i18n: request.i18n,
        post_id_list: request.post_id_list.unwrap_or_default(),
        created_at: now,
        updated_at: now,
        ..Organization::default()
    };
    let mut root = Department {
        name,
        open_department_id: request.open_department_id,
        created_at: now,
        updated_at: now,
        ..Department::default()
    };
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
    let request: OrganizationFields = typed(input)?;
    if let Some(name) = request.organization_name {
        updated.name = name;
    }
    if let Some(description) = request.description {
        updated.description = Some(description);
    }
    if let Some(tenant) = request.tenant_id {
        updated.tenant_id = Some(tenant);
    }
    if let Some(i18n) = request.i18n {
        updated.i18n = Some(i18n);
    }
    if let Some(posts) = &request.post_id_list {
        updated.post_id_list = posts.clone();
    }
    let new_code = request.organization_new_code.as_deref();
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
    let open_id = request.open_department_id.as_deref();
    check_unique_in_organization(state, &old_code, Some(&updated.root_department_id), None, open_id)?;
    let leaders = input_leaders(state, request.leader_user_ids.as_deref())?;
    check_posts(state, request.post_id_list.as_deref())?;

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

/// The organizations of `tenant`, or all of them without one.
pub(super) fn tenant_organizations<'a>(state: &'a State, tenant: Option<&str>) -> Vec<&'a Organization> {
    state.organizations.iter().filter(|o| tenant.is_none_or(|t| o.tenant_id.as_deref() == Some(t))).collect()
}

/// A listing or search of organizations.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationsListing {
    tenant_id: Option<String>,
    status: Option<bool>,
    keywords: Option<String>,
}

/// A switch the API takes at the top level or in `options`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct FetchAll {
    fetch_all: Option<bool>,
}

/// `listOrganizations`: paged, or everything with `fetchAll`; filtered by
/// tenant and by the root department's status when asked.
pub(super) fn list_organizations(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let page = Page::from_input(input)?;
    let listing: OrganizationsListing = typed(input)?;
    let status = listing.status;
    let list: Vec<Value> = tenant_organizations(state, listing.tenant_id.as_deref())
        .into_iter()
        .filter(|o| status.is_none_or(|s| state.department(&o.root_department_id).is_some_and(|r| r.disabled != s)))
        .map(|o| render::organization(state, o, view))
        .collect();
    if typed::<Either<FetchAll>>(input)?.setting(|f| f.fetch_all).unwrap_or(false) {
        return Ok(json!({ "totalCount": list.len(), "list": list }));
    }
    Ok(page.of(list))
}

/// `searchOrganizations`: a page of the organizations whose name or code
/// contains the keywords, which may not be empty.
pub(super) fn search_organizations(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let listing: OrganizationsListing = typed(input)?;
    let keywords: &str = &required(listing.keywords, "keywords")?;
    if keywords.is_empty() {
        return Err(ApiFault::invalid("keywords", "empty"));
    }
    let page = Page::from_input(input)?;
    let list: Vec<Value> = tenant_organizations(state, listing.tenant_id.as_deref())
        .into_iter()
        .filter(|o| contains_ci(&o.name, keywords) || contains_ci(&o.code, keywords))
        .map(|o| render::organization(state, o, view))
        .collect();
    Ok(page.of(list))
}

/// Whether a new department is a virtual node, a switch the API takes at
/// the top level or in `options`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct VirtualNode {
    is_virtual_node: Option<bool>,
}

/// `createDepartment`: a new node under `parentDepartmentId` (`root` for the
/// organization's root), named by `departmentIdType`.
///
/// Unlike the operations that read a tree, creation refuses a blank
/// organization code as malformed (in words of its own) instead of unknown.
pub(super) fn create_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let code = &OrganizationCode::of(input)?;
    resolve::check_code_length("organizationCode", code)?;
    if !code.is_empty() && code.trim().is_empty() {
        return Err(ApiFault::new(&errors::BLANK_ORGANIZATION_CODE, [code]));
    }
    let organization = resolve::organization(state, code)?.code.clone();
    let fields: DepartmentFields = typed(input)?;
    let parent_id = resolve::department_id(
        state,
        Some(&organization),
        &required(fields.parent_department_id.clone(), "parentDepartmentId")?,
        &resolve::department_id_type(input)?,
    )?;
    let now = now_ms();
    let mut department = Department {
        organization_code: organization.clone(),
        parent_id: Some(parent_id),
        name: required(fields.name.clone(), "name")?,
        open_department_id: fields.open_department_id.clone(),
        is_virtual_node: typed::<Either<VirtualNode>>(input)?.setting(|f| f.is_virtual_node).unwrap_or(false),
        created_at: now,
        updated_at: now,
        ..Department::default()
    };
    apply_department_fields(&mut department, &fields)?;
    check_unique_in_organization(
        state,
        &organization,
        None,
        department.code.as_deref(),
        department.open_department_id.as_deref(),
    )?;
    check_posts(state, fields.post_id_list.as_deref())?;
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
    let fields: DepartmentFields = typed(input)?;
    apply_department_fields(&mut updated, &fields)?;
    if let Some(status) = fields.status {
        updated.disabled = !status;
    }
    if let Some(reference) = &fields.parent_department_id {
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
    let leaders = input_leaders(state, fields.leader_user_ids.as_deref())?;
    check_posts(state, fields.post_id_list.as_deref())?;
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

/// A request naming a department by `departmentId` or `departmentCode`,
/// optionally inside an organization.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentLookup {
    organization_code: Option<String>,
    department_id: Option<String>,
    department_code: Option<String>,
}

/// `getDepartment`: by `departmentId` (any id type) or by `departmentCode`;
/// the organization code narrows the search when given.
pub(super) fn get_department(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let request: DepartmentLookup = typed(input)?;
    let organization = request.organization_code.as_deref();
    let id = match (request.department_id.as_deref(), request.department_code.as_deref()) {
        (Some(reference), _) => {
            resolve::department_id(state, organization, reference, &resolve::department_id_type(input)?)?
        }
        (None, Some(code)) => resolve::department_id(state, organization, code, "code")?,
        (None, None) => return Err(ApiFault::invalid("departmentId", "departmentId or departmentCode is required")),
    };
    let department = state.department(&id).ok_or_else(|| department_not_found(&id))?;
    Ok(render::department(state, department, view))
}

/// A search's `keywords`.
#[derive(Deserialize)]
struct Keywords {
    keywords: Option<String>,
}

/// `searchDepartments`: nodes of one organization whose name or code contains the keywords.
pub(super) fn search_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let organization = input_organization(state, input)?;
    let keywords: &str = &required(typed::<Keywords>(input)?.keywords, "keywords")?;
    let list: Vec<Value> = state
        .departments
        .iter()
        .filter(|d| d.organization_code == organization.code)
        .filter(|d| contains_ci(&d.name, keywords) || d.code.as_deref().is_some_and(|c| contains_ci(c, keywords)))
        .map(|d| render::department(state, d, view))
        .collect();
    Ok(json!(list))
}

/// How a listing of departments is filtered.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentsListing {
    advanced_filter: Option<Value>,
    status: Option<bool>,
}

/// `searchDepartmentsList`: every department of the organization, root
/// included, as a page of a bare array (the answer carries no total), in
/// creation order unless `sortBy` says otherwise. Advanced filters are
/// refused as not emulated rather than ignored.
pub(super) fn search_departments_list(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let request: DepartmentsListing = typed(input)?;
    if request.advanced_filter.as_ref().and_then(Value::as_array).is_some_and(|f| !f.is_empty()) {
        return Err(ApiFault::new(&errors::NOT_EMULATED, ["searchDepartmentsList with advancedFilter"]));
    }
    let organization = input_organization(state, input)?;
    let page = Page::from_input(input)?;
    let mut found: Vec<&Department> =
        state.departments.iter().filter(|d| d.organization_code == organization.code).collect();
    let sorting: Sorting = typed(input)?;
    let descending = sorting.order_by.as_deref() == Some("DESC");
    match sorting.sort_by.as_deref() {
        Some("updatedAt") => sort_by_key(&mut found, descending, |d| d.updated_at),
        Some("createdAt") => sort_by_key(&mut found, descending, |d| d.created_at),
        _ => {}
    }
    let list: Vec<Value> = page.slice(found).into_iter().map(|d| render::department(state, d, view)).collect();
    Ok(json!(list))
}

/// Which kinds of node a listing of children leaves out.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ChildrenSwitches {
    exclude_virtual_node: Option<bool>,
    only_virtual_node: Option<bool>,
}

/// Whether a member listing or check reaches below the department, a
/// switch the API takes at the top level or in `options`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct IncludeChildren {
    include_children_departments: Option<bool>,
}

impl IncludeChildren {
    fn of(input: &Input) -> Result<bool, ApiFault> {
        Ok(typed::<Either<Self>>(input)?.setting(|s| s.include_children_departments).unwrap_or(false))
    }
}

/// `listChildrenDepartments`: direct children, filtered by status and virtual-ness.
pub(super) fn list_children_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let parent = input_department(state, input)?;
    let status = typed::<DepartmentsListing>(input)?.status;
    let switches: Either<ChildrenSwitches> = typed(input)?;
    let exclude_virtual = switches.setting(|s| s.exclude_virtual_node).unwrap_or(false);
    let only_virtual = switches.setting(|s| s.only_virtual_node).unwrap_or(false);
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
    let mut found = members(state, department, IncludeChildren::of(input)?);
    let order: Sorting = typed(input)?;
    let descending = order.order_by.as_deref() != Some("Asc");
    let user_time = |m: &Membership, created: bool| {
        state.user(&m.user_id).map_or(0, |u| if created { u.created_at } else { u.updated_at })
    };
    match order.sort_by.as_deref().unwrap_or("JoinDepartmentAt") {
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
    let keywords: &str = &required(typed::<Keywords>(input)?.keywords, "keywords")?;
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
    let named: UserIds = typed(input)?;
    let users = resolve::user_ids(state, &batch_list(named.user_ids, "userIds")?, &resolve::user_id_type(input)?)?;
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
    let inside = members(state, department, IncludeChildren::of(input)?).iter().any(|m| m.user_id == user_id);
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationCodes {
    organization_code_list: Option<Vec<String>>,
}

/// `getOrganizationsBatch`: the organizations in the order asked, each once;
/// a code that names none refuses the whole batch, as single reads refuse it.
pub(super) fn get_organizations_batch(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let mut codes = required(typed::<OrganizationCodes>(input)?.organization_code_list, "organizationCodeList")?;
    dedup_in_order(&mut codes);
    let found = codes.iter().map(|code| resolve::organization(state, code)).collect::<Result<Vec<_>, _>>()?;
    Ok(json!(found.into_iter().map(|o| render::organization(state, o, view)).collect::<Vec<_>>()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationStatus {
    root_node_id: Option<String>,
    status: Option<String>,
}

/// `updateOrganizationStatus`: enables or disables an organization, named
/// by its root department's id; the status lives on the root, where
/// `listOrganizations` filters by it.
pub(super) fn update_organization_status(input: &Input, state: &mut State) -> Outcome {
    let request: OrganizationStatus = typed(input)?;
    let root_id: &str = &required(request.root_node_id, "rootNodeId")?;
    let enabled = match request.status.as_deref() {
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NodeStatus {
    department_id: Option<String>,
    status: Option<bool>,
}

/// `updateNodeStatus`: enables or disables a department by its id; the
/// answer (`Node`) is an object the spec leaves empty.
pub(super) fn update_node_status(input: &Input, state: &mut State) -> Outcome {
    let request: NodeStatus = typed(input)?;
    let id = resolve::department_id(state, None, &required(request.department_id, "departmentId")?, "department_id")?;
    let enabled = required(request.status, "status")?;
    set_status(state, &id, enabled);
    Ok(json!({}))
}

/// The department a request's optional `departmentId` names in its
/// organization, the organization's root when it names none.
fn department_or_root(state: &State, input: &Input) -> Result<String, ApiFault> {
    let organization = input_organization(state, input)?.code.clone();
    let named: DepartmentLookup = typed(input)?;
    let reference = named.department_id.as_deref().unwrap_or("root");
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
    let named: DepartmentLookup = typed(input)?;
    let id = resolve::department_id(state, None, &required(named.department_id, "departmentId")?, "department_id")?;
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
    let provider = required(typed::<Provider>(input)?.provider, "provider")?;
    if let Some(department) = state.department_mut(&id) {
        department.sync_relations.retain(|r| r.provider != provider);
    }
    success()
}

/// `getDepartmentAllApp`: the spec's answer is a department's
/// (`DepartmentSingleRespDto`), with no field for applications, so a
/// department that exists is answered as itself. The applications granted
/// to it are what `listAuthSubject` answers for an `ORG` subject.
pub(super) fn get_department_all_app(input: &Input, state: &mut State) -> Outcome {
    get_department_by_id(input, state)
}
