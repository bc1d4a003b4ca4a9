//! Bad input, table-driven: each [`Case`] adds a few files to the `minimal` fixture (one
//! valid case study, two institutions, one part with two modules), runs the real binary's
//! `casebook check --format json` and compares every diagnostic exactly (severity, code,
//! file, line, column, message, and the hint where the case gives one) and the exit code.
//! Then it runs `casebook build --output site/out`: a site with errors must exit 1 without
//! creating `site/out`; a valid one must exit 0 and produce the case's pages. `check` must
//! write nothing at all, and `build` nothing outside `site/out`: the whole temporary
//! directory (files, directories and symlinks) is compared before and after.
//!
//! Known product bugs are cases with `bug: Some(…)`: the table test skips them and an
//! `#[ignore]`d test per bug runs them, so `cargo test -- --ignored` shows them failing.
//! The table itself is in `table`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::support::{SiteTest, run_cli_with_timeout};

mod table;

use table::cases;

/// Longest a single run of the binary may take before it counts as hung. Far above what
/// any case needs (the slowest, the 20 MB file, takes about a second in a debug build).
const LIMIT: Duration = Duration::from_secs(120);

/// The minimal fixture's case study, `content/cases/good.md`. Cases derive their files
/// from it, so the line numbers below hold for every derived file:
///
/// ```text
///  1 ---                              7 date: 2022-01-10
///  2 title: A good result             8 domains: [Security monitoring]
///  3 bank: Alpha Bank                 9 ---
///  4 project: Core system            10
///  5 module: security-operation      11 ## Details
///  6 level: 2                        12
///                                    13 The result.
/// ```
const GOOD: &str = include_str!("../../fixtures/minimal/content/cases/good.md");

/// The minimal fixture's `content/_data/modules.yaml`.
const MODULES_TEXT: &str = include_str!("../../fixtures/minimal/content/_data/modules.yaml");

/// `GOOD` with the line `from` replaced by `to` (several lines allowed).
fn with(from: &str, to: &str) -> String {
    let line = format!("\n{from}\n");
    assert!(GOOD.contains(&line), "the baseline has no line `{from}`");
    GOOD.replacen(&line, &format!("\n{to}\n"), 1)
}

/// `GOOD` with `lines` added at the end of the front matter (the first becomes line 9).
fn plus(lines: &str) -> String {
    with("domains: [Security monitoring]", &format!("domains: [Security monitoring]\n{lines}"))
}

/// `GOOD` with another body (starting at line 11).
fn body(text: &str) -> String {
    let end = GOOD.find("\n---\n").unwrap() + 5;
    format!("{}\n{text}\n", &GOOD[..end])
}

/// One expected diagnostic.
#[derive(Debug, Clone, PartialEq)]
struct D {
    severity: &'static str,
    code: String,
    file: String,
    line: Option<u64>,
    column: Option<u64>,
    message: String,
    /// `None`: not compared.
    hint: Option<String>,
}

fn diag(severity: &'static str, code: &'static str, file: &str, at: Option<(u64, u64)>) -> D {
    D {
        severity,
        code: code.to_string(),
        file: file.to_string(),
        line: at.map(|a| a.0),
        column: at.map(|a| a.1),
        message: String::new(),
        hint: None,
    }
}

/// An error at `file:line:column`.
fn error(code: &'static str, file: &str, line: u64, column: u64, message: &str) -> D {
    D { message: message.into(), ..diag("error", code, file, Some((line, column))) }
}

/// A warning at `file:line:column`.
fn warning(code: &'static str, file: &str, line: u64, column: u64, message: &str) -> D {
    D { message: message.into(), ..diag("warning", code, file, Some((line, column))) }
}

/// An error about a whole file (no line or column).
fn file_error(code: &'static str, file: &str, message: &str) -> D {
    D { message: message.into(), ..diag("error", code, file, None) }
}

impl D {
    fn hint(mut self, hint: &str) -> D {
        self.hint = Some(hint.into());
        self
    }
}

/// `  error[code] file:line:column: message` (and `    = help: hint`), one per line.
fn lines(diags: &[D]) -> String {
    let mut out = Vec::new();
    for d in diags {
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        out.push(format!("  {}[{}] {}{at}: {}", d.severity, d.code, d.file, d.message));
        if let Some(hint) = &d.hint {
            out.push(format!("    = help: {hint}"));
        }
    }
    if out.is_empty() { "  (none)".into() } else { out.join("\n") }
}

/// One bad (or tricky but valid) input.
struct Case {
    name: &'static str,
    /// Files written into the site (paths relative to its root), replacing the fixture's.
    files: Vec<(String, Vec<u8>)>,
    /// More setup on the site root: big files, symbolic links.
    setup: Option<fn(&Path)>,
    /// Every diagnostic `check` reports, in report order.
    expect: Vec<D>,
    /// Output files a successful build must contain (only when `expect` has no error).
    pages: Vec<String>,
    /// A product bug makes this case fail: what it is.
    bug: Option<&'static str>,
}

