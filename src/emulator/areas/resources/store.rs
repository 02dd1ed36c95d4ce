//! What the resource area keeps: permission namespaces, the resources in
//! them, and grants of resources to targets.

use crate::emulator::state::{Removed, State};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The namespace every pool has, and where a request naming none goes.
pub const DEFAULT_NAMESPACE: &str = "default";

/// A permission namespace: roles and resources live inside one.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Namespace {
    /// The number the service also knows a namespace by (its listing of
    /// resources across namespaces names each one's namespace by it):
    /// assigned on creation, one more than the highest there is, so the
    /// pool's first namespace, `default`, is 1; it never changes.
    pub id: u64,
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
#[serde(from = "Vec<Namespace>", into = "Vec<Namespace>")]
pub struct Namespaces(pub Vec<Namespace>);

impl Default for Namespaces {
    fn default() -> Self {
        Namespaces(vec![Namespace {
            id: 1,
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

    /// Adds a new namespace, numbered after every namespace there is.
    pub fn add(&mut self, mut namespace: Namespace) {
        namespace.id = self.next_id();
        self.0.push(namespace);
    }

    fn next_id(&self) -> u64 {
        self.0.iter().map(|n| n.id).max().unwrap_or(0) + 1
    }
}

/// A state file written before namespaces had numbers loads with each one
/// numbered, in order, after those that have one.
impl From<Vec<Namespace>> for Namespaces {
    fn from(list: Vec<Namespace>) -> Self {
        let mut namespaces = Namespaces(list);
        for index in 0..namespaces.0.len() {
            if namespaces.0[index].id == 0 {
                namespaces.0[index].id = namespaces.next_id();
            }
        }
        namespaces
    }
}

impl From<Namespaces> for Vec<Namespace> {
    fn from(namespaces: Namespaces) -> Self {
        namespaces.0
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
    /// The tenants the resource is tied to (`associateTenantResource`, for
    /// a resource of an application's namespace), in the order they were.
    pub linked_tenants: Vec<String>,
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

/// The resources of a removed namespace go with it.
pub(in crate::emulator) fn resources_react(state: &mut State, event: &Removed) {
    if let Removed::Namespace(code) = event {
        state.resources.retain(|r| &r.namespace != code);
    }
}

/// Grants held by a removed user, department, group or role, or made in a
/// removed namespace, end.
pub(in crate::emulator) fn authorizations_react(state: &mut State, event: &Removed) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::state::Role;

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
    fn namespaces_are_numbered_on_creation_and_on_loading_an_older_state() {
        let mut namespaces = Namespaces::default();
        namespaces.add(Namespace { code: "a".into(), ..Namespace::default() });
        namespaces.add(Namespace { code: "b".into(), ..Namespace::default() });
        namespaces.0.remove(1);
        namespaces.add(Namespace { code: "c".into(), ..Namespace::default() });
        let numbers: Vec<u64> = namespaces.0.iter().map(|n| n.id).collect();
        assert_eq!(numbers, [1, 3, 4], "a new number is one more than the highest there is");
        let older: Namespaces = serde_json::from_value(serde_json::json!([
            { "code": "default" }, { "code": "x", "id": 7 }, { "code": "y" }
        ]))
        .expect("an older state loads");
        let numbers: Vec<u64> = older.0.iter().map(|n| n.id).collect();
        assert_eq!(numbers, [8, 7, 9]);
        assert_eq!(serde_json::to_value(&older).expect("serializes")[1]["id"], 7);
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
}
