//! The emulator's in-memory data, persisted as a whole through serde.
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

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

mod data_permissions;
mod tenants;

pub use data_permissions::{DataPolicy, DataResource, DataResourceType, Effect, PolicyGrant, Statement, SubjectType};
pub use tenants::{CertificationStatus, ConsoleAdmin, EnterpriseCertification, Tenant, TenantMember};

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
    /// How many ids have been handed out; persisted so that ids stay unique across restarts.
    pub id_counter: u64,
    /// The id of the user pool this is a state of, as records that name
    /// their pool carry it; set when the emulator starts, never persisted.
    #[serde(skip)]
    pub userpool_id: String,
    /// Events published by the call being handled, `(code, data)`, for the
    /// server to deliver once the call has succeeded; never persisted.
    #[serde(skip)]
    pub outbox: Vec<(String, String)>,
}

/// One user of the pool.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique in the pool when set.
    pub username: Option<String>,
    /// Unique in the pool when set, compared without regard to case.
    pub email: Option<String>,
    /// Unique in the pool when set.
    pub phone: Option<String>,
    /// The caller's own id for the user; unique in the pool when set.
    pub external_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Account status.
    pub status: UserStatus,
    /// The remaining profile fields the caller set (`gender`, `city`,
    /// `emailVerified`, ...), keyed by their wire names and echoed back as given.
    pub profile: Map<String, Value>,
    /// Accounts in external identity providers.
    pub identities: Vec<Identity>,
    /// Ids in synchronised directories (`lark`, `wechatwork`, ...).
    pub sync_relations: Vec<SyncRelation>,
    /// Values of the pool's custom fields.
    pub custom_data: Map<String, Value>,
    /// The posts the user holds, in the order they were given.
    #[serde(default)]
    pub post_id_list: Vec<String>,
    /// The MFA trigger data an administrator last set, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_trigger_data: Option<Value>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
    /// When `status` last changed, in milliseconds since the epoch.
    pub status_changed_at: Option<i64>,
}

/// The statuses an account can be in, spelled as on the wire.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Activated,
    /// Disabled by an administrator; can be re-activated.
    Suspended,
    /// Left the organization: relations removed, account disabled for good.
    Resigned,
    /// Archived.
    Archived,
    /// Deactivated.
    Deactivated,
}

impl UserStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Activated => "Activated",
            UserStatus::Suspended => "Suspended",
            UserStatus::Resigned => "Resigned",
            UserStatus::Archived => "Archived",
            UserStatus::Deactivated => "Deactivated",
        }
    }
}

/// A user's account in an external identity provider; serialises exactly as
/// the API's `IdentityDto`.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    /// The emulator's id for this link.
    pub identity_id: String,
    /// The identity provider's id in the pool.
    pub ext_idp_id: String,
    /// The provider kind (`lark`, `github`, `oidc`, ...).
    pub provider: String,
    /// Which of the provider's ids this is (`openid`, `unionid`, `primary`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// The user's id inside the provider.
    pub user_id_in_idp: String,
    /// What the provider said about the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_info_in_idp: Option<Value>,
    /// The provider's access token, when the caller stored one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The provider's refresh token, when the caller stored one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Connections this identity came through.
    pub origin_conn_ids: Vec<String>,
}

/// An id in a synchronised directory; `sync_relation` references are `<provider>:<id>`.
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncRelation {
    /// The directory kind (`lark`, `wechatwork`, `dingtalk`, ...).
    pub provider: String,
    /// The id inside that directory.
    pub id: String,
}

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

/// A group of users.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique among groups.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The caller's classification of the group.
    #[serde(rename = "type")]
    pub kind: String,
    /// Values of the pool's group custom fields.
    pub custom_data: Map<String, Value>,
    /// Member user ids, in joining order.
    pub members: Vec<String>,
}

/// A role inside a permission namespace.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Role {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique within its namespace.
    pub code: String,
    /// The permission namespace's code.
    pub namespace: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// When the role stops being effective, in milliseconds since the epoch.
    pub disable_time: Option<i64>,
    /// Whether members may apply for the role's permissions.
    pub enable_permission_apply: bool,
    /// Users holding the role.
    pub assignments: Vec<RoleAssignment>,
    /// Departments holding the role.
    pub department_assignments: Vec<DepartmentAssignment>,
    /// Values of the pool's role custom fields.
    pub custom_data: Map<String, Value>,
    /// When the role was created, in milliseconds since the epoch.
    pub created_at: i64,
    /// When the role was created or last changed, in milliseconds since the epoch.
    pub updated_at: i64,
}

/// The namespace every pool has, and where a request naming none goes.
pub const DEFAULT_NAMESPACE: &str = "default";

