//! [`DateTime`]: .NET `DateTime` / `DateTimeOffset` as ServiceStack sends them.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::civil::{MAX_TICKS, MIN_TICKS, TICKS_PER_DAY, TICKS_PER_MILLI, civil_from_ticks};
use super::date_text::{check_range, parse_date_time, wall_ticks, write_iso};
use super::{DateOnly, TimeOnly, WireParseError, deserialize_from_str};

/// The largest offset `±hh:mm` can express, in minutes.
const MAX_OFFSET: i16 = 23 * 60 + 59;

/// How a [`DateTime`]'s wall clock relates to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTimeKind {
    /// UTC: `/Date(ms)/` or an ISO value ending in `Z`.
    Utc,
    /// No zone (.NET `DateTimeKind.Unspecified`): `/Date(ms-0000)/` or ISO without a zone. The
    /// wall clock is all that is known; instants treat it as if it were UTC, as ServiceStack does.
    Unspecified,
    /// A fixed offset east of UTC in minutes (-1439 to 1439): `/Date(ms+0100)/` or `…+01:00`.
    Offset(i16),
}

/// A .NET `DateTime` or `DateTimeOffset`: an instant with 100-ns resolution in .NET's range
/// 0001-01-01 … 9999-12-31, how its clock relates to UTC ([`DateTimeKind`]), and the text it was
/// read from.
///
/// Reads the WCF form ServiceStack.Text writes (`/Date(978307200000)/`, `/Date(…-0000)/`,
/// `/Date(…+0100)/`, negative milliseconds too) and ISO 8601 (`2016-03-21T12:18:58.8551447+00:00`,
/// `…Z`, no zone, `±hhmm`, any number of fraction digits, or a date alone).
///
/// A parsed value serializes back to exactly the text it was read from, so values a client only
/// passes along reach the server unchanged (that text is [`DateTime::to_wire_string`]). A value
/// made in Rust (`from_unix_millis`, the `From` conversions, `Default`) serializes as ISO 8601
/// with `Z` or its offset and only the fraction digits it needs, which every ServiceStack server
/// reads.
///
/// `Display` is for people and logs: always ISO 8601 in the value's own offset, whatever form
/// the value was read in (`2023-11-14T22:13:20Z` for `/Date(1700000000000)/`, `…+02:00` with an
/// offset, no suffix for an unspecified kind, fraction digits only when non-zero, up to 7).
///
/// Equality and hashing compare the instant and the [`DateTimeKind`], not the text:
/// `/Date(978307200000)/` equals `2001-01-01T00:00:00Z`, but not `2001-01-01T00:00:00+00:00`
/// (a zero offset is a different kind than UTC).
#[derive(Debug, Clone)]
pub struct DateTime {
    /// Ticks since 1970-01-01T00:00Z; for [`DateTimeKind::Unspecified`], of the wall clock.
    ticks: i64,
    kind: DateTimeKind,
    /// The text this value was parsed from; `None` for values made in Rust.
    text: Option<Box<str>>,
}

/// .NET `DateTimeOffset`: the same wire forms and the same type as [`DateTime`].
pub type DateTimeOffset = DateTime;

impl DateTime {
    /// .NET `DateTime.MinValue`, 0001-01-01T00:00:00Z.
    pub const MIN: DateTime = DateTime {
        ticks: MIN_TICKS,
        kind: DateTimeKind::Utc,
        text: None,
    };
    /// .NET `DateTime.MaxValue`, 9999-12-31T23:59:59.9999999Z.
    pub const MAX: DateTime = DateTime {
        ticks: MAX_TICKS,
        kind: DateTimeKind::Utc,
        text: None,
    };

