//! `selaras run`: a whole corpus folder.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::export::Format;
use selaras::pipeline::{self, RunConfig, RunError};

use super::interrupt::Cooperative;
use super::progress::Reporter;
use super::{creation_epoch, display, parse_format, AlignOptions, Exit, Status};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The corpus folder: pairs NAME.<src-lang>.txt and NAME.<tgt-lang>.txt, found recursively.
    #[arg(default_value = "corpus", value_name = "DIR")]
    dir: PathBuf,
    /// The output folder.
    #[arg(short, long, default_value = "out", value_name = "OUT")]
    output: PathBuf,
    /// Output formats, comma-separated: tmx, csv, tsv, jsonl, moses, beads.
    #[arg(long, default_value = "tmx,csv", value_name = "F[,F...]", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,
    /// Worker threads (default: one per core; at most 1024).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(0..=1024))]
    jobs: Option<u16>,
    /// No progress bar and no summary (warnings and errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    options: AlignOptions,
}

pub fn run(args: RunArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    let formats: Vec<Format> = args.format.clone();
    if formats.is_empty() {
        return Err(Exit::usage("--format needs at least one format"));
    }
    if !args.dir.is_dir() {
        return Err(anyhow::anyhow!(
            "{}: not a folder (give the corpus folder that holds NAME.{}.txt and NAME.{}.txt files)",
            display(&args.dir),
            args.options.src_lang,
            args.options.tgt_lang
        ));
    }
    let config = RunConfig {
        input: args.dir.clone(),
        output: args.output.clone(),
        doc: args.options.doc_options(),
        formats,
        filter: args.options.filter(),
        languages: args.options.languages(),
        align: args.options.align_config(),
        threads: args.jobs.map_or(0, usize::from),
        creation_epoch: creation_epoch()?,
    };
    let reporter = Reporter::new(args.quiet);
    let cooperative = Cooperative::begin();
    let result = pipeline::run(&config, &reporter);
    drop(cooperative);
    reporter.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(err @ RunError::Interrupted) => return Err(Exit::interrupted(err.to_string())),
        Err(err @ RunError::NoDocuments { .. }) => return Err(err.into()),
        Err(err) => return Err(err).context("the run stopped"),
    };
    let totals = &summary.totals;
    if !args.quiet {
        eprintln!(
            "selaras: aligned {} of {} documents; {} pairs written to {}",
            totals.aligned,
            totals.documents,
            totals.pairs_written,
            display(&args.output)
        );
    }
    if totals.failed > 0 {
        eprintln!(
            "selaras: {} document(s) failed: {}",
            totals.failed,
            summary
                .failed
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if totals.aligned == 0 {
            return Err(anyhow::anyhow!(
                "every document failed; see {}",
                display(&args.output.join("report.json"))
            ));
        }
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}
