//! Proleptic Gregorian calendar arithmetic over 100-ns ticks since the Unix epoch, limited to
//! .NET's range 0001-01-01T00:00:00 … 9999-12-31T23:59:59.9999999.
//!
//! Written here rather than taken from a date crate so that the core runtime has none; the
//! algorithm is the usual era/day-of-era decomposition (a 400-year era has a fixed 146 097 days).

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

/// Days since 1970-01-01 of 0001-01-01 (.NET `DateTime.MinValue`).
pub(crate) const MIN_DAYS: i64 = days_from_civil(1, 1, 1);
/// Days since 1970-01-01 of 9999-12-31 (.NET `DateTime.MaxValue`).
pub(crate) const MAX_DAYS: i64 = days_from_civil(9999, 12, 31);
/// Ticks since the Unix epoch of .NET `DateTime.MinValue`.
pub(crate) const MIN_TICKS: i64 = MIN_DAYS * TICKS_PER_DAY;
/// Ticks since the Unix epoch of .NET `DateTime.MaxValue` (its last tick).
pub(crate) const MAX_TICKS: i64 = (MAX_DAYS + 1) * TICKS_PER_DAY - 1;

/// Whether `year` has a 29th of February.
pub(crate) const fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub(crate) const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether year/month/day is a real date inside .NET's range.
pub(crate) const fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
    year >= 1 && year <= 9999 && day >= 1 && day <= days_in_month(year, month)
}

/// Days since 1970-01-01 of a date; callers pass a date [`is_valid_date`] accepts, for which no
/// step can overflow (every intermediate stays below 10^7).
pub(crate) const fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    // Counting years from March puts the leap day at the end of the year.
    let year = year as i64 - if month <= 2 { 1 } else { 0 };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year, month and day of a day count since 1970-01-01, clamped to .NET's range first so
/// that no input can overflow.
pub(crate) const fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let days = if days < MIN_DAYS {
        MIN_DAYS
    } else if days > MAX_DAYS {
        MAX_DAYS
    } else {
        days
    };
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    // Clamped above to years 1..=9999, so the narrowing casts are exact.
    (year as i32, month as u32, day as u32)
}

/// A wall-clock reading broken into calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    /// Ticks past the whole second (0..10_000_000).
    pub(crate) subsec_ticks: u32,
}

/// Splits wall-clock ticks since 1970-01-01T00:00 into calendar fields (clamped to .NET's range).
pub(crate) const fn civil_from_ticks(ticks: i64) -> Civil {
    let ticks = if ticks < MIN_TICKS {
        MIN_TICKS
    } else if ticks > MAX_TICKS {
        MAX_TICKS
    } else {
        ticks
    };
    let (year, month, day) = civil_from_days(ticks.div_euclid(TICKS_PER_DAY));
    let time = ticks.rem_euclid(TICKS_PER_DAY);
    // `time` is below one day, so every field fits in u32.
    Civil {
        year,
        month,
        day,
        hour: (time / TICKS_PER_HOUR) as u32,
        minute: (time % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32,
        second: (time % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32,
        subsec_ticks: (time % TICKS_PER_SECOND) as u32,
    }
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

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2001, 1, 1), 11_323);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(11_323), (2001, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(i64::MIN), (1, 1, 1));
        assert_eq!(civil_from_days(i64::MAX), (9999, 12, 31));
    }

    #[test]
    fn every_day_of_the_range_round_trips() {
        let mut expected = (1, 1, 1);
        for days in MIN_DAYS..=MAX_DAYS {
            assert_eq!(civil_from_days(days), expected, "day {days}");
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), days);
            let (y, m, d) = expected;
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn leap_years() {
        assert!(
            is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2023)
        );
        assert!(is_valid_date(2024, 2, 29) && !is_valid_date(2023, 2, 29));
        assert!(
            !is_valid_date(0, 1, 1) && !is_valid_date(10_000, 1, 1) && !is_valid_date(2024, 13, 1)
        );
    }

    #[test]
    fn civil_from_ticks_splits_the_clock() {
        let ticks = days_from_civil(2016, 3, 21) * TICKS_PER_DAY
            + 12 * TICKS_PER_HOUR
            + 18 * TICKS_PER_MINUTE
            + 58 * TICKS_PER_SECOND
            + 8_551_447;
        let civil = civil_from_ticks(ticks);
        assert_eq!(
            civil,
            Civil {
                year: 2016,
                month: 3,
                day: 21,
                hour: 12,
                minute: 18,
                second: 58,
                subsec_ticks: 8_551_447
            }
        );
        assert_eq!(civil_from_ticks(-1).year, 1969);
        assert_eq!(civil_from_ticks(i64::MAX), civil_from_ticks(MAX_TICKS));
    }
}
