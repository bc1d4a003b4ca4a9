//! The results model (issue #14): every result is a record of one list, and every page
//! counts from it.
//!
//! The `results` fixture, by hand (12 results, 3 case studies, 3 institutions with results):
//! - North Bank (state-owned): case `north-secdev` (security development, L2, announced
//!   2022-12-26, with an article and URL); "six" delivery results known by 2022-12-26
//!   (whole part, `count: 6`). Reported totals 9 (2022-12-26) and 12 (2023-12-15).
//! - South Bank (city commercial): cases `south-secops` (security operation, L2) and
//!   `south-secdev` (security development, L3), both announced 2021-12-24; a build result
//!   known by 2021-12-24.
//! - West Bank (joint-stock), no case study: a continuous-testing result (whole part, L2)
//!   announced 2023-06-01 from an article; a security-operation result known by
//!   2020-05-01, its earliest evidence. Reported total 1 (security) as of 2020-05-01.
//! - East Bank (private): nothing.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::html::{anchors, section, tags, text};
use crate::support::{SiteTest, describe_diagnostics, listed_cases, run_cli};

/// "8 results, 0 case studies".
fn said(results: u64, cases: u64) -> String {
    format!(
        "{results} result{}, {cases} case {}",
        if results == 1 { "" } else { "s" },
        if cases == 1 { "study" } else { "studies" }
    )
}

/// What a term page states and what stands behind it.
#[derive(Debug, PartialEq, Eq)]
struct TermCounts {
    /// The "Results" fact.
    results: u64,
    /// The "Case studies" fact.
    cases: u64,
    /// Sum of `data-count` over the rows of its results table.
    rows_sum: u64,
    /// Rows of the results table.
    rows: usize,
    /// Case-study cards listed (all pages).
    cards: usize,
}

/// The site path `href` points to from the page at site path `page` (`/a/b/`); links may be
/// relative (the bundled site's are).
fn resolve(page: &str, href: &str) -> String {
    if href.starts_with('/') {
        return href.to_string();
    }
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if href.ends_with('/') { "/" } else { "" };
    format!("/{}{trailing}", parts.join("/")).replace("//", "/")
}

fn number(tag: &crate::html::Tag, attr: &str) -> u64 {
    let v = tag.attr(attr).unwrap_or_else(|| panic!("no {attr} on <{}>", tag.name));
    v.parse().unwrap_or_else(|e| panic!("{attr}=`{v}`: {e}"))
}

/// Reads a term page: its stated counts, its results table and its case cards (following
/// `rel=next` pages).
fn term_counts(t: &SiteTest, url: &str) -> TermCounts {
    let file = |u: &str| format!("{}index.html", u.trim_start_matches('/'));
    let main = t.main_html(&file(url));
    let facts = section(&main, "<dl class=\"facts\">", "</dl>");
    let dd = tags(facts);
    let results = dd.iter().find(|t| t.attr("data-results").is_some()).unwrap();
    let cases = dd.iter().find(|t| t.attr("data-cases").is_some()).unwrap();
    let (results, cases) = (number(results, "data-results"), number(cases, "data-cases"));
    let mut rows_sum = 0;
    let mut rows = 0;
    // `records-of-…` marks the column a page hides because it repeats the page's subject.
    if let Some(i) = main.find("<table class=\"results records") {
        let table = section(&main[i..], "<table", "</table>");
        for tr in tags(table).iter().filter(|t| t.name == "tr" && t.attr("data-count").is_some()) {
            rows_sum += number(tr, "data-count");
            rows += 1;
        }
        let h2 = section(&main, "<h2 id=\"results-title\">", "</h2>");
        assert!(text(h2).ends_with(&said(results, cases)), "{url}: {h2}");
    } else {
        assert!(main.contains("No results yet."), "{url}: no table and no empty note");
    }
    let mut cards = 0;
    let mut page = main.clone();
    let mut current = url.to_string();
    loop {
        let at = page.find("aria-labelledby=\"cases-title\"").expect("case-study section");
        cards += page[at..].matches("class=\"card case-card\"").count();
        match crate::html::rel_href(&page, "next") {
            Some(next) => {
                let next = resolve(&current, &next);
                page = t.main_html(&file(&next));
                current = next;
            }
            None => break,
        }
    }
    TermCounts { results, cases, rows_sum, rows, cards }
}

