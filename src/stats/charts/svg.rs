//! SVG primitives: the root element with its accessible `<title>` and `<desc>`, `<text>`
//! with a full-text `<title>` for cut labels, rectangles, lines and hover titles.
//!
//! Writing to a `String` cannot fail, hence `let _ =` throughout. It owns element syntax;
//! where things go is decided by the chart layouts.

use std::fmt::Write;

use super::scale::format_value;
use super::text::{Esc, Fitted, N, fallback, sanitize_id};
use super::{Chart, FONT};

/// The root element's id, accessible name and description.
pub(super) struct Head {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) desc: String,
}

impl Head {
    pub(super) fn for_chart(chart: &Chart) -> Head {
        let desc = if chart.description.trim().is_empty() {
            format!(
                "{} of {} series over {} categories.",
                chart.kind.noun(),
                chart.series.len(),
                chart.categories.len()
            )
        } else {
            chart.description.clone()
        };
        Head { id: sanitize_id(&chart.id), title: fallback(&chart.title, "Chart"), desc }
    }

    /// Opens `<svg>` and writes `<title>` and `<desc>` as its first children.
    pub(super) fn open(&self, out: &mut String, kind: &str, width: f64, height: f64, size: &str) {
        let id = &self.id;
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {} {}" {size} preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-size="{}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            N(width),
            N(height),
            N(FONT),
            Esc(&self.title),
            Esc(&self.desc),
        );
    }
}

/// Where a text is anchored and how it is drawn.
#[derive(Clone, Copy)]
pub(super) struct TextAt<'a> {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) class: &'a str,
    pub(super) anchor: &'a str,
    /// Extra attributes, written verbatim (trusted, built here).
    pub(super) extra: &'a str,
}

/// Writes a `<text>`; a cut label carries its full text in a `<title>`.
pub(super) fn text(out: &mut String, at: TextAt<'_>, label: &Fitted) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" class="{}" text-anchor="{}"{}>{}"#,
        N(at.x),
        N(at.y),
        at.class,
        at.anchor,
        at.extra,
        Esc(&label.text)
    );
    if label.is_cut() {
        let _ = write!(out, "<title>{}</title>", Esc(&label.full));
    }
    out.push_str("</text>");
}

pub(super) fn rect(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    hover: Option<&str>,
) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}""#,
        N(x),
        N(y),
        N(w.max(0.0)),
        N(h.max(0.0))
    );
    match hover {
        Some(t) => {
            let _ = write!(out, "><title>{}</title></rect>", Esc(t));
        }
        None => out.push_str("/>"),
    }
}

pub(super) fn hline(out: &mut String, class: &str, x1: f64, x2: f64, y: f64) {
    let _ = write!(out, r#"<path class="{class}" d="M{} {}H{}"/>"#, N(x1), N(y), N(x2));
}

pub(super) fn vline(out: &mut String, class: &str, x: f64, y1: f64, y2: f64) {
    let _ = write!(out, r#"<path class="{class}" d="M{} {}V{}"/>"#, N(x), N(y1), N(y2));
}

pub(super) fn hover_text(series: &str, category: &str, value: f64) -> String {
    format!("{series} — {category}: {}", format_value(value))
}
