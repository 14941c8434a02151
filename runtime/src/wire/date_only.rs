//! [`DateOnly`]: .NET `DateOnly`, a calendar date without a time.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::civil::{MAX_DAYS, MIN_DAYS, checked_date, date_from_days, days_from_date};
use super::date_text::parse_date;
use super::scan::Scanner;
use super::{DateTime, WireParseError, deserialize_from_str};

/// A .NET `DateOnly`: a date from 0001-01-01 to 9999-12-31.
///
/// System.Text.Json sends `yyyy-MM-dd`; ServiceStack.Text may send a whole date-time instead
/// (`/Date(…)/` or ISO 8601), whose date (in its own offset) is taken. A parsed value serializes
/// back to exactly the text it was read from ([`DateOnly::to_wire_string`]); a value made in Rust
/// serializes as `yyyy-MM-dd`. `Display` always writes `yyyy-MM-dd`. Equality and hashing compare
/// the date only, not the text.
#[derive(Debug, Clone)]
pub struct DateOnly {
    /// Days since 1970-01-01, within `MIN_DAYS..=MAX_DAYS`.
    days: i64,
    text: Option<Box<str>>,
}

impl DateOnly {
    /// .NET `DateOnly.MinValue`, 0001-01-01.
    pub const MIN: DateOnly = DateOnly {
        days: MIN_DAYS,
        text: None,
    };
    /// .NET `DateOnly.MaxValue`, 9999-12-31.
    pub const MAX: DateOnly = DateOnly {
        days: MAX_DAYS,
        text: None,
    };

    /// The date `year`-`month`-`day`; `None` if it does not exist or lies outside 0001–9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        checked_date(year, month, day).map(|date| Self {
            days: days_from_date(date),
            text: None,
        })
    }

    /// The date `days` after 1970-01-01, clamped to .NET's range.
    pub(crate) fn from_days(days: i64) -> Self {
        Self {
            days: days.clamp(MIN_DAYS, MAX_DAYS),
            text: None,
        }
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_unix_epoch(&self) -> i64 {
        self.days
    }

    /// The year (1–9999).
    pub fn year(&self) -> i32 {
        date_from_days(self.days).year()
    }

    /// The month (1–12).
    pub fn month(&self) -> u32 {
        u8::from(date_from_days(self.days).month()).into()
    }

    /// The day of the month (1–31).
    pub fn day(&self) -> u32 {
        date_from_days(self.days).day().into()
    }

    /// The text sent on the wire (what `Serialize` writes): the text it was parsed from, else
    /// `yyyy-MM-dd`.
    pub fn to_wire_string(&self) -> String {
        match &self.text {
            Some(text) => text.as_ref().to_owned(),
            None => self.to_string(),
        }
    }
}

impl Default for DateOnly {
    /// .NET `default(DateOnly)`: 0001-01-01.
    fn default() -> Self {
        Self::MIN
    }
}

impl PartialEq for DateOnly {
    fn eq(&self, other: &Self) -> bool {
        self.days == other.days
    }
}

impl Eq for DateOnly {}

impl Hash for DateOnly {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.days.hash(state);
    }
}

impl fmt::Display for DateOnly {
    /// ISO 8601 `yyyy-MM-dd`, whatever form the value was read in; the wire form is
    /// [`DateOnly::to_wire_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = date_from_days(self.days);
        write!(
            f,
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }
}

impl FromStr for DateOnly {
    type Err = WireParseError;

    fn from_str(text: &str) -> Result<Self, WireParseError> {
        let mut scanner = Scanner::new(text);
        let days = match parse_date(&mut scanner) {
            Ok(days) if scanner.is_empty() => days,
            // Anything longer than a bare date must be a whole date-time; its errors are the
            // more useful ones then.
            _ => {
                text.parse::<DateTime>()
                    .map_err(|err| WireParseError::new("DateOnly", text, err.reason().to_owned()))?
                    .date()
                    .days
            }
        };
        Ok(Self {
            days,
            text: Some(text.into()),
        })
    }
}

