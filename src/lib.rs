//! casebook: a static site generator for assessment case studies.
//!
//! It turns a folder of Markdown write-ups of CAICT DevOps capability maturity assessment
//! results (YD/T 3763) into a fast, self-contained website: one page per case study,
//! browsing by institution, module, level, year, domain and institution type, and a
//! results matrix.
//!
//! The build is a pipeline of stages over an in-memory model, driven by `pipeline::run`:
//!
//! 1. [`content`] reads `site.yaml`, the registry, the case studies and the theme;
//! 2. [`validate`] parses and checks them into a [`model::Site`], collecting every problem
//!    as a [`Diagnostic`];
//! 3. [`render`] renders the Markdown bodies (in parallel);
//! 4. [`model::taxonomy`] and [`stats`] group the cases into terms, the matrix and tables;
//! 5. [`site`] renders every page with the theme (in parallel) while [`search`] builds the
//!    index, and [`validate::links`] checks the links;
//! 6. [`output`] swaps the result into the output directory atomically.
//!
//! Only `content` reads files and only `output` writes them. The library never prints.
//! This file holds the public API: [`build`], [`check`], [`generate`], [`statistics`],
//! [`scaffold_case`] and their options, results and errors.

#![warn(missing_docs)]

pub mod content;
pub mod diagnostic;
pub mod model;
pub(crate) mod output;
mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub(crate) mod site;
pub(crate) mod stats;
pub mod validate;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use diagnostic::{Code, Diagnostic, Severity};
pub use pipeline::{BuildCache, Edit};

use content::LoadError;
use model::registry::Registry;
use model::{Date, Site};
use output::{OutputError, OutputFile};
use pipeline::{
    Pages, SearchIndex, fail_on_errors, load_config, load_valid_site, render_markdown, run,
};
use render::{Highlighter, Rendered};

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
    /// the rest is here; the dev server's builds keep the default language's pages in
    /// their [`BuildCache`] (compressed) and not here.
    pub files: Vec<OutputFile>,
    /// Number of files besides pages that [`build`] wrote before the end instead of
    /// holding them in `files` (the search index), as it writes pages.
    pub written: usize,
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
        files: generated.pages + generated.written + generated.files.len() - generated.kept_pages
            + 1,
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

/// [`generate`] with an optional cache from earlier builds (see [`BuildCache`]): every
/// file, as [`generate`] gives them.
pub fn generate_with(
    options: &BuildOptions,
    cache: Option<&mut BuildCache>,
) -> Result<Generated, BuildError> {
    let Some(cache) = cache else { return run(options, None, Pages::Keep, SearchIndex::Now) };
    let mut generated = run(options, Some(&mut *cache), Pages::Keep, SearchIndex::Now)?;
    // The cache keeps the default language's pages (compressed, the dev server serves them
    // from there): they join the others.
    let pages = cache
        .pages()
        .map(|(path, packed)| OutputFile { path: path.clone(), bytes: site::unpack(packed) });
    let rest = generated.files.split_off(generated.kept_pages);
    let mut files: Vec<OutputFile> = pages.chain(generated.files).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    generated.kept_pages = files.len();
    files.extend(rest);
    generated.files = files;
    Ok(generated)
}

/// [`generate_with`], except that the search index is not built but returned as
/// [`Generated::search`], to build once the pages are out.
pub fn generate_deferred(
    options: &BuildOptions,
    cache: Option<&mut BuildCache>,
) -> Result<Generated, BuildError> {
    run(options, cache, Pages::Keep, SearchIndex::Deferred)
}

/// After [`generate_deferred`] or [`generate_with`] built into `cache`: the pages that an
/// edit of the case files `changed` (absolute paths, as a file watcher reports them)
/// changes, when the edit touched only case bodies; `None` for any other change, which
/// needs a full rebuild. The dev server's fast path; see `pipeline/edit.rs`.
pub fn generate_edit(
    options: &BuildOptions,
    cache: &mut BuildCache,
    changed: &[PathBuf],
) -> Option<Edit> {
    pipeline::apply_edit(options, cache, changed)
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
    let valid = load_valid_site(options)?;
    let computed = stats::compute(&valid.site);
    let tables = stats::tables(&valid.site, &computed);
    let json = stats::to_json(&valid.site, &computed, &tables);
    Ok(StatsReport { tables, json, warnings: valid.warnings })
}

/// Loads and validates the site and renders its Markdown: the inputs of the page and
/// search stages, for tools that time or inspect one stage (`examples/search_bench.rs`).
/// Content errors fail like a build would.
pub fn load_rendered(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let site = load_valid_site(options)?.site;
    let rendered = render_markdown(&site, &Highlighter::default());
    Ok(RenderedSite { site, rendered })
}

/// A validated site with its Markdown rendered: what [`load_rendered`] returns.
#[derive(Debug)]
pub struct RenderedSite {
    /// The validated site.
    pub site: Site,
    /// The rendered body of each case study, in the order of `site.cases`.
    pub rendered: Vec<Rendered>,
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
    let site_lang = load_config(&BuildOptions::new(root))?.language;
    scaffold::render(&registry, input, site_lang).map_err(BuildError::Content)
}

/// Starts the translation of the case study `file` (relative to `root`) into `to` (the
/// other language when `None`) for `casebook new --translate`: returns the file to write
/// beside it, with the front matter copied (the versions must agree on the result) and the
/// text to translate.
pub fn translate_case(
    root: &std::path::Path,
    file: &str,
    to: Option<model::Lang>,
) -> Result<scaffold::Scaffold, BuildError> {
    let config = load_config(&BuildOptions::new(root))?;
    // The path may be given from the root or from the working directory through the root
    // (`--root site site/content/cases/x.md`).
    let file = std::path::Path::new(file)
        .strip_prefix(root)
        .ok()
        .and_then(|p| p.to_str())
        .unwrap_or(file)
        .replace('\\', "/");
    let file = file.as_str();
    let text = content::read_case_file(root, file)?;
    let from = content::frontmatter::file_lang(file).unwrap_or(config.language);
    let to = to.unwrap_or(if from == model::Lang::Zh { model::Lang::En } else { model::Lang::Zh });
    scaffold::translate(file, &text, from, to, config.language).map_err(BuildError::Content)
}
