//! What the role area keeps: roles, each with the users and departments
//! that hold it.

use crate::emulator::state::{Removed, State};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A role inside a permission namespace.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Role {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique within its namespace.
    pub code: String,
    /// The permission namespace's code.
    pub namespace: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// When the role stops being effective, in milliseconds since the epoch.
    pub disable_time: Option<i64>,
    /// Whether members may apply for the role's permissions.
    pub enable_permission_apply: bool,
    /// Users holding the role.
    pub assignments: Vec<RoleAssignment>,
    /// Departments holding the role.
    pub department_assignments: Vec<DepartmentAssignment>,
    /// Values of the pool's role custom fields.
    pub custom_data: Map<String, Value>,
    /// When the role was created, in milliseconds since the epoch.
    pub created_at: i64,
    /// When the role was created or last changed, in milliseconds since the epoch.
    pub updated_at: i64,
}

/// A user's hold on a role, possibly limited in time.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleAssignment {
    /// The holder.
    pub user_id: String,
    /// From when the assignment counts, in milliseconds since the epoch.
    pub enable_time: Option<i64>,
    /// Until when the assignment counts, in milliseconds since the epoch.
    pub end_time: Option<i64>,
}

/// A department's hold on a role, limited in time as a user's can be.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DepartmentAssignment {
    /// The holder.
    pub department_id: String,
    /// From when the assignment counts, in milliseconds since the epoch.
    pub enable_time: Option<i64>,
    /// Until when the assignment counts, in milliseconds since the epoch.
    pub end_time: Option<i64>,
}

/// Whether an assignment limited to `[enable_time, end_time)` counts at `now`.
fn within(enable_time: Option<i64>, end_time: Option<i64>, now: i64) -> bool {
    enable_time.is_none_or(|t| t <= now) && end_time.is_none_or(|t| now < t)
}

impl RoleAssignment {
    /// Whether the assignment counts at `now` (milliseconds since the epoch).
    pub fn is_effective(&self, now: i64) -> bool {
        within(self.enable_time, self.end_time, now)
    }
}

impl DepartmentAssignment {
    /// Whether the assignment counts at `now` (milliseconds since the epoch).
    pub fn is_effective(&self, now: i64) -> bool {
        within(self.enable_time, self.end_time, now)
    }
}

/// Roles held by a removed user or department are no longer held; the
/// roles of a removed namespace go with it.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    if let Removed::Namespace(code) = event {
        state.roles.retain(|r| &r.namespace != code);
    }
    for role in &mut state.roles {
        match event {
            Removed::User(user_id) => role.assignments.retain(|a| &a.user_id != user_id),
            Removed::Department(id) => role.department_assignments.retain(|a| &a.department_id != id),
            Removed::Namespace(_)
            | Removed::Post(_)
            | Removed::Group(_)
            | Removed::Role(_)
            | Removed::Application(_) => {}
        }
    }
}

/// A custom administrator role: a role of the console's administrators,
/// kept apart from the roles of permission namespaces.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdminRole {
    /// Unique among the pool's administrator roles.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_department_is_no_longer_assigned_roles() {
        let mut state = State::default();
        state.roles.push(Role {
            department_assignments: vec![
                DepartmentAssignment { department_id: "gone".into(), ..DepartmentAssignment::default() },
                DepartmentAssignment { department_id: "kept".into(), ..DepartmentAssignment::default() },
            ],
            ..Role::default()
        });
        state.removed(&Removed::Department("gone"));
        let left: Vec<&str> = state.roles[0].department_assignments.iter().map(|a| a.department_id.as_str()).collect();
        assert_eq!(left, ["kept"]);
    }
}
