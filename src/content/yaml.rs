//! YAML helpers shared by the configuration, registry and front-matter parsers: turning
//! `serde_norway` errors into located diagnostics, refusing absurd nesting before the
//! parser sees it, and finding the line a key or a list entry is on.
//!
//! `serde_norway` reports positions relative to the text it was given. Front matter is a
//! slice of a larger file, so callers pass the line offset of that slice and every position
//! is reported as a line of the real file.

use serde_norway::Value;

use crate::diagnostic::{self, Code, Diagnostic};

/// Converts a YAML error into a diagnostic; `line_offset` is the number of file lines
/// before the parsed text.
pub(crate) fn diagnostic(
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

fn classify(message: &str) -> (Code, Option<&'static str>) {
    if message.contains("unknown field") {
        (Code::UnknownField, Some("remove the key or fix its spelling"))
    } else if message.contains("missing field") {
        (Code::MissingField, Some("add the key"))
    } else if message.contains("tab") {
        (Code::YamlSyntax, Some("YAML indents with spaces; replace the tab characters"))
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        (
            Code::YamlTooComplex,
            Some("simplify the YAML: deep nesting and alias expansion are limited"),
        )
    } else if message.contains("invalid type") {
        (Code::InvalidType, None)
    } else {
        (Code::YamlSyntax, Some("check the YAML syntax: indentation, colons and quotes"))
    }
}

/// Deepest flow nesting (`[` and `{`) accepted before handing text to the YAML parser.
/// The parser's own recursion limit is reached only after time quadratic in the nesting,
/// so absurd nesting is refused up front.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// Refuses text whose `[`/`{` nesting exceeds [`MAX_FLOW_DEPTH`]; the error is located at
/// the bracket that goes too deep. Nesting carries across lines, as it does in YAML.
///
/// Whether a `[` opens a flow collection depends on where it is: in a quoted string, a
/// comment or a plain scalar (`title: see [1]`) it is text. Telling those apart exactly
/// needs the indentation rules of the full parser; a simple scanner that guesses wrong
/// (taking the apostrophe of `it's` for an opening quote, say) would stop counting for the
/// rest of the file. So the scan follows every reading the text could have at once, and
/// refuses the text when any of them nests too deep: the parser's reading is always among
/// them. A false alarm needs more than 64 unbalanced brackets in prose or strings, each at
/// the start of a line or after a space.
pub(crate) fn check_depth(text: &str, path: &str, line_offset: usize) -> Result<(), Diagnostic> {
    // Fast path (nearly every file): too few brackets to nest too deep in any reading.
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_FLOW_DEPTH {
        return Ok(());
    }
    let mut scan = Nesting::default();
    let (mut line, mut column) = (1, 0);
    let mut after_blank = true;
    for c in text.chars() {
        column += 1;
        if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            // Every YAML line break ends comments; reports count `\n` only.
            scan.line_break();
            if c == '\n' {
                (line, column) = (line + 1, 0);
            }
            after_blank = true;
            continue;
        }
        if !scan.char(c, after_blank) {
            return Err(Diagnostic::error(
                Code::YamlTooComplex,
                path,
                format!("YAML nested more than {MAX_FLOW_DEPTH} levels deep"),
            )
            .at(line + line_offset, column)
            .to_column(column + 1)
            .with_hint(
                "simplify the YAML: front matter and registry entries need only a few levels",
            ));
        }
        after_blank = matches!(c, ' ' | '\t');
    }
    Ok(())
}

/// The states [`check_depth`] may be in, one bit per flow depth in each mask (bit 0: block
/// context, outside any `[`/`{`). In block context the scan cannot tell a token start from
/// the middle of a plain or block scalar, so `plain` bit 0 stands for all of them, and a
/// bracket or quote there forks: it may open something, or be text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Nesting {
    /// Between tokens (flow context only).
    token: u128,
    /// Inside a plain scalar; bit 0: block context, not in a quote or comment.
    plain: u128,
    /// Inside a single-quoted scalar.
    single: u128,
    /// Inside a double-quoted scalar.
    double: u128,
    /// Right after a backslash in a double-quoted scalar.
    escape: u128,
    /// Inside a comment.
    comment: u128,
    /// Inside a tag, anchor or alias (flow context only).
    property: u128,
}