    /// The UTC instant `millis` milliseconds after 1970-01-01T00:00Z (negative: before it);
    /// `None` outside .NET's range.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        Self::from_unix_ticks(millis.checked_mul(TICKS_PER_MILLI)?)
    }

    /// The UTC instant `ticks` × 100 ns after 1970-01-01T00:00Z (negative: before it); `None`
    /// outside .NET's range.
    pub fn from_unix_ticks(ticks: i64) -> Option<Self> {
        Self::checked(ticks, DateTimeKind::Utc)
    }

    /// The same instant shown at a fixed offset of `offset_minutes` east of UTC (-1439 to 1439);
    /// `None` if the offset is out of range or the wall clock would leave .NET's range. The result
    /// serializes as ISO 8601 with that offset.
    pub fn with_offset(&self, offset_minutes: i16) -> Option<Self> {
        if offset_minutes.unsigned_abs() > MAX_OFFSET.unsigned_abs() {
            return None;
        }
        Self::checked(self.ticks, DateTimeKind::Offset(offset_minutes))
    }

    /// The same instant as UTC (an unspecified wall clock is read as UTC); serializes as ISO 8601
    /// with `Z`.
    pub fn to_utc(&self) -> Self {
        Self {
            ticks: self.ticks,
            kind: DateTimeKind::Utc,
            text: None,
        }
    }

    fn checked(ticks: i64, kind: DateTimeKind) -> Option<Self> {
        check_range(ticks, kind).ok().map(|(ticks, kind)| Self {
            ticks,
            kind,
            text: None,
        })
    }

    /// Like [`Self::checked`] but moves an out-of-range instant to the nearest one in range, for
    /// the infallible `From` conversions.
    pub(crate) fn clamped(ticks: i64, kind: DateTimeKind) -> Self {
        // Offsets beyond ±23:59 cannot be written as `±hh:mm`.
        let kind = match kind {
            DateTimeKind::Offset(minutes) => {
                DateTimeKind::Offset(minutes.clamp(-MAX_OFFSET, MAX_OFFSET))
            }
            other => other,
        };
        let offset = wall_ticks(0, kind).unwrap_or(0);
        // Both the instant and the wall clock (instant + offset) must stay in range.
        let low = MIN_TICKS.saturating_sub(offset.min(0));
        let high = MAX_TICKS.saturating_sub(offset.max(0));
        Self {
            ticks: ticks.clamp(low, high),
            kind,
            text: None,
        }
    }

    /// Milliseconds since 1970-01-01T00:00Z, rounded down (an unspecified wall clock is read as
    /// UTC): the number inside `/Date(…)/`.
    pub fn unix_millis(&self) -> i64 {
        self.ticks.div_euclid(TICKS_PER_MILLI)
    }

    /// 100-ns ticks since 1970-01-01T00:00Z (an unspecified wall clock is read as UTC).
    pub fn unix_ticks(&self) -> i64 {
        self.ticks
    }

    /// How the wall clock relates to UTC.
    pub fn kind(&self) -> DateTimeKind {
        self.kind
    }

    /// Minutes east of UTC: `Some(0)` for UTC, `None` for an unspecified kind.
    pub fn offset_minutes(&self) -> Option<i16> {
        match self.kind {
            DateTimeKind::Utc => Some(0),
            DateTimeKind::Unspecified => None,
            DateTimeKind::Offset(minutes) => Some(minutes),
        }
    }

    /// The wall-clock reading in the value's own offset, as ticks since 1970-01-01T00:00.
    pub(crate) fn wall_ticks(&self) -> i64 {
        // The constructors guarantee the wall clock is in range, so this never falls back.
        wall_ticks(self.ticks, self.kind).unwrap_or(self.ticks)
    }

    fn civil(&self) -> time::PrimitiveDateTime {
        civil_from_ticks(self.wall_ticks())
    }

    /// The year (1–9999) in the value's own offset.
    pub fn year(&self) -> i32 {
        self.civil().year()
    }

    /// The month (1–12) in the value's own offset.
    pub fn month(&self) -> u32 {
        u8::from(self.civil().month()).into()
    }

    /// The day of the month (1–31) in the value's own offset.
    pub fn day(&self) -> u32 {
        self.civil().day().into()
    }

    /// The hour (0–23) in the value's own offset.
    pub fn hour(&self) -> u32 {
        self.civil().hour().into()
    }

    /// The minute (0–59).
    pub fn minute(&self) -> u32 {
        self.civil().minute().into()
    }

    /// The second (0–59).
    pub fn second(&self) -> u32 {
        self.civil().second().into()
    }

    /// Nanoseconds past the second (a multiple of 100: .NET's resolution).
    pub fn nanosecond(&self) -> u32 {
        self.civil().nanosecond()
    }

    /// The calendar date in the value's own offset.
    pub fn date(&self) -> DateOnly {
        DateOnly::from_days(self.wall_ticks().div_euclid(TICKS_PER_DAY))
    }

    /// The time of day in the value's own offset.
    pub fn time(&self) -> TimeOnly {
        TimeOnly::from_ticks_of_day(self.wall_ticks().rem_euclid(TICKS_PER_DAY))
    }

    /// The text sent on the wire (what `Serialize` writes): the text it was parsed from, else
    /// canonical ISO 8601. Use this, not `Display`, to put the value in a URL or a message to
    /// the server.
    pub fn to_wire_string(&self) -> String {
        match &self.text {
            Some(text) => text.as_ref().to_owned(),
            None => self.to_iso_string(),
        }
    }

    /// ISO 8601 in the value's own offset with the minimal fraction, whatever form it was read in,
    /// e.g. `2001-01-01T00:00:00Z` for `/Date(978307200000)/`: what `Display` writes.
    pub fn to_iso_string(&self) -> String {
        let mut out = String::with_capacity(33);
        // Writing to a String cannot fail.
        let _ = write_iso(&mut out, self.wall_ticks(), self.kind);
        out
    }
}

