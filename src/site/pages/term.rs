//! A term page (one institution, module, level, year, domain, type or tag), paginated:
//! what every page of a term shows is computed once per term ([`TermParts`]).

use crate::model::taxonomy::{Term, TermKind, TermRef};
use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::views::*;

/// What every page of one term shows, computed once per term.
pub(crate) struct TermParts<'a> {
    pub(crate) term: &'a Term,
    /// URL of the term's first page.
    first: String,
    /// `Institution`, `Part`, …
    label: &'a str,
    /// The meta description.
    summary: String,
    description: Option<&'a str>,
    facts: Vec<Fact>,
    related: Vec<LinkView>,
    related_label: &'a str,
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
        let TermDetails { description, facts, related, related_label } = self.term_details(term);
        let label = match term.what {
            TermRef::Unit(u) if self.site().registry.units[u].is_part(u) => {
                self.text("page.term.part")
            }
            _ => self.kind_name(kind, false),
        };
        let summary = description.map(str::to_string).unwrap_or_else(|| {
            let counts = results_and_cases(self.strings(), term.result_count, term.cases.len());
            self.fill("page.term.summary", &[("counts", counts), ("name", term.name.clone())])
        });
        let feed = crate::site::publish::feed_url(self.urls, kind, term.what, &term.slug)
            .filter(|_| !term.is_empty())
            .map(|url| LinkView {
                name: self.fill(
                    "feed.term_title",
                    &[("site", self.site().config.title.clone()), ("name", term.name.clone())],
                ),
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
        let title = self.fill(
            "page.term.title",
            &[("label", parts.label.to_string()), ("name", term.name.clone())],
        );
        let title = self.paged(title, page, pages);
        let crumbs = vec![LinkView {
            name: self.kind_name(kind, true).into(),
            name_zh: None,
            url: parts.index_url.clone(),
        }];
        let mut meta = self.meta(
            title,
            parts.summary.clone(),
            Urls::page(&parts.first, page),
            PageKind::Term,
            crumbs,
        );
        meta.feeds.extend(parts.feed.clone());
        self.context(
            meta,
            PageView::Term(TermView {
                chart: parts.chart.as_deref(),
                kind,
                kind_label: parts.label,
                kind_plural: self.kind_name(kind, true),
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
                count_label: results_and_cases(self.strings(), term.result_count, term.cases.len()),
                results: if page == 1 {
                    let shown = term.results.iter().take(RESULTS_PER_TERM_PAGE);
                    shown.map(|&r| self.record_rows[r].as_str()).collect()
                } else {
                    Vec::new()
                },
                results_more: term.results.len().saturating_sub(RESULTS_PER_TERM_PAGE),
                results_url: self.results_view_url(term),
                pagination,
            }),
        )
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
        let strings = self.inputs.theme.strings();
        Some(crate::stats::page::term_chart(strings, &term.slug, &term.name, &st.years, &per_year))
    }

    /// Description, facts and related links of a term, by what it stands for.
    fn term_details(&self, term: &Term) -> TermDetails<'a> {
        let site = self.site();
        let reg = &site.registry;
        let fact = |label: &'static str, value: String, url: Option<String>| Fact {
            label: self.text(label).into(),
            value,
            url,
        };
        let none = TermDetails::default();
        match term.what {
            TermRef::Bank(b) => {
                let bank = &reg.banks[b];
                let mut facts = vec![fact(
                    "term.fact.type",
                    crate::site::locale::pair(
                        self.urls.lang(),
                        bank.kind.name(),
                        bank.kind.name_zh(),
                    )
                    .0
                    .into(),
                    Some(self.urls.term(TermKind::Type, bank.kind.id())),
                )];
                if let Some(region) = &bank.region {
                    facts.push(fact("term.fact.region", region.clone(), None));
                }
                // Records are newest first; the first result is the earliest evidence, which
                // may be a "known by" date.
                let records = site.results();
                if let (Some(first), Some(last)) = (term.results.last(), term.results.first()) {
                    let show = |r: usize| match records[r].dating {
                        crate::model::results::Dating::Announced(d) => {
                            crate::site::locale::date(self.urls.lang(), d)
                        }
                        crate::model::results::Dating::KnownBy(d) => self.fill(
                            "term.fact.known_by",
                            &[("date", crate::site::locale::date(self.urls.lang(), d))],
                        ),
                    };
                    facts.push(fact("term.fact.first_result", show(*first), None));
                    facts.push(fact("term.fact.latest_result", show(*last), None));
                }
                TermDetails { description: bank.description.as_deref(), facts, ..none }
            }
            TermRef::Unit(u) => {
                let unit = &reg.units[u];
                let mut facts = Vec::new();
                if let Some(short) = &unit.short {
                    facts.push(fact("term.fact.also_known_as", short.clone(), None));
                }
                let (related, related_label) = if unit.is_part(u) {
                    let related =
                        unit.modules.iter().map(|&m| unit_link(site, m, self.urls)).collect();
                    (related, "term.related.modules_of_part")
                } else {
                    (vec![unit_link(site, unit.part, self.urls)], "term.related.part_of")
                };
                TermDetails {
                    description: unit.description.as_deref(),
                    facts,
                    related,
                    related_label: self.text(related_label),
                }
            }
            TermRef::Level(level) => {
                // The level's name in the other language (Chinese on English pages).
                let (_, other) =
                    crate::site::locale::pair(self.urls.lang(), level.name(), level.name_zh());
                let facts = vec![fact("term.fact.other_name", other.into(), None)];
                TermDetails { facts, ..none }
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
                TermDetails {
                    related,
                    related_label: self.text("term.related.institutions_of_type"),
                    ..none
                }
            }
            TermRef::Text if term.kind == TermKind::Domain => {
                // By slug: on Chinese pages the term's name is the Chinese one.
                let d = reg
                    .domains
                    .iter()
                    .find(|d| crate::validate::slug::slugify(&d.name) == term.slug);
                TermDetails { description: d.and_then(|d| d.description.as_deref()), ..none }
            }
            TermRef::Year(_) | TermRef::Text => none,
        }
    }
}

/// What a term page shows about the term itself, by what it stands for.
#[derive(Default)]
struct TermDetails<'a> {
    /// From the registry (institutions, modules, domains).
    description: Option<&'a str>,
    /// Facts shown under the title.
    facts: Vec<Fact>,
    /// Related terms (a part's modules, a module's part, a type's institutions).
    related: Vec<LinkView>,
    /// The heading of `related` (empty without related terms).
    related_label: &'a str,
}
