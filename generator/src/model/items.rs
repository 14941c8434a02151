//! Pass 8, items: the IR items, one per generated declaration.
//!
//! Reads everything the earlier passes produced: the [`Index`], the flattened properties and
//! their mapped types, the type names, the final generic parameters and the operations; produces
//! one [`Item`] per named declaration (a struct with its fields and request, an enum, a
//! `[Flags]` newtype), then drops the abstract bases nothing refers to. Warns about fields sent
//! under the same member name and enum values that are not integers.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::model::diagnostics::Diagnostics;
use crate::model::index::UsedParams;
use crate::model::index::{DeclId, Index, Kind};
use crate::model::inheritance::Flattened;
use crate::model::member_docs::doc_lines;
use crate::model::names::{self, NameSet, TypeNames};
use crate::model::operations::Operation;
use crate::model::presence::{self, DotnetKind};
use crate::model::typemap::{Mapped, is_value_type};
use crate::model::{
    EnumDef, EnumMember, EnumRepr, Extras, Field, FlagsDef, Item, RustType, StructDef,
};
use crate::typeref::TypeRef;

/// What the items are built from.
pub(super) struct Sources<'a> {
    /// The declarations.
    pub(super) index: &'a Index,
    /// The Rust names of the generated ones.
    pub(super) names: &'a TypeNames,
    /// Their properties, inherited ones first.
    pub(super) flat: &'a Flattened<'a>,
    /// Per generated struct, the mapped type of each flattened property, in order.
    pub(super) fields: &'a BTreeMap<DeclId, Vec<Mapped>>,
    /// The parameters the metadata mentions, per struct.
    pub(super) mentioned: &'a UsedParams,
    /// The parameters the Rust fields use, per struct.
    pub(super) used: &'a UsedParams,
    /// The document makes every property optional (`makePropertiesOptional`).
    pub(super) all_optional: bool,
    /// Enums get a catch-all variant.
    pub(super) forward_compatible_enums: bool,
}

/// One item per named declaration, in id order.
pub(super) fn build(
    sources: &Sources,
    mut operations: BTreeMap<DeclId, Operation>,
    diagnostics: &mut Diagnostics,
) -> Vec<Item> {
    sources
        .names
        .iter()
        .map(|(id, rust_name)| match sources.index.decl(id).kind {
            Kind::Enum => enum_item(sources, id, rust_name, diagnostics),
            _ => Item::Struct(struct_def(
                sources,
                id,
                rust_name,
                operations.remove(&id),
                diagnostics,
            )),
        })
        .collect()
}

fn struct_def(
    sources: &Sources,
    id: DeclId,
    rust_name: &str,
    operation: Option<Operation>,
    diagnostics: &mut Diagnostics,
) -> StructDef {
    let decl = sources.index.decl(id);
    let used = sources.used.get(&id).map_or(&[][..], Vec::as_slice);
    // A generic struct's fields were looked at with every parameter the metadata mentions (the
    // generics pass needed them), so their warnings cover those arguments too.
    let warned_under = match sources.mentioned.get(&id) {
        Some(mentioned) if !mentioned.is_empty() => sources.mentioned,
        _ => sources.used,
    };
    let mut field_names = NameSet::default();
    let mut wire_names = NameSet::default();
    let mut fields = Vec::new();
    let flat = sources.flat.get(&id).map_or(&[][..], Vec::as_slice);
    let mapped = sources.fields.get(&id).map_or(&[][..], Vec::as_slice);
    for (flat, mapped) in flat.iter().zip(mapped) {
        let prop = flat.prop;
        mapped.report(warned_under, diagnostics);
        let mapped = mapped.lower(sources.used, sources.names);
        // A generic parameter may stand for a reference type: it is never a value type.
        let is_param = matches!(&flat.ty, TypeRef::Named { name, args } if args.is_empty() && decl.params.contains(name));
        let value_type = !is_param
            && (is_value_type(&mapped, sources.names)
                || (prop.is_value_type && !matches!(mapped, RustType::Json)));
        let kind = if value_type {
            DotnetKind::Value
        } else {
            DotnetKind::Reference
        };
        let ty = presence::field_type(mapped, kind, sources.all_optional);
        let required = !matches!(ty, RustType::Option(_)) || prop.declared_required;
        let wire_name = if wire_names.contains(&prop.wire_name) {
            // Two properties that camel-case alike (`Id`, `ID`): the later keeps its C# name.
            let fallback = wire_names.claim(&prop.name);
            diagnostics.warn(
                &format!("{}.{}", decl.meta.name, prop.name),
                format!(
                    "another property is already sent as `{}`; this one is sent as `{fallback}`",
                    prop.wire_name
                ),
            );
            fallback
        } else {
            wire_names.claim(&prop.wire_name)
        };
        fields.push(Field {
            dotnet_name: prop.name.clone(),
            rust_name: field_names.claim(&names::field_name(&prop.name)),
            aliases: prop
                .alias
                .iter()
                .filter(|alias| **alias != wire_name)
                .cloned()
                .collect(),
            wire_name,
            lenient: presence::needs_lenient(&ty, &|name| sources.names.is_enum(name)),
            ty,
            required,
            docs: prop.docs.clone(),
        });
    }
    presence::dedupe_aliases(&mut fields);
    let mut docs = doc_lines(decl.meta.description.as_deref());
    let notes = doc_lines(decl.meta.notes.as_deref());
    if !notes.is_empty() {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(notes);
    }
    let (request, tags) = match operation {
        Some(operation) => (Some(operation.request), operation.tags),
        None => (None, Vec::new()),
    };
    StructDef {
        rust_name: rust_name.to_owned(),
        dotnet_name: decl.qualified_name(),
        generics: used
            .iter()
            .map(|&position| names::param_name(&decl.params[position]))
            .collect(),
        docs,
        fields,
        request,
        extras: Extras {
            tags,
            ..Extras::default()
        },
    }
}

