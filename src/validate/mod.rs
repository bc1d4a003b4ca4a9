//! Validation: turns what [`crate::content`] read into a [`Site`], and checks what one file
//! cannot know on its own.
//!
//! `site` parses the registry and every case file (each in parallel, reusing earlier
//! parses from a `ParseCache`), leaves invalid and draft cases out, checks that slugs are
//! unique and not reserved, warns about misspelt capability domains, and reads the results
//! files. Slugs themselves are made and checked in [`slug`]; links and anchors, which need
//! the rendered pages, in [`links`]. Per-file checks (front matter, registry entries) live
//! with their parsers in `content/` and `model/`; nothing here reads or writes files.

pub mod links;
pub mod slug;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::config::Config;
use crate::content::{self, frontmatter};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::registry::Registry;
use crate::model::{CaseStudy, Date, Lang, Site, results};
use crate::render::Rendered;

/// A parsed case file: the case (when valid) and what parsing reported.
pub(crate) type Parsed = (Option<CaseStudy>, Vec<Diagnostic>);

/// Parsed case files of earlier builds, keyed by everything parsing reads (the file, the
/// registry, the language and today's date), for the dev server's rebuilds.
pub(crate) type ParseCache = HashMap<u128, Parsed>;

/// The outcome of [`site`]: the site to publish, and the bodies of the case files that
/// failed validation, still to be rendered and checked.
pub(crate) struct Validated {
    /// The valid, published (and, with `drafts`, draft) case studies and the rest of the
    /// model.
    pub(crate) site: Site,
    /// The bodies of the invalid case files that have one.
    pub(crate) unpublished: Vec<Unpublished>,
}

/// Parses the registry and every case study, then checks what spans files (unique
/// slugs). Invalid cases are left out and reported; their bodies are returned with the
/// site, to be checked all the same.
pub(crate) fn site(
    config: Config,
    sources: &content::Sources,
    drafts: bool,
    today: Date,
    diags: &mut Vec<Diagnostic>,
    cache: Option<&mut ParseCache>,
) -> Validated {
    let registry = registry(sources, diags);
    let parsed = parse_cases(sources, &registry, config.language, today, cache);
    let mut cases = Vec::with_capacity(parsed.len());
    let mut invalid = Vec::new();
    let mut invalid_files = Vec::new();
    for (i, ((case, mut d), file)) in parsed.into_iter().zip(&sources.cases).enumerate() {
        diags.append(&mut d);
        match case {
            Some(case) => cases.push(case),
            None => {
                invalid.push(slug::slugify(frontmatter::file_stem(&file.path)));
                invalid_files.push(i);
            }
        }
    }
    let mut cases = crate::model::translations::pair(cases, &config, drafts, diags);
    check_unique_slugs(&cases, diags);
    if registry.domains.is_empty() {
        check_domain_spellings(&cases, diags);
    }
    let mut left_out = Vec::new();
    if !drafts {
        left_out = cases.iter().filter(|c| c.draft).map(|c| c.slug.clone()).collect();
        cases.retain(|c| !c.draft);
    }
    cases.sort_by(CaseStudy::listing_order);
    let slugs: Vec<&str> = cases
        .iter()
        .map(|c| c.slug.as_str())
        .chain(invalid.iter().map(String::as_str))
        .chain(left_out.iter().map(String::as_str))
        .collect();
    let file_results = sources.results.as_deref().map_or_else(Vec::new, |text| {
        let (records, mut d) = results::parse_results(text, &registry, &slugs, today);
        diags.append(&mut d);
        records
    });
    let reported = sources.reported.as_deref().map_or_else(Vec::new, |text| {
        let (totals, mut d) = results::parse_reported(text, &registry, &slugs);
        diags.append(&mut d);
        totals
    });
    let results = results::collect(&cases, file_results);
    let site = Site { config, registry, cases, results, reported, drafts: left_out, invalid };
    Validated { site, unpublished: unpublished_bodies(sources, &invalid_files) }
}

