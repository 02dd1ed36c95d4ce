//! The API areas and their cargo features, as `spec/features.toml` maps
//! them. Shared by build.rs, which generates only the enabled areas, and
//! xtask, which keeps the table in step with the spec and Cargo.toml.

use std::path::Path;

/// Where the table lives, relative to the workspace root.
pub const FILE: &str = "spec/features.toml";

/// One API area: the spec tag its operations carry and the cargo feature
/// that turns it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub feature: String,
    pub tag: String,
}

/// The table, sorted by feature name.
pub fn read(path: &Path) -> Result<Vec<Area>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
    let mut areas = table
        .into_iter()
        .map(|(feature, tag)| match tag {
            toml::Value::String(tag) => Ok(Area { feature, tag }),
            other => Err(format!("{}: `{feature}` maps to {other}, not to a tag name", path.display())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    areas.sort_by(|a, b| a.feature.cmp(&b.feature));
    Ok(areas)
}
