//! The `calls` section: per-call overhead against raw reqwest, client CPU
//! per 10,000 calls against the official Node and Python SDKs, and peak
//! memory, all against the same release-built `genauth-emulator`, started
//! afresh for every run.
//!
//! Every run is its own process (`benches/calls.rs`,
//! `tests/official/node/bench.mjs` or `tests/official/python/bench.py`); it
//! reports the wall and CPU time of its measured calls alone, and this
//! module adds what the kernel accounted for the whole process (`wait4`).
//! Where valgrind is installed, callgrind also counts the instructions the
//! client executes per call, a figure that other work on the machine cannot
//! disturb.

use super::{ChildUsage, Spread, load_average, measure, run_command, verdict};
use crate::emulator_process::EmulatorProcess;
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Calls per run.
const CALLS: usize = 10_000;
/// Runs per configuration; the tables show the median and the range.
const REPS: usize = 5;
pub(super) const KEY_ID: &str = "bench-access-key-id";
pub(super) const SECRET: &str = "bench-access-key-secret";
/// The overhead goal: the SDK's time per call over raw reqwest's, at every
/// concurrency measured.
const OVERHEAD_GOAL: f64 = 1.0;
/// The instruction goal: the SDK's instructions per call over raw reqwest's.
const INSTRUCTION_GOAL: f64 = 1.02;
/// The CPU goal: at least this many times less CPU than the Node SDK.
const NODE_CPU_GOAL: f64 = 10.0;
/// The two call counts of the callgrind runs: the difference of their
/// instruction counts, over the difference of their calls, leaves out
/// start-up and set-up.
const COUNTED_CALLS: [usize; 2] = [500, 2_500];

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Client {
    /// Our SDK, signing every request, on tokio's default multi-threaded runtime.
    Sdk,
    /// The same on a single-threaded runtime, as the Node and Python clients run.
    SdkSingleThread,
    /// Our SDK with a cached management token.
    SdkToken,
    /// reqwest sending the same signed request, without the SDK's layer.
    Raw,
    /// authing-node-sdk 4.0.1 (signs every request).
    Node,
    /// genauth 5.1.0 for Python (management token).
    Python,
}

