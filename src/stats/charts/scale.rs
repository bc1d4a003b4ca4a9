//! Axes: the "nice" value scale with its tick labels and number formatting, the true time
//! axis of line charts over dates, and the layout of category labels (side by side,
//! thinned or rotated) below vertical charts.
//!
//! It owns positions and label texts; the marks are drawn elsewhere.

use super::data::is_integer;
use super::svg::{TextAt, text};
use super::text::{Fitted, N, plain, text_width};
use super::{DIAGONAL, FONT, SHORT_LABEL};

/// A time axis for a line chart: each category is placed by its date, so a year is wider
/// than a month, and the axis is labelled by spans (years) instead of by category.
///
/// Points of a series are joined only to that series' own points: a NaN is "no report
/// here", skipped rather than breaking the line, and a series ends at its last point
/// (nothing is carried forward past it).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TimeAxis {
    /// Where each category lies, in days (any origin), parallel to the categories.
    pub at: Vec<f64>,
    /// Consecutive labelled spans covering every point, e.g. one per year:
    /// `(label, first day, day after the last)`, in order.
    pub spans: Vec<(String, f64, f64)>,
}

impl TimeAxis {
    /// The days the axis covers: the first span's start to the last span's end.
    pub(super) fn domain(&self) -> Option<(f64, f64)> {
        let (first, last) = (self.spans.first()?, self.spans.last()?);
        (last.2 > first.1 && self.at.iter().all(|d| d.is_finite() && *d >= first.1 && *d <= last.2))
            .then_some((first.1, last.2))
    }
}

/// A value axis from 0 to `step × intervals`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    pub(super) step: f64,
    pub(super) intervals: usize,
    pub(super) decimals: usize,
}

impl Scale {
    /// The smallest axis with a 1, 2 or 5 × 10^k step and at most 5 intervals that reaches
    /// `max`; steps are at least 1 when `integers`. An empty range gets the axis 0–1.
    pub(super) fn nice(max: f64, integers: bool) -> Scale {
        let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
        let magnitude = 10f64.powf((max / 5.0).log10().floor());
        let mut step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| (max / s - 1e-9).ceil() <= 5.0)
            .unwrap_or(10.0 * magnitude);
        if integers && step < 1.0 {
            step = 1.0;
        }
        let intervals = ((max / step - 1e-9).ceil() as usize).max(1);
        let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
        Scale { step, intervals, decimals }
    }

    pub(super) fn top(self) -> f64 {
        self.step * self.intervals as f64
    }

    pub(super) fn ticks(self) -> impl Iterator<Item = f64> {
        (0..=self.intervals).map(move |i| i as f64 * self.step)
    }

    pub(super) fn labels(self) -> Vec<String> {
        self.ticks()
            .map(|v| if v == 0.0 { "0".into() } else { format_number(v, self.decimals) })
            .collect()
    }
}

/// Formats `v` with `decimals` decimals and thousands separators: `1,234.5`.
pub(super) fn format_number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if v < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Formats a data value for people: integers as such, others with up to 2 decimals.
pub(super) fn format_value(v: f64) -> String {
    if is_integer(v) {
        return format_number(v, 0);
    }
    let text = format_number(v, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Which category labels are shown and how.
pub(super) struct CategoryAxis {
    pub(super) labels: Vec<Fitted>,
    pub(super) every: usize,
    pub(super) rotated: bool,
    pub(super) height: f64,
}

impl CategoryAxis {
    /// Fits the labels into bands `band` wide: all of them side by side if they fit, else
    /// short ones thinned, else long ones rotated by 45° (in full) and thinned.
    pub(super) fn layout(categories: &[String], band: f64) -> CategoryAxis {
        let widest = categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max);
        let band = band.max(1.0);
        if widest + 5.0 <= band || widest <= SHORT_LABEL {
            let labels: Vec<Fitted> = categories.iter().map(|c| plain(c, FONT)).collect();
            let every =
                if widest + 5.0 <= band { 1 } else { ((widest + 10.0) / band).ceil() as usize };
            return CategoryAxis { labels, every, rotated: false, height: FONT + 10.0 };
        }
        let labels: Vec<Fitted> = categories.iter().map(|c| plain(c, FONT)).collect();
        let longest = labels.iter().map(|l| l.width).fold(0.0, f64::max);
        let every = (32.0 / band).ceil().max(1.0) as usize;
        let height = (longest + FONT) * DIAGONAL + 14.0;
        CategoryAxis { labels, every, rotated: true, height }
    }

    /// Thinned labels anchor on the last category, the most recent one in time series.
    pub(super) fn shows(&self, i: usize) -> bool {
        (self.labels.len() - 1 - i).is_multiple_of(self.every)
    }

    /// Room the labels need left of the plot area when it starts at 0 with bands `band`.
    pub(super) fn overhang_left(&self, band: f64) -> f64 {
        let reach = |(i, l): (usize, &Fitted)| {
            let centre = band * (i as f64 + 0.5);
            let w = if self.rotated { (l.width + FONT) * DIAGONAL } else { l.width / 2.0 };
            w - centre + 2.0
        };
        self.labels
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .map(reach)
            .fold(0.0, f64::max)
    }

    /// Room the last label needs right of the plot area.
    pub(super) fn overhang_right(&self, band: f64) -> f64 {
        match self.labels.last() {
            Some(l) if !self.rotated => (l.width / 2.0 - band / 2.0 + 2.0).max(0.0),
            _ => 0.0,
        }
    }

    pub(super) fn draw(&self, out: &mut String, left: f64, band: f64, top: f64) {
        out.push_str(r#"<g class="categories">"#);
        for (i, label) in self.labels.iter().enumerate().filter(|(i, _)| self.shows(*i)) {
            let x = left + band * (i as f64 + 0.5);
            if self.rotated {
                let (x, y) = (x + 4.0, top + 12.0);
                let rotate = format!(r#" transform="rotate(-45 {} {})""#, N(x), N(y));
                text(out, TextAt { x, y, class: "tick", anchor: "end", extra: &rotate }, label);
            } else {
                let at =
                    TextAt { x, y: top + FONT + 4.0, class: "tick", anchor: "middle", extra: "" };
                text(out, at, label);
            }
        }
        out.push_str("</g>");
    }
}
