//! The impls every generated enum needs, written once: generated code declares the enum itself
//! (its variants carry the docs) and invokes one of these macros with the wire names.

/// Implements [`StringEnum`](crate::StringEnum), `Serialize`, `Deserialize`, `Display` and
/// [`lenient::Dto`](crate::lenient::Dto) for an enum whose values travel as strings.
///
/// Each variant's wire name is its own name unless `as "..."` gives another; `else Variant`
/// names the catch-all variant (holding a `String`) that keeps values this version does not
/// know. Without it the enum is closed and an unknown value is a deserialization error. When two
/// variants share a wire name, the first one is read. `null` reads as the enum's `Default`
/// (every enum with a variant needs one), like every other value type in generated DTOs.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Default)]
/// pub enum Channel {
///     #[default]
///     Voice,
///     TextMessage,
///     /// A value this version of the API does not know.
///     Unknown(String),
/// }
/// servicestack_runtime::string_enum!(Channel { Voice, TextMessage as "text-message" } else Unknown);
///
/// assert_eq!(serde_json::to_string(&Channel::TextMessage).unwrap(), r#""text-message""#);
/// assert_eq!(serde_json::from_str::<Channel>("null").unwrap(), Channel::Voice);
/// let unknown: Channel = serde_json::from_str(r#""fax""#).unwrap();
/// assert_eq!(unknown, Channel::Unknown("fax".into()));
/// assert_eq!(unknown.to_string(), "fax");
/// ```
#[macro_export]
macro_rules! string_enum {
    (@wire $variant:ident) => { ::core::stringify!($variant) };
    (@wire $variant:ident $wire:literal) => { $wire };
    (@unknown $value:ident) => {{
        let _ = $value;
        ::core::option::Option::None
    }};
    (@unknown $value:ident $catch_all:ident) => {
        ::core::option::Option::Some(Self::$catch_all(::std::borrow::ToOwned::to_owned($value)))
    };
    ($name:ident { $($variant:ident $(as $wire:literal)?),* $(,)? } $(else $catch_all:ident)?) => {
        impl $crate::StringEnum for $name {
            const MEMBERS: &'static [&'static str] =
                &[$($crate::string_enum!(@wire $variant $($wire)?)),*];
            fn as_str(&self) -> &str {
                match *self {
                    $(Self::$variant => $crate::string_enum!(@wire $variant $($wire)?),)*
                    $(Self::$catch_all(ref value) => value,)?
                }
            }
            fn from_wire(value: &str) -> ::core::option::Option<Self> {
                $(if value == $crate::string_enum!(@wire $variant $($wire)?) {
                    return ::core::option::Option::Some(Self::$variant);
                })*
                $crate::string_enum!(@unknown value $($catch_all)?)
            }
        }
        $crate::__wire_enum_impls!(
            $name,
            serialize_string,
            string[$($variant)* $($catch_all)?]
        );
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::StringEnum::as_str(self))
            }
        }
    };
}

/// Implements [`IntEnum`](crate::IntEnum), `Serialize`, `Deserialize`, `Display` and
/// [`lenient::Dto`](crate::lenient::Dto) for an enum whose values travel as numbers.
///
/// Every variant gives its number; its name on the wire (in text such as `"Low, High"` and in
/// `Display`) is its own name unless `as "..."` gives another. `else Variant` names the catch-all
/// variant (holding an `i64`); without it an unknown number is a deserialization error.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Default)]
/// pub enum Level {
///     #[default]
///     Low,
///     High,
///     Unknown(i64),
/// }
/// servicestack_runtime::int_enum!(Level { Low = 1, High as "high" = 5 } else Unknown);
///
/// assert_eq!(serde_json::to_string(&Level::High).unwrap(), "5");
/// assert_eq!(serde_json::from_str::<Level>(r#""Low""#).unwrap(), Level::Low);
/// assert_eq!(serde_json::from_str::<Level>("9").unwrap(), Level::Unknown(9));
/// assert_eq!(Level::High.to_string(), "high");
/// ```
#[macro_export]
macro_rules! int_enum {
    (@unknown $value:ident) => {{
        let _ = $value;
        ::core::option::Option::None
    }};
    (@unknown $value:ident $catch_all:ident) => {
        ::core::option::Option::Some(Self::$catch_all($value))
    };
    (
        $name:ident { $($variant:ident $(as $wire:literal)? = $number:literal),* $(,)? }
        $(else $catch_all:ident)?
    ) => {
        impl $crate::IntEnum for $name {
            const MEMBERS: &'static [(&'static str, i64)] =
                &[$(($crate::string_enum!(@wire $variant $($wire)?), $number)),*];
            fn to_i64(&self) -> i64 {
                match *self {
                    $(Self::$variant => $number,)*
                    $(Self::$catch_all(value) => value,)?
                }
            }
            fn from_i64(value: i64) -> ::core::option::Option<Self> {
                $(if value == $number {
                    return ::core::option::Option::Some(Self::$variant);
                })*
                $crate::int_enum!(@unknown value $($catch_all)?)
            }
        }
        $crate::__wire_enum_impls!(
            $name,
            serialize_int,
            int[$($variant)* $($catch_all)?]
        );
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match *self {
                    $(Self::$variant => f.write_str($crate::string_enum!(@wire $variant $($wire)?)),)*
                    $(Self::$catch_all(value) => ::core::fmt::Display::fmt(&value, f),)?
                }
            }
        }
    };
}

