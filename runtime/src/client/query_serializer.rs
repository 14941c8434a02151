//! A `serde::Serializer` that reads the members of a request straight into query-string text
//! (or into [`Fields`] for route selection), without JSON text or `serde_json::Value`.
//!
//! The text of every member is exactly what the JSON round trip gave (serialize to JSON, read
//! back as `Value`, write the `Value`): strings as they are, integers in decimal, booleans as
//! `true`/`false`, unit variants by name, `None` and units as `null` (left out), the wire types
//! through their own `Serialize` (strings; a [`Decimal`](crate::Decimal) as its number with every
//! digit and its scale, which the round trip, reading numbers into a `Value`, keeps only with
//! `arbitrary_precision`). Where the round trip did something less obvious the
//! member takes the round trip itself: floating-point numbers go through serde_json's number
//! text (so `NaN` is `null` and an `f32` is written the way serde_json writes it), and lists,
//! maps, nested objects and anything else go through a `Value` to the JSV writer. When the
//! request itself is not an object, or anything fails, [`read`] gives up and the caller reads the
//! request from its JSON text the old way, which gives the same result or the same error as
//! always.

use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Value;

use super::query::{Fields, Member, encode_tail, push_encoded};

/// The name under which serde_json with `arbitrary_precision` (the runtime's opt-in
/// `exact-decimal`) serializes a `Number`: a struct with one field of that name holding the
/// number's text.
const JSON_NUMBER: &str = crate::wire::NUMBER_TOKEN;

/// The name under which a raw JSON value (serde_json's `RawValue`, and [`Decimal`] with every
/// digit) serializes: a struct with one field of that name holding the JSON text.
///
/// [`Decimal`]: crate::Decimal
const JSON_RAW_VALUE: &str = crate::wire::RAW_VALUE_TOKEN;

/// The prefix of serde_json's private struct names (numbers, raw values): a request that
/// serializes as one of them is not an object.
const JSON_PRIVATE: &str = "$serde_json::private::";

/// Where [`read`] puts the members.
pub(crate) enum Target<'a> {
    /// Straight into a URL: `?key=value&...`, percent-encoded, `null` members left out; the
    /// query starts at byte `start` of `url` (its length before the call).
    Query { url: &'a mut String, start: usize },
    /// Into [`Fields`], as text that is not percent-encoded, `null` members kept.
    Fields(&'a mut Fields),
}

/// Reads the members of `request` into `target`. Fails when the request is not an object (or a
/// unit, or `None`, which have no members) or a member does not serialize; the target then holds
/// part of the members and the caller starts over from the request's JSON text.
pub(crate) fn read<T: Serialize + ?Sized>(request: &T, target: Target<'_>) -> Result<(), GiveUp> {
    request.serialize(Request { target })
}

/// Why [`read`] stopped: the reason does not matter, since the caller reads the request the old
/// way and gets serde_json's own result or error.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request is not read member by member")
    }
}

impl std::error::Error for GiveUp {}

impl ser::Error for GiveUp {
    fn custom<T: Display>(_: T) -> Self {
        GiveUp
    }
}

/// The serializer of the request itself: only an object (struct or map) has members.
struct Request<'a> {
    target: Target<'a>,
}

/// The methods of a serializer for what is no member list or text: booleans and numbers.
macro_rules! give_up_on_numbers {
    () => {
        fn serialize_bool(self, _: bool) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_i8(self, _: i8) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_i16(self, _: i16) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_i32(self, _: i32) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_i64(self, _: i64) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_u8(self, _: u8) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_u16(self, _: u16) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_u32(self, _: u32) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_u64(self, _: u64) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_f32(self, _: f32) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_f64(self, _: f64) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
    };
}

/// The methods of a serializer for what no query value is: variants with data, sequences and
/// tuples (they go the JSON way instead).
macro_rules! give_up_on_sequences {
    () => {
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, GiveUp> {
            Err(GiveUp)
        }
    };
}

