//! `/results/` and the matrix in headless Chromium: sorting by clicking headers, views
//! read from the URL and written back to it (with the back button), the CSV download
//! built in the browser, and no sideways scrolling on a 390 px phone.
//!
//! A script inserted into every served page (see [`StaticServer::start_with_head_script`])
//! drives the page once it has loaded and writes what it saw as JSON into
//! `<html data-test>`; the test reads it from the dumped DOM. Without a browser these tests
//! are skipped, except under `CI=true` (see [`require_browser`]).

use crate::html;
use crate::results_page::{ResultsTable, query};
use crate::support::{SiteTest, StaticServer, dump_dom, require_browser};

/// Shared by every driver script: `visible()` (the shown rows), `report(obj)`.
const PRELUDE: &str = "function visible(sel){return [].filter.call(document.querySelectorAll(sel+' tbody tr'),function(r){return !r.hidden})}\
function report(o){document.documentElement.setAttribute('data-test',JSON.stringify(o))}\
function onLoad(f){window.addEventListener('load',function(){setTimeout(f,50)})}";

/// The JSON a driver script reported.
fn reported(dom: &str) -> serde_json::Value {
    let tags = html::tags(dom);
    let root = tags.iter().find(|t| t.name == "html").expect("no <html> in the dump");
    let json =
        root.attr("data-test").unwrap_or_else(|| panic!("the script reported nothing:\n{dom}"));
    serde_json::from_str(json).unwrap()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[test]
fn results_sort_by_header_click_and_download_the_rows_shown() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let driver = format!(
        "{PRELUDE}onLoad(function(){{\
var o={{}};var rows='table[data-results]';\
o.shown=visible(rows).length;o.tools=!document.querySelector('[data-results-filters]').hidden;\
o.type=document.querySelector('select[name=type]').value;\
var th=document.querySelectorAll(rows+' thead th')[7];var b=th.querySelector('[role=button]');\
b.click();o.asc=[th.getAttribute('aria-sort'),location.search,visible(rows).map(function(r){{return r.dataset.count}}).join(' ')];\
b.click();o.desc=[th.getAttribute('aria-sort'),location.search,visible(rows).map(function(r){{return r.dataset.count}}).join(' ')];\
o.status=document.querySelector('[data-status]').textContent;\
HTMLAnchorElement.prototype.click=function(){{o.file=this.download}};\
URL.createObjectURL=function(blob){{o.mime=blob.type;blob.arrayBuffer().then(function(buf){{var u=new Uint8Array(buf);o.bom=[u[0],u[1],u[2]];o.csv=new TextDecoder('utf-8',{{ignoreBOM:true}}).decode(buf);report(o)}});return 'blob:test'}};\
document.querySelector('[data-download]').click()}})"
    );
    let server = StaticServer::start_with_head_script(t.out(), &driver);
    let dom = dump_dom(&browser, &server.url("/results/?type=state-owned"));
    let o = reported(&dom);
    // The view comes from the URL: the tools are shown with its filter selected.
    assert_eq!((o["tools"].as_bool(), o["type"].as_str()), (Some(true), Some("state-owned")));
    let table = ResultsTable::parse(&t.main_html("results/index.html"));
    let expected = table.filtered(&query("type=state-owned"));
    assert_eq!(o["shown"].as_u64(), Some(expected.len() as u64));
    // Clicking Count sorts ascending, again descending; aria-sort and the URL follow.
    let counts = |dir: std::cmp::Ordering| {
        let mut c: Vec<u32> = expected.iter().map(|r| r.count).collect();
        c.sort_by(|a, b| if dir.is_lt() { a.cmp(b) } else { b.cmp(a) });
        c.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(
        strings(&o["asc"]),
        ["ascending", "?type=state-owned&sort=7", &counts(std::cmp::Ordering::Less)]
    );
    assert_eq!(
        strings(&o["desc"]),
        ["descending", "?type=state-owned&sort=7&dir=desc", &counts(std::cmp::Ordering::Greater)]
    );
    let total: u32 = expected.iter().map(|r| r.count).sum();
    assert_eq!(
        o["status"].as_str().unwrap(),
        format!("Showing {} records of {} ({total} results).", expected.len(), table.rows.len())
    );
    // The download: a BOM, the header and exactly the rows shown, in the order shown (a
    // stable sort by count, descending), byte for byte the lines of results.csv.
    assert_eq!(o["bom"], serde_json::json!([0xEF, 0xBB, 0xBF]));
    assert_eq!(o["mime"].as_str(), Some("text/csv;charset=utf-8"));
    assert_eq!(o["file"].as_str(), Some("results-state-owned.csv"));
    let file = t.read("results/results.csv");
    let lines: Vec<&str> = file.split_terminator("\r\n").collect();
    let mut rows: Vec<&crate::results_page::ResultRow> = expected.clone();
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    let mut want = format!("{}\r\n", lines[0]);
    for r in rows {
        assert!(lines.contains(&r.csv.as_str()), "{} is a line of results.csv", r.csv);
        want.push_str(&r.csv);
        want.push_str("\r\n");
    }
    assert_eq!(o["csv"].as_str().unwrap(), want);
}

#[test]
fn results_filters_live_in_the_url_and_the_back_button_restores_them() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let driver = format!(
        "{PRELUDE}onLoad(function(){{\
var o={{}};var rows='table[data-results]';\
o.first=[location.search,String(visible(rows).length)];\
var s=document.querySelector('select[name=institution]');s.value='psbc';s.dispatchEvent(new Event('change'));\
o.changed=[location.search,String(visible(rows).length)];\
window.addEventListener('popstate',function(){{setTimeout(function(){{o.back=[location.search,String(visible(rows).length),s.value];report(o)}},0)}});\
history.back()}})"
    );
    let server = StaticServer::start_with_head_script(t.out(), &driver);
    let dom = dump_dom(&browser, &server.url("/results/?institution=abc&module=security-delivery"));
    let o = reported(&dom);
    assert_eq!(strings(&o["first"]), ["?institution=abc&module=security-delivery", "5"]);
    // PSBC has no security-delivery row other than its case study.
    assert_eq!(strings(&o["changed"]), ["?institution=psbc&module=security-delivery", "1"]);
    assert_eq!(strings(&o["back"]), ["?institution=abc&module=security-delivery", "5", "abc"]);
    // The dumped DOM shows the restored view: ABC's five rows, the others hidden.
    let table = ResultsTable::parse(html::section(&dom, "<main", "</main>"));
    let shown: Vec<&str> =
        table.rows.iter().filter(|r| !r.hidden).map(|r| r.keys[0].1.as_str()).collect();
    assert_eq!(shown, ["abc"; 5]);
}

