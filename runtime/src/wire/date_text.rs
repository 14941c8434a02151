//! The two text forms of .NET dates on the wire: WCF `/Date(ms±hhmm)/` (ServiceStack.Text's
//! default) and ISO 8601 (System.Text.Json and `DateHandler.ISO8601`).
//!
//! Only the grammar is here: exactly the forms .NET servers send (any number of fraction digits,
//! cut to 100-ns ticks; `±hh`, `±hhmm`, `±hh:mm`; `T`, `t` or a space), with a reason for every
//! rejection. Whether a date exists and where it falls is the `time` crate's business
//! ([`super::civil`]); a general ISO 8601 parser would accept forms no server sends (week dates,
//! ordinal dates, basic format) and cap the fraction at nanoseconds.

use super::civil::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLI, TICKS_PER_MINUTE, TICKS_PER_SECOND,
    checked_date, civil_from_ticks, days_from_date, in_range,
};
use super::date::DateTimeKind;
use super::scan::{Scanner, fraction_ticks, parse_signed, write_fraction};

pub(crate) const OUT_OF_RANGE: &str = "outside .NET's range 0001-01-01 to 9999-12-31";

/// Reads either form: the instant's ticks since the Unix epoch (for an unspecified kind, the wall
/// clock read as UTC) and the kind.
pub(crate) fn parse_date_time(text: &str) -> Result<(i64, DateTimeKind), &'static str> {
    if text.is_empty() {
        return Err("empty string");
    }
    // `\/Date(…)\/` is what the JSON text looks like before unescaping; accepting it costs nothing
    // and helps when the value came through a layer that did not unescape.
    let wcf = text
        .strip_prefix("/Date(")
        .or_else(|| text.strip_prefix("\\/Date("));
    match wcf {
        Some(inner) => {
            let inner = inner
                .strip_suffix(")/")
                .or_else(|| inner.strip_suffix(")\\/"))
                .ok_or("expected `)/` at the end of a `/Date(…)/` value")?;
            parse_wcf(inner)
        }
        None => parse_iso(text),
    }
}

/// `978307200000`, `978307200000-0000`, `1678094690292+0100`: the number is always UTC epoch
/// milliseconds; the suffix only says how the sender's clock read it.
fn parse_wcf(inner: &str) -> Result<(i64, DateTimeKind), &'static str> {
    let (number, kind) = split_wcf_offset(inner)?;
    let millis =
        parse_signed(number).ok_or("expected whole milliseconds since 1970 inside `/Date(…)/`")?;
    let ticks = millis.checked_mul(TICKS_PER_MILLI).ok_or(OUT_OF_RANGE)?;
    check_range(ticks, kind)
}

/// Splits off a trailing `±hhmm`; only a sign right after a digit starts one, so the minus of a
/// negative number is never mistaken for it.
fn split_wcf_offset(inner: &str) -> Result<(&str, DateTimeKind), &'static str> {
    let split = inner
        .len()
        .checked_sub(5)
        .and_then(|at| inner.split_at_checked(at));
    let Some((number, zone)) = split else {
        return Ok((inner, DateTimeKind::Utc));
    };
    let after_digit = number.bytes().last().is_some_and(|b| b.is_ascii_digit());
    let mut scanner = Scanner::new(zone);
    let negative = match scanner.next_byte() {
        Some(b'-') if after_digit => true,
        Some(b'+') if after_digit => false,
        _ => return Ok((inner, DateTimeKind::Utc)),
    };
    let (Some(hours), Some(minutes)) = (scanner.fixed_digits(2), scanner.fixed_digits(2)) else {
        return Err("expected `±hhmm` after the milliseconds");
    };
    if negative && hours == 0 && minutes == 0 {
        // ServiceStack writes `-0000` for DateTimeKind.Unspecified.
        return Ok((number, DateTimeKind::Unspecified));
    }
    Ok((number, offset_kind(negative, hours, minutes)?))
}

fn parse_iso(text: &str) -> Result<(i64, DateTimeKind), &'static str> {
    let mut scanner = Scanner::new(text);
    let days = parse_date(&mut scanner)?;
    // MIN_DAYS..=MAX_DAYS times a day's ticks stays well inside i64.
    let midnight = days * TICKS_PER_DAY;
    if scanner.is_empty() {
        return Ok((midnight, DateTimeKind::Unspecified));
    }
    if !(scanner.eat(b'T') || scanner.eat(b't') || scanner.eat(b' ')) {
        return Err("expected `T` between the date and the time");
    }
    let wall = midnight + parse_clock(&mut scanner)?;
    let kind = parse_zone(&mut scanner)?;
    if !scanner.is_empty() {
        return Err("unexpected text after the time");
    }
    let offset = match kind {
        DateTimeKind::Offset(minutes) => i64::from(minutes) * TICKS_PER_MINUTE,
        DateTimeKind::Utc | DateTimeKind::Unspecified => 0,
    };
    check_range(wall.checked_sub(offset).ok_or(OUT_OF_RANGE)?, kind)
}

