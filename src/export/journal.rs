//! The commit journal: how the outputs of a folder run change as one set.
//!
//! A run writes each output complete into a temporary beside it, then renames them into place.
//! One rename is atomic; several are not, on any POSIX file system, and a run killed between two
//! of them (SIGKILL, a power cut) would leave a new `corpus.csv` beside an old `report.json`. So
//! before the first rename a run writes the renames it is about to make into the folder's
//! journal, [`JOURNAL`] (written whole to a temporary, synced and renamed into place: it is
//! complete or absent), and removes it after the last. The temporaries it names are no longer
//! removed when the run stops: from then on they belong to the journal.
//!
//! The next run into the folder (before it removes stale temporaries) finds a journal left
//! behind and completes it ([`complete_interrupted_commit`]): every rename is idempotent (a
//! temporary already renamed is gone), so completing twice is the same as once. What anyone who
//! looks at the folder sees is therefore one run's complete set of outputs whenever no journal is
//! there, and a set being changed while it is.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{commit_phase, move_tree, stale_files, AtomicFile, ClosedFile, Rename};

/// The journal's file name in an output folder.
pub const JOURNAL: &str = ".selaras-commit.json";

/// The version of the journal's format, written in it and checked on reading.
const VERSION: u32 = 1;

/// The journal as written: paths relative to the output folder, with `/` separators.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Journal {
    selaras_commit: u32,
    renames: Vec<Entry>,
}

/// One rename of the journal: a temporary file, or a staging folder whose files each move to the
/// same place below `to` after the files in `remove` (left over from an earlier run) are removed.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    from: String,
    to: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    folder: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    remove: Vec<String>,
}

/// Renames the complete outputs `files` of the folder `dir` into place, in order, as one set
/// (see the module's documentation). Special files among them were written directly and need
/// nothing. On failure, the error names the output it concerns; a journal written by then stays,
/// for the next run to complete.
pub fn commit_set(dir: &Path, files: Vec<ClosedFile>) -> Result<(), (PathBuf, io::Error)> {
    commit_set_stopping_after(dir, files, usize::MAX)
}

/// [`commit_set`], stopping as a killed run would after `stop` renames (for the tests).
fn commit_set_stopping_after(
    dir: &Path,
    files: Vec<ClosedFile>,
    stop: usize,
) -> Result<(), (PathBuf, io::Error)> {
    let _phase = commit_phase();
    if files.len() < 2 {
        // One rename is atomic by itself.
        for file in files {
            let path = file.path().to_path_buf();
            file.commit().map_err(|e| (path, e))?;
        }
        return Ok(());
    }
    let mut renames = Vec::new();
    for file in files {
        let path = file.path().to_path_buf();
        if let Some(rename) = file.into_rename().map_err(|e| (path, e))? {
            renames.push(rename);
        }
    }
    let journal_path = dir.join(JOURNAL);
    let journal = journal_of(dir, &renames).map_err(|e| (journal_path.clone(), e))?;
    write_journal(&journal_path, &journal).map_err(|e| (journal_path.clone(), e))?;
    for (done, entry) in journal.renames.iter().enumerate() {
        if done == stop {
            return Ok(());
        }
        apply(dir, entry).map_err(|e| (dir.join(&entry.to), e))?;
    }
    fs::remove_file(&journal_path).map_err(|e| (journal_path, e))?;
    Ok(())
}

