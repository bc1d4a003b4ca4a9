//! Page assembly: which pages the site has, their views, and rendering them with the
//! theme in parallel.
//!
//! [`render_cached`] is the entry point: it builds the shared views, then renders every
//! page of [`jobs`] with the [`pages::Renderer`]. The rooms: `jobs` (page kinds, the page
//! list, output paths), `context` (the template context), `views` (the typed views),
//! `pages/` (one context builder per page kind), `chrome` (header and footer per section),
//! `partials` (cards and rows rendered once), `jsonld`, `results_page/` (`/results/`,
//! `/matrix/` and their CSV), `publish` (feeds, sitemap, robots.txt), `theme` and `strings`
//! (templates and the string catalogue). Reader-facing text comes from the catalogue; this
//! module does not load content or write files.
//!
//! Views that many pages share (the case cards) are built once; each page borrows them.
//! Per-page work is bounded: a case page shows at most ten other results of its
//! institution, term pages are paginated, so the total work stays linear in the number of
//! cases.

mod chrome;
mod context;
pub mod fingerprint;
mod jobs;
mod jsonld;
pub mod locale;
mod pages;
mod partials;
pub mod publish;
pub mod results_page;
pub mod strings;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::taxonomy::{Taxonomies, Term, TermKind};
use crate::output::OutputFile;
use crate::render::Rendered;
use crate::site::chrome::Chromes;
use crate::site::context::{Context, PageView, site_view};
use crate::site::jobs::PageKind;
use crate::site::pages::term::TermParts;
use crate::site::pages::{Renderer, by_bank};
use crate::site::partials::{CasePartials, RenderedPartials, render_partials, render_record_rows};
use crate::site::results_page::Matrix;
use crate::site::theme::Theme;
use crate::site::views::*;
use crate::stats::charts::{self, Chart, ChartKind, Series};
use crate::stats::{self, Stats, Table};

/// Everything page rendering reads.
pub struct Inputs<'a> {
    /// The site model.
    pub site: &'a Site,
    /// Rendered Markdown, parallel to `site.cases`.
    pub rendered: &'a [Rendered],
    /// Term lists.
    pub taxonomies: &'a Taxonomies,
    /// The matrix.
    pub matrix: &'a Matrix,
    /// The compiled theme.
    pub theme: &'a Theme,
    /// Participation statistics.
    pub stats: &'a Stats,
    /// The statistics as tables (page order).
    pub tables: &'a [Table],
}

/// Pages of an earlier build, keyed by output path: the hash of the template context
/// they were rendered from, and their bytes. A page whose context hashes the same is not
/// rendered again: this is how `serve` re-renders only what an edit affects.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: std::collections::HashMap<String, CachedPage>,
    /// Rendered case cards and rows by the hash of their context.
    partials: std::collections::HashMap<u128, CasePartials>,
}

impl PageCache {
    /// Number of cached pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// A page of an earlier build: the hash of its context and its bytes.
#[derive(Debug)]
struct CachedPage {
    hash: u128,
    bytes: bytes::Bytes,
}

/// One page after `consume` saw it: its path, what `consume` kept, its context hash and
/// whether it was reused.
struct Done {
    path: String,
    kept: Option<OutputFile>,
    hash: u128,
    reused: bool,
}

/// Statistics of one rendering pass.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Pages rendered with the templates.
    pub rendered: usize,
    /// Pages reused from the cache.
    pub reused: usize,
}

/// What [`render_cached`] produced.
pub struct RenderedPages {
    /// The pages `consume` handed back, sorted by path.
    pub kept: Vec<OutputFile>,
    /// The output path of every page, sorted.
    pub paths: Vec<String>,
    /// The cache for the next pass (empty unless a cache was given).
    pub cache: PageCache,
    /// What was rendered and what reused.
    pub stats: RenderStats,
}

