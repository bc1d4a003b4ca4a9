//! The site header and footer: rendered once per section of the site from
//! `partials/header.html` and `partials/footer.html`, then pasted into every page of the
//! section. This module owns which sections there are and rendering their chrome; it does
//! not render pages.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::taxonomy::TermKind;
use crate::site::context::context_error;
use crate::site::theme::Theme;
use crate::site::views::{SiteView, Urls};

/// The site header and footer of one section, rendered once per build from
/// `partials/header.html` and `partials/footer.html`: they depend on the site and the
/// section, not on the page, and are a good part of every page's template work.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Chrome {
    pub(crate) header: String,
    pub(crate) footer: String,
}

/// The header and footer of every section, keyed by the section's URL (see [`section_of`]).
pub(crate) struct Chromes(std::collections::HashMap<String, Chrome>);

#[derive(Serialize)]
struct ChromeContext<'a> {
    site: &'a SiteView<'a>,
    current_path: &'a str,
}

impl Chromes {
    /// Renders the header and footer once for each of the site's sections.
    pub(crate) fn render(
        theme: &Theme,
        site: &SiteView<'_>,
        urls: &Urls,
    ) -> Result<Chromes, Vec<Diagnostic>> {
        let mut sections = vec![urls.abs("/"), urls.abs("cases/"), urls.abs("404.html")];
        sections.extend(["matrix/", "results/", "stats/", "search/"].map(|s| urls.abs(s)));
        sections.extend(TermKind::ALL.map(|k| urls.section(k)));
        let mut out = std::collections::HashMap::new();
        let mut errors = Vec::new();
        for section in sections {
            match Chrome::render(theme, site, &section) {
                Ok(chrome) => {
                    out.insert(section, chrome);
                }
                Err(d) => errors.push(d),
            }
        }
        errors.dedup_by(|a, b| a.path == b.path && a.code == b.code);
        if errors.is_empty() { Ok(Chromes(out)) } else { Err(errors) }
    }

    /// The chrome of the page at `url`; rendered for it alone if its section is not one
    /// [`Chromes::render`] knows.
    pub(crate) fn of(
        &self,
        theme: &Theme,
        site: &SiteView<'_>,
        url: &str,
    ) -> Result<std::borrow::Cow<'_, Chrome>, Diagnostic> {
        let section = section_of(url, site.base_path);
        match self.0.get(section) {
            Some(chrome) => Ok(std::borrow::Cow::Borrowed(chrome)),
            None => Chrome::render(theme, site, section).map(std::borrow::Cow::Owned),
        }
    }
}

impl Chrome {
    fn render(theme: &Theme, site: &SiteView<'_>, section: &str) -> Result<Chrome, Diagnostic> {
        let context = ChromeContext { site, current_path: section };
        let ctx = tera::Context::from_serialize(context).map_err(|e| context_error("themes", e))?;
        Ok(Chrome {
            header: theme.render("partials/header.html", &ctx, section)?,
            footer: theme.render("partials/footer.html", &ctx, section)?,
        })
    }
}

/// The section a page URL belongs to, as a URL: the base path and the first path segment
/// after it with its slash (`/cases/x/` → `/cases/`, `/sub/institutions/icbc/page/2/` →
/// `/sub/institutions/`), the base path for the home page, the URL itself for a page at
/// the top (`/404.html`).
fn section_of<'u>(url: &'u str, base_path: &str) -> &'u str {
    let rest = url.strip_prefix(base_path).unwrap_or(url);
    match rest.find('/') {
        Some(i) => &url[..url.len() - rest.len() + i + 1],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::section_of;

    #[test]
    fn a_page_belongs_to_the_section_of_its_first_path_segment() {
        assert_eq!(section_of("/cases/x/", "/"), "/cases/");
        assert_eq!(section_of("/sub/institutions/icbc/page/2/", "/sub/"), "/sub/institutions/");
        assert_eq!(section_of("/sub/", "/sub/"), "/sub/");
        assert_eq!(section_of("/404.html", "/"), "/404.html");
    }
}
