//! Page assembly: which pages the site has, their views, and rendering them with the
//! theme in parallel.
//!
//! Views that many pages share (the case cards) are built once; each page borrows them.
//! Per-page work is bounded: a case page shows at most ten other results of its
//! institution, term pages are paginated, so the total work stays linear in the number of
//! cases.

pub mod fingerprint;
pub mod publish;
pub mod results_page;
pub mod strings;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::registry::InstitutionType;
use crate::model::taxonomy::{self, Taxonomies, Term, TermKind, TermRef};
use crate::output::OutputFile;
use crate::render::Rendered;
use crate::site::results_page::{Matrix, MatrixView, ResultsView};
use crate::site::theme::Theme;
use crate::site::views::*;
use crate::stats::page::StatsView;
use crate::stats::{self, Stats, Table};

/// How many other results of the same institution a case page lists.
const OTHERS_SHOWN: usize = 10;
/// How many of the newest cases the home page shows.
const LATEST_SHOWN: usize = 6;

/// Everything page rendering reads.
pub struct Inputs<'a> {
    /// The site model.
    pub site: &'a Site,
    /// Rendered Markdown, parallel to `site.cases`.
    pub rendered: &'a [Rendered],
    /// Term lists.
    pub taxonomies: &'a Taxonomies,
    /// The matrix.
    pub matrix: &'a Matrix,
    /// The compiled theme.
    pub theme: &'a Theme,
    /// Participation statistics.
    pub stats: &'a Stats,
    /// The statistics as tables (page order).
    pub tables: &'a [Table],
}

/// The context every template gets.
#[derive(Serialize)]
struct Context<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta,
    current_path: &'a str,
    /// Header and footer of the page's section.
    chrome: std::borrow::Cow<'a, Chrome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    home: Option<HomeView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<CaseView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    listing: Option<ListingView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<TermView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<TermsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matrix: Option<MatrixView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<ResultsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<StatsView<'a>>,
}

/// The site header and footer of one section, rendered once per build from
/// `partials/header.html` and `partials/footer.html`: they depend on the site and the
/// section, not on the page, and are a good part of every page's template work.
#[derive(Debug, Clone, Serialize)]
struct Chrome {
    header: String,
    footer: String,
}

/// The header and footer of every section, keyed by the section's URL (see [`section_of`]).
struct Chromes(std::collections::HashMap<String, Chrome>);

#[derive(Serialize)]
struct ChromeContext<'a> {
    site: &'a SiteView<'a>,
    current_path: &'a str,
}