impl Serialize for DateOnly {
    /// The wire form, see [`DateOnly::to_wire_string`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for DateOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_from_str(deserializer, "a `yyyy-MM-dd` date string")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DateOnly {
        match text.parse() {
            Ok(date) => date,
            Err(err) => panic!("{text}: {err}"),
        }
    }

    fn ymd(date: &DateOnly) -> (i32, u32, u32) {
        (date.year(), date.month(), date.day())
    }

    #[test]
    fn reads_plain_dates() {
        let date = parse("2024-01-31");
        assert_eq!(ymd(&date), (2024, 1, 31));
        assert_eq!(date.days_since_unix_epoch(), 19_753);
        assert_eq!(Some(date), DateOnly::from_ymd(2024, 1, 31));
        assert_eq!(ymd(&parse("2024-02-29")), (2024, 2, 29));
    }

    #[test]
    fn takes_the_date_of_a_date_time_in_its_own_offset() {
        assert_eq!(ymd(&parse("/Date(978307200000)/")), (2001, 1, 1));
        // 2000-12-31T23:30Z is already 2001-01-01 at +01:00.
        assert_eq!(ymd(&parse("/Date(978305400000+0100)/")), (2001, 1, 1));
        assert_eq!(ymd(&parse("/Date(978305400000)/")), (2000, 12, 31));
        assert_eq!(
            ymd(&parse("2016-03-21T23:18:58.8551447-05:00")),
            (2016, 3, 21)
        );
        assert_eq!(ymd(&parse("/Date(-62135596800000)/")), (1, 1, 1));
    }

    #[test]
    fn serializes_the_form_it_was_read_in() {
        for json in [
            r#""2024-01-31""#,
            r#""/Date(978307200000)/""#,
            r#""/Date(978307200000-0000)/""#,
            r#""2016-03-21T12:18:58.8551447+00:00""#,
        ] {
            let date: DateOnly =
                serde_json::from_str(json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&date).ok().as_deref(), Some(json));
            assert_eq!(format!("\"{}\"", date.to_wire_string()), json);
        }
    }

    #[test]
    fn displays_as_iso_dates() {
        for (wire, display) in [
            ("2024-01-31", "2024-01-31"),
            ("/Date(978307200000)/", "2001-01-01"),
            ("/Date(978305400000+0100)/", "2001-01-01"),
            ("2016-03-21T23:18:58.8551447-05:00", "2016-03-21"),
        ] {
            let date = parse(wire);
            assert_eq!(date.to_string(), display, "{wire}");
            assert_eq!(date.to_wire_string(), wire);
        }
    }

    #[test]
    fn made_values_serialize_as_plain_dates() {
        assert_eq!(
            DateOnly::from_ymd(5, 6, 7)
                .map(|d| d.to_string())
                .as_deref(),
            Some("0005-06-07")
        );
        assert_eq!(DateOnly::default().to_wire_string(), "0001-01-01");
        assert_eq!(DateOnly::MAX.to_wire_string(), "9999-12-31");
        assert_eq!(DateOnly::from_days(i64::MIN), DateOnly::MIN);
    }

    #[test]
    fn equality_ignores_the_text() {
        assert_eq!(parse("2001-01-01"), parse("/Date(978307200000)/"));
        assert_ne!(parse("2001-01-01"), parse("2001-01-02"));
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "",
            "2024-13-01",
            "2024-02-30",
            "2023-02-29",
            "0000-01-01",
            "2024-1-31",
            "24-01-31",
            "2024-01-31x",
            "/Date()/",
        ] {
            let err = bad
                .parse::<DateOnly>()
                .err()
                .unwrap_or_else(|| panic!("{bad:?} was accepted"));
            assert_eq!(err.type_name(), "DateOnly");
        }
        assert!(DateOnly::from_ymd(2023, 2, 29).is_none());
        assert!(DateOnly::from_ymd(10_000, 1, 1).is_none());
        assert!(DateOnly::from_ymd(2023, 0, 1).is_none());
    }
}