/// Renders every page in parallel, reusing pages of `cache` whose context did not change.
///
/// Each page goes to `consume` on the thread that rendered it, as soon as it is rendered:
/// a build writes it out and drops it (`None`), so the site is never held in memory whole;
/// the dev server hands it back (`Some`) to keep it. Kept pages enter the next cache. The
/// flag tells `consume` that the page was reused as `consume` handed it back last time.
pub fn render_cached(
    inputs: &Inputs<'_>,
    cache: Option<&PageCache>,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Result<RenderedPages, Vec<Diagnostic>> {
    let site = inputs.site;
    let urls = Urls::new(&site.config.base_path).with_lang(site.config.pages_lang);
    let cards: Vec<CaseCard> = site
        .cases
        .par_iter()
        .zip(inputs.rendered.par_iter())
        .map(|(c, r)| CaseCard::new(site, c, &r.excerpt, &urls))
        .collect();
    let site_view = site_view(site, inputs.taxonomies, &urls, inputs.theme.strings());
    let RenderedPartials { partials, keys: partial_keys } =
        render_partials(inputs.theme, &cards, &site_view, cache)?;
    let record_rows = render_record_rows(inputs.theme, site, &cards, &site_view, &urls)?;
    let chromes = Chromes::render(inputs.theme, &site_view, &urls)?;
    let r = Renderer {
        chromes: &chromes,
        inputs,
        urls: &urls,
        cards: &cards,
        partials: &partials,
        record_rows: &record_rows,
        site_view: &site_view,
        by_bank: by_bank(site),
        bank_results: site.results().iter().fold(
            vec![0; site.registry.banks.len()],
            |mut acc, r| {
                acc[r.bank] += r.count;
                acc
            },
        ),
    };
    let terms: Vec<&Term> =
        TermKind::ALL.iter().flat_map(|&kind| inputs.taxonomies.of(kind)).collect();
    let parts: Vec<TermParts> = terms.par_iter().map(|t| r.term_parts(t)).collect();
    let jobs = jobs::jobs(site, &parts);
    let results: Vec<Result<Done, Diagnostic>> = jobs
        .par_iter()
        .map(|j| {
            let page = r.render(j, cache)?;
            let path = page.file.path.clone();
            Ok(Done {
                path,
                kept: consume(page.file, page.reused),
                hash: page.hash,
                reused: page.reused,
            })
        })
        .collect();
    let mut done = RenderedPages {
        kept: Vec::new(),
        paths: Vec::with_capacity(results.len()),
        cache: PageCache::default(),
        stats: RenderStats::default(),
    };
    if cache.is_some() {
        done.cache.partials = partial_keys.into_iter().zip(partials).collect();
    }
    let mut errors = Vec::new();
    for res in results {
        match res {
            Ok(Done { path, kept, hash, reused }) => {
                if reused {
                    done.stats.reused += 1
                } else {
                    done.stats.rendered += 1
                }
                if let Some(f) = kept {
                    if cache.is_some() {
                        let page = CachedPage { hash, bytes: f.bytes.clone() };
                        done.cache.pages.insert(path.clone(), page);
                    }
                    done.kept.push(f);
                }
                done.paths.push(path);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    done.kept.sort_by(|a, b| a.path.cmp(&b.path));
    done.paths.sort();
    Ok(done)
}

impl pages::Renderer<'_> {
    fn stats_page(&self) -> Context<'_> {
        let site = self.site();
        let st = self.inputs.stats;
        let charts = stats_charts(site, st);
        let sections = self
            .inputs
            .tables
            .iter()
            .map(|t| StatsSection {
                id: t.id,
                title: &t.title,
                intro: section_intro(t.id),
                chart: charts.iter().find(|(id, _)| *id == t.id).map(|(_, svg)| svg.clone()),
                table: t,
                csv_url: self.urls.abs(&format!("stats/{}.csv", t.id)),
            })
            .collect();
        let view = StatsView {
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
            json_url: self.urls.abs("stats/stats.json"),
            sections,
        };
        let meta = self.meta(
            self.text("page.stats.title").into(),
            self.text("page.stats.description").into(),
            self.urls.abs("stats/"),
            PageKind::Stats,
            Vec::new(),
        );
        self.context(meta, PageView::Stats(view))
    }
}

/// One section of the statistics page: a chart (when the table has one) and its table.
#[derive(Serialize)]
struct StatsSection<'a> {
    id: &'static str,
    title: &'a str,
    intro: &'static str,
    chart: Option<String>,
    table: &'a Table,
    csv_url: String,
}

/// The statistics page.
#[derive(Serialize)]
struct StatsView<'a> {
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

fn section_intro(id: &str) -> &'static str {
    match id {
        "results-by-year" => {
            "Every assessment result counts once, whether it has a case study or comes from the results registry. Announced results were announced that year; known-by results are ones an article from that year says had already happened, without saying when (they may be older). First-time institutions have their earliest evidence that year; the cumulative count is every institution with a result so far."
        }
        "results-by-date" => {
            "Results are announced in batches at industry events; each row is one date. Announced counts the results announced that day; Known by counts results an article of that day says had already happened, without giving their announcement date: they are not counted as announced that day."
        }
        "results-by-part" => {
            "Results per year, split by the part of YD/T 3763 they belong to (modules count towards their part)."
        }
        "results-by-type" => "Results per year by the type of institution that passed them.",
        "results-by-level" => {
            "Results per year by the level passed. Where an article reports a result without its level, it is counted as \"not reported\"."
        }
        "levels-by-module" => {
            "For each module (or whole part, where the module is not known), how many results reached each level."
        }
        "institutions" => {
            "Every institution with a result: totals, first and latest result, and the highest known level per module."
        }
        "domains" => "How many case studies describe each capability domain.",
        "reported-totals" => {
            "Totals that the articles report for an institution as of a date, including assessments this site has no record of."
        }
        _ => "",
    }
}

