//! [`Guid`]: .NET `Guid`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{WireParseError, deserialize_from_str};

/// A .NET `Guid` (128 bits).
///
/// ServiceStack.Text sends 32 hex digits (`ea762009b66c410b9bf5ce21ad519249`), System.Text.Json
/// the dashed form (`ea762009-b66c-410b-9bf5-ce21ad519249`); both are read, in any case and
/// optionally in braces. A parsed value serializes in lowercase in the shape it was read in; a
/// value made in Rust serializes dashed (`Display` writes the same as serialization). `Debug`
/// writes the dashed lowercase form whatever form was read, like `uuid::Uuid`:
/// `0f8fad5b-d9cb-469f-a165-70867728950e`. Equality and hashing compare the 128 bits only.
///
/// The bytes are in the order the text shows them (RFC 4122, as the `uuid` crate has them), not
/// the mixed-endian order of .NET's `Guid.ToByteArray()`.
#[derive(Clone, Copy, Default)]
pub struct Guid {
    uuid: uuid::Uuid,
    /// Written as 32 bare hex digits (false: with dashes).
    simple: bool,
    braced: bool,
}

impl Guid {
    /// The all-zero GUID (.NET `Guid.Empty`).
    pub const fn nil() -> Self {
        Self::from_bytes([0; 16])
    }

    /// The GUID with these bytes, in text order.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self {
            uuid: uuid::Uuid::from_bytes(bytes),
            simple: false,
            braced: false,
        }
    }

    /// The GUID whose text is `value` in 32 hex digits.
    pub const fn from_u128(value: u128) -> Self {
        Self::from_bytes(value.to_be_bytes())
    }

    /// The bytes, in text order.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        self.uuid.as_bytes()
    }

    /// The 128 bits as a number whose hex digits are the text.
    pub const fn as_u128(&self) -> u128 {
        self.uuid.as_u128()
    }

    /// Whether this is the all-zero GUID.
    pub const fn is_nil(&self) -> bool {
        self.uuid.is_nil()
    }

    /// The text sent on the wire, see [`Guid`].
    pub fn to_wire_string(&self) -> String {
        self.to_string()
    }
}

impl PartialEq for Guid {
    fn eq(&self, other: &Self) -> bool {
        self.uuid == other.uuid
    }
}

impl Eq for Guid {}

impl Hash for Guid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.uuid.as_bytes().hash(state);
    }
}

impl fmt::Debug for Guid {
    /// The dashed lowercase form, e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(
            self.uuid
                .hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer()),
        )
    }
}

impl fmt::Display for Guid {
    /// Lowercase hex, dashed unless it was read as 32 bare digits, in braces if it was read so.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = uuid::Uuid::encode_buffer();
        let hex = if self.simple {
            self.uuid.simple().encode_lower(&mut buffer)
        } else {
            self.uuid.hyphenated().encode_lower(&mut buffer)
        };
        if self.braced {
            write!(f, "{{{hex}}}")
        } else {
            f.write_str(hex)
        }
    }
}

impl FromStr for Guid {
    type Err = WireParseError;

    fn from_str(text: &str) -> Result<Self, WireParseError> {
        parse(text).map_err(|why| WireParseError::new("Guid", text, why))
    }
}

/// The two shapes (32 hex digits, or dashed 8-4-4-4-12) in any case, optionally in braces.
/// `uuid` parses the hex; the shape is checked here first, since `uuid` also takes a `urn:uuid:`
/// prefix and braces only around the dashed shape, and for the reason of a rejection.
fn parse(text: &str) -> Result<Guid, &'static str> {
    let (body, braced) = match text.strip_prefix('{') {
        Some(inner) => (inner.strip_suffix('}').ok_or("missing closing `}`")?, true),
        None => (text, false),
    };
    let simple = match body.len() {
        32 => true,
        36 => false,
        _ => return Err("expected 32 hex digits, with or without dashes"),
    };
    let dashes_in_place = body
        .bytes()
        .enumerate()
        .all(|(index, byte)| (byte == b'-') == (!simple && matches!(index, 8 | 13 | 18 | 23)));
    if !simple && !dashes_in_place {
        return Err("expected dashes after hex digits 8, 12, 16 and 20");
    }
    let uuid = uuid::Uuid::try_parse(body).map_err(|_| "expected only hex digits")?;
    Ok(Guid {
        uuid,
        simple,
        braced,
    })
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_from_str(deserializer, "a GUID string")
    }
}

#[cfg(feature = "uuid")]
impl From<uuid::Uuid> for Guid {
    /// Same bytes; serializes dashed.
    fn from(uuid: uuid::Uuid) -> Self {
        Self::from_bytes(uuid.into_bytes())
    }
}

