//! The feature dump that `scripts/calibrate.py` fits the bead-score coefficients on.
//!
//! For every set given as `DIR` or `DIR=SRC:TGT` (presegmented `NAME.<src>.txt` and
//! `NAME.<tgt>.txt` files; default `en:id`), writes one line per bead to `OUT`: set, document,
//! bead, whether it is a pair, then the feature values its score is computed from.
//!
//! ```text
//! cargo run --release --example dump_features -- OUT DIR[=SRC:TGT]...
//! ```

use std::path::Path;
use std::process::ExitCode;

use selaras::align::{AlignConfig, Aligner, Model, ModelFitter, Side};
use selaras::Lang;

/// One presegmented side: non-blank lines, and their paragraph numbers (blank lines).
fn read_side(path: &Path) -> Option<(Vec<String>, Vec<usize>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let (mut lines, mut pars, mut par, mut blank) = (Vec::new(), Vec::new(), 0usize, false);
    for line in text.lines() {
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        if blank && !lines.is_empty() {
            par += 1;
        }
        blank = false;
        lines.push(line.trim_end_matches('\r').to_string());
        pars.push(par);
    }
    Some((lines, pars))
}

fn dump_set(set: &str, lines: &mut String) -> Result<(), String> {
    let (dir, langs) = set.split_once('=').unwrap_or((set, "en:id"));
    let (sl, tl) = langs.split_once(':').unwrap_or(("en", "id"));
    let lang = |code: &str| code.parse::<Lang>().map_err(|e| format!("{set}: {e}"));
    let (src_lang, tgt_lang) = (lang(sl)?, lang(tl)?);
    let suffix = format!(".{}.txt", src_lang.code());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{dir}: {e}"))?
        .flatten()
        .filter_map(|e| {
            let f = e.file_name().to_string_lossy().to_string();
            f.strip_suffix(&suffix).map(str::to_string)
        })
        .collect();
    names.sort();
    let docs: Vec<_> = names
        .iter()
        .filter_map(|n| {
            let s = read_side(&Path::new(dir).join(format!("{n}.{}.txt", src_lang.code())))?;
            let t = read_side(&Path::new(dir).join(format!("{n}.{}.txt", tgt_lang.code())))?;
            Some((n.clone(), s, t))
        })
        .collect();
    let mut fitter = ModelFitter::new(Model::for_pair(src_lang, tgt_lang));
    for (_, (s, _), (t, _)) in &docs {
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
    }
    let model = fitter.finish();
    let aligner = Aligner::new(&model, AlignConfig::default());
    for (name, (s, sp), (t, tp)) in &docs {
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        let beads = aligner.align_with_features(
            &Side::with_paragraphs(&s, sp),
            &Side::with_paragraphs(&t, tp),
        );
        for (bead, f) in beads {
            let list =
                |r: std::ops::Range<usize>| r.map(|x| x.to_string()).collect::<Vec<_>>().join(",");
            let values: Vec<String> = f.values().iter().map(|v| format!("{v:.4}")).collect();
            lines.push_str(&format!(
                "{dir}\t{name}\t[{}]:[{}]\t{}\t{}\n",
                list(bead.src),
                list(bead.tgt),
                u8::from(f.pair),
                values.join("\t")
            ));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, sets)) = args.split_first().filter(|(_, sets)| !sets.is_empty()) else {
        eprintln!("usage: dump_features OUT DIR[=SRC:TGT]...");
        return ExitCode::from(2);
    };
    let mut lines = String::new();
    for set in sets {
        if let Err(e) = dump_set(set, &mut lines) {
            eprintln!("dump_features: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = std::fs::write(out, lines) {
        eprintln!("dump_features: cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
