//! The `fuzz` section: one million executions of every cargo-fuzz target
//! under `fuzz/`, each of which must end without a panic.
//!
//! cargo-fuzz needs nightly flags (`-Zsanitizer`); `RUSTC_BOOTSTRAP=1` lets
//! the stable toolchain accept them.

use super::verdict;
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: u64 = 1_000_000;

pub fn run(root: &Path) -> Result<String> {
    let fuzz_dir = root.join("fuzz");
    if !fuzz_dir.join("Cargo.toml").is_file() {
        bail!("no cargo-fuzz project at {}", fuzz_dir.display());
    }
    let listed =
        Command::new("cargo").args(["fuzz", "list"]).current_dir(root).output().context("running cargo fuzz list")?;
    if !listed.status.success() {
        bail!("`cargo fuzz list` failed (is cargo-fuzz installed? `cargo install cargo-fuzz`)");
    }
    let targets: Vec<String> = String::from_utf8_lossy(&listed.stdout).split_whitespace().map(str::to_owned).collect();

    let runs_flag = format!("-runs={RUNS}");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Fuzzing\n\n\
         Command: `cargo xtask bench fuzz`, which runs \
         `RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET -- {runs_flag}` for every target under `fuzz/` \
         (release build with AddressSanitizer, libFuzzer's corpus in `fuzz/corpus/TARGET`). \
         \"Executions\" and \"seconds\" are libFuzzer's closing `Done N runs in S second(s)`.\n\n\
         | target | executions | seconds | outcome |\n| --- | --- | --- | --- |"
    );
    let mut all_clean = true;
    for target in &targets {
        let mut command = Command::new("cargo");
        command
            .args(["fuzz", "run", target, "--", &runs_flag])
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            .stdout(Stdio::inherit());
        println!("$ RUSTC_BOOTSTRAP=1 {command:?}");
        let started = Instant::now();
        // libFuzzer reports on stderr; keep it to read its closing line.
        let output = command.output().context("running cargo fuzz")?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        for line in tail.iter().rev() {
            eprintln!("{line}");
        }
        let done = stderr.lines().rev().find_map(done_line);
        let clean = output.status.success() && done.is_some_and(|(runs, _)| runs >= RUNS);
        all_clean &= clean;
        let (runs, seconds) = done
            .map_or(("–".to_owned(), format!("{:.0} (wall)", started.elapsed().as_secs_f64())), |(r, s)| {
                (r.to_string(), s.to_string())
            });
        let outcome = if clean {
            "no panic, no sanitizer report".to_owned()
        } else {
            // libFuzzer names the crashing input on a line of its own.
            let artifact = stderr.lines().find(|l| l.contains("Test unit written to")).unwrap_or("no artifact line");
            format!("**failed** ({}): {artifact}", output.status)
        };
        let _ = writeln!(out, "| `{target}` | {runs} | {seconds} | {outcome} |");
    }
    let _ = writeln!(
        out,
        "\nGoal: every target runs at least {RUNS} executions with no panic. {}.",
        verdict(all_clean && !targets.is_empty())
    );
    Ok(out)
}

/// `Done 1000000 runs in 61 second(s)` → (1000000, 61).
fn done_line(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("Done ")?;
    let (runs, rest) = rest.split_once(" runs in ")?;
    let seconds = rest.strip_suffix(" second(s)")?;
    Some((runs.parse().ok()?, seconds.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzers_closing_line() {
        assert_eq!(done_line("Done 1000000 runs in 61 second(s)"), Some((1_000_000, 61)));
        assert_eq!(done_line("#1000000 DONE   cov: 812 ft: 2301"), None);
    }
}
