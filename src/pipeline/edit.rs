//! The dev server's fast path: an edit of case bodies that leaves everything else as it
//! was re-renders only the pages of those cases.
//!
//! A full rebuild (even one that reuses its pages) reads every file, rebuilds the context of
//! every page and fingerprints it. Yet the body of a case study shows on one page per
//! language: its own. Other pages show it only through its summary (the card, the feeds),
//! which is the front matter's `summary:` or the body's excerpt. So when the edited files
//! are case studies whose parsed front matter (and what parsing reported) is unchanged,
//! whose excerpt is unchanged or unused, and whose link and Markdown diagnostics are the
//! same as before, [`apply`] re-renders their Markdown and their own page in each language
//! from the views kept from the last build ([`Kept`]), and hands back those pages and a
//! search index to rebuild. Anything else (front matter, data files, templates, config, a
//! new or removed file, a changed summary, new diagnostics, changed ids of a page that
//! links point into) returns `None`: the caller runs the full rebuild.
//!
//! This module does not serve or watch; `serve` calls it with the watcher's paths.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{BuildCache, Derived, PageIds, markdown_key, markdown_salt};
use crate::content::frontmatter;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::registry::Registry;
use crate::output::{OutputFile, relative};
use crate::render::{self, RenderOptions, Rendered};
use crate::site::theme::Theme;
use crate::site::{self, Inputs, Shared};
use crate::validate::{self, links};
use crate::{BuildOptions, DeferredSearch, search};

/// What the last successful build leaves for the fast path.
pub(crate) struct Kept {
    /// The registry the case files were parsed with (before any language's renaming).
    pub(crate) registry: Registry,
    /// One pass per language, the site's default first.
    pub(crate) passes: Vec<Pass>,
    /// Every output path (pages and other files), for link checks.
    pub(crate) paths: Vec<String>,
    /// Ids of the pages links point into with a `#fragment`.
    pub(crate) ids: PageIds,
    /// The build's warnings.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub(crate) pages: usize,
}

/// One language's pages as last built.
pub(crate) struct Pass {
    pub(crate) site: Arc<Site>,
    pub(crate) rendered: Arc<Vec<Rendered>>,
    pub(crate) derived: Derived,
    pub(crate) theme: Theme,
    pub(crate) shared: Shared,
    /// The folder of the language (`""` for the default).
    pub(crate) prefix: &'static str,
    /// The output paths links point into with a `#fragment`.
    pub(crate) wanted: HashSet<String>,
    /// Cases whose body was edited since the build, by index: the body and its Markdown.
    /// Kept beside `site` and `rendered`, which a search index being built may share,
    /// so that an edit never copies them.
    pub(crate) edits: BTreeMap<usize, (Arc<str>, Rendered)>,
}

impl Pass {
    /// Case `i`'s body and rendered Markdown as they are now.
    fn case_now(&self, i: usize) -> (&str, &Rendered) {
        match self.edits.get(&i) {
            Some((body, rendered)) => (body, rendered),
            None => (&self.site.cases[i].body, &self.rendered[i]),
        }
    }
}

/// What [`crate::generate_edit`] produced: the pages an edit of case bodies changed.
pub struct Edit {
    /// The re-rendered pages (relative links made as the build makes them).
    pub files: Vec<OutputFile>,
    /// The search index of every language, to build once the pages are out.
    pub search: DeferredSearch,
    /// Number of HTML pages the site has.
    pub pages: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// The warnings, as a full rebuild would report them.
    pub warnings: Vec<Diagnostic>,
}

/// One edited case file: where it is, and its new body.
struct Changed {
    source: String,
    body: Arc<str>,
}

