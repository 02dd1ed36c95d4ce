//! The emulator's in-memory data, persisted as a whole through serde: the
//! [`State`] of one pool or tenant aggregates what every area keeps, each
//! area's records declared in its store (`areas/<area>/store.rs`) and
//! re-exported here.
//!
//! Relations live on one side only, so they can never disagree: department
//! membership and leadership on the [`Department`], group membership on the
//! [`Group`], role assignments on the [`Role`]. Asking "which departments is
//! this user in" is a scan, which is cheap at emulator scale. Removing a
//! record is an event ([`State::removed`]): each area that points at
//! records reacts to it, so deleting a user, resigning one or deleting a
//! department leaves no relation pointing at what is gone.
//!
//! Every field has a serde default, so a state file written by an older
//! emulator still loads after fields are added.

use crate::emulator::areas::{
    applications, custom_fields, data_permissions, events, ext_idps, groups, organizations, resources, roles,
    synchronization, tenants, users,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use applications::store::{
    AccessEffect, AccessGrant, AccessTarget, Application, PermissionStrategy, WhitelistEntry,
};
pub use custom_fields::store::CustomField;
pub use data_permissions::store::{
    DataPolicy, DataResource, DataResourceType, Effect, PolicyGrant, Statement, SubjectType,
};
pub use events::store::{EventApp, EventDefinition};
pub use ext_idps::store::ExtIdp;
pub use groups::store::Group;
pub use organizations::store::{Department, Membership, Organization, Post};
pub use resources::store::{Authorization, DEFAULT_NAMESPACE, Namespace, Namespaces, Resource, TargetType};
pub use roles::store::{AdminRole, DepartmentAssignment, Role, RoleAssignment};
pub use synchronization::store::SyncTask;
pub use tenants::store::{
    CertificationStatus, ConsoleAdmin, Cooperator, EnterpriseCertification, Invitation, LoginSettings, Tenant,
    TenantConsole, TenantMember,
};
pub use users::store::{Identity, OtpBinding, SyncRelation, User, UserStatus};

/// The user pool and each of its tenants, every one with a state of its
/// own: a request acts inside the tenant its `<prefix>app-id` names, or in
/// the pool itself without one. A state file written before tenants were
/// kept loads as the pool's state.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Pools {
    /// What requests without a tenant see.
    #[serde(flatten)]
    pub pool: State,
    /// Each tenant's state, by tenant id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tenants: BTreeMap<String, State>,
}

impl Pools {
    /// The state a request of `tenant` acts on; a tenant's first request
    /// finds it empty.
    pub fn of(&mut self, tenant: Option<&str>) -> &mut State {
        let Some(tenant) = tenant else { return &mut self.pool };
        let next = self.tenants.len() as u64 + 1;
        let userpool_id = &self.pool.userpool_id;
        self.tenants.entry(tenant.to_owned()).or_insert_with(|| State {
            // Ids stay unique across the pool and its tenants: each state
            // counts in a range of its own.
            id_counter: next << TENANT_ID_BITS,
            userpool_id: userpool_id.clone(),
            ..State::default()
        })
    }

    /// Tells every state which user pool it is a state of.
    pub fn set_userpool_id(&mut self, userpool_id: &str) {
        for state in std::iter::once(&mut self.pool).chain(self.tenants.values_mut()) {
            state.userpool_id = userpool_id.to_owned();
        }
    }
}

/// How many ids one state can hand out before its range would meet the next one's.
const TENANT_ID_BITS: u32 = 40;

/// Everything the emulator knows of one pool or tenant: its users and organization trees.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct State {
    /// Users in creation order.
    pub users: Vec<User>,
    /// Organizations in creation order; each owns one tree of [`State::departments`].
    pub organizations: Vec<Organization>,
    /// The departments of every organization, roots included, in creation order.
    pub departments: Vec<Department>,
    /// Groups in creation order.
    pub groups: Vec<Group>,
    /// Roles in creation order.
    pub roles: Vec<Role>,
    /// Permission namespaces, [`DEFAULT_NAMESPACE`] first.
    pub namespaces: Namespaces,
    /// Resources of every namespace, in creation order.
    pub resources: Vec<Resource>,
    /// What each target may do with which resources, in granting order.
    pub authorizations: Vec<Authorization>,
    /// Custom field definitions of every target type, in creation order.
    pub custom_fields: Vec<CustomField>,
    /// The user base fields whose settings were changed, as they now are.
    pub user_base_fields: Vec<CustomField>,
    /// Posts (job positions) in creation order.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Data resources of every permission namespace, in creation order.
    pub data_resources: Vec<DataResource>,
    /// Data policies in creation order.
    pub data_policies: Vec<DataPolicy>,
    /// Which subjects hold which data policies, in granting order.
    pub policy_grants: Vec<PolicyGrant>,
    /// The tenants of the pool, in creation order. (Named apart from
    /// [`Pools::tenants`], the states requests act in, whose key it would
    /// share in a state file.)
    pub tenant_records: Vec<Tenant>,
    /// The invitations and collaborating administrators of the pool's
    /// multi-tenant console.
    pub tenant_console: TenantConsole,
    /// External identity providers of the pool and of its tenants, in
    /// creation order, each with its connections.
    pub ext_idps: Vec<ExtIdp>,
    /// How many ids have been handed out; persisted so that ids stay unique across restarts.
    pub id_counter: u64,
    /// The pool's custom event apps, in creation order.
    pub event_apps: Vec<EventApp>,
    /// The custom event types defined in the pool, in definition order.
    pub event_definitions: Vec<EventDefinition>,
    /// The pool's custom administrator roles, in creation order.
    pub admin_roles: Vec<AdminRole>,
    /// The pool's (or tenant's) applications, in creation order.
    pub applications: Vec<Application>,
    /// The pool's (or tenant's) sync tasks, in creation order.
    pub sync_tasks: Vec<SyncTask>,
    /// The id of the user pool this is a state of, as records that name
    /// their pool carry it; set when the emulator starts, never persisted.
    #[serde(skip)]
    pub userpool_id: String,
    /// Events published by the call being handled, `(code, data)`, for the
    /// server to deliver once the call has succeeded; never persisted.
    #[serde(skip)]
    pub outbox: Vec<(String, String)>,
}

