//! The link checker: every internal `href` and `src` of every page must lead to a file of
//! the output, and every `#fragment` to an element with that `id`.

use std::collections::{BTreeMap, HashMap};

use crate::html;
use crate::support::SiteTest;

/// Checks every link of every HTML page of the build; returns one line per problem.
///
/// Internal links start with the base path (`/` or `/sub/path/`); `dir/` means
/// `dir/index.html`. Links to `http(s):`, `mailto:` and protocol-relative URLs are
/// external and skipped. Relative links (relative-URL mode) are resolved against the
/// page's folder. Any other root-relative link (outside the base path) is a problem.
pub(crate) fn check_links(t: &SiteTest) -> Vec<String> {
    let base = t.base_path();
    let pages: BTreeMap<String, String> =
        t.html_files().into_iter().map(|f| (f.clone(), t.read(&f))).collect();
    let mut ids: HashMap<&str, Vec<String>> = HashMap::new();
    for (path, text) in &pages {
        ids.insert(path, html::ids(text));
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, text) in &pages {
        for link in html::links(text) {
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap();
            let file = if target.is_empty() {
                page.clone()
            } else if is_external(target) {
                continue;
            } else if let Some(rel) = target.strip_prefix(base.as_str()) {
                let rel = percent_decode(rel);
                if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel }
            } else if !target.starts_with('/') {
                // Relative-URL mode: resolve against the page's folder.
                let rel = resolve_relative(page, &percent_decode(target));
                if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel }
            } else {
                problems
                    .push(format!("{page}: `{link}` does not start with the base path `{base}`"));
                continue;
            };
            checked += 1;
            if !t.out().join(&file).is_file() {
                problems.push(format!("{page}: `{link}` leads to `{file}`, which does not exist"));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else { continue };
            let fragment = percent_decode(fragment);
            let Some(target_ids) = ids.get(file.as_str()) else { continue };
            if !target_ids.contains(&fragment) {
                problems.push(format!(
                    "{page}: `{link}`: `{file}` has no element with id=\"{fragment}\""
                ));
            }
        }
    }
    assert!(
        checked > pages.len(),
        "the checker found almost no internal links: is the scanner broken?"
    );
    problems
}

/// `target` relative to the folder of `page` (both relative to the output root).
fn resolve_relative(page: &str, target: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if target.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out
}

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

fn percent_decode(s: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8();
    decoded.expect("percent-decoded link is not UTF-8").into_owned()
}

/// Every page's ids, with those that occur more than once.
fn duplicate_ids(t: &SiteTest) -> Vec<String> {
    let mut problems = Vec::new();
    for page in t.html_files() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for id in html::ids(&t.read(&page)) {
            *seen.entry(id).or_default() += 1;
        }
        let mut dups: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
        dups.sort();
        for (id, n) in dups {
            problems.push(format!("{page}: id=\"{id}\" occurs {n} times"));
        }
    }
    problems
}

#[track_caller]
fn assert_no_problems(what: &str, problems: Vec<String>) {
    assert!(problems.is_empty(), "{} {what}:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn kitchen_sink_has_no_broken_links() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_no_problems("broken links", check_links(&t));
    // The Markdown links of the rich case are among the checked ones.
    let main = t.main_html("cases/beta-secops/index.html");
    for href in
        ["/cases/alpha-secdev-l3/", "/cases/alpha-secdev-l3/#the-interview", "#results-table"]
    {
        assert!(html::links(&main).iter().any(|l| l == href), "no link to `{href}` in:\n{main}");
    }
}

#[test]
fn kitchen_sink_with_drafts_has_no_broken_links() {
    let t = SiteTest::from_fixture("kitchen_sink").drafts().build();
    assert_no_problems("broken links", check_links(&t));
}

#[test]
fn bundled_site_has_no_broken_links() {
    let t = SiteTest::bundled().build();
    assert_no_problems("broken links", check_links(&t));
}

#[test]
fn every_link_carries_the_base_path() {
    let t = SiteTest::from_fixture("kitchen_sink").base_url("/sub/path/").build();
    assert_no_problems("broken links", check_links(&t));
    for page in t.html_files() {
        for link in html::links(&t.read(&page)) {
            assert!(
                !link.starts_with('/') || link.starts_with("/sub/path/"),
                "{page}: `{link}` is outside /sub/path/"
            );
        }
    }
    // Root-relative links written in Markdown are rebased too.
    let main = t.main_html("cases/beta-secops/index.html");
    let links = html::links(&main);
    assert!(
        links.iter().any(|l| l == "/sub/path/cases/alpha-secdev-l3/#the-interview"),
        "{links:#?}"
    );
    assert!(links.iter().any(|l| l == "/sub/path/modules/security-operation/"), "{links:#?}");
    assert!(links.iter().any(|l| l == "/sub/path/images/pipeline.svg"), "{links:#?}");
}

#[test]
fn an_absolute_base_url_keeps_links_root_relative() {
    let t = SiteTest::from_fixture("kitchen_sink").base_url("https://example.org/casebook").build();
    assert_eq!(t.base_path(), "/casebook/");
    assert_no_problems("broken links", check_links(&t));
}

#[test]
fn ids_are_unique_on_every_kitchen_sink_page() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_no_problems("duplicate ids", duplicate_ids(&t));
}

#[test]
fn ids_are_unique_on_every_bundled_page() {
    let t = SiteTest::bundled().build();
    assert_no_problems("duplicate ids", duplicate_ids(&t));
}

#[test]
fn checker_reports_missing_pages_and_fragments() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let page = t.out().join("cases/zeta-build/index.html");
    let text = std::fs::read_to_string(&page).unwrap().replace(
        "</main>",
        "<a href=\"/cases/nope/\">x</a><a href=\"/cases/zeta-secops/#nope\">y</a><a href=\"cases/\">z</a></main>",
    );
    std::fs::write(&page, text).unwrap();
    assert_eq!(
        check_links(&t),
        [
            "cases/zeta-build/index.html: `/cases/nope/` leads to `cases/nope/index.html`, which does not exist",
            "cases/zeta-build/index.html: `/cases/zeta-secops/#nope`: `cases/zeta-secops/index.html` has no element with id=\"nope\"",
            "cases/zeta-build/index.html: `cases/` leads to `cases/zeta-build/cases/index.html`, which does not exist",
        ]
    );
}