/// Completes the commit that a run killed during its renames left in `dir`, if there is one:
/// returns how many renames it named (`None`: no journal, nothing to do). Call it before stale
/// temporaries are removed, since the journal's temporaries are to be renamed, not removed.
pub fn complete_interrupted_commit(dir: &Path) -> io::Result<Option<usize>> {
    let path = dir.join(JOURNAL);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |message: String| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{}: {message}; it is the record of an earlier run's renames, which could not \
                 be completed: check the outputs beside it, then remove it",
                path.display()
            ),
        )
    };
    let journal: Journal =
        serde_json::from_slice(&bytes).map_err(|e| invalid(format!("not a journal ({e})")))?;
    if journal.selaras_commit != VERSION {
        return Err(invalid(format!(
            "journal version {} (this selaras reads version {VERSION})",
            journal.selaras_commit
        )));
    }
    for entry in &journal.renames {
        for name in std::iter::once(&entry.from)
            .chain(std::iter::once(&entry.to))
            .chain(&entry.remove)
        {
            if !is_plain_relative(name) {
                return Err(invalid(format!("`{name}` is not a path inside the folder")));
            }
        }
        if !entry.from.ends_with(super::TEMP_SUFFIX) {
            return Err(invalid(format!(
                "`{}` is not one of selaras's temporaries",
                entry.from
            )));
        }
    }
    for entry in &journal.renames {
        apply(dir, entry)?;
    }
    fs::remove_file(&path)?;
    Ok(Some(journal.renames.len()))
}

/// Makes one rename of the journal, or what is left of it.
fn apply(dir: &Path, entry: &Entry) -> io::Result<()> {
    let from = dir.join(&entry.from);
    let to = dir.join(&entry.to);
    if !entry.folder {
        return match fs::rename(&from, &to) {
            // Renamed before the run stopped.
            Err(e) if e.kind() == io::ErrorKind::NotFound && !from.exists() => Ok(()),
            done => done,
        };
    }
    if !from.exists() {
        return Ok(());
    }
    for stale in &entry.remove {
        match fs::remove_file(dir.join(stale)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    move_tree(&from, &to)?;
    // Only empty folders are left in the staging folder.
    fs::remove_dir_all(&from)
}

/// The journal of `renames`, with paths relative to `dir`. The paths are made absolute first:
/// a temporary's path is absolute, the folder's and the outputs' are as the user gave them.
fn journal_of(dir: &Path, renames: &[Rename]) -> io::Result<Journal> {
    let dir = std::path::absolute(dir)?;
    let relative = |path: &Path| -> io::Result<String> {
        std::path::absolute(path)?
            .strip_prefix(&dir)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| p.replace(std::path::MAIN_SEPARATOR, "/"))
            .filter(|p| is_plain_relative(p))
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is not a file inside {}", path.display(), dir.display()),
                )
            })
    };
    let mut entries = Vec::with_capacity(renames.len());
    for rename in renames {
        let remove = match &rename.replaces {
            Some(suffix) => stale_files(&rename.to, &rename.from, suffix)?
                .iter()
                .map(|p| relative(p))
                .collect::<io::Result<_>>()?,
            None => Vec::new(),
        };
        entries.push(Entry {
            from: relative(&rename.from)?,
            to: relative(&rename.to)?,
            folder: rename.folder,
            remove,
        });
    }
    Ok(Journal {
        selaras_commit: VERSION,
        renames: entries,
    })
}

