//! Diagnostic reports of the real binary in its three formats, snapshot-tested on the
//! `report_formats` fixture (a registry error, an error with a did-you-mean hint, a warning
//! and a YAML syntax error, in three files), plus the JSON schema, GitHub escaping, sorting,
//! the closing count and when colour is used.
//!
//! Snapshots live in `tests/it/snapshots/`; regenerate with `INSTA_UPDATE=always cargo test`
//! (or `cargo insta review`) and review every change like code.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{CliOutput, SiteTest, run_cli, run_cli_env};

/// The `report_formats` fixture. (It lives outside `tests/fixtures/invalid/`, whose every
/// site must report exactly one diagnostic: see `errors::every_invalid_fixture_is_covered`.)
fn fixture() -> SiteTest {
    SiteTest::from_fixture("report_formats")
}

/// `casebook check --root site --format <format>` in the fixture's temporary directory,
/// with the directory's path replaced by `[TMP]` should it appear.
fn check(t: &SiteTest, format: &str) -> CliOutput {
    let run = run_cli(t.dir(), &["check", "--root", "site", "--format", format]);
    let tmp = t.dir().display().to_string();
    CliOutput {
        code: run.code,
        stdout: run.stdout.replace(&tmp, "[TMP]"),
        stderr: run.stderr.replace(&tmp, "[TMP]"),
    }
}

#[test]
fn human_report() {
    let t = fixture();
    let run = check(&t, "human");
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
    insta::assert_snapshot!("check_human_stderr", run.stderr);
}

#[test]
fn human_report_of_a_failed_build() {
    let t = fixture();
    let run = run_cli(t.dir(), &["build", "--root", "site", "--output", "out"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
    assert!(!t.dir().join("out").exists());
    insta::assert_snapshot!("build_human_stderr", run.stderr);
}

#[test]
fn json_report() {
    let t = fixture();
    let run = check(&t, "json");
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("check_json_stdout", run.stdout);
}

#[test]
fn github_report() {
    let t = fixture();
    let run = check(&t, "github");
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("check_github_stdout", run.stdout);
}

/// Asserts that `v` has exactly the keys `keys`.
#[track_caller]
fn assert_keys(v: &Value, keys: &[&str]) {
    let mut got: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    got.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "{v}");
}

#[test]
fn json_report_field_names_and_types() {
    let t = fixture();
    // Add a diagnostic without a position (an unknown theme is about the whole site.yaml).
    t.write("site.yaml", t.read_source("site.yaml") + "theme: no-such-theme\n");
    let run = check(&t, "json");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_keys(&v, &["version", "summary", "diagnostics"]);
    assert_eq!(v["version"], 1);
    assert_keys(&v["summary"], &["errors", "warnings", "files"]);
    assert_eq!(v["summary"], serde_json::json!({"errors": 4, "warnings": 1, "files": 4}));
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 5);
    let number_or_null = |x: &Value| x.is_u64() || x.is_null();
    for d in diags {
        assert_keys(
            d,
            &["severity", "code", "file", "line", "column", "end_column", "message", "hint"],
        );
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")), "{d}");
        for key in ["code", "file", "message"] {
            assert!(d[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {d}");
        }
        for key in ["line", "column", "end_column"] {
            assert!(number_or_null(&d[key]), "{key}: {d}");
        }
        assert!(d["hint"].is_string() || d["hint"].is_null(), "{d}");
        if d["line"].is_u64() {
            assert!(d["column"].as_u64() >= Some(1), "a line comes with a column: {d}");
        }
        if let Some(end) = d["end_column"].as_u64() {
            assert!(end > d["column"].as_u64().unwrap(), "{d}");
        }
    }
    let themeless = diags.iter().find(|d| d["code"] == "unknown-theme").expect("unknown-theme");
    assert_eq!(
        (&themeless["file"], &themeless["line"], &themeless["column"], &themeless["end_column"]),
        (&Value::from("site.yaml"), &Value::Null, &Value::Null, &Value::Null)
    );
}

#[test]
fn every_format_is_sorted_by_file_then_line_and_counts_at_the_end() {
    let t = fixture();
    let json: Value = serde_json::from_str(&check(&t, "json").stdout).unwrap();
    let order: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let expected: Vec<(String, u64)> = [
        ("content/_data/banks.yaml", 7),
        ("content/cases/announced.md", 2),
        ("content/cases/announced.md", 4),
        ("content/cases/broken-yaml.md", 5),
    ]
    .map(|(f, l)| (f.to_string(), l))
    .to_vec();
    assert_eq!(order, expected);
    // The warning on line 2 comes before the error on line 4: by line, not by severity.
    assert_eq!(json["diagnostics"][1]["severity"], "warning");

    let human = check(&t, "human").stderr;
    let locations: Vec<String> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("┌─ "))
        .map(|loc| loc.rsplit_once(':').unwrap().0.to_string())
        .collect();
    let expected_locations: Vec<String> =
        expected.iter().map(|(f, l)| format!("{f}:{l}")).collect();
    assert_eq!(locations, expected_locations, "{human}");
    assert!(human.ends_with("\n3 errors, 1 warning in 3 files\n"), "{human}");

    let github = check(&t, "github").stdout;
    let files: Vec<&str> = github
        .lines()
        .filter_map(|l| l.split_once(" file=").map(|(_, rest)| rest.split(',').next().unwrap()))
        .collect();
    assert_eq!(files, expected.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), "{github}");
    assert!(
        github.ends_with("::notice title=casebook::3 errors, 1 warning in 3 files\n"),
        "{github}"
    );
}

