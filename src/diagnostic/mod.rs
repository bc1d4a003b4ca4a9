//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage that looks at user input (configuration, registry, case studies, templates)
//! reports problems as [`Diagnostic`] values instead of failing at the first one. The
//! driver collects them, sorts them by file and line, and fails the build if any of them is
//! an error. This module owns the value type and its one-line text form; it does not print
//! anything (the binary does).

pub mod code;
pub mod report;

use std::fmt;

pub use code::Code;

/// How bad a diagnostic is. Errors stop a build; warnings are reported and let it pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be published as it is.
    Error,
    /// Probably a mistake, but the site can still be built.
    Warning,
}

impl Severity {
    /// The lowercase word used in reports (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the input, located as precisely as the stage can.
///
/// `path` is relative to the site root when the file is inside it, so reports read the
/// same on every machine. `line` and `column` are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem; reports print its stable kebab-case name (`unknown-field`).
    pub code: Code,
    /// The file the problem is in, relative to the site root.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// 1-based column just past the culprit on the same line, when known; reports
    /// underline `column..end_column`.
    pub end_column: Option<usize>,
    /// What is wrong, one sentence starting in lowercase.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `path` with no position yet.
    pub fn error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            line: None,
            column: None,
            end_column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `path` with no position yet.
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, path, message) }
    }

    /// Sets the 1-based line (and column 1 unless a column is set later).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self.column.get_or_insert(1);
        self
    }

    /// Sets a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based column just past the culprit.
    pub fn to_column(mut self, end_column: usize) -> Self {
        self.end_column = Some(end_column);
        self
    }

    /// Adds a hint telling the user how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The ordering used in every report: by file, then line, then column.
    pub fn sort_key(&self) -> (&str, usize, usize, Severity) {
        (&self.path, self.line.unwrap_or(0), self.column.unwrap_or(0), self.severity)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity.as_str(), self.code, self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics into report order and removes exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then(a.message.cmp(&b.message)));
    diagnostics.dedup();
}

/// "3 errors, 1 warning in 2 files": the closing line of a report.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut files: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    format!(
        "{}, {} in {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(files.len(), "file", "files")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Names close to `wanted` among `known`, best first: the "did you mean" of a report.
///
/// Comparison is case-insensitive; at most three names are returned.
pub fn suggest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, name) in scored {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            out.push(name);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Formats suggestions as a hint ("did you mean `A` or `B`?"), or `None` if there are none.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("`{s}`")).collect();
            Some(format!("did you mean {} or `{last}`?", init.join(", ")))
        }
    }
}

/// The hint for an unknown key among `known`: the nearest known keys ("did you mean"), or
/// the whole list when none is close.
pub fn unknown_key_hint(key: &str, known: &[&str]) -> String {
    match did_you_mean(&suggest(key, known.iter().copied())) {
        Some(hint) => hint,
        None if known.is_empty() => "remove the key or fix its spelling".into(),
        None => format!("known keys are: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_location_and_hint() {
        let d =
            Diagnostic::error(Code::UnknownField, "content/cases/a.md", "unknown field `titel`")
                .at(3, 1)
                .with_hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error[unknown-field]: content/cases/a.md:3:1: unknown field `titel`\n  = help: did you mean `title`?"
        );
    }

    #[test]
    fn summary_counts_errors_warnings_and_files() {
        let ds = vec![
            Diagnostic::error(Code::BrokenLink, "a.md", "m"),
            Diagnostic::error(Code::BrokenLink, "b.md", "m"),
            Diagnostic::warning(Code::EmptyBody, "a.md", "m"),
        ];
        assert_eq!(summary(&ds), "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn suggests_close_names_first() {
        let known = ["Zhengzhou Bank", "Zhongyuan Bank", "ICBC"];
        assert_eq!(suggest("Zhengzou Bank", known)[0], "Zhengzhou Bank");
        assert!(suggest("completely different", known).is_empty());
        assert_eq!(did_you_mean(&["a", "b", "c"]).unwrap(), "did you mean `a`, `b` or `c`?");
    }
}
