//! Behaviour of the code generated from `fixtures/features.metadata.json`: the cases real
//! documents lack (flags, int enums, `[EnumMember]` values, keywords, collisions, recursion,
//! shadowed std names, generic bases, every wire type, raw responses).

use serde_json::{Value, json};
use servicestack_runtime::{HttpMethod, IntEnum, ResponseKind, ServiceRequest, StringEnum};
use servicestack_tests::fixtures::features as dtos;

#[test]
fn flags_enums_are_bit_sets_on_the_wire() {
    use dtos::FileAccess;
    let read_write = FileAccess::READ | FileAccess::WRITE;
    assert_eq!(read_write, FileAccess::READ_WRITE);
    assert!(read_write.contains(FileAccess::READ));
    assert!(!read_write.contains(FileAccess::EXECUTE));
    assert!(read_write.intersects(FileAccess::WRITE | FileAccess::EXECUTE));
    assert_eq!(read_write & FileAccess::WRITE, FileAccess::WRITE);
    assert_eq!(serde_json::to_string(&read_write).unwrap(), "3");
    assert_eq!(
        serde_json::from_str::<FileAccess>("5").unwrap(),
        FileAccess::READ | FileAccess::EXECUTE
    );
    assert_eq!(
        serde_json::from_str::<FileAccess>("\"Read, Execute\"")
            .unwrap()
            .bits(),
        5
    );
    let unknown: FileAccess = serde_json::from_str("67").unwrap();
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        "67",
        "unknown bits survive"
    );
    let mut access = FileAccess::default();
    assert!(access.is_empty() && access == FileAccess::NONE);
    access |= FileAccess::EXECUTE;
    assert_eq!(access.bits(), 4);
    assert_eq!(FileAccess::MEMBERS.len(), 5);
}

#[test]
fn int_enums_are_numbers_on_the_wire() {
    use dtos::Priority;
    assert_eq!(serde_json::to_string(&Priority::High).unwrap(), "20");
    assert_eq!(serde_json::to_string(&Priority::Critical).unwrap(), "-1");
    assert_eq!(
        serde_json::from_str::<Priority>("10").unwrap(),
        Priority::Medium
    );
    assert_eq!(
        serde_json::from_str::<Priority>("\"Medium\"").unwrap(),
        Priority::Medium
    );
    let newer: Priority = serde_json::from_str("99").unwrap();
    assert_eq!(newer, Priority::UnknownValue(99));
    assert_eq!(serde_json::to_string(&newer).unwrap(), "99");
    assert_eq!(
        Priority::default(),
        Priority::Low,
        "the member with value 0"
    );
    assert_eq!(Priority::Critical.to_i64(), -1);
    assert_eq!(Priority::High.to_string(), "High");
}

#[test]
fn string_enums_use_enum_member_values() {
    use dtos::Color;
    assert_eq!(
        serde_json::to_string(&Color::DarkBlue).unwrap(),
        "\"dark-blue\""
    );
    assert_eq!(
        serde_json::from_str::<Color>("\"dark-blue\"").unwrap(),
        Color::DarkBlue
    );
    // Members called `Unknown`/`UnknownValue` keep their names; the catch-all moves aside.
    assert_eq!(
        serde_json::from_str::<Color>("\"unknown-value\"").unwrap(),
        Color::UnknownValue
    );
    assert_eq!(
        serde_json::from_str::<Color>("\"teal\"").unwrap(),
        Color::UnknownValue2("teal".into())
    );
    assert_eq!(
        Color::MEMBERS,
        ["red", "dark-blue", "unknown", "unknown-value"]
    );
    assert!(serde_json::from_str::<Color>("3").is_err());
    let empty: dtos::Empty = serde_json::from_str("\"Anything\"").unwrap();
    assert_eq!(empty.as_str(), "Anything");
    assert_eq!(dtos::Empty::default().as_str(), "");
}

#[test]
fn recursive_types_box_only_the_closing_edge() {
    let node = dtos::Node {
        value: 1,
        next: Some(Box::new(dtos::Node {
            value: 2,
            ..Default::default()
        })),
        children: Some(vec![dtos::Node::default()]),
        partner: Some(dtos::Partner {
            back: Some(Box::new(dtos::Node::default())),
        }),
    };
    let json = serde_json::to_value(&node).unwrap();
    assert_eq!(json["next"]["value"], 2);
    assert_eq!(serde_json::from_value::<dtos::Node>(json).unwrap(), node);
}

