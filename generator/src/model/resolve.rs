//! Metadata → IR: runs the model's passes in order.
//!
//! 1. `index` ([`super::index`]): every declaration once, properties normalised.
//! 2. `select` ([`super::select`]): what the filter keeps.
//! 3. `inheritance` ([`super::inheritance`]): base members flattened into derived structs.
//! 4. `names` ([`super::names`]): Rust names for the generated types.
//! 5. `typemap` ([`super::typemap`]): .NET types to Rust, once per property.
//! 6. `generics` ([`super::generics`]): the generic parameters each struct keeps.
//! 7. `operations` ([`super::operations`]): each request's verb, routes, auth and response.
//! 8. `items` ([`super::items`]): the IR items; then unused abstract bases are dropped, items are
//!    sorted, cycles boxed ([`cycles`]) and the options applied ([`customize`]).
//!
//! Each pass reads what the earlier ones produced and changes none of it; warnings go to one
//! [`Diagnostics`] sink.

use crate::error::{Error, Warning};
use crate::filter::TypeFilter;
use crate::metadata::MetadataTypes;
use crate::model::diagnostics::Diagnostics;
use crate::model::index::Index;
use crate::model::typemap::{Replacements, TypeMapper};
use crate::model::{
    Ir, customize, cycles, generics, inheritance, items, names, operations, select, typemap,
};
use crate::options::{CodeOptions, TextCase};

/// Resolves a parsed document into the IR with the default code options, with the warnings met
/// on the way.
pub fn resolve(doc: &MetadataTypes, filter: &TypeFilter) -> Result<(Ir, Vec<Warning>), Error> {
    resolve_with(doc, filter, &CodeOptions::default())
}

/// Resolves a parsed document into the IR with these code options.
pub fn resolve_with(
    doc: &MetadataTypes,
    filter: &TypeFilter,
    options: &CodeOptions,
) -> Result<(Ir, Vec<Warning>), Error> {
    let mut diagnostics = Diagnostics::default();
    let index = Index::build(doc, text_case(doc, options))?;
    let replacements = Replacements::check(&options.replacements, &index)?;
    let kept = select::select(&index, &doc.operations, filter)?;
    let flat = inheritance::flatten_all(&index, &kept, &mut diagnostics)?;
    let names = names::assign_type_names(&index, &kept, &|name| replacements.contains(name));
    let mapper = TypeMapper {
        index: &index,
        names: &names,
        replacements: &replacements,
        map_type: options.map_type,
    };
    let fields = typemap::map_fields(&mapper, &flat);
    let mentioned = generics::mentioned(&index, &kept, &flat);
    let used = generics::refine(&index, &names, &mentioned, &fields);
    let operations = operations::describe_all(&doc.operations, &mapper, &used, &mut diagnostics);
    let sources = items::Sources {
        index: &index,
        names: &names,
        flat: &flat,
        fields: &fields,
        mentioned: &mentioned,
        used: &used,
        all_optional: all_optional(doc),
        forward_compatible_enums: options.forward_compatible_enums,
    };
    let mut items = items::build(&sources, operations, &mut diagnostics);
    items::drop_unused_bases(&mut items, &items::abstract_bases(&index, &kept, &names));
    // Sorted first, so which field of a cycle gets the Box depends only on names.
    items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    cycles::box_cycles(&mut items);
    customize::apply(&mut items, options)?;
    Ok((Ir { items }, diagnostics.into_warnings()))
}

/// The member name case: the option, else what the document says, else camelCase.
fn text_case(doc: &MetadataTypes, options: &CodeOptions) -> TextCase {
    options.text_case.unwrap_or_else(|| {
        doc.text_case
            .as_deref()
            .and_then(|text| TextCase::parse(text).ok())
            .unwrap_or_default()
    })
}

/// Whether the server makes every property optional (`config.makePropertiesOptional`).
fn all_optional(doc: &MetadataTypes) -> bool {
    doc.config
        .as_ref()
        .and_then(|config| config.get("makePropertiesOptional"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}
