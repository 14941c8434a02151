//! Conversions between the wire types and the `time` crate (feature `time`).
//!
//! `time` (without its `large-dates` feature) spans years -9999 … 9999, which holds all of .NET's
//! range; `From` conversions out of it clamp, `TryFrom` conversions fail. Values made here carry no
//! wire text, so they serialize in the canonical form.

use time::{Date, OffsetDateTime, Time, UtcOffset};

use super::civil::{TICKS_PER_SECOND, date_from_days};
use super::date_text::OUT_OF_RANGE;
use super::{DateOnly, DateTime, DateTimeKind, TimeOnly, TimeSpan, WireParseError};

impl From<OffsetDateTime> for DateTime {
    /// The same instant; a zero offset becomes UTC (`Z`), any other a fixed offset (seconds of an
    /// offset are dropped). Clamped to .NET's range; precision below 100 ns is truncated.
    fn from(value: OffsetDateTime) -> Self {
        let ticks = i64::try_from(value.unix_timestamp_nanos().div_euclid(100)).unwrap_or(
            if value.unix_timestamp_nanos() < 0 {
                i64::MIN
            } else {
                i64::MAX
            },
        );
        let kind = match value.offset().whole_minutes() {
            0 => DateTimeKind::Utc,
            minutes => DateTimeKind::Offset(minutes),
        };
        DateTime::clamped(ticks, kind)
    }
}

impl TryFrom<DateTime> for OffsetDateTime {
    type Error = WireParseError;

    /// The instant at the value's offset; UTC and an unspecified kind (read as UTC) become UTC.
    fn try_from(value: DateTime) -> Result<Self, WireParseError> {
        let fail =
            |why: &'static str| WireParseError::new("DateTime", &value.to_wire_string(), why);
        let offset =
            UtcOffset::from_whole_seconds(i32::from(value.offset_minutes().unwrap_or(0)) * 60)
                .map_err(|_| fail("offset outside the time crate's range"))?;
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(value.unix_ticks()) * 100)
            .ok()
            .and_then(|utc| utc.checked_to_offset(offset))
            .ok_or_else(|| fail("outside the time crate's range"))
    }
}

impl From<DateOnly> for Date {
    fn from(date: DateOnly) -> Self {
        date_from_days(date.days_since_unix_epoch())
    }
}

impl TryFrom<Date> for DateOnly {
    type Error = WireParseError;

    /// Fails outside 0001-01-01 … 9999-12-31.
    fn try_from(date: Date) -> Result<Self, WireParseError> {
        DateOnly::from_ymd(
            date.year(),
            u32::from(u8::from(date.month())),
            u32::from(date.day()),
        )
        .ok_or_else(|| WireParseError::new("DateOnly", &date.to_string(), OUT_OF_RANGE))
    }
}

impl From<TimeOnly> for Time {
    fn from(time: TimeOnly) -> Self {
        // Every field of a TimeOnly is in range (and below 256); the fallback is unreachable.
        let field = |value: u32| u8::try_from(value).unwrap_or(0);
        Time::from_hms_nano(
            field(time.hour()),
            field(time.minute()),
            field(time.second()),
            time.nanosecond(),
        )
        .unwrap_or(Time::MIDNIGHT)
    }
}

impl From<Time> for TimeOnly {
    /// Truncates below 100 ns.
    fn from(time: Time) -> Self {
        let (hour, minute, second, nanos) = time.as_hms_nano();
        let seconds = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        TimeOnly::from_ticks_of_day(seconds * TICKS_PER_SECOND + i64::from(nanos / 100))
    }
}

impl From<TimeSpan> for time::Duration {
    fn from(span: TimeSpan) -> Self {
        let ticks = span.ticks();
        // Truncating division keeps both parts' signs equal, and |nanos| < 10^9 fits i32.
        let nanos = ((ticks % TICKS_PER_SECOND) * 100) as i32;
        time::Duration::new(ticks / TICKS_PER_SECOND, nanos)
    }
}

impl TryFrom<time::Duration> for TimeSpan {
    type Error = WireParseError;

