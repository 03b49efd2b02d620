//! Atomic file output: write to a temporary file in the destination's folder, rename it into
//! place when complete. A run that fails or is killed never leaves a partial file under a final
//! name; its temporary files carry [`TEMP_SUFFIX`] so that the next run can remove them.
//!
//! Every live temporary file is also recorded in a process-wide registry, so that a program
//! stopped by a signal can remove them all at once ([`remove_live_temporaries`]) even while a
//! file is half written. Once that has happened no temporary file can be created or renamed into
//! place any more: a final name holds either its old content or the complete new one.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The suffix of selaras's temporary files.
pub const TEMP_SUFFIX: &str = ".selaras-tmp";

/// The temporary files of this process that are not yet renamed or removed.
struct Live {
    paths: BTreeSet<PathBuf>,
    closed: bool,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    paths: BTreeSet::new(),
    closed: false,
});

/// Held while a run renames its outputs into place, so that a signal waits for the renames
/// to end rather than leave some outputs old and some new.
static COMMITTING: Mutex<()> = Mutex::new(());

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn interrupted() -> io::Error {
    io::Error::new(
        io::ErrorKind::Interrupted,
        "interrupted: temporary files were removed",
    )
}

/// A temporary file's place in the registry; leaving it (on rename or removal) unregisters it.
#[derive(Debug)]
struct Registration(PathBuf);

impl Registration {
    fn new(temp: &Path) -> Registration {
        live().paths.insert(temp.to_path_buf());
        Registration(temp.to_path_buf())
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        live().paths.remove(&self.0);
    }
}

/// Removes every temporary file that this process has open and not yet renamed, and stops any
/// further one from being created or renamed into place; returns how many were removed.
///
/// This is what a signal handler calls before it ends the program. It waits for a
/// [`commit_phase`] in progress to end first.
pub fn remove_live_temporaries() -> usize {
    let _phase = COMMITTING.lock().unwrap_or_else(PoisonError::into_inner);
    let mut live = live();
    live.closed = true;
    let mut removed = 0;
    for path in std::mem::take(&mut live.paths) {
        if fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Marks the span in which a run renames its outputs into place: while the returned guard
/// lives, [`remove_live_temporaries`] waits.
pub fn commit_phase() -> MutexGuard<'static, ()> {
    COMMITTING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A file being written: a buffered temporary file that becomes `path` on [`AtomicFile::commit`],
/// and disappears if dropped before.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    inner: BufWriter<tempfile::NamedTempFile>,
    registration: Registration,
}

/// A complete temporary file, closed, waiting to be renamed into place by
/// [`ClosedFile::commit`]; removed if dropped before. It holds no open file descriptor, so a
/// writer may keep many of them.
#[derive(Debug)]
pub struct ClosedFile {
    path: PathBuf,
    temp: tempfile::TempPath,
    registration: Registration,
}

impl AtomicFile {
    /// Starts writing `path`, creating its folder if needed.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if live().closed {
            return Err(interrupted());
        }
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)?;
        let registration = Registration::new(temp.path());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            inner: BufWriter::with_capacity(1 << 16, temp),
            registration,
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file to disk and closes it, without renaming it yet.
    pub fn close(self) -> io::Result<ClosedFile> {
        let AtomicFile {
            path,
            inner,
            registration,
        } = self;
        let temp = inner.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_data()?;
        Ok(ClosedFile {
            path,
            temp: temp.into_temp_path(),
            registration,
        })
    }

    /// Flushes the file and renames it into place.
    pub fn commit(self) -> io::Result<()> {
        self.close()?.commit()
    }
}

/// Renames complete files into place, in order, while holding the [`commit_phase`].
pub fn commit_all(files: Vec<ClosedFile>) -> io::Result<()> {
    let _phase = commit_phase();
    for file in files {
        file.commit()?;
    }
    Ok(())
}

impl ClosedFile {
    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file into place.
    pub fn commit(self) -> io::Result<()> {
        let ClosedFile {
            path,
            temp,
            registration,
        } = self;
        let mut live = live();
        if live.closed {
            return Err(interrupted());
        }
        temp.persist(&path).map_err(|e| e.error)?;
        live.paths.remove(&registration.0);
        drop(live);
        drop(registration);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Removes the temporary files that an earlier, killed run left in `dir` and the folders below
/// it; returns how many were removed. A missing folder is not an error.
pub fn remove_stale_temporaries(dir: &Path) -> io::Result<usize> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            removed += remove_stale_temporaries(&entry.path())?;
        } else if kind.is_file() && name.starts_with('.') && name.ends_with(TEMP_SUFFIX) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_under_the_final_name_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        file.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tmx");
        std::fs::write(&path, "old").unwrap();
        {
            let mut file = AtomicFile::create(&path).unwrap();
            file.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("beads")).unwrap();
        std::fs::write(dir.path().join(".corpus.csv.abc.selaras-tmp"), "x").unwrap();
        std::fs::write(dir.path().join("beads/.a.beads.x.selaras-tmp"), "x").unwrap();
        std::fs::write(dir.path().join("keep.csv"), "x").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()).unwrap(), 2);
        assert!(dir.path().join("keep.csv").exists());
    }
}
