//! [`TimeSpan`]: .NET `TimeSpan`, sent as an XSD duration (`PT1H30M`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::civil::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLI, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use super::scan::{Scanner, digits_value, fraction_ticks, write_fraction};
use super::{WireParseError, deserialize_from_str};

/// A .NET `TimeSpan`: a signed duration in 100-ns ticks (±29 000 years).
///
/// Reads XSD durations as ServiceStack writes them (`PT0S`, `PT1H30M`, `P1DT2H`, `PT0.5S`,
/// `-PT1S`) and the .NET constant format `[-][d.]hh:mm[:ss[.fffffff]]`. Years and months are
/// rejected: their length depends on the calendar. Always serializes in the canonical form .NET's
/// `XmlConvert.ToString(TimeSpan)` writes (zero parts left out, `PT0S` for zero, a leading `-`
/// for negative values), so any form read is written back in that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TimeSpan {
    ticks: i64,
}

impl TimeSpan {
    /// No time at all; serializes as `PT0S`.
    pub const ZERO: TimeSpan = TimeSpan { ticks: 0 };
    /// .NET `TimeSpan.MinValue`.
    pub const MIN: TimeSpan = TimeSpan { ticks: i64::MIN };
    /// .NET `TimeSpan.MaxValue`.
    pub const MAX: TimeSpan = TimeSpan { ticks: i64::MAX };

    /// `ticks` × 100 ns.
    pub const fn from_ticks(ticks: i64) -> Self {
        Self { ticks }
    }

    /// `secs` seconds, saturating at [`TimeSpan::MIN`] / [`TimeSpan::MAX`] (about ±29 000 years).
    pub const fn from_secs(secs: i64) -> Self {
        Self {
            ticks: secs.saturating_mul(TICKS_PER_SECOND),
        }
    }

    /// `millis` milliseconds, saturating at [`TimeSpan::MIN`] / [`TimeSpan::MAX`].
    pub const fn from_millis(millis: i64) -> Self {
        Self {
            ticks: millis.saturating_mul(TICKS_PER_MILLI),
        }
    }

    /// The length in 100-ns ticks (negative for negative spans).
    pub const fn ticks(self) -> i64 {
        self.ticks
    }

    /// The length in seconds, as a float (loses precision beyond about 2^53 ticks).
    pub fn as_secs_f64(self) -> f64 {
        self.ticks as f64 / TICKS_PER_SECOND as f64
    }

    /// Whether the span is below zero.
    pub const fn is_negative(self) -> bool {
        self.ticks < 0
    }

    /// The canonical XSD duration, e.g. `PT1H30M` (also what `Display` writes).
    pub fn to_wire_string(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for TimeSpan {
    /// The canonical XSD duration, see [`TimeSpan`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_xsd(f, self.ticks)
    }
}

impl FromStr for TimeSpan {
    type Err = WireParseError;

    fn from_str(text: &str) -> Result<Self, WireParseError> {
        if text.is_empty() {
            return Err(WireParseError::new("TimeSpan", text, "empty string"));
        }
        let parsed = if text.trim_start_matches('-').starts_with('P') {
            parse_xsd(text)
        } else {
            parse_constant(text)
        };
        parsed
            .map(Self::from_ticks)
            .map_err(|why| WireParseError::new("TimeSpan", text, why))
    }
}

impl Serialize for TimeSpan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_from_str(deserializer, "an XSD duration string such as `PT1H30M`")
    }
}

impl TryFrom<TimeSpan> for Duration {
    type Error = WireParseError;

    /// Fails for negative spans, which `std::time::Duration` cannot hold.
    fn try_from(span: TimeSpan) -> Result<Self, WireParseError> {
        let ticks = u64::try_from(span.ticks).map_err(|_| {
            WireParseError::new(
                "TimeSpan",
                &span.to_string(),
                "a negative span cannot become a std::time::Duration",
            )
        })?;
        // Sub-second ticks are below 10^7, so the nanoseconds stay below 10^9.
        Ok(Duration::new(
            ticks / 10_000_000,
            (ticks % 10_000_000) as u32 * 100,
        ))
    }
}

