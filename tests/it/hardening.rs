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
