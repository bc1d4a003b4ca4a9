//! The build pipeline: every stage from reading the site to the files to write, in order.
//!
//! [`run`] drives the stages of the crate docs: configuration and content are read
//! ([`crate::content`]), validated into a [`Site`] ([`crate::validate`]), the Markdown is
//! rendered (in parallel, while the theme compiles), terms, the matrix and statistics are
//! computed, then pages are rendered and, on the thread that rendered them, made relative,
//! scanned for link targets and written or kept, while the search index is built alongside.
//! Feeds, sitemap, statistics downloads and assets follow, and the links are checked last.
//!
//! It also owns the [`BuildCache`] a long-lived process keeps between builds, and (in
//! `edit`) the dev server's fast path for edits of case bodies alone. It does not
//! own the public entry points (`lib.rs`: `build`, `check`, `generate*`) nor any stage's
//! logic: each stage lives in its folder and is called from here.

mod edit;
mod stream;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::config::{CONFIG_FILE, Config};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::date::today;
use crate::model::{Site, taxonomy};
use crate::output::{self, OutputError, OutputFile, relative};
use crate::render::{self, Highlighter, RenderOptions, Rendered};
use crate::site::theme::{self, Theme};
use crate::site::{self, publish, results_page};
use crate::validate::{self, ParseCache, Unpublished, links};
use crate::{BuildError, BuildOptions, DeferredSearch, Generated, content, search, stats};

/// When the search index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchIndex {
    /// Alongside the pages (`build`, `generate`).
    Now,
    /// Handed back as [`DeferredSearch`] (`serve`).
    Deferred,
    /// Not at all (`check`: nothing it reports depends on the index).
    Skip,
}

/// What a long-lived process (the dev server) keeps between builds so that a rebuild
/// redoes only what changed: rendered Markdown keyed by its input, rendered pages keyed by
/// the hash of their template context, and the highlighter with its loaded syntaxes.
#[derive(Debug, Default)]
pub struct BuildCache {
    markdown: MarkdownCache,
    pages: site::PageCache,
    highlighter: Highlighter,
    /// Parsed case files keyed by everything parsing reads (see [`validate::site`]).
    parsed: ParseCache,
    /// What the last build did.
    pub last: site::RenderStats,
    /// What the last good build leaves for an edit of case bodies (see [`edit`]).
    kept: Option<edit::Kept>,
}

pub use edit::Edit;

/// Rendered Markdown by [`markdown_key`]: the last good build's, shared with the views
/// kept for edits (one copy in memory), and that of the bodies edited since.
#[derive(Debug, Default)]
struct MarkdownCache {
    index: HashMap<u128, usize>,
    rendered: Arc<Vec<Rendered>>,
    edited: HashMap<u128, Rendered>,
}

impl MarkdownCache {
    /// The cache of a good build's Markdown, `rendered` parallel to `site.cases`.
    fn of(site: &Site, rendered: Arc<Vec<Rendered>>) -> MarkdownCache {
        let salt = markdown_salt(&site.config);
        let keys: Vec<u128> = site.cases.par_iter().map(|c| markdown_key(&salt, &c.body)).collect();
        let index = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        MarkdownCache { index, rendered, edited: HashMap::new() }
    }

    fn get(&self, key: &u128) -> Option<&Rendered> {
        self.edited.get(key).or_else(|| self.index.get(key).and_then(|&i| self.rendered.get(i)))
    }
}

impl BuildCache {
    /// Every page of the default language kept by the last good build, by output path,
    /// compressed ([`site::unpack`] gives the text): pages built with a cache are kept
    /// there, not in [`Generated::files`].
    pub(crate) fn pages(&self) -> impl Iterator<Item = (&String, &bytes::Bytes)> {
        self.pages.pages()
    }

    /// Calls `on_page` with each page of the default language (path, compressed bytes) as
    /// soon as a build renders or reuses it, or stops calling anything (`None`).
    pub(crate) fn on_page(&mut self, on_page: Option<site::PageHook>) {
        self.pages.on_page = on_page;
    }
}

