//! `selaras fit`: the corpus model of a folder or a stream, saved for `run --model`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{self, Output, RunConfig, RunError};

use super::interrupt::Cooperative;
use super::progress::Reporter;
use super::run::source;
use super::{display, AlignOptions, CorpusFilterOptions, Exit, Status};

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The corpus folder, as for `selaras run`.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Read the pairs from a manifest instead of a folder, as for `selaras run`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dir", "input_jsonl"])]
    pairs: Option<PathBuf>,
    /// Read document pairs as JSON lines from FILE (`-`: stdin), as for `selaras run`; only the
    /// documents fitted on are read.
    #[arg(long, value_name = "FILE|-", conflicts_with = "dir")]
    input_jsonl: Option<PathBuf>,
    /// The model file to write (written through a temporary file, renamed into place).
    #[arg(short, long, value_name = "MODEL")]
    output: PathBuf,
    /// Worker threads (default: one per core; the model does not depend on it).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(0..=1024))]
    jobs: Option<u16>,
    /// No progress bar and no summary.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    options: AlignOptions,
    /// `run`'s corpus filters are accepted (so that `fit` and `run` can be given the same
    /// options) and do not change the model.
    #[command(flatten)]
    filters: CorpusFilterOptions,
}

pub fn fit(args: FitArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    args.filters.corpus_filters()?;
    if args.output.as_os_str() == "-" {
        return Err(Exit::usage("give the model file to write with -o MODEL"));
    }
    let source = source(
        args.dir.as_deref(),
        args.pairs.as_deref(),
        args.input_jsonl.as_deref(),
        &args.options,
        false,
    )?;
    // Nothing is written there; a folder run would skip its output folder, `fit` skips none.
    let mut config = RunConfig::new(source, Output::Stdout);
    config.doc = args.options.doc_options();
    config.align = args.options.align_config()?;
    config.threads = args.jobs.map_or(0, usize::from);
    let reporter = Reporter::new(args.quiet);
    let cooperative = Cooperative::begin();
    let result = pipeline::fit(&config, &reporter);
    drop(cooperative);
    reporter.finish();
    let fitted = match result {
        Ok(fitted) => fitted,
        Err(err @ RunError::Interrupted) => return Err(Exit::interrupted(err.to_string())),
        Err(
            err @ (RunError::NoDocuments { .. }
            | RunError::Empty { .. }
            | RunError::NothingToFit { .. }),
        ) => return Err(err.into()),
        Err(err) => return Err(err).context("the fit stopped"),
    };
    let model = fitted.model;
    model.save(&args.output)?;
    if !args.quiet {
        let learned = model.model.learned.as_ref().map_or(0, |l| l.len());
        eprintln!(
            "selaras: fitted on {} documents of {}: ratio {:.4}, variance {:.3}, {learned} learned \
             word links; wrote {}",
            model.documents,
            config.source.display(),
            model.model.ratio,
            model.model.variance,
            display(&args.output)
        );
    }
    if fitted.failed.is_empty() {
        return Ok(Status::Success);
    }
    eprintln!(
        "selaras: {} document(s) failed and were left out of the fit: {}",
        fitted.failed.len(),
        fitted
            .failed
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Status::Partial)
}
