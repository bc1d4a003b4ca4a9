//! Inputs the `case_file` fuzz target once failed on, replayed with a stable toolchain.
//!
//! Every file in `fuzz/regressions/` goes through the very checks of the fuzz target
//! (`fuzz/common/case_file_check.rs`, included below): load, validate and render one case
//! file in memory, check its links, write the three reports, and assert the invariants.
//! To add a regression, minimise the crash (`cargo fuzz tmin`, see `fuzz/README.md`) and
//! copy it into `fuzz/regressions/` under a name that says what broke.

use std::fs;
use std::panic;
use std::path::PathBuf;

use casebook::render::{self, Highlighter, RenderOptions};

#[path = "../../fuzz/common/case_file_check.rs"]
mod check;

fn regressions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz").join("regressions")
}

#[test]
fn every_fuzz_regression_passes_the_fuzz_checks() {
    let mut files: Vec<PathBuf> = fs::read_dir(regressions_dir())
        .expect("fuzz/regressions/ exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| {
            p.is_file() && p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in fuzz/regressions/");
    let mut failed = Vec::new();
    for path in &files {
        let data = fs::read(path).expect("readable regression input");
        if panic::catch_unwind(|| check::run(&data)).is_err() {
            failed.push(path.file_name().unwrap_or_default().to_string_lossy().into_owned());
        }
    }
    assert!(failed.is_empty(), "fuzz regressions failing (panic messages above): {failed:?}");
}

/// `fuzz/regressions/heading-attribute-event-handler.md`, spelled out: with raw HTML
/// escaped, Markdown heading attributes (`{#id .class key=value}`) must not smuggle in
/// an event handler.
#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let h = Highlighter::default();
    let r = render::render(
        "## Contact {#contact onclick=alert(1) onmouseover=alert(2)}\n",
        RenderOptions { base_path: "/", allow_html: false, highlighter: &h },
    );
    assert!(r.html.text().contains("id=\"contact\""), "{}", r.html.text());
    assert!(
        !r.html.text().contains("onclick") && !r.html.text().contains("onmouseover"),
        "{}",
        r.html.text()
    );
}

/// `fuzz/regressions/lone-cr-line-numbers.md`, spelled out: a YAML error after lines
/// that end in a lone `\r` is reported on a line of the file as reports count them
/// (`\n`), not as the YAML parser counts them (`\r` is a line break in YAML).
#[test]
fn yaml_errors_after_lone_carriage_returns_stay_inside_the_file() {
    let text = "---\ntitle: a\r\r\r\r\r\r\r\r\r\rb: \"\n---\nbody\n";
    let (registry, _) = casebook::model::registry::Registry::parse(None, None);
    let today = casebook::model::Date { year: 2026, month: 1, day: 1 };
    let (_, diags) = casebook::content::frontmatter::parse(
        "content/cases/x.md",
        text,
        &registry,
        casebook::model::Lang::En,
        today,
    );
    let lines = text.lines().count();
    assert!(!diags.is_empty());
    for d in &diags {
        assert!(d.line.is_some_and(|l| (1..=lines + 1).contains(&l)), "{d:?} in {lines} lines");
    }
}
