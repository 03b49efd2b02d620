//! Pair discovery, in sorted NAME order, three ways:
//!
//! - a corpus folder: every `NAME.<src>.<ext>` with a partner `NAME.<tgt>.<ext>` in the same
//!   folder (`<ext>` any format selaras reads, the two sides' formats free to differ), folders
//!   searched recursively;
//! - a corpus folder that holds a folder for each language, `DIR/<src>/NAME.<ext>` with
//!   `DIR/<tgt>/NAME.<ext>` (the layout Gale-Church tools use), subfolders kept in NAME;
//! - a manifest ([`from_manifest`]): a TSV file of `source<TAB>target[<TAB>name]`, for any
//!   naming at all.
//!
//! A NAME with two files on one side (`a.en.txt` and `a.en.html`) is a pair whose
//! [`DocPair::problem`] names both: the run reports it as failed and goes on.
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
    /// NAME: the path relative to the corpus folder, without `.<lang>.<ext>`, with `/`
    /// separators (or the manifest's name).
    pub name: String,
    /// The source-language file.
    pub src: PathBuf,
    /// The target-language file.
    pub tgt: PathBuf,
    /// Why this pair cannot be aligned (two files for one side, a manifest line naming a missing
    /// file), if it cannot.
    pub problem: Option<String>,
}

/// The extensions of the formats selaras reads, without the dot.
fn known_extensions() -> Vec<&'static str> {
    crate::extract::InputFormat::ALL
        .iter()
        .flat_map(|f| f.extensions().iter().copied())
        .collect()
}

/// The NAME and side of a file `NAME.<lang>.<ext>`, when `<lang>` is one of the pair's and
/// `<ext>` a known format's.
fn side_of<'n>(file_name: &'n str, src_lang: &str, tgt_lang: &str) -> Option<(&'n str, bool)> {
    let (rest, ext) = file_name.rsplit_once('.')?;
    if !known_extensions().contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    let (stem, lang) = rest.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    if lang.eq_ignore_ascii_case(src_lang) {
        Some((stem, true))
    } else if lang.eq_ignore_ascii_case(tgt_lang) {
        Some((stem, false))
    } else {
        None
    }
}

/// What one NAME's files make: a pair, a pair with a problem (two files on one side), or files
/// without a partner.
fn pair_up(name: String, mut src: Vec<PathBuf>, mut tgt: Vec<PathBuf>) -> Vec<Found> {
    src.sort();
    tgt.sort();
    if src.is_empty() || tgt.is_empty() {
        return src.into_iter().chain(tgt).map(Found::Unpaired).collect();
    }
    let problem = [("source", &src), ("target", &tgt)]
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(side, files)| {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            format!(
                "{} files for the {side} side: {}",
                files.len(),
                names.join(" and ")
            )
        })
        .collect::<Vec<_>>();
    let problem = if let Some(problem) = name_problem(&name) {
        Some(format!(
            "{name}: {problem}; rename the files (or pair them with --pairs and a shorter name)"
        ))
    } else {
        (!problem.is_empty()).then(|| {
            format!(
                "{name}: {}; keep one (or pair them with --pairs)",
                problem.join("; ")
            )
        })
    };
    vec![Found::Pair(DocPair {
        name,
        src: src.swap_remove(0),
        tgt: tgt.swap_remove(0),
        problem,
    })]
}

/// What the first walk over a corpus found: how many pairs, the files that had no partner, and
/// what could not be searched. [`Discovery::pairs`] gives the pairs themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// How many document pairs there are.
    pub count: usize,
    /// Files `NAME.<src>.<ext>` or `NAME.<tgt>.<ext>` without a partner, sorted.
    pub unpaired: Vec<PathBuf>,
    /// Folders below the corpus folder that could not be read, file names that are not UTF-8,
    /// symbolic links that lead back into a folder already searched: each skipped, with why.
    pub warnings: Vec<String>,
    walk: WalkConfig,
    /// The pairs, when they were listed at once (language folders, a manifest) rather than
    /// walked.
    listed: Option<Vec<DocPair>>,
}

