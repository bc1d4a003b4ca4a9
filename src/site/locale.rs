//! Values shown in a page's language: dates, levels, names given in both languages and
//! reading times.
//!
//! The patterns come from the theme's string catalogue (`date.format`, `level.label`…), so a
//! theme or a site can change them like any other string; the names come from the
//! registry (`name` and `name_zh`), the Chinese one being the primary label on Chinese
//! pages when the registry has it. This module formats; it does not choose a page's
//! language.

use crate::model::{Date, Lang, Level};
use crate::site::strings::Strings;

/// Reading speed for the reading-time estimate, in counted words per minute. Words are
/// whitespace-separated runs of Latin text, and every CJK character counts as one
/// (`render::count_words`): a Chinese reader reads about 400 characters a minute, an
/// English one about 220 words.
const WORDS_PER_MINUTE: [(Lang, usize); 2] = [(Lang::En, 220), (Lang::Zh, 400)];

/// Formats values for one language.
#[derive(Clone, Copy)]
pub(crate) struct Locale<'a> {
    /// The language of the page.
    pub lang: Lang,
    strings: &'a Strings,
}

impl<'a> Locale<'a> {
    /// A locale for `lang` with the catalogue of that language.
    pub(crate) fn new(lang: Lang, strings: &'a Strings) -> Locale<'a> {
        Locale { lang, strings }
    }

    fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        self.strings.format(key, None, args).unwrap_or_else(|| key.to_string())
    }

    /// `25 April 2024` / `2024年4月25日`.
    pub(crate) fn date(&self, d: Date) -> String {
        let month = self.strings.text(MONTH_KEYS[usize::from(d.month.clamp(1, 12) - 1)]);
        self.fill(
            "date.format",
            &[
                ("day", d.day.to_string()),
                ("month", month.to_string()),
                ("year", d.year.to_string()),
            ],
        )
    }

    /// The level's name alone: `Foundation` / `基础级`.
    pub(crate) fn level_name(&self, l: Level) -> &'a str {
        self.strings.text(LEVEL_NAME_KEYS[usize::from(l.number.clamp(1, 5) - 1)])
    }

    /// The level as a heading: `Level 2 · Foundation` / `二级 · 基础级`, with `+` for a
    /// plus grade.
    pub(crate) fn level(&self, l: Level) -> String {
        let key = if l.plus { "level.label_plus" } else { "level.label" };
        self.fill(
            key,
            &[
                ("n", l.number.to_string()),
                (
                    "cn",
                    self.strings
                        .text(LEVEL_NUMBER_KEYS[usize::from(l.number.clamp(1, 5) - 1)])
                        .into(),
                ),
                ("name", self.level_name(l).to_string()),
            ],
        )
    }

    /// Minutes to read `words` counted words (at least 1).
    pub(crate) fn reading_minutes(&self, words: usize) -> usize {
        let per_minute =
            WORDS_PER_MINUTE.iter().find(|(l, _)| *l == self.lang).map_or(220, |(_, n)| *n);
        words.div_ceil(per_minute).max(1)
    }
}

/// The built-in catalogue of `lang`, parsed once.
fn built_in(lang: Lang) -> &'static Strings {
    static EN: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
    static ZH: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| Strings::default_for("en")),
        Lang::Zh => ZH.get_or_init(|| Strings::default_for("zh")),
    }
}

/// `d` as pages in `lang` show it (`25 April 2024`, `2024年4月25日`), from the built-in
/// catalogue.
pub(crate) fn date(lang: Lang, d: Date) -> String {
    Locale::new(lang, built_in(lang)).date(d)
}

/// A date only known as an upper bound (`by 25 April 2024`, `2024年4月25日前`), from the
/// built-in catalogue (`term.fact.known_by`).
pub(crate) fn known_by(lang: Lang, d: Date) -> String {
    let l = Locale::new(lang, built_in(lang));
    l.fill("term.fact.known_by", &[("date", l.date(d))])
}

/// Minutes to read a text in `lang` of `words` counted words (every CJK character counts
/// as one): about 220 English words or 400 Chinese characters a minute.
pub(crate) fn reading_minutes(lang: Lang, words: usize) -> usize {
    Locale::new(lang, built_in(lang)).reading_minutes(words)
}

/// The level's name in `lang` (`Foundation`, `基础级`).
pub(crate) fn level_name(lang: Lang, l: Level) -> &'static str {
    if lang == Lang::Zh { l.name_zh() } else { l.name() }
}

