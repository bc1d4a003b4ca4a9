//! Which pages the site has: one [`Job`] per page to render, and where each page is
//! written. This module decides the page list and output paths; the views of each page
//! are built in [`crate::site::pages`].

use crate::model::Site;
use crate::model::taxonomy::{self, TermKind};
use crate::site::pages::term::TermParts;

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

pub(crate) fn jobs<'a>(site: &Site, terms: &'a [TermParts<'a>]) -> Vec<Job<'a>> {
    let per_page = site.config.per_page;
    let mut jobs =
        vec![Job::Home, Job::Matrix, Job::Results, Job::Stats, Job::Search, Job::NotFound];
    jobs.extend((0..site.cases.len()).map(Job::Case));
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