impl<'a> ser::Serializer for Request<'a> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Members<'a>, GiveUp> {
        if name.starts_with(JSON_PRIVATE) {
            return Err(GiveUp);
        }
        let mut members = Members {
            target: self.target,
            key: String::new(),
        };
        if let Target::Fields(fields) = &mut members.target {
            // `len` counts skipped fields too: an upper bound.
            fields.0.reserve(len);
        }
        Ok(members)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Members<'a>, GiveUp> {
        Ok(Members {
            target: self.target,
            key: String::new(),
        })
    }

    // `null` (a unit struct DTO, or no request): no members.
    fn serialize_unit(self) -> Result<(), GiveUp> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), GiveUp> {
        Ok(())
    }

    fn serialize_none(self) -> Result<(), GiveUp> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), GiveUp> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        value.serialize(self)
    }

    // Everything else is not an object; enum variants with data are one-member objects in
    // JSON, rare enough to leave to the JSON text.
    give_up_on_numbers!();
    fn serialize_char(self, _: char) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_str(self, _: &str) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    give_up_on_sequences!();
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, GiveUp> {
        Err(GiveUp)
    }
}

/// The members of a struct or map request.
struct Members<'a> {
    target: Target<'a>,
    /// The key of a map entry whose value comes next.
    key: String,
}

impl Members<'_> {
    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), GiveUp> {
        match &mut self.target {
            Target::Query { url, start } => {
                let url: &mut String = url;
                let pair = url.len();
                url.push(if pair == *start { '?' } else { '&' });
                push_encoded(url, key);
                url.push('=');
                let text = url.len();
                let null = match value.serialize(Scalar {
                    out: url,
                    encode: true,
                }) {
                    Ok(kind) => kind == Kind::Null,
                    Err(GiveUp) => {
                        url.truncate(text);
                        match Member::of(&complex(value)?).query_text() {
                            Some(jsv) => {
                                push_encoded(url, jsv);
                                false
                            }
                            None => true,
                        }
                    }
                };
                if null {
                    url.truncate(pair);
                }
            }
            Target::Fields(fields) => {
                let mut text = String::new();
                let member = match value.serialize(Scalar {
                    out: &mut text,
                    encode: false,
                }) {
                    Ok(Kind::Null) => Member::Null,
                    Ok(Kind::Text) => Member::Text(text),
                    Err(GiveUp) => Member::of(&complex(value)?),
                };
                fields.0.push((key.to_owned(), member));
            }
        }
        Ok(())
    }
}

/// A member the scalar serializer does not take (a list, map, nested object, enum variant with
/// data, byte string, 128-bit integer out of the 64-bit range, serde_json raw value), read the
/// way the JSON round trip read it, except that decimals keep every digit (see
/// [`ExactRawNumbers`]). The JSON is wrapped in `[...]` so that serde_json's nesting limit counts
/// the same depth as when the member sat in the request's object.
fn complex<T: Serialize + ?Sized>(value: &T) -> Result<Value, GiveUp> {
    let mut json = Vec::with_capacity(64);
    json.push(b'[');
    let mut serializer = serde_json::Serializer::with_formatter(&mut json, ExactRawNumbers);
    value.serialize(&mut serializer).map_err(|_| GiveUp)?;
    json.push(b']');
    let (value,): (Value,) = serde_json::from_slice(&json).map_err(|_| GiveUp)?;
    Ok(value)
}

/// serde_json's compact JSON, except that a raw number (a [`Decimal`](crate::Decimal), or a
/// `RawValue` holding a number) is written as a JSON string of the same digits. A `Value`
/// without `arbitrary_precision` holds a number as `f64` (`1.10` would become `1.1`, a 28-digit
/// decimal would lose digits); a string keeps every digit, and JSV writes a string of digits
/// exactly as it writes the number.
struct ExactRawNumbers;

impl serde_json::ser::Formatter for ExactRawNumbers {
    fn write_raw_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // A JSON number holds nothing a JSON string escapes.
        if is_json_number(fragment) {
            writer.write_all(b"\"")?;
            writer.write_all(fragment.as_bytes())?;
            writer.write_all(b"\"")
        } else {
            writer.write_all(fragment.as_bytes())
        }
    }
}

/// Whether raw JSON text is a number (the only JSON values that start with `-` or a digit).
fn is_json_number(json: &str) -> bool {
    json.starts_with(|c: char| c == '-' || c.is_ascii_digit())
}

