//! Tests of the query serializer: every DTO shape gives the same text as the JSON path.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Value, json};

use super::super::query::{Fields, append_query, append_query_of, encode_component};
use super::{Target, read};
use crate::wire::{Bytes, DateOnly, DateTime, Decimal, Guid, TimeOnly, TimeSpan};

const BASE: &str = "http://h/api/Op";

/// The query string and the route texts of `request` by the direct reading equal those of
/// the JSON round trip (and so do the errors); `direct` says the direct reading must not
/// give up on it.
fn same_as_json<T: Serialize + ?Sized>(request: &T, direct: bool) {
    let json = Fields::of_json(request);
    let fields = Fields::of(request);
    assert_eq!(fields, json, "members of {}", type_name(request));

    let mut url = BASE.to_owned();
    let query = append_query_of(request, &mut url).map(|()| url);
    let expected = json.map(|fields| {
        let mut url = BASE.to_owned();
        append_query(&fields, &[], &mut url);
        url
    });
    assert_eq!(query, expected, "query of {}", type_name(request));

    let mut collected = Fields::default();
    let mut url = BASE.to_owned();
    let start = url.len();
    let read_fields = read(request, Target::Fields(&mut collected)).is_ok();
    let read_query = read(
        request,
        Target::Query {
            url: &mut url,
            start,
        },
    )
    .is_ok();
    assert_eq!(
        (read_fields, read_query),
        (direct, direct),
        "direct reading of {}",
        type_name(request)
    );
}

fn type_name<T: ?Sized>(_: &T) -> &'static str {
    std::any::type_name::<T>()
}

#[derive(Serialize)]
struct UnitMember;

#[derive(Serialize)]
enum Kind {
    Plain,
    #[serde(rename = "renamed value")]
    Renamed,
    Wrapped(i32),
    Shaped {
        x: i32,
    },
}

#[derive(Serialize)]
struct Meters(f64);

#[derive(Serialize)]
struct Scalars {
    flag: bool,
    #[serde(rename = "smallInt")]
    small: i8,
    i16: i16,
    i32: i32,
    i64_min: i64,
    u8: u8,
    u16: u16,
    u32: u32,
    u64_max: u64,
    i128_small: i128,
    u128_small: u128,
    f32: f32,
    f64: f64,
    letter: char,
    text: String,
    empty: String,
    none: Option<String>,
    some: Option<i32>,
    nested_some: Option<Option<bool>>,
    nested_none: Option<Option<bool>>,
    unit: (),
    unit_struct: UnitMember,
    variant: Kind,
    renamed: Kind,
    meters: Meters,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<String>,
}

fn scalars() -> Scalars {
    Scalars {
        flag: true,
        small: -128,
        i16: i16::MIN,
        i32: -7,
        i64_min: i64::MIN,
        u8: u8::MAX,
        u16: 0,
        u32: u32::MAX,
        u64_max: u64::MAX,
        i128_small: -42,
        u128_small: u128::from(u64::MAX),
        f32: 0.1,
        f64: -2.5e-7,
        letter: 'ü',
        text: "a b&c=d/é+%\"[x]{y},z:1\r\n\t~._-😀".into(),
        empty: String::new(),
        none: None,
        some: Some(3),
        nested_some: Some(Some(false)),
        nested_none: Some(None),
        unit: (),
        unit_struct: UnitMember,
        variant: Kind::Plain,
        renamed: Kind::Renamed,
        meters: Meters(1e300),
        skipped: None,
    }
}

#[test]
fn scalars_are_read_directly_and_give_the_same_text() {
    same_as_json(&scalars(), true);
    let fields = Fields::of(&scalars()).unwrap();
    assert_eq!(fields.find("NONE").unwrap().1.path_text(), None);
    assert_eq!(fields.find("letter").unwrap().1.path_text(), Some("ü"));
    assert_eq!(
        fields.find("u64_max").unwrap().1.path_text(),
        Some("18446744073709551615")
    );
    assert!(fields.find("skipped").is_none());
    let mut url = String::new();
    append_query_of(&scalars(), &mut url).unwrap();
    assert!(url.starts_with("?flag=true&smallInt=-128&"), "{url}");
    assert!(url.contains("&f32=0.1&f64=-2.5e-7&letter=%C3%BC&"), "{url}");
    assert!(url.contains("&nested_some=false&variant=Plain&renamed=renamed%20value&"));
    assert!(!url.contains("none") && !url.contains("unit"), "{url}");
}

