//! Parsing the results data files: `results.yaml` (results without a write-up) and
//! `reported.yaml` (totals that articles report), their raw serde shapes and entry checks,
//! and the `source:` article map that case studies share. It builds the records of the
//! parent module and does not count them.

use serde::Deserialize;
use serde_norway::Value;

use super::{
    Article, Dating, Origin, REPORTED_FILE, RESULTS_FILE, Reported, ResultRecord, Scope, Source,
    SourceProblem, Subject,
};
use crate::content::yaml::{Entries, parse_list};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::registry::{InstitutionType, Registry};
use crate::model::{Date, Level};

/// The keys a `source:` map may have.
const ARTICLE_KEYS: [&str; 4] = ["title", "publisher", "date", "url"];

/// Text of a scalar (`2021-12-24` may be read as a string or a number).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Validates a `source:` map (`title`, `publisher`, `date`, `url`) into an [`Article`];
/// every problem is returned, none is fatal to the rest of the file.
pub fn parse_article(v: &Value) -> Result<Article, Vec<SourceProblem>> {
    let problem =
        |code, message: String, hint: &str| SourceProblem { code, message, hint: hint.to_string() };
    let Value::Mapping(map) = v else {
        return Err(vec![problem(
            Code::InvalidSource,
            "`source` must be a case-study slug or a map with `title`, `publisher`, `date`, `url`"
                .into(),
            "write `source: <slug>` or `source:` followed by indented `title: \"…\"` and optionally `publisher:`, `date:`, `url:`",
        )]);
    };
    let mut problems = Vec::new();
    let mut article = Article { title: String::new(), publisher: None, date: None, url: None };
    for (k, value) in map {
        let key = scalar(k).unwrap_or_default();
        let text = scalar(value).map(|s| s.trim().to_string());
        match (key.as_str(), text) {
            ("title", Some(t)) if !t.is_empty() => article.title = t,
            ("publisher", Some(t)) if !t.is_empty() => article.publisher = Some(t),
            ("date", Some(t)) => match Date::parse(&t) {
                Ok(d) => article.date = Some(d),
                Err(m) => problems.push(problem(
                    Code::InvalidDate,
                    format!("`source.date`: {m}"),
                    "write the date as YYYY-MM-DD, e.g. `2021-12-24`",
                )),
            },
            ("url", Some(t)) if t.starts_with("https://") || t.starts_with("http://") => {
                article.url = Some(t)
            }
            ("url", _) => problems.push(problem(
                Code::InvalidUrl,
                "`source.url` must be an absolute http:// or https:// address".into(),
                "copy the article's address from the browser, or leave `url` out",
            )),
            (k, _) if ARTICLE_KEYS.contains(&k) => problems.push(problem(
                Code::InvalidField,
                format!("`source.{k}` must be non-empty text"),
                "write the value on the same line, e.g. `publisher: Efficient Ops`",
            )),
            (k, _) => problems.push(problem(
                Code::UnknownField,
                format!("unknown field `source.{k}`"),
                &diagnostic::unknown_key_hint(k, &ARTICLE_KEYS),
            )),
        }
    }
    if article.title.is_empty() && !map.keys().any(|k| scalar(k).as_deref() == Some("title")) {
        problems.push(problem(
            Code::MissingField,
            "`source` needs a `title`".into(),
            "add `title: \"…\"` (the article's headline) under `source:`",
        ));
    }
    if problems.is_empty() { Ok(article) } else { Err(problems) }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResult {
    bank: String,
    module: String,
    #[serde(default)]
    level: Option<Value>,
    #[serde(default)]
    announced: Option<Value>,
    #[serde(default)]
    known_by: Option<Value>,
    /// Not a key of the schema: read only to reject it with a hint.
    #[serde(default)]
    date: Option<Value>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    project_zh: Option<String>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    source: Option<Value>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    note_zh: Option<String>,
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
        at.error(i, key, Code::InvalidDate, m)
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
            let d = at.error(
                i,
                "bank",
                Code::UnknownInstitution,
                format!("unknown institution `{name}`"),
            );
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
            let d = at.error(i, key, Code::UnknownModule, format!("unknown module `{name}`"));
            diags.push(
                d.with_hint(
                    diagnostic::did_you_mean(&s)
                        .unwrap_or_else(|| "add the module to content/_data/modules.yaml".into()),
                ),
            );
        })
        .ok()
}

