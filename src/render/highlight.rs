//! Syntax highlighting of fenced code at build time: the [`Highlighter`] (syntect, its
//! syntax definitions loaded on first use), the `hl-` class prefix, the stylesheet for those
//! classes and the HTML of one code block. It does not parse Markdown.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::html::{ClassStyle, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape_html;

/// The prefix of every syntax-highlighting CSS class (`hl-keyword`), so that highlighting
/// classes never collide with the theme's.
const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

/// The most memory each thread's line cache may hold (an estimate, see [`LineEntry::cost`]).
/// When it is full, lines not yet in it are parsed without being kept. At 10,000 heavy
/// cases (about 470,000 highlighted lines) a thread meets some 25,000 distinct lines
/// (line and state): 24 MiB keeps nearly all of them with their HTML.
const LINE_CACHE_BUDGET: usize = 24 << 20;

thread_local! {
    /// The line cache of this thread. syntect's parser states hold Oniguruma match regions,
    /// which may not move between threads, so each rendering thread keeps its own; it lives
    /// as long as the thread (rayon's pool threads: the process), so the dev server's
    /// rebuilds reuse it. Parser states name contexts by their index in the syntax set, and
    /// every [`Highlighter`] loads the same built-in set, so entries hold for all of them.
    static LINES: RefCell<LineCache> = RefCell::default();
}

/// A syntax highlighter whose syntax definitions are loaded on first use only, so builds
/// without code blocks never pay for them. Shared by all rendering threads.
///
/// Its output is exactly what syntect's `ClassedHTMLGenerator` writes, with less work:
///
/// - plain text (`txt`) is escaped and wrapped in its one span without running the parser;
/// - each line is parsed at most once per parser state: syntect's parser (its Oniguruma
///   searches) is most of a heavy build's highlighting, and what it returns for a line
///   depends only on the state the previous line left and the line's text. So the parse of
///   `(state, line)` (the scope operations and the state after it) is kept, and a line met
///   again in the same state (a closing brace, `steps:`, a common import, a repeated
///   pipeline file) takes them from the cache (one per thread, see [`LINES`]), with the
///   line's HTML when that depends on the line alone.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

/// Parsed lines keyed by a hash of their text and the number of the parser state they
/// start in; the entries under one key are told apart by their text.
///
/// Parser states are numbered once each (interned): an entry holds the number of the state
/// after its line, so a line taken from the cache costs no copy of a state, and the states
/// are held once, not twice per line. A state is materialised (cloned from its number)
/// only when the next line is not in the cache and must be parsed.
#[derive(Default)]
struct LineCache {
    entries: HashMap<(u64, u32), Vec<LineEntry>>,
    /// The states met, by number.
    states: Vec<ParseState>,
    /// The number of each state, by its `Debug` text (see [`LineCache::intern`]).
    state_ids: HashMap<String, u32>,
    /// The estimated bytes the entries and states hold.
    bytes: usize,
}

/// One line parsed in one state.
struct LineEntry {
    line: Box<str>,
    ops: Box<[(usize, ScopeStackOp)]>,
    /// The number of the state after the line.
    after: u32,
    /// The line's HTML and how many spans it leaves open, when they depend on the line and
    /// its operations alone: always, unless an operation clears or restores scopes (the
    /// spans it closes and reopens are those on the stack).
    html: Option<(Box<str>, isize)>,
}

impl LineEntry {
    /// An estimate of the bytes the entry holds, with its place in the map.
    fn cost(&self) -> usize {
        self.line.len()
            + self.ops.len() * std::mem::size_of::<(usize, ScopeStackOp)>()
            + self.html.as_ref().map_or(0, |(html, _)| html.len())
            + std::mem::size_of::<Self>()
            + 48
    }
}

/// An estimate of the bytes an interned state holds besides its `Debug` text (a parser
/// state is a short stack of contexts; its size is not visible from outside syntect).
const STATE_COST: usize = 320;

impl LineCache {
    /// The number of `state`, numbering it if it is new and fits in the budget; `None`
    /// for a state that cannot be kept: one holding a match's captures (a heredoc's end
    /// marker), whose Oniguruma region compares equal to no other state, not even its own
    /// copy, or a new one when the cache is full.
    ///
    /// The key is the state's `Debug` text: syntect's states are neither `Hash` nor open to
    /// inspection, and without captures their `Debug` text is the stack of context numbers,
    /// equal exactly when the states are.
    fn intern(&mut self, state: &ParseState) -> Option<u32> {
        let text = format!("{state:?}");
        if let Some(&id) = self.state_ids.get(&text) {
            return Some(id);
        }
        if text.contains("captures: Some") {
            return None;
        }
        let cost = 2 * text.len() + STATE_COST;
        if self.bytes + cost > LINE_CACHE_BUDGET {
            return None;
        }
        self.bytes += cost;
        let id = self.states.len() as u32;
        self.states.push(state.clone());
        self.state_ids.insert(text, id);
        Some(id)
    }