/// Applies an edit of the case files `changed` (as the watcher reports them) without a
/// full rebuild when only their bodies changed (see [`edit`]); `None` otherwise, when the
/// caller must rebuild.
pub(crate) fn apply_edit(
    options: &BuildOptions,
    cache: &mut BuildCache,
    changed: &[std::path::PathBuf],
) -> Option<Edit> {
    let edit = edit::apply(options, cache, changed);
    if edit.is_none() {
        // Half updated: the full rebuild that follows makes it again.
        cache.kept = None;
    }
    edit
}

/// What becomes of each page once it is rendered (and checked).
#[derive(Clone, Copy)]
pub(crate) enum Pages<'a> {
    /// Written into the staging directory and dropped (`build`).
    Write(&'a output::Staging),
    /// Kept and returned with the other files (`generate`, `serve`).
    Keep,
    /// Dropped (`check`: only the diagnostics matter).
    Drop,
}

/// The pipeline: every stage, with pages written, kept or dropped as `pages_to` says.
pub(crate) fn run(
    options: &BuildOptions,
    mut cache: Option<&mut BuildCache>,
    pages_to: Pages<'_>,
    search_index: SearchIndex,
) -> Result<Generated, BuildError> {
    let mut timer = Timer::new();
    if let Some(c) = cache.as_deref_mut() {
        c.kept = None;
    }
    let config = load_config(options)?;
    let mut sources = content::load(&options.root, &config.theme, config.max_file_size)?;
    timer.mark("load");
    let mut diags = sources.diagnostics.clone();
    let today = options.today.unwrap_or_else(today);
    let parsed_cache = cache.as_deref_mut().map(|c| &mut c.parsed);
    let validate::Validated { site, unpublished } =
        validate::site(config, &sources, options.drafts, today, &mut diags, parsed_cache);
    // The cases own their bodies now; the file texts would only add to peak memory.
    sources.cases = Vec::new();
    let registry = cache.is_some().then(|| site.registry.clone());
    // A site in Chinese names institutions and modules in Chinese first.
    let site = match site.config.language {
        crate::model::Lang::En => site,
        lang => site.for_language(lang),
    };
    timer.mark("validate");
    // The other languages' sites are derived first: a streamed pass drops the bodies of
    // its cases once they are rendered.
    let other_sites: Vec<Site> =
        site.config.languages[1..].iter().map(|l| site.for_language(l.lang)).collect();
    let mut site = site;
    let streamed = cache.is_none() && !matches!(pages_to, Pages::Keep);
    let Rendering {
        theme,
        rendered,
        unpublished: unpublished_rendered,
        derived,
        done,
        search_files,
        written,
        sink,
    } = {
        let pass = PassInput {
            sources: &sources,
            unpublished: Some(&unpublished),
            pages_to,
            search_index,
        };
        if streamed {
            stream::render(&mut site, pass, &mut timer, &mut diags)
        } else {
            render_kept(&site, pass, cache.as_deref_mut(), &mut timer, &mut diags)
        }
    };
    let docs = link_docs(&site, &rendered, Some(&unpublished), &unpublished_rendered);
    diags.extend(docs.iter().filter_map(validate::markdown_limit));
    diags.extend(theme.iter().flat_map(|t| t.warnings().iter().cloned()));
    let (mut files, mut page_paths, shared) = take_pages(done, cache.as_deref_mut(), &mut diags);
    // The site's other languages, each under its prefix (`zh/`): their pages join the
    // default language's, their other files are kept apart until the default's are done.
    let mut others: Vec<LangPass> = other_sites
        .into_iter()
        .map(|site| {
            language_pass(site, &sources, pages_to, search_index, registry.is_some(), &mut diags)
        })
        .collect();
    let mut written = written;
    for o in &mut others {
        files.append(&mut o.pages);
        page_paths.append(&mut o.paths);
        written.append(&mut o.written);
    }
    if !others.is_empty() {
        timer.mark("other languages");
    }
    let pages = page_paths.len();
    let kept_pages = files.len();
    let summaries = summaries(&site, &rendered);
    let path_refs: Vec<&str> = page_paths.iter().map(String::as_str).collect();
    // Feed text comes from the theme's catalogue (the default's when the theme failed).
    let default_strings = site::strings::Strings::default_for(site.config.language.code());
    let strings = theme.as_ref().map_or(&default_strings, Theme::strings);
    // Three independent serial jobs (the statistics files alone are ~30 ms at 10,000
    // cases), side by side.
    let ((published, downloads), syntax_css) = rayon::join(
        || {
            rayon::join(
                || publish::build(&site, &derived.taxonomies, &summaries, &path_refs, strings),
                || derived.downloads(&site),
            )
        },
        render::syntax_css,
    );
    files.extend(published);
    files.extend(downloads);
    files.extend(search_files);
    timer.mark("feeds+sitemap+stats files");
    let statics = &sources.statics;
    add_assets(&mut files, page_paths.iter().chain(&written), statics, syntax_css, &mut diags);
    let wanted = registry.as_ref().map(|_| sink.wanted.clone().unwrap_or_default());
    let (mut ids, mut write_error) = sink.finish(&mut files[kept_pages..]);
    for o in &mut others {
        files.append(&mut o.files);
        ids.extend(std::mem::take(&mut o.ids));
        write_error = write_error.or(o.write_error.take());
    }
    if pages > 0 {
        let all: HashSet<&str> = path_refs
            .iter()
            .copied()
            .chain(written.iter().map(String::as_str))
            .chain(files.iter().map(|f| f.path.as_str()))
            .collect();
        diags.extend(links::check(&site, &docs, &all, &ids));
        for o in &others {
            let docs: Vec<links::Doc<'_>> =
                links::Doc::published_in(&o.site, &o.rendered, o.prefix).collect();
            diags.extend(links::check(&o.site, &docs, &all, &ids));
        }
    }
    if !others.is_empty() {
        // Template errors repeat in every language: report each once.
        diags.sort_by(|a, b| {
            a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.cmp(&b.message))
        });
        diags.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    }
    timer.mark("assets+link check");
    // Content errors first: they explain a failed write (two cases with one slug).
    fail_on_errors(&mut diags)?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    let cases = site.cases.len();
    // The dev server keeps every body's HTML until the next build: packed (`BodyHtml`).
    let kept = cache.is_some() && registry.is_some();
    let pack = |rendered: Vec<Rendered>| -> Vec<Rendered> {
        if kept { rendered.into_par_iter().map(Rendered::packed).collect() } else { rendered }
    };
    let (site, rendered) = (Arc::new(site), Arc::new(pack(rendered)));
    if let (Some(c), Some(registry)) = (cache, registry) {
        c.markdown = MarkdownCache::of(&site, rendered.clone());
        let wanted = wanted.unwrap_or_default();
        let default = PassParts { theme, derived: Some(derived), shared, wanted };
        let passes = std::iter::once(default.pass(site.clone(), rendered.clone(), ""))
            .chain(others.into_iter().map(|o| {
                let parts = o.kept.unwrap_or_default();
                parts.pass(Arc::new(o.site), Arc::new(pack(o.rendered)), o.prefix)
            }))
            .collect::<Option<Vec<edit::Pass>>>();
        let paths = page_paths.iter().cloned().chain(files.iter().map(|f| f.path.clone()));
        c.kept = passes.map(|passes| edit::Kept {
            registry,
            passes,
            paths: paths.collect(),
            ids,
            warnings: diags.clone(),
            pages,
        });
    }
    let search = (search_index == SearchIndex::Deferred)
        .then(|| DeferredSearch(Box::new(move || search::build(&site, &rendered))));
    Ok(Generated {
        files,
        written: written.len(),
        pages,
        kept_pages,
        search,
        cases,
        warnings: diags,
        timings: timer.laps,
    })
}

