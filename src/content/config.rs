//! Site configuration: `site.yaml` in its raw file shape and its validated shape.
//!
//! [`RawConfig`] mirrors the file (unknown keys are errors, so a typo never passes
//! silently); [`Config`] is what the stages read, with defaults applied and the base URL
//! split into the pieces links need. Reading the file is [`crate::content`]'s job; this
//! module only parses text.

use serde::Deserialize;
use serde_norway::Value;

use crate::content::yaml;
use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::Lang;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Every key `site.yaml` may have: the fields of [`RawConfig`], in order.
pub const KEYS: [&str; 10] = [
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "languages",
    "allow_html",
    "per_page",
    "max_file_size_mb",
    "extra",
];

/// `site.yaml` exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawConfig {
    /// Site title, shown in the header and in `<title>`.
    pub title: Option<String>,
    /// One-sentence description for the home page and metadata.
    pub description: Option<String>,
    /// Where the site is published: `https://example.org/cases/`, `/cases/` or `/`.
    pub base_url: Option<String>,
    /// Theme directory under `themes/`; `default` is built in.
    pub theme: Option<String>,
    /// Default language of case studies (`en` or `zh`).
    pub language: Option<String>,
    /// Every language the site is published in: a list of codes (`[en, zh]`), or a map
    /// from code to that language's `title` and `description`.
    pub languages: Option<Value>,
    /// Let raw HTML in Markdown through (sanitised) instead of escaping it.
    pub allow_html: Option<bool>,
    /// Items per page on listing and term pages.
    pub per_page: Option<usize>,
    /// Largest case-study file accepted, in MiB.
    pub max_file_size_mb: Option<u64>,
    /// Free-form values handed to templates as `site.extra`.
    pub extra: Option<serde_norway::Mapping>,
}

/// The validated configuration every stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute origin such as `https://example.org`, or empty for root-relative sites.
    pub origin: String,
    /// Path prefix of every link, always starting and ending with `/` (`/` or `/cases/`).
    pub base_path: String,
    /// Relative-URL mode (`base_url: /`): links are written relative to each page, so
    /// the site works under any path.
    pub relative_links: bool,
    /// Theme name.
    pub theme: String,
    /// Default language of case studies, and of the site: its pages are at the root.
    pub language: Lang,
    /// Every language the site is published in, the default one first; each other one
    /// under its own prefix (`/zh/`). One entry for a site in one language.
    pub languages: Vec<LanguageConfig>,
    /// The language of the pages being built: the default language, or another one while
    /// its pages are built (see [`crate::model::Site::for_language`]).
    pub pages_lang: Lang,
    /// The site's own base path, whatever the language (`base_path` carries the language's
    /// prefix while another language's pages are built): where assets and the sitemap are.
    pub root_path: String,
    /// Whether raw HTML in Markdown is kept (after sanitising).
    pub allow_html: bool,
    /// Items per page on paginated listings (at least 1).
    pub per_page: usize,
    /// Largest case-study file accepted, in bytes (a guard against runaway input).
    pub max_file_size: u64,
    /// `extra` from the file, as JSON for templates.
    pub extra: serde_json::Value,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Case studies".into(),
            description: "Assessment case studies".into(),
            origin: String::new(),
            base_path: "/".into(),
            relative_links: false,
            theme: "default".into(),
            language: Lang::En,
            languages: vec![LanguageConfig {
                lang: Lang::En,
                title: "Case studies".into(),
                description: "Assessment case studies".into(),
            }],
            pages_lang: Lang::En,
            root_path: "/".into(),
            allow_html: false,
            per_page: 20,
            max_file_size: 32 << 20,
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

