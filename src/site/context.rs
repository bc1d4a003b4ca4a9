//! The context every page template gets: the site-wide view, the page's metadata, its
//! URL, the section's chrome and the view of its kind of page. This module owns the shape
//! of that context; the views themselves live in [`crate::site::views`] and are filled in
//! by [`crate::site::pages`].

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Site;
use crate::model::taxonomy::{Taxonomies, TermKind};
use crate::site::StatsView;
use crate::site::chrome::Chrome;
use crate::site::jobs::PageKind;
use crate::site::results_page::{MatrixView, ResultsView};
use crate::site::strings::Strings;
use crate::site::views::*;

/// The context every template gets: the keys every page has, and the view of its kind.
///
/// Serialized flat, so a template sees `site`, `page`, `current_path`, `chrome` and one key
/// named after the page kind (`home`, `case`, `listing`, `terms`, `term`, `matrix`,
/// `results`, `stats`; none for the search and 404 pages).
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    pub(crate) site: &'a SiteView<'a>,
    pub(crate) page: PageMeta,
    pub(crate) current_path: &'a str,
    /// Header and footer of the page's section.
    pub(crate) chrome: std::borrow::Cow<'a, Chrome>,
    /// What only this kind of page shows.
    #[serde(flatten)]
    pub(crate) view: PageView<'a>,
}

/// The view of one kind of page: one variant per [`PageKind`].
pub(crate) enum PageView<'a> {
    Home(HomeView<'a>),
    Case(CaseView<'a>),
    Listing(ListingView<'a>),
    Terms(TermsView),
    Term(TermView<'a>),
    Matrix(MatrixView),
    Results(ResultsView),
    Stats(StatsView<'a>),
    Search,
    NotFound,
}

impl PageView<'_> {
    /// The kind of page this view belongs to.
    pub(crate) fn kind(&self) -> PageKind {
        match self {
            PageView::Home(_) => PageKind::Home,
            PageView::Case(_) => PageKind::Case,
            PageView::Listing(_) => PageKind::Listing,
            PageView::Terms(_) => PageKind::Terms,
            PageView::Term(_) => PageKind::Term,
            PageView::Matrix(_) => PageKind::Matrix,
            PageView::Results(_) => PageKind::Results,
            PageView::Stats(_) => PageKind::Stats,
            PageView::Search => PageKind::Search,
            PageView::NotFound => PageKind::NotFound,
        }
    }
}

/// A map of at most one entry, the view under its kind's name (as flattened into
/// [`Context`]): templates test `{% if case %}` and read `case.title`.
impl Serialize for PageView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let key = self.kind().name();
        let mut map = serializer.serialize_map(None)?;
        match self {
            PageView::Home(v) => map.serialize_entry(key, v)?,
            PageView::Case(v) => map.serialize_entry(key, v)?,
            PageView::Listing(v) => map.serialize_entry(key, v)?,
            PageView::Terms(v) => map.serialize_entry(key, v)?,
            PageView::Term(v) => map.serialize_entry(key, v)?,
            PageView::Matrix(v) => map.serialize_entry(key, v)?,
            PageView::Results(v) => map.serialize_entry(key, v)?,
            PageView::Stats(v) => map.serialize_entry(key, v)?,
            PageView::Search | PageView::NotFound => {}
        }
        map.end()
    }
}

/// A template context that could not be built (a view failed to serialize).
pub(crate) fn context_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        Code::TemplateContext,
        path,
        format!("cannot build the template context: {e}"),
    )
}

/// The site-wide part of every context.
pub(crate) fn site_view<'a>(
    site: &'a Site,
    tax: &Taxonomies,
    urls: &Urls,
    strings: &Strings,
) -> SiteView<'a> {
    let sections = TermKind::ALL
        .iter()
        .filter(|&&k| tax.of(k).iter().any(|t| !t.is_empty()))
        .map(|&k| LinkView {
            name: kind_name(strings, k, true).to_string(),
            name_zh: None,
            url: urls.section(k),
        })
        .collect();
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_path: &site.config.base_path,
        assets_path: &site.config.root_path,
        languages: if site.config.is_multilingual() {
            site.config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    code: l.lang.code(),
                    tag: l.lang.tag(),
                    home: format!("{}{}", site.config.root_path, site.config.lang_prefix(l.lang)),
                    current: l.lang == site.config.pages_lang,
                })
                .collect()
        } else {
            Vec::new()
        },
        base_url: site.config.base_url(),
        lang: site.config.pages_lang.tag(),
        extra: &site.config.extra,
        case_count: site.cases.len(),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_serializes_under_its_kind_and_plain_pages_add_no_key() {
        let listing = ListingView {
            cases: Vec::new(),
            pagination: Pagination::new("/cases/", 1, 1, &(0..0), 0),
        };
        let json = serde_json::to_value(PageView::Listing(listing)).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["listing"]);
        for plain in [PageView::Search, PageView::NotFound] {
            assert_eq!(serde_json::to_value(plain).unwrap(), serde_json::json!({}));
        }
    }

    #[test]
    fn counts_are_said_with_the_catalogue_plurals() {
        let strings = Strings::default_for("en");
        assert_eq!(results_and_cases(&strings, 8, 0), "8 results, 0 case studies");
        assert_eq!(results_and_cases(&strings, 1, 1), "1 result, 1 case study");
    }
}
