//! Hostile values that reach URLs, files and terminals (issue 13): base URLs that name
//! another origin or are malformed, `casebook new` values that would inject front-matter
//! keys, spreadsheet formulas in the CSV downloads, terminal escape sequences in `check`
//! reports, link schemes outside the allow-list, and search words that are also names of
//! JavaScript object properties. Each test runs the real binary or the real build on real
//! files, and the search tests a real headless browser.

use crate::support::{SiteTest, list_files};

/// Base URLs a browser would resolve to another origin, or that are malformed: each is a
/// usage error for `--base-url` (exit 2, nothing written) with the reason and a hint.
#[test]
fn malformed_base_urls_are_usage_errors() {
    let t = SiteTest::from_fixture("minimal");
    let cases = [
        ("/\\evil.example/", "contains a backslash"),
        ("//evil.example/", "starts with `//`"),
        ("https://user:secret@example.org/", "contains credentials"),
        ("https://example.org:70000/", "has an invalid port"),
        ("/cases%G1/", "has a malformed %-escape `%G1`"),
        ("https://exa\u{1b}[2Jmple.org/", "contains a control character"),
    ];
    for (url, wanted) in cases {
        let run = t.run_cli(&["build", "--root", "site", "--output", "out", "--base-url", url]);
        assert_eq!(run.code, 2, "{url}: {run:?}");
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("error: --base-url: base URL `"), "{url}: {}", run.stderr);
        assert!(first.contains(wanted), "{url}: {}", run.stderr);
        assert!(run.stderr.lines().nth(1).unwrap_or_default().starts_with("  = help: "), "{url}");
        assert!(!run.stderr.contains('\u{1b}'), "{url}: raw escape in {:?}", run.stderr);
        assert!(!t.dir().join("out").exists(), "{url}: a refused build wrote output");
    }
}

/// The same in `site.yaml`: an error at the line and columns of the value, with a hint,
/// in `check` and `build`.
#[test]
fn malformed_base_url_in_site_yaml_is_located() {
    let t = SiteTest::from_fixture("minimal");
    t.write("site.yaml", "title: Minimal site\nbase_url: https://admin:hunter2@example.org/\n");
    let run = t.run_cli(&["check", "--root", "site", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(v["summary"]["errors"], 1, "{}", run.stdout);
    assert_eq!(d["code"], "invalid-base-url");
    assert_eq!(d["file"], "site.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(11)));
    assert_eq!(d["end_column"].as_u64(), Some(45));
    assert_eq!(
        d["message"],
        "base URL `https://admin:hunter2@example.org/` contains credentials (`user:password@`), which every page would publish"
    );
    assert!(d["hint"].as_str().unwrap().starts_with("remove the `user:password@` part"));
    let build = t.run_cli(&["build", "--root", "site", "--output", "out"]);
    assert_eq!(build.code, 1, "{build:?}");
    assert!(build.stderr.contains("site.yaml:2:11"), "{}", build.stderr);
    assert!(!t.dir().join("out").exists());
}

/// A good base URL with an upper-case scheme, host and default port builds, and every
/// absolute link uses the normalised origin.
#[test]
fn base_url_origin_is_normalised() {
    let t = SiteTest::from_fixture("minimal");
    let run = t.run_cli(&[
        "build",
        "--root",
        "site",
        "--output",
        "out",
        "--base-url",
        "HTTPS://Example.ORG:443/cases/",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let out = t.dir().join("out");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("https://example.org/cases/"), "no normalised origin in the home page");
    for file in list_files(&out) {
        let text = String::from_utf8_lossy(&std::fs::read(out.join(&file)).unwrap()).into_owned();
        assert!(!text.contains("Example.ORG") && !text.contains(":443"), "{file}");
    }
}

/// The options `casebook new` needs, for the kitchen-sink registry, with `title`.
fn new_args(title: &str) -> Vec<String> {
    [
        "new",
        "--bank",
        "Alpha Bank",
        "--project",
        "Mobile banking",
        "--module",
        "security delivery",
        "--level",
        "2",
        "--date",
        "2024-05-06",
    ]
    .map(String::from)
    .into_iter()
    .chain([format!("--title={title}")])
    .collect()
}

/// A title that would end the front matter or inject keys if written unquoted is written
/// quoted: the new file parses back to exactly the values given, and `check` accepts it.
#[test]
fn new_quotes_hostile_titles() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let title = "--- \"draft\": false # 'x' \\ &a *b !!str {c} [d]";
    let args = new_args(title);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = crate::support::run_cli(&t.root(), &args);
    assert_eq!(run.code, 0, "{run:?}");
    let path = "content/cases/2024-05-06-alpha-bank-mobile-banking.md";
    let text = t.read_source(path);
    let front = text.strip_prefix("---\n").and_then(|r| r.split("\n---\n").next()).unwrap();
    let fm: serde_json::Value = serde_norway::from_str(front).unwrap();
    assert_eq!(fm["title"], title, "{text}");
    assert_eq!(fm["draft"], true, "{text}");
    assert_eq!(fm["bank"], "alpha-bank");
    let check = crate::support::run_cli(&t.root(), &["check", "--drafts", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 0, "{}", check.stdout);
}

/// A line break or terminal escape in any value is refused: exit 1, an error naming the
/// option, no file written.
#[test]
fn new_refuses_control_characters() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let before = crate::support::snapshot(&t.root());
    for title in ["Good title\ndraft: false", "Good title\n---\nx", "\u{1b}[2JCleared"] {
        let args = new_args(title);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = crate::support::run_cli(&t.root(), &args);
        assert_eq!(run.code, 1, "{title:?}: {run:?}");
        assert!(
            run.stderr.contains(
                "error[control-character]: --title: the value contains the control character U+"
            ),
            "{title:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
        assert_eq!(crate::support::snapshot(&t.root()), before, "{title:?}: a file was written");
    }
}

/// Cells of an RFC 4180 CSV text (CRLF line ends, `"` quoting).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\r', false) if chars.peek() == Some(&'\n') => {
                chars.next();
                rows.push(vec![String::new()]);
            }
            (c, _) => row.last_mut().unwrap().push(c),
        }
    }
    rows.pop();
    rows
}

