//! Conversions between the wire types and `chrono` (feature `chrono`).
//!
//! chrono's ranges are wider than .NET's, so conversions into chrono cannot lose anything and
//! conversions out of it clamp (`DateTime`, as `From` promises) or fail (`TryFrom`). Values made
//! here carry no wire text, so they serialize in the canonical form.

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc,
};

use super::civil::TICKS_PER_SECOND;
use super::date_text::OUT_OF_RANGE;
use super::{DateOnly, DateTime, DateTimeKind, TimeOnly, TimeSpan, WireParseError};

/// Ticks since the Unix epoch of a chrono instant; saturates far outside .NET's range, where the
/// caller clamps anyway.
fn ticks_of(instant: &chrono::DateTime<Utc>) -> i64 {
    // Leap-second nanos (≥ 10^9) just run into the next second.
    instant
        .timestamp()
        .saturating_mul(TICKS_PER_SECOND)
        .saturating_add(i64::from(instant.timestamp_subsec_nanos() / 100))
}

/// The chrono instant (UTC) `ticks` after the Unix epoch.
fn chrono_utc(ticks: i64, value: &DateTime) -> Result<chrono::DateTime<Utc>, WireParseError> {
    // rem_euclid keeps the sub-second part in 0..10^7, so the nanoseconds fit u32.
    let nanos = (ticks.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
    chrono::DateTime::from_timestamp(ticks.div_euclid(TICKS_PER_SECOND), nanos).ok_or_else(|| {
        WireParseError::new(
            "DateTime",
            &value.to_wire_string(),
            "outside chrono's range",
        )
    })
}

impl From<chrono::DateTime<Utc>> for DateTime {
    /// A UTC value, clamped to .NET's range; precision below 100 ns is truncated.
    fn from(value: chrono::DateTime<Utc>) -> Self {
        DateTime::clamped(ticks_of(&value), DateTimeKind::Utc)
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    /// The same instant at the same offset (seconds of an offset are dropped), clamped to .NET's
    /// range; a zero offset stays an offset (`+00:00`), not UTC.
    fn from(value: chrono::DateTime<FixedOffset>) -> Self {
        // |offset| < 86 400 s, so the minutes fit i16.
        let minutes = (value.offset().local_minus_utc() / 60) as i16;
        DateTime::clamped(ticks_of(&value.to_utc()), DateTimeKind::Offset(minutes))
    }
}

impl TryFrom<DateTime> for chrono::DateTime<Utc> {
    type Error = WireParseError;

    /// The instant; an unspecified wall clock is read as UTC.
    fn try_from(value: DateTime) -> Result<Self, WireParseError> {
        chrono_utc(value.unix_ticks(), &value)
    }
}

impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = WireParseError;

    /// The instant at the value's offset; UTC and an unspecified kind become `+00:00`.
    fn try_from(value: DateTime) -> Result<Self, WireParseError> {
        let seconds = i32::from(value.offset_minutes().unwrap_or(0)) * 60;
        let offset = FixedOffset::east_opt(seconds).ok_or_else(|| {
            WireParseError::new(
                "DateTime",
                &value.to_wire_string(),
                "offset outside chrono's range",
            )
        })?;
        Ok(chrono_utc(value.unix_ticks(), &value)?.with_timezone(&offset))
    }
}

impl TryFrom<DateTime> for NaiveDateTime {
    type Error = WireParseError;

    /// The wall clock in the value's own offset.
    fn try_from(value: DateTime) -> Result<Self, WireParseError> {
        Ok(chrono_utc(value.wall_ticks(), &value)?.naive_utc())
    }
}

impl From<DateOnly> for NaiveDate {
    fn from(date: DateOnly) -> Self {
        // Every .NET date exists in chrono; the fallback is unreachable.
        NaiveDate::from_ymd_opt(date.year(), date.month(), date.day()).unwrap_or(NaiveDate::MIN)
    }
}

impl TryFrom<NaiveDate> for DateOnly {
    type Error = WireParseError;

    /// Fails outside 0001-01-01 … 9999-12-31.
    fn try_from(date: NaiveDate) -> Result<Self, WireParseError> {
        DateOnly::from_ymd(date.year(), date.month(), date.day())
            .ok_or_else(|| WireParseError::new("DateOnly", &date.to_string(), OUT_OF_RANGE))
    }
}

impl From<TimeOnly> for NaiveTime {
    fn from(time: TimeOnly) -> Self {
        // A TimeOnly is always below 24 h; the fallback is unreachable.
        NaiveTime::from_hms_nano_opt(time.hour(), time.minute(), time.second(), time.nanosecond())
            .unwrap_or(NaiveTime::MIN)
    }
}

impl From<NaiveTime> for TimeOnly {
    /// Truncates below 100 ns; a leap second (chrono's nanos ≥ 10^9) becomes 59.9999999.
    fn from(time: NaiveTime) -> Self {
        let nanos = time.nanosecond().min(999_999_999);
        let ticks =
            i64::from(time.num_seconds_from_midnight()) * TICKS_PER_SECOND + i64::from(nanos / 100);
        TimeOnly::from_ticks_of_day(ticks)
    }
}

impl From<TimeSpan> for TimeDelta {
    fn from(span: TimeSpan) -> Self {
        let ticks = span.ticks();
        // Any TimeSpan (±9.2 × 10^11 s) is far inside TimeDelta's range; the fallback is unreachable.
        let nanos = (ticks.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
        TimeDelta::new(ticks.div_euclid(TICKS_PER_SECOND), nanos).unwrap_or(TimeDelta::MAX)
    }
}

impl TryFrom<TimeDelta> for TimeSpan {
    type Error = WireParseError;

    /// Truncates toward zero below 100 ns; fails beyond ±29 000 years.
    fn try_from(delta: TimeDelta) -> Result<Self, WireParseError> {
        // subsec_nanos has the sign of the whole delta.
        delta
            .num_seconds()
            .checked_mul(TICKS_PER_SECOND)
            .and_then(|ticks| ticks.checked_add(i64::from(delta.subsec_nanos() / 100)))
            .map(TimeSpan::from_ticks)
            .ok_or_else(|| {
                WireParseError::new("TimeSpan", &delta.to_string(), "outside TimeSpan's range")
            })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn parse(text: &str) -> DateTime {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    #[test]
    fn date_times_both_ways() {
        let utc = Utc
            .with_ymd_and_hms(2001, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        let value = DateTime::from(utc);
        assert_eq!(value, parse("/Date(978307200000)/"));
        assert_eq!(value.to_string(), "2001-01-01T00:00:00Z");
        assert_eq!(
            chrono::DateTime::<Utc>::try_from(parse("/Date(978307200000)/")).ok(),
            Some(utc)
        );

        let precise = parse("2016-03-21T12:18:58.8551447+05:30");
        let fixed = chrono::DateTime::<FixedOffset>::try_from(precise.clone()).expect("in range");
        assert_eq!(fixed.to_rfc3339(), "2016-03-21T12:18:58.855144700+05:30");
        let back = DateTime::from(fixed);
        assert_eq!(back, precise);
        assert_eq!(back.to_string(), "2016-03-21T12:18:58.8551447+05:30");

        let naive = NaiveDateTime::try_from(parse("/Date(1678094690292+0100)/")).expect("in range");
        assert_eq!(naive.to_string(), "2023-03-06 10:24:50.292");
        let unspecified = chrono::DateTime::<FixedOffset>::try_from(parse("2024-01-31T08:00:00"))
            .expect("in range");
        assert_eq!(unspecified.to_rfc3339(), "2024-01-31T08:00:00+00:00");
        let min = chrono::DateTime::<Utc>::try_from(DateTime::MIN).expect("in range");
        assert_eq!(min.to_rfc3339(), "0001-01-01T00:00:00+00:00");
    }

    #[test]
    fn date_times_outside_dotnet_range_are_clamped() {
        let far = Utc
            .with_ymd_and_hms(20_000, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(DateTime::from(far), DateTime::MAX);
        let early = Utc
            .with_ymd_and_hms(-5, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(DateTime::from(early), DateTime::MIN);
        let before_epoch = Utc.timestamp_opt(-1, 500).single().expect("valid");
        assert_eq!(
            DateTime::from(before_epoch).unix_ticks(),
            -TICKS_PER_SECOND + 5
        );
    }

    #[test]
    fn dates_and_times() {
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid");
        let ours = DateOnly::try_from(date).expect("in range");
        assert_eq!(ours.to_string(), "2024-02-29");
        assert_eq!(NaiveDate::from(ours), date);
        assert!(DateOnly::try_from(NaiveDate::from_ymd_opt(10_000, 1, 1).expect("valid")).is_err());
        assert_eq!(
            NaiveDate::from(DateOnly::MIN),
            NaiveDate::from_ymd_opt(1, 1, 1).expect("valid")
        );

        let time = NaiveTime::from_hms_nano_opt(13, 45, 30, 123_456_789).expect("valid");
        let ours = TimeOnly::from(time);
        assert_eq!(ours.to_wire_string(), "PT13H45M30.1234567S");
        assert_eq!(ours.to_string(), "13:45:30.1234567");
        assert_eq!(
            NaiveTime::from(ours),
            NaiveTime::from_hms_nano_opt(13, 45, 30, 123_456_700).expect("valid")
        );
        let leap = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000).expect("leap second");
        assert_eq!(TimeOnly::from(leap).to_wire_string(), "PT23H59M59.9999999S");
    }

    #[test]
    fn durations() {
        let span: TimeSpan = "-PT1.5S".parse().expect("valid");
        let delta = TimeDelta::from(span);
        assert_eq!(delta, TimeDelta::milliseconds(-1500));
        assert_eq!(TimeSpan::try_from(delta).ok(), Some(span));
        assert_eq!(
            TimeSpan::try_from(TimeDelta::nanoseconds(-250))
                .map(TimeSpan::ticks)
                .ok(),
            Some(-2)
        );
        assert_eq!(
            TimeSpan::try_from(TimeDelta::from(TimeSpan::MIN)).ok(),
            Some(TimeSpan::MIN)
        );
        assert_eq!(
            TimeSpan::try_from(TimeDelta::from(TimeSpan::MAX)).ok(),
            Some(TimeSpan::MAX)
        );
        assert!(TimeSpan::try_from(TimeDelta::MAX).is_err());
    }
}
