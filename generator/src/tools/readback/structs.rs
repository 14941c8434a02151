//! Structs read back: fields, their Rust types, serde attributes and doc notes.

use syn::{Attribute, Expr, Type};

use crate::model::names::SerdeCase;
use crate::model::vocabulary;
use crate::model::{Extras, Field, REQUIRED_NOTE, RustType, StructDef};

use super::names::ScopeNames;
use super::syntax::string_literal;

pub(super) fn read_struct(item: &syn::ItemStruct, names: &ScopeNames<'_>) -> StructDef {
    let generics: Vec<String> = item
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    let case = rename_all(&item.attrs);
    let fields = item
        .fields
        .iter()
        .map(|field| {
            let rust_name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let serde = SerdeField::read(&field.attrs);
            let wire_name = serde.rename.unwrap_or_else(|| match case {
                Some(case) => case.apply(&rust_name),
                None => rust_name.clone(),
            });
            let ty = rust_type(&field.ty, &generics, names);
            let required = !matches!(ty, RustType::Option(_))
                || doc_lines(&field.attrs).any(|line| line == REQUIRED_NOTE);
            Field {
                dotnet_name: wire_name.clone(),
                rust_name,
                wire_name,
                aliases: serde.aliases,
                lenient: serde.deserialize_with,
                ty,
                required,
                docs: Vec::new(),
            }
        })
        .collect();
    StructDef {
        rust_name: item.ident.to_string(),
        dotnet_name: dotnet_name(&item.attrs, vocabulary::TYPE_NOTE),
        generics,
        docs: Vec::new(),
        fields,
        request: None,
        extras: Extras::default(),
    }
}

/// `Option<Vec<Poco>>` (or `::std::option::Option<::std::vec::Vec<Poco>>`) back into a
/// [`RustType`].
pub(super) fn rust_type(ty: &Type, params: &[String], names: &ScopeNames<'_>) -> RustType {
    match ty {
        Type::Tuple(tuple) if tuple.elems.is_empty() => RustType::Unit,
        Type::Paren(inner) => rust_type(&inner.elem, params, names),
        Type::Path(path) => {
            let segments: Vec<String> = names.canonical(
                path.path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
            );
            let Some(last) = path.path.segments.last() else {
                return RustType::Json;
            };
            let args: Vec<RustType> = match &last.arguments {
                syn::PathArguments::AngleBracketed(arguments) => arguments
                    .args
                    .iter()
                    .filter_map(|argument| match argument {
                        syn::GenericArgument::Type(ty) => Some(rust_type(ty, params, names)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let first =
                |args: &[RustType]| Box::new(args.first().cloned().unwrap_or(RustType::Json));
            let joined = segments.join("::");
            match joined.as_str() {
                "std::option::Option" => RustType::Option(first(&args)),
                "std::vec::Vec" => RustType::Vec(first(&args)),
                "std::boxed::Box" => RustType::Boxed(first(&args)),
                "std::string::String" => RustType::String,
                "serde_json::Value" => RustType::Json,
                "std::collections::HashMap"
                | "std::collections::BTreeMap"
                | "servicestack_runtime::indexmap::IndexMap" => RustType::Map(
                    first(&args),
                    Box::new(args.get(1).cloned().unwrap_or(RustType::Json)),
                ),
                _ if segments.first().map(String::as_str) == Some("servicestack_runtime") => {
                    vocabulary::runtime_type(&segments[segments.len() - 1])
                        .map_or(RustType::Json, RustType::Runtime)
                }
                _ if segments.len() == 1 => match vocabulary::rust_primitive(&segments[0]) {
                    Some(primitive) => RustType::Primitive(primitive),
                    None if args.is_empty() && params.contains(&segments[0]) => {
                        RustType::Param(segments[0].clone())
                    }
                    None => RustType::Named {
                        rust_name: segments[0].clone(),
                        args,
                    },
                },
                // `super::module::Name` in namespace-module files.
                _ if segments.first().map(String::as_str) == Some("super") => RustType::Named {
                    rust_name: segments[segments.len() - 1].clone(),
                    args,
                },
                // A `--replace-type` path.
                _ => RustType::Replaced {
                    path: joined,
                    args,
                    wire: None,
                },
            }
        }
        _ => RustType::Json,
    }
}

pub(super) fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// What a field's `#[serde(...)]` attributes say about its wire form.
#[derive(Default)]
struct SerdeField {
    rename: Option<String>,
    aliases: Vec<String>,
    deserialize_with: bool,
}

impl SerdeField {
    fn read(attributes: &[Attribute]) -> SerdeField {
        let mut read = SerdeField::default();
        for attribute in attributes
            .iter()
            .filter(|attribute| attribute.path().is_ident("serde"))
        {
            let _ = attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    read.rename = Some(value.value());
                } else if meta.path.is_ident("alias") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    read.aliases.push(value.value());
                } else if meta.input.peek(syn::Token![=]) {
                    read.deserialize_with |= meta.path.is_ident("deserialize_with");
                    let _: Expr = meta.value()?.parse()?;
                } else if meta.input.peek(syn::token::Paren) {
                    // `bound(deserialize = "...")`: nothing the API surface needs.
                    meta.parse_nested_meta(|inner| {
                        let _: Expr = inner.value()?.parse()?;
                        Ok(())
                    })?;
                }
                Ok(())
            });
        }
        read
    }
}
/// The text of each `#[doc]` line, without its leading space.
fn doc_lines(attributes: &[Attribute]) -> impl Iterator<Item = String> + '_ {
    attributes
        .iter()
        .filter_map(|attribute| match &attribute.meta {
            syn::Meta::NameValue(doc) if doc.path.is_ident("doc") => string_literal(&doc.value),
            _ => None,
        })
        .map(|line| line.trim().to_owned())
}

/// The .NET name from the doc line the emitter writes (`ServiceStack type: Ns.Name`).
pub(super) fn dotnet_name(attributes: &[Attribute], prefix: &str) -> String {
    doc_lines(attributes)
        .find_map(|line| {
            let rest = line.trim_start().strip_prefix(prefix)?;
            let name = rest.split(". ").next().unwrap_or(rest);
            Some(
                match name
                    .strip_prefix('`')
                    .and_then(|code| code.strip_suffix('`'))
                {
                    Some(code) => arity_name(code),
                    None => unescape_markdown(name),
                },
            )
        })
        .unwrap_or_default()
}

/// `Ns.QueryDb<T>`, as the emitter shows generic names, back to the .NET `Ns.QueryDb`1`.
fn arity_name(name: &str) -> String {
    let Some((base, params)) = name
        .strip_suffix('>')
        .and_then(|inner| inner.split_once('<'))
    else {
        return name.to_owned();
    };
    format!("{base}`{}", params.split(',').count())
}

fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The struct's `#[serde(rename_all = "...")]`.
fn rename_all(attributes: &[Attribute]) -> Option<SerdeCase> {
    let mut case = None;
    for attribute in attributes
        .iter()
        .filter(|attribute| attribute.path().is_ident("serde"))
    {
        let _ = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: syn::LitStr = meta.value()?.parse()?;
                case = SerdeCase::from_attribute_value(&value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    case
}

#[cfg(test)]
mod name_tests {
    #[test]
    fn generic_names_read_back_with_their_arity() {
        assert_eq!(super::arity_name("Ns.QueryDb<T>"), "Ns.QueryDb`1");
        assert_eq!(super::arity_name("Ns.Pair<TKey, TValue>"), "Ns.Pair`2");
        assert_eq!(super::arity_name("Ns.Plain"), "Ns.Plain");
    }
}
