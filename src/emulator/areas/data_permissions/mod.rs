//! The Data permissions area: permission namespaces as the data-permission
//! service serves them, data resources, data policies and the checks that
//! read them. This service holds each field to rules of its own
//! ([`crate::emulator::areas::rules`]), so the area's table says so.

mod checks;
mod namespaces;
mod policies;
mod resources;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Data permissions",
    own_field_rules: true,
    operations: &[
        ("createPermissionNamespace", namespaces::create_permission_namespace),
        ("createPermissionNamespacesBatch", namespaces::create_permission_namespaces_batch),
        ("getPermissionNamespace", namespaces::get_permission_namespace),
        ("getPermissionNamespacesBatch", namespaces::get_permission_namespaces_batch),
        ("listPermissionNamespaces", namespaces::list_permission_namespaces),
        ("updatePermissionNamespace", namespaces::update_permission_namespace),
        ("deletePermissionNamespace", namespaces::delete_permission_namespace),
        ("deletePermissionNamespacesBatch", namespaces::delete_permission_namespaces_batch),
        ("checkPermissionNamespaceExists", namespaces::check_permission_namespace_exists),
        ("listPermissionNamespaceRoles", namespaces::list_permission_namespace_roles),
        ("createDataResource", resources::create_data_resource),
        ("createDataResourceByString", resources::create_data_resource_by_string),
        ("createDataResourceByArray", resources::create_data_resource_by_array),
        ("createDataResourceByTree", resources::create_data_resource_by_tree),
        ("listDataResources", resources::list_data_resources),
        ("getDataResource", resources::get_data_resource),
        ("updateDataResource", resources::update_data_resource),
        ("deleteDataResource", resources::delete_data_resource),
        ("checkDataResourceExists", resources::check_data_resource_exists),
        ("createDnef", resources::create_dnef),
        ("batchCreateDnef", resources::batch_create_dnef),
        ("deleteDnef", resources::delete_dnef),
        ("updateDnef", resources::update_dnef),
        ("listDnef", resources::list_dnef),
        ("createDataPolicy", policies::create_data_policy),
        ("listDataPolices", policies::list_data_polices),
        ("listSimpleDataPolices", policies::list_simple_data_polices),
        ("getDataPolicy", policies::get_data_policy),
        ("updateDataPolicy", policies::update_data_policy),
        ("deleteDataPolicy", policies::delete_data_policy),
        ("checkDataPolicyExists", policies::check_data_policy_exists),
        ("listDataPolicyTargets", policies::list_data_policy_targets),
        ("authorizeDataPolicies", policies::authorize_data_policies),
        ("revokeDataPolicy", policies::revoke_data_policy),
        ("checkPermission", checks::check_permission),
        ("checkExternalUserPermission", checks::check_external_user_permission),
        ("getUserResourcePermissionList", checks::get_user_resource_permission_list),
        ("listResourceTargets", checks::list_resource_targets),
        ("checkUserSameLevelPermission", checks::check_user_same_level_permission),
        ("getUserResourceStruct", checks::get_user_resource_struct),
        ("getExternalUserResourceStruct", checks::get_external_user_resource_struct),
        ("getUserPermissionList", checks::get_user_permission_list),
        ("listPermissionView", policies::list_permission_view),
    ],
};