impl Default for Nesting {
    fn default() -> Self {
        Nesting { token: 0, plain: 1, single: 0, double: 0, escape: 0, comment: 0, property: 0 }
    }
}

/// Bit 0: the block context.
const BLOCK: u128 = 1;
/// The first depth refused.
const TOO_DEEP: u128 = 1 << (MAX_FLOW_DEPTH + 1);

impl Nesting {
    /// Advances over `c` (not a line break); false when some reading nests too deep.
    /// `after_blank`: `c` follows a space, a tab or a line break (a `#` there starts a
    /// comment).
    fn char(&mut self, c: char, after_blank: bool) -> bool {
        let s = *self;
        let mut n = Nesting::empty();
        let comment_start = c == '#' && after_blank;
        // Flow context, between tokens.
        let t = s.token & !BLOCK;
        match c {
            '[' | '{' => n.token |= t << 1,
            ']' | '}' => n.close(t),
            ',' | ' ' | '\t' => n.token |= t,
            '#' => n.comment |= t,
            '\'' => n.single |= t,
            '"' => n.double |= t,
            // An indicator (`- `, `? `, `: `) or the start of a plain scalar (`-1`).
            ':' | '-' | '?' => {
                n.token |= t;
                n.plain |= t;
            }
            '!' | '&' | '*' => n.property |= t,
            _ => n.plain |= t,
        }
        // Flow context, in a plain scalar: quotes are text, spaces do not end it.
        let p = s.plain & !BLOCK;
        match c {
            '[' | '{' => n.token |= p << 1,
            ']' | '}' => n.close(p),
            ',' => n.token |= p,
            '#' if after_blank => n.comment |= p,
            // `a: b` ends a key; `a:b` is one scalar.
            ':' => {
                n.plain |= p;
                n.token |= p;
            }
            _ => n.plain |= p,
        }
        // Flow context, in a tag, anchor or alias; whether it may hold brackets and
        // commas is left open.
        let r = s.property & !BLOCK;
        match c {
            ' ' | '\t' => n.token |= r,
            '[' | '{' => n.token |= r << 1,
            ']' | '}' => n.close(r),
            ',' => n.token |= r,
            _ => {}
        }
        if !matches!(c, ' ' | '\t') {
            n.property |= r;
        }
        // Quoted scalars and comments, in either context.
        match c {
            '\'' => n.end_quote(s.single),
            _ => n.single |= s.single,
        }
        match c {
            '\\' => n.escape |= s.double,
            '"' => n.end_quote(s.double),
            _ => n.double |= s.double,
        }
        n.double |= s.escape;
        n.comment |= s.comment;
        // Block context: after a blank, a bracket or a quote may open something, or be
        // text; elsewhere (`a[b`, `it's`, `key:[`) it is text to the parser.
        if s.plain & BLOCK != 0 {
            match c {
                _ if comment_start => n.comment |= BLOCK,
                '[' | '{' if after_blank => n.token |= BLOCK << 1,
                '\'' if after_blank => n.single |= BLOCK,
                '"' if after_blank => n.double |= BLOCK,
                _ => {}
            }
            if !comment_start {
                n.plain |= BLOCK;
            }
        }
        *self = n;
        n.token & TOO_DEEP == 0
    }

    /// Leaves the flow collections at the depths in `from`: one level up, which for depth 1
    /// is the block context.
    fn close(&mut self, from: u128) {
        let up = from >> 1;
        self.token |= up & !BLOCK;
        self.plain |= up & BLOCK;
    }

    /// Ends the quoted scalars in `from`: between tokens in flow context, back in the block
    /// context otherwise.
    fn end_quote(&mut self, from: u128) {
        self.token |= from & !BLOCK;
        self.plain |= from & BLOCK;
    }

    /// Advances over a line break: comments end, so do tags; strings and flow go on.
    fn line_break(&mut self) {
        let s = *self;
        *self = Nesting {
            token: s.token | s.property | (s.comment & !BLOCK),
            plain: s.plain | (s.comment & BLOCK),
            single: s.single,
            double: s.double | s.escape,
            escape: 0,
            comment: 0,
            property: 0,
        };
    }

    fn empty() -> Self {
        Nesting { token: 0, plain: 0, single: 0, double: 0, escape: 0, comment: 0, property: 0 }
    }
}

