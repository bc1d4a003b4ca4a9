//! The institutions × modules matrix, parsed from `matrix/index.html`.

use crate::html::{self, section};
use crate::support::SiteTest;

/// One matrix cell: the level shown and the case it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    level: String,
    case: String,
    class: String,
}

/// The parsed matrix: column unit ids, and rows of (institution id, cells).
struct Matrix {
    columns: Vec<String>,
    rows: Vec<(String, Vec<Option<Cell>>)>,
}

impl Matrix {
    fn parse(main: &str) -> Matrix {
        let head = section(main, "<thead>", "</thead>");
        let second_row = &head[head.rfind("<tr>").unwrap()..];
        let columns =
            html::anchors(second_row).iter().map(|h| last_segment(h, "/modules/")).collect();
        let body = section(main, "<tbody>", "</tbody>");
        let rows = body
            .split("<tr")
            .skip(1)
            .map(|row| {
                let th = section(row, "<th scope=\"row\">", "</th>");
                let bank = last_segment(&html::anchors(th)[0], "/institutions/");
                let cells = row
                    .split("<td")
                    .skip(1)
                    .map(|td| {
                        let td = format!("<td{}", &td[..td.find("</td>").unwrap()]);
                        let class = html::tags(&td)[0].attr("class").unwrap().to_string();
                        let text = html::text(&td);
                        if class == "lv-none" {
                            assert_eq!(
                                text, "not assessed",
                                "an empty cell shows only the hidden label"
                            );
                            return None;
                        }
                        let level = text
                            .strip_prefix("Level ")
                            .unwrap_or_else(|| panic!("cell text `{text}`"));
                        Some(Cell {
                            level: level.to_string(),
                            case: last_segment(&html::anchors(&td)[0], "/cases/"),
                            class,
                        })
                    })
                    .collect();
                (bank, cells)
            })
            .collect();
        Matrix { columns, rows }
    }

    fn cell(&self, bank: &str, unit: &str) -> Option<&Cell> {
        let col = self
            .columns
            .iter()
            .position(|c| c == unit)
            .unwrap_or_else(|| panic!("no column `{unit}`"));
        let row =
            self.rows.iter().find(|(b, _)| b == bank).unwrap_or_else(|| panic!("no row `{bank}`"));
        row.1[col].as_ref()
    }

    /// The levels as a grid of strings, `-` for an empty cell.
    fn grid(&self) -> Vec<(String, Vec<String>)> {
        self.rows
            .iter()
            .map(|(b, cells)| {
                (
                    b.clone(),
                    cells
                        .iter()
                        .map(|c| c.as_ref().map_or("-".into(), |c| c.level.clone()))
                        .collect(),
                )
            })
            .collect()
    }
}

/// `/modules/security-delivery/` → `security-delivery`.
fn last_segment(href: &str, section: &str) -> String {
    href.strip_prefix(section)
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("`{href}` is not under `{section}`"))
        .to_string()
}

fn grid(rows: &[(&str, [&str; 7])]) -> Vec<(String, Vec<String>)> {
    rows.iter().map(|(b, c)| (b.to_string(), c.iter().map(|s| s.to_string()).collect())).collect()
}

const COLUMNS: [&str; 7] = [
    "build-management",
    "test-management",
    "devsecops",
    "security-development",
    "security-delivery",
    "security-operation",
    "operations",
];

#[test]
fn matrix_shows_the_highest_level_per_institution_and_module() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("matrix/index.html");
    let m = Matrix::parse(&main);
    // Columns: parts in registry order, each part's own column (results recorded against
    // the whole part) before its modules, only units with results. Rows: by institution
    // type, then name; only institutions with results (not Eta Insurance).
    assert_eq!(m.columns, COLUMNS);
    assert_eq!(
        m.grid(),
        grid(&[
            ("alpha-bank", ["-", "-", "2+", "3", "-", "-", "-"]),
            ("beta-bank", ["4", "-", "-", "-", "1", "2", "-"]),
            ("gamma-bank", ["-", "3", "-", "-", "-", "2+", "-"]),
            ("delta-rural", ["-", "-", "-", "1", "-", "-", "2"]),
            ("epsilon-net", ["-", "-", "-", "-", "5", "-", "-"]),
            ("zeta-securities", ["1", "-", "-", "-", "-", "3", "-"]),
        ])
    );
    // Alpha passed security development twice: Level 3 in 2021, Level 2 in 2022. The
    // higher, older result wins and the cell links to it.
    let cell = m.cell("alpha-bank", "security-development").unwrap();
    assert_eq!((cell.level.as_str(), cell.case.as_str()), ("3", "alpha-secdev-l3"));
    // A plus grade keeps its `+` and the colour class of its number.
    let plus = m.cell("gamma-bank", "security-operation").unwrap();
    assert_eq!(
        plus,
        &Cell { level: "2+".into(), case: "gamma-secops".into(), class: "lv lv-2".into() }
    );
    assert_eq!(m.cell("alpha-bank", "devsecops").unwrap().case, "alpha-part");
    assert_eq!(m.cell("epsilon-net", "build-management"), None);
    assert!(html::text(&main).contains("6 institutions × 7 modules"), "{main}");
}

#[test]
fn a_draft_counts_in_the_matrix_only_with_drafts() {
    let t = SiteTest::from_fixture("kitchen_sink").drafts().build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    let cell = m.cell("gamma-bank", "security-development").unwrap();
    assert_eq!((cell.level.as_str(), cell.case.as_str()), ("4", "gamma-draft"));
    // An equal level later on would win the tie; a lower one never does.
    let t = SiteTest::from_fixture("kitchen_sink");
    t.write(
        "content/cases/alpha-secdev-l3-again.md",
        t.read_source("content/cases/alpha-secdev-l3.md").replace("2021-03-10", "2021-04-01"),
    );
    let t = t.build();
    let m = Matrix::parse(&t.main_html("matrix/index.html"));
    assert_eq!(m.cell("alpha-bank", "security-development").unwrap().case, "alpha-secdev-l3-again");
}

#[test]
fn matrix_of_a_site_without_cases_says_so() {
    let t = SiteTest::from_fixture("kitchen_sink");
    for f in std::fs::read_dir(t.root().join("content/cases")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let t = t.build();
    let main = t.main_html("matrix/index.html");
    assert!(main.contains("No results yet."), "{main}");
    assert!(!main.contains("<table"), "{main}");
}
