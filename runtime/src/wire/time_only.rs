//! [`TimeOnly`]: .NET `TimeOnly`, a time of day.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::civil::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use super::date_text::parse_clock;
use super::duration::{parse_xsd, write_xsd};
use super::scan::{Scanner, write_fraction};
use super::{WireParseError, deserialize_from_str};

/// A .NET `TimeOnly`: a time of day from 00:00 to 23:59:59.9999999 with 100-ns resolution.
///
/// ServiceStack sends it as an XSD duration (`PT13H45M`); `HH:mm[:ss[.fffffff]]` (what plain
/// System.Text.Json writes) is read too. A parsed value serializes back to exactly the text it
/// was read from ([`TimeOnly::to_wire_string`]); a value made in Rust serializes as an XSD
/// duration, which ServiceStack reads. `Display` always writes ISO 8601 `HH:mm:ss` with fraction
/// digits only when non-zero (`13:45:00`, `08:00:00.1234567`). Equality and hashing compare the
/// time only, not the text.
#[derive(Debug, Clone)]
pub struct TimeOnly {
    /// Ticks since midnight, within `0..TICKS_PER_DAY`.
    ticks: i64,
    text: Option<Box<str>>,
}

impl TimeOnly {
    /// Midnight, 00:00:00; serializes as `PT0S`.
    pub const MIDNIGHT: TimeOnly = TimeOnly {
        ticks: 0,
        text: None,
    };

    /// `hour`:`minute`:`second`; `None` unless hour < 24, minute < 60 and second < 60.
    pub fn from_hms(hour: u32, minute: u32, second: u32) -> Option<Self> {
        Self::from_hms_nano(hour, minute, second, 0)
    }

    /// `hour`:`minute`:`second` plus `nanos` (below 10^9, truncated to .NET's 100 ns); `None` if
    /// a field is out of range.
    pub fn from_hms_nano(hour: u32, minute: u32, second: u32, nanos: u32) -> Option<Self> {
        if hour > 23 || minute > 59 || second > 59 || nanos > 999_999_999 {
            return None;
        }
        let ticks = i64::from(hour) * TICKS_PER_HOUR
            + i64::from(minute) * TICKS_PER_MINUTE
            + i64::from(second) * TICKS_PER_SECOND
            + i64::from(nanos / 100);
        Some(Self { ticks, text: None })
    }

    /// The time `ticks` × 100 ns after midnight; `None` unless `0 <= ticks < 864_000_000_000`.
    pub fn from_ticks(ticks: i64) -> Option<Self> {
        (0..TICKS_PER_DAY)
            .contains(&ticks)
            .then_some(Self { ticks, text: None })
    }

    /// For ticks already reduced to one day.
    pub(crate) fn from_ticks_of_day(ticks: i64) -> Self {
        Self {
            ticks: ticks.rem_euclid(TICKS_PER_DAY),
            text: None,
        }
    }

    /// 100-ns ticks since midnight.
    pub fn ticks(&self) -> i64 {
        self.ticks
    }

    /// The hour (0–23).
    pub fn hour(&self) -> u32 {
        self.field(TICKS_PER_DAY, TICKS_PER_HOUR)
    }

    /// The minute (0–59).
    pub fn minute(&self) -> u32 {
        self.field(TICKS_PER_HOUR, TICKS_PER_MINUTE)
    }

    /// The second (0–59).
    pub fn second(&self) -> u32 {
        self.field(TICKS_PER_MINUTE, TICKS_PER_SECOND)
    }

    /// Nanoseconds past the second (a multiple of 100).
    pub fn nanosecond(&self) -> u32 {
        self.field(TICKS_PER_SECOND, 1) * 100
    }

    fn field(&self, modulus: i64, unit: i64) -> u32 {
        // `ticks` is below one day, so each field is small and non-negative.
        (self.ticks.rem_euclid(modulus) / unit) as u32
    }

    /// The text sent on the wire (what `Serialize` writes): the text it was parsed from, else an
    /// XSD duration (`PT13H45M`).
    pub fn to_wire_string(&self) -> String {
        match &self.text {
            Some(text) => text.as_ref().to_owned(),
            None => {
                let mut out = String::with_capacity(20);
                // Writing to a String cannot fail.
                let _ = write_xsd(&mut out, self.ticks);
                out
            }
        }
    }
}

impl Default for TimeOnly {
    /// Midnight.
    fn default() -> Self {
        Self::MIDNIGHT
    }
}

impl PartialEq for TimeOnly {
    fn eq(&self, other: &Self) -> bool {
        self.ticks == other.ticks
    }
}

impl Eq for TimeOnly {}

impl Hash for TimeOnly {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ticks.hash(state);
    }
}

impl fmt::Display for TimeOnly {
    /// ISO 8601 `HH:mm:ss` plus the fraction digits that are non-zero (up to 7), whatever form
    /// the value was read in; the wire form is [`TimeOnly::to_wire_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}:{:02}",
            self.hour(),
            self.minute(),
            self.second()
        )?;
        // Below 10^7, so it fits u32.
        write_fraction(f, self.ticks.rem_euclid(TICKS_PER_SECOND) as u32)
    }
}

impl FromStr for TimeOnly {
    type Err = WireParseError;

    fn from_str(text: &str) -> Result<Self, WireParseError> {
        parse(text)
            .map(|ticks| Self {
                ticks,
                text: Some(text.into()),
            })
            .map_err(|why| WireParseError::new("TimeOnly", text, why))
    }
}