/// Checks every page of a built site: each term page's stated counts equal the records
/// and cards behind them, and every count pill that links to a term page (term indexes,
/// group headings, the home page) states that page's numbers. Returns the term pages'
/// counts by URL.
fn assert_counts_match_records(t: &SiteTest) -> BTreeMap<String, TermCounts> {
    let sections = ["institutions", "modules", "levels", "years", "types", "domains", "tags"];
    let mut pages = BTreeMap::new();
    for f in t.html_files() {
        let url = format!("/{}", f.trim_end_matches("index.html"));
        let is_term = sections.iter().any(|s| {
            url.starts_with(&format!("/{s}/")) && url.len() > s.len() + 2 && !url.contains("/page/")
        });
        if is_term {
            let c = term_counts(t, &url);
            assert_eq!(c.results, c.rows_sum, "{url}: stated results vs its table");
            assert_eq!(c.cases as usize, c.cards, "{url}: stated case studies vs its cards");
            pages.insert(url, c);
        }
    }
    assert!(!pages.is_empty());
    let mut pills = 0;
    for f in t.html_files() {
        let main = t.main_html(&f);
        for (at, _) in main.match_indices("<span class=\"count\" data-results=") {
            let href = anchors(&main[main[..at].rfind("<a ").unwrap()..at]).pop().unwrap();
            let link = resolve(&format!("/{}", f.trim_end_matches("index.html")), &href);
            let pill = &main[at..];
            let pill = &pill[..pill.find("</span>").unwrap()];
            let tag = &tags(pill)[0];
            let (results, cases) = (number(tag, "data-results"), number(tag, "data-cases"));
            // The English wording; Chinese pages say the same numbers in Chinese.
            if !f.starts_with("zh/") {
                assert_eq!(text(pill), said(results, cases), "{f}");
            }
            let Some(target) = pages.get(&link) else { continue };
            assert_eq!((results, cases), (target.results, target.cases), "{f}: pill for {link}");
            pills += 1;
        }
    }
    assert!(pills > 0, "no count pill links to a term page");
    pages
}

