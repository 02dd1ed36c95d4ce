//! `genauth-emulator`: the GenAuth Management API emulator as a process, for
//! tests in any language.
//!
//! Once it listens it prints exactly one line to stdout,
//! `listening on http://HOST:PORT`, and serves until SIGINT or SIGTERM,
//! then exits 0.

use genauth::emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_SYNTHETIC_LIST_LEN, Emulation, Emulator, Seed,
};
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
genauth-emulator: a local, stateful GenAuth / Authing Management API

Usage: genauth-emulator [OPTIONS]

Options:
  --listen ADDR               address to listen on [default: 127.0.0.1:0, a free port]
  --access-key-id ID          the access key id to accept [default: emulator-access-key-id]
  --access-key-secret SECRET  the access key secret to accept [default: emulator-access-key-secret]
  --state FILE                keep the state in FILE (loaded at start, saved after every change)
  --seed FILE                 start from the pool state in FILE (a seed document; see
                              genauth::emulator::Seed), unless the --state file exists
  --synthetic-list-len N      items in each synthetic listing [default: 1]
  --operations                print how each operation is answered (a Markdown table) and exit
  --help                      print this help

When ready it prints `listening on http://HOST:PORT` and serves until
SIGINT or SIGTERM.";

#[derive(Debug)]
struct Options {
    listen: SocketAddr,
    access_key_id: String,
    access_key_secret: String,
    state: Option<PathBuf>,
    seed: Option<PathBuf>,
    synthetic_list_len: usize,
}

#[derive(Debug)]
enum Parsed {
    Run(Options),
    Help,
    Operations,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut options = Options {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
        access_key_secret: DEFAULT_ACCESS_KEY_SECRET.to_owned(),
        state: None,
        seed: None,
        synthetic_list_len: DEFAULT_SYNTHETIC_LIST_LEN,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg, None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(Parsed::Help);
        }
        if flag == "--operations" {
            return Ok(Parsed::Operations);
        }
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => {
                let text = value()?;
                options.listen =
                    text.parse().map_err(|e| format!("--listen {text:?}: {e} (expected e.g. 127.0.0.1:8080)"))?;
            }
            "--access-key-id" => options.access_key_id = value()?,
            "--access-key-secret" => options.access_key_secret = value()?,
            "--state" => options.state = Some(PathBuf::from(value()?)),
            "--seed" => options.seed = Some(PathBuf::from(value()?)),
            "--synthetic-list-len" => {
                let text = value()?;
                options.synthetic_list_len =
                    text.parse().map_err(|e| format!("--synthetic-list-len {text:?}: {e} (expected a count)"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if options.access_key_id.is_empty() || options.access_key_secret.is_empty() {
        return Err("the access key id and secret must not be empty".into());
    }
    Ok(Parsed::Run(options))
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Operations) => {
            print!("{}", operations_table());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("genauth-emulator: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("genauth-emulator: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(options))
}

async fn run(options: Options) -> ExitCode {
    let mut builder = Emulator::builder()
        .listen(options.listen)
        .access_key(options.access_key_id, options.access_key_secret)
        .synthetic_list_len(options.synthetic_list_len);
    if let Some(state) = options.state {
        builder = builder.state_file(state);
    }
    if let Some(seed) = options.seed {
        match Seed::from_file(&seed) {
            Ok(seed) => builder = builder.seed(seed),
            Err(e) => {
                eprintln!("genauth-emulator: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("genauth-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "listening on {}", emulator.base_url()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    match shutdown_signal().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("genauth-emulator: cannot wait for signals: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every operation and how the emulator answers it, as Markdown, with a
/// count per kind first.
fn operations_table() -> String {
    let rows = genauth::emulator::operations();
    let count = |kind: Emulation| rows.iter().filter(|r| r.emulation == kind).count();
    let mut out = format!(
        "{} operations: {} stateful, {} not emulated (an area with state, no handler yet), {} synthesized (an area without state).\n\n| operation | area | answered |\n|---|---|---|\n",
        rows.len(),
        count(Emulation::Stateful),
        count(Emulation::NotEmulated),
        count(Emulation::Synthesized),
    );
    for row in &rows {
        out.push_str(&format!("| `{}` | {} | {} |\n", row.operation_id, row.area, row.emulation.as_str()));
    }
    out
}

/// Resolves on SIGINT or (on unix) SIGTERM.
async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => interrupted,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Parsed, String> {
        parse(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_the_documented_flags() {
        let Ok(Parsed::Run(o)) = args(&[
            "--listen",
            "0.0.0.0:8080",
            "--access-key-id=k",
            "--access-key-secret",
            "s",
            "--state",
            "/tmp/x.json",
            "--seed=/tmp/seed.json",
            "--synthetic-list-len=120",
        ]) else {
            panic!("should parse")
        };
        assert_eq!(
            (o.listen.to_string().as_str(), o.access_key_id.as_str(), o.access_key_secret.as_str()),
            ("0.0.0.0:8080", "k", "s")
        );
        assert_eq!((o.state, o.synthetic_list_len), (Some(PathBuf::from("/tmp/x.json")), 120));
        assert_eq!(o.seed, Some(PathBuf::from("/tmp/seed.json")));
        let Ok(Parsed::Run(o)) = args(&[]) else { panic!("defaults") };
        assert_eq!((o.listen.port(), o.access_key_id.as_str()), (0, DEFAULT_ACCESS_KEY_ID));
        assert_eq!(o.synthetic_list_len, DEFAULT_SYNTHETIC_LIST_LEN);
        assert!(args(&["--synthetic-list-len", "-1"]).unwrap_err().contains("expected a count"));
        assert!(USAGE.contains(&format!("[default: {DEFAULT_SYNTHETIC_LIST_LEN}]")), "the help states the default");
        assert!(matches!(args(&["--help"]), Ok(Parsed::Help)));
        assert!(matches!(args(&["--operations"]), Ok(Parsed::Operations)));
        let table = operations_table();
        assert!(table.starts_with("496 operations: "), "{table}");
        assert!(table.contains("| `getUser` | Users | stateful |"), "{table}");
        assert!(args(&["--listen"]).unwrap_err().contains("needs a value"));
        assert!(args(&["--listen", "nowhere"]).is_err());
        assert!(args(&["--bogus"]).unwrap_err().contains("unknown argument"));
    }
}
