//! `selaras align`: one document pair, one format.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{
    align_files_with, write_checked_document, Destination, Explainer, Format, TmxHeader,
    WriterOptions,
};

use super::{creation_epoch, display, AlignOptions, Exit, Status};
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source-language file.
    #[arg(value_name = "SRC_FILE")]
    src: PathBuf,
    /// The target-language file.
    #[arg(value_name = "TGT_FILE")]
    tgt: PathBuf,
    /// Output file (for moses: a prefix, writing PREFIX.<src> and PREFIX.<tgt>). Without it, or
    /// with `-`, the output goes to stdout; a FIFO or a device is written to directly.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: tmx, csv, tsv, jsonl, moses, beads or review (default: from the output
    /// file's extension, .html for review, else tsv).
    #[arg(long, value_name = "F", value_parser = super::parse_format)]
    format: Option<Format>,
    /// Align with the corpus model saved by `selaras fit` instead of one fitted on this pair
    /// alone (the model carries its dictionary: no --dictionary with it).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    #[command(flatten)]
    options: AlignOptions,
}

pub fn align(args: AlignArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    // `-o -` is standard output, as no `-o` is.
    let output = args.output.as_ref().filter(|path| path.as_os_str() != "-");
    if output.is_none() {
        super::ensure_stdout_open()?;
    }
    let format = match (args.format, output) {
        (Some(format), _) => format,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            Exit::usage(format!(
                "cannot tell the format from {}: give --format",
                display(path)
            ))
        })?,
        (None, None) => Format::Tsv,
    };
    if format == Format::Moses && output.is_none() {
        return Err(Exit::usage(
            "the moses format writes two files: give -o PREFIX",
        ));
    }
    let options = args.options.doc_options();
    for lang in [options.src_lang, options.tgt_lang] {
        if let Some(warning) = lang.warning() {
            eprintln!("selaras: warning: {warning}");
        }
    }
    let config = args.options.align_config()?;
    let model = match &args.model {
        Some(path) => Some(super::load_model(path, &args.options)?),
        None => None,
    };
    let (doc, problems, model) =
        align_files_with(&args.src, &args.tgt, &options, &config, model.as_ref())?;
    let explainer = Explainer::new(&model);
    let keep = args.options.keep_suspect;
    for problem in &problems {
        let kept = if keep {
            "kept"
        } else {
            "kept out of the output; --keep-suspect writes it anyway"
        };
        eprintln!("selaras: warning: {}: {problem} ({kept})", doc.name);
    }
    let flags: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    // What a run would warn of in the report (very unequal lengths, many unaligned sentences)
    // goes to stderr here, where there is no report; a warning said above as a problem is not
    // said again.
    for warning in selaras::pipeline::DocReport::aligned(&doc, &args.options.filter()).warnings {
        if !flags.contains(&warning) {
            eprintln!("selaras: warning: {}: {warning}", doc.name);
        }
    }
    let kept_out = !problems.is_empty() && !keep;
    let languages = args.options.languages()?;
    let header = TmxHeader {
        creation_date: selaras::pipeline::creation_date(creation_epoch()?),
    };
    let writer_options = WriterOptions {
        languages: &languages,
        filter: args.options.filter(),
        header: &header,
        qa_columns: args.options.qa_columns,
        explainer: Some(&explainer),
    };
    let destination = match output {
        Some(path) => Destination::File(path),
        None => Destination::Stdout,
    };
    let written =
        write_checked_document(&doc, &flags, kept_out, format, destination, &writer_options);
    match output {
        Some(path) => written.with_context(|| format!("cannot write {}", display(path)))?,
        None => written.context(super::WRITING_STDOUT)?,
    }
    Ok(Status::Success)
}
