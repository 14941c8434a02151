//! Writes, for each generated document, a catalog of its request and response DTOs that the
//! wire tests iterate: every request built from `Default` with one member set, and every
//! response type with the wire names of its members. Written from the generator's IR, so the
//! tests cover every DTO of every document without naming them by hand.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use servicestack_codegen::model::{EnumRepr, Ir, Item, ResponseKind, RustType, StructDef};

/// The catalog module's source: `REQUESTS` and `RESPONSES` (types in
/// `servicestack_tests::catalog`), naming the document's DTOs as `dtos::Name`.
///
/// Structs only ever sent (`sent_only`: they derive `Serialize` alone) are neither decoded as
/// responses nor given sample values.
pub fn catalog_source(ir: &Ir, sent_only: &HashSet<String>) -> String {
    let items: HashMap<&str, &Item> = ir
        .items
        .iter()
        .filter(|item| !sent_only.contains(item.rust_name()))
        .map(|item| (item.rust_name(), item))
        .collect();
    let mut out =
        String::from("use servicestack_tests::catalog::{Member, RequestCase, ResponseCase};\n\n");
    out.push_str("pub static REQUESTS: &[RequestCase] = &[\n");
    for def in structs(ir).filter(|def| def.request.is_some() && def.generics.is_empty()) {
        write_request(&mut out, def, &items);
    }
    out.push_str("];\n\npub static RESPONSES: &[ResponseCase] = &[\n");
    let mut seen = std::collections::BTreeSet::new();
    for def in structs(ir) {
        if let Some(request) = &def.request
            && request.response_kind == ResponseKind::Json
            && let Some(text) = type_text(&request.response)
            && let Some(members) = members_of(&request.response, &items)
            && seen.insert(text.clone())
        {
            write_response(&mut out, &text, &members);
        }
    }
    for def in
        structs(ir).filter(|def| def.generics.is_empty() && !sent_only.contains(&def.rust_name))
    {
        let text = format!("dtos::{}", def.rust_name);
        if seen.insert(text.clone()) {
            write_response(&mut out, &text, &member_list(def, &items));
        }
    }
    out.push_str("];\n");
    out
}

fn structs(ir: &Ir) -> impl Iterator<Item = &StructDef> {
    ir.items.iter().filter_map(|item| match item {
        Item::Struct(def) => Some(def),
        _ => None,
    })
}

fn write_request(out: &mut String, def: &StructDef, items: &HashMap<&str, &Item>) {
    let name = &def.rust_name;
    let method = def
        .request
        .as_ref()
        .map_or("POST", |request| request.method);
    let mut cases = String::new();
    for field in &def.fields {
        let Some(sample) = sample(&field.ty, items, 0) else {
            continue;
        };
        let value = match &field.ty {
            RustType::Option(_) => {
                "::std::option::Option::Some(serde_json::from_str(SAMPLE).unwrap())"
            }
            _ => "serde_json::from_str(SAMPLE).unwrap()",
        };
        writeln!(
            cases,
            "        ({wire:?}, || {{ const SAMPLE: &str = {sample:?}; let mut dto = dtos::{name}::default(); dto.{field} = {value}; servicestack_tests::catalog::to_json(&dto) }}),",
            wire = field.wire_name,
            field = field.rust_name,
        )
        .unwrap();
    }
    writeln!(
        out,
        "    RequestCase {{\n        name: {name:?},\n        method: {method:?},\n        members: &[{members}],\n        empty: || servicestack_tests::catalog::to_json(&dtos::{name}::default()),\n        with_one_member: &[\n{cases}        ],\n    }},",
        members = members_text(&member_list(def, items)),
    )
    .unwrap();
}

fn write_response(out: &mut String, text: &str, members: &[(String, bool)]) {
    writeln!(
        out,
        "    ResponseCase {{ name: {name:?}, members: &[{members}], decode: servicestack_tests::catalog::decode_and_encode::<{text}> }},",
        name = text.trim_start_matches("dtos::"),
        members = members_text(members),
    )
    .unwrap();
}

