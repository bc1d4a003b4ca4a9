//! Links in rendered Markdown: the base-path prefix given to root-relative links, and the
//! URL scheme checks that decide which links and images may appear in a page. It does not
//! record links or check their targets (see `validate`).

use pulldown_cmark::CowStr;

pub(super) fn prefix_link<'a>(dest: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path != "/" && dest.starts_with('/') && !dest.starts_with("//") {
        CowStr::from(format!("{base_path}{}", &dest[1..]))
    } else {
        dest
    }
}

/// The scheme of `url` (lowercase, without the colon) as a browser reads it, or `None`
/// for relative URLs (`/cases/x/`, `../y`, `#a`, `?q`, `//host/`). Browsers drop tabs and
/// line breaks anywhere and control characters and spaces at the start, so those are
/// ignored here too, and anything else that is not a valid scheme before the first `:`
/// makes the URL relative (`a b:c`, `jаvascript:` with a Cyrillic `а`).
pub fn url_scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether a link (or, with `image`, an image source) may appear in a page: relative
/// URLs and `http:`/`https:` always, `mailto:` and `tel:` for links, raster `data:image/`
/// URLs for images. Everything else (`javascript:`, `file:`, `ftp:`, `data:text/html`,
/// `data:image/svg+xml`, custom schemes) is removed. An allow-list, so schemes nobody
/// thought of are refused too.
pub fn is_allowed_url(url: &str, image: bool) -> bool {
    match url_scheme(url).as_deref() {
        None | Some("http" | "https") => true,
        Some("mailto" | "tel") => !image,
        Some("data") if image => {
            let clean: String = url
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .take(16)
                .collect::<String>()
                .to_ascii_lowercase();
            ["png", "jpeg", "gif", "webp", "avif"]
                .iter()
                .any(|t| clean.starts_with(&format!("data:image/{t}")))
        }
        Some(_) => false,
    }
}

/// True for URLs that run code when followed (`javascript:`, `vbscript:`, `data:` other
/// than images), however they are disguised with case, whitespace or control characters.
pub fn is_script_url(url: &str) -> bool {
    // The first characters that are neither whitespace nor control characters, ASCII ones
    // lowercased; others become 0xff, a byte no scheme has. No prefix tested is longer.
    let mut head = [0u8; 16];
    let mut len = 0;
    for c in url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(head.len()) {
        head[len] = u8::try_from(c.to_ascii_lowercase()).ok().filter(u8::is_ascii).unwrap_or(0xff);
        len += 1;
    }
    let cleaned = &head[..len];
    cleaned.starts_with(b"javascript:")
        || cleaned.starts_with(b"vbscript:")
        || (cleaned.starts_with(b"data:") && !cleaned.starts_with(b"data:image/")
            || cleaned.starts_with(b"data:image/svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes_are_read_as_browsers_read_them() {
        let cases = [
            ("https://e.org", Some("https")),
            (" \tJava\nScript:x", Some("javascript")),
            ("web+app:x", Some("web+app")),
            ("/a:b", None),
            ("../a:b", None),
            ("#x:y", None),
            ("1ab:x", None),
            ("jаvascript:x", None),
            ("", None),
            ("nocolon", None),
        ];
        for (url, scheme) in cases {
            assert_eq!(url_scheme(url).as_deref(), scheme, "{url:?}");
        }
    }

    #[test]
    fn script_urls_are_recognised_in_any_disguise() {
        for url in [
            "javascript:x",
            " J\u{0}ava\nScript :x",
            "VBSCRIPT:x",
            "data:text/html,x",
            "DATA:IMAGE/SVG+xml,x",
            "data:",
        ] {
            assert!(is_script_url(url), "{url:?}");
        }
        for url in [
            "",
            "/cases/x/",
            "https://e.org/javascript:",
            "data:image/png;base64,AA",
            "jаvascript:x",
            "ＪＡＶＡＳＣＲＩＰＴ:x",
        ] {
            assert!(!is_script_url(url), "{url:?}");
        }
    }
}