impl TryFrom<Duration> for TimeSpan {
    type Error = WireParseError;

    /// Truncates below 100 ns; fails beyond [`TimeSpan::MAX`] (about 29 000 years). A `TryFrom`
    /// rather than a saturating `From` so an absurd duration is an error, not a silent change.
    fn try_from(duration: Duration) -> Result<Self, WireParseError> {
        i64::try_from(duration.as_nanos() / 100)
            .map(Self::from_ticks)
            .map_err(|_| {
                WireParseError::new(
                    "TimeSpan",
                    &format!("{duration:?}"),
                    "longer than TimeSpan.MaxValue",
                )
            })
    }
}

/// Reads `[-]P[nD][T[nH][nM][n[.f…]S]]` into ticks. Zero years or months are tolerated, others
/// rejected; fraction digits past the seventh are truncated.
pub(crate) fn parse_xsd(text: &str) -> Result<i64, &'static str> {
    let mut scanner = Scanner::new(text);
    let negative = scanner.eat(b'-');
    if !scanner.eat(b'P') {
        return Err("expected `P`");
    }
    if scanner.is_empty() {
        return Err("expected at least one component after `P`");
    }
    let mut in_time = false;
    // Position in the fixed order Y M D T H M S below which no designator may appear any more,
    // so that components come in order and at most once.
    let mut next_position = 0u8;
    let mut total: i128 = 0;
    while !scanner.is_empty() {
        if scanner.eat(b'T') {
            if in_time {
                return Err("`T` appears twice");
            }
            if scanner.is_empty() {
                return Err("`T` must be followed by hours, minutes or seconds");
            }
            in_time = true;
            next_position = 3;
            continue;
        }
        let digits = scanner.digits();
        if digits.is_empty() {
            return Err("expected a number");
        }
        let whole = digits_value(digits).ok_or(TOO_LONG)?;
        let fraction = if scanner.eat(b'.') {
            let digits = scanner.digits();
            if digits.is_empty() {
                return Err("expected digits after the decimal point");
            }
            Some(fraction_ticks(digits))
        } else {
            None
        };
        let (position, unit) = unit(scanner.next_byte(), in_time)?;
        if position < next_position {
            return Err("components must come in the order Y, M, D, T, H, M, S, each at most once");
        }
        next_position = position + 1;
        if fraction.is_some() && unit != TICKS_PER_SECOND {
            return Err("only seconds may have a fraction");
        }
        if unit == 0 && whole != 0 {
            return Err(if position == 0 {
                "years have no fixed length"
            } else {
                "months have no fixed length"
            });
        }
        let ticks = i128::from(whole)
            .checked_mul(i128::from(unit))
            .ok_or(TOO_LONG)?;
        let fraction = i128::from(fraction.unwrap_or(0));
        total = total
            .checked_add(ticks)
            .and_then(|t| t.checked_add(fraction))
            .ok_or(TOO_LONG)?;
    }
    signed_ticks(negative, total)
}

/// The position in the order Y M D T H M S and the ticks per unit (0 for the calendar-dependent
/// years and months) of a designator.
fn unit(designator: Option<u8>, in_time: bool) -> Result<(u8, i64), &'static str> {
    match (designator, in_time) {
        (Some(b'Y'), false) => Ok((0, 0)),
        (Some(b'M'), false) => Ok((1, 0)),
        (Some(b'D'), false) => Ok((2, TICKS_PER_DAY)),
        (Some(b'H'), true) => Ok((4, TICKS_PER_HOUR)),
        (Some(b'M'), true) => Ok((5, TICKS_PER_MINUTE)),
        (Some(b'S'), true) => Ok((6, TICKS_PER_SECOND)),
        (Some(b'H' | b'S'), false) => Err("hours and seconds must come after `T`"),
        (Some(b'Y' | b'D'), true) => Err("years and days must come before `T`"),
        _ => Err("expected `Y`, `M`, `D`, `H` or `S` after a number"),
    }
}

