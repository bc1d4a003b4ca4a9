//! The build's case stage, streamed: each case's Markdown is rendered, its page rendered
//! and handed to the page sink (written), and its body tokenised for the search index, one
//! case after the other on each thread; what later stages need of it (excerpt, table of
//! contents, word count, links, anchors) is kept, its HTML is dropped.
//!
//! A rendered body is most of a case's size (the bundled theme's pages of 10,000 heavy
//! cases are 560 MB, their bodies most of that), so holding every body until all pages
//! and the index are built made the build's peak memory grow with the corpus. Streamed,
//! a body lives from its rendering to the end of its own page and search record.
//!
//! Two things are needed before the first case page and are not known until every body
//! is rendered; both are had another way:
//! - the cards of other cases (a case page lists ten results of its institution and its
//!   neighbours) show the summary, else the excerpt: the excerpts of cases without a
//!   summary are read first with [`render::excerpt`], which stops at the first paragraph
//!   and highlights nothing;
//! - the pages whose element ids the link check needs ([`links::fragment_targets`])
//!   depend on every body's links: the sink keeps the ids of every case page, and they
//!   are narrowed to the wanted pages once the bodies are done.
//!
//! `generate` and the dev server keep their pages and the Markdown anyway, and take the
//! held path in `pipeline.rs` (`render_kept`); both give the same files (test
//! `build::a_streamed_build_writes_what_generate_keeps`).

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{
    Derived, PageSink, PagesDone, PassInput, Rendering, SearchIndex, Timer, compile_theme,
    link_docs, render_unpublished,
};
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::output::OutputFile;
use crate::render::{self, Highlighter, RenderOptions, Rendered};
use crate::search;
use crate::site;
use crate::validate::links;

/// The Markdown, pages and search index of one language, each case streamed from its
/// Markdown to its page and search record (see the module docs), as
/// [`super::render_kept`] makes them from the same [`PassInput`]. The case bodies leave
/// `site` (each `body` is empty afterwards): derive other sites from it before.
pub(super) fn render<'s>(
    site: &mut Site,
    pass: PassInput<'_, 's>,
    timer: &mut Timer,
    diags: &mut Vec<Diagnostic>,
) -> Rendering<'s> {
    let PassInput { sources, unpublished, pages_to, search_index } = pass;
    let highlighter = Highlighter::default();
    let sink = PageSink::new_scanning_every_page(site, pages_to);
    // The bodies leave the site: each is dropped as soon as it is rendered, written and
    // indexed; what is left to do reads what was kept of them (the link check has each
    // link's position).
    let bodies: Vec<Mutex<Option<Arc<str>>>> = site
        .cases
        .iter_mut()
        .map(|c| Mutex::new(Some(std::mem::replace(&mut c.body, Arc::from("")))))
        .collect();
    let body = |i: usize| bodies[i].lock().unwrap_or_else(|e| e.into_inner()).take();
    let site: &Site = site;
    let (theme, (previews, unpublished_rendered)) = rayon::join(
        || compile_theme(site, sources),
        || {
            let previews: Vec<Rendered> = (0..site.cases.len())
                .into_par_iter()
                .map(|i| Rendered {
                    excerpt: match site.cases[i].summary {
                        Some(_) => String::new(),
                        None => {
                            let guard = bodies[i].lock().unwrap_or_else(|e| e.into_inner());
                            render::excerpt(guard.as_deref().unwrap_or_default())
                        }
                    },
                    ..Rendered::default()
                })
                .collect();
            let unpublished =
                render_unpublished(site, unpublished.unwrap_or_default(), &highlighter);
            (previews, unpublished)
        },
    );
    let theme = theme.map_err(|mut errs| diags.append(&mut errs)).ok();
    let derived = Derived::of(site);
    timer.mark("theme+excerpts+taxonomy+stats");

    let previewed = theme.as_ref().map(|theme| derived.inputs(site, &previews, theme));
    let shared = previewed.as_ref().map(|inputs| site::Shared::build(inputs, None));
    let opts = RenderOptions {
        base_path: &site.config.base_path,
        allow_html: site.config.allow_html,
        highlighter: &highlighter,
    };
    // The link check reads the body of the first document it checks (to tell the
    // template's ids from the body's): that one case keeps its HTML.
    let keeps_html = first_checked(site, unpublished.is_some());
    let cases = |page: Option<&site::CasePageFn<'_>>| {
        let one = |i: usize, index: Option<&mut dyn FnMut(&Rendered)>| {
            let rendered = render::render(body(i).as_deref().unwrap_or_default(), opts);
            if let Some(index) = index {
                index(&rendered);
            }
            let page = page.and_then(|render_page| render_page(i, &rendered)).map(|page| {
                page.map(|file: OutputFile| {
                    let path = file.path.clone();
                    sink.consume(file, false);
                    path
                })
            });
            let kept = if Some(i) == keeps_html { rendered } else { rendered.without_html() };
            (kept, page)
        };
        match search_index {
            SearchIndex::Now => {
                let mut tokens =
                    search::tokenize(site, site.cases.len(), |i, index| one(i, Some(index)));
                (tokens.take_cases(), Some(tokens))
            }
            SearchIndex::Deferred | SearchIndex::Skip => {
                ((0..site.cases.len()).into_par_iter().map(|i| one(i, None)).collect(), None)
            }
        }
    };
    // `/results/` and `/matrix/` (the largest pages, which read nothing of the bodies) are
    // rendered alongside the case pages, while the build's memory is low; the other pages
    // later, alongside the search index, filling the core its serial steps leave idle.
    let consume_any = |page: OutputFile, reused: bool| sink.consume(page, reused);
    let (records, (streamed, tokens)) = match (&previewed, &shared) {
        (Some(inputs), Some(Ok(shared))) => rayon::join(
            || {
                let which = site::OtherPages::Records;
                Some(site::render_other_pages(inputs, shared, which, &consume_any))
            },
            || site::with_case_pages(inputs, shared, |render_page| cases(Some(render_page))),
        ),
        _ => (None, cases(None)),
    };
    drop(bodies);
    let mut rendered = Vec::with_capacity(streamed.len());
    let mut case_pages = Vec::new();
    let mut errors = Vec::new();
    for (r, page) in streamed {
        rendered.push(r);
        match page {
            Some(Ok(path)) => case_pages.push(path),
            Some(Err(e)) => errors.push(e),
            None => {}
        }
    }
    timer.mark("markdown+case pages+search tokens");

    let wanted =
        links::fragment_targets(&link_docs(site, &rendered, unpublished, &unpublished_rendered));
    let sink = sink.narrowed_to(wanted);
    let inputs = theme.as_ref().map(|theme| derived.inputs(site, &rendered, theme));
    let consume = |page: OutputFile, reused: bool| sink.consume(page, reused);
    let prefix = match unpublished {
        Some(_) => "",
        None => site.config.lang_prefix(site.config.pages_lang),
    };
    // The index files go to the writer at once, as pages do: only their paths are kept.
    let (written, rest) = rayon::join(
        || {
            let files = tokens.map(|t| search::finish(t).files).unwrap_or_default();
            let paths = files.into_iter().map(|mut f| {
                f.path.insert_str(0, prefix);
                let path = f.path.clone();
                sink.consume(f, false);
                path
            });
            paths.collect::<Vec<String>>()
        },
        || match (inputs.as_ref(), shared) {
            (Some(inputs), Some(Ok(shared))) => {
                let which = site::OtherPages::Rest;
                Some(site::render_other_pages(inputs, &shared, which, &consume))
            }
            (_, Some(Err(errs))) => Some(Err(errs)),
            _ => None,
        },
    );
    timer.mark("other pages+search index");
    let done = merge(merge_pages(rest, records), case_pages, errors);
    Rendering {
        theme,
        rendered,
        unpublished: unpublished_rendered,
        derived,
        done,
        search_files: Vec::new(),
        written,
        sink,
    }
}

