//! Slugs: the URL segments of case studies and terms.
//!
//! [`slugify`] turns any display text into a segment that is safe in a URL and a file
//! name on every platform; [`check`] validates a slug an editor wrote by hand. Chinese and
//! other letters are kept as they are (browsers show them, servers store them as UTF-8).

/// Lowercases `text`, keeps letters and digits of any script and turns every run of other
/// characters into one hyphen. Never returns an empty string.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    // ASCII characters, most of any name or heading, take the cheap exact equivalents of
    // `is_alphanumeric` and `to_lowercase`.
    for c in text.chars() {
        let keep = if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
        if !keep {
            pending_dash = true;
            continue;
        }
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() { "untitled".to_string() } else { out }
}

/// Checks a hand-written slug; the error says what is wrong with it.
pub fn check(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.contains("..") {
        return Err(format!("slug `{}` contains `..`", slug.escape_debug()));
    }
    if let Some(c) = slug.chars().find(|c| matches!(c, '/' | '\\')) {
        return Err(format!("slug `{}` contains `{c}`", slug.escape_debug()));
    }
    if slug.chars().any(char::is_control) {
        return Err(format!("slug `{}` contains control characters", slug.escape_debug()));
    }
    if let Some(c) = slug.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!("slug `{}` contains `{c}`", slug.escape_debug()));
    }
    if slug.starts_with('.') {
        return Err(format!("slug `{slug}` starts with `.`"));
    }
    // Windows drops a trailing dot (`a.` and `a` are one folder) and refuses device names.
    if slug.ends_with('.') {
        return Err(format!("slug `{slug}` ends with `.`"));
    }
    if is_device_name(slug) {
        return Err(format!("slug `{slug}` is a device name on Windows"));
    }
    check_length("slug", slug)
}

/// The longest file or folder name common file systems accept: 255 bytes on Linux and
/// macOS (ext4, XFS, Btrfs, APFS), 255 UTF-16 units on Windows (never more bytes in UTF-8).
pub const MAX_NAME_BYTES: usize = 255;

/// Checks that `name`, which becomes a folder of the output (a slug, a term's slug, an
/// id), fits in a file name; `what` names it in the error (`slug`, `tag`, `id`).
pub fn check_length(what: &str, name: &str) -> Result<(), String> {
    if name.len() <= MAX_NAME_BYTES {
        return Ok(());
    }
    let start: String = name.chars().take(24).collect();
    Err(format!(
        "{what} `{}…` is {} bytes long; file names are limited to {MAX_NAME_BYTES} bytes",
        start.escape_debug(),
        name.len()
    ))
}

/// True for names Windows reserves for devices (`con`, `nul`, `com1`…), with or without
/// an extension, in any case.
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_text_of_any_script() {
        assert_eq!(slugify("Security toolchain"), "security-toolchain");
        assert_eq!(slugify("  2021-12-24 Zhengzhou Bank!  "), "2021-12-24-zhengzhou-bank");
        assert_eq!(slugify("安全 交付"), "安全-交付");
        assert_eq!(slugify("!!!"), "untitled");
        assert_eq!(slugify("ÄÖ Straße—İstanbul 第2期"), "äö-straße-i\u{307}stanbul-第2期");
    }

    #[test]
    fn ascii_shortcut_matches_the_unicode_rules() {
        for text in ["Mixed CASE 42, punct!", "ÄÖ Straße—İstanbul 第2期", "a\u{b}b\u{a0}c", "ǅ ß ﬁ"]
        {
            let expected: String = {
                let mut out = String::new();
                let mut pending_dash = false;
                for c in text.chars() {
                    if c.is_alphanumeric() {
                        if pending_dash && !out.is_empty() {
                            out.push('-');
                        }
                        pending_dash = false;
                        out.extend(c.to_lowercase());
                    } else {
                        pending_dash = true;
                    }
                }
                out
            };
            assert_eq!(slugify(text), expected, "{text:?}");
        }
    }

    #[test]
    fn rejects_unsafe_slugs() {
        let long = "a".repeat(MAX_NAME_BYTES + 1);
        for bad in [
            "", "../etc", "a/b", "a\\b", "a\u{7}b", "a b", ".hidden", "a.", "CON", "nul.txt",
            "lpt1", &long,
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check("zhengzhou-bank_2021.v2").is_ok());
        assert!(check("郑州银行").is_ok());
        assert!(check(&"a".repeat(MAX_NAME_BYTES)).is_ok());
        assert!(check("console").is_ok() && check("com10").is_ok() && check("lpt").is_ok());
        // 86 three-byte characters are 258 bytes.
        let err = check(&"郑".repeat(86)).unwrap_err();
        assert!(err.ends_with("is 258 bytes long; file names are limited to 255 bytes"), "{err}");
    }
}
