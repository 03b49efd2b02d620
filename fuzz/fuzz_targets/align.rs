//! The aligner (and the boilerplate splice) on arbitrary sentence lists: every sentence in exactly one bead, in order, scores in [0, 1], boilerplate beads single and marked.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/reliability/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| invariants::fuzz_alignment(data));