/// The registry of institutions, modules and domains, with its problems in `diags`.
fn registry(sources: &content::Sources, diags: &mut Vec<Diagnostic>) -> Registry {
    let (mut registry, mut reg_diags) =
        Registry::parse(sources.banks.as_deref(), sources.modules.as_deref());
    registry.mark_unreadable(&sources.unreadable);
    diags.append(&mut reg_diags);
    if let Some(text) = &sources.domains {
        diags.append(&mut registry.add_domains(text));
    }
    registry
}

/// Parses every case file in parallel; with a cache, only the files whose inputs changed
/// since the last build.
fn parse_cases(
    sources: &content::Sources,
    registry: &Registry,
    language: Lang,
    today: Date,
    cache: Option<&mut ParseCache>,
) -> Vec<Parsed> {
    let parse =
        |f: &content::SourceFile| frontmatter::parse(&f.path, &f.text, registry, language, today);
    match cache {
        None => sources.cases.par_iter().map(parse).collect(),
        Some(cache) => {
            // A case parses the same when its file, the registry, the language and the
            // date (future-date warnings) are the same.
            let mut common = xxhash_rust::xxh3::Xxh3::new();
            for text in [&sources.banks, &sources.modules, &sources.domains] {
                common.update(text.as_deref().unwrap_or("\0").as_bytes());
                common.update(&[0xff]);
            }
            common.update(language.tag().as_bytes());
            common.update(&[today.year as u8, (today.year >> 8) as u8, today.month, today.day]);
            let keys: Vec<u128> = sources
                .cases
                .par_iter()
                .map(|f| {
                    let mut h = common.clone();
                    h.update(f.path.as_bytes());
                    h.update(&[0xff]);
                    h.update(f.text.as_bytes());
                    h.digest128()
                })
                .collect();
            let previous = std::mem::take(cache);
            let parsed: Vec<Parsed> = sources
                .cases
                .par_iter()
                .zip(&keys)
                .map(|(f, k)| previous.get(k).cloned().unwrap_or_else(|| parse(f)))
                .collect();
            *cache = keys.into_iter().zip(parsed.iter().cloned()).collect();
            parsed
        }
    }
}

/// The body of a case file that failed validation: not published, but rendered and
/// checked all the same (links, anchors, images, block limits), so that `check` reports
/// every problem of the file in one run.
pub(crate) struct Unpublished {
    source: String,
    slug: String,
    /// The Markdown body.
    pub(crate) body: String,
    body_line: usize,
}

impl Unpublished {
    /// The body as a document for the link check, once rendered.
    pub(crate) fn doc<'a>(&'a self, rendered: &'a Rendered) -> links::Doc<'a> {
        links::Doc {
            source: &self.source,
            slug: &self.slug,
            body_line: self.body_line,
            rendered,
            published: false,
            prefix: "",
        }
    }
}

/// The bodies of the invalid case files `invalid` (indices into `sources.cases`), where
/// the file has one: not when its front matter is never closed.
fn unpublished_bodies(sources: &content::Sources, invalid: &[usize]) -> Vec<Unpublished> {
    invalid
        .iter()
        .filter_map(|&i| {
            let file = &sources.cases[i];
            let (body, body_line) = frontmatter::body_of(&file.text)?;
            Some(Unpublished {
                source: file.path.clone(),
                slug: slug::slugify(frontmatter::file_stem(&file.path)),
                body: body.to_string(),
                body_line,
            })
        })
        .collect()
}

/// The error for a document with a table or code block over the limits of
/// [`crate::render`].
pub(crate) fn markdown_limit(doc: &links::Doc<'_>) -> Option<Diagnostic> {
    let block = doc.rendered.too_large.as_ref()?;
    let (line, column) = doc.position(block.at);
    Some(block.diagnostic(doc.source).at(line, column))
}

