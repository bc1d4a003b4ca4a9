//! casebook: a static site generator for assessment case studies.
//!
//! It turns a folder of Markdown write-ups of CAICT DevOps capability maturity assessment
//! results (YD/T 3763) into a fast, self-contained website: one page per case study,
//! browsing by institution, module, level, year, domain and institution type, and a
//! results matrix.
//!
//! The build is a pipeline of stages over an in-memory model:
//!
//! 1. [`content`] reads `site.yaml`, the registry, the case studies and the theme;
//! 2. [`config`], [`registry`] and [`frontmatter`] parse and validate them into a
//!    [`model::Site`], collecting every problem as a [`Diagnostic`];
//! 3. [`markdown`] renders the bodies (in parallel);
//! 4. [`taxonomy`] groups the cases into terms and the matrix;
//! 5. [`pages`] renders every page with the [`theme`] (in parallel);
//! 6. [`output`] swaps the result into the output directory atomically.
//!
//! Only `content` reads files and only `output` writes them. The library never prints.

#![warn(missing_docs)]

pub mod content;
pub mod diagnostic;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod stats;
pub mod validate;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use diagnostic::{Diagnostic, Severity};

use content::LoadError;
use content::config::{CONFIG_FILE, Config};
use content::frontmatter;
use model::registry::Registry;
use model::{CaseStudy, Date, Site};
use model::{results, taxonomy};
use output::relative;
use output::{OutputError, OutputFile};
use render::{Highlighter, RenderOptions, Rendered};
use site::theme::{self, Theme};
use site::{publish, results_page};
use validate::{links, slug};

/// What to build and how. One value instead of setters on a mutable site.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `site.yaml`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Output directory; `ROOT/public` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Include case studies marked `draft: true`.
    pub drafts: bool,
    /// The date against which "in the future" is judged; the system date when `None`.
    pub today: Option<Date>,
    /// Replace an output directory that casebook did not write (never the sources).
    pub force: bool,
}

impl BuildOptions {
    /// Options for building the site at `root` with defaults for everything else.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            today: None,
            force: false,
        }
    }

    /// The output directory these options select.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site rendered in memory, ready to be written.
#[derive(Debug)]
pub struct Generated {
    /// The output files held in memory, paths unique: the kept pages (sorted by path),
    /// then feeds, sitemap, statistics, search index and assets. From [`generate`], that
    /// is every file; inside [`build`], pages are written as they are rendered and only
    /// the rest is here.
    pub files: Vec<OutputFile>,
    /// Number of HTML pages the site has.
    pub pages: usize,
    /// Number of pages at the start of `files` (all pages, or none inside [`build`]).
    pub kept_pages: usize,
    /// The search index, when [`generate_deferred`] left it to be built after the pages
    /// are served.
    pub search: Option<DeferredSearch>,
    /// Number of published case studies.
    pub cases: usize,
    /// Warnings found on the way (errors make [`generate`] fail instead).
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage (loading is measured from the start of the stage after
    /// configuration).
    pub timings: Vec<(&'static str, Duration)>,
}

/// The search index files, still to be built: the dev server publishes the pages and
/// reloads the browser first, then builds the index (the slowest stage of a rebuild that
/// reuses its pages).
pub struct DeferredSearch(Box<dyn FnOnce() -> Vec<OutputFile> + Send>);

impl DeferredSearch {
    /// Builds the search index files.
    pub fn build(self) -> Vec<OutputFile> {
        (self.0)()
    }
}

impl std::fmt::Debug for DeferredSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeferredSearch")
    }
}

/// When the search index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchIndex {
    /// Alongside the pages (`build`, `generate`).
    Now,
    /// Handed back as [`DeferredSearch`] (`serve`).
    Deferred,
    /// Not at all (`check`: nothing it reports depends on the index).
    Skip,
}

/// The result of a successful [`build`].
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages and assets).
    pub files: usize,
    /// Published case studies.
    pub cases: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Wall time of each stage, then of writing.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (and possibly warnings); nothing was written.
    #[error("{}", diagnostic::summary(.0))]
    Content(Vec<Diagnostic>),
    /// The site could not be read.
    #[error(transparent)]
    Load(LoadError),
    /// The output could not be written; the previous output is untouched.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An option was invalid.
    #[error("{0}")]
    Usage(String),
}

