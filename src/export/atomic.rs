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
        let gone = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        if gone.is_ok() {
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
    inner: Sink,
    registration: Option<Registration>,
}

/// Where an [`AtomicFile`] writes: a temporary beside its path, or, when the path is a special
/// file (a FIFO, a terminal, `/dev/stdout`, a device), the file itself.
#[derive(Debug)]
enum Sink {
    Temp(BufWriter<tempfile::NamedTempFile>),
    Direct(BufWriter<fs::File>),
}

/// Whether `path` names something that is not a regular file nor a folder (after symbolic
/// links): a FIFO, a character or block device, a socket. Such a file is written to directly:
/// renaming a temporary over it would replace it.
pub fn is_special_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// A complete temporary file (or staging folder, see [`StagingDir`]), closed, waiting to be
/// renamed into place by [`ClosedFile::commit`]; removed if dropped before. It holds no open
/// file descriptor.
#[derive(Debug)]
pub struct ClosedFile {
    path: PathBuf,
    temp: Temp,
    registration: Option<Registration>,
}

#[derive(Debug)]
enum Temp {
    /// A special file written directly: nothing to rename.
    Direct,
    File(tempfile::TempPath),
    /// A staging folder, and the suffix of the files it replaces (see [`StagingDir::replacing`]).
    Tree(tempfile::TempDir, Option<&'static str>),
}

/// A temporary folder beside a destination folder, for a writer that makes many files (one
/// `.beads` file per document): each file is written complete into the staging folder, and on
/// commit every file is renamed to the same place below the destination. Memory does not grow
/// with the number of files; dropped before commit, the folder and its files are removed.
#[derive(Debug)]
pub struct StagingDir {
    dest: PathBuf,
    temp: tempfile::TempDir,
    registration: Registration,
    replaces: Option<&'static str>,
}

/// Makes the folder that will hold `dest` and returns it with the prefix of a temporary beside
/// `dest` (`.NAME.`); refuses once the run has been interrupted.
fn prepare_beside(dest: &Path) -> io::Result<(PathBuf, String)> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if live().closed {
        return Err(interrupted());
    }
    Ok((parent, format!(".{name}.")))
}

/// A builder of temporaries named `PREFIX…TEMP_SUFFIX`. On Unix they are created with `mode`
/// less the user's umask, as any new file or folder would be (not tempfile's private 0600/0700),
/// so that an output renamed into place can be read by whoever could read a plain file there.
fn temp_builder(prefix: &str, mode: u32) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder
}

impl StagingDir {
    /// Starts staging files for the folder `dest`; the staging folder is made beside it.
    pub fn create(dest: &Path) -> io::Result<StagingDir> {
        let (parent, prefix) = prepare_beside(dest)?;
        let temp = temp_builder(&prefix, 0o777).tempdir_in(&parent)?;
        let registration = Registration::new(temp.path());
        Ok(StagingDir {
            dest: dest.to_path_buf(),
            temp,
            registration,
            replaces: None,
        })
    }

    /// On commit, the files named `*SUFFIX` below the destination that this staging folder does
    /// not hold are removed (they come from an earlier run: a document that has since failed or
    /// left the corpus); other files are left alone.
    pub fn replacing(mut self, suffix: &'static str) -> StagingDir {
        self.replaces = Some(suffix);
        self
    }

    /// Writes the file `relative` (a relative path with `/` separators, without `..`) in full
    /// and flushes it to disk.
    pub fn write_file(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let relative = Path::new(relative);
        let plain = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || relative.as_os_str().is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a plain relative file name", relative.display()),
            ));
        }
        let path = self.temp.path().join(relative);
        // Held while writing, so that a signal handler's removal of the staging folder cannot
        // come between the check and a write that would make the folder again.
        let live = live();
        if live.closed {
            return Err(interrupted());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::File::create(&path)?;
        // No sync per file: the folder only takes its final name when the whole run commits, so a
        // crash leaves no partial beads in place, and a sync per document would cost ~6 ms each.
        file.write_all(bytes)?;
        drop(live);
        Ok(())
    }

    /// Closes the staging folder, to be committed with the run's other outputs.
    pub fn close(self) -> ClosedFile {
        ClosedFile {
            path: self.dest,
            temp: Temp::Tree(self.temp, self.replaces),
            registration: Some(self.registration),
        }
    }
}

