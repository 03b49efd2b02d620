//! `selaras dedup-keys`: the key `--dedup` deduplicates each row of a JSONL bitext on.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::export::corpus_filter::dedup_key;
use selaras::pipeline::Lang;

use super::{display, Status};

#[derive(Debug, Args)]
pub struct DedupKeysArgs {
    /// JSON lines as `run --format jsonl` writes them (`-`: stdin).
    #[arg(value_name = "FILE|-")]
    input: PathBuf,
    /// The source language: the key of the row's source text in "translation".
    #[arg(long, default_value = "en", value_name = "L", value_parser = super::parse_lang)]
    src_lang: Lang,
    /// The target language, as --src-lang.
    #[arg(long, default_value = "id", value_name = "L", value_parser = super::parse_lang)]
    tgt_lang: Lang,
}

pub fn dedup_keys(args: DedupKeysArgs) -> anyhow::Result<Status> {
    let reader: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.input)
            .with_context(|| format!("cannot read {}", display(&args.input)))?;
        Box::new(std::io::BufReader::new(file))
    };
    let (src, tgt) = (args.src_lang.code(), args.tgt_lang.code());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (k, line) in reader.lines().enumerate() {
        let place = || format!("{}:{}", display(&args.input), k + 1);
        let line = line.with_context(|| format!("cannot read {}", place()))?;
        // A byte-order mark (a file saved with one) is not part of the row.
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(&line);
        let row: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}: not a JSON object", place()))?;
        let text = |lang: &str| {
            row["translation"][lang].as_str().ok_or_else(|| {
                anyhow::anyhow!("{}: no string translation.{lang} in the row", place())
            })
        };
        writeln!(out, "{:016x}", dedup_key(text(src)?, text(tgt)?))?;
    }
    out.flush()?;
    Ok(Status::Success)
}
