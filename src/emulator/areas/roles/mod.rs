//! The Roles area: roles in permission namespaces and who holds them.

mod admin_roles;
mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

pub(super) use handlers::list_role_departments;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Roles",
    own_field_rules: false,
    operations: &[
        ("createRole", handlers::create_role),
        ("createRolesBatch", handlers::create_roles_batch),
        ("getRole", handlers::get_role),
        ("listRoles", handlers::list_roles),
        ("updateRole", handlers::update_role),
        ("deleteRolesBatch", handlers::delete_roles_batch),
        ("assignRole", handlers::assign_role),
        ("revokeRole", handlers::revoke_role),
        ("assignRoleBatch", handlers::assign_role_batch),
        ("revokeRoleBatch", handlers::revoke_role_batch),
        ("deleteRoles", handlers::delete_roles),
        ("checkMutualExclusion", handlers::check_mutual_exclusion),
        ("listRoleMembers", handlers::list_role_members),
        ("listRoleAssignments", handlers::list_role_assignments),
        ("getRoleAuthorizedResources", handlers::get_role_authorized_resources),
        ("checkParamsNamespace", handlers::check_params_namespace),
        ("createAdminRole", admin_roles::create_admin_role),
        ("deleteAdminRolesBatch", admin_roles::delete_admin_roles_batch),
    ],
};