const TOO_LONG: &str = "longer than TimeSpan.MaxValue";

fn signed_ticks(negative: bool, magnitude: i128) -> Result<i64, &'static str> {
    let ticks = if negative {
        magnitude.checked_neg().ok_or(TOO_LONG)?
    } else {
        magnitude
    };
    i64::try_from(ticks).map_err(|_| TOO_LONG)
}

/// Reads the .NET constant format `[-][d.]hh:mm[:ss[.fffffff]]` into ticks.
pub(crate) fn parse_constant(text: &str) -> Result<i64, &'static str> {
    const EXPECTED: &str = "expected an XSD duration like `PT1H30M` or `[-][d.]hh:mm:ss[.fffffff]`";
    let mut scanner = Scanner::new(text);
    let negative = scanner.eat(b'-');
    let first = scanner.digits();
    let (days, hours) = if scanner.eat(b'.') {
        (first, scanner.digits())
    } else {
        (&[][..], first)
    };
    if hours.is_empty() || hours.len() > 2 || !scanner.eat(b':') {
        return Err(EXPECTED);
    }
    let days = if days.is_empty() {
        0
    } else {
        digits_value(days).ok_or(TOO_LONG)?
    };
    let hours = digits_value(hours).ok_or(EXPECTED)?;
    let minutes = scanner
        .fixed_digits(2)
        .ok_or("expected two-digit minutes")?;
    let (seconds, fraction) = if scanner.eat(b':') {
        let seconds = scanner
            .fixed_digits(2)
            .ok_or("expected two-digit seconds")?;
        let fraction = if scanner.eat(b'.') {
            let digits = scanner.digits();
            if digits.is_empty() || digits.len() > 7 {
                return Err("expected 1 to 7 fraction digits");
            }
            fraction_ticks(digits)
        } else {
            0
        };
        (seconds, fraction)
    } else {
        (0, 0)
    };
    if !scanner.is_empty() {
        return Err(EXPECTED);
    }
    if hours > 23 || minutes > 59 || seconds > 59 {
        return Err("hours, minutes or seconds out of range");
    }
    let time = i128::from(hours) * i128::from(TICKS_PER_HOUR)
        + i128::from(minutes) * i128::from(TICKS_PER_MINUTE)
        + i128::from(seconds) * i128::from(TICKS_PER_SECOND)
        + i128::from(fraction);
    // A u64 day count times a day's ticks stays far below i128::MAX.
    let total = i128::from(days)
        .checked_mul(i128::from(TICKS_PER_DAY))
        .and_then(|d| d.checked_add(time));
    signed_ticks(negative, total.ok_or(TOO_LONG)?)
}

