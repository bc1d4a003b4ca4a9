//! The statistics as tables: the typed [`TableId`] of each table (its stable id, its
//! catalogue keys, its chart), the [`Table`] model shared by the page, the CSV downloads,
//! `stats.json` and `casebook stats`, and the two plain-text writers (CSV, terminal).
//!
//! Two kinds of text meet here and are kept apart:
//!
//! - **Machine-facing**: table ids, CSV column headers and the `stats.json` keys derived
//!   from them. They are constants in this file ([`col`]) and never change with a site's
//!   strings, so scripts that read the downloads keep working when a site translates its
//!   pages. Cells hold data (numbers, dates, registry names) and are machine-facing too.
//! - **Reader-facing**: titles, intros, column labels and chart texts. They live in the
//!   theme's string catalogue (`i18n/<lang>.yaml`, keys `stats.*` and `chart.*`); this
//!   file only names the keys. A table's `title` in `stats.json` and in `casebook stats`
//!   comes from the built-in catalogue of the site's language, so it too is stable against
//!   a site's overrides.
//!
//! Computing the numbers is [`super::compute`]'s job; drawing them is the page's
//! ([`super::page`]).

use serde::{Serialize, Serializer};

use crate::model::registry::InstitutionType;
use crate::model::results::{Scope, Subject};
use crate::model::{Level, Site};
use crate::site::strings::Strings;

/// Which statistics table: the typed id of each table, in page order.
///
/// The kebab-case string ([`TableId::as_str`]) is the table's stable public name: the
/// section anchor on `/stats/`, the CSV file name (`/stats/<id>.csv`), the `id` in
/// `stats.json` and the `--table` argument of `casebook stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableId {
    /// Results, institutions, first-time and cumulative institutions per year.
    ResultsByYear,
    /// The same per announcement date.
    ResultsByDate,
    /// Results per year by part of the standard.
    ResultsByPart,
    /// Results per year by institution type.
    ResultsByType,
    /// Results per year by level.
    ResultsByLevel,
    /// Results per module and level.
    LevelsByModule,
    /// One row per institution.
    Institutions,
    /// Capability domains across case studies.
    Domains,
    /// Totals reported by the articles.
    ReportedTotals,
}

/// The chart that illustrates a table: its element id and kind. What data it draws is
/// decided per table in [`super::page`]; its texts are the catalogue keys
/// `chart.<key>.title`, `.description`, `.x_label`, `.y_label` (and `.series.*` where it names its
/// series).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSpec {
    /// The chart's element id is `chart-<key>`; it is also the catalogue key's stem.
    pub key: &'static str,
    /// What kind of chart.
    pub kind: super::charts::ChartKind,
}

impl TableId {
    /// Every table, in page order.
    pub const ALL: [TableId; 9] = [
        TableId::ResultsByYear,
        TableId::ResultsByDate,
        TableId::ResultsByPart,
        TableId::ResultsByType,
        TableId::ResultsByLevel,
        TableId::LevelsByModule,
        TableId::Institutions,
        TableId::Domains,
        TableId::ReportedTotals,
    ];

    /// The stable kebab-case id (`results-by-year`).
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::ResultsByYear => "results-by-year",
            TableId::ResultsByDate => "results-by-date",
            TableId::ResultsByPart => "results-by-part",
            TableId::ResultsByType => "results-by-type",
            TableId::ResultsByLevel => "results-by-level",
            TableId::LevelsByModule => "levels-by-module",
            TableId::Institutions => "institutions",
            TableId::Domains => "domains",
            TableId::ReportedTotals => "reported-totals",
        }
    }

    /// The table's catalogue section: `stats.<id with underscores>`.
    fn section(self) -> String {
        format!("stats.{}", self.as_str().replace('-', "_"))
    }

    /// Catalogue key of the table's title (`stats.results_by_year.title`).
    pub fn title_key(self) -> String {
        format!("{}.title", self.section())
    }

    /// Catalogue key of the paragraph introducing the table on the page.
    pub fn intro_key(self) -> String {
        format!("{}.intro", self.section())
    }

    /// The chart drawn next to the table, if it has one.
    pub fn chart(self) -> Option<ChartSpec> {
        use super::charts::ChartKind::{HorizontalStackedBars, Lines, StackedBars};
        let (key, kind) = match self {
            TableId::ResultsByYear => ("cumulative", Lines),
            TableId::ResultsByPart => ("by-part", StackedBars),
            TableId::ResultsByType => ("by-type", StackedBars),
            TableId::ResultsByLevel => ("by-level", StackedBars),
            TableId::LevelsByModule => ("levels-by-module", HorizontalStackedBars),
            TableId::Domains => ("domains", HorizontalStackedBars),
            TableId::ReportedTotals => ("reported", Lines),
            TableId::ResultsByDate | TableId::Institutions => return None,
        };
        Some(ChartSpec { key, kind })
    }
}

