//! Reads the API back out of a generated file: the structs, enums and `ServiceRequest` impls
//! the emitter wrote, as an [`Ir`]. This is how `check` and `update` explain what changed
//! without the metadata the file was generated from: the generated code itself is the record.
//!
//! One file per kind of item: `structs` (fields, their types and serde attributes),
//! `requests` (`ServiceRequest` impls: verb, routes, auth, response), `enums` (enum and
//! flags macros and impls); `names` resolves the short paths a scope's `use` lines allow.

mod enums;
mod names;
mod requests;
mod structs;
mod syntax;
#[cfg(test)]
mod tests;

use syn::Item as SynItem;

use crate::error::Error;
use crate::model::vocabulary;
use crate::model::{EnumDef, EnumRepr, Extras, FlagsDef, Ir, Item, StructDef};

use enums::{WireMacro, flag_values, read_members};
use names::Names;
use requests::read_request;
use structs::{dotnet_name, read_struct, type_name};

/// The API described by a file the generator wrote.
pub fn read_generated(code: &str, location: &str) -> Result<Ir, Error> {
    let file = syn::parse_file(code).map_err(|error| Error::Invalid {
        location: location.to_owned(),
        message: format!("not valid Rust: {error}"),
    })?;
    let mut structs: Vec<StructDef> = Vec::new();
    let mut enums: Vec<EnumDef> = Vec::new();
    let mut flags: Vec<FlagsDef> = Vec::new();
    let mut tuple_structs: Vec<(String, String)> = Vec::new();
    // `--modules namespace` files hold their items in one `pub mod` per namespace.
    let mut all_items: Vec<(&SynItem, Option<String>)> = Vec::new();
    for item in &file.items {
        match item {
            SynItem::Mod(module) => {
                let name = module.ident.to_string();
                for inner in module.content.iter().flat_map(|(_, items)| items) {
                    all_items.push((inner, Some(name.clone())));
                }
            }
            other => all_items.push((other, None)),
        }
    }
    let names = Names::of(&all_items);
    let module_of: std::collections::HashMap<String, String> = all_items
        .iter()
        .filter_map(|(item, module)| {
            let name = match item {
                SynItem::Struct(item) => item.ident.to_string(),
                SynItem::Enum(item) => item.ident.to_string(),
                _ => return None,
            };
            Some((name, module.clone()?))
        })
        .collect();
    for (item, module) in &all_items {
        match item {
            SynItem::Struct(item) if matches!(item.fields, syn::Fields::Unnamed(_)) => {
                tuple_structs.push((
                    item.ident.to_string(),
                    dotnet_name(&item.attrs, vocabulary::FLAGS_NOTE),
                ));
            }
            SynItem::Struct(item) => structs.push(read_struct(item, &names.scope(module.clone()))),
            SynItem::Enum(item) => enums.push(EnumDef {
                rust_name: item.ident.to_string(),
                dotnet_name: dotnet_name(&item.attrs, vocabulary::ENUM_NOTE),
                docs: Vec::new(),
                repr: EnumRepr::String,
                members: Vec::new(),
                default_member: None,
                catch_all: item
                    .variants
                    .iter()
                    .find(|variant| !variant.fields.is_empty())
                    .map(|variant| variant.ident.to_string()),
                extras: Extras::default(),
            }),
            _ => {}
        }
    }
    for (item, module) in &all_items {
        let SynItem::Impl(implementation) = item else {
            continue;
        };
        let Some((trait_path, _)) = &implementation.trait_ else {
            continue;
        };
        let Some(trait_name) = trait_path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
        else {
            continue;
        };
        let self_name = type_name(&implementation.self_ty);
        match trait_name.as_str() {
            "ServiceRequest" => {
                if let Some(def) = structs.iter_mut().find(|def| def.rust_name == self_name) {
                    def.request = Some(read_request(implementation, &names.scope(module.clone())));
                }
            }
            "AutoQuery" => {
                if let Some(request) = structs
                    .iter_mut()
                    .find(|def| def.rust_name == self_name)
                    .and_then(|def| def.request.as_mut())
                {
                    request.auto_query = true;
                }
            }
            "StringEnum" | "IntEnum" => {
                let members = read_members(implementation);
                if let Some(def) = enums.iter_mut().find(|def| def.rust_name == self_name) {
                    def.repr = if trait_name == "IntEnum" {
                        EnumRepr::Int
                    } else {
                        EnumRepr::String
                    };
                    def.members = members;
                } else if let Some((_, dotnet)) =
                    tuple_structs.iter().find(|(name, _)| *name == self_name)
                {
                    flags.push(FlagsDef {
                        rust_name: self_name.clone(),
                        dotnet_name: dotnet.clone(),
                        docs: Vec::new(),
                        members,
                        extras: Extras::default(),
                    });
                }
            }
            _ => {}
        }
    }
    for (item, _) in &all_items {
        let SynItem::Macro(call) = item else {
            continue;
        };
        if call
            .mac
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            == Some("auto_query".to_owned())
        {
            let name = call
                .mac
                .parse_body_with(|input: syn::parse::ParseStream<'_>| {
                    let name: syn::Ident = input.parse()?;
                    let _: proc_macro2::TokenStream = input.parse()?;
                    Ok(name.to_string())
                });
            if let Some(request) = name.ok().and_then(|name| {
                structs
                    .iter_mut()
                    .find(|def| def.rust_name == name)
                    .and_then(|def| def.request.as_mut())
            }) {
                request.auto_query = true;
            }
            continue;
        }
        let Some(wire) = WireMacro::read(call) else {
            continue;
        };
        if let Some(def) = enums.iter_mut().find(|def| def.rust_name == wire.name) {
            def.repr = wire.repr;
            def.members = wire.members;
        } else if let Some((_, dotnet)) = tuple_structs.iter().find(|(name, _)| *name == wire.name)
        {
            let values = flag_values(&all_items, &wire.name);
            let members = wire
                .members
                .into_iter()
                .map(|mut member| {
                    member.value = values.get(&member.rust_name).copied().unwrap_or_default();
                    member.rust_name = member.wire_name.clone();
                    member
                })
                .collect();
            flags.push(FlagsDef {
                rust_name: wire.name,
                dotnet_name: dotnet.clone(),
                docs: Vec::new(),
                members,
                extras: Extras::default(),
            });
        }
    }
    let mut items: Vec<Item> = structs
        .into_iter()
        .map(Item::Struct)
        .chain(enums.into_iter().map(Item::Enum))
        .chain(flags.into_iter().map(Item::Flags))
        .collect();
    for item in &mut items {
        item.extras_mut().module = module_of.get(item.rust_name()).cloned();
    }
    items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    Ok(Ir { items })
}
