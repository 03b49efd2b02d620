//! `selaras apply-review`: a review's decisions file into output formats.

use std::path::PathBuf;

use clap::Args;
use selaras::pipeline::{self, Filter, Format};

use super::{creation_epoch, display, parse_format, parse_score, Status};

#[derive(Debug, Args)]
pub struct ApplyReviewArgs {
    /// The decisions file exported from the review page (its "decisions.json" button).
    #[arg(value_name = "DECISIONS")]
    decisions: PathBuf,
    /// The output folder (created if missing); files are named as a run names them.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Output formats, comma-separated: tmx, csv, tsv, jsonl, moses, beads, review
    /// [default: tmx,csv].
    #[arg(long, value_name = "F[,F...]", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,
    /// Leave out of the bitext the pairs scored below S (confirmed pairs score 1).
    #[arg(long, value_name = "S", value_parser = parse_score)]
    min_score: Option<f64>,
    /// Keep sentences without a partner (rejected pairs among them) in the bitext.
    #[arg(long)]
    keep_unaligned: bool,
}

pub fn apply_review(args: ApplyReviewArgs) -> anyhow::Result<Status> {
    let formats = if args.format.is_empty() {
        vec![Format::Tmx, Format::Csv]
    } else {
        args.format
    };
    let decisions = pipeline::read_decisions(&args.decisions)?;
    let filter = Filter::default()
        .with_min_score(args.min_score)
        .with_keep_unaligned(args.keep_unaligned);
    let paths = pipeline::apply_review(
        &decisions,
        &args.output,
        &formats,
        filter,
        creation_epoch()?,
    )?;
    eprintln!(
        "selaras: {} reviewed documents written to {}: {}",
        decisions.documents.len(),
        display(&args.output),
        paths
            .iter()
            .map(|p| display(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Status::Success)
}