impl std::fmt::Display for TableId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ChartSpec {
    /// Catalogue key of one of the chart's texts: `chart.<key>.<what>`.
    pub fn text_key(self, what: &str) -> String {
        format!("chart.{}.{what}", self.key.replace('-', "_"))
    }
}

/// Machine-facing column names: the CSV header row and, through `json_key`, the
/// keys of `stats.json` rows. Stable across themes and languages; the page labels them
/// with the catalogue key `stats.column.<json key>` instead.
pub(crate) mod col {
    #![allow(missing_docs, reason = "each constant is its own column name")]
    pub(crate) const YEAR: &str = "Year";
    pub(crate) const DATE: &str = "Date";
    pub(crate) const RESULTS: &str = "Results";
    pub(crate) const ANNOUNCED: &str = "Announced";
    pub(crate) const KNOWN_BY: &str = "Known by";
    pub(crate) const INSTITUTIONS: &str = "Institutions";
    pub(crate) const FIRST_TIME: &str = "First-time institutions";
    pub(crate) const CUMULATIVE: &str = "Cumulative institutions";
    pub(crate) const TOTAL: &str = "Total";
    pub(crate) const MODULE: &str = "Module";
    pub(crate) const PART: &str = "Part";
    pub(crate) const INSTITUTION: &str = "Institution";
    pub(crate) const TYPE: &str = "Type";
    pub(crate) const CASE_STUDIES: &str = "Case studies";
    pub(crate) const FIRST_RESULT: &str = "First result";
    pub(crate) const LATEST_RESULT: &str = "Latest result";
    pub(crate) const MODULES: &str = "Modules";
    pub(crate) const DOMAIN: &str = "Domain";
    pub(crate) const SCOPE: &str = "Scope";
    pub(crate) const AS_OF: &str = "As of";
    pub(crate) const SOURCE: &str = "Source";

    /// Every fixed column name (the page needs a label for each).
    #[cfg(test)]
    pub(crate) const ALL: [&str; 21] = [
        YEAR,
        DATE,
        RESULTS,
        ANNOUNCED,
        KNOWN_BY,
        INSTITUTIONS,
        FIRST_TIME,
        CUMULATIVE,
        TOTAL,
        MODULE,
        PART,
        INSTITUTION,
        TYPE,
        CASE_STUDIES,
        FIRST_RESULT,
        LATEST_RESULT,
        MODULES,
        DOMAIN,
        SCOPE,
        AS_OF,
        SOURCE,
    ];
}

/// One column: its machine-facing name and how the page labels it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The CSV header and the source of the `stats.json` key; serialized as this.
    pub name: String,
    /// What the column stands for, which decides its label on the page.
    pub kind: ColumnKind,
}

/// What a column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A fixed column (one of [`col`]), labelled `stats.column.<json key>`.
    Fixed,
    /// A level, labelled `stats.level` (or `stats.level_not_reported`).
    Level(Option<Level>),
    /// A name from the registry (a part, an institution type): labelled by that name.
    Data,
}

impl Column {
    pub(super) fn fixed(name: &str) -> Column {
        Column { name: name.to_string(), kind: ColumnKind::Fixed }
    }

    pub(super) fn data(name: String) -> Column {
        Column { name, kind: ColumnKind::Data }
    }

    pub(super) fn level(level: Option<Level>) -> Column {
        Column { name: level_column(level), kind: ColumnKind::Level(level) }
    }

