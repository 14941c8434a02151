//! [`Decimal`]: .NET `decimal`, carried as exact decimal digits.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::WireParseError;

/// A .NET `decimal`: a 96-bit integer mantissa with a decimal scale of 0–28, the model
/// `rust_decimal::Decimal` implements; the scale is kept (`1.50` stays `1.50`).
///
/// # Precision on the wire
///
/// * **JSON text** (`serde_json::from_slice`/`from_str`/`from_reader`, the client's path):
///   JSON numbers and numeric strings are read digit by digit, never through `f64`, and
///   serialization (`to_string`/`to_vec`/`to_writer`, and the client's query strings) writes a
///   JSON number with every digit and the scale. This uses serde_json's `raw_value` feature,
///   which changes nothing else in a build.
/// * **`serde_json::Value` and serde's buffered content** (`from_value`/`to_value`, a decimal
///   inside an `#[serde(untagged)]` enum or a `#[serde(flatten)]`ed struct): these hold numbers
///   as `f64` unless serde_json's `arbitrary_precision` is on (the runtime's opt-in feature
///   `exact-decimal`). Without it a number with up to 15 significant digits still reads back as
///   exactly the decimal written (the shortest text of the `f64`, so `1.50` becomes `1.5`: the
///   value is kept, the scale is not), and further digits are lost (`12345678901234567.89`
///   becomes `12345678901234568`); numeric *strings* stay exact on every path.
///
/// Values with more than 28 fraction digits are rounded to 28, as .NET's `decimal.Parse` does.
///
/// The number goes to the serializer as serde_json's private raw-value token, which serde_json's
/// serializers (`to_string`, `to_value`, …) and the client's query-string serializer understand;
/// another format's serializer sees a one-field struct.
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
        // Digits past the 28th fraction digit are rounded (half away from zero).
        None => rust_decimal::Decimal::from_str(text).map_err(|_| OUT_OF_RANGE),
        Some(exponent) => {
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !all_digits(digits) {
                return Err("expected exponent digits");
            }
            let negative = mantissa.starts_with('-');
            let plain =
                without_exponent(negative, whole, fraction, exponent).ok_or(OUT_OF_RANGE)?;
            rust_decimal::Decimal::from_str(&plain).map_err(|_| OUT_OF_RANGE)
        }
    }
}

/// `[-]whole.fraction × 10^exponent` written without the exponent, so that it is rounded to 28
/// fraction digits like any other text (`1.0000000000000001e-28`, which is how `f64` writes
/// 10^-28, reads as `0.0000000000000000000000000001`); `None` when it is too large for a .NET
/// decimal. Digits far below the 28th fraction digit read as zero without being written out.
fn without_exponent(negative: bool, whole: &str, fraction: &str, exponent: &str) -> Option<String> {
    // Beyond ±10^6 the answer no longer depends on the exact value: saturate.
    let exponent = exponent
        .parse::<i64>()
        .unwrap_or(if exponent.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        })
        .clamp(-1_000_000, 1_000_000);
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return Some("0".to_owned());
    }
    let leading_zeros = i64::try_from(digits.len() - significant.len()).ok()?;
    // Where the decimal point falls, counted from the first significant digit.
    let point = i64::try_from(whole.len()).ok()? - leading_zeros + exponent;
    if point > 29 {
        return None;
    }
    let mut out = String::with_capacity(significant.len() + 32);
    if negative {
        out.push('-');
    }
    if point < -29 {
        // The first significant digit lies past the 29th fraction digit: rounds to zero.
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(significant);
    } else {
        let point = point as usize;
        match significant.split_at_checked(point) {
            Some((before, after)) if !after.is_empty() => {
                out.push_str(before);
                out.push('.');
                out.push_str(after);
            }
            _ => {
                out.push_str(significant);
                out.extend(std::iter::repeat_n(
                    '0',
                    point.saturating_sub(significant.len()),
                ));
            }
        }
    }
    Some(out)
}