#[test]
fn matrix_reads_its_view_from_the_url() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start(t.out());
    let rows = |dom: &str| -> Vec<(String, bool, String)> {
        let body = html::section(dom, "<tbody>", "</tbody>");
        body.split("<tr ")
            .skip(1)
            .map(|row| {
                let tr = &html::tags(&format!("<tr {row}"))[0];
                let total = html::text(html::section(row, "<td class=\"total\">", "</td>"));
                (tr.attr("data-id").unwrap().to_string(), tr.attr("hidden").is_some(), total)
            })
            .collect()
    };
    let row = |id: &str, hidden: bool, total: &str| (id.to_string(), hidden, total.to_string());
    // Sorted by the number of results, most first.
    let dom = dump_dom(&browser, &server.url("/matrix/?sort=total"));
    assert_eq!(
        rows(&dom),
        [
            row("icbc", false, "7"),
            row("psbc", false, "6"),
            row("abc", false, "5"),
            row("zhengzhou-bank", false, "4"),
            row("zhongyuan-bank", false, "1")
        ]
    );
    // Filtered to city commercial banks' results of 2021: cells and totals recomputed,
    // links narrowed to the same view.
    let dom = dump_dom(&browser, &server.url("/matrix/?type=city-commercial&year=2021"));
    assert_eq!(
        rows(&dom),
        [
            row("abc", true, "0"),
            row("icbc", true, "0"),
            row("psbc", true, "0"),
            row("zhengzhou-bank", false, "4"),
            row("zhongyuan-bank", false, "1")
        ]
    );
    assert!(
        dom.contains("href=\"/results/?institution=zhengzhou-bank&amp;module=continuous-delivery&amp;year=2021\"")
            || dom.contains("href=\"../results/?institution=zhengzhou-bank&amp;module=continuous-delivery&amp;year=2021\""),
        "{}",
        html::section(&dom, "<tbody>", "</tbody>")
    );
    assert!(html::text(&dom).contains("Filtered: 2 institutions, 5 results."));
    // A level filter keeps only the cells with results at that level.
    let dom = dump_dom(&browser, &server.url("/matrix/?level=none"));
    let shown: Vec<String> =
        rows(&dom).into_iter().filter(|r| !r.1).map(|r| format!("{} {}", r.0, r.2)).collect();
    assert_eq!(shown, ["icbc 6", "psbc 5", "zhengzhou-bank 3"]);
}

#[test]
fn matrix_and_results_never_scroll_sideways_on_a_phone() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    // Chromium's headless window is at least 500 px wide: a 390 px iframe is the phone.
    let probe = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>probe</title></head><body style=\"margin:0\">\
<iframe id=\"f\" style=\"width:390px;height:844px;border:0\"></iframe><script>\
var f=document.getElementById('f');f.onload=function(){setTimeout(function(){var d=f.contentDocument.documentElement;\
var frame=f.contentDocument.querySelector('.table-frame');\
document.documentElement.setAttribute('data-test',JSON.stringify({width:f.contentWindow.innerWidth,client:d.clientWidth,scroll:d.scrollWidth,\
table:frame?frame.scrollWidth:0,frame:frame?frame.clientWidth:0}))},100)};\
f.src=location.hash.slice(1)</script></body></html>";
    std::fs::write(t.out().join("probe.html"), probe).unwrap();
    let server = StaticServer::start(t.out());
    for page in ["/matrix/", "/results/", "/matrix/?part=devsecops"] {
        let o = reported(&dump_dom(&browser, &server.url(&format!("/probe.html#{page}"))));
        let (client, scroll) = (o["client"].as_u64().unwrap(), o["scroll"].as_u64().unwrap());
        assert_eq!(o["width"].as_u64(), Some(390), "{page}: the frame is a phone");
        assert!(scroll <= client, "{page} scrolls sideways: {scroll} px wide at {client} px");
        // The table is wider than the phone and scrolls inside its own frame.
        let (table, frame) = (o["table"].as_u64().unwrap(), o["frame"].as_u64().unwrap());
        assert!(frame <= client && table > frame, "{page}: {o}");
    }
}
