//! [`Decimal`]: .NET `decimal`, carried as exact decimal digits.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::WireParseError;

/// A .NET `decimal`: a 96-bit integer mantissa with a decimal scale of 0–28, the model
/// `rust_decimal::Decimal` implements; the scale is kept (`1.50` stays `1.50`).
///
/// JSON numbers and numeric strings are read digit by digit, never through `f64`, when the
/// runtime's default feature `exact-decimal` is on (it turns on `serde_json/arbitrary_precision`).
/// Values with more than 28 fraction digits are rounded to 28, as .NET's `decimal.Parse` does.
///
/// Serialized as a JSON number with every digit when `exact-decimal` is on. Without it serde_json
/// cannot write a number it does not hold as `f64`, so a value whose `f64` reads back as the same
/// decimal is written as that number, and any other value as a string of its exact digits
/// (ServiceStack reads numeric strings into decimals), never silently rounded.
///
/// With `exact-decimal` on, the number goes to the serializer as serde_json's private
/// number token, which only serde_json's serializers (`to_string`, `to_value`, …) understand.
///
/// Equality, ordering and hashing compare values: `1.50 == 1.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal(rust_decimal::Decimal);

impl Decimal {
    /// Wraps a `rust_decimal::Decimal`.
    pub const fn new(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }

    /// The `rust_decimal::Decimal` inside, for arithmetic.
    pub const fn get(self) -> rust_decimal::Decimal {
        self.0
    }

    /// The exact digits, as `Display` writes them.
    pub fn to_wire_string(self) -> String {
        self.to_string()
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Self(value.into())
    }
}

impl TryFrom<f64> for Decimal {
    type Error = WireParseError;

    /// The shortest decimal that reads back as `value` (`0.1` becomes `0.1`, not the binary
    /// expansion); fails for NaN, infinities and magnitudes beyond 7.9 × 10^28.
    fn try_from(value: f64) -> Result<Self, WireParseError> {
        if !value.is_finite() {
            return Err(WireParseError::new(
                "Decimal",
                &value.to_string(),
                "not a finite number",
            ));
        }
        // Rust's float Display is the shortest round-tripping text, without an exponent.
        value.to_string().parse()
    }
}

impl fmt::Display for Decimal {
    /// Every digit, keeping the scale (`1.50`), without an exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Decimal {
    type Err = WireParseError;

    /// `[+-]digits[.digits][(e|E)[+-]digits]` (also `.5` and `5.`), as JSON and .NET write them.
    fn from_str(text: &str) -> Result<Self, WireParseError> {
        parse(text)
            .map(Self)
            .map_err(|why| WireParseError::new("Decimal", text, why))
    }
}

fn parse(text: &str) -> Result<rust_decimal::Decimal, &'static str> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at).unwrap_or(text), text.get(at + 1..)),
        None => (text, None),
    };
    let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    // rust_decimal also takes `_` separators and other oddities; the wire has none.
    if !all_digits(whole) || !all_digits(fraction) || whole.len() + fraction.len() == 0 {
        return Err("expected decimal digits");
    }
    match exponent {
        None => rust_decimal::Decimal::from_str(text).map_err(|_| OUT_OF_RANGE),
        Some(exponent) => {
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !all_digits(digits) {
                return Err("expected exponent digits");
            }
            rust_decimal::Decimal::from_scientific(text).map_err(|_| OUT_OF_RANGE)
        }
    }
}