/// Parses `results.yaml` into records ([`Origin::File`]). `case_slugs` are the slugs a
/// `source` may name. Returns the valid records, in file order, and every problem.
pub fn parse_results(
    text: &str,
    registry: &Registry,
    case_slugs: &[&str],
    today: Date,
) -> (Vec<ResultRecord>, Vec<Diagnostic>) {
    let at = Entries::new(text, RESULTS_FILE);
    let values = match parse_list(text, RESULTS_FILE) {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut records = Vec::new();
    let mut diags = Vec::new();
    let ctx = EntryContext { at: &at, registry, case_slugs, today };
    for (i, v) in values.iter().enumerate() {
        if let Some(r) = result_entry(v, i, &ctx, &mut diags) {
            records.push(r);
        }
    }
    (records, diags)
}

/// What validating one entry of `results.yaml` needs besides the entry.
struct EntryContext<'a> {
    at: &'a Entries<'a>,
    registry: &'a Registry,
    case_slugs: &'a [&'a str],
    today: Date,
}

fn result_entry(
    v: &Value,
    i: usize,
    ctx: &EntryContext<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResultRecord> {
    let at = ctx.at;
    let raw: RawResult = at.entry(v, i).map_err(|d| diags.push(d)).ok()?;
    let bank = resolve_bank(ctx.registry, &raw.bank, i, at, diags);
    let module = resolve_unit(ctx.registry, &raw.module, "module", i, at, diags);
    let dating = dating(&raw, i, at, ctx.today, diags);
    let level = level(raw.level.as_ref(), i, at, diags);
    let source = raw.source.as_ref().and_then(|s| source(s, i, at, ctx.case_slugs, diags));
    if raw.count == Some(0) {
        diags.push(at.error(i, "count", Code::InvalidCount, "`count` must be at least 1".into()));
        return None;
    }
    Some(ResultRecord {
        bank: bank?,
        project: raw.project.filter(|p| !p.trim().is_empty()),
        project_zh: raw.project_zh.filter(|p| !p.trim().is_empty()),
        module: module?,
        level: level?,
        dating: dating?,
        count: raw.count.unwrap_or(1),
        source: if raw.source.is_some() { Some(source?) } else { None },
        note: raw.note.filter(|n| !n.trim().is_empty()),
        note_zh: raw.note_zh.filter(|n| !n.trim().is_empty()),
        origin: Origin::File { line: at.start(i) },
    })
}

/// `announced:` or `known_by:`, exactly one; `date:` is rejected with a hint.
fn dating(
    raw: &RawResult,
    i: usize,
    at: &Entries<'_>,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) -> Option<Dating> {
    let hint = "write `announced: YYYY-MM-DD` for the day the result was announced, or `known_by: YYYY-MM-DD` when the article only says it had happened by then";
    if raw.date.is_some() {
        diags.push(
            at.error(
                i,
                "date",
                Code::AmbiguousDate,
                "`date` does not say how the result is dated".into(),
            )
            .with_hint(hint),
        );
        return None;
    }
    let (key, value, make): (&str, &Value, fn(Date) -> Dating) = match (
        &raw.announced,
        &raw.known_by,
    ) {
        (Some(v), None) => ("announced", v, Dating::Announced),
        (None, Some(v)) => ("known_by", v, Dating::KnownBy),
        (Some(_), Some(_)) => {
            diags.push(
                at.error(i, "known_by", Code::ConflictingDates, "an entry has either `announced` or `known_by`, not both".into())
                    .with_hint("keep `announced` if the article gives the announcement day, else keep `known_by`"),
            );
            return None;
        }
        (None, None) => {
            diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    RESULTS_FILE,
                    "missing `announced` or `known_by`",
                )
                .at_line(at.start(i))
                .with_hint(hint),
            );
            return None;
        }
    };
    let d = date(value, i, key, at).map_err(|d| diags.push(d)).ok()?;
    if d > today {
        diags.push(Diagnostic {
            severity: crate::Severity::Warning,
            ..at.error(i, key, Code::FutureDate, format!("date {d} is in the future"))
        });
    }
    Some(make(d))
}