#[test]
fn wire_types_keep_their_own_text() {
    #[derive(Serialize)]
    struct Wire {
        date: DateTime,
        wcf: DateTime,
        day: DateOnly,
        time: TimeOnly,
        span: TimeSpan,
        guid: Guid,
        price: Decimal,
        big: Decimal,
        blob: Bytes,
    }
    let wire = Wire {
        date: "2026-11-30T10:00:00.123+01:00".parse().unwrap(),
        wcf: "/Date(1700000000000-0500)/".parse().unwrap(),
        day: "2026-02-28".parse().unwrap(),
        time: "PT10H30M".parse().unwrap(),
        span: "P1DT2H3M4.5S".parse().unwrap(),
        guid: "{0F9C2A52-1D7E-4B0C-9F3E-6A1D2C3B4A59}".parse().unwrap(),
        price: "19.990".parse().unwrap(),
        big: "79228162514264337593543950335".parse().unwrap(),
        blob: Bytes::new(vec![0, 1, 2, 250, 251, 255]),
    };
    // The JSON round trip reads numbers into a `Value`, exact only with `arbitrary_precision`;
    // the direct reading writes every digit of a decimal either way.
    #[cfg(feature = "exact-decimal")]
    same_as_json(&wire, true);
    #[cfg(not(feature = "exact-decimal"))]
    {
        let mut json = Fields::of_json(&wire).unwrap();
        for (key, member) in &mut json.0 {
            match key.as_str() {
                "price" => *member = super::super::query::Member::Text("19.990".to_owned()),
                "big" => {
                    *member = super::super::query::Member::Text(
                        "79228162514264337593543950335".to_owned(),
                    );
                }
                _ => {}
            }
        }
        assert_eq!(Fields::of(&wire), Ok(json));
    }
    let mut url = String::new();
    append_query_of(&wire, &mut url).unwrap();
    assert!(
        url.contains("wcf=%2FDate%281700000000000-0500%29%2F&"),
        "{url}"
    );
    assert!(
        url.contains("&price=19.990&big=79228162514264337593543950335&"),
        "{url}"
    );
}

