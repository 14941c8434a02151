//! Tests of the type mapping pass.

use super::*;
use crate::model::test_support::{warning_texts, with_passes};
use crate::typeref::parse_expression;

const DOC: &str = r#"{"types":[
    {"name":"Poco","properties":[{"name":"X","type":"Int32"}]},
    {"name":"Color","isEnum":true,"enumNames":["Red"]},
    {"name":"IThing","isInterface":true},
    {"name":"String","namespace":"MyApp","properties":[{"name":"V","type":"Int32"}]},
    {"name":"Page`1","genericArgs":["T"],"isGenericTypeDef":true,
     "properties":[{"name":"Items","type":"List`1","genericArgs":["T"]}]}
],"operations":[]}"#;

/// Maps `ty` (in a type with parameter `T`) with every generic argument kept; returns the Rust
/// type and the warnings.
fn map_with(
    map_type: MapType,
    replacements: &[(&str, &str)],
    ty: &str,
    namespace: Option<&str>,
) -> (RustType, Vec<String>) {
    let replacements: Vec<(String, String)> = replacements
        .iter()
        .map(|(name, path)| (name.to_string(), path.to_string()))
        .collect();
    with_passes(DOC, map_type, &replacements, |mut passes| {
        let mapped = passes.mapper.map(
            &parse_expression(ty).unwrap(),
            &["T".into()],
            namespace,
            "A.Field",
        );
        mapped.report(passes.mentioned, &mut passes.diagnostics);
        let ty = mapped.lower(passes.mentioned, passes.names);
        (ty, warning_texts(passes.diagnostics))
    })
}

fn map(ty: &str) -> RustType {
    let (mapped, warnings) = map_with(MapType::Hash, &[], ty, None);
    assert!(warnings.is_empty(), "{ty}: {warnings:?}");
    mapped
}

fn named(name: &str, args: Vec<RustType>) -> RustType {
    RustType::Named {
        rust_name: name.into(),
        args,
    }
}

fn boxed(ty: RustType) -> Box<RustType> {
    Box::new(ty)
}

#[test]
fn builtins_and_collections() {
    use RustType::{Json, Map, Option, Primitive, Runtime, Vec};
    assert_eq!(map("List<Int32>"), Vec(boxed(Primitive("i32"))));
    assert_eq!(map("Int32[]"), Vec(boxed(Primitive("i32"))));
    assert_eq!(map("Byte[]"), Runtime("Bytes"));
    assert_eq!(map("HashSet"), Vec(boxed(Json)));
    assert_eq!(
        map("Dictionary<String,Poco>"),
        Map(boxed(RustType::String), boxed(named("Poco", vec![])))
    );
    assert_eq!(map("Hashtable"), Map(boxed(RustType::String), boxed(Json)));
    assert_eq!(
        map("NameValueCollection"),
        Map(boxed(RustType::String), boxed(RustType::String))
    );
    assert_eq!(map("Nullable<Int32>"), Option(boxed(Primitive("i32"))));
    assert_eq!(
        map("Nullable<Nullable<Guid>>"),
        Option(boxed(Runtime("Guid")))
    );
    assert_eq!(map("T"), RustType::Param("T".into()));
    assert_eq!(
        map("Page<T>"),
        named("Page", vec![RustType::Param("T".into())])
    );
    assert_eq!(map("ResponseStatus"), Runtime("ResponseStatus"));
    assert_eq!(map("Object"), Json);
}

#[test]
fn map_keys_are_what_the_map_type_can_hold() {
    use RustType::{Map, Primitive, Runtime};
    let key = |map_type, ty: &str| match map_with(map_type, &[], ty, None).0 {
        Map(key, _) => *key,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        key(MapType::Hash, "Dictionary<Guid,Int32>"),
        Runtime("Guid")
    );
    assert_eq!(
        key(MapType::BTree, "Dictionary<Guid,Int32>"),
        RustType::String
    );
    assert_eq!(
        key(MapType::Hash, "Dictionary<Double,Int32>"),
        RustType::String
    );
    assert_eq!(
        key(MapType::Hash, "Dictionary<Int64,Int32>"),
        Primitive("i64")
    );
    assert_eq!(
        key(MapType::BTree, "Dictionary<Color,Int32>"),
        named("Color", vec![])
    );
    assert_eq!(
        key(MapType::Hash, "Dictionary<Poco,Int32>"),
        RustType::String
    );
}