    /// Appends the HTML of `line` to `html`, parsed in the state `cursor` stands for (moving
    /// it on to the next line's) and with the scopes `scopes` holds (updated), from the
    /// cache when this line was parsed in this state before; returns how many spans it
    /// leaves open, or `None` if syntect fails on it.
    fn line(
        &mut self,
        cursor: &mut Cursor,
        scopes: &mut ScopeStack,
        line: &str,
        ss: &SyntaxSet,
        html: &mut String,
    ) -> Option<isize> {
        let key = xxhash_rust::xxh3::xxh3_64(line.as_bytes());
        if let Some(before) = cursor.id {
            let entries = self.entries.get(&(key, before));
            if let Some(found) = entries.and_then(|e| e.iter().find(|e| &*e.line == line)) {
                *cursor = Cursor { id: Some(found.after), state: None };
                return match &found.html {
                    Some((spans, delta)) => {
                        // What `line_tokens_to_classed_spans` does to the stack.
                        for (_, op) in found.ops.iter() {
                            scopes.apply(op).ok()?;
                        }
                        html.push_str(spans);
                        Some(*delta)
                    }
                    None => spans(line, &found.ops, scopes, html),
                };
            }
        }
        let mut state = match (cursor.state.take(), cursor.id) {
            (Some(state), _) => state,
            (None, Some(id)) => self.states[id as usize].clone(),
            // Not reached: a cursor without a number holds its state.
            (None, None) => return None,
        };
        let ops = state.parse_line(line, ss).ok()?;
        let start = html.len();
        let delta = spans(line, &ops, scopes, html)?;
        let after = self.intern(&state);
        if let (Some(before), Some(after)) = (cursor.id, after) {
            let stackless = !ops
                .iter()
                .any(|(_, op)| matches!(op, ScopeStackOp::Clear(_) | ScopeStackOp::Restore));
            let entry = LineEntry {
                line: line.into(),
                html: stackless.then(|| (html[start..].into(), delta)),
                ops: ops.into(),
                after,
            };
            let cost = entry.cost();
            if self.bytes + cost <= LINE_CACHE_BUDGET {
                self.bytes += cost;
                self.entries.entry((key, before)).or_default().push(entry);
            }
        }
        *cursor = Cursor { id: after, state: Some(state) };
        Some(delta)
    }
}

/// Appends syntect's classed spans for `line` parsed into `ops` to `html`; returns how many
/// spans they leave open.
fn spans(
    line: &str,
    ops: &[(usize, ScopeStackOp)],
    scopes: &mut ScopeStack,
    html: &mut String,
) -> Option<isize> {
    let (spans, delta) = line_tokens_to_classed_spans(line, ops, CLASS_STYLE, scopes).ok()?;
    html.push_str(&spans);
    Some(delta)
}

/// Where the parser is between two lines: the number of its state when it has one, and
/// the state itself unless the last line came from the cache (it is cloned from its number
/// only if the next line must be parsed). One of the two is always there.
struct Cursor {
    id: Option<u32>,
    state: Option<ParseState>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").field("loaded", &self.syntaxes.get().is_some()).finish()
    }
}

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Highlights `code` written in `lang` (a file extension or language name) into HTML
    /// spans with `hl-` classes; `None` when the language is unknown.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let ss = self.syntaxes();
        let syntax = ss.find_syntax_by_token(lang)?;
        if syntax.name == "Plain Text" {
            return Some(plain_text(code));
        }
        self.classed_html(syntax, ss, code)
    }

    /// What syntect's `ClassedHTMLGenerator` writes for `code`, line by line, with each
    /// line's parse taken from the cache when it is there; `None` if syntect fails on a line.
    fn classed_html(&self, syntax: &SyntaxReference, ss: &SyntaxSet, code: &str) -> Option<String> {
        LINES.with_borrow_mut(|cache| {
            let state = ParseState::new(syntax);
            let mut cursor = Cursor { id: cache.intern(&state), state: Some(state) };
            let mut scopes = ScopeStack::new();
            let mut html = String::with_capacity(code.len() * 2);
            let mut open_spans: isize = 0;
            for line in LinesWithEndings::from(code) {
                open_spans += cache.line(&mut cursor, &mut scopes, line, ss, &mut html)?;
            }
            for _ in 0..open_spans {
                html.push_str("</span>");
            }
            Some(html)
        })
    }
}

/// What syntect writes for Plain Text, whose only scope covers the whole text.
fn plain_text(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    format!("<span class=\"{CLASS_PREFIX}text {CLASS_PREFIX}plain\">{}</span>", escape_html(code))
}

/// The stylesheet for highlighted code (`assets/syntax.css`): the code block's colours and
/// every token colour, for a light theme under `prefers-color-scheme: light` and a dark one
/// under `prefers-color-scheme: dark`, each colour with at least 4.5:1 contrast on the code
/// block's background (see the `syntax_css` module).
pub fn syntax_css() -> String {
    super::syntax_css::build(CLASS_PREFIX)
}

