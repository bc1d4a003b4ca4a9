//! The file level of a case study: splitting the front matter from the body (a BOM and
//! CRLF accepted), the body of a file whose front matter is broken, and what the file name
//! says (the slug stem, the language suffix). It does not read the YAML.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Lang;

/// A file split into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub front_matter: &'a str,
    /// Number of file lines before the YAML (the opening `---` and anything before).
    pub front_matter_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits a case-study file. Accepts a UTF-8 byte-order mark and CRLF line endings.
pub fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let d = if text.trim().is_empty() {
            Diagnostic::error(Code::EmptyFile, path, "the file is empty")
        } else {
            Diagnostic::error(Code::MissingFrontMatter, path, "the file does not start with `---`")
        };
        return Err(d.at_line(1).with_hint(
            "start the file with a line `---`, then the YAML front matter (title, bank, project, module, level, date, domains), then a closing `---`",
        ));
    }
    let start = first.len();
    let mut pos = start;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                front_matter: &text[start..pos],
                front_matter_offset: 1,
                body: &text[pos + line.len()..],
                body_line: i + 3,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(Code::UnclosedFrontMatter, path, "the front matter is never closed")
        .at_line(1)
        .with_hint("add a line `---` after the last front-matter key"))
}

/// The Markdown body of a case file and the line it starts on, even when its front matter
/// is invalid: after the closing `---`, or the whole file when it has no front matter
/// (`None` when the front matter is never closed, or the file is empty).
pub fn body_of(text: &str) -> Option<(&str, usize)> {
    match split(text, "") {
        Ok(s) => Some((s.body, s.body_line)),
        Err(d) if d.code == Code::MissingFrontMatter => {
            Some((text.strip_prefix('\u{feff}').unwrap_or(text), 1))
        }
        Err(_) => None,
    }
}

/// The file name without directories and without `.md` (in any case: `.MD` files are
/// case studies too).
pub fn file_stem(path: &str) -> &str {
    let stem = md_stem(path);
    match file_lang(path) {
        Some(lang) => &stem[..stem.len() - 1 - lang.code().len()],
        None => stem,
    }
}

/// The file name without `.md` (any case), language suffix included.
fn md_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let cut = name.len().saturating_sub(3);
    match name.get(cut..) {
        Some(ext) if ext.eq_ignore_ascii_case(".md") => &name[..cut],
        _ => name,
    }
}

/// The language a case file's name gives, the Hugo and Zola way: `name.zh.md` is the
/// Chinese version of `name.md`.
pub fn file_lang(path: &str) -> Option<Lang> {
    let stem = md_stem(path);
    let (base, code) = stem.rsplit_once('.')?;
    Lang::ALL.into_iter().find(|l| l.code() == code).filter(|_| !base.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n";
        let s = split(text, "a.md").unwrap();
        assert_eq!(s.front_matter, "title: x\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn file_stem_drops_md_in_any_case() {
        assert_eq!(file_stem("content/cases/a-b.md"), "a-b");
        assert_eq!(file_stem("content/cases/a-b.MD"), "a-b");
        assert_eq!(file_stem("content/cases/a-b.Md"), "a-b");
        assert_eq!(file_stem("content/cases/a-b.txt"), "a-b.txt");
        assert_eq!(file_stem("content/cases/银行.md"), "银行");
        assert_eq!(file_stem("content/cases/银"), "银");
    }

    #[test]
    fn a_language_suffix_names_the_translation_and_leaves_the_slug() {
        assert_eq!(file_stem("content/cases/a-b.zh.md"), "a-b");
        assert_eq!(file_lang("content/cases/a-b.zh.md"), Some(Lang::Zh));
        assert_eq!(file_lang("content/cases/a-b.en.MD"), Some(Lang::En));
        assert_eq!(file_lang("content/cases/a-b.md"), None);
        assert_eq!(file_lang("content/cases/v1.2.md"), None);
        assert_eq!(
            (file_stem("content/cases/.zh.md"), file_lang("content/cases/.zh.md")),
            (".zh", None)
        );
    }
}
