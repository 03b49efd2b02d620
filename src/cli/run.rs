//! `selaras run`: a whole corpus folder.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{self, Format, Output, RunConfig, RunError, Source};

use super::interrupt::Cooperative;
use super::progress::Reporter;
use super::{
    creation_epoch, display, load_model, parse_format, AlignOptions, CorpusFilterOptions, Exit,
    Status,
};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The corpus folder: pairs NAME.<src-lang>.<ext> and NAME.<tgt-lang>.<ext> (ext: txt,
    /// html, htm, docx, odt), found recursively; or, when it holds folders <src-lang>/ and
    /// <tgt-lang>/, pairs <src-lang>/NAME.<ext> and <tgt-lang>/NAME.<ext>.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Read the pairs from a manifest instead of a folder: a TSV file of
    /// source<TAB>target[<TAB>name] lines, paths relative to the manifest, `#` comments and
    /// blank lines skipped (the name defaults to the source file's stem).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dir", "input_jsonl"])]
    pairs: Option<PathBuf>,
    /// The output folder.
    #[arg(short, long, default_value = "out", value_name = "OUT")]
    output: PathBuf,
    /// Output formats, comma-separated: tmx, csv, tsv, jsonl, moses, beads, review (the review
    /// page, OUT/review.html) [default: tmx,csv].
    #[arg(long, value_name = "F[,F...]", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,
    /// Read document pairs as JSON lines {"doc": ..., "<src-lang>": "...", "<tgt-lang>": "..."}
    /// from FILE (`-`: stdin) instead of a folder; output follows input order. With `-o -`, the
    /// bitext goes to stdout as JSONL.
    #[arg(long, value_name = "FILE|-", conflicts_with = "dir")]
    input_jsonl: Option<PathBuf>,
    /// Worker threads (default: one per core; at most 1024).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(0..=1024))]
    jobs: Option<u16>,
    /// No progress bar and no summary (warnings and errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// Align with the corpus model saved by `selaras fit` instead of fitting one on the
    /// documents (the model carries its dictionary: no --dictionary with it).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    #[command(flatten)]
    options: AlignOptions,
    #[command(flatten)]
    filters: CorpusFilterOptions,
}

