//! Case-study files: splitting front matter from the body, and validating the front matter
//! into a resolved [`CaseStudy`].
//!
//! The YAML is first read as a generic value so that *every* problem of a file (an unknown
//! key, a wrong type, an unresolvable institution, a bad date) is reported in one run,
//! each at the line of its key in the real file. Pure functions: no I/O. The file level
//! (splitting, names) is in `split`, the validators of single fields in `fields`.

use std::collections::HashMap;

use serde_norway::Value;

use crate::content::yaml;
use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::registry::Registry;
use crate::model::{CaseStudy, Date, Lang};

mod fields;
mod split;

pub use split::{Split, body_of, file_lang, file_stem, split};

/// Every key a case study's front matter may have.
pub const KEYS: [&str; 16] = [
    "title",
    "bank",
    "project",
    "module",
    "level",
    "date",
    "domains",
    "summary",
    "event",
    "assessor",
    "interviewees",
    "tags",
    "slug",
    "draft",
    "lang",
    "source",
];

const REQUIRED: [&str; 7] = ["title", "bank", "project", "module", "level", "date", "domains"];

/// Parses and validates one case-study file. Returns the case when it is valid, and every
/// diagnostic (errors and warnings) found on the way.
pub fn parse(
    path: &str,
    text: &str,
    registry: &Registry,
    default_lang: Lang,
    today: Date,
) -> (Option<CaseStudy>, Vec<Diagnostic>) {
    let split = match split(text, path) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut p = Parser { path, split: &split, diags: Vec::new(), slug_line: None };
    let case = p.case(registry, default_lang, today);
    // The body is checked whatever became of the front matter.
    p.check_body();
    (case, p.diags)
}

struct Parser<'a> {
    path: &'a str,
    split: &'a Split<'a>,
    diags: Vec<Diagnostic>,
    slug_line: Option<usize>,
}

