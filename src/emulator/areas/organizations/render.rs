//! Organizations and departments as the API's response DTOs.

use crate::emulator::areas::render::{attach_custom_data, iso8601, put};
// The shared views the area answers with too, so that its handlers name
// every view through this one module.
pub(super) use crate::emulator::areas::render::{View, sync_relations, users};
use crate::emulator::state::{Department, Organization, State};
use serde_json::{Map, Value, json};

/// A `DepartmentDto`.
pub(super) fn department(state: &State, department: &Department, view: View) -> Value {
    let parent = department.parent_id.as_deref().and_then(|id| state.department(id));
    let mut out = Map::new();
    out.insert("organizationCode".into(), json!(department.organization_code));
    out.insert("departmentId".into(), json!(department.id));
    out.insert("createdAt".into(), json!(iso8601(department.created_at)));
    out.insert("updatedAt".into(), json!(iso8601(department.updated_at)));
    put(&mut out, "openDepartmentId", department.open_department_id.clone());
    out.insert("name".into(), json!(department.name));
    out.insert("leaderUserIds".into(), json!(department.leader_user_ids));
    put(&mut out, "description", department.description.clone());
    // A root has no parent; the schema still requires both fields.
    out.insert("parentDepartmentId".into(), json!(parent.map_or("", |p| p.id.as_str())));
    put(&mut out, "code", department.code.clone());
    out.insert("parentDepartmentCode".into(), json!(parent.and_then(|p| p.code.as_deref()).unwrap_or("")));
    // Direct members only, as the API counts them.
    out.insert("membersCount".into(), json!(department.members.len()));
    out.insert("hasChildren".into(), json!(state.children(&department.id).next().is_some()));
    out.insert("isVirtualNode".into(), json!(department.is_virtual_node));
    put(&mut out, "i18n", department.i18n.clone());
    out.insert("postIdList".into(), json!(department.post_id_list));
    out.insert("status".into(), json!(!department.disabled));
    attach_custom_data(&mut out, &department.custom_data, view.custom_data, view.flat_custom_data);
    Value::Object(out)
}

/// An `OrganizationDto`; the organization's own settings, plus what its root department holds.
pub(super) fn organization(state: &State, organization: &Organization, view: View) -> Value {
    let root = state.department(&organization.root_department_id);
    let mut members: Vec<&str> = state
        .departments
        .iter()
        .filter(|d| d.organization_code == organization.code)
        .flat_map(|d| d.members.iter().map(|m| m.user_id.as_str()))
        .collect();
    members.sort_unstable();
    members.dedup();
    let mut out = Map::new();
    out.insert("organizationCode".into(), json!(organization.code));
    out.insert("organizationName".into(), json!(organization.name));
    put(&mut out, "description", organization.description.clone());
    out.insert("createdAt".into(), json!(iso8601(organization.created_at)));
    out.insert("updatedAt".into(), json!(iso8601(organization.updated_at)));
    out.insert("departmentId".into(), json!(organization.root_department_id));
    put(&mut out, "openDepartmentId", root.and_then(|r| r.open_department_id.clone()));
    out.insert("hasChildren".into(), json!(state.children(&organization.root_department_id).next().is_some()));
    out.insert("leaderUserIds".into(), json!(root.map(|r| r.leader_user_ids.clone()).unwrap_or_default()));
    // Everyone anywhere in the tree, each counted once.
    out.insert("membersCount".into(), json!(members.len()));
    out.insert("isVirtualNode".into(), json!(false));
    put(&mut out, "i18n", organization.i18n.clone());
    put(&mut out, "tenantId", organization.tenant_id.clone());
    out.insert("postIdList".into(), json!(organization.post_id_list));
    if view.custom_data {
        out.insert("customData".into(), json!(root.map(|r| r.custom_data.clone()).unwrap_or_default()));
    }
    Value::Object(out)
}
