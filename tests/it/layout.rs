//! Layout in a real browser (issue #18): every kind of page of the bundled site, in English
//! and Chinese, at a phone's width (390 px) and a desktop's (1024 and 1280 px), measured by
//! headless Chromium.
//!
//! How: the bundled site is built and served on loopback by [`StaticServer`], which injects
//! `layout_probe.js` at the top of every page. The probe measures the laid-out page and
//! writes its findings as JSON into the page's `data-layout` attribute. A same-origin
//! harness page written into the output (`__layout.html`) opens every page in an `<iframe>`
//! of the width under test (so the page's viewport, media queries included, is exactly
//! that wide, below headless Chromium's minimum window width too), collects the findings
//! and writes them into its own DOM, which [`dump_dom`] returns. One browser run per width
//! serves all the tests below. No network: everything is on 127.0.0.1.
//!
//! Without a browser these tests are skipped, except under `CI=true`, where they fail
//! (see [`require_browser`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::html;
use crate::support::{SiteTest, StaticServer, dump_dom, require_browser};

/// The probe injected into every served page.
const PROBE: &str = include_str!("layout_probe.js");

/// The harness page: opens each `(url, width)` of the `pages` query in an iframe of that
/// width and writes `{url@width: findings}` into `<body data-findings>` once every frame
/// has reported (or what it has after 20 s of page time).
const HARNESS: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block}</style></head><body><script>
(function () {
  var pages = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  var frames = pages.map(function (p) {
    var f = document.createElement("iframe");
    f.width = p.width; f.height = 900; f.src = p.url;
    document.body.appendChild(f);
    return { key: p.url + "@" + p.width, frame: f };
  });
  var started = Date.now();
  var timer = setInterval(function () {
    var out = {}, done = 0;
    frames.forEach(function (x) {
      var v = null;
      try { v = x.frame.contentDocument.documentElement.getAttribute("data-layout"); } catch (e) {}
      if (v) { out[x.key] = JSON.parse(v); done++; }
    });
    if (done === frames.length || Date.now() - started > 20000) {
      clearInterval(timer);
      document.body.setAttribute("data-findings", JSON.stringify(out));
    }
  }, 50);
})();
</script></body></html>"#;

/// The widths under test: a phone, the narrowest desktop the header must fit on one row,
/// and a common desktop.
const WIDTHS: [u32; 3] = [390, 1024, 1280];

/// What the probe found on one page at one width.
struct Finding {
    /// `/zh/matrix/ at 390 px`.
    at: String,
    width: u32,
    json: Value,
}

/// The probe's findings on every page kind, both languages, both widths; `None` when no
/// browser is installed (and not on CI).
fn findings() -> Option<&'static [Finding]> {
    static FINDINGS: OnceLock<Option<Vec<Finding>>> = OnceLock::new();
    FINDINGS.get_or_init(measure).as_deref()
}

fn measure() -> Option<Vec<Finding>> {
    let browser = require_browser()?;
    let t = SiteTest::bundled().build();
    let out = t.out();
    std::fs::write(out.join("__layout.html"), HARNESS).unwrap();
    let pages = page_kinds(&out);
    let server = StaticServer::start_with_head_script(&out, PROBE);
    let mut found = Vec::new();
    for width in WIDTHS {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|(_, path)| ["", "zh/"].map(|lang| format!("/{lang}{path}")))
            .map(|url| serde_json::json!({ "url": url, "width": width }))
            .collect();
        let hash = percent_encode(&Value::Array(list.clone()).to_string());
        let dom = dump_dom(&browser, &format!("{}#{hash}", server.url("__layout.html")));
        let body = html::tags(&dom).into_iter().find(|t| t.name == "body").expect("a body");
        let raw = body
            .attr("data-findings")
            .unwrap_or_else(|| panic!("the layout harness reported nothing at {width} px:\n{dom}"));
        let all: BTreeMap<String, Value> = serde_json::from_str(raw).expect("findings are JSON");
        for page in &list {
            let url = page["url"].as_str().unwrap();
            let json = all.get(&format!("{url}@{width}")).cloned().unwrap_or_else(|| {
                panic!("no layout findings for {url} at {width} px (the page did not load)")
            });
            found.push(Finding { at: format!("{url} at {width} px"), width, json });
        }
    }
    Some(found)
}

/// One page of each kind, by its path under a language's root: the case, institution and
/// module pages are the fullest of their kind (the largest file), so the most content is
/// laid out.
fn page_kinds(out: &Path) -> Vec<(&'static str, String)> {
    let fullest = |section: &str| -> String {
        let dir = out.join(section);
        let mut best: Option<(u64, String)> = None;
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let index = entry.path().join("index.html");
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "page" || !index.is_file() {
                continue;
            }
            let size = std::fs::metadata(&index).unwrap().len();
            if best.as_ref().is_none_or(|(s, _)| size > *s) {
                best = Some((size, name));
            }
        }
        format!("{section}/{}/", best.expect("a page in the section").1)
    };
    vec![
        ("home", String::new()),
        ("case list", "cases/".into()),
        ("case", fullest("cases")),
        ("institution", fullest("institutions")),
        ("module", fullest("modules")),
        ("terms index", "modules/".into()),
        ("matrix", "matrix/".into()),
        ("results", "results/".into()),
        ("stats", "stats/".into()),
        ("search", "search/".into()),
        ("levels", "levels/".into()),
        ("404", "404.html".into()),
    ]
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The entries of the list `key` of every finding, each prefixed with where it was found.
fn listed(all: &[Finding], key: &str) -> Vec<String> {
    all.iter()
        .flat_map(|f| {
            f.json[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |v| format!("{}: {}", f.at, v.as_str().unwrap_or_default()))
        })
        .collect()
}

