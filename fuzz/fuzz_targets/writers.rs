//! Every writer (CSV, TSV, JSONL, TMX, beads) on an arbitrary document: the output parses back to the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/reliability/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| invariants::fuzz_writers(data));
