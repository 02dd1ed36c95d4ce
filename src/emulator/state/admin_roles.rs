//! The pool's custom administrator roles: roles of the console's
//! administrators, kept apart from the roles of permission namespaces.

use serde::{Deserialize, Serialize};

/// A custom administrator role.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdminRole {
    /// Unique among the pool's administrator roles.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}