impl Client {
    fn label(self) -> &'static str {
        match self {
            Client::Sdk => "genauth (this crate), signature",
            Client::SdkSingleThread => "genauth (this crate), signature, single-threaded runtime",
            Client::SdkToken => "genauth (this crate), management token",
            Client::Raw => "raw reqwest + `genauth::signing`, signature",
            Client::Node => "authing-node-sdk@4.0.1 (Node 20), signature",
            Client::Python => "genauth==5.1.0 (Python), management token",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Op {
    GetUser,
    IsUserExists,
}

impl Op {
    fn arg(self) -> &'static str {
        match self {
            Op::GetUser => "get-user",
            Op::IsUserExists => "is-user-exists",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Op::GetUser => "`getUser` (GET, 7 query parameters, a full user back)",
            Op::IsUserExists => "`isUserExists` (POST, small JSON body, one field back)",
        }
    }
}

/// One run's figures.
#[derive(Clone, Copy, Debug)]
struct Sample {
    /// Wall time per measured call, µs.
    wall_us: f64,
    /// CPU (user + system) per measured call, µs, as the client measured itself.
    cpu_us: f64,
    /// The system (kernel) part of `cpu_us`.
    sys_us: f64,
    /// The whole process, start-up and set-up included, as the kernel accounted it.
    process: ChildUsage,
}

type Key = (Client, Op, usize);

struct Tools {
    calls: PathBuf,
    emulator: PathBuf,
    python: PathBuf,
}

/// The interpreter of the virtual environment that holds the official Python SDK.
const OFFICIAL_VENV_PYTHON: &str = "target/official/venv/bin/python";

pub fn run(root: &Path) -> Result<String> {
    let tools = build(root)?;
    // The official flows once against this emulator: it proves both SDKs work
    // against it, and installs their pinned versions when missing.
    run_command(
        Command::new("bash")
            .arg("tests/official/run.sh")
            .current_dir(root)
            .env("GENAUTH_EMULATOR_BIN", &tools.emulator),
    )?;

    let mut plan: Vec<Key> = Vec::new();
    for op in [Op::GetUser, Op::IsUserExists] {
        for concurrency in [1, 64] {
            plan.push((Client::Sdk, op, concurrency));
            plan.push((Client::Raw, op, concurrency));
        }
    }
    plan.extend([Client::SdkSingleThread, Client::SdkToken, Client::Node, Client::Python].map(|c| (c, Op::GetUser, 1)));

    let load = load_average();
    let mut samples: HashMap<Key, Vec<Sample>> = HashMap::new();
    for rep in 0..REPS {
        // Alternate the order so that a slow drift of the machine does not
        // always favour the same side of a pair.
        let order: Vec<&Key> = if rep % 2 == 0 { plan.iter().collect() } else { plan.iter().rev().collect() };
        for key in order {
            let sample = run_once(root, &tools, *key)?;
            println!(
                "run {}/{REPS} {:?} {:?} c{}: {:.1} µs/call wall, {:.1} µs/call CPU, peak RSS {} MiB",
                rep + 1,
                key.0,
                key.1,
                key.2,
                sample.wall_us,
                sample.cpu_us,
                sample.process.max_rss_kib / 1024
            );
            samples.entry(*key).or_default().push(sample);
        }
    }
    let instructions = count_instructions(&tools)?;
    Ok(report(&samples, &instructions, &load))
}

/// Builds the load client and the emulator with the bench profile.
fn build(root: &Path) -> Result<Tools> {
    let mut command = Command::new("cargo");
    command.args(["bench", "--no-run", "--features", "emulator", "--bench", "calls"]).current_dir(root);
    let built = crate::cargo_build::run(&mut command)?;
    let executable = |name: &str| built.executable(name);
    Ok(Tools {
        calls: executable("calls")?,
        emulator: executable("genauth-emulator")?,
        // The virtual environment `tests/official/run.sh` installs the official
        // Python SDK into; `run` runs that script before any Python client.
        python: root.join(OFFICIAL_VENV_PYTHON),
    })
}

/// The calls `benches/calls.rs` makes before it measures, at concurrency 1:
/// a tenth of its calls, from 1 to 1,000.
pub(super) fn warm_up_calls(calls: usize) -> usize {
    (calls / 10).clamp(1, 1_000)
}

/// A fresh `genauth-emulator` with the bench key pair.
pub(super) fn start_emulator(binary: &Path) -> Result<EmulatorProcess> {
    EmulatorProcess::start(binary, KEY_ID, SECRET, &[])
}

/// Points a load client at this emulator.
pub(super) fn configure(emulator: &EmulatorProcess, command: &mut Command) {
    command
        .env("GENAUTH_HOST", &emulator.host)
        .env("GENAUTH_ACCESS_KEY_ID", KEY_ID)
        .env("GENAUTH_ACCESS_KEY_SECRET", SECRET);
}

/// The `--client` and `--runtime` of `benches/calls.rs` that make one of our clients.
fn ours(client: Client) -> (&'static str, &'static str) {
    match client {
        Client::Sdk => ("sdk", "multi-thread"),
        Client::SdkSingleThread => ("sdk", "current-thread"),
        Client::SdkToken => ("sdk-token", "multi-thread"),
        Client::Raw => ("raw", "multi-thread"),
        Client::Node | Client::Python => unreachable!("not a client of benches/calls.rs"),
    }
}

/// The arguments of `benches/calls.rs` for one run.
pub(super) fn calls_args(client: &str, runtime: &str, op: Op, calls: usize, concurrency: usize) -> Vec<String> {
    let (calls, concurrency) = (calls.to_string(), concurrency.to_string());
    ["--client", client, "--op", op.arg(), "--runtime", runtime, "--calls", &calls, "--concurrency", &concurrency]
        .map(str::to_owned)
        .to_vec()
}

fn run_once(root: &Path, tools: &Tools, (client, op, concurrency): Key) -> Result<Sample> {
    let emulator = start_emulator(&tools.emulator)?;
    let calls = CALLS.to_string();
    let mut command = match client {
        Client::Node => {
            let mut command = Command::new("node");
            command.arg("bench.mjs").arg(&calls).current_dir(root.join("tests/official/node"));
            command
        }
        Client::Python => {
            let mut command = Command::new(&tools.python);
            command.arg(root.join("tests/official/python/bench.py")).arg(&calls);
            command
        }
        _ => {
            let (name, runtime) = ours(client);
            let mut command = Command::new(&tools.calls);
            command.args(calls_args(name, runtime, op, CALLS, concurrency));
            command
        }
    };
    configure(&emulator, &mut command);
    let (stdout, process) = measure(&mut command)?;
    drop(emulator);
    let line = stdout.lines().rev().find(|l| l.starts_with('{')).context("the load client printed no JSON line")?;
    let json: serde_json::Value = serde_json::from_str(line).context("the load client's JSON line")?;
    let number = |field: &str| json[field].as_f64().with_context(|| format!("no `{field}` in {line}"));
    let per_call = 1e6 / number("calls")?;
    Ok(Sample {
        wall_us: number("wall_s")? * per_call,
        cpu_us: (number("user_s")? + number("sys_s")?) * per_call,
        sys_us: number("sys_s")? * per_call,
        process,
    })
}

/// Instructions per call of the SDK and of raw reqwest, by operation, as
/// callgrind counts them on a single-threaded runtime; empty without valgrind.
fn count_instructions(tools: &Tools) -> Result<HashMap<(Client, Op), f64>> {
    let mut counts = HashMap::new();
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("valgrind is not installed: no instruction counts");
        return Ok(counts);
    }
    for op in [Op::GetUser, Op::IsUserExists] {
        for client in [Client::Sdk, Client::Raw] {
            let mut totals = Vec::new();
            for calls in COUNTED_CALLS {
                let emulator = start_emulator(&tools.emulator)?;
                let mut command = Command::new("valgrind");
                command.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"]).arg(&tools.calls);
                // One thread: callgrind runs threads one at a time anyway.
                command.args(calls_args(ours(client).0, "current-thread", op, calls, 1));
                configure(&emulator, &mut command);
                println!("$ {command:?}");
                let output = command.output().context("running valgrind")?;
                let stderr = String::from_utf8_lossy(&output.stderr);
                if !output.status.success() {
                    bail!("callgrind run failed with {}:\n{stderr}", output.status);
                }
                let collected = stderr
                    .lines()
                    .find_map(|l| l.split_once("Collected : ").map(|(_, n)| n.trim().to_owned()))
                    .context("callgrind reported no instruction count")?;
                totals.push(((calls + warm_up_calls(calls)) as f64, collected.parse::<f64>()?));
            }
            let [(c1, i1), (c2, i2)] = totals[..] else { unreachable!("two call counts") };
            counts.insert((client, op), (i2 - i1) / (c2 - c1));
        }
    }
    Ok(counts)
}