/// Writes the journal whole under its name, and syncs the folder so that it is on disk before
/// the first rename.
fn write_journal(path: &Path, journal: &Journal) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    serde_json::to_writer(&mut file, journal)?;
    io::Write::write_all(&mut file, b"\n")?;
    file.commit()?;
    if let Some(dir) = path.parent() {
        // Not every platform can open a folder to sync it; the rename is durable there anyway
        // as far as that platform allows.
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

/// Whether `name` is a relative path of plain components (no `..`, no root, not empty).
fn is_plain_relative(name: &str) -> bool {
    !name.is_empty()
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::export::StagingDir;

    /// A folder with an earlier run's complete set: `a.csv`, `b.tmx`, `beads/{x,gone}.beads`,
    /// `report.json`, all saying "old".
    fn old_set() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.csv", "b.tmx", "report.json"] {
            fs::write(dir.path().join(name), "old").unwrap();
        }
        fs::create_dir(dir.path().join("beads")).unwrap();
        fs::write(dir.path().join("beads/x.beads"), "old").unwrap();
        fs::write(dir.path().join("beads/gone.beads"), "old").unwrap();
        dir
    }

    /// The new set's outputs, complete, not yet renamed: every file says "new", and the beads
    /// folder no longer holds `gone.beads`.
    fn new_outputs(dir: &Path) -> Vec<ClosedFile> {
        let mut files = Vec::new();
        for name in ["a.csv", "b.tmx"] {
            let mut file = AtomicFile::create(&dir.join(name)).unwrap();
            file.write_all(b"new").unwrap();
            files.push(file.close().unwrap());
        }
        let staging = StagingDir::create(&dir.join("beads"))
            .unwrap()
            .replacing(".beads");
        staging.write_file("x.beads", b"new").unwrap();
        staging.write_file("y.beads", b"new").unwrap();
        files.push(staging.close());
        let mut report = AtomicFile::create(&dir.join("report.json")).unwrap();
        report.write_all(b"new").unwrap();
        files.push(report.close().unwrap());
        files
    }

    /// Every file below `dir` with its content, hidden files included.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    stack.push(entry.path());
                } else {
                    let name = entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap()
                        .display()
                        .to_string();
                    out.push((name, fs::read_to_string(entry.path()).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    fn new_set() -> Vec<(String, String)> {
        [
            "a.csv",
            "b.tmx",
            "beads/x.beads",
            "beads/y.beads",
            "report.json",
        ]
        .iter()
        .map(|n| (n.to_string(), "new".to_string()))
        .collect()
    }

    #[test]
    fn a_set_is_committed_whole_and_leaves_no_journal() {
        let dir = old_set();
        commit_set(dir.path(), new_outputs(dir.path())).unwrap();
        assert_eq!(contents(dir.path()), new_set());
        assert_eq!(complete_interrupted_commit(dir.path()).unwrap(), None);
    }

    #[test]
    fn a_run_killed_during_its_renames_is_completed_by_the_next() {
        // Killed after each number of renames in turn (0: just after the journal was written).
        for stop in 0..4 {
            let dir = old_set();
            commit_set_stopping_after(dir.path(), new_outputs(dir.path()), stop).unwrap();
            assert!(dir.path().join(JOURNAL).exists(), "stopped after {stop}");
            assert_ne!(contents(dir.path()), new_set());
            // What the next run does first.
            assert_eq!(complete_interrupted_commit(dir.path()).unwrap(), Some(4));
            assert_eq!(contents(dir.path()), new_set(), "stopped after {stop}");
            assert_eq!(complete_interrupted_commit(dir.path()).unwrap(), None);
        }
    }

    #[test]
    fn a_folder_moved_in_part_is_completed_without_losing_the_moved_files() {
        let dir = old_set();
        commit_set_stopping_after(dir.path(), new_outputs(dir.path()), 2).unwrap();
        // Kill in the middle of the beads folder's move: one of its files already moved.
        let journal: Journal =
            serde_json::from_slice(&fs::read(dir.path().join(JOURNAL)).unwrap()).unwrap();
        let beads = &journal.renames[2];
        assert!(beads.folder);
        assert_eq!(beads.remove, ["beads/gone.beads"]);
        let staging = dir.path().join(&beads.from);
        fs::remove_file(dir.path().join("beads/gone.beads")).unwrap();
        fs::rename(staging.join("x.beads"), dir.path().join("beads/x.beads")).unwrap();
        complete_interrupted_commit(dir.path()).unwrap();
        assert_eq!(contents(dir.path()), new_set());
    }

    #[test]
    fn a_journal_that_points_outside_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep"), "x").unwrap();
        for bad in [
            r#"{"selaras_commit":1,"renames":[{"from":"../x.selaras-tmp","to":"keep"}]}"#,
            r#"{"selaras_commit":1,"renames":[{"from":"keep","to":"other"}]}"#,
            r#"{"selaras_commit":9,"renames":[]}"#,
            "{not json",
        ] {
            fs::write(dir.path().join(JOURNAL), bad).unwrap();
            let error = complete_interrupted_commit(dir.path()).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{bad}");
            assert!(error.to_string().contains(JOURNAL), "{error}");
            assert!(dir.path().join("keep").exists());
        }
    }
}