/// What a language's pass keeps for [`edit`] besides its site and Markdown.
#[derive(Default)]
struct PassParts {
    theme: Option<Theme>,
    derived: Option<Derived>,
    shared: Option<site::Shared>,
    wanted: HashSet<String>,
}

impl PassParts {
    /// The pass, when the theme compiled and the pages were rendered.
    fn pass(
        self,
        site: Arc<Site>,
        rendered: Arc<Vec<Rendered>>,
        prefix: &'static str,
    ) -> Option<edit::Pass> {
        Some(edit::Pass {
            site,
            rendered,
            derived: self.derived?,
            theme: self.theme?,
            shared: self.shared?,
            prefix,
            wanted: self.wanted,
            edits: Default::default(),
        })
    }
}

/// The key of a case's rendered Markdown in [`BuildCache`]: its body and what rendering
/// reads of the configuration (`salt`, see [`markdown_salt`]).
fn markdown_key(salt: &str, body: &str) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(salt.as_bytes());
    h.update(body.as_bytes());
    h.digest128()
}

/// What Markdown rendering reads of the configuration.
fn markdown_salt(config: &Config) -> String {
    format!("{}\0{}\0", config.base_path, config.allow_html)
}

/// What the pages of one language are built from besides the site and its Markdown: the
/// terms (named in the pages' language), the matrix and the statistics.
struct Derived {
    taxonomies: taxonomy::Taxonomies,
    matrix: results_page::Matrix,
    computed: stats::Stats,
    tables: Vec<stats::Table>,
}

