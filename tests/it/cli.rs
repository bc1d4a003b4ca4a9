//! The `casebook` binary: arguments, exit codes, stdout and stderr.

use crate::errors::INVALID;
use crate::kitchen::CASES;
use crate::support::{SiteTest, list_files, run_cli};

/// Parses `built N pages (C case studies, F files) into OUT in T ms`.
fn parse_summary(line: &str) -> (usize, usize, usize, String) {
    let rest = line.strip_prefix("built ").unwrap_or_else(|| panic!("unexpected summary `{line}`"));
    let (pages, rest) = rest.split_once(" pages (").unwrap();
    let (cases, rest) = rest.split_once(" case studies, ").unwrap();
    let (files, rest) = rest.split_once(" files) into ").unwrap();
    let (out, ms) = rest.rsplit_once(" in ").unwrap();
    let ms = ms.strip_suffix(" ms").unwrap_or_else(|| panic!("no ` ms` at the end of `{line}`"));
    ms.parse::<u64>().unwrap();
    (pages.parse().unwrap(), cases.parse().unwrap(), files.parse().unwrap(), out.to_string())
}

#[test]
fn build_prints_one_summary_line() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = t.run_cli(&["build", "--root", "site", "--output", "out"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "a clean build prints nothing on stderr");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{run:?}");
    let (pages, cases, files, out) = parse_summary(lines[0]);
    let written = list_files(&t.dir().join("out"));
    assert_eq!(pages, written.iter().filter(|f| f.ends_with(".html")).count());
    assert_eq!(files, written.len());
    assert_eq!(cases, CASES.len());
    assert_eq!(out, "out");
}

