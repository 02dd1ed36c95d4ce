//! Which operations the emulator carries out, area by area: the one table
//! that registers every handler.
//!
//! An area is a tag of the spec ("Users", "Roles", ...). In an area the
//! emulator keeps state for, every operation either has a handler here or
//! answers [`errors::NOT_EMULATED`]: an answer synthesized from the schema
//! there would be data the pool does not hold (a role with empty strings, a
//! member nobody added). Only the areas without state keep synthesized,
//! schema-valid answers. [`check`] holds the table to the spec when the
//! emulator starts.

use super::{
    Input, Outcome, custom_fields, data_checks, data_policies, data_resources, events, groups_roles, namespaces,
    organizations, permission_namespaces, posts, resources, sign_ins, tenants, users,
};
use crate::emulator::schema::Spec;
use crate::emulator::state::State;

/// One operation's business logic.
pub(super) type Handler = fn(&Input, &mut State) -> Outcome;

/// A stateful area: its spec tag and the handlers of its operations.
struct Area {
    tag: &'static str,
    /// Whether the area's service checks a request's fields against rules
    /// of its own ([`super::rules`]), empty lists included, and refuses in
    /// its own words; the spec's rule that a required list is not empty
    /// then leaves them to it.
    own_field_rules: bool,
    operations: &'static [(&'static str, Handler)],
}