impl Derived {
    fn of(site: &Site) -> Derived {
        let mut taxonomies = taxonomy::build(site);
        site::locale::localize_terms(&mut taxonomies, site.config.pages_lang);
        let computed = stats::compute(site);
        let tables = stats::tables(site, &computed);
        Derived { taxonomies, matrix: results_page::matrix(site), computed, tables }
    }

    fn inputs<'a>(
        &'a self,
        site: &'a Site,
        rendered: &'a [Rendered],
        theme: &'a Theme,
    ) -> site::Inputs<'a> {
        site::Inputs {
            site,
            rendered,
            taxonomies: &self.taxonomies,
            matrix: &self.matrix,
            theme,
            stats: &self.computed,
            tables: &self.tables,
        }
    }

    /// The statistics downloads and the results and matrix CSV files.
    fn downloads(&self, site: &Site) -> Vec<OutputFile> {
        let mut files = stats_files(site, &self.computed, &self.tables);
        files.extend(results_page::files(site, &self.matrix));
        files
    }
}

/// The card summary of each case (its front-matter summary, else its excerpt), for feeds.
fn summaries<'a>(site: &'a Site, rendered: &'a [Rendered]) -> Vec<&'a str> {
    site.cases
        .iter()
        .zip(rendered)
        .map(|(c, r)| c.summary.as_deref().unwrap_or(&r.excerpt))
        .collect()
}

/// The pages and files of one of the site's other languages (see [`language_pass`]).
struct LangPass {
    /// The site as this language's pages show it.
    site: Site,
    /// Its rendered Markdown, parallel to `site.cases`.
    rendered: Vec<Rendered>,
    /// The folder of the language (`zh/`).
    prefix: &'static str,
    /// The kept pages.
    pages: Vec<OutputFile>,
    /// The output path of every page.
    paths: Vec<String>,
    /// Feeds, statistics downloads, results CSV and search index, already treated like
    /// pages (made relative, scanned for ids).
    files: Vec<OutputFile>,
    /// The paths of the files besides pages that went to the sink already (see
    /// [`Rendering::written`]).
    written: Vec<String>,
    /// Ids found in this language's pages and files.
    ids: PageIds,
    /// The first write that failed.
    write_error: Option<OutputError>,
    /// What the dev server keeps of the pass (only when asked to keep it).
    kept: Option<PassParts>,
}

