//! Themes: the built-in default theme embedded in the binary, file-by-file overrides from
//! the site's `themes/<name>/`, and the compiled Tera instance.
//!
//! Templates are compiled once per build. A template error names the template, the line
//! inside it when Tera knows it, and the page being rendered.

use tera::Tera;

use std::sync::Arc;

use crate::content::{StaticFile, StringsFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::site::strings::{Strings, Translate};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, embedded at compile time.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "macros.html",
    "index.html",
    "case.html",
    "cases.html",
    "term.html",
    "terms.html",
    "matrix.html",
    "results.html",
    "stats.html",
    "search.html",
    "404.html",
    "partials/case_card.html",
    "partials/result_row.html",
    "partials/record_row.html",
    "partials/header.html",
    "partials/footer.html",
    "partials/table_tools.html",
    "partials/levels.html",
];

/// The default theme's static files (path under the output root, bytes).
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("assets/casebook.css", include_bytes!("../../themes/default/static/assets/casebook.css")),
    ("assets/casebook.js", include_bytes!("../../themes/default/static/assets/casebook.js")),
    ("assets/charts.css", include_bytes!("../../themes/default/static/assets/charts.css")),
    ("assets/matrix.css", include_bytes!("../../themes/default/static/assets/matrix.css")),
    ("assets/results.js", include_bytes!("../../themes/default/static/assets/results.js")),
    ("assets/search.css", include_bytes!("../../themes/default/static/assets/search.css")),
    ("assets/search.js", include_bytes!("../../themes/default/static/assets/search.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

/// A compiled theme.
pub(crate) struct Theme {
    tera: Tera,
    name: String,
    fingerprint: u64,
    strings: Arc<Strings>,
    warnings: Vec<Diagnostic>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("name", &self.name).finish_non_exhaustive()
    }
}

impl Theme {
    /// Compiles the default templates with `overrides` (name, text) replacing or adding
    /// templates by name, and the string catalogue of `lang`: the default theme's, with the
    /// keys of the site theme's `i18n/<lang>.yaml` (in `strings`) replacing its own.
    pub(crate) fn compile(
        name: &str,
        overrides: &[(String, String)],
        strings: &[StringsFile],
        lang: &str,
        default_lang: &str,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let (strings, warnings) = catalogue(strings, lang, default_lang)?;
        let mut all: Vec<(String, String)> =
            DEFAULT_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        for (n, t) in overrides {
            match all.iter_mut().find(|(existing, _)| existing == n) {
                Some(slot) => slot.1 = t.clone(),
                None => all.push((n.clone(), t.clone())),
            }
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            all.hash(&mut h);
            strings.hash(&mut h);
            h.finish()
        };
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape);
        let strings = Arc::new(strings);
        tera.register_function("t", Translate(Arc::clone(&strings)));
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| {
            let template = failing_template(&e, &all);
            let message = describe(&e);
            vec![
                Diagnostic::error(Code::TemplateSyntax, template_path(name, &template), message)
                    .with_hint("fix the template syntax; see https://keats.github.io/tera/docs/ for the language"),
            ]
        })?;
        Ok(Theme { tera, name: name.to_string(), fingerprint, strings, warnings })
    }

    /// The string catalogue the templates read through `t`, for text drawn in Rust.
    pub(crate) fn strings(&self) -> &Strings {
        &self.strings
    }

    /// What compiling found that does not stop a build: keys of the site's catalogue that
    /// the default theme does not have.
    pub(crate) fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// A hash of every template's text: pages rendered with a different fingerprint must
    /// be rendered again.
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Renders `template` with `context` for the page at `url`.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &tera::Context,
        url: &str,
    ) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|e| self.render_error(template, url, &e))
    }

    /// Like [`Theme::render`], into bytes: a whole page, written into a buffer sized for a
    /// typical page (no regrowth, no UTF-8 check of the result: Tera writes only strings).
    pub(crate) fn render_page(
        &self,
        template: &str,
        context: &tera::Context,
        url: &str,
        extra_capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(PAGE_CAPACITY + extra_capacity);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| self.render_error(template, url, &e))?;
        Ok(out)
    }

    fn render_error(&self, template: &str, url: &str, e: &tera::Error) -> Diagnostic {
        let message = describe(e);
        Diagnostic::error(
            Code::TemplateRender,
            template_path(&self.name, template),
            format!("rendering page `{url}` failed: {message}"),
        )
        .with_hint("check the variable names against the theme README (themes/default/README.md)")
    }
}