#[test]
fn build_defaults_to_root_public() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = run_cli(&t.root(), &["build", "--drafts"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (_, cases, _, out) = parse_summary(run.stdout.trim_end());
    assert_eq!(cases, CASES.len() + 1);
    assert_eq!(out, "./public");
    assert!(t.root().join("public/cases/gamma-draft/index.html").is_file());
}

#[test]
fn warnings_go_to_stderr_and_the_build_succeeds() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let case = "content/cases/zeta-build.md";
    t.write(case, t.read_source(case).replace("2024-04-04", "2999-04-04"));
    let run = t.run_cli(&["build", "--root", "site", "-o", "out"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "warning[future-date]",
        "date 2999-04-04 is in the future",
        "content/cases/zeta-build.md:7:",
        "help: `date` is the day the result was announced; check the year",
    ] {
        assert!(run.stderr.contains(needle), "stderr lacks `{needle}`:\n{}", run.stderr);
    }
    assert!(run.stderr.ends_with("\n0 errors, 1 warning in 1 file\n"), "{}", run.stderr);
    assert!(run.stdout.starts_with("built "), "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
}

#[test]
fn invalid_sites_exit_1_with_located_diagnostics() {
    for e in INVALID {
        let t = SiteTest::from_fixture(&format!("invalid/{}", e.case));
        let run = t.run_cli(&["build", "--root", "site", "--output", "out"]);
        assert_eq!(run.code, 1, "{}: {run:?}", e.case);
        assert_eq!(run.stdout, "", "{}", e.case);
        let code = format!("error[{}]", e.code);
        let hint = format!("help: {}", e.hint);
        for needle in [code.as_str(), e.location, e.message, hint.as_str()] {
            assert!(
                run.stderr.contains(needle),
                "{}: stderr lacks `{needle}`:\n{}",
                e.case,
                run.stderr
            );
        }
        assert!(
            run.stderr.ends_with(
                "\n1 error, 0 warnings in 1 file\nerror: build failed: 1 error, 0 warnings in 1 file; nothing was written\n"
            ),
            "{}: {}",
            e.case,
            run.stderr
        );
        assert!(!t.dir().join("out").exists(), "{}: a failed build wrote output", e.case);
    }
}

#[test]
fn bad_base_url_is_a_usage_error() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = t.run_cli(&["build", "--root", "site", "--output", "out", "--base-url", "not-a-url"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: --base-url: base URL `not-a-url` must start with `http://`, `https://` or `/`\n  = help: use an absolute URL such as `https://example.org/cases/` or a path such as `/cases/`\n"
    );
    assert!(!t.dir().join("out").exists());
}

#[test]
fn missing_root_and_unknown_options_are_usage_errors() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = t.run_cli(&["build", "--root", "no-such-dir", "--output", "out"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr, "error: site root `no-such-dir` is not a directory\n");
    let run = t.run_cli(&["build", "--no-such-option"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--no-such-option"), "{run:?}");
    let run = t.run_cli(&[]);
    assert_eq!(run.code, 2, "a missing subcommand is a usage error: {run:?}");
}

#[test]
fn help_mentions_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_cli(dir.path(), &["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "build",
        "--help",
        "--version",
        "Exit codes: 0 success, 1 content errors, 2 usage or I/O errors.",
    ] {
        assert!(run.stdout.contains(needle), "`casebook --help` lacks `{needle}`:\n{}", run.stdout);
    }
    let run = run_cli(dir.path(), &["build", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "--root <DIR>",
        "-o, --output <DIR>",
        "--base-url <URL>",
        "--drafts",
        "--help",
        "--version",
    ] {
        assert!(
            run.stdout.contains(needle),
            "`casebook build --help` lacks `{needle}`:\n{}",
            run.stdout
        );
    }
    let run = run_cli(dir.path(), &["check", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in ["--root <DIR>", "--drafts", "--format <FORMAT>", "--deny-warnings", "--help"] {
        assert!(
            run.stdout.contains(needle),
            "`casebook check --help` lacks `{needle}`:\n{}",
            run.stdout
        );
    }
    let run = run_cli(dir.path(), &["--version"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, concat!("casebook ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "--help wrote files");
}

#[test]
fn check_reports_invalid_sites_as_json_and_writes_nothing() {
    for e in INVALID {
        let t = SiteTest::from_fixture(&format!("invalid/{}", e.case));
        let run = t.run_cli(&["check", "--root", "site", "--format", "json"]);
        assert_eq!(run.code, 1, "{}: {run:?}", e.case);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|err| {
            panic!("{}: stdout is not JSON ({err}):\n{}", e.case, run.stdout)
        });
        assert_eq!(
            json["summary"],
            serde_json::json!({"errors": 1, "warnings": 0, "files": 1}),
            "{}",
            e.case
        );
        let d = &json["diagnostics"][0];
        let location = format!("{}:{}:{}", d["file"].as_str().unwrap(), d["line"], d["column"]);
        assert_eq!(
            (d["severity"].as_str(), d["code"].as_str(), location.as_str()),
            (Some("error"), Some(e.code), e.location),
            "{}",
            e.case
        );
        assert_eq!(
            (d["message"].as_str(), d["hint"].as_str()),
            (Some(e.message), Some(e.hint)),
            "{}",
            e.case
        );
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{}", e.case);
    }
}

#[test]
fn check_of_a_clean_site_passes_without_writing() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = t.run_cli(&["check", "--root", "site"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "no problems found\n", "")
    );
    let mut names: Vec<String> = std::fs::read_dir(t.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["site"]);
    assert!(!t.root().join("public").exists(), "check wrote an output directory");
}

#[test]
fn output_that_would_replace_the_sources_is_refused() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let before = crate::support::snapshot(&t.root());
    let dir = std::fs::canonicalize(t.dir()).unwrap();
    for (output, resolved) in [("site", dir.join("site")), (".", dir.clone())] {
        let message = format!(
            "error: refusing to use `{output}` (`{}`) as output: it contains the site's sources\n  \
             = help: choose a folder outside the sources, such as `public` in the site root; \
             --force does not override this\n",
            resolved.display()
        );
        let run = t.run_cli(&["build", "--root", "site", "--output", output]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", message.as_str()),
            "--output {output}"
        );
    }
    std::fs::write(t.dir().join("a-file"), "x").unwrap();
    let run = t.run_cli(&["build", "--root", "site", "--output", "a-file"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: `a-file` exists and is not a directory\n")
    );
    assert!(crate::support::snapshot(&t.root()) == before, "the sources changed");
}

#[test]
fn output_inside_the_sources_is_refused() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let run = t.run_cli(&["build", "--root", "site", "--output", "site/content"]);
    let survived = t.root().join("content/cases/zeta-build.md").is_file();
    assert!(survived, "the build deleted content/cases/ ({run:?})");
    assert_eq!(run.code, 2, "{run:?}");
}
