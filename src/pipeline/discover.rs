//! Pair discovery: every `NAME.<src>.txt` with a partner `NAME.<tgt>.txt` in the same folder,
//! folders searched recursively, in sorted NAME order.
//!
//! The pairs are never all held in memory: [`discover`] walks the corpus once to count them and
//! to find what is wrong (files without a partner, folders that cannot be read), and
//! [`Discovery::pairs`] walks it again each time the pairs are wanted, one folder at a time.
//! Each folder's entries are sorted so that the walk meets the names in the order a sort of all
//! of them would give: a file counts by its NAME stem, a folder `s` by `s/` (every name below it
//! starts so), and NAMEs are compared as strings. Memory then grows with the largest folder,
//! not with the corpus.

use std::io;
use std::path::{Path, PathBuf};

/// A document pair found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPair {
    /// NAME: the path relative to the corpus folder, without `.<lang>.txt`, with `/` separators.
    pub name: String,
    /// The source-language file.
    pub src: PathBuf,
    /// The target-language file.
    pub tgt: PathBuf,
}

/// What the first walk over a corpus found: how many pairs, the files that had no partner, and
/// what could not be searched. [`Discovery::pairs`] gives the pairs themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// How many document pairs there are.
    pub count: usize,
    /// Files `NAME.<src>.txt` or `NAME.<tgt>.txt` without a partner, sorted.
    pub unpaired: Vec<PathBuf>,
    /// Folders below the corpus folder that could not be read, file names that are not UTF-8,
    /// symbolic links that lead back into a folder already searched: each skipped, with why.
    pub warnings: Vec<String>,
    walk: WalkConfig,
}

/// What a walk needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WalkConfig {
    root: PathBuf,
    src_suffix: String,
    tgt_suffix: String,
    skip: Option<PathBuf>,
}

impl Discovery {
    /// The document pairs, in sorted NAME order, found by walking the corpus folder again. (A
    /// file added or removed since [`discover`] shows here as it is now.)
    pub fn pairs(&self) -> impl Iterator<Item = DocPair> + Send + '_ {
        Walk::new(&self.walk).filter_map(|found| match found {
            Found::Pair(pair) => Some(pair),
            Found::Unpaired(_) | Found::Warning(_) => None,
        })
    }

    /// Whether no pair was found.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Finds the document pairs below `dir`: counts them and notes what is wrong.
///
/// The output folder, when it lies below `dir`, is skipped, as are hidden files and folders.
/// Only `dir` itself must be readable: a folder below it that cannot be read is a warning, and
/// a folder reached twice (through a symbolic link) is searched once.
pub fn discover(
    dir: &Path,
    src_lang: &str,
    tgt_lang: &str,
    skip: Option<&Path>,
) -> io::Result<Discovery> {
    // The corpus folder itself must be readable.
    std::fs::read_dir(dir)?;
    let walk = WalkConfig {
        root: dir.to_path_buf(),
        src_suffix: format!(".{src_lang}.txt"),
        tgt_suffix: format!(".{tgt_lang}.txt"),
        skip: skip.map(Path::to_path_buf),
    };
    let mut found = Discovery {
        count: 0,
        unpaired: Vec::new(),
        warnings: Vec::new(),
        walk,
    };
    for item in Walk::new(&found.walk) {
        match item {
            Found::Pair(_) => found.count += 1,
            Found::Unpaired(path) => found.unpaired.push(path),
            Found::Warning(warning) => found.warnings.push(warning),
        }
    }
    found.unpaired.sort();
    found.warnings.sort();
    Ok(found)
}

/// What a walk meets.
enum Found {
    Pair(DocPair),
    Unpaired(PathBuf),
    Warning(String),
}

/// One entry of a folder, with the key it is sorted by.
enum Entry {
    /// Files of one NAME stem: the source and the target file, either possibly missing.
    Files {
        stem: String,
        src: Option<PathBuf>,
        tgt: Option<PathBuf>,
    },
    /// A folder, sorted as `name/`.
    Folder { key: String, path: PathBuf },
}

impl Entry {
    fn key(&self) -> &str {
        match self {
            Entry::Files { stem, .. } => stem,
            Entry::Folder { key, .. } => key,
        }
    }
}

/// A folder being walked: the NAME prefix of what is in it and its remaining entries.
struct Frame {
    prefix: String,
    entries: std::vec::IntoIter<Entry>,
}

/// A depth-first walk over the corpus in sorted NAME order.
/// What identifies a folder however it is reached (through symbolic links or not): its device
/// and inode on Unix, its canonical path elsewhere. One `stat` per folder, so that a walk is
/// linear in the number of folders whatever their depth (a `realpath` per folder is not).
#[cfg(unix)]
type FolderId = (u64, u64);
#[cfg(not(unix))]
type FolderId = PathBuf;

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(path: &Path) -> Option<FolderId> {
    path.canonicalize().ok()
}

struct Walk<'a> {
    config: &'a WalkConfig,
    skip: Option<FolderId>,
    /// Every folder met so far, by identity, with the path it was first met under.
    seen: std::collections::BTreeMap<FolderId, PathBuf>,
    stack: Vec<Frame>,
    /// What was found while opening a folder, handed out before going on.
    pending: Vec<Found>,
}

