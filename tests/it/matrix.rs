//! The institutions × modules matrix, parsed from `matrix/index.html`: each cell the
//! highest level and the number of results behind it, linking to the `/results/` view of
//! exactly those results; unknown cells distinct from "not assessed"; `matrix.csv`.

use crate::html::{self, Tag};
use crate::results_page::{ResultsTable, query, site_path};
use crate::support::SiteTest;

/// One cell slot of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Results: the level shown (`2+`, or `✓` when none is given), the count, the link.
    Results { level: String, count: u32, href: String, class: String },
    /// A reported total exceeds what is itemised.
    Unknown,
    /// No result.
    NotAssessed,
}

/// A matrix row.
#[derive(Debug)]
pub(crate) struct Row {
    pub id: String,
    pub total: u32,
    pub notes: Vec<String>,
    pub slots: Vec<Slot>,
}

/// The parsed matrix: column unit ids and rows.
pub(crate) struct Matrix {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Matrix {
    pub(crate) fn parse(main: &str) -> Matrix {
        let head = html::section(main, "<thead>", "</thead>");
        let columns = html::tags(head)
            .iter()
            .filter(|t| t.name == "th")
            .filter_map(|t| t.attr("data-unit").map(str::to_string))
            .collect();
        let body = html::section(main, "<tbody>", "</tbody>");
        let rows = body.split("<tr ").skip(1).map(parse_row).collect();
        Matrix { columns, rows }
    }

    pub(crate) fn row(&self, bank: &str) -> &Row {
        self.rows.iter().find(|r| r.id == bank).unwrap_or_else(|| panic!("no row `{bank}`"))
    }

    pub(crate) fn slot(&self, bank: &str, unit: &str) -> &Slot {
        let col = self
            .columns
            .iter()
            .position(|c| c == unit)
            .unwrap_or_else(|| panic!("no column `{unit}` in {:?}", self.columns));
        &self.row(bank).slots[col]
    }

    /// The cells as a grid of strings: `3 ×2`, `?` for unknown, `-` for not assessed.
    fn grid(&self) -> Vec<(String, Vec<String>)> {
        self.rows
            .iter()
            .map(|r| {
                let cells = r
                    .slots
                    .iter()
                    .map(|s| match s {
                        Slot::Results { level, count, .. } => format!("{level} ×{count}"),
                        Slot::Unknown => "?".into(),
                        Slot::NotAssessed => "-".into(),
                    })
                    .collect();
                (r.id.clone(), cells)
            })
            .collect()
    }
}

fn parse_row(row: &str) -> Row {
    let row = &row[..row.find("</tr>").unwrap()];
    let tr = &html::tags(&format!("<tr {row}"))[0];
    let th = html::section(row, "<th scope=\"row\">", "</th>");
    let notes = th
        .split("<span class=\"row-note\">")
        .skip(1)
        .map(|s| html::text(&s[..s.find("</span>").unwrap()]))
        .collect();
    let total = html::text(html::section(row, "<td class=\"total\">", "</td>")).parse().unwrap();
    let slots = row
        .split("<td class=\"cell")
        .skip(1)
        .map(|td| {
            let td = format!("<td class=\"cell{}", &td[..td.find("</td>").unwrap()]);
            let tags = html::tags(&td);
            let class = tags[0].attr("class").unwrap().to_string();
            let text = html::text(&td);
            match class.as_str() {
                "cell none" => {
                    assert_eq!(text, "not assessed");
                    Slot::NotAssessed
                }
                "cell unknown" => {
                    assert_eq!(text, "?unknown");
                    Slot::Unknown
                }
                _ => parse_results_cell(&tags, &text, class),
            }
        })
        .collect();
    Row { id: tr.attr("data-id").unwrap().to_string(), total, notes, slots }
}

/// `Level 2+ ×5 results` (the hidden words read out) → level `2+`, count 5.
fn parse_results_cell(tags: &[Tag], text: &str, class: String) -> Slot {
    let rest = text.strip_prefix("Level ").unwrap_or_else(|| panic!("cell text `{text}`"));
    let (level, rest) = rest.split_once(" ×").unwrap_or_else(|| panic!("cell text `{text}`"));
    let level = if level == "✓not reported" { "✓" } else { level };
    let count: u32 = rest.split(' ').next().unwrap().parse().unwrap();
    let noun = if count == 1 { "result" } else { "results" };
    assert_eq!(rest, format!("{count} {noun}"), "{text}");
    let href = site_path(tags.iter().find(|t| t.name == "a").unwrap().attr("href").unwrap());
    Slot::Results { level: level.to_string(), count, href, class }
}

fn grid(rows: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    rows.iter().map(|(b, c)| (b.to_string(), c.iter().map(|s| s.to_string()).collect())).collect()
}

#[test]
fn matrix_shows_the_highest_level_and_the_number_of_results() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("matrix/index.html");
    let m = Matrix::parse(&main);
    // Columns: parts in registry order, each part's own column (results recorded against
    // the whole part) before its modules, only units with results. Rows: by institution
    // type, then name; only institutions with results (not Eta Insurance).
    assert_eq!(
        m.columns,
        [
            "build-management",
            "test-management",
            "devsecops",
            "security-development",
            "security-delivery",
            "security-operation",
            "operations"
        ]
    );
    // Alpha passed security development twice, Level 3 in 2021 and Level 2 in 2022: the
    // cell shows the higher level and both results.
    assert_eq!(
        m.grid(),
        grid(&[
            ("alpha-bank", &["-", "-", "2+ ×1", "3 ×2", "-", "-", "-"]),
            ("beta-bank", &["4 ×1", "-", "-", "-", "1 ×1", "2 ×1", "-"]),
            ("gamma-bank", &["-", "3 ×1", "-", "-", "-", "2+ ×1", "-"]),
            ("delta-rural", &["-", "-", "-", "1 ×1", "-", "-", "2 ×1"]),
            ("epsilon-net", &["-", "-", "-", "-", "5 ×1", "-", "-"]),
            ("zeta-securities", &["1 ×1", "-", "-", "-", "-", "3 ×1", "-"]),
        ])
    );
    // The colour step reads 1 → 5 with the plus grades between: 1, 1+, 2, 2+ … 5 are 1 to 9.
    let Slot::Results { class, href, .. } = m.slot("gamma-bank", "security-operation") else {
        panic!()
    };
    assert_eq!(class, "cell lv-s4");
    assert_eq!(href, "/results/?institution=gamma-bank&module=security-operation");
    let Slot::Results { class, .. } = m.slot("epsilon-net", "security-delivery") else { panic!() };
    assert_eq!(class, "cell lv-s9");
    // Per-institution totals; no reported totals in this fixture, so nothing is unknown.
    let totals: Vec<u32> = m.rows.iter().map(|r| r.total).collect();
    assert_eq!(totals, [3, 3, 2, 2, 1, 2]);
    assert!(m.rows.iter().all(|r| r.notes.is_empty()));
    assert!(html::text(&main).contains("6 institutions × 7 parts and modules, 13 results"));
    assert!(!main.contains("unknown: more results"), "no unknown legend without unknown cells");
}