/// The files named `*suffix` below `dest` that have no counterpart below `staging` (hidden
/// files, such as temporaries, are left alone): what committing `staging` over `dest` removes.
pub(super) fn stale_files(dest: &Path, staging: &Path, suffix: &str) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    collect_stale(dest, staging, suffix, &mut stale)?;
    Ok(stale)
}

fn collect_stale(
    dest: &Path,
    staging: &Path,
    suffix: &str,
    stale: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let entries = match fs::read_dir(dest) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let counterpart = staging.join(&name);
        if kind.is_dir() {
            collect_stale(&entry.path(), &counterpart, suffix, stale)?;
        } else if kind.is_file()
            && name.to_string_lossy().ends_with(suffix)
            && !counterpart.exists()
        {
            stale.push(entry.path());
        }
    }
    Ok(())
}

/// Renames every file below `from` to the same place below `to`.
pub(super) fn move_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            move_tree(&entry.path(), &target)?;
        } else {
            fs::rename(entry.path(), &target)?;
        }
    }
    Ok(())
}

impl AtomicFile {
    /// Starts writing `path`, creating its folder if needed. A special file (see
    /// [`is_special_file`]) is opened and written directly instead.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        if is_special_file(path) {
            if live().closed {
                return Err(interrupted());
            }
            let file = fs::OpenOptions::new().write(true).open(path)?;
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                inner: Sink::Direct(BufWriter::with_capacity(1 << 16, file)),
                registration: None,
            });
        }
        let (dir, prefix) = prepare_beside(path)?;
        let temp = temp_builder(&prefix, 0o666).tempfile_in(&dir)?;
        let registration = Registration::new(temp.path());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            inner: Sink::Temp(BufWriter::with_capacity(1 << 16, temp)),
            registration: Some(registration),
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
        let temp = match inner {
            Sink::Direct(file) => {
                // Every write error of a special file (a full device, a closed pipe) shows here.
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.flush()?;
                return Ok(ClosedFile {
                    path,
                    temp: Temp::Direct,
                    registration,
                });
            }
            Sink::Temp(temp) => temp.into_inner().map_err(|e| e.into_error())?,
        };
        temp.as_file().sync_data()?;
        Ok(ClosedFile {
            path,
            temp: Temp::File(temp.into_temp_path()),
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

/// A temporary handed over to a commit journal: the file or staging folder `from`, to become
/// `to` (a folder: each of its files, after the files of an earlier run that end in `replaces`
/// and that it does not hold are removed).
#[derive(Debug)]
pub(super) struct Rename {
    pub(super) from: PathBuf,
    pub(super) to: PathBuf,
    pub(super) folder: bool,
    pub(super) replaces: Option<&'static str>,
}

impl ClosedFile {
    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same file, to be renamed to `path` instead (a file beside the one it was made for).
    pub fn renamed(mut self, path: PathBuf) -> ClosedFile {
        self.path = path;
        self
    }

    /// Hands the temporary over to a commit journal (see [`super::journal`]): it is no longer
    /// removed when dropped or when the run is stopped, and is to be renamed as the returned
    /// [`Rename`] says. `None` for a special file, which was written directly.
    pub(super) fn into_rename(self) -> io::Result<Option<Rename>> {
        self.settle(|path, temp| {
            Ok(match temp {
                Temp::Direct => None,
                Temp::File(temp) => Some(Rename {
                    from: temp.keep().map_err(|e| e.error)?,
                    to: path,
                    folder: false,
                    replaces: None,
                }),
                Temp::Tree(dir, replaces) => Some(Rename {
                    from: dir.keep(),
                    to: path,
                    folder: true,
                    replaces,
                }),
            })
        })
    }

    /// Renames the file into place (a staging folder: each of its files).
    pub fn commit(self) -> io::Result<()> {
        self.settle(|path, temp| {
            match temp {
                Temp::Direct => {}
                Temp::File(temp) => temp.persist(&path).map_err(|e| e.error)?,
                // The emptied staging folder is removed when `dir` drops.
                Temp::Tree(dir, replaces) => {
                    if let Some(suffix) = replaces {
                        for stale in stale_files(&path, dir.path(), suffix)? {
                            fs::remove_file(stale)?;
                        }
                    }
                    move_tree(dir.path(), &path)?
                }
            }
            Ok(())
        })
    }

    /// Settles the file under the registry's lock: refused once the run is interrupted, else
    /// `then` makes its temporary what it becomes, and the file leaves the registry.
    fn settle<T>(self, then: impl FnOnce(PathBuf, Temp) -> io::Result<T>) -> io::Result<T> {
        let ClosedFile {
            path,
            temp,
            registration,
        } = self;
        // Declared after `registration`, so dropped before it on an early return: leaving the
        // registry takes the lock again.
        let mut live = live();
        if live.closed {
            return Err(interrupted());
        }
        let settled = then(path, temp)?;
        if let Some(registration) = &registration {
            live.paths.remove(&registration.0);
        }
        drop(live);
        drop(registration);
        Ok(settled)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Sink::Temp(w) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Sink::Temp(w) => w.write_all(buf),
            Sink::Direct(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Sink::Temp(w) => w.flush(),
            Sink::Direct(w) => w.flush(),
        }
    }
}

/// The file in an output folder that a run holds locked while it writes there.
pub const LOCK_FILE: &str = ".selaras.lock";

/// A run's exclusive claim on an output folder: the lock file [`LOCK_FILE`], locked while the
/// run writes there and removed when it ends (the system releases the lock of a killed run, and
/// the next run takes the file over). Two runs writing into one folder would remove each other's
/// temporary files and interleave their outputs; the second is refused.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    // Dropped after the file is removed: unregistered, then unlocked.
    _registration: Registration,
    _file: fs::File,
}

impl OutputLock {
    /// Claims the folder `dir`, which must exist. Fails with [`io::ErrorKind::WouldBlock`] when
    /// another run holds it. On a file system without locks the claim is granted unchecked.
    pub fn acquire(dir: &Path) -> io::Result<OutputLock> {
        let path = dir.join(LOCK_FILE);
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        "another selaras run is writing to this folder",
                    ))
                }
                Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            // The run before may have removed the file between our opening and locking it:
            // then the lock is on a file no other run will see; take the one at the path.
            if same_file(&file, &path) {
                return Ok(OutputLock {
                    _registration: Registration::new(&path),
                    path,
                    _file: file,
                });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `path` names the open `file`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Removes the temporary files (and staging folders) that an earlier, killed run left in `dir`
/// and the folders below it; returns how many were removed. A missing folder is not an error.
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
        let ours = name.starts_with('.') && name.ends_with(TEMP_SUFFIX);
        if kind.is_dir() && ours {
            fs::remove_dir_all(entry.path())?;
            removed += 1;
        } else if kind.is_dir() {
            removed += remove_stale_temporaries(&entry.path())?;
        } else if kind.is_file() && ours {
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
    fn an_output_folder_is_claimed_by_one_run_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path()).unwrap();
        let second = OutputLock::acquire(dir.path()).unwrap_err();
        assert_eq!(second.kind(), io::ErrorKind::WouldBlock);
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists(), "removed when done");
        OutputLock::acquire(dir.path()).expect("free again once the first run is done");
    }

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
        std::fs::create_dir_all(dir.path().join(".beads.x.selaras-tmp/news")).unwrap();
        std::fs::write(dir.path().join(".beads.x.selaras-tmp/news/a.beads"), "x").unwrap();
        std::fs::write(dir.path().join("keep.csv"), "x").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()).unwrap(), 3);
        assert!(dir.path().join("keep.csv").exists());
    }
}

#[cfg(test)]
mod staging_tests {
    use super::*;

    #[test]
    fn staged_files_move_into_place_on_commit_and_vanish_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("beads");
        std::fs::create_dir_all(dest.join("news")).unwrap();
        std::fs::write(dest.join("news/a.beads"), "old").unwrap();
        std::fs::write(dest.join("other.beads"), "kept").unwrap();
        let staging = StagingDir::create(&dest).unwrap();
        staging.write_file("news/a.beads", b"new").unwrap();
        staging.write_file("b.beads", b"b").unwrap();
        assert!(staging.write_file("../escape.beads", b"x").is_err());
        assert!(staging.write_file("/abs.beads", b"x").is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("news/a.beads")).unwrap(),
            "old"
        );
        staging.close().commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("news/a.beads")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_to_string(dest.join("b.beads")).unwrap(), "b");
        assert_eq!(
            std::fs::read_to_string(dest.join("other.beads")).unwrap(),
            "kept"
        );
        let top: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(top, ["beads"], "the staging folder is gone");

        let staging = StagingDir::create(&dest).unwrap();
        staging.write_file("news/a.beads", b"newer").unwrap();
        drop(staging.close());
        assert_eq!(
            std::fs::read_to_string(dest.join("news/a.beads")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