/// Errors for slugs that are reserved, too long (when made from the file name) or used
/// twice; slugs are compared case-folded, as file systems that ignore case would.
fn check_unique_slugs(cases: &[CaseStudy], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &CaseStudy> = HashMap::with_capacity(cases.len());
    for c in cases {
        // What the build writes in `cases/` besides the case folders (compared folded, as
        // file systems that ignore case would).
        let reserved = if c.slug.eq_ignore_ascii_case("page") {
            Some("/cases/page/N/ are the pages of the case listing")
        } else if c.slug.eq_ignore_ascii_case("index.html") {
            Some("/cases/index.html is the case listing")
        } else {
            None
        };
        if let Some(why) = reserved {
            let message = format!("slug `{}` is reserved: {why}", c.slug);
            diags.push(
                Diagnostic::error(Code::ReservedSlug, &c.source, message)
                    .at_line(c.slug_line.unwrap_or(1))
                    .with_hint("set another `slug:` in the front matter, or rename the file"),
            );
        }
        // An explicit slug was checked with the front matter; one made from the file name
        // may still be too long (lowercasing can lengthen it).
        if let Err(message) = slug::check_length("slug", &c.slug)
            && c.slug_line.is_none()
        {
            diags.push(
                Diagnostic::error(Code::NameTooLong, &c.source, message)
                    .at_line(1)
                    .with_hint("set a shorter `slug:` in the front matter, or rename the file"),
            );
        }
        // URLs are case-sensitive, but many file systems are not: compare folded.
        match seen.get(&c.slug.to_lowercase()) {
            Some(&first) => {
                // Blame the file whose explicit `slug:` causes the clash; when both or
                // neither have one, the later file.
                let (blamed, other) = if c.slug_line.is_none() && first.slug_line.is_some() {
                    (first, c)
                } else {
                    (c, first)
                };
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateSlug,
                        &blamed.source,
                        format!(
                            "slug `{}` is already used by `{}`: both would be written to /cases/{}/",
                            blamed.slug, other.source, blamed.slug
                        ),
                    )
                    .at_line(blamed.slug_line.unwrap_or(1))
                    .with_hint(
                        "give one of them a different `slug:` in its front matter, or rename the file",
                    ),
                )
            }
            None => {
                seen.insert(c.slug.to_lowercase(), c);
            }
        }
    }
}

