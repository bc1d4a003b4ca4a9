//! Page assembly: which pages the site has, their views, and rendering them with the
//! theme in parallel.
//!
//! [`render_cached`] is the entry point: it builds the shared views, then renders every
//! page of [`jobs`] with the [`pages::Renderer`]. The rooms: `jobs` (page kinds, the page
//! list, output paths), `context` (the template context), `views` (the typed views),
//! `pages/` (one context builder per page kind), `chrome` (header and footer per section),
//! `partials` (cards and rows rendered once), `jsonld`, `results_page/` (`/results/`,
//! `/matrix/` and their CSV), `publish` (feeds, sitemap, robots.txt), `theme` and `strings`
//! (templates and the string catalogue). Reader-facing text comes from the catalogue; this
//! module does not load content or write files.
//!
//! Views that many pages share (the case cards) are built once; each page borrows them.
//! Per-page work is bounded: a case page shows at most ten other results of its
//! institution, term pages are paginated, so the total work stays linear in the number of
//! cases.

mod chrome;
mod context;
pub(crate) mod fingerprint;
mod jobs;
mod jsonld;
pub(crate) mod locale;
mod pages;
mod partials;
pub(crate) mod publish;
pub(crate) mod results_page;
pub(crate) mod strings;
pub(crate) mod theme;
pub(crate) mod views;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::taxonomy::{Taxonomies, Term, TermKind};
use crate::output::OutputFile;
use crate::render::Rendered;
use crate::site::chrome::Chromes;
use crate::site::context::{Context, PageView, site_view};
use crate::site::jobs::PageKind;
use crate::site::pages::term::TermParts;
use crate::site::pages::{Renderer, by_bank};
use crate::site::partials::{CasePartials, RenderedPartials, render_partials, render_record_rows};
use crate::site::results_page::Matrix;
use crate::site::theme::Theme;
use crate::site::views::*;
use crate::stats::page::StatsView;
use crate::stats::{self, Stats, Table};

/// Everything page rendering reads.
pub(crate) struct Inputs<'a> {
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

/// Pages of an earlier build, keyed by output path: the hash of the template context
/// they were rendered from, and their bytes. A page whose context hashes the same is not
/// rendered again: this is how `serve` re-renders only what an edit affects.
///
/// The dev server keeps every page of the site in memory, so the cache holds them
/// compressed (raw deflate, level 2: about a quarter of their size, decompressed per
/// request in well under a millisecond; see [`pack`]) and is where they are kept: with a cache, [`render_cached`]
/// hands no pages back, and the server serves these very bytes ([`PageCache::pages`]).
#[derive(Debug, Default)]
pub(crate) struct PageCache {
    pages: std::collections::HashMap<String, CachedPage>,
    /// Rendered case cards and rows by the hash of their context.
    partials: std::collections::HashMap<u128, CasePartials>,
    /// Pages whose text a reused page must still be handed to `consume` with (the pages
    /// links point into with a `#fragment`, whose ids are checked); other reused pages
    /// skip `consume`, which would only hand them back.
    pub(crate) needs_text: std::collections::HashSet<String>,
    /// Called with each page (path and compressed bytes) as soon as it is rendered or
    /// reused, from the rendering thread: the dev server serves pages of its first build
    /// before the build is done.
    pub(crate) on_page: Option<PageHook>,
}

/// What a [`PageHook`] is called with: a page's output path and its compressed bytes.
pub(crate) type OnPage = dyn Fn(&str, &bytes::Bytes) + Send + Sync;

/// A callback for every page of a build as it comes (see [`PageCache::on_page`]), and the
/// pages requests wait for, which the build renders next.
#[derive(Clone)]
pub(crate) struct PageHook {
    /// Called with each page.
    pub(crate) on_page: std::sync::Arc<OnPage>,
    /// Output paths of case pages requested before they were rendered, newest last.
    pub(crate) requested: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl std::fmt::Debug for PageHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageHook")
    }
}

/// A page of an earlier build: the hash of its context and its bytes, compressed.
#[derive(Debug)]
struct CachedPage {
    hash: u128,
    bytes: bytes::Bytes,
}

