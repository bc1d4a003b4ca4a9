//! Diagnostic reports in the three formats `check` and `build` offer: human (rustc style,
//! with the source line and a marker under the culprit, rendered by codespan-reporting),
//! JSON (one document, stable field names) and GitHub Actions workflow commands.
//!
//! The library does not print: these functions write into a writer the binary supplies,
//! and the binary decides about colour (only on a terminal, never with `NO_COLOR`).

use std::collections::BTreeMap;
use std::io;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

use crate::diagnostic::{self, Code, Diagnostic, Severity};

/// Output formats of a diagnostic report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style text with source snippets.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    Github,
}

/// Writes `diags` in the human format: each diagnostic with its source line and a marker,
/// then the closing count. `sources` maps paths (as in the diagnostics) to file texts;
/// diagnostics whose file is not there are shown without a snippet.
pub fn write_human(
    out: &mut dyn WriteColor,
    diags: &[Diagnostic],
    sources: &BTreeMap<String, String>,
) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    for (path, text) in sources {
        // Quoted lines are printed as they are, so a case file could drive the terminal
        // (clear the screen, rewrite lines, set the title); the stand-ins keep columns.
        let text = printable(text).into_owned();
        ids.insert(path.as_str(), (files.add(printable(path).into_owned(), text.clone()), text));
    }
    let config = term::Config::default();
    for d in diags {
        let file = ids.get(d.path.as_str());
        let cs = to_codespan(d, file.map(|f| f.0), file.map(|f| &f.1));
        term::emit_to_write_style(out, &config, &files, &cs).map_err(io::Error::other)?;
    }
    if !diags.is_empty() {
        writeln!(out, "{}", diagnostic::summary(diags))?;
    }
    Ok(())
}

fn to_codespan(d: &Diagnostic, file: Option<usize>, text: Option<&String>) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let range = match (file, text, d.line) {
        (Some(_), Some(text), Some(line)) => {
            byte_range(text, line, d.column.unwrap_or(1), d.end_column)
        }
        _ => None,
    };
    let mut cs = CsDiagnostic::new(severity).with_code(d.code);
    match (file, range) {
        (Some(id), Some(range)) => {
            cs =
                cs.with_message(printable(&d.message)).with_labels(vec![Label::primary(id, range)]);
        }
        _ => {
            let path = printable(&d.path);
            let location = match d.line {
                Some(line) => format!("{path}:{line}:{}", d.column.unwrap_or(1)),
                None => path.into_owned(),
            };
            cs = cs.with_message(format!("{location}: {}", printable(&d.message)));
        }
    }
    if let Some(hint) = &d.hint {
        cs = cs.with_notes(vec![format!("help: {}", printable(hint))]);
    }
    cs
}

/// `text` safe to print on a terminal: every control character except line feeds, tabs
/// and the carriage return of a CRLF is replaced by a visible stand-in of one character
/// (`␛` for ESC, the Unicode control pictures for the other C0 characters, `␡` for DEL,
/// `�` for C1 controls), so escape sequences (`ESC[2J`, OSC titles, a lone CR that
/// overwrites the line) are shown, not obeyed, and columns stay where they were.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let keep = |c: char, next: Option<char>| {
        !c.is_control() || c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
    };
    if text.char_indices().all(|(i, c)| keep(c, text[i + c.len_utf8()..].chars().next())) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            c if keep(c, chars.peek().copied()) => c,
            '\u{7f}' => '\u{2421}',
            c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        });
    }
    out.into()
}

/// Lines longer than this (in bytes) are not quoted in reports; the location is still given.
const MAX_SNIPPET_LINE: usize = 1000;

/// Byte range of `line:column..end_column` (1-based, character columns) in `text`. Without
/// an end column the range covers the word at the column (at least one character).
fn byte_range(
    text: &str,
    line: usize,
    column: usize,
    end_column: Option<usize>,
) -> Option<std::ops::Range<usize>> {
    let line_start =
        if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let line_text = text[line_start..].split('\n').next().unwrap_or("").trim_end_matches('\r');
    if line_text.len() > MAX_SNIPPET_LINE {
        return None;
    }
    let offset_of = |col: usize| {
        line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
    };
    let start = offset_of(column);
    let end = match end_column {
        Some(end) if end > column => offset_of(end),
        _ => {
            let rest = &line_text[start..];
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            start + word.max(rest.chars().next().map_or(0, char::len_utf8))
        }
    };
    Some(line_start + start..line_start + end.max(start))
}

/// One diagnostic in the JSON report. Field names are part of casebook's interface.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: Code,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    files: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// The JSON report: `{"version": 1, "summary": {…}, "diagnostics": […]}`.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut files: Vec<&str> = diags.iter().map(|d| d.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let report = JsonReport {
        version: 1,
        summary: JsonSummary { errors, warnings: diags.len() - errors, files: files.len() },
        diagnostics: diags
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                file: &d.path,
                line: d.line,
                column: d.column,
                end_column: d.end_column,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("the report is plain data");
    text.push('\n');
    text
}