/// Without a domain vocabulary, domains are free text: warn where a case spells a domain
/// almost like a more common one ("Security toolchian" next to "Security toolchain").
fn check_domain_spellings(cases: &[CaseStudy], diags: &mut Vec<Diagnostic>) {
    let mut counts: HashMap<String, (usize, &str)> = HashMap::new();
    for c in cases {
        for d in &c.domains {
            counts.entry(slug::slugify(d)).or_insert((0, d)).0 += 1;
        }
    }
    // A misspelling is a spelling near one that is used more often. Each spelling is
    // compared with the most used ones only, so the check stays linear however many
    // distinct spellings a site without a vocabulary has.
    const POPULAR: usize = 200;
    let mut popular: Vec<(&str, usize, &str)> =
        counts.iter().map(|(s, (n, name))| (s.as_str(), *n, *name)).collect();
    popular.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    popular.truncate(POPULAR);
    let mut near: HashMap<&str, &str> = HashMap::new();
    for (slug, (n, _)) in &counts {
        let better = popular
            .iter()
            .filter(|(other, m, _)| {
                *other != slug.as_str() && *m > *n && strsim::jaro_winkler(slug, other) >= 0.95
            })
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)));
        if let Some((_, _, name)) = better {
            near.insert(slug.as_str(), name);
        }
    }
    if near.is_empty() {
        return;
    }
    for c in cases {
        for (i, d) in c.domains.iter().enumerate() {
            if let Some(better) = near.get(slug::slugify(d).as_str()) {
                let (line, col, end) = c.domain_spans.get(i).copied().unwrap_or((1, 1, 1));
                diags.push(
                    Diagnostic::warning(Code::DomainSpelling, &c.source, format!("capability domain `{d}` looks like a misspelling"))
                        .at(line, col)
                        .to_column(end)
                        .with_hint(format!("did you mean `{better}`? other case studies use it; add content/_data/domains.yaml to fix the vocabulary")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date { year: 2026, month: 1, day: 1 };

    /// A case file with the given extra front-matter lines and domains.
    fn case(extra: &str, domains: &str) -> String {
        format!(
            "---\ntitle: A result\nbank: zhengzhou bank\nproject: E-banking\nmodule: Security operation\nlevel: 2\ndate: 2021-12-24\ndomains: [{domains}]\n{extra}---\n\nBody text.\n"
        )
    }

    fn sources(files: &[(&str, String)]) -> content::Sources {
        content::Sources {
            banks: Some("- id: zhengzhou-bank\n  name: Zhengzhou Bank\n  type: city-commercial\n".into()),
            modules: Some("- id: devsecops\n  name: DevSecOps\n  modules:\n    - id: security-operation\n      name: Security operation\n".into()),
            cases: files
                .iter()
                .map(|(p, t)| content::SourceFile { path: format!("content/cases/{p}"), text: t.clone() })
                .collect(),
            ..content::Sources::default()
        }
    }

    fn validate(files: &[(&str, String)], drafts: bool) -> (Validated, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let v = site(Config::default(), &sources(files), drafts, TODAY, &mut diags, None);
        (v, diags)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<(Code, &str, Option<usize>)> {
        diags.iter().map(|d| (d.code, d.path.as_str(), d.line)).collect()
    }

    #[test]
    fn errors_on_duplicate_slug_blaming_the_explicit_slug() {
        let files = [("a.md", case("slug: b\n", "Monitoring")), ("b.md", case("", "Monitoring"))];
        let (_, diags) = validate(&files, false);
        assert_eq!(codes(&diags), [(Code::DuplicateSlug, "content/cases/a.md", Some(9))]);
        assert!(diags[0].message.contains("already used by `content/cases/b.md`"), "{diags:?}");
    }

    #[test]
    fn errors_on_reserved_slugs_in_any_case() {
        let files = [
            ("Page.md", case("", "Monitoring")),
            ("x.md", case("slug: index.html\n", "Monitoring")),
        ];
        let (_, diags) = validate(&files, false);
        assert_eq!(
            codes(&diags),
            [
                (Code::ReservedSlug, "content/cases/Page.md", Some(1)),
                (Code::ReservedSlug, "content/cases/x.md", Some(9)),
            ]
        );
    }

    #[test]
    fn warns_on_a_domain_spelt_like_a_more_common_one() {
        let files = [
            ("a.md", case("", "Security toolchain")),
            ("b.md", case("", "Security toolchain")),
            ("c.md", case("", "Security toolchian")),
        ];
        let (_, diags) = validate(&files, false);
        assert_eq!(codes(&diags), [(Code::DomainSpelling, "content/cases/c.md", Some(8))]);
        assert_eq!(diags[0].severity, crate::Severity::Warning);
        assert!(diags[0].hint.as_deref().unwrap_or("").contains("`Security toolchain`"));
    }

    #[test]
    fn keeps_the_body_of_an_invalid_case_and_leaves_out_drafts() {
        let files = [
            ("bad.md", case("titel: typo\n", "Monitoring")),
            ("draft.md", case("draft: true\n", "Monitoring")),
            ("good.md", case("", "Monitoring")),
        ];
        let (v, diags) = validate(&files, false);
        assert_eq!(codes(&diags), [(Code::UnknownField, "content/cases/bad.md", Some(9))]);
        let slugs: Vec<&str> = v.site.cases.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["good"]);
        assert_eq!(
            (v.site.invalid.as_slice(), v.site.drafts.as_slice()),
            (&["bad".to_string()][..], &["draft".to_string()][..])
        );
        assert_eq!(v.unpublished.len(), 1);
        assert_eq!(v.unpublished[0].body, "\nBody text.\n");
        let (with_drafts, _) = validate(&files, true);
        assert_eq!(with_drafts.site.cases.len(), 2);
    }
}