/// Every area the emulator keeps state for. An operation of these tags
/// that is not listed answers "not emulated".
static AREAS: &[Area] = &[
    Area {
        tag: "Users",
        own_field_rules: false,
        operations: &[
            ("createUser", users::create_user),
            ("createUsersBatch", users::create_users_batch),
            ("getUser", users::get_user),
            ("getUserBatch", users::get_user_batch),
            ("listUsers", users::list_users),
            ("updateUser", users::update_user),
            ("updateUserBatch", users::update_user_batch),
            ("deleteUsersBatch", users::delete_users_batch),
            ("isUserExists", users::is_user_exists),
            ("getUserRoles", users::get_user_roles),
            ("getUserGroups", users::get_user_groups),
            ("getUserIdentities", users::get_user_identities),
            ("resignUser", users::resign_user),
            ("resignUserBatch", users::resign_user_batch),
            ("hasAnyRole", users::has_any_role),
            ("listArchivedUsers", users::list_archived_users),
            ("getUserLoginHistory", sign_ins::get_user_login_history),
            ("getUserLoggedinApps", sign_ins::empty_list),
            ("getUserLoggedinIdentities", sign_ins::empty_list),
            ("getUserAccessibleApps", sign_ins::empty_list),
            ("getUserAuthorizedApps", sign_ins::empty_list),
            ("getUserAuthorizedResources", sign_ins::get_user_authorized_resources),
            ("getUserMfaInfo", sign_ins::get_user_mfa_info),
            ("getUserPrincipalAuthenticationInfo", sign_ins::get_user_principal_authentication_info),
            ("resetUserPrincipalAuthenticationInfo", sign_ins::reset_user_principal_authentication_info),
            ("kickUsers", sign_ins::kick_users),
            ("checkSessionStatus", sign_ins::check_session_status),
            ("setUsersMfaStatus", sign_ins::set_users_mfa_status),
            ("getUserMfaStatus", sign_ins::get_user_mfa_status),
            ("listUsersLegacy", users::list_users_legacy),
            ("linkIdentity", users::link_identity),
            ("unlinkIdentity", users::unlink_identity),
            ("getUserSyncRelations", users::get_user_sync_relations),
            ("deleteUserSyncRelations", users::delete_user_sync_relations),
        ],
    },
    Area {
        tag: "Organizations & departments",
        own_field_rules: false,
        operations: &[
            ("createOrganization", organizations::create_organization),
            ("updateOrganization", organizations::update_organization),
            ("deleteOrganization", organizations::delete_organization),
            ("listOrganizations", organizations::list_organizations),
            ("searchOrganizations", organizations::search_organizations),
            ("createDepartment", organizations::create_department),
            ("updateDepartment", organizations::update_department),
            ("deleteDepartment", organizations::delete_department),
            ("getDepartment", organizations::get_department),
            ("searchDepartments", organizations::search_departments),
            ("searchDepartmentsList", organizations::search_departments_list),
            ("listChildrenDepartments", organizations::list_children_departments),
            ("getParentDepartment", organizations::get_parent_department),
            ("listDepartmentMembers", organizations::list_department_members),
            ("listDepartmentMemberIds", organizations::list_department_member_ids),
            ("searchDepartmentMembers", organizations::search_department_members),
            ("addDepartmentMembers", organizations::add_department_members),
            ("removeDepartmentMembers", organizations::remove_department_members),
            ("isUserInDepartment", organizations::is_user_in_department),
            ("setUserDepartments", users::set_user_departments),
            ("getUserDepartments", users::get_user_departments),
            ("listRoleDepartments", groups_roles::list_role_departments),
            ("getOrganization", organizations::get_organization),
            ("getOrganizationsBatch", organizations::get_organizations_batch),
            ("updateOrganizationStatus", organizations::update_organization_status),
            ("updateNodeStatus", organizations::update_node_status),
            ("getAllDepartments", organizations::get_all_departments),
            ("getDepartmentById", organizations::get_department_by_id),
            ("getDepartmentAllApp", organizations::get_department_all_app),
            ("getDepartmentSyncRelations", organizations::get_department_sync_relations),
            ("deleteDepartmentSyncRelations", organizations::delete_department_sync_relations),
            ("createPost", posts::create_post),
            ("getPost", posts::get_post),
            ("getPostById", posts::get_post_by_id),
            ("updatePost", posts::update_post),
            ("removePost", posts::remove_post),
            ("postList", posts::post_list),
            ("postListBatch", posts::post_list),
            ("getUserPost", posts::get_user_post),
            ("getUserPosts", posts::get_user_posts),
            ("setUserPosts", posts::set_user_posts),
            ("userConnectionPost", posts::user_connection_post),
        ],
    },
    Area {
        tag: "Groups",
        own_field_rules: false,
        operations: &[
            ("createGroup", groups_roles::create_group),
            ("createGroupsBatch", groups_roles::create_groups_batch),
            ("getGroup", groups_roles::get_group),
            ("listGroups", groups_roles::list_groups),
            ("getAllGroups", groups_roles::get_all_groups),
            ("createOrUpdateGroup", groups_roles::create_or_update_group),
            ("updateGroup", groups_roles::update_group),
            ("deleteGroupsBatch", groups_roles::delete_groups_batch),
            ("addGroupMembers", groups_roles::add_group_members),
            ("removeGroupMembers", groups_roles::remove_group_members),
            ("listGroupMembers", groups_roles::list_group_members),
            ("getGroupAuthorizedResources", groups_roles::get_group_authorized_resources),
        ],
    },
    Area {
        tag: "Roles",
        own_field_rules: false,
        operations: &[
            ("createRole", groups_roles::create_role),
            ("createRolesBatch", groups_roles::create_roles_batch),
            ("getRole", groups_roles::get_role),
            ("listRoles", groups_roles::list_roles),
            ("updateRole", groups_roles::update_role),
            ("deleteRolesBatch", groups_roles::delete_roles_batch),
            ("assignRole", groups_roles::assign_role),
            ("revokeRole", groups_roles::revoke_role),
            ("assignRoleBatch", groups_roles::assign_role_batch),
            ("revokeRoleBatch", groups_roles::revoke_role_batch),
            ("deleteRoles", groups_roles::delete_roles),
            ("checkMutualExclusion", groups_roles::check_mutual_exclusion),
            ("listRoleMembers", groups_roles::list_role_members),
            ("listRoleAssignments", groups_roles::list_role_assignments),
            ("getRoleAuthorizedResources", groups_roles::get_role_authorized_resources),
        ],
    },
    // Publishing delivers to the emulator's subscribers; defining event
    // types and event apps keeps records the emulator does not hold yet.
    Area { tag: "Events", own_field_rules: false, operations: &[("verifyEvent", events::publish_event)] },
    // Areas whose operations create and read back records of their own:
    // until they have handlers, every operation says it is not emulated
    // rather than inventing records.
    Area {
        tag: "Custom fields & custom data",
        own_field_rules: false,
        operations: &[
            ("setCustomFields", custom_fields::set_custom_fields),
            ("getCustomFields", custom_fields::get_custom_fields),
            ("deleteCustomFields", custom_fields::delete_custom_fields),
            ("setCustomData", custom_fields::set_custom_data),
            ("getCustomData", custom_fields::get_custom_data),
            ("getUserBaseFields", custom_fields::get_user_base_fields),
            ("setUserBaseFields", custom_fields::set_user_base_fields),
        ],
    },
    Area {
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
            ("createResource", resources::create_resource),
            ("createResourcesBatch", resources::create_resources_batch),
            ("getResource", resources::get_resource),
            ("getResourcesBatch", resources::get_resources_batch),
            ("listResources", resources::list_resources),
            ("updateResource", resources::update_resource),
            ("deleteResource", resources::delete_resource),
            ("deleteResourcesBatch", resources::delete_resources_batch),
            ("batchDeleteCommonResource", resources::batch_delete_common_resource),
            ("authorizeResources", resources::authorize_resources),
            ("getAuthorizedResources", resources::get_authorized_resources),
            ("isActionAllowed", resources::is_action_allowed),
            ("getResourceAuthorizedTargets", resources::get_resource_authorized_targets),
        ],
    },
    Area {
        tag: "Data permissions",
        own_field_rules: true,
        operations: &[
            ("createPermissionNamespace", permission_namespaces::create_permission_namespace),
            ("createPermissionNamespacesBatch", permission_namespaces::create_permission_namespaces_batch),
            ("getPermissionNamespace", permission_namespaces::get_permission_namespace),
            ("getPermissionNamespacesBatch", permission_namespaces::get_permission_namespaces_batch),
            ("listPermissionNamespaces", permission_namespaces::list_permission_namespaces),
            ("updatePermissionNamespace", permission_namespaces::update_permission_namespace),
            ("deletePermissionNamespace", permission_namespaces::delete_permission_namespace),
            ("deletePermissionNamespacesBatch", permission_namespaces::delete_permission_namespaces_batch),
            ("checkPermissionNamespaceExists", permission_namespaces::check_permission_namespace_exists),
            ("listPermissionNamespaceRoles", permission_namespaces::list_permission_namespace_roles),
            ("createDataResource", data_resources::create_data_resource),
            ("createDataResourceByString", data_resources::create_data_resource_by_string),
            ("createDataResourceByArray", data_resources::create_data_resource_by_array),
            ("createDataResourceByTree", data_resources::create_data_resource_by_tree),
            ("listDataResources", data_resources::list_data_resources),
            ("getDataResource", data_resources::get_data_resource),
            ("updateDataResource", data_resources::update_data_resource),
            ("deleteDataResource", data_resources::delete_data_resource),
            ("checkDataResourceExists", data_resources::check_data_resource_exists),
            ("createDnef", data_resources::create_dnef),
            ("batchCreateDnef", data_resources::batch_create_dnef),
            ("deleteDnef", data_resources::delete_dnef),
            ("updateDnef", data_resources::update_dnef),
            ("listDnef", data_resources::list_dnef),
            ("createDataPolicy", data_policies::create_data_policy),
            ("listDataPolices", data_policies::list_data_polices),
            ("listSimpleDataPolices", data_policies::list_simple_data_polices),
            ("getDataPolicy", data_policies::get_data_policy),
            ("updateDataPolicy", data_policies::update_data_policy),
            ("deleteDataPolicy", data_policies::delete_data_policy),
            ("checkDataPolicyExists", data_policies::check_data_policy_exists),
            ("listDataPolicyTargets", data_policies::list_data_policy_targets),
            ("authorizeDataPolicies", data_policies::authorize_data_policies),
            ("revokeDataPolicy", data_policies::revoke_data_policy),
            ("checkPermission", data_checks::check_permission),
            ("checkExternalUserPermission", data_checks::check_external_user_permission),
            ("getUserResourcePermissionList", data_checks::get_user_resource_permission_list),
            ("listResourceTargets", data_checks::list_resource_targets),
            ("checkUserSameLevelPermission", data_checks::check_user_same_level_permission),
            ("getUserResourceStruct", data_checks::get_user_resource_struct),
            ("getExternalUserResourceStruct", data_checks::get_external_user_resource_struct),
            ("getUserPermissionList", data_checks::get_user_permission_list),
        ],
    },
    Area {
        tag: "Tenants",
        own_field_rules: false,
        operations: &[
            ("createTenant", tenants::create_tenant),
            ("updateTenant", tenants::update_tenant),
            ("deleteTenant", tenants::delete_tenant),
            ("listTenants", tenants::list_tenants),
            ("getTenant", tenants::get_tenant),
            ("getTenantLittleInfo", tenants::get_tenant),
            ("getTenantByCode", tenants::get_tenant_by_code),
            ("addTenantUsers", tenants::add_tenant_users),
            ("removeTenantUsers", tenants::remove_tenant_users),
            ("deleteTenantUser", tenants::remove_tenant_users),
            ("listTenantUsers", tenants::list_tenant_users),
            ("getTenantUser", tenants::get_tenant_user),
            ("createTenantUser", tenants::create_tenant_user),
            ("updateTenantUser", tenants::update_tenant_user),
            ("setTenantAdmin", tenants::set_tenant_admin),
            ("deleteTenantAdmin", tenants::delete_tenant_admin),
            ("listTenantAdmin", tenants::list_tenant_admin),
            ("addTenantDepartmentMembers", tenants::add_tenant_department_members),
            ("removeTenantDepartmentMembers", tenants::remove_tenant_department_members),
            ("createTenantEnterpriseCertification", tenants::create_tenant_enterprise_certification),
            ("updateTenantEnterpriseCertification", tenants::update_tenant_enterprise_certification),
            ("reviewTenantEnterpriseCertification", tenants::review_tenant_enterprise_certification),
            ("getTenantEnterpriseCertification", tenants::get_tenant_enterprise_certification),
            ("createMultipleTenantAdmin", tenants::create_multiple_tenant_admin),
            ("listMultipleTenantAdmin", tenants::list_multiple_tenant_admin),
            ("getMultipleTenantAdmin", tenants::get_multiple_tenant_admin),
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
    },
];

