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

/// Deserializes a string-form wire type through its `FromStr`, reporting a [`WireParseError`]
/// as the serde error.
fn deserialize_from_str<'de, D, T>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = WireParseError>,
{
    struct StrVisitor<T>(PhantomData<T>, &'static str);

    impl<T: FromStr<Err = WireParseError>> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            value.parse().map_err(E::custom)
        }
    }

    deserializer.deserialize_str(StrVisitor(PhantomData, expecting))
}

#[cfg(test)]
mod fuzz_tests;
