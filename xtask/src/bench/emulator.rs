//! The `emulator` section: the emulator's start-up time and its CPU per
//! request, this tree against a baseline revision, side by side in one run.
//!
//! Issue #11 asks that the emulator grow its fidelity without a slowdown
//! against the emulator of the day it was filed ([`BASELINE`]). Both trees'
//! `genauth-emulator` are release builds of the emulator alone; the
//! baseline is built in a worktree under `target/bench-emulator/`. The load
//! client is the same binary for both, this tree's `benches/calls.rs` in
//! its raw-reqwest mode, so that only the emulator differs. The emulator's
//! CPU is read from the kernel's per-thread accounting
//! (`/proc/PID/task/*/schedstat`, nanoseconds) around the measured calls.

use super::calls::{self, KEY_ID, Op, SECRET};
use super::{Spread, load_average, run_command, verdict};
use crate::emulator_process::EmulatorProcess;
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The commit issue #11 was filed against.
const BASELINE: &str = "8b10346";
/// Rounds; each measures both emulators, in alternating order.
const ROUNDS: usize = 5;
/// Start-ups per emulator per round.
const STARTS: usize = 10;
/// Measured calls per emulator per round.
const CALLS: usize = 5_000;
/// The load client's call counts of the callgrind runs: the difference of
/// the emulator's instruction counts, over the difference of the requests,
/// leaves out its start and its shutdown.
const COUNTED_CALLS: [usize; 2] = [500, 2_500];

/// One emulator's figures in one round.
struct Sample {
    /// Median of the round's start-ups: spawn to `listening on`, ms.
    start_ms: f64,
    /// Median of the round's start-ups: spawn to the end of a client run
    /// of three signed requests (a user created, a warm-up call, a call), ms.
    first_answer_ms: f64,
    /// Emulator CPU per measured call, µs.
    cpu_us: f64,
    /// The client's wall time per call, µs.
    wall_us: f64,
}

pub fn run(root: &Path) -> Result<String> {
    let current = build_emulator(root, None)?;
    let baseline = build_emulator(&baseline_tree(root)?, Some(&root.join("target/bench-emulator/target")))?;
    let client = build_client(root)?;
    let load = load_average();

    let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for round in 0..ROUNDS {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            let binary = [&baseline, &current][side];
            let sample = measure(binary, &client)?;
            println!(
                "round {}/{ROUNDS} {}: start {:.2} ms, first answer {:.2} ms, {:.1} µs CPU/request, {:.1} µs/call wall",
                round + 1,
                ["baseline", "current"][side],
                sample.start_ms,
                sample.first_answer_ms,
                sample.cpu_us,
                sample.wall_us
            );
            samples[side].push(sample);
        }
    }
    let counts = [count(&baseline, &client)?, count(&current, &client)?];
    Ok(report(&samples, &counts, &load))
}

/// What callgrind counts of one emulator: a short life (start-up, the
/// spec's parse, three signed requests, shutdown), and its instructions per
/// request.
struct Counts {
    short_life: f64,
    per_request: f64,
}

fn count(emulator: &Path, client: &Path) -> Result<Counts> {
    // Requests are what make an emulator parse the spec: with none, a run
    // would end before the parse and count less than a real start.
    let short_life = instructions(emulator, client, 1)?;
    let [a, b] = COUNTED_CALLS.map(|calls| instructions(emulator, client, calls));
    let (a, b) = (a?, b?);
    let per_request = (b - a) / (requests_of(COUNTED_CALLS[1]) - requests_of(COUNTED_CALLS[0]));
    println!(
        "callgrind {}: {short_life:.0} instructions in a short life, {per_request:.0} per request",
        emulator.display()
    );
    Ok(Counts { short_life, per_request })
}

/// The instructions `emulator` executes under callgrind from its start to
/// its exit, serving a load client run of `calls` calls.
fn instructions(emulator: &Path, client: &Path, calls: usize) -> Result<f64> {
    let mut command = Command::new("valgrind");
    command.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"]).arg(emulator).stderr(Stdio::piped());
    let process = EmulatorProcess::start_command(command, KEY_ID, SECRET, &[])?;
    run_client(client, &process, calls)?;
    let stderr = process.terminate()?;
    let collected = stderr
        .lines()
        .find_map(|l| l.split_once("Collected : ").map(|(_, n)| n.trim().to_owned()))
        .with_context(|| format!("callgrind reported no instruction count:\n{stderr}"))?;
    Ok(collected.parse()?)
}