    /// Truncates toward zero below 100 ns; fails beyond ±29 000 years.
    fn try_from(duration: time::Duration) -> Result<Self, WireParseError> {
        i64::try_from(duration.whole_nanoseconds() / 100)
            .map(TimeSpan::from_ticks)
            .map_err(|_| {
                WireParseError::new(
                    "TimeSpan",
                    &duration.to_string(),
                    "outside TimeSpan's range",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use time::Month;

    use super::*;

    fn parse(text: &str) -> DateTime {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    fn offset_date_time(nanos: i128, offset_seconds: i32) -> OffsetDateTime {
        let offset = UtcOffset::from_whole_seconds(offset_seconds).expect("valid offset");
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .expect("valid instant")
            .to_offset(offset)
    }

    #[test]
    fn offset_date_times_both_ways() {
        let utc = offset_date_time(978_307_200_000_000_000, 0);
        let value = DateTime::from(utc);
        assert_eq!(value, parse("/Date(978307200000)/"));
        assert_eq!(value.to_string(), "2001-01-01T00:00:00Z");
        assert_eq!(
            OffsetDateTime::try_from(parse("/Date(978307200000)/")).ok(),
            Some(utc)
        );

        let shifted = offset_date_time(1_678_094_690_292_000_000, 3600);
        let value = DateTime::from(shifted);
        assert_eq!(value, parse("/Date(1678094690292+0100)/"));
        assert_eq!(value.to_string(), "2023-03-06T10:24:50.292+01:00");
        let back =
            OffsetDateTime::try_from(parse("2023-03-06T10:24:50.292+01:00")).expect("in range");
        assert_eq!(
            (back, back.offset().whole_seconds(), back.hour()),
            (shifted, 3600, 10)
        );

        let min = OffsetDateTime::try_from(DateTime::MIN).expect("in range");
        assert_eq!(min.year(), 1);
        assert_eq!(DateTime::from(offset_date_time(-1, 0)).unix_ticks(), -1);
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let far = Date::from_calendar_date(-5000, Month::January, 1)
            .expect("valid")
            .midnight()
            .assume_utc();
        assert_eq!(DateTime::from(far), DateTime::MIN);
    }

    #[test]
    fn dates_and_times() {
        let date = Date::from_calendar_date(2024, Month::February, 29).expect("valid");
        let ours = DateOnly::try_from(date).expect("in range");
        assert_eq!(ours, DateOnly::from_ymd(2024, 2, 29).expect("valid"));
        assert_eq!(Date::from(ours), date);
        assert_eq!(
            Date::from(DateOnly::MAX),
            Date::from_calendar_date(9999, Month::December, 31).expect("valid")
        );
        assert!(
            DateOnly::try_from(Date::from_calendar_date(0, Month::January, 1).expect("valid"))
                .is_err()
        );

        let time = Time::from_hms_nano(13, 45, 30, 123_456_789).expect("valid");
        let ours = TimeOnly::from(time);
        assert_eq!(ours.to_wire_string(), "PT13H45M30.1234567S");
        assert_eq!(ours.to_string(), "13:45:30.1234567");
        assert_eq!(
            Time::from(ours),
            Time::from_hms_nano(13, 45, 30, 123_456_700).expect("valid")
        );
    }

    #[test]
    fn durations() {
        let span: TimeSpan = "-P1DT0.5S".parse().expect("valid");
        let duration = time::Duration::from(span);
        assert_eq!(duration, time::Duration::new(-86_400, -500_000_000));
        assert_eq!(TimeSpan::try_from(duration).ok(), Some(span));
        assert_eq!(
            TimeSpan::try_from(time::Duration::from(TimeSpan::MIN)).ok(),
            Some(TimeSpan::MIN)
        );
        assert_eq!(
            TimeSpan::try_from(time::Duration::from(TimeSpan::MAX)).ok(),
            Some(TimeSpan::MAX)
        );
        assert_eq!(
            TimeSpan::try_from(time::Duration::nanoseconds(-250))
                .map(TimeSpan::ticks)
                .ok(),
            Some(-2)
        );
        assert!(TimeSpan::try_from(time::Duration::MAX).is_err());
    }
}