/// Initial buffer of a rendered page besides what the caller adds (a case page's body):
/// most pages of the default theme are 15–30 KiB.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Autoescaping for templates: `&`, `<`, `>`, `"` and `'`, which is all HTML text and
/// double- or single-quoted attributes need. Unlike Tera's default it leaves `/` alone, so
/// URLs stay readable (and pages smaller); no context here is an unquoted attribute.
fn escape(input: &str) -> String {
    if !input.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        return input.to_string();
    }
    crate::render::escape_html(input)
}

/// The catalogue of `lang`: the default theme's, overridden key by key by the site theme's
/// file for `lang`; and a warning for each key the default does not know.
fn catalogue(
    files: &[StringsFile],
    lang: &str,
    default_lang: &str,
) -> Result<(Strings, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut base = Strings::default_for(lang);
    // A key the site gives only in its default language falls back to that text (its
    // catalogue is checked, and warned about, in its own language's pass).
    if lang != default_lang
        && let Some(default) = files.iter().find(|f| f.lang == default_lang)
        && let Ok(strings) = Strings::parse(&default.text, &default.path)
    {
        let own = Strings::built_in(lang);
        base = Strings::default_for(default_lang).merged(strings).merged(own);
    }
    let Some(file) = files.iter().find(|f| f.lang == lang) else {
        return Ok((base, Vec::new()));
    };
    let site = Strings::parse(&file.text, &file.path).map_err(|d| vec![d])?;
    // A key the built-in catalogue lacks is the site's own (for its own templates) unless
    // it is spelt almost like a built-in one: then it is most likely a typo that leaves the
    // built-in text in place.
    let warnings = base
        .unknown_keys(&site)
        .into_iter()
        .filter_map(|key| {
            let near = base
                .keys()
                .map(|k| (strsim::levenshtein(k, key), k))
                .filter(|(d, _)| *d <= 2)
                .min()?
                .1;
            let mut d = Diagnostic::warning(
                Code::UnknownString,
                file.path.clone(),
                format!(
                    "`{key}` is not a string of the default theme, so no built-in template reads it"
                ),
            )
            .with_hint(format!("did you mean `{near}`?"));
            // The key as written (`a.b: …`), else its top-level map (`a:`).
            let line = crate::content::yaml::key_line(&file.text, key).or_else(|| {
                crate::content::yaml::key_line(&file.text, key.split('.').next().unwrap_or(key))
            });
            if let Some(line) = line {
                d = d.at_line(line);
            }
            Some(d)
        })
        .collect();
    Ok((base.merged(site), warnings))
}

