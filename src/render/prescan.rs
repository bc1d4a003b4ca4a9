//! A linear pre-scan of the Markdown source for GFM tables over the cell limit, before
//! pulldown-cmark parses it.
//!
//! pulldown-cmark builds the block tree of the whole document before the first event, so
//! a table of millions of cells costs gigabytes before [`super::render`] can count them.
//! This scan finds such tables line by line, without allocating, so that the renderer can
//! parse a copy of the source in which the rows past the limit are blanked (replaced by
//! spaces, line ends kept: every offset and line number stays the same).
//!
//! It follows pulldown-cmark 0.13's table rules, and where it is unsure it sees no table
//! (or ends the table early): a table it misses is still caught by the renderer's own
//! count, only with the parser's memory; a table it saw where the parser sees none would
//! refuse a good document. So it only looks at tables outside any container: the header
//! row starts at column 0 after a blank line, an ATX heading, a closing fence or the start
//! of the document. Tables in block quotes, list items and footnotes, and tables that
//! interrupt a paragraph, are left to the renderer. Fenced code (``` and ~~~, with the
//! fence length) and HTML blocks that run past blank lines (`<!--`, `<pre`, `<script`,
//! `<style`, `<textarea`, `<?`, `<!X`, `<![CDATA[`) are skipped, with pulldown-cmark's exact
//! rules for where they start and end (a fence or block end seen in the wrong place would
//! put later tables inside or outside code). After any other line starting with `<` (an HTML
//! block up to the next blank line, or a paragraph) no table starts until a blank line, and
//! a fence or HTML block opening there stops the scan. Indented code needs no
//! tracking: its lines are indented four columns or more, so they are never a header row,
//! and a fence indented that far opens nothing.

use std::ops::Range;

/// A table found by [`scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    /// Byte offset of the header row (where pulldown-cmark's table starts).
    pub offset: usize,
    /// Columns: every row has this many cells in the parser's output (short rows are
    /// padded, long ones cut).
    pub cols: usize,
    /// Body rows counted.
    pub rows: usize,
    /// For a table over the limit: the bytes of the body rows past it, from the start of
    /// the first row that does not fit to the end of the last row (without its line end).
    pub excess: Option<Range<usize>>,
}

/// Calls `found` with every top-level table of `markdown`, in order, each measured
/// against `max_cells` (header cells included, as the renderer counts them).
pub(super) fn scan(markdown: &str, max_cells: usize, mut found: impl FnMut(Table)) {
    let bytes = markdown.as_bytes();
    // A lone CR ends a line for the parser but not for this scan: the scan would see one
    // line where the parser sees a fence opening, so it does not guess.
    if bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
        return;
    }
    let mut lines = Lines { text: markdown, pos: 0 };
    let mut state = State::Text;
    // May the next line start a table (it starts a block at the top level)?
    let mut block_start = true;
    // Since the last blank line, a line started with `<`: perhaps an HTML block that ends
    // at the next blank line, perhaps a paragraph; see below.
    let mut html_open = false;
    let mut pending: Option<(usize, &str)> = None;
    while let Some((start, line)) = pending.take().or_else(|| lines.next()) {
        match state {
            State::Fence { ch, len } => {
                if closes_fence(line, ch, len) {
                    state = State::Text;
                    block_start = true;
                }
                continue;
            }
            State::Html(end) => {
                if line.contains(end) {
                    state = State::Text;
                    block_start = false;
                }
                continue;
            }
            State::Text => {}
        }
        if html_open {
            if is_blank(line) {
                html_open = false;
                block_start = true;
            } else if opens_fence(line).is_some() || opens_html_block(line).is_some() {
                // In an HTML block this line opens nothing; after a paragraph it opens a
                // fence or a block that may hold blank lines. Which one decides where
                // later fences are, so the scan stops rather than guess.
                return;
            }
            continue;
        }
        if let Some((ch, len)) = opens_fence(line) {
            state = State::Fence { ch, len };
            continue;
        }
        if let Some(end) = opens_html_block(line) {
            // The block may end on its first line (the parser looks from the `<` on).
            if !block_text(line).is_some_and(|text| text.contains(end)) {
                state = State::Html(end);
            }
            block_start = false;
            continue;
        }
        if block_text(line).is_some_and(|text| text.starts_with('<')) {
            html_open = true;
            block_start = false;
            continue;
        }
        let header_cols = if block_start { header_columns(line) } else { None };
        block_start = is_blank(line) || is_atx_heading(line);
        let Some(cols) = header_cols else { continue };
        let Some((delim_start, delim)) = lines.next() else { break };
        if delimiter_columns(delim) != Some(cols) {
            pending = Some((delim_start, delim));
            continue;
        }
        // Rows that fit: the header's cells and `fit` rows are within the limit.
        let fit = (max_cells / cols).saturating_sub(1);
        let mut table = Table { offset: start, cols, rows: 0, excess: None };
        for (row_start, row) in lines.by_ref() {
            if !is_row(row) {
                pending = Some((row_start, row));
                break;
            }
            table.rows += 1;
            if table.rows > fit {
                let excess = table.excess.get_or_insert(row_start..row_start);
                excess.end = row_start + row.trim_end_matches('\r').len();
            }
        }
        found(table);
        // The line after the table starts a block (the blank line or the block that ended
        // it); a paragraph line is never seen here, as every such line is a row.
        block_start = true;
    }
}

