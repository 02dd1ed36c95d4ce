//! A cargo build whose executables the caller needs: cargo reports where
//! it put each one in its JSON messages.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What a successful build reported, one JSON message per line.
pub struct Built(String);

/// Runs `command` (a `cargo build` or `cargo bench --no-run`), with its
/// diagnostics on the terminal, and fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<Built> {
    command.arg("--message-format=json-render-diagnostics").stderr(Stdio::inherit());
    println!("$ {command:?}");
    let output = command.output().context("running cargo")?;
    if !output.status.success() {
        bail!("{command:?} failed with {}", output.status);
    }
    Ok(Built(String::from_utf8_lossy(&output.stdout).into_owned()))
}

impl Built {
    /// The path of the executable target `name` the build made.
    pub fn executable(&self, name: &str) -> Result<PathBuf> {
        self.0
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .with_context(|| format!("cargo built no `{name}` executable"))
    }
}
