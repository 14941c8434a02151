//! Wire types: ServiceStack's JSON forms of .NET dates, durations, GUIDs, decimals and byte arrays.
//!
//! Each type reads every form ServiceStack servers send (ServiceStack.Text and System.Text.Json
//! differ) and writes a form they all read. Values parsed from the wire keep the text they were
//! read from where the type has more than one form ([`DateTime`], [`DateOnly`], [`TimeOnly`],
//! [`Guid`]), so passing a value back to the server sends exactly what it sent: that text is
//! what `Serialize` and `to_wire_string()` give. `Display` of the date and time types is for
//! people: ISO 8601 (`2023-11-14T22:13:20Z`, `2023-11-14`, `22:13:20`) whatever form was read;
//! [`TimeSpan`] displays as its XSD duration.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserializer;
use serde::de::{self, Visitor};

mod bytes;
mod civil;
#[cfg(feature = "chrono")]
mod conv_chrono;
#[cfg(feature = "time")]
mod conv_time;
mod date;
mod date_only;
mod date_text;
mod decimal;
mod duration;
mod error;
mod guid;
mod scan;
mod time_only;

pub use bytes::Bytes;
pub use date::{DateTime, DateTimeKind, DateTimeOffset};
pub use date_only::DateOnly;
pub use decimal::Decimal;
pub use duration::TimeSpan;
pub use error::WireParseError;
pub use guid::Guid;
pub use time_only::TimeOnly;

/// serde_json's private names for raw values and exact numbers, for the query serializer.
#[cfg(feature = "client")]
pub(crate) use decimal::{NUMBER_TOKEN, RAW_VALUE_TOKEN};

/// Deserializes a string-form wire type through its `FromStr`, reporting a [`WireParseError`]
/// as the serde error. `null` reads as the type's default (`DateTime::MIN`, a zero duration,
/// the empty GUID, ...), as [`lenient`](crate::lenient) reads it for every other value type, so
/// fields of these types need no per-field `null` handling in generated code.
fn deserialize_from_str<'de, D, T>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = WireParseError> + Default,
{
    struct StrVisitor<T>(PhantomData<T>, &'static str);

    impl<'de, T: FromStr<Err = WireParseError> + Default> Visitor<'de> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            value.parse().map_err(E::custom)
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    deserializer.deserialize_option(StrVisitor(PhantomData, expecting))
}

#[cfg(test)]
mod fuzz_tests;

#[cfg(test)]
mod null_tests {
    use super::*;

    /// Generated fields of these types carry no `null` handling of their own: the types read
    /// `null` as their default, bare, as list elements and as map values.
    #[test]
    fn value_wire_types_read_null_as_their_default() {
        fn null<T: for<'de> serde::Deserialize<'de> + Default + PartialEq + fmt::Debug>() {
            assert_eq!(serde_json::from_str::<T>("null").unwrap(), T::default());
            assert_eq!(
                serde_json::from_str::<Vec<T>>("[null]").unwrap(),
                vec![T::default()]
            );
            assert_eq!(serde_json::from_str::<Option<T>>("null").unwrap(), None);
        }
        null::<DateTime>();
        null::<DateOnly>();
        null::<TimeOnly>();
        null::<TimeSpan>();
        null::<Guid>();
        null::<Decimal>();
        assert!(serde_json::from_str::<DateTime>("12").is_err());
        assert_eq!(
            serde_json::from_str::<Option<TimeSpan>>("\"PT1H\"").unwrap(),
            Some("PT1H".parse().unwrap())
        );
    }
}