/// A permission namespace: roles and resources live inside one.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Namespace {
    /// Unique among namespaces.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
}

/// A pool's namespaces. Every pool has [`DEFAULT_NAMESPACE`] from the start,
/// so it is in the default value, and a state file written before
/// namespaces were kept loads with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Namespaces(pub Vec<Namespace>);

impl Default for Namespaces {
    fn default() -> Self {
        Namespaces(vec![Namespace {
            code: DEFAULT_NAMESPACE.to_owned(),
            name: "默认权限分组".to_owned(),
            description: String::new(),
        }])
    }
}

impl Namespaces {
    /// The namespace with this code.
    pub fn get(&self, code: &str) -> Option<&Namespace> {
        self.0.iter().find(|n| n.code == code)
    }
}

/// A protected resource of a namespace.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// The namespace's code.
    pub namespace: String,
    /// Unique within its namespace.
    pub code: String,
    /// Display name.
    pub name: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// `DATA`, `API`, `MENU`, `BUTTON` or `UI`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What can be done with it, as `ResourceAction`s (`name`, `description`).
    pub actions: Vec<Value>,
    /// The URL of an `API` resource.
    pub api_identifier: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// The kinds of target a resource can be authorized to, spelled as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TargetType {
    /// A user, by id.
    User,
    /// A role of the authorization's namespace.
    Role,
    /// A group.
    Group,
    /// A department.
    Department,
}

/// A grant: a target may do `actions` with the resource of `resource_code`
/// (which need not exist yet; `*` means every resource) in `namespace`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    /// The namespace's code.
    pub namespace: String,
    /// What kind of record holds the grant.
    pub target_type: TargetType,
    /// The holder's emulator id, which stays the same when its code changes.
    pub target_id: String,
    /// The resource's code, or `*`.
    pub resource_code: String,
    /// `DATA`, `API`, `MENU`, `BUTTON` or `UI`.
    pub resource_type: String,
    /// The actions granted; `*` means every action.
    pub actions: Vec<String>,
}

/// A custom field's definition for one target type.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// Which kind of record carries the field.
    pub target_type: TargetType,
    /// The field's key in those records' custom data.
    pub key: String,
    /// `STRING`, `NUMBER`, `DATETIME`, `BOOLEAN` or `ENUM`.
    pub data_type: String,
    /// Display name.
    pub label: String,
    /// The remaining settings (`description`, `options`, `isUnique`, ...),
    /// keyed by their wire names and echoed back as given.
    #[serde(default)]
    pub settings: Map<String, Value>,
    /// Milliseconds since the epoch; `None` for the fields every pool has.
    #[serde(default)]
    pub created_at: Option<i64>,
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

/// A user's hold on a role, possibly limited in time.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleAssignment {
    /// The holder.
    pub user_id: String,
    /// From when the assignment counts, in milliseconds since the epoch.
    pub enable_time: Option<i64>,
    /// Until when the assignment counts, in milliseconds since the epoch.
    pub end_time: Option<i64>,
}

/// A department's hold on a role, limited in time as a user's can be.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DepartmentAssignment {
    /// The holder.
    pub department_id: String,
    /// From when the assignment counts, in milliseconds since the epoch.
    pub enable_time: Option<i64>,
    /// Until when the assignment counts, in milliseconds since the epoch.
    pub end_time: Option<i64>,
}

/// Whether an assignment limited to `[enable_time, end_time)` counts at `now`.
fn within(enable_time: Option<i64>, end_time: Option<i64>, now: i64) -> bool {
    enable_time.is_none_or(|t| t <= now) && end_time.is_none_or(|t| now < t)
}

impl RoleAssignment {
    /// Whether the assignment counts at `now` (milliseconds since the epoch).
    pub fn is_effective(&self, now: i64) -> bool {
        within(self.enable_time, self.end_time, now)
    }
}

impl DepartmentAssignment {
    /// Whether the assignment counts at `now` (milliseconds since the epoch).
    pub fn is_effective(&self, now: i64) -> bool {
        within(self.enable_time, self.end_time, now)
    }
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
    /// A fresh 24-hex-digit id, shaped like the real API's: seconds since the
    /// epoch, then a counter that keeps ids unique even within one second.
    pub fn new_id(&mut self) -> String {
        self.id_counter += 1;
        let seconds = now_ms().div_euclid(1000) as u32;
        format!("{seconds:08x}{:016x}", self.id_counter)
    }

    /// The user with this emulator id.
    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The user with this emulator id, for changing.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.id == id)
    }

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
}

