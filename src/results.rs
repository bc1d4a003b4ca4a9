//! Results without a write-up (`content/_data/results.yaml`) and totals that articles
//! report (`content/_data/reported.yaml`): parsing and validation.
//!
//! Both files are lists of entries validated like case studies: unknown keys, wrong types,
//! bad dates and levels, and institutions or modules that do not resolve are reported at
//! the line of the offending key, with the same suggestions. Pure: text in, records and
//! diagnostics out.

use serde::Deserialize;
use serde_norway::Value;

use crate::diagnostic::{self, Diagnostic};
use crate::model::{Date, Level};
use crate::registry::{InstitutionType, Registry};
use crate::yaml::{Entries, parse_list};

/// Path of the results registry, relative to the site root.
pub const RESULTS_FILE: &str = "content/_data/results.yaml";
/// Path of the reported totals, relative to the site root.
pub const REPORTED_FILE: &str = "content/_data/reported.yaml";

/// One assessment result that has no case study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    /// Index into the registry's banks.
    pub bank: usize,
    /// Index into the registry's units (module or part).
    pub module: usize,
    /// Level passed, when the source gives it.
    pub level: Option<Level>,
    /// Day the result was announced or, failing that, reported.
    pub date: Date,
    /// The assessed project, when known.
    pub project: Option<String>,
    /// How many results this entry stands for ("six projects passed"); at least 1.
    pub count: u32,
    /// Where the fact comes from: a case-study slug or free text.
    pub source: Option<String>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry, for diagnostics.
    pub line: usize,
}

/// Who a reported total is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// One institution (index into the registry's banks).
    Bank(usize),
    /// All institutions of a type.
    Type(InstitutionType),
}

/// What a reported total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Assessments against every part of the standard.
    All,
    /// Assessments of one part or module (index into the registry's units).
    Unit(usize),
}

/// A total an article reports as of a date ("as of 2024-04-25 ABC had completed 33").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// Institution or institution type.
    pub subject: Subject,
    /// What is counted.
    pub scope: Scope,
    /// The total.
    pub count: u32,
    /// The date the total is valid for.
    pub as_of: Date,
    /// Where it comes from: a case-study slug or free text.
    pub source: Option<String>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResult {
    bank: String,
    module: String,
    #[serde(default)]
    level: Option<Value>,
    date: Value,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReported {
    #[serde(default)]
    bank: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    count: u32,
    as_of: Value,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn date(v: &Value, i: usize, key: &str, at: &Entries<'_>) -> Result<Date, Diagnostic> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    Date::parse(&text).map_err(|m| {
        at.error(i, key, "invalid-date", m)
            .with_hint("write the date as YYYY-MM-DD, e.g. `2021-12-24`")
    })
}

/// The institution `name` names; reported when it does not resolve (unless the registry
/// entry it may name failed to load, which the registry has reported).
fn resolve_bank(
    registry: &Registry,
    name: &str,
    i: usize,
    at: &Entries<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    registry
        .resolve_bank(name)
        .map_err(|e| {
            if e.broken {
                return;
            }
            let s: Vec<&str> = e.suggestions.iter().map(String::as_str).collect();
            let d =
                at.error(i, "bank", "unknown-institution", format!("unknown institution `{name}`"));
            diags.push(
                d.with_hint(
                    diagnostic::did_you_mean(&s).unwrap_or_else(|| {
                        "add the institution to content/_data/banks.yaml".into()
                    }),
                ),
            );
        })
        .ok()
}

/// The part or module `name` (the value of `key`) names, like [`resolve_bank`].
fn resolve_unit(
    registry: &Registry,
    name: &str,
    key: &str,
    i: usize,
    at: &Entries<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    registry
        .resolve_unit(name)
        .map_err(|e| {
            if e.broken {
                return;
            }
            let s: Vec<&str> = e.suggestions.iter().map(String::as_str).collect();
            let d = at.error(i, key, "unknown-module", format!("unknown module `{name}`"));
            diags.push(
                d.with_hint(
                    diagnostic::did_you_mean(&s)
                        .unwrap_or_else(|| "add the module to content/_data/modules.yaml".into()),
                ),
            );
        })
        .ok()
}

