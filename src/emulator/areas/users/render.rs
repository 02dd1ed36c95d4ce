//! A user's departments as the API's response DTOs.

use crate::emulator::areas::render::{View, attach_custom_data, iso8601, put};
use crate::emulator::state::{Department, Membership, State};
use serde_json::{Map, Value, json};

/// A department's ancestors and itself, root first.
fn path<'a>(state: &'a State, department: &'a Department) -> Vec<&'a Department> {
    let mut path = vec![department];
    let mut current = department;
    // The length bound stops a corrupted (cyclic) state file from looping forever.
    while let Some(parent) = current.parent_id.as_deref().and_then(|id| state.department(id)) {
        if path.len() > state.departments.len() {
            break;
        }
        path.push(parent);
        current = parent;
    }
    path.reverse();
    path
}

/// A `UserDepartmentRespDto`: a department as seen from one of its members.
pub(super) fn user_department(state: &State, department: &Department, membership: &Membership, view: View) -> Value {
    let mut out = Map::new();
    out.insert("organizationCode".into(), json!(department.organization_code));
    out.insert("departmentId".into(), json!(department.id));
    out.insert("isRoot".into(), json!(department.parent_id.is_none()));
    out.insert("createdAt".into(), json!(iso8601(department.created_at)));
    out.insert("name".into(), json!(department.name));
    out.insert("description".into(), json!(department.description.as_deref().unwrap_or("")));
    put(&mut out, "openDepartmentId", department.open_department_id.clone());
    out.insert("isLeader".into(), json!(department.leader_user_ids.contains(&membership.user_id)));
    out.insert("code".into(), json!(department.code.as_deref().unwrap_or("")));
    out.insert("isMainDepartment".into(), json!(membership.is_main_department));
    out.insert("joinedAt".into(), json!(iso8601(membership.joined_at)));
    out.insert("isVirtualNode".into(), json!(department.is_virtual_node));
    put(&mut out, "i18n", department.i18n.clone());
    if view.department_paths {
        let path = path(state, department);
        out.insert("departmentIdPath".into(), json!(path.iter().map(|d| &d.id).collect::<Vec<_>>()));
        out.insert(
            "departmentCodePath".into(),
            json!(path.iter().map(|d| d.code.as_deref().unwrap_or("")).collect::<Vec<_>>()),
        );
        out.insert("departmentNamePath".into(), json!(path.iter().map(|d| &d.name).collect::<Vec<_>>()));
    }
    attach_custom_data(&mut out, &department.custom_data, view.custom_data, false);
    Value::Object(out)
}
