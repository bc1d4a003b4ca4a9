//! Which pages the site has: one [`Job`] per page to render, and where each page is
//! written. This module decides the page list and output paths; the views of each page
//! are built in [`crate::site::pages`].

use serde::Serialize;

use crate::model::Site;
use crate::model::taxonomy::{self, TermKind};
use crate::site::pages::term::TermParts;

/// The kinds of page the site has. Each has its template and its name, which templates
/// see as `page.kind` and as the key of the page's view in the context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum PageKind {
    /// The home page.
    #[serde(rename = "home")]
    Home,
    /// A case study.
    #[serde(rename = "case")]
    Case,
    /// A page of the list of all case studies.
    #[serde(rename = "listing")]
    Listing,
    /// The index of one kind of term.
    #[serde(rename = "terms")]
    Terms,
    /// A page of one term.
    #[serde(rename = "term")]
    Term,
    /// The results matrix.
    #[serde(rename = "matrix")]
    Matrix,
    /// The list of all results.
    #[serde(rename = "results")]
    Results,
    /// The statistics page.
    #[serde(rename = "stats")]
    Stats,
    /// The search page.
    #[serde(rename = "search")]
    Search,
    /// The page a server shows for a missing URL.
    #[serde(rename = "404")]
    NotFound,
}

impl PageKind {
    /// Every kind of page.
    #[cfg(test)]
    pub(crate) const ALL: [PageKind; 10] = [
        PageKind::Home,
        PageKind::Case,
        PageKind::Listing,
        PageKind::Terms,
        PageKind::Term,
        PageKind::Matrix,
        PageKind::Results,
        PageKind::Stats,
        PageKind::Search,
        PageKind::NotFound,
    ];

    /// The name templates see as `page.kind` (and the context key of the page's view).
    pub(crate) fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Case => "case",
            PageKind::Listing => "listing",
            PageKind::Terms => "terms",
            PageKind::Term => "term",
            PageKind::Matrix => "matrix",
            PageKind::Results => "results",
            PageKind::Stats => "stats",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
        }
    }

    /// The theme template that renders this kind of page.
    pub(crate) fn template(self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Case => "case.html",
            PageKind::Listing => "cases.html",
            PageKind::Terms => "terms.html",
            PageKind::Term => "term.html",
            PageKind::Matrix => "matrix.html",
            PageKind::Results => "results.html",
            PageKind::Stats => "stats.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }

    /// True when the page is written at its URL as is (`404.html`), not as the
    /// `index.html` of a folder.
    pub(crate) fn exact_path(self) -> bool {
        self == PageKind::NotFound
    }
}

/// One page to render.
pub(crate) enum Job<'a> {
    Home,
    Case(usize),
    Listing { page: usize, pages: usize, range: std::ops::Range<usize> },
    Terms(TermKind),
    Term { parts: &'a TermParts<'a>, page: usize, pages: usize, range: std::ops::Range<usize> },
    Matrix,
    Results,
    Stats,
    Search,
    NotFound,
}

impl Job<'_> {
    /// The kind of page the job renders.
    pub(crate) fn kind(&self) -> PageKind {
        match self {
            Job::Home => PageKind::Home,
            Job::Case(_) => PageKind::Case,
            Job::Listing { .. } => PageKind::Listing,
            Job::Terms(_) => PageKind::Terms,
            Job::Term { .. } => PageKind::Term,
            Job::Matrix => PageKind::Matrix,
            Job::Results => PageKind::Results,
            Job::Stats => PageKind::Stats,
            Job::Search => PageKind::Search,
            Job::NotFound => PageKind::NotFound,
        }
    }
}

/// Every page of the site: the fixed pages, the case pages, the listing's pages, and
/// each kind's index followed by the pages of its terms.
pub(crate) fn jobs<'a>(site: &Site, terms: &'a [TermParts<'a>]) -> Vec<Job<'a>> {
    let per_page = site.config.per_page;
    let mut jobs =
        vec![Job::Home, Job::Matrix, Job::Results, Job::Stats, Job::Search, Job::NotFound];
    jobs.extend((0..site.cases.len()).filter(|&i| has_page(site, i)).map(Job::Case));
    let listing = taxonomy::pages(site.cases.len(), per_page);
    let n = listing.len();
    jobs.extend(listing.into_iter().enumerate().map(|(i, range)| Job::Listing {
        page: i + 1,
        pages: n,
        range,
    }));
    for kind in TermKind::ALL {
        jobs.push(Job::Terms(kind));
        for parts in terms.iter().filter(|p| p.term.kind == kind) {
            let pages = taxonomy::pages(parts.term.cases.len(), per_page);
            let n = pages.len();
            jobs.extend(pages.into_iter().enumerate().map(|(i, range)| Job::Term {
                parts,
                page: i + 1,
                pages: n,
                range,
            }));
        }
    }
    jobs
}

/// True when case `i` has a page in the language of `site`'s pages: in a site of several
/// languages, a case study has a page in each language it is written in; listings in the
/// others link to its page in its own language.
pub(crate) fn has_page(site: &Site, i: usize) -> bool {
    !site.config.is_multilingual() || site.cases[i].lang == site.config.pages_lang
}

/// The output file for a page URL: `/sub/cases/x/` → `cases/x/index.html`.
pub(crate) fn output_path(url: &str, base_path: &str, exact: bool) -> String {
    let rel = url.strip_prefix(base_path).unwrap_or(url).trim_start_matches('/');
    if exact {
        rel.to_string()
    } else if rel.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", rel.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_folder_indexes_under_the_base_path() {
        assert_eq!(output_path("/", "/", false), "index.html");
        assert_eq!(output_path("/cases/x/", "/", false), "cases/x/index.html");
        assert_eq!(output_path("/sub/", "/sub/", false), "index.html");
        assert_eq!(output_path("/sub/cases/page/2/", "/sub/", false), "cases/page/2/index.html");
        assert_eq!(output_path("/sub/404.html", "/sub/", true), "404.html");
    }

    #[test]
    fn page_kinds_serialize_as_their_name_and_have_a_template_each() {
        let mut templates = Vec::new();
        for kind in PageKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
            assert!(
                crate::site::theme::DEFAULT_TEMPLATES.iter().any(|(n, _)| *n == kind.template())
            );
            templates.push(kind.template());
        }
        templates.sort_unstable();
        templates.dedup();
        assert_eq!(templates.len(), PageKind::ALL.len(), "one template per kind");
        assert_eq!(PageKind::Listing.template(), "cases.html");
        assert_eq!(PageKind::Home.template(), "index.html");
        let exact: Vec<PageKind> = PageKind::ALL.into_iter().filter(|k| k.exact_path()).collect();
        assert_eq!(exact, [PageKind::NotFound]);
    }
}
