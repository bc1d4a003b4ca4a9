//! `/results/`: every record in one table, complete without JavaScript, and
//! `results/results.csv` (BOM, `count` column, formula cells neutralised) with exactly the
//! lines the page's rows carry for the browser's CSV download.

use crate::html;
use crate::support::SiteTest;

/// One row of the `/results/` table.
#[derive(Debug, Clone)]
pub(crate) struct ResultRow {
    /// The `data-*` filter values: institution, type, part, module, level, year.
    pub keys: Vec<(String, String)>,
    pub count: u32,
    pub level: String,
    pub level_rank: u32,
    /// The source link (a case page or an article), or the source text.
    pub source: String,
    /// The row's CSV line (`data-csv`).
    pub csv: String,
    /// The row's visible text.
    pub text: String,
    /// True when the row has the `hidden` attribute (filtered out by the script).
    pub hidden: bool,
}

/// The parsed `/results/` table.
pub(crate) struct ResultsTable {
    pub csv_header: String,
    pub rows: Vec<ResultRow>,
}

/// The filter keys a row carries.
pub(crate) const FILTER_KEYS: [&str; 6] =
    ["institution", "type", "part", "module", "level", "year"];

impl ResultsTable {
    pub(crate) fn parse(main: &str) -> ResultsTable {
        let table = html::section(main, "<table class=\"results-table\"", "</table>");
        let head = &html::tags(table)[0];
        let body = html::section(table, "<tbody>", "</tbody>");
        let rows = body
            .split("<tr ")
            .skip(1)
            .map(|row| {
                let row = format!("<tr {}", &row[..row.find("</tr>").unwrap()]);
                let tags = html::tags(&row);
                let tr = &tags[0];
                let cells: Vec<&str> = row.split("<td").skip(1).collect();
                let level_cell = format!("<td{}", &cells[4][..cells[4].find("</td>").unwrap()]);
                let source_cell = format!("<td{}", &cells[7][..cells[7].find("</td>").unwrap()]);
                let level_tag = &html::tags(&level_cell)[0];
                ResultRow {
                    keys: FILTER_KEYS
                        .iter()
                        .map(|k| {
                            let v = tr.attr(&format!("data-{k}")).unwrap_or_else(|| panic!("{k}"));
                            (k.to_string(), v.to_string())
                        })
                        .collect(),
                    count: tr.attr("data-count").unwrap().parse().unwrap(),
                    level: html::text(&level_cell),
                    level_rank: level_tag.attr("data-v").unwrap().parse().unwrap(),
                    source: html::anchors(&source_cell)
                        .first()
                        .map(|a| site_path(a))
                        .unwrap_or_else(|| html::text(&source_cell)),
                    csv: tr.attr("data-csv").unwrap().to_string(),
                    text: html::text(&row),
                    hidden: tr.attr("hidden").is_some(),
                }
            })
            .collect();
        ResultsTable { csv_header: head.attr("data-csv-header").unwrap().to_string(), rows }
    }

    /// The rows a filter (query pairs) selects, as the script selects them.
    pub(crate) fn filtered(&self, filter: &[(String, String)]) -> Vec<&ResultRow> {
        self.rows
            .iter()
            .filter(|r| {
                filter.iter().all(|(k, v)| r.keys.iter().any(|(rk, rv)| rk == k && rv == v))
            })
            .collect()
    }
}

/// A link from a page one level down (`/results/`, `/matrix/`) as a site path: the
/// bundled site writes relative links (`../cases/x/` → `/cases/x/`).
pub(crate) fn site_path(href: &str) -> String {
    match href.strip_prefix("../") {
        Some(rest) => format!("/{rest}"),
        None => href.to_string(),
    }
}

/// `a=1&b=2` → pairs (no escapes occur in ids).
pub(crate) fn query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// The statistics' total of results (`stats.json` summary).
fn stats_total(t: &SiteTest) -> u64 {
    let json: serde_json::Value = serde_json::from_str(&t.read("stats/stats.json")).unwrap();
    json["summary"]["results"].as_u64().unwrap()
}

