//! The [`Renderer`]: builds each page's template context from the shared views and
//! renders it with the theme. One file per kind of page holds its context builder; this
//! file holds what they share (page metadata, listed cases) and the dispatch from a
//! [`Job`] to its template. The statistics page's builder lives with the statistics.

mod case;
pub(crate) mod home;
pub(crate) mod levels;
mod listing;
mod results;
pub(crate) mod term;
mod terms;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::taxonomy::TermKind;
use crate::output::OutputFile;
use crate::site::chrome::{Chrome, Chromes};
use crate::site::context::{Context, PageView, context_error};
use crate::site::jobs::{Job, PageKind, output_path};
use crate::site::partials::CasePartials;
use crate::site::strings::Strings;
use crate::site::views::*;
use crate::site::{Inputs, PageCache};

/// A page rendered (or reused) by [`Renderer::render`].
pub(crate) struct RenderedPage {
    /// The page.
    pub(crate) file: OutputFile,
    /// The hash of its context (0 without a cache).
    pub(crate) hash: u128,
    /// True when the page was taken from the cache.
    pub(crate) reused: bool,
}

/// Builds and renders the pages of one build; everything a page borrows is computed
/// once, before the first page.
pub(crate) struct Renderer<'a> {
    pub(crate) inputs: &'a Inputs<'a>,
    pub(crate) chromes: &'a Chromes,
    pub(crate) urls: &'a Urls,
    pub(crate) cards: &'a [CaseCard],
    pub(crate) partials: &'a [CasePartials],
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
        let partials = &self.partials[i];
        Listed { url: &card.url, title: &card.title, card: &partials.card, row: &partials.row }
    }

    pub(crate) fn site(&self) -> &'a Site {
        self.inputs.site
    }

    /// The theme's string catalogue.
    pub(crate) fn strings(&self) -> &'a Strings {
        self.inputs.theme.strings()
    }

    /// The catalogue text of `key` (the key itself when the catalogue lacks it).
    pub(crate) fn text(&self, key: &'static str) -> &'a str {
        self.strings().text(key)
    }

    /// The catalogue text of `key` with its `{name}` placeholders filled from `args`.
    pub(crate) fn fill(&self, key: &'static str, args: &[(&str, String)]) -> String {
        self.strings().format(key, None, args).unwrap_or_else(|| key.to_string())
    }

    /// The catalogue's name of a kind of term (`Institution`, or `Institutions` when
    /// `plural`).
    pub(crate) fn kind_name(&self, kind: TermKind, plural: bool) -> &'a str {
        kind_name(self.strings(), kind, plural)
    }

    /// `title`, with the page number after the first page of a listing.
    pub(crate) fn paged(&self, title: String, page: usize, pages: usize) -> String {
        if page <= 1 {
            return title;
        }
        let args = [("title", title), ("page", page.to_string()), ("pages", pages.to_string())];
        self.fill("page.paged", &args)
    }

    /// The context of a page: its metadata and its kind's view (the chrome and current
    /// path are filled in by [`Renderer::render`]).
    pub(crate) fn context<'p>(&'p self, page: PageMeta, view: PageView<'p>) -> Context<'p> {
        debug_assert_eq!(page.kind, view.kind(), "a page's metadata and view agree on its kind");
        Context {
            site: self.site_view,
            current_path: "",
            chrome: std::borrow::Cow::Owned(Chrome {
                header: String::new(),
                footer: String::new(),
            }),
            page,
            view,
        }
    }

    pub(crate) fn meta(
        &self,
        title: String,
        description: String,
        url: String,
        kind: PageKind,
        breadcrumbs: Vec<LinkView>,
    ) -> PageMeta {
        let config = &self.site().config;
        // Case pages carry an `Article` instead (see `case`).
        let json_ld = (!breadcrumbs.is_empty() && kind != PageKind::Case)
            .then(|| self.breadcrumb_ld(&title, &url, &breadcrumbs));
        PageMeta {
            canonical: format!("{}{url}", config.origin),
            og_type: if kind == PageKind::Case { "article" } else { "website" },
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
            lang: config.pages_lang.tag(),
            breadcrumbs,
            alternates: Vec::new(),
        }
    }

    /// Absolute URL of a site path (origin + path, or the path when there is no origin).
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.site().config.origin)
    }

    /// Renders the page of `job`, or takes it from `cache` when its context is unchanged.
    pub(crate) fn render(
        &self,
        job: &Job<'_>,
        cache: Option<&PageCache>,
    ) -> Result<RenderedPage, Diagnostic> {
        self.render_with(job, None, cache)
    }

    /// [`Renderer::render`], with the Markdown of a case page given as `body` instead of
    /// taken from the inputs: rendered since the inputs were (the dev server's edit of a
    /// body), or not kept in them (the build streams each case's body to its page).
    pub(crate) fn render_with(
        &self,
        job: &Job<'_>,
        body: Option<&crate::render::Rendered>,
        cache: Option<&PageCache>,
    ) -> Result<RenderedPage, Diagnostic> {
        let kind = job.kind();
        let template = kind.template();
        // The Markdown of case `i`: the one given, else the one the inputs hold.
        let case_body = |i: usize| body.unwrap_or(&self.inputs.rendered[i]);
        let ctx = match job {
            Job::Home => self.home(),
            Job::Case(i) => self.case(*i, case_body(*i)),
            Job::Listing { page, pages, range } => self.listing(*page, *pages, range),
            Job::Terms(kind) => self.terms(*kind),
            Job::Term { parts, page, pages, range } => self.term(parts, *page, *pages, range),
            Job::Matrix => self.matrix(),
            Job::Results => self.results_page(),
            Job::Stats => self.stats_page(),
            Job::Search => self.search_page(),
            Job::NotFound => self.not_found(),
        };
        // From the site's own base path: another language's pages land in its folder.
        let path = output_path(&ctx.page.url, &self.site().config.root_path, kind.exact_path());
        let mut ctx = ctx;
        ctx.page.alternates = self.alternates(job, &ctx.page.url);
        let url = ctx.page.url.clone();
        ctx.current_path = &url;
        ctx.chrome = self.chromes.of(self.inputs.theme, self.site_view, &url)?;
        let hash = match cache {
            Some(cache) => {
                let salt = [template.as_bytes(), &self.inputs.theme.fingerprint().to_le_bytes()];
                let hash = crate::site::fingerprint::of(&salt.concat(), &ctx)
                    .map_err(|e| context_error(&path, e))?;
                if let Some(old) = cache.pages.get(&path)
                    && old.hash == hash
                {
                    let file = OutputFile { path, bytes: old.bytes.clone() };
                    return Ok(RenderedPage { file, hash, reused: true });
                }
                hash
            }
            None => 0,
        };
        let tera_ctx = tera::Context::from_serialize(&ctx).map_err(|e| context_error(&path, e))?;
        // A case page is its body and about as much again as other pages: room for both,
        // so that the buffer of a long case study does not grow (and copy) step by step.
        let body_len = match job {
            Job::Case(i) => case_body(*i).html.len_hint(),
            _ => 0,
        };
        let html = self.inputs.theme.render_page(template, &tera_ctx, &url, body_len)?;
        Ok(RenderedPage { file: OutputFile { path, bytes: html.into() }, hash, reused: false })
    }

    /// The page at `url` in each of the site's languages (none for a site in one
    /// language): the same path under each language's folder, except that a case study
    /// exists only in the languages it is written in (elsewhere the switch leads to the
    /// language's case listing).
    fn alternates(&self, job: &Job<'_>, url: &str) -> Vec<Alternate> {
        let config = &self.site().config;
        if !config.is_multilingual() {
            return Vec::new();
        }
        let rel = url.strip_prefix(config.base_path.as_str()).unwrap_or(url);
        config
            .languages
            .iter()
            .map(|l| {
                let root = format!("{}{}", config.root_path, config.lang_prefix(l.lang));
                let (url, same) = match job {
                    Job::Case(i) => {
                        let case = &self.site().cases[*i];
                        let version = std::iter::once(case)
                            .chain(&case.translations)
                            .find(|c| c.lang == l.lang);
                        match version {
                            Some(v) => (format!("{root}cases/{}/", v.slug), true),
                            None => (format!("{root}cases/"), false),
                        }
                    }
                    _ => (format!("{root}{rel}"), true),
                };
                Alternate {
                    code: l.lang.code(),
                    tag: l.lang.tag(),
                    absolute: format!("{}{url}", config.origin),
                    url,
                    same,
                    current: l.lang == config.pages_lang,
                }
            })
            .collect()
    }

    fn search_page(&self) -> Context<'_> {
        self.context(
            self.meta(
                self.text("page.search.title").into(),
                self.text("page.search.description").into(),
                self.urls.abs("search/"),
                PageKind::Search,
                Vec::new(),
            ),
            PageView::Search,
        )
    }

    fn not_found(&self) -> Context<'_> {
        self.context(
            self.meta(
                self.text("page.not_found.title").into(),
                self.text("page.not_found.description").into(),
                self.urls.abs("404.html"),
                PageKind::NotFound,
                Vec::new(),
            ),
            PageView::NotFound,
        )
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

