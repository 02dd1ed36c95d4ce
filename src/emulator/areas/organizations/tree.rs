//! `createDepartmentTree`: a department, its sub-departments and a member,
//! created where missing and reused where there.
//!
//! What is on record: the request is a department `name`, the names of its
//! `children` (plain strings, so one level), one `members` user (a
//! `UserInfoDto`: identifiers and profile fields) and an optional
//! `tenantId`; the answer counts users and departments added and updated;
//! the SDKs' summary says departments whose names do not exist yet are
//! created. Nothing records which organization the tree goes into (the
//! request names none) or how the service matches what is already there,
//! so the emulator holds to these rules:
//!
//! - The tree hangs from the root of the first organization (in creation
//!   order) of the tenant `tenantId` names, or of the pool without one;
//!   with no such organization the request is refused as naming none.
//! - A department is the one of its name under the same parent if there
//!   is one (counted as updated, and left as it is), else a new one
//!   (counted as added): `name` under the root, each child under `name`.
//! - The member is the user holding its username, else its email, else
//!   its phone number (counted as updated: the profile fields given are
//!   written, identifiers are left as they are), else a new user made of
//!   every field given, as `createUser` makes one (counted as added). The
//!   member then belongs to the `name` department. A `members` object
//!   with no field counts as no member.
//!
//! Everything is checked before anything changes: blank names, a member
//! `createUser` or `updateUser` would refuse, a member who has resigned.

use super::handlers::tenant_organizations;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::users::{create_user, update_user};
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve};
use crate::emulator::errors;
use crate::emulator::state::{Department, State, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tree {
    #[serde(default)]
    name: String,
    #[serde(default)]
    children: Vec<String>,
    #[serde(default)]
    members: Map<String, Value>,
    tenant_id: Option<String>,
}

/// The member's fields by which an existing user is recognised, in the order tried.
const IDENTIFIERS: &[(&str, &str)] = &[("username", "username"), ("email", "email"), ("phone", "phone")];

/// The member's fields written onto a user recognised by an identifier.
const PROFILE_FIELDS: &[&str] = &["name", "gender", "country", "province", "city"];

/// What a tree does with its member.
enum Member {
    None,
    Add(Input),
    Update(Input),
}

/// What the tree does with `member`: recognised users are updated with
/// its profile fields, anyone else is created from all of them.
fn plan_member(state: &State, member: Map<String, Value>) -> Result<Member, ApiFault> {
    if member.is_empty() {
        return Ok(Member::None);
    }
    for (field, id_type) in IDENTIFIERS {
        let Some(reference) = member.get(*field).and_then(Value::as_str).filter(|r| !r.is_empty()) else {
            continue;
        };
        if let Some(id) = resolve::existing_user_ids(state, &[reference.to_owned()], id_type)?.pop() {
            resolve::refuse_resigned(state, std::slice::from_ref(&id))?;
            let mut update: Input = member.into_iter().filter(|(k, _)| PROFILE_FIELDS.contains(&k.as_str())).collect();
            update.insert("userId".into(), json!(id));
            return Ok(Member::Update(update));
        }
    }
    Ok(Member::Add(member))
}

/// The department named `name` directly under `parent`, made if missing;
/// whether it was made.
fn department_under(state: &mut State, organization: &str, parent: &str, name: &str) -> (String, bool) {
    let existing = state.departments.iter().find(|d| d.parent_id.as_deref() == Some(parent) && d.name == name);
    if let Some(department) = existing {
        return (department.id.clone(), false);
    }
    let now = now_ms();
    let department = Department {
        id: state.new_id(),
        organization_code: organization.to_owned(),
        parent_id: Some(parent.to_owned()),
        name: name.to_owned(),
        created_at: now,
        updated_at: now,
        ..Department::default()
    };
    let id = department.id.clone();
    state.departments.push(department);
    (id, true)
}

/// `createDepartmentTree`, by the rules of this module's documentation.
pub(super) fn create_department_tree(input: &Input, state: &mut State) -> Outcome {
    let tree: Tree = typed(input)?;
    if tree.name.trim().is_empty() {
        return Err(ApiFault::invalid("name", "a department name is not blank"));
    }
    if tree.children.iter().any(|child| child.trim().is_empty()) {
        return Err(ApiFault::invalid("children", "a department name is not blank"));
    }
    let organization = tenant_organizations(state, tree.tenant_id.as_deref())
        .first()
        .map(|o| (o.code.clone(), o.root_department_id.clone()))
        .ok_or_else(|| {
            ApiFault::new(&errors::ORGANIZATION_NOT_FOUND, [""]).with_detail("no organization to create the tree in")
        })?;
    let (code, root) = organization;
    let member = plan_member(state, tree.members)?;
    let (added_users, updated_users, member_id) = match member {
        Member::None => (0, 0, None),
        Member::Add(fields) => (1, 0, Some(create_user(&fields, state)?)),
        Member::Update(fields) => (0, 1, Some(update_user(&fields, state)?)),
    };
    let mut added = 0;
    let (top, made) = department_under(state, &code, &root, &tree.name);
    added += usize::from(made);
    for child in &tree.children {
        let (_, made) = department_under(state, &code, &top, child);
        added += usize::from(made);
    }
    let member_id = member_id.as_ref().and_then(|user| user["userId"].as_str());
    if let (Some(user_id), Some(department)) = (member_id, state.department_mut(&top)) {
        department.add_member(user_id, now_ms());
    }
    Ok(json!({
        "addUser": added_users,
        "updateUser": updated_users,
        "addDepartment": added,
        "updateDepartment": 1 + tree.children.len() - added,
    }))
}
