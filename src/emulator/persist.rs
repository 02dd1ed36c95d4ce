//! The optional state file: read once at start, rewritten after every
//! change, such that a crash or kill at any instant leaves either the old or
//! the new contents, never a mix.

use crate::emulator::state::Pools;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes snapshots of the state to one file, newest last.
pub(crate) struct Persister {
    path: PathBuf,
    taken: AtomicU64,
    written: Mutex<u64>,
}

/// The state serialized at one instant, numbered so that a slower writer of
/// an older snapshot cannot overwrite a newer one.
pub(crate) struct Snapshot {
    generation: u64,
    bytes: Vec<u8>,
}

impl Persister {
    pub(crate) fn new(path: PathBuf) -> Self {
        Persister { path, taken: AtomicU64::new(0), written: Mutex::new(0) }
    }

    /// The state in the file, or the empty state when there is no file yet.
    /// Temporary files a killed emulator left beside it are removed.
    pub(crate) fn load(&self) -> io::Result<Option<Pools>> {
        remove_leftovers(&self.path);
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} is not an emulator state file: {e}", self.path.display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io::Error::new(e.kind(), format!("cannot read {}: {e}", self.path.display()))),
        }
    }

    /// Serializes `state`; call it while holding the state's lock, so that
    /// generations follow the order of the changes.
    pub(crate) fn snapshot(&self, state: &Pools) -> io::Result<Snapshot> {
        let bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
        Ok(Snapshot { generation: self.taken.fetch_add(1, Ordering::SeqCst) + 1, bytes })
    }

    /// Replaces the file with `snapshot`, unless a newer one is already there.
    /// Blocks on disk I/O.
    pub(crate) fn write(&self, snapshot: Snapshot) -> io::Result<()> {
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        if snapshot.generation <= *written {
            return Ok(());
        }
        replace_atomically(&self.path, &snapshot.bytes)?;
        *written = snapshot.generation;
        Ok(())
    }
}

/// Where the temporary files for `path` go, and how their names start.
fn temp_prefix(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    (dir, format!(".{name}."))
}

/// Best effort: a leftover only wastes space, so failing to remove one is no error.
fn remove_leftovers(path: &Path) {
    let (dir, prefix) = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes a temporary file beside `path`, makes it durable, and renames it
/// over `path`: rename is atomic within a directory, so readers and crashes
/// see the old file or the new one.
fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, prefix) = temp_prefix(path);
    let temp = dir.join(format!("{prefix}{}.{:016x}.tmp", std::process::id(), rand::random::<u64>()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // The rename itself is durable only once the directory is.
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(|e: io::Error| io::Error::new(e.kind(), format!("cannot save the state to {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::state::State;

    fn pools(id_counter: u64) -> Pools {
        Pools { pool: State { id_counter, ..State::default() }, ..Pools::default() }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "genauth-persist-{tag}-{}-{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn snapshots_round_trip_and_older_ones_lose() {
        let dir = temp_dir("order");
        let persister = Persister::new(dir.join("state.json"));
        assert!(persister.load().unwrap().is_none(), "no file yet");
        let old = persister.snapshot(&pools(1)).unwrap();
        let new = persister.snapshot(&pools(2)).unwrap();
        persister.write(new).unwrap();
        persister.write(old).unwrap();
        assert_eq!(persister.load().unwrap().unwrap().pool.id_counter, 2);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn leftovers_of_a_killed_writer_are_removed() {
        let dir = temp_dir("leftovers");
        let path = dir.join("state.json");
        std::fs::write(dir.join(".state.json.123.00ff.tmp"), "{ half").unwrap();
        std::fs::write(dir.join("unrelated.tmp"), "keep").unwrap();
        Persister::new(path).load().unwrap();
        let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, vec![std::ffi::OsString::from("unrelated.tmp")]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_an_error() {
        let dir = temp_dir("corrupt");
        let path = dir.join("state.json");
        std::fs::write(&path, "{ not json").unwrap();
        let e = Persister::new(path).load().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