impl ser::SerializeStruct for Members<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), GiveUp> {
        Ok(())
    }
}

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), GiveUp> {
        self.key.clear();
        key.serialize(Key(&mut self.key))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
        let key = std::mem::take(&mut self.key);
        let result = self.member(&key, value);
        self.key = key;
        result
    }

    fn end(self) -> Result<(), GiveUp> {
        Ok(())
    }
}

/// What a scalar member turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `null`: no text was written.
    Null,
    /// Its text was written.
    Text,
}

/// Writes the text of a scalar member to `out`, percent-encoded when `encode` is set; fails for
/// anything else (see [`complex`]).
struct Scalar<'a> {
    out: &'a mut String,
    encode: bool,
}

impl Scalar<'_> {
    fn text(self, text: &str) -> Result<Kind, GiveUp> {
        if self.encode {
            push_encoded(self.out, text);
        } else {
            self.out.push_str(text);
        }
        Ok(Kind::Text)
    }

    /// Digits and `-` need no escaping.
    fn unsigned(self, value: u64, negative: bool) -> Result<Kind, GiveUp> {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            // `rest % 10` is a single digit.
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if negative {
            self.out.push('-');
        }
        for &digit in &digits[at..] {
            self.out.push(char::from(digit));
        }
        Ok(Kind::Text)
    }

    fn signed(self, value: i64) -> Result<Kind, GiveUp> {
        self.unsigned(value.unsigned_abs(), value < 0)
    }

    /// serde_json writes a non-finite float as `null` and a finite one as its shortest text, and
    /// reading that text back can change how it is written (an `f32` read as `f64`, or a
    /// long integer-valued float without `arbitrary_precision`): the same steps give the same
    /// text.
    fn float<F: Serialize>(self, value: F, finite: bool) -> Result<Kind, GiveUp> {
        if !finite {
            return Ok(Kind::Null);
        }
        let json = serde_json::to_string(&value).map_err(|_| GiveUp)?;
        let number: serde_json::Number = serde_json::from_str(&json).map_err(|_| GiveUp)?;
        self.display(&number)
    }

    /// Text written by `Display`, escaped afterwards: it is only known once written.
    fn display<T: Display + ?Sized>(self, value: &T) -> Result<Kind, GiveUp> {
        let from = self.out.len();
        write!(self.out, "{value}").map_err(|_| GiveUp)?;
        if self.encode {
            encode_tail(self.out, from);
        }
        Ok(Kind::Text)
    }
}

impl<'a> ser::Serializer for Scalar<'a> {
    type Ok = Kind;
    type Error = GiveUp;
    type SerializeSeq = Impossible<Kind, GiveUp>;
    type SerializeTuple = Impossible<Kind, GiveUp>;
    type SerializeTupleStruct = Impossible<Kind, GiveUp>;
    type SerializeTupleVariant = Impossible<Kind, GiveUp>;
    type SerializeMap = Impossible<Kind, GiveUp>;
    type SerializeStruct = JsonNumber<'a>;
    type SerializeStructVariant = Impossible<Kind, GiveUp>;

