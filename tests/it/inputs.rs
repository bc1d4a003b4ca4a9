//! What the loader reads, on real sites in temporary directories (issue 13, "inputs"):
//!
//! - a symbolic link that leads outside the site root is refused wherever it stands
//!   (`site.yaml`, each data file, `content/_data/`, `content/`, a theme, its templates and
//!   static files, `static/`), and the content of the file it leads to appears in no
//!   output of `check` (human, JSON, GitHub) or `build`;
//! - a FIFO or socket in place of an input file is an error, never a hang (each run of the
//!   binary has a watchdog that kills it, and a killed run fails the test);
//! - a site without `content/` is an error, not an empty site;
//! - case studies ending in `.MD` (any case) are read like `.md`.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::support::{CliOutput, SiteTest, run_cli_with_timeout};

/// Longest a run of the binary may take before the watchdog kills it as hung: far above
/// the second a run on the minimal fixture takes in a debug build.
const LIMIT: Duration = Duration::from_secs(120);

/// Stands in for a private key: written only into files outside the site root.
const MARKER: &str = "CASEBOOK-SECRET-MARKER-5d1e";

/// Text of the secret file `name`. Were it read, casebook would quote it: a YAML file or a
/// case study is one string (quoted by "invalid type: string …" in every format, and by
/// the source line of the human format), a template is a syntax error on that line.
fn secret(name: &str) -> String {
    if name.ends_with(".html") {
        format!("{{% if %}}{MARKER}\n")
    } else {
        format!("-----BEGIN OPENSSH PRIVATE KEY----- {MARKER}\n")
    }
}

/// Runs the binary in the test's directory on the site `site/`, under the watchdog.
fn cli(t: &SiteTest, args: &[&str]) -> CliOutput {
    let args: Vec<&str> = args.iter().copied().chain(["--root", "site"]).collect();
    run_cli_with_timeout(t.dir(), &args, LIMIT)
        .unwrap_or_else(|| panic!("`casebook {}` hung: killed after {LIMIT:?}", args.join(" ")))
}

/// The (code, file) of every diagnostic in a JSON report.
fn codes(stdout: &str) -> Vec<(String, String)> {
    let json: Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    json["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| (d["code"].as_str().unwrap().into(), d["file"].as_str().unwrap().into()))
        .collect()
}

/// Runs `check` in every format and `build`; none may print anything of `MARKER`, each
/// must fail with exit code 1, the JSON report must have `code` at `file`, and the build
/// must write no output. `Err` says what went wrong.
fn refused(t: &SiteTest, code: &str, file: &str) -> Result<(), String> {
    let mut runs: Vec<(String, CliOutput)> = ["human", "json", "github"]
        .iter()
        .map(|format| (format!("check --format {format}"), cli(t, &["check", "--format", format])))
        .collect();
    runs.push(("build".into(), cli(t, &["build", "--output", "site/out"])));
    for (what, run) in &runs {
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if text.contains(MARKER) {
                return Err(format!("`{what}` quoted the file outside on {stream}:\n{text}"));
            }
        }
        if run.code != 1 {
            return Err(format!("`{what}` exited with {}: {run:?}", run.code));
        }
    }
    let got = codes(&runs[1].1.stdout);
    if !got.contains(&(code.to_string(), file.to_string())) {
        return Err(format!("expected {code} at {file}, got {got:?}"));
    }
    if t.root().join("out").exists() {
        return Err("a failed build wrote site/out".into());
    }
    Ok(())
}

/// The minimal fixture with the folder `outside/` next to the site (outside its root),
/// holding secret files under every name the loader reads.
fn site_with_secrets() -> SiteTest {
    let t = SiteTest::from_fixture("minimal");
    let outside = t.dir().join("outside");
    for rel in [
        "secret.yaml",
        "secret.md",
        "secret.css",
        "data/banks.yaml",
        "data/modules.yaml",
        "data/domains.yaml",
        "data/results.yaml",
        "data/reported.yaml",
        "content/_data/banks.yaml",
        "content/_data/modules.yaml",
        "content/cases/leak.md",
        "theme/templates/base.html",
        "theme/templates/case.html",
        "theme/static/leak.css",
        "static/leak.css",
    ] {
        let path = outside.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, secret(rel)).unwrap();
    }
    t
}