impl From<LoadError> for BuildError {
    /// A required file that is not valid UTF-8 is a content error, reported like any other;
    /// the rest are I/O errors.
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Invalid(d) => BuildError::Content(vec![d]),
            e => BuildError::Load(e),
        }
    }
}

impl BuildError {
    /// The process exit code for this error: 1 for content errors, 2 for usage and I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Content(_) => 1,
            _ => 2,
        }
    }
}

/// Builds the site and writes it, replacing the output directory atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let out = options.output_dir();
    let staging = output::Staging::new(&out, &options.root, options.force)?;
    let generated = run(options, None, Pages::Write(&staging), SearchIndex::Now)?;
    let write_start = Instant::now();
    staging.put_all(&generated.files)?;
    staging.commit()?;
    let mut timings = generated.timings;
    timings.push(("write rest+swap", write_start.elapsed()));
    Ok(BuildReport {
        timings,
        pages: generated.pages,
        // The pages, the other files and the ownership marker.
        files: generated.pages + generated.files.len() - generated.kept_pages + 1,
        cases: generated.cases,
        output: out,
        warnings: generated.warnings,
        elapsed: start.elapsed(),
    })
}

/// Runs every stage except writing: loads, validates and renders the site in memory.
///
/// Stages keep going past bad case studies so that one run reports every problem: invalid
/// cases are left out, the rest are rendered and their links checked, and the build fails
/// at the end if anything was reported as an error.
pub fn generate(options: &BuildOptions) -> Result<Generated, BuildError> {
    generate_with(options, None)
}

/// What a long-lived process (the dev server) keeps between builds so that a rebuild
/// redoes only what changed: rendered Markdown keyed by its input, rendered pages keyed by
/// the hash of their template context, and the highlighter with its loaded syntaxes.
#[derive(Debug, Default)]
pub struct BuildCache {
    markdown: HashMap<u128, Rendered>,
    pages: site::PageCache,
    highlighter: Highlighter,
    /// Parsed case files keyed by everything parsing reads (see [`validate`]).
    parsed: HashMap<u128, Parsed>,
    /// What the last build did.
    pub last: site::RenderStats,
}

/// [`generate`] with an optional cache from earlier builds (see [`BuildCache`]).
pub fn generate_with(
    options: &BuildOptions,
    cache: Option<&mut BuildCache>,
) -> Result<Generated, BuildError> {
    run(options, cache, Pages::Keep, SearchIndex::Now)
}

/// [`generate_with`], except that the search index is not built but returned as
/// [`Generated::search`], to build once the pages are out.
pub fn generate_deferred(
    options: &BuildOptions,
    cache: Option<&mut BuildCache>,
) -> Result<Generated, BuildError> {
    run(options, cache, Pages::Keep, SearchIndex::Deferred)
}

/// What becomes of each page once it is rendered (and checked).
#[derive(Clone, Copy)]
enum Pages<'a> {
    /// Written into the staging directory and dropped (`build`).
    Write(&'a output::Staging),
    /// Kept and returned with the other files (`generate`, `serve`).
    Keep,
    /// Dropped (`check`: only the diagnostics matter).
    Drop,
}

