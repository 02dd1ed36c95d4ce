//! A `genauth-emulator` child process, for the commands that drive the
//! emulator from outside (the calls benchmark, the conformance suite).

use anyhow::{Context, Result};
use std::io::BufRead as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `genauth-emulator` with fresh state; killed when dropped.
pub struct EmulatorProcess {
    child: Child,
    /// Where it listens, like `http://127.0.0.1:41234`.
    pub host: String,
}

impl EmulatorProcess {
    /// Starts `binary` on a free loopback port with this key pair and any
    /// further arguments, and waits for its `listening on URL` line.
    pub fn start(binary: &Path, key_id: &str, secret: &str, extra: &[&str]) -> Result<EmulatorProcess> {
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0", "--access-key-id", key_id, "--access-key-secret", secret])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
        // Built before the check so that a wrong line still kills the child on drop.
        let mut emulator = EmulatorProcess { child, host: String::new() };
        emulator.host = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("genauth-emulator printed {line:?} instead of `listening on URL`"))?
            .to_owned();
        Ok(emulator)
    }
}

impl EmulatorProcess {
    /// The process id, to read what the kernel accounts to it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        // Its state lives in memory only, so there is nothing to shut down cleanly.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
