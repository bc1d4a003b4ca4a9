//! The statistics page's view: one section per table ([`TableId`]) with its title, intro,
//! chart and table as the page shows them, and the summary numbers above.
//!
//! Every text a reader sees comes from the theme's string catalogue (`stats.*`, `chart.*`),
//! never from here: this module picks the keys and the data. The site stage calls
//! [`view`] and puts the result in the template context as `stats`; the template
//! (`stats.html`) lays it out. Page URLs come in through a function, so this module does
//! not depend on how the site builds them.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

use super::Stats;
use super::charts::{self, Chart, Series, TimeAxis};
use super::table::col;
use super::table::{
    ChartSpec, Column, ColumnKind, Table, TableId, level_label, scope_display, subject_label, text,
    type_name,
};
use crate::model::{Date, Site};
use crate::site::strings::Strings;

/// One section of the statistics page: a chart (when the table has one) and its table.
#[derive(Serialize)]
pub(crate) struct StatsSection<'a> {
    id: &'static str,
    title: String,
    intro: String,
    chart: Option<String>,
    table: TableView<'a>,
    csv_url: String,
}

/// A table as the page shows it: column labels from the catalogue, each column's class
/// (`num`, `text` or `date`: the header cell and the cells share it, so they align
/// alike), and the cells as computed, with dates in the page's language and sources as
/// links.
#[derive(Serialize)]
struct TableView<'a> {
    columns: Vec<String>,
    classes: Vec<&'static str>,
    rows: Cow<'a, [Vec<String>]>,
    /// Per row, the link of its source cell (reported totals), if any.
    links: Vec<Option<String>>,
}

/// How the page finds a case study named as a source: its title and URL by slug.
pub(crate) type CaseLink<'f> = &'f dyn Fn(&str) -> Option<(String, String)>;

/// The statistics page.
#[derive(Serialize)]
pub(crate) struct StatsView<'a> {
    results: u32,
    case_results: u32,
    registry_results: u32,
    known_by_results: u32,
    institutions: u32,
    years_span: String,
    batches: usize,
    json_url: String,
    sections: Vec<StatsSection<'a>>,
}

/// Builds the statistics page's view; `url` turns a site path (`stats/stats.json`) into
/// the URL the page links to.
pub(crate) fn view<'a>(
    site: &Site,
    st: &Stats,
    tables: &'a [Table],
    strings: &Strings,
    url: impl Fn(&str) -> String,
    case_link: CaseLink<'_>,
) -> StatsView<'a> {
    let sections = tables
        .iter()
        .map(|t| StatsSection {
            id: t.id.as_str(),
            title: strings.text(&t.id.title_key()).to_string(),
            intro: strings.text(&t.id.intro_key()).to_string(),
            chart: chart(site, st, strings, t.id),
            table: table_view(site, st, t, strings, case_link),
            csv_url: url(&format!("stats/{}.csv", t.id)),
        })
        .collect();
    StatsView {
        results: st.results,
        case_results: st.case_results,
        registry_results: st.registry_results,
        known_by_results: st.known_by_results,
        institutions: st.institutions,
        years_span: match (st.years.first(), st.years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        },
        batches: st.batches.len(),
        json_url: url("stats/stats.json"),
        sections,
    }
}

/// Table `t` as the page shows it.
fn table_view<'a>(
    site: &Site,
    st: &Stats,
    t: &'a Table,
    strings: &Strings,
    case_link: CaseLink<'_>,
) -> TableView<'a> {
    let classes: Vec<&'static str> = t.columns.iter().map(column_class).collect();
    let mut rows = rows(t, strings);
    let lang = site.config.pages_lang;
    let source = t.columns.iter().position(|c| c.name == col::SOURCE);
    let mut links = vec![None; rows.len()];
    let dated: Vec<usize> = (0..classes.len()).filter(|&i| classes[i] == "date").collect();
    if !dated.is_empty() || source.is_some() {
        for (row, link) in rows.to_mut().iter_mut().zip(&mut links) {
            for &i in &dated {
                if let Some(cell) = row.get_mut(i)
                    && let Ok(d) = Date::parse(cell)
                {
                    *cell = crate::site::locale::date(lang, d);
                }
            }
            // A source naming a case study shows its title and links to it.
            if let Some(cell) = source.and_then(|i| row.get_mut(i))
                && let Some((title, url)) = case_link(cell)
            {
                *cell = title;
                *link = Some(url);
            }
        }
    }
    let columns = t.columns.iter().map(|c| column_label(site, st, t.id, c, strings)).collect();
    TableView { columns, classes, rows, links }
}

