//! The runtime's wire types on arbitrary text: every parser may reject, none may panic, and
//! whatever is accepted round-trips.
//!
//! For each of `DateTime`, `DateOnly`, `TimeOnly`, `TimeSpan`, `Guid`, `Decimal` and `Bytes`:
//!
//! - `FromStr`: an accepted value's `Display` parses back to an equal value (for `Decimal` also
//!   with the same scale); types that keep their text (`DateTime`, `DateOnly`, `TimeOnly`) display
//!   exactly the input, `Guid` its lowercase; canonical forms are fixed points
//!   (`TimeSpan`, `Bytes`, `DateTime::to_iso_string`);
//! - serde: the text as a JSON string deserializes exactly when `FromStr` accepts it, to the
//!   same value; the value serializes with serde_json and deserializes back to an equal value;
//! - the raw input as a JSON document (numbers for `Decimal`, escapes, non-strings) is read
//!   without panicking, and whatever is read round-trips through serde_json the same way;
//! - rejections produce a `WireParseError` whose message formats.

use std::fmt::{Debug, Display};
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde::de::DeserializeOwned;
use servicestack_runtime::{
    Bytes, DateOnly, DateTime, Decimal, Guid, TimeOnly, TimeSpan, WireParseError,
};

/// Runs every check on `data` (as text, invalid UTF-8 replaced) and on `data` as JSON.
pub fn check_all(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_text(&text);
    check_json_document(data);
}

/// The `FromStr` and JSON-string checks of all seven types.
pub fn check_text(text: &str) {
    if let Some(value) = parse::<DateTime>(text) {
        assert_eq!(value.to_wire_string(), text, "DateTime keeps its text");
        assert_eq!(value.to_string(), value.to_iso_string(), "DateTime displays ISO 8601");
        let iso = value.to_iso_string();
        let reparsed = reparse(&iso, &value);
        assert_eq!(reparsed.to_iso_string(), iso, "ISO form is canonical");
        assert!(SystemTime::try_from(value.clone()).is_ok(), "{text:?}");
        let _ = (
            value.year(),
            value.date(),
            value.time(),
            value.unix_millis(),
        );
        assert_eq!(
            value.date().to_string().parse::<DateOnly>(),
            Ok(value.date())
        );
    }
    if let Some(value) = parse::<DateOnly>(text) {
        assert_eq!(value.to_wire_string(), text, "DateOnly keeps its text");
        let canonical = DateOnly::from_ymd(value.year(), value.month(), value.day())
            .expect("an accepted date exists");
        assert_eq!(canonical, value);
        reparse(&canonical.to_string(), &value);
    }
    if let Some(value) = parse::<TimeOnly>(text) {
        assert_eq!(value.to_wire_string(), text, "TimeOnly keeps its text");
        let canonical = TimeOnly::from_ticks(value.ticks()).expect("ticks within a day");
        reparse(&canonical.to_wire_string(), &value);
    }
    if let Some(value) = parse::<TimeSpan>(text) {
        let canonical = value.to_string();
        let reparsed = reparse(&canonical, &value);
        assert_eq!(
            reparsed.to_string(),
            canonical,
            "canonical form is a fixed point"
        );
        if let Ok(duration) = Duration::try_from(value) {
            assert!(!value.is_negative());
            assert_eq!(TimeSpan::try_from(duration), Ok(value));
        } else {
            assert!(value.is_negative());
        }
    }
    if let Some(value) = parse::<Guid>(text) {
        assert_eq!(value.to_string(), text.to_ascii_lowercase());
        assert_eq!(Guid::from_u128(value.as_u128()), value);
    }
    if let Some(value) = parse::<Decimal>(text) {
        let again: Decimal = reparse(&value.to_string(), &value);
        assert_eq!(
            again.get().scale(),
            value.get().scale(),
            "{text:?} keeps its scale"
        );
        let through_json: Decimal =
            serde_json::from_str(&serde_json::to_string(&value).expect("a decimal serializes"))
                .expect("a serialized decimal deserializes");
        assert_eq!(through_json.get().scale(), value.get().scale(), "{text:?}");
    }
    if let Some(value) = parse::<Bytes>(text) {
        let canonical = value.to_string();
        let reparsed = reparse(&canonical, &value);
        assert_eq!(reparsed.to_string(), canonical);
    }
}

/// Parses `text` with `FromStr` and as a JSON string; both must agree, and an accepted value
/// must survive serde_json.
fn parse<T>(text: &str) -> Option<T>
where
    T: FromStr<Err = WireParseError> + Serialize + DeserializeOwned + PartialEq + Debug + Display,
{
    let parsed = text.parse::<T>();
    let json = serde_json::to_string(text).expect("a string serializes");
    let from_json = serde_json::from_str::<T>(&json);
    match (&parsed, &from_json) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "FromStr and serde disagree on {text:?}"),
        (Err(error), Err(_)) => {
            let _ = error.to_string();
        }
        _ => panic!(
            "FromStr ({}) and serde ({}) disagree on {text:?}",
            parsed.is_ok(),
            from_json.is_ok()
        ),
    }
    let value = parsed.ok()?;
    round_trip_json(&value);
    Some(value)
}

/// `canonical` must parse to a value equal to `value`.
fn reparse<T>(canonical: &str, value: &T) -> T
where
    T: FromStr<Err = WireParseError> + PartialEq + Debug,
{
    match canonical.parse::<T>() {
        Ok(again) => {
            assert_eq!(&again, value, "{canonical:?} reads back differently");
            again
        }
        Err(error) => panic!("{canonical:?} (written from {value:?}) does not parse: {error}"),
    }
}

fn round_trip_json<T>(value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let json = serde_json::to_string(value).expect("a wire value serializes");
    match serde_json::from_str::<T>(&json) {
        Ok(again) => assert_eq!(&again, value, "{json} reads back differently"),
        Err(error) => panic!("{json} (written from {value:?}) does not deserialize: {error}"),
    }
}

/// The raw bytes as a JSON document of each type (a number for `Decimal`, a string with
/// escapes, or anything else): no panic, and what is accepted round-trips.
pub fn check_json_document(data: &[u8]) {
    fn one<T: Serialize + DeserializeOwned + PartialEq + Debug>(data: &[u8]) {
        if let Ok(value) = serde_json::from_slice::<T>(data) {
            round_trip_json(&value);
        }
    }
    one::<DateTime>(data);
    one::<DateOnly>(data);
    one::<TimeOnly>(data);
    one::<TimeSpan>(data);
    one::<Guid>(data);
    one::<Bytes>(data);
    if let Ok(value) = serde_json::from_slice::<Decimal>(data) {
        round_trip_json(&value);
        let json = serde_json::to_string(&value).expect("a decimal serializes");
        let again: Decimal = serde_json::from_str(&json).expect("and deserializes");
        assert_eq!(again.get().scale(), value.get().scale(), "{json}");
    }
}
