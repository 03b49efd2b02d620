//! Pair discovery: every `NAME.<src>.txt` with a partner `NAME.<tgt>.txt` in the same folder,
//! folders searched recursively, in sorted NAME order.

use std::collections::BTreeMap;
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

/// What discovery found: the pairs, sorted by NAME, and the files that had no partner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Document pairs, sorted by NAME.
    pub pairs: Vec<DocPair>,
    /// Files `NAME.<src>.txt` or `NAME.<tgt>.txt` without a partner, sorted.
    pub unpaired: Vec<PathBuf>,
}

/// Finds the document pairs below `dir`.
///
/// The output folder, when it lies inside `dir`, is skipped, as are hidden files and folders.
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
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        if skip.is_some() && folder.canonicalize().ok() == skip {
            continue;
        }
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type()?;
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
    let mut found = Discovery::default();
    for (name, (src, tgt)) in sides {
        match (src, tgt) {
            (Some(src), Some(tgt)) => found.pairs.push(DocPair { name, src, tgt }),
            (Some(one), None) | (None, Some(one)) => found.unpaired.push(one),
            (None, None) => {}
        }
    }
    found.unpaired.sort();
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
}