/// The warning for a multilingual site whose catalogue of `lang` lacks keys that the
/// catalogue of the default language `default` has (built-in and site strings together):
/// pages in `lang` show those strings in the default language.
pub(crate) fn missing_strings(
    theme: &str,
    files: &[StringsFile],
    default: &str,
    lang: &str,
) -> Option<Diagnostic> {
    let site = |code: &str| {
        files
            .iter()
            .find(|f| f.lang == code)
            .and_then(|f| Strings::parse(&f.text, &f.path).ok())
            .unwrap_or_default()
    };
    let reference = Strings::default_for(default).merged(site(default));
    let own = Strings::built_in(lang).merged(site(lang));
    let missing = own.missing_keys(&reference);
    if missing.is_empty() {
        return None;
    }
    let shown: Vec<String> = missing.iter().take(20).map(|k| format!("`{k}`")).collect();
    let more = missing.len().saturating_sub(shown.len());
    Some(
        Diagnostic::warning(
            Code::MissingStrings,
            format!("themes/{theme}/i18n/{lang}.yaml"),
            format!(
                "{} string{} of the `{default}` catalogue {} no `{lang}` translation, so `{lang}` pages show {}: {}{}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "has" } else { "have" },
                if missing.len() == 1 { "it in the default language" } else { "them in the default language" },
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        )
        .with_hint(format!("add the keys to themes/{theme}/i18n/{lang}.yaml")),
    )
}

fn template_path(theme: &str, template: &str) -> String {
    format!("themes/{theme}/templates/{template}")
}

/// A Tera error and its whole cause chain as one line.
fn describe(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// The template that compiling `templates` failed on. Tera names it in the error's data
/// when the inheritance is broken; a syntax error carries it only in its message, so the
/// templates are then parsed one at a time (only after a failure) to find the first that
/// fails alone.
fn failing_template(e: &tera::Error, templates: &[(String, String)]) -> String {
    match &e.kind {
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        tera::ErrorKind::CircularExtend { tpl, .. } => tpl.clone(),
        tera::ErrorKind::TemplateNotFound(name) => name.clone(),
        _ => (0..templates.len())
            .find(|&i| fails_alone(templates, i))
            .map(|i| templates[i].0.clone())
            .unwrap_or_default(),
    }
}

/// True when template `i` of `templates` does not compile even with every other template
/// present but empty (so extends, includes and macro imports resolve, and only its own
/// text is checked).
fn fails_alone(templates: &[(String, String)], i: usize) -> bool {
    let only: Vec<(&str, &str)> = templates
        .iter()
        .enumerate()
        .map(|(j, (name, text))| (name.as_str(), if i == j { text.as_str() } else { "" }))
        .collect();
    Tera::default().add_raw_templates(only).is_err()
}

/// The default theme's static files, overridden by the site's (later entries win).
pub(crate) fn static_files(site_statics: &[StaticFile]) -> Vec<StaticFile> {
    let mut out: Vec<StaticFile> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| StaticFile { path: (*p).to_string(), bytes: b.to_vec() })
        .collect();
    for f in site_statics {
        match out.iter_mut().find(|o| o.path == f.path) {
            Some(slot) => slot.bytes = f.bytes.clone(),
            None => out.push(f.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_compiles_and_overrides_replace_by_name() {
        let theme = Theme::compile(
            "default",
            &[("404.html".into(), "gone {{ page.title }}".into())],
            &[],
            "en",
            "en",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({"title": "<x>"}));
        assert_eq!(theme.render("404.html", &ctx, "/404.html").unwrap(), "gone &lt;x&gt;");
    }

    #[test]
    fn template_syntax_errors_name_the_template() {
        let errs =
            Theme::compile("mine", &[("case.html".into(), "{% if %}".into())], &[], "en", "en")
                .unwrap_err();
        assert_eq!(errs[0].path, "themes/mine/templates/case.html");
    }

    #[test]
    fn a_syntax_error_in_a_child_template_names_the_child_not_its_parent() {
        let broken = "{% extends \"base.html\" %}{% block main %}{{ x | }}{% endblock %}";
        let errs = Theme::compile("mine", &[("term.html".into(), broken.into())], &[], "en", "en")
            .unwrap_err();
        assert_eq!(errs[0].path, "themes/mine/templates/term.html");
        assert!(errs[0].message.contains("term.html"), "{}", errs[0].message);
    }

    #[test]
    fn a_missing_parent_names_the_child_from_the_error_data() {
        let orphan = "{% extends \"nowhere.html\" %}";
        let errs = Theme::compile("mine", &[("extra.html".into(), orphan.into())], &[], "en", "en")
            .unwrap_err();
        assert_eq!(errs[0].path, "themes/mine/templates/extra.html");
    }
}