/// What a walk needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WalkConfig {
    root: PathBuf,
    src_lang: String,
    tgt_lang: String,
    skip: Option<PathBuf>,
}

impl Discovery {
    /// The document pairs, in sorted NAME order, found by walking the corpus folder again. (A
    /// file added or removed since [`discover`] shows here as it is now.)
    pub fn pairs(&self) -> impl Iterator<Item = DocPair> + Send + '_ {
        let pairs: Box<dyn Iterator<Item = DocPair> + Send + '_> = match &self.listed {
            Some(listed) => Box::new(listed.iter().cloned()),
            None => Box::new(Walk::new(&self.walk).filter_map(|found| match found {
                Found::Pair(pair) => Some(pair),
                Found::Unpaired(_) | Found::Warning(_) => None,
            })),
        };
        pairs
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
        src_lang: src_lang.to_string(),
        tgt_lang: tgt_lang.to_string(),
        skip: skip.map(Path::to_path_buf),
    };
    let mut found = Discovery {
        count: 0,
        unpaired: Vec::new(),
        warnings: Vec::new(),
        walk,
        listed: None,
    };
    let (src_dir, tgt_dir) = (dir.join(src_lang), dir.join(tgt_lang));
    if src_dir.is_dir() && tgt_dir.is_dir() {
        let mut names: std::collections::BTreeMap<String, (Vec<PathBuf>, Vec<PathBuf>)> =
            Default::default();
        for (side, folder) in [(true, &src_dir), (false, &tgt_dir)] {
            list_files(folder, "", skip, &mut found.warnings, &mut |name, path| {
                let entry = names.entry(name).or_default();
                if side {
                    entry.0.push(path);
                } else {
                    entry.1.push(path);
                }
            });
        }
        let mut listed = Vec::new();
        for (name, (src, tgt)) in names {
            for item in pair_up(name, src, tgt) {
                match item {
                    Found::Pair(pair) => listed.push(pair),
                    Found::Unpaired(path) => found.unpaired.push(path),
                    Found::Warning(warning) => found.warnings.push(warning),
                }
            }
        }
        found.count = listed.len();
        found.listed = Some(listed);
        found.unpaired.sort();
        found.warnings.sort();
        // Pairs named the other way elsewhere in DIR are not read: say so rather than leave
        // them out unsaid.
        let elsewhere: Vec<String> = Walk::new(&found.walk)
            .filter_map(|item| match item {
                Found::Pair(pair) => Some(pair.name),
                _ => None,
            })
            .collect();
        if let Some(first) = elsewhere.first() {
            found.warnings.push(format!(
                "{} holds the language folders {src_lang}/ and {tgt_lang}/, so only they are \
                 read: {} pair(s) named NAME.{src_lang}.<ext> and NAME.{tgt_lang}.<ext> \
                 elsewhere in it are not (the first: {first}); give them a run of their own",
                dir.display(),
                elsewhere.len()
            ));
        }
        return Ok(found);
    }
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

/// Every file of a known format below `folder`, by NAME (its path below the language folder,
/// without the extension), hidden files and the output folder left out.
fn list_files(
    folder: &Path,
    prefix: &str,
    skip: Option<&Path>,
    warnings: &mut Vec<String>,
    add: &mut dyn FnMut(String, PathBuf),
) {
    let listing = match std::fs::read_dir(folder) {
        Ok(listing) => listing,
        Err(e) => {
            warnings.push(format!(
                "{}: cannot read this folder; skipped: {e}",
                folder.display()
            ));
            return;
        }
    };
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut entries: Vec<_> = listing.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let known = known_extensions();
    for entry in entries {
        let path = entry.path();
        let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
            warnings.push(format!(
                "{}: skipped: the name is not valid UTF-8",
                path.display()
            ));
            continue;
        };
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if skip.is_some() && path.canonicalize().ok() == skip {
                continue;
            }
            list_files(
                &path,
                &format!("{prefix}{file_name}/"),
                skip.as_deref(),
                warnings,
                add,
            );
        } else if let Some((stem, ext)) = file_name.rsplit_once('.') {
            if !stem.is_empty() && known.contains(&ext.to_ascii_lowercase().as_str()) {
                add(format!("{prefix}{stem}"), path);
            }
        }
    }
}