impl Parser<'_> {
    fn line_of(&self, key: &str) -> usize {
        yaml::key_line(self.split.front_matter, key)
            .map_or(self.split.front_matter_offset + 1, |l| l + self.split.front_matter_offset)
    }

    /// Reports an error about `key`: an unknown key is underlined itself, anything else
    /// underlines the key's value when it is on the same line.
    fn error(&mut self, code: Code, key: &str, message: String, hint: Option<String>) {
        let d = self.located(Diagnostic::error(code, self.path, message), key);
        self.diags.push(Diagnostic { hint, ..d });
    }

    /// Places `d` on the line of `key`, underlining the key (for unknown keys) or its value.
    fn located(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let line = self.line_of(key);
        let text = self.split.front_matter.lines().nth(line - 1 - self.split.front_matter_offset);
        let (col, end) = match text.and_then(|t| yaml::spans(t, key)) {
            Some((key_span, value)) if d.code != Code::UnknownField => value.unwrap_or(key_span),
            Some((key_span, _)) => key_span,
            None => (1, 1),
        };
        let d = d.at(line, col);
        if end > col { d.to_column(end) } else { d }
    }

    fn case(&mut self, registry: &Registry, default_lang: Lang, today: Date) -> Option<CaseStudy> {
        let map = self.mapping()?;
        self.check_keys(&map);
        let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        for key in REQUIRED {
            if get(key).is_none() {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingField,
                        self.path,
                        format!("missing required field `{key}`"),
                    )
                    .at_line(self.split.front_matter_offset + 1)
                    .with_hint(format!("add `{key}: …` to the front matter")),
                );
            }
        }
        let title = get("title").and_then(|v| self.text("title", v, true));
        let bank = get("bank").and_then(|v| self.bank(v, registry));
        let project = get("project").and_then(|v| self.text("project", v, true));
        let module = get("module").and_then(|v| self.module(v, registry));
        let level = get("level").and_then(|v| self.level(v));
        let date = get("date").and_then(|v| self.date(v, today));
        let draft = get("draft").map(|v| self.boolean("draft", v)).unwrap_or(false);
        let domains = get("domains").and_then(|v| self.domains(v, registry, draft));
        let summary = get("summary").and_then(|v| self.text("summary", v, false));
        let event = get("event").and_then(|v| self.text("event", v, false));
        let assessor = get("assessor").and_then(|v| self.text("assessor", v, true));
        let interviewees = get("interviewees").map(|v| self.interviewees(v)).unwrap_or_default();
        let tags = get("tags").and_then(|v| self.list("tags", v, false)).unwrap_or_default();
        let domain_names = domains.as_ref().map_or(&[][..], |d| &d.0[..]);
        let long_terms =
            !self.term_names_fit("domains", domain_names) | !self.term_names_fit("tags", &tags);
        let slug = self.slug(get("slug"))?;
        let lang = self.file_lang(get("lang"), default_lang);
        let article = get("source").and_then(|v| self.article(v));
        if long_terms || self.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        Some(CaseStudy {
            source: self.path.to_string(),
            slug,
            slug_line: self.slug_line,
            title: title?,
            bank: bank?,
            project: project?,
            module: module?,
            level: level?,
            date: date?,
            domain_spans: domains.as_ref().map(|d| d.1.clone()).unwrap_or_default(),
            domains: domains?.0,
            summary: summary.filter(|s| !s.trim().is_empty()),
            event: event.filter(|s| !s.trim().is_empty()),
            assessor: assessor.unwrap_or_else(|| "CAICT".into()),
            interviewees,
            tags,
            article,
            draft,
            lang,
            body: self.split.body.into(),
            body_line: self.split.body_line,
            translations: Vec::new(),
        })
    }

    /// `source:`, the article the case study is written from.
    fn article(&mut self, v: &Value) -> Option<crate::model::results::Article> {
        match crate::model::results::parse_article(v) {
            Ok(a) => Some(a),
            Err(problems) => {
                for p in problems {
                    self.error(p.code, "source", p.message, Some(p.hint));
                }
                None
            }
        }
    }

    fn mapping(&mut self) -> Option<Vec<(String, Value)>> {
        let fm = self.split.front_matter;
        if fm.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(Code::EmptyFrontMatter, self.path, "the front matter is empty")
                    .at_line(2)
                    .with_hint(
                        "add the required keys: title, bank, project, module, level, date, domains",
                    ),
            );
            return None;
        }
        if let Err(d) = yaml::check_depth(fm, self.path, self.split.front_matter_offset) {
            self.diags.push(d);
            return None;
        }
        let value: Value = match serde_norway::from_str(fm) {
            Ok(v) => v,
            Err(e) => {
                self.diags.push(yaml::diagnostic(
                    &e,
                    fm,
                    self.path,
                    self.split.front_matter_offset,
                ));
                return None;
            }
        };
        let Value::Mapping(map) = value else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidFrontMatter,
                    self.path,
                    "the front matter is not a set of `key: value` lines",
                )
                .at_line(self.split.front_matter_offset + 1),
            );
            return None;
        };
        let mut out = Vec::with_capacity(map.len());
        let mut lines = None;
        for (k, v) in map {
            match k {
                Value::String(s) => out.push((s, v)),
                other => {
                    let lines = lines.get_or_insert_with(|| self.key_lines());
                    let line = lines.get(&other).copied();
                    self.diags.push(
                        Diagnostic::error(
                            Code::InvalidKey,
                            self.path,
                            format!("front-matter key `{}` is not a string", scalar_text(&other)),
                        )
                        .at_line(line.unwrap_or(self.split.front_matter_offset + 1))
                        .with_hint("keys are names such as `title` or `bank`"),
                    );
                }
            }
        }
        Some(out)
    }

    /// The file line of each key written at the start of a top-level line (`1: one`,
    /// `[a, b]: list`). The parsed mapping has no positions, and a non-string key cannot be
    /// found by its text (`1.0`, `TRUE`), so each such line is parsed on its own. Keys
    /// written over several lines are not found. Linear in the size of the front matter.
    fn key_lines(&self) -> HashMap<Value, usize> {
        let mut out = HashMap::new();
        for (i, line) in self.split.front_matter.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with([' ', '\t', '#']) {
                continue;
            }
            if let Ok(Value::Mapping(map)) = serde_norway::from_str::<Value>(line)
                && let Some((key, _)) = map.into_iter().next()
            {
                out.entry(key).or_insert(i + 1 + self.split.front_matter_offset);
            }
        }
        out
    }

    fn check_keys(&mut self, map: &[(String, Value)]) {
        for (key, _) in map {
            if !KEYS.contains(&key.as_str()) {
                let hint = diagnostic::unknown_key_hint(key, &KEYS);
                self.error(Code::UnknownField, key, format!("unknown field `{key}`"), Some(hint));
            }
        }
    }

    fn check_body(&mut self) {
        if self.split.body.trim().is_empty() {
            self.diags.push(
                Diagnostic::warning(Code::EmptyBody, self.path, "the case study has no text")
                    .at_line(self.split.body_line)
                    .with_hint("write the interview below the front matter"),
            );
        }
    }
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => kind(other).to_string(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a nested mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    const TODAY: Date = Date { year: 2026, month: 1, day: 1 };

    fn registry() -> Registry {
        let banks = "- id: zhengzhou-bank\n  name: Zhengzhou Bank\n  type: city-commercial\n";
        let modules = "- id: devsecops\n  name: DevSecOps\n  modules:\n    - id: security-operation\n      name: Security operation\n";
        Registry::parse(Some(banks), Some(modules)).0
    }

    const GOOD: &str = "---\ntitle: A result\nbank: zhengzhou bank\nproject: E-banking\nmodule: Security operation\nlevel: 2\ndate: 2021-12-24\ndomains: [Monitoring]\n---\n\nBody text.\n";

    #[test]
    fn parses_a_valid_case() {
        let (case, diags) = parse("content/cases/x.md", GOOD, &registry(), Lang::En, TODAY);
        assert!(diags.is_empty(), "{diags:?}");
        let case = case.unwrap();
        assert_eq!(case.slug, "x");
        assert_eq!(case.level, Level { number: 2, plus: false });
        assert_eq!(case.assessor, "CAICT");
        assert_eq!(case.body_line, 10);
    }

    #[test]
    fn reports_every_problem_at_its_line() {
        let text = "---\ntitel: A\nbank: Zhengzou Bank\nproject: P\nmodule: nope\nlevel: 7\ndate: 2021-02-30\ndomains: x\n---\nbody\n";
        let (case, diags) = parse("a.md", text, &registry(), Lang::En, TODAY);
        assert!(case.is_none());
        let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (Code::UnknownField, Some(2)),
                (Code::MissingField, Some(2)),
                (Code::UnknownInstitution, Some(3)),
                (Code::UnknownModule, Some(5)),
                (Code::InvalidLevel, Some(6)),
                (Code::InvalidDate, Some(7)),
                (Code::InvalidType, Some(8)),
            ]
        );
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(diags[2].hint.as_deref(), Some("did you mean `Zhengzhou Bank`?"));
    }

    #[test]
    fn non_string_keys_are_reported_at_their_line() {
        let text = GOOD.replace(
            "level: 2\n",
            "level: 2\n1.0: one\n[a, b]: list\nTRUE: yes\n? [c,\n  d]\n: split\n",
        );
        let (case, diags) = parse("a.md", &text, &registry(), Lang::En, TODAY);
        assert!(case.is_none());
        let got: Vec<(Option<usize>, &str)> =
            diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some(7), "front-matter key `1.0` is not a string"),
                (Some(8), "front-matter key `a list` is not a string"),
                (Some(9), "front-matter key `true` is not a string"),
                // Written over two lines: not found, reported at the front matter.
                (Some(2), "front-matter key `a list` is not a string"),
            ]
        );
    }

    #[test]
    fn names_of_broken_registry_entries_are_not_reported_again() {
        let banks = "- id: zhengzhou-bank\n  name: Zhengzhou Bank\n  colour: red\n  type: city-commercial\n";
        let reg = Registry::parse(Some(banks), None).0;
        let (case, diags) = parse("a.md", GOOD, &reg, Lang::En, TODAY);
        assert!(case.is_none());
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownModule]);
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let text = "---\ntitle: A\nbank: [unclosed\n---\nbody\n";
        let (_, diags) = parse("a.md", text, &registry(), Lang::En, TODAY);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].line.unwrap() >= 3, "{:?}", diags[0]);
    }

    #[test]
    fn unsafe_slugs_and_missing_delimiters_are_errors() {
        let text = GOOD.replace("level: 2\n", "level: 2\nslug: ../../etc\n");
        let (case, diags) = parse("a.md", &text, &registry(), Lang::En, TODAY);
        assert!(case.is_none());
        assert_eq!(diags[0].code, Code::InvalidSlug);
        for (text, code) in [
            ("", Code::EmptyFile),
            ("title: x\n", Code::MissingFrontMatter),
            ("---\ntitle: x\n", Code::UnclosedFrontMatter),
        ] {
            let (_, diags) = parse("a.md", text, &registry(), Lang::En, TODAY);
            assert_eq!(diags[0].code, code);
        }
    }

    #[test]
    fn domains_resolve_against_the_vocabulary() {
        let mut reg = registry();
        let vocab = "- id: monitoring\n  name: Security monitoring\n  name_zh: 安全监控\n  aliases: [Monitoring]\n- id: toolchain\n  name: Security toolchain\n";
        assert!(reg.add_domains(vocab).is_empty());
        let (case, diags) = parse("a.md", GOOD, &reg, Lang::En, TODAY);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(case.unwrap().domains, ["Security monitoring"]);
        let text =
            GOOD.replace("domains: [Monitoring]", "domains:\n  - Security tolchain\n  - 安全监控");
        let (case, diags) = parse("a.md", &text, &reg, Lang::En, TODAY);
        assert!(case.is_none());
        assert_eq!(
            (diags[0].code, diags[0].line, diags[0].column, diags[0].end_column),
            (Code::UnknownDomain, Some(9), Some(5), Some(22))
        );
        assert!(diags[0].hint.as_deref().unwrap().starts_with("did you mean `Security toolchain`"));
    }

    #[test]
    fn future_dates_and_empty_bodies_warn() {
        let text = GOOD.replace("2021-12-24", "2030-01-01").replace("Body text.\n", "");
        let (case, diags) = parse("a.md", &text, &registry(), Lang::En, TODAY);
        assert!(case.is_some());
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::FutureDate, Code::EmptyBody]);
    }
}
