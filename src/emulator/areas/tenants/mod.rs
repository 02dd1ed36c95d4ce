//! The Tenants area: the pool's tenants, their members and administrators.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Tenants",
    own_field_rules: false,
    operations: &[
        ("createTenant", handlers::create_tenant),
        ("updateTenant", handlers::update_tenant),
        ("deleteTenant", handlers::delete_tenant),
        ("listTenants", handlers::list_tenants),
        ("getTenant", handlers::get_tenant),
        ("getTenantLittleInfo", handlers::get_tenant),
        ("getTenantByCode", handlers::get_tenant_by_code),
        ("addTenantUsers", handlers::add_tenant_users),
        ("removeTenantUsers", handlers::remove_tenant_users),
        ("deleteTenantUser", handlers::remove_tenant_users),
        ("listTenantUsers", handlers::list_tenant_users),
        ("getTenantUser", handlers::get_tenant_user),
        ("createTenantUser", handlers::create_tenant_user),
        ("updateTenantUser", handlers::update_tenant_user),
        ("setTenantAdmin", handlers::set_tenant_admin),
        ("deleteTenantAdmin", handlers::delete_tenant_admin),
        ("listTenantAdmin", handlers::list_tenant_admin),
        ("addTenantDepartmentMembers", handlers::add_tenant_department_members),
        ("removeTenantDepartmentMembers", handlers::remove_tenant_department_members),
    ],
};
