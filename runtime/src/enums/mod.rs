//! Wire behaviour of generated enums.
//!
//! Generated code declares each enum and implements it with one macro call:
//! [`string_enum!`](crate::string_enum), [`int_enum!`](crate::int_enum) or
//! [`flags!`](crate::flags) for `[Flags]` enums.
//!
//! ServiceStack sends most enums as their member names (or `[EnumMember]` values), and `[Flags]`
//! enums or servers configured with `TreatEnumAsInteger` as numbers. Generated enums implement
//! [`StringEnum`] or [`IntEnum`] and forward their serde impls to the functions here.
//! Forward-compatible enums (the default) have a catch-all variant, so `from_wire`/`from_i64`
//! always succeed and values a newer server adds are written back unchanged; closed enums (the
//! generator's `--closed-enums`) reject unknown values with a deserialization error.

mod macros;

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

/// An enum serialized as a string.
pub trait StringEnum: Sized {
    /// The wire names of the known members, in declaration order.
    const MEMBERS: &'static [&'static str];
    /// The wire name of this value (for an unknown value, the string the server sent).
    fn as_str(&self) -> &str;
    /// The value for a wire name; names no member knows become the catch-all value, or `None`
    /// for a closed enum.
    fn from_wire(value: &str) -> Option<Self>;
}

/// An enum serialized as a number (`[Flags]` enums and integer enums).
pub trait IntEnum: Sized {
    /// The names and numeric values of the known members, in declaration order.
    const MEMBERS: &'static [(&'static str, i64)];
    /// The numeric value on the wire.
    fn to_i64(&self) -> i64;
    /// The value for a number; numbers no member knows are kept as they are, or `None` for a
    /// closed enum.
    fn from_i64(value: i64) -> Option<Self>;
}

/// Serializes a [`StringEnum`] as its wire name.
pub fn serialize_string<E: StringEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Deserializes a [`StringEnum`] from a string; an unknown string becomes the catch-all value.
pub fn deserialize_string<'de, E: StringEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    struct StringEnumVisitor<E>(std::marker::PhantomData<E>);
    impl<E: StringEnum> Visitor<'_> for StringEnumVisitor<E> {
        type Value = E;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of the strings {:?}", E::MEMBERS)
        }
        fn visit_str<Er: de::Error>(self, value: &str) -> Result<E, Er> {
            E::from_wire(value).ok_or_else(|| {
                Er::custom(format!(
                    "unknown enum value `{value}`, expected one of {:?}",
                    E::MEMBERS
                ))
            })
        }
    }
    deserializer.deserialize_str(StringEnumVisitor(std::marker::PhantomData))
}

/// Like [`deserialize_string`], and `null` reads as the enum's default, as
/// [`lenient`](crate::lenient) reads it for every other value type (so enum fields need no
/// per-field `null` handling in generated code).
pub fn deserialize_string_or_default<'de, E: StringEnum + Default, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_option(OrDefault::<E, ReadString>(std::marker::PhantomData))
}

/// Like [`deserialize_int`], and `null` reads as the enum's default.
pub fn deserialize_int_or_default<'de, E: IntEnum + Default, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_option(OrDefault::<E, ReadInt>(std::marker::PhantomData))
}

/// How a non-`null` enum value is read.
trait ReadValue<E> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error>;
}

struct ReadString;

impl<E: StringEnum> ReadValue<E> for ReadString {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
        deserialize_string(deserializer)
    }
}

struct ReadInt;

impl<E: IntEnum> ReadValue<E> for ReadInt {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
        deserialize_int(deserializer)
    }
}

/// `null` → `E::default()`, anything else through `R`.
struct OrDefault<E, R>(std::marker::PhantomData<(E, R)>);

impl<'de, E: Default, R: ReadValue<E>> Visitor<'de> for OrDefault<E, R> {
    type Value = E;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value or null")
    }
    fn visit_none<Er: de::Error>(self) -> Result<E, Er> {
        Ok(E::default())
    }
    fn visit_unit<Er: de::Error>(self) -> Result<E, Er> {
        Ok(E::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        R::read(deserializer)
    }
}

/// Serializes an [`IntEnum`] as a JSON number.
pub fn serialize_int<E: IntEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.to_i64())
}

/// Deserializes an [`IntEnum`] from a number, a numeric string, a member name, or a
/// comma-separated list of member names (how `[Flags]` combinations are written as text).
pub fn deserialize_int<'de, E: IntEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    struct IntEnumVisitor<E>(std::marker::PhantomData<E>);
    impl<'de, E: IntEnum> Visitor<'de> for IntEnumVisitor<E> {
        type Value = E;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a member name")
        }
        fn visit_i64<Er: de::Error>(self, value: i64) -> Result<E, Er> {
            known::<E, Er>(value)
        }
        fn visit_u64<Er: de::Error>(self, value: u64) -> Result<E, Er> {
            i64::try_from(value)
                .map_err(|_| Er::custom(format!("enum value {value} does not fit in 64 bits")))
                .and_then(known::<E, Er>)
        }
        fn visit_f64<Er: de::Error>(self, value: f64) -> Result<E, Er> {
            if value.fract() == 0.0 && value.abs() < 9.0e18 {
                known::<E, Er>(value as i64)
            } else {
                Err(Er::custom(format!("enum value {value} is not an integer")))
            }
        }
        fn visit_str<Er: de::Error>(self, value: &str) -> Result<E, Er> {
            parse_int_enum::<E>(value)
                .and_then(E::from_i64)
                .ok_or_else(|| {
                    let names: Vec<&str> = E::MEMBERS.iter().map(|(name, _)| *name).collect();
                    Er::custom(format!(
                        "unknown enum member `{value}`, expected a number or one of {names:?}"
                    ))
                })
        }
        // serde_json's `arbitrary_precision` hands numbers over as a one-entry map.
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<E, M::Error> {
            let number =
                serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
            match number.as_i64() {
                Some(value) => known::<E, M::Error>(value),
                None => match number.as_u64() {
                    Some(value) => self.visit_u64(value),
                    None => self.visit_f64(number.as_f64().unwrap_or(f64::NAN)),
                },
            }
        }
    }
    deserializer.deserialize_any(IntEnumVisitor(std::marker::PhantomData))
}