/// The optional level: `Some(None)` when absent, `None` when invalid (reported).
fn level(
    v: Option<&Value>,
    i: usize,
    at: &Entries<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<Level>> {
    let v = match v {
        None | Some(Value::Null) => return Some(None),
        Some(v) => v,
    };
    let text = scalar(v).unwrap_or_default();
    match Level::parse(&text) {
        Some(l) => Some(Some(l)),
        None => {
            diags.push(
                at.error(i, "level", Code::InvalidLevel, format!("`{text}` is not a maturity level"))
                    .with_hint("levels are 1 to 5, optionally with a plus grade such as \"2+\"; leave `level` out when the source does not say"),
            );
            None
        }
    }
}

/// `source:`: a case-study slug that exists, or an article map.
fn source(
    v: &Value,
    i: usize,
    at: &Entries<'_>,
    case_slugs: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Source> {
    if let Value::String(slug) = v {
        let slug = slug.trim();
        if case_slugs.contains(&slug) {
            return Some(Source::Case(slug.to_string()));
        }
        let otherwise = "describe the article as a map with `title`, `publisher`, `date`, `url`";
        diags.push(unknown_source(slug, i, at, case_slugs, otherwise));
        return None;
    }
    match parse_article(v) {
        Ok(a) => Some(Source::Article(a)),
        Err(problems) => {
            for p in problems {
                diags.push(at.error(i, "source", p.code, p.message).with_hint(p.hint));
            }
            None
        }
    }
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
                        Code::UnknownInstitutionType,
                        format!("unknown institution type `{kind}`"),
                    )
                    .with_hint(format!("use one of: {}", ids.join(", "))),
                );
                None
            }
        },
        _ => {
            diags.push(
                Diagnostic::error(Code::InvalidEntry, REPORTED_FILE, "an entry needs exactly one of `bank` or `type`")
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
        diags.push(unknown_source(src, i, at, case_slugs, "describe the source in words"));
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

/// `source` names no case study: suggest the nearest slug, or `otherwise`.
fn unknown_source(
    slug: &str,
    i: usize,
    at: &Entries<'_>,
    case_slugs: &[&str],
    otherwise: &str,
) -> Diagnostic {
    let hint = diagnostic::did_you_mean(&diagnostic::suggest(slug, case_slugs.iter().copied()))
        .unwrap_or_else(|| format!("name the slug of a case study, or {otherwise}"));
    at.error(i, "source", Code::UnknownSource, format!("no case study has the slug `{slug}`"))
        .with_hint(hint)
}

/// A `source` without spaces that looks like a slug is taken to name a case study.
pub fn looks_like_slug(source: &str) -> bool {
    !source.is_empty() && !source.contains(char::is_whitespace) && !source.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::results::tests::{TODAY, line, registry};

    #[test]
    fn parses_results_with_counts_date_kinds_and_unknown_levels() {
        let text = "- bank: ICBC\n  module: continuous delivery\n  known_by: 2022-12-26\n  count: 6\n  source: icbc-case\n- bank: icbc\n  module: devsecops\n  level: \"2+\"\n  announced: 2023-01-05\n  source:\n    title: \"ICBC passes\"\n    publisher: Efficient Ops\n    date: 2023-01-06\n    url: https://example.com/a\n";
        let (records, diags) = parse_results(text, &registry(), &["icbc-case"], TODAY);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].count, records[0].level, line(&records[0])), (6, None, 1));
        assert_eq!(records[0].dating, Dating::KnownBy(Date::parse("2022-12-26").unwrap()));
        assert_eq!(records[0].dating.label(), "by 2022-12-26");
        assert_eq!(records[0].source, Some(Source::Case("icbc-case".into())));
        assert_eq!(records[1].level, Level::parse("2+"));
        assert_eq!(records[1].dating, Dating::Announced(Date::parse("2023-01-05").unwrap()));
        assert_eq!(line(&records[1]), 6);
        let Some(Source::Article(a)) = &records[1].source else { panic!("{:?}", records[1]) };
        assert_eq!(
            (a.title.as_str(), a.publisher.as_deref(), a.url.as_deref()),
            ("ICBC passes", Some("Efficient Ops"), Some("https://example.com/a"))
        );
        assert_eq!(a.date, Date::parse("2023-01-06").ok());
    }

    #[test]
    fn reports_problems_at_their_keys() {
        let text = "- bank: ICBK\n  module: continuous delivery\n  announced: 2022-12-26\n- bank: ICBC\n  module: CD\n  announced: 2022-02-30\n  colour: red\n";
        let (records, diags) = parse_results(text, &registry(), &[], TODAY);
        assert!(records.is_empty());
        let got: Vec<(Code, Option<usize>, Option<usize>)> =
            diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            got,
            [(Code::UnknownInstitution, Some(1), Some(9)), (Code::UnknownField, Some(7), Some(3))]
        );
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `ICBC`?"));
    }

    #[test]
    fn errors_on_ambiguous_missing_or_double_dates() {
        let text = "- bank: ICBC\n  module: devsecops\n  date: 2022-12-26\n- bank: ICBC\n  module: devsecops\n- bank: ICBC\n  module: devsecops\n  announced: 2022-12-26\n  known_by: 2022-12-26\n";
        let (records, diags) = parse_results(text, &registry(), &[], TODAY);
        assert!(records.is_empty());
        let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            [
                (Code::AmbiguousDate, Some(3)),
                (Code::MissingField, Some(4)),
                (Code::ConflictingDates, Some(9))
            ]
        );
        assert!(diags[0].hint.as_deref().unwrap().contains("known_by: YYYY-MM-DD"));
    }

    #[test]
    fn errors_on_bad_sources() {
        let text = "- bank: ICBC\n  module: devsecops\n  announced: 2022-12-26\n  source: icbc-cas\n- bank: ICBC\n  module: devsecops\n  announced: 2022-12-26\n  source:\n    publisher: X\n    url: ftp://x\n    colour: red\n";
        let (records, diags) = parse_results(text, &registry(), &["icbc-case"], TODAY);
        assert!(records.is_empty(), "{records:?}");
        let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            [
                (Code::UnknownSource, Some(4)),
                (Code::InvalidUrl, Some(8)),
                (Code::UnknownField, Some(8)),
                (Code::MissingField, Some(8))
            ]
        );
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `icbc-case`?"));
        assert_eq!(diags[2].message, "unknown field `source.colour`");
    }

    #[test]
    fn parses_reported_totals() {
        let text = "- bank: ICBC\n  scope: continuous-delivery\n  count: 6\n  as_of: 2022-12-26\n  source: icbc-case\n- type: state-owned\n  count: 40\n  as_of: 2023-12-15\n- bank: ICBC\n  type: state-owned\n  count: 1\n  as_of: 2023-12-15\n  source: nope-case\n";
        let (totals, diags) = parse_reported(text, &registry(), &["icbc-case"]);
        assert_eq!(totals.len(), 2);
        assert_eq!(totals[0].scope, Scope::Unit(0));
        assert_eq!(totals[1].subject, Subject::Type(InstitutionType::StateOwned));
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::InvalidEntry, Code::UnknownSource]);
        assert_eq!(diags[1].line, Some(13));
    }
}