/// Builds the pages of `site` (derived with [`Site::for_language`]) under its language's
/// prefix: the same stages as the default language, without the caches of `serve`, and
/// with the search index built at once unless `check` skips it. The sitemap, robots.txt
/// and assets are the default language's pass's (shared by every language).
fn language_pass(
    mut site: Site,
    sources: &content::Sources,
    pages_to: Pages<'_>,
    search_index: SearchIndex,
    keep: bool,
    diags: &mut Vec<Diagnostic>,
) -> LangPass {
    let lang = site.config.pages_lang;
    let prefix = site.config.lang_prefix(lang);
    let search_now =
        if search_index == SearchIndex::Skip { SearchIndex::Skip } else { SearchIndex::Now };
    let mut timer = Timer::new();
    let Rendering { theme, rendered, derived, done, search_files, written, sink, .. } = {
        let pass = PassInput { sources, unpublished: None, pages_to, search_index: search_now };
        if matches!(pages_to, Pages::Keep) {
            render_kept(&site, pass, None, &mut timer, diags)
        } else {
            stream::render(&mut site, pass, &mut timer, diags)
        }
    };
    let docs = link_docs(&site, &rendered, None, &[]);
    diags.extend(docs.iter().filter_map(validate::markdown_limit));
    let default = site.config.language.code();
    diags.extend(theme::missing_strings(
        &site.config.theme,
        &sources.strings,
        default,
        lang.code(),
    ));
    let (pages, paths, shared) = take_pages(done, None, diags);
    let summaries = summaries(&site, &rendered);
    let default_strings = site::strings::Strings::default_for(lang.code());
    let strings = theme.as_ref().map_or(&default_strings, Theme::strings);
    let mut files = publish::feeds(&site, &derived.taxonomies, &summaries, strings);
    files.extend(derived.downloads(&site));
    files.extend(search_files);
    for f in &mut files {
        f.path = format!("{prefix}{}", f.path);
    }
    let wanted = keep.then(|| sink.wanted.clone().unwrap_or_default());
    let (ids, write_error) = sink.finish(&mut files);
    drop(docs);
    let kept = wanted.map(|wanted| PassParts { theme, derived: Some(derived), shared, wanted });
    LangPass { site, rendered, prefix, pages, paths, files, written, ids, write_error, kept }
}

/// What the Markdown, page and search stages of one language work from, besides its site.
#[derive(Clone, Copy)]
struct PassInput<'a, 's> {
    sources: &'a content::Sources,
    /// The cases that failed validation, in the default language's pass (`None` in the
    /// others'): their bodies are rendered and their links checked too.
    unpublished: Option<&'a [Unpublished]>,
    pages_to: Pages<'s>,
    search_index: SearchIndex,
}

/// What the Markdown, page and search stages of one language produce.
struct Rendering<'s> {
    /// The compiled theme (`None` when it did not compile: its errors are in the
    /// diagnostics).
    theme: Option<Theme>,
    /// The rendered Markdown of the published cases, parallel to `site.cases`.
    rendered: Vec<Rendered>,
    /// The rendered Markdown of the cases that failed validation (default language only).
    unpublished: Vec<Rendered>,
    derived: Derived,
    /// The pages, or the template errors.
    done: PagesDone,
    /// The search index files (none when it is deferred or skipped, or already
    /// `written`).
    search_files: Vec<OutputFile>,
    /// The paths of the files besides pages that went to the sink already (the search
    /// index of a streamed pass), with the pass's folder.
    written: Vec<String>,
    /// Where the pages went, with the ids it found in them.
    sink: PageSink<'s>,
}

/// The Markdown, pages and search index of one language with every case's rendered
/// Markdown held until the end: what `generate` and the dev server do (they keep pages,
/// and the server keeps the Markdown for its next build). The theme compiles (one core, a
/// few milliseconds) while the Markdown renders; the pages render and the search index is
/// built side by side.
fn render_kept<'s>(
    site: &Site,
    pass: PassInput<'_, 's>,
    mut cache: Option<&mut BuildCache>,
    timer: &mut Timer,
    diags: &mut Vec<Diagnostic>,
) -> Rendering<'s> {
    let PassInput { sources, unpublished, pages_to, search_index } = pass;
    let fresh = Highlighter::default();
    let (theme, (rendered, unpublished_rendered)) = rayon::join(
        || compile_theme(site, sources),
        || {
            let rendered = match cache.as_deref_mut() {
                Some(c) => render_markdown_cached(site, c),
                None => render_markdown(site, &fresh),
            };
            let highlighter = cache.as_deref().map_or(&fresh, |c| &c.highlighter);
            (rendered, render_unpublished(site, unpublished.unwrap_or_default(), highlighter))
        },
    );
    let theme = theme.map_err(|mut errs| diags.append(&mut errs)).ok();
    timer.mark("theme+markdown");
    let derived = Derived::of(site);
    timer.mark("taxonomy+stats");
    let docs = link_docs(site, &rendered, unpublished, &unpublished_rendered);
    let sink = PageSink::new(site, &docs, pages_to);
    drop(docs);
    if let Some(c) = cache.as_deref_mut() {
        c.pages.needs_text = sink.wanted.clone().unwrap_or_default();
    }
    let inputs = theme.as_ref().map(|theme| derived.inputs(site, &rendered, theme));
    let page_cache = cache.as_deref().map(|c| &c.pages);
    let (done, search_files) =
        pages_and_search(site, &rendered, inputs.as_ref(), page_cache, &sink, search_index, timer);
    Rendering {
        theme,
        rendered,
        unpublished: unpublished_rendered,
        derived,
        done,
        search_files,
        written: Vec::new(),
        sink,
    }
}

