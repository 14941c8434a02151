//! Tests of the items pass.

use super::*;
use crate::model::test_support::{warning_texts, with_passes};
use crate::options::MapType;

/// The items of a document (every type kept), with the warnings of the items pass alone.
fn resolve_items(
    json: &str,
    all_optional: bool,
    forward_compatible_enums: bool,
) -> (Vec<Item>, Vec<String>) {
    with_passes(json, MapType::Hash, &[], |passes| {
        let sources = Sources {
            index: passes.index,
            names: passes.names,
            flat: passes.flat,
            fields: passes.fields,
            mentioned: passes.mentioned,
            used: passes.used,
            all_optional,
            forward_compatible_enums,
        };
        let mut diagnostics = Diagnostics::default();
        let items = build(&sources, BTreeMap::new(), &mut diagnostics);
        (items, warning_texts(diagnostics))
    })
}

fn structure<'a>(items: &'a [Item], name: &str) -> &'a StructDef {
    items
        .iter()
        .find_map(|item| match item {
            Item::Struct(def) if def.rust_name == name => Some(def),
            _ => None,
        })
        .unwrap()
}

#[test]
fn fields_get_their_presence_names_and_docs() {
    let json = r#"{"types":[
        {"name":"Color","isEnum":true,"enumNames":["Red"]},
        {"name":"Base","description":"The base.","notes":"Notes.","properties":[
            {"name":"Id","type":"Int32","isValueType":true}]},
        {"name":"Thing","inherits":{"name":"Base"},"properties":[
            {"name":"Name","type":"String","isRequired":true,"description":"The name."},
            {"name":"ID","type":"Int64","isValueType":true},
            {"name":"Tint","type":"Color"},
            {"name":"Tags","type":"List`1","genericArgs":["String"]},
            {"name":"type","type":"Nullable`1","genericArgs":["Int32"]}]}
    ],"operations":[]}"#;
    let (items, warnings) = resolve_items(json, false, true);
    let thing = structure(&items, "Thing");
    let fields: Vec<(&str, &str, bool, bool, bool)> = thing
        .fields
        .iter()
        .map(|f| {
            let optional = matches!(f.ty, RustType::Option(_));
            (
                f.rust_name.as_str(),
                f.wire_name.as_str(),
                optional,
                f.required,
                f.lenient,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "id", false, true, true),
            ("name", "name", true, true, false),
            // Sent as `id` too: keeps its C# name.
            ("id_2", "ID", false, true, true),
            // An enum is a value type that reads null as its default itself.
            ("tint", "tint", false, true, false),
            ("tags", "tags", true, false, true),
            ("type_", "type", true, false, false),
        ]
    );
    assert_eq!(thing.fields[1].docs, ["The name."]);
    assert_eq!(thing.fields[1].aliases, ["Name"]);
    assert_eq!(
        warnings,
        ["Thing.ID: another property is already sent as `id`; this one is sent as `ID`"]
    );
    let base = structure(&items, "Base");
    assert_eq!(base.docs, ["The base.", "", "Notes."]);
    assert_eq!(base.dotnet_name, "Base");
    let (items, _) = items_optional(json);
    assert!(matches!(
        structure(&items, "Thing").fields[0].ty,
        RustType::Option(_)
    ));
}

fn items_optional(json: &str) -> (Vec<Item>, Vec<String>) {
    resolve_items(json, true, true)
}

