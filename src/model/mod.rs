//! The in-memory site model shared by every stage after loading.
//!
//! These are the *resolved* shapes: a [`CaseStudy`] has its institution and module looked
//! up in the registry, its level and date parsed and its slug fixed. The raw, file-format
//! shapes live in [`crate::content`] and [`crate::model::registry`]. Nothing here does I/O.

pub mod date;
pub mod registry;
pub mod results;
pub mod taxonomy;
pub mod translations;

pub use date::Date;

use std::fmt;

use crate::content::config::Config;
use crate::model::registry::Registry;

/// A maturity level of YD/T 3763: 1 to 5, optionally with a plus grade (`2+`) that ranks
/// above the plain level and below the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level {
    /// 1 (Initial) to 5 (Outstanding).
    pub number: u8,
    /// True for a plus grade such as `2+`.
    pub plus: bool,
}

impl Level {
    /// Parses `"2"`, `"2+"`, `"Level 3"` or `"L4"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim();
        let t = t
            .strip_prefix("Level")
            .or_else(|| t.strip_prefix("level"))
            .or_else(|| t.strip_prefix('L'))
            .unwrap_or(t)
            .trim();
        let (digits, plus) = match t.strip_suffix('+') {
            Some(d) => (d.trim(), true),
            None => (t, false),
        };
        let number: u8 = digits.parse().ok()?;
        if !(1..=5).contains(&number) || (plus && number == 5) {
            return None;
        }
        Some(Level { number, plus })
    }

    /// English name of the level (`Foundation`).
    pub fn name(self) -> &'static str {
        ["Initial", "Foundation", "Comprehensive", "Excellent", "Outstanding"]
            [usize::from(self.number - 1)]
    }

    /// Chinese name of the level (`基础级`).
    pub fn name_zh(self) -> &'static str {
        ["初始级", "基础级", "全面级", "优秀级", "卓越级"][usize::from(self.number - 1)]
    }

    /// URL segment: `2` or `2-plus`.
    pub fn slug(self) -> String {
        if self.plus { format!("{}-plus", self.number) } else { self.number.to_string() }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.number, if self.plus { "+" } else { "" })
    }
}

/// Language of a case study's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

impl Lang {
    /// Parses `en` or `zh` (also `zh-CN`, `zh-Hans`).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The short code: `en` or `zh` (file names, catalogues).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The folder of this language's pages when it is not the site's default (`zh/`).
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "en/",
            Lang::Zh => "zh/",
        }
    }

    /// Every language casebook knows, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag used in `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// Where a value is written in a source file: (line, column, end column), 1-based, end
/// exclusive, columns in characters.
pub type SourceSpan = (usize, usize, usize);

/// A person interviewed for a case study.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Interviewee {
    /// Full name.
    pub name: String,
    /// Job title, as given in the write-up.
    #[serde(default)]
    pub role: Option<String>,
}

/// One assessment result written up as a case study, validated and resolved.
#[derive(Debug, Clone)]
pub struct CaseStudy {
    /// Source file, relative to the site root (for diagnostics).
    pub source: String,
    /// URL segment under `/cases/`: unique, safe, never empty.
    pub slug: String,
    /// Line of the `slug:` key when the slug was given explicitly.
    pub slug_line: Option<usize>,
    /// Headline.
    pub title: String,
    /// Index into [`Registry::banks`].
    pub bank: usize,
    /// The assessed project or system.
    pub project: String,
    /// Index into [`Registry::units`]: a module, or a whole part when the module is unknown.
    pub module: usize,
    /// The level passed.
    pub level: Level,
    /// The day the result was announced.
    pub date: Date,
    /// Capability domains: canonical names when the site has a domain vocabulary, else as
    /// written.
    pub domains: Vec<String>,
    /// Where each domain is written: (line, column, end column).
    pub domain_spans: Vec<SourceSpan>,
    /// Short summary; empty when the file has none.
    pub summary: Option<String>,
    /// Where the result was announced.
    pub event: Option<String>,
    /// Who assessed (default CAICT).
    pub assessor: String,
    /// People interviewed.
    pub interviewees: Vec<Interviewee>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// The article the case study is written from (`source:`), when given.
    pub article: Option<crate::model::results::Article>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Language of the text.
    pub lang: Lang,
    /// Markdown body.
    pub body: std::sync::Arc<str>,
    /// 1-based line of the file where the body starts (for diagnostics).
    pub body_line: usize,
    /// The same case study in the site's other languages (`name.zh.md` beside
    /// `name.md`), in the site's language order; see [`translations`].
    pub translations: Vec<CaseStudy>,
}

