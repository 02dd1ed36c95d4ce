//! What the synchronization area keeps: sync tasks.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A sync task: which directory, which way, when, and how its fields map.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncTask {
    /// The number the emulator assigned; unique in the pool and its tenants.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// The kind of directory (`lark`, `wechatwork`, ...).
    pub kind: String,
    /// `upstream` (into the pool) or `downstream` (out of it).
    pub flow: String,
    /// `manually`, `timed` or `automatic`.
    pub trigger: String,
    /// How to reach the directory, as given; the service never answers it.
    pub client_config: Value,
    /// Which pool field each directory expression fills, in the given order.
    pub field_mapping: Vec<FieldMapping>,
    /// The organization the directory's departments go into.
    pub organization_code: Option<String>,
    /// Which part of the directory is synchronized, as given.
    pub provisioning_scope: Option<Value>,
    /// When a timed task runs.
    pub timed_scheduler: Option<TimedScheduler>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// One field of a sync task's mapping.
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldMapping {
    /// The directory's side: a field name or an expression over its fields.
    pub expression: String,
    /// The pool's field it fills.
    pub target_key: String,
}

/// When a timed sync task runs.
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TimedScheduler {
    /// How often: `month`, `week`, `days`, `sixHours` or `twoHours`.
    pub cycle: String,
    /// The first run, in milliseconds since the epoch.
    pub start_time: i64,
}