/// The longest document NAME, in bytes: its outputs' paths are NAME below the output folder.
const MAX_NAME_BYTES: usize = 1024;
/// The longest folder or file name in a NAME, in bytes: file systems allow 255, and the
/// outputs add a suffix (`.beads`) and, while written, a temporary file's dot, random part
/// and suffix.
const MAX_NAME_PART_BYTES: usize = 200;

/// Why a document NAME cannot name outputs (the `.beads` file is `NAME.beads` below the output
/// folder, and every format keys documents by it), if it cannot: empty, an absolute path, a
/// hidden or parent folder in it, a control character, too long for a file name.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("the document name is empty")
    } else if name.starts_with('/') || name.starts_with('\\') || name.contains(':') {
        Some("the document name is an absolute path")
    } else if name
        .split(['/', '\\'])
        .any(|part| part.is_empty() || part.starts_with('.'))
    {
        Some("the document name has an empty, hidden (`.x`) or parent (`..`) folder in it")
    } else if name.chars().any(char::is_control) {
        Some("the document name holds a control character")
    } else if name.len() > MAX_NAME_BYTES
        || name
            .split(['/', '\\'])
            .any(|part| part.len() > MAX_NAME_PART_BYTES)
    {
        Some("the document name is too long to name a file (a folder or file name in it over 200 bytes, or over 1,024 bytes in all)")
    } else {
        None
    }
}

