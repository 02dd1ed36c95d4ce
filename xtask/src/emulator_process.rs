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
        EmulatorProcess::start_command(Command::new(binary), key_id, secret, extra)
    }

    /// [`EmulatorProcess::start`] of a command that runs the emulator (under
    /// valgrind, say), the emulator's arguments still to add.
    pub fn start_command(mut command: Command, key_id: &str, secret: &str, extra: &[&str]) -> Result<EmulatorProcess> {
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--access-key-id", key_id, "--access-key-secret", secret])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {command:?}"))?;
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

    /// Stops it as a user would (SIGTERM, so that a tool it runs under can
    /// write its report) and returns what it wrote to stderr, if piped.
    pub fn terminate(mut self) -> Result<String> {
        // SAFETY: kill only sends a signal to our own child.
        if unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) } != 0 {
            anyhow::bail!("kill: {}", std::io::Error::last_os_error());
        }
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut pipe, &mut stderr)?;
        }
        self.child.wait()?;
        Ok(stderr)
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        // Its state lives in memory only, so there is nothing to shut down cleanly.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