fn case(name: &'static str) -> Case {
    Case { name, files: Vec::new(), setup: None, expect: Vec::new(), pages: Vec::new(), bug: None }
}

impl Case {
    fn file(mut self, path: &str, bytes: impl AsRef<[u8]>) -> Case {
        self.files.push((path.to_string(), bytes.as_ref().to_vec()));
        self
    }
    fn setup(mut self, f: fn(&Path)) -> Case {
        self.setup = Some(f);
        self
    }
    fn expect(mut self, diags: impl IntoIterator<Item = D>) -> Case {
        self.expect.extend(diags);
        self
    }
    fn builds(mut self, pages: &[&str]) -> Case {
        self.pages.extend(pages.iter().map(|p| p.to_string()));
        self
    }
    #[allow(dead_code, reason = "no case has a known bug right now; kept for the next one")]
    fn bug(mut self, what: &'static str) -> Case {
        self.bug = Some(what);
        self
    }
}

const C: &str = "content/cases/c.md";
const OTHER: &str = "content/cases/other.md";
const BANKS: &str = "content/_data/banks.yaml";
const MODULES: &str = "content/_data/modules.yaml";
const START_HINT: &str = "start the file with a line `---`, then the YAML front matter (title, bank, project, module, level, date, domains), then a closing `---`";
const YAML_HINT: &str = "simplify the YAML: deep nesting and alias expansion are limited";
const LEVEL_HINT: &str =
    "levels are 1 to 5, optionally with a plus grade such as `\"2+\"` (quote it)";
const DATE_HINT: &str = "write the date as YYYY-MM-DD, e.g. `2021-12-24`";
const SLUG_HINT: &str = "use letters, digits and hyphens, e.g. `zhengzhou-bank-e-banking`";
const DUP_HINT: &str =
    "every id, name and alias must identify one entry; remove or rename one of them";
const SITE_KEYS_HINT: &str = "known keys are: title, description, base_url, theme, language, languages, allow_html, per_page, max_file_size_mb, extra";
const TYPES: &str = "use one of: state-owned, joint-stock, city-commercial, rural-commercial, private, policy, foreign, securities, insurance, other";

/// Everything under `dir`: directories, files with their bytes and symbolic links with
/// their targets, keyed by `/`-separated relative path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, format!("symlink to {}", fs::read_link(&path).unwrap().display()));
            } else if meta.is_dir() {
                out.insert(rel.clone(), "directory".into());
                walk(base, &path, out);
            } else {
                let bytes = fs::read(&path).unwrap();
                let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
                });
                out.insert(rel, format!("file of {} bytes, hash {hash:016x}", bytes.len()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// What changed between two [`tree`]s.
pub(crate) fn changes(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, what) in after {
        match before.get(path) {
            None => out.push(format!("created {path} ({what})")),
            Some(old) if old != what => out.push(format!("changed {path}: {old} -> {what}")),
            Some(_) => {}
        }
    }
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).map(|p| format!("deleted {p}")));
    out
}

/// The diagnostics of a JSON report, as [`D`]s (hints kept where `expected` has one).
fn parse_report(stdout: &str, expected: &[D]) -> Result<Vec<D>, String> {
    let json: Value =
        serde_json::from_str(stdout).map_err(|e| format!("stdout is not JSON ({e}):\n{stdout}"))?;
    let list = json["diagnostics"].as_array().ok_or("no `diagnostics` array")?;
    let text = |v: &Value| v.as_str().map(str::to_string);
    let mut got = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let severity = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            other => return Err(format!("diagnostic {i} has severity {other:?}")),
        };
        let keep_hint = expected.get(i).is_some_and(|e| e.hint.is_some());
        got.push(D {
            severity,
            code: text(&d["code"]).unwrap_or_default(),
            file: text(&d["file"]).unwrap_or_default(),
            line: d["line"].as_u64(),
            column: d["column"].as_u64(),
            message: text(&d["message"]).unwrap_or_default(),
            hint: if keep_hint { text(&d["hint"]) } else { None },
        });
    }
    let errors = got.iter().filter(|d| d.severity == "error").count();
    let mut files: Vec<&str> = got.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let summary = serde_json::json!({
        "errors": errors, "warnings": got.len() - errors, "files": files.len()
    });
    if json["summary"] != summary {
        return Err(format!(
            "summary {} does not match the diagnostics ({summary})",
            json["summary"]
        ));
    }
    Ok(got)
}