fn known<E: IntEnum, Er: de::Error>(value: i64) -> Result<E, Er> {
    E::from_i64(value).ok_or_else(|| {
        Er::custom(format!(
            "unknown enum value {value}, expected one of {:?}",
            E::MEMBERS
        ))
    })
}

fn parse_int_enum<E: IntEnum>(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(value) = text.parse::<i64>() {
        return Some(value);
    }
    text.split(',').try_fold(0i64, |bits, name| {
        let name = name.trim();
        E::MEMBERS
            .iter()
            .find(|(member, _)| member.eq_ignore_ascii_case(name))
            .map(|(_, value)| bits | value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Other(String),
    }
    impl StringEnum for Color {
        const MEMBERS: &'static [&'static str] = &["red"];
        fn as_str(&self) -> &str {
            match self {
                Color::Red => "red",
                Color::Other(value) => value,
            }
        }
        fn from_wire(value: &str) -> Option<Self> {
            Some(match value {
                "red" => Color::Red,
                other => Color::Other(other.to_owned()),
            })
        }
    }

    #[derive(Debug, PartialEq)]
    struct Access(i64);
    impl IntEnum for Access {
        const MEMBERS: &'static [(&'static str, i64)] = &[("Read", 1), ("Write", 2)];
        fn to_i64(&self) -> i64 {
            self.0
        }
        fn from_i64(value: i64) -> Option<Self> {
            Some(Access(value))
        }
    }

    fn string_enum(json: &str) -> Result<Color, serde_json::Error> {
        deserialize_string(&mut serde_json::Deserializer::from_str(json))
    }

    fn int_enum(json: &str) -> Result<Access, serde_json::Error> {
        deserialize_int(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        assert_eq!(string_enum("\"red\"").unwrap(), Color::Red);
        assert_eq!(
            string_enum("\"teal\"").unwrap(),
            Color::Other("teal".into())
        );
        assert!(string_enum("3").is_err());
        let mut out = Vec::new();
        serialize_string(
            &Color::Other("teal".into()),
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(out, b"\"teal\"");
    }

    #[test]
    fn int_enums_accept_numbers_and_names() {
        assert_eq!(int_enum("3").unwrap(), Access(3));
        assert_eq!(int_enum("\"Read, Write\"").unwrap(), Access(3));
        assert_eq!(int_enum("\"write\"").unwrap(), Access(2));
        assert_eq!(int_enum("\"7\"").unwrap(), Access(7));
        assert_eq!(int_enum("-1").unwrap(), Access(-1));
        assert!(int_enum("\"Execute\"").is_err());
        assert!(int_enum("1.5").is_err());
        let mut out = Vec::new();
        serialize_int(&Access(5), &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, b"5");
    }

    #[derive(Debug, PartialEq)]
    enum Closed {
        On,
    }
    impl IntEnum for Closed {
        const MEMBERS: &'static [(&'static str, i64)] = &[("On", 1)];
        fn to_i64(&self) -> i64 {
            1
        }
        fn from_i64(value: i64) -> Option<Self> {
            (value == 1).then_some(Closed::On)
        }
    }

    #[test]
    fn null_reads_as_the_default_where_the_enum_has_one() {
        #[derive(Debug, PartialEq, Default)]
        enum Level {
            #[default]
            Low,
            Other(i64),
        }
        impl IntEnum for Level {
            const MEMBERS: &'static [(&'static str, i64)] = &[("Low", 1)];
            fn to_i64(&self) -> i64 {
                match self {
                    Level::Low => 1,
                    Level::Other(value) => *value,
                }
            }
            fn from_i64(value: i64) -> Option<Self> {
                Some(if value == 1 {
                    Level::Low
                } else {
                    Level::Other(value)
                })
            }
        }
        let read = |json: &str| {
            deserialize_int_or_default::<Level, _>(&mut serde_json::Deserializer::from_str(json))
        };
        assert_eq!(read("null").unwrap(), Level::Low);
        assert_eq!(read("7").unwrap(), Level::Other(7));
        assert_eq!(read("\"Low\"").unwrap(), Level::Low);
    }

    #[test]
    fn closed_enums_reject_unknown_values() {
        let read = |json: &str| {
            deserialize_int::<Closed, _>(&mut serde_json::Deserializer::from_str(json))
        };
        assert_eq!(read("1").unwrap(), Closed::On);
        assert_eq!(read("\"On\"").unwrap(), Closed::On);
        let error = read("2").unwrap_err().to_string();
        assert!(error.contains("unknown enum value 2"), "{error}");
    }
}