/// GitHub Actions workflow commands, one line per diagnostic, then a notice with the count.
pub fn to_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let mut props = vec![format!("file={}", escape_property(&d.path))];
        if let Some(line) = d.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = d.column {
            props.push(format!("col={col}"));
        }
        if let Some(end) = d.end_column {
            props.push(format!("endColumn={end}"));
        }
        props.push(format!("title={}", escape_property(&format!("casebook {}", d.code))));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str("\nhelp: ");
            message.push_str(hint);
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            d.severity.as_str(),
            props.join(","),
            escape_data(&message)
        ));
    }
    out.push_str(&format!(
        "::notice title=casebook::{}\n",
        escape_data(&diagnostic::summary(diags))
    ));
    out
}

/// A workflow command's data: `%`, CR and LF escaped as GitHub requires, and other
/// control characters replaced as in [`printable`] (the Actions log renders ANSI escapes).
fn escape_data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    printable(&s).into_owned()
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::term::termcolor::NoColor;

    fn sample() -> (Vec<Diagnostic>, BTreeMap<String, String>) {
        let d = Diagnostic::error(
            Code::UnknownInstitution,
            "content/cases/a.md",
            "unknown institution `Zhengzou Bank`",
        )
        .at(3, 7)
        .to_column(20)
        .with_hint("did you mean `Zhengzhou Bank`?");
        let w = Diagnostic::warning(
            Code::EmptyBody,
            "content/cases/b.md",
            "the case study has no text",
        );
        let mut sources = BTreeMap::new();
        sources.insert(
            "content/cases/a.md".to_string(),
            "---\ntitle: A\nbank: Zhengzou Bank\n---\n".to_string(),
        );
        (vec![d, w], sources)
    }

    #[test]
    fn human_report_shows_the_line_and_a_marker() {
        let (diags, sources) = sample();
        let mut out = NoColor::new(Vec::new());
        write_human(&mut out, &diags, &sources).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(
            text.contains("error[unknown-institution]: unknown institution `Zhengzou Bank`"),
            "{text}"
        );
        assert!(text.contains("content/cases/a.md:3:7"), "{text}");
        assert!(text.contains("bank: Zhengzou Bank"), "{text}");
        assert!(text.contains("^^^^^^^^^^^^^"), "{text}");
        assert!(text.contains("= help: did you mean `Zhengzhou Bank`?"), "{text}");
        assert!(
            text.contains("warning[empty-body]: content/cases/b.md: the case study has no text"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("1 error, 1 warning in 2 files"), "{text}");
    }

    #[test]
    fn human_report_shows_escape_sequences_instead_of_obeying_them() {
        let d = Diagnostic::error(
            Code::UnknownInstitution,
            "content/cases/\u{1b}[2Ja.md",
            "unknown institution `\u{1b}[31mZhengzou\u{7}`",
        )
        .at(3, 12)
        .to_column(20)
        .with_hint("did you mean `\u{1b}]0;pwned\u{7}`?");
        let mut sources = BTreeMap::new();
        sources.insert(
            d.path.clone(),
            "---\r\ntitle: A\r\nbank: \u{1b}[31mZhengzou\rBank\u{9b}2J\u{7f}\r\n---\r\n"
                .to_string(),
        );
        let mut out = NoColor::new(Vec::new());
        write_human(&mut out, &[d], &sources).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("unknown institution `␛[31mZhengzou␇`"), "{text}");
        assert!(text.contains("content/cases/␛[2Ja.md:3:12"), "{text}");
        assert!(text.contains("= help: did you mean `␛]0;pwned␇`?"), "{text}");
        // One stand-in per character: the marker is still under `Zhengzou`.
        let line = text.lines().find(|l| l.contains("bank: ")).unwrap();
        assert!(line.ends_with("bank: ␛[31mZhengzou␍Bank�2J␡"), "{line:?}");
        let marker = text.lines().find(|l| l.contains('^')).unwrap();
        let col = |s: &str, pat: char| s.chars().position(|c| c == pat).unwrap();
        assert_eq!(col(marker, '^'), col(line, 'Z'), "{text}");
        assert_eq!(marker.matches('^').count(), 8, "{text}");
        assert_eq!(printable("tab\tand\r\nCRLF stay"), "tab\tand\r\nCRLF stay");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn github_commands_carry_no_escape_sequences() {
        let d = Diagnostic::error(Code::BrokenLink, "a\u{1b}.md", "bad \u{1b}[2J value\r\nnext");
        let text = to_github(&[d]);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(
            text.starts_with(
                "::error file=a␛.md,title=casebook broken-link::bad ␛[2J value%0D%0Anext\n"
            ),
            "{text:?}"
        );
    }

    #[test]
    fn json_report_has_stable_fields() {
        let (diags, _) = sample();
        let v: serde_json::Value = serde_json::from_str(&to_json(&diags)).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["summary"]["errors"], 1);
        let d = &v["diagnostics"][0];
        assert_eq!(d["severity"], "error");
        assert_eq!(d["code"], "unknown-institution");
        assert_eq!(d["file"], "content/cases/a.md");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()),
            (Some(3), Some(7), Some(20))
        );
        assert_eq!(d["hint"], "did you mean `Zhengzhou Bank`?");
        assert!(v["diagnostics"][1]["line"].is_null());
    }

    #[test]
    fn github_commands_are_escaped() {
        let (diags, _) = sample();
        let text = to_github(&diags);
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "::error file=content/cases/a.md,line=3,col=7,endColumn=20,title=casebook unknown-institution::unknown institution `Zhengzou Bank`%0Ahelp: did you mean `Zhengzhou Bank`?"
        );
        assert!(text.contains("::warning file=content/cases/b.md,title=casebook empty-body::"));
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
