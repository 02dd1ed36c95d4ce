//! What the organization area keeps: organizations, the departments of
//! their trees with their members and leaders, and posts.

use crate::emulator::state::{Removed, State, SyncRelation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A top-level organization; its tree hangs from `root_department_id`.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    /// Unique among organizations.
    pub code: String,
    /// Display name, mirrored onto the root department.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The root of this organization's department tree.
    pub root_department_id: String,
    /// The tenant the organization belongs to, if any.
    pub tenant_id: Option<String>,
    /// Names per language, as the caller gave them.
    pub i18n: Option<Value>,
    /// Posts attached to the organization.
    pub post_id_list: Vec<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// One node of an organization's tree.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Department {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// The organization this node belongs to.
    pub organization_code: String,
    /// The parent node; `None` only for an organization's root.
    pub parent_id: Option<String>,
    /// Display name.
    pub name: String,
    /// Unique within the organization when set.
    pub code: Option<String>,
    /// The caller's own id for the node; unique within the organization when set.
    pub open_department_id: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Users who lead this department; always also members.
    pub leader_user_ids: Vec<String>,
    /// Direct members, in joining order.
    pub members: Vec<Membership>,
    /// Values of the pool's department custom fields.
    pub custom_data: Map<String, Value>,
    /// Names per language, as the caller gave them.
    pub i18n: Option<Value>,
    /// Virtual nodes group people without being a real unit.
    pub is_virtual_node: bool,
    /// Stored inverted so that the serde default (`false`) means "enabled".
    pub disabled: bool,
    /// Ids in synchronised directories.
    pub sync_relations: Vec<SyncRelation>,
    /// Posts attached to the department.
    pub post_id_list: Vec<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// A user's direct membership of a department.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Membership {
    /// The member.
    pub user_id: String,
    /// When the user joined, in milliseconds since the epoch.
    pub joined_at: i64,
    /// Whether this is the user's main department.
    pub is_main_department: bool,
}

/// A post (job position). Who holds it lives with the holders: the
/// `post_id_list` of users, departments and organizations.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Post {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique among posts.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

impl Department {
    /// Makes the user a direct member (keeping an existing membership and its
    /// joining time) and returns the membership.
    pub fn add_member(&mut self, user_id: &str, now: i64) -> &mut Membership {
        let index = match self.members.iter().position(|m| m.user_id == user_id) {
            Some(index) => index,
            None => {
                self.members.push(Membership {
                    user_id: user_id.to_owned(),
                    joined_at: now,
                    is_main_department: false,
                });
                self.members.len() - 1
            }
        };
        &mut self.members[index]
    }

    /// Ends the user's membership and, with it, any leadership.
    pub fn remove_member(&mut self, user_id: &str) {
        self.members.retain(|m| m.user_id != user_id);
        self.leader_user_ids.retain(|id| id != user_id);
    }

    /// Replaces the leaders; leaders are always members, so new ones join.
    pub fn set_leaders(&mut self, leaders: &[String], now: i64) {
        for leader in leaders {
            self.add_member(leader, now);
        }
        self.leader_user_ids = leaders.to_vec();
    }
}

impl State {
    /// The department with this emulator id.
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// The department with this emulator id, for changing.
    pub fn department_mut(&mut self, id: &str) -> Option<&mut Department> {
        self.departments.iter_mut().find(|d| d.id == id)
    }

    /// The organization with this code.
    pub fn organization(&self, code: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.code == code)
    }

    /// The direct children of a department, in creation order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Department> + 'a {
        self.departments.iter().filter(move |d| d.parent_id.as_deref() == Some(id))
    }

    /// A department and all its descendants, parents before children.
    pub fn subtree(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_owned()];
        let mut next = 0;
        while let Some(current) = out.get(next).cloned() {
            out.extend(self.children(&current).map(|d| d.id.clone()));
            next += 1;
        }
        out
    }
}

/// Department memberships and leadership of a removed user end.
pub(in crate::emulator) fn departments_react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for department in &mut state.departments {
            department.remove_member(user_id);
        }
    }
}

/// A removed post is held by nobody; a removed (or resigned) user holds no post.
pub(in crate::emulator) fn posts_react(state: &mut State, event: &Removed) {
    match event {
        Removed::Post(post_id) => {
            let holders = state
                .users
                .iter_mut()
                .map(|u| &mut u.post_id_list)
                .chain(state.departments.iter_mut().map(|d| &mut d.post_id_list))
                .chain(state.organizations.iter_mut().map(|o| &mut o.post_id_list));
            for posts in holders {
                posts.retain(|id| id != post_id);
            }
        }
        Removed::User(user_id) => {
            if let Some(user) = state.user_mut(user_id) {
                user.post_id_list.clear();
            }
        }
        Removed::Department(_)
        | Removed::Namespace(_)
        | Removed::Group(_)
        | Removed::Role(_)
        | Removed::Application(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::state::User;

    #[test]
    fn subtree_lists_parents_before_children() {
        let mut state = State::default();
        for (id, parent) in [("r", None), ("a", Some("r")), ("b", Some("a")), ("c", Some("r"))] {
            state.departments.push(Department {
                id: id.into(),
                parent_id: parent.map(Into::into),
                ..Department::default()
            });
        }
        assert_eq!(state.subtree("r"), ["r", "a", "c", "b"]);
        assert_eq!(state.subtree("a"), ["a", "b"]);
    }

    #[test]
    fn a_removed_post_is_held_by_nobody() {
        let mut state = State::default();
        let posts = || vec!["gone".to_owned(), "kept".to_owned()];
        state.users.push(User { id: "u".into(), post_id_list: posts(), ..User::default() });
        state.departments.push(Department { post_id_list: posts(), ..Department::default() });
        state.organizations.push(Organization { post_id_list: posts(), ..Organization::default() });
        state.removed(&Removed::Post("gone"));
        assert_eq!(state.users[0].post_id_list, ["kept"]);
        assert_eq!(state.departments[0].post_id_list, ["kept"]);
        assert_eq!(state.organizations[0].post_id_list, ["kept"]);
        state.removed(&Removed::User("u"));
        assert!(state.users[0].post_id_list.is_empty());
    }
}