/// The documents whose links are checked: in the default language's pass (`unpublished`
/// given) every published case with the unpublished ones after them, in another
/// language's pass the cases written in that language, under its folder.
fn link_docs<'a>(
    site: &'a Site,
    rendered: &'a [Rendered],
    unpublished: Option<&'a [Unpublished]>,
    unpublished_rendered: &'a [Rendered],
) -> Vec<links::Doc<'a>> {
    match unpublished {
        Some(unpublished) => links::Doc::published(site, rendered)
            .chain(unpublished.iter().zip(unpublished_rendered).map(|(u, r)| u.doc(r)))
            .collect(),
        None => {
            let prefix = site.config.lang_prefix(site.config.pages_lang);
            links::Doc::published_in(site, rendered, prefix).collect()
        }
    }
}

/// Compiles the theme for the pages' language of `site`.
fn compile_theme(site: &Site, sources: &content::Sources) -> Result<Theme, Vec<Diagnostic>> {
    Theme::compile(
        &site.config.theme,
        &sources.templates,
        &sources.strings,
        site.config.pages_lang.code(),
        site.config.language.code(),
    )
}

/// What the page stage hands back: the pages (or the template errors), `None` when the
/// theme did not compile.
type PagesDone = Option<Result<site::RenderedPages, Vec<Diagnostic>>>;

/// Renders the pages (when the theme compiled) and builds the search index side by side,
/// so both cores stay busy through the tail of either; each page goes to `sink`.
fn pages_and_search(
    site: &Site,
    rendered: &[Rendered],
    inputs: Option<&site::Inputs<'_>>,
    page_cache: Option<&site::PageCache>,
    sink: &PageSink<'_>,
    search_index: SearchIndex,
    timer: &mut Timer,
) -> (PagesDone, Vec<OutputFile>) {
    let consume = |page: OutputFile, reused: bool| sink.consume(page, reused);
    // The views pages are built from are worth keeping only where the pages are kept.
    let keep_views = matches!(sink.pages_to, Pages::Keep);
    let ((done, pages_time), (search_files, search_time)) = rayon::join(
        || {
            let start = Instant::now();
            let done =
                inputs.map(|inputs| site::render_cached(inputs, page_cache, keep_views, &consume));
            (done, start.elapsed())
        },
        || {
            let start = Instant::now();
            let files = match search_index {
                SearchIndex::Now => search::build(site, rendered),
                SearchIndex::Deferred | SearchIndex::Skip => Vec::new(),
            };
            (files, start.elapsed())
        },
    );
    if search_index == SearchIndex::Now {
        timer.mark("pages+search index");
        timer.laps.push(("  of which pages", pages_time));
        timer.laps.push(("  of which search index", search_time));
    } else {
        timer.mark("pages");
    }
    (done, search_files)
}

/// The kept pages and the path of every page; template errors go to `diags`, and the
/// page cache for the next build into `cache`.
fn take_pages(
    done: PagesDone,
    cache: Option<&mut BuildCache>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<OutputFile>, Vec<String>, Option<site::Shared>) {
    match done {
        Some(Ok(done)) => {
            if let Some(c) = cache {
                c.pages = done.cache;
                c.last = done.stats;
            }
            (done.kept, done.paths, done.shared)
        }
        Some(Err(mut errs)) => {
            diags.append(&mut errs);
            (Vec::new(), Vec::new(), None)
        }
        None => (Vec::new(), Vec::new(), None),
    }
}

/// Ids found in output pages, by output path: what `#anchor` links are checked against.
type PageIds = HashMap<String, HashSet<String>>;

