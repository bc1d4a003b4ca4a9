//! The marks of vertical bar charts: stacked and grouped bars with hover titles, and the
//! totals written above the bars when they fit.

use super::data::Data;
use super::plot::Plot;
use super::scale::format_value;
use super::svg::{TextAt, rect, text};
use super::text::{N, plain, text_width};
use super::{ChartKind, SMALL_FONT};

/// Width of one bar (or one group) in a band.
pub(super) fn bar_width(band: f64, series: usize) -> f64 {
    let cap = if series > 1 { 24.0 * series as f64 } else { 56.0 };
    (band * 0.72).min(cap)
}

pub(super) fn draw_stacked(out: &mut String, plot: &Plot, data: &Data<'_>) {
    let bw = bar_width(plot.band, 1);
    let mut base = vec![0.0; data.categories.len()];
    out.push_str(r#"<g class="bars">"#);
    for s in &data.series {
        let class = format!("{} bar", s.class);
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v > 0.0 {
                let (y0, y1) = (plot.y(base[i]), plot.y(base[i] + v));
                let x = plot.x(i) + (plot.band - bw) / 2.0;
                rect(out, &class, x, y1, bw, y0 - y1, Some(&data.hover(&s.name, cat, v)));
                base[i] += v;
            }
        }
    }
    out.push_str("</g>");
}

pub(super) fn draw_grouped(out: &mut String, plot: &Plot, data: &Data<'_>) {
    let ns = data.series.len();
    let gw = bar_width(plot.band, ns);
    let bw = gw / ns as f64;
    out.push_str(r#"<g class="bars">"#);
    for (k, s) in data.series.iter().enumerate() {
        let class = format!("{} bar", s.class);
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v > 0.0 {
                let x = plot.x(i) + (plot.band - gw) / 2.0 + bw * k as f64;
                let y = plot.y(v);
                rect(out, &class, x, y, bw, plot.bottom() - y, Some(&data.hover(&s.name, cat, v)));
            }
        }
    }
    out.push_str("</g>");
}

/// The numbers written above the bars (totals when stacked), if every one fits its band.
pub(super) fn bar_labels(data: &Data<'_>, kind: ChartKind) -> Option<Vec<String>> {
    let single = kind == ChartKind::GroupedBars && data.series.len() == 1;
    if kind != ChartKind::StackedBars && !single {
        return None;
    }
    let n = data.categories.len() as f64;
    let band = (data.width - 60.0) / n;
    let labels: Vec<String> = data.totals().into_iter().map(format_value).collect();
    let fits = labels.iter().all(|l| text_width(l, SMALL_FONT) + 4.0 <= band.min(60.0));
    fits.then_some(labels)
}

pub(super) fn draw_bar_labels(out: &mut String, plot: &Plot, data: &Data<'_>, labels: &[String]) {
    let totals = data.totals();
    let size = format!(r#" font-size="{}""#, N(SMALL_FONT));
    out.push_str(r#"<g class="values">"#);
    for (i, (label, &t)) in labels.iter().zip(&totals).enumerate() {
        if t > 0.0 {
            let x = plot.x(i) + plot.band / 2.0;
            let at =
                TextAt { x, y: plot.y(t) - 5.0, class: "value", anchor: "middle", extra: &size };
            text(out, at, &plain(label, SMALL_FONT));
        }
    }
    out.push_str("</g>");
}
