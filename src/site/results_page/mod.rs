//! The two pages that show the whole results list, and their CSV files: `/results/`
//! (every [`ResultRecord`] as one table row) and `/matrix/` (institutions × parts and
//! modules, each cell the highest level and the number of results behind it).
//!
//! Both read only [`Site::results`], so a matrix cell, a `/results/` view and the CSV
//! files always count the same records. This module builds the models and the template
//! views; [`crate::site`] renders them, `results.js` sorts and filters them in the
//! browser. It does not own the browse pages' results tables or the statistics.
//!
//! CSV files are UTF-8 with a byte-order mark (so that Excel reads Chinese names
//! correctly), RFC 4180 quoting and CRLF line ends; a cell starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is prefixed with `'` so that a spreadsheet does not run
//! it as a formula (OWASP "CSV injection").

use serde::Serialize;

use crate::model::registry::InstitutionType;
use crate::model::results::{ResultRecord, Source};
use crate::model::taxonomy::TermKind;
use crate::model::{Level, Site};
use crate::output::OutputFile;
use crate::site::strings::Strings;
use crate::site::views::{LinkView, Urls, type_link, unit_link};

mod matrix;

pub(crate) use matrix::*;

/// Path of the CSV of every record, relative to the output root.
pub(crate) const RESULTS_CSV: &str = "results/results.csv";
/// Path of the CSV of the matrix, relative to the output root.
pub(crate) const MATRIX_CSV: &str = "matrix/matrix.csv";

/// The byte-order mark that starts every CSV file.
const BOM: &str = "\u{feff}";

/// Columns of `results.csv`, in order.
pub(crate) const RESULTS_COLUMNS: [&str; 13] = [
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
    "note",
];

// ---------------------------------------------------------------------------------------
// CSV

/// One CSV line without its line end.
fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    fields.iter().map(|f| crate::stats::csv_cell(f.as_ref())).collect::<Vec<_>>().join(",")
}