#[cfg(unix)]
fn link(t: &SiteTest, target_in_outside: &str, at: &str) {
    let at = t.root().join(at);
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    let _ = fs::remove_file(&at);
    if at.is_dir() {
        fs::remove_dir_all(&at).unwrap();
    }
    std::os::unix::fs::symlink(t.dir().join("outside").join(target_in_outside), at).unwrap();
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_root_are_refused_and_never_quoted() {
    // (link in the site, its target under outside/, whether the site must use theme `mine`)
    let cases: &[(&str, &str, bool)] = &[
        ("site.yaml", "secret.yaml", false),
        ("content/_data/banks.yaml", "secret.yaml", false),
        ("content/_data/modules.yaml", "secret.yaml", false),
        ("content/_data/domains.yaml", "secret.yaml", false),
        ("content/_data/results.yaml", "secret.yaml", false),
        ("content/_data/reported.yaml", "secret.yaml", false),
        ("content/_data", "data", false),
        ("content", "content", false),
        ("content/cases/leak.md", "secret.md", false),
        ("themes/mine", "theme", true),
        ("themes/mine/templates", "theme/templates", true),
        ("themes/mine/templates/base.html", "theme/templates/base.html", true),
        ("themes/mine/static", "theme/static", true),
        ("static", "static", false),
        ("static/leak.css", "secret.css", false),
    ];
    let mut failures = Vec::new();
    for &(at, target, themed) in cases {
        let t = site_with_secrets();
        if themed {
            t.write("site.yaml", "title: Minimal site\ntheme: mine\n");
            fs::create_dir_all(t.root().join("themes/mine/templates")).unwrap();
        }
        link(&t, target, at);
        if let Err(e) = refused(&t, "symlink-outside-root", at) {
            failures.push(format!("--- {at} -> outside/{target}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} link(s) not refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A link to a folder outside is one problem, reported once, however many inputs lie
/// behind it.
#[cfg(unix)]
#[test]
fn a_data_folder_leading_outside_is_reported_once() {
    let t = site_with_secrets();
    link(&t, "data", "content/_data");
    let run = cli(&t, &["check", "--format", "json"]);
    assert_eq!(
        codes(&run.stdout),
        [("symlink-outside-root".to_string(), "content/_data".to_string())],
        "{run:?}"
    );
}

/// Links that resolve inside the root are followed, whatever they are: a data folder, a
/// theme, `static/`.
#[cfg(unix)]
#[test]
fn symlinks_inside_the_root_are_followed() {
    use std::os::unix::fs::symlink;
    let t = SiteTest::from_fixture("minimal");
    let root = t.root();
    fs::rename(root.join("content/_data"), root.join("shared-data")).unwrap();
    symlink("../shared-data", root.join("content/_data")).unwrap();
    t.write("site.yaml", "title: Minimal site\ntheme: mine\n");
    t.write("shared/mine/templates/404.html", "linked theme 404");
    t.write("shared/assets/note.txt", "linked static file");
    fs::create_dir_all(root.join("themes")).unwrap();
    symlink("../shared/mine", root.join("themes/mine")).unwrap();
    symlink("shared/assets", root.join("static")).unwrap();
    let run = cli(&t, &["build", "--output", "site/out"]);
    assert_eq!(run.code, 0, "{run:?}");
    let out = root.join("out");
    assert_eq!(fs::read_to_string(out.join("404.html")).unwrap(), "linked theme 404");
    assert_eq!(fs::read_to_string(out.join("note.txt")).unwrap(), "linked static file");
    assert!(out.join("cases/good/index.html").is_file());
}

/// Source snippets are only read from files inside the root, through the loader's checks:
/// a diagnostic that names a link leading outside gets no snippet, whatever its line.
#[cfg(unix)]
#[test]
fn report_snippets_are_never_read_from_outside_the_root() {
    let t = site_with_secrets();
    link(&t, "secret.yaml", "content/_data/results.yaml");
    link(&t, "data", "linked-data");
    let at =
        |path: &str| casebook::Diagnostic::error(casebook::Code::Unreadable, path, "m").at_line(1);
    let diags = [
        at("content/_data/results.yaml"),
        at("linked-data/banks.yaml"),
        at("../outside/secret.yaml"),
        at("content/../../outside/secret.yaml"),
        at(&t.dir().join("outside/secret.yaml").display().to_string()),
        at("content/_data/banks.yaml"),
    ];
    let sources = casebook::content::read_for_report(&t.root(), &diags);
    assert_eq!(sources.keys().collect::<Vec<_>>(), ["content/_data/banks.yaml"]);
}

/// Creates a FIFO at `path` with `mkfifo(1)`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = fs::remove_file(path);
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_an_input_is_an_error_not_a_hang() {
    let inputs: &[(&str, bool)] = &[
        ("content/cases/pipe.md", false),
        ("site.yaml", false),
        ("content/_data/banks.yaml", false),
        ("content/_data/results.yaml", false),
        ("themes/mine/templates/base.html", true),
        ("themes/mine/static/pipe.css", true),
        ("static/pipe.css", false),
    ];
    for &(at, themed) in inputs {
        let t = SiteTest::from_fixture("minimal");
        if themed {
            t.write("site.yaml", "title: Minimal site\ntheme: mine\n");
            fs::create_dir_all(t.root().join("themes/mine/templates")).unwrap();
        }
        mkfifo(&t.root().join(at));
        let run = cli(&t, &["check", "--format", "json"]);
        assert_eq!(run.code, 1, "{at}: {run:?}");
        assert_eq!(codes(&run.stdout), [("not-a-regular-file".to_string(), at.to_string())]);
        let build = cli(&t, &["build", "--output", "site/out"]);
        assert_eq!(build.code, 1, "{at}: {build:?}");
        assert!(!t.root().join("out").exists());
    }
}

/// The human report says what the file is and what to do.
#[cfg(unix)]
#[test]
fn a_fifo_case_file_is_explained() {
    let t = SiteTest::from_fixture("minimal");
    mkfifo(&t.root().join("content/cases/pipe.md"));
    let run = cli(&t, &["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "error[not-a-regular-file]: content/cases/pipe.md: this is a named pipe (FIFO), not a regular file\n = help: replace it with a regular file, or move it out of the site"
        ),
        "{}",
        run.stderr
    );
}

/// A link inside the root to a FIFO, and a socket, are refused like a FIFO; a FIFO whose
/// name is not an input (`notes.txt` among the case studies) is ignored like any such file.
#[cfg(unix)]
#[test]
fn links_to_fifos_and_sockets_are_errors_and_other_names_are_ignored() {
    let t = SiteTest::from_fixture("minimal");
    let root = t.root();
    mkfifo(&root.join("pipes/real"));
    std::os::unix::fs::symlink("../../pipes/real", root.join("content/cases/linked.md")).unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(root.join("static/socket.css")).unwrap();
    mkfifo(&root.join("content/cases/notes.txt"));
    let run = cli(&t, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        codes(&run.stdout),
        [
            ("not-a-regular-file".to_string(), "content/cases/linked.md".to_string()),
            ("not-a-regular-file".to_string(), "static/socket.css".to_string()),
        ]
    );
}

#[test]
fn a_missing_content_folder_is_an_error() {
    let t = SiteTest::from_fixture("minimal");
    fs::remove_dir_all(t.root().join("content")).unwrap();
    let run = cli(&t, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(codes(&run.stdout), [("no-content".to_string(), "content".to_string())]);
    let human = cli(&t, &["check"]);
    assert!(
        human.stderr.contains("error[no-content]: content: there is no `content/` folder in the site root `site`\n = help: run casebook in the site root (the folder with site.yaml and content/), or name it with `--root`"),
        "{}",
        human.stderr
    );
    let build = cli(&t, &["build", "--output", "site/out"]);
    assert_eq!(build.code, 1, "{build:?}");
    assert!(!t.root().join("out").exists());
}

#[test]
fn a_content_file_instead_of_a_folder_is_an_error() {
    let t = SiteTest::from_fixture("minimal");
    fs::remove_dir_all(t.root().join("content")).unwrap();
    t.write("content", "not a folder");
    let run = cli(&t, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(codes(&run.stdout), [("no-content".to_string(), "content".to_string())]);
}

#[test]
fn the_library_refuses_a_site_without_content() {
    let t = SiteTest::from_fixture("minimal");
    fs::remove_dir_all(t.root().join("content")).unwrap();
    assert_eq!(
        crate::support::describe_diagnostics(&t.build_err()),
        format!(
            "error[no-content]: content: there is no `content/` folder in the site root `{}`\n  = help: run casebook in the site root (the folder with site.yaml and content/), or name it with `--root`; to start a site, create content/_data/banks.yaml and content/_data/modules.yaml, then add case studies with `casebook new`",
            t.root().display()
        )
    );
}

#[test]
fn upper_case_md_extensions_are_case_studies() {
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    t.write("content/cases/upper.MD", &good);
    t.write("content/cases/mixed.Md", &good);
    let t = t.build();
    t.assert_file("cases/upper/index.html").assert_file("cases/mixed/index.html");
    t.assert_file("cases/good/index.html");
}

#[test]
fn the_same_name_in_md_and_upper_case_md_clashes() {
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    t.write("content/cases/good.MD", &good);
    if !t.root().join("content/cases/good.md").is_file()
        || fs::read_dir(t.root().join("content/cases")).unwrap().count() < 2
    {
        eprintln!("note: case-insensitive file system; skipping the good.md/good.MD clash");
        return;
    }
    // Two files of one case study in one language (the name without `.md` is the same).
    let diags = t.build_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        (diags[0].code.as_str(), diags[0].path.as_str()),
        ("duplicate-translation", "content/cases/good.md")
    );
    assert!(diags[0].message.contains("content/cases/good.MD"), "{}", diags[0].message);
}