/// The case the link check reads the body of ([`links::check`]): the first document it
/// checks, the first case in the default language's pass, the first case written in the
/// pass's language in another's.
fn first_checked(site: &Site, default_pass: bool) -> Option<usize> {
    if default_pass {
        (!site.cases.is_empty()).then_some(0)
    } else {
        site.cases.iter().position(|c| c.lang == site.config.pages_lang)
    }
}

/// Two groups of pages (see [`site::OtherPages`]) as one; the paths are left for
/// [`merge`] to sort, once, with the case pages'.
fn merge_pages(a: PagesDone, b: PagesDone) -> PagesDone {
    match (a?, b) {
        (a, None) => Some(a),
        (Ok(mut a), Some(Ok(b))) => {
            a.stats.rendered += b.stats.rendered;
            a.paths.extend(b.paths);
            a.kept.extend(b.kept);
            a.kept.sort_by(|x, y| x.path.cmp(&y.path));
            Some(Ok(a))
        }
        (Ok(_), Some(Err(errs))) => Some(Err(errs)),
        (Err(errs), Some(Ok(_))) => Some(Err(errs)),
        (Err(mut a), Some(Err(mut b))) => {
            a.append(&mut b);
            Some(Err(a))
        }
    }
}

/// The other pages joined by the paths of the case pages and the case pages' errors.
fn merge(rest: PagesDone, case_pages: Vec<String>, mut errors: Vec<Diagnostic>) -> PagesDone {
    match rest? {
        Ok(mut done) if errors.is_empty() => {
            done.stats.rendered += case_pages.len();
            done.paths.extend(case_pages);
            done.paths.sort();
            Some(Ok(done))
        }
        Ok(_) => Some(Err(errors)),
        Err(mut errs) => {
            errs.append(&mut errors);
            Some(Err(errs))
        }
    }
}
