//! Decoding that reads `null` as a default wherever a real ServiceStack server may send one.
//!
//! Servers send `null` in places a strict Rust type has no room for: System.Text.Json writes
//! every property unless configured with `JsonIgnoreCondition.WhenWritingNull`, ServiceStack.Text
//! writes nulls when `JsConfig.IncludeNullValues` is on, and dictionary values and list elements
//! of reference types are `null` whenever the server's collection holds one. Generated DTO
//! fields that would fail on such a `null` carry
//! `#[serde(default, deserialize_with = "::servicestack_runtime::lenient::deserialize")]`, which
//! reads `null`, at any depth the field's type spells out, as:
//!
//! | Where the `null` is | What it becomes |
//! |---|---|
//! | a value type: numbers, `bool`, `char`, `String`, [`DateTime`](crate::DateTime) and the other wire types | its `Default`: `0`, `false`, `'\0'`, an empty string, [`DateTime::MIN`](crate::DateTime::MIN), ... |
//! | a generated struct, enum or flags type ([`Dto`]) | its `Default` (for an enum, its default member) |
//! | a `Vec` | an empty `Vec` |
//! | a list element | the element type's default (by these same rules) |
//! | a map (`HashMap`, `BTreeMap`, `IndexMap`) | an empty map |
//! | a map value | the value type's default (by these same rules; keys stay strict) |
//! | an `Option` | `None` (inside `Some`, the rules apply again: `[null]` is `Some(vec![default])`) |
//! | a `serde_json::Value` | `Value::Null` |
//!
//! A missing field is `#[serde(default)]`'s business, not this module's. Anything other than
//! `null` decodes exactly as the type's own `Deserialize` would, with serde's usual errors: a
//! string where a number belongs still fails, and error paths (`results[1].count`) are still
//! reported by [`decode::json`](crate::decode::json).
//!
//! ```
//! use servicestack_runtime::lenient;
//! use std::collections::HashMap;
//!
//! #[derive(Debug, Default, serde::Deserialize)]
//! struct Totals {
//!     #[serde(default, deserialize_with = "lenient::deserialize")]
//!     count: i32,
//!     #[serde(default, deserialize_with = "lenient::deserialize")]
//!     tags: HashMap<String, Vec<String>>,
//! }
//! impl lenient::Dto for Totals {}
//!
//! let totals: Totals =
//!     serde_json::from_str(r#"{"count":null,"tags":{"a":null,"b":[null,"x"]}}"#).unwrap();
//! assert_eq!(totals.count, 0);
//! assert_eq!(totals.tags["a"], Vec::<String>::new());
//! assert_eq!(totals.tags["b"], ["", "x"]);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use serde::de::value::{
    BorrowedBytesDeserializer, BorrowedStrDeserializer, BytesDeserializer, EnumAccessDeserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer,
};
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess,
    SeqAccess, Visitor,
};

/// Marker implemented by every generated struct, enum and flags type: in a lenient position (a
/// list element, a map value, a non-optional field) `null` decodes as its `Default`.
pub trait Dto {}

/// Types that decode `null` (at any depth the type spells out) as a default instead of failing.
pub trait NullAsDefault<'de>: Sized {
    /// Deserializes `Self`, reading `null` as described on the impl.
    fn deserialize_null_as_default<D: Deserializer<'de>>(deserializer: D)
    -> Result<Self, D::Error>;
}

/// For `#[serde(deserialize_with = ...)]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: NullAsDefault<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_null_as_default(deserializer)
}

/// Generated types: `null` reads as `T::default()`, anything else through T's own `Deserialize`.
impl<'de, T: Dto + Deserialize<'de> + Default> NullAsDefault<'de> for T {
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, PhantomData::<T>)
    }
}

macro_rules! null_as_default_leaves {
    ($($ty:ty),* $(,)?) => {$(
        /// `null` reads as the type's `Default`, anything else through its own `Deserialize`.
        impl<'de> NullAsDefault<'de> for $ty {
            fn deserialize_null_as_default<D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                null_or_default(deserializer, PhantomData::<$ty>)
            }
        }
    )*};
}

null_as_default_leaves!(
    (),
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    String,
    crate::DateTime,
    crate::DateOnly,
    crate::TimeOnly,
    crate::TimeSpan,
    crate::Guid,
    crate::Decimal,
    crate::Bytes,
    crate::ResponseStatus,
    crate::ResponseError,
);

