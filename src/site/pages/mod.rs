//! The [`Renderer`]: builds each page's template context from the shared views and
//! renders it with the theme. One file per kind of page holds its context builder; this
//! file holds what they share (page metadata, listed cases) and the dispatch from a
//! [`Job`] to its template. The statistics page's builder lives with the statistics.

mod case;
mod home;
mod listing;
mod results;
pub(crate) mod term;
mod terms;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::output::OutputFile;
use crate::site::chrome::{Chrome, Chromes};
use crate::site::context::{Context, context_error};
use crate::site::jobs::{Job, output_path};
use crate::site::views::*;
use crate::site::{Inputs, PageCache};

pub(crate) struct Renderer<'a> {
    pub(crate) inputs: &'a Inputs<'a>,
    pub(crate) chromes: &'a Chromes,
    pub(crate) urls: &'a Urls,
    pub(crate) cards: &'a [CaseCard],
    pub(crate) partials: &'a [(String, String)],
    /// Results-table rows, parallel to [`Site::results`].
    pub(crate) record_rows: &'a [String],
    pub(crate) site_view: &'a SiteView<'a>,
    pub(crate) by_bank: Vec<Vec<usize>>,
    /// Results per institution (the sum of its records' `count`).
    pub(crate) bank_results: Vec<u32>,
}

impl<'a> Renderer<'a> {
    /// Case `i` as listed on a page: pre-rendered card and row.
    fn listed(&self, i: usize) -> Listed<'a> {
        let card = &self.cards[i];
        let (html, row) = &self.partials[i];
        Listed { url: &card.url, title: &card.title, card: html, row }
    }

    pub(crate) fn site(&self) -> &'a Site {
        self.inputs.site
    }

    pub(crate) fn context(&self, page: PageMeta) -> Context<'_> {
        Context {
            site: self.site_view,
            current_path: "",
            chrome: std::borrow::Cow::Owned(Chrome {
                header: String::new(),
                footer: String::new(),
            }),
            page,
            home: None,
            case: None,
            listing: None,
            term: None,
            terms: None,
            matrix: None,
            results: None,
            stats: None,
        }
    }

    pub(crate) fn meta(
        &self,
        title: String,
        description: String,
        url: String,
        kind: &'static str,
        breadcrumbs: Vec<LinkView>,
    ) -> PageMeta {
        let config = &self.site().config;
        // Case pages carry an `Article` instead (see `case`).
        let json_ld = (!breadcrumbs.is_empty() && kind != "case")
            .then(|| self.breadcrumb_ld(&title, &url, &breadcrumbs));
        PageMeta {
            canonical: format!("{}{url}", config.origin),
            og_type: if kind == "case" { "article" } else { "website" },
            feeds: vec![LinkView {
                name: config.title.clone(),
                name_zh: None,
                url: self.urls.abs("atom.xml"),
            }],
            json_ld,
            title,
            description,
            url,
            kind,
            lang: config.language.tag(),
            breadcrumbs,
        }
    }

    /// Absolute URL of a site path (origin + path, or the path when there is no origin).
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.site().config.origin)
    }

    pub(crate) fn render(
        &self,
        job: &Job<'_>,
        cache: Option<&PageCache>,
    ) -> Result<(OutputFile, u128, bool), Diagnostic> {
        let (template, ctx) = match job {
            Job::Home => ("index.html", self.home()),
            Job::Case(i) => ("case.html", self.case(*i)),
            Job::Listing { page, pages, range } => {
                ("cases.html", self.listing(*page, *pages, range))
            }
            Job::Terms(kind) => ("terms.html", self.terms(*kind)),
            Job::Term { parts, page, pages, range } => {
                ("term.html", self.term(parts, *page, *pages, range))
            }
            Job::Matrix => ("matrix.html", self.matrix()),
            Job::Results => ("results.html", self.results_page()),
            Job::Stats => ("stats.html", self.stats_page()),
            Job::Search => ("search.html", self.search_page()),
            Job::NotFound => ("404.html", self.not_found()),
        };
        let path =
            output_path(&ctx.page.url, &self.site().config.base_path, template == "404.html");
        let mut ctx = ctx;
        let url = ctx.page.url.clone();
        ctx.current_path = &url;
        ctx.chrome = self.chromes.of(self.inputs.theme, self.site_view, &url)?;
        let hash = match cache {
            Some(cache) => {
                let salt = [template.as_bytes(), &self.inputs.theme.fingerprint().to_le_bytes()];
                let hash = crate::site::fingerprint::of(&salt.concat(), &ctx)
                    .map_err(|e| context_error(&path, e))?;
                if let Some((old, bytes)) = cache.pages.get(&path)
                    && *old == hash
                {
                    return Ok((OutputFile { path, bytes: bytes.clone() }, hash, true));
                }
                hash
            }
            None => 0,
        };
        let tera_ctx = tera::Context::from_serialize(&ctx).map_err(|e| context_error(&path, e))?;
        let html = self.inputs.theme.render_page(template, &tera_ctx, &url)?;
        Ok((OutputFile { path, bytes: html.into() }, hash, false))
    }

    fn search_page(&self) -> Context<'_> {
        self.context(self.meta(
            "Search".into(),
            "Search every case study by any word, in English or Chinese, and narrow by institution, module, level, year, type and domain.".into(),
            self.urls.abs("search/"),
            "search",
            Vec::new(),
        ))
    }

    fn not_found(&self) -> Context<'_> {
        self.context(self.meta(
            "Page not found".into(),
            "The page you asked for does not exist.".into(),
            self.urls.abs("404.html"),
            "404",
            Vec::new(),
        ))
    }
}

/// For each institution, its cases in listing order (indices into `site.cases`).
pub(crate) fn by_bank(site: &Site) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); site.registry.banks.len()];
    for (i, c) in site.cases.iter().enumerate() {
        out[c.bank].push(i);
    }
    out
}
