//! The search page in headless Chromium: filters and counts, script payloads that must not
//! run, sub-path builds, query chips, typo suggestions, stem highlighting and result cards.
//! Each test skips when no browser is found.

use std::collections::BTreeMap;
use std::path::Path;

use crate::html;
use crate::search_oracle::Query;
use crate::support::{SiteTest, StaticServer, dump_dom, require_browser};

use super::{copy_tree, fixture, searcher};

/// What the search page shows after its scripts ran.
struct Page {
    dom: String,
    /// Slugs of the results, in order.
    results: Vec<String>,
    /// (facet, value) → count shown.
    counts: BTreeMap<(String, String), usize>,
    /// `data-state` of the page: `results`, `empty` or `error`.
    state: String,
    /// The live status line.
    status: String,
}

fn open(browser: &Path, server: &StaticServer, path: &str) -> Page {
    let dom = dump_dom(browser, &server.url(path));
    let tags = html::tags(&dom);
    let results = tags
        .iter()
        .filter(|t| t.name == "li" && t.attr("data-slug").is_some())
        .map(|t| t.attr("data-slug").unwrap().to_string())
        .collect();
    let counts = tags
        .iter()
        .filter(|t| t.name == "li" && t.attr("data-count").is_some())
        .map(|t| {
            (
                (
                    t.attr("data-facet").unwrap().to_string(),
                    t.attr("data-value").unwrap().to_string(),
                ),
                t.attr("data-count").unwrap().parse().unwrap(),
            )
        })
        .collect();
    let state = tags
        .iter()
        .find(|t| t.attr("id") == Some("search"))
        .and_then(|t| t.attr("data-state"))
        .unwrap_or("")
        .to_string();
    let status = html::text(html::section(&dom, "<p class=\"search-status\"", "</p>"));
    Page { dom, results, counts, state, status }
}

fn pwned(dom: &str) -> Option<String> {
    html::tags(dom)
        .into_iter()
        .find(|t| t.name == "html")
        .and_then(|t| t.attr("data-pwned").map(str::to_string))
}

/// A head script that opens the filter panel once the page is ready.
const OPEN_FILTERS: &str = "document.addEventListener('DOMContentLoaded',function(){\
    var f=document.querySelector('[data-search-filters]');if(f)f.open=true;});";