pub(crate) use crate::render::packed::{pack, unpack};

/// One page after `consume` saw it: its path, what `consume` kept, its context hash and
/// whether it was reused.
struct Done {
    path: String,
    kept: Option<OutputFile>,
    hash: u128,
    reused: bool,
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
pub(crate) struct RenderedPages {
    /// The pages `consume` handed back, sorted by path (none with a cache: it keeps them).
    pub kept: Vec<OutputFile>,
    /// The output path of every page, sorted.
    pub paths: Vec<String>,
    /// The cache for the next pass (empty unless a cache was given).
    pub cache: PageCache,
    /// What was rendered and what reused.
    pub stats: RenderStats,
    /// The views the pages were built from, when asked to keep them (the dev server
    /// re-renders a case page from them after an edit of its body).
    pub shared: Option<Shared>,
}

/// Renders every page in parallel, reusing pages of `cache` whose context did not change,
/// and hands back the views they were built from when `keep_views` says so.
///
/// Each page goes to `consume` on the thread that rendered it, as soon as it is rendered:
/// a build writes it out and drops it (`None`), so the site is never held in memory whole;
/// the dev server hands it back (`Some`) to keep it. Kept pages enter the next cache
/// (compressed, and only there: see [`PageCache`]). The flag tells `consume` that the page
/// was reused as `consume` handed it back last time.
pub(crate) fn render_cached(
    inputs: &Inputs<'_>,
    cache: Option<&PageCache>,
    keep_views: bool,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Result<RenderedPages, Vec<Diagnostic>> {
    let shared = Shared::build(inputs, cache)?;
    let mut done = render_jobs(inputs, &shared, cache, Selection::All, consume)?;
    done.shared = keep_views.then_some(shared);
    Ok(done)
}

/// Which pages [`render_other_pages`] renders: the build renders the case pages as their
/// Markdown is rendered (see [`with_case_pages`]) and the others in two groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OtherPages {
    /// `/results/` and `/matrix/`: a row or cell for every record, the largest pages of a
    /// big site by far (16 MB of HTML and a third of a second to render at 10,000 cases),
    /// and they read nothing of the case bodies, so the build renders them alongside the
    /// case pages, early, while its memory is low.
    Records,
    /// Every other page: these list cases, read only their cards (summary or excerpt).
    Rest,
}

/// Which jobs [`render_jobs`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selection {
    All,
    Other(OtherPages),
}

impl Selection {
    fn wants(self, job: &jobs::Job<'_>) -> bool {
        use jobs::Job;
        match self {
            Selection::All => true,
            Selection::Other(which) => match job {
                Job::Case(_) => false,
                Job::Results | Job::Matrix => which == OtherPages::Records,
                _ => which == OtherPages::Rest,
            },
        }
    }
}

