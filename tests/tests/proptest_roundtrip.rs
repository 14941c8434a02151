//! Property test: random instances of types generated from `fixtures/features.metadata.json`
//! survive serde_json: serialize, deserialize, compare equal. Covers every wire type (dates in
//! both wire forms and every offset kind, durations, GUIDs in every shape, decimals with their
//! scale, base64), enums with unknown values, `[Flags]` with unknown bits, int enums as map
//! keys, recursion, keywords, generic structs, `serde_json::Value` fields.
//!
//! The seed is fixed so a failure reproduces; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` override
//! the case count and seed.

use std::collections::HashMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use servicestack_runtime::{Bytes, DateOnly, DateTime, Decimal, Guid, TimeOnly, TimeSpan};
use servicestack_tests::fixtures::features as dtos;

fn config(cases: u32) -> Config {
    let base = Config::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    Config {
        cases: if set("PROPTEST_CASES") {
            base.cases
        } else {
            cases
        },
        rng_seed: if set("PROPTEST_RNG_SEED") {
            base.rng_seed
        } else {
            RngSeed::Fixed(0x0f1e_2d3c)
        },
        failure_persistence: None,
        ..base
    }
}

/// Serializes, deserializes and compares (the client's path: JSON text, exact). Through
/// `serde_json::Value` a decimal is an `f64` unless the runtime's opt-in `exact-decimal` is on
/// (it comes back with at most 15 significant digits), so there the first pass may round
/// decimals and the second must change nothing.
fn round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = serde_json::from_str(&json)
        .map_err(|error| TestCaseError::fail(format!("{error}\n{json}")))?;
    prop_assert_eq!(&back, value, "{}", json);
    let through_value = |value: &T| -> Result<T, TestCaseError> {
        let tree = serde_json::to_value(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        serde_json::from_value(tree.clone())
            .map_err(|error| TestCaseError::fail(format!("{error}\n{tree}")))
    };
    let rounded = through_value(value)?;
    prop_assert_eq!(&through_value(&rounded)?, &rounded);
    Ok(())
}

// --- wire types --------------------------------------------------------------------------

/// Milliseconds within .NET's range (0001-01-01 .. 9999-12-31) with a margin for offsets.
const MIN_MILLIS: i64 = -62_135_596_800_000 + 86_400_000;
const MAX_MILLIS: i64 = 253_402_300_799_999 - 86_400_000;

fn date_time() -> impl Strategy<Value = DateTime> {
    let offset = (-1439i16..=1439).prop_map(|minutes| {
        let sign = if minutes < 0 { '-' } else { '+' };
        let abs = minutes.unsigned_abs();
        (minutes, format!("{sign}{:02}{:02}", abs / 60, abs % 60))
    });
    prop_oneof![
        // Made in Rust: serializes as ISO 8601.
        (MIN_MILLIS..MAX_MILLIS).prop_map(|ms| DateTime::from_unix_millis(ms).unwrap()),
        (MIN_MILLIS..MAX_MILLIS, -1439i16..=1439).prop_map(|(ms, offset)| {
            DateTime::from_unix_millis(ms)
                .unwrap()
                .with_offset(offset)
                .unwrap()
        }),
        // Read from the wire: keeps its text (WCF UTC, unspecified, offset).
        (MIN_MILLIS..MAX_MILLIS).prop_map(|ms| format!("/Date({ms})/").parse().unwrap()),
        (MIN_MILLIS..MAX_MILLIS).prop_map(|ms| format!("/Date({ms}-0000)/").parse().unwrap()),
        (MIN_MILLIS..MAX_MILLIS, offset)
            .prop_map(|(ms, (_, zone))| format!("/Date({ms}{zone})/").parse().unwrap()),
        // ISO 8601 with up to 7 fraction digits and every zone form.
        (
            1u32..=9999,
            1u32..=12,
            1u32..=28,
            0u32..24,
            0u32..60,
            0u32..60,
            prop::option::of("[0-9]{1,7}"),
            prop::sample::select(vec!["", "Z", "z", "+00:00", "-05:30", "+0100", "-1159"]),
        )
            .prop_map(|(y, mo, d, h, mi, s, fraction, zone)| {
                let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{zone}")
            })
            .prop_filter_map("outside .NET's range after the offset", |text| text
                .parse()
                .ok()),
    ]
}

fn date_only() -> impl Strategy<Value = DateOnly> {
    prop_oneof![
        (1i32..=9999, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| DateOnly::from_ymd(y, m, d).unwrap()),
        (1i32..=9999, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}").parse().unwrap()),
    ]
}

fn time_only() -> impl Strategy<Value = TimeOnly> {
    prop_oneof![
        (0i64..864_000_000_000).prop_map(|ticks| TimeOnly::from_ticks(ticks).unwrap()),
        (0u32..24, 0u32..60, 0u32..60)
            .prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}").parse().unwrap()),
        (0u32..24, 0u32..60).prop_map(|(h, m)| format!("PT{h}H{m}M").parse().unwrap()),
    ]
}