fn report(samples: &HashMap<Key, Vec<Sample>>, instructions: &HashMap<(Client, Op), f64>, load: &str) -> String {
    let get = |key: Key| samples.get(&key).map(Vec::as_slice).unwrap_or_default();
    let spread = |key: Key, f: fn(&Sample) -> f64| Spread::of(get(key).iter().map(f));
    // Ratios run by run: run i of one side against run i of the other.
    let ratio = |a: Key, b: Key, f: fn(&Sample) -> f64| Spread::of(get(a).iter().zip(get(b)).map(|(x, y)| f(x) / f(y)));
    let wall = |s: &Sample| s.wall_us;
    let cpu = |s: &Sample| s.cpu_us;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Per-call overhead against raw reqwest\n\n\
         Command: `cargo xtask bench calls`. It builds the load client and the emulator with \
         `cargo bench --no-run --features emulator --bench calls` (release settings), and for every \
         run starts a fresh `genauth-emulator --listen 127.0.0.1:0` and runs \
         `calls --client sdk|raw --op OP --runtime multi-thread --calls {CALLS} --concurrency 1|64` \
         against it (`benches/calls.rs`). The raw client sends the same request the SDK sends (same \
         headers, signed with `genauth::signing`, fresh nonce and date) with a bare `reqwest::Client` \
         and decodes the same typed envelope, so the difference is the SDK's layer: the generated \
         builder, the runtime's request checks, the envelope check, the retry loop and the tracing span. Each client \
         creates one user, warms up, then makes {CALLS} calls; the figures are the median of \
         {REPS} runs, the range in brackets, and the ratios are taken run by run. The emulator \
         shares the machine's two cores with the client; the load average was {load} when the \
         runs began.\n\n\
         | operation | concurrency | genauth, µs/call | raw reqwest, µs/call | ratio (goal ≤ {OVERHEAD_GOAL}) | client CPU, genauth / raw, µs/call | CPU ratio |\n\
         | --- | --- | --- | --- | --- | --- | --- |"
    );
    let mut worst: f64 = 0.0;
    for op in [Op::GetUser, Op::IsUserExists] {
        for concurrency in [1, 64] {
            let (ours, raw) = ((Client::Sdk, op, concurrency), (Client::Raw, op, concurrency));
            let r = ratio(ours, raw, wall);
            worst = worst.max(r.median);
            let _ = writeln!(
                out,
                "| {} | {concurrency} | {} | {} | {} | {} / {} | {} |",
                op.label(),
                spread(ours, wall).show(1),
                spread(raw, wall).show(1),
                r.show(3),
                spread(ours, cpu).show(1),
                spread(raw, cpu).show(1),
                ratio(ours, raw, cpu).show(2),
            );
        }
    }
    let _ = writeln!(
        out,
        "\nGoal: at most {OVERHEAD_GOAL}× raw reqwest's time per call. {}.",
        verdict(worst <= OVERHEAD_GOAL)
    );
    if !instructions.is_empty() {
        let [first, second] = COUNTED_CALLS;
        let _ = writeln!(
            out,
            "\nInstructions the client executes per call, counted by callgrind (`valgrind \
             --tool=callgrind calls --client sdk|raw --op OP --runtime current-thread --calls N \
             --concurrency 1`, N = {first} and {second}; the difference of the two counts over the \
             difference of the calls leaves out start-up and set-up). Unlike the times above, \
             other work on the machine cannot change these.\n\n\
             | operation | genauth | raw reqwest | ratio (goal ≤ {INSTRUCTION_GOAL}) |\n| --- | --- | --- | --- |"
        );
        let mut worst: f64 = 0.0;
        for op in [Op::GetUser, Op::IsUserExists] {
            if let (Some(ours), Some(raw)) =
                (instructions.get(&(Client::Sdk, op)), instructions.get(&(Client::Raw, op)))
            {
                worst = worst.max(ours / raw);
                let _ = writeln!(out, "| {} | {ours:.0} | {raw:.0} | {:.3} |", op.label(), ours / raw);
            }
        }
        let _ = writeln!(
            out,
            "\nGoal: at most {INSTRUCTION_GOAL}× raw reqwest's instructions per call. {}.",
            verdict(worst <= INSTRUCTION_GOAL)
        );
    }

    let _ = writeln!(
        out,
        "\n## Client CPU per {CALLS} calls against the official SDKs\n\n\
         Command: `cargo xtask bench calls`, as above: `getUser` sequentially, {CALLS} calls per \
         run, each client against a fresh emulator from the same binary: \
         `calls --client sdk|sdk-token --op get-user --runtime multi-thread|current-thread --calls {CALLS} \
         --concurrency 1`, `node tests/official/node/bench.mjs {CALLS}` and \
         `{OFFICIAL_VENV_PYTHON} tests/official/python/bench.py {CALLS}`. The official SDKs are \
         installed by `tests/official/run.sh` at their pinned versions (the Python one into that \
         virtual environment). \"In the calls\" is the CPU the client \
         process spent between the end of its warm-up and its last call (its own `getrusage` or \
         `process.cpuUsage`), so start-up is left out; \"whole process\" is what the kernel \
         accounted to it (`wait4`): start-up, loading the SDK, creating the user, warming up and \
         the calls. Median of {REPS} runs, range in brackets.\n\n\
         | client | CPU in the calls, s | of which in the kernel, s | whole process, s | CPU in the calls, peer / genauth in the same auth mode |\n\
         | --- | --- | --- | --- | --- |"
    );
    let in_calls = |key: Key| spread(key, |s| s.cpu_us * CALLS as f64 / 1e6);
    let rows = [
        (Client::Sdk, Client::Sdk),
        (Client::SdkSingleThread, Client::Sdk),
        (Client::Raw, Client::Sdk),
        (Client::Node, Client::Sdk),
        (Client::SdkToken, Client::SdkToken),
        (Client::Python, Client::SdkToken),
    ];
    for (client, base) in rows {
        let key = (client, Op::GetUser, 1);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.1}× |",
            client.label(),
            in_calls(key).show(3),
            spread(key, |s| s.sys_us * CALLS as f64 / 1e6).show(3),
            spread(key, |s| s.process.cpu.as_secs_f64()).show(3),
            in_calls(key).median / in_calls((base, Op::GetUser, 1)).median,
        );
    }
    let node = in_calls((Client::Node, Op::GetUser, 1)).median;
    let best_ours = [Client::Sdk, Client::SdkSingleThread].map(|c| in_calls((c, Op::GetUser, 1)).median);
    let node_ratio = node / best_ours[0].min(best_ours[1]);
    let _ = writeln!(
        out,
        "\nGoal: at least {NODE_CPU_GOAL}× less CPU than the Node SDK for the same calls. {} \
         ({node_ratio:.1}× with the better of the two runtimes).\n",
        verdict(node_ratio >= NODE_CPU_GOAL)
    );

    let _ = writeln!(
        out,
        "## Peak memory of the {CALLS}-call run\n\n\
         Command: the runs above; the peak resident set of the client process as the kernel \
         accounted it (`ru_maxrss` from `wait4`). Median of {REPS} runs, range in brackets. \
         No goal was set.\n\n\
         | client | operation | concurrency | peak RSS, MiB |\n| --- | --- | --- | --- |"
    );
    let memory_rows = [
        (Client::Sdk, Op::GetUser, 1),
        (Client::Sdk, Op::GetUser, 64),
        (Client::SdkSingleThread, Op::GetUser, 1),
        (Client::SdkToken, Op::GetUser, 1),
        (Client::Raw, Op::GetUser, 1),
        (Client::Raw, Op::GetUser, 64),
        (Client::Node, Op::GetUser, 1),
        (Client::Python, Op::GetUser, 1),
    ];
    for key in memory_rows {
        let rss = spread(key, |s| s.process.max_rss_kib as f64 / 1024.0);
        let _ = writeln!(out, "| {} | `{}` | {} | {} |", key.0.label(), key.1.arg(), key.2, rss.show(1));
    }
    out
}
