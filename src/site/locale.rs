//! Values shown in a page's language: dates, levels, the registry's names of institutions,
//! parts, modules, types and domains, numbers and reading times.
//!
//! The patterns come from the theme's string catalogue (`date.format`, `level.label`…), so a
//! theme or a site can change them like any other string; the names come from the
//! registry (`name` and `name_zh`), the Chinese one being the primary label on Chinese
//! pages when the registry has it. This module formats; it does not choose a page's
//! language.

use crate::model::registry::{Bank, InstitutionType, Unit};
use crate::model::{Date, Lang, Level};
use crate::site::strings::Strings;

/// Reading speed for the reading-time estimate, in counted words per minute. Words are
/// whitespace-separated runs of Latin text, and every CJK character counts as one
/// (`render::count_words`): a Chinese reader reads about 400 characters a minute, an
/// English one about 220 words.
const WORDS_PER_MINUTE: [(Lang, usize); 2] = [(Lang::En, 220), (Lang::Zh, 400)];

/// Formats values for one language.
#[derive(Clone, Copy)]
pub struct Locale<'a> {
    /// The language of the page.
    pub lang: Lang,
    strings: &'a Strings,
}

impl<'a> Locale<'a> {
    /// A locale for `lang` with the catalogue of that language.
    pub fn new(lang: Lang, strings: &'a Strings) -> Locale<'a> {
        Locale { lang, strings }
    }

    /// The catalogue.
    pub fn strings(&self) -> &'a Strings {
        self.strings
    }

    fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        self.strings.format(key, None, args).unwrap_or_else(|| key.to_string())
    }

    /// `25 April 2024` / `2024年4月25日`.
    pub fn date(&self, d: Date) -> String {
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

    /// `April 2024` / `2024年4月`.
    pub fn month(&self, year: u16, month: u8) -> String {
        let name = self.strings.text(MONTH_KEYS[usize::from(month.clamp(1, 12) - 1)]);
        self.fill(
            "date.month_format",
            &[("month", name.to_string()), ("m", month.to_string()), ("year", year.to_string())],
        )
    }

    /// The level's name alone: `Foundation` / `基础级`.
    pub fn level_name(&self, l: Level) -> &'a str {
        self.strings.text(LEVEL_NAME_KEYS[usize::from(l.number.clamp(1, 5) - 1)])
    }

    /// The level as a heading: `Level 2 · Foundation` / `二级 · 基础级`, with `+` for a
    /// plus grade.
    pub fn level(&self, l: Level) -> String {
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

    /// The name of a registry entry in this language: the Chinese name on Chinese pages
    /// when there is one.
    pub fn name<'n>(&self, name: &'n str, name_zh: Option<&'n str>) -> &'n str {
        match (self.lang, name_zh) {
            (Lang::Zh, Some(zh)) if !zh.is_empty() => zh,
            _ => name,
        }
    }

    /// The other language's name, shown beside the primary one (`None` when it is the same
    /// or missing).
    pub fn secondary_name<'n>(&self, name: &'n str, name_zh: Option<&'n str>) -> Option<&'n str> {
        let zh = name_zh.filter(|z| !z.is_empty() && *z != name)?;
        Some(if self.lang == Lang::Zh { name } else { zh })
    }

    /// An institution's name.
    pub fn bank<'n>(&self, bank: &'n Bank) -> &'n str {
        self.name(&bank.name, bank.name_zh.as_deref())
    }

    /// A part's or module's name.
    pub fn unit<'n>(&self, unit: &'n Unit) -> &'n str {
        self.name(&unit.name, unit.name_zh.as_deref())
    }

    /// An institution type's name.
    pub fn institution_type(&self, kind: InstitutionType) -> &'static str {
        if self.lang == Lang::Zh { kind.name_zh() } else { kind.name() }
    }

    /// A whole number with the language's digit grouping: `12,345` / `12,345` (Chinese
    /// writes Arabic numerals with the same grouping in running text).
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let sep = self.strings.text("number.group_separator");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// Minutes to read `words` counted words (at least 1).
    pub fn reading_minutes(&self, words: usize) -> usize {
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
pub fn date(lang: Lang, d: Date) -> String {
    Locale::new(lang, built_in(lang)).date(d)
}

/// Minutes to read a text in `lang` of `words` counted words (every CJK character counts
/// as one): about 220 English words or 400 Chinese characters a minute.
pub fn reading_minutes(lang: Lang, words: usize) -> usize {
    Locale::new(lang, built_in(lang)).reading_minutes(words)
}

/// The level's name in `lang` (`Foundation`, `基础级`).
pub fn level_name(lang: Lang, l: Level) -> &'static str {
    if lang == Lang::Zh { l.name_zh() } else { l.name() }
}

/// The level as a heading in `lang` (`Level 2 · Foundation`, `二级 · 基础级`).
pub fn level_label(lang: Lang, l: Level) -> String {
    Locale::new(lang, built_in(lang)).level(l)
}

/// A name given in both languages, as (primary, secondary) for pages in `lang`: the
/// Chinese name leads on Chinese pages.
pub fn pair<'a>(lang: Lang, en: &'a str, zh: &'a str) -> (&'a str, &'a str) {
    if lang == Lang::Zh { (zh, en) } else { (en, zh) }
}

/// Term names in `lang`: levels (`二级 · 基础级`) and institution types lead with the
/// Chinese name on Chinese pages, the English one beside it. Institutions, parts and
/// modules are already named in the page's language by [`crate::model::Site::for_language`].
pub fn localize_terms(tax: &mut crate::model::taxonomy::Taxonomies, lang: Lang) {
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
        assert_eq!(both(|l| l.month(2021, 12)), ("December 2021".into(), "2021年12月".into()));
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
    fn chinese_names_lead_on_chinese_pages_and_fall_back_to_english() {
        assert_eq!(both(|l| l.name("ABC", Some("农行"))), ("ABC", "农行"));
        assert_eq!(both(|l| l.name("ABC", None)), ("ABC", "ABC"));
        assert_eq!(both(|l| l.secondary_name("ABC", Some("农行"))), (Some("农行"), Some("ABC")));
        assert_eq!(both(|l| l.secondary_name("ABC", None)), (None, None));
    }

    #[test]
    fn numbers_and_reading_time() {
        assert_eq!(both(|l| l.number(1_234_567)).0, "1,234,567");
        assert_eq!(both(|l| l.number(999)).1, "999");
        assert_eq!(both(|l| l.reading_minutes(0)), (1, 1));
        assert_eq!(both(|l| l.reading_minutes(880)), (4, 3));
    }
}
