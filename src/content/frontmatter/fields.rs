//! The field validators of front matter: one method of [`Parser`] per kind of field (text,
//! lists, domains, bank, module, level, date, interviewees, flags, language, slug), each
//! reporting its problems at the line of its key. The mapping, the unknown keys and the
//! assembly of the [`CaseStudy`](crate::model::CaseStudy) are in the parent module.

use serde_norway::Value;

use super::{Parser, as_strs, file_lang, file_stem, kind, scalar_text};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::registry::{BANKS_FILE, DOMAINS_FILE, MODULES_FILE, Registry};
use crate::model::{Date, Interviewee, Lang, Level, SourceSpan};
use crate::validate::slug;

impl Parser<'_> {
    pub(super) fn text(&mut self, key: &str, v: &Value, required: bool) -> Option<String> {
        let s = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Null if !required => return None,
            other => {
                self.error(
                    Code::InvalidType,
                    key,
                    format!("`{key}` must be text, found {}", kind(other)),
                    Some(format!("write `{key}: \"…\"`")),
                );
                return None;
            }
        };
        if required && s.is_empty() {
            self.error(Code::EmptyField, key, format!("`{key}` is empty"), None);
            return None;
        }
        Some(s)
    }

    pub(super) fn list(&mut self, key: &str, v: &Value, required: bool) -> Option<Vec<String>> {
        let hint = Some(format!("write `{key}: [First, Second]` or one `- item` per line"));
        let Value::Sequence(items) = v else {
            if matches!(v, Value::Null) && !required {
                return Some(Vec::new());
            }
            self.error(
                Code::InvalidType,
                key,
                format!("`{key}` must be a list, found {}", kind(v)),
                hint,
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                Value::Number(n) => out.push(n.to_string()),
                other => {
                    self.error(
                        Code::InvalidType,
                        key,
                        format!("items of `{key}` must be non-empty text, found {}", kind(other)),
                        hint.clone(),
                    );
                    return None;
                }
            }
        }
        if required && out.is_empty() {
            self.error(Code::EmptyField, key, format!("`{key}` needs at least one entry"), hint);
            return None;
        }
        out.dedup();
        Some(out)
    }

    /// The domains list, each resolved against the vocabulary when the site has one, with
    /// the position of each item in the file.
    pub(super) fn domains(
        &mut self,
        v: &Value,
        registry: &Registry,
        draft: bool,
    ) -> Option<(Vec<String>, Vec<SourceSpan>)> {
        // A draft may leave its domains for later (`casebook new` writes `domains: []`).
        let items = self.list("domains", v, !draft)?;
        if items.is_empty() {
            let d = Diagnostic::warning(
                Code::NoDomains,
                self.path,
                "the draft lists no capability domains yet",
            );
            let d = self.located(d, "domains");
            self.diags.push(
                d.with_hint("add them before publishing: `domains: [Security toolchain, …]`"),
            );
        }
        let spans: Vec<SourceSpan> = items.iter().map(|d| self.item_span("domains", d)).collect();
        if registry.domains.is_empty() {
            return Some((items, spans));
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (item, &(line, col, end)) in items.iter().zip(&spans) {
            match registry.resolve_domain(item) {
                Ok(i) => out.push(registry.domains[i].name.clone()),
                // The vocabulary's own error explains it.
                Err(e) if e.broken => ok = false,
                Err(e) => {
                    ok = false;
                    let hint =
                        diagnostic::did_you_mean(&as_strs(&e.suggestions)).unwrap_or_else(|| {
                            format!(
                                "add the domain to `{DOMAINS_FILE}` or use a name or alias from it"
                            )
                        });
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownDomain,
                            self.path,
                            format!("unknown capability domain `{item}`"),
                        )
                        .at(line, col)
                        .to_column(end)
                        .with_hint(hint),
                    );
                }
            }
        }
        out.dedup();
        ok.then_some((out, spans))
    }

    /// Checks that every item of `key` (`tags`, `domains`) makes a term folder name the
    /// file system accepts (see [`slug::check_length`]); false after reporting one that
    /// does not.
    pub(super) fn term_names_fit(&mut self, key: &str, items: &[String]) -> bool {
        let what = if key == "tags" { "tag" } else { "capability domain" };
        let mut ok = true;
        for item in items {
            if let Err(message) = slug::check_length(what, &slug::slugify(item)) {
                ok = false;
                let (line, col, end) = self.item_span(key, item);
                self.diags.push(
                    Diagnostic::error(Code::NameTooLong, self.path, message)
                        .at(line, col)
                        .to_column(end.max(col + 1))
                        .with_hint(format!("each item of `{key}` names a page folder: shorten it")),
                );
            }
        }
        ok
    }

    /// Position (line, column, end column) of list item `item` of `key`, searched from the
    /// key's line to the next top-level key; the key's line when not found.
    pub(super) fn item_span(&self, key: &str, item: &str) -> SourceSpan {
        let start = self.line_of(key);
        let lines = self
            .split
            .front_matter
            .lines()
            .enumerate()
            .skip(start - 1 - self.split.front_matter_offset);
        for (n, (i, text)) in lines.enumerate() {
            if n > 0 && !text.starts_with([' ', '-', '\t']) && !text.trim().is_empty() {
                break;
            }
            if let Some(pos) = text.find(item) {
                let col = text[..pos].chars().count() + 1;
                return (i + 1 + self.split.front_matter_offset, col, col + item.chars().count());
            }
        }
        (start, 1, 1)
    }

    /// The institution the case names. A name that may be that of a registry entry that
    /// failed to load is not reported: the registry's error says what to fix, and the build
    /// fails on it anyway.
    pub(super) fn bank(&mut self, v: &Value, registry: &Registry) -> Option<usize> {
        let name = self.text("bank", v, true)?;
        registry.resolve_bank(&name).map_err(|e| {
            if e.broken {
                return;
            }
            let hint = diagnostic::did_you_mean(&as_strs(&e.suggestions)).unwrap_or_else(|| {
                format!("add the institution to `{BANKS_FILE}` or use the id, name or alias of one that is there")
            });
            self.error(Code::UnknownInstitution, "bank", format!("unknown institution `{name}`"), Some(hint));
        }).ok()
    }

    /// The part or module the case names; like [`Parser::bank`].
    pub(super) fn module(&mut self, v: &Value, registry: &Registry) -> Option<usize> {
        let name = self.text("module", v, true)?;
        registry.resolve_unit(&name).map_err(|e| {
            if e.broken {
                return;
            }
            let hint = diagnostic::did_you_mean(&as_strs(&e.suggestions)).unwrap_or_else(|| {
                format!("add the module to `{MODULES_FILE}` or use the id, name or alias of a module or part that is there")
            });
            self.error(Code::UnknownModule, "module", format!("unknown module `{name}`"), Some(hint));
        }).ok()
    }

    pub(super) fn level(&mut self, v: &Value) -> Option<Level> {
        let text = scalar_text(v);
        let level = Level::parse(&text);
        if level.is_none() {
            self.error(
                Code::InvalidLevel,
                "level",
                format!("`{text}` is not a maturity level"),
                Some(
                    "levels are 1 to 5, optionally with a plus grade such as `\"2+\"` (quote it)"
                        .into(),
                ),
            );
        }
        level
    }

    pub(super) fn date(&mut self, v: &Value, today: Date) -> Option<Date> {
        let text = scalar_text(v);
        match Date::parse(&text) {
            Ok(date) => {
                if date > today {
                    let d = Diagnostic::warning(
                        Code::FutureDate,
                        self.path,
                        format!("date {date} is in the future"),
                    );
                    let d = self.located(d, "date");
                    self.diags.push(
                        d.with_hint("`date` is the day the result was announced; check the year"),
                    );
                }
                Some(date)
            }
            Err(message) => {
                self.error(
                    Code::InvalidDate,
                    "date",
                    message,
                    Some("write the date as YYYY-MM-DD, e.g. `2021-12-24`".into()),
                );
                None
            }
        }
    }

    pub(super) fn interviewees(&mut self, v: &Value) -> Vec<Interviewee> {
        match serde_norway::from_value::<Vec<Interviewee>>(v.clone()) {
            Ok(list) => list,
            Err(e) => {
                self.error(
                    Code::InvalidType,
                    "interviewees",
                    format!("`interviewees` is malformed: {}", e.to_string().trim()),
                    Some("write one `- name: …` with an optional `role: …` per person".into()),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn boolean(&mut self, key: &str, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            other => {
                self.error(
                    Code::InvalidType,
                    key,
                    format!("`{key}` must be true or false, found {}", kind(other)),
                    None,
                );
                false
            }
        }
    }

    /// The language of the file: its name's suffix (`.zh.md`), else `lang:`, else the
    /// site's default; a `lang:` that disagrees with the suffix is an error.
    pub(super) fn file_lang(&mut self, value: Option<&Value>, default: Lang) -> Lang {
        let written = value.map(|v| self.lang(v, default));
        match (file_lang(self.path), written) {
            (Some(named), Some(written)) if named != written => {
                self.error(
                    Code::InvalidLanguage,
                    "lang",
                    format!(
                        "`lang: {}` disagrees with the file name, which makes this the `{}` version",
                        written.code(),
                        named.code()
                    ),
                    Some(format!(
                        "remove `lang:` (the name `….{}.md` already sets the language) or rename the file",
                        named.code()
                    )),
                );
                named
            }
            (Some(named), _) => named,
            (None, written) => written.unwrap_or(default),
        }
    }

    pub(super) fn lang(&mut self, v: &Value, default: Lang) -> Lang {
        let text = scalar_text(v);
        Lang::parse(&text).unwrap_or_else(|| {
            self.error(
                Code::InvalidLanguage,
                "lang",
                format!("unknown language `{text}`"),
                Some("use `en` or `zh`".into()),
            );
            default
        })
    }

    pub(super) fn slug(&mut self, v: Option<&Value>) -> Option<String> {
        match v {
            Some(v) => {
                let s = self.text("slug", v, true)?;
                match slug::check(&s) {
                    Ok(()) => {
                        self.slug_line = Some(self.line_of("slug"));
                        Some(s)
                    }
                    Err(message) => {
                        self.error(
                            Code::InvalidSlug,
                            "slug",
                            message,
                            Some(
                                "use letters, digits and hyphens, e.g. `zhengzhou-bank-e-banking`"
                                    .into(),
                            ),
                        );
                        None
                    }
                }
            }
            None => Some(slug::slugify(file_stem(self.path))),
        }
    }
}
