//! `selaras split`: sentence segmentation on its own.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{read_input, split_text, write_split, Encoding, Input, InputFormat, Lang};

use super::{parse_encoding, parse_input_format, parse_lang, Status};

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The text to split (`-` or nothing: stdin).
    #[arg(value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// The language's rules to split by: an ISO 639-1 code (en, id; languages without rules of
    /// their own get the generic ones).
    #[arg(long, value_name = "L", value_parser = parse_lang)]
    lang: Lang,
    /// Read JSON lines {"id": ..., "text": ...} and write {"id": ..., "sentences": [...]}.
    #[arg(long)]
    jsonl: bool,
    /// Leave out the lines recognised as web boilerplate.
    #[arg(long)]
    strip_boilerplate: bool,
    /// Encoding of the input: utf-8 (default), latin1 (read as windows-1252), windows-1250 to
    /// windows-1258, iso-8859-2 to iso-8859-16, …
    #[arg(long, value_name = "E", default_value = "utf-8", value_parser = parse_encoding)]
    encoding: Encoding,
    /// Read the input in this format whatever its extension: txt, html, docx or odt (default:
    /// by extension; stdin is plain text).
    #[arg(long, value_name = "F", value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
}

pub fn split(args: SplitArgs) -> anyhow::Result<Status> {
    let input = match &args.input {
        Some(path) if path.as_os_str() != "-" => Input::File(path.clone()),
        _ => Input::Stdin,
    };
    if let Some(warning) = args.lang.warning() {
        eprintln!("selaras: warning: {warning}");
    }
    let name = input.display();
    let text = read_input(&input, args.input_format, args.encoding)?;
    let strip = args.strip_boilerplate;
    let mut out = BufWriter::new(super::stdout()?);
    if !args.jsonl {
        write_split(text, args.lang, strip, &mut out)
            .and_then(|()| out.flush())
            .context(super::WRITING_STDOUT)?;
        return Ok(Status::Success);
    }
    for (n, line) in io::Cursor::new(text.as_bytes()).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{name}: line {}: not a JSON object", n + 1))?;
        let text = value
            .get("text")
            .and_then(serde_json::Value::as_str)
            .with_context(|| format!("{name}: line {}: no string field \"text\"", n + 1))?;
        let record = serde_json::json!({
            "id": value.get("id").cloned().unwrap_or(serde_json::Value::Null),
            "sentences": split_text(text, args.lang, strip),
        });
        serde_json::to_writer(&mut out, &record)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .context(super::WRITING_STDOUT)?;
    }
    out.flush().context(super::WRITING_STDOUT)?;
    Ok(Status::Success)
}
