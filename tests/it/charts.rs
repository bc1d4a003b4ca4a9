//! Charts and tables of the bundled site as built (issue 18): charts in three drawings with
//! no label cut short, year bars with every year and value, one class per table column
//! shared by its header cell and its cells, dates in the cards' format, sources as links,
//! and, in a real browser at 390 and 1280 px, chart text of 11 px or more, one drawing per
//! chart filling its card, header cells aligned like their columns and dates on one line.

use std::path::Path;
use std::time::Duration;

use crate::support::{SiteTest, StaticServer, output_with_timeout, require_browser};

/// The `<svg …>…</svg>` elements of `html`.
fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg ").skip(1).map(|s| &s[..s.find("</svg>").map_or(s.len(), |e| e + 6)]).collect()
}

/// The text content of every `<text>` in `svg` (tags inside removed).
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').map_or(0, |i| i + 1)..t.find("</text>").unwrap_or(t.len())];
            let mut out = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out
        })
        .collect()
}

/// The `class` attribute of each `<th>`/`<td>` in `row` (a `<tr>…</tr>`), "" when none.
fn cell_classes(row: &str) -> Vec<String> {
    row.split('<')
        .filter(|t| t.starts_with("th") || t.starts_with("td"))
        .filter(|t| t.as_bytes().get(2).is_some_and(|b| *b == b' ' || *b == b'>'))
        .map(|t| {
            let tag = &t[..t.find('>').unwrap_or(t.len())];
            tag.split("class=\"").nth(1).and_then(|c| c.split('"').next()).unwrap_or("").into()
        })
        .collect()
}

#[test]
fn charts_on_the_statistics_pages_come_in_three_widths_and_cut_no_label() {
    let t = SiteTest::bundled().build();
    for page in ["stats/index.html", "zh/stats/index.html"] {
        let html = t.main_html(page);
        let charts = svgs(&html);
        assert!(charts.len() >= 18, "{page}: {} charts", charts.len());
        for width in [330, 620, 960] {
            let n = charts.iter().filter(|s| s.contains(&format!(" chart-w{width}\""))).count();
            assert_eq!(n * 3, charts.len(), "{page}: every chart drawn at {width}");
        }
        for svg in &charts {
            for text in svg_texts(svg) {
                assert!(!text.contains('…'), "{page}: a cut label {text:?}");
            }
            for size in svg.split("font-size=\"").skip(1) {
                let size: f64 = size[..size.find('"').unwrap()].parse().unwrap();
                assert!(size >= 12.0, "{page}: font-size {size}");
            }
        }
        // The longest part name is on the page in full, in the legend of every drawing.
        let part = if page.starts_with("zh") {
            "安全及风险管理"
        } else {
            "Security and risk management"
        };
        let by_part: Vec<&&str> = charts.iter().filter(|s| s.contains("chart-by-part")).collect();
        assert_eq!(by_part.len(), 3);
        for svg in by_part {
            let texts = svg_texts(svg).join("|");
            let joined = texts.replace(' ', "");
            assert!(joined.contains(&part.replace(' ', "")), "{page}: {part} in full: {texts}");
        }
    }
}

