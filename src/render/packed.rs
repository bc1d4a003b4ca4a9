//! Deflated text for what the dev server keeps between rebuilds: its pages (the
//! [`PageCache`](crate::site::PageCache)) and the HTML of every case body ([`BodyHtml`]).
//!
//! Raw deflate at level 2 (flate2 on zlib-rs): HTML shrinks about 4.5 times at some
//! 160 MB/s per core and inflates at over 1 GB/s. Level 1 is twice as fast but keeps a
//! quarter more bytes; these are most of the server's memory.

use std::borrow::Cow;
use std::sync::Arc;

/// The deflate level of [`pack`].
const LEVEL: u32 = 2;

/// Compresses `text`. The bytes are trimmed to their length: `Bytes` keeps the whole
/// allocation of the `Vec` it is made from.
pub(crate) fn pack(text: &[u8]) -> bytes::Bytes {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(text.len() / 3),
        flate2::Compression::new(LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(text);
    let mut packed = encoder.finish().unwrap_or_default();
    packed.shrink_to_fit();
    packed.into()
}

/// The text [`pack`] compressed.
pub(crate) fn unpack(packed: &[u8]) -> bytes::Bytes {
    inflate(packed).into()
}

fn inflate(packed: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut text = Vec::with_capacity(packed.len() * 4);
    // The bytes are always `pack`'s own: decompressing them cannot fail.
    let _ = flate2::read::DeflateDecoder::new(packed).read_to_end(&mut text);
    text
}

/// The HTML of a rendered body: as rendered, or packed by the dev server, which keeps the
/// body of every case between rebuilds (68 MiB of HTML at 10,000 generated cases, 17 MiB
/// packed) and reads one only to render its page again or to rebuild the search index.
#[derive(Clone, Debug)]
pub enum BodyHtml {
    /// The HTML (a `String` moved in as rendered: an `Arc<str>` would copy it).
    Text(Arc<String>),
    /// The HTML compressed by [`pack`].
    Packed(bytes::Bytes),
}

impl Default for BodyHtml {
    fn default() -> BodyHtml {
        BodyHtml::Text(Arc::default())
    }
}

impl From<String> for BodyHtml {
    fn from(html: String) -> BodyHtml {
        BodyHtml::Text(Arc::new(html))
    }
}

impl BodyHtml {
    /// The HTML (inflated when packed).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            BodyHtml::Text(html) => Cow::Borrowed(html),
            // `pack` only ever packs a `str`, so the lossy path is never taken.
            BodyHtml::Packed(packed) => Cow::Owned(
                String::from_utf8(inflate(packed))
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        }
    }

    /// The length of the HTML when it is not packed (0 when it is), to size buffers.
    pub(crate) fn len_hint(&self) -> usize {
        match self {
            BodyHtml::Text(html) => html.len(),
            BodyHtml::Packed(_) => 0,
        }
    }

    /// The same HTML, packed.
    pub(crate) fn packed(&self) -> BodyHtml {
        match self {
            BodyHtml::Text(html) => BodyHtml::Packed(pack(html.as_bytes())),
            BodyHtml::Packed(_) => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_html_reads_back_as_written() {
        let html = "<p>中文 &amp; <code>x</code></p>\n".repeat(50);
        let body = BodyHtml::from(html.clone());
        let packed = body.packed();
        assert!(matches!(packed, BodyHtml::Packed(ref b) if b.len() < html.len() / 4));
        assert_eq!(packed.text(), html);
        assert_eq!(body.text(), html);
        assert_eq!(BodyHtml::default().packed().text(), "");
    }
}