#[test]
fn github_commands_escape_file_names_and_messages() {
    // `%`, `,`, `:` and a newline in the file name; `%` in the message.
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    t.write("content/cases/50%, a:b\nc.md", good.replace("bank: Alpha Bank", "bank: 100% Bnak"));
    let run = check(&t, "github");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout,
        "::error file=content/cases/50%25%2C a%3Ab%0Ac.md,line=3,col=7,endColumn=16,title=casebook unknown-institution::unknown institution `100%25 Bnak`%0Ahelp: add the institution to `content/_data/banks.yaml` or use the id, name or alias of one that is there\n\
         ::notice title=casebook::1 error, 0 warnings in 1 file\n"
    );
}

/// Runs the binary under a pseudo-terminal with `script(1)` (util-linux), removing
/// `NO_COLOR` from the environment and adding `env`. `None` when `script` is missing.
fn run_on_a_terminal(cwd: &Path, args: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"].into_iter().find(|p| Path::new(p).is_file())?;
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_casebook"));
    let out = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .output()
        .expect("cannot run script(1)");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let t = fixture();
    for args in [
        &["check", "--root", "site"][..],
        &["check", "--root", "site", "--format", "human"],
        &["build", "--root", "site", "--output", "out"],
    ] {
        // Not a terminal: no colour, even with a colour-capable TERM and no NO_COLOR.
        let plain = run_cli_env(t.dir(), args, &[("TERM", "xterm-256color")], &["NO_COLOR"]);
        assert!(plain.stderr.contains("error[unknown-institution]"), "{plain:?}");
        assert!(!plain.stderr.contains("\x1b["), "colour without a terminal: {plain:?}");
        assert!(!plain.stdout.contains("\x1b["), "colour without a terminal: {plain:?}");
        // NO_COLOR=1 (what `run_cli` sets): none either.
        let run = run_cli(t.dir(), args);
        assert!(!run.stderr.contains("\x1b["), "{run:?}");
    }
    // On a terminal: colour, unless NO_COLOR is set (to anything).
    let Some(coloured) = run_on_a_terminal(t.dir(), "check --root site", &[]) else {
        eprintln!("note: script(1) not found; not testing colour on a terminal");
        return;
    };
    assert!(coloured.contains("\x1b["), "no colour on a terminal:\n{coloured}");
    assert!(coloured.contains("unknown-institution"), "{coloured}");
    for value in ["1", "yes"] {
        let plain =
            run_on_a_terminal(t.dir(), "check --root site", &[("NO_COLOR", value)]).unwrap();
        assert!(plain.contains("unknown-institution"), "{plain}");
        assert!(!plain.contains("\x1b["), "colour with NO_COLOR={value}:\n{plain}");
    }
}
