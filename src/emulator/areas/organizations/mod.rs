//! The Organizations & departments area: organizations, their department
//! trees and members, and posts (job positions), which the spec files here.

mod handlers;
mod posts;
mod render;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;
mod tree;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Organizations & departments",
    own_field_rules: false,
    operations: &[
        ("createOrganization", handlers::create_organization),
        ("updateOrganization", handlers::update_organization),
        ("deleteOrganization", handlers::delete_organization),
        ("listOrganizations", handlers::list_organizations),
        ("searchOrganizations", handlers::search_organizations),
        ("createDepartment", handlers::create_department),
        ("updateDepartment", handlers::update_department),
        ("deleteDepartment", handlers::delete_department),
        ("getDepartment", handlers::get_department),
        ("searchDepartments", handlers::search_departments),
        ("searchDepartmentsList", handlers::search_departments_list),
        ("listChildrenDepartments", handlers::list_children_departments),
        ("getParentDepartment", handlers::get_parent_department),
        ("listDepartmentMembers", handlers::list_department_members),
        ("listDepartmentMemberIds", handlers::list_department_member_ids),
        ("searchDepartmentMembers", handlers::search_department_members),
        ("addDepartmentMembers", handlers::add_department_members),
        ("removeDepartmentMembers", handlers::remove_department_members),
        ("isUserInDepartment", handlers::is_user_in_department),
        ("setUserDepartments", super::users::set_user_departments),
        ("getUserDepartments", super::users::get_user_departments),
        ("listRoleDepartments", super::roles::list_role_departments),
        ("getOrganization", handlers::get_organization),
        ("getOrganizationsBatch", handlers::get_organizations_batch),
        ("updateOrganizationStatus", handlers::update_organization_status),
        ("updateNodeStatus", handlers::update_node_status),
        ("getAllDepartments", handlers::get_all_departments),
        ("getDepartmentById", handlers::get_department_by_id),
        ("getDepartmentAllApp", handlers::get_department_all_app),
        ("getDepartmentSyncRelations", handlers::get_department_sync_relations),
        ("deleteDepartmentSyncRelations", handlers::delete_department_sync_relations),
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
        ("createDepartmentTree", tree::create_department_tree),
    ],
};