/// The source with the excess rows of every table over `max_cells` blanked, and the
/// offset of the first such table; `None` when there is none (nothing is copied).
pub(super) fn cut_large_tables(markdown: &str, max_cells: usize) -> Option<(usize, String)> {
    let mut first = None;
    let mut cut: Option<Vec<u8>> = None;
    scan(markdown, max_cells, |table| {
        let Some(excess) = table.excess else { return };
        first.get_or_insert(table.offset);
        let text = cut.get_or_insert_with(|| markdown.as_bytes().to_vec());
        for b in &mut text[excess] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    });
    // Only whole lines were blanked, so the text is still UTF-8 (a failure here would be
    // a bug: no table is cut then, and the renderer's own limit applies).
    let text = String::from_utf8(cut?).ok()?;
    Some((first?, text))
}

#[derive(Clone, Copy)]
enum State {
    Text,
    Fence {
        ch: u8,
        len: usize,
    },
    /// In an HTML block that ends at a line holding this text (ASCII, lower case).
    Html(&'static str),
}

/// Lines with the byte offset of their start, without their `\n` (a `\r` before it stays).
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], start + i + 1),
            None => (rest, self.text.len()),
        };
        self.pos = next;
        Some((start, line))
    }
}

/// Columns of leading white space (a tab goes to the next multiple of 4) and its bytes.
fn indentation(line: &str) -> (usize, usize) {
    let mut cols = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => return (i, cols),
        }
    }
    (line.len(), cols)
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The line without up to three columns of indentation; `None` for indented code.
fn block_text(line: &str) -> Option<&str> {
    let (bytes, cols) = indentation(line);
    (cols < 4).then(|| &line[bytes..])
}

fn is_atx_heading(line: &str) -> bool {
    let Some(text) = block_text(line) else { return false };
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && text[hashes..].bytes().next().is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// A fence opening: its character and length, as pulldown-cmark's `scan_code_fence` reads
/// it (a backtick fence has no backtick in its info string). It must be exact: a fence
/// seen where there is none would take the next fence for its end.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let text = block_text(line)?;
    let ch = *text.as_bytes().first()?;
    let len = text.bytes().take_while(|&b| b == ch).count();
    let ok = matches!(ch, b'`' | b'~') && len >= 3 && (ch == b'~' || !text[len..].contains('`'));
    ok.then_some((ch, len))
}

/// A closing fence: strict (the same character, at least as long, nothing after it but
/// white space), so that a fence is never closed early.
fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let Some(text) = block_text(line) else { return false };
    let run = text.bytes().take_while(|&b| b == ch).count();
    run >= len && is_blank(&text[run..])
}

/// The start of an HTML block that may hold blank lines (CommonMark types 1 to 5), and the
/// text that ends it (matched case-sensitively, as the parser does), as pulldown-cmark's
/// `get_html_end_tag` reads it; exact, like [`opens_fence`].
fn opens_html_block(line: &str) -> Option<&'static str> {
    let text = block_text(line)?.as_bytes();
    let rest = text.strip_prefix(b"<")?;
    for (tag, end) in [
        ("pre", "</pre>"),
        ("style", "</style>"),
        ("script", "</script>"),
        ("textarea", "</textarea>"),
    ] {
        let n = tag.len();
        if rest.len() >= n
            && rest[..n].eq_ignore_ascii_case(tag.as_bytes())
            && rest.get(n).is_none_or(|&b| b.is_ascii_whitespace() || b == b'>')
        {
            return Some(end);
        }
    }
    for (start, end) in [("!--", "-->"), ("?", "?>"), ("![CDATA[", "]]>")] {
        if rest.starts_with(start.as_bytes()) {
            return Some(end);
        }
    }
    (rest.first() == Some(&b'!') && rest.get(1).is_some_and(u8::is_ascii_alphabetic)).then_some(">")
}

