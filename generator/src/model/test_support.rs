//! Runs the passes up to the generics pass on a JSON document, for the unit tests of the later
//! passes.

use std::collections::{BTreeMap, BTreeSet};

use crate::filter::TypeFilter;
use crate::metadata::{MetadataTypes, parse};
use crate::model::diagnostics::Diagnostics;
use crate::model::generics;
use crate::model::index::UsedParams;
use crate::model::index::{DeclId, Index};
use crate::model::inheritance::{self, Flattened};
use crate::model::names::{self, TypeNames};
use crate::model::select;
use crate::model::typemap::{self, Mapped, Replacements, TypeMapper};
use crate::options::{MapType, TextCase};

/// What the passes before operations and items produce.
pub(super) struct Passes<'a> {
    pub(super) doc: &'a MetadataTypes,
    pub(super) index: &'a Index,
    pub(super) kept: &'a BTreeSet<DeclId>,
    pub(super) flat: &'a Flattened<'a>,
    pub(super) names: &'a TypeNames,
    pub(super) mapper: &'a TypeMapper<'a>,
    pub(super) fields: &'a BTreeMap<DeclId, Vec<Mapped>>,
    pub(super) mentioned: &'a UsedParams,
    pub(super) used: &'a UsedParams,
    /// Warnings of the passes so far.
    pub(super) diagnostics: Diagnostics,
}

/// Runs the passes on `json` (every type kept, no replacements) and hands them to `test`.
pub(super) fn with_passes<R>(
    json: &str,
    map_type: MapType,
    replacements: &[(String, String)],
    test: impl FnOnce(Passes) -> R,
) -> R {
    let doc = parse(json).unwrap();
    let index = Index::build(&doc, TextCase::Camel).unwrap();
    let replacements = Replacements::check(replacements, &index).unwrap();
    let kept = select::select(&index, &doc.operations, &TypeFilter::default()).unwrap();
    let mut diagnostics = Diagnostics::default();
    let flat = inheritance::flatten_all(&index, &kept, &mut diagnostics).unwrap();
    let names = names::assign_type_names(&index, &kept, &|name| replacements.contains(name));
    let mapper = TypeMapper {
        index: &index,
        names: &names,
        replacements: &replacements,
        map_type,
    };
    let fields = typemap::map_fields(&mapper, &flat);
    let mentioned = generics::mentioned(&index, &kept, &flat);
    let used = generics::refine(&index, &names, &mentioned, &fields);
    test(Passes {
        doc: &doc,
        index: &index,
        kept: &kept,
        flat: &flat,
        names: &names,
        mapper: &mapper,
        fields: &fields,
        mentioned: &mentioned,
        used: &used,
        diagnostics,
    })
}

/// `location: message` of each warning.
pub(super) fn warning_texts(diagnostics: Diagnostics) -> Vec<String> {
    diagnostics
        .into_warnings()
        .into_iter()
        .map(|warning| format!("{}: {}", warning.location, warning.message))
        .collect()
}