const OUT_OF_RANGE: &str =
    "outside .NET decimal's range (±79228162514264337593543950335, 28 fraction digits)";

/// The name under which serde_json (feature `raw_value`) hands a value's JSON text over: as the
/// name of a one-field struct a serializer writes verbatim, and as the name of a newtype struct
/// its deserializers answer with the text of the next value. Private to serde_json, stable since
/// 2019; the tests of this module fail if it ever changes.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The name under which serde_json with `arbitrary_precision` hands a number over: a one-entry
/// map (deserializing) or one-field struct (serializing) holding the number's text.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl Serialize for Decimal {
    /// A JSON number with every digit and the scale, as serde_json's raw value (see [`Decimal`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Display writes `-?digits(.digits)?`, always a valid JSON number.
        let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, &self.to_string())?;
        raw.end()
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json's deserializers answer with the value's JSON text (`visit_map`); any other
        // (serde's buffered content, `serde::de::value`, other formats) visits the newtype, which
        // reads the value as it is (`visit_newtype_struct`).
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or numeric string")
    }

    /// Any deserializer but serde_json's: the value as it is.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(self)
    }

    /// `null` reads as zero, as for the other wire value types.
    fn visit_unit<E: de::Error>(self) -> Result<Decimal, E> {
        Ok(Decimal::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Decimal, E> {
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

    /// A number some layer already holds as `f64` (`serde_json::Value` or serde's buffered
    /// content without `arbitrary_precision`, or another format): the shortest decimal that
    /// reads back as it.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        Decimal::try_from(value).map_err(E::custom)
    }

    /// serde_json's one-entry maps: the raw JSON text of the value (`raw_value`, from
    /// `from_slice`/`from_str`/`from_reader` and from a `Value`), or the exact text of a number
    /// (`arbitrary_precision`, from a `Value` or buffered content). The text is parsed once it is
    /// out of the map, so that an error is reported at the decimal itself, not at a key inside it
    /// (`serde_path_to_error` would name the private key).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let raw = match map.next_key_seed(TokenSeed)? {
            Some(Token::Raw) => true,
            Some(Token::Number) => false,
            Some(Token::Other) | None => {
                return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
            }
        };
        let text = map.next_value_seed(TextSeed)?;
        if raw {
            from_raw_json(&text)
        } else {
            text.parse().map_err(de::Error::custom)
        }
    }
}

/// Which of serde_json's private map keys a map starts with.
enum Token {
    Raw,
    Number,
    Other,
}

struct TokenSeed;

impl<'de> DeserializeSeed<'de> for TokenSeed {
    type Value = Token;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Token, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TokenSeed {
    type Value = Token;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Token, E> {
        Ok(match key {
            RAW_VALUE_TOKEN => Token::Raw,
            NUMBER_TOKEN => Token::Number,
            _ => Token::Other,
        })
    }
}

/// The text behind one of serde_json's tokens, borrowed where the input allows (`from_slice`,
/// `from_str`).
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text of a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text))
    }
}