#[test]
fn a_user_type_named_like_a_system_type_is_found_by_namespace() {
    let (ty, _) = map_with(MapType::Hash, &[], "String", Some("MyApp"));
    assert_eq!(ty, named("String", vec![]));
    let (ty, _) = map_with(MapType::Hash, &[], "String", Some("System"));
    assert_eq!(ty, RustType::String);
}

#[test]
fn replacements_stand_in_for_their_types() {
    let replacements = [("Guid", "uuid::Uuid"), ("Poco", "my::Poco")];
    let (ty, _) = map_with(MapType::Hash, &replacements, "List<Guid>", None);
    let guid = RustType::Replaced {
        path: "uuid::Uuid".into(),
        args: vec![],
        wire: Some("Guid"),
    };
    assert_eq!(ty, RustType::Vec(boxed(guid)));
    let (ty, _) = map_with(MapType::Hash, &replacements, "Dictionary<Guid,Poco>", None);
    let poco = RustType::Replaced {
        path: "my::Poco".into(),
        args: vec![],
        wire: None,
    };
    // A replaced key is not known to be hashable: it is read as a string.
    assert_eq!(ty, RustType::Map(boxed(RustType::String), boxed(poco)));
}

#[test]
fn unusable_types_become_json_with_a_warning() {
    for (ty, warning) in [
        (
            "Missing",
            "A.Field: type `Missing` is not in the document; using serde_json::Value",
        ),
        (
            "IThing",
            "A.Field: `IThing` is an interface; using serde_json::Value",
        ),
        (
            "Nullable",
            "A.Field: `Nullable` has no type argument in the document; using Option<serde_json::Value>",
        ),
    ] {
        let (_, warnings) = map_with(MapType::Hash, &[], ty, None);
        assert_eq!(warnings, [warning]);
    }
    // A replaced type is not generated: a reference to it by arity is excluded.
    let (ty, warnings) = map_with(
        MapType::Hash,
        &[("Page", "my::Page")],
        "List<Page<T>>",
        None,
    );
    assert!(matches!(ty, RustType::Vec(_)), "{ty:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn arguments_of_dropped_parameters_are_lowered_away_with_their_warnings() {
    with_passes(DOC, MapType::Hash, &[], |passes| {
        let page = passes.index.find("Page", 1, None).unwrap();
        let mapped = passes.mapper.map(
            &parse_expression("Page<Missing>").unwrap(),
            &[],
            None,
            "A.F",
        );
        assert_eq!(mapped.full(), &named("Page", vec![RustType::Json]));
        let keep = UsedParams::from([(page, vec![0])]);
        let drop = UsedParams::from([(page, vec![])]);
        assert_eq!(
            mapped.lower(&keep, passes.names),
            named("Page", vec![RustType::Json])
        );
        assert_eq!(mapped.lower(&drop, passes.names), named("Page", vec![]));
        let mut kept = Diagnostics::default();
        mapped.report(&keep, &mut kept);
        assert_eq!(kept.into_warnings().len(), 1);
        let mut dropped = Diagnostics::default();
        mapped.report(&drop, &mut dropped);
        assert!(dropped.into_warnings().is_empty());
    });
}

#[test]
fn replacements_must_name_a_known_type_and_a_type_path() {
    with_passes(DOC, MapType::Hash, &[], |passes| {
        let check = |name: &str, path: &str| {
            Replacements::check(&[(name.to_owned(), path.to_owned())], passes.index)
        };
        assert!(check("Poco", "my::Poco").is_ok());
        assert!(check("Guid", "uuid::Uuid").is_ok());
        let error = check("Nope", "my::Nope").unwrap_err().to_string();
        assert!(error.contains("unknown type `Nope`"), "{error}");
        assert!(check("Poco", "fn()").is_err());
    });
}