    /// The column's label on the page, from the catalogue.
    pub fn label(&self, strings: &Strings) -> String {
        match self.kind {
            ColumnKind::Fixed => {
                strings.text(&format!("stats.column.{}", super::json_key(&self.name))).to_string()
            }
            ColumnKind::Level(level) => level_label(strings, level),
            ColumnKind::Data => self.name.clone(),
        }
    }
}

impl Serialize for Column {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

/// A table of numbers: shown on the page next to its chart, downloaded as CSV, printed by
/// `casebook stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Which table; its string is file-name-safe (the CSV is `/stats/<id>.csv`).
    pub id: TableId,
    /// Title, from the built-in catalogue (see the module docs).
    pub title: String,
    /// The columns, serialized as their machine names.
    pub columns: Vec<Column>,
    /// Rows of cells, already formatted: machine-facing, as in the CSV.
    pub rows: Vec<Vec<String>>,
    /// The cells whose text on the page comes from the catalogue instead (words such as
    /// "(whole part)" that the CSV keeps stable).
    #[serde(skip)]
    pub labels: Vec<CellLabel>,
}

/// A cell that the page labels from the catalogue; its CSV text stays as computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellLabel {
    /// Row index.
    pub row: usize,
    /// Column index.
    pub column: usize,
    /// What the cell says.
    pub label: Label,
}

/// What a labelled cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A whole part stands where a module's part would (`stats.cell.whole_part`).
    WholePart,
    /// A reported total across all standards (`stats.scope_all`).
    AllStandards,
    /// An institution's modules: (module name, highest level, results), listed with
    /// `stats.cell.module_level` or `.module_no_level`, `.times` and `.separator`.
    Modules(Vec<(String, Option<Level>, u32)>),
}

impl Label {
    /// The cell's text on the page.
    pub fn text(&self, strings: &Strings) -> String {
        match self {
            Label::WholePart => strings.text("stats.cell.whole_part").to_string(),
            Label::AllStandards => strings.text("stats.scope_all").to_string(),
            Label::Modules(modules) => {
                let entries: Vec<String> = modules
                    .iter()
                    .map(|(name, level, count)| {
                        let module = ("module", name.clone());
                        let entry = match level {
                            Some(l) => text(
                                strings,
                                "stats.cell.module_level",
                                &[module, ("level", l.to_string())],
                            ),
                            None => text(strings, "stats.cell.module_no_level", &[module]),
                        };
                        if *count > 1 {
                            let args = [("entry", entry), ("n", count.to_string())];
                            text(strings, "stats.cell.times", &args)
                        } else {
                            entry
                        }
                    })
                    .collect();
                entries.join(strings.text("stats.cell.separator"))
            }
        }
    }
}

impl Table {
    /// The table as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The table as aligned plain text for a terminal.
    pub fn to_text(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                std::iter::once(&header)
                    .chain(&self.rows)
                    .map(|r| r.get(i).map_or(0, |c| display_width(c)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = format!("{}\n", self.title);
        for (n, row) in std::iter::once(&header).chain(&self.rows).enumerate() {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(display_width(c)))))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
            if n == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                out.push_str(&rule.join("  "));
                out.push('\n');
            }
        }
        out
    }
}

/// Terminal columns of a string: CJK characters take two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
}

/// One CSV cell, quoted where RFC 4180 needs it, and neutralised when a spreadsheet would
/// read it as a formula.
///
/// Following the OWASP guidance on CSV injection, a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, which spreadsheets show as text. The
/// one exception is a plain negative number (`-3`, `-12.5`): a spreadsheet reads it as the
/// number either way, no formula can hide in digits, and the tables hold such numbers
/// (changes from one year to the next), which must stay numbers to be summed or charted.
pub(crate) fn csv_cell(c: &str) -> String {
    let c = if is_formula_like(c) { format!("'{c}") } else { c.to_string() };
    if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
}

/// True when a spreadsheet could run `c` as a formula (see [`csv_cell`]).
fn is_formula_like(c: &str) -> bool {
    match c.as_bytes().first() {
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        Some(b'-') => !is_negative_number(c),
        _ => false,
    }
}