impl Chromes {
    /// Renders the header and footer once for each of the site's sections.
    fn render(theme: &Theme, site: &SiteView<'_>, urls: &Urls) -> Result<Chromes, Vec<Diagnostic>> {
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
    fn of(
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

/// One page to render.
enum Job<'a> {
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

/// What every page of one term shows, computed once per term.
struct TermParts<'a> {
    term: &'a Term,
    /// URL of the term's first page.
    first: String,
    /// `Institution`, `Part`, …
    label: &'static str,
    /// The meta description.
    summary: String,
    description: Option<&'a str>,
    facts: Vec<Fact>,
    related: Vec<LinkView>,
    related_label: &'static str,
    /// The term's own feed, when it has one.
    feed: Option<LinkView>,
    chart: Option<String>,
    index_url: String,
}

/// Pages of an earlier build, keyed by output path: the hash of the template context
/// they were rendered from, and their bytes. A page whose context hashes the same is not
/// rendered again: this is how `serve` re-renders only what an edit affects.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: std::collections::HashMap<String, (u128, bytes::Bytes)>,
    /// Rendered case cards and rows by the hash of their context.
    partials: std::collections::HashMap<u128, (String, String)>,
}

impl PageCache {
    /// Number of cached pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Statistics of one rendering pass.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Pages rendered with the templates.
    pub rendered: usize,
    /// Pages reused from the cache.
    pub reused: usize,
}

/// What [`render_cached`] produced.
pub struct RenderedPages {
    /// The pages `consume` handed back, sorted by path.
    pub kept: Vec<OutputFile>,
    /// The output path of every page, sorted.
    pub paths: Vec<String>,
    /// The cache for the next pass (empty unless a cache was given).
    pub cache: PageCache,
    /// What was rendered and what reused.
    pub stats: RenderStats,
}

/// Renders every page in parallel, reusing pages of `cache` whose context did not change.
///
/// Each page goes to `consume` on the thread that rendered it, as soon as it is rendered:
/// a build writes it out and drops it (`None`), so the site is never held in memory whole;
/// the dev server hands it back (`Some`) to keep it. Kept pages enter the next cache. The
/// flag tells `consume` that the page was reused as `consume` handed it back last time.
pub fn render_cached(
    inputs: &Inputs<'_>,
    cache: Option<&PageCache>,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Result<RenderedPages, Vec<Diagnostic>> {
    let site = inputs.site;
    let urls = Urls::new(&site.config.base_path);
    let cards: Vec<CaseCard> = site
        .cases
        .par_iter()
        .zip(inputs.rendered.par_iter())
        .map(|(c, r)| CaseCard::new(site, c, &r.excerpt, &urls))
        .collect();
    let site_view = site_view(site, inputs.taxonomies, &urls);
    let (partials, partial_keys) = render_partials(inputs.theme, &cards, &site_view, cache)?;
    let record_rows = render_record_rows(inputs.theme, site, &cards, &site_view, &urls)?;
    let chromes = Chromes::render(inputs.theme, &site_view, &urls)?;
    let r = Renderer {
        chromes: &chromes,
        inputs,
        urls: &urls,
        cards: &cards,
        partials: &partials,
        record_rows: &record_rows,
        site_view: &site_view,
        by_bank: by_bank(site),
        bank_results: site.results().iter().fold(
            vec![0; site.registry.banks.len()],
            |mut acc, r| {
                acc[r.bank] += r.count;
                acc
            },
        ),
    };
    let terms: Vec<&Term> =
        TermKind::ALL.iter().flat_map(|&kind| inputs.taxonomies.of(kind)).collect();
    let parts: Vec<TermParts> = terms.par_iter().map(|t| r.term_parts(t)).collect();
    let jobs = jobs(site, &parts);
    type Done = (String, Option<OutputFile>, u128, bool);
    let results: Vec<Result<Done, Diagnostic>> = jobs
        .par_iter()
        .map(|j| {
            let (file, hash, reused) = r.render(j, cache)?;
            Ok((file.path.clone(), consume(file, reused), hash, reused))
        })
        .collect();
    let mut done = RenderedPages {
        kept: Vec::new(),
        paths: Vec::with_capacity(results.len()),
        cache: PageCache::default(),
        stats: RenderStats::default(),
    };
    if cache.is_some() {
        done.cache.partials = partial_keys.into_iter().zip(partials).collect();
    }
    let mut errors = Vec::new();
    for res in results {
        match res {
            Ok((path, kept, hash, reused)) => {
                if reused {
                    done.stats.reused += 1
                } else {
                    done.stats.rendered += 1
                }
                if let Some(f) = kept {
                    if cache.is_some() {
                        done.cache.pages.insert(path.clone(), (hash, f.bytes.clone()));
                    }
                    done.kept.push(f);
                }
                done.paths.push(path);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    done.kept.sort_by(|a, b| a.path.cmp(&b.path));
    done.paths.sort();
    Ok(done)
}

/// A case's card and results-table row, rendered.
type Partial = (String, String);

/// Renders each case's card and results-table row once (in parallel); list pages reuse
/// them instead of rendering the same card on every term page it appears on. With a
/// cache, a card whose context is unchanged is not rendered again. Returns the partials
/// and, with a cache, their context hashes.
fn render_partials(
    theme: &Theme,
    cards: &[CaseCard],
    site: &SiteView<'_>,
    cache: Option<&PageCache>,
) -> Result<(Vec<Partial>, Vec<u128>), Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct PartialContext<'a> {
        case: &'a CaseCard,
        site: &'a SiteView<'a>,
    }
    let salt = theme.fingerprint().to_le_bytes();
    let results: Vec<Result<(Partial, u128), Diagnostic>> = cards
        .par_iter()
        .map(|card| {
            let context = PartialContext { case: card, site };
            let key = match cache {
                Some(cache) => {
                    let key = crate::site::fingerprint::of(&salt, &context)
                        .map_err(|e| context_error("themes", e))?;
                    if let Some(p) = cache.partials.get(&key) {
                        return Ok((p.clone(), key));
                    }
                    key
                }
                None => 0,
            };
            let ctx =
                tera::Context::from_serialize(context).map_err(|e| context_error("themes", e))?;
            let html = theme.render("partials/case_card.html", &ctx, &card.url)?;
            let row = theme.render("partials/result_row.html", &ctx, &card.url)?;
            Ok(((html, row), key))
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut keys = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((p, key)) => {
                out.push(p);
                keys.push(key);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((out, keys))
    } else {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup_by(|a, b| a.path == b.path && a.code == b.code);
        Err(errors)
    }
}

/// Renders the results-table row of every record of [`Site::results`] once (in
/// parallel), from `partials/record_row.html`; term pages reuse them.
fn render_record_rows(
    theme: &Theme,
    site: &Site,
    cards: &[CaseCard],
    site_view: &SiteView<'_>,
    urls: &Urls,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct RowContext<'a> {
        record: RecordRow,
        site: &'a SiteView<'a>,
    }
    let rows: Vec<Result<String, Diagnostic>> = site
        .results()
        .par_iter()
        .map(|r| {
            let record = RecordRow::new(site, r, cards, urls);
            let page = record.bank.url.clone();
            let ctx = tera::Context::from_serialize(RowContext { record, site: site_view })
                .map_err(|e| context_error("themes", e))?;
            theme.render("partials/record_row.html", &ctx, &page)
        })
        .collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        match r {
            Ok(html) => out.push(html),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        return Ok(out);
    }
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup_by(|a, b| a.path == b.path && a.code == b.code);
    Err(errors)
}

/// A template context that could not be built (a view failed to serialize).
fn context_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("template-context", path, format!("cannot build the template context: {e}"))
}

/// For each institution, its cases in listing order (indices into `site.cases`).
fn by_bank(site: &Site) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); site.registry.banks.len()];
    for (i, c) in site.cases.iter().enumerate() {
        out[c.bank].push(i);
    }
    out
}

