//! The generated corpus as a Hugo site (`gen_corpus --hugo DIR`), so that casebook and Hugo
//! can be compared on the same content (`bench/hugo.sh`).
//!
//! This module owns the Hugo side only: `hugo.toml`, one term page per institution, module,
//! level and institution type (`content/<taxonomy>/<term>/_index.md`, which carries the
//! names casebook reads from `banks.yaml` and its built-in tables), one page per case study
//! with Hugo front matter, and a small theme (`layouts/`, files next to this one, embedded
//! with `include_str!`) that mirrors casebook's default theme. It does not draw anything:
//! each case's [`Front`] and Markdown body come from `render_case`, the same values the
//! casebook file is written from, so both sites hold the same cases, dates and bodies.
//!
//! What the two sites do not share: casebook also writes a results matrix, statistics pages
//! with charts and a client-side search index, which Hugo has no equivalent of. Feeds match
//! (the site, each institution, each module; 20 entries each), and neither writes a sitemap
//! (casebook needs an absolute `base_url` for one).

use super::*;

/// Theme files, written verbatim under the Hugo site root.
const FILES: &[(&str, &str)] = &[
    ("layouts/_default/baseof.html", include_str!("layouts/_default/baseof.html")),
    ("layouts/_default/single.html", include_str!("layouts/_default/single.html")),
    ("layouts/_default/list.html", include_str!("layouts/_default/list.html")),
    ("layouts/_default/term.html", include_str!("layouts/_default/term.html")),
    ("layouts/_default/terms.html", include_str!("layouts/_default/terms.html")),
    ("layouts/index.html", include_str!("layouts/index.html")),
    ("layouts/404.html", include_str!("layouts/404.html")),
    ("layouts/partials/head.html", include_str!("layouts/partials/head.html")),
    ("layouts/partials/header.html", include_str!("layouts/partials/header.html")),
    ("layouts/partials/footer.html", include_str!("layouts/partials/footer.html")),
    ("layouts/partials/breadcrumbs.html", include_str!("layouts/partials/breadcrumbs.html")),
    ("layouts/partials/level-badge.html", include_str!("layouts/partials/level-badge.html")),
    ("layouts/partials/result-row.html", include_str!("layouts/partials/result-row.html")),
    ("layouts/partials/results-table.html", include_str!("layouts/partials/results-table.html")),
    ("layouts/partials/case-card.html", include_str!("layouts/partials/case-card.html")),
    ("layouts/partials/pagination.html", include_str!("layouts/partials/pagination.html")),
    ("static/assets/syntax.css", include_str!("syntax.css")),
    // casebook's own stylesheet and icon: the templates use the same class names.
    ("static/assets/casebook.css", include_str!("../../themes/default/static/assets/casebook.css")),
    ("static/favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
];

/// (slug, English name, Chinese name) of the institution types, as casebook names them.
const TYPES: &[(&str, &str, &str)] = &[
    ("state-owned", "State-owned banks", "国有大型银行"),
    ("joint-stock", "Joint-stock banks", "股份制银行"),
    ("city-commercial", "City commercial banks", "城市商业银行"),
    ("rural-commercial", "Rural commercial banks", "农村商业银行"),
    ("private", "Private and internet banks", "民营及互联网银行"),
    ("policy", "Policy banks", "政策性银行"),
    ("foreign", "Foreign banks", "外资银行"),
    ("securities", "Securities firms", "证券公司"),
    ("insurance", "Insurers", "保险公司"),
    ("other", "Other institutions", "其他机构"),
];

const LEVEL_NAMES: [(&str, &str); 5] = [
    ("Initial", "初始级"),
    ("Foundation", "基础级"),
    ("Comprehensive", "全面级"),
    ("Excellent", "优秀级"),
    ("Outstanding", "卓越级"),
];

/// (singular, plural, title) of each taxonomy, in the order of the site's navigation.
const TAXONOMIES: &[(&str, &str, &str)] = &[
    ("institution", "institutions", "Institutions"),
    ("module", "modules", "Modules"),
    ("level", "levels", "Levels"),
    ("year", "years", "Years"),
    ("type", "types", "Institution types"),
    ("domain", "domains", "Capability domains"),
    ("tag", "tags", "Tags"),
];

/// Checks `dir` like `prepare_dir` does for the casebook site; with `force`, deletes the
/// `content/`, `layouts/` and `static/` that an earlier run wrote there.
pub(crate) fn prepare(dir: &Path, force: bool) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    if dir.exists() {
        let non_empty = fs::read_dir(dir).map_err(|e| io(dir, e))?.next().is_some();
        if non_empty && !force {
            return Err(format!(
                "{} is not empty (use --force to regenerate into it)",
                dir.display()
            ));
        }
        for sub in ["content", "layouts", "static"] {
            let p = dir.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p).map_err(|e| io(&p, e))?;
            }
        }
    }
    for sub in ["content/cases", "layouts/_default", "layouts/partials", "static/assets"] {
        let p = dir.join(sub);
        fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
    }
    Ok(())
}

