//! Tests of the index pass.

use super::*;
use crate::metadata::parse;

fn build(json: &str) -> Result<Index, Error> {
    Index::build(&parse(json).unwrap(), TextCase::Camel)
}

fn names(index: &Index) -> Vec<String> {
    index
        .decls()
        .map(|(_, decl)| decl.qualified_name())
        .collect()
}

#[test]
fn dotnet_types_are_left_out_and_key_value_pair_is_defined() {
    let index = build(
        r#"{"types":[
            {"name":"String","namespace":"System"},
            {"name":"Task`1","genericArgs":["T"]},
            {"name":"List`1"},
            {"name":"Pairs","properties":[
                {"name":"Items","type":"List`1","genericArgs":["KeyValuePair<String,Int32>"]}]}
        ],"operations":[
            {"request":{"name":"Ping","properties":[]},
             "response":{"name":"String","namespace":"System"}}
        ]}"#,
    )
    .unwrap();
    assert_eq!(
        names(&index),
        ["Pairs", "Ping", "System.Collections.Generic.KeyValuePair`2"]
    );
    let pair = index.decl(index.find("KeyValuePair", 2, None).unwrap());
    assert_eq!(pair.params, ["TKey", "TValue"]);
    let props: Vec<(&str, String)> = pair
        .props
        .iter()
        .map(|prop| (prop.wire_name.as_str(), prop.ty.to_string()))
        .collect();
    assert_eq!(
        props,
        [("key", "TKey".to_owned()), ("value", "TValue".to_owned())]
    );
}

#[test]
fn a_type_declared_twice_keeps_its_members_and_its_operation() {
    let index = build(
        r#"{"types":[{"name":"Hello","namespace":"A","properties":[]}],
            "operations":[{"request":{"name":"Hello","namespace":"A",
                "properties":[{"name":"Name","type":"String"}]}}]}"#,
    )
    .unwrap();
    assert_eq!(names(&index), ["A.Hello"]);
    let hello = index.decl(0);
    assert_eq!(hello.op, Some(0));
    assert_eq!(hello.props.len(), 1);
    assert_eq!(hello.path, "$.operations[0].request");
}

#[test]
fn a_closed_generic_is_turned_back_into_its_definition() {
    let index = build(
        r#"{"types":[{"name":"Todo","properties":[]},
            {"name":"QueryResponse`1","genericArgs":["Todo"],"properties":[
                {"name":"Results","type":"List`1","genericArgs":["Todo"]},
                {"name":"Total","type":"Int32"}]}],"operations":[]}"#,
    )
    .unwrap();
    let response = index.decl(index.find("QueryResponse", 1, None).unwrap());
    assert_eq!(response.params, ["T"]);
    let types: Vec<String> = response.props.iter().map(|p| p.ty.to_string()).collect();
    assert_eq!(types, ["List<T>", "Int32"]);
}

#[test]
fn lookups_prefer_the_namespace_asked_for() {
    let index = build(
        r#"{"types":[{"name":"Item","namespace":"A","properties":[]},
            {"name":"Item","namespace":"B","properties":[]},
            {"name":"Item`1","namespace":"B","genericArgs":["T"],"properties":[]}],
            "operations":[]}"#,
    )
    .unwrap();
    assert_eq!(index.find("Item", 0, Some("B")), Some(1));
    assert_eq!(index.find("Item", 0, Some("C")), Some(0));
    assert_eq!(index.find("Item", 0, None), Some(0));
    assert_eq!(index.find("Item", 1, None), Some(2));
    assert_eq!(index.find("Item", 2, None), None);
    assert!(index.has_name("Item") && !index.has_name("Other"));
}

#[test]
fn properties_are_normalised_once() {
    let json = r#"{"types":[{"name":"A","properties":[
        {"name":"SessionId","type":"String","description":" Who. ",
         "attributes":[{"name":"Required"}]},
        {"name":"Count","type":"Int32","isValueType":true,
         "dataMember":{"name":"n","isRequired":true}}]}],"operations":[]}"#;
    let doc = parse(json).unwrap();
    let camel = Index::build(&doc, TextCase::Camel).unwrap();
    let [session, count] = &camel.decl(0).props[..] else {
        panic!()
    };
    assert_eq!(session.wire_name, "sessionId");
    assert_eq!(session.alias.as_deref(), Some("SessionId"));
    assert!(!session.declared_required && !session.is_value_type);
    assert_eq!(session.docs[0], "Who.");
    assert_eq!(session.docs[1], "");
    assert!(session.docs.len() == 3, "{:?}", session.docs);
    assert_eq!(
        (count.wire_name.as_str(), count.alias.as_deref()),
        ("n", None)
    );
    assert!(count.declared_required && count.is_value_type);
    let pascal = Index::build(&doc, TextCase::Pascal).unwrap();
    let session = &pascal.decl(0).props[0];
    assert_eq!(session.wire_name, "SessionId");
    assert_eq!(session.alias.as_deref(), Some("sessionId"));
}

#[test]
fn unreadable_declarations_are_errors_that_say_where() {
    let error = build(r#"{"types":[{"name":"A","properties":[{"name":"X"}]}]}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("A.X ($.types[0].properties[0])"), "{error}");
    assert!(error.contains("no `type`"), "{error}");
    let error = build(
        r#"{"types":[{"name":"Todo"},{"name":"Pair`2","genericArgs":["Todo"],"properties":[]}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("takes 2 type argument(s)"), "{error}");
    let error = build(r#"{"types":[{"name":"A`x"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("$.types[0].name"), "{error}");
}

#[test]
fn kinds_follow_the_declaration() {
    let index = build(
        r#"{"types":[{"name":"E","isEnum":true},{"name":"I","isInterface":true},
            {"name":"ResponseStatus","namespace":"ServiceStack","properties":[]},
            {"name":"ResponseStatus","namespace":"MyApp","properties":[]}],"operations":[]}"#,
    )
    .unwrap();
    let kinds: Vec<Kind> = index.decls().map(|(_, decl)| decl.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Enum,
            Kind::Interface,
            Kind::Runtime("ResponseStatus"),
            Kind::Struct
        ]
    );
}