/// How a column aligns: counts right (`num`), dates left and unbroken (`date`), names
/// left (`text`).
fn column_class(c: &Column) -> &'static str {
    match (c.kind, c.name.as_str()) {
        (ColumnKind::Fixed, col::DATE | col::FIRST_RESULT | col::LATEST_RESULT | col::AS_OF) => {
            "date"
        }
        (
            ColumnKind::Fixed,
            col::YEAR
            | col::MODULE
            | col::PART
            | col::INSTITUTION
            | col::TYPE
            | col::MODULES
            | col::DOMAIN
            | col::SCOPE
            | col::SOURCE,
        ) => "text",
        _ => "num",
    }
}

/// The rows of `t` as the page shows them: its cells, with the labelled ones (see
/// [`Table::labels`]) in the catalogue's words.
fn rows<'a>(t: &'a Table, strings: &Strings) -> Cow<'a, [Vec<String>]> {
    if t.labels.is_empty() {
        return Cow::Borrowed(&t.rows);
    }
    let mut rows = t.rows.clone();
    for l in &t.labels {
        if let Some(cell) = rows.get_mut(l.row).and_then(|r| r.get_mut(l.column)) {
            *cell = l.label.text(strings);
        }
    }
    Cow::Owned(rows)
}

/// The page's label of column `c` of table `id`: an institution type's column (named in
/// English in the CSV header and stats.json) is labelled in the page's language.
fn column_label(site: &Site, st: &Stats, id: TableId, c: &Column, strings: &Strings) -> String {
    let by_type = id == TableId::ResultsByType && c.kind == ColumnKind::Data;
    match st.types.iter().find(|t| by_type && t.name() == c.name) {
        Some(t) => type_name(site, *t).to_string(),
        None => c.label(strings),
    }
}