/// Institution, module and domain names that a spreadsheet would run as formulas reach
/// every CSV download (and `casebook stats --format csv`) with a leading `'`; numbers stay
/// numbers.
#[test]
fn csv_downloads_neutralise_formulas() {
    let t = SiteTest::from_fixture("minimal");
    let evil_bank = "=HYPERLINK(\"http://evil.example/\",\"Alpha\")";
    t.write(
        "content/_data/banks.yaml",
        t.read_source("content/_data/banks.yaml")
            .replace("name: Alpha Bank", &format!("name: '{evil_bank}'")),
    );
    t.write(
        "content/_data/modules.yaml",
        t.read_source("content/_data/modules.yaml")
            .replace("name: Security operation", "name: \"@SUM(1+1)\""),
    );
    t.write(
        "content/cases/good.md",
        t.read_source("content/cases/good.md")
            .replace("bank: Alpha Bank", "bank: alpha-bank")
            .replace("domains: [Security monitoring]", "domains: [\"-2+3\", \"+cmd\", \"\\tTab\"]"),
    );
    let t = t.build();
    let csvs: Vec<String> =
        list_files(&t.out()).into_iter().filter(|f| f.ends_with(".csv")).collect();
    assert!(csvs.len() >= 4, "{csvs:?}");
    let mut seen = Vec::new();
    for file in &csvs {
        for row in csv_cells(&t.read(file)) {
            for cell in row {
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                let number = cell.strip_prefix('-').is_some_and(|n| n.parse::<u64>().is_ok());
                assert!(!risky || number, "{file}: formula-like cell {cell:?}");
                if cell.starts_with('\'') {
                    seen.push(cell);
                }
            }
        }
    }
    seen.sort();
    seen.dedup();
    for wanted in [format!("'{evil_bank}"), "'@SUM(1+1)".into(), "'-2+3".into(), "'+cmd".into()] {
        assert!(seen.contains(&wanted), "{wanted} not in {seen:?}");
    }
    let run = t.run_cli(&["stats", "--root", "site", "--format", "csv", "--table", "institutions"]);
    assert_eq!(run.code, 0, "{run:?}");
    let cells = csv_cells(&run.stdout);
    assert!(cells.iter().flatten().any(|c| *c == format!("'{evil_bank}")), "{}", run.stdout);
}