#[test]
fn a_draft_counts_in_the_matrix_only_with_drafts() {
    let t = SiteTest::from_fixture("kitchen_sink").drafts().build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    let Slot::Results { level, count, .. } = m.slot("gamma-bank", "security-development") else {
        panic!()
    };
    assert_eq!((level.as_str(), *count), ("4", 1));
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    assert_eq!(m.slot("gamma-bank", "security-development"), &Slot::NotAssessed);
}

/// Every cell links to the `/results/` view of its institution and module, and that view
/// lists exactly the records behind the cell: their counts sum to the cell's count and
/// their best level is the cell's level.
fn assert_cells_match_their_results_views(t: &SiteTest) {
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    let table = ResultsTable::parse(&t.main_html("results/index.html"));
    let mut cells = 0;
    for row in &m.rows {
        for slot in &row.slots {
            let Slot::Results { level, count, href, .. } = slot else { continue };
            let (path, q) = href.split_once('?').unwrap();
            assert_eq!(path, "/results/");
            let listed = table.filtered(&query(q));
            assert_eq!(
                listed.iter().map(|r| r.count).sum::<u32>(),
                *count,
                "{href} lists {listed:?}"
            );
            let best = listed.iter().map(|r| r.level_rank).max().unwrap();
            let shown = if best == 0 {
                "✓".to_string()
            } else {
                listed.iter().find(|r| r.level_rank == best).unwrap().level.clone()
            };
            assert_eq!(&shown, level, "{href}");
            cells += 1;
        }
        let listed = table.filtered(&[("institution".into(), row.id.clone())]);
        assert_eq!(listed.iter().map(|r| r.count).sum::<u32>(), row.total, "{}", row.id);
    }
    assert!(cells > 5);
}

#[test]
fn every_cell_links_to_the_results_it_counts() {
    assert_cells_match_their_results_views(&SiteTest::from_fixture("kitchen_sink").build());
    assert_cells_match_their_results_views(&SiteTest::from_fixture("stats").build());
    assert_cells_match_their_results_views(&SiteTest::bundled().build());
}

