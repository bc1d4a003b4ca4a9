//! Syntax highlighting of fenced code at build time: the [`Highlighter`] (syntect, its
//! syntax definitions loaded on first use), the `hl-` class prefix, the stylesheet for those
//! classes and the HTML of one code block. It does not parse Markdown.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

/// The prefix of every syntax-highlighting CSS class (`hl-keyword`), so that highlighting
/// classes never collide with the theme's.
const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

/// A syntax highlighter whose syntax definitions are loaded on first use only, so builds
/// without code blocks never pay for them. Shared by all rendering threads.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
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
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }
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