/// The columns of a header row, counted as pulldown-cmark counts them (pipes not preceded
/// by a backslash, less a leading one, plus one unless the last is trailing); `None` for a
/// line that is not one. Only lines at column 0 that cannot start another block qualify.
fn header_columns(line: &str) -> Option<usize> {
    let bytes = line.trim_end_matches('\r').as_bytes();
    let first = *bytes.first()?;
    // Other blocks (heading, quote, list, rule, fence, HTML, link or footnote definition)
    // and indentation; a digit may start an ordered list.
    if b"#>-*+_=~`<[ \t".contains(&first) || first.is_ascii_digit() {
        return None;
    }
    // A trailing backslash makes a hard break, and the parser sees no table then.
    if bytes.last() == Some(&b'\\') {
        return None;
    }
    let mut pipes = 0;
    let mut last_pipe = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            pipes += 1;
            last_pipe = i;
        }
    }
    if pipes == 0 {
        return None;
    }
    if first == b'|' {
        pipes -= 1;
    }
    let trailing = bytes[last_pipe + 1..].iter().all(|&b| b == b' ' || b == b'\t');
    let cols = if trailing { pipes } else { pipes + 1 };
    (cols > 0).then_some(cols)
}

/// The columns of a delimiter row (`| --- | :-: |`), as pulldown-cmark's `scan_table_head`
/// reads it; `None` when the line is not one.
fn delimiter_columns(line: &str) -> Option<usize> {
    let bytes = line.trim_end_matches('\r').as_bytes();
    let indent = bytes.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 || indent == bytes.len() {
        return None;
    }
    let mut rest = &bytes[indent..];
    let mut found_pipe = false;
    if let Some(r) = rest.strip_prefix(b"|") {
        rest = r;
        found_pipe = true;
    }
    let (mut cols, mut start_col, mut found_hyphen, mut hyphen_in_col) = (0, true, false, false);
    for &b in rest {
        match b {
            b' ' => {}
            b':' => start_col = false,
            b'-' => {
                start_col = false;
                found_hyphen = true;
                hyphen_in_col = true;
            }
            b'|' => {
                if !hyphen_in_col {
                    return None;
                }
                start_col = true;
                found_pipe = true;
                cols += 1;
                hyphen_in_col = false;
            }
            _ => return None,
        }
    }
    if !start_col {
        cols += 1;
    }
    (found_pipe && found_hyphen && cols > 0).then_some(cols)
}

