//! The event center's records: the pool's custom event apps and the custom
//! event types defined in it.

use serde::{Deserialize, Serialize};

/// An app that custom events are published under.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventApp {
    /// Unique among the pool's event apps.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// The logo's URL, as given.
    pub logo: String,
}

/// A custom event type.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventDefinition {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// The event type, unique in the pool: what publishers send and
    /// subscribers subscribe to.
    pub code: String,
    /// Free text, as given.
    pub description: String,
}
