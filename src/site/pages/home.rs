//! The home page: the newest case studies and results counted by part, level, year and
//! institution type.

use crate::model::taxonomy::{Term, TermKind, TermRef};
use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::views::*;

/// How many of the newest cases the home page shows.
const LATEST_SHOWN: usize = 6;

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
