//! The `build` section: how long a clean build takes with every API area,
//! with one, with users plus organizations, and how long a rebuild takes
//! when nothing changed.
//!
//! Every clean build starts from an empty, throwaway target directory
//! (`$GENAUTH_BENCH_BUILD_DIR`, by default under the system's temp dir),
//! deleted afterwards; incremental compilation is off, as CI builds.

use super::{ChildUsage, load_average, measure, verdict};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The goal: users plus organizations in at most this share of the full build.
const TWO_AREAS_GOAL: f64 = 0.35;

/// The cargo arguments after `build` of the full build (every API area, the
/// default) and of users plus organizations: the goal compares these two.
const FULL: &[&str] = &[];
const USERS_ORGS: &[&str] = &["--no-default-features", "--features", "users,organizations"];

/// The clean builds, each with what it is; the first is rebuilt once more
/// with nothing changed.
const CLEAN: [(&str, &[&str]); 4] = [
    ("clean, all features (every API area and the emulator)", &["--all-features"]),
    ("clean, default features (every API area)", FULL),
    ("clean, one API area (users)", &["--no-default-features", "--features", "users"]),
    ("clean, users and organizations", USERS_ORGS),
];

struct Timed {
    what: &'static str,
    args: &'static [&'static str],
    usage: ChildUsage,
    /// The wall time of the `genauth` crate's own units (build script and
    /// library), from cargo's timings; the rest is its dependencies.
    own_s: Option<f64>,
    load: String,
}

pub fn run(root: &Path) -> Result<String> {
    let dir = std::env::var_os("GENAUTH_BENCH_BUILD_DIR")
        .map_or_else(|| std::env::temp_dir().join("genauth-bench-build"), PathBuf::from);
    let result = measure_all(root, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let (builds, noop) = result?;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Build time\n\n\
         Command: `cargo xtask bench build`, which runs each build below in an empty target \
         directory (`CARGO_TARGET_DIR=<fresh dir> CARGO_INCREMENTAL=0 cargo build --timings ARGS`, dev \
         profile), then rebuilds the first with nothing changed. One run each: a clean \
         build takes minutes. \"genauth itself\" is the wall time of the crate's own units (build \
         script, code generation, library) from cargo's timings; the rest of the total is its \
         dependencies, built in parallel where they can be. Other work on the machine slows \
         builds down; the load average at the start of each is shown.\n\n\
         | build | cargo arguments | wall, s | genauth itself, s | CPU (all processes), s | load average |\n\
         | --- | --- | --- | --- | --- | --- |"
    );
    for build in builds.iter().chain([&noop]) {
        let _ = writeln!(
            out,
            "| {} | `build {}` | {:.1} | {} | {:.1} | {} |",
            build.what,
            build.args.join(" "),
            build.usage.wall.as_secs_f64(),
            build.own_s.map_or("–".to_owned(), |s| format!("{s:.1}")),
            build.usage.cpu.as_secs_f64(),
            build.load,
        );
    }
    let find = |args: &[&str]| builds.iter().find(|b| b.args == args).expect("measured");
    let (full, two) = (find(FULL), find(USERS_ORGS));
    let share = two.usage.wall.as_secs_f64() / full.usage.wall.as_secs_f64();
    let own_share = two.own_s.zip(full.own_s).map(|(a, b)| a / b);
    let _ = writeln!(
        out,
        "\nGoal: users plus organizations in at most {:.0}% of the full build. {} ({:.0}% of the \
         default-features build, wall{}).",
        TWO_AREAS_GOAL * 100.0,
        verdict(share <= TWO_AREAS_GOAL),
        share * 100.0,
        own_share.map_or(String::new(), |s| format!("; genauth's own units alone: {:.0}%", s * 100.0)),
    );
    Ok(out)
}

fn measure_all(root: &Path, dir: &Path) -> Result<(Vec<Timed>, Timed)> {
    let mut builds = Vec::new();
    let mut noop = None;
    for (what, args) in CLEAN {
        let _ = std::fs::remove_dir_all(dir);
        builds.push(build(root, dir, what, args)?);
        if noop.is_none() {
            noop = Some(build(root, dir, "no-op rebuild, all features (nothing changed since its clean build)", args)?);
        }
    }
    Ok((builds, noop.expect("one build ran")))
}

fn build(root: &Path, dir: &Path, what: &'static str, args: &'static [&'static str]) -> Result<Timed> {
    let load = load_average();
    let mut command = Command::new("cargo");
    command
        .args(["build", "--timings"])
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", dir)
        .env("CARGO_INCREMENTAL", "0");
    println!("$ CARGO_TARGET_DIR={} CARGO_INCREMENTAL=0 {command:?} (load {load})", dir.display());
    let (_, usage) = measure(&mut command)?;
    println!("  {:.1} s wall, {:.1} s CPU", usage.wall.as_secs_f64(), usage.cpu.as_secs_f64());
    let own_s = own_time(&dir.join("cargo-timings/cargo-timing.html")).ok();
    Ok(Timed { what, args, usage, own_s, load })
}

/// The summed duration of the `genauth` units in a cargo timings report.
fn own_time(report: &Path) -> Result<f64> {
    let html = std::fs::read_to_string(report).with_context(|| format!("reading {}", report.display()))?;
    let start = html.find("const UNIT_DATA = ").context("no UNIT_DATA in the timings report")? + 18;
    let end = start + html[start..].find("];").context("UNIT_DATA does not end")? + 1;
    let units: Vec<serde_json::Value> = serde_json::from_str(&html[start..end]).context("UNIT_DATA")?;
    Ok(units.iter().filter(|u| u["name"] == "genauth").filter_map(|u| u["duration"].as_f64()).sum())
}