#[test]
fn keywords_and_collisions_get_distinct_rust_names_and_exact_wire_names() {
    let keywords = dtos::Keywords {
        type_: Some("t".into()),
        self_: Some("S".into()),
        self_2: Some("s".into()),
        super_: Some("u".into()),
        crate_: Some("c".into()),
        match_: Some("m".into()),
        async_: Some("a".into()),
        field_2fa: true,
        gr_e: 7,
        id: 1,
        id_2: 2,
        original_name: Some("o".into()),
    };
    let json = serde_json::to_value(&keywords).unwrap();
    let expected = json!({
        "type": "t", "self": "S", "self_2": "s", "super": "u", "crate": "c", "match": "m", "async": "a",
        "2FA": true, "größe": 7, "id": 1, "ID": 2, "aliasedName": "o"
    });
    assert_eq!(json, expected);
    assert_eq!(
        serde_json::from_value::<dtos::Keywords>(expected).unwrap(),
        keywords
    );
}

#[test]
fn user_types_may_shadow_std_names() {
    let shadowing = dtos::Shadowing {
        result: Some(dtos::Result { ok: true }),
        option: Some(dtos::Option {
            some: Some("x".into()),
        }),
        box_: Some(dtos::Box { size: 3 }),
        vec: Some(dtos::Vec { x: 1.5 }),
        string: Some(dtos::String {
            text: Some("s".into()),
        }),
        default: Some(dtos::Default { on: true }),
        value: Some(dtos::Value {
            amount: "1.50".parse().unwrap(),
        }),
        text: Some("plain".into()),
    };
    let text = serde_json::to_string(&shadowing).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["string"], json!({"text": "s"}));
    assert!(
        text.contains(r#""value":{"amount":1.50}"#),
        "the decimal keeps its scale: {text}"
    );
    assert_eq!(
        serde_json::from_str::<dtos::Shadowing>(&text).unwrap(),
        shadowing
    );
    // Same name in two namespaces, same name with two arities.
    let _: (dtos::Duplicate, dtos::OtherDuplicate) =
        (dtos::Duplicate { a: 1 }, dtos::OtherDuplicate { b: None });
    let _: (dtos::Pair<u8>, dtos::Pair2<u8, i8>) = (
        dtos::Pair { first: Some(1) },
        dtos::Pair2 {
            first: None,
            second: Some(-1),
        },
    );
}

#[test]
fn inheritance_flattens_generic_bases_and_the_derived_type_wins() {
    let json = json!({
        "createdDate": "/Date(978307200000)/",
        "createdBy": "me",
        "id": 9_000_000_000_i64,
        "key": "ea762009b66c410b9bf5ce21ad519249",
        "tags": ["ea762009-b66c-410b-9bf5-ce21ad519249"],
        "name": "Ada"
    });
    let customer: dtos::Customer = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        customer.id, 9_000_000_000,
        "the redeclared Int64 Id replaces the base Int32 one"
    );
    assert_eq!(
        customer.created_by.as_deref(),
        Some("me"),
        "a required reference type is still an Option: unset, it is not sent"
    );
    let keys: Vec<String> = serde_json::to_value(&customer)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(serde_json::to_value(&customer).unwrap(), json);
    assert_eq!(keys.len(), 6);
}

