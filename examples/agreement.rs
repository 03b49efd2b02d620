//! The document-level agreement of real and of mismatched pairs, to set the threshold that tells
//! a translation from two unrelated texts (`selaras::align::Agreement`).
//!
//! For a folder of presegmented pairs `NAME.<src>.txt` / `NAME.<tgt>.txt`, prints one line per
//! real pair (document k with its translation) and per mismatched pair (document k's source with
//! document k+1's target): kind, name, sentence counts, path share, shuffled share, ratio.
//!
//! ```text
//! cargo run --release --example agreement -- DIR [SRC TGT]
//! ```

use selaras::align::{AlignConfig, Aligner, Model, ModelFitter, Side};
use selaras::Lang;

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().expect("usage: agreement DIR [SRC TGT]"));
    let lang = |k: usize, default: Lang| args.get(k).map_or(default, |c| c.parse().unwrap());
    let (src, tgt) = (lang(1, Lang::EN), lang(2, Lang::ID));
    let suffix = format!(".{}.txt", src.code());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(&suffix)
                .map(str::to_string)
        })
        .collect();
    names.sort();
    let docs: Vec<(Vec<String>, Vec<String>)> = names
        .iter()
        .map(|n| {
            (
                lines(&dir.join(format!("{n}.{}.txt", src.code()))),
                lines(&dir.join(format!("{n}.{}.txt", tgt.code()))),
            )
        })
        .collect();
    let mut fitter = ModelFitter::new(Model::for_pair(src, tgt));
    for (s, t) in &docs {
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
    }
    let model = fitter.finish();
    let aligner = Aligner::new(&model, AlignConfig::default());
    let report = |kind: &str, name: &str, s: &[String], t: &[String]| {
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        let (beads, a) = aligner.align_with_agreement(&Side::plain(&s), &Side::plain(&t));
        let confident = beads
            .iter()
            .filter(|b| b.is_pair() && b.score >= 0.9)
            .count();
        println!(
            "{kind}\t{name}\t{}\t{}\t{:.4}\t{:.4}\t{:.2}\t{confident}",
            s.len(),
            t.len(),
            a.path,
            a.shuffled,
            a.ratio()
        );
    };
    for (k, name) in names.iter().enumerate() {
        report("real", name, &docs[k].0, &docs[k].1);
        let other = (k + 1) % docs.len();
        report("mismatch", name, &docs[k].0, &docs[other].1);
    }
}
