//! Unit tests of the charts: well-formed, accessible SVG for every kind, scales, number
//! formatting, label thinning and fitting, escaping, line folding, edge cases, sparkbars
//! and time axes.

use super::scale::{Scale, format_number, format_value};
use super::text::{Fitted, N, text_width, wrap};
use super::*;

/// The built-in English catalogue, which the charts read their own texts from.
fn en() -> Strings {
    Strings::default_for("en")
}

/// [`super::render_svg_at`] at the desktop width with the built-in English texts.
fn render_svg(chart: &Chart) -> String {
    super::render_svg_at(chart, &en(), WIDTHS[2])
}

/// [`super::render_year_bars`] with the built-in English texts.
fn render_sparkbars(id: &str, title: &str, categories: &[String], values: &[f64]) -> String {
    super::render_year_bars(id, title, categories, values, &en())
}

/// Checks that `svg` is well-formed XML as far as these charts go: balanced tags,
/// quoted attributes, no stray `<` or `&`, one root element.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    let mut roots = 0;
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start]);
        let end = rest[start..].find('>').map(|e| start + e).expect("unclosed tag");
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "`<` inside tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split([' ', '/']).next().unwrap_or("");
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()));
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "non-finite number in {svg}");
}

fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "bad entity {entity}"
        );
    }
    assert!(!text.contains('>'), "stray > in {text}");
}