/// The requests a load client run of `calls` calls makes in all: its
/// warm-up, one user created, and the calls.
fn requests_of(calls: usize) -> f64 {
    (calls + calls::warm_up_calls(calls) + 1) as f64
}

/// A worktree of [`BASELINE`] under `target/bench-emulator/`, made once.
fn baseline_tree(root: &Path) -> Result<PathBuf> {
    let tree = root.join("target/bench-emulator").join(BASELINE);
    if !tree.join("Cargo.toml").exists() {
        run_command(
            Command::new("git").args(["worktree", "add", "--detach"]).arg(&tree).arg(BASELINE).current_dir(root),
        )?;
    }
    Ok(tree)
}

/// Builds `tree`'s `genauth-emulator` with the release profile, the
/// emulator feature alone, into `target_dir` when given.
fn build_emulator(tree: &Path, target_dir: Option<&Path>) -> Result<PathBuf> {
    let mut command = Command::new("cargo");
    command.args([
        "build",
        "--release",
        "--no-default-features",
        "--features",
        "emulator",
        "--bin",
        "genauth-emulator",
    ]);
    if let Some(dir) = target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    crate::cargo_build::run(command.current_dir(tree))?.executable("genauth-emulator")
}

/// The load client, `benches/calls.rs` with the users area only (all it
/// calls), so that it builds in a fraction of the whole crate's time.
fn build_client(root: &Path) -> Result<PathBuf> {
    let mut command = Command::new("cargo");
    command.args(["bench", "--no-run", "--no-default-features", "--features", "users", "--bench", "calls"]);
    crate::cargo_build::run(command.current_dir(root))?.executable("calls")
}