const OUT_OF_RANGE: &str =
    "outside .NET decimal's range (±79228162514264337593543950335, 28 fraction digits)";

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_string();
        if cfg!(feature = "exact-decimal") {
            // With arbitrary_precision a Number holds the text verbatim and writes it unchanged.
            if let Ok(number) = serde_json::Number::from_str(&text) {
                return number.serialize(serializer);
            }
        } else if let Ok(float) = text.parse::<f64>()
            && Decimal::try_from(float).is_ok_and(|back| back == *self)
        {
            return serializer.serialize_f64(float);
        }
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or numeric string")
    }

    /// `null` reads as zero, as for the other wire value types.
    fn visit_unit<E: de::Error>(self) -> Result<Decimal, E> {
        Ok(Decimal::default())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
        value.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Decimal, E> {
        value.to_string().parse().map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Decimal, E> {
        value.to_string().parse().map_err(E::custom)
    }

    /// Only reached without `exact-decimal` (or from non-JSON formats): serde_json has already
    /// rounded the number to `f64`.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        Decimal::try_from(value).map_err(E::custom)
    }

    /// With `arbitrary_precision`, serde_json hands every number that is not a plain i64/u64 over
    /// as a one-entry map holding its exact text; `serde_json::Number` knows how to read it (also
    /// after serde buffered it for an untagged enum or a flattened struct).
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        let number = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        number.to_string().parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Decimal {
        text.parse().unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    const WIDE: [&str; 4] = [
        "1234567890.123456789012345678",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
    ];

    #[test]
    fn parses_exactly_and_keeps_the_scale() {
        for text in WIDE {
            assert_eq!(parse(text).to_string(), text);
        }
        assert_eq!(parse("1.50").to_string(), "1.50");
        assert_eq!(parse("1.50").get().scale(), 2);
        assert_eq!(parse("1.50"), parse("1.5"));
        assert_eq!(parse("1.5e-3").to_string(), "0.0015");
        assert_eq!(parse("1E+2").to_string(), "100");
        assert_eq!(parse("+7").to_string(), "7");
        assert_eq!(parse(".5").to_string(), "0.5");
        assert_eq!(
            parse("0.00000000000000000000000000005").to_string(),
            "0.0000000000000000000000000001"
        );
        assert_eq!(parse(WIDE[2]).get(), rust_decimal::Decimal::MAX);
    }

    #[test]
    fn conversions() {
        assert_eq!(Decimal::from(-42i64).to_string(), "-42");
        assert_eq!(
            Decimal::try_from(0.1f64)
                .map(|d| d.to_string())
                .ok()
                .as_deref(),
            Some("0.1")
        );
        assert_eq!(
            Decimal::try_from(-2.5e-3f64)
                .map(|d| d.to_string())
                .ok()
                .as_deref(),
            Some("-0.0025")
        );
        assert!(Decimal::try_from(f64::NAN).is_err());
        assert!(Decimal::try_from(f64::INFINITY).is_err());
        assert!(Decimal::try_from(1e30f64).is_err());
        let inner = rust_decimal::Decimal::new(150, 2);
        assert_eq!(rust_decimal::Decimal::from(Decimal::new(inner)), inner);
        assert_eq!(Decimal::from(inner).to_wire_string(), "1.50");
        assert_eq!(Decimal::default().to_string(), "0");
    }

    #[test]
    fn reads_json_strings_exactly() {
        for text in WIDE {
            let decimal: Decimal = serde_json::from_str(&format!("\"{text}\""))
                .unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(decimal.to_string(), text);
        }
    }

    #[test]
    fn reads_json_integers() {
        let decimal: Decimal = serde_json::from_str("-9223372036854775808").expect("i64");
        assert_eq!(decimal.to_string(), "-9223372036854775808");
        let decimal: Decimal = serde_json::from_str("18446744073709551615").expect("u64");
        assert_eq!(decimal.to_string(), "18446744073709551615");
    }

    #[test]
    fn rejects_non_decimals() {
        for bad in [
            "",
            "-",
            ".",
            "1_000",
            "1.2.3",
            "1e",
            "1e+",
            "abc",
            " 1",
            "0x10",
            "1e29",
            "79228162514264337593543950336",
            "NaN",
        ] {
            let err = bad
                .parse::<Decimal>()
                .err()
                .unwrap_or_else(|| panic!("{bad:?} was accepted"));
            assert_eq!(err.type_name(), "Decimal");
        }
        assert!(serde_json::from_str::<Decimal>("true").is_err());
        assert!(serde_json::from_str::<Decimal>("\"1,5\"").is_err());
    }

    #[cfg(feature = "exact-decimal")]
    mod exact {
        use super::*;

        #[test]
        fn json_numbers_round_trip_byte_exact() {
            for text in
                WIDE.into_iter()
                    .chain(["1.50", "0", "0.000", "12345678901234567890", "-3.14"])
            {
                let decimal: Decimal =
                    serde_json::from_str(text).unwrap_or_else(|err| panic!("{text}: {err}"));
                assert_eq!(decimal.to_string(), text);
                assert_eq!(serde_json::to_string(&decimal).ok().as_deref(), Some(text));
            }
        }

        #[test]
        fn json_strings_become_numbers_with_every_digit() {
            for text in WIDE {
                let decimal: Decimal = serde_json::from_str(&format!("\"{text}\""))
                    .unwrap_or_else(|err| panic!("{text}: {err}"));
                assert_eq!(serde_json::to_string(&decimal).ok().as_deref(), Some(text));
            }
        }

        #[test]
        fn works_inside_structs_values_and_untagged_enums() {
            #[derive(Debug, serde::Serialize, serde::Deserialize)]
            struct Order {
                total: Decimal,
                #[serde(flatten)]
                extra: Extra,
            }
            #[derive(Debug, serde::Serialize, serde::Deserialize)]
            struct Extra {
                tax: Decimal,
            }
            let json =
                r#"{"total":1234567890.123456789012345678,"tax":0.0000000000000000000000000001}"#;
            let order: Order = serde_json::from_str(json).expect("flattened struct");
            assert_eq!(order.extra.tax.to_string(), WIDE[1]);
            assert_eq!(serde_json::to_string(&order).ok().as_deref(), Some(json));

            let value = serde_json::to_value(parse(WIDE[0])).expect("to_value");
            assert_eq!(value.to_string(), WIDE[0]);
            let back: Decimal = serde_json::from_value(value).expect("from_value");
            assert_eq!(back.to_string(), WIDE[0]);

            #[derive(Debug, serde::Deserialize)]
            #[serde(untagged)]
            enum Amount {
                Exact(Decimal),
            }
            let Amount::Exact(amount) = serde_json::from_str(WIDE[3]).expect("untagged");
            assert_eq!(amount.to_string(), WIDE[3]);
        }

        #[test]
        fn exponents_and_overflow_from_json_numbers() {
            let decimal: Decimal = serde_json::from_str("1.5E-3").expect("exponent");
            assert_eq!(decimal.to_string(), "0.0015");
            let err = serde_json::from_str::<Decimal>("79228162514264337593543950336")
                .err()
                .map(|e| e.to_string());
            assert!(err.is_some_and(|e| {
                e.starts_with("invalid Decimal `79228162514264337593543950336`: outside")
            }));
        }
    }

    #[cfg(not(feature = "exact-decimal"))]
    mod inexact {
        use super::*;

        #[test]
        fn writes_a_number_when_f64_keeps_the_value_else_a_string() {
            assert_eq!(
                serde_json::to_string(&parse("1.50")).ok().as_deref(),
                Some("1.5")
            );
            assert_eq!(
                serde_json::to_string(&parse("-3")).ok().as_deref(),
                Some("-3.0")
            );
            // 10^-28 survives f64 exactly in value, so it may be a number (in serde_json's notation).
            assert_eq!(
                serde_json::to_string(&parse(WIDE[1])).ok().as_deref(),
                Some("1e-28")
            );
            for text in [WIDE[0], WIDE[2], WIDE[3]] {
                assert_eq!(
                    serde_json::to_string(&parse(text)).ok(),
                    Some(format!("\"{text}\""))
                );
            }
        }

        #[test]
        fn reads_json_numbers_through_f64() {
            let decimal: Decimal = serde_json::from_str("0.1").expect("float");
            assert_eq!(decimal.to_string(), "0.1");
        }
    }
}
