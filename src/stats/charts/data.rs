//! The chart's numbers, cleaned before layout: one finite, non-negative value per category
//! per series (NaN kept as a gap in line charts), colour classes assigned, and line charts
//! with too many series folded into "Others".
//!
//! It owns reading values; it draws nothing.

use super::svg::hover_text;
use super::{Chart, ChartKind, MAX_LINES};
use crate::site::strings::Strings;

/// The chart's data, cleaned: one value per category per series (see [`Row`]).
pub(super) struct Data<'a> {
    pub(super) categories: Vec<String>,
    pub(super) series: Vec<Row>,
    /// The catalogue, for the texts the chart draws itself (hover titles, "Others").
    pub(super) strings: &'a Strings,
    /// The width the chart is drawn at (user units, one of [`super::WIDTHS`]).
    pub(super) width: f64,
}

/// One cleaned series with its colour class. Values are finite and non-negative, except
/// for NaN gaps in line charts.
pub(super) struct Row {
    pub(super) name: String,
    pub(super) class: String,
    pub(super) values: Vec<f64>,
}

impl<'a> Data<'a> {
    pub(super) fn prepare(chart: &Chart, strings: &'a Strings, width: f64) -> Data<'a> {
        let n = chart.categories.len();
        let gaps = chart.kind == ChartKind::Lines;
        let mut series: Vec<Row> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| Row {
                name: s.name.clone(),
                class: format!("s s{}", i % 10),
                values: (0..n).map(|j| read(s.values.get(j).copied(), gaps)).collect(),
            })
            .collect();
        if chart.kind == ChartKind::Lines && series.len() > MAX_LINES {
            series = fold_lines(series, n, strings);
        }
        Data { categories: chart.categories.clone(), series, strings, width }
    }

    /// The hover title of one value: "series — category: value".
    pub(super) fn hover(&self, series: &str, category: &str, value: f64) -> String {
        hover_text(self.strings, series, category, value)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.categories.is_empty() || self.series.is_empty()
    }

    pub(super) fn cells(&self) -> usize {
        self.categories.len() * self.series.len()
    }

    /// Sum over the series per category.
    pub(super) fn totals(&self) -> Vec<f64> {
        let mut totals = vec![0.0; self.categories.len()];
        for s in &self.series {
            for (t, v) in totals.iter_mut().zip(&s.values) {
                *t += v;
            }
        }
        totals
    }

    /// The largest value the axis must reach: the largest total when stacked.
    pub(super) fn max(&self, stacked: bool) -> f64 {
        if stacked {
            return self.totals().into_iter().fold(0.0, f64::max);
        }
        self.series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max)
    }

    pub(super) fn all_integers(&self) -> bool {
        self.series.iter().flat_map(|s| &s.values).filter(|v| !v.is_nan()).all(|v| is_integer(*v))
    }
}

/// Keeps the [`MAX_LINES`] series with the largest last value, in their original order
/// and coloured `s0`…`s9` in that order, and sums the others into one "Others (N)" series.
pub(super) fn fold_lines(series: Vec<Row>, n: usize, strings: &Strings) -> Vec<Row> {
    let last = |r: &Row| clean(r.values.last().copied());
    let mut rank: Vec<usize> = (0..series.len()).collect();
    // Stable: ties keep the earlier series.
    rank.sort_by(|&a, &b| last(&series[b]).total_cmp(&last(&series[a])));
    let mut keep = vec![false; series.len()];
    for &i in rank.iter().take(MAX_LINES) {
        keep[i] = true;
    }
    let folded = series.len() - MAX_LINES;
    let mut others = vec![0.0; n];
    let mut kept = Vec::with_capacity(MAX_LINES + 1);
    for (row, keep) in series.into_iter().zip(keep) {
        if keep {
            // Colours follow the drawn position, so that no two drawn series share one.
            kept.push(Row { class: format!("s s{}", kept.len()), ..row });
        } else {
            others.iter_mut().zip(&row.values).for_each(|(o, v)| *o += clean(Some(*v)));
        }
    }
    let name = strings
        .format("chart.others", Some(folded as i64), &[("n", folded.to_string())])
        .unwrap_or_else(|| "chart.others".into());
    kept.push(Row { name, class: "s so".into(), values: others });
    kept
}

/// A value as read from a series: [`clean`], but NaN stays NaN (a gap) when `gaps`.
pub(super) fn read(v: Option<f64>, gaps: bool) -> f64 {
    match v {
        Some(v) if gaps && v.is_nan() => f64::NAN,
        v => clean(v),
    }
}

/// A value as drawn: missing, NaN, infinite and negative values are 0.
pub(super) fn clean(v: Option<f64>) -> f64 {
    match v {
        Some(v) if v.is_finite() && v > 0.0 => v,
        _ => 0.0,
    }
}

pub(super) fn is_integer(v: f64) -> bool {
    (v - v.round()).abs() < 1e-9
}
