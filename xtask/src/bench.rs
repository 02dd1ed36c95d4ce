//! `cargo xtask bench [SECTION...]`: runs the benchmarks and rewrites their
//! sections of BENCHMARKS.md, each with its figures, the peer they are
//! compared with, the goal, the command that produced them, the machine and
//! the date.
//!
//! Sections (all of them when none is named):
//! * `calls`: per-call overhead against raw reqwest, client CPU per 10,000
//!   calls against the official Node and Python SDKs, peak memory;
//! * `criterion`: the criterion benches (signing, emulator start-up);
//! * `emulator`: the emulator's start-up and CPU per request against issue
//!   #11's baseline revision;
//! * `build`: clean builds with all, one and two API areas, and a no-op rebuild;
//! * `fuzz`: one million executions of every cargo-fuzz target.
//!
//! Each section lives between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
//! in BENCHMARKS.md and is rewritten only when it ran, so sections can be
//! refreshed one at a time.

mod build;
mod calls;
mod criterion;
mod emulator;
mod fuzz;

use anyhow::{Context, Result, bail};
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECTIONS: [&str; 5] = ["calls", "criterion", "emulator", "build", "fuzz"];
const REPORT: &str = "BENCHMARKS.md";

pub fn run(root: &Path, sections: &[&str]) -> Result<()> {
    let chosen: Vec<&str> = if sections.is_empty() { SECTIONS.to_vec() } else { sections.to_vec() };
    if let Some(unknown) = chosen.iter().find(|s| !SECTIONS.contains(s)) {
        bail!("unknown bench section {unknown:?}; expected some of {}", SECTIONS.join(", "));
    }
    for section in chosen {
        println!("== bench {section}");
        let body = match section {
            "calls" => calls::run(root)?,
            "criterion" => criterion::run(root)?,
            "emulator" => emulator::run(root)?,
            "build" => build::run(root)?,
            "fuzz" => fuzz::run(root)?,
            _ => unreachable!("checked above"),
        };
        let body = format!("{body}\n{}\n", machine()?);
        let path = root.join(REPORT);
        let report = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        std::fs::write(&path, splice(&report, section, &body))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("updated the {section} section of {REPORT}");
    }
    Ok(())
}

/// `report` with the text between the section's markers replaced by `body`;
/// a section not there yet goes at the end.
fn splice(report: &str, section: &str, body: &str) -> String {
    let (start, end) = (format!("<!-- bench:{section} -->"), format!("<!-- /bench:{section} -->"));
    let fresh = format!("{start}\n{}\n{end}", body.trim_end());
    match (report.find(&start), report.find(&end)) {
        (Some(a), Some(b)) if a < b => format!("{}{fresh}{}", &report[..a], &report[b + end.len()..]),
        _ => format!("{}\n\n{fresh}\n", report.trim_end()),
    }
}

/// Where and when the figures were taken.
fn machine() -> Result<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|rest| rest.split_once(':')).map(|(_, m)| m.trim()))
        .unwrap_or("unknown CPU");
    let output = |program: &str, args: &[&str]| -> Result<String> {
        let out = Command::new(program).args(args).output().with_context(|| format!("running {program}"))?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    Ok(format!(
        "Machine: {model}, `nproc` {}, {} GiB RAM; {}; {}. Measured {}; load average when done: {}.",
        output("nproc", &[])?,
        memory_gib(),
        output("uname", &["-sr"])?,
        output("rustc", &["--version"])?,
        output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])?,
        load_average(),
    ))
}

/// The 1, 5 and 15 minute load averages: other work on the machine skews timings.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn memory_gib() -> u64 {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    (kib + (1 << 19)) >> 20
}

/// What a finished child process cost, as the kernel accounted it.
#[derive(Clone, Copy, Debug)]
pub struct ChildUsage {
    pub wall: Duration,
    /// User plus system CPU time, including its own reaped children.
    pub cpu: Duration,
    pub max_rss_kib: i64,
}

/// Runs `command` to completion with stdout captured, and returns its stdout
/// and what it cost. Fails when it exits unsuccessfully.
pub fn measure(command: &mut Command) -> Result<(String, ChildUsage)> {
    let shown = format!("{command:?}");
    let started = Instant::now();
    let mut child = command.stdout(Stdio::piped()).spawn().with_context(|| format!("starting {shown}"))?;
    let mut stdout = String::new();
    child.stdout.take().expect("piped").read_to_string(&mut stdout)?;
    let (status, usage) = wait4(child.id())?;
    let usage = ChildUsage { wall: started.elapsed(), ..usage };
    if status != 0 {
        bail!("{shown} failed (wait status {status}); stdout:\n{stdout}");
    }
    Ok((stdout, usage))
}

/// Reaps child `pid` and returns its wait status and resource usage.
/// `std::process::Child::wait` would not give the usage.
fn wait4(pid: u32) -> Result<(i32, ChildUsage)> {
    let mut status = 0;
    // SAFETY: wait4 writes only the status and the rusage struct it is given.
    let mut usage = unsafe { std::mem::zeroed::<libc::rusage>() };
    let reaped = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if reaped != pid as libc::pid_t {
        bail!("wait4({pid}): {}", std::io::Error::last_os_error());
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    Ok((
        status,
        ChildUsage {
            wall: Duration::ZERO,
            cpu: time(usage.ru_utime) + time(usage.ru_stime),
            max_rss_kib: usage.ru_maxrss,
        },
    ))
}

/// Runs a command and fails unless it succeeds; output goes to the terminal.
pub fn run_command(command: &mut Command) -> Result<()> {
    println!("$ {command:?}");
    let status = command.status().with_context(|| format!("starting {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

/// The median, minimum and maximum of some samples.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(samples: impl IntoIterator<Item = f64>) -> Spread {
        let mut v: Vec<f64> = samples.into_iter().collect();
        assert!(!v.is_empty(), "a spread needs samples");
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
        Spread { median, min: v[0], max: v[n - 1] }
    }

    /// `median (min–max)` with `digits` decimals.
    pub fn show(&self, digits: usize) -> String {
        format!("{:.digits$} ({:.digits$}–{:.digits$})", self.median, self.min, self.max)
    }
}

/// `Met` or `**Missed**`.
pub fn verdict(met: bool) -> &'static str {
    if met { "Met" } else { "**Missed**" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_its_section() {
        let report = "# B\n\n<!-- bench:calls -->\nold\n<!-- /bench:calls -->\n\ntail\n";
        assert_eq!(
            splice(report, "calls", "new\n"),
            "# B\n\n<!-- bench:calls -->\nnew\n<!-- /bench:calls -->\n\ntail\n"
        );
        assert_eq!(splice("# B\n", "fuzz", "x"), "# B\n\n<!-- bench:fuzz -->\nx\n<!-- /bench:fuzz -->\n");
    }

    #[test]
    fn spread_takes_the_middle() {
        let s = Spread::of([3.0, 1.0, 2.0, 10.0]);
        assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 10.0));
        assert_eq!(Spread::of([4.0]).show(1), "4.0 (4.0–4.0)");
    }
}
