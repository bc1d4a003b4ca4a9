//! The theme's string catalogue: every sentence, label, heading and chart text a reader
//! sees, kept out of the Rust code so that a theme can change it and a language can
//! translate it.
//!
//! A catalogue is a YAML file per language, `themes/<theme>/i18n/<lang>.yaml`. The default
//! theme's is embedded in the binary; a site's theme folder may hold one too, whose keys
//! replace the default's one by one (so a site overrides a single label without copying the
//! file). Nested maps are flattened into dotted keys (`stats.by_year.title`); a map whose
//! keys are only `one` and `other` is a plural entry, chosen by the argument `n`.
//!
//! Templates read it through the Tera function `t(key="…", …)`: every other argument fills
//! the `{name}` placeholder of the same name. Rust code that draws text itself (the SVG
//! charts) reads it through [`Strings::text`] and [`Strings::format`].
//!
//! This module owns looking strings up and filling them in; it does not read files (the
//! loader does) and does not decide which language a page is in.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_norway::Value;

use crate::content::yaml;
use crate::diagnostic::{Code, Diagnostic};

/// The default theme's catalogues, embedded at compile time: (language, YAML text).
pub(crate) const DEFAULT_STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/i18n/en.yaml")),
    ("zh", include_str!("../../themes/default/i18n/zh.yaml")),
];

/// One entry of a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Entry {
    /// The same text whatever the count.
    Text(String),
    /// Text for a count of one and for any other count.
    Plural { one: String, other: String },
}

/// A catalogue: flattened keys to texts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Strings {
    entries: BTreeMap<String, Entry>,
}

impl Strings {
    /// The default theme's catalogue for `lang`: English, with the keys of `lang`'s own
    /// catalogue replacing it, so that a string the translation lacks reads in English.
    pub fn default_for(lang: &str) -> Strings {
        // The embedded catalogues are tested to parse and to have the same keys.
        let parse = |code: &str| {
            DEFAULT_STRINGS
                .iter()
                .find(|(l, _)| *l == code)
                .and_then(|(_, text)| Strings::parse(text, code).ok())
                .unwrap_or_default()
        };
        let english = parse("en");
        if lang == "en" { english } else { english.merged(parse(lang)) }
    }

    /// The default theme's own catalogue for `lang`, without the English fallback (empty
    /// when the theme has none for it): what a translation really has.
    pub fn built_in(lang: &str) -> Strings {
        DEFAULT_STRINGS
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, text)| Strings::parse(text, lang).ok())
            .unwrap_or_default()
    }

    /// Every key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Keys of `reference` that this catalogue does not have, sorted: the strings a
    /// translation still lacks.
    pub fn missing_keys<'a>(&self, reference: &'a Strings) -> Vec<&'a str> {
        self.unknown_keys(reference)
    }

    /// Parses a catalogue file; `path` is where it came from, for the error.
    pub fn parse(text: &str, path: &str) -> Result<Strings, Diagnostic> {
        if text.trim().is_empty() {
            return Ok(Strings::default());
        }
        yaml::check_depth(text, path, 0)?;
        let value: Value =
            serde_norway::from_str(text).map_err(|e| yaml::diagnostic(&e, text, path, 0))?;
        let mut strings = Strings::default();
        let mut problems = Vec::new();
        flatten(&value, String::new(), &mut strings.entries, &mut problems);
        match problems.first() {
            None => Ok(strings),
            Some(key) => {
                let top = key.split('.').next().unwrap_or(key);
                let mut d = Diagnostic::error(
                    Code::InvalidStrings,
                    path,
                    format!("the value of `{key}` is not text"),
                )
                .with_hint(
                    "every value of a string catalogue is text, a map of keys, or a plural \
                     entry with the keys `one` and `other`; quote values that YAML reads as \
                     numbers, booleans or dates",
                );
                if let Some(line) = yaml::key_line(text, top) {
                    d = d.at_line(line);
                }
                Err(d)
            }
        }
    }

    /// This catalogue with every key of `overrides` replacing its own.
    pub fn merged(mut self, overrides: Strings) -> Strings {
        self.entries.extend(overrides.entries);
        self
    }

    /// Keys of `overrides` that this catalogue does not have (usually a typo in a site's
    /// catalogue), sorted.
    pub fn unknown_keys<'a>(&self, overrides: &'a Strings) -> Vec<&'a str> {
        overrides
            .entries
            .keys()
            .filter(|k| !self.entries.contains_key(*k))
            .map(String::as_str)
            .collect()
    }

    /// True when the catalogue has `key` (a text or a plural entry).
    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The text of `key` (its `other` form for a plural entry), or the key itself when the
    /// catalogue lacks it, so that a missing string shows up on the page instead of
    /// failing a build over a label.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(Entry::Text(t)) | Some(Entry::Plural { other: t, .. }) => t,
            None => key,
        }
    }

    /// The text of `key` for the count `n` (if any), with every `{name}` placeholder
    /// replaced by the value of the argument `name`. `None` when the key is missing.
    pub fn format(&self, key: &str, n: Option<i64>, args: &[(&str, String)]) -> Option<String> {
        let template = match (self.entries.get(key)?, n) {
            (Entry::Text(t), _) => t,
            (Entry::Plural { one, .. }, Some(1)) => one,
            (Entry::Plural { other, .. }, _) => other,
        };
        Some(fill(template, |name| args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())))
    }
}

/// Replaces `{name}` in `template` with `value(name)`; unknown names stay as written.
fn fill<'v>(template: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if is_placeholder(name) => {
                match value(name) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Flattens `value` into `out` under `prefix`; keys whose value is not text go to `bad`.