impl Config {
    /// Parses and validates the text of `site.yaml`. Every problem is returned, located in
    /// `path`.
    pub fn parse(text: &str, path: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            yaml::check_depth(text, path, 0).map_err(|d| vec![d])?;
            check_keys(text, path)?;
            serde_norway::from_str(text).map_err(|e| vec![yaml::diagnostic(&e, text, path, 0)])?
        };
        Config::from_raw(raw, text, path)
    }

    fn from_raw(raw: RawConfig, text: &str, path: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let defaults = Config::default();
        let line_of = |key: &str| yaml::key_line(text, key).unwrap_or(1);
        let (origin, base_path) = match raw.base_url.as_deref() {
            None => (String::new(), "/".to_string()),
            Some(url) => match split_base_url(url) {
                Ok(parts) => parts,
                Err(e) => {
                    errors.push(value_diagnostic(text, path, "base_url", Code::InvalidBaseUrl, e));
                    (String::new(), "/".into())
                }
            },
        };
        let language = match raw.language.as_deref() {
            None => Lang::En,
            Some(l) => Lang::parse(l).unwrap_or_else(|| {
                errors.push(
                    Diagnostic::error(
                        Code::InvalidLanguage,
                        path,
                        format!("unknown language `{l}`"),
                    )
                    .at_line(line_of("language"))
                    .with_hint("use `en` or `zh`"),
                );
                Lang::En
            }),
        };
        let title = raw.title.unwrap_or(defaults.title);
        let description = raw.description.unwrap_or(defaults.description);
        let languages = match &raw.languages {
            None => vec![LanguageConfig {
                lang: language,
                title: title.clone(),
                description: description.clone(),
            }],
            Some(v) => {
                let default = raw.language.is_some().then_some(language);
                languages(v, default, &title, &description, text, path, &mut errors)
            }
        };
        let language = languages.first().map_or(language, |l| l.lang);
        let per_page = match raw.per_page {
            Some(0) => {
                errors.push(
                    Diagnostic::error(Code::InvalidPerPage, path, "`per_page` must be at least 1")
                        .at_line(line_of("per_page")),
                );
                1
            }
            Some(n) => n,
            None => defaults.per_page,
        };
        let theme = raw.theme.unwrap_or(defaults.theme);
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            errors.push(
                Diagnostic::error(
                    Code::InvalidTheme,
                    path,
                    format!("`{theme}` is not a theme name"),
                )
                .at_line(line_of("theme"))
                .with_hint("name a directory under `themes/`, such as `default`"),
            );
        }
        let extra = match raw.extra {
            Some(map) => serde_json::to_value(map).unwrap_or_default(),
            None => defaults.extra,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let relative_links = raw.base_url.as_deref().is_some_and(|u| u.trim() == "/");
        Ok(Config {
            relative_links,
            title,
            description,
            origin,
            root_path: base_path.clone(),
            base_path,
            theme,
            language,
            languages,
            pages_lang: language,
            allow_html: raw.allow_html.unwrap_or(false),
            per_page,
            max_file_size: raw
                .max_file_size_mb
                .map_or(defaults.max_file_size, |mb| mb.saturating_mul(1 << 20)),
            extra,
        })
    }

    /// Replaces the base URL (the `--base-url` option).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), BaseUrlError> {
        let (origin, base_path) = split_base_url(url)?;
        self.origin = origin;
        self.root_path = base_path.clone();
        self.base_path = base_path;
        self.relative_links = url.trim() == "/";
        Ok(())
    }

    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The settings of `lang`, when the site is published in it.
    pub fn language(&self, lang: Lang) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.lang == lang)
    }

    /// The path prefix of `lang`'s pages below the base path: empty for the default
    /// language, `zh/` for Chinese when it is not the default.
    pub fn lang_prefix(&self, lang: Lang) -> &'static str {
        if lang == self.language { "" } else { lang.prefix() }
    }

    /// The base URL as given: origin plus base path.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageConfig {
    /// The language.
    pub lang: Lang,
    /// The site's title in this language (the top-level `title` unless given).
    pub title: String,
    /// The site's description in this language (the top-level `description` unless given).
    pub description: String,
}

