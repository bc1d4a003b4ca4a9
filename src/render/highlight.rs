//! Syntax highlighting of fenced code at build time: the [`Highlighter`] (syntect, its
//! syntax definitions loaded on first use), the `hl-` class prefix, the stylesheet for those
//! classes and the HTML of one code block. It does not parse Markdown.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
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
/// When it is full, lines not yet in it are parsed without being kept.
const LINE_CACHE_BUDGET: usize = 8 << 20;

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
///   pipeline file) takes them from the cache (one per thread, see [`LINES`]).
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

/// Parsed lines keyed by a hash of their text; the entries under one key are told apart by
/// their text and the parser state they start in.
#[derive(Default)]
struct LineCache {
    entries: HashMap<u64, Vec<LineEntry>>,
    /// The estimated bytes the entries hold.
    bytes: usize,
}

/// One line parsed in one state.
struct LineEntry {
    line: Box<str>,
    before: ParseState,
    ops: Rc<[(usize, ScopeStackOp)]>,
    after: ParseState,
}

impl LineEntry {
    /// An estimate of the bytes the entry holds (a parser state is a short stack of
    /// contexts; its size is not visible from outside syntect).
    fn cost(&self) -> usize {
        const STATE: usize = 320;
        self.line.len()
            + self.ops.len() * std::mem::size_of::<(usize, ScopeStackOp)>()
            + 2 * STATE
            + std::mem::size_of::<Self>()
    }
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
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 2);
        let mut open_spans: isize = 0;
        for line in LinesWithEndings::from(code) {
            let ops = self.parse_line(&mut state, line, ss)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// Parses `line` in `state` (moving `state` on to the next line's), from this thread's
    /// cache when this line was parsed in this state before.
    fn parse_line(
        &self,
        state: &mut ParseState,
        line: &str,
        ss: &SyntaxSet,
    ) -> Option<Rc<[(usize, ScopeStackOp)]>> {
        let key = xxhash_rust::xxh3::xxh3_64(line.as_bytes());
        let hit = LINES.with_borrow(|cache| {
            let entries = cache.entries.get(&key)?;
            let found = entries.iter().find(|e| &*e.line == line && e.before == *state)?;
            Some((found.after.clone(), Rc::clone(&found.ops)))
        });
        if let Some((after, ops)) = hit {
            *state = after;
            return Some(ops);
        }
        let before = state.clone();
        let ops: Rc<[_]> = state.parse_line(line, ss).ok()?.into();
        let entry =
            LineEntry { line: line.into(), before, ops: Rc::clone(&ops), after: state.clone() };
        LINES.with_borrow_mut(|cache| {
            let cost = entry.cost();
            if cache.bytes + cost <= LINE_CACHE_BUDGET {
                cache.bytes += cost;
                cache.entries.entry(key).or_default().push(entry);
            }
        });
        Some(ops)
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
        let count = || LINES.with_borrow(|c| c.entries.get(&key).map_or(0, Vec::len));
        // Rust's syntax leaves a statement context open after the first `let`, so the
        // second line starts in a new state, and the third in the second's.
        h.highlight("rust", "fn f() {}\nlet a = 1;\nlet a = 1;\nlet a = 1;\n").unwrap();
        assert_eq!(count(), 2);
        h.highlight("rust", "fn f() {}\n/*\nlet a = 1;\n*/\n").unwrap();
        assert_eq!(count(), 3, "inside a comment");
        assert!(LINES.with_borrow(|c| c.bytes) > 0);
    }

    #[test]
    fn unknown_languages_are_not_highlighted() {
        let h = Highlighter::default();
        assert_eq!(h.highlight("nosuchlang", "x"), None);
    }
}
