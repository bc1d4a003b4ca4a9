//! YAML helpers shared by the configuration, registry and front-matter parsers: turning
//! `serde_norway` errors into located diagnostics and finding the line a key is on.
//!
//! `serde_norway` reports positions relative to the text it was given. Front matter is a
//! slice of a larger file, so callers pass the line offset of that slice and every position
//! is reported as a line of the real file.

use crate::diagnostic::Diagnostic;

/// Converts a YAML error into a diagnostic; `line_offset` is the number of file lines
/// before the parsed text.
pub fn diagnostic(
    err: &serde_norway::Error,
    text: &str,
    path: &str,
    line_offset: usize,
) -> Diagnostic {
    let message = clean_message(&err.to_string());
    let (code, hint) = classify(&message);
    let mut d = Diagnostic::error(code, path, message);
    if let Some(loc) = err.location() {
        // The parser also breaks lines at a lone `\r`, U+0085 and U+2028; reports count
        // `\n` only, so the position is recomputed from the byte offset.
        let (line, column) = match text.get(..loc.index().min(text.len())) {
            Some(before) => (
                before.matches('\n').count() + 1,
                before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            ),
            None => (loc.line(), loc.column()),
        };
        d = d.at(line + line_offset, column);
    } else {
        d = d.at_line(line_offset + 1);
    }
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// Drops the " at line X column Y" suffix serde adds: the diagnostic carries the position.
fn clean_message(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].to_string()
}

fn classify(message: &str) -> (&'static str, Option<&'static str>) {
    if message.contains("unknown field") {
        ("unknown-field", Some("remove the key or fix its spelling"))
    } else if message.contains("missing field") {
        ("missing-field", Some("add the key"))
    } else if message.contains("tab") {
        ("yaml-syntax", Some("YAML indents with spaces; replace the tab characters"))
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        (
            "yaml-too-complex",
            Some("simplify the YAML: deep nesting and alias expansion are limited"),
        )
    } else if message.contains("invalid type") {
        ("invalid-type", None)
    } else {
        ("yaml-syntax", Some("check the YAML syntax: indentation, colons and quotes"))
    }
}

/// Deepest flow nesting (`[` and `{`) accepted before handing text to the YAML parser.
/// The parser's own recursion limit is reached only after time quadratic in the nesting,
/// so absurd nesting is refused up front.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Refuses text whose `[`/`{` nesting (outside quoted strings and comments) exceeds
/// [`MAX_FLOW_DEPTH`]; the error is located at the bracket that goes too deep.
pub fn check_depth(text: &str, path: &str, line_offset: usize) -> Result<(), Diagnostic> {
    for (i, line) in text.lines().enumerate() {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(Diagnostic::error(
                            "yaml-too-complex",
                            path,
                            format!("YAML nested more than {MAX_FLOW_DEPTH} levels deep"),
                        )
                        .at(i + 1 + line_offset, col + 1)
                        .to_column(col + 2)
                        .with_hint("simplify the YAML: front matter and registry entries need only a few levels"));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The 1-based line of the first top-level `key:` in `text`, if any.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|line| is_key_line(line, key)).map(|i| i + 1)
}

fn is_key_line(line: &str, key: &str) -> bool {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let unquoted = line.strip_prefix(key).and_then(|rest| rest.trim_start().strip_prefix(':'));
    let quoted = line
        .strip_prefix('"')
        .and_then(|l| l.strip_prefix(key))
        .and_then(|l| l.strip_prefix('"'))
        .and_then(|rest| rest.trim_start().strip_prefix(':'));
    unquoted.or(quoted).is_some()
}

/// A 1-based column range on one line, end exclusive.
pub type Span = (usize, usize);

/// Character columns (1-based, end exclusive) of `key` and of its value on a `key: value`
/// line; the value is `None` when it continues on later lines. Trailing comments are not
/// part of the value.
pub fn spans(line: &str, key: &str) -> Option<(Span, Option<Span>)> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let key_start = line.find(key)?;
    let key_col = line[..key_start].chars().count() + 1;
    let key_span = (key_col, key_col + key.chars().count());
    let colon = key_start + key.len() + line[key_start + key.len()..].find(':')?;
    let after = &line[colon + 1..];
    let value = after.split(" #").next().unwrap_or("").trim_end();
    let lead = value.len() - value.trim_start().len();
    let value = value.trim_start();
    if value.is_empty() {
        return Some((key_span, None));
    }
    let start = line[..colon + 1 + lead].chars().count() + 1;
    Some((key_span, Some((start, start + value.chars().count()))))
}

/// The 1-based line of the first line at or after `from` (1-based) that contains
/// `needle`, for locating list entries such as `- id: x`.
pub fn find_line(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_keys_only() {
        let text = "title: a\nnested:\n  bank: x\nbank: y\n\"level\": 2\n";
        assert_eq!(key_line(text, "bank"), Some(4));
        assert_eq!(key_line(text, "level"), Some(5));
        assert_eq!(key_line(text, "missing"), None);
    }

    #[test]
    fn finds_key_and_value_columns() {
        assert_eq!(spans("bank: Zhengzou Bank  # typo", "bank"), Some(((1, 5), Some((7, 20)))));
        assert_eq!(spans("domains:", "domains"), Some(((1, 8), None)));
        assert_eq!(spans("title: 安全交付", "title"), Some(((1, 6), Some((8, 12)))));
    }

    #[test]
    fn refuses_deep_flow_nesting_quickly() {
        let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = check_depth(&deep, "a.md", 1).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8 + MAX_FLOW_DEPTH)));
        assert!(check_depth("title: \"[[[[\" # [[[[\nx: [[a], {b: c}]\n", "a.md", 0).is_ok());
    }

    #[test]
    fn lone_carriage_returns_do_not_shift_lines() {
        let text = "i:\r\r\u{e9}\n";
        let err = serde_norway::from_str::<serde_norway::Value>(text).unwrap_err();
        let d = diagnostic(&err, text, "x.md", 1);
        assert!(d.line.unwrap() <= 3, "{d}");
    }

    #[test]
    fn offsets_error_lines() {
        let err = serde_norway::from_str::<serde_norway::Value>("a: [\n").unwrap_err();
        let d = diagnostic(&err, "a: [\n", "x.md", 1);
        assert!(d.line.unwrap() >= 2, "{d}");
        assert!(!d.message.contains(" at line "));
    }
}