/// How each area drops what points at a removed record.
static REACTIONS: &[fn(&mut State, &Removed)] = &[
    departments_react,
    groups_react,
    roles_react,
    resources_react,
    authorizations_react,
    posts_react,
    data_permissions::react,
    tenants::react,
];

/// Department memberships and leadership of a removed user end.
fn departments_react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for department in &mut state.departments {
            department.remove_member(user_id);
        }
    }
}

/// Group memberships of a removed user end.
fn groups_react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for group in &mut state.groups {
            group.members.retain(|id| id != user_id);
        }
    }
}

/// Roles held by a removed user or department are no longer held; the
/// roles of a removed namespace go with it.
fn roles_react(state: &mut State, event: &Removed) {
    if let Removed::Namespace(code) = event {
        state.roles.retain(|r| &r.namespace != code);
    }
    for role in &mut state.roles {
        match event {
            Removed::User(user_id) => role.assignments.retain(|a| &a.user_id != user_id),
            Removed::Department(id) => role.department_assignments.retain(|a| &a.department_id != id),
            Removed::Namespace(_) | Removed::Post(_) | Removed::Group(_) | Removed::Role(_) => {}
        }
    }
}

/// The resources of a removed namespace go with it.
fn resources_react(state: &mut State, event: &Removed) {
    if let Removed::Namespace(code) = event {
        state.resources.retain(|r| &r.namespace != code);
    }
}

/// Grants held by a removed user, department, group or role, or made in a
/// removed namespace, end.
fn authorizations_react(state: &mut State, event: &Removed) {
    let (kind, id) = match *event {
        Removed::User(id) => (TargetType::User, id),
        Removed::Department(id) => (TargetType::Department, id),
        Removed::Group(id) => (TargetType::Group, id),
        Removed::Role(id) => (TargetType::Role, id),
        Removed::Namespace(code) => return state.authorizations.retain(|a| a.namespace != code),
        Removed::Post(_) => return,
    };
    state.authorizations.retain(|a| !(a.target_type == kind && a.target_id == id));
}

/// A removed post is held by nobody; a removed (or resigned) user holds no post.
fn posts_react(state: &mut State, event: &Removed) {
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
        Removed::Department(_) | Removed::Namespace(_) | Removed::Group(_) | Removed::Role(_) => {}
    }
}

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
    fn a_removed_namespace_takes_its_roles_resources_and_grants() {
        let mut state = State::default();
        for namespace in ["gone", "kept"] {
            state.roles.push(Role { namespace: namespace.into(), ..Role::default() });
            state.resources.push(Resource { namespace: namespace.into(), ..Resource::default() });
            state.authorizations.push(Authorization {
                namespace: namespace.into(),
                target_type: TargetType::User,
                target_id: "u".into(),
                resource_code: "*".into(),
                resource_type: "DATA".into(),
                actions: vec!["*".into()],
            });
        }
        state.removed(&Removed::Namespace("gone"));
        assert_eq!(state.roles.len(), 1);
        assert_eq!(state.resources[0].namespace, "kept");
        assert_eq!(state.authorizations[0].namespace, "kept");
        state.removed(&Removed::User("u"));
        assert!(state.authorizations.is_empty(), "a removed user's grants end");
    }

    #[test]
    fn grants_go_with_the_group_or_role_that_held_them() {
        let grant = |target_type: TargetType, target_id: &str| Authorization {
            namespace: "default".into(),
            target_type,
            target_id: target_id.into(),
            resource_code: "*".into(),
            resource_type: "DATA".into(),
            actions: vec!["*".into()],
        };
        let mut state = State {
            authorizations: vec![
                grant(TargetType::Group, "g"),
                grant(TargetType::Role, "g"),
                grant(TargetType::Role, "r"),
            ],
            ..State::default()
        };
        state.removed(&Removed::Group("g"));
        state.removed(&Removed::Role("r"));
        let left: Vec<(TargetType, &str)> =
            state.authorizations.iter().map(|a| (a.target_type, a.target_id.as_str())).collect();
        assert_eq!(left, [(TargetType::Role, "g")], "only the role g, which was not removed, keeps its grant");
    }

    #[test]
    fn a_removed_department_is_no_longer_assigned_roles() {
        let mut state = State::default();
        state.roles.push(Role {
            department_assignments: vec![
                DepartmentAssignment { department_id: "gone".into(), ..DepartmentAssignment::default() },
                DepartmentAssignment { department_id: "kept".into(), ..DepartmentAssignment::default() },
            ],
            ..Role::default()
        });
        state.removed(&Removed::Department("gone"));
        let left: Vec<&str> = state.roles[0].department_assignments.iter().map(|a| a.department_id.as_str()).collect();
        assert_eq!(left, ["kept"]);
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
