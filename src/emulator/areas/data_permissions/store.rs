//! What the data-permission area keeps: data resources inside permission
//! namespaces, data policies made of statements over them, and which
//! subjects each policy is granted to.
//!
//! A statement's permissions name what they cover as paths,
//! `<namespace>/<resource>[/<node>...]/<action>`, and are kept as given:
//! a policy may name a resource before it exists, and keeps naming it after
//! it is deleted, as the service's policies do.

use crate::emulator::state::{Removed, State, TargetType};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a data resource's structure is shaped, spelled as on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DataResourceType {
    /// One string value.
    #[default]
    String,
    /// A list of string values.
    Array,
    /// A tree of coded nodes.
    Tree,
}

/// A data resource of a permission namespace.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataResource {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// The permission namespace's code.
    pub namespace: String,
    /// Unique within its namespace.
    pub code: String,
    /// Unique within its namespace too.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The shape of `structure`.
    #[serde(rename = "type")]
    pub kind: DataResourceType,
    /// The value (`STRING`), values (`ARRAY`) or node tree (`TREE`), as given.
    pub structure: Value,
    /// What can be done with it.
    pub actions: Vec<String>,
    /// The extended fields defined on it, as `ExtendField`s, in creation order.
    pub extend_fields: Vec<Value>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// Whether a statement grants or withholds what its permissions name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Effect {
    /// Grants.
    Allow,
    /// Withholds, whatever another statement grants.
    Deny,
}

/// One statement of a data policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// Grant or withhold.
    pub effect: Effect,
    /// Permission paths, `<namespace>/<resource>[/<node>...]/<action>`.
    pub permissions: Vec<String>,
}

/// A data policy.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataPolicy {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique among policies.
    pub name: String,
    /// Free text.
    pub description: String,
    /// What it grants and withholds, in the order given.
    pub statements: Vec<Statement>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// The kinds of subject a data policy can be granted to, spelled as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SubjectType {
    /// A user, by id.
    User,
    /// A department (an organization node), by id.
    Org,
    /// A group, by id.
    Group,
    /// A role, by id.
    Role,
}

/// A data policy granted to a subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyGrant {
    /// The policy's id.
    pub policy_id: String,
    /// What kind of record the subject is.
    pub subject_type: SubjectType,
    /// The subject's emulator id.
    pub subject_id: String,
    /// When it was granted, in milliseconds since the epoch.
    pub granted_at: i64,
}

impl SubjectType {
    /// The kind of holder the rest of the emulator calls this subject.
    pub fn holder(self) -> TargetType {
        match self {
            SubjectType::User => TargetType::User,
            SubjectType::Org => TargetType::Department,
            SubjectType::Group => TargetType::Group,
            SubjectType::Role => TargetType::Role,
        }
    }
}

/// Policies held by a removed user, department, group or role are no
/// longer held; the data resources of a removed namespace go with it.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    let (kind, id) = match *event {
        Removed::User(id) => (SubjectType::User, id),
        Removed::Department(id) => (SubjectType::Org, id),
        Removed::Group(id) => (SubjectType::Group, id),
        Removed::Role(id) => (SubjectType::Role, id),
        Removed::Namespace(code) => return state.data_resources.retain(|r| r.namespace != code),
        Removed::Post(_) | Removed::Application(_) => return,
    };
    state.policy_grants.retain(|g| !(g.subject_type == kind && g.subject_id == id));
}
