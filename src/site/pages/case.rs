//! A case study page: its body, facts, related results of the institution and JSON-LD.

use crate::model::taxonomy::TermKind;
use crate::render::Rendered;
use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::views::*;

/// How many other results of the same institution a case page lists.
const OTHERS_SHOWN: usize = 10;

impl Renderer<'_> {
    pub(super) fn case<'r>(&'r self, i: usize, rendered: &'r Rendered) -> Context<'r> {
        let site = self.site();
        let case = &site.cases[i];
        let card = &self.cards[i];
        let siblings = &self.by_bank[case.bank];
        let others: Vec<Listed> = siblings
            .iter()
            .filter(|&&j| j != i)
            .take(OTHERS_SHOWN)
            .map(|&j| self.listed(j))
            .collect();
        let free = |kind: TermKind, values: &[String]| -> Vec<LinkView> {
            values
                .iter()
                .map(|v| LinkView {
                    name: match kind {
                        TermKind::Domain => self.domain_name(v),
                        _ => v.clone(),
                    },
                    name_zh: None,
                    url: self.urls.term(kind, &crate::validate::slug::slugify(v)),
                })
                .collect()
        };
        let view = CaseView {
            card,
            body: rendered.html.text(),
            toc: &rendered.toc,
            domains: free(TermKind::Domain, &case.domains),
            tags: free(TermKind::Tag, &case.tags),
            event: case.event.as_deref(),
            assessor: &case.assessor,
            interviewees: &case.interviewees,
            words: rendered.words,
            reading_minutes: crate::site::locale::reading_minutes(case.lang, rendered.words),
            others,
            others_total: siblings.len().saturating_sub(1),
            bank_results: self.bank_results[case.bank],
            // Cases are newest first: the previous (older) one follows, the next precedes.
            prev: self.cards.get(i + 1),
            next: i.checked_sub(1).map(|j| &self.cards[j]),
            source: &case.source,
            article: case
                .article
                .as_ref()
                .map(|a| ArticleView::new(a, self.site().config.pages_lang)),
        };
        let description = card.summary.clone();
        let crumbs = vec![
            LinkView {
                name: self.text("page.case.crumb").into(),
                name_zh: None,
                url: self.urls.abs("cases/"),
            },
            card.bank.clone(),
        ];
        let mut meta =
            self.meta(case.title.clone(), description, card.url.clone(), PageKind::Case, crumbs);
        meta.lang = case.lang.tag();
        meta.json_ld = Some(self.article_ld(i, card));
        self.context(meta, PageView::Case(view))
    }
}

impl Renderer<'_> {
    /// A capability domain's name in the pages' language: the registry's Chinese name on
    /// Chinese pages where it has one (the front matter holds the canonical English name).
    fn domain_name(&self, name: &str) -> String {
        let site = self.site();
        if site.config.pages_lang != crate::model::Lang::Zh {
            return name.to_string();
        }
        site.registry
            .domains
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| d.name_zh.clone())
            .filter(|z| !z.is_empty())
            .unwrap_or_else(|| name.to_string())
    }
}
