//! The `criterion` section: the criterion benches, with criterion's
//! `[low estimate high]` bounds of the mean time per iteration.

use super::verdict;
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// The signing goal, per request.
const SIGNING_GOAL_US: f64 = 5.0;

/// One criterion benchmark's name and its `[low estimate high]` bounds.
#[derive(Debug, PartialEq)]
struct Estimate {
    name: String,
    bounds: [String; 3],
}

pub fn run(root: &Path) -> Result<String> {
    // `--features emulator` on both, as for the calls bench: signing does not
    // need it, but then all the benches share one release build of the crate.
    let signing_args = ["bench", "--features", "emulator", "--bench", "signing"];
    let startup_args = ["bench", "--features", "emulator", "--bench", "emulator_startup"];
    let (signing, _) = cargo_bench(root, &signing_args)?;
    let (startup, startup_stdout) = cargo_bench(root, &startup_args)?;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Signing cost per request\n\nCommand: `cargo {}`\n\n| what | time [low estimate high] |\n| --- | --- |",
        signing_args.join(" ")
    );
    let mut slowest_us: f64 = 0.0;
    for estimate in &signing {
        slowest_us = slowest_us.max(micros(&estimate.bounds[1])?);
        let _ = writeln!(out, "| {} | [{}] |", estimate.name, estimate.bounds.join(" "));
    }
    let _ = writeln!(
        out,
        "\nGoal: under {SIGNING_GOAL_US} µs. {} (slowest estimate {slowest_us:.2} µs).\n",
        verdict(slowest_us < SIGNING_GOAL_US)
    );

    let _ = writeln!(
        out,
        "## Emulator start-up (in-process)\n\nCommand: `cargo {}`\n\n| what | time [low estimate high] |\n| --- | --- |",
        startup_args.join(" ")
    );
    // The bench prints the first start of the process itself: criterion cannot
    // repeat a once-per-process cost.
    if let Some(first) = startup_stdout.lines().find(|l| l.starts_with("first start")) {
        let (what, time) = first.rsplit_once(": ").unwrap_or((first, ""));
        let _ = writeln!(out, "| {what} | {time} (one sample) |");
    }
    for estimate in &startup {
        let _ = writeln!(out, "| {} | [{}] |", estimate.name, estimate.bounds.join(" "));
    }
    Ok(out)
}

/// Runs `cargo ARGS` and returns the estimates criterion printed, and all of stdout.
fn cargo_bench(root: &Path, args: &[&str]) -> Result<(Vec<Estimate>, String)> {
    let mut command = Command::new("cargo");
    command.args(args).current_dir(root).stderr(Stdio::inherit());
    println!("$ {command:?}");
    let output = command.output().context("running cargo")?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{stdout}");
    if !output.status.success() {
        bail!("`cargo {}` failed with {}", args.join(" "), output.status);
    }
    let estimates = parse(&stdout);
    if estimates.is_empty() {
        bail!("`cargo {}` printed no criterion estimates", args.join(" "));
    }
    Ok((estimates, stdout))
}

/// Criterion's report lines: `NAME  time: [LOW UNIT EST UNIT HIGH UNIT]`,
/// with NAME on the line before when it is long.
fn parse(stdout: &str) -> Vec<Estimate> {
    let mut estimates = Vec::new();
    let mut last_name = "";
    for line in stdout.lines() {
        let Some((before, after)) = line.split_once("time:") else {
            if !line.starts_with(char::is_whitespace) && !line.trim().is_empty() {
                last_name = line.trim();
            }
            continue;
        };
        let name = if before.trim().is_empty() { last_name } else { before.trim() };
        let words: Vec<&str> = after.trim().trim_start_matches('[').trim_end_matches(']').split_whitespace().collect();
        if let [a, au, b, bu, c, cu] = words[..] {
            let bounds = [format!("{a} {au}"), format!("{b} {bu}"), format!("{c} {cu}")];
            estimates.push(Estimate { name: name.to_owned(), bounds });
        }
    }
    estimates
}

/// A criterion time such as `2.36 µs` in microseconds.
fn micros(time: &str) -> Result<f64> {
    let (value, unit) = time.split_once(' ').context("a criterion time has a unit")?;
    let value: f64 = value.parse().with_context(|| format!("criterion time {time:?}"))?;
    let scale = match unit {
        "ps" => 1e-6,
        "ns" => 1e-3,
        "µs" | "us" => 1.0,
        "ms" => 1e3,
        "s" => 1e6,
        other => bail!("unknown criterion unit {other:?}"),
    };
    Ok(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_layouts_of_criterion_output() {
        let out = "Benchmarking x\nsign POST deleteUsersBatch body\n                        time:   [2.3012 µs 2.3591 µs 2.4298 µs]\n                        change: [-1% +0% +1%]\nshort   time:   [37.6 µs 39.9 µs 42.8 µs]\n";
        let got = parse(out);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name, "sign POST deleteUsersBatch body");
        assert_eq!(got[0].bounds[1], "2.3591 µs");
        assert_eq!(got[1].name, "short");
        assert_eq!(micros(&got[1].bounds[2]).unwrap(), 42.8);
        assert_eq!(micros("4.85 ms").unwrap(), 4850.0);
    }
}
