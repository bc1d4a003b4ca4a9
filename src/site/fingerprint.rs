//! Fingerprints of serializable values, for the caches of the dev server.
//!
//! A page is reused when the fingerprint of its template context is unchanged. The
//! context is encoded with a small serde serializer that writes every value unambiguously
//! (strings as length and raw bytes, containers between start and end tags) into a
//! per-thread buffer, which is then hashed once with 128-bit XXH3. Unlike hashing JSON,
//! nothing is escaped or formatted, and the hash sees one large input instead of many
//! small writes: this is most of the cost of a rebuild that reuses its pages.

use std::cell::RefCell;

use serde::Serialize;
use serde::ser;

/// The 128-bit fingerprint of `salt` followed by `value`.
pub(crate) fn of<T: Serialize + ?Sized>(salt: &[u8], value: &T) -> Result<u128, Error> {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        buffer.extend_from_slice(salt);
        buffer.push(tag::END);
        value.serialize(&mut Encoder { out: &mut buffer })?;
        let hash = xxhash_rust::xxh3::xxh3_128(&buffer);
        if buffer.capacity() > 1 << 20 {
            // One huge context (the matrix page) should not pin its buffer for ever.
            *buffer = Vec::new();
        }
        Ok(hash)
    })
}

/// A value that cannot be encoded (a custom `Serialize` reported an error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Tags that keep the encoding unambiguous.
mod tag {
    pub(super) const NONE: u8 = 0;
    pub(super) const SOME: u8 = 1;
    pub(super) const UNIT: u8 = 2;
    pub(super) const SEQ: u8 = 3;
    pub(super) const MAP: u8 = 4;
    pub(super) const VARIANT: u8 = 5;
    pub(super) const END: u8 = 6;
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.out.extend_from_slice(b);
    }

    fn variant(&mut self, index: u32) {
        self.out.push(tag::VARIANT);
        self.out.extend_from_slice(&index.to_le_bytes());
    }
}

macro_rules! numbers {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.out.extend_from_slice(&v.to_le_bytes());
            Ok(())
        })*
    };
}

impl<'a, 'b> ser::Serializer for &'a mut Encoder<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    numbers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_f32: f32, serialize_f64: f64);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push(v as u8);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.out.extend_from_slice(&(v as u32).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.bytes(v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.bytes(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.push(tag::NONE);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.out.push(tag::SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push(tag::UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        self.variant(index);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(index);
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        self.out.push(tag::SEQ);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.variant(index);
        self.out.push(tag::SEQ);
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Error> {
        self.out.push(tag::MAP);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        self.out.push(tag::MAP);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.variant(index);
        self.out.push(tag::MAP);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(tag::SOME);
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.out.push(tag::END);
        Ok(())
    }
}

macro_rules! like_seq {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, value)
            }

            fn end(self) -> Result<(), Error> {
                ser::SerializeSeq::end(self)
            }
        })*
    };
}

like_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.out.push(tag::SOME);
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.out.push(tag::END);
        Ok(())
    }
}

macro_rules! like_struct {
    ($($trait:ident),*) => {
        $(impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.out.push(tag::SOME);
                self.bytes(key.as_bytes());
                value.serialize(&mut **self)
            }

            fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
                // A skipped field differs from a present one.
                self.out.push(tag::NONE);
                self.bytes(key.as_bytes());
                Ok(())
            }

            fn end(self) -> Result<(), Error> {
                self.out.push(tag::END);
                Ok(())
            }
        })*
    };
}

like_struct!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        body: &'a str,
        tags: Vec<&'a str>,
        extra: Option<u32>,
    }

    fn page<'a>(title: &'a str, body: &'a str, tags: Vec<&'a str>) -> Page<'a> {
        Page { title, body, tags, extra: None }
    }

    #[test]
    fn equal_values_equal_fingerprints() {
        let a = of(b"case.html", &page("T", "<p>x</p>", vec!["a", "b"])).unwrap();
        let b = of(b"case.html", &page("T", "<p>x</p>", vec!["a", "b"])).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn any_difference_changes_the_fingerprint() {
        let base = of(b"s", &page("T", "body", vec!["a", "b"])).unwrap();
        let others = [
            of(b"t", &page("T", "body", vec!["a", "b"])).unwrap(),
            of(b"s", &page("T", "body!", vec!["a", "b"])).unwrap(),
            // The same characters split differently between fields or elements.
            of(b"s", &page("Tb", "ody", vec!["a", "b"])).unwrap(),
            of(b"s", &page("T", "body", vec!["ab"])).unwrap(),
            of(b"s", &page("T", "body", vec!["a", "b", ""])).unwrap(),
            of(b"s", &Page { extra: Some(0), ..page("T", "body", vec!["a", "b"]) }).unwrap(),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(base, *other, "variant {i}");
        }
    }

    #[test]
    fn maps_and_json_values_are_encoded() {
        let a = serde_json::json!({"k": [1, 2, {"x": null}]});
        let b = serde_json::json!({"k": [1, 2, {"x": false}]});
        assert_ne!(of(b"", &a).unwrap(), of(b"", &b).unwrap());
    }
}