/// Decimal members are written with every digit and their scale, from the `Decimal` itself or
/// through `Option`; a `RawValue` member that is a number is written as it is, any other raw
/// value is read the JSON way (a string as the string, a list in JSV).
#[test]
fn decimals_and_raw_numbers_keep_every_digit() {
    #[derive(Serialize)]
    struct Prices {
        exact: Decimal,
        scaled: Option<Decimal>,
        negative: Decimal,
        none: Option<Decimal>,
        raw_number: Box<serde_json::value::RawValue>,
        raw_text: Box<serde_json::value::RawValue>,
        raw_list: Box<serde_json::value::RawValue>,
    }
    let raw = |json: &str| serde_json::value::RawValue::from_string(json.to_owned()).unwrap();
    let prices = Prices {
        exact: "1234567890.123456789012345678".parse().unwrap(),
        scaled: Some("1.50".parse().unwrap()),
        negative: "-0.0000000000000000000000000001".parse().unwrap(),
        none: None,
        raw_number: raw("12.50"),
        raw_text: raw(r#""a b""#),
        raw_list: raw("[1,2]"),
    };
    let mut url = BASE.to_owned();
    append_query_of(&prices, &mut url).unwrap();
    assert_eq!(
        url,
        format!(
            "{BASE}?exact=1234567890.123456789012345678&scaled=1.50\
             &negative=-0.0000000000000000000000000001&raw_number=12.50&raw_text=a%20b\
             &raw_list=%5B1%2C2%5D"
        )
    );
    let fields = Fields::of(&prices).unwrap();
    assert_eq!(
        fields.find("exact").unwrap().1.path_text(),
        Some("1234567890.123456789012345678")
    );
    assert_eq!(fields.find("none").unwrap().1.path_text(), None);
    assert_eq!(fields.find("raw_list").unwrap().1.path_text(), Some("1,2"));
}

#[test]
fn floats_take_serde_json_number_text() {
    #[derive(Serialize)]
    struct Floats {
        a: f32,
        b: f64,
    }
    let specials = [
        (0.0, 0.0),
        (-0.0, -0.0),
        (1e14, 1e16),
        (3.402_823_5e38, f64::MAX),
        (f32::MIN_POSITIVE, f64::MIN_POSITIVE),
        (1e-7, 5e-324),
        (16_777_217.0, 123_456_789_012_345_680.0),
        (f32::NAN, f64::INFINITY),
        (f32::NEG_INFINITY, f64::NAN),
    ];
    for (a, b) in specials {
        same_as_json(&Floats { a, b }, true);
    }
    // A deterministic spread of bit patterns (splitmix64).
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for _ in 0..2000 {
        let bits = next();
        same_as_json(
            &Floats {
                a: f32::from_bits(bits as u32),
                b: f64::from_bits(bits),
            },
            true,
        );
    }
}

#[test]
fn wide_integers_beyond_64_bits_take_the_json_round_trip() {
    #[derive(Serialize)]
    struct Wide {
        big: u128,
        low: i128,
    }
    same_as_json(
        &Wide {
            big: u128::from(u64::MAX) + 1,
            low: 1,
        },
        true,
    );
    same_as_json(
        &Wide {
            big: 1,
            low: i128::from(i64::MIN) - 1,
        },
        true,
    );
}

#[test]
fn complex_members_are_written_in_jsv() {
    #[derive(Serialize)]
    struct Inner {
        name: Option<String>,
        phone: Option<String>,
        tags: Vec<String>,
    }
    #[derive(Serialize)]
    struct Complex {
        ids: Vec<i64>,
        names: Vec<String>,
        empty: Vec<u8>,
        bytes: Vec<u8>,
        map: HashMap<String, Option<String>>,
        numbered: BTreeMap<i32, String>,
        inner: Inner,
        wrapped: Kind,
        shaped: Kind,
        pair: (i32, String),
        value: Value,
        number: Value,
    }
    let complex = Complex {
        ids: vec![1, -2, 3],
        names: vec![
            "alpha".into(),
            "b c".into(),
            "d,e".into(),
            "say \"hi\"".into(),
        ],
        empty: Vec::new(),
        bytes: vec![0, 255],
        map: HashMap::from([
            ("k 2".to_owned(), Some("v&2".to_owned())),
            ("gone".to_owned(), None),
            ("a".to_owned(), Some("{x}".to_owned())),
        ]),
        numbered: BTreeMap::from([(2, "two".to_owned()), (10, "ten".to_owned())]),
        inner: Inner {
            name: Some("Ann Lee".into()),
            phone: None,
            tags: vec!["x".into()],
        },
        wrapped: Kind::Wrapped(5),
        shaped: Kind::Shaped { x: 1 },
        pair: (1, "one".into()),
        value: json!({"b": [1, {"c": null}], "a": "z"}),
        number: json!(12.50),
    };
    same_as_json(&complex, true);
    let fields = Fields::of(&complex).unwrap();
    assert_eq!(fields.find("ids").unwrap().1.path_text(), Some("1,-2,3"));
    assert_eq!(fields.find("empty").unwrap().1.path_text(), Some(""));
    assert_eq!(
        fields.find("map").unwrap().1.query_text(),
        Some("{a:\"{x}\",k 2:v&2}")
    );
}

/// Decimals inside lists, maps and nested objects keep every digit and their scale (the JSON
/// round trip, through a `Value`, keeps them only with `arbitrary_precision`); other numbers
/// there are written as the round trip writes them.
#[test]
fn decimals_inside_complex_members_keep_every_digit() {
    #[derive(Serialize)]
    struct Inner {
        price: Decimal,
        ratio: f64,
    }
    #[derive(Serialize)]
    struct Ranges {
        between: Vec<Decimal>,
        by_name: BTreeMap<String, Decimal>,
        inner: Inner,
        wide: Vec<u128>,
        raw: Box<serde_json::value::RawValue>,
    }
    let ranges = Ranges {
        between: vec![
            "1.10".parse().unwrap(),
            "-0.000001".parse().unwrap(),
            "1234567890.123456789012345678".parse().unwrap(),
        ],
        by_name: BTreeMap::from([(
            "a b".to_owned(),
            "79228162514264337593543950335".parse().unwrap(),
        )]),
        inner: Inner {
            price: "19.990".parse().unwrap(),
            ratio: 0.5,
        },
        wide: vec![u128::from(u64::MAX) + 1],
        raw: serde_json::value::RawValue::from_string(r#"[2.50,"x"]"#.to_owned()).unwrap(),
    };
    #[cfg(feature = "exact-decimal")]
    same_as_json(&ranges, true);
    let fields = Fields::of(&ranges).unwrap();
    let text = |name: &str| fields.find(name).unwrap().1.query_text().map(str::to_owned);
    assert_eq!(
        text("between").as_deref(),
        Some("[1.10,-0.000001,1234567890.123456789012345678]")
    );
    assert_eq!(
        fields.find("between").unwrap().1.path_text(),
        Some("1.10,-0.000001,1234567890.123456789012345678")
    );
    assert_eq!(
        text("by_name").as_deref(),
        Some("{a b:79228162514264337593543950335}")
    );
    assert_eq!(text("inner").as_deref(), Some("{price:19.990,ratio:0.5}"));
    // Not decimals: as the JSON round trip writes them.
    let json = Fields::of_json(&ranges).unwrap();
    assert_eq!(fields.find("wide"), json.find("wide"));
    // A raw value that is not a number itself is read the JSON way too.
    assert_eq!(fields.find("raw"), json.find("raw"));
    let mut url = BASE.to_owned();
    append_query_of(&ranges, &mut url).unwrap();
    assert!(
        url.contains("?between=%5B1.10%2C-0.000001%2C1234567890.123456789012345678%5D&"),
        "{url}"
    );
}

#[test]
fn nesting_limit_is_counted_as_inside_the_request() {
    #[derive(Serialize)]
    struct Deep {
        value: Value,
    }
    // serde_json reads at most 128 levels: the request's object is the first of them.
    for depth in [125, 126, 127, 128, 129] {
        let mut value = json!(1);
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        let deep = Deep { value };
        same_as_json(&deep, Fields::of_json(&deep).is_ok());
    }
}

#[test]
fn requests_that_are_not_plain_objects_read_as_before() {
    #[derive(Serialize)]
    struct Empty;
    #[derive(Serialize)]
    struct Wrapper(Inner);
    #[derive(Serialize)]
    struct Inner {
        a: i32,
    }
    #[derive(Serialize)]
    struct Flattened {
        first: i32,
        #[serde(flatten)]
        rest: BTreeMap<String, Value>,
        #[serde(flatten)]
        inner: Inner,
    }
    same_as_json(&Empty, true);
    same_as_json(&(), true);
    same_as_json(&None::<Inner>, true);
    same_as_json(&Some(Inner { a: 1 }), true);
    same_as_json(&Wrapper(Inner { a: 2 }), true);
    same_as_json(&BTreeMap::from([("x y", 1), ("a", 2)]), true);
    same_as_json(&json!({"b": 1, "a": [1, 2], "c": null}), true);
    same_as_json(
        &Flattened {
            first: 1,
            rest: BTreeMap::from([
                ("a".to_owned(), json!("x")),
                ("a b".to_owned(), json!(null)),
            ]),
            inner: Inner { a: 3 },
        },
        true,
    );
    // Keys serde_json turns into strings, enum variants with data (one-member objects) and
    // everything that is not an object: read from the JSON text, same members or errors.
    same_as_json(&BTreeMap::from([(1, "one"), (2, "two")]), false);
    same_as_json(&Kind::Wrapped(7), false);
    same_as_json(&Kind::Shaped { x: 8 }, false);
    for not_an_object in [json!(1), json!("text"), json!([1, 2]), json!(true)] {
        same_as_json(&not_an_object, false);
        assert!(Fields::of(&not_an_object).is_err());
    }
    // With `arbitrary_precision`, serde_json reads a fraction back as its private
    // one-member map: whatever that gives, it gives it as before (and so does a top-level
    // decimal, a raw value).
    same_as_json(&"1.5".parse::<Decimal>().unwrap(), false);
    same_as_json(&json!(1.5), false);
    same_as_json(&Kind::Plain, false);
    same_as_json(&[1, 2], false);
    same_as_json(&7_u8, false);
    same_as_json(&"text", false);
}

#[test]
fn failing_members_give_serde_json_errors() {
    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("this member refuses"))
        }
    }
    #[derive(Serialize)]
    struct WithFailing {
        ok: i32,
        fails: Fails,
    }
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Point {
        x: i32,
    }
    #[derive(Serialize)]
    struct BadKeys {
        ok: i32,
        map: BTreeMap<Point, i32>,
    }
    same_as_json(
        &WithFailing {
            ok: 1,
            fails: Fails,
        },
        false,
    );
    assert_eq!(
        Fields::of(&WithFailing {
            ok: 1,
            fails: Fails
        }),
        Err("this member refuses".to_owned())
    );
    same_as_json(
        &BadKeys {
            ok: 1,
            map: BTreeMap::from([(Point { x: 1 }, 2)]),
        },
        false,
    );
    assert!(
        Fields::of(&BadKeys {
            ok: 1,
            map: BTreeMap::from([(Point { x: 1 }, 2)]),
        })
        .is_err()
    );
}

#[test]
fn escaping_matches_the_percent_encoding_crate() {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let mut state = 7_u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let alphabet: Vec<char> = ('\0'..='\u{7f}')
        .chain([
            'é',
            'ü',
            '日',
            '本',
            '😀',
            '\u{80}',
            '\u{7ff}',
            '\u{800}',
            '\u{ffff}',
            '\u{10ffff}',
        ])
        .collect();
    for _ in 0..3000 {
        let len = next() as usize % 12;
        let text: String = (0..len)
            .map(|_| alphabet[next() as usize % alphabet.len()])
            .collect();
        let expected: String = percent_encoding::utf8_percent_encode(&text, SET).collect();
        assert_eq!(encode_component(&text), expected, "{text:?}");
    }
    assert!(matches!(
        encode_component("Operation_1.v2~x-y"),
        std::borrow::Cow::Borrowed(_)
    ));
}