/// `null` is `Value::Null`, as in `serde_json::Value`'s own `Deserialize`.
impl<'de> NullAsDefault<'de> for serde_json::Value {
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer)
    }
}

/// `null` reads as `None`; a value as `Some` of the inner type read leniently, so
/// `Option<Vec<String>>` reads `[null]` as `Some(vec![String::new()])`.
impl<'de, T: NullAsDefault<'de>> NullAsDefault<'de> for Option<T> {
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, SomeSeed::<T>(PhantomData))
    }
}

/// `Box<T>` of a generated type (the generator boxes fields that close a type cycle) is lenient
/// like `T` itself, through the blanket impl: `null` reads as `Box::new(T::default())`.
///
/// A generic `impl NullAsDefault for Box<T>` cannot exist beside that blanket impl: `Box` is
/// `#[fundamental]`, so another crate could implement [`Dto`] for a `Box` of its own type.
impl<T: Dto> Dto for Box<T> {}

/// `null` reads as an empty `Vec`; each element is read leniently (a `null` element is the
/// element type's default).
impl<'de, T: NullAsDefault<'de>> NullAsDefault<'de> for Vec<T> {
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, SeqSeed::<T>(PhantomData))
    }
}

/// `null` reads as an empty map; keys are read strictly, each value leniently (a `null` value is
/// the value type's default).
impl<'de, K, V, S> NullAsDefault<'de> for HashMap<K, V, S>
where
    K: Deserialize<'de> + Eq + Hash,
    V: NullAsDefault<'de>,
    S: BuildHasher + Default,
{
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, MapSeed::<Self, K, V>(PhantomData))
    }
}

/// `null` reads as an empty map; keys are read strictly, each value leniently (a `null` value is
/// the value type's default).
impl<'de, K, V> NullAsDefault<'de> for BTreeMap<K, V>
where
    K: Deserialize<'de> + Ord,
    V: NullAsDefault<'de>,
{
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, MapSeed::<Self, K, V>(PhantomData))
    }
}

/// `null` reads as an empty map; keys are read strictly, each value leniently (a `null` value is
/// the value type's default). Members keep the order they arrived in.
#[cfg(feature = "indexmap")]
impl<'de, K, V, S> NullAsDefault<'de> for indexmap::IndexMap<K, V, S>
where
    K: Deserialize<'de> + Eq + Hash,
    V: NullAsDefault<'de>,
    S: BuildHasher + Default,
{
    fn deserialize_null_as_default<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        null_or_default(deserializer, MapSeed::<Self, K, V>(PhantomData))
    }
}

/// The most elements or members reserved up front: size hints come from the input.
const MAX_PREALLOCATION: usize = 4096;

fn cautious_capacity(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(MAX_PREALLOCATION)
}

/// Reads `null` as `S::Value::default()` and anything else through `seed`.
fn null_or_default<'de, D, S>(deserializer: D, seed: S) -> Result<S::Value, D::Error>
where
    D: Deserializer<'de>,
    S: DeserializeSeed<'de>,
    S::Value: Default,
{
    deserializer.deserialize_option(NullOr(seed))
}

/// The visitor of [`null_or_default`]. Self-describing formats (serde_json, serde's buffered
/// content) call only `visit_none`/`visit_unit`/`visit_some`; formats that forward
/// `deserialize_option` to `deserialize_any` call the other methods, which hand the value back
/// to the seed so it decodes as it would without this module.
struct NullOr<S>(S);