/// The `languages:` value: a list of codes or a map of code to `title`/`description`. The
/// default language (`language:`, else the first listed) comes first; it is added when
/// the list leaves it out.
fn languages(
    value: &Value,
    default: Option<Lang>,
    title: &str,
    description: &str,
    text: &str,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<LanguageConfig> {
    let line = yaml::key_line(text, "languages").unwrap_or(1);
    let mut error = |message: String| {
        errors.push(
            Diagnostic::error(Code::InvalidLanguage, path, message)
                .at_line(line)
                .with_hint(
                    "write `languages: [en, zh]`, or a map such as `languages: {en: {title: …}, zh: {title: …, description: …}}`; the languages are `en` and `zh`",
                ),
        );
    };
    let mut out: Vec<LanguageConfig> = Vec::new();
    let mut add = |code: &str, settings: Option<&Value>, error: &mut dyn FnMut(String)| {
        let Some(lang) = Lang::parse(code) else {
            return error(format!("unknown language `{code}` in `languages`"));
        };
        if out.iter().any(|l| l.lang == lang) {
            return error(format!("`{code}` is listed twice in `languages`"));
        }
        let mut field = |key: &str, fallback: &str| -> String {
            match settings.and_then(|s| s.get(key)) {
                Some(Value::String(s)) => s.clone(),
                Some(v) if !v.is_null() => {
                    error(format!("the `{key}` of `{code}` must be text"));
                    fallback.to_string()
                }
                _ => fallback.to_string(),
            }
        };
        let title = field("title", title);
        let description = field("description", description);
        if let Some(Value::Mapping(m)) = settings {
            for k in m.keys() {
                let k = k.as_str().unwrap_or("?");
                if k != "title" && k != "description" {
                    error(format!(
                        "`{k}` is not a setting of a language (only `title` and `description` are)"
                    ));
                }
            }
        } else if settings.is_some_and(|s| !s.is_null()) {
            error(format!("the settings of `{code}` must be a map of `title` and `description`"));
        }
        out.push(LanguageConfig { lang, title, description });
    };
    match value {
        Value::Sequence(list) => {
            for v in list {
                match v.as_str() {
                    Some(code) => add(code, None, &mut error),
                    None => error("`languages` lists language codes such as `en`".into()),
                }
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                match k.as_str() {
                    Some(code) => add(code, Some(v), &mut error),
                    None => error("the keys of `languages` are language codes such as `en`".into()),
                }
            }
        }
        _ => error("`languages` must be a list or a map of language codes".into()),
    }
    let default = default.or(out.first().map(|l| l.lang)).unwrap_or_default();
    // The default language first; added (with the site's title) when not listed.
    match out.iter().position(|l| l.lang == default) {
        Some(i) => {
            let d = out.remove(i);
            out.insert(0, d);
        }
        None => out.insert(
            0,
            LanguageConfig { lang: default, title: title.into(), description: description.into() },
        ),
    }
    out
}

/// An error about the value of the top-level `key`, located at the value (at the key's
/// line when the value spans lines, at line 1 when the key cannot be found).
fn value_diagnostic(text: &str, path: &str, key: &str, code: Code, e: BaseUrlError) -> Diagnostic {
    let d = Diagnostic::error(code, path, e.message).with_hint(e.hint);
    let Some(line) = yaml::key_line(text, key) else { return d.at_line(1) };
    match text.lines().nth(line - 1).and_then(|l| yaml::spans(l, key)) {
        Some((_, Some((start, end)))) => d.at(line, start).to_column(end),
        _ => d.at_line(line),
    }
}

/// Reports every unknown top-level key, each at its line with the nearest known keys (serde
/// stops at the first and suggests nothing). Anything else serde reports afterwards.
fn check_keys(text: &str, path: &str) -> Result<(), Vec<Diagnostic>> {
    let value: Value =
        serde_norway::from_str(text).map_err(|e| vec![yaml::diagnostic(&e, text, path, 0)])?;
    let Value::Mapping(map) = value else { return Ok(()) };
    let errors: Vec<Diagnostic> = map
        .keys()
        .filter_map(Value::as_str)
        .filter(|key| !KEYS.contains(key))
        .map(|key| {
            let d = Diagnostic::error(Code::UnknownField, path, format!("unknown field `{key}`"))
                .with_hint(diagnostic::unknown_key_hint(key, &KEYS));
            let Some(line) = yaml::key_line(text, key) else { return d.at_line(1) };
            match text.lines().nth(line - 1).and_then(|l| yaml::spans(l, key)) {
                Some(((start, end), _)) => d.at(line, start).to_column(end),
                None => d.at_line(line),
            }
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Why a base URL was refused: what is wrong and how to write it instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    /// What is wrong, naming the URL.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The usual hint for a base URL that is not an absolute http(s) URL or a path.
const BASE_URL_HINT: &str =
    "use an absolute URL such as `https://example.org/cases/` or a path such as `/cases/`";

/// Splits a base URL into origin (`https://host:port`, or empty) and a path prefix that
/// starts and ends with `/`.
///
/// Every link of the site starts with this prefix, so anything a browser could read as
/// another origin or as something other than a plain path is refused rather than
/// repaired: backslashes (`/\evil.example/` is `//evil.example/` to a browser), a leading
/// `//`, credentials (`user:pass@`), a port outside 1–65535, malformed `%` escapes, `.`
/// and `..` segments (also written `%2e`), a query or a fragment. The host is checked and
/// normalised by the `url` crate (WHATWG rules: lowercase, punycode, default port dropped);
/// the path is kept as written.
pub fn split_base_url(url: &str) -> Result<(String, String), BaseUrlError> {
    let url = url.trim();
    if url.is_empty() {
        return Ok((String::new(), "/".into()));
    }
    let fail = |what: &str, hint: &str| BaseUrlError {
        message: format!("base URL `{}` {what}", shown(url)),
        hint: hint.into(),
    };
    if url.contains('\\') {
        return Err(fail(
            "contains a backslash, which browsers read as `/` (`/\\host/` is another site)",
            "write the path with `/` only, e.g. `/cases/`",
        ));
    }
    if let Some(c) = url.chars().find(|&c| c.is_whitespace() || c.is_control()) {
        let what = if c.is_control() { "a control character" } else { "a space" };
        return Err(fail(&format!("contains {what}"), "write spaces in the path as `%20`"));
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let (origin, path) = if lower.starts_with("https://") || lower.starts_with("http://") {
        let scheme = &url[..url.find(':').unwrap_or(0)];
        let rest = &url[scheme.len() + 3..];
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        (origin_of(&scheme.to_ascii_lowercase(), &rest[..host_end], &fail)?, &rest[host_end..])
    } else if url.starts_with("//") {
        return Err(fail(
            "starts with `//`, which browsers read as another host",
            "write `https://host/path/` for another host, or `/path/` for a path on this one",
        ));
    } else if url.starts_with('/') {
        (String::new(), url)
    } else {
        return Err(fail("must start with `http://`, `https://` or `/`", BASE_URL_HINT));
    };
    check_path(path).map_err(|what| fail(&what, BASE_URL_HINT))?;
    let trimmed = path.trim_matches('/');
    let base_path = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
    Ok((origin, base_path))
}

/// `scheme://authority` checked and normalised by the `url` crate.
fn origin_of(
    scheme: &str,
    authority: &str,
    fail: &dyn Fn(&str, &str) -> BaseUrlError,
) -> Result<String, BaseUrlError> {
    if authority.contains('@') {
        return Err(fail(
            "contains credentials (`user:password@`), which every page would publish",
            "remove the `user:password@` part; a site behind a login needs no credentials in its links",
        ));
    }
    if authority.is_empty() {
        return Err(fail("has no host", BASE_URL_HINT));
    }
    let port_hint = "a port is a number from 1 to 65535, e.g. `https://example.org:8443/cases/`";
    let parsed = match url::Url::parse(&format!("{scheme}://{authority}/")) {
        Ok(u) => u,
        Err(url::ParseError::InvalidPort) => return Err(fail("has an invalid port", port_hint)),
        Err(e) => return Err(fail(&format!("has an invalid host ({e})"), BASE_URL_HINT)),
    };
    let host = parsed.host_str().unwrap_or_default();
    match parsed.port() {
        Some(0) => Err(fail("has port 0, which no server listens on", port_hint)),
        Some(port) => Ok(format!("{scheme}://{host}:{port}")),
        None => Ok(format!("{scheme}://{host}")),
    }
}

/// Checks the path part of a base URL; the error completes "base URL `…` …".
fn check_path(path: &str) -> Result<(), String> {
    if let Some(c) = path.chars().find(|c| matches!(c, '?' | '#')) {
        return Err(format!(
            "has a {} (`{c}`): a base URL is a path only",
            if c == '?' { "query" } else { "fragment" }
        ));
    }
    if path.contains("//") {
        return Err("has an empty path segment (`//`)".into());
    }
    // RFC 3986 path characters; other ASCII characters must be %-escaped. Non-ASCII
    // characters are kept (IRI), browsers escape them.
    let allowed =
        |c: char| !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c);
    if let Some(c) = path.chars().find(|&c| !allowed(c)) {
        return Err(format!("contains `{c}`, which must be written as a %-escape"));
    }
    let bytes = path.as_bytes();
    for (i, _) in path.match_indices('%') {
        let hex = |k: usize| bytes.get(i + k).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(1) && hex(2)) {
            let bad: String = path[i..].chars().take(3).collect();
            return Err(format!(
                "has a malformed %-escape `{bad}` (`%` must be followed by two hex digits; write `%25` for `%` itself)"
            ));
        }
    }
    let dot_segment = |seg: &str| {
        let s = seg.to_ascii_lowercase().replace("%2e", ".");
        s == "." || s == ".."
    };
    if path.split('/').any(dot_segment) {
        return Err("has a `.` or `..` segment".into());
    }
    Ok(())
}

/// `url` for a message: control characters escaped, so a message never carries them.
fn shown(url: &str) -> String {
    url.chars()
        .map(|c| if c.is_control() { c.escape_debug().to_string() } else { c.to_string() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_default_first_with_their_own_titles() {
        let c = Config::parse("title: Cases\nlanguage: en\nlanguages: [zh, en]\n", "site.yaml")
            .unwrap();
        let langs: Vec<Lang> = c.languages.iter().map(|l| l.lang).collect();
        assert_eq!(langs, [Lang::En, Lang::Zh]);
        assert_eq!(c.languages[1].title, "Cases", "the site title unless given");
        assert!(c.is_multilingual());
        assert_eq!((c.lang_prefix(Lang::En), c.lang_prefix(Lang::Zh)), ("", "zh/"));

        let c = Config::parse(
            "languages:\n  zh:\n    title: 案例\n  en:\n    title: Cases\n    description: D\n",
            "site.yaml",
        )
        .unwrap();
        assert_eq!(c.language, Lang::Zh, "without `language:` the first listed is the default");
        assert_eq!(c.languages[0].title, "案例");
        assert_eq!(c.languages[1].description, "D");
        assert_eq!(c.lang_prefix(Lang::En), "en/");

        let one = Config::parse("title: T\n", "site.yaml").unwrap();
        assert!(!one.is_multilingual());
        assert_eq!(one.languages[0].title, "T");
    }

    #[test]
    fn bad_languages_are_errors_at_their_line() {
        for (text, says) in [
            ("title: T\nlanguages: [en, fr]\n", "unknown language `fr`"),
            ("title: T\nlanguages: [en, en]\n", "listed twice"),
            ("title: T\nlanguages: en\n", "must be a list or a map"),
            ("title: T\nlanguages:\n  zh:\n    titel: X\n", "`titel` is not a setting"),
            ("title: T\nlanguages:\n  zh:\n    title: [1]\n", "must be text"),
        ] {
            let errs = Config::parse(text, "site.yaml").unwrap_err();
            assert_eq!(errs[0].code, Code::InvalidLanguage, "{text}");
            assert_eq!(errs[0].line, Some(2), "{text}");
            assert!(errs[0].message.contains(says), "{text}: {}", errs[0].message);
        }
    }

    #[test]
    fn splits_base_urls() {
        assert_eq!(
            split_base_url("https://example.org/cases-site").unwrap(),
            ("https://example.org".into(), "/cases-site/".into())
        );
        assert_eq!(split_base_url("https://example.org").unwrap().1, "/");
        assert_eq!(split_base_url("/sub/dir/").unwrap(), (String::new(), "/sub/dir/".into()));
        assert!(split_base_url("example.org").is_err());
        assert!(split_base_url("/a/../b").is_err());
    }

    #[test]
    fn normalises_the_origin_and_keeps_the_path() {
        let cases = [
            ("HTTPS://Example.ORG:443/Cases/", ("https://example.org", "/Cases/")),
            ("http://example.org:8080", ("http://example.org:8080", "/")),
            ("https://例子.中国/案例/", ("https://xn--fsqu00a.xn--fiqs8s", "/案例/")),
            ("https://[::1]:8443/a%20b/", ("https://[::1]:8443", "/a%20b/")),
            ("/cases/2024/", ("", "/cases/2024/")),
            ("  /  ", ("", "/")),
        ];
        for (url, (origin, path)) in cases {
            assert_eq!(split_base_url(url), Ok((origin.to_string(), path.to_string())), "{url}");
        }
    }

    #[test]
    fn refuses_malformed_base_urls() {
        let cases = [
            ("/\\evil.example/", "contains a backslash"),
            ("https://example.org\\@evil.example/", "contains a backslash"),
            ("//evil.example/", "starts with `//`"),
            ("https://user:pass@example.org/", "contains credentials"),
            ("https://@example.org/", "contains credentials"),
            ("https://example.org:99999/", "has an invalid port"),
            ("https://example.org:http/", "has an invalid port"),
            ("https://example.org:0/", "has port 0"),
            ("https:///cases/", "has no host"),
            ("https://exa mple.org/", "contains a space"),
            ("/ca\u{1b}[2Jses/", "contains a control character"),
            ("https://[::1/", "has an invalid host"),
            ("/cases%zz/", "malformed %-escape `%zz`"),
            ("/cases%2/", "malformed %-escape `%2/`"),
            ("/cases/%", "malformed %-escape `%`"),
            ("/a/%2e%2E/b/", "has a `.` or `..` segment"),
            ("/a/./b/", "has a `.` or `..` segment"),
            ("/cases/?x=1", "has a query"),
            ("https://example.org/#top", "has a fragment"),
            ("https://example.org?x", "has a query"),
            ("/a//b/", "empty path segment"),
            ("/a\"b/", "contains `\"`"),
            ("/a<b>/", "contains `<`"),
            ("javascript:alert(1)", "must start with"),
            ("ftp://example.org/", "must start with"),
        ];
        for (url, wanted) in cases {
            let e = split_base_url(url).expect_err(url);
            assert!(e.message.contains(wanted), "{url}: {}", e.message);
            assert!(!e.message.contains('\u{1b}'), "{url}: {:?}", e.message);
            assert!(!e.hint.is_empty());
        }
    }

    #[test]
    fn base_url_errors_point_at_the_value() {
        let errs =
            Config::parse("title: T\nbase_url: \"/\\\\evil.example/\"\n", "site.yaml").unwrap_err();
        let d = &errs[0];
        assert_eq!(
            (d.code, d.line, d.column, d.end_column),
            (Code::InvalidBaseUrl, Some(2), Some(11), Some(29))
        );
        assert_eq!(d.hint.as_deref(), Some("write the path with `/` only, e.g. `/cases/`"));
    }

    #[test]
    fn unknown_keys_are_errors_with_line() {
        let errs = Config::parse("title: T\ntitel: x\n", "site.yaml").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("titel"), "{}", errs[0].message);
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let errs = Config::parse("titel: T\nper_pgae: 3\ncolour: red\n", "site.yaml").unwrap_err();
        let got: Vec<(Option<usize>, &str, Option<&str>)> =
            errs.iter().map(|d| (d.line, d.message.as_str(), d.hint.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some(1), "unknown field `titel`", Some("did you mean `title`?")),
                (Some(2), "unknown field `per_pgae`", Some("did you mean `per_page`?")),
                (
                    Some(3),
                    "unknown field `colour`",
                    Some(&*format!("known keys are: {}", KEYS.join(", ")))
                ),
            ]
        );
    }

    #[test]
    fn keys_are_the_fields_of_the_raw_config() {
        let err = serde_norway::from_str::<RawConfig>("zzz: 1\n").unwrap_err().to_string();
        let listed: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
        assert!(err.contains(&format!("expected one of {}", listed.join(", "))), "{err}");
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse("title: Hello\n", "site.yaml").unwrap();
        assert_eq!(c.title, "Hello");
        assert_eq!(c.per_page, 20);
        assert_eq!(c.base_path, "/");
        assert!(Config::parse("per_page: 0\n", "site.yaml").is_err());
    }
}