#[test]
fn no_page_scrolls_sideways() {
    let Some(all) = findings() else { return };
    let wide: Vec<String> = all
        .iter()
        .filter(|f| {
            f.json["overflow"]["scroll_width"].as_f64() > f.json["overflow"]["inner_width"].as_f64()
        })
        .map(|f| format!("{}: {}", f.at, f.json["overflow"]))
        .collect();
    assert!(wide.is_empty(), "pages wider than the window:\n{}", wide.join("\n"));
}

#[test]
fn chart_text_is_at_least_11px_on_a_phone() {
    let Some(all) = findings() else { return };
    let small: Vec<String> = all
        .iter()
        .filter(|f| f.width == 390)
        .filter(|f| f.json["chart_text"]["min_px"].as_f64().is_some_and(|px| px < 11.0))
        .map(|f| format!("{}: {}", f.at, f.json["chart_text"]))
        .collect();
    assert!(small.is_empty(), "chart text under 11 px:\n{}", small.join("\n"));
}

#[test]
fn header_cells_align_like_their_columns() {
    let Some(all) = findings() else { return };
    let bad = listed(all, "header_alignment");
    assert!(
        bad.is_empty(),
        "{} header cells aligned unlike their column:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn iso_dates_never_wrap() {
    let Some(all) = findings() else { return };
    let bad = listed(all, "wrapped_dates");
    assert!(bad.is_empty(), "{} dates broken over two lines:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn no_label_is_truncated() {
    let Some(all) = findings() else { return };
    let bad = listed(all, "truncated");
    assert!(bad.is_empty(), "{} labels cut short:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn every_page_has_the_one_header_on_one_row_clear_of_the_top_edge() {
    let Some(all) = findings() else { return };
    let mut bad = Vec::new();
    for f in all {
        let h = &f.json["header"];
        if h["headers"].as_u64() != Some(1) {
            bad.push(format!("{}: {} site headers", f.at, h["headers"]));
        }
        // One row on a desktop; on a phone the brand, the language switch and the menu
        // button, the navigation folded into the menu.
        if h["rows"].as_u64() != Some(1) {
            bad.push(format!("{}: the header takes {} rows", f.at, h["rows"]));
        }
        if h["min_top"].as_f64().is_none_or(|top| top < 8.0) {
            bad.push(format!("{}: a header control {} px from the top edge", f.at, h["min_top"]));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_page_has_the_same_navigation_and_search_form_on_a_desktop() {
    let Some(all) = findings() else { return };
    let desktop: Vec<&Finding> = all.iter().filter(|f| f.width >= 1024).collect();
    let entries = |f: &Finding| f.json["header"]["nav_items"].as_u64().unwrap_or(0);
    let most = desktop.iter().map(|f| entries(f)).max().unwrap_or(0);
    let bad: Vec<String> = desktop
        .iter()
        .filter(|f| f.json["header"]["search"] != Value::Bool(true) || entries(f) != most)
        .map(|f| format!("{}: {}", f.at, f.json["header"]))
        .collect();
    assert!(most > 0, "no navigation entries found");
    assert!(bad.is_empty(), "pages whose header differs:\n{}", bad.join("\n"));
}

#[test]
fn the_matrix_scrolls_in_its_own_frame_with_sticky_first_column_and_header() {
    let Some(all) = findings() else { return };
    let matrices: Vec<&Finding> = all.iter().filter(|f| f.at.contains("/matrix/ ")).collect();
    assert_eq!(matrices.len(), 2 * WIDTHS.len(), "the matrix in two languages at every width");
    for f in matrices {
        let m = &f.json["matrix"];
        for key in ["frame_scrolls", "sticky_column", "sticky_header"] {
            assert_eq!(m[key], Value::Bool(true), "{}: {key} in {m}", f.at);
        }
        if f.width == 390 {
            // The table is wider than a phone: it scrolls in its frame, not the page.
            assert_eq!(m["table_wider_than_frame"], Value::Bool(true), "{}: {m}", f.at);
            assert!(f.json["overflow"]["scroll_width"].as_f64() <= Some(390.0), "{}", f.at);
        }
    }
}

#[test]
fn content_keeps_its_distance_from_the_footer() {
    let Some(all) = findings() else { return };
    let flush: Vec<String> = all
        .iter()
        .filter(|f| f.json["footer_gap"].as_f64().is_none_or(|gap| gap < 24.0))
        .map(|f| format!("{}: {} px", f.at, f.json["footer_gap"]))
        .collect();
    assert!(flush.is_empty(), "content within 24 px of the footer:\n{}", flush.join("\n"));
}