/// The level as a heading in `lang` (`Level 2 · Foundation`, `二级 · 基础级`).
pub(crate) fn level_label(lang: Lang, l: Level) -> String {
    Locale::new(lang, built_in(lang)).level(l)
}

/// A name given in both languages, as (primary, secondary) for pages in `lang`: the
/// Chinese name leads on Chinese pages.
pub(crate) fn pair<'a>(lang: Lang, en: &'a str, zh: &'a str) -> (&'a str, &'a str) {
    if lang == Lang::Zh { (zh, en) } else { (en, zh) }
}

/// Term names in `lang`: levels (`二级 · 基础级`) and institution types lead with the
/// Chinese name on Chinese pages, the English one beside it. Institutions, parts and
/// modules are already named in the page's language by [`crate::model::Site::for_language`].
pub(crate) fn localize_terms(tax: &mut crate::model::taxonomy::Taxonomies, lang: Lang) {
    use crate::model::taxonomy::TermRef;
    if lang != Lang::Zh {
        return;
    }
    for term in tax.terms.values_mut().flatten() {
        match term.what {
            TermRef::Level(level) => {
                term.name = level_label(Lang::Zh, level);
                term.name_zh = Some(level_label(Lang::En, level));
            }
            TermRef::Type(kind) => {
                term.name = kind.name_zh().to_string();
                term.name_zh = Some(kind.name().to_string());
            }
            // A capability domain from the registry's vocabulary: its Chinese name leads.
            // The slug was made from the English name, so URLs agree across languages.
            TermRef::Text if term.kind == crate::model::taxonomy::TermKind::Domain => {
                if let Some(zh) = term.name_zh.take().filter(|z| !z.is_empty()) {
                    term.name_zh = Some(std::mem::replace(&mut term.name, zh));
                }
            }
            _ => {}
        }
    }
}

const MONTH_KEYS: [&str; 12] = [
    "date.months.1",
    "date.months.2",
    "date.months.3",
    "date.months.4",
    "date.months.5",
    "date.months.6",
    "date.months.7",
    "date.months.8",
    "date.months.9",
    "date.months.10",
    "date.months.11",
    "date.months.12",
];

const LEVEL_NAME_KEYS: [&str; 5] =
    ["level.names.1", "level.names.2", "level.names.3", "level.names.4", "level.names.5"];

const LEVEL_NUMBER_KEYS: [&str; 5] =
    ["level.numbers.1", "level.numbers.2", "level.numbers.3", "level.numbers.4", "level.numbers.5"];

#[cfg(test)]
mod tests {
    use super::*;

    fn both<T>(f: impl Fn(Locale<'_>) -> T) -> (T, T) {
        let en = Strings::default_for("en");
        let zh = Strings::default_for("zh");
        (f(Locale::new(Lang::En, &en)), f(Locale::new(Lang::Zh, &zh)))
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let d = Date { year: 2024, month: 4, day: 25 };
        assert_eq!(both(|l| l.date(d)), ("25 April 2024".into(), "2024年4月25日".into()));
        // The English form is the one pages have always shown.
        assert_eq!(both(|l| l.date(d)).0, d.display());
    }

    #[test]
    fn levels_and_their_plus_grades() {
        let two = Level { number: 2, plus: false };
        let three_plus = Level { number: 3, plus: true };
        assert_eq!(both(|l| l.level(two)), ("Level 2 · Foundation".into(), "二级 · 基础级".into()));
        assert_eq!(
            both(|l| l.level(three_plus)),
            ("Level 3+ · Comprehensive".into(), "三级+ · 全面级".into())
        );
        assert_eq!(both(|l| l.level_name(two).to_string()), ("Foundation".into(), "基础级".into()));
        assert_eq!(both(|l| l.level_name(two).to_string()).1, two.name_zh());
    }

    #[test]
    fn a_pair_leads_with_the_page_language() {
        assert_eq!(pair(Lang::Zh, "ABC", "农行"), ("农行", "ABC"));
        assert_eq!(pair(Lang::En, "ABC", "农行"), ("ABC", "农行"));
    }

    #[test]
    fn numbers_and_reading_time() {
        assert_eq!(both(|l| l.reading_minutes(0)), (1, 1));
        assert_eq!(both(|l| l.reading_minutes(880)), (4, 3));
    }
}