#[test]
fn the_search_page_finds_filters_and_counts_in_a_browser() {
    let Some(browser) = require_browser() else { return };
    let t = fixture();
    // The browser's default window is narrow, where the filter panel starts closed and
    // its counts are not fetched; open it as a reader would.
    let server = StaticServer::start_with_head_script(t.out(), OPEN_FILTERS);

    // An English query finds the right case first, with the words highlighted.
    let p = open(&browser, &server, "/search/?q=container+scanning");
    assert_eq!(p.state, "results", "{}", p.status);
    assert_eq!(p.results, ["alpha-container-scanning"], "{}", p.status);
    assert!(p.dom.contains("<mark>container</mark>"), "{}", p.dom);
    assert_eq!(p.status, "1 case study matches “container scanning”.");
    let p = open(&browser, &server, "/search/?q=container");
    assert_eq!(p.results[0], "alpha-container-scanning");
    assert_eq!(p.results.len(), 3);

    // A Chinese query finds the Chinese case.
    let p = open(&browser, &server, "/search/?q=%E5%88%B6%E5%93%81%E5%AE%89%E5%85%A8");
    assert_eq!(p.results, ["gamma-zh"], "{}", p.status);
    // A module's name is a filter (its cases, newest first); in quotes it is text.
    let p = open(&browser, &server, "/search/?q=%E5%AE%89%E5%85%A8%E4%BA%A4%E4%BB%98");
    assert_eq!(p.results, ["alpha-container-scanning", "gamma-zh"], "{}", p.status);
    assert_eq!(p.status, "2 case studies match the filters");
    let p = open(&browser, &server, "/search/?q=%22%E5%AE%89%E5%85%A8%E4%BA%A4%E4%BB%98%22");
    assert_eq!(p.results, ["gamma-zh", "alpha-container-scanning"], "{}", p.status);

    // A facet filter narrows the results, and the counts are right.
    let p = open(&browser, &server, "/search/?q=container&institution=beta-bank");
    let mut got = p.results.clone();
    got.sort();
    assert_eq!(got, ["beta-operation", "beta-threat-modeling"]);
    let count = |p: &Page, f: &str, v: &str| p.counts.get(&(f.to_string(), v.to_string())).copied();
    assert_eq!(count(&p, "institution", "alpha-bank"), Some(1));
    assert_eq!(count(&p, "institution", "beta-bank"), Some(2));
    assert_eq!(count(&p, "level", "2"), Some(1));
    assert_eq!(count(&p, "level", "2-plus"), Some(1));
    assert_eq!(count(&p, "level", "3"), Some(0));
    assert_eq!(count(&p, "module", "devsecops"), Some(2));
    assert!(p.dom.contains("name=\"institution\" value=\"beta-bank\""));

    // Browsing by facets with an empty query, newest first.
    let p = open(&browser, &server, "/search/?level=2&level=3");
    assert_eq!(p.results, ["alpha-container-scanning", "beta-threat-modeling", "gamma-zh"]);

    // The page shows what the reference engine computes: order and every count.
    let reference = searcher(&t.out());
    for (path, query) in [
        (
            "/search/?q=container&institution=beta-bank",
            Query::new("container").filter("institution", "beta-bank"),
        ),
        ("/search/?level=2&level=3", Query::new("").filter("level", "2").filter("level", "3")),
        (
            "/search/?q=security+de&type=state-owned",
            Query::new("security de").filter("type", "state-owned"),
        ),
        (
            "/search/?module=devsecops&domain=security-monitoring",
            Query::new("").filter("module", "devsecops").filter("domain", "security-monitoring"),
        ),
    ] {
        let p = open(&browser, &server, path);
        let r = reference.search(&query);
        assert_eq!(p.results, r.slugs(), "{path}");
        for (facet, values) in &r.counts {
            for (value, n) in values {
                assert_eq!(count(&p, facet, value), Some(*n), "{path}: {facet}={value}");
            }
        }
    }

    // No results: the empty state.
    let p = open(&browser, &server, "/search/?q=zzzzqqq");
    assert_eq!(p.state, "empty");
    assert!(p.results.is_empty());
    assert!(p.status.starts_with("No case study matches “zzzzqqq”"), "{}", p.status);
    assert!(p.dom.contains("No results"));

    // Date order from the URL.
    let p = open(&browser, &server, "/search/?q=container&sort=oldest");
    assert_eq!(p.results[0], "beta-operation");
}

#[test]
fn script_in_a_title_does_not_run_in_search_results() {
    let Some(browser) = require_browser() else { return };
    let t = fixture();
    let server = StaticServer::start_with_head_script(
        t.out(),
        "window.alert=function(){document.documentElement.setAttribute('data-pwned','alert')};",
    );
    for path in
        ["/search/?q=payloadword", "/search/?q=script", "/search/?q=hostile+project", "/search/"]
    {
        let p = open(&browser, &server, path);
        assert!(p.results.iter().any(|s| s == "hostile"), "{path}: {:?} {}", p.results, p.status);
        assert_eq!(pwned(&p.dom), None, "{path}: a payload ran");
        assert!(!p.dom.contains("<img src=\"x\""), "{path}: markup was inserted");
    }
    // The title is shown as text.
    let p = open(&browser, &server, "/search/?q=payloadword");
    assert!(p.dom.contains("&lt;script&gt;document.documentElement"), "{}", p.dom);
}

#[test]
fn search_works_under_a_sub_path_and_as_you_type() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::from_fixture("search").base_url("/docs/cases/").build();
    // Serve the output under /docs/cases/ by nesting it.
    let root = tempfile::tempdir().unwrap();
    let nested = root.path().join("docs").join("cases");
    std::fs::create_dir_all(nested.parent().unwrap()).unwrap();
    copy_tree(&t.out(), &nested);
    // Typing: set the box's value and fire `input` as a keyboard would, then record the URL.
    let typing = "document.addEventListener('DOMContentLoaded',function(){setTimeout(function(){\
        var i=document.getElementById('search-q');i.value='安全交付';\
        i.dispatchEvent(new Event('input',{bubbles:true}));\
        setTimeout(function(){document.documentElement.setAttribute('data-url',location.pathname+location.search)},600);\
        },300)});";
    let server = StaticServer::start_with_head_script(root.path(), typing);
    let p = open(&browser, &server, "/docs/cases/search/");
    // 安全交付 names a module: its cases, newest first.
    assert_eq!(p.results, ["alpha-container-scanning", "gamma-zh"], "{}", p.status);
    let links = html::anchors(html::section(&p.dom, "<ol class=\"result-list\"", "</ol>"));
    assert!(links.contains(&"/docs/cases/cases/gamma-zh/".to_string()), "{links:?}");
    assert!(links.contains(&"/docs/cases/institutions/gamma-securities/".to_string()), "{links:?}");
    let url = html::tags(&p.dom)
        .into_iter()
        .find(|t| t.name == "html")
        .and_then(|t| t.attr("data-url").map(str::to_string));
    assert_eq!(url.as_deref(), Some("/docs/cases/search/?q=%E5%AE%89%E5%85%A8%E4%BA%A4%E4%BB%98"));
    // Every request stayed under the sub-path.
    let outside: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| !r.starts_with("/docs/cases/") && r != "/favicon.ico")
        .collect();
    assert!(outside.is_empty(), "requests outside the sub-path: {outside:?}");
}