/// How the emulator answers an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Emulation {
    /// Carried out against the pool's state.
    Stateful,
    /// In an area the emulator keeps state for, but not carried out yet: it
    /// answers `statusCode` 501 saying so, never invented data.
    NotEmulated,
    /// In an area the emulator keeps no state for: a schema-valid answer
    /// synthesized from the spec (listings page through a fixed collection).
    Synthesized,
}

impl Emulation {
    /// `stateful`, `not emulated` or `synthesized`.
    pub fn as_str(self) -> &'static str {
        match self {
            Emulation::Stateful => "stateful",
            Emulation::NotEmulated => "not emulated",
            Emulation::Synthesized => "synthesized",
        }
    }
}

/// One row of the emulator's operations table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationEmulation {
    /// The spec's operationId, like `getUser`.
    pub operation_id: String,
    /// The spec's tag, like `Users`.
    pub area: String,
    /// How the emulator answers it.
    pub emulation: Emulation,
}

/// The handler registered for an operation, if any. Every request asks, so
/// the table is indexed once per process rather than scanned each time.
pub(super) fn handler(operation_id: &str) -> Option<Handler> {
    static BY_ID: std::sync::OnceLock<std::collections::HashMap<&'static str, Handler>> = std::sync::OnceLock::new();
    BY_ID.get_or_init(|| AREAS.iter().flat_map(|a| a.operations).copied().collect()).get(operation_id).copied()
}

