//! Site configuration: `site.yaml` in its raw file shape and its validated shape.
//!
//! [`RawConfig`] mirrors the file (unknown keys are errors, so a typo never passes
//! silently); [`Config`] is what the stages read, with defaults applied and the base URL
//! split into the pieces links need. Reading the file is [`crate::content`]'s job; this
//! module only parses text.

use serde::Deserialize;
use serde_norway::Value;

use crate::diagnostic::{self, Diagnostic};
use crate::model::Lang;
use crate::yaml;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Every key `site.yaml` may have: the fields of [`RawConfig`], in order.
pub const KEYS: [&str; 9] = [
    "title",
    "description",
    "base_url",
    "theme",
    "language",
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
    /// Default language of case studies.
    pub language: Lang,
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
                Err(message) => {
                    errors.push(
                        Diagnostic::error("invalid-base-url", path, message)
                            .at_line(line_of("base_url"))
                            .with_hint("use an absolute URL such as `https://example.org/cases/` or a path such as `/cases/`"),
                    );
                    (String::new(), "/".into())
                }
            },
        };
        let language = match raw.language.as_deref() {
            None => Lang::En,
            Some(l) => Lang::parse(l).unwrap_or_else(|| {
                errors.push(
                    Diagnostic::error("invalid-language", path, format!("unknown language `{l}`"))
                        .at_line(line_of("language"))
                        .with_hint("use `en` or `zh`"),
                );
                Lang::En
            }),
        };
        let per_page = match raw.per_page {
            Some(0) => {
                errors.push(
                    Diagnostic::error("invalid-per-page", path, "`per_page` must be at least 1")
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
                Diagnostic::error("invalid-theme", path, format!("`{theme}` is not a theme name"))
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
            title: raw.title.unwrap_or(defaults.title),
            description: raw.description.unwrap_or(defaults.description),
            origin,
            base_path,
            theme,
            language,
            allow_html: raw.allow_html.unwrap_or(false),
            per_page,
            max_file_size: raw
                .max_file_size_mb
                .map_or(defaults.max_file_size, |mb| mb.saturating_mul(1 << 20)),
            extra,
        })
    }

    /// Replaces the base URL (the `--base-url` option).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (origin, base_path) = split_base_url(url)?;
        self.origin = origin;
        self.base_path = base_path;
        self.relative_links = url.trim() == "/";
        Ok(())
    }

    /// The base URL as given: origin plus base path.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
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
            let d = Diagnostic::error("unknown-field", path, format!("unknown field `{key}`"))
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

/// Splits a base URL into origin (`https://host:port`, or empty) and a path prefix that
/// starts and ends with `/`.
pub fn split_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok((String::new(), "/".into()));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')) {
        return Err(format!("base URL `{url}` contains spaces, quotes or control characters"));
    }
    let (origin, path) =
        if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
            let scheme_len = url.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("base URL `{url}` has no host"));
            }
            (url[..scheme_len + host_end].to_string(), &rest[host_end..])
        } else if url.starts_with('/') {
            (String::new(), url)
        } else {
            return Err(format!("base URL `{url}` must start with `http://`, `https://` or `/`"));
        };
    if path.contains(['?', '#']) || path.split('/').any(|seg| seg == "..") {
        return Err(format!("base URL `{url}` may not contain `?`, `#` or `..`"));
    }
    let trimmed = path.trim_matches('/');
    let base_path = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
    Ok((origin, base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

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