#[test]
fn every_wire_type_round_trips_exactly() {
    let json = json!({
        "nested": [{"a": {"name": "x"}}],
        "deep": {"k": [{"a": {"name": "y"}}]},
        "jagged": [[1, 2], [3]],
        "bytes": "QUJD",
        "maybeBytes": [1, null, 3],
        "set": ["a", "b"],
        "pairs": [{"key": "one", "value": 1}],
        "byPriority": {"20": "high"},
        "byPoco": {"p": "q"},
        "amount": 0,
        "when": "/Date(978307200000-0000)/",
        "offset": "2016-03-21T12:18:58.8551447+00:00",
        "day": "2024-01-31",
        "time": "PT13H45M",
        "duration": "P1DT2H",
        "maybeDuration": "PT0.5S",
        "key": "ea762009b66c410b9bf5ce21ad519249",
        "color": "dark-blue",
        "maybeColor": "red",
        "access": 3,
        "priority": 20,
        "any": {"free": ["form"]},
        "named": {"name": "n"},
        "missing": 1,
        "point": {"x": 1, "y": 2},
        "letter": "z",
        "small": -5,
        "huge": 18446744073709551615_u64,
        "ratio": 0.5,
        "pairOfOne": {"first": "f"},
        "pairOfTwo": {"first": 1, "second": {"name": "s"}},
        "first": {"a": 1},
        "second": {"b": "2"},
        "required": "yes",
        "legacy": [true]
    });
    // json! cannot hold a 28-digit decimal: put the exact text in.
    let text = json
        .to_string()
        .replace("\"amount\":0", "\"amount\":1234567890.123456789012345678");
    let everything: dtos::Everything = serde_json::from_str(&text).unwrap();
    assert_eq!(
        everything.amount.to_string(),
        "1234567890.123456789012345678"
    );
    assert_eq!(
        everything.bytes.as_deref().map(|bytes| bytes.to_vec()),
        Some(b"ABC".to_vec())
    );
    assert_eq!(
        everything.by_priority.as_ref().unwrap()[&dtos::Priority::High],
        "high"
    );
    assert_eq!(everything.access, dtos::FileAccess::READ_WRITE);
    assert_eq!(everything.when.unix_millis(), 978_307_200_000);
    let back = serde_json::to_string(&everything).unwrap();
    let reparsed: Value = serde_json::from_str(&back).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(reparsed, original);
    assert!(back.contains("1234567890.123456789012345678"), "{back}");
    assert!(
        back.contains(r#""when":"/Date(978307200000-0000)/""#),
        "{back}"
    );
}

fn response_of<R: ServiceRequest>() -> (HttpMethod, ResponseKind) {
    (R::METHOD, R::RESPONSE_KIND)
}

#[test]
fn operations_describe_verb_routes_auth_and_response() {
    fn returns<R: ServiceRequest<Response = T>, T>() {}
    returns::<dtos::GetCustomer, dtos::Customer>();
    returns::<dtos::GetText, String>();
    returns::<dtos::GetFile, Vec<u8>>();
    returns::<dtos::ListNodes, Vec<dtos::Node>>();
    returns::<dtos::Ping, ()>();
    returns::<dtos::Unknown, Value>();
    returns::<dtos::GetEverything, dtos::Everything>();
    returns::<dtos::Echo, dtos::Echo>();

    assert_eq!(
        response_of::<dtos::GetCustomer>(),
        (HttpMethod::Get, ResponseKind::Json)
    );
    assert_eq!(
        response_of::<dtos::GetText>(),
        (HttpMethod::Get, ResponseKind::Text)
    );
    assert_eq!(
        response_of::<dtos::GetFile>(),
        (HttpMethod::Post, ResponseKind::Bytes)
    );
    assert_eq!(
        response_of::<dtos::ListNodes>(),
        (HttpMethod::Put, ResponseKind::Json),
        "verb from the route"
    );
    assert_eq!(
        response_of::<dtos::Ping>(),
        (HttpMethod::Post, ResponseKind::Void)
    );
    assert_eq!(
        response_of::<dtos::Unknown>(),
        (HttpMethod::Post, ResponseKind::Json),
        "ANY → POST"
    );
    assert_eq!(response_of::<dtos::GetEverything>().0, HttpMethod::Patch);

    let routes = dtos::GetCustomer::ROUTES;
    assert_eq!(routes[0].path, "/customers/{Id}");
    assert_eq!(routes[0].verbs, [HttpMethod::Get]);
    assert_eq!(
        routes[1].verbs,
        [HttpMethod::Get, HttpMethod::Post],
        "`any` is not a verb"
    );
    let auth = dtos::GetCustomer::AUTH;
    assert!(auth.requires_auth && auth.requires_api_key);
    assert_eq!(auth.required_roles, ["Admin"]);
    assert_eq!(auth.requires_any_role, ["A", "B"]);
    assert_eq!(auth.required_permissions, ["read"]);
    assert_eq!(auth.requires_any_permission, ["x"]);
    const { assert!(!dtos::Ping::AUTH.requires_auth) };

    assert_eq!(dtos::GetText::decode_response(b"hello").unwrap(), "hello");
    assert_eq!(
        dtos::GetFile::decode_response(&[0, 159]).unwrap(),
        vec![0, 159]
    );
    dtos::Ping::decode_response(b"").unwrap();
    assert_eq!(
        dtos::ListNodes::decode_response(b"[{\"value\":3}]").unwrap()[0].value,
        3
    );
    // The unused generic parameters of a marker base are dropped, its fields kept (flattened
    // into the request; the abstract base itself is not emitted, as nothing names it).
    let _ = dtos::GetEverything {
        note: None,
        filter: Some("f".into()),
    };
}

#[test]
fn legacy_pascal_case_app_json_documents_work() {
    use servicestack_tests::fixtures::legacy_pascal_app as legacy;
    fn returns<R: ServiceRequest<Response = T>, T>() {}
    returns::<legacy::GetItems, legacy::QueryResponse<legacy::Item>>();
    returns::<legacy::GetPage, legacy::Page<legacy::Item>>();
    let page: legacy::QueryResponse<legacy::Item> = legacy::GetItems::decode_response(
        br#"{"results":[{"name":"a"}],"responseStatus":{"errorCode":"E","message":"m"}}"#,
    )
    .unwrap();
    assert_eq!(page.results.unwrap()[0].name.as_deref(), Some("a"));
    assert_eq!(
        page.response_status.unwrap().error_code.as_deref(),
        Some("E")
    );
    assert_eq!(legacy::GetItems::METHOD, HttpMethod::Get);
    let request = legacy::GetItems { skip: Some(5) };
    assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"skip":5}"#);
}