fn time_span() -> impl Strategy<Value = TimeSpan> {
    prop_oneof![
        any::<i64>().prop_map(TimeSpan::from_ticks),
        Just(TimeSpan::MIN),
        Just(TimeSpan::MAX),
        (-100_000i64..100_000).prop_map(TimeSpan::from_secs),
    ]
}

fn guid() -> impl Strategy<Value = Guid> {
    (any::<u128>(), 0..4u8).prop_map(|(value, shape)| {
        let dashed = Guid::from_u128(value).to_string();
        let text = match shape {
            0 => return Guid::from_u128(value),
            1 => dashed,
            2 => dashed.replace('-', "").to_uppercase(),
            _ => format!("{{{dashed}}}"),
        };
        text.parse().unwrap()
    })
}

fn decimal() -> impl Strategy<Value = Decimal> {
    // Up to 28 significant digits with 0..=28 of them after the point: every scale kept.
    ("-?[0-9]{1,14}", prop::option::of("[0-9]{1,14}")).prop_map(|(whole, fraction)| {
        let text = match fraction {
            Some(fraction) => format!("{whole}.{fraction}"),
            None => whole,
        };
        text.parse().unwrap()
    })
}

fn bytes() -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..40).prop_map(Bytes::from)
}

/// JSON values without floats that would not survive (NaN has no JSON form).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// An `Option<serde_json::Value>` field: `Some(Value::Null)` is written as `null` and read back
/// as `None` (serde's usual `Option` behaviour; on the wire both mean null), so it is left out.
fn opt_value() -> impl Strategy<Value = Option<Value>> {
    opt(json_value()).prop_map(|value| value.filter(|value| !value.is_null()))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,12}",
        Just("\"\\\n\t\u{0}\u{202e}".to_owned())
    ]
}

fn opt<S: Strategy>(strategy: S) -> impl Strategy<Value = Option<S::Value>> {
    prop::option::of(strategy)
}

// --- enums -------------------------------------------------------------------------------

fn priority() -> impl Strategy<Value = dtos::Priority> {
    use dtos::Priority::*;
    prop_oneof![
        Just(Low),
        Just(Medium),
        Just(High),
        Just(Critical),
        // An unknown value round-trips as long as it is not a known one (those read back as
        // the named variant).
        any::<i64>()
            .prop_filter("a known value", |v| ![0, 10, 20, -1].contains(v))
            .prop_map(UnknownValue),
    ]
}

fn color() -> impl Strategy<Value = dtos::Color> {
    use dtos::Color::*;
    prop_oneof![
        Just(Red),
        Just(DarkBlue),
        Just(Unknown),
        Just(UnknownValue),
        "\\PC{0,10}"
            .prop_filter("a known value", |v| {
                !["red", "dark-blue", "unknown", "unknown-value"].contains(&v.as_str())
            })
            .prop_map(UnknownValue2),
    ]
}

fn file_access() -> impl Strategy<Value = dtos::FileAccess> {
    prop_oneof![
        Just(dtos::FileAccess::READ | dtos::FileAccess::WRITE),
        Just(dtos::FileAccess::NONE),
        any::<i64>().prop_map(dtos::FileAccess::from_bits),
    ]
}

// --- structs -----------------------------------------------------------------------------

fn poco() -> impl Strategy<Value = dtos::Poco> {
    opt(text()).prop_map(|name| dtos::Poco { name })
}

fn node() -> impl Strategy<Value = dtos::Node> {
    let leaf = any::<i32>().prop_map(|value| dtos::Node {
        value,
        ..Default::default()
    });
    leaf.prop_recursive(4, 32, 3, |inner| {
        (
            any::<i32>(),
            opt(inner.clone()),
            opt(prop::collection::vec(inner.clone(), 0..3)),
            opt(opt(inner)),
        )
            .prop_map(|(value, next, children, partner)| dtos::Node {
                value,
                next: next.map(Box::new),
                children,
                partner: partner.map(|back| dtos::Partner {
                    back: back.map(Box::new),
                }),
            })
    })
}

fn customer() -> impl Strategy<Value = dtos::Customer> {
    (
        date_time(),
        text(),
        any::<i64>(),
        guid(),
        opt(prop::collection::vec(guid(), 0..3)),
        opt(text()),
    )
        .prop_map(
            |(created_date, created_by, id, key, tags, name)| dtos::Customer {
                created_date,
                created_by: Some(created_by),
                id,
                key,
                tags,
                name,
            },
        )
}