/// Whether the area with this tag checks its requests' fields itself
/// (see [`Area::own_field_rules`]).
pub(crate) fn has_own_field_rules(tag: &str) -> bool {
    AREAS.iter().any(|a| a.tag == tag && a.own_field_rules)
}

/// Whether the emulator keeps state for the area with this tag.
pub(super) fn is_stateful_area(tag: &str) -> bool {
    AREAS.iter().any(|a| a.tag == tag)
}

/// How the emulator answers each operation of `spec`, in the spec's order.
pub(crate) fn table(spec: &Spec) -> Vec<OperationEmulation> {
    spec.operations()
        .iter()
        .map(|op| {
            let emulation = if handler(&op.id).is_some() {
                Emulation::Stateful
            } else if is_stateful_area(&op.area) {
                Emulation::NotEmulated
            } else {
                Emulation::Synthesized
            };
            OperationEmulation { operation_id: op.id.clone(), area: op.area.clone(), emulation }
        })
        .collect()
}

/// [`check`] of the process's spec, worked out once: the table and the
/// spec are both fixed for the life of the process.
pub(crate) fn check_once() -> Result<(), String> {
    static CHECKED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    CHECKED.get_or_init(|| check(crate::emulator::schema::spec())).clone()
}

/// Holds the table to the spec: every registered operation exists, under
/// the area it is registered in, and is registered once. Returns what is
/// wrong, one line each.
pub(crate) fn check(spec: &Spec) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for area in AREAS {
        for (id, _) in area.operations {
            if !seen.insert(*id) {
                problems.push(format!("{id} is registered twice"));
            }
            match spec.operation(id) {
                None => problems.push(format!("{id} (registered under {:?}) is no operation of the spec", area.tag)),
                Some(op) if op.area != area.tag => {
                    problems.push(format!("{id} is registered under {:?} but the spec tags it {:?}", area.tag, op.area))
                }
                Some(_) => {}
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::schema::spec;

    #[test]
    fn the_registry_matches_the_spec() {
        check(spec()).unwrap();
    }

    #[test]
    fn stateful_areas_never_synthesize() {
        let table = table(spec());
        assert_eq!(table.len(), 496);
        for row in &table {
            let stateful_area = is_stateful_area(&row.area);
            assert_eq!(row.emulation == Emulation::Synthesized, !stateful_area, "{row:?}");
        }
        let get_user = table.iter().find(|r| r.operation_id == "getUser").unwrap();
        assert_eq!(get_user.emulation, Emulation::Stateful);
    }
}
