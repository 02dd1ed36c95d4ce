//! What the custom-field area keeps: field definitions per target type.
//! The values live on the records that carry them.

use crate::emulator::state::TargetType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