/// Words and filter values that are also names of `Object.prototype` properties are
/// ordinary words (issue 13): a case study with `constructor` in it is found by searching
/// `constructor`, only the searched words are highlighted, and `__proto__`, `toString` or
/// `constructor` in a filter or query neither throws nor selects anything that is not there.
#[test]
fn prototype_property_names_are_ordinary_search_words() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::from_fixture("search");
    let domains = t.read_source("content/_data/domains.yaml");
    t.write(
        "content/_data/domains.yaml",
        format!("{domains}\n- id: constructor\n  name: Constructor\n"),
    );
    t.write(
        "content/cases/proto-words.md",
        "---\ntitle: Delta words\nbank: Beta Bank\nproject: Object model\nmodule: security operation\n\
         level: 3\ndate: 2022-03-04\ndomains: [Constructor]\n---\n\n\
         The builder pattern replaced every constructor. Code reviews look for hasOwnProperty \
         checks, toString and valueOf calls, isPrototypeOf and __proto__ assignments.\n",
    );
    let t = t.build();
    let server = StaticServer::start(t.out());
    for (q, wanted) in [
        ("constructor", "constructor"),
        ("hasOwnProperty", "hasOwnProperty"),
        ("toString", "toString"),
        ("valueof", "valueOf"),
        ("isPrototypeOf", "isPrototypeOf"),
    ] {
        let p = open(&browser, &server, &format!("/search/?q={q}"));
        assert_eq!(p.state, "results", "{q}: {}", p.status);
        assert_eq!(p.results, ["proto-words"], "{q}: {}", p.status);
        assert!(p.dom.contains(&format!("<mark>{wanted}</mark>")), "{q}: not highlighted");
    }
    // Only the searched word is marked, not every word that names a property.
    let p = open(&browser, &server, "/search/?q=builder");
    assert_eq!(p.results, ["proto-words"], "{}", p.status);
    assert!(p.dom.contains("<mark>builder</mark>"));
    assert!(!p.dom.contains("<mark>constructor</mark>"), "constructor highlighted for `builder`");
    // A facet value named `constructor` filters like any other.
    let p = open(&browser, &server, "/search/?domain=constructor");
    assert_eq!(p.results, ["proto-words"], "{}", p.status);
    // Property names that are not values are ignored, never an error.
    let all = open(&browser, &server, "/search/").results;
    assert!(all.len() > 1);
    for path in [
        "/search/?q=__proto__",
        "/search/?institution=__proto__",
        "/search/?institution=constructor&level=toString",
        "/search/?domain=hasOwnProperty&module=__proto__&type=valueOf&year=constructor",
    ] {
        let p = open(&browser, &server, path);
        assert_ne!(p.state, "error", "{path}: {}", p.status);
        // (The text itself is also in the page's catalogue JSON: look for the heading.)
        assert!(!p.dom.contains("<h2>Search is not available</h2>"), "{path}");
        if path != "/search/?q=__proto__" {
            assert_eq!(p.results, all, "{path}: unknown filter values must be ignored");
            assert!(!p.dom.contains("class=\"active-filter\""), "{path}: a phantom filter");
        }
    }
    let p = open(&browser, &server, "/search/?q=__proto__");
    assert_eq!(p.results, ["proto-words"], "`__proto__` searches `proto`: {}", p.status);
}

// ---------------------------------------------------------------------------------------
// Domain vocabulary, suggestions and highlighting on the bundled site, in headless Chromium.

