//! .NET's 100-ns ticks and its range 0001-01-01T00:00:00 … 9999-12-31T23:59:59.9999999, with
//! the calendar (day numbers, month lengths, leap years, splitting an instant into fields) taken
//! from the `time` crate, whose range (years ±9999) holds all of .NET's.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

/// 100-ns ticks in one millisecond.
pub(crate) const TICKS_PER_MILLI: i64 = 10_000;
/// 100-ns ticks in one second.
pub(crate) const TICKS_PER_SECOND: i64 = 10_000_000;
/// 100-ns ticks in one minute.
pub(crate) const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
/// 100-ns ticks in one hour.
pub(crate) const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
/// 100-ns ticks in one day.
pub(crate) const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// Days since 1970-01-01 of 0001-01-01 (.NET `DateTime.MinValue`).
pub(crate) const MIN_DAYS: i64 = const_days(Date::from_calendar_date(1, Month::January, 1));
/// Days since 1970-01-01 of 9999-12-31 (.NET `DateTime.MaxValue`).
pub(crate) const MAX_DAYS: i64 = const_days(Date::from_calendar_date(9999, Month::December, 31));
/// Ticks since the Unix epoch of .NET `DateTime.MinValue`.
pub(crate) const MIN_TICKS: i64 = MIN_DAYS * TICKS_PER_DAY;
/// Ticks since the Unix epoch of .NET `DateTime.MaxValue` (its last tick).
pub(crate) const MAX_TICKS: i64 = (MAX_DAYS + 1) * TICKS_PER_DAY - 1;

const fn const_days(date: Result<Date, time::error::ComponentRange>) -> i64 {
    match date {
        Ok(date) => date.to_julian_day() as i64 - UNIX_EPOCH_JULIAN_DAY,
        Err(_) => panic!("not a date"),
    }
}

/// The date `year`-`month`-`day` if it exists and lies inside .NET's range.
pub(crate) fn checked_date(year: i32, month: u32, day: u32) -> Option<Date> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// Days since 1970-01-01 of a date.
pub(crate) fn days_from_date(date: Date) -> i64 {
    i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
}

/// The date `days` after 1970-01-01, clamped to .NET's range first.
pub(crate) fn date_from_days(days: i64) -> Date {
    let julian = days.clamp(MIN_DAYS, MAX_DAYS) + UNIX_EPOCH_JULIAN_DAY;
    // Every day of .NET's range is a `time::Date`: the fallback is unreachable.
    i32::try_from(julian)
        .ok()
        .and_then(|day| Date::from_julian_day(day).ok())
        .unwrap_or(Date::MIN)
}

/// The wall-clock reading of ticks since 1970-01-01T00:00 (clamped to .NET's range first);
/// its nanoseconds are a multiple of 100.
pub(crate) fn civil_from_ticks(ticks: i64) -> PrimitiveDateTime {
    let nanos = i128::from(ticks.clamp(MIN_TICKS, MAX_TICKS)) * 100;
    // .NET's range lies inside `time`'s: the fallback is unreachable.
    let utc =
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    PrimitiveDateTime::new(utc.date(), utc.time())
}

/// Whether `ticks` since the Unix epoch lies inside .NET's `DateTime` range.
pub(crate) const fn in_range(ticks: i64) -> bool {
    ticks >= MIN_TICKS && ticks <= MAX_TICKS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_constants_match_dotnet() {
        // .NET: DateTime.MinValue.Ticks = 0, UnixEpoch.Ticks = 621355968000000000,
        // MaxValue.Ticks = 3155378975999999999.
        assert_eq!(MIN_TICKS, -621_355_968_000_000_000);
        assert_eq!(
            MAX_TICKS,
            3_155_378_975_999_999_999 - 621_355_968_000_000_000
        );
        assert_eq!(MIN_DAYS * 86_400_000, -62_135_596_800_000);
    }

    fn ymd(date: Date) -> (i32, u8, u8) {
        (date.year(), u8::from(date.month()), date.day())
    }

    #[test]
    fn known_days() {
        let days = |y, m, d| checked_date(y, m, d).map(days_from_date);
        assert_eq!(days(1970, 1, 1), Some(0));
        assert_eq!(days(2001, 1, 1), Some(11_323));
        assert_eq!(days(2000, 3, 1), Some(11_017));
        assert_eq!(days(1969, 12, 31), Some(-1));
        assert_eq!(ymd(date_from_days(11_323)), (2001, 1, 1));
        assert_eq!(ymd(date_from_days(-1)), (1969, 12, 31));
        assert_eq!(ymd(date_from_days(i64::MIN)), (1, 1, 1));
        assert_eq!(ymd(date_from_days(i64::MAX)), (9999, 12, 31));
    }

    #[test]
    fn the_ends_of_the_range_round_trip() {
        for days in (MIN_DAYS..MIN_DAYS + 800).chain(MAX_DAYS - 800..=MAX_DAYS) {
            assert_eq!(days_from_date(date_from_days(days)), days, "day {days}");
        }
    }

    #[test]
    fn leap_years_and_month_lengths() {
        assert!(checked_date(2024, 2, 29).is_some() && checked_date(2023, 2, 29).is_none());
        assert!(checked_date(2000, 2, 29).is_some() && checked_date(1900, 2, 29).is_none());
        assert!(checked_date(2024, 4, 31).is_none() && checked_date(2024, 12, 31).is_some());
        assert!(
            checked_date(0, 1, 1).is_none()
                && checked_date(10_000, 1, 1).is_none()
                && checked_date(2024, 13, 1).is_none()
                && checked_date(2024, 0, 1).is_none()
                && checked_date(2024, 1, 0).is_none()
                && checked_date(2024, 257, 1).is_none()
        );
    }

    #[test]
    fn civil_from_ticks_splits_the_clock() {
        let ticks = checked_date(2016, 3, 21).map(days_from_date).unwrap_or(0) * TICKS_PER_DAY
            + 12 * TICKS_PER_HOUR
            + 18 * TICKS_PER_MINUTE
            + 58 * TICKS_PER_SECOND
            + 8_551_447;
        let civil = civil_from_ticks(ticks);
        assert_eq!(ymd(civil.date()), (2016, 3, 21));
        assert_eq!(civil.time().as_hms_nano(), (12, 18, 58, 855_144_700));
        assert_eq!(civil_from_ticks(-1).year(), 1969);
        assert_eq!(civil_from_ticks(i64::MAX), civil_from_ticks(MAX_TICKS));
        assert_eq!(civil_from_ticks(i64::MIN), civil_from_ticks(MIN_TICKS));
    }
}
