//! Translations of case studies: `name.md` and `name.zh.md` in the same folder are one case
//! study (one assessment result) in two languages.
//!
//! After every file is parsed, the versions of one case study are paired here: the version
//! in the site's default language (else the one in the language listed first) becomes the
//! case study every listing, statistic and result counts, and the others ride along in
//! [`CaseStudy::translations`], so that no result is counted twice. The facts of the result
//! (institution, module, level, date) must agree between the versions; where they do not,
//! both files get an error. This module owns the pairing and that check; it does not
//! decide what the pages of each language show.

use std::collections::BTreeMap;

use crate::content::config::Config;
use crate::content::frontmatter::file_stem;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CaseStudy, Lang};

/// The versions of one case study share this: the file's folder and its name without the
/// language suffix and `.md`.
fn translation_key(path: &str) -> String {
    let folder = path.rsplit_once(['/', '\\']).map_or("", |(dir, _)| dir);
    format!("{folder}/{}", file_stem(path))
}

/// Pairs the versions of each case study: returns one [`CaseStudy`] per result, each with
/// its other-language versions in `translations` (in the site's language order). Problems
/// (two files in one language, versions that disagree on the result) are pushed to
/// `diags`; a version with a problem is left out.
///
/// A draft version is not published unless `drafts`: a draft translation of a published
/// case study is left out (the case study is listed in that language with its published
/// version), and when the default-language version is the draft, a published translation
/// carries the case study.
pub fn pair(
    cases: Vec<CaseStudy>,
    config: &Config,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<CaseStudy> {
    let order = |lang: Lang| config.languages.iter().position(|l| l.lang == lang);
    let mut groups: BTreeMap<String, Vec<CaseStudy>> = BTreeMap::new();
    for case in cases {
        groups.entry(translation_key(&case.source)).or_default().push(case);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (_, mut versions) in groups {
        // The default language first, then the site's order; files in path order within one
        // language (the loader reads in path order).
        versions.sort_by_key(|c| (c.draft && !drafts, order(c.lang).unwrap_or(usize::MAX)));
        let mut versions = versions.into_iter();
        let Some(mut primary) = versions.next() else { continue };
        for other in versions {
            if other.lang == primary.lang
                || primary.translations.iter().any(|t| t.lang == other.lang)
            {
                let first = if other.lang == primary.lang {
                    &primary
                } else {
                    primary.translations.iter().find(|t| t.lang == other.lang).unwrap_or(&primary)
                };
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateTranslation,
                        other.source.clone(),
                        format!(
                            "`{}` is also a `{}` version of this case study",
                            first.source,
                            other.lang.code()
                        ),
                    )
                    .with_hint(
                        "a case study has one file per language: `name.md` and `name.zh.md`; \
                         remove `lang:` or rename one of them",
                    ),
                );
                continue;
            }
            let differences = disagreements(&primary, &other);
            if !differences.is_empty() {
                diags.extend(mismatch(&primary, &other, &differences));
                continue;
            }
            if drafts || !other.draft {
                primary.translations.push(other);
            }
        }
        out.push(primary);
    }
    out
}

/// The facts of the result on which two versions disagree: (front-matter key, value in
/// `a`, value in `b`).
fn disagreements(a: &CaseStudy, b: &CaseStudy) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let mut compare = |key: &'static str, x: String, y: String| {
        if x != y {
            out.push((key, x, y));
        }
    };
    compare("bank", a.bank.to_string(), b.bank.to_string());
    compare("module", a.module.to_string(), b.module.to_string());
    compare("level", a.level.to_string(), b.level.to_string());
    compare("date", a.date.to_string(), b.date.to_string());
    out
}

/// One error at each file: the facts of one result must be the same in every language.
fn mismatch(
    a: &CaseStudy,
    b: &CaseStudy,
    differences: &[(&'static str, String, String)],
) -> Vec<Diagnostic> {
    let keys: Vec<&str> = differences.iter().map(|(k, _, _)| *k).collect();
    let at = |case: &CaseStudy, other: &CaseStudy| {
        Diagnostic::error(
            Code::TranslationMismatch,
            case.source.clone(),
            format!(
                "this {} version and its {} version `{}` disagree on {}",
                case.lang.code(),
                other.lang.code(),
                other.source,
                keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_hint(
            "the versions of a case study describe one result: give both files the same \
             institution, module, level and date",
        )
    };
    vec![at(a, b), at(b, a)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_ignores_the_language_suffix_but_not_the_folder() {
        assert_eq!(translation_key("content/cases/a.md"), "content/cases/a");
        assert_eq!(translation_key("content/cases/a.zh.md"), "content/cases/a");
        assert_ne!(
            translation_key("content/cases/2024/a.md"),
            translation_key("content/cases/a.md")
        );
    }
}