/// A head script that, once the results are shown, clicks the first element matching
/// `selector` and then records the URL in `data-url` on `<html>`.
fn click_script(selector: &str) -> String {
    format!(
        "document.addEventListener('DOMContentLoaded',function(){{var n=0;(function wait(){{\
         var s=document.getElementById('search');var b=document.querySelector({selector:?});\
         if(!s||!s.getAttribute('data-state')||!b){{if(n++<100)setTimeout(wait,20);return;}}\
         b.click();setTimeout(function(){{document.documentElement.setAttribute('data-url',\
         location.pathname+location.search)}},400);}})()}});"
    )
}

fn recorded_url(dom: &str) -> Option<String> {
    html::tags(dom)
        .into_iter()
        .find(|t| t.name == "html")
        .and_then(|t| t.attr("data-url").map(str::to_string))
}

const ABC: [&str; 5] = [
    "2024-04-25-abc-cloud-note",
    "2024-04-25-abc-iot-smart-operation",
    "2024-04-25-abc-open-banking-gateway",
    "2024-04-25-abc-polaris-marketing-tool",
    "2024-04-25-abc-unified-encryption-platform",
];

#[test]
fn names_in_the_query_become_removable_chips() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start(t.out());

    // An alias becomes an institution chip; the rest is searched as text and highlighted.
    let p = open(&browser, &server, "/search/?q=%E5%86%9C%E8%A1%8C+encryption");
    assert_eq!(p.results[0], "2024-04-25-abc-unified-encryption-platform", "{}", p.status);
    assert!(p.results.iter().all(|s| ABC.contains(&s.as_str())), "{:?}", p.results);
    let chips = html::section(&p.dom, "<div class=\"active-filters\"", "</div>");
    assert!(chips.contains("data-chip=\"institution\""), "{chips}");
    assert!(html::text(chips).contains("Institution: Agricultural Bank of China"), "{chips}");
    assert!(p.dom.contains("<mark>Encryption</mark>"), "the title is highlighted");
    assert_eq!(p.status, "5 case studies match “encryption” with these filters.");

    // Levels by any name; a level no case has finds nothing, not the text "level" and "3".
    for q in ["L2", "level+2", "%E4%BA%8C%E7%BA%A7", "%E5%9F%BA%E7%A1%80%E7%BA%A7", "Foundation"] {
        let p = open(&browser, &server, &format!("/search/?q={q}"));
        assert_eq!(p.results.len(), 9, "{q}: {}", p.status);
        let chips = html::section(&p.dom, "<div class=\"active-filters\"", "</div>");
        assert!(html::text(chips).contains("Level: Level 2 · Foundation"), "{q}: {chips}");
    }
    let p = open(&browser, &server, "/search/?q=level+3");
    assert_eq!(p.state, "empty", "{}", p.status);
    assert!(p.dom.contains("Level: Level 3 · Comprehensive"), "{}", p.dom);

    // Removing the chip removes its words from the query.
    let server = StaticServer::start_with_head_script(t.out(), &click_script("[data-chip]"));
    let p = open(&browser, &server, "/search/?q=ABC+encryption");
    assert_eq!(recorded_url(&p.dom).as_deref(), Some("/search/?q=encryption"));
    assert!(p.results.len() > 5, "{:?}", p.results);
    assert!(!p.dom.contains("data-chip="), "{}", p.dom);
}

#[test]
fn a_typo_gets_a_one_click_suggestion() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start(t.out());
    let p = open(&browser, &server, "/search/?q=Zhengzou");
    assert_eq!(p.state, "empty");
    assert!(p.dom.contains("data-suggestion=\"Zhengzhou\""), "{}", p.dom);
    assert_eq!(p.status, "No case study matches “Zhengzou”. Did you mean “Zhengzhou”?");
    // The filter panel starts closed in this narrow window: no facet file was fetched.
    let fetched = server.requests();
    assert!(fetched.iter().any(|r| r.starts_with("/search/t/")), "{fetched:?}");
    assert!(!fetched.iter().any(|r| r.starts_with("/search/f/")), "{fetched:?}");

    let server = StaticServer::start_with_head_script(t.out(), &click_script(".did-you-mean"));
    let p = open(&browser, &server, "/search/?q=Zhengzou");
    assert_eq!(recorded_url(&p.dom).as_deref(), Some("/search/?q=Zhengzhou"));
    assert_eq!(p.results[0], "2021-12-24-zhengzhou-bank-e-banking", "{}", p.status);
    assert!(p.dom.contains("<mark>Zhengzhou</mark>"), "{}", p.dom);
}

