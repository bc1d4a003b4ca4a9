//! The legend: one entry per series (only with two or more), placed in rows that wrap at
//! the chart's width, with a swatch (a square for bars, a line and marker for lines). An
//! entry wider than its room wraps onto more lines; its row grows to hold it.

use std::fmt::Write;

use super::data::Row;
use super::svg::{TextAt, lines_height, rect, text};
use super::text::{Fitted, N};
use super::{FONT, LEGEND_MAX, LEGEND_ROW};

/// Legend entries placed in rows (only for two or more series): each entry's left edge,
/// the top of its row (relative to the legend's top), its label and its colour class.
pub(super) struct Legend {
    pub(super) entries: Vec<(f64, f64, Fitted, String)>,
    pub(super) height: f64,
}

impl Legend {
    pub(super) const SWATCH: f64 = 12.0;
    pub(super) const LINE_SWATCH: f64 = 20.0;

    pub(super) fn layout(series: &[Row], width: f64, lines: bool) -> Legend {
        if series.len() < 2 {
            return Legend { entries: Vec::new(), height: 0.0 };
        }
        let swatch = if lines { Self::LINE_SWATCH } else { Self::SWATCH };
        let (mut x, mut top, mut row_height) = (0.0, 0.0, LEGEND_ROW);
        let mut entries = Vec::with_capacity(series.len());
        let room = width - swatch - 6.0;
        let max = if series.len() <= 3 { room } else { LEGEND_MAX.min(room) };
        for s in series {
            let label = Fitted::wrap(&s.name, FONT, max);
            let w = swatch + 6.0 + label.width;
            if x > 0.0 && x + w > width {
                x = 0.0;
                top += row_height;
                row_height = LEGEND_ROW;
            }
            row_height = row_height.max(LEGEND_ROW + lines_height(label.rows(), FONT));
            entries.push((x, top, label, s.class.clone()));
            x += w + 18.0;
        }
        Legend { entries, height: top + row_height + 8.0 }
    }

    pub(super) fn draw(&self, out: &mut String, left: f64, top: f64, lines: bool) {
        if self.entries.is_empty() {
            return;
        }
        out.push_str(r#"<g class="legend-items">"#);
        for (x, row_top, label, class) in &self.entries {
            let (x, mid) = (left + x, top + row_top + LEGEND_ROW / 2.0);
            let swatch = if lines {
                let _ = write!(
                    out,
                    r#"<path class="{class} line key" d="M{} {}h{}"/><circle class="{class} pt key" cx="{}" cy="{}" r="3"/>"#,
                    N(x),
                    N(mid),
                    N(Self::LINE_SWATCH),
                    N(x + Self::LINE_SWATCH / 2.0),
                    N(mid)
                );
                Self::LINE_SWATCH
            } else {
                let s = Self::SWATCH;
                rect(out, &format!("{class} key"), x, mid - s / 2.0, s, s, None);
                s
            };
            let at = TextAt {
                x: x + swatch + 6.0,
                y: mid,
                class: "legend",
                anchor: "start",
                extra: r#" dy=".35em""#,
            };
            text(out, at, label);
        }
        out.push_str("</g>");
    }
}