/// The 1-based line of the first top-level `key:` in `text`, if any.
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|line| is_key_line(line, key)).map(|i| i + 1)
}

fn is_key_line(line: &str, key: &str) -> bool {
    let unquoted = line.strip_prefix(key).and_then(|rest| rest.trim_start().strip_prefix(':'));
    let quoted = line
        .strip_prefix('"')
        .and_then(|l| l.strip_prefix(key))
        .and_then(|l| l.strip_prefix('"'))
        .and_then(|rest| rest.trim_start().strip_prefix(':'));
    unquoted.or(quoted).is_some()
}

/// A 1-based column range on one line, end exclusive.
pub(crate) type Span = (usize, usize);

/// Character columns (1-based, end exclusive) of `key` and of its value on a `key: value`
/// line; the value is `None` when it continues on later lines. Trailing comments are not
/// part of the value.
pub(crate) fn spans(line: &str, key: &str) -> Option<(Span, Option<Span>)> {
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

/// Parses a data file that is a YAML list (the registry, results) into one value per
/// entry, so that each entry can be checked on its own. Empty text is an empty list.
pub(crate) fn parse_list(text: &str, path: &str) -> Result<Vec<Value>, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    check_depth(text, path, 0)?;
    serde_norway::from_str(text).map_err(|e| diagnostic(&e, text, path, 0))
}

/// Where the entries of a YAML block list are in a file, for locating problems in
/// list-shaped data files: parsed values carry no positions, but the entries come in file
/// order, so entry `i` of the value is entry `i` here.
///
/// An entry starts at a line `- …` at the list's indentation and runs to the next one.
/// Its keys are the lines indented like the key after its `- `. Flow-style lists
/// (`[{…}, {…}]`) have no entries here; problems in them fall back to the list's own line.
#[derive(Debug)]
pub(crate) struct Entries<'a> {
    lines: Vec<&'a str>,
    path: &'a str,
    /// 1-based first line of each entry.
    starts: Vec<usize>,
    /// 1-based line just past the last entry.
    end: usize,
    /// The line reported for an entry that was not found.
    fallback: usize,
}

impl<'a> Entries<'a> {
    /// The entries of the top-level list of `text`, a file at `path`.
    pub(crate) fn new(text: &'a str, path: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut entries = Entries { lines, path, starts: Vec::new(), end: 1, fallback: 1 };
        (entries.starts, entries.end) = entries.items(0, entries.lines.len(), 0);
        entries
    }