/// A decimal from the JSON text of one value: a number digit by digit, a numeric string, or
/// `null` (zero); anything else is a type error like the other paths give.
fn from_raw_json<E: de::Error>(text: &str) -> Result<Decimal, E> {
    let unexpected = match text.as_bytes().first() {
        Some(b'"') => {
            return match text.get(1..text.len() - 1) {
                Some(inner) if !inner.contains('\\') => inner.parse().map_err(E::custom),
                _ => {
                    let unescaped: String = serde_json::from_str(text).map_err(E::custom)?;
                    unescaped.parse().map_err(E::custom)
                }
            };
        }
        Some(b'-' | b'0'..=b'9') => return text.parse().map_err(E::custom),
        Some(b'n') => return Ok(Decimal::default()),
        Some(b't') => de::Unexpected::Bool(true),
        Some(b'f') => de::Unexpected::Bool(false),
        Some(b'[') => de::Unexpected::Seq,
        Some(b'{') => de::Unexpected::Map,
        _ => de::Unexpected::Other(text),
    };
    Err(E::invalid_type(unexpected, &DecimalVisitor))
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
        assert_eq!(parse("1.50e0").to_string(), "1.50");
        assert_eq!(parse("-12.5e-1").to_string(), "-1.25");
        assert_eq!(parse("0.0015e3").to_string(), "1.5");
        // How `f64` writes 10^-28: rounded to 28 fraction digits, as without the exponent.
        assert_eq!(
            parse("1.0000000000000001e-28").to_string(),
            "0.0000000000000000000000000001"
        );
        assert_eq!(parse("7.9228162514264337593543950335e28"), parse(WIDE[2]));
        assert_eq!(parse("1e-400").to_string(), "0");
        assert_eq!(parse("0e400").to_string(), "0");
        assert_eq!(parse("1e-99999999999999999999").to_string(), "0");
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
            "1e99999999999999999999",
            "8e28",
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

    /// Every path through JSON *text* is exact with or without `arbitrary_precision`: this is
    /// what the client does with bodies (`from_slice`) and requests (`to_vec`). It also proves
    /// that serde_json still uses [`RAW_VALUE_TOKEN`]: were it renamed, the numbers would be read
    /// through `f64` and written as one-field objects.
    #[test]
    fn json_text_round_trips_every_digit() {
        for text in WIDE.into_iter().chain([
            "1.50",
            "0",
            "0.000",
            "12345678901234567890",
            "-3.14",
            "-0.5",
        ]) {
            let decimal: Decimal = serde_json::from_slice(text.as_bytes())
                .unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(decimal.to_string(), text);
            let decimal: Decimal =
                serde_json::from_str(text).unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(decimal.to_string(), text);
            // An `io::Read` gives the raw text as an owned string.
            let decimal: Decimal = serde_json::from_reader(text.as_bytes())
                .unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(decimal.to_string(), text);
            assert_eq!(serde_json::to_string(&decimal).ok().as_deref(), Some(text));
            assert_eq!(
                serde_json::to_vec(&decimal).ok().as_deref(),
                Some(text.as_bytes())
            );
        }
        let decimal: Decimal = serde_json::from_str(" \n 1.5E-3 ").expect("exponent");
        assert_eq!(decimal.to_string(), "0.0015");
    }

    #[test]
    fn json_strings_become_numbers_with_every_digit() {
        for text in WIDE {
            let decimal: Decimal = serde_json::from_str(&format!("\"{text}\""))
                .unwrap_or_else(|err| panic!("{text}: {err}"));
            assert_eq!(serde_json::to_string(&decimal).ok().as_deref(), Some(text));
        }
        // Escapes inside the string are undone first.
        let decimal: Decimal = serde_json::from_str(r#""\u0031.50""#).expect("escaped");
        assert_eq!(decimal.to_string(), "1.50");
    }

    /// Structs read member by member from JSON text: every decimal is exact, in fields, lists,
    /// maps and options, with serde_path_to_error in between (the client's error path).
    #[test]
    fn exact_inside_structs_lists_and_path_tracking() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Order {
            total: Decimal,
            lines: Vec<Decimal>,
            tax: Option<Decimal>,
            by_name: std::collections::BTreeMap<String, Decimal>,
        }
        let json = format!(
            r#"{{"total":{},"lines":[{},"{}",null],"tax":{},"by_name":{{"a":1.50}}}}"#,
            WIDE[0], WIDE[1], WIDE[2], WIDE[3]
        );
        let order: Order = serde_json::from_str(&json).expect("order");
        assert_eq!(order.total.to_string(), WIDE[0]);
        assert_eq!(order.lines[1].to_string(), WIDE[2]);
        assert_eq!(order.lines[2], Decimal::default());
        assert_eq!(
            order.tax.map(|tax| tax.to_string()).as_deref(),
            Some(WIDE[3])
        );
        let written = serde_json::to_string(&order).expect("serializes");
        assert_eq!(
            written,
            format!(
                r#"{{"total":{},"lines":[{},{},0],"tax":{},"by_name":{{"a":1.50}}}}"#,
                WIDE[0], WIDE[1], WIDE[2], WIDE[3]
            )
        );

        let mut reader = serde_json::Deserializer::from_str(&json);
        let tracked: Order = serde_path_to_error::deserialize(&mut reader).expect("tracked");
        assert_eq!(tracked.total.to_string(), WIDE[0]);
        let mut reader = serde_json::Deserializer::from_str(r#"{"total":1,"lines":[2,true]}"#);
        let err = serde_path_to_error::deserialize::<_, Order>(&mut reader)
            .expect_err("a boolean is no decimal");
        assert_eq!(err.path().to_string(), "lines[1]");
        assert!(
            err.inner()
                .to_string()
                .starts_with("invalid type: boolean `true`, expected a decimal number"),
            "{err}"
        );
    }

    #[test]
    fn null_and_wrong_types() {
        assert_eq!(
            serde_json::from_str::<Decimal>("null").ok(),
            Some(Decimal::default())
        );
        for (json, message) in [
            ("true", "invalid type: boolean `true`"),
            ("false", "invalid type: boolean `false`"),
            ("[1]", "invalid type: sequence"),
            (r#"{"a":1}"#, "invalid type: map"),
            (r#""1,5""#, "invalid Decimal `1,5`"),
        ] {
            let err = serde_json::from_str::<Decimal>(json)
                .err()
                .map(|err| err.to_string())
                .unwrap_or_else(|| panic!("{json} was accepted"));
            assert!(err.starts_with(message), "{json}: {err}");
        }
        let err = serde_json::from_str::<Decimal>("79228162514264337593543950336")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| {
            e.starts_with("invalid Decimal `79228162514264337593543950336`: outside")
        }));
    }

    /// Other deserializers than serde_json's read the value as it is.
    #[test]
    fn other_deserializers_read_the_value_itself() {
        use serde::de::IntoDeserializer;
        let read = |result: Result<Decimal, de::value::Error>| result.map(|d| d.to_string()).ok();
        assert_eq!(
            read(Decimal::deserialize("1.50".into_deserializer())).as_deref(),
            Some("1.50")
        );
        assert_eq!(
            read(Decimal::deserialize(7_u64.into_deserializer())).as_deref(),
            Some("7")
        );
        assert_eq!(
            read(Decimal::deserialize(0.25_f64.into_deserializer())).as_deref(),
            Some("0.25")
        );
        assert_eq!(
            read(Decimal::deserialize(().into_deserializer())).as_deref(),
            Some("0")
        );
    }

    /// Strings are exact on the `Value` and buffered-content paths in every configuration.
    #[test]
    fn numeric_strings_are_exact_through_value_and_buffered_content() {
        let back: Decimal = serde_json::from_value(serde_json::json!(WIDE[0])).expect("from_value");
        assert_eq!(back.to_string(), WIDE[0]);
        #[derive(Debug, serde::Deserialize)]
        #[serde(untagged)]
        enum Amount {
            Exact(Decimal),
        }
        let Amount::Exact(amount) =
            serde_json::from_str(&format!("\"{}\"", WIDE[2])).expect("untagged");
        assert_eq!(amount.to_string(), WIDE[2]);
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Flattened {
        total: Decimal,
        #[serde(flatten)]
        extra: Extra,
    }
    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Extra {
        tax: Decimal,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    enum Amount {
        Exact(Decimal),
    }

    #[cfg(feature = "exact-decimal")]
    mod arbitrary_precision {
        use super::*;

        #[test]
        fn value_untagged_and_flatten_are_exact_too() {
            let json =
                r#"{"total":1234567890.123456789012345678,"tax":0.0000000000000000000000000001}"#;
            let order: Flattened = serde_json::from_str(json).expect("flattened struct");
            assert_eq!(order.extra.tax.to_string(), WIDE[1]);
            assert_eq!(serde_json::to_string(&order).ok().as_deref(), Some(json));
            let json = r#"{"total":1,"tax":79228162514264337593543950335}"#;
            let order: Flattened = serde_json::from_str(json).expect("flattened struct");
            assert_eq!(order.extra.tax.to_string(), WIDE[2]);

            let value = serde_json::to_value(parse(WIDE[0])).expect("to_value");
            assert_eq!(value.to_string(), WIDE[0]);
            let back: Decimal = serde_json::from_value(value).expect("from_value");
            assert_eq!(back.to_string(), WIDE[0]);
            let value = serde_json::to_value(parse("1.50")).expect("to_value");
            assert_eq!(value.to_string(), "1.50");

            let Amount::Exact(amount) = serde_json::from_str(WIDE[3]).expect("untagged");
            assert_eq!(amount.to_string(), WIDE[3]);
        }
    }

    #[cfg(not(feature = "exact-decimal"))]
    mod without_arbitrary_precision {
        use super::*;

        /// The default build (dev-dependencies included) must not turn on serde_json's
        /// `arbitrary_precision`, which would change `Value` for every crate of a user's build:
        /// with it, a `Value` keeps `1.50` as written.
        #[test]
        fn the_default_build_has_no_arbitrary_precision() {
            let value: serde_json::Value = serde_json::from_str("1.50").expect("Value");
            assert_eq!(value.to_string(), "1.5");
        }

        /// `Value` holds numbers as `f64`: up to 15 significant digits come back as the same
        /// value (the scale is not kept), beyond that digits are lost.
        #[test]
        fn value_keeps_fifteen_significant_digits() {
            for (text, back) in [
                ("1.50", "1.5"),
                ("-3.14", "-3.14"),
                ("123456789012345", "123456789012345"),
                ("0.123456789012345", "0.123456789012345"),
                ("12345678901.2345", "12345678901.2345"),
                (
                    "0.0000000000000000000000000001",
                    "0.0000000000000000000000000001",
                ),
                ("12345678901234567.89", "12345678901234568"),
                ("1234567890.123456789012345678", "1234567890.1234567"),
            ] {
                let value = serde_json::to_value(parse(text)).expect("to_value");
                let decimal: Decimal = serde_json::from_value(value).expect("from_value");
                assert_eq!(decimal.to_string(), back, "{text}");
                let decimal: Decimal =
                    serde_json::from_value(serde_json::from_str(text).expect("Value"))
                        .expect("from_value");
                assert_eq!(decimal.to_string(), back, "{text}");
            }
        }

        /// serde buffers untagged and flattened content with numbers as `f64`: the same rule.
        #[test]
        fn untagged_and_flatten_keep_fifteen_significant_digits() {
            let json = r#"{"total":1234567890.123456789012345678,"tax":0.1}"#;
            let order: Flattened = serde_json::from_str(json).expect("flattened struct");
            // The struct's own field is read from the text, the flattened one from the buffer.
            assert_eq!(order.total.to_string(), WIDE[0]);
            assert_eq!(order.extra.tax.to_string(), "0.1");
            let json = r#"{"total":1,"tax":1234567890.123456789012345678}"#;
            let order: Flattened = serde_json::from_str(json).expect("flattened struct");
            assert_eq!(order.extra.tax.to_string(), "1234567890.1234567");

            let Amount::Exact(amount) = serde_json::from_str("-3.14").expect("untagged");
            assert_eq!(amount.to_string(), "-3.14");
            let Amount::Exact(amount) =
                serde_json::from_str("-12345678901234567890.5").expect("untagged");
            assert_eq!(amount.to_string(), "-12345678901234567000");
        }
    }
}