impl<'de, S> Visitor<'de> for NullOr<S>
where
    S: DeserializeSeed<'de>,
    S::Value: Default,
{
    type Value = S::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<S::Value, E> {
        Ok(S::Value::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<S::Value, E> {
        Ok(S::Value::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<S::Value, D::Error> {
        self.0.deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_i8<E: de::Error>(self, v: i8) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_i16<E: de::Error>(self, v: i16) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_i32<E: de::Error>(self, v: i32) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_u8<E: de::Error>(self, v: u8) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_u16<E: de::Error>(self, v: u16) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_u32<E: de::Error>(self, v: u32) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Value, E> {
        self.0.deserialize(StrDeserializer::new(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<S::Value, E> {
        self.0.deserialize(BorrowedStrDeserializer::new(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<S::Value, E> {
        self.0.deserialize(v.into_deserializer())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<S::Value, E> {
        self.0.deserialize(BytesDeserializer::new(v))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<S::Value, E> {
        self.0.deserialize(BorrowedBytesDeserializer::new(v))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<S::Value, E> {
        self.0.deserialize(BytesDeserializer::new(&v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S::Value, A::Error> {
        self.0.deserialize(SeqAccessDeserializer::new(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S::Value, A::Error> {
        self.0.deserialize(MapAccessDeserializer::new(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S::Value, A::Error> {
        self.0.deserialize(EnumAccessDeserializer::new(data))
    }
}

/// Reads a `T` leniently: the seed of list elements and map values.
struct Lenient<T>(PhantomData<T>);

impl<'de, T: NullAsDefault<'de>> DeserializeSeed<'de> for Lenient<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_null_as_default(deserializer)
    }
}

/// Reads a non-null value as `Some` of a lenient `T`.
struct SomeSeed<T>(PhantomData<T>);

impl<'de, T: NullAsDefault<'de>> DeserializeSeed<'de> for SomeSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_null_as_default(deserializer).map(Some)
    }
}

/// Reads a sequence of lenient `T`s.
struct SeqSeed<T>(PhantomData<T>);

impl<'de, T: NullAsDefault<'de>> DeserializeSeed<'de> for SeqSeed<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: NullAsDefault<'de>> Visitor<'de> for SeqSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(cautious_capacity(seq.size_hint()));
        while let Some(item) = seq.next_element_seed(Lenient::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// The maps [`MapSeed`] can fill.
trait MapLike<K, V>: Default {
    fn with_capacity(capacity: usize) -> Self;
    fn insert_member(&mut self, key: K, value: V);
}

impl<K: Eq + Hash, V, S: BuildHasher + Default> MapLike<K, V> for HashMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        HashMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert_member(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

impl<K: Ord, V> MapLike<K, V> for BTreeMap<K, V> {
    fn with_capacity(_capacity: usize) -> Self {
        BTreeMap::new()
    }

    fn insert_member(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

#[cfg(feature = "indexmap")]
impl<K: Eq + Hash, V, S: BuildHasher + Default> MapLike<K, V> for indexmap::IndexMap<K, V, S> {
    fn with_capacity(capacity: usize) -> Self {
        indexmap::IndexMap::with_capacity_and_hasher(capacity, S::default())
    }

    fn insert_member(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

/// Reads a map with strict keys and lenient values; a repeated key keeps its last value, as
/// serde's own map impls do.
struct MapSeed<M, K, V>(PhantomData<(M, K, V)>);

impl<'de, M, K, V> DeserializeSeed<'de> for MapSeed<M, K, V>
where
    M: MapLike<K, V>,
    K: Deserialize<'de>,
    V: NullAsDefault<'de>,
{
    type Value = M;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<M, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, M, K, V> Visitor<'de> for MapSeed<M, K, V>
where
    M: MapLike<K, V>,
    K: Deserialize<'de>,
    V: NullAsDefault<'de>,
{
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut members = M::with_capacity(cautious_capacity(map.size_hint()));
        while let Some(key) = map.next_key::<K>()? {
            let value = map.next_value_seed(Lenient::<V>(PhantomData))?;
            members.insert_member(key, value);
        }
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::*;
    use crate::{
        Bytes, DateOnly, DateTime, Decimal, Guid, ResponseError, ResponseStatus, TimeOnly, TimeSpan,
    };

    /// Lenient reading hands the JSON deserializer itself to each element, so decimals keep their
    /// exact text (no `Value` in between) without serde_json's `arbitrary_precision`.
    #[test]
    fn decimals_read_leniently_keep_every_digit() {
        #[derive(Debug, Default, Deserialize)]
        struct Amounts {
            #[serde(default, deserialize_with = "deserialize")]
            list: Vec<Decimal>,
            #[serde(default, deserialize_with = "deserialize")]
            map: HashMap<String, Option<Decimal>>,
        }
        let amounts: Amounts = serde_json::from_str(
            r#"{"list":[null,1234567890.123456789012345678],"map":{"a":1.50,"b":null}}"#,
        )
        .unwrap();
        assert_eq!(amounts.list[0], Decimal::default());
        assert_eq!(amounts.list[1].to_string(), "1234567890.123456789012345678");
        assert_eq!(amounts.map["a"].unwrap().to_string(), "1.50");
        assert_eq!(amounts.map["b"], None);
    }

    #[derive(Debug, Default, Clone, PartialEq, Eq, Hash, Deserialize)]
    enum Color {
        #[default]
        Red,
        Green,
    }
    impl Dto for Color {}

    #[derive(Debug, Default, Clone, PartialEq, Deserialize)]
    struct Item {
        #[serde(default, deserialize_with = "crate::lenient::deserialize")]
        count: i32,
        #[serde(default, deserialize_with = "crate::lenient::deserialize")]
        name: String,
    }
    impl Dto for Item {}

    /// A generated DTO: one lenient field per impl.
    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Everything {
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        unit: (),
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        flag: bool,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        letter: char,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        i8: i8,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        i16: i16,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        i32: i32,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        i64: i64,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        i128: i128,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        isize: isize,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        u8: u8,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        u16: u16,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        u32: u32,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        u64: u64,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        u128: u128,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        usize: usize,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        f32: f32,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        f64: f64,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        text: String,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        date_time: DateTime,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        date: DateOnly,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        time: TimeOnly,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        span: TimeSpan,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        guid: Guid,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        decimal: Decimal,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        bytes: Bytes,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        status: ResponseStatus,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        error: ResponseError,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        json: Value,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        color: Color,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        item: Item,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        boxed: Box<Item>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        maybe: Option<i32>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        maybe_list: Option<Vec<String>>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        list: Vec<i32>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        nested: Vec<Vec<i32>>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        items: Vec<Item>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        colors: Vec<Color>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        dates: Vec<DateTime>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        values: Vec<Value>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        optional_items: Vec<Option<i32>>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        hash: HashMap<String, Vec<String>>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        tree: BTreeMap<i32, Color>,
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        maybe_boxed: Option<Box<Item>>,
        #[cfg(feature = "indexmap")]
        #[serde(deserialize_with = "crate::lenient::deserialize")]
        index: indexmap::IndexMap<String, Option<Vec<i32>>>,
    }
    impl Dto for Everything {}

    const FIELDS: &[&str] = &[
        "unit",
        "flag",
        "letter",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "f32",
        "f64",
        "text",
        "date_time",
        "date",
        "time",
        "span",
        "guid",
        "decimal",
        "bytes",
        "status",
        "error",
        "json",
        "color",
        "item",
        "boxed",
        "maybe",
        "maybe_list",
        "list",
        "nested",
        "items",
        "colors",
        "dates",
        "values",
        "optional_items",
        "hash",
        "tree",
        "maybe_boxed",
        "index",
    ];

    fn read<T: for<'de> Deserialize<'de>>(value: Value) -> T {
        let text = value.to_string();
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    fn read_err<T: for<'de> Deserialize<'de> + fmt::Debug>(text: &str) -> String {
        match serde_json::from_str::<T>(text) {
            Ok(value) => panic!("{text} was accepted as {value:?}"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn null_fields_read_as_defaults() {
        let all_null: serde_json::Map<String, Value> = FIELDS
            .iter()
            .map(|name| ((*name).to_owned(), Value::Null))
            .collect();
        let value: Everything = read(Value::Object(all_null));
        assert_eq!(value, Everything::default());
        // Spot checks of what "default" means for the wire types.
        assert_eq!(value.date_time, DateTime::MIN);
        assert_eq!(value.date, DateOnly::MIN);
        assert_eq!(value.time, TimeOnly::MIDNIGHT);
        assert!(value.guid.is_nil());
        assert_eq!(value.color, Color::Red);
        assert_eq!(value.json, Value::Null);
        assert_eq!(value.maybe_list, None);
        // The same through serde_json's `Value` deserializer.
        let value: Everything =
            serde_json::from_value(json!({"i32": null, "list": null, "hash": null}))
                .expect("nulls read");
        assert_eq!(value, Everything::default());
    }

    #[test]
    fn missing_fields_read_as_defaults() {
        assert_eq!(read::<Everything>(json!({})), Everything::default());
        assert_eq!(read::<Item>(json!({"name": "x"})).count, 0);
    }

    #[test]
    fn values_read_as_usual() {
        let guid = "ea762009-b66c-410b-9bf5-ce21ad519249";
        let text = r#"{
            "flag": true, "letter": "x", "i8": -8, "i16": -16, "i32": -32, "i64": -64,
            "i128": -128, "isize": -1, "u8": 8, "u16": 16, "u32": 32, "u64": 64, "u128": 128,
            "usize": 1, "f32": 1.5, "f64": 2.5, "text": "hi",
            "date_time": "/Date(978307200000)/", "date": "2024-01-31", "time": "PT13H45M",
            "span": "PT1H30M", "guid": "ea762009-b66c-410b-9bf5-ce21ad519249",
            "decimal": 1.25, "bytes": "QUJD",
            "status": {"errorCode": "E"}, "error": {"fieldName": "F"}, "json": {"a": [1]},
            "color": "Green", "item": {"count": 3, "name": "n"}, "boxed": {"count": 4},
            "maybe": 7, "maybe_list": ["a"], "list": [1, 2], "nested": [[1], []],
            "items": [{"count": 1}], "colors": ["Green"], "dates": ["2001-01-01T00:00:00Z"],
            "values": [1, "a"], "optional_items": [1], "hash": {"k": ["v"]},
            "tree": {"2": "Green"}, "maybe_boxed": {"count": 5},
            "index": {"z": [1], "a": null}
        }"#;
        let value: Everything =
            serde_json::from_str(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert!(value.flag);
        assert_eq!(value.letter, 'x');
        assert_eq!(
            (
                value.i8,
                value.i16,
                value.i32,
                value.i64,
                value.i128,
                value.isize
            ),
            (-8, -16, -32, -64, -128, -1)
        );
        assert_eq!(
            (
                value.u8,
                value.u16,
                value.u32,
                value.u64,
                value.u128,
                value.usize
            ),
            (8, 16, 32, 64, 128, 1)
        );
        assert_eq!((value.f32, value.f64), (1.5, 2.5));
        assert_eq!(value.text, "hi");
        assert_eq!(value.date_time.unix_millis(), 978_307_200_000);
        assert_eq!(value.date, DateOnly::from_ymd(2024, 1, 31).expect("valid"));
        assert_eq!(value.time, TimeOnly::from_hms(13, 45, 0).expect("valid"));
        assert_eq!(value.span, TimeSpan::from_millis(5_400_000));
        assert_eq!(value.guid.to_string(), guid);
        assert_eq!(value.decimal.to_string(), "1.25");
        assert_eq!(value.bytes.to_string(), "QUJD");
        assert_eq!(value.status.error_code.as_deref(), Some("E"));
        assert_eq!(value.error.field_name.as_deref(), Some("F"));
        assert_eq!(value.json, json!({"a": [1]}));
        assert_eq!(value.color, Color::Green);
        assert_eq!(
            value.item,
            Item {
                count: 3,
                name: "n".into()
            }
        );
        assert_eq!(value.boxed.count, 4);
        assert_eq!(value.maybe, Some(7));
        assert_eq!(value.maybe_list, Some(vec!["a".to_owned()]));
        assert_eq!(value.list, [1, 2]);
        assert_eq!(value.nested, [vec![1], vec![]]);
        assert_eq!(value.items[0].count, 1);
        assert_eq!(value.colors, [Color::Green]);
        assert_eq!(value.dates[0].unix_millis(), 978_307_200_000);
        assert_eq!(value.values, [json!(1), json!("a")]);
        assert_eq!(value.optional_items, [Some(1)]);
        assert_eq!(value.hash["k"], ["v"]);
        assert_eq!(value.tree[&2], Color::Green);
        assert_eq!(value.maybe_boxed.map(|item| item.count), Some(5));
        #[cfg(feature = "indexmap")]
        {
            let keys: Vec<&str> = value.index.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                ["z", "a"],
                "IndexMap keeps the order members arrived in"
            );
            assert_eq!(value.index["z"], Some(vec![1]));
            assert_eq!(value.index["a"], None);
        }
    }

    #[test]
    fn nested_nulls_read_as_element_and_value_defaults() {
        let value: Everything = read(json!({
            "maybe_list": [null, "b"],
            "list": [1, null, 3],
            "nested": [[1, null], null],
            "items": [null, {"count": null, "name": null}, {"count": 2}],
            "colors": [null, "Green"],
            "dates": [null],
            "values": [null],
            "optional_items": [null, 1],
            "hash": {"a": null, "b": [null]},
            "tree": {"1": null},
            "boxed": {"count": null},
            "maybe_boxed": {"name": null},
            "index": {"k": [null]},
            "status": {"errors": [null, {"meta": {"k": null}}]},
        }));
        assert_eq!(value.maybe_list, Some(vec![String::new(), "b".to_owned()]));
        assert_eq!(value.list, [1, 0, 3]);
        assert_eq!(value.nested, [vec![1, 0], vec![]]);
        assert_eq!(
            value.items,
            [
                Item::default(),
                Item::default(),
                Item {
                    count: 2,
                    name: String::new()
                }
            ]
        );
        assert_eq!(value.colors, [Color::Red, Color::Green]);
        assert_eq!(value.dates, [DateTime::MIN]);
        assert_eq!(value.values, [Value::Null]);
        assert_eq!(value.optional_items, [None, Some(1)]);
        assert_eq!(value.hash.len(), 2);
        assert_eq!(value.hash["a"], Vec::<String>::new());
        assert_eq!(value.hash["b"], [String::new()]);
        assert_eq!(value.tree[&1], Color::Red);
        assert_eq!(*value.boxed, Item::default());
        assert_eq!(value.maybe_boxed, Some(Box::default()));
        #[cfg(feature = "indexmap")]
        assert_eq!(value.index["k"], Some(vec![0]));
        // ResponseStatus reads its own lists and maps leniently too.
        assert_eq!(value.status.errors.len(), 2);
        assert_eq!(value.status.errors[0], ResponseError::default());
        let meta = value.status.errors[1].meta.as_ref().expect("meta");
        assert_eq!(meta["k"], "");
    }

    #[test]
    fn top_level_null() {
        let mut json = serde_json::Deserializer::from_str("null");
        let list: Vec<Vec<i32>> = deserialize(&mut json).expect("null list");
        assert!(list.is_empty());
        let mut json = serde_json::Deserializer::from_str("null");
        let item: Item = deserialize(&mut json).expect("null item");
        assert_eq!(item, Item::default());
        let mut json = serde_json::Deserializer::from_str("[[1,null],null]");
        let nested: Vec<Vec<i32>> = deserialize(&mut json).expect("nested");
        assert_eq!(nested, [vec![1, 0], vec![]]);
        let map: HashMap<String, Vec<String>> =
            deserialize(json!({"a": null, "b": [null]})).expect("map");
        assert_eq!(map["b"], [String::new()]);
        let none: Option<Vec<String>> = deserialize(Value::Null).expect("none");
        assert_eq!(none, None);
        let some: Option<Vec<String>> = deserialize(json!([null])).expect("some");
        assert_eq!(some, Some(vec![String::new()]));
    }

    /// Reads `text` as `T` leniently and strictly; both must fail with the same message at the
    /// same position.
    fn same_error<T>(text: &str) -> String
    where
        T: for<'de> NullAsDefault<'de> + for<'de> Deserialize<'de> + fmt::Debug,
    {
        let strict = read_err::<T>(text);
        let mut json = serde_json::Deserializer::from_str(text);
        let lenient = match deserialize::<_, T>(&mut json) {
            Ok(value) => panic!("{text} was accepted as {value:?}"),
            Err(err) => err.to_string(),
        };
        assert_eq!(lenient, strict, "{text}");
        lenient
    }

    #[test]
    fn type_errors_still_fail_with_serdes_messages() {
        assert_eq!(
            same_error::<i32>(r#""x""#),
            "invalid type: string \"x\", expected i32 at line 1 column 3"
        );
        same_error::<u8>("300");
        same_error::<bool>("1");
        same_error::<String>("[]");
        same_error::<Option<i32>>("true");
        same_error::<Option<Vec<String>>>(r#"["a",1]"#);
        assert!(same_error::<Vec<i32>>("{}").starts_with("invalid type: map, expected a sequence"));
        same_error::<Vec<i32>>(r#"[1,"2"]"#);
        same_error::<Vec<Vec<i32>>>("[[1,2],3]");
        same_error::<Vec<Color>>(r#"["Red","Blue"]"#);
        same_error::<Vec<DateTime>>(r#"["2024-13-01"]"#);
        same_error::<Value>("[1,");
        assert!(
            same_error::<HashMap<String, Vec<String>>>("[]")
                .starts_with("invalid type: sequence, expected a map")
        );
        same_error::<HashMap<String, Vec<String>>>(r#"{"a":[1]}"#);
        same_error::<BTreeMap<i32, Color>>(r#"{"x":null}"#);
        #[cfg(feature = "indexmap")]
        same_error::<indexmap::IndexMap<String, i32>>(r#"{"a":"b"}"#);
        same_error::<Box<Item>>(r#"{"count":"x"}"#);

        // Inside a DTO the field's own error comes out, where serde would report it.
        assert_eq!(
            read_err::<Item>(r#"{"count":"x"}"#),
            "invalid type: string \"x\", expected i32 at line 1 column 12"
        );
        assert_eq!(
            read_err::<Everything>(r#"{"date_time":"2024-13-01"}"#),
            "invalid DateTime `2024-13-01`: month must be 01 to 12 at line 1 column 25"
        );
        assert!(serde_json::from_value::<Everything>(json!({"flag": 1})).is_err());
        assert!(serde_json::from_value::<Everything>(json!({"hash": {"a": [1]}})).is_err());
    }

    #[test]
    fn error_paths_reach_through_lenient_fields() {
        #[derive(Debug, Default, Deserialize)]
        struct Page {
            #[serde(default, deserialize_with = "crate::lenient::deserialize")]
            results: Vec<Item>,
            #[serde(default, deserialize_with = "crate::lenient::deserialize")]
            groups: HashMap<String, Vec<Option<Item>>>,
        }
        impl Dto for Page {}

        let err = crate::decode::json::<Page>(br#"{"results":[{"count":1},{"count":"x"}]}"#)
            .expect_err("a string count");
        assert_eq!(err.path, "results[1].count");
        assert!(
            err.message
                .starts_with("invalid type: string \"x\", expected i32"),
            "{}",
            err.message
        );
        let err = crate::decode::json::<Page>(br#"{"groups":{"g":[null,{"count":[]}]}}"#)
            .expect_err("a list count");
        assert_eq!(err.path, "groups.g[1].count");
        let page = crate::decode::json::<Page>(br#"{"groups":{"g":[null,{"count":null}]}}"#)
            .expect("nulls read");
        assert_eq!(page.groups["g"], [None, Some(Item::default())]);
        let page = crate::decode::json::<Page>(br#"{"results":[null,{"count":null}]}"#)
            .expect("nulls read");
        assert_eq!(page.results, [Item::default(), Item::default()]);
    }

    #[test]
    fn deserializers_that_forward_to_deserialize_any() {
        use serde::de::value::{Error, MapDeserializer, SeqDeserializer};

        // serde's value deserializers answer `deserialize_option` with the value itself.
        let list: Vec<i32> =
            deserialize(SeqDeserializer::<_, Error>::new([1, 2].into_iter())).expect("a sequence");
        assert_eq!(list, [1, 2]);
        let item: Item = deserialize(MapDeserializer::<_, Error>::new([("count", 5)].into_iter()))
            .expect("a map");
        assert_eq!(item.count, 5);
        let number: i64 =
            deserialize(IntoDeserializer::<Error>::into_deserializer(7_u8)).expect("a number");
        assert_eq!(number, 7);
        let text: String =
            deserialize(IntoDeserializer::<Error>::into_deserializer("t")).expect("a string");
        assert_eq!(text, "t");
        let wrong: Result<i32, Error> =
            deserialize(IntoDeserializer::<Error>::into_deserializer("t"));
        assert_eq!(
            wrong.map_err(|err| err.to_string()),
            Err("invalid type: string \"t\", expected i32".to_owned())
        );
    }

    #[test]
    fn size_hints_do_not_decide_allocations() {
        use serde::de::value::{Error, SeqDeserializer};

        /// Claims to hold `usize::MAX` elements and holds none.
        struct Liar;
        impl Iterator for Liar {
            type Item = u64;
            fn next(&mut self) -> Option<u64> {
                None
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                (usize::MAX, Some(usize::MAX))
            }
        }
        let list: Vec<u64> =
            deserialize(SeqDeserializer::<_, Error>::new(Liar)).expect("an empty sequence");
        assert!(list.is_empty());
        assert_eq!(cautious_capacity(Some(usize::MAX)), MAX_PREALLOCATION);
        assert_eq!(cautious_capacity(None), 0);
    }
}
