//! The Groups area: groups and their members.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Groups",
    own_field_rules: false,
    operations: &[
        ("createGroup", handlers::create_group),
        ("createGroupsBatch", handlers::create_groups_batch),
        ("getGroup", handlers::get_group),
        ("listGroups", handlers::list_groups),
        ("getAllGroups", handlers::get_all_groups),
        ("createOrUpdateGroup", handlers::create_or_update_group),
        ("updateGroup", handlers::update_group),
        ("deleteGroupsBatch", handlers::delete_groups_batch),
        ("addGroupMembers", handlers::add_group_members),
        ("removeGroupMembers", handlers::remove_group_members),
        ("listGroupMembers", handlers::list_group_members),
        ("getGroupAuthorizedResources", handlers::get_group_authorized_resources),
    ],
};
