//! .NET framework types (`System.String` as a response, `Task<T>`, `Byte[]`, `Object`, `Stream`,
//! `Void`) map to Rust types and never become generated items, which would shadow std's names
//! in a glob import (`use dtos::*;` turning `String` into an empty struct).

mod support;

use servicestack_codegen::model::{Item, ResponseKind, RustType};
use servicestack_codegen::{Generated, Generator};

/// Names of .NET types that must never be generated items (unless the API declares its own,
/// outside the `System` namespaces).
const FRAMEWORK_NAMES: &[&str] = &[
    "String",
    "Byte",
    "Object",
    "Task",
    "ValueTask",
    "Stream",
    "Void",
    "Array",
    "Int32",
    "Int64",
    "Boolean",
    "DateTime",
    "Guid",
    "Decimal",
    "Double",
    "List",
    "Dictionary",
    "Nullable",
];

fn generate(path: &std::path::Path) -> Generated {
    let json = std::fs::read_to_string(path).unwrap();
    Generator::default()
        .generate_str(&json, &path.display().to_string())
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn no_document_generates_a_framework_type() {
    let mut documents = support::project_fixtures();
    documents.extend(support::shared_fixtures_or_skip(
        "part of framework_types::no_document_generates_a_framework_type (the real documents)",
    ));
    for path in documents {
        for item in generate(&path).ir.items {
            let dotnet = item.dotnet_name();
            let namespace = dotnet
                .rsplit_once('.')
                .map_or("", |(namespace, _)| namespace);
            let system = namespace == "System" || namespace.starts_with("System.");
            assert!(
                !system || item.rust_name() == "KeyValuePair",
                "{}: `{dotnet}` became the item `{}`",
                path.display(),
                item.rust_name()
            );
            assert!(
                !FRAMEWORK_NAMES.contains(&item.rust_name()) || !namespace.is_empty() && !system,
                "{}: an item named `{}` from `{dotnet}`",
                path.display(),
                item.rust_name()
            );
        }
    }
}

#[test]
fn framework_responses_map_to_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/framework-types.metadata.json");
    let generated = generate(&path);
    let response = |name: &str| {
        generated
            .ir
            .items
            .iter()
            .find_map(|item| match item {
                Item::Struct(def) if def.rust_name == name => def.request.clone(),
                _ => None,
            })
            .unwrap_or_else(|| panic!("request {name}"))
    };
    let bytes = RustType::Vec(Box::new(RustType::Primitive("u8")));
    let cases = [
        ("GetGreeting", RustType::String, ResponseKind::Text),
        ("GetAvatar", bytes.clone(), ResponseKind::Bytes),
        ("GetGreetingLater", RustType::String, ResponseKind::Text),
        ("GetAnything", RustType::Json, ResponseKind::Json),
        ("DownloadFile", bytes, ResponseKind::Bytes),
        ("Ping", RustType::Unit, ResponseKind::Void),
        ("SaveNote", RustType::Unit, ResponseKind::Void),
    ];
    for (name, ty, kind) in cases {
        let request = response(name);
        assert_eq!(
            (request.response, request.response_kind),
            (ty, kind),
            "{name}"
        );
    }
    let names: Vec<&str> = generated.ir.items.iter().map(Item::rust_name).collect();
    assert!(
        names.contains(&"Note"),
        "the API's own DTO is kept: {names:?}"
    );
    assert!(
        generated.warnings.is_empty(),
        "no misleading warnings about framework bases: {:?}",
        generated.warnings
    );
}