/// Reads a manifest of document pairs: one pair a line, `source<TAB>target[<TAB>name]`, the
/// paths relative to the manifest's folder, no header, blank lines and `#` comments skipped;
/// the name defaults to the source file's stem. A line that is not a pair, that names a file
/// that does not exist, or whose NAME cannot name outputs or was given on an earlier line, is a
/// pair with a [`DocPair::problem`] that gives the line.
pub fn from_manifest(manifest: &Path) -> io::Result<Discovery> {
    let text = crate::normalize::read_utf8(manifest)?;
    let base = manifest.parent().unwrap_or(Path::new("."));
    let mut listed = Vec::new();
    // The line each NAME was first given on.
    let mut lines_of = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let place = format!("{} line {}", manifest.display(), n + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let (src, tgt, name) = match fields.as_slice() {
            [src, tgt] => (*src, *tgt, None),
            [src, tgt, name] if !name.trim().is_empty() => (*src, *tgt, Some(name.trim())),
            _ => {
                listed.push(DocPair {
                    name: place.clone(),
                    src: PathBuf::new(),
                    tgt: PathBuf::new(),
                    problem: Some(format!(
                        "{place}: not a pair: give source<TAB>target or \
                         source<TAB>target<TAB>name"
                    )),
                });
                continue;
            }
        };
        let (src, tgt) = (base.join(src.trim()), base.join(tgt.trim()));
        let name = name.map(str::to_string).unwrap_or_else(|| {
            src.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let missing: Vec<String> = [&src, &tgt]
            .iter()
            .filter(|p| !p.is_file())
            .map(|p| p.display().to_string())
            .collect();
        let problem = if let Some(problem) = name_problem(&name) {
            Some(format!(
                "{place}: {problem} (`{}`): give a third column with a relative path such as \
                 news/a1",
                name.escape_debug()
            ))
        } else if !missing.is_empty() {
            Some(format!("{place}: no such file: {}", missing.join(" and ")))
        } else if let Some(first) = lines_of.get(&name) {
            // Two pairs under one NAME would write over each other's outputs: the first stays.
            Some(format!(
                "{place}: the document name `{}` is already line {first}'s: give each pair \
                 its own name in a third column",
                name.escape_debug()
            ))
        } else {
            lines_of.insert(name.clone(), n + 1);
            None
        };
        listed.push(DocPair {
            name,
            src,
            tgt,
            problem,
        });
    }
    Ok(Discovery {
        count: listed.len(),
        unpaired: Vec::new(),
        warnings: Vec::new(),
        walk: WalkConfig {
            root: base.to_path_buf(),
            src_lang: String::new(),
            tgt_lang: String::new(),
            skip: None,
        },
        listed: Some(listed),
    })
}

/// What a walk meets.
enum Found {
    Pair(DocPair),
    Unpaired(PathBuf),
    Warning(String),
}

/// One entry of a folder, with the key it is sorted by.
enum Entry {
    /// Files of one NAME stem: the source and the target files, either side possibly empty.
    Files {
        stem: String,
        src: Vec<PathBuf>,
        tgt: Vec<PathBuf>,
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
        let (src_lang, tgt_lang) = (&self.config.src_lang, &self.config.tgt_lang);
        let mut files: std::collections::BTreeMap<String, (Vec<PathBuf>, Vec<PathBuf>)> =
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
                if side_of(&lossy, src_lang, tgt_lang).is_some() || path.is_dir() {
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
            } else if let Some((stem, is_src)) = side_of(file_name, src_lang, tgt_lang) {
                let entry = files.entry(stem.to_string()).or_default();
                if is_src {
                    entry.0.push(path);
                } else {
                    entry.1.push(path);
                }
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
                Entry::Files { stem, src, tgt } => {
                    let mut found = pair_up(format!("{}{stem}", frame.prefix), src, tgt);
                    // Handed out in order: `pending` is taken from its end.
                    found.reverse();
                    self.pending.extend(found);
                }
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
    fn every_format_pairs_and_two_files_for_one_side_are_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.en.html",
            "a.id.docx",
            "b.en.txt",
            "b.en.htm",
            "b.id.odt",
            "c.en.pdf",
            "c.id.txt",
            "d.EN.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let found = discover(root, "en", "id", None).unwrap();
        let pairs: Vec<DocPair> = found.pairs().collect();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].name, "a");
        assert_eq!(pairs[0].src, root.join("a.en.html"));
        assert_eq!(pairs[0].problem, None);
        let problem = pairs[1].problem.as_deref().unwrap();
        assert!(problem.contains("b.en.htm and"), "{problem}");
        assert!(problem.contains("b.en.txt"), "{problem}");
        // A language code in any case is the language's (`d.EN.txt` is a source without partner).
        assert_eq!(
            found.unpaired,
            [root.join("c.id.txt"), root.join("d.EN.txt")]
        );
    }

    #[test]
    fn language_folders_pair_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "en/x/a.txt",
            "id/x/a.html",
            "en/b.docx",
            "id/c.txt",
            "id/.hidden.txt",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found = discover(root, "en", "id", None).unwrap();
        let pairs: Vec<DocPair> = found.pairs().collect();
        assert_eq!(found.count, 1);
        assert_eq!(pairs[0].name, "x/a");
        assert_eq!(pairs[0].tgt, root.join("id/x/a.html"));
        assert_eq!(
            found.unpaired,
            [root.join("en/b.docx"), root.join("id/c.txt")]
        );
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }

    #[test]
    fn regression_pairs_beside_language_folders_are_named_in_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in ["en/a.txt", "id/a.txt", "sub/y.en.txt", "sub/y.id.txt"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found = discover(root, "en", "id", None).unwrap();
        assert_eq!(found.count, 1);
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        assert!(
            found.warnings[0].contains("1 pair(s) named NAME.en.<ext> and NAME.id.<ext>")
                && found.warnings[0].contains("the first: sub/y"),
            "{}",
            found.warnings[0]
        );
    }

    #[test]
    fn regression_a_name_too_long_for_the_outputs_fails_its_document_alone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let long = "n".repeat(230);
        for f in [
            format!("{long}.en.txt"),
            format!("{long}.id.txt"),
            "a.en.txt".into(),
            "a.id.txt".into(),
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let pairs: Vec<DocPair> = discover(root, "en", "id", None).unwrap().pairs().collect();
        assert_eq!(pairs[0].problem, None);
        let problem = pairs[1].problem.as_deref().unwrap();
        assert!(problem.contains("too long to name a file"), "{problem}");
        assert_eq!(name_problem(&format!("news/{}", "n".repeat(200))), None);
        assert!(name_problem(&format!("news/{}", "n".repeat(201))).is_some());
        assert!(name_problem(&["n"; 600].join("/")).is_some());
    }

    #[test]
    fn regression_a_language_code_in_a_file_name_is_read_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("v.EN.txt"), "x").unwrap();
        std::fs::write(root.join("v.Id.txt"), "x").unwrap();
        let found = discover(root, "en", "id", None).unwrap();
        let pairs: Vec<DocPair> = found.pairs().collect();
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].name.as_str(), &pairs[0].src),
            ("v", &root.join("v.EN.txt"))
        );
    }

    #[test]
    fn a_manifest_names_pairs_relative_to_itself_and_locates_its_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("t")).unwrap();
        std::fs::write(root.join("one.md"), "x").unwrap();
        std::fs::write(root.join("t/satu.html"), "x").unwrap();
        let manifest = root.join("pairs.tsv");
        std::fs::write(
            &manifest,
            "# comment\n\none.md\tt/satu.html\n one.md \tt/satu.html\tnamed\r\none.md\tgone.txt\nonly one\n",
        )
        .unwrap();
        let found = from_manifest(&manifest).unwrap();
        let pairs: Vec<DocPair> = found.pairs().collect();
        assert_eq!(found.count, 4);
        assert_eq!(
            (pairs[0].name.as_str(), pairs[0].problem.as_deref()),
            ("one", None)
        );
        assert_eq!(pairs[0].tgt, root.join("t/satu.html"));
        assert_eq!(pairs[1].name, "named");
        assert_eq!(pairs[1].problem, None);
        let missing = pairs[2].problem.as_deref().unwrap();
        assert!(
            missing.contains("pairs.tsv line 5: no such file"),
            "{missing}"
        );
        assert!(missing.contains("gone.txt"), "{missing}");
        assert!(pairs[3]
            .problem
            .as_deref()
            .unwrap()
            .contains("line 6: not a pair"));
    }

    #[test]
    fn regression_a_manifest_name_given_twice_or_outside_the_output_folder_fails_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in ["a.txt", "b.txt", "x/same.txt", "y/same.txt"] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        let manifest = root.join("pairs.tsv");
        std::fs::write(
            &manifest,
            "a.txt\tb.txt\tdoc\nb.txt\ta.txt\tdoc\nx/same.txt\tb.txt\ny/same.txt\tb.txt\n\
             a.txt\tb.txt\t../../up\na.txt\tb.txt\t/abs\n",
        )
        .unwrap();
        let pairs: Vec<DocPair> = from_manifest(&manifest).unwrap().pairs().collect();
        let problems: Vec<Option<&str>> = pairs.iter().map(|p| p.problem.as_deref()).collect();
        assert_eq!(problems[0], None);
        assert!(problems[1]
            .unwrap()
            .contains("line 2: the document name `doc` is already line 1's"));
        assert_eq!(problems[2], None, "the first `same` is kept");
        assert!(problems[3].unwrap().contains("`same` is already line 3's"));
        assert!(problems[4].unwrap().contains("parent (`..`) folder"));
        assert!(problems[5].unwrap().contains("absolute path"));
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