pub fn run(args: RunArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    let formats: Vec<Format> = if args.format.is_empty() {
        vec![Format::Tmx, Format::Csv]
    } else {
        args.format.clone()
    };
    let to_stdout = args.output.as_os_str() == "-";
    let source = source(
        args.dir.as_deref(),
        args.pairs.as_deref(),
        args.input_jsonl.as_deref(),
        &args.options,
        to_stdout,
    )?;
    if to_stdout && formats.iter().any(|f| *f != Format::Jsonl) && !args.format.is_empty() {
        return Err(Exit::usage(
            "with -o - the output is JSONL on stdout: leave out --format or give --format jsonl",
        ));
    }
    let output = if to_stdout {
        super::ensure_stdout_open()?;
        Output::Stdout
    } else {
        Output::Folder(args.output.clone())
    };
    let stream = args.input_jsonl.is_some();
    let mut config = RunConfig::new(source, output);
    config.doc = args.options.doc_options();
    config.formats = formats;
    config.filter = args.options.filter();
    config.filters = args.filters.corpus_filters()?;
    config.qa_columns = args.options.qa_columns;
    config.languages = args.options.languages()?;
    config.align = args.options.align_config()?;
    config.threads = args.jobs.map_or(0, usize::from);
    config.creation_epoch = creation_epoch()?;
    if let Some(path) = &args.model {
        config = config.with_model(load_model(path, &args.options)?);
    }

    let quiet = args.quiet || to_stdout;
    let reporter = Reporter::new(quiet);
    let cooperative = Cooperative::begin();
    let result = pipeline::run(&config, &reporter);
    drop(cooperative);
    reporter.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(err @ RunError::Interrupted) => return Err(Exit::interrupted(err.to_string())),
        Err(
            err @ (RunError::NoDocuments { .. } | RunError::Busy { .. } | RunError::Empty { .. }),
        ) => return Err(err.into()),
        Err(err) => return Err(err).context("the run stopped"),
    };
    let totals = &summary.totals;
    let input = config.source.display();
    if !quiet {
        if stream {
            eprintln!(
                "selaras: {} from {} into {}; {}",
                outcome(totals),
                input,
                display(&args.output),
                checked(totals)
            );
        } else {
            eprintln!(
                "selaras: {}; {} pairs written to {}; {}",
                outcome(totals),
                totals.pairs_written,
                display(&args.output),
                checked(totals)
            );
        }
    }
    if totals.suspect > 0 {
        let kept = if config.filter.keep_suspect {
            "kept in the bitext (--keep-suspect)"
        } else {
            "kept out of the bitext"
        };
        let report = if to_stdout {
            String::new()
        } else {
            format!(" and {}", display(&args.output.join("report.json")))
        };
        eprintln!(
            "selaras: {} document(s) look wrong and were {kept}; see the warnings above{report}",
            totals.suspect
        );
    }
    if totals.failed == 0 {
        return Ok(Status::Success);
    }
    if stream {
        // A stream's failures may be many: each was said with its line as it came.
        eprintln!(
            "selaras: {} document(s) of {input} failed (each said above, with its line)",
            totals.failed
        );
    } else {
        eprintln!(
            "selaras: {} document(s) failed: {}",
            totals.failed,
            summary
                .failed
                .iter()
                .map(|(name, _)| super::progress::printable(name))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if totals.aligned + totals.suspect == 0 {
        let report = if to_stdout {
            String::new()
        } else {
            format!(
                "; see {} (the earlier outputs in {} were left as they were)",
                display(&args.output.join(pipeline::FAILED_REPORT)),
                display(&args.output)
            )
        };
        if stream {
            return Err(anyhow::anyhow!("every document of {input} failed{report}"));
        }
        return Err(anyhow::anyhow!("every document failed{report}"));
    }
    Ok(Status::Partial)
}

/// Where a run (or a fit) reads its documents: `--input-jsonl`, `--pairs`, or the folder (by
/// default `corpus`), checked to exist. `to_stdout`: the output is `-o -`.
pub(super) fn source(
    dir: Option<&Path>,
    pairs: Option<&Path>,
    input_jsonl: Option<&Path>,
    options: &AlignOptions,
    to_stdout: bool,
) -> anyhow::Result<Source> {
    Ok(match (input_jsonl, pairs) {
        (Some(input), _) if input.as_os_str() == "-" => Source::JsonlStdin,
        (Some(input), _) => Source::JsonlFile(input.to_path_buf()),
        (None, Some(manifest)) => {
            if to_stdout {
                return Err(Exit::usage(
                    "-o - (JSONL on stdout) goes with --input-jsonl; give an output folder",
                ));
            }
            if !manifest.is_file() {
                return Err(anyhow::anyhow!(
                    "{}: no such file (give a manifest of source<TAB>target lines)",
                    display(manifest)
                ));
            }
            Source::Manifest(manifest.to_path_buf())
        }
        (None, None) => {
            if to_stdout {
                return Err(Exit::usage(
                    "-o - (JSONL on stdout) goes with --input-jsonl; give an output folder",
                ));
            }
            let dir = dir.map_or_else(|| PathBuf::from("corpus"), Path::to_path_buf);
            if !dir.exists() {
                return Err(anyhow::anyhow!(
                    "{}: does not exist (give the corpus folder that holds NAME.{}.txt and \
                     NAME.{}.txt files)",
                    display(&dir),
                    options.src_lang,
                    options.tgt_lang
                ));
            }
            if !dir.is_dir() {
                return Err(anyhow::anyhow!(
                    "{}: not a folder (give the corpus folder that holds NAME.{}.txt and \
                     NAME.{}.txt files, or a manifest with --pairs; to align one pair of \
                     files, `selaras align SRC TGT`)",
                    display(&dir),
                    options.src_lang,
                    options.tgt_lang
                ));
            }
            Source::Folder(dir)
        }
    })
}

/// `n` things, in the singular or the plural.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What became of the documents, counted as `report.json`'s totals count them:
/// `8 documents: 6 aligned, 1 suspect, 1 failed`.
fn outcome(totals: &pipeline::Totals) -> String {
    let mut out = format!(
        "{}: {} aligned",
        plural(totals.documents, "document", "documents"),
        totals.aligned
    );
    if totals.suspect > 0 {
        out.push_str(&format!(", {} suspect", totals.suspect));
    }
    if totals.failed > 0 {
        out.push_str(&format!(", {} failed", totals.failed));
    }
    out
}

/// What the summary line says of the checks: sentences left unaligned, pairs with QA flags.
fn checked(totals: &pipeline::Totals) -> String {
    format!(
        "{} left unaligned, {} with QA flags (listed in the report)",
        plural(totals.unaligned_sentences, "sentence", "sentences"),
        plural(totals.flagged_pairs, "pair", "pairs")
    )
}
