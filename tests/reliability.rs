//! Reliability: every input error located and explained, batches that go on, outputs that are
//! never partial, writers that round-trip, fuzz invariants, determinism and linear time.
//!
//! One integration-test binary (faster to build); each concern is a module under
//! `tests/reliability/`. Fixtures are written by the tests themselves into temporary folders.

#[path = "reliability/common.rs"]
mod common;
#[path = "reliability/invariants.rs"]
mod invariants;

#[path = "reliability/batch.rs"]
mod batch;
#[path = "reliability/determinism.rs"]
mod determinism;
#[path = "reliability/errors.rs"]
mod errors;
#[path = "reliability/files.rs"]
mod files;
#[path = "reliability/fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "reliability/properties.rs"]
mod properties;
#[path = "reliability/scale.rs"]
mod scale;