/// Writes ticks as .NET's `XmlConvert` does: `PT0S`, `PT1H30M`, `P1DT2H`, `PT0.5S`, `-PT1S`.
pub(crate) fn write_xsd(out: &mut impl fmt::Write, ticks: i64) -> fmt::Result {
    if ticks == 0 {
        return out.write_str("PT0S");
    }
    if ticks < 0 {
        out.write_char('-')?;
    }
    // The magnitude as u64 so that i64::MIN has one too.
    let magnitude = ticks.unsigned_abs();
    let per = |unit: i64| unit.unsigned_abs();
    let days = magnitude / per(TICKS_PER_DAY);
    let hours = magnitude % per(TICKS_PER_DAY) / per(TICKS_PER_HOUR);
    let minutes = magnitude % per(TICKS_PER_HOUR) / per(TICKS_PER_MINUTE);
    let seconds = magnitude % per(TICKS_PER_MINUTE) / per(TICKS_PER_SECOND);
    // Below 10^7, so it fits u32.
    let fraction = (magnitude % per(TICKS_PER_SECOND)) as u32;
    out.write_char('P')?;
    if days > 0 {
        write!(out, "{days}D")?;
    }
    if hours == 0 && minutes == 0 && seconds == 0 && fraction == 0 {
        return Ok(());
    }
    out.write_char('T')?;
    if hours > 0 {
        write!(out, "{hours}H")?;
    }
    if minutes > 0 {
        write!(out, "{minutes}M")?;
    }
    if seconds > 0 || fraction > 0 {
        write!(out, "{seconds}")?;
        write_fraction(out, fraction)?;
        out.write_char('S')?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> TimeSpan {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    const HOUR: i64 = TICKS_PER_HOUR;

    #[test]
    fn reads_the_wire_vectors() {
        assert_eq!(parse("PT0S").ticks(), 0);
        assert_eq!(parse("PT1H").ticks(), HOUR);
        assert_eq!(parse("PT1H30M").ticks(), HOUR * 3 / 2);
        assert_eq!(parse("P1DT2H").ticks(), 26 * HOUR);
        assert_eq!(parse("PT0.5S").ticks(), 5_000_000);
        assert_eq!(parse("-PT1S").ticks(), -TICKS_PER_SECOND);
        assert_eq!(parse("P1D").ticks(), TICKS_PER_DAY);
        assert_eq!(parse("PT0.0000001S").ticks(), 1);
        assert_eq!(parse("PT1.123456789S").ticks(), 11_234_567);
        assert_eq!(parse("PT90M").ticks(), HOUR * 3 / 2);
        assert_eq!(parse("P0Y0M1D").ticks(), TICKS_PER_DAY);
        assert_eq!(parse("-PT0S"), TimeSpan::ZERO);
    }

    #[test]
    fn reads_the_dotnet_constant_format() {
        assert_eq!(parse("01:30:00").ticks(), HOUR * 3 / 2);
        assert_eq!(parse("1.02:00:00").ticks(), 26 * HOUR);
        assert_eq!(parse("-00:00:01").ticks(), -TICKS_PER_SECOND);
        assert_eq!(parse("00:00:00.5").ticks(), 5_000_000);
        assert_eq!(parse("00:00:00.0000001").ticks(), 1);
        assert_eq!(parse("13:45").ticks(), 13 * HOUR + 45 * TICKS_PER_MINUTE);
        assert_eq!(parse("-10675199.02:48:05.4775808"), TimeSpan::MIN);
        assert_eq!(parse("10675199.02:48:05.4775807"), TimeSpan::MAX);
    }

    #[test]
    fn wire_vectors_round_trip_byte_exact_through_json() {
        for text in [
            "PT0S",
            "PT1H",
            "PT1H30M",
            "P1DT2H",
            "PT0.5S",
            "-PT1S",
            "P1D",
            "PT0.0000001S",
            "-P10675199DT2H48M5.4775808S",
            "P10675199DT2H48M5.4775807S",
            "P2DT3M4S",
        ] {
            let json = format!("\"{text}\"");
            let span: TimeSpan =
                serde_json::from_str(&json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&span).ok(), Some(json));
        }
    }

    #[test]
    fn other_forms_serialize_canonically() {
        assert_eq!(parse("PT90M").to_string(), "PT1H30M");
        assert_eq!(parse("01:30:00").to_string(), "PT1H30M");
        assert_eq!(parse("PT1.500S").to_string(), "PT1.5S");
        assert_eq!(parse("-PT0S").to_string(), "PT0S");
        assert_eq!(TimeSpan::MIN.to_string(), "-P10675199DT2H48M5.4775808S");
        assert_eq!(TimeSpan::from_millis(-1500).to_wire_string(), "-PT1.5S");
        assert_eq!(TimeSpan::default().to_string(), "PT0S");
    }

    #[test]
    fn constructors_and_accessors() {
        assert_eq!(TimeSpan::from_secs(90).ticks(), 900_000_000);
        assert_eq!(TimeSpan::from_millis(1).ticks(), 10_000);
        assert_eq!(TimeSpan::from_secs(i64::MAX), TimeSpan::MAX);
        assert_eq!(TimeSpan::from_millis(i64::MIN), TimeSpan::MIN);
        assert_eq!(TimeSpan::from_ticks(-5_000_000).as_secs_f64(), -0.5);
        assert!(TimeSpan::from_ticks(-1).is_negative() && !TimeSpan::ZERO.is_negative());
        assert!(TimeSpan::from_secs(1) < TimeSpan::from_secs(2));
    }

    #[test]
    fn std_duration_conversions() {
        let duration = Duration::new(5400, 123_456_789);
        let span = TimeSpan::try_from(duration).expect("in range");
        assert_eq!(span.ticks(), 54_001_234_567);
        assert_eq!(
            Duration::try_from(span).ok(),
            Some(Duration::new(5400, 123_456_700))
        );
        assert!(Duration::try_from(TimeSpan::from_ticks(-1)).is_err());
        assert_eq!(
            Duration::try_from(TimeSpan::MAX).ok(),
            Some(Duration::new(922_337_203_685, 477_580_700))
        );
        assert!(TimeSpan::try_from(Duration::MAX).is_err());
        let err = Duration::try_from(TimeSpan::from_secs(-1))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid TimeSpan `-PT1S`: a negative span cannot become a std::time::Duration")
        );
    }

    #[test]
    fn rejects_malformed_durations() {
        let cases = [
            ("", "empty string"),
            ("P", "expected at least one component after `P`"),
            ("PT", "`T` must be followed by hours, minutes or seconds"),
            ("P1DT", "`T` must be followed by hours, minutes or seconds"),
            ("P1Y", "years have no fixed length"),
            ("P2M", "months have no fixed length"),
            (
                "PT1H1H",
                "components must come in the order Y, M, D, T, H, M, S, each at most once",
            ),
            (
                "PT1M1H",
                "components must come in the order Y, M, D, T, H, M, S, each at most once",
            ),
            ("P1H", "hours and seconds must come after `T`"),
            ("PT1D", "years and days must come before `T`"),
            ("P1.5D", "only seconds may have a fraction"),
            ("PT1.S", "expected digits after the decimal point"),
            ("PTS", "expected a number"),
            ("P1", "expected `Y`, `M`, `D`, `H` or `S` after a number"),
            ("P1W", "expected `Y`, `M`, `D`, `H` or `S` after a number"),
            (
                "pt1h",
                "expected an XSD duration like `PT1H30M` or `[-][d.]hh:mm:ss[.fffffff]`",
            ),
            ("P10675200D", "longer than TimeSpan.MaxValue"),
            ("PT99999999999999999999S", "longer than TimeSpan.MaxValue"),
            (
                "P18446744073709551615DT18446744073709551615H",
                "longer than TimeSpan.MaxValue",
            ),
            (
                "-P10675199DT2H48M5.4775809S",
                "longer than TimeSpan.MaxValue",
            ),
            ("24:00:00", "hours, minutes or seconds out of range"),
            ("00:60:00", "hours, minutes or seconds out of range"),
            ("00:00:00.12345678", "expected 1 to 7 fraction digits"),
            ("1:2", "expected two-digit minutes"),
            (
                "99999999999999999999.00:00:00",
                "longer than TimeSpan.MaxValue",
            ),
            ("10675200.00:00:00", "longer than TimeSpan.MaxValue"),
            (
                "12",
                "expected an XSD duration like `PT1H30M` or `[-][d.]hh:mm:ss[.fffffff]`",
            ),
            (
                "00:00:00 ",
                "expected an XSD duration like `PT1H30M` or `[-][d.]hh:mm:ss[.fffffff]`",
            ),
        ];
        for (text, reason) in cases {
            match text.parse::<TimeSpan>() {
                Ok(span) => panic!("{text:?} was accepted as {span}"),
                Err(err) => assert_eq!(
                    (err.type_name(), err.reason()),
                    ("TimeSpan", reason),
                    "{text:?}"
                ),
            }
        }
        let err = serde_json::from_str::<TimeSpan>("\"P1Y\"")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid TimeSpan `P1Y`: years have no fixed length at line 1 column 5")
        );
    }
}
