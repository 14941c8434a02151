//! A byte cursor for the hand-written wire parsers.
//!
//! Every read is bounds-checked and every number is accumulated with checked arithmetic, so
//! malformed or hostile input ends in an error, never in a panic.

/// The unread rest of an ASCII-oriented input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scanner<'a> {
    rest: &'a [u8],
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            rest: text.as_bytes(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Consumes `byte` if it comes next.
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        match self.rest.split_first() {
            Some((&first, rest)) if first == byte => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    /// Consumes and returns the next byte.
    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    /// Consumes the run of ASCII digits that comes next (possibly empty).
    pub(crate) fn digits(&mut self) -> &'a [u8] {
        let count = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (digits, rest) = self
            .rest
            .split_at_checked(count)
            .unwrap_or((self.rest, &[]));
        self.rest = rest;
        digits
    }

    /// Consumes exactly `count` ASCII digits and returns their value; consumes nothing if fewer
    /// digits follow.
    pub(crate) fn fixed_digits(&mut self, count: usize) -> Option<u32> {
        let (digits, rest) = self.rest.split_at_checked(count)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let value = digits_value(digits)?;
        self.rest = rest;
        u32::try_from(value).ok()
    }
}

/// The value of a run of ASCII digits; `None` if it is empty, holds a non-digit, or overflows.
pub(crate) fn digits_value(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        acc.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// An optionally `-`-signed run of ASCII digits that makes up all of `text` (no `+`, no spaces).
pub(crate) fn parse_signed(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let magnitude = digits_value(digits.as_bytes())?;
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// The first seven digits of a fraction as 100-ns ticks: `"5"` is 5_000_000, `"85514479"` is
/// 8_551_447 (digits past the seventh are below tick resolution and are truncated, as .NET does).
pub(crate) fn fraction_ticks(digits: &[u8]) -> u32 {
    (0..7).fold(0u32, |acc, i| {
        let digit = digits
            .get(i)
            .and_then(|b| b.checked_sub(b'0'))
            .filter(|d| *d <= 9)
            .unwrap_or(0);
        acc * 10 + u32::from(digit)
    })
}

/// Writes `.fffffff` for a sub-second tick count (0..10_000_000) with trailing zeros dropped, or
/// nothing when it is zero: the shortest text that keeps every tick.
pub(crate) fn write_fraction(out: &mut impl std::fmt::Write, ticks: u32) -> std::fmt::Result {
    if ticks == 0 {
        return Ok(());
    }
    let mut digits = ticks;
    let mut width = 7usize;
    while digits.is_multiple_of(10) {
        digits /= 10;
        width = width.saturating_sub(1);
    }
    write!(out, ".{digits:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_value_rejects_overflow_and_empty() {
        assert_eq!(digits_value(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(digits_value(b"18446744073709551616"), None);
        assert_eq!(digits_value(b""), None);
        assert_eq!(digits_value(b"1a"), None);
    }

    #[test]
    fn parse_signed_covers_the_i64_range() {
        assert_eq!(parse_signed("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_signed("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_signed("9223372036854775808"), None);
        assert_eq!(parse_signed("-9223372036854775809"), None);
        assert_eq!(parse_signed("+1"), None);
        assert_eq!(parse_signed("-"), None);
        assert_eq!(parse_signed(""), None);
        assert_eq!(parse_signed("-12"), Some(-12));
    }

    #[test]
    fn fraction_ticks_pads_and_truncates() {
        assert_eq!(fraction_ticks(b"5"), 5_000_000);
        assert_eq!(fraction_ticks(b"8551447"), 8_551_447);
        assert_eq!(fraction_ticks(b"855144799"), 8_551_447);
        assert_eq!(fraction_ticks(b"0000001"), 1);
    }

    #[test]
    fn write_fraction_is_minimal() {
        let text = |ticks| {
            let mut out = String::new();
            write_fraction(&mut out, ticks)
                .map(|()| out)
                .unwrap_or_default()
        };
        assert_eq!(text(0), "");
        assert_eq!(text(5_000_000), ".5");
        assert_eq!(text(8_551_447), ".8551447");
        assert_eq!(text(1), ".0000001");
        assert_eq!(text(1_200_000), ".12");
    }

    #[test]
    fn fixed_digits_consumes_nothing_on_failure() {
        let mut scanner = Scanner::new("12a4");
        assert_eq!(scanner.fixed_digits(4), None);
        assert_eq!(scanner.fixed_digits(2), Some(12));
        assert_eq!(scanner.next_byte(), Some(b'a'));
        assert_eq!(scanner.fixed_digits(5), None);
    }
}