/// The chart of table `id` as inline SVG, if the table has one and there is data for it.
fn chart(site: &Site, st: &Stats, strings: &Strings, id: TableId) -> Option<String> {
    let spec = id.chart()?;
    let reg = &site.registry;
    let years: Vec<String> = st.years.iter().map(u16::to_string).collect();
    let word = |what: &str| strings.text(&spec.text_key(what)).to_string();
    let (description, categories, series, time) = match id {
        TableId::ResultsByYear => {
            let cumulative: Vec<u32> = st.per_year.iter().map(|p| p.cumulative).collect();
            let args = [
                ("first", cumulative.first().copied().unwrap_or(0).to_string()),
                ("last", cumulative.last().copied().unwrap_or(0).to_string()),
                ("from", years.first().cloned().unwrap_or_default()),
                ("to", years.last().cloned().unwrap_or_default()),
            ];
            let per_year: Vec<u32> = st.per_year.iter().map(|p| p.institutions).collect();
            let series = vec![
                series_of(word("series.cumulative"), &cumulative),
                series_of(word("series.per_year"), &per_year),
            ];
            (text(strings, &spec.text_key("description"), &args), years, series, None)
        }
        TableId::ResultsByPart => {
            let names = st.parts.iter().map(|p| reg.units[*p].name.clone());
            let args = [("results", st.results.to_string())];
            let description = text(strings, &spec.text_key("description"), &args);
            (description, years, all_series(names, &st.part_by_year), None)
        }
        TableId::ResultsByType => {
            let names = st.types.iter().map(|t| type_name(site, *t).to_string());
            (word("description"), years, all_series(names, &st.type_by_year), None)
        }
        TableId::ResultsByLevel => {
            let names = st.levels.iter().map(|l| level_label(strings, *l));
            (word("description"), years, all_series(names, &st.level_by_year), None)
        }
        TableId::LevelsByModule => {
            let modules = st.modules.iter().map(|m| reg.units[m.unit].name.clone()).collect();
            let by_level: Vec<Vec<u32>> = (0..st.levels.len())
                .map(|l| st.modules.iter().map(|m| m.by_level[l]).collect())
                .collect();
            let names = st.levels.iter().map(|l| level_label(strings, *l));
            (word("description"), modules, all_series(names, &by_level), None)
        }
        TableId::Domains => {
            let top: Vec<&(String, String, u32)> = st.domains.iter().take(20).collect();
            if top.is_empty() {
                return None;
            }
            let counts: Vec<u32> = top.iter().map(|d| d.2).collect();
            let names = top.iter().map(|d| d.0.clone()).collect();
            (word("description"), names, vec![series_of(word("series"), &counts)], None)
        }
        TableId::ReportedTotals if st.reported.is_empty() => return None,
        TableId::ReportedTotals => {
            let (dates, series) = reported_series(site, st, strings, spec);
            let categories = dates.iter().map(ToString::to_string).collect();
            (word("description"), categories, series, Some(year_axis(&dates)))
        }
        TableId::ResultsByDate | TableId::Institutions => return None,
    };
    let chart = Chart {
        id: format!("chart-{}", spec.key),
        kind: spec.kind,
        title: word("title"),
        description,
        x_label: word("x_label"),
        y_label: word("y_label"),
        categories,
        series,
        time,
    };
    Some(charts::render_svg(&chart, strings))
}

/// One series from counts.
fn series_of(name: String, values: &[u32]) -> Series {
    Series { name, values: values.iter().map(|v| f64::from(*v)).collect() }
}

/// One series per name, from the rows of `data` in the same order.
fn all_series(names: impl Iterator<Item = String>, data: &[Vec<u32>]) -> Vec<Series> {
    names.zip(data).map(|(name, values)| series_of(name, values)).collect()
}

/// Reported totals as lines over a true time axis (a year is wider than a month): the
/// as-of dates, and one series per subject and scope. Each series has a value at each of
/// its own as-of dates only (NaN elsewhere): a total is not carried forward past the day
/// it was reported for, and a series with one report is one point.
fn reported_series(
    site: &Site,
    st: &Stats,
    strings: &Strings,
    spec: ChartSpec,
) -> (Vec<Date>, Vec<Series>) {
    let dates: Vec<Date> = st
        .reported
        .iter()
        .flat_map(|r| r.points.iter().map(|p| p.0))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let series = st
        .reported
        .iter()
        .map(|r| {
            let args = [
                ("subject", subject_label(site, r.subject)),
                ("scope", scope_display(site, strings, r.scope)),
            ];
            Series {
                name: text(strings, &spec.text_key("series"), &args),
                values: dates
                    .iter()
                    .map(|d| {
                        r.points.iter().find(|p| p.0 == *d).map_or(f64::NAN, |p| f64::from(p.1))
                    })
                    .collect(),
            }
        })
        .collect();
    (dates, series)
}

/// A time axis over `dates` (ascending) with one span per calendar year.
fn year_axis(dates: &[Date]) -> TimeAxis {
    let jan1 = |year: u16| Date { year, month: 1, day: 1 }.days() as f64;
    let (first, last) = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => (a.year, b.year),
        _ => return TimeAxis::default(),
    };
    TimeAxis {
        at: dates.iter().map(|d| d.days() as f64).collect(),
        spans: (first..=last).map(|y| (y.to_string(), jan1(y), jan1(y + 1))).collect(),
    }
}

/// The participation chart of the statistics page (institutions per year and in total),
/// for pages that show it outside the statistics page (the home page).
pub(crate) fn participation_chart(site: &Site, st: &Stats, strings: &Strings) -> Option<String> {
    chart(site, st, strings, TableId::ResultsByYear)
}