/// Runs one case; `Err` says everything that went wrong.
fn run(case: &Case) -> Result<(), String> {
    let t = SiteTest::from_fixture("minimal");
    for (path, bytes) in &case.files {
        t.write(path, bytes);
    }
    if let Some(setup) = case.setup {
        setup(&t.root());
    }
    let mut problems = Vec::new();
    let before = tree(t.dir());

    let check = |extra: &[&str]| {
        let args = [&["check", "--root", "site", "--format", "json"], extra].concat();
        run_cli_with_timeout(t.dir(), &args, LIMIT)
            .ok_or_else(|| format!("`casebook {}` did not finish within {LIMIT:?}", args.join(" ")))
    };
    let run = check(&[])?;
    let errors = case.expect.iter().any(|d| d.severity == "error");
    let expected_code = i32::from(errors);
    if run.code != expected_code {
        problems.push(format!("check exited with {} instead of {expected_code}", run.code));
    }
    match parse_report(&run.stdout, &case.expect) {
        Ok(got) if got == case.expect => {}
        Ok(got) => problems.push(format!(
            "diagnostics differ\nexpected:\n{}\ngot:\n{}",
            lines(&case.expect),
            lines(&got)
        )),
        Err(e) => problems.push(e),
    }
    if !errors && !case.expect.is_empty() {
        let strict = check(&["--deny-warnings"])?;
        if strict.code != 1 {
            problems.push(format!("check --deny-warnings exited with {}", strict.code));
        }
    }
    let after_check = tree(t.dir());
    problems.extend(changes(&before, &after_check).into_iter().map(|c| format!("check {c}")));

    let build =
        run_cli_with_timeout(t.dir(), &["build", "--root", "site", "--output", "site/out"], LIMIT)
            .ok_or("`casebook build` did not finish")?;
    let out = t.root().join("out");
    if errors {
        if build.code != 1 || !build.stdout.is_empty() || out.exists() {
            problems.push(format!(
                "build should fail with exit code 1, print nothing on stdout and create no site/out: {build:?}, site/out exists: {}",
                out.exists()
            ));
        }
    } else if build.code != 0 {
        problems.push(format!("build failed: {build:?}"));
    } else {
        for page in &case.pages {
            if !out.join(page).is_file() {
                problems.push(format!("the build did not write {page}"));
            }
        }
    }
    let after_build = tree(t.dir());
    let outside: Vec<String> = changes(&before, &after_build)
        .into_iter()
        .filter(|c| !(c.starts_with("created site/out/") || c == "created site/out (directory)"))
        .collect();
    problems.extend(outside.into_iter().map(|c| format!("build wrote outside site/out: {c}")));

    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

/// Runs `cases` four at a time; panics listing every failing case.
fn assert_cases(cases: Vec<Case>) {
    let queue = std::sync::Mutex::new(cases);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().pop() else { break };
                    if let Err(e) = run(&case) {
                        failures.lock().unwrap().push(format!("--- {}:\n{e}", case.name));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// The case called `name`.
fn named(name: &str) -> Case {
    let mut all = cases();
    all.extend(symlink_cases());
    let i = all.iter().position(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    all.swap_remove(i)
}

#[test]
fn bad_inputs_are_reported_exactly() {
    let all = cases();
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "case names must be unique");
    assert_cases(all.into_iter().filter(|c| c.bug.is_none()).collect());
}

/// The error about a symbolic link at `file` leading outside the root (or nowhere).
#[cfg(unix)]
fn link_outside(file: &str) -> D {
    file_error(
        "symlink-outside-root",
        file,
        "this symbolic link leads outside the site root (or nowhere)",
    )
}

#[cfg(unix)]
fn symlink_cases() -> Vec<Case> {
    use std::os::unix::fs::symlink;
    vec![
        case("symlink_outside_root")
            .setup(|root| {
                fs::write(root.parent().unwrap().join("outside.md"), GOOD).unwrap();
                symlink("../../../outside.md", root.join("content/cases/outside.md")).unwrap();
            })
            .expect([link_outside("content/cases/outside.md")
                .hint("copy the file into the site instead of linking to it")]),
        case("symlink_to_nowhere")
            .setup(|root| {
                symlink("no-such-file.md", root.join("content/cases/dangling.md")).unwrap()
            })
            .expect([link_outside("content/cases/dangling.md")]),
        case("symlink_inside_root")
            .file("notes/inside.md", GOOD)
            .setup(|root| {
                symlink("../../notes/inside.md", root.join("content/cases/inside.md")).unwrap()
            })
            .builds(&["cases/inside/index.html", "cases/good/index.html"]),
        case("site_yaml_symlink_outside_root")
            .setup(|root| {
                fs::write(root.parent().unwrap().join("site.yaml"), "title: Outside\n").unwrap();
                fs::remove_file(root.join("site.yaml")).unwrap();
                symlink("../site.yaml", root.join("site.yaml")).unwrap();
            })
            .expect([link_outside("site.yaml")
                .hint("copy the file into the site instead of linking to it")]),
        case("data_folder_symlink_outside_root")
            .setup(|root| {
                fs::rename(root.join("content/_data"), root.parent().unwrap().join("data"))
                    .unwrap();
                symlink("../../data", root.join("content/_data")).unwrap();
            })
            .expect([link_outside("content/_data")
                .hint("copy the folder into the site instead of linking to it")]),
        case("data_file_symlink_to_nowhere")
            .setup(|root| {
                symlink("no-such-file.yaml", root.join("content/_data/results.yaml")).unwrap()
            })
            .expect([link_outside("content/_data/results.yaml")]),
        case("data_folder_symlink_inside_root")
            .setup(|root| {
                fs::rename(root.join("content/_data"), root.join("data")).unwrap();
                symlink("../data", root.join("content/_data")).unwrap();
            })
            .builds(&["cases/good/index.html", "institutions/alpha-bank/index.html"]),
    ]
}

#[cfg(not(unix))]
fn symlink_cases() -> Vec<Case> {
    Vec::new()
}

#[test]
fn symbolic_links_are_followed_only_inside_the_root() {
    assert_cases(symlink_cases().into_iter().filter(|c| c.bug.is_none()).collect());
}

#[cfg(unix)]
#[test]
fn symbolic_link_outside_the_root_is_an_error() {
    // Through the library, whose root is absolute: the path is right there.
    let t = SiteTest::from_fixture("minimal");
    fs::write(t.dir().join("outside.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("../../../outside.md", t.root().join("content/cases/outside.md"))
        .unwrap();
    assert_eq!(
        crate::support::describe_diagnostics(&t.build_err()),
        "error[symlink-outside-root]: content/cases/outside.md: this symbolic link leads outside the site root (or nowhere)\n  = help: copy the file into the site instead of linking to it"
    );
    assert!(!t.out().exists());
}

/// With a relative `--root` (`site` here, `.` by default) the file of a symlink error was
/// named with the root's prefix (`site/content/…`, `./content/…`).
#[cfg(unix)]
#[test]
fn symbolic_link_errors_name_the_file_relative_to_the_root() {
    assert_cases(vec![named("symlink_outside_root"), named("symlink_to_nowhere")]);
}

#[test]
fn duplicate_slug_points_at_the_explicit_slug() {
    assert_cases(vec![named("explicit_slug_in_a_file_sorting_first")]);
}

#[test]
fn file_names_differing_only_in_case_clash() {
    // Only where the file system keeps `Good.md` and `good.md` apart.
    let probe = tempfile::tempdir().unwrap();
    fs::write(probe.path().join("Probe"), "a").unwrap();
    if probe.path().join("probe").exists() {
        eprintln!("note: case-insensitive file system; skipping the Good.md/good.md clash");
        return;
    }
    assert_cases(vec![case("file_names_differing_only_in_case").file("content/cases/Good.md", GOOD).expect([
        error(
            "duplicate-slug",
            "content/cases/good.md",
            1,
            1,
            "slug `good` is already used by `content/cases/Good.md`: both would be written to /cases/good/",
        ),
    ])]);
}

#[test]
fn invalid_utf8_column_counts_characters() {
    assert_cases(vec![named("invalid_utf8_after_multibyte_text")]);
}

#[test]
fn byte_order_marks_are_accepted_in_config_and_registry() {
    assert_cases(vec![named("bom_in_site_yaml"), named("bom_in_registry")]);
}

#[test]
fn invalid_utf8_in_the_registry_is_an_error() {
    assert_cases(vec![named("invalid_utf8_in_registry"), named("invalid_utf8_in_modules")]);
}

/// `[` nesting split over lines used to escape the depth limit: 100 000 lines took ~50 s.
#[test]
fn deep_flow_nesting_across_lines_is_refused_quickly() {
    let start = std::time::Instant::now();
    assert_cases(vec![
        named("deep_flow_nesting_across_lines"),
        named("deep_flow_nesting_after_an_apostrophe"),
    ]);
    // Two cases, each a check, a strict check and a build: seconds, not the minute the
    // parser would need.
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
}

#[test]
fn invalid_utf8_in_site_yaml_is_an_error() {
    assert_cases(vec![named("invalid_utf8_in_site_yaml")]);
}

#[test]
fn one_bad_registry_entry_does_not_drop_the_others() {
    assert_cases(vec![
        named("registry_bad_entry_keeps_the_others"),
        named("registry_bad_module_keeps_its_part"),
        named("registry_entry_without_name"),
        named("registry_syntax_error"),
    ]);
}

#[test]
fn non_string_keys_are_reported_at_their_line() {
    assert_cases(vec![named("non_string_keys")]);
}

#[test]
fn duplicate_registry_ids_point_at_the_duplicate() {
    assert_cases(vec![named("registry_duplicate_bank_id"), named("registry_duplicate_module_id")]);
}