/// The charts of the statistics page, keyed by the id of the table they illustrate.
fn stats_charts(site: &Site, st: &Stats) -> Vec<(&'static str, String)> {
    let reg = &site.registry;
    let years: Vec<String> = st.years.iter().map(u16::to_string).collect();
    let series = |names: Vec<String>, data: &[Vec<u32>]| -> Vec<Series> {
        names
            .into_iter()
            .zip(data)
            .map(|(name, values)| Series {
                name,
                values: values.iter().map(|v| f64::from(*v)).collect(),
            })
            .collect()
    };
    let chart = |id: &str,
                 kind,
                 title: &str,
                 description: String,
                 x: &str,
                 y: &str,
                 categories: Vec<String>,
                 series: Vec<Series>| {
        charts::render_svg(&Chart {
            id: format!("chart-{id}"),
            kind,
            title: title.into(),
            description,
            x_label: x.into(),
            y_label: y.into(),
            categories,
            series,
            time: None,
        })
    };
    let mut out = Vec::new();
    let first_last = |v: &[u32]| (v.first().copied().unwrap_or(0), v.last().copied().unwrap_or(0));
    let cumulative: Vec<u32> = st.per_year.iter().map(|p| p.cumulative).collect();
    let (c0, c1) = first_last(&cumulative);
    out.push((
        "results-by-year",
        chart(
            "cumulative",
            ChartKind::Lines,
            "Participating institutions over time",
            format!("Institutions with at least one result, cumulative, from {c0} to {c1} between {} and {}.", years.first().cloned().unwrap_or_default(), years.last().cloned().unwrap_or_default()),
            "Year",
            "Institutions",
            years.clone(),
            vec![
                Series { name: "Institutions so far (cumulative)".into(), values: cumulative.iter().map(|v| f64::from(*v)).collect() },
                Series { name: "Institutions with a result that year".into(), values: st.per_year.iter().map(|p| f64::from(p.institutions)).collect() },
            ],
        ),
    ));
    let part_names: Vec<String> = st.parts.iter().map(|p| reg.units[*p].name.clone()).collect();
    out.push((
        "results-by-part",
        chart(
            "by-part",
            ChartKind::StackedBars,
            "Results per year by part",
            format!(
                "Assessment results per year, {} in total, stacked by part of the standard.",
                st.results
            ),
            "Year",
            "Results",
            years.clone(),
            series(part_names, &st.part_by_year),
        ),
    ));
    let type_names: Vec<String> = st.types.iter().map(|t| t.name().to_string()).collect();
    out.push((
        "results-by-type",
        chart(
            "by-type",
            ChartKind::StackedBars,
            "Results per year by institution type",
            "Assessment results per year, stacked by the type of institution.".into(),
            "Year",
            "Results",
            years.clone(),
            series(type_names, &st.type_by_year),
        ),
    ));
    let level_names: Vec<String> = st.levels.iter().map(|l| stats::level_label(*l)).collect();
    out.push((
        "results-by-level",
        chart(
            "by-level",
            ChartKind::StackedBars,
            "Results per year by level",
            "Assessment results per year, stacked by level passed.".into(),
            "Year",
            "Results",
            years.clone(),
            series(level_names.clone(), &st.level_by_year),
        ),
    ));
    let module_names: Vec<String> =
        st.modules.iter().map(|m| reg.units[m.unit].name.clone()).collect();
    let by_level: Vec<Vec<u32>> =
        (0..st.levels.len()).map(|l| st.modules.iter().map(|m| m.by_level[l]).collect()).collect();
    out.push((
        "levels-by-module",
        chart(
            "levels-by-module",
            ChartKind::HorizontalStackedBars,
            "Level distribution per module",
            "For each module, the number of results at each level.".into(),
            "Module",
            "Results",
            module_names,
            series(level_names, &by_level),
        ),
    ));
    if !st.reported.is_empty() {
        out.push(("reported-totals", reported_chart(site, st)));
    }
    let top: Vec<&(String, String, u32)> = st.domains.iter().take(20).collect();
    if !top.is_empty() {
        out.push((
            "domains",
            chart(
                "domains",
                ChartKind::HorizontalStackedBars,
                "Capability domains",
                "How many case studies describe each capability domain (the 20 most frequent)."
                    .into(),
                "Domain",
                "Case studies",
                top.iter().map(|d| d.0.clone()).collect(),
                vec![Series {
                    name: "Case studies".into(),
                    values: top.iter().map(|d| f64::from(d.2)).collect(),
                }],
            ),
        ));
    }
    out
}

