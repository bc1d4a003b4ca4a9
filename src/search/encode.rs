//! Compact encodings of the index files, written here and read by `search.js` (and by the
//! tests' reference engine, `tests/it/search_oracle.rs`, which has the readers): numbers as
//! characters of a 64-letter alphabet, and gzip.
//!
//! - **Varint lists** (postings, domain document lists): each number is written in groups
//!   of 5 bits, low group first; a character's value is the group plus 32 when another
//!   group follows. Lists of increasing document ids store the gaps minus one, starting
//!   from -1, so consecutive documents cost one character each.
//! - **Fixed width** (one facet value per document): each value in `width` characters,
//!   6 bits each, most significant first.
//!
//! The alphabet is base64url's, so encoded strings need no escaping in JSON.

/// The 64 digits, in value order.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of a digit of [`ALPHABET`].
pub fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Appends `v` as a varint.
#[inline]
pub fn push_varint(out: &mut String, mut v: u32) {
    while v >= 32 {
        out.push(ALPHABET[(32 | (v & 31)) as usize] as char);
        v >>= 5;
    }
    out.push(ALPHABET[v as usize] as char);
}

/// Encodes increasing document ids as gaps.
pub fn doc_list(docs: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut prev: i64 = -1;
    for d in docs {
        push_varint(&mut out, (i64::from(d) - prev - 1) as u32);
        prev = i64::from(d);
    }
    out
}

/// Decodes [`doc_list`] (stopping at the first bad digit).
pub fn read_doc_list(s: &str) -> Vec<u32> {
    let (mut out, mut prev, mut v, mut shift) = (Vec::new(), -1i64, 0u64, 0);
    for c in s.bytes() {
        let Some(d) = digit_value(c) else { break };
        v |= u64::from(d & 31) << shift;
        if d < 32 {
            prev += v as i64 + 1;
            out.push(prev as u32);
            (v, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    out
}

/// Appends one posting: the gap from the previous document and the impact (1 to 63, one
/// character).
#[inline]
pub fn push_posting(out: &mut String, prev: &mut i64, doc: u32, impact: u8) {
    push_varint(out, (i64::from(doc) - *prev - 1) as u32);
    *prev = i64::from(doc);
    out.push(ALPHABET[usize::from(impact & 63)] as char);
}

/// Characters needed to write every value below `count` in fixed width (at least one).
pub fn width_for(count: usize) -> usize {
    let mut width = 1;
    while count > 1usize << (6 * width) {
        width += 1;
    }
    width
}

/// Encodes values in fixed width.
pub fn fixed(values: impl IntoIterator<Item = u32>, width: usize) -> String {
    let mut out = String::new();
    for v in values {
        for k in (0..width).rev() {
            out.push(ALPHABET[((v >> (6 * k)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes [`fixed`].
pub fn read_fixed(s: &str, width: usize) -> Vec<u32> {
    s.as_bytes()
        .chunks(width.max(1))
        .map(|c| c.iter().fold(0, |v, &d| (v << 6) | digit_value(d).unwrap_or(0)))
        .collect()
}

/// The deflate level: one that favours build speed, as the files are small and mostly
/// written once.
const LEVEL: u32 = 2;

/// Gzip-compresses `bytes` (see [`Gzip`]).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    Gzip::new().compress(bytes)
}

/// A gzip compressor that can be reused from one file to the next: setting up a deflate
/// state allocates and clears a few hundred KiB, more than compressing one small index
/// file costs. Its output is what `flate2::write::GzEncoder` writes at `LEVEL` (2) (the
/// tests check it): a header without name or time, one raw deflate stream, CRC-32 and
/// length.
pub struct Gzip {
    deflate: flate2::Compress,
}

/// `GzEncoder`'s header: no flags, no time, no extra flags at this level, OS "unknown".
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

impl Default for Gzip {
    fn default() -> Gzip {
        Gzip::new()
    }
}

impl Gzip {
    /// A compressor at `LEVEL` (2).
    pub fn new() -> Gzip {
        Gzip { deflate: flate2::Compress::new(flate2::Compression::new(LEVEL), false) }
    }

    /// The gzip file of `bytes`.
    pub fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.deflate.reset();
        let mut out = Vec::with_capacity(GZIP_HEADER.len() + bytes.len() / 3 + 64);
        out.extend_from_slice(&GZIP_HEADER);
        loop {
            let done = usize::try_from(self.deflate.total_in()).unwrap_or(bytes.len());
            let rest = bytes.get(done..).unwrap_or_default();
            let status = self
                .deflate
                .compress_vec(rest, &mut out, flate2::FlushCompress::Finish)
                .expect("deflate has no invalid input");
            if status == flate2::Status::StreamEnd {
                break;
            }
            out.reserve(out.capacity().max(1024));
        }
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        // The length modulo 2^32, as the format says.
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        // The dev server keeps every file: no spare capacity (text compresses to between a
        // fifth and a half of its size, so the guess above is often off).
        out.shrink_to_fit();
        out
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn varints_doc_lists_and_postings_are_written_in_the_alphabet() {
        let mut s = String::new();
        for v in [0, 31, 32, 1024] {
            push_varint(&mut s, v);
        }
        assert_eq!(s, "AfgBggB");
        assert_eq!(doc_list([0, 1, 2]), "AAA");
        assert_eq!(doc_list([3, 5]), "DB");
        assert_eq!(read_doc_list(&doc_list([0, 1, 2, 40, 5000])), [0, 1, 2, 40, 5000]);
        let (mut s, mut prev) = (String::new(), -1);
        for (d, q) in [(0, 63), (1, 1), (700, 20)] {
            push_posting(&mut s, &mut prev, d, q);
        }
        assert_eq!(s, "A_AB6VU");
    }

    #[test]
    fn fixed_width_round_trips() {
        assert_eq!(width_for(64), 1);
        assert_eq!(width_for(65), 2);
        assert_eq!(fixed([0, 5, 4095], 2), "AAAF__");
        assert_eq!(read_fixed(&fixed([0, 5, 4095], 2), 2), [0, 5, 4095]);
    }

    #[test]
    fn gzip_writes_what_gz_encoder_writes() {
        let reference = |bytes: &[u8]| {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        };
        let mut gz = Gzip::new();
        let mut text = String::new();
        for i in 0..40_000u32 {
            // Compressible, with some noise, long enough for several blocks.
            text.push_str(&format!("{},", i.wrapping_mul(2_654_435_761) % (i + 7)));
        }
        let big: Vec<u8> =
            (0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for input in [&b""[..], b"{}", text.as_bytes(), &big, b"{\"w\":[\"a\"]}"] {
            assert_eq!(gz.compress(input), reference(input), "{} bytes", input.len());
        }
    }
}
