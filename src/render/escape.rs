//! The one escaper of text into HTML and XML: page bodies, template output (the theme's
//! autoescape), SVG charts, the sitemap and the dev server's error page all go through
//! [`escape_html`], so `&`, `<`, `>`, `"` and `'` read the same everywhere.
//!
//! It escapes; it does not decide what may appear in a document: the charts drop the
//! control characters XML 1.0 forbids before escaping, and the raw HTML that a site allows
//! in Markdown is sanitised with `ammonia` in [`crate::render`].

/// Escapes text for HTML or XML element content and for single- or double-quoted
/// attributes. `'` becomes `&#39;` (not `&apos;`, which HTML 4 lacks), so the result is
/// the same in either language.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Copy the runs between special characters whole; all five are ASCII, so every cut
    // is at a character boundary.
    let mut start = 0;
    while let Some(found) = bytes[start..].iter().position(|&b| ENTITY_OF[usize::from(b)] != 0) {
        let at = start + found;
        out.push_str(&text[start..at]);
        out.push_str(ENTITIES[usize::from(ENTITY_OF[usize::from(bytes[at])])]);
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// The replacements of [`escape_html`], and for each byte the index of its replacement
/// (0 for bytes kept as they are).
const ENTITIES: [&str; 6] = ["", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
const ENTITY_OF: [u8; 256] = {
    let mut table = [0; 256];
    table[b'&' as usize] = 1;
    table[b'<' as usize] = 2;
    table[b'>' as usize] = 3;
    table[b'"' as usize] = 4;
    table[b'\'' as usize] = 5;
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_special_characters() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & Jerry's</a>é"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;é"
        );
        assert_eq!(escape_html("plain 安全"), "plain 安全");
        assert_eq!(escape_html(""), "");
    }
}
