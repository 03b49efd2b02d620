//! Decode → normalise → split (en, id, generic, presegmented) on arbitrary bytes: spans in order, within bounds, on character boundaries, only whitespace between them; normalisation idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/reliability/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| invariants::check_text(data));
