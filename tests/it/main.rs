//! End-to-end tests of casebook: one integration-test crate (like mdBook's
//! `tests/testsuite/main.rs`) so that the binary and the library are linked once.
//!
//! Every test copies a fixture site from `tests/fixtures/` into a temporary directory with
//! [`support::SiteTest`], builds it with the real library or runs the real binary on it,
//! and asserts on the output.

mod bad_input;
mod browser;
mod build;
mod case_page;
mod charts;
mod cli;
mod errors;
mod escaping;
mod fuzz_regressions;
mod hardening;
mod html;
mod i18n;
mod inputs;
mod kitchen;
mod layout;
mod links;
mod matrix;
mod output_safety;
mod overview;
mod pagination;
mod reports;
mod results;
mod results_browser;
mod results_page;
mod search;
mod search_oracle;
mod serve;
mod stats;
mod support;
mod terms;
mod theme;