/// Runs the load client against `process` and returns its stdout.
fn run_client(client: &Path, process: &EmulatorProcess, calls: usize) -> Result<String> {
    // Signed `isUserExists` calls, one at a time.
    let mut command = Command::new(client);
    command.args(calls::calls_args("raw", "multi-thread", Op::IsUserExists, calls, 1)).stderr(Stdio::inherit());
    calls::configure(process, &mut command);
    let output = command.output().context("running the load client")?;
    if !output.status.success() {
        bail!("the load client failed with {}", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// One round of one emulator: [`STARTS`] start-ups, then [`CALLS`] calls.
fn measure(emulator: &Path, client: &Path) -> Result<Sample> {
    let (mut starts, mut first_answers) = (Vec::new(), Vec::new());
    for _ in 0..STARTS {
        let started = Instant::now();
        let process = calls::start_emulator(emulator)?;
        starts.push(started.elapsed().as_secs_f64() * 1e3);
        // A user created, one warm-up call, one call: the first signed
        // requests a test suite makes, each of which needs the spec.
        run_client(client, &process, 1)?;
        first_answers.push(started.elapsed().as_secs_f64() * 1e3);
        drop(process);
    }
    let process = calls::start_emulator(emulator)?;
    // The client creates its user and warms up before it measures; the
    // emulator's CPU over the whole run is what it spent on those too, so
    // the two readings frame the client's whole run, warm-up included.
    let before = cpu_ns(process.pid())?;
    let stdout = run_client(client, &process, CALLS)?;
    let after = cpu_ns(process.pid())?;
    let line = stdout.lines().rev().find(|l| l.starts_with('{')).context("the load client printed no JSON line")?;
    let json: serde_json::Value = serde_json::from_str(line).context("the load client's JSON line")?;
    let calls = json["calls"].as_f64().context("no `calls`")?;
    let wall_s = json["wall_s"].as_f64().context("no `wall_s`")?;
    let requests = requests_of(CALLS);
    Ok(Sample {
        start_ms: Spread::of(starts).median,
        first_answer_ms: Spread::of(first_answers).median,
        cpu_us: (after - before) as f64 / 1e3 / requests,
        wall_us: wall_s * 1e6 / calls,
    })
}

/// CPU time of every thread of process `pid` so far, in nanoseconds.
fn cpu_ns(pid: u32) -> Result<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        let stat = std::fs::read_to_string(task?.path().join("schedstat"))?;
        total += stat.split_whitespace().next().and_then(|ns| ns.parse::<u64>().ok()).context("schedstat")?;
    }
    Ok(total)
}

/// A row of the timings table: its label, the figure, its decimals.
type Row = (&'static str, fn(&Sample) -> f64, usize);

fn report(samples: &[Vec<Sample>; 2], counts: &[Counts; 2], load: &str) -> String {
    let [baseline, current] = samples;
    let spread = |side: &[Sample], f: fn(&Sample) -> f64| Spread::of(side.iter().map(f));
    let ratio = |f: fn(&Sample) -> f64| Spread::of(current.iter().zip(baseline).map(|(c, b)| f(c) / f(b)));
    let rows: [Row; 4] = [
        ("start-up: spawn to `listening on`, ms", |s| s.start_ms, 2),
        ("start-up: spawn to three signed requests answered, ms", |s| s.first_answer_ms, 2),
        ("emulator CPU per request (`isUserExists`), µs", |s| s.cpu_us, 1),
        ("client wall time per call, µs", |s| s.wall_us, 1),
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## The emulator against issue #11's baseline\n\n\
         Command: `cargo xtask bench emulator`. It builds `genauth-emulator` with \
         `cargo build --release --no-default-features --features emulator` from this tree and from \
         `{BASELINE}` (the commit issue #11 was filed against, in a worktree under \
         `target/bench-emulator/`), then runs {ROUNDS} rounds, each measuring both emulators in \
         alternating order: {STARTS} start-ups (spawn until it prints `listening on`, and until a \
         run of the load client below with `--calls 1` has ended: a user created, a warm-up call \
         and a call, all signed, the client's own start included; the round's medians), then \
         one fresh emulator serving {CALLS} `isUserExists` calls from this tree's \
         `calls --client raw` (`benches/calls.rs` built with the users area only, the same client \
         binary for both), with the emulator's CPU read from `/proc/PID/task/*/schedstat` around \
         the client's run (its warm-up and set-up requests counted in). Medians of the rounds, the \
         range in brackets; ratios are taken round by round. The load average was {load} when the \
         rounds began.\n\n\
         | what | baseline `{BASELINE}` | this tree | this tree / baseline |\n\
         | --- | --- | --- | --- |"
    );
    for (label, f, digits) in rows {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} |",
            spread(baseline, f).show(digits),
            spread(current, f).show(digits),
            ratio(f).show(3)
        );
    }
    let [before, after] = counts;
    let (short_life, per_request) = (after.short_life / before.short_life, after.per_request / before.per_request);
    let _ = writeln!(
        out,
        "\nInstructions, as `valgrind --tool=callgrind` counts them in the emulator (a count other work \
         on the machine cannot disturb): a short life (start-up, the spec's parse, the three signed \
         requests of a `--calls 1` client run, shutdown on SIGTERM), and per request, from the difference of two runs serving `--calls \
         {}` and `--calls {}`.\n\n\
         | what | baseline `{BASELINE}` | this tree | this tree / baseline |\n\
         | --- | --- | --- | --- |\n\
         | a short life | {:.0} | {:.0} | {short_life:.3} |\n\
         | per `isUserExists` request | {:.0} | {:.0} | {per_request:.3} |",
        COUNTED_CALLS[0], COUNTED_CALLS[1], before.short_life, after.short_life, before.per_request, after.per_request
    );
    let time_ok = ratio(rows[0].1).median <= 1.0 && ratio(rows[1].1).median <= 1.0;
    let _ = writeln!(
        out,
        "\nGoal: start-up and cost per request no worse than the baseline. Instructions (start-up \
         with the spec's parse, per request) at most 1.0× the baseline's: {}. Start-up times' medians \
         at most 1.0×: {} (timings move by several percent between runs on this machine).",
        verdict(short_life <= 1.0 && per_request <= 1.0),
        verdict(time_ok)
    );
    out
}