fn parse(text: &str) -> Result<i64, &'static str> {
    if text.is_empty() {
        return Err("empty string");
    }
    if text.starts_with(['P', '-']) {
        let ticks = parse_xsd(text)?;
        return if (0..TICKS_PER_DAY).contains(&ticks) {
            Ok(ticks)
        } else {
            Err("a time of day must be at least zero and below 24 hours")
        };
    }
    let mut scanner = Scanner::new(text);
    let ticks = parse_clock(&mut scanner)?;
    if scanner.is_empty() {
        Ok(ticks)
    } else {
        Err("unexpected text after the time")
    }
}

impl Serialize for TimeOnly {
    /// The wire form, see [`TimeOnly::to_wire_string`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(&WireXsd(self.ticks)),
        }
    }
}

/// Writes ticks as an XSD duration without allocating.
struct WireXsd(i64);

impl fmt::Display for WireXsd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_xsd(f, self.0)
    }
}

impl<'de> Deserialize<'de> for TimeOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_from_str(
            deserializer,
            "a time string such as `PT13H45M` or `13:45:00`",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> TimeOnly {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    fn fields(time: &TimeOnly) -> (u32, u32, u32, u32) {
        (time.hour(), time.minute(), time.second(), time.nanosecond())
    }

    #[test]
    fn reads_both_forms() {
        assert_eq!(fields(&parse("PT13H45M")), (13, 45, 0, 0));
        assert_eq!(fields(&parse("PT0S")), (0, 0, 0, 0));
        assert_eq!(
            fields(&parse("PT23H59M59.9999999S")),
            (23, 59, 59, 999_999_900)
        );
        assert_eq!(fields(&parse("13:45")), (13, 45, 0, 0));
        assert_eq!(fields(&parse("13:45:30")), (13, 45, 30, 0));
        assert_eq!(
            fields(&parse("13:45:30.1234567")),
            (13, 45, 30, 123_456_700)
        );
        assert_eq!(
            fields(&parse("13:45:30.123456789")),
            (13, 45, 30, 123_456_700)
        );
        assert_eq!(parse("PT13H45M"), parse("13:45:00"));
        assert_eq!(parse("PT13H45M").ticks(), 495_000_000_000);
    }

    #[test]
    fn round_trips_the_form_it_was_read_in() {
        for json in [
            r#""PT13H45M""#,
            r#""13:45:00""#,
            r#""13:45""#,
            r#""PT0S""#,
            r#""08:00:00.1234567""#,
            r#""PT825M""#,
        ] {
            let time: TimeOnly =
                serde_json::from_str(json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&time).ok().as_deref(), Some(json));
        }
    }

    #[test]
    fn made_values_serialize_as_xsd_durations() {
        let wire = |time: Option<TimeOnly>| {
            time.map(|t| {
                (
                    t.to_wire_string(),
                    serde_json::to_string(&t).unwrap_or_default(),
                )
            })
        };
        assert_eq!(
            wire(TimeOnly::from_hms(13, 45, 0)),
            Some(("PT13H45M".to_owned(), r#""PT13H45M""#.to_owned()))
        );
        assert_eq!(
            wire(TimeOnly::from_hms_nano(0, 0, 1, 500_000_099)),
            Some(("PT1.5S".to_owned(), r#""PT1.5S""#.to_owned()))
        );
        assert_eq!(TimeOnly::default().to_wire_string(), "PT0S");
        assert_eq!(
            wire(TimeOnly::from_ticks(TICKS_PER_DAY - 1)),
            Some((
                "PT23H59M59.9999999S".to_owned(),
                r#""PT23H59M59.9999999S""#.to_owned()
            ))
        );
    }

    #[test]
    fn displays_as_iso_times() {
        for (wire, display) in [
            ("PT13H45M", "13:45:00"),
            ("PT0S", "00:00:00"),
            ("PT825M", "13:45:00"),
            ("13:45", "13:45:00"),
            ("08:00:00.1234567", "08:00:00.1234567"),
            ("08:00:00.1000", "08:00:00.1"),
            ("PT23H59M59.9999999S", "23:59:59.9999999"),
        ] {
            let time = parse(wire);
            assert_eq!(time.to_string(), display, "{wire}");
            assert_eq!(time.to_wire_string(), wire);
        }
        assert_eq!(TimeOnly::default().to_string(), "00:00:00");
        assert_eq!(
            TimeOnly::from_hms_nano(0, 0, 1, 500_000_099).map(|t| t.to_string()),
            Some("00:00:01.5".to_owned())
        );
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "",
            "PT24H",
            "P1D",
            "-PT1S",
            "PT",
            "24:00",
            "12:60",
            "12:00:60",
            "1:00",
            "12:00:00.",
            "12:00x",
            "P1Y",
            "noon",
        ] {
            let err = bad
                .parse::<TimeOnly>()
                .err()
                .unwrap_or_else(|| panic!("{bad:?} was accepted"));
            assert_eq!(err.type_name(), "TimeOnly");
        }
        assert!(TimeOnly::from_hms(24, 0, 0).is_none());
        assert!(TimeOnly::from_hms_nano(0, 0, 0, 1_000_000_000).is_none());
        assert!(
            TimeOnly::from_ticks(TICKS_PER_DAY).is_none() && TimeOnly::from_ticks(-1).is_none()
        );
    }
}