    /// The entries of the block list under `key` in entry `i` (a part's `modules`).
    pub(crate) fn nested(&self, i: usize, key: &str) -> Entries<'a> {
        let (start, end) = self.range(i);
        let mut nested = Entries {
            lines: self.lines.clone(),
            path: self.path,
            starts: Vec::new(),
            end,
            fallback: self.key_line(i, key).unwrap_or(start),
        };
        // The first line after `key:` that says something: an item, or the list is not
        // a block list.
        let first = (nested.fallback..end - 1).find(|&n| !is_blank_or_comment(self.lines[n]));
        if let Some(n) = first {
            let line = self.lines[n];
            let indent = indentation(line);
            if indent > 0 && is_item(&line[indent..]) {
                (nested.starts, nested.end) = self.items(n, end - 1, indent);
            }
        }
        nested
    }

    /// The items of a block list at `indent` in the 0-based lines `from..to`: their 1-based
    /// first lines, and the 1-based line just past the list. A nested list (`indent > 0`)
    /// ends at the first line indented less, or as much but not an item.
    fn items(&self, from: usize, to: usize, indent: usize) -> (Vec<usize>, usize) {
        let mut starts = Vec::new();
        for n in from..to.min(self.lines.len()) {
            let line = self.lines[n];
            if is_blank_or_comment(line) {
                continue;
            }
            let i = indentation(line);
            if i == indent && is_item(&line[i..]) {
                starts.push(n + 1);
            } else if indent > 0 && i <= indent {
                return (starts, n + 1);
            }
        }
        (starts, to + 1)
    }

    /// 1-based line where entry `i` starts.
    pub(crate) fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.fallback)
    }

    /// 1-based lines `start..end` of entry `i`.
    fn range(&self, i: usize) -> (usize, usize) {
        let start = self.start(i);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.end);
        (start, end.max(start + 1))
    }

    /// The 1-based line of `key:` in entry `i`: on the entry's `- ` line, or on a line
    /// indented like the entry's first key (so keys of nested entries do not count).
    pub(crate) fn key_line(&self, i: usize, key: &str) -> Option<usize> {
        let (start, end) = self.range(i);
        let first = self.lines.get(start - 1)?;
        let after_dash = first.trim_start().strip_prefix('-')?;
        let key_indent = if after_dash.trim().is_empty() {
            (start..end - 1)
                .map(|n| self.lines.get(n))
                .find_map(|l| l.filter(|l| !is_blank_or_comment(l)).map(|l| indentation(l)))?
        } else {
            first.len() - after_dash.trim_start().len()
        };
        (start..end).find(|&n| {
            let Some(line) = self.lines.get(n - 1) else { return false };
            let rest = if n == start {
                line.trim_start().strip_prefix('-').map(str::trim_start)
            } else if indentation(line) == key_indent {
                Some(&line[key_indent..])
            } else {
                None
            };
            rest.is_some_and(|r| is_key_line(r, key))
        })
    }

    /// An error about `key` of entry `i`, underlining the key's value (the key itself for
    /// unknown keys); at the entry's first line when the key is not found.
    pub(crate) fn error(&self, i: usize, key: &str, code: Code, message: String) -> Diagnostic {
        let d = Diagnostic::error(code, self.path, message);
        let Some(n) = self.key_line(i, key) else { return d.at_line(self.start(i)) };
        match spans(self.lines[n - 1], key) {
            Some((k, v)) => {
                let (col, end) = if code == Code::UnknownField { k } else { v.unwrap_or(k) };
                d.at(n, col).to_column(end)
            }
            None => d.at_line(n),
        }
    }

    /// Deserializes entry `i`; a serde error becomes a diagnostic at the entry, or at the
    /// key it names.
    pub(crate) fn entry<'v, T: serde::Deserialize<'v>>(
        &self,
        value: &'v Value,
        i: usize,
    ) -> Result<T, Diagnostic> {
        T::deserialize(value).map_err(|e| self.entry_error(&e.to_string(), i))
    }

    fn entry_error(&self, message: &str, i: usize) -> Diagnostic {
        if message.contains("expected struct") {
            return Diagnostic::error(
                Code::InvalidEntry,
                self.path,
                "the entry is not a set of `key: value` lines",
            )
            .at_line(self.start(i));
        }
        let key = message.split('`').nth(1).unwrap_or("");
        if let Some(rest) = message.strip_prefix("unknown field `") {
            // "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
            let known: Vec<&str> = rest
                .split_once(", expected")
                .map_or(Vec::new(), |(_, list)| list.split('`').skip(1).step_by(2).collect());
            let hint = diagnostic::unknown_key_hint(key, &known);
            return self
                .error(i, key, Code::UnknownField, format!("unknown field `{key}`"))
                .with_hint(hint);
        }
        if message.contains("missing field") {
            return Diagnostic::error(Code::MissingField, self.path, message)
                .at_line(self.start(i))
                .with_hint(format!("add `{key}: …` to the entry"));
        }
        if key.is_empty() {
            return Diagnostic::error(Code::InvalidEntry, self.path, message)
                .at_line(self.start(i));
        }
        self.error(i, key, Code::InvalidEntry, message.to_string())
    }
}

