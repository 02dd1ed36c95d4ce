//! Where our docs live. Shared by build.rs, which merges them, and xtask,
//! which checks them, so both read the same files in the same order.

use std::path::{Path, PathBuf};

/// Every `*.toml` file directly in `dir`, sorted by name (later files win
/// when two document the same thing, which `xtask docs check` refuses).
pub fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