#[cfg(feature = "uuid")]
impl From<Guid> for uuid::Uuid {
    fn from(guid: Guid) -> Self {
        guid.uuid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DASHED: &str = "ea762009-b66c-410b-9bf5-ce21ad519249";
    const SIMPLE: &str = "ea762009b66c410b9bf5ce21ad519249";
    const VALUE: u128 = 0xea76_2009_b66c_410b_9bf5_ce21_ad51_9249;

    fn parse(text: &str) -> Guid {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    #[test]
    fn reads_every_form_to_the_same_value() {
        for text in [
            DASHED,
            SIMPLE,
            "EA762009-B66C-410B-9BF5-CE21AD519249",
            "{ea762009-b66c-410b-9bf5-ce21ad519249}",
            "{EA762009b66c410b9bf5ce21ad519249}",
        ] {
            assert_eq!(parse(text).as_u128(), VALUE, "{text}");
        }
        assert_eq!(parse(DASHED), parse(SIMPLE));
        assert_eq!(parse(DASHED).as_bytes()[..4], [0xea, 0x76, 0x20, 0x09]);
    }

    #[test]
    fn writes_lowercase_in_the_form_it_was_read_in() {
        assert_eq!(parse(SIMPLE).to_string(), SIMPLE);
        assert_eq!(parse(DASHED).to_string(), DASHED);
        assert_eq!(
            parse("EA762009B66C410B9BF5CE21AD519249").to_string(),
            SIMPLE
        );
        assert_eq!(
            parse("{EA762009-B66C-410B-9BF5-CE21AD519249}").to_string(),
            format!("{{{DASHED}}}")
        );
        for json in [
            format!("\"{DASHED}\""),
            format!("\"{SIMPLE}\""),
            "\"00000000000000000000000000000000\"".to_owned(),
        ] {
            let guid: Guid =
                serde_json::from_str(&json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&guid).ok(), Some(json));
        }
    }

    #[test]
    fn made_values_are_dashed() {
        assert_eq!(Guid::from_u128(VALUE).to_string(), DASHED);
        assert_eq!(
            Guid::from_bytes(VALUE.to_be_bytes()).to_wire_string(),
            DASHED
        );
        assert_eq!(
            Guid::default().to_string(),
            "00000000-0000-0000-0000-000000000000"
        );
        assert!(Guid::nil().is_nil() && !Guid::from_u128(1).is_nil());
        assert_eq!(Guid::default(), Guid::nil());
    }

    #[test]
    fn debug_is_the_dashed_text() {
        let guid = parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        assert_eq!(format!("{guid:?}"), "0f8fad5b-d9cb-469f-a165-70867728950e");
        for text in [
            SIMPLE,
            DASHED,
            "{EA762009B66C410B9BF5CE21AD519249}",
            "EA762009-B66C-410B-9BF5-CE21AD519249",
        ] {
            assert_eq!(format!("{:?}", parse(text)), DASHED, "{text}");
        }
        assert_eq!(
            format!("{:?}", Guid::nil()),
            "00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(
            format!("{:?}", Guid::from_u128(u128::MAX)),
            "ffffffff-ffff-ffff-ffff-ffffffffffff"
        );
        assert_eq!(
            format!("{:?}", Some(Guid::from_u128(VALUE))),
            format!("Some({DASHED})")
        );
        assert_eq!(
            format!("{:>38?}", Guid::from_u128(VALUE)),
            format!("  {DASHED}")
        );
    }

    #[test]
    fn equality_and_hash_ignore_the_form() {
        use std::collections::HashSet;
        let set: HashSet<Guid> = [
            parse(DASHED),
            parse(SIMPLE),
            parse("{EA762009b66c410b9bf5ce21ad519249}"),
        ]
        .into();
        assert_eq!(set.len(), 1);
        assert_ne!(parse(DASHED), Guid::from_u128(VALUE + 1));
    }

    #[test]
    fn rejects_malformed_guids() {
        let cases = [
            ("", "expected 32 hex digits, with or without dashes"),
            (
                "ea762009b66c410b9bf5ce21ad51924",
                "expected 32 hex digits, with or without dashes",
            ),
            (
                "ea762009b66c410b9bf5ce21ad5192490",
                "expected 32 hex digits, with or without dashes",
            ),
            (
                "ea762009-b66c-410b-9bf5-ce21ad51924",
                "expected 32 hex digits, with or without dashes",
            ),
            (
                "ea762009b66c410b9bf5ce21ad51924g",
                "expected only hex digits",
            ),
            (
                "ea762009-b66c-410b-9bf5_ce21ad519249",
                "expected dashes after hex digits 8, 12, 16 and 20",
            ),
            (
                "ea7620-09b66c-410b-9bf5-ce21ad519249",
                "expected dashes after hex digits 8, 12, 16 and 20",
            ),
            ("{ea762009b66c410b9bf5ce21ad519249", "missing closing `}`"),
            (
                "ea762009b66c410b9bf5ce21ad51924é",
                "expected 32 hex digits, with or without dashes",
            ),
            (
                "ea762009b66c410b9bf5ce21ad5192+9",
                "expected only hex digits",
            ),
        ];
        for (text, reason) in cases {
            let err = text
                .parse::<Guid>()
                .err()
                .unwrap_or_else(|| panic!("{text:?} was accepted"));
            assert_eq!(err.reason(), reason, "{text:?}");
        }
    }

    #[cfg(feature = "uuid")]
    #[test]
    fn converts_to_and_from_uuid() {
        let uuid = uuid::Uuid::from_u128(VALUE);
        let guid = Guid::from(uuid);
        assert_eq!(guid, parse(SIMPLE));
        assert_eq!(guid.to_string(), uuid.hyphenated().to_string());
        assert_eq!(format!("{guid:?}"), format!("{uuid:?}"));
        assert_eq!(uuid::Uuid::from(parse(SIMPLE)), uuid);
    }
}
