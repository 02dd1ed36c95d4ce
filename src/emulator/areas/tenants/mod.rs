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
            ("createTenantEnterpriseCertification", handlers::create_tenant_enterprise_certification),
            ("updateTenantEnterpriseCertification", handlers::update_tenant_enterprise_certification),
            ("reviewTenantEnterpriseCertification", handlers::review_tenant_enterprise_certification),
            ("getTenantEnterpriseCertification", handlers::get_tenant_enterprise_certification),
            ("createMultipleTenantAdmin", handlers::create_multiple_tenant_admin),
            ("listMultipleTenantAdmin", handlers::list_multiple_tenant_admin),
            ("getMultipleTenantAdmin", handlers::get_multiple_tenant_admin),
            // Not emulated, for want of what they act on: the pool's tenant
            // console settings (userpollTenantConfig answers eighteen settings
            // whose defaults are on record nowhere; updateUserPoolTenantConfig
            // and updateTenantQrCodeState change them); applications and
            // external identity providers, which the emulator keeps none of
            // (listTenantApplications, associateTenantResource, which ties a
            // resource to a tenant's application, listTenantExtIdp,
            // changeUserpoolTenanExtIdpConnState); the console's policies and
            // menus a cooperator is given (the four cooperator operations);
            // the hosted sign-up page an invitation links to and the mail it
            // sends (the three invitation operations); and the spreadsheet at
            // a URL an import reads (the three import operations).
    ],
};