/// A query that finds little, not nothing, is offered the close name too: a case study
/// that misspells Zhengzhou once is found by the misspelling, with "Did you mean
/// Zhengzhou?" above it, one click away.
#[test]
fn a_query_that_finds_little_gets_a_suggestion_too() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled();
    let source = t.read_source("content/cases/2021-12-24-zhongyuan-bank-mobile-banking.md");
    let typo = source
        .replacen("title: \"", "title: \"Typo — ", 1)
        .replacen("date: 2021-12-24", "date: 2021-12-25", 1)
        .replacen("\n## ", "\nA neighbour in Zhengzou watched the project.\n\n## ", 1);
    t.write("content/cases/2021-12-25-typo.md", typo);
    let t = t.build();
    let server = StaticServer::start_with_head_script(t.out(), OPEN_FILTERS);
    let p = open(&browser, &server, "/search/?q=Zhengzou");
    assert_eq!(p.results, ["2021-12-25-typo"], "{}", p.status);
    assert!(p.dom.contains("data-suggestion=\"Zhengzhou\""), "{}", p.dom);
    assert!(p.status.ends_with("Did you mean “Zhengzhou”?"), "{}", p.status);
    // One word of one stem: the counts are the shard's precomputed ones, no facet file.
    assert_eq!(p.counts.get(&("institution".into(), "zhongyuan-bank".into())), Some(&1));
    let fetched = server.requests();
    assert!(fetched.iter().any(|r| r.starts_with("/search/c/")), "{fetched:?}");
    assert!(!fetched.iter().any(|r| r.starts_with("/search/f/")), "{fetched:?}");
    // A word that the text has and that is no name is left alone.
    let p = open(&browser, &server, "/search/?q=monolithic");
    assert!(!p.dom.contains("data-suggestion"), "{}", p.dom);

    let server = StaticServer::start_with_head_script(t.out(), &click_script(".did-you-mean"));
    let p = open(&browser, &server, "/search/?q=Zhengzou");
    assert_eq!(recorded_url(&p.dom).as_deref(), Some("/search/?q=Zhengzhou"));
    assert_eq!(p.results[0], "2021-12-24-zhengzhou-bank-e-banking", "{}", p.status);
}

#[test]
fn every_form_of_a_stem_is_found_and_highlighted() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start(t.out());
    // `deliveries` occurs nowhere; its stem does, as `delivery`.
    let p = open(&browser, &server, "/search/?q=deliveries");
    assert_eq!(p.state, "results", "{}", p.status);
    let list = html::section(&p.dom, "<ol class=\"result-list\"", "</ol>");
    assert!(list.contains("<mark>delivery</mark>"), "{list}");
    // The excerpt is centred on the match even deep in the text (past the stored start).
    let p = open(&browser, &server, "/search/?q=optimisation");
    assert!(p.results.iter().any(|s| s == "2021-12-24-zhengzhou-bank-e-banking"), "{}", p.status);
    let card = html::section(&p.dom, "data-slug=\"2021-12-24-zhengzhou-bank-e-banking\"", "</li>");
    let excerpt = html::section(card, "<p class=\"result-excerpt\"", "</p>");
    assert!(excerpt.contains("<mark>optimisation</mark>"), "{excerpt}");
    assert!(html::text(excerpt).starts_with("… "), "{excerpt}");

    // Chinese: the characters of the matched bigrams.
    let t = fixture();
    let server = StaticServer::start(t.out());
    let p = open(&browser, &server, "/search/?q=%E5%88%B6%E5%93%81%E5%AE%89%E5%85%A8");
    assert_eq!(p.results, ["gamma-zh"], "{}", p.status);
    assert!(p.dom.contains("<mark>制品安全</mark>"), "{}", p.dom);
}

