//! SVG primitives: the root element with its accessible `<title>` and `<desc>`, `<text>`
//! with a full-text `<title>` for cut labels, rectangles, lines and hover titles.
//!
//! Writing to a `String` cannot fail, hence `let _ =` throughout. It owns element syntax;
//! where things go is decided by the chart layouts.

use std::fmt::Write;

use super::scale::format_value;
use super::text::{Esc, Fitted, N, fallback, sanitize_id};
use super::{Chart, FONT, LINE};
use crate::site::strings::Strings;
use crate::stats::text as fill;

/// The root element's id, accessible name and description.
pub(super) struct Head {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) desc: String,
    /// Extra classes of the root element (the width variant, `chart-w960`).
    pub(super) variant: String,
}

impl Head {
    /// The head of `chart`; a missing title or description is filled in from the
    /// catalogue (`chart.untitled`, `chart.summary`).
    pub(super) fn for_chart(chart: &Chart, strings: &Strings) -> Head {
        let desc = if chart.description.trim().is_empty() {
            let args = [
                ("kind", strings.text(chart.kind.noun_key()).to_string()),
                ("series", chart.series.len().to_string()),
                ("categories", chart.categories.len().to_string()),
            ];
            fill(strings, "chart.summary", &args)
        } else {
            chart.description.clone()
        };
        let title = fallback(&chart.title, strings.text("chart.untitled"));
        Head { id: sanitize_id(&chart.id), title, desc, variant: String::new() }
    }

    /// Opens `<svg>` and writes `<title>` and `<desc>` as its first children.
    pub(super) fn open(&self, out: &mut String, kind: &str, width: f64, height: f64, size: &str) {
        let id = &self.id;
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}{}" viewBox="0 0 {} {}" {size} preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-size="{}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            self.variant,
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

/// Writes a `<text>`: its first line at `at`, any further lines below it in `<tspan>`s
/// [`LINE`] em apart.
pub(super) fn text(out: &mut String, at: TextAt<'_>, label: &Fitted) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" class="{}" text-anchor="{}"{}>"#,
        N(at.x),
        N(at.y),
        at.class,
        at.anchor,
        at.extra,
    );
    match label.lines.as_slice() {
        [one] => {
            let _ = write!(out, "{}", Esc(one));
        }
        lines => {
            for (i, line) in lines.iter().enumerate() {
                let dy = if i == 0 { String::new() } else { format!(r#" dy="{LINE}em""#) };
                let _ = write!(out, r#"<tspan x="{}"{dy}>{}</tspan>"#, N(at.x), Esc(line));
            }
        }
    }
    out.push_str("</text>");
}

/// Height of a wrapped label's `rows` lines at font size `size`, from the first line's
/// baseline to the last one's.
pub(super) fn lines_height(rows: usize, size: f64) -> f64 {
    rows.saturating_sub(1) as f64 * LINE * size
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

/// The hover title of one value, from the catalogue (`chart.hover`): by default
/// "series — category: value".
pub(super) fn hover_text(strings: &Strings, series: &str, category: &str, value: f64) -> String {
    let args = [
        ("series", series.to_string()),
        ("category", category.to_string()),
        ("value", format_value(value)),
    ];
    fill(strings, "chart.hover", &args)
}