fn chart(kind: ChartKind, categories: &[&str], series: &[(&str, &[f64])]) -> Chart {
    Chart {
        id: "test".into(),
        kind,
        title: "Cases per year".into(),
        description: "How many cases were announced each year.".into(),
        x_label: "Year".into(),
        y_label: "Case studies".into(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series: series
            .iter()
            .map(|(n, v)| Series { name: n.to_string(), values: v.to_vec() })
            .collect(),
        time: None,
    }
}

fn years(n: usize) -> Vec<String> {
    (0..n).map(|i| (2000 + i).to_string()).collect()
}

fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

/// The texts of the tick labels of the category axis.
fn category_labels(svg: &str) -> Vec<String> {
    let group = svg.split(r#"<g class="categories">"#).nth(1).unwrap_or("");
    let group = group.split("</g>").next().unwrap_or("");
    group.split("<text").skip(1).map(|t| t[t.find('>').unwrap_or(0) + 1..].to_string()).collect()
}

/// The texts of class `class`, each with its wrapped lines joined by spaces.
fn texts(svg: &str, class: &str) -> Vec<String> {
    let marker = format!(r#"class="{class}""#);
    svg.split("<text ")
        .skip(1)
        .filter(|t| t[..t.find('>').unwrap_or(0)].contains(&marker))
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            let lines: Vec<&str> = body
                .split("<tspan")
                .map(|p| p.split_once('>').map_or(p, |(_, rest)| rest))
                .map(|p| p.trim_end_matches("</tspan>"))
                .filter(|p| !p.is_empty())
                .collect();
            lines.join(" ")
        })
        .collect()
}

const ALL: [ChartKind; 4] = [
    ChartKind::StackedBars,
    ChartKind::GroupedBars,
    ChartKind::Lines,
    ChartKind::HorizontalStackedBars,
];

#[test]
fn renders_accessible_well_formed_svg_for_every_kind() {
    for kind in ALL {
        let c = chart(
            kind,
            &["2021", "2022", "2023"],
            &[("A", &[1.0, 2.0, 3.0]), ("B", &[2.0, 0.0, 1.0])],
        );
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-"#));
        assert!(svg.contains(&format!("chart-{}", kind.css_class())));
        assert!(svg.contains(r#"role="img" aria-labelledby="test-title test-desc""#));
        let first = svg.find('>').unwrap() + 1;
        assert!(svg[first..].starts_with(
            r#"<title id="test-title">Cases per year</title><desc id="test-desc">How many"#
        ));
        assert!(
            svg.contains(r#"width="100%""#)
                && svg.contains(r#"preserveAspectRatio="xMinYMin meet""#)
        );
        assert!(!svg.contains("fill=\"#") && !svg.contains("<?xml"));
    }
}

#[test]
fn draws_one_rect_per_non_zero_stacked_segment() {
    let c = chart(
        ChartKind::StackedBars,
        &["2021", "2022", "2023"],
        &[("L3", &[1.0, 0.0, 2.0]), ("L4", &[0.0, 0.0, 5.0]), ("L5", &[3.0, 1.0, 0.0])],
    );
    let svg = render_svg(&c);
    assert_eq!(count(&svg, " bar\""), 5);
    assert_eq!(count(&svg, r#"<rect class="s s1 bar""#), 1);
    assert!(svg.contains("<title>L4 — 2023: 5</title>"));
    // Totals above the bars.
    assert!(svg.contains(r#"class="value" text-anchor="middle" font-size="12">7</text>"#));
    let h = render_svg(&Chart { kind: ChartKind::HorizontalStackedBars, ..c });
    assert_eq!(count(&h, " bar\""), 5);
}

#[test]
fn draws_a_legend_entry_per_series_only_with_two_or_more() {
    let two = chart(ChartKind::GroupedBars, &["a"], &[("Alpha", &[1.0]), ("Beta", &[2.0])]);
    let svg = render_svg(&two);
    assert_eq!(count(&svg, r#"class="legend""#), 2);
    assert!(svg.contains(">Alpha</text>") && svg.contains(">Beta</text>"));
    let one = chart(ChartKind::GroupedBars, &["a"], &[("Alpha", &[1.0])]);
    assert_eq!(count(&render_svg(&one), r#"class="legend""#), 0);
    let long = "Institutions with at least one result that year";
    let two = chart(ChartKind::Lines, &["a", "b"], &[(long, &[1.0, 2.0]), ("B", &[2.0, 1.0])]);
    assert!(render_svg(&two).contains(&format!(">{long}</text>")), "room for two");
    let five: Vec<(&str, &[f64])> = vec![(long, &[1.0]); 5];
    for width in WIDTHS {
        let svg = render_svg_at(&chart(ChartKind::StackedBars, &["a"], &five), &en(), width);
        assert_well_formed(&svg);
        assert!(!svg.contains('…'), "never cut");
        let legend: Vec<String> = texts(&svg, "legend");
        assert_eq!(legend, vec![long.to_string(); 5], "{width}: wrapped in full");
        assert!(svg.contains("<tspan "), "{width}: wrapped onto lines");
    }
    let lines = chart(ChartKind::Lines, &["a", "b"], &[("A", &[1.0, 2.0]), ("B", &[2.0, 1.0])]);
    assert_eq!(count(&render_svg(&lines), " line key"), 2);
}

#[test]
fn picks_nice_ticks() {
    let s = Scale::nice(7.0, true);
    assert_eq!(s.labels(), ["0", "2", "4", "6", "8"]);
    assert_eq!(Scale::nice(10.0, true).labels(), ["0", "2", "4", "6", "8", "10"]);
    assert_eq!(Scale::nice(1.0, true).labels(), ["0", "1"]);
    assert_eq!(Scale::nice(0.7, false).labels(), ["0", "0.2", "0.4", "0.6", "0.8"]);
    assert_eq!(Scale::nice(0.0, true).labels(), ["0", "1"]);
    assert_eq!(
        Scale::nice(4321.0, true).labels(),
        ["0", "1,000", "2,000", "3,000", "4,000", "5,000"]
    );
    for max in [3.0, 7.0, 11.0, 19.0, 51.0, 99.0, 101.0, 640.0, 12_345.0, 0.033] {
        let s = Scale::nice(max, false);
        assert!(s.top() >= max && (3..=5).contains(&s.intervals), "{max}: {s:?}");
    }
    let svg = render_svg(&chart(ChartKind::GroupedBars, &["a", "b"], &[("A", &[7.0, 3.0])]));
    for t in ["0", "2", "4", "6", "8"] {
        assert!(svg.contains(&format!(r#"dy=".32em">{t}</text>"#)), "tick {t}");
    }
}

#[test]
fn formats_numbers_with_thousands_separators() {
    assert_eq!(format_number(1234.0, 0), "1,234");
    assert_eq!(format_number(1_234_567.5, 1), "1,234,567.5");
    assert_eq!(format_number(999.0, 0), "999");
    assert_eq!(format_number(-0.0, 0), "0");
    assert_eq!(format_value(2.5), "2.5");
    assert_eq!(format_value(1.0 / 3.0), "0.33");
    assert_eq!(format_value(12_000.0), "12,000");
    assert_eq!(N(12.34).to_string(), "12.3");
    assert_eq!(N(-0.01).to_string(), "0");
    assert_eq!(N(5.0).to_string(), "5");
    assert_eq!(N(f64::NAN).to_string(), "0");
}

#[test]
fn thins_crowded_category_labels() {
    let dates: Vec<String> =
        (0..60).map(|i| format!("2023-{:02}-{:02}", i / 28 + 1, i % 28 + 1)).collect();
    let values: Vec<f64> = (0..60).map(|i| (i % 7) as f64).collect();
    let c = Chart {
        categories: dates,
        series: vec![Series { name: "Cases".into(), values }],
        ..chart(ChartKind::StackedBars, &[], &[])
    };
    let svg = render_svg(&c);
    assert_well_formed(&svg);
    let shown = category_labels(&svg);
    assert!(shown.len() < 30 && shown.len() >= 10, "{} labels", shown.len());
    assert!(shown.last().unwrap().starts_with("2023-03-04"), "the last is always shown");
    assert!(svg.contains("rotate(-45"));
    assert_eq!(count(&svg, "<title>Cases — "), 60 - 9, "every non-zero bar has a title");
    // Ten years fit side by side; more are thinned, never rotated.
    let c12 = Chart { categories: years(10), ..chart(ChartKind::Lines, &[], &[("A", &[1.0])]) };
    assert_eq!(category_labels(&render_svg(&c12)).len(), 10);
    for (n, most) in [(20, 10), (40, 14)] {
        // At the tablet width: the desktop one has room for twenty years.
        let svg = render_svg_at(&Chart { categories: years(n), ..c12.clone() }, &en(), WIDTHS[1]);
        let labels = category_labels(&svg);
        assert!(labels.len() <= most && labels.len() >= most / 2, "{n}: {}", labels.len());
        assert!(!svg.contains("rotate("));
    }
}

#[test]
fn escapes_text() {
    let c = chart(
        ChartKind::StackedBars,
        &["<script>alert('x')</script>", "a & b"],
        &[("\"q\"", &[1.0, 2.0])],
    );
    let c = Chart { title: "<b>".into(), description: "1 < 2".into(), ..c };
    for kind in ALL {
        let svg = render_svg(&Chart { kind, ..c.clone() });
        assert_well_formed(&svg);
        assert!(!svg.contains("<script") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;") || svg.contains("&lt;script…"));
        assert!(svg.contains("a &amp; b") && svg.contains("&quot;q&quot;"));
    }
    let svg = render_sparkbars("x\"y", "<t>", &["<c>".to_string()], &[1.0]);
    assert_well_formed(&svg);
    assert!(svg.contains(r#"id="x-y-title""#) && svg.contains("&lt;c&gt;"));
}

#[test]
fn folds_many_lines_into_others() {
    let names: Vec<String> = (0..12).map(|i| format!("Bank {i}")).collect();
    let series: Vec<Series> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Series { name: n.clone(), values: vec![1.0, (i * 7 % 12) as f64] })
        .collect();
    let c = Chart { series, ..chart(ChartKind::Lines, &["2022", "2023"], &[]) };
    let svg = render_svg(&c);
    assert_well_formed(&svg);
    assert_eq!(count(&svg, r#" line" d="M"#), 11);
    assert_eq!(count(&svg, r#"class="legend""#), 11);
    assert!(svg.contains(">Others (2)</text>"));
    assert!(svg.contains(r#"<path class="s so line""#));
    for n in 0..10 {
        assert_eq!(count(&svg, &format!(r#"<path class="s s{n} line""#)), 1, "s{n} once");
    }
    // Last values are i*7 % 12: Bank 0 (0) and Bank 7 (1) are the smallest.
    assert!(!svg.contains(">Bank 0<") && !svg.contains(">Bank 7<"));
    assert!(svg.contains("<title>Others (2) — 2023: 1</title>"));
    assert!(svg.contains("<title>Others (2) — 2022: 2</title>"));
    // Only lines fold.
    let bars = render_svg(&Chart { kind: ChartKind::GroupedBars, ..c });
    assert!(!bars.contains("Others") && bars.contains(r#"class="s s1 bar""#));
}

#[test]
fn survives_edge_cases() {
    let nan = f64::NAN;
    let cases = [
        chart(ChartKind::StackedBars, &[], &[]),
        chart(ChartKind::StackedBars, &["a"], &[]),
        chart(ChartKind::StackedBars, &[], &[("A", &[1.0])]),
        chart(ChartKind::StackedBars, &["a", "b"], &[("A", &[0.0, 0.0]), ("B", &[0.0, 0.0])]),
        chart(ChartKind::StackedBars, &["only"], &[("A", &[3.0])]),
        chart(ChartKind::StackedBars, &["a", "b", "c"], &[("A", &[nan, -2.0, f64::INFINITY])]),
        chart(
            ChartKind::StackedBars,
            &["a", "b", "c"],
            &[("A", &[1.0]), ("B", &[1.0, 2.0, 3.0, 4.0])],
        ),
        chart(ChartKind::StackedBars, &[""], &[("", &[1e300])]),
        chart(ChartKind::StackedBars, &["a"], &[("A", &[f64::MIN_POSITIVE])]),
    ];
    for c in cases {
        for kind in ALL {
            let c = Chart { kind, id: String::new(), title: String::new(), ..c.clone() };
            let svg = render_svg(&c);
            assert_well_formed(&svg);
            assert!(svg.contains(r#"aria-labelledby="chart-title chart-desc""#));
        }
    }
    let empty = render_svg(&chart(ChartKind::Lines, &[], &[]));
    assert!(empty.contains(">No data</text>"));
    let mixed =
        render_svg(&chart(ChartKind::StackedBars, &["a", "b", "c"], &[("A", &[nan, -2.0, 4.0])]));
    assert_eq!(count(&mixed, " bar\""), 1);
    assert!(mixed.contains("<title>A — c: 4</title>"));
    let short = render_svg(&chart(ChartKind::Lines, &["a", "b", "c"], &[("A", &[1.0])]));
    assert_eq!(count(&short, r#" pt""#), 3);
    assert!(short.contains("<title>A — c: 0</title>"));
    let nan = f64::NAN;
    let gaps = chart(ChartKind::Lines, &["a", "b", "c", "d"], &[("A", &[nan, 2.0, nan, 3.0])]);
    let gaps = render_svg(&gaps);
    assert_eq!(count(&gaps, " pt\""), 2, "no marker for a gap");
    let d = gaps.split(r#"line" d=""#).nth(1).unwrap().split('"').next().unwrap();
    assert_eq!((d.matches('M').count(), d.matches('L').count()), (2, 0), "{d}");
    let bars = chart(ChartKind::GroupedBars, &["a", "b"], &[("A", &[nan, 2.5])]);
    assert!(render_svg(&bars).contains("<title>A — b: 2.5</title>"));
    let single = render_svg(&chart(ChartKind::Lines, &["a"], &[("A", &[2.0])]));
    assert!(!single.contains(" line\"") && single.contains(" pt\""));
}

#[test]
fn output_is_deterministic_and_compact() {
    let c = chart(
        ChartKind::Lines,
        &["2021", "2022", "2023"],
        &[("A", &[1.0, 2.0, 3.0]), ("B", &[2.0, 1.0, 1.0 / 3.0])],
    );
    let svg = render_svg(&c);
    assert_eq!(svg, render_svg(&c));
    for number in svg.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        if let Some((_, frac)) = number.split_once('.') {
            assert!(frac.len() <= 2, "{number}");
        }
    }
    assert!(!svg.contains(".33333"));
}

#[test]
fn grows_horizontal_bars_with_rows_and_wraps_labels() {
    let long = "Continuous delivery: build and release management with a very long name";
    let c = chart(
        ChartKind::HorizontalStackedBars,
        &[long, "测试管理"],
        &[("Level 3", &[2.0, 1.0]), ("Level 4", &[1.0, 0.0])],
    );
    let svg = render_svg(&c);
    assert_well_formed(&svg);
    assert!(!svg.contains('…'));
    assert_eq!(texts(&svg, "tick").iter().filter(|t| *t == long).count(), 1, "in full");
    assert!(svg.contains(">测试管理</text>"));
    // On a phone-sized drawing the label column is at most 45 % of the width.
    let phone = render_svg_at(&c, &en(), WIDTHS[0]);
    assert!(!phone.contains('…') && texts(&phone, "tick").contains(&long.to_string()));
    let lines = phone.split(r#"<g class="categories">"#).nth(1).unwrap();
    assert!(lines.split("</text>").next().unwrap().matches("<tspan").count() >= 3);
    let height = |svg: &str| -> f64 {
        let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        vb.split(['"', ' ']).nth(1).unwrap().parse().unwrap()
    };
    let many: Vec<String> = (0..40).map(|i| format!("Module {i}")).collect();
    let tall = render_svg(&Chart { categories: many, ..c.clone() });
    assert_well_formed(&tall);
    assert!(height(&tall) - height(&svg) >= 38.0 * ROW);
}

#[test]
fn renders_year_bars_with_every_year_and_value() {
    let cats = years(5);
    let svg = render_sparkbars("bank-a", "Results per year", &cats, &[1.0, 0.0, 3.0, f64::NAN]);
    assert_well_formed(&svg);
    assert_eq!(category_labels(&svg).len(), 5, "every year is labelled");
    assert_eq!(texts(&svg, "value"), ["1", "0", "3", "0", "0"], "every value is written");
    assert!(svg.contains(r#"font-size="12""#) && !svg.contains(r#"font-size="11""#));
    let width: f64 =
        svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(width >= 5.0 * 38.0, "readable, not a 40 px sparkline: {width}");
    assert!(svg.contains(r#"aria-labelledby="bank-a-title bank-a-desc""#));
    assert!(
        svg.contains(
            "<desc id=\"bank-a-desc\">2000: 1, 2001: 0, 2002: 3, 2003: 0, 2004: 0.</desc>"
        )
    );
    assert_eq!(count(&svg, "<rect "), 5);
    assert_eq!(count(&svg, " zero\""), 3);
    assert!(svg.contains("<title>Results per year — 2002: 3</title>"));
    assert!(svg.contains(">2000</text>") && svg.contains(">2001</text>"));
    for cats in [vec![], vec!["only".to_string()]] {
        assert_well_formed(&render_sparkbars("", "", &cats, &[]));
    }
}

#[test]
fn estimates_wide_text_wider() {
    assert!(text_width("测试", FONT) > text_width("ab", FONT));
    assert_eq!(Fitted::wrap("", FONT, 0.0).lines, [""]);
}

#[test]
fn wraps_labels_between_words_and_cjk_characters_and_never_drops_text() {
    let en = "Security and risk management";
    let lines = wrap(en, FONT, 100.0);
    assert_eq!(lines, ["Security and", "risk", "management"]);
    assert!(lines.iter().all(|l| text_width(l, FONT) <= 100.0));
    assert_eq!(wrap(en, FONT, 1000.0), [en]);
    // CJK breaks between characters; closing punctuation stays with the one before it.
    let zh = "安全及风险管理（能力）";
    let lines = wrap(zh, FONT, 4.0 * FONT);
    assert_eq!(lines.concat(), zh);
    assert!(lines.iter().all(|l| !l.starts_with('）')), "{lines:?}");
    assert!(lines.iter().all(|l| text_width(l, FONT) <= 4.0 * FONT + 0.01));
    // A word longer than a line is split, not cut.
    let long = wrap("Supercalifragilistic", FONT, 50.0);
    assert_eq!(long.concat(), "Supercalifragilistic");
    assert!(long.len() > 1);
    // Mixed scripts keep their spaces.
    assert_eq!(wrap("DevOps 能力", FONT, 1000.0), ["DevOps 能力"]);
}

#[test]
fn draws_each_chart_at_every_width_with_readable_text() {
    let long = "Security and risk management";
    let c = chart(
        ChartKind::StackedBars,
        &["2021", "2022", "2023", "2024"],
        &[(long, &[1.0, 2.0, 0.0, 3.0]), ("Continuous delivery", &[2.0, 0.0, 1.0, 1.0])],
    );
    let all = super::render_svg(&c, &en());
    assert_eq!(count(&all, "<svg "), WIDTHS.len());
    for w in WIDTHS {
        assert!(all.contains(&format!(r#"class="chart chart-stacked-bars chart-w{w}""#)));
        assert!(all.contains(&format!(r#"viewBox="0 0 {w} "#)));
        assert_eq!(count(&all, &format!(r#"id="test-w{w}-title""#)), 1, "unique ids");
    }
    assert!(!all.contains('…'));
    // The phone drawing shown 304 px wide (a 390 px screen less the page's and the card's
    // padding) keeps every text at 11 px or more.
    let scale = 304.0 / WIDTHS[0];
    assert!(FONT.min(SMALL_FONT) * scale >= 11.0, "{}", SMALL_FONT * scale);
}

#[test]
fn a_time_axis_spaces_points_by_date_and_joins_each_series() {
    let day = |y: f64, d: f64| (y - 2021.0) * 365.0 + d;
    let c = Chart {
        time: Some(TimeAxis {
            at: vec![day(2021.0, 0.0), day(2021.0, 31.0), day(2023.0, 0.0)],
            spans: (2021..=2023)
                .map(|y| (y.to_string(), day(f64::from(y), 0.0), day(f64::from(y) + 1.0, 0.0)))
                .collect(),
        }),
        ..chart(
            ChartKind::Lines,
            &["2021-01-01", "2021-02-01", "2023-01-01"],
            &[("A", &[1.0, f64::NAN, 3.0]), ("B", &[f64::NAN, 2.0, f64::NAN])],
        )
    };
    let svg = render_svg(&c);
    assert_well_formed(&svg);
    let cx: Vec<f64> = svg
        .split("<circle ")
        .skip(1)
        .filter(|c| c.contains(" pt\""))
        .map(|c| {
            let v = &c[c.find("cx=\"").unwrap() + 4..];
            v[..v.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    // A's points (1 January 2021, 1 January 2023), then B's (1 February 2021).
    assert_eq!(cx.len(), 3);
    let (a0, a1, b) = (cx[0], cx[1], cx[2]);
    let ratio = (b - a0) / (a1 - a0);
    assert!((ratio - 31.0 / 730.0).abs() < 0.005, "a month is a month wide: {ratio}");
    // A is one line through its own two points, across B's date; B is one point.
    assert_eq!(count(&svg, "line\" d=\"M"), 1, "{svg}");
    assert!(svg.contains(&format!("M{} ", N(a0))) && svg.contains(&format!("L{} ", N(a1))));
    // No series is drawn past its own last as-of date: B (one point) has no line, and A's
    // line ends at A's last point.
    let path = svg.split("line\" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let last_x: f64 = path.rsplit('L').next().unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!((last_x - a1).abs() < 0.1, "{path}");
    // The axis is labelled by year, with a boundary tick between years.
    assert_eq!(category_labels(&svg), ["2021</text>", "2022</text>", "2023</text>"]);
}