/// Implements the bit-set API of a `[Flags]` enum declared as `pub struct Name(i64)` with one
/// associated constant per member: `empty`, `bits`, `from_bits`, `contains`, `intersects`,
/// `is_empty`, the `|`, `&`, `^`, `|=`, `&=` operators, [`IntEnum`](crate::IntEnum) (numbers on
/// the wire, member names accepted in text), `Serialize`, `Deserialize` and
/// [`lenient::Dto`](crate::lenient::Dto). Each member is given as `"WireName" = CONSTANT`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
/// pub struct Access(i64);
/// impl Access {
///     pub const READ: Self = Self(1);
///     pub const WRITE: Self = Self(2);
/// }
/// servicestack_runtime::flags!(Access { "Read" = READ, "Write" = WRITE });
///
/// let both = Access::READ | Access::WRITE;
/// assert!(both.contains(Access::WRITE));
/// assert_eq!(serde_json::to_string(&both).unwrap(), "3");
/// assert_eq!(serde_json::from_str::<Access>(r#""Read, Write""#).unwrap(), both);
/// ```
#[macro_export]
macro_rules! flags {
    ($name:ident { $($wire:literal = $constant:ident),* $(,)? }) => {
        impl $name {
            /// No flag set.
            pub const fn empty() -> Self {
                Self(0)
            }
            /// The raw bits, as sent on the wire.
            pub const fn bits(self) -> i64 {
                self.0
            }
            /// A value from raw bits; bits without a named flag are kept.
            pub const fn from_bits(bits: i64) -> Self {
                Self(bits)
            }
            /// Whether every flag of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
            /// Whether any flag of `other` is set.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }
            /// Whether no flag is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
        }
        impl ::core::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }
        impl ::core::ops::BitAnd for $name {
            type Output = Self;
            fn bitand(self, rhs: Self) -> Self {
                Self(self.0 & rhs.0)
            }
        }
        impl ::core::ops::BitXor for $name {
            type Output = Self;
            fn bitxor(self, rhs: Self) -> Self {
                Self(self.0 ^ rhs.0)
            }
        }
        impl ::core::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }
        impl ::core::ops::BitAndAssign for $name {
            fn bitand_assign(&mut self, rhs: Self) {
                self.0 &= rhs.0;
            }
        }
        impl $crate::IntEnum for $name {
            const MEMBERS: &'static [(&'static str, i64)] = &[$(($wire, Self::$constant.0)),*];
            fn to_i64(&self) -> i64 {
                self.0
            }
            fn from_i64(value: i64) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(Self(value))
            }
        }
        $crate::__wire_enum_impls!($name, serialize_int, flags[]);
    };
}

/// Reads an enum with these variants: `null` as the default, unless there is no variant (an
/// uninhabited closed enum has no default, and no value at all).
#[doc(hidden)]
#[macro_export]
macro_rules! __read_enum {
    ($deserializer:ident, string[]) => {
        $crate::enums::deserialize_string($deserializer)
    };
    ($deserializer:ident, string[$($any:tt)+]) => {
        $crate::enums::deserialize_string_or_default($deserializer)
    };
    ($deserializer:ident, int[]) => {
        $crate::enums::deserialize_int($deserializer)
    };
    ($deserializer:ident, int[$($any:tt)+]) => {
        $crate::enums::deserialize_int_or_default($deserializer)
    };
    ($deserializer:ident, flags[]) => {
        $crate::enums::deserialize_int_or_default($deserializer)
    };
}

/// `Serialize`/`Deserialize` forwarding to [`enums`](crate::enums), and the `Dto` marker.
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum_impls {
    ($name:ident, $serialize:ident, $kind:ident[$($members:tt)*]) => {
        impl $crate::lenient::Dto for $name {}
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::enums::$serialize(self, serializer)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__read_enum!(deserializer, $kind[$($members)*])
            }
        }
    };
}