/// Parses `results.yaml`. Returns the valid records and every problem.
pub fn parse_results(
    text: &str,
    registry: &Registry,
    today: Date,
) -> (Vec<ResultRecord>, Vec<Diagnostic>) {
    let at = Entries::new(text, RESULTS_FILE);
    let values = match parse_list(text, RESULTS_FILE) {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut records = Vec::new();
    let mut diags = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match result_entry(v, i, &at, registry, today, &mut diags) {
            Some(r) => records.push(r),
            None => continue,
        }
    }
    (records, diags)
}

fn result_entry(
    v: &Value,
    i: usize,
    at: &Entries<'_>,
    registry: &Registry,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResultRecord> {
    let raw: RawResult = at.entry(v, i).map_err(|d| diags.push(d)).ok()?;
    let bank = resolve_bank(registry, &raw.bank, i, at, diags);
    let module = resolve_unit(registry, &raw.module, "module", i, at, diags);
    let date = date(&raw.date, i, "date", at).map_err(|d| diags.push(d)).ok();
    let level = match &raw.level {
        None | Some(Value::Null) => Some(None),
        Some(v) => {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            match Level::parse(&text) {
                Some(l) => Some(Some(l)),
                None => {
                    diags.push(
                        at.error(i, "level", "invalid-level", format!("`{text}` is not a maturity level"))
                            .with_hint("levels are 1 to 5, optionally with a plus grade such as \"2+\"; leave `level` out when the source does not say"),
                    );
                    None
                }
            }
        }
    };
    if raw.count == Some(0) {
        diags.push(at.error(i, "count", "invalid-count", "`count` must be at least 1".into()));
        return None;
    }
    if let Some(d) = date.filter(|d| *d > today) {
        diags.push(Diagnostic {
            severity: crate::Severity::Warning,
            ..at.error(i, "date", "future-date", format!("date {d} is in the future"))
        });
    }
    Some(ResultRecord {
        bank: bank?,
        module: module?,
        level: level?,
        date: date?,
        project: raw.project,
        count: raw.count.unwrap_or(1),
        source: raw.source,
        note: raw.note,
        line: at.start(i),
    })
}

/// Parses `reported.yaml`. `case_slugs` are the slugs a `source` may name.
pub fn parse_reported(
    text: &str,
    registry: &Registry,
    case_slugs: &[&str],
) -> (Vec<Reported>, Vec<Diagnostic>) {
    let at = Entries::new(text, REPORTED_FILE);
    let values = match parse_list(text, REPORTED_FILE) {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(r) = reported_entry(v, i, &at, registry, case_slugs, &mut diags) {
            out.push(r);
        }
    }
    (out, diags)
}

fn reported_entry(
    v: &Value,
    i: usize,
    at: &Entries<'_>,
    registry: &Registry,
    case_slugs: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Reported> {
    let raw: RawReported = at.entry(v, i).map_err(|d| diags.push(d)).ok()?;
    let subject = match (&raw.bank, &raw.kind) {
        (Some(bank), None) => resolve_bank(registry, bank, i, at, diags).map(Subject::Bank),
        (None, Some(kind)) => match InstitutionType::ALL.iter().find(|t| t.id() == kind.trim()) {
            Some(t) => Some(Subject::Type(*t)),
            None => {
                let ids: Vec<&str> = InstitutionType::ALL.iter().map(|t| t.id()).collect();
                diags.push(
                    at.error(
                        i,
                        "type",
                        "unknown-institution-type",
                        format!("unknown institution type `{kind}`"),
                    )
                    .with_hint(format!("use one of: {}", ids.join(", "))),
                );
                None
            }
        },
        _ => {
            diags.push(
                Diagnostic::error("invalid-entry", REPORTED_FILE, "an entry needs exactly one of `bank` or `type`")
                    .at_line(at.start(i))
                    .with_hint("name the institution (`bank: ICBC`) or the institution type (`type: state-owned`)"),
            );
            None
        }
    };
    let scope = match raw.scope.as_deref().map(str::trim) {
        None | Some("all") | Some("") => Some(Scope::All),
        Some(name) => resolve_unit(registry, name, "scope", i, at, diags).map(Scope::Unit),
    };
    let as_of = date(&raw.as_of, i, "as_of", at).map_err(|d| diags.push(d)).ok();
    if let Some(src) = &raw.source
        && looks_like_slug(src)
        && !case_slugs.contains(&src.as_str())
    {
        let hint = diagnostic::did_you_mean(&diagnostic::suggest(src, case_slugs.iter().copied()))
            .unwrap_or_else(|| {
                "name the slug of a case study, or describe the source in words".into()
            });
        diags.push(
            at.error(i, "source", "unknown-source", format!("no case study has the slug `{src}`"))
                .with_hint(hint),
        );
    }
    Some(Reported {
        subject: subject?,
        scope: scope?,
        count: raw.count,
        as_of: as_of?,
        source: raw.source,
        note: raw.note,
        line: at.start(i),
    })
}

/// A `source` without spaces that looks like a slug is taken to name a case study.
pub fn looks_like_slug(source: &str) -> bool {
    !source.is_empty() && !source.contains(char::is_whitespace) && !source.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date { year: 2026, month: 1, day: 1 };

    fn registry() -> Registry {
        let banks = "- id: icbc\n  name: ICBC\n  type: state-owned\n";
        let modules = "- id: continuous-delivery\n  name: Continuous delivery\n- id: devsecops\n  name: DevSecOps\n";
        Registry::parse(Some(banks), Some(modules)).0
    }

    #[test]
    fn parses_results_with_counts_and_unknown_levels() {
        let text = "- bank: ICBC\n  module: continuous delivery\n  date: 2022-12-26\n  count: 6\n  source: icbc-case\n- bank: icbc\n  module: devsecops\n  level: \"2+\"\n  date: 2023-01-05\n";
        let (records, diags) = parse_results(text, &registry(), TODAY);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].count, records[0].level, records[0].line), (6, None, 1));
        assert_eq!(records[1].level, Level::parse("2+"));
        assert_eq!(records[1].line, 6);
    }

    #[test]
    fn reports_problems_at_their_keys() {
        let text = "- bank: ICBK\n  module: continuous delivery\n  date: 2022-12-26\n- bank: ICBC\n  module: CD\n  date: 2022-02-30\n  colour: red\n";
        let (records, diags) = parse_results(text, &registry(), TODAY);
        assert!(records.is_empty());
        let got: Vec<(&str, Option<usize>, Option<usize>)> =
            diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            got,
            [("unknown-institution", Some(1), Some(9)), ("unknown-field", Some(7), Some(3))]
        );
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `ICBC`?"));
    }

    #[test]
    fn parses_reported_totals() {
        let text = "- bank: ICBC\n  scope: continuous-delivery\n  count: 6\n  as_of: 2022-12-26\n  source: icbc-case\n- type: state-owned\n  count: 40\n  as_of: 2023-12-15\n- bank: ICBC\n  type: state-owned\n  count: 1\n  as_of: 2023-12-15\n  source: nope-case\n";
        let (totals, diags) = parse_reported(text, &registry(), &["icbc-case"]);
        assert_eq!(totals.len(), 2);
        assert_eq!(totals[0].scope, Scope::Unit(0));
        assert_eq!(totals[1].subject, Subject::Type(InstitutionType::StateOwned));
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["invalid-entry", "unknown-source"]);
        assert_eq!(diags[1].line, Some(13));
    }
}