/// Where each rendered page goes, on the thread that rendered it: made relative, scanned
/// for ids when a link needs them, then written, kept or dropped. Pages arrive from every
/// rendering thread at once, hence the two locks; neither is held for long.
struct PageSink<'a> {
    relative_links: bool,
    /// The output paths that links point into with a `#fragment`; `None` while they are
    /// not known yet (the streamed case pages), when the ids of every page are kept.
    wanted: Option<HashSet<String>>,
    pages_to: Pages<'a>,
    ids: Mutex<PageIds>,
    /// The first write that failed; the build fails with it once the pages are done.
    write_error: Mutex<Option<OutputError>>,
}

impl<'a> PageSink<'a> {
    fn new(site: &Site, docs: &[links::Doc<'_>], pages_to: Pages<'a>) -> PageSink<'a> {
        let wanted = Some(links::fragment_targets(docs));
        PageSink { wanted, ..PageSink::new_scanning_every_page(site, pages_to) }
    }

    /// A sink that keeps the ids of every page, for pages rendered before the wanted ones
    /// are known; [`PageSink::narrowed_to`] drops the others once they are.
    fn new_scanning_every_page(site: &Site, pages_to: Pages<'a>) -> PageSink<'a> {
        PageSink {
            relative_links: site.config.relative_links,
            wanted: None,
            pages_to,
            ids: Mutex::new(HashMap::new()),
            write_error: Mutex::new(None),
        }
    }

    /// This sink keeping the ids of just the pages in `wanted`, from now on.
    fn narrowed_to(self, wanted: HashSet<String>) -> PageSink<'a> {
        let mut ids = self.ids.into_inner().unwrap_or_else(|e| e.into_inner());
        ids.retain(|path, _| wanted.contains(path));
        PageSink { wanted: Some(wanted), ids: Mutex::new(ids), ..self }
    }

    /// True when the ids of the page at `path` are kept.
    fn wants(&self, path: &str) -> bool {
        self.wanted.as_ref().is_none_or(|w| w.contains(path))
    }

    /// Takes one page; hands it back when pages are kept.
    fn consume(&self, mut page: OutputFile, reused: bool) -> Option<OutputFile> {
        // A reused page is the one handed back last time: already relative.
        if self.relative_links && !reused {
            relative::rewrite_file(&mut page);
        }
        if self.wants(&page.path) {
            let found = links::scan_ids(&page.bytes);
            self.ids.lock().unwrap_or_else(|e| e.into_inner()).insert(page.path.clone(), found);
        }
        match self.pages_to {
            Pages::Write(staging) => {
                if let Err(e) = staging.put(&page.path, &page.bytes) {
                    self.write_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
                }
                None
            }
            Pages::Keep => Some(page),
            Pages::Drop => None,
        }
    }

