//! Fuzz target `case_file`: one case-study file through load → validate → render → link
//! check → reports, in memory. The stages and invariants live in
//! `fuzz/common/case_file_check.rs` (shared with `tests/it/fuzz_regressions.rs`); see
//! `fuzz/README.md`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/case_file_check.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