/// The pipeline: every stage, with pages written, kept or dropped as `pages_to` says.
fn run(
    options: &BuildOptions,
    mut cache: Option<&mut BuildCache>,
    pages_to: Pages<'_>,
    search_index: SearchIndex,
) -> Result<Generated, BuildError> {
    let mut timer = Timer::new();
    let config = load_config(options)?;
    let mut sources = content::load(&options.root, &config.theme, config.max_file_size)?;
    timer.mark("load");
    let mut diags = sources.diagnostics.clone();
    let today = options.today.unwrap_or_else(today);
    let parsed_cache = cache.as_deref_mut().map(|c| &mut c.parsed);
    let (site, invalid) =
        validate(config, &sources, options.drafts, today, &mut diags, parsed_cache);
    let unpublished = unpublished_bodies(&sources, &invalid);
    // The cases own their bodies now; the file texts would only add to peak memory.
    sources.cases = Vec::new();
    timer.mark("validate");
    // The theme compiles (one core, a few milliseconds) while the Markdown renders.
    let fresh = Highlighter::default();
    let (theme, (rendered, unpublished_rendered)) = rayon::join(
        || {
            let lang = site.config.language.code();
            Theme::compile(&site.config.theme, &sources.templates, &sources.strings, lang)
        },
        || {
            let rendered = match cache.as_deref_mut() {
                Some(c) => render_markdown_cached(&site, c),
                None => render_markdown(&site, &fresh),
            };
            let highlighter = cache.as_deref().map_or(&fresh, |c| &c.highlighter);
            (rendered, render_unpublished(&site, &unpublished, highlighter))
        },
    );
    let docs: Vec<links::Doc<'_>> = links::Doc::published(&site, &rendered)
        .chain(unpublished.iter().zip(&unpublished_rendered).map(|(u, r)| u.doc(r)))
        .collect();
    diags.extend(docs.iter().filter_map(markdown_limit));
    let theme = theme.map_err(|mut errs| diags.append(&mut errs)).ok();
    diags.extend(theme.iter().flat_map(|t| t.warnings().iter().cloned()));
    timer.mark("theme+markdown");
    let taxonomies = taxonomy::build(&site);
    let matrix = results_page::matrix(&site);
    let computed = stats::compute(&site);
    let tables = stats::tables(&site, &computed);
    timer.mark("taxonomy+stats");

    // Pages are rendered, made relative, scanned for ids when a link needs them, and
    // written (or kept) on the thread that rendered them. The search index is built
    // alongside, so both cores stay busy through the tail of either.
    let relative_links = site.config.relative_links;
    let wanted = links::fragment_targets(&docs);
    let ids = Mutex::new(HashMap::new());
    let write_error = Mutex::new(None);
    let consume = |mut page: OutputFile, reused: bool| -> Option<OutputFile> {
        // A reused page is the one handed back last time: already relative.
        if relative_links && !reused {
            relative::rewrite_file(&mut page);
        }
        if wanted.contains(&page.path) {
            let found = links::scan_ids(&page.bytes);
            ids.lock().unwrap_or_else(|e| e.into_inner()).insert(page.path.clone(), found);
        }
        match pages_to {
            Pages::Write(staging) => {
                if let Err(e) = staging.put(&page.path, &page.bytes) {
                    write_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
                }
                None
            }
            Pages::Keep => Some(page),
            Pages::Drop => None,
        }
    };
    let page_cache = cache.as_deref().map(|c| &c.pages);
    let ((done, pages_time), (search_files, search_time)) = rayon::join(
        || {
            let start = Instant::now();
            let done = theme.as_ref().map(|theme| {
                let inputs = site::Inputs {
                    site: &site,
                    rendered: &rendered,
                    taxonomies: &taxonomies,
                    matrix: &matrix,
                    theme,
                    stats: &computed,
                    tables: &tables,
                };
                site::render_cached(&inputs, page_cache, &consume)
            });
            (done, start.elapsed())
        },
        || {
            let start = Instant::now();
            let files = match search_index {
                SearchIndex::Now => search::build(&site, &rendered),
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
    let (mut files, page_paths) = match done {
        Some(Ok(done)) => {
            if let Some(c) = cache {
                c.pages = done.cache;
                c.last = done.stats;
            }
            (done.kept, done.paths)
        }
        Some(Err(mut errs)) => {
            diags.append(&mut errs);
            (Vec::new(), Vec::new())
        }
        None => (Vec::new(), Vec::new()),
    };
    let pages = page_paths.len();
    let kept_pages = files.len();
    let summaries: Vec<&str> = site
        .cases
        .iter()
        .zip(&rendered)
        .map(|(c, r)| c.summary.as_deref().unwrap_or(&r.excerpt))
        .collect();
    let path_refs: Vec<&str> = page_paths.iter().map(String::as_str).collect();
    // Feed text comes from the theme's catalogue (the default's when the theme failed).
    let default_strings = site::strings::Strings::default_for(site.config.language.code());
    let strings = theme.as_ref().map_or(&default_strings, Theme::strings);
    files.extend(publish::build(&site, &taxonomies, &summaries, &path_refs, strings));
    files.extend(stats_files(&site, &computed, &tables));
    files.extend(results_page::files(&site, &matrix));
    files.extend(search_files);
    timer.mark("feeds+sitemap+stats files");
    let mut ids = ids.into_inner().unwrap_or_else(|e| e.into_inner());
    add_assets(&mut files, &page_paths, &sources.statics, &mut diags);
    if relative_links {
        relative::rewrite_all(&mut files[kept_pages..]);
    }
    for f in &files[kept_pages..] {
        if wanted.contains(&f.path) {
            ids.insert(f.path.clone(), links::scan_ids(&f.bytes));
        }
    }
    if pages > 0 {
        let all: HashSet<&str> =
            path_refs.iter().copied().chain(files.iter().map(|f| f.path.as_str())).collect();
        diags.extend(links::check(&site, &docs, &all, &ids));
    }
    timer.mark("assets+link check");
    // Content errors first: they explain a failed write (two cases with one slug).
    fail_on_errors(&mut diags)?;
    if let Some(e) = write_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e.into());
    }
    let cases = site.cases.len();
    let search = (search_index == SearchIndex::Deferred)
        .then(|| DeferredSearch(Box::new(move || search::build(&site, &rendered))));
    Ok(Generated { files, pages, kept_pages, search, cases, warnings: diags, timings: timer.laps })
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

/// Runs every check of [`build`] without writing anything and returns all diagnostics,
/// errors and warnings, sorted by file and line. Fails only when the site cannot be read
/// at all or an option is invalid.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, BuildError> {
    match run(options, None, Pages::Drop, SearchIndex::Skip) {
        Ok(generated) => Ok(generated.warnings),
        Err(BuildError::Content(diags)) => Ok(diags),
        Err(e) => Err(e),
    }
}

/// The statistics of a site, for `casebook stats`: its tables and `stats.json`.
#[derive(Debug)]
pub struct StatsReport {
    /// Every statistics table, in page order.
    pub tables: Vec<stats::Table>,
    /// The `stats.json` document.
    pub json: String,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates the site (without rendering) and computes its statistics. Content
/// errors fail like a build would: statistics of a broken site would be wrong.
pub fn statistics(options: &BuildOptions) -> Result<StatsReport, BuildError> {
    let (site, diags) = load_valid_site(options)?;
    let computed = stats::compute(&site);
    let tables = stats::tables(&site, &computed);
    let json = stats::to_json(&site, &computed, &tables);
    Ok(StatsReport { tables, json, warnings: diags })
}

/// Loads and validates the site and renders its Markdown: the inputs of the page and
/// search stages, for tools that time or inspect one stage (`examples/search_bench.rs`).
/// Content errors fail like a build would.
pub fn load_rendered(options: &BuildOptions) -> Result<(Site, Vec<Rendered>), BuildError> {
    let (site, _) = load_valid_site(options)?;
    let rendered = render_markdown(&site, &Highlighter::default());
    Ok((site, rendered))
}

/// Loads and validates the site; fails on content errors, returns the warnings.
fn load_valid_site(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>), BuildError> {
    let config = load_config(options)?;
    let sources = content::load(&options.root, &config.theme, config.max_file_size)?;
    let mut diags = sources.diagnostics.clone();
    let today = options.today.unwrap_or_else(today);
    let (site, _) = validate(config, &sources, options.drafts, today, &mut diags, None);
    fail_on_errors(&mut diags)?;
    Ok((site, diags))
}

/// Prepares a new case study for `casebook new`: resolves the names against the site's
/// registry and returns the file to write (relative path and text). Registry problems and
/// unresolvable names are content errors with suggestions.
pub fn scaffold_case(
    root: &std::path::Path,
    input: &scaffold::NewCase,
) -> Result<scaffold::Scaffold, BuildError> {
    let (banks, modules, domains) = content::read_registry(root)?;
    let (mut registry, mut diags) = Registry::parse(banks.as_deref(), modules.as_deref());
    if let Some(text) = &domains {
        diags.append(&mut registry.add_domains(text));
    }
    fail_on_errors(&mut diags)?;
    scaffold::render(&registry, input).map_err(BuildError::Content)
}

fn load_config(options: &BuildOptions) -> Result<Config, BuildError> {
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

/// A parsed case file: the case (when valid) and what parsing reported.
type Parsed = (Option<CaseStudy>, Vec<Diagnostic>);

/// Parses the registry and every case study, then checks what spans files (unique
/// slugs). Invalid cases are left out and reported; their indices in `sources.cases` are
/// returned with the site.
fn validate(
    config: Config,
    sources: &content::Sources,
    drafts: bool,
    today: Date,
    diags: &mut Vec<Diagnostic>,
    cache: Option<&mut HashMap<u128, Parsed>>,
) -> (Site, Vec<usize>) {
    let (mut registry, mut reg_diags) =
        Registry::parse(sources.banks.as_deref(), sources.modules.as_deref());
    registry.mark_unreadable(&sources.unreadable);
    diags.append(&mut reg_diags);
    if let Some(text) = &sources.domains {
        diags.append(&mut registry.add_domains(text));
    }
    let parse = |f: &content::SourceFile| {
        frontmatter::parse(&f.path, &f.text, &registry, config.language, today)
    };
    let parsed: Vec<Parsed> = match cache {
        None => sources.cases.par_iter().map(parse).collect(),
        Some(cache) => {
            // A case parses the same when its file, the registry, the language and the
            // date (future-date warnings) are the same.
            let mut common = xxhash_rust::xxh3::Xxh3::new();
            for text in [&sources.banks, &sources.modules, &sources.domains] {
                common.update(text.as_deref().unwrap_or("\0").as_bytes());
                common.update(&[0xff]);
            }
            common.update(config.language.tag().as_bytes());
            common.update(&[today.year as u8, (today.year >> 8) as u8, today.month, today.day]);
            let keys: Vec<u128> = sources
                .cases
                .par_iter()
                .map(|f| {
                    let mut h = common.clone();
                    h.update(f.path.as_bytes());
                    h.update(&[0xff]);
                    h.update(f.text.as_bytes());
                    h.digest128()
                })
                .collect();
            let previous = std::mem::take(cache);
            let parsed: Vec<Parsed> = sources
                .cases
                .par_iter()
                .zip(&keys)
                .map(|(f, k)| previous.get(k).cloned().unwrap_or_else(|| parse(f)))
                .collect();
            *cache = keys.into_iter().zip(parsed.iter().cloned()).collect();
            parsed
        }
    };
    let mut cases = Vec::with_capacity(parsed.len());
    let mut invalid = Vec::new();
    let mut invalid_files = Vec::new();
    for (i, ((case, mut d), file)) in parsed.into_iter().zip(&sources.cases).enumerate() {
        diags.append(&mut d);
        match case {
            Some(case) => cases.push(case),
            None => {
                invalid.push(slug::slugify(frontmatter::file_stem(&file.path)));
                invalid_files.push(i);
            }
        }
    }
    check_unique_slugs(&cases, diags);
    if registry.domains.is_empty() {
        check_domain_spellings(&cases, diags);
    }
    let mut left_out = Vec::new();
    if !drafts {
        left_out = cases.iter().filter(|c| c.draft).map(|c| c.slug.clone()).collect();
        cases.retain(|c| !c.draft);
    }
    cases.sort_by(CaseStudy::listing_order);
    let slugs: Vec<&str> = cases
        .iter()
        .map(|c| c.slug.as_str())
        .chain(invalid.iter().map(String::as_str))
        .chain(left_out.iter().map(String::as_str))
        .collect();
    let file_results = sources.results.as_deref().map_or_else(Vec::new, |text| {
        let (records, mut d) = results::parse_results(text, &registry, &slugs, today);
        diags.append(&mut d);
        records
    });
    let reported = sources.reported.as_deref().map_or_else(Vec::new, |text| {
        let (totals, mut d) = results::parse_reported(text, &registry, &slugs);
        diags.append(&mut d);
        totals
    });
    let results = results::collect(&cases, file_results);
    let site = Site { config, registry, cases, results, reported, drafts: left_out, invalid };
    (site, invalid_files)
}

/// The body of a case file that failed validation: not published, but rendered and
/// checked all the same (links, anchors, images, block limits), so that `check` reports
/// every problem of the file in one run.
struct Unpublished {
    source: String,
    slug: String,
    body: String,
    body_line: usize,
}

impl Unpublished {
    fn doc<'a>(&'a self, rendered: &'a Rendered) -> links::Doc<'a> {
        links::Doc {
            source: &self.source,
            slug: &self.slug,
            body: &self.body,
            body_line: self.body_line,
            rendered,
            published: false,
        }
    }
}

/// The bodies of the invalid case files `invalid` (indices into `sources.cases`), where
/// the file has one: not when its front matter is never closed.
fn unpublished_bodies(sources: &content::Sources, invalid: &[usize]) -> Vec<Unpublished> {
    invalid
        .iter()
        .filter_map(|&i| {
            let file = &sources.cases[i];
            let (body, body_line) = frontmatter::body_of(&file.text)?;
            Some(Unpublished {
                source: file.path.clone(),
                slug: slug::slugify(frontmatter::file_stem(&file.path)),
                body: body.to_string(),
                body_line,
            })
        })
        .collect()
}

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

/// The error for a document with a table or code block over the limits of [`markdown`].
fn markdown_limit(doc: &links::Doc<'_>) -> Option<Diagnostic> {
    let block = doc.rendered.too_large.as_ref()?;
    let (line, column) = doc.position(block.offset);
    Some(block.diagnostic(doc.source).at(line, column))
}

fn check_unique_slugs(cases: &[CaseStudy], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &CaseStudy> = HashMap::with_capacity(cases.len());
    for c in cases {
        // What the build writes in `cases/` besides the case folders (compared folded, as
        // file systems that ignore case would).
        let reserved = if c.slug.eq_ignore_ascii_case("page") {
            Some("/cases/page/N/ are the pages of the case listing")
        } else if c.slug.eq_ignore_ascii_case("index.html") {
            Some("/cases/index.html is the case listing")
        } else {
            None
        };
        if let Some(why) = reserved {
            let message = format!("slug `{}` is reserved: {why}", c.slug);
            diags.push(
                Diagnostic::error("reserved-slug", &c.source, message)
                    .at_line(c.slug_line.unwrap_or(1))
                    .with_hint("set another `slug:` in the front matter, or rename the file"),
            );
        }
        // An explicit slug was checked with the front matter; one made from the file name
        // may still be too long (lowercasing can lengthen it).
        if let Err(message) = slug::check_length("slug", &c.slug)
            && c.slug_line.is_none()
        {
            diags.push(
                Diagnostic::error("name-too-long", &c.source, message)
                    .at_line(1)
                    .with_hint("set a shorter `slug:` in the front matter, or rename the file"),
            );
        }
        // URLs are case-sensitive, but many file systems are not: compare folded.
        match seen.get(&c.slug.to_lowercase()) {
            Some(&first) => {
                // Blame the file whose explicit `slug:` causes the clash; when both or
                // neither have one, the later file.
                let (blamed, other) = if c.slug_line.is_none() && first.slug_line.is_some() {
                    (first, c)
                } else {
                    (c, first)
                };
                diags.push(
                    Diagnostic::error(
                        "duplicate-slug",
                        &blamed.source,
                        format!(
                            "slug `{}` is already used by `{}`: both would be written to /cases/{}/",
                            blamed.slug, other.source, blamed.slug
                        ),
                    )
                    .at_line(blamed.slug_line.unwrap_or(1))
                    .with_hint(
                        "give one of them a different `slug:` in its front matter, or rename the file",
                    ),
                )
            }
            None => {
                seen.insert(c.slug.to_lowercase(), c);
            }
        }
    }
}

/// Without a domain vocabulary, domains are free text: warn where a case spells a domain
/// almost like a more common one ("Security toolchian" next to "Security toolchain").
fn check_domain_spellings(cases: &[CaseStudy], diags: &mut Vec<Diagnostic>) {
    let mut counts: HashMap<String, (usize, &str)> = HashMap::new();
    for c in cases {
        for d in &c.domains {
            counts.entry(slug::slugify(d)).or_insert((0, d)).0 += 1;
        }
    }
    // A misspelling is a spelling near one that is used more often. Each spelling is
    // compared with the most used ones only, so the check stays linear however many
    // distinct spellings a site without a vocabulary has.
    const POPULAR: usize = 200;
    let mut popular: Vec<(&str, usize, &str)> =
        counts.iter().map(|(s, (n, name))| (s.as_str(), *n, *name)).collect();
    popular.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    popular.truncate(POPULAR);
    let mut near: HashMap<&str, &str> = HashMap::new();
    for (slug, (n, _)) in &counts {
        let better = popular
            .iter()
            .filter(|(other, m, _)| {
                *other != slug.as_str() && *m > *n && strsim::jaro_winkler(slug, other) >= 0.95
            })
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)));
        if let Some((_, _, name)) = better {
            near.insert(slug.as_str(), name);
        }
    }
    if near.is_empty() {
        return;
    }
    for c in cases {
        for (i, d) in c.domains.iter().enumerate() {
            if let Some(better) = near.get(slug::slugify(d).as_str()) {
                let (line, col, end) = c.domain_spans.get(i).copied().unwrap_or((1, 1, 1));
                diags.push(
                    Diagnostic::warning("domain-spelling", &c.source, format!("capability domain `{d}` looks like a misspelling"))
                        .at(line, col)
                        .to_column(end)
                        .with_hint(format!("did you mean `{better}`? other case studies use it; add content/_data/domains.yaml to fix the vocabulary")),
                );
            }
        }
    }
}

fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    diagnostic::sort(diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(BuildError::Content(std::mem::take(diags)))
    } else {
        Ok(())
    }
}

/// Renders Markdown, reusing results of earlier builds for unchanged bodies.
fn render_markdown_cached(site: &Site, cache: &mut BuildCache) -> Vec<Rendered> {
    let salt = format!("{}\0{}\0", site.config.base_path, site.config.allow_html);
    let key = |body: &str| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(salt.as_bytes());
        h.update(body.as_bytes());
        h.digest128()
    };
    let keys: Vec<u128> = site.cases.par_iter().map(|c| key(&c.body)).collect();
    let opts = RenderOptions {
        base_path: &site.config.base_path,
        allow_html: site.config.allow_html,
        highlighter: &cache.highlighter,
    };
    let previous = &cache.markdown;
    let rendered: Vec<Rendered> = site
        .cases
        .par_iter()
        .zip(&keys)
        .map(|(c, k)| previous.get(k).cloned().unwrap_or_else(|| render::render(&c.body, opts)))
        .collect();
    cache.markdown = keys.into_iter().zip(rendered.iter().cloned()).collect();
    rendered
}

fn render_markdown(site: &Site, highlighter: &Highlighter) -> Vec<Rendered> {
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

/// Adds the theme's and site's static files and the generated syntax stylesheet. A static
/// file may not take the place of a page.
fn add_assets(
    files: &mut Vec<OutputFile>,
    page_paths: &[String],
    statics: &[content::StaticFile],
    diags: &mut Vec<Diagnostic>,
) {
    let pages: HashSet<&str> =
        page_paths.iter().chain(files.iter().map(|f| &f.path)).map(String::as_str).collect();
    let mut assets = theme::static_files(statics);
    assets.push(content::StaticFile {
        path: "assets/syntax.css".into(),
        bytes: render::syntax_css().into_bytes(),
    });
    let mut accepted = Vec::with_capacity(assets.len());
    for a in assets {
        if pages.contains(a.path.as_str()) {
            diags.push(
                Diagnostic::error(
                    "static-clash",
                    &a.path,
                    format!("static file `{}` would overwrite a generated page", a.path),
                )
                .with_hint("rename or remove the static file"),
            );
        } else if let Err(e) = output::check_path(&a.path) {
            diags.push(Diagnostic::error("unsafe-path", &a.path, e.to_string()));
        } else {
            accepted.push(OutputFile { path: a.path, bytes: a.bytes.into() });
        }
    }
    files.append(&mut accepted);
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Converts days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(civil_from_days(19_716), Date { year: 2023, month: 12, day: 25 });
        assert_eq!(civil_from_days(11_016), Date { year: 2000, month: 2, day: 29 });
    }
}