pub(super) fn code_block(lang: &str, code: &str, highlighter: &Highlighter) -> String {
    let highlighted = if lang.is_empty() { None } else { highlighter.highlight(lang, code) };
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    let body = highlighted.unwrap_or_else(|| escape_html(code));
    // Focusable, so that a block wider than the column can be scrolled with the keyboard.
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::html::ClassedHTMLGenerator;

    /// syntect's own generator, as casebook used it before the line cache and the fast path.
    fn reference(ss: &SyntaxSet, lang: &str, code: &str) -> Option<String> {
        let syntax = ss.find_syntax_by_token(lang)?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }

    const SAMPLES: &[(&str, &str)] = &[
        ("rust", "fn main() {\n    let s = \"<b>&'\";\n}\n"),
        ("rust", "/* unclosed\ncomment"),
        // The same lines inside and outside a comment: one text, two parser states.
        ("rust", "let a = 1;\n/*\nlet a = 1;\n*/\nlet a = 1;\n"),
        ("yaml", "a: [1, 2]\nb: 'x & y'\n# 注释 <c>\n\n"),
        ("yml", "key: \"value\"\r\nother: 2\r\n"),
        ("python", "def f(x):\n    \"\"\"Doc <x>\n    return x\"\"\"\n    return x * 2  # 计算\n"),
        ("java", "class A { String s = \"a\\\"b\"; }\n"),
        ("sql", "SELECT * FROM t WHERE a = 'x' AND b > 3;\n"),
        ("go", "package main\n\nfunc main() { fmt.Println(\"&\") }\n"),
        ("json", "{\"a\": [1, true, null], \"b\": \"<\"}\n"),
        ("xml", "<?xml version=\"1.0\"?>\n<a b=\"c\"><!-- x --></a>\n"),
        ("groovy", "pipeline { stages { stage('x') { steps { sh 'make' } } } }\n"),
        ("bash", "#!/bin/sh\nif [ \"$a\" -gt 1 ]; then echo \"${b}\" >&2; fi\ncat <<EOF\nx\nEOF\n"),
        ("js", "const f = (a) => `x ${a}`;\n"),
        ("properties", "a.b=c\n# d\n"),
        ("txt", "plain <text> & 'quotes'\nsecond\n\nlast"),
        ("txt", ""),
        ("txt", "\n"),
        ("rust", ""),
        ("rust", "\n\n"),
    ];

    #[test]
    fn highlighting_matches_syntects_generator() {
        let h = Highlighter::default();
        for round in 0..2 {
            // The second round takes every line from the cache.
            for (lang, code) in SAMPLES {
                let want = reference(h.syntaxes(), lang, code);
                assert_eq!(h.highlight(lang, code), want, "round {round}, {lang}: {code:?}");
            }
        }
    }

    #[test]
    fn a_line_is_cached_once_per_parser_state() {
        // Each test runs on a thread of its own, so this thread's cache starts empty.
        let h = Highlighter::default();
        let key = xxhash_rust::xxh3::xxh3_64(b"let a = 1;\n");
        let count = || {
            LINES.with_borrow(|c| {
                c.entries
                    .iter()
                    .filter(|((k, _), _)| *k == key)
                    .map(|(_, v)| v.len())
                    .sum::<usize>()
            })
        };
        // Rust's syntax leaves a statement context open after the first `let`, so the
        // second line starts in a new state, and the third in the second's.
        h.highlight("rust", "fn f() {}\nlet a = 1;\nlet a = 1;\nlet a = 1;\n").unwrap();
        assert_eq!(count(), 2);
        h.highlight("rust", "fn f() {}\n/*\nlet a = 1;\n*/\n").unwrap();
        assert_eq!(count(), 3, "inside a comment");
        assert!(LINES.with_borrow(|c| c.bytes) > 0);
    }

    #[test]
    fn states_are_numbered_once_and_states_with_captures_not_at_all() {
        let h = Highlighter::default();
        let code = "fn f() {\n    let a = 1;\n}\n";
        h.highlight("rust", code).unwrap();
        let (states, entries) = LINES.with_borrow(|c| (c.states.len(), c.entries.len()));
        assert!(states >= 2 && entries == 3, "{states} states, {entries} entries");
        // The second time every line comes from the cache: nothing new is numbered.
        h.highlight("rust", code).unwrap();
        assert_eq!(LINES.with_borrow(|c| (c.states.len(), c.entries.len())), (states, entries));
        // Inside a heredoc the state holds the end marker's capture: never kept, and the
        // output is still syntect's.
        let heredoc = "cat <<EOF\nx\nEOF\n";
        let ss = h.syntaxes();
        for _ in 0..2 {
            assert_eq!(h.highlight("bash", heredoc), reference(ss, "bash", heredoc));
        }
        assert!(LINES.with_borrow(|c| c.state_ids.keys().all(|k| !k.contains("captures: Some"))));
    }

    #[test]
    fn unknown_languages_are_not_highlighted() {
        let h = Highlighter::default();
        assert_eq!(h.highlight("nosuchlang", "x"), None);
    }
}
