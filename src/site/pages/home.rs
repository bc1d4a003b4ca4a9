//! The home page: what the site knows at a glance (the participation chart of the
//! statistics, the levels on record, a compact institutions × parts matrix, the newest
//! results), the newest case studies, and results counted by part, level, year and
//! institution type.

use serde::Serialize;

use crate::model::taxonomy::{Term, TermKind, TermRef};
use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::results_page::level_rank;
use crate::site::views::*;

/// How many of the newest cases the home page shows.
const LATEST_SHOWN: usize = 3;

/// How many of the newest results the home page's table shows.
const LATEST_RESULTS_SHOWN: usize = 8;

/// The home page's compact matrix: one row per institution, one column per part of
/// YD/T 3763 with results (a part's modules folded into it).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MatrixPreview {
    /// The parts, in registry order.
    pub parts: Vec<LinkView>,
    /// The institutions, in the matrix's order.
    pub rows: Vec<PreviewRow>,
}

/// One institution of the [`MatrixPreview`].
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PreviewRow {
    /// Short name (`ABC`) and the institution's page.
    pub name: String,
    /// The institution's page.
    pub url: String,
    /// Full name, for the tooltip.
    pub full: String,
    /// One cell per part: none where it has no result in the part.
    pub cells: Vec<Option<PreviewCell>>,
}

/// One cell of the [`MatrixPreview`]: an institution's results in one part.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PreviewCell {
    /// The highest level among them (`2`, `2+`); none when no result gives one.
    pub level: Option<String>,
    /// Colour step of the matrix's scale: 0 (no level) to 9.
    pub step: u8,
    /// Number of results.
    pub count: u32,
    /// The list of these results on `/results/`.
    pub url: String,
}

impl Renderer<'_> {
    pub(super) fn home(&self) -> Context<'_> {
        let site = self.site();
        let tax = self.inputs.taxonomies;
        let count_terms = |kind: TermKind, filter: &dyn Fn(&Term) -> bool| -> Vec<Count> {
            tax.of(kind)
                .iter()
                .filter(|t| !t.is_empty() && filter(t))
                .map(|t| Count {
                    name: t.name.clone(),
                    name_zh: t.name_zh.clone(),
                    url: self.urls.term(kind, &t.slug),
                    count: t.result_count,
                    cases: t.cases.len(),
                    label: results_and_cases(self.strings(), t.result_count, t.cases.len()),
                })
                .collect()
        };
        let years: Vec<u16> = site.results().iter().map(|r| r.date().year).collect();
        let years_span = match (years.iter().min(), years.iter().max()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let home = HomeView {
            latest: (0..self.cards.len().min(LATEST_SHOWN)).map(|i| self.listed(i)).collect(),
            cases: site.cases.len(),
            results: crate::model::results::total(site.results()),
            institutions: tax
                .of(TermKind::Institution)
                .iter()
                .filter(|t| t.result_count > 0)
                .count(),
            modules: {
                let mut units: Vec<usize> = site.results().iter().map(|r| r.module).collect();
                units.sort_unstable();
                units.dedup();
                units.len()
            },
            years_span,
            by_part: count_terms(
                TermKind::Module,
                &|t| matches!(t.what, TermRef::Unit(u) if site.registry.units[u].is_part(u)),
            ),
            by_level: count_terms(TermKind::Level, &|_| true),
            by_year: count_terms(TermKind::Year, &|_| true),
            by_type: count_terms(TermKind::Type, &|_| true),
            latest_results: self
                .record_rows
                .iter()
                .take(LATEST_RESULTS_SHOWN)
                .map(String::as_str)
                .collect(),
            levels: self.levels_view(),
            preview: self.matrix_preview(),
            trend: crate::stats::page::participation_chart(site, self.inputs.stats, self.strings()),
        };
        let meta = self.meta(
            site.config.title.clone(),
            site.config.description.clone(),
            self.urls.abs("/"),
            PageKind::Home,
            Vec::new(),
        );
        self.context(meta, PageView::Home(home))
    }
}

impl Renderer<'_> {
    /// The matrix folded to parts: each cell the highest level and the number of results
    /// of one institution across a part's columns.
    fn matrix_preview(&self) -> MatrixPreview {
        let (site, m) = (self.site(), self.inputs.matrix);
        let reg = &site.registry;
        let results_url = self.urls.abs("results/");
        let spans: Vec<(usize, std::ops::Range<usize>)> = m
            .groups
            .iter()
            .scan(0, |start, (part, cols)| {
                let range = *start..*start + cols.len();
                *start = range.end;
                Some((*part, range))
            })
            .collect();
        let rows = m
            .rows
            .iter()
            .map(|row| {
                let bank = &reg.banks[row.bank];
                let cells = spans
                    .iter()
                    .map(|(part, range)| {
                        let cells = row.cells[range.clone()].iter().flatten();
                        let count: u32 = cells.clone().map(|c| c.count).sum();
                        let level = cells.filter_map(|c| c.level).max();
                        (count > 0).then(|| PreviewCell {
                            level: level.map(|l| l.to_string()),
                            step: level_rank(level),
                            count,
                            url: format!(
                                "{results_url}?institution={}&part={}",
                                bank.id, reg.units[*part].id
                            ),
                        })
                    })
                    .collect();
                PreviewRow {
                    name: bank.short_name().to_string(),
                    url: self.urls.term(TermKind::Institution, &bank.id),
                    full: bank.name.clone(),
                    cells,
                }
            })
            .collect();
        MatrixPreview {
            parts: spans.iter().map(|(p, _)| unit_link(site, *p, self.urls)).collect(),
            rows,
        }
    }
}