fn keywords() -> impl Strategy<Value = dtos::Keywords> {
    (
        (opt(text()), opt(text()), opt(text()), opt(text())),
        (opt(text()), opt(text()), opt(text())),
        (
            any::<bool>(),
            any::<i32>(),
            any::<i32>(),
            any::<i64>(),
            opt(text()),
        ),
    )
        .prop_map(
            |(
                (type_, self_, self_2, super_),
                (crate_, match_, async_),
                (field_2fa, gr_e, id, id_2, original_name),
            )| dtos::Keywords {
                type_,
                self_,
                self_2,
                super_,
                crate_,
                match_,
                async_,
                field_2fa,
                gr_e,
                id,
                id_2,
                original_name,
            },
        )
}

fn everything() -> impl Strategy<Value = dtos::Everything> {
    let maps = (
        opt(prop::collection::vec(
            prop::collection::hash_map(text(), poco(), 0..3),
            0..3,
        )),
        opt(prop::collection::hash_map(
            text(),
            prop::collection::vec(prop::collection::hash_map(text(), poco(), 0..2), 0..2),
            0..3,
        )),
        opt(prop::collection::vec(
            prop::collection::vec(any::<i32>(), 0..3),
            0..3,
        )),
        opt(bytes()),
        opt(prop::collection::vec(opt(any::<u8>()), 0..4)),
        opt(prop::collection::vec(text(), 0..3)),
        opt(prop::collection::vec(
            (opt(text()), opt(any::<i32>()))
                .prop_map(|(key, value)| dtos::KeyValuePair { key, value }),
            0..3,
        )),
        opt(prop::collection::hash_map(priority(), text(), 0..4)),
        opt(prop::collection::hash_map(text(), text(), 0..3)),
    );
    let wire = (
        decimal(),
        date_time(),
        date_time(),
        date_only(),
        time_only(),
        time_span(),
        opt(time_span()),
        guid(),
    );
    let enums = (color(), opt(color()), file_access(), priority());
    let values = (opt_value(), opt_value(), opt_value(), opt_value());
    let scalars = (
        any::<char>(),
        any::<i8>(),
        any::<u64>(),
        any::<f32>().prop_filter("finite", |f| f.is_finite()),
    );
    let generics = (
        opt(opt(text()).prop_map(|first| dtos::Pair { first })),
        opt((opt(any::<i32>()), opt(poco()))
            .prop_map(|(first, second)| dtos::Pair2 { first, second })),
        opt(any::<i32>().prop_map(|a| dtos::Duplicate { a })),
        opt(opt(text()).prop_map(|b| dtos::OtherDuplicate { b })),
        text(),
        opt(prop::collection::vec(json_value(), 0..3)),
    );
    (maps, wire, enums, values, scalars, generics).prop_map(
        |(
            (nested, deep, jagged, bytes, maybe_bytes, set, pairs, by_priority, by_poco),
            (amount, when, offset, day, time, duration, maybe_duration, key),
            (color, maybe_color, access, priority),
            (any, named, missing, point),
            (letter, small, huge, ratio),
            (pair_of_one, pair_of_two, first, second, required, legacy),
        )| dtos::Everything {
            nested,
            deep,
            jagged,
            bytes,
            maybe_bytes,
            set,
            pairs,
            by_priority,
            by_poco,
            amount,
            when,
            offset,
            day,
            time,
            duration,
            maybe_duration,
            key,
            color,
            maybe_color,
            access,
            priority,
            any,
            named,
            missing,
            point,
            letter,
            small,
            huge,
            ratio,
            pair_of_one,
            pair_of_two,
            first,
            second,
            required: Some(required),
            legacy,
        },
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn enums_round_trip(priority in priority(), color in color(), access in file_access()) {
        round_trip(&priority)?;
        round_trip(&color)?;
        round_trip(&access)?;
        // As map keys too (JSON object keys are strings).
        let mut map = HashMap::new();
        map.insert(priority, color.to_string());
        round_trip(&map)?;
    }

    #[test]
    fn wire_types_round_trip(
        when in date_time(),
        day in date_only(),
        time in time_only(),
        span in time_span(),
        key in guid(),
        amount in decimal(),
        data in bytes(),
    ) {
        round_trip(&when)?;
        round_trip(&day)?;
        round_trip(&time)?;
        round_trip(&span)?;
        round_trip(&key)?;
        round_trip(&amount)?;
        round_trip(&data)?;
        // A decimal keeps its scale (`1.50` stays `1.50`), which `==` does not compare.
        let back: Decimal = serde_json::from_str(&serde_json::to_string(&amount).unwrap()).unwrap();
        prop_assert_eq!(back.to_string(), amount.to_string());
    }

    #[test]
    fn nodes_customers_and_keywords_round_trip(
        node in node(),
        customer in customer(),
        keywords in keywords(),
    ) {
        round_trip(&node)?;
        round_trip(&customer)?;
        round_trip(&keywords)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn everything_round_trips(everything in everything()) {
        round_trip(&everything)?;
    }
}
