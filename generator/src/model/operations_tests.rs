//! Tests of the operations pass.

use super::*;
use crate::model::test_support::{warning_texts, with_passes};
use crate::options::MapType;

/// The operations of a document whose operations are `ops` (JSON objects without a request:
/// each gets a request `Op{n}`), with the warnings.
fn describe(types: &str, ops: &[&str]) -> (Vec<Operation>, Vec<String>) {
    let operations: Vec<String> = ops
        .iter()
        .enumerate()
        .map(|(n, op)| {
            let request = format!(r#""request":{{"name":"Op{n}","properties":[]}}"#);
            if op.trim().is_empty() {
                format!("{{{request}}}")
            } else {
                format!("{{{request},{op}}}")
            }
        })
        .collect();
    let json = format!(
        r#"{{"types":[{types}],"operations":[{}]}}"#,
        operations.join(",")
    );
    with_passes(&json, MapType::Hash, &[], |mut passes| {
        let described = describe_all(
            &passes.doc.operations,
            passes.mapper,
            passes.used,
            &mut passes.diagnostics,
        );
        (
            described.into_values().collect(),
            warning_texts(passes.diagnostics),
        )
    })
}

#[test]
fn the_verb_comes_from_the_method_then_the_routes_then_post() {
    let (ops, _) = describe(
        "",
        &[
            r#""method":"get","routes":[{"path":"/a","verbs":"PUT"}]"#,
            r#""routes":[{"path":" ","verbs":"GET"},{"path":" /b ","verbs":"delete, Put,bogus,DELETE"}]"#,
            r#""routes":[{"path":"/c"}]"#,
        ],
    );
    let methods: Vec<&str> = ops.iter().map(|op| op.request.method).collect();
    assert_eq!(methods, ["GET", "DELETE", "POST"]);
    assert_eq!(
        ops[1].request.routes,
        [RouteDef {
            path: "/b".into(),
            verbs: vec!["DELETE", "PUT"]
        }]
    );
    assert_eq!(ops[2].request.routes[0].verbs, Vec::<&str>::new());
}

#[test]
fn responses_are_read_as_their_type_says() {
    let (ops, warnings) = describe(
        r#"{"name":"Todo","properties":[]}"#,
        &[
            r#""returnType":{"name":"String"}"#,
            r#""returnType":{"name":"Stream"}"#,
            r#""returnType":{"name":"Byte[]"}"#,
            r#""returnType":{"name":"Task"}"#,
            r#""returnType":{"name":"Task`1","genericArgs":["Todo"]}"#,
            r#""returnsVoid":true,"returnType":{"name":"Todo"}"#,
            r#""response":{"name":"QueryResponse`1","genericArgs":["T"],"properties":[]}"#,
            r#""response":{"name":"Todo","properties":[]}"#,
            r#""returnType":{"name":"List`1","genericArgs":["Nope"]}"#,
            r#""returnType":{"name":"Bad<"}"#,
            "",
        ],
    );
    let bytes = RustType::Vec(Box::new(RustType::Primitive("u8")));
    let todo = RustType::Named {
        rust_name: "Todo".into(),
        args: vec![],
    };
    let responses: Vec<(RustType, ResponseKind)> = ops
        .into_iter()
        .map(|op| (op.request.response, op.request.response_kind))
        .collect();
    assert_eq!(
        responses,
        [
            (RustType::String, ResponseKind::Text),
            (bytes.clone(), ResponseKind::Bytes),
            (bytes, ResponseKind::Bytes),
            (RustType::Unit, ResponseKind::Void),
            (todo.clone(), ResponseKind::Json),
            (RustType::Unit, ResponseKind::Void),
            // An open generic response says nothing usable.
            (RustType::Json, ResponseKind::Json),
            (todo, ResponseKind::Json),
            (RustType::Vec(Box::new(RustType::Json)), ResponseKind::Json),
            (RustType::Json, ResponseKind::Json),
            (RustType::Json, ResponseKind::Json),
        ]
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("Op8: type `Nope` is not in the document"));
    assert!(warnings[1].starts_with("Op9: unreadable response type"));
}

#[test]
fn auth_and_tags_are_trimmed() {
    let (ops, _) = describe(
        "",
        &[
            r#""requiresAuth":true,"requiresApiKey":true,"requiredRoles":[" Admin "],
               "requiresAnyPermission":["a","b "],"tags":[" blue ","  ","red"]"#,
        ],
    );
    let auth = &ops[0].request.auth;
    assert!(auth.requires_auth && auth.requires_api_key);
    assert_eq!(auth.required_roles, ["Admin"]);
    assert_eq!(auth.requires_any_permission, ["a", "b"]);
    assert_eq!(ops[0].tags, ["blue", "red"]);
    assert_eq!(ops[0].request.operation_name, "Op0");
}

#[test]
fn auto_query_is_found_through_bases() {
    let json = r#"{"types":[
        {"name":"QueryDb`1","namespace":"ServiceStack","genericArgs":["T"],"isGenericTypeDef":true,"properties":[]},
        {"name":"MyQuery`1","genericArgs":["T"],"isGenericTypeDef":true,
         "inherits":{"name":"QueryDb`1","namespace":"ServiceStack","genericArgs":["T"]},"properties":[]},
        {"name":"Loop","inherits":{"name":"Loop2"},"properties":[]},
        {"name":"Loop2","inherits":{"name":"Loop"},"properties":[]},
        {"name":"Other`1","namespace":"Mine","genericArgs":["T"],"properties":[]},
        {"name":"Todo","properties":[]}
    ],"operations":[]}"#;
    let doc = crate::metadata::parse(json).unwrap();
    let index = Index::build(&doc, crate::options::TextCase::Camel).unwrap();
    let request = |inherits: &str| {
        let json = format!(
            r#"{{"types":[],"operations":[{{"request":{{"name":"R","inherits":{inherits},"properties":[]}}}}]}}"#
        );
        let doc = crate::metadata::parse(&json).unwrap();
        let own = Index::build(&doc, crate::options::TextCase::Camel).unwrap();
        own.decl(0).clone()
    };
    let direct = request(r#"{"name":"QueryData`1","genericArgs":["Todo"]}"#);
    assert!(inherits_query(&index, &direct));
    let through = request(r#"{"name":"MyQuery`1","genericArgs":["Todo"]}"#);
    assert!(inherits_query(&index, &through));
    let elsewhere = request(r#"{"name":"QueryDb`1","namespace":"Mine","genericArgs":["Todo"]}"#);
    assert!(!inherits_query(&index, &elsewhere));
    let cycle = request(r#"{"name":"Loop"}"#);
    assert!(!inherits_query(&index, &cycle));
}
