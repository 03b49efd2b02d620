//! Pair discovery: every `NAME.<src>.txt` with a partner `NAME.<tgt>.txt` in the same folder,
//! folders searched recursively, in sorted NAME order.

use std::collections::{BTreeMap, BTreeSet};
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

/// What discovery found: the pairs, sorted by NAME, the files that had no partner, and what
/// could not be searched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Document pairs, sorted by NAME.
    pub pairs: Vec<DocPair>,
    /// Files `NAME.<src>.txt` or `NAME.<tgt>.txt` without a partner, sorted.
    pub unpaired: Vec<PathBuf>,
    /// Folders below the corpus folder that could not be read, file names that are not UTF-8,
    /// symbolic links that lead back into a folder already searched: each skipped, with why.
    pub warnings: Vec<String>,
}

/// Finds the document pairs below `dir`.
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
    let mut sides: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    let src_suffix = format!(".{src_lang}.txt");
    let tgt_suffix = format!(".{tgt_lang}.txt");
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut found = Discovery::default();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let is_root = folder == dir;
        let canonical = folder.canonicalize().ok();
        if let Some(canonical) = &canonical {
            // The output folder is skipped, unless it is the corpus folder itself.
            if !is_root && Some(canonical) == skip.as_ref() {
                continue;
            }
            if !seen.insert(canonical.clone()) {
                found.warnings.push(format!(
                    "{}: skipped: the same folder as {} (a symbolic link)",
                    folder.display(),
                    canonical.display()
                ));
                continue;
            }
        }
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if is_root => return Err(e),
            Err(e) => {
                found.warnings.push(format!(
                    "{}: cannot read this folder; skipped: {e}",
                    folder.display()
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    found.warnings.push(format!(
                        "{}: cannot list this folder in full: {e}",
                        folder.display()
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                let lossy = file_name.to_string_lossy();
                if lossy.ends_with(&src_suffix) || lossy.ends_with(&tgt_suffix) || path.is_dir() {
                    found.warnings.push(format!(
                        "{}: skipped: the name is not valid UTF-8",
                        path.display()
                    ));
                }
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    found
                        .warnings
                        .push(format!("{}: skipped: {e}", path.display()));
                    continue;
                }
            };
            if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let relative: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            let relative = relative.join("/");
            if let Some(name) = relative.strip_suffix(&src_suffix) {
                sides.entry(name.to_string()).or_default().0 = Some(path);
            } else if let Some(name) = relative.strip_suffix(&tgt_suffix) {
                sides.entry(name.to_string()).or_default().1 = Some(path);
            }
        }
    }
    for (name, (src, tgt)) in sides {
        match (src, tgt) {
            (Some(src), Some(tgt)) => found.pairs.push(DocPair { name, src, tgt }),
            (Some(one), None) | (None, Some(one)) => found.unpaired.push(one),
            (None, None) => {}
        }
    }
    found.unpaired.sort();
    found.warnings.sort();
    Ok(found)
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
        let names: Vec<&str> = found.pairs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "news/2024/putin"]);
        assert_eq!(found.unpaired, [root.join("lonely.en.txt")]);
    }

    #[test]
    fn the_output_folder_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/x.en.txt"), "x").unwrap();
        std::fs::write(dir.path().join("out/x.id.txt"), "x").unwrap();
        let out = dir.path().join("out");
        let found = discover(dir.path(), "en", "id", Some(&out)).unwrap();
        assert!(found.pairs.is_empty());
    }

    #[test]
    fn an_output_folder_that_is_the_corpus_folder_is_still_searched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.en.txt"), "x").unwrap();
        std::fs::write(dir.path().join("x.id.txt"), "x").unwrap();
        let found = discover(dir.path(), "en", "id", Some(dir.path())).unwrap();
        assert_eq!(found.pairs.len(), 1);
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
        let names: Vec<&str> = found.pairs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a/x"]);
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    }
}