fn site_view<'a>(site: &'a Site, tax: &Taxonomies, urls: &Urls) -> SiteView<'a> {
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

fn jobs<'a>(site: &Site, terms: &'a [TermParts<'a>]) -> Vec<Job<'a>> {
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

struct Renderer<'a> {
    inputs: &'a Inputs<'a>,
    chromes: &'a Chromes,
    urls: &'a Urls,
    cards: &'a [CaseCard],
    partials: &'a [(String, String)],
    /// Results-table rows, parallel to [`Site::results`].
    record_rows: &'a [String],
    site_view: &'a SiteView<'a>,
    by_bank: Vec<Vec<usize>>,
    /// Results per institution (the sum of its records' `count`).
    bank_results: Vec<u32>,
}

impl<'a> Renderer<'a> {
    /// Case `i` as listed on a page: pre-rendered card and row.
    fn listed(&self, i: usize) -> Listed<'a> {
        let card = &self.cards[i];
        let (html, row) = &self.partials[i];
        Listed { url: &card.url, title: &card.title, card: html, row }
    }

    fn site(&self) -> &'a Site {
        self.inputs.site
    }

    fn context(&self, page: PageMeta) -> Context<'_> {
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

    fn meta(
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
    fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.site().config.origin)
    }

    /// JSON-LD `Article` for a case study: dates, assessor as author, the institution as
    /// what it is about.
    fn article_ld(&self, i: usize, card: &CaseCard) -> String {
        // Typed rather than `json!`: fields in the order serde_json's sorted maps wrote them.
        #[derive(Serialize)]
        struct Organization<'a> {
            #[serde(rename = "@type")]
            kind: &'a str,
            #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
            alternate_name: Option<Option<&'a str>>,
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            url: Option<String>,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Article<'a> {
            #[serde(rename = "@context")]
            context: &'a str,
            #[serde(rename = "@type")]
            kind: &'a str,
            about: Organization<'a>,
            author: Organization<'a>,
            date_modified: &'a str,
            date_published: &'a str,
            description: &'a str,
            headline: &'a str,
            in_language: &'a str,
            keywords: String,
            main_entity_of_page: String,
            publisher: Organization<'a>,
            url: String,
        }
        let org = |name, alternate_name, url| Organization {
            kind: "Organization",
            alternate_name,
            name,
            url,
        };
        let case = &self.site().cases[i];
        let bank = &self.site().registry.banks[case.bank];
        json_ld(&Article {
            context: "https://schema.org",
            kind: "Article",
            about: org(
                &bank.name,
                Some(bank.name_zh.as_deref()),
                Some(self.absolute(&card.bank.url)),
            ),
            author: org(&case.assessor, None, None),
            date_modified: &card.date,
            date_published: &card.date,
            description: &card.summary,
            headline: &case.title,
            in_language: case.lang.tag(),
            keywords: case.domains.join(", "),
            main_entity_of_page: self.absolute(&card.url),
            publisher: org(&self.site().config.title, None, None),
            url: self.absolute(&card.url),
        })
    }

    /// JSON-LD `BreadcrumbList` for a page with a breadcrumb trail.
    fn breadcrumb_ld(&self, title: &str, url: &str, crumbs: &[LinkView]) -> String {
        #[derive(Serialize)]
        struct ListItem<'a> {
            #[serde(rename = "@type")]
            kind: &'a str,
            item: String,
            name: &'a str,
            position: usize,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct BreadcrumbList<'a> {
            #[serde(rename = "@context")]
            context: &'a str,
            #[serde(rename = "@type")]
            kind: &'a str,
            item_list_element: Vec<ListItem<'a>>,
        }
        let home = self.urls.abs("/");
        let items = std::iter::once(("Home", home.as_str()))
            .chain(crumbs.iter().map(|c| (c.name.as_str(), c.url.as_str())))
            .chain(std::iter::once((title, url)))
            .enumerate()
            .map(|(i, (name, u))| ListItem {
                kind: "ListItem",
                item: self.absolute(u),
                name,
                position: i + 1,
            })
            .collect();
        json_ld(&BreadcrumbList {
            context: "https://schema.org",
            kind: "BreadcrumbList",
            item_list_element: items,
        })
    }

    fn render(
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

    fn home(&self) -> Context<'_> {
        let site = self.site();
        let tax = self.inputs.taxonomies;
        let count_terms = |kind: TermKind, filter: &dyn Fn(&Term) -> bool| -> Vec<Count> {
            tax.of(kind)
                .iter()
                .filter(|t| !t.is_empty() && filter(t))
                .map(|t| Count {
                    name: t.name.clone(),
                    name_zh: t.name_zh.clone(),
                    url: self.urls.term(kind, &t.slug),
                    count: t.result_count,
                    cases: t.cases.len(),
                    label: results_and_cases(t.result_count, t.cases.len()),
                })
                .collect()
        };
        let years: Vec<u16> = site.results().iter().map(|r| r.date().year).collect();
        let years_span = match (years.iter().min(), years.iter().max()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let home = HomeView {
            latest: (0..self.cards.len().min(LATEST_SHOWN)).map(|i| self.listed(i)).collect(),
            cases: site.cases.len(),
            results: crate::model::results::total(site.results()),
            institutions: tax
                .of(TermKind::Institution)
                .iter()
                .filter(|t| t.result_count > 0)
                .count(),
            modules: {
                let mut units: Vec<usize> = site.results().iter().map(|r| r.module).collect();
                units.sort_unstable();
                units.dedup();
                units.len()
            },
            years_span,
            by_part: count_terms(
                TermKind::Module,
                &|t| matches!(t.what, TermRef::Unit(u) if site.registry.units[u].is_part(u)),
            ),
            by_level: count_terms(TermKind::Level, &|_| true),
            by_year: count_terms(TermKind::Year, &|_| true),
            by_type: count_terms(TermKind::Type, &|_| true),
        };
        let mut ctx = self.context(self.meta(
            site.config.title.clone(),
            site.config.description.clone(),
            self.urls.abs("/"),
            "home",
            Vec::new(),
        ));
        ctx.home = Some(home);
        ctx
    }

    fn case(&self, i: usize) -> Context<'_> {
        let site = self.site();
        let case = &site.cases[i];
        let rendered = &self.inputs.rendered[i];
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
                    name: v.clone(),
                    name_zh: None,
                    url: self.urls.term(kind, &crate::validate::slug::slugify(v)),
                })
                .collect()
        };
        let view = CaseView {
            card,
            body: &rendered.html,
            toc: &rendered.toc,
            domains: free(TermKind::Domain, &case.domains),
            tags: free(TermKind::Tag, &case.tags),
            event: case.event.as_deref(),
            assessor: &case.assessor,
            interviewees: &case.interviewees,
            words: rendered.words,
            reading_minutes: rendered.words.div_ceil(220).max(1),
            others,
            others_total: siblings.len().saturating_sub(1),
            bank_results: self.bank_results[case.bank],
            // Cases are newest first: the previous (older) one follows, the next precedes.
            prev: self.cards.get(i + 1),
            next: i.checked_sub(1).map(|j| &self.cards[j]),
            source: &case.source,
            article: case.article.as_ref().map(ArticleView::new),
        };
        let description = card.summary.clone();
        let crumbs = vec![
            LinkView { name: "Case studies".into(), name_zh: None, url: self.urls.abs("cases/") },
            card.bank.clone(),
        ];
        let mut meta = self.meta(case.title.clone(), description, card.url.clone(), "case", crumbs);
        meta.lang = case.lang.tag();
        meta.json_ld = Some(self.article_ld(i, card));
        let mut ctx = self.context(meta);
        ctx.case = Some(view);
        ctx
    }

    fn listing(&self, page: usize, pages: usize, range: &std::ops::Range<usize>) -> Context<'_> {
        let first = self.urls.abs("cases/");
        let pagination = Pagination::new(&first, page, pages, range, self.cards.len());
        let title = if page > 1 {
            format!("All case studies (page {page} of {pages})")
        } else {
            "All case studies".to_string()
        };
        let mut ctx = self.context(self.meta(
            title,
            format!("Every published case study, newest first ({} in total).", self.cards.len()),
            Urls::page(&first, page),
            "listing",
            Vec::new(),
        ));
        ctx.listing = Some(ListingView {
            cases: range.clone().map(|i| self.listed(i)).collect(),
            pagination,
        });
        ctx
    }

    /// What every page of `term` shows: computed once per term, not once per page.
    fn term_parts(&self, term: &'a Term) -> TermParts<'a> {
        let kind = term.kind;
        let first = self.urls.term(kind, &term.slug);
        let (description, facts, related, related_label) = self.term_details(term);
        let label = match term.what {
            TermRef::Unit(u) if self.site().registry.units[u].is_part(u) => "Part",
            _ => kind.singular(),
        };
        let summary = description.map(str::to_string).unwrap_or_else(|| {
            format!("{} for {}.", results_and_cases(term.result_count, term.cases.len()), term.name)
        });
        let feed = crate::site::publish::feed_url(self.urls, kind, term.what, &term.slug)
            .filter(|_| !term.is_empty())
            .map(|url| LinkView {
                name: format!("{}: {}", self.site().config.title, term.name),
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

    fn term<'p>(
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
        let mut title = format!("{}: {}", parts.label, term.name);
        if page > 1 {
            title.push_str(&format!(" (page {page} of {pages})"));
        }
        let crumbs = vec![LinkView {
            name: kind.plural().into(),
            name_zh: None,
            url: parts.index_url.clone(),
        }];
        let mut meta =
            self.meta(title, parts.summary.clone(), Urls::page(&parts.first, page), "term", crumbs);
        meta.feeds.extend(parts.feed.clone());
        let mut ctx = self.context(meta);
        ctx.term = Some(TermView {
            chart: parts.chart.as_deref(),
            kind,
            kind_label: parts.label,
            kind_plural: kind.plural(),
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
            count_label: results_and_cases(term.result_count, term.cases.len()),
            results: if page == 1 {
                let shown = term.results.iter().take(RESULTS_PER_TERM_PAGE);
                shown.map(|&r| self.record_rows[r].as_str()).collect()
            } else {
                Vec::new()
            },
            results_more: term.results.len().saturating_sub(RESULTS_PER_TERM_PAGE),
            results_url: self.results_view_url(term),
            pagination,
        });
        ctx
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
        Some(stats::page::term_chart(strings, &term.slug, &term.name, &st.years, &per_year))
    }

    /// Description, facts and related links of a term, by what it stands for.
    fn term_details(
        &self,
        term: &Term,
    ) -> (Option<&'a str>, Vec<Fact>, Vec<LinkView>, &'static str) {
        let site = self.site();
        let reg = &site.registry;
        let fact = |label: &str, value: String, url: Option<String>| Fact {
            label: label.into(),
            value,
            url,
        };
        match term.what {
            TermRef::Bank(b) => {
                let bank = &reg.banks[b];
                let mut facts = vec![fact(
                    "Type",
                    bank.kind.name().into(),
                    Some(self.urls.term(TermKind::Type, bank.kind.id())),
                )];
                if let Some(region) = &bank.region {
                    facts.push(fact("Region", region.clone(), None));
                }
                // Records are newest first; the first result is the earliest evidence, which
                // may be a "known by" date.
                let records = site.results();
                if let (Some(first), Some(last)) = (term.results.last(), term.results.first()) {
                    let show = |r: usize| match records[r].dating {
                        crate::model::results::Dating::Announced(d) => d.display(),
                        crate::model::results::Dating::KnownBy(d) => format!("by {}", d.display()),
                    };
                    facts.push(fact("First result", show(*first), None));
                    facts.push(fact("Latest result", show(*last), None));
                }
                (bank.description.as_deref(), facts, Vec::new(), "")
            }
            TermRef::Unit(u) => {
                let unit = &reg.units[u];
                let mut facts = Vec::new();
                if let Some(short) = &unit.short {
                    facts.push(fact("Also known as", short.clone(), None));
                }
                if unit.is_part(u) {
                    let related =
                        unit.modules.iter().map(|&m| unit_link(site, m, self.urls)).collect();
                    (unit.description.as_deref(), facts, related, "Modules of this part")
                } else {
                    (
                        unit.description.as_deref(),
                        facts,
                        vec![unit_link(site, unit.part, self.urls)],
                        "Part of",
                    )
                }
            }
            TermRef::Level(level) => {
                let facts = vec![fact("Chinese name", level.name_zh().into(), None)];
                (None, facts, Vec::new(), "")
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
                (None, Vec::new(), related, "Institutions of this type")
            }
            TermRef::Text if term.kind == TermKind::Domain => {
                let d = reg.domains.iter().find(|d| d.name == term.name);
                (d.and_then(|d| d.description.as_deref()), Vec::new(), Vec::new(), "")
            }
            TermRef::Year(_) | TermRef::Text => (None, Vec::new(), Vec::new(), ""),
        }
    }

    fn terms(&self, kind: TermKind) -> Context<'_> {
        let site = self.site();
        let tax = self.inputs.taxonomies;
        let link = |t: &Term, note: Option<String>| TermLink {
            name: t.name.clone(),
            name_zh: t.name_zh.clone(),
            url: self.urls.term(kind, &t.slug),
            count: t.cases.len(),
            results: t.result_count,
            label: results_and_cases(t.result_count, t.cases.len()),
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
                label: results_and_cases(results, count),
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
                            ty.name().into(),
                            Some(ty.name_zh().into()),
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
                            label: results_and_cases(part.result_count, part.cases.len()),
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
            title: kind.plural(),
            intro: intro(kind),
            total_terms: tax.of(kind).len(),
            groups,
        };
        let mut ctx = self.context(self.meta(
            kind.plural().into(),
            intro(kind).into(),
            self.urls.section(kind),
            "terms",
            Vec::new(),
        ));
        ctx.terms = Some(view);
        ctx
    }

    fn matrix(&self) -> Context<'_> {
        let mut ctx = self.context(self.meta(
            "Results matrix".into(),
            "Who passed what: the highest level each institution has passed in each part and module of YD/T 3763, and how many results stand behind it.".into(),
            self.urls.abs("matrix/"),
            "matrix",
            Vec::new(),
        ));
        ctx.matrix = Some(results_page::matrix_view(self.site(), self.inputs.matrix, self.urls));
        ctx
    }

    fn results_page(&self) -> Context<'_> {
        let mut ctx = self.context(self.meta(
            "All results".into(),
            "Every assessment result on record, one row each: institution, part, module, project, level, date and source.".into(),
            self.urls.abs("results/"),
            "results",
            Vec::new(),
        ));
        ctx.results = Some(results_page::results_view(self.site(), self.urls));
        ctx
    }

    fn stats_page(&self) -> Context<'_> {
        let (inputs, url) = (&self.inputs, |path: &str| self.urls.abs(path));
        let strings = inputs.theme.strings();
        let view = stats::page::view(self.site(), inputs.stats, inputs.tables, strings, url);
        let mut ctx = self.context(self.meta(
            "Participation statistics".into(),
            "How participation in the DevOps capability maturity assessments grows over time, by institution type, part, module and level.".into(),
            self.urls.abs("stats/"),
            "stats",
            Vec::new(),
        ));
        ctx.stats = Some(view);
        ctx
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

/// Serializes structured data for a `<script type="application/ld+json">` element: `<`
/// is escaped so that no text can close the element.
fn json_ld(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD views serialize");
    if json.contains('<') { json.replace('<', "\\u003c") } else { json }
}

fn intro(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Institution => "Every institution with published results, grouped by type.",
        TermKind::Module => {
            "The parts of YD/T 3763 and the modules inside them. A result recorded against a whole part appears on the part's page."
        }
        TermKind::Level => {
            "Maturity levels of YD/T 3763, from 1 (Initial) to 5 (Outstanding). A plus grade such as 2+ ranks between two levels."
        }
        TermKind::Year => "Results by the year they were announced.",
        TermKind::Domain => "Capability domains the case studies describe.",
        TermKind::Type => "Institutions grouped by type.",
        TermKind::Tag => "Free-form tags of the case studies.",
    }
}

/// The output file for a page URL: `/sub/cases/x/` → `cases/x/index.html`.
fn output_path(url: &str, base_path: &str, exact: bool) -> String {
    let rel = url.strip_prefix(base_path).unwrap_or(url).trim_start_matches('/');
    if exact {
        rel.to_string()
    } else if rel.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", rel.trim_end_matches('/'))
    }
}