fn summary(t: &SiteTest) -> Value {
    let out = run_cli(&t.root(), &["stats", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn every_count_on_every_page_equals_the_records_behind_it() {
    let t = SiteTest::from_fixture("results").build();
    let pages = assert_counts_match_records(&t);
    let got = |url: &str| {
        let c = &pages[url];
        (c.results, c.cases, c.rows)
    };
    // (results, case studies, table rows), by hand from the module docs.
    assert_eq!(got("/institutions/north-bank/"), (7, 1, 2));
    assert_eq!(got("/institutions/south-bank/"), (3, 2, 3));
    assert_eq!(got("/institutions/west-bank/"), (2, 0, 2));
    assert_eq!(got("/institutions/east-bank/"), (0, 0, 0));
    assert_eq!(got("/modules/delivery/"), (7, 0, 2), "whole-part ×6 and its module");
    assert_eq!(got("/modules/build/"), (1, 0, 1));
    assert_eq!(got("/modules/security/"), (4, 3, 4));
    assert_eq!(got("/modules/testing/"), (1, 0, 1));
    assert_eq!(got("/levels/2/"), (3, 2, 3));
    assert_eq!(got("/years/2020/"), (1, 0, 1));
    assert_eq!(got("/years/2022/"), (7, 1, 2));
    assert_eq!(got("/types/joint-stock/"), (2, 0, 2));
    // The institution pages add up to every result, as the statistics count them.
    let by_bank: u64 =
        pages.iter().filter(|(u, _)| u.starts_with("/institutions/")).map(|(_, c)| c.results).sum();
    let doc = summary(&t);
    assert_eq!(doc["summary"]["results"], 12);
    assert_eq!(by_bank, 12);
    let home = t.main_html("index.html");
    let strip = text(section(&home, "<dl class=\"stats-strip\">", "</dl>"));
    assert!(strip.starts_with("Results 12 Case studies 3 Institutions 3"), "{strip}");
    // `/modules/` groups: a part states its own page's numbers, whole-part results included.
    let modules = t.main_html("modules/index.html");
    assert!(text(&modules).contains("Continuous delivery 7 results, 0 case studies"), "{modules}");
}

#[test]
fn bundled_pages_count_every_result() {
    // Regression test for issue #14: /modules/continuous-delivery/ said "Case studies 0"
    // while /stats/ counted 8 results; ICBC's page listed 1 result, its chart showed 7.
    let t = SiteTest::bundled().build();
    let pages = assert_counts_match_records(&t);
    let cd = &pages["/modules/continuous-delivery/"];
    assert_eq!((cd.results, cd.cases), (8, 0));
    let icbc = &pages["/institutions/icbc/"];
    assert_eq!((icbc.results, icbc.cases, icbc.rows), (7, 1, 2));
    let cd_page = text(&t.main_html("modules/continuous-delivery/index.html"));
    assert!(cd_page.contains("8 results, 0 case studies"), "{cd_page}");
    assert!(cd_page.contains("by 26 December 2022"), "ICBC's six are known by, not announced");
    // ICBC's one case study leads to all seven of its results.
    let case = text(&t.main_html("cases/2022-12-26-icbc-audio-video-security/index.html"));
    assert!(case.contains("All 7 results of Industrial and Commercial Bank of China →"), "{case}");
}

#[test]
fn known_by_results_are_counted_apart_and_first_evidence_is_earliest() {
    let t = SiteTest::from_fixture("results");
    let doc = summary(&t);
    assert_eq!(doc["summary"]["case_studies"], 3);
    assert_eq!(doc["summary"]["results_without_case_study"], 9);
    assert_eq!(doc["summary"]["known_by_results"], 8);
    assert_eq!(doc["summary"]["institutions"], 3);
    let rows = |id: &str, cols: &[&str]| -> Vec<Vec<String>> {
        let table = doc["tables"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap();
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| cols.iter().map(|c| r[*c].to_string().trim_matches('"').to_string()).collect())
            .collect()
    };
    let cols = ["announced", "known_by", "institutions", "first_time_institutions"];
    assert_eq!(
        rows("results-by-date", &["date", cols[0], cols[1], cols[2], cols[3]]),
        [
            ["2020-05-01", "0", "1", "1", "1"],
            ["2021-12-24", "2", "1", "1", "1"],
            ["2022-12-26", "1", "6", "1", "1"],
            ["2023-06-01", "1", "0", "1", "0"],
        ]
    );
    assert_eq!(
        rows("results-by-year", &["year", "results", cols[0], cols[1], "cumulative_institutions"]),
        [
            ["2020", "1", "0", "1", "1"],
            ["2021", "3", "2", "1", "2"],
            ["2022", "7", "1", "6", "3"],
            ["2023", "1", "1", "0", "3"],
        ]
    );
    // West Bank's first result is its earliest evidence, a known-by date.
    assert_eq!(
        rows("institutions", &["institution", "results", "case_studies", "first_result"])[2],
        ["West Bank", "2", "0", "2020-05-01"]
    );
}

/// The visible text of each row of a results table body.
fn row_texts(tbody: &str) -> Vec<String> {
    tbody.split("<tr ").skip(1).map(|r| text(&r[r.find('>').unwrap() + 1..])).collect()
}

#[test]
fn term_pages_list_results_without_a_case_study() {
    let t = SiteTest::from_fixture("results").build();
    let west = t.main_html("institutions/west-bank/index.html");
    let table = section(&west, "<tbody>", "</tbody>");
    assert_eq!(
        row_texts(table),
        [
            "1 June 2023 West Bank not named Continuous testing (whole part) L2Foundation West Bank passes continuous testing (Efficient Ops, 3 June 2023)",
            "by 1 May 2020 West Bank not named Security operation not reported West Bank's security journey",
        ]
    );
    assert!(anchors(table).contains(&"https://example.org/west-testing".to_string()));
    assert!(
        text(&west)
            .contains("No published case studies yet. The results above come from the articles.")
    );
    assert!(text(&west).contains("First result by 1 May 2020 Latest result 1 June 2023"), "{west}");
    let north = t.main_html("institutions/north-bank/index.html");
    let table = section(&north, "<tbody>", "</tbody>");
    assert_eq!(
        row_texts(table),
        [
            "26 December 2022 North Bank Mobile app Security development L2Foundation North Bank's app passes security development",
            "by 26 December 2022 North Bank not named ×6 Continuous delivery (whole part) not reported Reported in North Bank's app passes security developmentSix projects had passed by then.",
        ]
    );
    assert_eq!(listed_cases(table, "/"), ["north-secdev"]);
}

#[test]
fn case_page_shows_the_original_article() {
    let t = SiteTest::from_fixture("results").build();
    let card = |slug: &str| {
        let main = t.main_html(&format!("cases/{slug}/index.html"));
        main.find("id=\"source-title\"").map(|_| {
            section(&main, "<section class=\"meta-card source-card\"", "</section>").to_string()
        })
    };
    let north = card("north-secdev").expect("north has a source");
    assert_eq!(
        text(&north),
        "Original article How North Bank reached DevSecOps Level 2 Efficient Ops · 5 January 2023"
    );
    assert_eq!(anchors(&north), ["https://example.org/north"]);
    let south = card("south-secops").expect("south has a source");
    assert_eq!(text(&south), "Original article South Bank's security operation Efficient Ops");
    assert!(anchors(&south).is_empty(), "no URL, no link");
    assert_eq!(card("south-secdev"), None);
}

#[test]
fn reported_totals_are_drawn_to_scale_and_not_carried_forward() {
    let t = SiteTest::from_fixture("results").build();
    let page = t.read("stats/index.html");
    let svg = &page[page.find("id=\"chart-reported-w960-title\"").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let points: Vec<(String, f64)> = tags(svg)
        .iter()
        .filter(|t| t.name == "circle" && t.attr("class").is_some_and(|c| c.ends_with(" pt")))
        .map(|t| (t.attr("class").unwrap().to_string(), t.attr("cx").unwrap().parse().unwrap()))
        .collect();
    // North Bank: two reports, two points; West Bank: one report, one point (its 2020
    // total is not drawn again at 2022 or 2023).
    let north: Vec<f64> = points.iter().filter(|p| p.0 == "s s0 pt").map(|p| p.1).collect();
    let west: Vec<f64> = points.iter().filter(|p| p.0 == "s s1 pt").map(|p| p.1).collect();
    assert_eq!((north.len(), west.len()), (2, 1), "{points:?}");
    // 2020-05-01 → 2022-12-26 is 969 days, 2022-12-26 → 2023-12-15 is 354 days.
    let ratio = (north[0] - west[0]) / (north[1] - north[0]);
    assert!((ratio - 969.0 / 354.0).abs() < 0.05, "time is to scale: {ratio}");
}

#[test]
fn results_yaml_errors_name_the_entry_and_key() {
    let t = SiteTest::from_fixture("results");
    t.write(
        "content/_data/results.yaml",
        "- bank: West Bank\n  module: testing\n  date: 2023-06-01\n- bank: West Bank\n  module: testing\n  announced: 2023-06-01\n  known_by: 2023-06-01\n- bank: West Bank\n  module: testing\n  known_by: 2023-06-01\n  source: north-secde\n- bank: West Bank\n  module: testing\n  announced: 2023-06-01\n  source:\n    title: An article\n    url: example.org\n",
    );
    assert_eq!(
        describe_diagnostics(&t.build_err()),
        [
            "error[ambiguous-date]: content/_data/results.yaml:3:9: `date` does not say how the result is dated\n  = help: write `announced: YYYY-MM-DD` for the day the result was announced, or `known_by: YYYY-MM-DD` when the article only says it had happened by then",
            "error[conflicting-dates]: content/_data/results.yaml:7:13: an entry has either `announced` or `known_by`, not both\n  = help: keep `announced` if the article gives the announcement day, else keep `known_by`",
            "error[unknown-source]: content/_data/results.yaml:11:11: no case study has the slug `north-secde`\n  = help: did you mean `north-secdev` or `south-secdev`?",
            "error[invalid-url]: content/_data/results.yaml:15:3: `source.url` must be an absolute http:// or https:// address\n  = help: copy the article's address from the browser, or leave `url` out",
        ]
        .join("\n")
    );
}

#[test]
fn feeds_carry_every_record() {
    let t = SiteTest::from_fixture("results").build();
    let entries = |path: &str| -> Vec<String> {
        let xml = t.read(path);
        xml.split("<entry>").skip(1).map(|e| section(e, "<id>", "</id>").to_string()).collect()
    };
    // West Bank has no case study: its feed exists and lists its two records.
    assert_eq!(
        entries("institutions/west-bank/atom.xml"),
        [
            "<id>urn:casebook:result:west-bank/testing/announced/2023-06-01/-</id>",
            "<id>urn:casebook:result:west-bank/sec-ops/known_by/2020-05-01/-</id>",
        ]
    );
    // The site feed: one entry per record, newest first (7 records stand for 12 results).
    let all = entries("atom.xml");
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(all[0], "<id>urn:casebook:result:west-bank/testing/announced/2023-06-01/-</id>");
    assert_eq!(all[1], "<id>urn:casebook:case:north-secdev</id>");
    let delivery = t.read("modules/delivery/atom.xml");
    assert!(delivery.contains("<title>North Bank: Continuous delivery ×6</title>"), "{delivery}");
}

/// A term page shows at most the newest 100 records and links to the `/results/` view of
/// all of them; an institution's page does not repeat the institution in every row, a
/// part's page keeps its module column (its rows name different modules). Issue #14.
#[test]
fn term_pages_show_the_newest_hundred_records_and_link_to_the_rest() {
    let t = SiteTest::from_fixture("results");
    let mut yaml = t.read_source("content/_data/results.yaml");
    for day in 1..=120 {
        yaml.push_str(&format!(
            "\n- bank: West Bank\n  module: testing\n  project: P{day}\n  announced: 2019-{:02}-{:02}\n",
            1 + (day - 1) / 28,
            1 + (day - 1) % 28
        ));
    }
    t.write("content/_data/results.yaml", yaml);
    let t = t.build();
    let west = t.main_html("institutions/west-bank/index.html");
    let table = section(&west, "<tbody>", "</tbody>");
    assert_eq!(row_texts(table).len(), 100);
    assert!(west.contains("records-of-institution"), "the institution column is marked hidden");
    assert!(
        text(&west).contains("Showing the newest 100 rows (122 results in all): every result of West Bank in the results list."),
        "{}",
        text(&west)
    );
    assert!(anchors(&west).contains(&"/results/?institution=west-bank".to_string()));
    // The part page's module column stays.
    let part = t.main_html("modules/security/index.html");
    assert!(part.contains("<table class=\"results records\">"), "{part}");
}