/// Whether `line` (without its indentation) starts a block-list item.
fn is_item(line: &str) -> bool {
    line == "-" || line.starts_with("- ") || line.starts_with("-\t")
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Leading spaces of `line`, in bytes.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
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

    /// Where `check_depth` refuses `text`, or `None`.
    fn refused_at(text: &str) -> Option<(usize, usize)> {
        check_depth(text, "a.md", 0).err().map(|d| (d.line.unwrap(), d.column.unwrap()))
    }

    #[test]
    fn refuses_deep_flow_nesting_quickly() {
        let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = check_depth(&deep, "a.md", 1).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8 + MAX_FLOW_DEPTH)));
        assert!(check_depth("title: \"[[[[\" # [[[[\nx: [[a], {b: c}]\n", "a.md", 0).is_ok());
    }

    #[test]
    fn nesting_carries_across_lines() {
        let one_per_line = format!("x: {}", "[\n".repeat(100_000));
        assert_eq!(refused_at(&one_per_line), Some((65, 1)));
        let nested_maps = format!("x: {}", "{a:\n".repeat(1000));
        assert_eq!(refused_at(&nested_maps), Some((65, 1)));
    }

    #[test]
    fn nothing_that_may_be_text_hides_real_nesting() {
        let deep = "[\n".repeat(100);
        for before in [
            // An apostrophe in a plain scalar, or a quote in a block scalar.
            "title: it's\nx: ",
            "summary: |\n  'tis \"so\n\nx: ",
            // A quote inside a flow plain scalar is text.
            "x: [a 'b, ",
            // A lone `\r` ends a comment, for the parser.
            "# comment\r",
            // A tag or an anchor before the nesting.
            "x: !t ",
            "x: [&a ",
        ] {
            assert!(refused_at(&format!("{before}{deep}")).is_some(), "{before:?}");
        }
        // Closing brackets inside multi-line strings do not undo real nesting.
        let strings = format!("x: {}", "[ \"\n]]]]]]]]\", ".repeat(100));
        assert!(refused_at(&strings).is_some());
        let single = format!("x: {}", "[ '\n]]]]]]]]'' ]]]', ".repeat(100));
        assert!(refused_at(&single).is_some());
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        for text in [
            format!("title: \"{}\"\n", "[".repeat(100)),
            format!("title: '{}'\n", "{".repeat(100)),
            format!("title: a{}\n", "[".repeat(100)),
            format!("title: x # {}\n", "[".repeat(100)),
            format!("summary: |\n  See [1] and [2{}\n", "]".repeat(100)),
            format!("x: \"{}\"\ny: [a]\n", "x[\n".repeat(100)),
            "aliases: ['Bank''s', \"A\\\"[\", {a: [b]}]\n".repeat(200),
        ] {
            assert_eq!(refused_at(&text), None, "{text:?}");
        }
    }

    #[test]
    fn finds_entries_and_their_keys() {
        let text = "\
# parts
- name: A
  modules:
    - id: a1
      description: |
        - id: not-an-entry
    -
      id: a2
  id: a
- id: b
  modules:
  - id: b1
  aliases:
    - id: c
- id: c
  modules: [{id: c1}]
";
        let at = Entries::new(text, "m.yaml");
        assert_eq!((at.start(0), at.start(1), at.start(2)), (2, 10, 15));
        // The part's own `id:`, not a module's.
        assert_eq!(at.key_line(0, "id"), Some(9));
        assert_eq!(at.key_line(1, "id"), Some(10));
        let modules = at.nested(0, "modules");
        assert_eq!((modules.start(0), modules.start(1)), (4, 7));
        assert_eq!((modules.key_line(0, "id"), modules.key_line(1, "id")), (Some(4), Some(8)));
        // Items at the key's own indentation; the list ends at the next key (and a
        // missing entry falls back to `modules:`).
        let modules = at.nested(1, "modules");
        assert_eq!((modules.start(0), modules.start(1)), (12, 11));
        assert_eq!(modules.key_line(0, "id"), Some(12));
        // A flow list: problems are reported at `modules:`.
        assert_eq!(at.nested(2, "modules").start(0), 16);
    }

    #[test]
    fn entry_errors_name_the_key() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code, reason = "only the errors matter")]
        struct Raw {
            id: String,
            name: String,
        }
        let text = "- id: a\n  name: A\n- id: b\n  nmae: B\n- id: c\n- just text\n";
        let values = parse_list(text, "x.yaml").unwrap();
        let at = Entries::new(text, "x.yaml");
        let errors: Vec<Diagnostic> =
            values.iter().enumerate().filter_map(|(i, v)| at.entry::<Raw>(v, i).err()).collect();
        let got: Vec<String> = errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.line.unwrap(), d.column.unwrap(), d.message))
            .collect();
        assert_eq!(
            got,
            [
                "4:3: unknown field `nmae`",
                "5:1: missing field `name`",
                "6:1: the entry is not a set of `key: value` lines",
            ]
        );
        let hints: Vec<Option<&str>> = errors.iter().map(|d| d.hint.as_deref()).collect();
        assert_eq!(hints, [Some("did you mean `name`?"), Some("add `name: …` to the entry"), None]);
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
