//! A term page (one institution, module, level, year, domain, type or tag), paginated:
//! what every page of a term shows is computed once per term ([`TermParts`]).

use crate::model::taxonomy::{Term, TermKind, TermRef};
use crate::site::context::Context;
use crate::site::pages::Renderer;
use crate::site::views::*;
use crate::stats::charts;

/// What every page of one term shows, computed once per term.
pub(crate) struct TermParts<'a> {
    pub(crate) term: &'a Term,
    /// URL of the term's first page.
    first: String,
    /// `Institution`, `Part`, …
    label: &'static str,
    /// The meta description.
    summary: String,
    description: Option<&'a str>,
    facts: Vec<Fact>,
    related: Vec<LinkView>,
    related_label: &'static str,
    /// The term's own feed, when it has one.
    feed: Option<LinkView>,
    chart: Option<String>,
    index_url: String,
}

impl<'a> Renderer<'a> {
    /// What every page of `term` shows: computed once per term, not once per page.
    pub(crate) fn term_parts(&self, term: &'a Term) -> TermParts<'a> {
        let kind = term.kind;
        let first = self.urls.term(kind, &term.slug);
        let (description, facts, related, related_label) = self.term_details(term);
        let label = match term.what {
            TermRef::Unit(u) if self.site().registry.units[u].is_part(u) => "Part",
            _ => kind.singular(),
        };
        let summary = description.map(str::to_string).unwrap_or_else(|| {
            format!("{} for {}.", results_and_cases(term.result_count, term.cases.len()), term.name)
        });
        let feed = crate::site::publish::feed_url(self.urls, kind, term.what, &term.slug)
            .filter(|_| !term.is_empty())
            .map(|url| LinkView {
                name: format!("{}: {}", self.site().config.title, term.name),
                name_zh: None,
                url,
            });
        TermParts {
            term,
            first,
            label,
            summary,
            description,
            facts,
            related,
            related_label,
            feed,
            chart: self.term_chart(term),
            index_url: self.urls.section(kind),
        }
    }

    pub(super) fn term<'p>(
        &'p self,
        parts: &'p TermParts<'a>,
        page: usize,
        pages: usize,
        range: &std::ops::Range<usize>,
    ) -> Context<'p> {
        let term = parts.term;
        let kind = term.kind;
        let pagination = Pagination::new(&parts.first, page, pages, range, term.cases.len());
        let cases: Vec<Listed> =
            term.cases[range.clone()].iter().map(|&i| self.listed(i)).collect();
        let mut title = format!("{}: {}", parts.label, term.name);
        if page > 1 {
            title.push_str(&format!(" (page {page} of {pages})"));
        }
        let crumbs = vec![LinkView {
            name: kind.plural().into(),
            name_zh: None,
            url: parts.index_url.clone(),
        }];
        let mut meta =
            self.meta(title, parts.summary.clone(), Urls::page(&parts.first, page), "term", crumbs);
        meta.feeds.extend(parts.feed.clone());
        let mut ctx = self.context(meta);
        ctx.term = Some(TermView {
            chart: parts.chart.as_deref(),
            kind,
            kind_label: parts.label,
            kind_plural: kind.plural(),
            index_url: &parts.index_url,
            name: &term.name,
            name_zh: term.name_zh.as_deref(),
            description: parts.description,
            facts: &parts.facts,
            related: &parts.related,
            related_label: parts.related_label,
            cases,
            total: term.cases.len(),
            results_total: term.result_count,
            count_label: results_and_cases(term.result_count, term.cases.len()),
            results: if page == 1 {
                let shown = term.results.iter().take(RESULTS_PER_TERM_PAGE);
                shown.map(|&r| self.record_rows[r].as_str()).collect()
            } else {
                Vec::new()
            },
            results_more: term.results.len().saturating_sub(RESULTS_PER_TERM_PAGE),
            results_url: self.results_view_url(term),
            pagination,
        });
        ctx
    }

    /// The `/results/` view filtered to `term`'s records (the query keys of
    /// `assets/results.js`), for the kinds of term that page can filter by.
    fn results_view_url(&self, term: &Term) -> Option<String> {
        let reg = &self.site().registry;
        let (key, value) = match term.what {
            TermRef::Bank(b) => ("institution", reg.banks[b].id.clone()),
            TermRef::Unit(u) if reg.units[u].is_part(u) => ("part", reg.units[u].id.clone()),
            TermRef::Unit(u) => ("module", reg.units[u].id.clone()),
            TermRef::Level(l) => ("level", l.slug()),
            TermRef::Year(y) => ("year", y.to_string()),
            TermRef::Type(t) => ("type", t.id().to_string()),
            TermRef::Text => return None,
        };
        Some(format!("{}?{key}={value}", self.urls.abs("results/")))
    }

    /// A small results-per-year chart for institution and module pages.
    fn term_chart(&self, term: &Term) -> Option<String> {
        let st = self.inputs.stats;
        let reg = &self.site().registry;
        let per_year: Vec<u32> = match term.what {
            TermRef::Bank(b) => st.institution_rows.iter().find(|r| r.bank == b)?.by_year.clone(),
            TermRef::Unit(u) => {
                let rows = st.modules.iter().filter(|r| {
                    r.unit == u || (reg.units[u].is_part(u) && reg.units[r.unit].part == u)
                });
                rows.fold(vec![0; st.years.len()], |mut acc, r| {
                    acc.iter_mut().zip(&r.by_year).for_each(|(a, v)| *a += v);
                    acc
                })
            }
            _ => return None,
        };
        if per_year.iter().all(|v| *v == 0) {
            return None;
        }
        let years: Vec<String> = st.years.iter().map(u16::to_string).collect();
        let values: Vec<f64> = per_year.iter().map(|v| f64::from(*v)).collect();
        let title = format!("Results per year: {}", term.name);
        Some(charts::render_sparkbars(&format!("spark-{}", term.slug), &title, &years, &values))
    }

    /// Description, facts and related links of a term, by what it stands for.
    fn term_details(
        &self,
        term: &Term,
    ) -> (Option<&'a str>, Vec<Fact>, Vec<LinkView>, &'static str) {
        let site = self.site();
        let reg = &site.registry;
        let fact = |label: &str, value: String, url: Option<String>| Fact {
            label: label.into(),
            value,
            url,
        };
        match term.what {
            TermRef::Bank(b) => {
                let bank = &reg.banks[b];
                let mut facts = vec![fact(
                    "Type",
                    bank.kind.name().into(),
                    Some(self.urls.term(TermKind::Type, bank.kind.id())),
                )];
                if let Some(region) = &bank.region {
                    facts.push(fact("Region", region.clone(), None));
                }
                // Records are newest first; the first result is the earliest evidence, which
                // may be a "known by" date.
                let records = site.results();
                if let (Some(first), Some(last)) = (term.results.last(), term.results.first()) {
                    let show = |r: usize| match records[r].dating {
                        crate::model::results::Dating::Announced(d) => d.display(),
                        crate::model::results::Dating::KnownBy(d) => format!("by {}", d.display()),
                    };
                    facts.push(fact("First result", show(*first), None));
                    facts.push(fact("Latest result", show(*last), None));
                }
                (bank.description.as_deref(), facts, Vec::new(), "")
            }
            TermRef::Unit(u) => {
                let unit = &reg.units[u];
                let mut facts = Vec::new();
                if let Some(short) = &unit.short {
                    facts.push(fact("Also known as", short.clone(), None));
                }
                if unit.is_part(u) {
                    let related =
                        unit.modules.iter().map(|&m| unit_link(site, m, self.urls)).collect();
                    (unit.description.as_deref(), facts, related, "Modules of this part")
                } else {
                    (
                        unit.description.as_deref(),
                        facts,
                        vec![unit_link(site, unit.part, self.urls)],
                        "Part of",
                    )
                }
            }
            TermRef::Level(level) => {
                let facts = vec![fact("Chinese name", level.name_zh().into(), None)];
                (None, facts, Vec::new(), "")
            }
            TermRef::Type(kind) => {
                let related = self
                    .inputs
                    .taxonomies
                    .of(TermKind::Institution)
                    .iter()
                    .filter(|t| matches!(t.what, TermRef::Bank(b) if reg.banks[b].kind == kind))
                    .map(|t| LinkView {
                        name: t.name.clone(),
                        name_zh: t.name_zh.clone(),
                        url: self.urls.term(TermKind::Institution, &t.slug),
                    })
                    .collect();
                (None, Vec::new(), related, "Institutions of this type")
            }
            TermRef::Text if term.kind == TermKind::Domain => {
                let d = reg.domains.iter().find(|d| d.name == term.name);
                (d.and_then(|d| d.description.as_deref()), Vec::new(), Vec::new(), "")
            }
            TermRef::Year(_) | TermRef::Text => (None, Vec::new(), Vec::new(), ""),
        }
    }
}