/// `-` then digits, with at most one `.` followed by digits: `-3`, `-0.25`. Not `-1+2`,
/// `-inf` or `-1e9`, which Rust's float parser would accept.
fn is_negative_number(c: &str) -> bool {
    let Some(rest) = c.strip_prefix('-') else { return false };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac)
}

/// Machine-facing name of a level column (`Level 2+`, `Level not reported`): a CSV header.
fn level_column(level: Option<Level>) -> String {
    match level {
        Some(l) => format!("Level {l}"),
        None => "Level not reported".into(),
    }
}

/// Display name of a level (or "not reported"), from the catalogue.
pub(crate) fn level_label(strings: &Strings, level: Option<Level>) -> String {
    match level {
        Some(l) => text(strings, "stats.level", &[("level", l.to_string())]),
        None => strings.text("stats.level_not_reported").to_string(),
    }
}

/// `key` filled with `args`, or the key itself when the catalogue lacks it (as
/// [`Strings::text`] does).
pub(crate) fn text(strings: &Strings, key: &str, args: &[(&str, String)]) -> String {
    strings.format(key, None, args).unwrap_or_else(|| key.to_string())
}

/// Machine-facing name of a reported-total subject (a table cell).
pub(crate) fn subject_label(site: &Site, subject: Subject) -> String {
    match subject {
        Subject::Bank(b) => site.registry.banks[b].short_name().to_string(),
        Subject::Type(t) => type_name(site, t).to_string(),
    }
}

/// An institution type's name in the language of the site's pages (as institutions are
/// named by [`Site::for_language`]): the English name on English pages.
pub(super) fn type_name(site: &Site, t: InstitutionType) -> &'static str {
    crate::site::locale::pair(site.config.pages_lang, t.name(), t.name_zh()).0
}

/// Machine-facing name of a reported-total scope (a table cell).
pub(crate) fn scope_label(site: &Site, scope: Scope) -> String {
    match scope {
        Scope::All => "All standards".into(),
        Scope::Unit(u) => site.registry.units[u].name.clone(),
    }
}

/// Display name of a reported-total scope, from the catalogue where it is not a name.
pub(super) fn scope_display(site: &Site, strings: &Strings, scope: Scope) -> String {
    match scope {
        Scope::All => strings.text("stats.scope_all").to_string(),
        Scope::Unit(_) => scope_label(site, scope),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        let t = Table {
            id: TableId::Domains,
            title: "T".into(),
            columns: vec![Column::data("a".into()), Column::data("b".into())],
            rows: vec![vec!["x, y".into(), "=1+1".into()], vec!["-3".into(), "say \"hi\"".into()]],
            labels: Vec::new(),
        };
        assert_eq!(t.to_csv(), "a,b\r\n\"x, y\",'=1+1\r\n-3,\"say \"\"hi\"\"\"\r\n");
        let cells = [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("-1+2", "'-1+2"),
            ("-inf", "'-inf"),
            ("-1e9", "'-1e9"),
            ("-", "'-"),
            ("-3.", "'-3."),
            ("-3", "-3"),
            ("-12.5", "-12.5"),
            ("3", "3"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (cell, want) in cells {
            assert_eq!(csv_cell(cell), want, "{cell:?}");
        }
        assert!(t.to_text().contains("-----"));
        assert_eq!(super::super::json_key(col::FIRST_TIME), "first_time_institutions");
        assert_eq!(super::super::json_key("Level 2+"), "level_2_plus");
    }

    #[test]
    fn labelled_cells_read_like_their_csv_text_in_english() {
        let en = Strings::default_for("en");
        let l3 = Level::parse("3");
        let modules = Label::Modules(vec![("m1".into(), l3, 1), ("Part two".into(), None, 3)]);
        assert_eq!(modules.text(&en), "m1 L3; Part two level n/a ×3");
        assert_eq!(Label::WholePart.text(&en), "(whole part)");
        assert_eq!(Label::AllStandards.text(&en), "All standards");
        assert_eq!(Label::Modules(Vec::new()).text(&en), "");
    }
}