/// Reported totals as lines over a true time axis (a year is wider than a month). Each
/// series has a point at each of its own as-of dates only: a total is not carried forward
/// past the day it was reported for, and a series with one report is one point.
fn reported_chart(site: &Site, st: &Stats) -> String {
    let dates: Vec<crate::model::Date> = st
        .reported
        .iter()
        .flat_map(|r| r.points.iter().map(|p| p.0))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let series = st
        .reported
        .iter()
        .map(|r| Series {
            name: format!(
                "{} — {}",
                stats::subject_label(site, r.subject),
                stats::scope_label(site, r.scope)
            ),
            values: dates
                .iter()
                .map(|d| r.points.iter().find(|p| p.0 == *d).map_or(f64::NAN, |p| f64::from(p.1)))
                .collect(),
        })
        .collect();
    charts::render_svg(&Chart {
        id: "chart-reported".into(),
        kind: ChartKind::Lines,
        title: "Reported totals over time".into(),
        description: "Assessment totals the articles report per institution and scope, each at its as-of date; the horizontal axis is to scale.".into(),
        x_label: "As of".into(),
        y_label: "Assessments".into(),
        categories: dates.iter().map(ToString::to_string).collect(),
        series,
        time: Some(year_axis(&dates)),
    })
}

/// A time axis over `dates` (ascending) with one span per calendar year.
fn year_axis(dates: &[crate::model::Date]) -> charts::TimeAxis {
    use crate::model::Date;
    let jan1 = |year: u16| Date { year, month: 1, day: 1 }.days() as f64;
    let (first, last) = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => (a.year, b.year),
        _ => return charts::TimeAxis::default(),
    };
    charts::TimeAxis {
        at: dates.iter().map(|d| d.days() as f64).collect(),
        spans: (first..=last).map(|y| (y.to_string(), jan1(y), jan1(y + 1))).collect(),
    }
}