#[test]
fn results_without_a_case_study_show_as_result_cards_in_a_browser() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start_with_head_script(t.out(), OPEN_FILTERS);
    let icbc6 = "result:icbc/continuous-delivery/known_by/2022-12-26/-";

    // `continuous delivery` names a module with no case study: its three results.
    let p = open(&browser, &server, "/search/?q=continuous+delivery");
    assert_eq!(p.state, "results", "{}", p.status);
    assert_eq!(p.results.first().map(String::as_str), Some(icbc6), "{}", p.status);
    assert_eq!(p.results.len(), 3);
    assert_eq!(p.status, "3 results without a case study match the filters");
    let card = html::section(&p.dom, &format!("data-slug=\"{icbc6}\""), "</li>");
    let text = html::text(card);
    assert!(text.contains("Result without a case study"), "{text}");
    assert!(text.contains("by 26 December 2022"), "{text}");
    assert!(text.contains("×6 results"), "{text}");
    assert!(text.contains("ICBC · Continuous delivery ×6"), "{text}");
    assert!(text.contains("level not reported"), "{text}");
    // The /results/ view of its institution and module (the bundled site links relatively).
    assert!(
        card.contains("href=\"../results/?institution=icbc&amp;module=continuous-delivery\""),
        "{card}"
    );
    assert!(card.contains("data-kind=\"result\""), "{card}");

    // The words of a note find it as text too, and the status keeps the two kinds apart.
    let p = open(&browser, &server, "/search/?q=six+projects");
    assert_eq!(p.results.first().map(String::as_str), Some(icbc6), "{}", p.status);
    assert_eq!(p.status, "1 case study and 1 result without a case study match “six projects”.");

    // Per institution: the facet counts on the page sum to its documents (its case
    // studies and its results without one), which are the results listed.
    for (id, cases, results) in [
        ("icbc", 1, 1),
        ("psbc", 1, 2),
        ("zhengzhou-bank", 1, 3),
        ("abc", 5, 0),
        ("zhongyuan-bank", 1, 0),
    ] {
        let p = open(&browser, &server, &format!("/search/?institution={id}"));
        let n = cases + results;
        assert_eq!(p.results.len(), n, "{id}: {}", p.status);
        assert_eq!(p.results.iter().filter(|s| s.starts_with("result:")).count(), results, "{id}");
        // (An institution filter leaves the institution counts for the other institutions.)
        for facet in ["year", "type"] {
            let sum: usize = p.counts.iter().filter(|((f, _), _)| f == facet).map(|(_, c)| c).sum();
            assert_eq!(sum, n, "{id}: {facet} counts {:?}", p.counts);
        }
        assert_eq!(p.counts.get(&("institution".to_string(), id.to_string())), Some(&n), "{id}");
    }
}

/// The Chinese search page of a two-language site runs in Chinese: status lines, facet
/// headings, dates and the empty state come from the Chinese catalogue.
#[test]
fn the_chinese_search_page_speaks_chinese_in_a_browser() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::from_fixture("bilingual").build();
    let server = StaticServer::start(t.out());
    let p = open(&browser, &server, "/zh/search/");
    assert_eq!(p.state, "results", "{}", p.status);
    assert_eq!(p.results.len(), 3, "every case, English-only too: {}", p.status);
    assert!(p.status.starts_with("全部 3 个案例，"), "{}", p.status);
    for legend in ["<legend>机构</legend>", "<legend>模块</legend>", "<legend>级别</legend>"]
    {
        assert!(p.dom.contains(legend), "facet heading {legend}");
    }
    assert!(!p.dom.contains("<legend>Institution</legend>"));
    // Facet values lead with their Chinese names (the English one beside it), levels too,
    // and the level badge of a card is in Chinese.
    let value = |facet: &str, id: &str| {
        let start = format!("data-facet=\"{facet}\" data-value=\"{id}\"");
        let li = p.dom.split(&start).nth(1).unwrap_or_else(|| panic!("{start}: {}", p.dom));
        let li = li.split_once('>').map_or(li, |(_, rest)| rest);
        html::text(li.split("</li>").next().unwrap()).trim().to_string()
    };
    assert!(
        value("type", "rural-commercial").starts_with("农村商业银行"),
        "{}",
        value("type", "rural-commercial")
    );
    assert!(value("level", "3").contains("全面级"), "{}", value("level", "3"));
    assert!(p.dom.contains("<span class=\"level-name\">全面级</span>"), "{}", p.dom);
    assert!(p.dom.contains("lang=\"en\""), "the English side names are marked English");
    let dates: Vec<&str> = p.dom.split("<time datetime=\"").skip(1).collect();
    assert!(!dates.is_empty());
    for d in dates {
        let text = d.split('>').nth(1).and_then(|s| s.split('<').next()).unwrap_or_default();
        assert!(text.contains('年') && text.ends_with('日'), "a date in English: {text:?}");
    }
    let none = open(&browser, &server, "/zh/search/?q=zzqqxx");
    assert_eq!(none.state, "empty", "{}", none.status);
    assert_eq!(none.status, "没有与“zzqqxx”匹配的案例。");
    assert!(none.dom.contains("<h2>没有结果</h2>"), "the empty state in Chinese");
    assert!(!none.dom.contains("Check the spelling"));
}