/// Whether `line`, after a table's rows, is one more row. The parser ends a table at a
/// blank line, a line of only a pipe, and a line that starts another block; this test
/// ends it at a few more lines (any start of a list, rule, HTML or footnote), never fewer.
fn is_row(line: &str) -> bool {
    let text = line.trim_start_matches([' ', '\t']).trim_end_matches('\r');
    let Some(&first) = text.as_bytes().first() else { return false };
    if b"#>-*+_=~`<".contains(&first) || text.starts_with("[^") {
        return false;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) {
        return false;
    }
    !is_blank(text.strip_prefix('|').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Event, Parser, Tag};

    use super::*;

    fn tables(text: &str, max: usize) -> Vec<Table> {
        let mut v = Vec::new();
        scan(text, max, |t| v.push(t));
        v
    }

    /// Offsets, columns and cells of the tables pulldown-cmark finds at the top level.
    fn parser_tables(text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let (mut depth, mut row_cells) = (0usize, 0);
        for (e, range) in Parser::new_ext(text, super::super::options()).into_offset_iter() {
            match e {
                Event::Start(Tag::Table(ref a)) if depth == 0 => {
                    out.push((range.start, a.len(), 0));
                }
                Event::Start(Tag::TableCell) if depth == 0 => {
                    row_cells += 1;
                    out.last_mut().unwrap().2 = row_cells;
                }
                Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                    depth += 1;
                }
                Event::End(
                    pulldown_cmark::TagEnd::BlockQuote(_)
                    | pulldown_cmark::TagEnd::List(_)
                    | pulldown_cmark::TagEnd::FootnoteDefinition,
                ) => depth -= 1,
                Event::End(pulldown_cmark::TagEnd::Table) => row_cells = 0,
                _ => {}
            }
        }
        out
    }

    /// Every table the scan finds, pulldown-cmark finds too, at the same offset, with the
    /// same columns and at least as many cells.
    fn assert_no_false_positive(text: &str) {
        let parsed = parser_tables(text);
        for t in tables(text, usize::MAX) {
            let p = parsed.iter().find(|p| p.0 == t.offset);
            let p = p.unwrap_or_else(|| panic!("{t:?} is no table for the parser: {text:?}"));
            assert_eq!(p.1, t.cols, "{text:?}");
            assert!(p.2 >= t.cols * (t.rows + 1), "{t:?} vs {p:?} in {text:?}");
        }
    }

    #[test]
    fn finds_tables_with_their_offsets_columns_and_rows() {
        let text =
            "Intro.\n\n| a | b |\n| --- | :-: |\n| 1 | 2 |\n3 | 4\n\n## H\na | b | c\n-|-|-\nx\n";
        let found = tables(text, 100);
        assert_eq!(
            found,
            [
                Table { offset: 8, cols: 2, rows: 2, excess: None },
                Table { offset: 54, cols: 3, rows: 1, excess: None },
            ]
        );
        assert_eq!(&text[54..59], "a | b");
        assert_no_false_positive(text);
    }

    #[test]
    fn the_delimiter_row_is_required_and_must_match_the_header() {
        for text in [
            "| a | b |\n| 1 | 2 |\n",
            "| a | b |\n|---|\n| 1 | 2 |\n",
            "| a | b |\n|---||---|\n",
            "| a | b |\n|---|x--|\n",
            "| a | b |\n    |---|---|\n",
            "a\n---\n",
            "| a | b |\n\n|---|---|\n",
        ] {
            assert_eq!(tables(text, 100), [], "{text:?}");
            assert_eq!(parser_tables(text), [], "{text:?}");
        }
    }

    #[test]
    fn tables_in_fences_html_blocks_and_containers_are_not_counted() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        for text in [
            format!("```\n{table}```\n"),
            format!("````md\n{table}```\n\n{table}````\n"),
            format!("~~~\n{table}```\n~~~~x\n"),
            format!("<!--\n\n{table}-->\n"),
            format!("<pre>\n\n{table}</pre>\n"),
            format!("> {table}"),
            format!("- x\n\n  {table}"),
            format!("Para\n{table}"),
            format!("    code\n    {table}"),
            format!("<b>x</b> text\n```\n\n{table}"),
            format!("<b>x</b> text\n<!--\n\n{table}"),
            format!("``` a`b\nx\n```\n\n{table}"),
            format!("<!--\n\n{table}--!>\n\n{table}"),
            format!("<PRE>\n\n{table}</PRE>\n\n{table}"),
            format!("<div>\n# H\n{table}"),
            format!("<div>\n```\n\n```\n\n{table}"),
        ] {
            assert_eq!(tables(&text, 100), [], "{text:?}");
            assert_no_false_positive(&text);
        }
        // After the fence closes, tables count again (a fence indented 4 opens nothing).
        let text = format!("```\n{table}```\n{table}\n    ```\n\n{table}");
        let offsets: Vec<usize> = tables(&text, 100).iter().map(|t| t.offset).collect();
        assert_eq!(offsets, [38, 78]);
        let parsed: Vec<usize> = parser_tables(&text).iter().map(|t| t.0).collect();
        assert_eq!(parsed, offsets);
        // An HTML block of type 6 ends at a blank line; tables after it count.
        let text = format!("<div>\n\n{table}");
        assert_eq!(tables(&text, 100)[0].offset, 7);
        assert_no_false_positive(&text);
        assert_no_false_positive(&text);
    }

    #[test]
    fn rows_end_where_the_parser_ends_them_or_earlier() {
        for (end, rows) in [
            ("", 1),
            ("\nafter\n", 1),
            ("|\nafter\n", 1),
            ("no pipes\n", 2),
            ("    indented | x\n", 2),
            ("- list\n", 1),
            ("1. list\n", 1),
            ("2022 | 5\n", 2),
            ("  2. list\n", 1),
            ("# heading\n", 1),
            ("> quote\n", 1),
            ("```\n", 1),
            ("<div>\n", 1),
            ("[^1]: note\n", 1),
            ("***\n", 1),
        ] {
            let text = format!("| a | b |\n|---|---|\n| 1 | 2 |\n{end}");
            let found = tables(&text, 100);
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(found[0].rows, rows, "{text:?}");
            assert_no_false_positive(&text);
        }
    }

    #[test]
    fn excess_rows_are_the_ones_past_the_limit() {
        let text = "x\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\r\n\nafter\n";
        let found = tables(text, 6);
        assert_eq!(found[0].rows, 3);
        let excess = found[0].excess.clone().unwrap();
        assert_eq!(&text[excess], "| 5 | 6 |");
        assert_eq!(tables(text, 8)[0].excess, None);

        let (offset, cut) = cut_large_tables(text, 6).unwrap();
        assert_eq!(offset, 3);
        assert_eq!(cut.len(), text.len());
        assert_eq!(cut, text.replace("| 5 | 6 |", "         "));
        assert_eq!(parser_tables(&cut), [(3, 2, 6)]);
        assert_eq!(cut_large_tables(text, 8), None);
    }

    #[test]
    fn a_lone_carriage_return_turns_the_scan_off() {
        assert_eq!(tables("| a |\r|---|\r| 1 |\r", 1), []);
        assert_eq!(tables("| a |\r\n|---|\r\n| 1 |\r\n", 1).len(), 1);
    }
}
