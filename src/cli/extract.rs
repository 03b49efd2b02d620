//! `selaras extract`: the text the pipeline would split, as it was read from a file.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{extract_file, Encoding, InputFormat};

use super::{parse_encoding, parse_input_format, Status};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file to read: plain text, a web page (.html, .htm), a Word file (.docx) or an
    /// OpenDocument text (.odt).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Read the file in this format whatever its extension: txt, html, docx or odt.
    #[arg(long, value_name = "F", value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
    /// Write one JSON line {"file": ..., "format": ..., "paragraphs": [...]}.
    #[arg(long)]
    jsonl: bool,
    /// Encoding of plain text (and of a web page that names none): utf-8 (default), latin1,
    /// windows-1250 to windows-1258, iso-8859-2 to iso-8859-16, …
    #[arg(long, value_name = "E", default_value = "utf-8", value_parser = parse_encoding)]
    encoding: Encoding,
}

pub fn extract(args: ExtractArgs) -> anyhow::Result<Status> {
    let (format, paragraphs) = extract_file(&args.file, args.input_format, args.encoding)?;
    let mut out = BufWriter::new(super::stdout()?);
    let mut write = || -> std::io::Result<()> {
        if args.jsonl {
            let record = serde_json::json!({
                "file": args.file.display().to_string(),
                "format": format.name(),
                "paragraphs": paragraphs,
            });
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        } else {
            for (i, paragraph) in paragraphs.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                writeln!(out, "{paragraph}")?;
            }
        }
        out.flush()
    };
    write().context(super::WRITING_STDOUT)?;
    Ok(Status::Success)
}