/// `results.csv` without its BOM, as lines; asserts the BOM.
fn csv_lines(t: &SiteTest) -> Vec<String> {
    let bytes = std::fs::read(t.out().join("results/results.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "results.csv starts with a UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    // Quoted fields may hold line breaks; the fixtures' do not.
    text.split_terminator("\r\n").map(str::to_string).collect()
}

#[test]
fn results_page_lists_every_record() {
    let t = SiteTest::bundled().build();
    let table = ResultsTable::parse(&t.main_html("results/index.html"));
    // 9 case studies and the 6 entries of results.yaml.
    assert_eq!(table.rows.len(), 15);
    assert!(table.rows.iter().all(|r| !r.hidden), "complete without JavaScript");
    let total: u32 = table.rows.iter().map(|r| r.count).sum();
    assert_eq!(u64::from(total), stats_total(&t));
    // Every case study is a row that links to it.
    // The Chinese versions (`….zh.md`) are the same case studies.
    let cases: Vec<String> = std::fs::read_dir(t.root().join("content/cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| !name.ends_with(".zh.md"))
        .map(|name| name.trim_end_matches(".md").to_string())
        .collect();
    assert_eq!(cases.len(), 9);
    for slug in &cases {
        let url = format!("/cases/{slug}/");
        assert!(table.rows.iter().any(|r| r.source == url && r.count == 1), "no row for {slug}");
    }
    // Known-by results say so, and show their count and source.
    let icbc = table
        .rows
        .iter()
        .find(|r| r.count == 6)
        .unwrap_or_else(|| panic!("no row for ICBC's six results"));
    assert!(icbc.text.contains("by 26 December 2022"), "{}", icbc.text);
    assert!(icbc.text.contains("six ICBC projects had passed"), "{}", icbc.text);
    assert_eq!(icbc.level, "not reported");
    assert_eq!(icbc.source, "/cases/2022-12-26-icbc-audio-video-security/");
    // The page states the totals it lists.
    let main = t.main_html("results/index.html");
    assert!(html::text(&main).contains(&format!("15 records, {} results", stats_total(&t))));
}

#[test]
fn results_csv_has_a_bom_a_count_column_and_sums_to_the_statistics() {
    for t in [SiteTest::bundled().build(), SiteTest::from_fixture("stats").build()] {
        let lines = csv_lines(&t);
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(
            header,
            [
                "institution",
                "institution_zh",
                "type",
                "part",
                "module",
                "project",
                "level",
                "dated",
                "date",
                "count",
                "source",
                "source_url",
                "note"
            ]
        );
        let table = ResultsTable::parse(&t.main_html("results/index.html"));
        // The page's rows carry exactly the lines of the file (what the browser download
        // is built from), in the same order.
        assert_eq!(table.csv_header, lines[0]);
        let row_lines: Vec<&str> = table.rows.iter().map(|r| r.csv.as_str()).collect();
        assert_eq!(row_lines, lines[1..].iter().map(String::as_str).collect::<Vec<_>>());
        let sum: u64 = table.rows.iter().map(|r| count_field(&r.csv)).sum();
        assert_eq!(sum, stats_total(&t));
    }
}

/// The `count` field (10th) of a CSV line; quoted fields before it are skipped correctly.
fn count_field(line: &str) -> u64 {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    fields.push(cur);
    fields[9].parse().unwrap_or_else(|_| panic!("count of {line}"))
}

#[test]
fn csv_neutralises_formulas_and_keeps_chinese() {
    let t = SiteTest::from_fixture("stats");
    t.write(
        "content/_data/results.yaml",
        "- bank: C Bank\n  module: m1\n  project: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\n  announced: 2019-12-01\n  note: \"@SUM(1+1)\"\n- bank: C Bank\n  module: m2\n  project: \"\\tTabbed, with comma\"\n  announced: 2019-12-02\n  note: \"-2+3 中文备注\"\n",
    );
    let t = t.build();
    let lines = csv_lines(&t);
    let hyperlink = lines.iter().find(|l| l.contains("HYPERLINK")).unwrap();
    assert!(hyperlink.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{hyperlink}");
    assert!(hyperlink.ends_with(",'@SUM(1+1)"), "{hyperlink}");
    let tabbed = lines.iter().find(|l| l.contains("Tabbed")).unwrap();
    assert!(tabbed.contains(",\"'\tTabbed, with comma\","), "{tabbed}");
    assert!(tabbed.ends_with(",'-2+3 中文备注"), "{tabbed}");
}
