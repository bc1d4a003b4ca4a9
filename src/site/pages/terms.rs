//! The index page of one kind of term, grouped (institutions by type, modules by part).

use crate::model::registry::InstitutionType;
use crate::model::taxonomy::{Term, TermKind, TermRef};
use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::views::*;

impl Renderer<'_> {
    pub(super) fn terms(&self, kind: TermKind) -> Context<'_> {
        let site = self.site();
        let tax = self.inputs.taxonomies;
        let link = |t: &Term, note: Option<String>| TermLink {
            name: t.name.clone(),
            name_zh: t.name_zh.clone(),
            url: self.urls.term(kind, &t.slug),
            count: t.cases.len(),
            results: t.result_count,
            label: results_and_cases(self.strings(), t.result_count, t.cases.len()),
            note,
        };
        // A group that is not itself a term: its terms do not overlap (a record has one
        // institution), so their counts add up.
        let group = |title: String, title_zh, url, terms: Vec<TermLink>| {
            let count = terms.iter().map(|t| t.count).sum();
            let results = terms.iter().map(|t| t.results).sum();
            TermGroup {
                title,
                title_zh,
                url,
                count,
                results,
                label: results_and_cases(self.strings(), results, count),
                terms,
            }
        };
        let groups = match kind {
            TermKind::Institution => InstitutionType::ALL
                .iter()
                .filter_map(|&ty| {
                    let terms: Vec<TermLink> = tax
                        .of(kind)
                        .iter()
                        .filter(|t| matches!(t.what, TermRef::Bank(b) if site.registry.banks[b].kind == ty))
                        .map(|t| link(t, None))
                        .collect();
                    (!terms.is_empty()).then(|| {
                        group(
                            crate::site::locale::pair(self.urls.lang(), ty.name(), ty.name_zh()).0.into(),
                            Some(crate::site::locale::pair(self.urls.lang(), ty.name(), ty.name_zh()).1.into()),
                            Some(self.urls.term(TermKind::Type, ty.id())),
                            terms,
                        )
                    })
                })
                .collect(),
            TermKind::Module => {
                let all = tax.of(kind);
                site.registry
                    .parts
                    .iter()
                    .map(|&p| {
                        let part = &all[p];
                        let terms = site.registry.units[p].modules.iter().map(|&m| link(&all[m], None)).collect();
                        // The part's own term counts its modules' results and those
                        // recorded against the whole part.
                        TermGroup {
                            title: part.name.clone(),
                            title_zh: part.name_zh.clone(),
                            url: Some(self.urls.term(kind, &part.slug)),
                            count: part.cases.len(),
                            results: part.result_count,
                            label: results_and_cases(self.strings(), part.result_count, part.cases.len()),
                            terms,
                        }
                    })
                    .collect()
            }
            // Domains and tags may overlap (a case has several): no group total.
            _ => vec![group(String::new(), None, None, tax.of(kind).iter().map(|t| link(t, None)).collect())],
        };
        let view = TermsView {
            kind,
            title: self.kind_name(kind, true).into(),
            intro: self.text(intro_key(kind)).into(),
            total_terms: tax.of(kind).len(),
            groups,
            levels: (kind == TermKind::Level).then(|| self.levels_view()),
        };
        let meta = self.meta(
            self.kind_name(kind, true).into(),
            self.text(intro_key(kind)).into(),
            self.urls.section(kind),
            PageKind::Terms,
            Vec::new(),
        );
        self.context(meta, PageView::Terms(view))
    }
}

/// The catalogue key of the sentence under the title of `kind`'s index page.
fn intro_key(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Institution => "intro.institutions",
        TermKind::Module => "intro.modules",
        TermKind::Level => "intro.levels",
        TermKind::Year => "intro.years",
        TermKind::Domain => "intro.domains",
        TermKind::Type => "intro.types",
        TermKind::Tag => "intro.tags",
    }
}