/// Every file of the Hugo site except the case pages, as (relative path, text).
pub(crate) fn site_files(
    n: usize,
    seed: u64,
    banks: &[Bank],
    units: &[Unit],
) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        FILES.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    files.push(("hugo.toml".into(), config(n, seed)));
    files.push(("content/cases/_index.md".into(), "---\ntitle: Case studies\n---\n".into()));
    for (_, plural, title) in TAXONOMIES {
        files.push((format!("content/{plural}/_index.md"), format!("---\ntitle: {title}\n---\n")));
    }
    for b in banks {
        files.push((format!("content/institutions/{}/_index.md", b.id), bank_page(b)));
    }
    for u in units {
        files.push((format!("content/modules/{}/_index.md", u.id), unit_page(u)));
    }
    for number in 1..=5u8 {
        for plus in [false, true] {
            if plus && number == 5 {
                continue;
            }
            files.push((
                format!("content/levels/{}/_index.md", level_slug(number, plus)),
                level_page(number, plus),
            ));
        }
    }
    for (slug, name, zh) in TYPES {
        files.push((
            format!("content/types/{slug}/_index.md"),
            format!("---\ntitle: {name}\nname_zh: {zh}\n---\n"),
        ));
    }
    files
}

fn config(n: usize, seed: u64) -> String {
    let mut s = String::new();
    w!(
        s,
        "# Hugo version of the site generated by `gen_corpus --n {n} --seed {seed} --hugo DIR`.\n"
    );
    s.push_str(
        r#"baseURL = "/"
title = "Synthetic DevOps Case Studies"
languageCode = "en"
paginate = 20
# casebook writes relative links (the site works from any directory or file://).
relativeURLs = true
enableRobotsTXT = true
# casebook writes no sitemap when base_url is not absolute.
disableKinds = ["sitemap"]

[params]
"#,
    );
    w!(
        s,
        "description = \"{n} generated interviews about CAICT DevOps capability maturity assessments (YD/T 3763), for benchmarking casebook.\"\n\n[taxonomies]\n"
    );
    for (singular, plural, _) in TAXONOMIES {
        w!(s, "{singular} = \"{plural}\"\n");
    }
    s.push_str(
        r#"
# Feeds like casebook's: the site, each institution and each module (their term pages
# add RSS in their front matter), the newest 20 entries each.
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[services.rss]
limit = 20

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"#,
    );
    s
}

fn level_slug(number: u8, plus: bool) -> String {
    if plus { format!("{number}-plus") } else { number.to_string() }
}

fn level_page(number: u8, plus: bool) -> String {
    let (name, zh) = LEVEL_NAMES[usize::from(number - 1)];
    let value = format!("{number}{}", if plus { "+" } else { "" });
    format!(
        "---\ntitle: \"Level {value}\"\nvalue: \"{value}\"\nnumber: {number}\nplus: {plus}\nname: {name}\nname_zh: {zh}\nweight: {}\n---\n",
        number * 2 + u8::from(plus)
    )
}

fn bank_page(b: &Bank) -> String {
    let mut s = String::from("---\ntitle: ");
    yq(&mut s, &b.name);
    s.push_str("\nname_zh: ");
    yq(&mut s, &b.name_zh);
    if let Some(short) = &b.short {
        s.push_str("\nshort: ");
        yq(&mut s, short);
    }
    w!(s, "\ninstitution_type: {}\n", b.kind);
    if let Some(r) = &b.region {
        s.push_str("region: ");
        yq(&mut s, r);
        s.push('\n');
    }
    s.push_str("description: ");
    yq(&mut s, &b.description);
    s.push_str("\noutputs: [HTML, RSS]\n---\n");
    s
}

fn unit_page(u: &Unit) -> String {
    let part = &PARTS[u.part];
    let mut s = String::from("---\ntitle: ");
    yq(&mut s, u.name);
    w!(s, "\nname_zh: {}\n", u.name_zh);
    let description = if u.is_part {
        if !part.short.is_empty() {
            w!(s, "short: {}\n", part.short);
        }
        s.push_str("is_part: true\n");
        part.description
    } else {
        w!(s, "part: {}\n", part.id);
        part.modules.iter().find(|m| m.id == u.id).map_or("", |m| m.description)
    };
    s.push_str("description: ");
    yq(&mut s, description);
    s.push_str("\noutputs: [HTML, RSS]\n---\n");
    s
}

/// Writes the Hugo page of a case study: front matter with resolved taxonomy terms, then
/// the same Markdown body as the casebook file.
pub(crate) fn write_case(
    out: &mut String,
    f: &Front,
    meta: &Meta,
    banks: &[Bank],
    units: &[Unit],
    body: &str,
) {
    let bank = &banks[meta.bank];
    let unit = &units[meta.unit];
    out.push_str("---\ntitle: ");
    yq(out, &f.title);
    w!(out, "\ndate: {}\n", meta.date);
    if let Some(s) = &f.summary {
        out.push_str("summary: ");
        yq(out, s);
        out.push('\n');
    }
    if meta.draft {
        out.push_str("draft: true\n");
    }
    out.push_str("project: ");
    yq(out, &meta.project);
    out.push('\n');
    crate::write_event_and_people(out, f);
    if let Some(lang) = f.lang {
        w!(out, "case_lang: {lang}\n");
    }
    w!(out, "institutions: [{}]\ntypes: [{}]\nmodules: [{}", bank.id, bank.kind, unit.id);
    if !unit.is_part {
        w!(out, ", {}", PARTS[unit.part].id);
    }
    w!(
        out,
        "]\nlevels: [\"{}\"]\nyears: [\"{}\"]\ndomains: ",
        level_slug(meta.level, meta.plus),
        meta.date.y
    );
    ylist(out, &f.domains);
    if let Some(tags) = &f.tags {
        out.push_str("\ntags: ");
        ylist(out, tags);
    }
    out.push_str("\n---\n\n");
    out.push_str(body);
}