#[cfg(test)]
mod tests {
    use crate::site::strings::Strings;

    /// The source of every file of `src/site/` that looks strings up in the catalogue.
    const SOURCES: &[(&str, &str)] = &[
        ("site/mod.rs", include_str!("../mod.rs")),
        ("site/context.rs", include_str!("../context.rs")),
        ("site/chrome.rs", include_str!("../chrome.rs")),
        ("site/jsonld.rs", include_str!("../jsonld.rs")),
        ("site/views.rs", include_str!("../views.rs")),
        ("site/publish.rs", include_str!("../publish.rs")),
        ("site/pages/mod.rs", include_str!("mod.rs")),
        ("site/pages/case.rs", include_str!("case.rs")),
        ("site/pages/home.rs", include_str!("home.rs")),
        ("site/pages/listing.rs", include_str!("listing.rs")),
        ("site/pages/results.rs", include_str!("results.rs")),
        ("site/pages/term.rs", include_str!("term.rs")),
        ("site/pages/terms.rs", include_str!("terms.rs")),
        ("site/results_page/mod.rs", include_str!("../results_page/mod.rs")),
        ("site/results_page/matrix.rs", include_str!("../results_page/matrix.rs")),
    ];

    /// The top-level sections of the catalogue that the page code reads.
    const SECTIONS: &[&str] = &["kinds.", "count.", "page.", "intro.", "term.", "feed.", "filter."];

    /// String literals of `source` (tests left out) that name a catalogue key of one of
    /// [`SECTIONS`].
    fn keys(source: &str) -> Vec<&str> {
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        code.split('"')
            .skip(1)
            .step_by(2)
            .filter(|lit| SECTIONS.iter().any(|s| lit.starts_with(s)))
            .filter(|lit| lit.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'))
            .collect()
    }

    #[test]
    fn every_catalogue_key_the_page_code_uses_is_in_the_default_catalogue() {
        let strings = Strings::default_for("en");
        let mut used = 0;
        for (file, source) in SOURCES {
            for key in keys(source) {
                assert!(strings.contains(key), "{file} uses `{key}`, missing from en.yaml");
                used += 1;
            }
        }
        // The scan must see the keys at all: titles, intros, kind names, facts.
        assert!(used >= 40, "only {used} keys found");
    }

    #[test]
    fn key_scan_reads_string_literals_only() {
        let source =
            r#"self.text("page.search.title"); let x = "Page not found"; f("term.fact.type")"#;
        assert_eq!(keys(source), ["page.search.title", "term.fact.type"]);
    }
}
