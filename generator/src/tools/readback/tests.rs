//! Reading back what the emitter wrote.

use super::*;
use crate::filter::TypeFilter;
use crate::model::RustType;

/// Reading back what the emitter wrote gives the IR it was written from, up to what the
/// code does not carry (docs, C# property names, default members, Rust variant names).
#[test]
fn reads_back_what_the_emitter_wrote() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/features.metadata.json");
    let json = std::fs::read_to_string(path).unwrap();
    let document = crate::metadata::parse(&json).unwrap();
    let (ir, _) = crate::model::resolve(&document, &TypeFilter::default()).unwrap();
    let code = crate::format::format(crate::emit::emit(&ir).unwrap()).unwrap();
    let read = read_generated(&code, "features").unwrap();
    assert_eq!(read.items.len(), ir.items.len());
    for (expected, actual) in ir.items.iter().zip(&read.items) {
        match (expected, actual) {
            (Item::Struct(expected), Item::Struct(actual)) => {
                assert_eq!(actual.rust_name, expected.rust_name);
                assert_eq!(actual.dotnet_name, expected.dotnet_name);
                assert_eq!(actual.generics, expected.generics);
                let fields = |def: &StructDef| -> Vec<(String, String, RustType)> {
                    def.fields
                        .iter()
                        .map(|f| (f.rust_name.clone(), f.wire_name.clone(), f.ty.clone()))
                        .collect()
                };
                assert_eq!(fields(actual), fields(expected), "{}", expected.rust_name);
                assert_eq!(actual.request, expected.request, "{}", expected.rust_name);
            }
            (Item::Enum(expected), Item::Enum(actual)) => {
                assert_eq!(actual.dotnet_name, expected.dotnet_name);
                assert_eq!(actual.repr, expected.repr);
                assert_eq!(actual.catch_all, expected.catch_all);
                let members = |def: &EnumDef| -> Vec<String> {
                    def.members.iter().map(|m| m.wire_name.clone()).collect()
                };
                assert_eq!(members(actual), members(expected));
            }
            (Item::Flags(expected), Item::Flags(actual)) => {
                assert_eq!(actual.dotnet_name, expected.dotnet_name);
                let members = |def: &FlagsDef| -> Vec<(String, i64)> {
                    def.members
                        .iter()
                        .map(|m| (m.wire_name.clone(), m.value))
                        .collect()
                };
                assert_eq!(members(actual), members(expected));
            }
            (expected, actual) => panic!(
                "{} read back as {}",
                expected.rust_name(),
                actual.rust_name()
            ),
        }
    }
    assert!(read_generated("fn (", "broken").is_err());
}

/// Files written with code options (modules, other maps, replacements) read back too.
#[test]
fn reads_back_files_written_with_options() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/features.metadata.json");
    let json = std::fs::read_to_string(path).unwrap();
    let mut config = crate::Config::new();
    config
        .module_layout(crate::options::ModuleLayout::Namespace)
        .map_type(crate::options::MapType::BTree)
        .replace_type("Poco", "my::Poco")
        .forward_compatible_enums(false);
    let generated = crate::Generator::new(config.clone())
        .generate_str(&json, "features")
        .unwrap();
    let document = crate::metadata::parse(&json).unwrap();
    let (mut ir, _) =
        crate::model::resolve_with(&document, &TypeFilter::default(), config.code_options())
            .unwrap();
    ir.items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    let read = read_generated(&generated.code, "features").unwrap();
    let shape = |ir: &Ir| -> Vec<(String, Option<String>, Vec<RustType>)> {
        ir.items
            .iter()
            .map(|item| {
                let fields = match item {
                    Item::Struct(def) => def.fields.iter().map(|field| field.ty.clone()).collect(),
                    _ => Vec::new(),
                };
                (
                    item.rust_name().to_owned(),
                    item.extras().module.clone(),
                    fields,
                )
            })
            .collect()
    };
    assert_eq!(shape(&read), shape(&ir));
}