    fn serialize_bool(self, value: bool) -> Result<Kind, GiveUp> {
        self.text(if value { "true" } else { "false" })
    }
    fn serialize_i8(self, value: i8) -> Result<Kind, GiveUp> {
        self.signed(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<Kind, GiveUp> {
        self.signed(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<Kind, GiveUp> {
        self.signed(value.into())
    }
    fn serialize_i64(self, value: i64) -> Result<Kind, GiveUp> {
        self.signed(value)
    }
    fn serialize_u8(self, value: u8) -> Result<Kind, GiveUp> {
        self.unsigned(value.into(), false)
    }
    fn serialize_u16(self, value: u16) -> Result<Kind, GiveUp> {
        self.unsigned(value.into(), false)
    }
    fn serialize_u32(self, value: u32) -> Result<Kind, GiveUp> {
        self.unsigned(value.into(), false)
    }
    fn serialize_u64(self, value: u64) -> Result<Kind, GiveUp> {
        self.unsigned(value, false)
    }
    // Beyond 64 bits serde_json (without `arbitrary_precision`) reads the digits back as a
    // float: left to `complex`.
    fn serialize_i128(self, value: i128) -> Result<Kind, GiveUp> {
        match i64::try_from(value) {
            Ok(value) => self.signed(value),
            Err(_) => match u64::try_from(value) {
                Ok(value) => self.unsigned(value, false),
                Err(_) => Err(GiveUp),
            },
        }
    }
    fn serialize_u128(self, value: u128) -> Result<Kind, GiveUp> {
        match u64::try_from(value) {
            Ok(value) => self.unsigned(value, false),
            Err(_) => Err(GiveUp),
        }
    }
    fn serialize_f32(self, value: f32) -> Result<Kind, GiveUp> {
        self.float(value, value.is_finite())
    }
    fn serialize_f64(self, value: f64) -> Result<Kind, GiveUp> {
        self.float(value, value.is_finite())
    }
    fn serialize_char(self, value: char) -> Result<Kind, GiveUp> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<Kind, GiveUp> {
        self.text(value)
    }
    // A JSON array of numbers.
    fn serialize_bytes(self, _: &[u8]) -> Result<Kind, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_none(self) -> Result<Kind, GiveUp> {
        Ok(Kind::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Kind, GiveUp> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Kind, GiveUp> {
        Ok(Kind::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Kind, GiveUp> {
        Ok(Kind::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Kind, GiveUp> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Kind, GiveUp> {
        value.serialize(self)
    }
    give_up_on_sequences!();
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, GiveUp> {
        Err(GiveUp)
    }
    // Only serde_json's numbers are scalars among structs: a `Value` number with
    // `arbitrary_precision`, and a raw value holding a number (a `Decimal`, written with every
    // digit, which the JSON round trip keeps only with `arbitrary_precision`).
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<JsonNumber<'a>, GiveUp> {
        if name == JSON_NUMBER || name == JSON_RAW_VALUE {
            Ok(JsonNumber {
                scalar: Some(self),
                token: name,
                kind: None,
            })
        } else {
            Err(GiveUp)
        }
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, GiveUp> {
        Err(GiveUp)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Kind, GiveUp> {
        self.display(value)
    }
}

/// serde_json's number or raw value: one field holding the number's (or value's JSON) text,
/// which JSON carries as it is. A raw value that is not a number (a string, list, object, ...)
/// is left to [`complex`], as before raw values were read here.
struct JsonNumber<'a> {
    scalar: Option<Scalar<'a>>,
    /// [`JSON_NUMBER`] or [`JSON_RAW_VALUE`]: the name of the struct and of its one field.
    token: &'static str,
    kind: Option<Kind>,
}

impl ser::SerializeStruct for JsonNumber<'_> {
    type Ok = Kind;
    type Error = GiveUp;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        let Some(scalar) = self.scalar.take().filter(|_| key == self.token) else {
            return Err(GiveUp);
        };
        self.kind = Some(if key == JSON_NUMBER {
            value.serialize(scalar)?
        } else {
            // A raw value: a number is written as it is.
            let mut json = String::new();
            value.serialize(Key(&mut json))?;
            if !is_json_number(&json) {
                return Err(GiveUp);
            }
            scalar.text(&json)?
        });
        Ok(())
    }

    fn end(self) -> Result<Kind, GiveUp> {
        self.kind.ok_or(GiveUp)
    }
}

/// A map key: serde_json takes strings as they are and turns other keys into strings; only
/// strings are taken here, anything else goes to the JSON text.
struct Key<'a>(&'a mut String);

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = Impossible<(), GiveUp>;
    type SerializeStruct = Impossible<(), GiveUp>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    fn serialize_str(self, value: &str) -> Result<(), GiveUp> {
        self.0.push_str(value);
        Ok(())
    }
    fn serialize_char(self, value: char) -> Result<(), GiveUp> {
        self.0.push(value);
        Ok(())
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), GiveUp> {
        write!(self.0, "{value}").map_err(|_| GiveUp)
    }
    give_up_on_numbers!();
    fn serialize_bytes(self, _: &[u8]) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_none(self) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_unit(self) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }
    give_up_on_sequences!();
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, GiveUp> {
        Err(GiveUp)
    }
}

#[cfg(test)]
#[path = "query_serializer_tests.rs"]
mod tests;