/// Applies an edit of case bodies without a full rebuild; `None` when the change is
/// anything else (the caller then rebuilds). On `None` the kept state may be half
/// updated: the full rebuild replaces it.
pub(crate) fn apply(
    options: &BuildOptions,
    cache: &mut BuildCache,
    changed: &[PathBuf],
) -> Option<Edit> {
    let edits = read_edits(options, cache, changed)?;
    let kept = cache.kept.as_mut()?;
    let mut files = Vec::new();
    let mut rendered_pages = 0;
    for (p, pass) in kept.passes.iter_mut().enumerate() {
        for edit in &edits {
            let Some(i) = pass.site.cases.iter().position(|c| c.source == edit.source) else {
                continue;
            };
            let opts = RenderOptions {
                base_path: &pass.site.config.base_path,
                allow_html: pass.site.config.allow_html,
                highlighter: &cache.highlighter,
            };
            let new = render::render(&edit.body, opts);
            let (_, old) = pass.case_now(i);
            if new.too_large.is_some()
                || old.too_large.is_some()
                || (pass.site.cases[i].summary.is_none() && new.excerpt != old.excerpt)
            {
                return None;
            }
            let paths: HashSet<&str> = kept.paths.iter().map(String::as_str).collect();
            let before = doc_diagnostics(pass, i, old, &paths, &kept.ids);
            let after = doc_diagnostics(pass, i, &new, &paths, &kept.ids);
            let targets = doc_targets(pass, i, &new);
            if before != after || !targets.is_subset(&pass.wanted) {
                return None;
            }
            if p == 0 {
                let salt = markdown_salt(&pass.site.config);
                cache.markdown.edited.insert(markdown_key(&salt, &edit.body), new.clone());
            }
            let page_cache = (p == 0).then_some(&cache.pages);
            let inputs = inputs(pass);
            let page = site::render_case_page(&inputs, &pass.shared, i, &new, page_cache);
            pass.edits.insert(i, (edit.body.clone(), new));
            let Some(page) = page else { continue };
            let page = page.ok()?;
            let mut file = page.file;
            if pass.site.config.relative_links {
                relative::rewrite_file(&mut file);
            }
            if pass.wanted.contains(&file.path) {
                let ids = links::scan_ids(&file.bytes);
                if kept.ids.get(&file.path) != Some(&ids) {
                    return None;
                }
            }
            if p == 0 {
                cache.pages.put(file.path.clone(), page.hash, &file.bytes);
            }
            rendered_pages += 1;
            files.push(file);
        }
    }
    if files.is_empty() {
        return None;
    }
    let search = deferred_search(&kept.passes);
    Some(Edit {
        files,
        search,
        pages: kept.pages,
        rendered: rendered_pages,
        warnings: kept.warnings.clone(),
    })
}

/// The edited case files, read and parsed; `None` unless every path is a case study of
/// the last build whose parsed front matter and parse diagnostics are unchanged.
fn read_edits(
    options: &BuildOptions,
    cache: &BuildCache,
    changed: &[PathBuf],
) -> Option<Vec<Changed>> {
    let kept = cache.kept.as_ref()?;
    let config = &kept.passes.first()?.site.config;
    let root = options.root.canonicalize().ok()?;
    let today = options.today.unwrap_or_else(crate::model::date::today);
    let mut edits = Vec::with_capacity(changed.len());
    for path in changed {
        let source = relative_source(&root, path)?;
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > config.max_file_size {
            return None;
        }
        let text = crate::content::read_case_file(&options.root, &source).ok()?;
        let (case, diags) =
            frontmatter::parse(&source, &text, &kept.registry, config.language, today);
        let mut case = case?;
        let (old, old_diags) =
            cache.parsed.values().find(|(c, _)| c.as_ref().is_some_and(|c| c.source == source))?;
        let mut old = old.clone()?;
        let body = std::mem::replace(&mut case.body, Arc::from(""));
        old.body = Arc::from("");
        if format!("{case:?}") != format!("{old:?}") || diags != *old_diags {
            return None;
        }
        edits.push(Changed { source, body });
    }
    (!edits.is_empty()).then_some(edits)
}

/// `path` (as the watcher reports it) as a case study's `source`: relative to the root,
/// `/`-separated, a Markdown file under `content/cases/`.
fn relative_source(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> =
        rel.components().map(|c| c.as_os_str().to_str()).collect::<Option<_>>()?;
    let source = parts.join("/");
    (source.starts_with("content/cases/") && crate::content::is_markdown(path)).then_some(source)
}

