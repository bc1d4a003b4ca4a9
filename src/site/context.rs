//! The context every page template gets: the site-wide view, the page's metadata, its
//! URL, the section's chrome and the view of its kind of page. This module owns the shape
//! of that context; the views themselves live in [`crate::site::views`] and are filled in
//! by [`crate::site::pages`].

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::taxonomy::{Taxonomies, TermKind};
use crate::site::StatsView;
use crate::site::chrome::Chrome;
use crate::site::results_page::{MatrixView, ResultsView};
use crate::site::views::*;

/// The context every template gets.
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    pub(crate) site: &'a SiteView<'a>,
    pub(crate) page: PageMeta,
    pub(crate) current_path: &'a str,
    /// Header and footer of the page's section.
    pub(crate) chrome: std::borrow::Cow<'a, Chrome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) home: Option<HomeView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) case: Option<CaseView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) listing: Option<ListingView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) term: Option<TermView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) terms: Option<TermsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) matrix: Option<MatrixView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) results: Option<ResultsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stats: Option<StatsView<'a>>,
}

/// A template context that could not be built (a view failed to serialize).
pub(crate) fn context_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("template-context", path, format!("cannot build the template context: {e}"))
}

/// The site-wide part of every context.
pub(crate) fn site_view<'a>(site: &'a Site, tax: &Taxonomies, urls: &Urls) -> SiteView<'a> {
    let sections = TermKind::ALL
        .iter()
        .filter(|&&k| tax.of(k).iter().any(|t| !t.is_empty()))
        .map(|&k| LinkView { name: k.plural().to_string(), name_zh: None, url: urls.section(k) })
        .collect();
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_path: &site.config.base_path,
        base_url: site.config.base_url(),
        lang: site.config.language.tag(),
        extra: &site.config.extra,
        case_count: site.cases.len(),
        sections,
    }
}