impl<'a> Walk<'a> {
    fn new(config: &'a WalkConfig) -> Walk<'a> {
        let mut walk = Walk {
            config,
            skip: config.skip.as_deref().and_then(folder_id),
            seen: std::collections::BTreeMap::new(),
            stack: Vec::new(),
            pending: Vec::new(),
        };
        walk.open(config.root.clone(), String::new(), true);
        walk
    }

    /// Lists a folder and pushes its sorted entries (or notes why it is skipped).
    fn open(&mut self, folder: PathBuf, prefix: String, is_root: bool) {
        if let Some(id) = folder_id(&folder) {
            // The output folder is skipped, unless it is the corpus folder itself.
            if !is_root && Some(&id) == self.skip.as_ref() {
                return;
            }
            if let Some(first) = self.seen.get(&id) {
                self.pending.push(Found::Warning(format!(
                    "{}: skipped: the same folder as {} (a symbolic link)",
                    folder.display(),
                    first.display()
                )));
                return;
            }
            self.seen.insert(id, folder.clone());
        }
        let listing = match std::fs::read_dir(&folder) {
            Ok(listing) => listing,
            Err(e) => {
                if !is_root {
                    self.pending.push(Found::Warning(format!(
                        "{}: cannot read this folder; skipped: {e}",
                        folder.display()
                    )));
                }
                return;
            }
        };
        let (src_suffix, tgt_suffix) = (&self.config.src_suffix, &self.config.tgt_suffix);
        let mut files: std::collections::BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> =
            std::collections::BTreeMap::new();
        let mut entries = Vec::new();
        for entry in listing {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.pending.push(Found::Warning(format!(
                        "{}: cannot list this folder in full: {e}",
                        folder.display()
                    )));
                    continue;
                }
            };
            let path = entry.path();
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                let lossy = file_name.to_string_lossy();
                if lossy.ends_with(src_suffix.as_str())
                    || lossy.ends_with(tgt_suffix.as_str())
                    || path.is_dir()
                {
                    self.pending.push(Found::Warning(format!(
                        "{}: skipped: the name is not valid UTF-8",
                        path.display()
                    )));
                }
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    self.pending
                        .push(Found::Warning(format!("{}: skipped: {e}", path.display())));
                    continue;
                }
            };
            if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
                entries.push(Entry::Folder {
                    key: format!("{file_name}/"),
                    path,
                });
            } else if let Some(stem) = file_name.strip_suffix(src_suffix.as_str()) {
                files.entry(stem.to_string()).or_default().0 = Some(path);
            } else if let Some(stem) = file_name.strip_suffix(tgt_suffix.as_str()) {
                files.entry(stem.to_string()).or_default().1 = Some(path);
            }
        }
        entries.extend(
            files
                .into_iter()
                .map(|(stem, (src, tgt))| Entry::Files { stem, src, tgt }),
        );
        entries.sort_by(|a, b| a.key().cmp(b.key()));
        self.stack.push(Frame {
            prefix,
            entries: entries.into_iter(),
        });
    }
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(found) = self.pending.pop() {
                return Some(found);
            }
            let frame = self.stack.last_mut()?;
            let Some(entry) = frame.entries.next() else {
                self.stack.pop();
                continue;
            };
            match entry {
                Entry::Folder { key, path } => {
                    let prefix = format!("{}{key}", frame.prefix);
                    self.open(path, prefix, false);
                }
                Entry::Files { stem, src, tgt } => match (src, tgt) {
                    (Some(src), Some(tgt)) => {
                        return Some(Found::Pair(DocPair {
                            name: format!("{}{stem}", frame.prefix),
                            src,
                            tgt,
                        }))
                    }
                    (Some(one), None) | (None, Some(one)) => return Some(Found::Unpaired(one)),
                    (None, None) => {}
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_found_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/2024")).unwrap();
        for f in [
            "b.en.txt",
            "b.id.txt",
            "a.en.txt",
            "a.id.txt",
            "news/2024/putin.en.txt",
            "news/2024/putin.id.txt",
            "lonely.en.txt",
            "notes.txt",
            ".hidden.en.txt",
            ".hidden.id.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let found = discover(root, "en", "id", None).unwrap();
        let names: Vec<String> = found.pairs().map(|p| p.name).collect();
        assert_eq!(names, ["a", "b", "news/2024/putin"]);
        assert_eq!(found.unpaired, [root.join("lonely.en.txt")]);
    }

    #[test]
    fn the_walk_meets_names_in_the_order_of_a_sort_of_all_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let names = [
            "a", "a-b", "a.b/c", "a/x", "a/x-y", "a/x/z", "ab", "b/a/a", "b/a-", "b0", "é",
        ];
        for name in names {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(format!("{}.en.txt", path.display()), "x").unwrap();
            std::fs::write(format!("{}.id.txt", path.display()), "x").unwrap();
        }
        let mut sorted: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        sorted.sort();
        let found = discover(root, "en", "id", None).unwrap();
        let walked: Vec<String> = found.pairs().map(|p| p.name).collect();
        assert_eq!(walked, sorted);
        assert_eq!(found.count, names.len());
    }

    #[test]
    fn the_output_folder_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/x.en.txt"), "x").unwrap();
        std::fs::write(dir.path().join("out/x.id.txt"), "x").unwrap();
        let out = dir.path().join("out");
        let found = discover(dir.path(), "en", "id", Some(&out)).unwrap();
        assert!(found.is_empty());
        assert_eq!(found.pairs().count(), 0);
    }

    #[test]
    fn an_output_folder_that_is_the_corpus_folder_is_still_searched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.en.txt"), "x").unwrap();
        std::fs::write(dir.path().join("x.id.txt"), "x").unwrap();
        let found = discover(dir.path(), "en", "id", Some(dir.path())).unwrap();
        assert_eq!(found.count, 1);
        assert_eq!(found.pairs().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_link_loops_are_searched_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.en.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a/x.id.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("a/up")).unwrap();
        let found = discover(dir.path(), "en", "id", None).unwrap();
        let names: Vec<String> = found.pairs().map(|p| p.name).collect();
        assert_eq!(names, ["a/x"]);
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    }
}
