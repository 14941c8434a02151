//! Pass 2, selection: which declarations the output keeps.
//!
//! Reads the [`Index`] and the document's operations; gives the filter (`--include-types`,
//! `--exclude-types`) one [`FilterNode`] per declaration, with what it needs to compile
//! (property types, base class, response and return types) and what tags and AutoQuery data
//! model its operation has; produces the set of kept declaration ids.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::filter::{FilterNode, TypeFilter};
use crate::metadata::MetadataOperation;
use crate::model::index::{DeclId, Index, type_name_ref};
use crate::model::operations::response_arity;
use crate::typeref;

/// The declarations `filter` keeps, with everything they need.
pub(super) fn select(
    index: &Index,
    operations: &[MetadataOperation],
    filter: &TypeFilter,
) -> Result<BTreeSet<DeclId>, Error> {
    filter.select(&filter_nodes(index, operations))
}

/// One node per declaration, in index order (node `i` is declaration `i`).
fn filter_nodes(index: &Index, operations: &[MetadataOperation]) -> Vec<FilterNode> {
    index
        .decls()
        .map(|(_, decl)| {
            let mut deps = BTreeSet::new();
            for prop in &decl.props {
                index.collect_refs(&prop.ty, &mut deps);
            }
            if let Some((base, namespace)) = &decl.base {
                deps.extend(index.find_ref(base, namespace.as_deref()));
                index.collect_refs(base, &mut deps);
            }
            let op = decl.op.and_then(|position| operations.get(position));
            let mut data_model = None;
            if let Some(op) = op {
                if let Some(Ok(ty)) = op.return_type.as_ref().map(type_name_ref) {
                    index.collect_refs(&ty, &mut deps);
                }
                if let Some(response) = &op.response
                    && let Ok((name, _)) = typeref::split_arity(&response.name)
                {
                    deps.extend(index.find(
                        &name,
                        response_arity(response),
                        response.namespace.as_deref(),
                    ));
                }
                data_model = op
                    .data_model
                    .as_ref()
                    .and_then(|model| type_name_ref(model).ok())
                    .and_then(|ty| index.find_ref(&ty, None));
            }
            FilterNode {
                name: decl.name.clone(),
                namespace: decl.namespace.clone(),
                tags: op.map(|op| op.tags.clone()).unwrap_or_default(),
                is_operation: op.is_some(),
                deps: deps.into_iter().collect(),
                data_model,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::parse;
    use crate::options::TextCase;

    #[test]
    fn a_selected_operation_brings_what_it_needs() {
        let doc = parse(
            r#"{"types":[
                {"name":"Base","properties":[{"name":"B","type":"Used"}]},
                {"name":"Used","properties":[]},
                {"name":"Item","properties":[]},
                {"name":"Other","properties":[]}
            ],"operations":[
                {"request":{"name":"GetItems","inherits":{"name":"Base"},"properties":[]},
                 "response":{"name":"GetItemsResponse","properties":[
                    {"name":"Items","type":"List`1","genericArgs":["Item"]}]},
                 "tags":["items"]},
                {"request":{"name":"GetOther","properties":[{"name":"O","type":"Other"}]}}
            ]}"#,
        )
        .unwrap();
        let index = Index::build(&doc, TextCase::Camel).unwrap();
        let filter = TypeFilter::new(&["{items}".into()], &[]).unwrap();
        let kept = select(&index, &doc.operations, &filter).unwrap();
        let mut names: Vec<&str> = kept
            .iter()
            .map(|&id| index.decl(id).name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["Base", "GetItems", "GetItemsResponse", "Item", "Used"]
        );
        let all = select(&index, &doc.operations, &TypeFilter::default()).unwrap();
        assert_eq!(all.len(), 7);
    }
}