#[test]
fn abc_security_delivery_is_five_results_linking_to_five_rows() {
    // Issue 14: the cell said "2" and linked to one of five case studies.
    let t = SiteTest::bundled().build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    let Slot::Results { level, count, href, .. } = m.slot("abc", "security-delivery") else {
        panic!("{:?}", m.slot("abc", "security-delivery"))
    };
    assert_eq!((level.as_str(), *count), ("2", 5));
    assert_eq!(href, "/results/?institution=abc&module=security-delivery");
    let table = ResultsTable::parse(&t.main_html("results/index.html"));
    let rows = table.filtered(&query("institution=abc&module=security-delivery"));
    assert_eq!(rows.len(), 5);
    let mut cases: Vec<&str> = rows.iter().map(|r| r.source.as_str()).collect();
    cases.sort_unstable();
    assert_eq!(
        cases,
        [
            "/cases/2024-04-25-abc-cloud-note/",
            "/cases/2024-04-25-abc-iot-smart-operation/",
            "/cases/2024-04-25-abc-open-banking-gateway/",
            "/cases/2024-04-25-abc-polaris-marketing-tool/",
            "/cases/2024-04-25-abc-unified-encryption-platform/",
        ]
    );
}

#[test]
fn reported_totals_above_the_record_make_empty_cells_unknown() {
    let t = SiteTest::bundled().build();
    let main = t.main_html("matrix/index.html");
    let m = Matrix::parse(&main);
    // ABC reported 33 assessments, PSBC 17: their empty cells are unknown, not absent.
    assert_eq!(m.row("abc").notes, ["33 reported, 5 itemised"]);
    assert_eq!(m.row("psbc").notes, ["17 reported, 6 itemised"]);
    for bank in ["abc", "psbc"] {
        let row = m.row(bank);
        assert!(row.slots.iter().all(|s| *s != Slot::NotAssessed), "{bank}: {:?}", row.slots);
        assert!(row.slots.contains(&Slot::Unknown));
    }
    assert_eq!(m.slot("abc", "continuous-delivery"), &Slot::Unknown);
    // ICBC's reported totals (6 continuous delivery, 1 DevSecOps) are all itemised.
    assert!(m.row("icbc").notes.is_empty());
    assert_eq!(m.slot("icbc", "technical-operations"), &Slot::NotAssessed);
    assert!(main.contains("unknown: more results are reported than itemised"));
}

#[test]
fn a_reported_total_of_one_part_makes_only_that_part_unknown() {
    let t = SiteTest::from_fixture("stats");
    t.write(
        "content/_data/reported.yaml",
        "- bank: C Bank\n  scope: p1\n  count: 4\n  as_of: 2020-01-01\n",
    );
    let t = t.build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    assert_eq!(m.row("c-bank").notes, ["4 reported in Part one, 1 itemised"]);
    assert_eq!(m.slot("c-bank", "m2"), &Slot::Unknown);
    assert_eq!(m.slot("c-bank", "p2"), &Slot::NotAssessed);
    // B Bank's total of 9 (all parts) is no longer reported.
    assert!(m.row("b-bank").notes.is_empty());
}

#[test]
fn matrix_csv_is_the_matrix_with_a_bom() {
    let t = SiteTest::bundled().build();
    let bytes = std::fs::read(t.out().join("matrix/matrix.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(lines[0].starts_with("institution,institution_zh,type,results,reported,first_result,"));
    assert!(lines[0].contains("Security and risk management / Security delivery"));
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    assert_eq!(lines.len(), m.rows.len() + 1);
    let abc = lines.iter().find(|l| l.starts_with("Agricultural Bank of China,")).unwrap();
    assert!(
        abc.starts_with(
            "Agricultural Bank of China,中国农业银行,State-owned banks,5,\"33 reported, 5 itemised\",2024-04-25,"
        ),
        "{abc}"
    );
    assert!(abc.contains(",2 ×5,"), "{abc}");
    assert!(abc.contains(",unknown,"), "{abc}");
    let icbc = lines.iter().find(|l| l.starts_with("Industrial and Commercial Bank")).unwrap();
    assert!(icbc.contains(",passed ×6,"), "{icbc}");
    assert!(icbc.contains(",,"), "not assessed is an empty field: {icbc}");
}

#[test]
fn matrix_of_a_site_without_results_says_so() {
    let t = SiteTest::from_fixture("kitchen_sink");
    for f in std::fs::read_dir(t.root().join("content/cases")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let t = t.build();
    let main = t.main_html("matrix/index.html");
    assert!(main.contains("No results yet."), "{main}");
    assert!(!main.contains("<table"), "{main}");
    assert!(t.main_html("results/index.html").contains("No results yet."));
}
