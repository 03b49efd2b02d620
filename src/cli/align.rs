//! `selaras align`: one document pair, one format.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use selaras::align::ModelFitter;
use selaras::export::{
    beads_text, creation_date, AtomicFile, ClosedFile, CsvWriter, Format, JsonlWriter, MosesWriter,
    TmxHeader, TmxWriter, TsvWriter, Writer,
};
use selaras::pipeline::{align_split, observe, split_pair};

use super::{creation_epoch, display, AlignOptions, Exit, Status};

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source-language file.
    #[arg(value_name = "SRC_FILE")]
    src: PathBuf,
    /// The target-language file.
    #[arg(value_name = "TGT_FILE")]
    tgt: PathBuf,
    /// Output file (for moses: a prefix, writing PREFIX.<src> and PREFIX.<tgt>). Without it,
    /// the output goes to stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: tmx, csv, tsv, jsonl, moses or beads (default: from the output file's
    /// extension, else tsv).
    #[arg(long, value_name = "F", value_parser = super::parse_format)]
    format: Option<Format>,
    #[command(flatten)]
    options: AlignOptions,
}

fn document_name(path: &Path, lang: &str) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suffix = format!(".{lang}.txt");
    match name.strip_suffix(&suffix) {
        Some(stem) => stem.to_string(),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(name),
    }
}

fn stdout_commit(mut sink: BufWriter<io::Stdout>) -> io::Result<Option<ClosedFile>> {
    sink.flush()?;
    Ok(None)
}

pub fn align(args: AlignArgs) -> anyhow::Result<Status> {
    args.options.validate()?;
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            Exit::usage(format!(
                "cannot tell the format from {}: give --format",
                display(path)
            ))
        })?,
        (None, None) => Format::Tsv,
    };
    let options = args.options.doc_options();
    let (src, tgt) = split_pair(&args.src, &args.tgt, &options)?;
    let config = args.options.align_config()?;
    let mut fitter = ModelFitter::new(selaras::align::Model::for_run(
        &options.src_lang,
        &options.tgt_lang,
        &config,
    ));
    observe(&mut fitter, &src, &tgt);
    let model = fitter.finish();
    let name = document_name(&args.src, &options.src_lang);
    let doc = align_split(name, src, tgt, &model, &config);

    let languages = args.options.languages();
    let filter = args.options.filter();
    let header = TmxHeader {
        creation_date: creation_date(creation_epoch()?),
    };
    let write_error = |path: &Path| format!("cannot write {}", display(path));
    match &args.output {
        Some(path) => {
            let created: io::Result<Box<dyn Writer>> = match format {
                Format::Tmx => TmxWriter::create(path, &languages, &header, filter)
                    .map(|w| Box::new(w) as Box<dyn Writer>),
                Format::Csv => CsvWriter::create(path, &languages, filter)
                    .map(|w| Box::new(w) as Box<dyn Writer>),
                Format::Tsv => TsvWriter::create(path, &languages, filter)
                    .map(|w| Box::new(w) as Box<dyn Writer>),
                Format::Jsonl => JsonlWriter::create(path, &languages, filter)
                    .map(|w| Box::new(w) as Box<dyn Writer>),
                Format::Moses => MosesWriter::create(path, &languages, filter)
                    .map(|w| Box::new(w) as Box<dyn Writer>),
                Format::Beads => {
                    let mut file = AtomicFile::create(path).with_context(|| write_error(path))?;
                    file.write_all(beads_text(&doc).as_bytes())
                        .and_then(|()| file.commit())
                        .with_context(|| write_error(path))?;
                    return Ok(Status::Success);
                }
            };
            let mut writer = created.with_context(|| write_error(path))?;
            writer.write_doc(&doc).with_context(|| write_error(path))?;
            writer.finish().with_context(|| write_error(path))?;
        }
        None => {
            let sink = BufWriter::new(io::stdout());
            let mut writer: Box<dyn Writer> = match format {
                Format::Tmx => Box::new(TmxWriter::new(
                    sink,
                    &languages,
                    &header,
                    filter,
                    stdout_commit,
                )?),
                Format::Csv => Box::new(CsvWriter::new(sink, &languages, filter, stdout_commit)?),
                Format::Tsv => Box::new(TsvWriter::new(sink, &languages, filter, stdout_commit)?),
                Format::Jsonl => {
                    Box::new(JsonlWriter::new(sink, &languages, filter, stdout_commit))
                }
                Format::Beads => {
                    let mut out = io::stdout().lock();
                    out.write_all(beads_text(&doc).as_bytes())?;
                    out.flush()?;
                    return Ok(Status::Success);
                }
                Format::Moses => {
                    return Err(Exit::usage(
                        "the moses format writes two files: give -o PREFIX",
                    ))
                }
            };
            writer.write_doc(&doc)?;
            writer.finish()?;
        }
    }
    Ok(Status::Success)
}