/// A whole CSV document: BOM, header, rows, CRLF after every line.
fn csv_document(header: &str, lines: impl IntoIterator<Item = String>) -> String {
    let mut out = format!("{BOM}{header}\r\n");
    for line in lines {
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------
// `/results/`

/// Sort rank of a level: 0 when not given, then 1, 1+, 2, … 5 as 1 to 9.
pub(crate) fn level_rank(level: Option<Level>) -> u8 {
    level.map_or(0, |l| l.number * 2 - 1 + u8::from(l.plus))
}

/// The value of the `level` filter: the level's slug (`2`, `2-plus`), or `none`.
fn level_key(level: Option<Level>) -> String {
    level.map_or_else(|| "none".to_string(), Level::slug)
}

/// Where a record comes from, as a table shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceView {
    /// The case study's or the article's title.
    pub title: String,
    /// The case study page, or the article's address; none for an article without one
    /// or a draft case study left out of the build.
    pub url: Option<String>,
    /// True when the source is a case study of this site.
    pub is_case: bool,
    /// `Efficient Ops, 2022-12-26` for an article.
    pub detail: Option<String>,
}

/// One row of `/results/`: one record.
#[derive(Debug, Serialize)]
pub(crate) struct ResultRow {
    /// The institution.
    pub bank: LinkView,
    /// Its id (the `institution` filter value).
    pub bank_id: String,
    /// Its short name (`ABC`).
    pub short: String,
    /// Its type.
    pub bank_type: LinkView,
    /// The type's id (the `type` filter value).
    pub type_id: &'static str,
    /// The part the record belongs to.
    pub part: LinkView,
    /// The part's id (the `part` filter value).
    pub part_id: String,
    /// The module, or the part itself for a whole-part result.
    pub module: LinkView,
    /// The module's id (the `module` filter value).
    pub module_id: String,
    /// True when the result is recorded against the whole part.
    pub whole_part: bool,
    /// The project, when known.
    pub project: Option<String>,
    /// `2+`, when known.
    pub level: Option<String>,
    /// The `level` filter value: `2-plus`, or `none`.
    pub level_key: String,
    /// Sort rank of the level (0 for none, 1 to 9).
    pub level_rank: u8,
    /// `2021-12-24`, or `by 2021-12-24`.
    pub date: String,
    /// ISO date, for sorting.
    pub date_iso: String,
    /// The date as the page's cards show it (`24 December 2021`, `by 24 December 2021`).
    pub date_display: String,
    /// True for a `known_by` date.
    pub known_by: bool,
    /// The year (the `year` filter value).
    pub year: u16,
    /// How many results the record stands for.
    pub count: u32,
    /// Where it comes from.
    pub source: Option<SourceView>,
    /// A note.
    pub note: Option<String>,
    /// The record as one line of `results.csv` (what the browser's CSV download uses).
    pub csv: String,
}

/// One option of a filter.
#[derive(Debug, Serialize)]
pub(crate) struct FilterOption {
    /// The value in the URL.
    pub value: String,
    /// The label.
    pub label: String,
}

/// A filter of a results table: a `<select>` bound to a URL query key.
#[derive(Debug, Serialize)]
pub(crate) struct Filter {
    /// The query key (`institution`).
    pub key: &'static str,
    /// `Institution`.
    pub label: String,
    /// Its options, in display order.
    pub options: Vec<FilterOption>,
}

/// The `/results/` page.
#[derive(Debug, Serialize)]
pub(crate) struct ResultsView {
    /// One row per record, in listing order.
    pub rows: Vec<ResultRow>,
    /// Number of records.
    pub records: usize,
    /// Sum of their counts.
    pub total: u32,
    /// The filters the script offers.
    pub filters: Vec<Filter>,
    /// The CSV header line (what the browser's CSV download starts with).
    pub csv_header: String,
    /// URL of `results.csv`.
    pub csv_url: String,
    /// URL of the matrix page.
    pub matrix_url: String,
}

/// Builds the rows and filters of `/results/`.
pub(crate) fn results_view(site: &Site, urls: &Urls, strings: &Strings) -> ResultsView {
    let rows: Vec<ResultRow> = site.results().iter().map(|r| result_row(site, r, urls)).collect();
    ResultsView {
        filters: filters(site, strings),
        records: rows.len(),
        total: crate::model::results::total(site.results()),
        rows,
        csv_header: RESULTS_COLUMNS.join(","),
        csv_url: urls.abs(RESULTS_CSV),
        matrix_url: urls.abs("matrix/"),
    }
}

fn result_row(site: &Site, r: &ResultRecord, urls: &Urls) -> ResultRow {
    let reg = &site.registry;
    let bank = &reg.banks[r.bank];
    let unit = &reg.units[r.module];
    let source = source_view(site, r, urls);
    ResultRow {
        bank: LinkView {
            name: bank.name.clone(),
            name_zh: bank.name_zh.clone(),
            url: urls.term(TermKind::Institution, &bank.id),
        },
        bank_id: bank.id.clone(),
        short: bank.short_name().to_string(),
        bank_type: type_link(bank.kind, urls),
        type_id: bank.kind.id(),
        part: unit_link(site, unit.part, urls),
        part_id: reg.units[unit.part].id.clone(),
        module: unit_link(site, r.module, urls),
        module_id: unit.id.clone(),
        whole_part: unit.is_part(r.module),
        project: r.project.clone(),
        level: r.level.map(|l| l.to_string()),
        level_key: level_key(r.level),
        level_rank: level_rank(r.level),
        date: r.dating.label(),
        date_iso: r.date().to_string(),
        date_display: crate::site::views::date_label(r.dating, site.config.pages_lang),
        known_by: !r.dating.is_announced(),
        year: r.date().year,
        count: r.count,
        csv: csv_line(&record_fields(site, r, source.as_ref())),
        source,
        note: r.note.clone(),
    }
}

/// The source of a record: its own case study, the case study it names, or the article.
fn source_view(site: &Site, r: &ResultRecord, urls: &Urls) -> Option<SourceView> {
    let case = |slug: &str, found: Option<&crate::model::CaseStudy>| SourceView {
        title: found.map_or_else(|| slug.to_string(), |c| c.title.clone()),
        url: found.map(|c| crate::site::views::case_url(site, c, urls)),
        is_case: true,
        detail: None,
    };
    // A case study's own record knows its case: no search through every case (which,
    // once per record, made /results/ and results.csv quadratic in the number of cases).
    if let Some(i) = r.case() {
        let c = &site.cases[i];
        return Some(case(&c.slug, Some(c)));
    }
    match r.source.as_ref()? {
        Source::Case(slug) => Some(case(slug, site.cases.iter().find(|c| &c.slug == slug))),
        Source::Article(a) => {
            let detail: Vec<String> =
                a.publisher.iter().cloned().chain(a.date.map(|d| d.to_string())).collect();
            Some(SourceView {
                title: a.title.clone(),
                url: a.url.clone(),
                is_case: false,
                detail: (!detail.is_empty()).then(|| detail.join(", ")),
            })
        }
    }
}

/// The fields of a record's CSV line, in [`RESULTS_COLUMNS`] order.
fn record_fields(site: &Site, r: &ResultRecord, source: Option<&SourceView>) -> Vec<String> {
    let reg = &site.registry;
    let bank = &reg.banks[r.bank];
    let unit = &reg.units[r.module];
    let module = if unit.is_part(r.module) { String::new() } else { unit.name.clone() };
    // Case pages get an absolute address when the site has an origin.
    let source_url = source.and_then(|s| s.url.as_deref()).map_or(String::new(), |u| {
        if u.starts_with('/') { format!("{}{u}", site.config.origin) } else { u.to_string() }
    });
    vec![
        bank.name.clone(),
        bank.name_zh.clone().unwrap_or_default(),
        bank.kind.name().to_string(),
        reg.units[unit.part].name.clone(),
        module,
        r.project.clone().unwrap_or_default(),
        r.level.map(|l| l.to_string()).unwrap_or_default(),
        r.dating.kind().to_string(),
        r.date().to_string(),
        r.count.to_string(),
        source.map(|s| s.title.clone()).unwrap_or_default(),
        source_url,
        r.note.clone().unwrap_or_default(),
    ]
}

/// `results.csv`: every record, in listing order.
pub(crate) fn results_csv(site: &Site, urls: &Urls) -> String {
    let lines = site.results().iter().map(|r| {
        let source = source_view(site, r, urls);
        csv_line(&record_fields(site, r, source.as_ref()))
    });
    csv_document(&RESULTS_COLUMNS.join(","), lines)
}

/// The filters of `/results/`, with the values that occur in the records.
fn filters(site: &Site, strings: &Strings) -> Vec<Filter> {
    use crate::site::locale::pair;
    let reg = &site.registry;
    let lang = site.config.pages_lang;
    let records = site.results();
    let opt = |value: &str, label: String| FilterOption { value: value.to_string(), label };
    let mut banks: Vec<usize> = records.iter().map(|r| r.bank).collect();
    banks.sort_by_key(|&b| reg.banks[b].name.to_lowercase());
    banks.dedup();
    let mut types: Vec<InstitutionType> = records.iter().map(|r| reg.banks[r.bank].kind).collect();
    types.sort();
    types.dedup();
    let used = |u: usize| records.iter().any(|r| r.module == u || reg.units[r.module].part == u);
    let parts: Vec<usize> = reg.parts.iter().copied().filter(|&p| used(p)).collect();
    let mut modules = Vec::new();
    for &p in &parts {
        for u in std::iter::once(p).chain(reg.units[p].modules.iter().copied()) {
            if records.iter().any(|r| r.module == u) {
                let name = &reg.units[u].name;
                let label = if u == p {
                    let args = [("name", name.clone())];
                    strings.format("filter.whole_part", None, &args).unwrap_or_else(|| name.clone())
                } else {
                    name.clone()
                };
                modules.push(opt(&reg.units[u].id, label));
            }
        }
    }
    let mut levels: Vec<Option<Level>> = records.iter().map(|r| r.level).collect();
    levels.sort_by_key(|l| level_rank(*l));
    levels.dedup();
    let mut years: Vec<u16> = records.iter().map(|r| r.date().year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let filter =
        |key, label: &str, options| Filter { key, label: strings.text(label).to_string(), options };
    vec![
        filter(
            "institution",
            "filter.institution",
            banks.iter().map(|&b| opt(&reg.banks[b].id, reg.banks[b].name.clone())).collect(),
        ),
        filter(
            "type",
            "filter.type",
            types.iter().map(|t| opt(t.id(), pair(lang, t.name(), t.name_zh()).0.into())).collect(),
        ),
        filter(
            "part",
            "filter.part",
            parts.iter().map(|&p| opt(&reg.units[p].id, reg.units[p].name.clone())).collect(),
        ),
        filter("module", "filter.module", modules),
        filter(
            "level",
            "filter.level",
            levels
                .iter()
                .map(|l| {
                    let label = l.map_or_else(
                        || strings.text("filter.level_not_reported").to_string(),
                        |l| format!("{l} {}", pair(lang, l.name(), l.name_zh()).0),
                    );
                    opt(&level_key(*l), label)
                })
                .collect(),
        ),
        filter(
            "year",
            "filter.year",
            years.iter().map(|y| opt(&y.to_string(), y.to_string())).collect(),
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// The matrix

/// The CSV files of both pages.
pub(crate) fn files(site: &Site, m: &Matrix) -> Vec<OutputFile> {
    let urls = Urls::new(&site.config.base_path).with_lang(site.config.pages_lang);
    vec![
        OutputFile {
            path: RESULTS_CSV.into(),
            bytes: results_csv(site, &urls).into_bytes().into(),
        },
        OutputFile { path: MATRIX_CSV.into(), bytes: matrix_csv(site, m).into_bytes().into() },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_neutralised() {
        let got: Vec<String> = [
            "plain",
            "a,b",
            "say \"hi\"",
            "=1+1",
            "+1",
            "-x",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "line\nbreak",
            "中国农业银行",
        ]
        .iter()
        .map(|f| crate::stats::csv_cell(f))
        .collect();
        assert_eq!(
            got,
            [
                "plain",
                "\"a,b\"",
                "\"say \"\"hi\"\"\"",
                "'=1+1",
                "'+1",
                "'-x",
                "'@SUM(A1)",
                "'\tx",
                "\"'\rx\"",
                "\"line\nbreak\"",
                "中国农业银行"
            ]
        );
        assert_eq!(csv_document("a,b", ["1,2".to_string()]), "\u{feff}a,b\r\n1,2\r\n");
    }

    #[test]
    fn level_ranks_order_plus_grades_between_levels() {
        let rank = |s: &str| level_rank(Level::parse(s));
        let ranks: Vec<u8> = ["1", "1+", "2", "2+", "3", "3+", "4", "4+", "5"].map(rank).to_vec();
        assert_eq!(ranks, (1..=9).collect::<Vec<u8>>());
        assert_eq!(level_rank(None), 0);
        assert_eq!(level_key(Level::parse("2+")), "2-plus");
        assert_eq!(level_key(None), "none");
    }
}