fn members_text(members: &[(String, bool)]) -> String {
    members
        .iter()
        .map(|(wire, reference)| format!("Member {{ wire: {wire:?}, reference: {reference} }}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn members_of(ty: &RustType, items: &HashMap<&str, &Item>) -> Option<Vec<(String, bool)>> {
    match ty {
        RustType::Named { rust_name, .. } => match items.get(rust_name.as_str()) {
            Some(Item::Struct(def)) => Some(member_list(def, items)),
            _ => None,
        },
        _ => None,
    }
}

/// Each member's wire name, and whether it holds a reference type on the .NET side (a string,
/// list, map, class, bytes or object), judged from the field's type without its `Option`.
fn member_list(def: &StructDef, items: &HashMap<&str, &Item>) -> Vec<(String, bool)> {
    def.fields
        .iter()
        .map(|field| {
            let inner = match &field.ty {
                RustType::Option(inner) => inner.as_ref(),
                other => other,
            };
            // A non-optional struct member is a C# struct (`KeyValuePair`): a value type.
            let value_struct =
                !matches!(field.ty, RustType::Option(_)) && matches!(inner, RustType::Named { .. });
            (
                field.wire_name.clone(),
                !value_struct && is_reference(inner, items),
            )
        })
        .collect()
}

fn is_reference(ty: &RustType, items: &HashMap<&str, &Item>) -> bool {
    match ty {
        RustType::Primitive(_) | RustType::Unit => false,
        RustType::Runtime(name) => matches!(*name, "Bytes" | "ResponseStatus" | "ResponseError"),
        RustType::Named { rust_name, .. } => {
            matches!(items.get(rust_name.as_str()), Some(Item::Struct(_)))
        }
        RustType::Option(inner) => is_reference(inner, items),
        _ => true,
    }
}

/// The type as Rust source inside the catalog module (generated items under `dtos::`); `None`
/// for what a catalog cannot name (generic parameters, replaced types).
fn type_text(ty: &RustType) -> Option<String> {
    let list = |types: &[RustType]| -> Option<String> {
        Some(
            types
                .iter()
                .map(type_text)
                .collect::<Option<Vec<_>>>()?
                .join(", "),
        )
    };
    Some(match ty {
        RustType::Primitive(name) => (*name).to_owned(),
        RustType::String => "::std::string::String".into(),
        RustType::Runtime(name) => format!("::servicestack_runtime::{name}"),
        RustType::Json => "::serde_json::Value".into(),
        RustType::Unit => "()".into(),
        RustType::Option(inner) => format!("::std::option::Option<{}>", type_text(inner)?),
        RustType::Vec(inner) => format!("::std::vec::Vec<{}>", type_text(inner)?),
        RustType::Boxed(inner) => format!("::std::boxed::Box<{}>", type_text(inner)?),
        RustType::Map(key, value) => format!(
            "::std::collections::HashMap<{}, {}>",
            type_text(key)?,
            type_text(value)?
        ),
        RustType::Named { rust_name, args } if args.is_empty() => format!("dtos::{rust_name}"),
        RustType::Named { rust_name, args } => format!("dtos::{rust_name}<{}>", list(args)?),
        RustType::Param(_) | RustType::Replaced { .. } => return None,
    })
}

/// A JSON value the field's type reads (as a member value, or as a map key when `key`).
fn sample(ty: &RustType, items: &HashMap<&str, &Item>, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    Some(match ty {
        RustType::Primitive("bool") => "true".into(),
        RustType::Primitive("char") => "\"c\"".into(),
        RustType::Primitive(name) if name.starts_with('f') => "1.5".into(),
        RustType::Primitive(_) => "7".into(),
        RustType::String => "\"x y,z\"".into(),
        RustType::Runtime(name) => match *name {
            "DateTime" | "DateTimeOffset" => "\"/Date(1700000000000)/\"".into(),
            "DateOnly" => "\"2024-01-02\"".into(),
            "TimeOnly" => "\"10:20:30\"".into(),
            "TimeSpan" => "\"PT1H\"".into(),
            "Guid" => "\"0f8fad5b-d9cb-469f-a165-70867728950e\"".into(),
            "Decimal" => "1.25".into(),
            "Bytes" => "\"AQID\"".into(),
            _ => "{}".into(),
        },
        RustType::Json => "{\"a\":1}".into(),
        RustType::Unit => return None,
        RustType::Option(inner) | RustType::Boxed(inner) => sample(inner, items, depth + 1)?,
        RustType::Vec(inner) => format!("[{}]", sample(inner, items, depth + 1)?),
        RustType::Map(key, value) => {
            let key = sample(key, items, depth + 1)?;
            let key = if key.starts_with('"') {
                key
            } else {
                format!("\"{key}\"")
            };
            format!("{{{key}:{}}}", sample(value, items, depth + 1)?)
        }
        RustType::Named { rust_name, .. } => match items.get(rust_name.as_str())? {
            Item::Struct(_) => "{}".into(),
            Item::Enum(def) => match (def.members.first(), def.repr) {
                (Some(member), EnumRepr::String) => {
                    serde_json::to_string(&member.wire_name).ok()?
                }
                (Some(member), EnumRepr::Int) => member.value.to_string(),
                (None, _) => return None,
            },
            Item::Flags(def) => def
                .members
                .first()
                .map_or(0, |member| member.value)
                .to_string(),
        },
        RustType::Param(_) | RustType::Replaced { .. } => return None,
    })
}