/// `yyyy-MM-dd` as days since 1970-01-01.
pub(crate) fn parse_date(scanner: &mut Scanner<'_>) -> Result<i64, &'static str> {
    let year = scanner
        .fixed_digits(4)
        .ok_or("expected a four-digit year")?;
    if !scanner.eat(b'-') {
        return Err("expected `-` after the year");
    }
    let month = scanner
        .fixed_digits(2)
        .ok_or("expected a two-digit month")?;
    if !scanner.eat(b'-') {
        return Err("expected `-` after the month");
    }
    let day = scanner.fixed_digits(2).ok_or("expected a two-digit day")?;
    let year = i32::try_from(year).map_err(|_| OUT_OF_RANGE)?;
    if year == 0 {
        return Err(OUT_OF_RANGE);
    }
    if !(1..=12).contains(&month) {
        return Err("month must be 01 to 12");
    }
    let date = checked_date(year, month, day).ok_or("that day does not exist in that month")?;
    Ok(days_from_date(date))
}

/// `HH:mm[:ss[.f…]]` as ticks since midnight; fraction digits past the seventh are truncated.
pub(crate) fn parse_clock(scanner: &mut Scanner<'_>) -> Result<i64, &'static str> {
    let hour = scanner.fixed_digits(2).ok_or("expected a two-digit hour")?;
    if !scanner.eat(b':') {
        return Err("expected `:` after the hour");
    }
    let minute = scanner
        .fixed_digits(2)
        .ok_or("expected two-digit minutes")?;
    let (second, fraction) = if scanner.eat(b':') {
        let second = scanner
            .fixed_digits(2)
            .ok_or("expected two-digit seconds")?;
        let fraction = if scanner.eat(b'.') {
            let digits = scanner.digits();
            if digits.is_empty() {
                return Err("expected digits after the decimal point");
            }
            fraction_ticks(digits)
        } else {
            0
        };
        (second, fraction)
    } else {
        (0, 0)
    };
    if hour > 23 || minute > 59 || second > 59 {
        return Err("hour, minute or second out of range");
    }
    Ok(i64::from(hour) * TICKS_PER_HOUR
        + i64::from(minute) * TICKS_PER_MINUTE
        + i64::from(second) * TICKS_PER_SECOND
        + i64::from(fraction))
}

/// Nothing (unspecified), `Z`, `±HH:MM`, `±HHMM` or `±HH`.
fn parse_zone(scanner: &mut Scanner<'_>) -> Result<DateTimeKind, &'static str> {
    let negative = match scanner.next_byte() {
        None => return Ok(DateTimeKind::Unspecified),
        Some(b'Z' | b'z') => return Ok(DateTimeKind::Utc),
        Some(b'+') => false,
        Some(b'-') => true,
        Some(_) => return Err("expected `Z`, `+hh:mm` or `-hh:mm` after the time"),
    };
    let hours = scanner
        .fixed_digits(2)
        .ok_or("expected two-digit offset hours")?;
    let minutes = if scanner.eat(b':') {
        scanner
            .fixed_digits(2)
            .ok_or("expected two-digit offset minutes")?
    } else {
        scanner.fixed_digits(2).unwrap_or(0)
    };
    offset_kind(negative, hours, minutes)
}

fn offset_kind(negative: bool, hours: u32, minutes: u32) -> Result<DateTimeKind, &'static str> {
    if hours > 23 || minutes > 59 {
        return Err("offset out of range");
    }
    // At most 23 * 60 + 59 = 1439, which fits i16.
    let total = (hours * 60 + minutes) as i16;
    Ok(DateTimeKind::Offset(if negative { -total } else { total }))
}

/// Accepts the value only if both the instant and the wall clock lie in .NET's range.
pub(crate) fn check_range(
    ticks: i64,
    kind: DateTimeKind,
) -> Result<(i64, DateTimeKind), &'static str> {
    let wall = wall_ticks(ticks, kind).ok_or(OUT_OF_RANGE)?;
    if in_range(ticks) && in_range(wall) {
        Ok((ticks, kind))
    } else {
        Err(OUT_OF_RANGE)
    }
}

/// The wall-clock reading (as ticks since 1970-01-01T00:00) of an instant shown with `kind`.
pub(crate) fn wall_ticks(ticks: i64, kind: DateTimeKind) -> Option<i64> {
    match kind {
        DateTimeKind::Offset(minutes) => ticks.checked_add(i64::from(minutes) * TICKS_PER_MINUTE),
        DateTimeKind::Utc | DateTimeKind::Unspecified => Some(ticks),
    }
}

/// ISO 8601 with the minimal fraction (0–7 digits) and `Z`, `±hh:mm` or no zone.
pub(crate) fn write_iso(
    out: &mut impl std::fmt::Write,
    wall: i64,
    kind: DateTimeKind,
) -> std::fmt::Result {
    let civil = civil_from_ticks(wall);
    write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        civil.year(),
        u8::from(civil.month()),
        civil.day(),
        civil.hour(),
        civil.minute(),
        civil.second()
    )?;
    write_fraction(out, civil.nanosecond() / 100)?;
    match kind {
        DateTimeKind::Utc => out.write_char('Z'),
        DateTimeKind::Unspecified => Ok(()),
        DateTimeKind::Offset(minutes) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let abs = minutes.unsigned_abs();
            write!(out, "{sign}{:02}:{:02}", abs / 60, abs % 60)
        }
    }
}