/// Renders the pages other than case pages that `which` names, over views built before
/// them (with the case cards from excerpts: see [`OtherPages`]).
pub(crate) fn render_other_pages(
    inputs: &Inputs<'_>,
    shared: &Shared,
    which: OtherPages,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Result<RenderedPages, Vec<Diagnostic>> {
    render_jobs(inputs, shared, None, Selection::Other(which), consume)
}

/// Runs `f` with a function that renders the page of case `i` from its Markdown `body`
/// (`None` when the case has no page in the pages' language), over the views `shared`
/// built from `inputs`. Nothing of a case page is kept but what `f` keeps.
pub(crate) fn with_case_pages<R>(
    inputs: &Inputs<'_>,
    shared: &Shared,
    f: impl FnOnce(&CasePageFn<'_>) -> R,
) -> R {
    let site_view = shared.site_view(inputs);
    let r = shared.renderer(inputs, &site_view);
    let render = |i: usize, body: &Rendered| {
        jobs::has_page(inputs.site, i)
            .then(|| r.render_with(&jobs::Job::Case(i), Some(body), None).map(|p| p.file))
    };
    f(&render)
}

/// Renders one case page from its Markdown (see [`with_case_pages`]).
pub(crate) type CasePageFn<'a> =
    dyn Fn(usize, &Rendered) -> Option<Result<OutputFile, Diagnostic>> + Sync + 'a;

/// Renders the pages of the site that `selection` names over `shared`.
fn render_jobs(
    inputs: &Inputs<'_>,
    shared: &Shared,
    cache: Option<&PageCache>,
    selection: Selection,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Result<RenderedPages, Vec<Diagnostic>> {
    let site = inputs.site;
    let site_view = shared.site_view(inputs);
    let r = shared.renderer(inputs, &site_view);
    let terms: Vec<&Term> =
        TermKind::ALL.iter().flat_map(|&kind| inputs.taxonomies.of(kind)).collect();
    let parts: Vec<TermParts> = terms.par_iter().map(|t| r.term_parts(t)).collect();
    let mut jobs = jobs::jobs(site, &parts);
    jobs.retain(|j| selection.wants(j));
    let render_one = |j: &jobs::Job<'_>| {
        let page = r.render(j, cache)?;
        let path = page.file.path.clone();
        let kept = match cache {
            Some(cache) => keep_packed(cache, page.file, page.reused, consume),
            None => consume(page.file, page.reused),
        };
        Ok(Done { path, kept, hash: page.hash, reused: page.reused })
    };
    let results: Vec<Result<Done, Diagnostic>> = match cache.and_then(|c| c.on_page.as_ref()) {
        None => jobs.par_iter().map(render_one).collect(),
        Some(hook) => {
            let order = JobOrder::new(&jobs, shared, &site.config.root_path, &hook.requested);
            (0..jobs.len()).into_par_iter().map(|_| render_one(&jobs[order.next()])).collect()
        }
    };
    let mut done = RenderedPages {
        kept: Vec::new(),
        paths: Vec::with_capacity(results.len()),
        cache: PageCache::default(),
        stats: RenderStats::default(),
        shared: None,
    };
    if let Some(cache) = cache {
        let partials = shared.partial_keys.iter().copied().zip(shared.partials.iter().cloned());
        done.cache.partials = partials.collect();
        done.cache.on_page = cache.on_page.clone();
    }
    let mut errors = Vec::new();
    for res in results {
        match res {
            Ok(Done { path, kept, hash, reused }) => {
                if reused {
                    done.stats.reused += 1
                } else {
                    done.stats.rendered += 1
                }
                if let Some(f) = kept {
                    if cache.is_some() {
                        // Kept in the cache alone (compressed), not handed back.
                        done.cache.pages.insert(path.clone(), CachedPage { hash, bytes: f.bytes });
                    } else {
                        done.kept.push(f);
                    }
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

/// What a build with a [`PageCache`] keeps of a page: its bytes compressed, handed to
/// the cache's `on_page` at once. A reused page comes from the cache compressed, as
/// `consume` handed it back last time: it is handed to `consume` again (decompressed) only
/// when `consume` needs its text.
fn keep_packed(
    cache: &PageCache,
    file: OutputFile,
    reused: bool,
    consume: &(dyn Fn(OutputFile, bool) -> Option<OutputFile> + Sync),
) -> Option<OutputFile> {
    let kept = if reused {
        if cache.needs_text.contains(&file.path) {
            let text = OutputFile { path: file.path.clone(), bytes: unpack(&file.bytes) };
            consume(text, true)?;
        }
        file
    } else {
        let f = consume(file, false)?;
        OutputFile { bytes: pack(&f.bytes), path: f.path }
    };
    if let Some(hook) = &cache.on_page {
        (hook.on_page)(&kept.path, &kept.bytes);
    }
    Some(kept)
}

/// The order in which a build whose pages are served as they come renders them: a case
/// page a request waits for next, then every page in job order (the home page first).
/// Each call of [`JobOrder::next`] takes a job no other call took; as many calls as jobs
/// render each job once.
struct JobOrder<'a> {
    taken: Vec<std::sync::atomic::AtomicBool>,
    cursor: std::sync::atomic::AtomicUsize,
    /// The job of each case page, by output path.
    cases: std::collections::HashMap<String, usize>,
    requested: &'a std::sync::Mutex<Vec<String>>,
}

impl<'a> JobOrder<'a> {
    fn new(
        jobs: &[jobs::Job<'_>],
        shared: &Shared,
        root_path: &str,
        requested: &'a std::sync::Mutex<Vec<String>>,
    ) -> JobOrder<'a> {
        let cases = jobs
            .iter()
            .enumerate()
            .filter_map(|(j, job)| match job {
                jobs::Job::Case(i) => {
                    let url = &shared.cards.get(*i)?.url;
                    Some((jobs::output_path(url, root_path, false), j))
                }
                _ => None,
            })
            .collect();
        JobOrder::with_cases(jobs.len(), cases, requested)
    }

    /// The order of `n` jobs, `cases` naming the job of each case page by output path.
    fn with_cases(
        n: usize,
        cases: std::collections::HashMap<String, usize>,
        requested: &'a std::sync::Mutex<Vec<String>>,
    ) -> JobOrder<'a> {
        JobOrder {
            taken: (0..n).map(|_| false.into()).collect(),
            cursor: 0.into(),
            cases,
            requested,
        }
    }

    fn next(&self) -> usize {
        use std::sync::atomic::Ordering::SeqCst;
        loop {
            let path = self.requested.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some(path) = path else { break };
            if let Some(&j) = self.cases.get(&path)
                && !self.taken[j].swap(true, SeqCst)
            {
                return j;
            }
        }
        loop {
            let j = self.cursor.fetch_add(1, SeqCst);
            match self.taken.get(j) {
                Some(taken) if !taken.swap(true, SeqCst) => return j,
                Some(_) => {}
                // Not reached: there are as many calls as jobs, each takes one.
                None => return self.taken.len().saturating_sub(1),
            }
        }
    }
}

/// The views every page of a build borrows, built once before the first page: the case
/// cards and their rendered partials, the results rows, the chrome of each section and
/// the cases of each institution. Owned, so that the dev server can keep them and
/// re-render one case page after an edit of its body without building them again.
pub(crate) struct Shared {
    urls: Urls,
    cards: Vec<CaseCard>,
    partials: Vec<CasePartials>,
    /// The context hash of each case's partials (all 0 without a cache).
    partial_keys: Vec<u128>,
    record_rows: Vec<String>,
    chromes: Chromes,
    by_bank: Vec<Vec<usize>>,
    bank_results: Vec<u32>,
}

impl Shared {
    /// Builds the shared views of `inputs`, reusing partials of `cache`.
    pub(crate) fn build(
        inputs: &Inputs<'_>,
        cache: Option<&PageCache>,
    ) -> Result<Shared, Vec<Diagnostic>> {
        let site = inputs.site;
        let urls = Urls::new(&site.config.base_path).with_lang(site.config.pages_lang);
        let cards: Vec<CaseCard> = site
            .cases
            .par_iter()
            .zip(inputs.rendered.par_iter())
            .map(|(c, r)| CaseCard::new(site, c, &r.excerpt, &urls))
            .collect();
        let site_view = site_view(site, inputs.taxonomies, &urls, inputs.theme.strings());
        let RenderedPartials { partials, keys: partial_keys } =
            render_partials(inputs.theme, &cards, &site_view, cache)?;
        let record_rows = render_record_rows(inputs.theme, site, &cards, &site_view, &urls)?;
        let chromes = Chromes::render(inputs.theme, &site_view, &urls)?;
        let bank_results =
            site.results().iter().fold(vec![0; site.registry.banks.len()], |mut acc, r| {
                acc[r.bank] += r.count;
                acc
            });
        Ok(Shared {
            urls,
            cards,
            partials,
            partial_keys,
            record_rows,
            chromes,
            by_bank: by_bank(site),
            bank_results,
        })
    }

    /// The site-wide view of `inputs` (cheap: it borrows the site).
    pub(crate) fn site_view<'a>(&self, inputs: &Inputs<'a>) -> SiteView<'a> {
        site_view(inputs.site, inputs.taxonomies, &self.urls, inputs.theme.strings())
    }

    /// The renderer of the pages of `inputs` over these views.
    pub(crate) fn renderer<'a>(
        &'a self,
        inputs: &'a Inputs<'a>,
        site_view: &'a SiteView<'a>,
    ) -> Renderer<'a> {
        Renderer {
            chromes: &self.chromes,
            inputs,
            urls: &self.urls,
            cards: &self.cards,
            partials: &self.partials,
            record_rows: &self.record_rows,
            site_view,
            by_bank: self.by_bank.clone(),
            bank_results: self.bank_results.clone(),
        }
    }
}

/// Renders the page of case `i` again, from its Markdown rendered anew (`rendered`) and the
/// views `shared` kept from the last build, reusing it from `cache` when its context is
/// unchanged; `None` when the case has no page in the language of `inputs` (it is listed
/// there, in its own language).
pub(crate) fn render_case_page(
    inputs: &Inputs<'_>,
    shared: &Shared,
    i: usize,
    rendered: &Rendered,
    cache: Option<&PageCache>,
) -> Option<Result<pages::RenderedPage, Diagnostic>> {
    let site = inputs.site;
    if site.config.is_multilingual() && site.cases[i].lang != site.config.pages_lang {
        return None;
    }
    let site_view = shared.site_view(inputs);
    let r = shared.renderer(inputs, &site_view);
    Some(r.render_with(&jobs::Job::Case(i), Some(rendered), cache).map(|mut page| {
        if page.reused {
            // As the cache keeps it: compressed.
            page.file.bytes = unpack(&page.file.bytes);
        }
        page
    }))
}

impl PageCache {
    /// Records the page at `path` (its text) as rendered from a context of hash `hash`.
    pub(crate) fn put(&mut self, path: String, hash: u128, text: &[u8]) {
        self.pages.insert(path, CachedPage { hash, bytes: pack(text) });
    }

    /// Every page kept, by output path, compressed (see [`unpack`]).
    pub(crate) fn pages(&self) -> impl Iterator<Item = (&String, &bytes::Bytes)> {
        self.pages.iter().map(|(path, page)| (path, &page.bytes))
    }
}

impl pages::Renderer<'_> {
    fn stats_page(&self) -> Context<'_> {
        let (inputs, url) = (&self.inputs, |path: &str| self.urls.abs(path));
        let strings = inputs.theme.strings();
        let site = self.site();
        let case_link = |slug: &str| {
            let case = site.cases.iter().find(|c| c.slug == slug)?;
            Some((case.title.clone(), crate::site::views::case_url(site, case, self.urls)))
        };
        let view = stats::page::view(site, inputs.stats, inputs.tables, strings, url, &case_link);
        let meta = self.meta(
            self.text("page.stats.title").into(),
            self.text("page.stats.description").into(),
            self.urls.abs("stats/"),
            PageKind::Stats,
            Vec::new(),
        );
        self.context(meta, PageView::Stats(view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requested_case_page_is_rendered_next_and_every_job_once() {
        let requested = std::sync::Mutex::new(Vec::new());
        let cases = [("cases/a/index.html".to_string(), 3), ("cases/b/index.html".into(), 1)];
        let order = JobOrder::with_cases(5, cases.into_iter().collect(), &requested);
        assert_eq!(order.next(), 0, "the home page first");
        requested
            .lock()
            .unwrap()
            .extend(["no/such/index.html".into(), "cases/a/index.html".into()]);
        assert_eq!(order.next(), 3, "then the page a request waits for");
        requested.lock().unwrap().push("cases/a/index.html".into());
        let rest: Vec<usize> = (0..3).map(|_| order.next()).collect();
        assert_eq!(rest, [1, 2, 4], "a page already taken is not rendered twice");
    }

    #[test]
    fn packed_pages_unpack_to_their_text() {
        let text = "<!doctype html><p>Zhōngwén 中文</p>".repeat(100);
        let packed = pack(text.as_bytes());
        assert!(packed.len() < text.len() / 3, "{} bytes", packed.len());
        assert_eq!(unpack(&packed), text.as_bytes());
    }
}
