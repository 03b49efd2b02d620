//! `selaras eval`: beads against gold beads.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use selaras::eval::{compare, parse_beads, Counts, EvalBead};

use super::{display, Exit, Status};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold beads: a file, or a folder of NAME.gold (or NAME.defr, NAME.beads) files.
    #[arg(long, value_name = "G")]
    gold: PathBuf,
    /// Predicted beads: a file, or a folder of NAME.beads files (such as OUT/beads).
    #[arg(long, value_name = "P")]
    pred: PathBuf,
    /// Print the scores as JSON, with counts and per-document F1.
    #[arg(long)]
    json: bool,
}

const GOLD_EXTENSIONS: [&str; 3] = ["gold", "defr", "beads"];

/// Files below `dir` with one of `extensions`, by NAME (relative path without the extension).
fn bead_files(dir: &Path, extensions: &[&str]) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read {}", display(&folder)))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if !extensions.contains(&ext) {
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap_or(&path).with_extension("");
            let name = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            found.insert(name, path);
        }
    }
    Ok(found)
}

fn read_beads(path: &Path) -> anyhow::Result<Vec<EvalBead>> {
    let text = selaras::normalize::read_utf8(path)
        .with_context(|| format!("cannot read {}", display(path)))?;
    let beads = parse_beads(&text).map_err(|e| anyhow::anyhow!("{}: {e}", display(path)))?;
    Ok(beads.into_iter().map(|(bead, _)| bead).collect())
}

pub fn eval(args: EvalArgs) -> anyhow::Result<Status> {
    for path in [&args.gold, &args.pred] {
        if let Err(e) = std::fs::metadata(path) {
            return Err(anyhow::Error::new(e).context(format!("cannot read {}", display(path))));
        }
    }
    let mut pairs: Vec<(String, Option<PathBuf>, Option<PathBuf>)> = Vec::new();
    match (args.gold.is_dir(), args.pred.is_dir()) {
        (false, false) => pairs.push((
            display(&args.pred),
            Some(args.gold.clone()),
            Some(args.pred.clone()),
        )),
        (true, true) => {
            let gold = bead_files(&args.gold, &GOLD_EXTENSIONS)?;
            let mut pred = bead_files(&args.pred, &["beads"])?;
            if !gold.is_empty() && gold.keys().all(|name| !pred.contains_key(name)) {
                // Scored as empty, every document would be an F1 of 0 that reads as a result.
                let inner = args.pred.join("beads");
                let hint = if inner.is_dir() {
                    format!(" (did you mean {}?)", display(&inner))
                } else {
                    " (`selaras run --format beads -o OUT` writes them to OUT/beads)".to_string()
                };
                return Err(anyhow::anyhow!(
                    "no predicted beads (NAME.beads files) in {} for the documents of {}{hint}",
                    display(&args.pred),
                    display(&args.gold)
                ));
            }
            for (name, path) in gold {
                let predicted = pred.remove(&name);
                pairs.push((name, Some(path), predicted));
            }
            for (name, path) in pred {
                pairs.push((name, None, Some(path)));
            }
        }
        _ => {
            return Err(Exit::usage(
                "--gold and --pred must both be files or both be folders",
            ))
        }
    }
    if pairs.iter().all(|(_, g, _)| g.is_none()) {
        return Err(anyhow::anyhow!(
            "no gold beads found in {}",
            display(&args.gold)
        ));
    }
    let mut total = Counts::default();
    let mut per_doc = Vec::new();
    let mut warnings = Vec::new();
    for (name, gold, pred) in &pairs {
        let gold_beads = match gold {
            Some(path) => read_beads(path)?,
            None => {
                warnings.push(format!("{name}: predicted but has no gold; not scored"));
                continue;
            }
        };
        let pred_beads = match pred {
            Some(path) => read_beads(path)?,
            None => {
                warnings.push(format!("{name}: no predicted beads; scored as empty"));
                Vec::new()
            }
        };
        let counts = compare(&gold_beads, &pred_beads);
        total.add(&counts);
        per_doc.push((name.clone(), counts));
    }
    for warning in &warnings {
        eprintln!("selaras: warning: {warning}");
    }
    let scores = total.scores();
    // Written with `?`, not println!, so that a closed stdout (`| head`) is an error that main
    // treats as success rather than a panic.
    let mut out = super::stdout()?;
    if args.json {
        let documents: BTreeMap<&str, f64> = per_doc
            .iter()
            .map(|(name, c)| (name.as_str(), round(c.scores().strict.f1)))
            .collect();
        let json = serde_json::json!({
            "documents": per_doc.len(),
            "strict": {"precision": round(scores.strict.precision), "recall": round(scores.strict.recall), "f1": round(scores.strict.f1)},
            "lax": {"precision": round(scores.lax.precision), "recall": round(scores.lax.recall), "f1": round(scores.lax.f1)},
            "counts": total,
            "strict_f1_by_document": documents,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        writeln!(out, "documents: {}", per_doc.len())?;
        writeln!(out, "          precision  recall     f1")?;
        writeln!(
            out,
            "strict    {:>9.4}  {:>6.4}  {:>6.4}",
            scores.strict.precision, scores.strict.recall, scores.strict.f1
        )?;
        writeln!(
            out,
            "lax       {:>9.4}  {:>6.4}  {:>6.4}",
            scores.lax.precision, scores.lax.recall, scores.lax.f1
        )?;
        writeln!(
            out,
            "counts: {} predicted beads, {} strict / {} lax hits; {} gold pairs, {} strict / {} lax found",
            total.predicted,
            total.precision_strict_hits,
            total.precision_lax_hits,
            total.gold_pairs,
            total.recall_strict_hits,
            total.recall_lax_hits
        )?;
    }
    out.flush()?;
    Ok(Status::Success)
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
