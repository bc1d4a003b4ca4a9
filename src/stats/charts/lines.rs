//! The marks of line charts: one path per series (broken or joined at gaps) and a marker
//! with a hover title at each data point.

use std::fmt::Write;

use super::data::Data;
use super::plot::Plot;
use super::text::{Esc, N};

/// Draws each series as a line through its points; `x` places category `i`. With `join`,
/// a NaN is skipped (the line joins the series' own points); without, it breaks the line.
pub(super) fn draw_lines(
    out: &mut String,
    plot: &Plot,
    data: &Data<'_>,
    x: &dyn Fn(usize) -> f64,
    join: bool,
) {
    let r = if plot.band >= 14.0 { 3.5 } else { 2.5 };
    let point = |i: usize, v: f64| (x(i), plot.y(v));
    out.push_str(r#"<g class="lines">"#);
    for s in &data.series {
        if s.values.iter().filter(|v| !v.is_nan()).count() > 1 {
            let _ = write!(out, r#"<path class="{} line" d=""#, s.class);
            let mut pen_down = false;
            for (i, &v) in s.values.iter().enumerate() {
                if v.is_nan() {
                    pen_down &= join;
                    continue;
                }
                let (x, y) = point(i, v);
                let _ = write!(out, "{}{} {}", if pen_down { 'L' } else { 'M' }, N(x), N(y));
                pen_down = true;
            }
            out.push_str(r#""/>"#);
        }
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v.is_nan() {
                continue;
            }
            let (x, y) = point(i, v);
            let _ = write!(
                out,
                r#"<circle class="{} pt" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
                s.class,
                N(x),
                N(y),
                N(r),
                Esc(&data.hover(&s.name, cat, v))
            );
        }
    }
    out.push_str("</g>");
}
