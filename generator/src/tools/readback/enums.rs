//! Enums and flags read back: the `string_enum!`/`int_enum!`/`flags!` calls, and the
//! `StringEnum`/`IntEnum` impls files of earlier versions carry.

use syn::{Expr, ImplItem, Item as SynItem};

use crate::model::{EnumMember, EnumRepr};

use super::structs::type_name;
use super::syntax::{array_elements, int_literal, string_literal};

pub(super) fn read_members(implementation: &syn::ItemImpl) -> Vec<EnumMember> {
    let Some(expr) = implementation.items.iter().find_map(|item| match item {
        ImplItem::Const(constant) if constant.ident == "MEMBERS" => Some(&constant.expr),
        _ => None,
    }) else {
        return Vec::new();
    };
    array_elements(expr)
        .into_iter()
        .enumerate()
        .map(|(index, element)| {
            let (wire_name, value) = match element {
                Expr::Tuple(tuple) => (
                    tuple
                        .elems
                        .first()
                        .and_then(string_literal)
                        .unwrap_or_default(),
                    tuple
                        .elems
                        .iter()
                        .nth(1)
                        .and_then(int_literal)
                        .unwrap_or(index as i64),
                ),
                other => (string_literal(other).unwrap_or_default(), index as i64),
            };
            EnumMember {
                rust_name: wire_name.clone(),
                wire_name,
                value,
                docs: Vec::new(),
            }
        })
        .collect()
}

/// A `string_enum!`, `int_enum!` or `flags!` call: the enum's wire names (and numbers). For
/// `flags!` each member's `rust_name` is its constant, whose value is read separately.
pub(super) struct WireMacro {
    pub(super) name: String,
    pub(super) repr: EnumRepr,
    pub(super) members: Vec<EnumMember>,
}

impl WireMacro {
    pub(super) fn read(call: &syn::ItemMacro) -> Option<WireMacro> {
        let kind = call.mac.path.segments.last()?.ident.to_string();
        let repr = match kind.as_str() {
            "string_enum" => EnumRepr::String,
            "int_enum" | "flags" => EnumRepr::Int,
            _ => return None,
        };
        let parser = |input: syn::parse::ParseStream<'_>| -> syn::Result<WireMacro> {
            let name: syn::Ident = input.parse()?;
            let body;
            syn::braced!(body in input);
            let mut members = Vec::new();
            while !body.is_empty() {
                let index = members.len() as i64;
                let member = if kind == "flags" {
                    let wire: syn::LitStr = body.parse()?;
                    body.parse::<syn::Token![=]>()?;
                    let constant: syn::Ident = body.parse()?;
                    EnumMember {
                        rust_name: constant.to_string(),
                        wire_name: wire.value(),
                        value: 0,
                        docs: Vec::new(),
                    }
                } else {
                    let variant: syn::Ident = body.parse()?;
                    let mut wire_name = variant.to_string();
                    if body.parse::<Option<syn::Token![as]>>()?.is_some() {
                        wire_name = body.parse::<syn::LitStr>()?.value();
                    }
                    let mut value = index;
                    if body.parse::<Option<syn::Token![=]>>()?.is_some() {
                        let number: Expr = body.parse()?;
                        value = int_literal(&number).unwrap_or(index);
                    }
                    EnumMember {
                        rust_name: wire_name.clone(),
                        wire_name,
                        value,
                        docs: Vec::new(),
                    }
                };
                members.push(member);
                if body.parse::<Option<syn::Token![,]>>()?.is_none() {
                    break;
                }
            }
            let _: proc_macro2::TokenStream = input.parse()?;
            Ok(WireMacro {
                name: name.to_string(),
                repr,
                members,
            })
        };
        syn::parse::Parser::parse2(parser, call.mac.tokens.clone()).ok()
    }
}

/// The values of a flags struct's constants (`pub const READ: Self = Self(1);`).
pub(super) fn flag_values(
    items: &[(&SynItem, Option<String>)],
    name: &str,
) -> std::collections::HashMap<String, i64> {
    items
        .iter()
        .filter_map(|(item, _)| match item {
            SynItem::Impl(implementation)
                if implementation.trait_.is_none()
                    && type_name(&implementation.self_ty) == name =>
            {
                Some(implementation)
            }
            _ => None,
        })
        .flat_map(|implementation| &implementation.items)
        .filter_map(|item| match item {
            ImplItem::Const(constant) => match &constant.expr {
                Expr::Call(call) => Some((
                    constant.ident.to_string(),
                    call.args.first().and_then(int_literal)?,
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}