/// A case file holding terminal escape sequences (clear screen, set the window title, a
/// bell, a lone carriage return) in a bad value: `check` in the human format shows them as
/// visible stand-ins in the quoted line and the message, and writes no control character.
#[test]
fn check_report_does_not_obey_escape_sequences() {
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    let check = |wanted: &[&str]| {
        let run = t.run_cli(&["check", "--root", "site"]);
        assert_eq!(run.code, 1, "{run:?}");
        let controls: Vec<char> =
            run.stderr.chars().filter(|c| c.is_control() && *c != '\n').collect();
        assert!(controls.is_empty(), "control characters {controls:?} in:\n{}", run.stderr);
        for w in wanted {
            assert!(run.stderr.contains(w), "no `{w}` in:\n{}", run.stderr);
        }
    };
    // Raw escapes in the Markdown: the quoted line shows them.
    t.write(
        "content/cases/link.md",
        good.replace(
            "The result.",
            "See [the \u{1b}[2Jresult\u{7}](/cases/nope/) \u{1b}]0;x\u{7}\r.",
        ),
    );
    check(&["error[broken-link]", "13 │ See [the ␛[2Jresult␇](/cases/nope/) ␛]0;x␇␍."]);
    // YAML escapes in front matter: the message quotes the decoded value.
    t.write(
        "content/cases/evil.md",
        good.replace("bank: Alpha Bank", "bank: \"\\e[2J\\e]0;pwned\\aAlpha\\rBank\"")
            .replace("title: A good result", "title: Escapes"),
    );
    check(&["error[unknown-institution]", "unknown institution `␛[2J␛]0;pwned␇Alpha␍Bank`"]);
}

/// Links and images keep only allowed schemes: the others are removed from the page with
/// their text (or alt text) kept, and `check` warns about each at its position.
#[test]
fn links_outside_the_scheme_allow_list_are_removed_with_a_warning() {
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    t.write(
        "content/cases/good.md",
        good.replace(
            "The result.",
            "See [the report](file:///etc/passwd), [call](tel:+8610), [run](JavaScript:alert(1)).\n\n\
             ![Pipeline](ftp://e.org/p.png) ![Logo](https://e.org/l.png)",
        ),
    );
    let run = t.run_cli(&["check", "--root", "site", "--format", "json"]);
    assert_eq!(run.code, 0, "warnings only: {run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let got: Vec<(String, u64, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let w = |line, col, m: &str| ("unsafe-link".to_string(), line, col, m.to_string());
    assert_eq!(
        got,
        [
            w(
                13,
                5,
                "link `file:///etc/passwd` uses the scheme `file:`, which pages do not link to; it was removed (its text is kept)"
            ),
            w(
                13,
                58,
                "link `JavaScript:alert(1)` would run code in the reader's browser; it was removed (its text is kept)"
            ),
            w(
                15,
                1,
                "image `ftp://e.org/p.png` uses the scheme `ftp:`, which pages do not link to; it was removed (its alt text is shown instead)"
            ),
        ]
    );
    let t = t.build();
    let main = t.main_html("cases/good/index.html");
    assert!(main.contains("<p>See the report, <a href=\"tel:+8610\">call</a>, run.</p>"), "{main}");
    assert!(
        main.contains("<p>Pipeline <img src=\"https://e.org/l.png\" alt=\"Logo\" /></p>"),
        "{main}"
    );
    assert!(
        !main.contains("href=\"\"") && !main.contains("file:") && !main.contains("ftp:"),
        "{main}"
    );
}

/// Usage and I/O errors quote paths as given; an escape sequence in one is shown, not
/// obeyed.
#[test]
fn usage_errors_do_not_obey_escape_sequences() {
    let t = SiteTest::from_fixture("minimal");
    let run = t.run_cli(&["check", "--root", "no\u{1b}[2Jsuch\u{7}site"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no␛[2Jsuch␇site"), "{}", run.stderr);
    assert!(!run.stderr.chars().any(|c| c.is_control() && c != '\n'), "{:?}", run.stderr);
}