    /// Treats `rest` (the files besides the pages) as pages were treated, except that they
    /// stay in memory; returns the ids found in every file and the first failed write.
    fn finish(self, rest: &mut [OutputFile]) -> (PageIds, Option<OutputError>) {
        if self.relative_links {
            relative::rewrite_all(rest);
        }
        let found: Vec<(String, HashSet<String>)> = rest
            .iter()
            .filter(|f| self.wants(&f.path))
            .map(|f| (f.path.clone(), links::scan_ids(&f.bytes)))
            .collect();
        let mut ids = self.ids.into_inner().unwrap_or_else(|e| e.into_inner());
        ids.extend(found);
        (ids, self.write_error.into_inner().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Wall time per stage, for `build --timings` and the benchmark's profile.
struct Timer {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Timer {
        Timer { last: Instant::now(), laps: Vec::new() }
    }

    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// A site that validated without errors, and the warnings found on the way.
pub(crate) struct ValidSite {
    /// The validated site.
    pub(crate) site: Site,
    /// Warnings, sorted.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Loads and validates the site; fails on content errors, returns the warnings.
pub(crate) fn load_valid_site(options: &BuildOptions) -> Result<ValidSite, BuildError> {
    let config = load_config(options)?;
    let sources = content::load(&options.root, &config.theme, config.max_file_size)?;
    let mut diags = sources.diagnostics.clone();
    let today = options.today.unwrap_or_else(today);
    let validated = validate::site(config, &sources, options.drafts, today, &mut diags, None);
    fail_on_errors(&mut diags)?;
    Ok(ValidSite { site: validated.site, warnings: diags })
}

/// Reads `site.yaml` (defaults when there is none) and applies `--base-url`.
pub(crate) fn load_config(options: &BuildOptions) -> Result<Config, BuildError> {
    let text = content::read_config(&options.root)?;
    let mut config = match text {
        Some(text) => Config::parse(&text, CONFIG_FILE).map_err(BuildError::Content)?,
        None => Config::default(),
    };
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|e| {
            BuildError::Usage(format!("--base-url: {}\n  = help: {}", e.message, e.hint))
        })?;
    }
    Ok(config)
}

/// Renders the bodies of the case files that failed validation, to check them.
fn render_unpublished(
    site: &Site,
    unpublished: &[Unpublished],
    highlighter: &Highlighter,
) -> Vec<Rendered> {
    let opts = RenderOptions {
        base_path: &site.config.base_path,
        allow_html: site.config.allow_html,
        highlighter,
    };
    unpublished.par_iter().map(|u| render::render(&u.body, opts)).collect()
}

/// Sorts `diags`; fails with all of them when one is an error.
pub(crate) fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    diagnostic::sort(diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(BuildError::Content(std::mem::take(diags)))
    } else {
        Ok(())
    }
}

/// Renders Markdown, reusing results of earlier builds for unchanged bodies (the cache
/// takes this build's once the build succeeds).
fn render_markdown_cached(site: &Site, cache: &BuildCache) -> Vec<Rendered> {
    let salt = markdown_salt(&site.config);
    let key = |body: &str| markdown_key(&salt, body);
    let keys: Vec<u128> = site.cases.par_iter().map(|c| key(&c.body)).collect();
    let opts = RenderOptions {
        base_path: &site.config.base_path,
        allow_html: site.config.allow_html,
        highlighter: &cache.highlighter,
    };
    let previous = &cache.markdown;
    site.cases
        .par_iter()
        .zip(&keys)
        .map(|(c, k)| previous.get(k).cloned().unwrap_or_else(|| render::render(&c.body, opts)))
        .collect()
}

/// Renders the Markdown of every case study, in parallel.
pub(crate) fn render_markdown(site: &Site, highlighter: &Highlighter) -> Vec<Rendered> {
    let opts = RenderOptions {
        base_path: &site.config.base_path,
        allow_html: site.config.allow_html,
        highlighter,
    };
    site.cases.par_iter().map(|c| render::render(&c.body, opts)).collect()
}

/// The statistics downloads: `stats/stats.json` and one CSV per table.
fn stats_files(site: &Site, computed: &stats::Stats, tables: &[stats::Table]) -> Vec<OutputFile> {
    let json = OutputFile {
        path: "stats/stats.json".into(),
        bytes: stats::to_json(site, computed, tables).into_bytes().into(),
    };
    let csvs = tables.iter().map(|t| OutputFile {
        path: format!("stats/{}.csv", t.id),
        bytes: t.to_csv().into_bytes().into(),
    });
    std::iter::once(json).chain(csvs).collect()
}

/// Adds the theme's and site's static files and the generated syntax stylesheet
/// (`syntax_css`). A static file may not take the place of a page.
fn add_assets<'p>(
    files: &mut Vec<OutputFile>,
    taken: impl Iterator<Item = &'p String>,
    statics: &[content::StaticFile],
    syntax_css: String,
    diags: &mut Vec<Diagnostic>,
) {
    let mut pages: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    pages.extend(taken.map(|p| p.as_str()));
    let mut assets = theme::static_files(statics);
    assets.push(content::StaticFile {
        path: "assets/syntax.css".into(),
        bytes: syntax_css.into_bytes(),
    });
    let mut accepted = Vec::with_capacity(assets.len());
    for a in assets {
        if pages.contains(a.path.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::StaticClash,
                    &a.path,
                    format!("static file `{}` would overwrite a generated page", a.path),
                )
                .with_hint("rename or remove the static file"),
            );
        } else if let Err(e) = output::check_path(&a.path) {
            diags.push(Diagnostic::error(Code::UnsafePath, &a.path, e.to_string()));
        } else {
            accepted.push(OutputFile { path: a.path, bytes: a.bytes.into() });
        }
    }
    files.append(&mut accepted);
}