fn flatten(
    value: &Value,
    prefix: String,
    out: &mut BTreeMap<String, Entry>,
    bad: &mut Vec<String>,
) {
    match value {
        Value::String(s) => {
            out.insert(prefix, Entry::Text(s.clone()));
        }
        Value::Mapping(map) => {
            if let Some(plural) = plural(map) {
                out.insert(prefix, plural);
                return;
            }
            for (k, v) in map {
                let Some(k) = k.as_str() else {
                    bad.push(format!("{prefix}.?"));
                    continue;
                };
                let key = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
                flatten(v, key, out, bad);
            }
        }
        _ => bad.push(prefix),
    }
}

/// A map of exactly `one` and `other`, both text, is a plural entry.
fn plural(map: &serde_norway::Mapping) -> Option<Entry> {
    if map.len() != 2 {
        return None;
    }
    let one = map.get("one")?.as_str()?;
    let other = map.get("other")?.as_str()?;
    Some(Entry::Plural { one: one.to_string(), other: other.to_string() })
}

/// An integer's digits in groups of three (`12345` → `12,345` with `,`). Four-digit
/// numbers stay as they are (`2024`, `1000`), as many English and Chinese style guides
/// set them, so years and small counts read alike.
fn group_digits(digits: &str, separator: &str) -> String {
    let (sign, digits) = digits.split_at(usize::from(digits.starts_with('-')));
    if digits.len() < 5 || separator.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{sign}{digits}");
    }
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// The Tera function `t`: `t(key="…", n=3, name="…")`; integer arguments are written with
/// the catalogue's `number.group_separator`.
pub(crate) struct Translate(pub(crate) Arc<Strings>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or_else(|| {
            tera::Error::msg("`t` needs a `key` argument, as in t(key=\"nav.cases\")")
        })?;
        let n = args.get("n").and_then(tera::Value::as_i64);
        let values: Vec<(&str, String)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key")
            .map(|(k, v)| {
                let text = match v {
                    tera::Value::String(s) => s.clone(),
                    tera::Value::Number(n) if n.is_i64() || n.is_u64() => {
                        group_digits(&n.to_string(), self.0.text("number.group_separator"))
                    }
                    other => other.to_string(),
                };
                (k.as_str(), text)
            })
            .collect();
        self.0.format(key, n, &values).map(tera::Value::String).ok_or_else(|| {
            tera::Error::msg(format!(
                "no string `{key}` in the theme's catalogue (themes/<theme>/i18n/<lang>.yaml)"
            ))
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_integers_are_grouped_in_threes() {
        use tera::Function;
        assert_eq!(group_digits("2024", ","), "2024");
        assert_eq!(group_digits("10000", ","), "10,000");
        assert_eq!(group_digits("-1234567", ","), "-1,234,567");
        assert_eq!(group_digits("123456", ""), "123456");
        let t = Translate(Arc::new(Strings::built_in("en")));
        let args = HashMap::from([
            ("key".to_string(), tera::Value::from("count.results")),
            ("n".to_string(), tera::Value::from(50000)),
        ]);
        assert_eq!(t.call(&args).unwrap(), tera::Value::from("50,000 results"));
    }

    #[test]
    fn the_embedded_catalogues_parse() {
        for (lang, text) in DEFAULT_STRINGS {
            let s = Strings::parse(text, lang).unwrap();
            assert!(!s.entries.is_empty(), "{lang}");
        }
    }

    #[test]
    fn the_built_in_translations_are_complete() {
        let en = Strings::parse(DEFAULT_STRINGS[0].1, "en").unwrap();
        for (lang, text) in &DEFAULT_STRINGS[1..] {
            let s = Strings::parse(text, lang).unwrap();
            assert_eq!(s.missing_keys(&en), Vec::<&str>::new(), "{lang} lacks these keys");
            assert_eq!(en.unknown_keys(&s), Vec::<&str>::new(), "{lang} has keys en has not");
        }
    }

    #[test]
    fn nested_maps_flatten_and_plurals_follow_n() {
        let s = Strings::parse(
            "nav:\n  cases: Case studies\nresults:\n  one: \"{n} result\"\n  other: \"{n} results\"\n",
            "x.yaml",
        )
        .unwrap();
        assert_eq!(s.text("nav.cases"), "Case studies");
        let n = |k: i64| s.format("results", Some(k), &[("n", k.to_string())]).unwrap();
        assert_eq!(n(1), "1 result");
        assert_eq!(n(2), "2 results");
        assert_eq!(s.format("missing", None, &[]), None);
        assert_eq!(s.text("missing.key"), "missing.key");
    }

    #[test]
    fn placeholders_fill_by_name_and_leave_the_rest_alone() {
        let s = Strings::parse("a: \"{who} passed {what} {unknown} {not a name} {\"", "x").unwrap();
        let out = s.format("a", None, &[("who", "ABC".into()), ("what", "L3".into())]).unwrap();
        assert_eq!(out, "ABC passed L3 {unknown} {not a name} {");
    }

    #[test]
    fn overrides_replace_single_keys_and_unknown_keys_are_listed() {
        let base = Strings::parse("a: A\nb: B\n", "base").unwrap();
        let site = Strings::parse("b: Bee\nc: C\n", "site").unwrap();
        assert_eq!(base.unknown_keys(&site), vec!["c"]);
        let merged = base.merged(site);
        assert_eq!((merged.text("a"), merged.text("b")), ("A", "Bee"));
    }

    #[test]
    fn a_value_that_is_not_text_is_an_error_at_its_line() {
        let err = Strings::parse("a: A\nb:\n  c: 3\n", "i18n/en.yaml").unwrap_err();
        assert_eq!(err.code, Code::InvalidStrings);
        assert!(err.message.contains("`b.c`"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }
}