impl Default for DateTime {
    /// .NET `default(DateTime)`: 0001-01-01T00:00:00Z.
    fn default() -> Self {
        Self::MIN
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.ticks == other.ticks && self.kind == other.kind
    }
}

impl Eq for DateTime {}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ticks.hash(state);
        self.kind.hash(state);
    }
}

impl fmt::Display for DateTime {
    /// ISO 8601 in the value's own offset, see [`DateTime::to_iso_string`]; the wire form is
    /// [`DateTime::to_wire_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_iso(f, self.wall_ticks(), self.kind)
    }
}

impl FromStr for DateTime {
    type Err = WireParseError;

    fn from_str(text: &str) -> Result<Self, WireParseError> {
        let (ticks, kind) =
            parse_date_time(text).map_err(|why| WireParseError::new("DateTime", text, why))?;
        Ok(Self {
            ticks,
            kind,
            text: Some(text.into()),
        })
    }
}

impl Serialize for DateTime {
    /// The wire form, see [`DateTime::to_wire_string`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_from_str(deserializer, "a WCF `/Date(…)/` or ISO 8601 date string")
    }
}

impl From<SystemTime> for DateTime {
    /// The UTC instant, clamped to .NET's range; sub-100-ns precision is rounded down.
    fn from(time: SystemTime) -> Self {
        let ticks = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos() / 100).unwrap_or(i64::MAX),
            // Rounding the distance up rounds the instant down, like the branch above.
            Err(before) => {
                let nanos = before.duration().as_nanos();
                let ticks = nanos / 100 + u128::from(nanos % 100 != 0);
                i64::try_from(ticks).map_or(i64::MIN, |ticks| -ticks)
            }
        };
        Self::clamped(ticks, DateTimeKind::Utc)
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = WireParseError;

    /// The instant (an unspecified wall clock is read as UTC); fails only where the platform's
    /// `SystemTime` cannot reach the date.
    fn try_from(value: DateTime) -> Result<Self, WireParseError> {
        let magnitude = value.ticks.unsigned_abs();
        let distance = Duration::new(
            magnitude / 10_000_000,
            (magnitude % 10_000_000) as u32 * 100,
        );
        let time = if value.ticks >= 0 {
            UNIX_EPOCH.checked_add(distance)
        } else {
            UNIX_EPOCH.checked_sub(distance)
        };
        time.ok_or_else(|| {
            WireParseError::new(
                "DateTime",
                &value.to_wire_string(),
                "outside the range of SystemTime",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn parse(text: &str) -> DateTime {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    fn fields(value: &DateTime) -> (i32, u32, u32, u32, u32, u32, u32) {
        (
            value.year(),
            value.month(),
            value.day(),
            value.hour(),
            value.minute(),
            value.second(),
            value.nanosecond(),
        )
    }

    #[test]
    fn reads_wcf_dates() {
        let utc = parse("/Date(978307200000)/");
        assert_eq!(
            (utc.unix_millis(), utc.kind(), utc.offset_minutes()),
            (978_307_200_000, DateTimeKind::Utc, Some(0))
        );
        assert_eq!(fields(&utc), (2001, 1, 1, 0, 0, 0, 0));
        assert_eq!(utc.to_iso_string(), "2001-01-01T00:00:00Z");

        let unspecified = parse("/Date(978307200000-0000)/");
        assert_eq!(
            (
                unspecified.unix_millis(),
                unspecified.kind(),
                unspecified.offset_minutes()
            ),
            (978_307_200_000, DateTimeKind::Unspecified, None)
        );
        assert_eq!(unspecified.to_iso_string(), "2001-01-01T00:00:00");

        // The number is the UTC instant (09:24:50.292Z); the offset moves only the wall clock.
        let offset = parse("/Date(1678094690292+0100)/");
        assert_eq!(
            (offset.unix_millis(), offset.offset_minutes()),
            (1_678_094_690_292, Some(60))
        );
        assert_eq!(fields(&offset), (2023, 3, 6, 10, 24, 50, 292_000_000));
        assert_eq!(offset.to_iso_string(), "2023-03-06T10:24:50.292+01:00");
        assert_eq!(
            parse("/Date(1678094690292-0530)/").to_iso_string(),
            "2023-03-06T03:54:50.292-05:30"
        );

        let min = parse("/Date(-62135596800000)/");
        assert_eq!(min, DateTime::MIN);
        assert_eq!(fields(&min), (1, 1, 1, 0, 0, 0, 0));
        assert_eq!(
            parse("/Date(-1)/").to_iso_string(),
            "1969-12-31T23:59:59.999Z"
        );
        assert_eq!(
            parse("/Date(253402300799999)/").to_iso_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(parse("\\/Date(978307200000)\\/"), utc);
    }

    #[test]
    fn reads_iso_dates() {
        let value = parse("2016-03-21T12:18:58.8551447+00:00");
        assert_eq!(
            (value.unix_ticks(), value.kind()),
            (14_585_627_388_551_447, DateTimeKind::Offset(0))
        );
        assert_eq!(fields(&value), (2016, 3, 21, 12, 18, 58, 855_144_700));

        let utc = parse("2016-03-21T12:18:58.8551447Z");
        assert_eq!(
            (utc.unix_ticks(), utc.kind()),
            (14_585_627_388_551_447, DateTimeKind::Utc)
        );
        let unspecified = parse("2016-03-21T12:18:58.8551447");
        assert_eq!(
            (unspecified.unix_ticks(), unspecified.offset_minutes()),
            (14_585_627_388_551_447, None)
        );

        let india = parse("2016-03-21T12:18:58+05:30");
        assert_eq!(
            (india.unix_ticks(), india.offset_minutes()),
            (14_585_429_380_000_000, Some(330))
        );
        assert_eq!(fields(&india), (2016, 3, 21, 12, 18, 58, 0));
        assert_eq!(parse("2016-03-21T12:18:58+0530"), india);
        assert_eq!(
            parse("2016-03-21T06:48:58Z").unix_ticks(),
            india.unix_ticks()
        );
        assert_eq!(parse("2016-03-21T12:18:58-08").offset_minutes(), Some(-480));

        assert_eq!(parse("2016-03-21T12:18Z").second(), 0);
        assert_eq!(parse("2016-03-21T12:18:58.1Z").nanosecond(), 100_000_000);
        assert_eq!(
            parse("2016-03-21T12:18:58.123456789Z").nanosecond(),
            123_456_700
        );
        assert_eq!(parse("2016-03-21 12:18:58").hour(), 12);

        let date = parse("2024-01-31");
        assert_eq!(
            (date.unix_millis(), date.kind()),
            (1_706_659_200_000, DateTimeKind::Unspecified)
        );
        assert_eq!(parse("0001-01-01T00:00:00Z"), DateTime::MIN);
        assert_eq!(parse("9999-12-31T23:59:59.9999999Z"), DateTime::MAX);
    }

    #[test]
    fn parsed_values_serialize_exactly_as_read() {
        for text in [
            "/Date(978307200000)/",
            "/Date(978307200000-0000)/",
            "/Date(1678094690292+0100)/",
            "/Date(-62135596800000)/",
            "2016-03-21T12:18:58.8551447+00:00",
            "2016-03-21T12:18:58.8551447Z",
            "2016-03-21T12:18:58.8551447",
            "2016-03-21T12:18:58.855144799Z",
            "2016-03-21T12:18:58.100+0530",
            "2016-03-21t12:18z",
            "2024-01-31",
        ] {
            let json = format!("\"{text}\"");
            let value: DateTime =
                serde_json::from_str(&json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&value).ok(), Some(json));
            assert_eq!(value.to_wire_string(), text);
            // Display is ISO 8601 whatever the wire form.
            assert_eq!(value.to_string(), value.to_iso_string());
        }
        // The escaped JSON form arrives unescaped and goes out as the same JSON string.
        let value: DateTime =
            serde_json::from_str(r#""\/Date(978307200000)\/""#).expect("escaped WCF");
        assert_eq!(
            serde_json::to_string(&value).ok().as_deref(),
            Some(r#""/Date(978307200000)/""#)
        );
    }

    #[test]
    fn made_values_serialize_as_minimal_iso() {
        let text = |value: Option<DateTime>| value.map(|v| v.to_string());
        assert_eq!(
            text(DateTime::from_unix_millis(978_307_200_000)).as_deref(),
            Some("2001-01-01T00:00:00Z")
        );
        assert_eq!(
            text(DateTime::from_unix_ticks(1)).as_deref(),
            Some("1970-01-01T00:00:00.0000001Z")
        );
        assert_eq!(
            text(DateTime::from_unix_ticks(-1)).as_deref(),
            Some("1969-12-31T23:59:59.9999999Z")
        );
        assert_eq!(
            text(DateTime::from_unix_millis(1_500)).as_deref(),
            Some("1970-01-01T00:00:01.5Z")
        );
        let shifted = DateTime::from_unix_millis(978_307_200_000).and_then(|v| v.with_offset(-480));
        assert_eq!(text(shifted).as_deref(), Some("2000-12-31T16:00:00-08:00"));
        assert_eq!(DateTime::default().to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(DateTime::MAX.to_string(), "9999-12-31T23:59:59.9999999Z");
        assert_eq!(
            parse("/Date(978307200000-0000)/").to_utc().to_string(),
            "2001-01-01T00:00:00Z"
        );
        assert_eq!(
            serde_json::to_string(&DateTime::MIN).ok().as_deref(),
            Some(r#""0001-01-01T00:00:00Z""#)
        );
    }

    #[test]
    fn display_is_iso_8601_and_serialization_the_wire_text() {
        for (wire, display) in [
            ("/Date(1700000000000)/", "2023-11-14T22:13:20Z"),
            ("/Date(1700000000000+0200)/", "2023-11-15T00:13:20+02:00"),
            ("/Date(1700000000000-0530)/", "2023-11-14T16:43:20-05:30"),
            ("/Date(1700000000000-0000)/", "2023-11-14T22:13:20"),
            ("/Date(1700000000123)/", "2023-11-14T22:13:20.123Z"),
            ("\\/Date(1700000000000)\\/", "2023-11-14T22:13:20Z"),
            ("2023-11-14T22:13:20.1000000Z", "2023-11-14T22:13:20.1Z"),
            (
                "2023-11-14T22:13:20.8551447+00:00",
                "2023-11-14T22:13:20.8551447+00:00",
            ),
            ("2023-11-14T22:13:20.000", "2023-11-14T22:13:20"),
            ("2023-11-14t22:13z", "2023-11-14T22:13:00Z"),
            ("2023-11-14 22:13:20+0200", "2023-11-14T22:13:20+02:00"),
            ("2023-11-14", "2023-11-14T00:00:00"),
        ] {
            let value = parse(wire);
            assert_eq!(value.to_string(), display, "{wire}");
            assert_eq!(format!("{value}"), display, "{wire}");
            assert_eq!(value.to_wire_string(), wire);
            let json = serde_json::to_string(&value).expect("serializes");
            assert_eq!(
                serde_json::from_str::<String>(&json).ok().as_deref(),
                Some(wire)
            );
            // The date and the time display as the two halves of the date-time.
            let halves = format!("{}T{}", value.date(), value.time());
            assert!(display.starts_with(&halves), "{display} / {halves}");
        }
        let made = DateTime::from_unix_millis(1_700_000_000_000).expect("in range");
        assert_eq!(made.to_string(), "2023-11-14T22:13:20Z");
        assert_eq!(made.to_wire_string(), "2023-11-14T22:13:20Z");
        assert_eq!(
            serde_json::to_string(&made).ok().as_deref(),
            Some(r#""2023-11-14T22:13:20Z""#)
        );
    }

    #[test]
    fn constructors_check_the_range() {
        assert!(DateTime::from_unix_millis(-62_135_596_800_001).is_none());
        assert!(DateTime::from_unix_millis(253_402_300_800_000).is_none());
        assert!(DateTime::from_unix_millis(i64::MAX).is_none());
        assert!(DateTime::from_unix_ticks(i64::MIN).is_none());
        assert!(DateTime::MIN.with_offset(-1).is_none());
        assert!(DateTime::MIN.with_offset(1).is_some());
        assert!(DateTime::MAX.with_offset(1).is_none());
        assert!(DateTime::MIN.with_offset(1440).is_none());
        assert_eq!(
            DateTime::clamped(i64::MIN, DateTimeKind::Offset(-60)).to_string(),
            "0001-01-01T00:00:00-01:00"
        );
        assert_eq!(
            DateTime::clamped(i64::MAX, DateTimeKind::Offset(60)).to_string(),
            "9999-12-31T23:59:59.9999999+01:00"
        );
    }

    #[test]
    fn equality_compares_instant_and_kind_not_text() {
        let wcf = parse("/Date(978307200000)/");
        assert_eq!(wcf, parse("2001-01-01T00:00:00Z"));
        assert_eq!(wcf, parse("2001-01-01T00:00:00.000Z"));
        assert_eq!(
            Some(wcf.clone()),
            DateTime::from_unix_millis(978_307_200_000)
        );
        assert_ne!(wcf, parse("2001-01-01T00:00:00+00:00"));
        assert_ne!(wcf, parse("/Date(978307200000-0000)/"));
        assert_ne!(wcf, parse("/Date(978307200001)/"));
        assert_eq!(
            parse("/Date(978307200000+0100)/"),
            parse("2001-01-01T01:00:00+01:00")
        );
        let set: HashSet<DateTime> = [
            wcf,
            parse("2001-01-01T00:00:00Z"),
            parse("2001-01-01T00:00:00+00:00"),
        ]
        .into();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn date_and_time_parts() {
        let value = parse("/Date(978305400000+0100)/");
        assert_eq!(value.date(), DateOnly::from_ymd(2001, 1, 1).expect("valid"));
        assert_eq!(value.time(), TimeOnly::from_hms(0, 30, 0).expect("valid"));
        assert_eq!(
            parse("/Date(-1)/").date(),
            DateOnly::from_ymd(1969, 12, 31).expect("valid")
        );
    }

    #[test]
    fn system_time_conversions() {
        let time = UNIX_EPOCH + Duration::from_millis(978_307_200_000);
        let value = DateTime::from(time);
        assert_eq!(value, parse("/Date(978307200000)/"));
        assert_eq!(SystemTime::try_from(value).ok(), Some(time));
        // Sub-tick precision rounds down, before the epoch too.
        assert_eq!(
            DateTime::from(UNIX_EPOCH + Duration::from_nanos(150)).unix_ticks(),
            1
        );
        assert_eq!(
            DateTime::from(UNIX_EPOCH - Duration::from_nanos(50)).unix_ticks(),
            -1
        );
        assert_eq!(
            DateTime::from(UNIX_EPOCH - Duration::from_nanos(200)).unix_ticks(),
            -2
        );
        let before = UNIX_EPOCH - Duration::from_millis(1_500);
        assert_eq!(
            SystemTime::try_from(DateTime::from(before)).ok(),
            Some(before)
        );
        assert_eq!(
            DateTime::from(UNIX_EPOCH + Duration::from_secs(400_000_000_000)),
            DateTime::MAX
        );
    }

    #[test]
    fn rejects_malformed_dates() {
        let cases = [
            ("", "empty string"),
            (
                "/Date()/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            (
                "/Date(abc)/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            (
                "/Date(978307200000",
                "expected `)/` at the end of a `/Date(…)/` value",
            ),
            (
                "/Date(978307200000+01)/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            (
                "/Date(978307200000+01000)/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            ("/Date(978307200000+2400)/", "offset out of range"),
            (
                "/Date(978307200000+ab00)/",
                "expected `±hhmm` after the milliseconds",
            ),
            (
                "/Date(+978307200000)/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            ("/Date(9223372036854775807)/", OUT_OF_RANGE_REASON),
            (
                "/Date(99999999999999999999)/",
                "expected whole milliseconds since 1970 inside `/Date(…)/`",
            ),
            ("/Date(253402300800000)/", OUT_OF_RANGE_REASON),
            ("/Date(-62135596800001)/", OUT_OF_RANGE_REASON),
            ("/Date(-62135596800000-0100)/", OUT_OF_RANGE_REASON),
            ("2024-13-01", "month must be 01 to 12"),
            ("2024-00-01", "month must be 01 to 12"),
            ("2024-02-30", "that day does not exist in that month"),
            ("0000-01-01", OUT_OF_RANGE_REASON),
            ("9999-12-31T23:59:59-01:00", OUT_OF_RANGE_REASON),
            ("2024-1-31", "expected a two-digit month"),
            ("24-01-31", "expected a four-digit year"),
            (" 2024-01-31", "expected a four-digit year"),
            (
                "2024-01-31X12:00",
                "expected `T` between the date and the time",
            ),
            ("2024-01-31T12", "expected `:` after the hour"),
            ("2024-01-31T24:00", "hour, minute or second out of range"),
            ("2024-01-31T12:60", "hour, minute or second out of range"),
            ("2024-01-31T12:00:60", "hour, minute or second out of range"),
            (
                "2024-01-31T12:00:00.",
                "expected digits after the decimal point",
            ),
            ("2024-01-31T12:00:00+1", "expected two-digit offset hours"),
            ("2024-01-31T12:00:00+24:00", "offset out of range"),
            (
                "2024-01-31T12:00:00+01:",
                "expected two-digit offset minutes",
            ),
            ("2024-01-31T12:00:00Zjunk", "unexpected text after the time"),
            (
                "2024-01-31T12:00:00 UTC",
                "expected `Z`, `+hh:mm` or `-hh:mm` after the time",
            ),
        ];
        for (text, reason) in cases {
            match text.parse::<DateTime>() {
                Ok(value) => panic!("{text:?} was accepted as {}", value.to_iso_string()),
                Err(err) => assert_eq!(
                    (err.type_name(), err.reason()),
                    ("DateTime", reason),
                    "{text:?}"
                ),
            }
        }
        let err = serde_json::from_str::<DateTime>(r#""2024-13-01""#)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid DateTime `2024-13-01`: month must be 01 to 12 at line 1 column 12")
        );
        assert!(serde_json::from_str::<DateTime>("978307200000").is_err());
    }

    const OUT_OF_RANGE_REASON: &str = "outside .NET's range 0001-01-01 to 9999-12-31";
}