impl State {
    /// A fresh 24-hex-digit id, shaped like the real API's: seconds since the
    /// epoch, then a counter that keeps ids unique even within one second.
    pub fn new_id(&mut self) -> String {
        self.id_counter += 1;
        let seconds = now_ms().div_euclid(1000) as u32;
        format!("{seconds:08x}{:016x}", self.id_counter)
    }

    /// Whether the holder `kind`/`id` stands for the user `user_id` at
    /// `now`: it is the user, or a role (held by the user or by a department
    /// the user is in), group or department the user is in.
    pub fn reaches(&self, kind: TargetType, id: &str, user_id: &str, now: i64) -> bool {
        let in_department = |department_id: &str| {
            self.department(department_id).is_some_and(|d| d.members.iter().any(|m| m.user_id == user_id))
        };
        match kind {
            TargetType::User => id == user_id,
            TargetType::Role => self.roles.iter().any(|r| {
                r.id == id
                    && (r.assignments.iter().any(|a| a.user_id == user_id && a.is_effective(now))
                        || r.department_assignments
                            .iter()
                            .any(|a| a.is_effective(now) && in_department(&a.department_id)))
            }),
            TargetType::Group => self.groups.iter().any(|g| g.id == id && g.members.iter().any(|m| m == user_id)),
            TargetType::Department => in_department(id),
        }
    }

    /// Announces that a record is gone (or, for a resigned user, cut off),
    /// so that every area drops what it keeps pointing at it. The areas
    /// react in [`REACTIONS`]; the one that removed the record need not
    /// know who else held it.
    pub fn removed(&mut self, event: &Removed) {
        for react in REACTIONS {
            react(self, event);
        }
    }
}

/// A record that is gone, as the areas that point at records hear of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removed<'a> {
    /// A deleted user, or a resigned one, whose relations end.
    User(&'a str),
    /// A deleted department (each one of a deleted subtree or organization).
    Department(&'a str),
    /// A deleted permission namespace, by code.
    Namespace(&'a str),
    /// A deleted post.
    Post(&'a str),
    /// A deleted group, by id.
    Group(&'a str),
    /// A deleted role, by id.
    Role(&'a str),
    /// A deleted application, by `appId`.
    Application(&'a str),
}

/// How each area drops what points at a removed record.
static REACTIONS: &[fn(&mut State, &Removed)] = &[
    organizations::store::departments_react,
    groups::store::react,
    roles::store::react,
    resources::store::resources_react,
    resources::store::authorizations_react,
    organizations::store::posts_react,
    data_permissions::store::react,
    tenants::store::react,
    applications::store::react,
    ext_idps::store::react,
];

/// The current time in milliseconds since the epoch (0 if the clock is before it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_24_hex_digits_and_unique() {
        let mut state = State::default();
        let a = state.new_id();
        let b = state.new_id();
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn round_trips_through_json_and_tolerates_missing_fields() {
        let mut state = State::default();
        let id = state.new_id();
        state.users.push(User { id: id.clone(), status: UserStatus::Resigned, ..User::default() });
        let text = serde_json::to_string(&state).expect("state serialises");
        let back: State = serde_json::from_str(&text).expect("state deserialises");
        assert_eq!(back.users[0].status, UserStatus::Resigned);
        assert_eq!(back.id_counter, 1);
        let sparse: State = serde_json::from_str(r#"{"users":[{"id":"x"}]}"#).expect("sparse state loads");
        assert_eq!(sparse.users[0].status, UserStatus::Activated);
        assert!(
            sparse.namespaces.get(DEFAULT_NAMESPACE).is_some(),
            "a state from before namespaces has the default one"
        );
    }

    #[test]
    fn a_removed_user_loses_every_relation() {
        let mut state = State::default();
        state.departments.push(Department {
            id: "d".into(),
            members: vec![Membership { user_id: "u".into(), ..Membership::default() }],
            leader_user_ids: vec!["u".into()],
            ..Department::default()
        });
        state.groups.push(Group { members: vec!["u".into(), "v".into()], ..Group::default() });
        state.roles.push(Role {
            assignments: vec![RoleAssignment { user_id: "u".into(), ..RoleAssignment::default() }],
            ..Role::default()
        });
        state.removed(&Removed::User("u"));
        assert!(state.departments[0].members.is_empty());
        assert!(state.departments[0].leader_user_ids.is_empty());
        assert_eq!(state.groups[0].members, ["v"]);
        assert!(state.roles[0].assignments.is_empty());
    }
}
