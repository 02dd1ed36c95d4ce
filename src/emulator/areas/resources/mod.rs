//! The Resources & permission namespaces area: namespaces, the resources
//! in them, and grants of resources to users, roles, groups and
//! departments.

mod handlers;
pub(super) mod namespaces;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

pub(super) use handlers::{authorized, resource_index, target_id};
pub(super) use namespaces::namespace;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Resources & permission namespaces",
    own_field_rules: false,
    operations: &[
        ("createNamespace", namespaces::create_namespace),
        ("createNamespacesBatch", namespaces::create_namespaces_batch),
        ("getNamespace", namespaces::get_namespace),
        ("getNamespacesBatch", namespaces::get_namespaces_batch),
        ("listNamespaces", namespaces::list_namespaces),
        ("updateNamespace", namespaces::update_namespace),
        ("deleteNamespace", namespaces::delete_namespace),
        ("deleteNamespacesBatch", namespaces::delete_namespaces_batch),
        ("listNamespaceRoles", namespaces::list_namespace_roles),
        ("createResource", handlers::create_resource),
        ("createResourcesBatch", handlers::create_resources_batch),
        ("getResource", handlers::get_resource),
        ("getResourcesBatch", handlers::get_resources_batch),
        ("listResources", handlers::list_resources),
        ("updateResource", handlers::update_resource),
        ("deleteResource", handlers::delete_resource),
        ("deleteResourcesBatch", handlers::delete_resources_batch),
        ("batchDeleteCommonResource", handlers::batch_delete_common_resource),
        ("authorizeResources", handlers::authorize_resources),
        ("getAuthorizedResources", handlers::get_authorized_resources),
        ("isActionAllowed", handlers::is_action_allowed),
        ("getResourceAuthorizedTargets", handlers::get_resource_authorized_targets),
        ("listCommonResource", handlers::list_common_resource),
    ],
};
