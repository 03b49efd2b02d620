//! `selaras run`: a whole corpus folder.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use selaras::export::{commit_all, Format, JsonlWriter, Writer};
use selaras::pipeline::{
    self, open_writers, run_stream, ReportWriter, RunConfig, RunError, StreamConfig, FIT_DOCUMENTS,
};

use super::interrupt::Cooperative;
use super::progress::Reporter;
use super::{creation_epoch, display, parse_format, AlignOptions, Exit, Status};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The corpus folder: pairs NAME.<src-lang>.txt and NAME.<tgt-lang>.txt, found recursively.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The output folder.
    #[arg(short, long, default_value = "out", value_name = "OUT")]
    output: PathBuf,
    /// Output formats, comma-separated: tmx, csv, tsv, jsonl, moses, beads [default: tmx,csv].
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
    #[command(flatten)]
    options: AlignOptions,
}

pub fn run(args: RunArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    let formats: Vec<Format> = if args.format.is_empty() {
        vec![Format::Tmx, Format::Csv]
    } else {
        args.format.clone()
    };
    if let Some(input) = &args.input_jsonl {
        return stream(&args, input, formats);
    }
    if args.output.as_os_str() == "-" {
        return Err(Exit::usage(
            "-o - (JSONL on stdout) goes with --input-jsonl; give an output folder",
        ));
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("corpus"));
    if !dir.is_dir() {
        return Err(anyhow::anyhow!(
            "{}: not a folder (give the corpus folder that holds NAME.{}.txt and NAME.{}.txt files)",
            display(&dir),
            args.options.src_lang,
            args.options.tgt_lang
        ));
    }
    let config = config_for(&args, dir, formats)?;
    let reporter = Reporter::new(args.quiet);
    let cooperative = Cooperative::begin();
    let result = pipeline::run(&config, &reporter);
    drop(cooperative);
    reporter.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(err @ RunError::Interrupted) => return Err(Exit::interrupted(err.to_string())),
        Err(err @ (RunError::NoDocuments { .. } | RunError::Busy { .. })) => return Err(err.into()),
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

fn config_for(args: &RunArgs, input: PathBuf, formats: Vec<Format>) -> anyhow::Result<RunConfig> {
    Ok(RunConfig {
        input,
        output: args.output.clone(),
        doc: args.options.doc_options(),
        formats,
        filter: args.options.filter(),
        languages: args.options.languages(),
        align: args.options.align_config()?,
        threads: args.jobs.map_or(0, usize::from),
        creation_epoch: creation_epoch()?,
    })
}

/// `run --input-jsonl`: document pairs as JSON lines.
fn stream(args: &RunArgs, input: &Path, formats: Vec<Format>) -> anyhow::Result<Status> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && formats.iter().any(|f| *f != Format::Jsonl) && !args.format.is_empty() {
        return Err(Exit::usage(
            "with -o - the output is JSONL on stdout: leave out --format or give --format jsonl",
        ));
    }
    let config = config_for(args, input.to_path_buf(), formats)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .context("cannot start worker threads")?;
    let stream_config = StreamConfig {
        doc: config.doc.clone(),
        align: config.align.clone(),
        filter: config.filter,
        window: pool.current_num_threads() * 8,
    };
    let reader: Box<dyn BufRead + Send> = if input.as_os_str() == "-" {
        Box::new(io::BufReader::with_capacity(1 << 20, io::stdin()))
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot read {}", display(input)))?;
        Box::new(io::BufReader::with_capacity(1 << 20, file))
    };
    let reporter = Reporter::new(args.quiet || to_stdout);
    let summary = if to_stdout {
        let sink = io::BufWriter::with_capacity(1 << 16, io::stdout());
        let writer = JsonlWriter::new(sink, &config.languages, config.filter, |mut s| {
            s.flush().map(|()| None)
        });
        let mut writers: Vec<Box<dyn Writer>> = vec![Box::new(writer)];
        let summary = run_stream(
            reader,
            &stream_config,
            &pool,
            &mut writers,
            &mut |_| Ok(()),
            &reporter,
        )?;
        for writer in writers {
            writer.finish()?;
        }
        summary
    } else {
        let _claim = pipeline::prepare_output(&config.output)?;
        let (mut writers, _) = open_writers(&config)
            .with_context(|| format!("cannot write to {}", display(&config.output)))?;
        let report_path = config.output.join("report.json");
        let options = serde_json::json!({
            "input_jsonl": display(input),
            "src_lang": config.doc.src_lang,
            "tgt_lang": config.doc.tgt_lang,
            "formats": config.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
            "min_score": config.filter.min_score,
            "keep_unaligned": config.filter.keep_unaligned,
            "keep_boilerplate": config.doc.keep_boilerplate,
            "presegmented": config.doc.presegmented,
            "max_bead": config.align.max_bead,
            "fit_documents": FIT_DOCUMENTS,
        });
        let mut report = ReportWriter::create(&report_path, &options)
            .with_context(|| format!("cannot write {}", display(&report_path)))?;
        let summary = run_stream(
            reader,
            &stream_config,
            &pool,
            &mut writers,
            &mut |entry| report.add(entry),
            &reporter,
        )?;
        // As in a folder run: complete every output, then rename them all, the report last.
        let mut complete = Vec::new();
        for writer in writers {
            complete.extend(writer.close()?);
        }
        let (_, report_file) = report.close(&[], &[])?;
        complete.push(report_file);
        commit_all(complete)?;
        summary
    };
    reporter.finish();
    if !args.quiet && !to_stdout {
        eprintln!(
            "selaras: aligned {} of {} documents from {} into {}",
            summary.documents - summary.failed.len(),
            summary.documents,
            display(input),
            display(&args.output)
        );
    }
    if summary.failed.is_empty() {
        return Ok(Status::Success);
    }
    if summary.failed.len() == summary.documents {
        return Err(anyhow::anyhow!(
            "every document of {} failed",
            display(input)
        ));
    }
    Ok(Status::Partial)
}