fn enum_item(
    sources: &Sources,
    id: DeclId,
    rust_name: &str,
    diagnostics: &mut Diagnostics,
) -> Item {
    let decl = sources.index.decl(id);
    let meta = &decl.meta;
    let is_flags = meta.has_flags_attribute();
    let mut member_names = NameSet::default();
    let mut members = Vec::new();
    for (position, dotnet) in meta.enum_names.iter().enumerate() {
        let value = match meta.enum_values.get(position) {
            Some(text) => text.trim().parse::<i64>().unwrap_or_else(|_| {
                diagnostics.warn(
                    &format!("{}.{dotnet}", meta.name),
                    format!("enum value `{text}` is not an integer; using {position}"),
                );
                position as i64
            }),
            None => position as i64,
        };
        let wire_name = meta
            .enum_member_values
            .get(position)
            .cloned()
            .flatten()
            .filter(|wire| !wire.is_empty())
            .unwrap_or_else(|| dotnet.clone());
        let member_name = if is_flags {
            names::const_name(dotnet)
        } else {
            names::variant_name(dotnet)
        };
        let description = meta.enum_descriptions.get(position).cloned().flatten();
        members.push(EnumMember {
            rust_name: member_names.claim(&member_name),
            wire_name,
            value,
            docs: doc_lines(description.as_deref()),
        });
    }
    let docs = doc_lines(meta.description.as_deref());
    if is_flags {
        return Item::Flags(FlagsDef {
            rust_name: rust_name.to_owned(),
            dotnet_name: decl.qualified_name(),
            docs,
            members,
            extras: Extras::default(),
        });
    }
    let default_member = members
        .iter()
        .position(|member| member.value == 0)
        .or(if members.is_empty() { None } else { Some(0) });
    Item::Enum(EnumDef {
        rust_name: rust_name.to_owned(),
        dotnet_name: decl.qualified_name(),
        docs,
        repr: if meta.is_enum_int {
            EnumRepr::Int
        } else {
            EnumRepr::String
        },
        default_member,
        catch_all: sources
            .forward_compatible_enums
            .then(|| member_names.claim("UnknownValue")),
        extras: Extras::default(),
        members,
    })
}

/// The Rust names of the abstract structs some kept declaration inherits.
pub(super) fn abstract_bases(
    index: &Index,
    kept: &BTreeSet<DeclId>,
    names: &TypeNames,
) -> HashSet<String> {
    kept.iter()
        .filter_map(|&id| {
            let (base, namespace) = index.decl(id).base.as_ref()?;
            let base_id = index.find_ref(base, namespace.as_deref())?;
            if !index.decl(base_id).meta.is_abstract {
                return None;
            }
            names.get(base_id).map(str::to_owned)
        })
        .collect()
}

/// Drops the abstract base classes that only exist to be inherited (`QueryBase`, `QueryDb<T>`,
/// `AuditBase`): their members are flattened into every derived struct, so a struct of their own
/// that no field, response or type argument names would be dead code in the output. A base that
/// is also a request, or that something does name, stays.
pub(super) fn drop_unused_bases(items: &mut Vec<Item>, bases: &HashSet<String>) {
    let mut named = Vec::new();
    for item in items.iter() {
        if let Item::Struct(def) = item {
            for field in &def.fields {
                field.ty.collect_named(&mut named);
            }
            if let Some(request) = &def.request {
                request.response.collect_named(&mut named);
            }
        }
    }
    let named: HashSet<&str> = named.into_iter().collect();
    let unused: HashSet<String> = items
        .iter()
        .filter(|item| match item {
            Item::Struct(def) => {
                def.request.is_none()
                    && bases.contains(&def.rust_name)
                    && !named.contains(def.rust_name.as_str())
            }
            _ => false,
        })
        .map(|item| item.rust_name().to_owned())
        .collect();
    items.retain(|item| !unused.contains(item.rust_name()));
}

#[cfg(test)]
#[path = "items_tests.rs"]
mod tests;