/// The small results-per-year chart of an institution's or a module's page, titled from
/// the catalogue (`chart.spark.title`).
pub(crate) fn term_chart(
    strings: &Strings,
    slug: &str,
    name: &str,
    years: &[u16],
    per_year: &[u32],
) -> String {
    let years: Vec<String> = years.iter().map(u16::to_string).collect();
    let values: Vec<f64> = per_year.iter().map(|v| f64::from(*v)).collect();
    let title = text(strings, "chart.spark.title", &[("name", name.to_string())]);
    charts::render_year_bars(&format!("years-{slug}"), &title, &years, &values, strings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::charts::ChartKind;
    use crate::stats::{col, json_key};

    /// Every catalogue key the statistics page and the charts read.
    fn catalogue_keys() -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for id in TableId::ALL {
            keys.extend([id.title_key(), id.intro_key()]);
            if let Some(spec) = id.chart() {
                let texts = ["title", "description", "x_label", "y_label"];
                keys.extend(texts.map(|t| spec.text_key(t)));
                let series: &[&str] = match spec.key {
                    "cumulative" => &["series.cumulative", "series.per_year"],
                    "domains" | "reported" => &["series"],
                    _ => &[],
                };
                keys.extend(series.iter().map(|t| spec.text_key(t)));
            }
        }
        keys.extend(col::ALL.map(|c| format!("stats.column.{}", json_key(c))));
        let kinds = [
            ChartKind::StackedBars,
            ChartKind::GroupedBars,
            ChartKind::Lines,
            ChartKind::HorizontalStackedBars,
        ];
        keys.extend(kinds.map(|k| k.noun_key().to_string()));
        let fixed = [
            "stats.level",
            "stats.level_not_reported",
            "stats.scope_all",
            "stats.cell.whole_part",
            "stats.cell.module_level",
            "stats.cell.module_no_level",
            "stats.cell.times",
            "stats.cell.separator",
            "chart.untitled",
            "chart.no_data",
            "chart.no_data_description",
            "chart.others",
            "chart.hover",
            "chart.summary",
            "chart.spark.title",
        ];
        keys.extend(fixed.map(String::from));
        keys
    }

    #[test]
    fn every_key_the_statistics_read_is_in_the_built_in_catalogue() {
        let en = Strings::default_for("en");
        let missing: Vec<String> =
            catalogue_keys().into_iter().filter(|k| en.format(k, None, &[]).is_none()).collect();
        assert_eq!(missing, Vec::<String>::new());
        assert!(catalogue_keys().len() > 60, "the list covers tables, columns and charts");
    }

    #[test]
    fn table_ids_keep_their_strings_and_keys() {
        let ids: Vec<&str> = TableId::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            ids,
            [
                "results-by-year",
                "results-by-date",
                "results-by-part",
                "results-by-type",
                "results-by-level",
                "levels-by-module",
                "institutions",
                "domains",
                "reported-totals"
            ]
        );
        for id in TableId::ALL {
            assert_eq!(serde_json::to_value(id).unwrap(), id.as_str());
        }
        assert_eq!(TableId::LevelsByModule.title_key(), "stats.levels_by_module.title");
        let spec = TableId::ResultsByPart.chart().unwrap();
        assert_eq!(spec.text_key("x_label"), "chart.by_part.x_label");
        assert_eq!(TableId::Institutions.chart(), None);
    }

    #[test]
    fn a_time_axis_has_one_span_per_calendar_year() {
        let d = |year, month, day| Date { year, month, day };
        let axis = year_axis(&[d(2021, 3, 1), d(2023, 1, 1)]);
        let years: Vec<&str> = axis.spans.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(years, ["2021", "2022", "2023"]);
        assert_eq!(axis.at.len(), 2);
        assert_eq!(axis.spans[1].1, axis.spans[0].2, "spans are consecutive");
        assert_eq!(year_axis(&[]), TimeAxis::default());
    }
}
