//! Partials rendered once per build and pasted into many pages: each case's card and
//! results-table row, and each result record's row. This module owns rendering them (with
//! the page cache's reuse of unchanged cards); the pages that list them are built in
//! [`crate::site::pages`].

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::site::PageCache;
use crate::site::context::context_error;
use crate::site::theme::Theme;
use crate::site::views::*;

/// A case's card and results-table row, rendered. Shared (`Arc`): the dev server keeps
/// them both in the views of the last build and in the cache of the next, once.
#[derive(Debug, Clone)]
pub(crate) struct CasePartials {
    /// `partials/case_card.html`.
    pub(crate) card: std::sync::Arc<str>,
    /// `partials/result_row.html`.
    pub(crate) row: std::sync::Arc<str>,
}

/// What [`render_partials`] returns: the partials of every case, parallel to the cards,
/// and with a cache the hash of each one's context (the key it is cached under).
pub(crate) struct RenderedPartials {
    /// Card and row of each case.
    pub(crate) partials: Vec<CasePartials>,
    /// Context hash of each case's partials (all 0 without a cache).
    pub(crate) keys: Vec<u128>,
}

/// Renders each case's card and results-table row once (in parallel); list pages reuse
/// them instead of rendering the same card on every term page it appears on. With a
/// cache, a card whose context is unchanged is not rendered again. Returns the partials
/// and, with a cache, their context hashes.
pub(crate) fn render_partials(
    theme: &Theme,
    cards: &[CaseCard],
    site: &SiteView<'_>,
    cache: Option<&PageCache>,
) -> Result<RenderedPartials, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct PartialContext<'a> {
        case: &'a CaseCard,
        site: &'a SiteView<'a>,
    }
    let salt = theme.fingerprint().to_le_bytes();
    let results: Vec<Result<(CasePartials, u128), Diagnostic>> = cards
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
            Ok((CasePartials { card: html.into(), row: row.into() }, key))
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
        Ok(RenderedPartials { partials: out, keys })
    } else {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup_by(|a, b| a.path == b.path && a.code == b.code);
        Err(errors)
    }
}

/// Renders the results-table row of every record of [`Site::results`] once (in
/// parallel), from `partials/record_row.html`; term pages reuse them.
pub(crate) fn render_record_rows(
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