#[test]
fn term_pages_show_year_bars_with_every_year_and_value() {
    let t = SiteTest::bundled().build();
    for page in ["institutions/icbc/index.html", "zh/modules/devsecops/index.html"] {
        let html = t.main_html(page);
        let charts = svgs(&html);
        assert_eq!(charts.len(), 1, "{page}");
        let svg = charts[0];
        assert!(svg.contains("chart-year-bars"), "{page}");
        let years: Vec<String> =
            svg_texts(svg).into_iter().filter(|t| t.len() == 4 && t.starts_with("20")).collect();
        assert_eq!(years, ["2021", "2022", "2023", "2024"], "{page}: every year labelled");
        let values = svg.matches(r#"class="value""#).count();
        assert_eq!(values, 4, "{page}: every value written");
        let width: f64 =
            svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(width >= 150.0, "{page}: {width} px wide, not a 40 px sparkline");
    }
}

#[test]
fn table_header_cells_share_their_column_class_and_dates_read_like_the_cards() {
    let t = SiteTest::bundled().build();
    let html = t.main_html("stats/index.html");
    let mut tables = 0;
    for table in html.split("<table").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
        let header = cell_classes(head);
        assert!(header.iter().all(|c| ["num", "text", "date"].contains(&c.as_str())), "{header:?}");
        for row in table.split("<tr>").skip(2) {
            assert_eq!(cell_classes(row), header, "a row aligned like its header");
        }
        tables += 1;
    }
    assert_eq!(tables, 9);
    // Dates in the cards' format, in both languages; sources link to their case study.
    assert!(html.contains(r#"<th scope="row" class="date">25 April 2024</th>"#));
    assert!(!html.contains(">2024-04-25<"));
    let zh = t.main_html("zh/stats/index.html");
    assert!(zh.contains(r#"<th scope="row" class="date">2024年4月25日</th>"#));
    let source = r#"<td class="text"><a href="../cases/2022-12-26-icbc-audio-video-security/">ICBC&#39;s audio"#;
    assert!(html.contains(source), "a source is its case study's title, linked");
    assert!(!html.contains(r#"<td class="text">2022-12-26-icbc-audio-video-security</td>"#));
    // Term and case pages: dates as on the cards, and no column repeating the page's subject.
    let bank = t.main_html("institutions/icbc/index.html");
    assert!(bank.contains(">by 26 December 2022</time>") && !bank.contains(">2022-12-26<"));
    let zh_bank = t.main_html("zh/institutions/icbc/index.html");
    assert!(zh_bank.contains(">2022年12月26日前</time>"), "zh dates");
    let case = t.main_html("cases/2024-04-25-abc-cloud-note/index.html");
    assert!(case.contains(r#"<table class="results records-of-institution">"#));
    assert!(case.contains(r#"<td class="date"><time datetime="2024-04-25">25 April 2024</time>"#));
    let results = t.main_html("results/index.html");
    assert!(results.contains(r#"<time datetime="2024-04-25">25 April 2024</time>"#));
    assert!(results.contains(r#"<th scope="col" data-sort="text" class="date">"#));
}

/// Measures the page in the browser once it has loaded: its viewport width, the smallest
/// rendered chart text, charts whose drawing is not the only one shown or does not fill its
/// figure, header cells aligned otherwise than their column's first cell, dates broken
/// over two lines, and tables wider than their scrolling frame. The page runs in a frame of the wanted width (headless Chromium's
/// window is at least 500 px wide), and the result goes on the framing page's root.
const PROBE: &str = r#"addEventListener('load', function () {
  if (document.querySelector('iframe[data-probe-frame]')) return;
  var out = { width: innerWidth, minFont: 1000, charts: 0, notFull: [], shown: [], misaligned: [], wrapped: [], overflowing: [] };
  document.querySelectorAll('figure').forEach(function (f) {
    var visible = Array.prototype.filter.call(f.querySelectorAll('svg.chart'), function (s) {
      return s.getBoundingClientRect().width > 0; });
    if (!visible.length) return;
    if (visible.length !== 1) out.shown.push(f.className + ': ' + visible.length);
    visible.forEach(function (s) {
      out.charts++;
      var scale = s.getScreenCTM().a;
      var fw = f.getBoundingClientRect().width;
      if (!s.classList.contains('chart-year-bars') && s.getBoundingClientRect().width < fw - 1)
        out.notFull.push(s.getAttribute('class') + ' ' + s.getBoundingClientRect().width + '/' + fw);
      s.querySelectorAll('text').forEach(function (t) {
        var px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < out.minFont) out.minFont = px;
      });
    });
  });
  document.querySelectorAll('table').forEach(function (table) {
    var head = table.querySelectorAll('thead th'), row = table.querySelector('tbody tr');
    if (!row || !head.length) return;
    var cells = row.children;
    for (var i = 0; i < head.length && i < cells.length; i++) {
      if (cells[i].getBoundingClientRect().width === 0) continue;
      var a = getComputedStyle(head[i]).textAlign, b = getComputedStyle(cells[i]).textAlign;
      if (a !== b) out.misaligned.push(head[i].textContent.trim() + ': ' + a + ' vs ' + b);
    }
  });
  document.querySelectorAll('tbody time, tbody .date').forEach(function (d) {
    var r = document.createRange(); r.selectNodeContents(d);
    var tops = Array.prototype.filter.call(r.getClientRects(), function (c) { return c.width > 0; })
      .map(function (c) { return c.top; });
    var em = parseFloat(getComputedStyle(d).fontSize);
    if (tops.length && Math.max.apply(null, tops) - Math.min.apply(null, tops) > 0.6 * em)
      out.wrapped.push(d.textContent.trim());
  });
  document.querySelectorAll('.table-frame, .table-scroll').forEach(function (f) {
    if (f.scrollWidth > f.clientWidth + 1) out.overflowing.push(f.className + ' ' + f.scrollWidth + '/' + f.clientWidth);
  });
  parent.document.documentElement.setAttribute('data-probe', JSON.stringify(out));
});"#;

/// Loads `page` in a frame `width` × 2000 px (through a framing page written to `out`,
/// served by `server`) and returns what [`PROBE`] measured, as JSON.
fn probe(
    browser: &Path,
    server: &StaticServer,
    out: &Path,
    page: &str,
    width: u32,
) -> serde_json::Value {
    let frame = format!(
        "<!doctype html><html><head><title>probe</title></head><body style=\"margin:0\"><iframe data-probe-frame src=\"{page}\" width=\"{width}\" height=\"2000\" style=\"border:0\"></iframe></body></html>"
    );
    let name = format!("probe-{width}-{}.html", page.replace('/', "_"));
    std::fs::write(out.join(&name), frame).unwrap();
    let url = server.url(&name);
    let profile = tempfile::Builder::new().prefix("casebook-charts-").tempdir().unwrap();
    let mut cmd = std::process::Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ])
    .arg(format!("--window-size={},2100", width.max(500) + 20))
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(["--virtual-time-budget=3000", "--dump-dom", &url]);
    let out = output_with_timeout(&mut cmd, Duration::from_secs(90))
        .unwrap_or_else(|| panic!("the browser did not load {url} within 90 s"));
    let dom = String::from_utf8_lossy(&out.stdout);
    let attr = dom.split("data-probe=\"").nth(1).unwrap_or_else(|| panic!("no probe on {url}"));
    let json = attr[..attr.find('"').unwrap()].replace("&quot;", "\"").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn charts_and_tables_read_on_a_phone_and_a_desktop_in_a_browser() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = StaticServer::start_with_head_script(t.out(), PROBE);
    let pages = [
        "/stats/",
        "/zh/stats/",
        "/institutions/icbc/",
        "/zh/modules/devsecops/",
        "/cases/2024-04-25-abc-cloud-note/",
        "/results/",
        "/zh/results/",
    ];
    for width in [390, 1280] {
        for page in pages {
            let m = probe(&browser, &server, &t.out(), page, width);
            let at = format!("{page} at {width} px");
            assert_eq!(m["width"], width, "{at}: the page is laid out at the width asked for");
            if page.ends_with("stats/") {
                assert!(m["charts"].as_u64().unwrap() >= 6, "{at}: {m}");
            }
            if m["charts"].as_u64().unwrap() > 0 {
                let min = m["minFont"].as_f64().unwrap();
                assert!(min >= 11.0, "{at}: chart text at {min:.1} px");
            }
            for list in ["shown", "notFull", "misaligned", "wrapped"] {
                assert_eq!(m[list], serde_json::json!([]), "{at}: {list}");
            }
            // On a desktop every table fits its card; on a phone a wide one scrolls in it.
            if width == 1280 {
                assert_eq!(m["overflowing"], serde_json::json!([]), "{at}: tables fit");
            }
        }
    }
}
