//! What the group area keeps: groups, each with its members.

use crate::emulator::state::{Removed, State};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// Group memberships of a removed user end.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for group in &mut state.groups {
            group.members.retain(|id| id != user_id);
        }
    }
}