impl CaseStudy {
    /// An empty value, only to move a case study out of a list for a moment.
    fn placeholder() -> CaseStudy {
        CaseStudy {
            source: String::new(),
            slug: String::new(),
            slug_line: None,
            title: String::new(),
            bank: 0,
            project: String::new(),
            module: 0,
            level: Level { number: 1, plus: false },
            date: Date { year: 1970, month: 1, day: 1 },
            domains: Vec::new(),
            domain_spans: Vec::new(),
            summary: None,
            event: None,
            assessor: String::new(),
            interviewees: Vec::new(),
            tags: Vec::new(),
            article: None,
            draft: false,
            lang: Lang::En,
            body: std::sync::Arc::from(""),
            body_line: 0,
            translations: Vec::new(),
        }
    }

    /// The order of every listing: newest first, then by title and slug so that ties are
    /// stable across builds.
    pub fn listing_order(a: &CaseStudy, b: &CaseStudy) -> std::cmp::Ordering {
        b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.slug.cmp(&b.slug))
    }
}

/// Everything the rendering stages need: configuration, registry and the published cases
/// in listing order (newest first).
#[derive(Debug, Clone)]
pub struct Site {
    /// Validated configuration.
    pub config: Config,
    /// Institutions, parts and modules.
    pub registry: Registry,
    /// Published case studies, newest first.
    pub cases: Vec<CaseStudy>,
    /// **Every** assessment result: one record per case study and the records of
    /// `results.yaml`, in [`crate::model::results::ResultRecord::listing_order`] (newest first).
    /// Built by [`crate::model::results::collect`]; every count on every page, the statistics,
    /// feeds and the matrix read this list and nothing else. Read it through
    /// [`Site::results`].
    pub results: Vec<crate::model::results::ResultRecord>,
    /// Totals reported by articles, in file order.
    pub reported: Vec<crate::model::results::Reported>,
    /// Slugs of valid drafts left out of this build (for link-check hints).
    pub drafts: Vec<String>,
    /// Slugs (from file names) of case files that failed validation: links to them are
    /// not reported again, the file's own errors are the cause.
    pub invalid: Vec<String>,
}

impl Site {
    /// The site as its pages in `lang` show it: the language's title and description, the
    /// base path with the language's prefix (`/zh/`), and each case study in its `lang`
    /// version where it has one (its own version otherwise, which the pages mark and link
    /// to in its own language). The same results, in the same order: only texts change.
    pub fn for_language(&self, lang: Lang) -> Site {
        let mut site = self.clone();
        let config = &mut site.config;
        if let Some(settings) = self.config.language(lang) {
            config.title.clone_from(&settings.title);
            config.description.clone_from(&settings.description);
        }
        config.pages_lang = lang;
        if lang == Lang::Zh {
            site.registry.lead_with_chinese_names();
        }
        config.base_path = format!("{}{}", config.root_path, config.lang_prefix(lang));
        for case in &mut site.cases {
            if let Some(i) = case.translations.iter().position(|t| t.lang == lang) {
                let mut version = case.translations.remove(i);
                // The version carries its siblings, so its page can link to them.
                let mut siblings = std::mem::take(&mut case.translations);
                siblings.push(std::mem::replace(case, CaseStudy::placeholder()));
                version.translations = siblings
                    .into_iter()
                    .map(|mut c| {
                        c.translations.clear();
                        c
                    })
                    .collect();
                *case = version;
            }
        }
        for record in &mut site.results {
            if let Some(i) = record.case() {
                record.project = Some(site.cases[i].project.clone());
            } else if lang == Lang::Zh {
                record.lead_with_chinese();
            }
        }
        site
    }

    /// The languages a case study can be read in: its own and those of its translations.
    pub fn case_langs(case: &CaseStudy) -> impl Iterator<Item = Lang> + '_ {
        std::iter::once(case.lang).chain(case.translations.iter().map(|t| t.lang))
    }

    /// The one results list (see [`crate::model::results`]): every result of the site, case
    /// studies and `results.yaml` alike, newest first. A record may stand for several
    /// results (`count`); sum with [`crate::model::results::total`].
    pub fn results(&self) -> &[crate::model::results::ResultRecord] {
        &self.results
    }
}

/// Puts a Chinese text first, for pages in Chinese: swaps `text` and `zh` when a Chinese
/// one is given (the English one then stays beside it in `zh`), else leaves both.
pub(crate) fn lead_with_chinese_text(text: &mut Option<String>, zh: &mut Option<String>) {
    if zh.as_deref().is_some_and(|z| !z.trim().is_empty()) {
        std::mem::swap(text, zh);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_grade_sorts_between_levels() {
        let l2 = Level::parse("2").unwrap();
        let l2p = Level::parse("2+").unwrap();
        let l3 = Level::parse("Level 3").unwrap();
        assert!(l2 < l2p && l2p < l3);
        assert_eq!(l2p.to_string(), "2+");
        assert_eq!(l2p.slug(), "2-plus");
        assert_eq!(l3.name(), "Comprehensive");
        assert_eq!(l3.name_zh(), "全面级");
    }

    #[test]
    fn rejects_levels_out_of_range() {
        for bad in ["0", "6", "5+", "two", "", "2++"] {
            assert_eq!(Level::parse(bad), None, "{bad}");
        }
    }
}