#[test]
fn generic_structs_keep_the_parameters_their_fields_use() {
    let json = r#"{"types":[
        {"name":"Page`2","genericArgs":["T","U"],"isGenericTypeDef":true,"properties":[
            {"name":"Items","type":"List`1","genericArgs":["T"]},
            {"name":"Lookup","type":"Dictionary`2","genericArgs":["U","Int32"]},
            {"name":"Item","type":"T"}]},
        {"name":"Holder","properties":[
            {"name":"Page","type":"Page`2","genericArgs":["Int32","Missing"]}]}
    ],"operations":[]}"#;
    let (items, warnings) = resolve_items(json, false, true);
    let page = structure(&items, "Page");
    assert_eq!(page.generics, ["T"]);
    // A parameter may be a reference type: `Option`.
    assert!(matches!(page.fields[2].ty, RustType::Option(_)));
    let holder = structure(&items, "Holder");
    assert_eq!(
        holder.fields[0].ty,
        RustType::Option(Box::new(RustType::Named {
            rust_name: "Page".into(),
            args: vec![RustType::Primitive("i32")]
        }))
    );
    // `Missing` was the argument of a parameter Rust does not keep.
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn enums_and_flags() {
    let json = r#"{"types":[
        {"name":"Size","isEnum":true,"description":"How big.","enumNames":["Small","Large","Huge"],
         "enumValues":["1","0","x"],"enumMemberValues":[null,"large",""],
         "enumDescriptions":[null,"The big one.",null]},
        {"name":"Perms","isEnum":true,"isEnumInt":true,"attributes":[{"name":"Flags"}],
         "enumNames":["Read","Write"],"enumValues":["1","2"]},
        {"name":"Empty","isEnum":true,"isEnumInt":true}
    ],"operations":[]}"#;
    let (items, warnings) = resolve_items(json, false, true);
    let Some(Item::Enum(size)) = items.iter().find(|item| item.rust_name() == "Size") else {
        panic!("{items:?}")
    };
    let members: Vec<(&str, &str, i64)> = size
        .members
        .iter()
        .map(|m| (m.rust_name.as_str(), m.wire_name.as_str(), m.value))
        .collect();
    assert_eq!(
        members,
        [
            ("Small", "Small", 1),
            ("Large", "large", 0),
            ("Huge", "Huge", 2)
        ]
    );
    assert_eq!(size.members[1].docs, ["The big one."]);
    assert_eq!(size.default_member, Some(1));
    assert_eq!(size.catch_all.as_deref(), Some("UnknownValue"));
    assert_eq!(
        (size.repr, size.docs.as_slice()),
        (EnumRepr::String, &["How big.".to_owned()][..])
    );
    assert_eq!(
        warnings,
        ["Size.Huge: enum value `x` is not an integer; using 2"]
    );
    let Some(Item::Flags(perms)) = items.iter().find(|item| item.rust_name() == "Perms") else {
        panic!()
    };
    assert_eq!(perms.members[1].rust_name, "WRITE");
    let Some(Item::Enum(empty)) = items.iter().find(|item| item.rust_name() == "Empty") else {
        panic!()
    };
    assert_eq!((empty.default_member, empty.repr), (None, EnumRepr::Int));
    let (closed, _) = resolve_items(json, false, false);
    let Some(Item::Enum(size)) = closed.iter().find(|item| item.rust_name() == "Size") else {
        panic!()
    };
    assert_eq!(size.catch_all, None);
}

#[test]
fn unused_abstract_bases_are_dropped() {
    let json = r#"{"types":[
        {"name":"AuditBase","isAbstract":true,"properties":[{"name":"By","type":"String"}]},
        {"name":"NamedBase","isAbstract":true,"properties":[{"name":"By","type":"String"}]},
        {"name":"PlainBase","properties":[{"name":"By","type":"String"}]},
        {"name":"A","inherits":{"name":"AuditBase"},"properties":[]},
        {"name":"B","inherits":{"name":"NamedBase"},"properties":[{"name":"N","type":"NamedBase"}]},
        {"name":"C","inherits":{"name":"PlainBase"},"properties":[]}
    ],"operations":[]}"#;
    with_passes(json, MapType::Hash, &[], |passes| {
        let bases = abstract_bases(passes.index, passes.kept, passes.names);
        assert_eq!(
            bases,
            HashSet::from(["AuditBase".into(), "NamedBase".into()])
        );
        let sources = Sources {
            index: passes.index,
            names: passes.names,
            flat: passes.flat,
            fields: passes.fields,
            mentioned: passes.mentioned,
            used: passes.used,
            all_optional: false,
            forward_compatible_enums: true,
        };
        let mut items = build(&sources, BTreeMap::new(), &mut Diagnostics::default());
        drop_unused_bases(&mut items, &bases);
        let names: Vec<&str> = items.iter().map(Item::rust_name).collect();
        assert_eq!(names, ["NamedBase", "PlainBase", "A", "B", "C"]);
    });
}