/// The inputs of `pass`'s pages.
fn inputs(pass: &Pass) -> Inputs<'_> {
    pass.derived.inputs(&pass.site, &pass.rendered, &pass.theme)
}

/// Case `i`'s document in `pass` with the given body and rendering, and the first
/// published document, whose page's ids the link check takes for the theme's.
fn docs<'a>(pass: &'a Pass, i: usize, rendered: &'a Rendered) -> Vec<links::Doc<'a>> {
    let case = &pass.site.cases[i];
    let first = if pass.prefix.is_empty() {
        links::Doc::published(&pass.site, &pass.rendered).next()
    } else {
        links::Doc::published_in(&pass.site, &pass.rendered, pass.prefix).next()
    };
    let mut docs: Vec<links::Doc<'a>> = first
        .into_iter()
        .filter(|d| d.source != case.source)
        .map(|d| {
            let j = pass.site.cases.iter().position(|c| c.source == d.source).unwrap_or(0);
            let (_, rendered) = pass.case_now(j);
            links::Doc { rendered, ..d }
        })
        .collect();
    let lang_ok = !pass.site.config.is_multilingual() || case.lang == pass.site.config.pages_lang;
    let this = links::Doc {
        source: &case.source,
        slug: &case.slug,
        body_line: case.body_line,
        rendered,
        published: true,
        prefix: pass.prefix,
    };
    if pass.prefix.is_empty() || lang_ok {
        docs.push(this);
    }
    docs
}

/// What the link and Markdown checks report for case `i` with this body.
fn doc_diagnostics(
    pass: &Pass,
    i: usize,
    rendered: &Rendered,
    paths: &HashSet<&str>,
    ids: &PageIds,
) -> Vec<Diagnostic> {
    let docs = docs(pass, i, rendered);
    let mut diags: Vec<Diagnostic> = docs.iter().filter_map(validate::markdown_limit).collect();
    diags.extend(links::check(&pass.site, &docs, paths, ids));
    diags
}

/// The pages case `i`'s links point into with a `#fragment`.
fn doc_targets(pass: &Pass, i: usize, rendered: &Rendered) -> HashSet<String> {
    let docs = docs(pass, i, rendered);
    links::fragment_targets(&docs[docs.len().saturating_sub(1)..])
}

/// What a pass's search index is built from: its site, its Markdown as built, the
/// Markdown of the cases edited since, and its folder.
type SearchInput = (Arc<Site>, Arc<Vec<Rendered>>, Vec<(usize, Rendered)>, &'static str);

/// The search index of every pass, from the sites and Markdown as they are now.
fn deferred_search(passes: &[Pass]) -> DeferredSearch {
    let passes: Vec<SearchInput> = passes
        .iter()
        .map(|p| {
            let edits = p.edits.iter().map(|(&i, (_, r))| (i, r.clone())).collect();
            (p.site.clone(), p.rendered.clone(), edits, p.prefix)
        })
        .collect();
    DeferredSearch(Box::new(move || {
        let mut files = Vec::new();
        for (site, rendered, edits, prefix) in passes {
            let mut index = if edits.is_empty() {
                search::build(&site, &rendered)
            } else {
                // A copy, on the index's own thread: the server's next edit never waits.
                // Of the Markdown the index reads only the HTML (`search::text::fields`),
                // shared: the copy costs a few bytes per case, not a second table of
                // contents, anchor and link list for each.
                let mut now: Vec<Rendered> = rendered
                    .iter()
                    .map(|r| Rendered { html: r.html.clone(), ..Rendered::default() })
                    .collect();
                for (i, r) in edits {
                    now[i] = r;
                }
                search::build(&site, &now)
            };
            if !prefix.is_empty() {
                for f in &mut index {
                    f.path = format!("{prefix}{}", f.path);
                }
                if site.config.relative_links {
                    relative::rewrite_all(&mut index);
                }
            }
            files.append(&mut index);
        }
        files
    }))
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept").field("passes", &self.passes.len()).finish_non_exhaustive()
    }
}
