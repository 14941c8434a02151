//! Pass 3, inheritance: flattens base classes into the structs that derive from them.
//!
//! Reads the [`Index`] and the set of kept declarations; produces, for every kept struct and
//! every base on its chain, its properties with inherited ones first ([`Flattened`]), each
//! inherited type with the generic arguments of every base reference on the way bound
//! (`Derived : Base<Todo>` gets `List<Todo>` for `Base<T>`'s `List<T>`). Rust has no
//! inheritance, so this is the only way a derived DTO gets its base's members.
//!
//! Fails on an inheritance cycle and on a binding that grows a type past the size limits; warns
//! when a base class is not in the document (its members are missing from the output).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::Error;
use crate::model::diagnostics::Diagnostics;
use crate::model::index::{DeclId, Index, Kind, Prop};
use crate::typeref::TypeRef;

/// A property as a derived struct has it.
#[derive(Debug, Clone)]
pub(super) struct FlatProp<'a> {
    /// The declared property (of the struct itself or of a base).
    pub(super) prop: &'a Prop,
    /// Its type after substituting the generic arguments of every base on the way.
    pub(super) ty: TypeRef,
}

/// The flattened properties of each kept struct and of the bases on its chain.
pub(super) type Flattened<'a> = BTreeMap<DeclId, Vec<FlatProp<'a>>>;

/// Flattens every kept struct, in id order.
pub(super) fn flatten_all<'a>(
    index: &'a Index,
    kept: &BTreeSet<DeclId>,
    diagnostics: &mut Diagnostics,
) -> Result<Flattened<'a>, Error> {
    let mut flat = Flattened::new();
    for &id in kept {
        if index.decl(id).kind == Kind::Struct {
            flatten(index, id, &mut flat, diagnostics)?;
        }
    }
    Ok(flat)
}

/// Fills `flat` for `id` and every base on its chain: base properties first (with the base's
/// generic parameters bound), then the type's own; a redeclared property keeps the base's
/// position and takes the derived declaration. Iterative, so a chain of any length fits the
/// stack.
fn flatten<'a>(
    index: &'a Index,
    id: DeclId,
    flat: &mut Flattened<'a>,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    // `chain[i + 1]` is the base of `chain[i]`; the last one is already flat or has no base of
    // the document.
    let mut chain = vec![id];
    let mut on_chain = HashSet::from([id]);
    loop {
        let current = index.decl(chain[chain.len() - 1]);
        if flat.contains_key(&chain[chain.len() - 1]) {
            break;
        }
        let Some((base, namespace)) = &current.base else {
            break;
        };
        match index.find_ref(base, namespace.as_deref()) {
            Some(base_id) if index.decl(base_id).kind == Kind::Struct => {
                if !on_chain.insert(base_id) {
                    let start = chain.iter().position(|&i| i == base_id).unwrap_or(0);
                    let mut names: Vec<&str> = chain[start..]
                        .iter()
                        .map(|&i| index.decl(i).meta.name.as_str())
                        .collect();
                    names.push(&index.decl(base_id).meta.name);
                    return Err(Error::Invalid {
                        location: index.decl(base_id).path.clone(),
                        message: format!("inheritance cycle: {}", names.join(" → ")),
                    });
                }
                chain.push(base_id);
            }
            Some(_) => break,
            None => {
                diagnostics.warn(
                    &current.meta.name,
                    format!(
                        "base class `{base}` is not in the document; its properties are missing"
                    ),
                );
                break;
            }
        }
    }
    for position in (0..chain.len()).rev() {
        let current = chain[position];
        if flat.contains_key(&current) {
            continue;
        }
        let mut props = match chain.get(position + 1) {
            Some(&base_id) => bind_base(index, current, base_id, &flat[&base_id])?,
            None => Vec::new(),
        };
        let mut by_name: HashMap<&str, usize> = props
            .iter()
            .enumerate()
            .map(|(at, existing)| (existing.prop.name.as_str(), at))
            .collect();
        for prop in &index.decl(current).props {
            let own = FlatProp {
                ty: prop.ty.clone(),
                prop,
            };
            match by_name.get(prop.name.as_str()) {
                Some(&at) => props[at] = own,
                None => {
                    by_name.insert(&prop.name, props.len());
                    props.push(own);
                }
            }
        }
        flat.insert(current, props);
    }
    Ok(())
}

/// The flat properties of `base_id` as `id` inherits them: with the generic arguments of `id`'s
/// base reference bound.
fn bind_base<'a>(
    index: &Index,
    id: DeclId,
    base_id: DeclId,
    base_props: &[FlatProp<'a>],
) -> Result<Vec<FlatProp<'a>>, Error> {
    let (decl, base) = (index.decl(id), index.decl(base_id));
    let bindings: Vec<(String, TypeRef)> = match &decl.base {
        Some((TypeRef::Named { args, .. }, _)) => base
            .params
            .iter()
            .cloned()
            .zip(args.iter().cloned())
            .collect(),
        _ => Vec::new(),
    };
    base_props
        .iter()
        .map(|flat| {
            let ty = flat
                .ty
                .substitute_checked(&bindings)
                .map_err(|message| Error::Invalid {
                    location: format!(
                        "{}.{} (inherited from {})",
                        decl.meta.name, flat.prop.name, base.meta.name
                    ),
                    message,
                })?;
            Ok(FlatProp {
                ty,
                prop: flat.prop,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::parse;
    use crate::options::TextCase;

    fn index(json: &str) -> Index {
        Index::build(&parse(json).unwrap(), TextCase::Camel).unwrap()
    }

    /// `Name: Type` of each flattened property of the declaration named `name`.
    fn flattened(index: &Index, name: &str) -> Result<Vec<String>, Error> {
        let id = index.find(name, 0, None).unwrap();
        let mut diagnostics = Diagnostics::default();
        let flat = flatten_all(index, &BTreeSet::from([id]), &mut diagnostics)?;
        Ok(flat[&id]
            .iter()
            .map(|prop| format!("{}: {}", prop.prop.name, prop.ty))
            .collect())
    }

    #[test]
    fn a_derived_struct_gets_its_bases_members_first_with_arguments_bound() {
        let index = index(
            r#"{"types":[
                {"name":"Root","properties":[{"name":"Id","type":"Int32"}]},
                {"name":"Page`1","genericArgs":["T"],"isGenericTypeDef":true,
                 "inherits":{"name":"Root"},
                 "properties":[{"name":"Items","type":"List`1","genericArgs":["T"]},
                               {"name":"Note","type":"String"}]},
                {"name":"Todos","inherits":{"name":"Page`1","genericArgs":["Todo"]},
                 "properties":[{"name":"Total","type":"Int32"},{"name":"Note","type":"Guid"}]},
                {"name":"Todo","properties":[]}
            ],"operations":[]}"#,
        );
        assert_eq!(
            flattened(&index, "Todos").unwrap(),
            [
                "Id: Int32",
                "Items: List<Todo>",
                // Redeclared: the base's position, the derived declaration.
                "Note: Guid",
                "Total: Int32",
            ]
        );
    }

    #[test]
    fn an_inheritance_cycle_is_an_error() {
        let index = index(
            r#"{"types":[
                {"name":"A","inherits":{"name":"B"},"properties":[{"name":"X","type":"Int32"}]},
                {"name":"B","inherits":{"name":"A"},"properties":[]}
            ],"operations":[]}"#,
        );
        let error = flattened(&index, "A").unwrap_err().to_string();
        assert!(error.contains("inheritance cycle: A → B → A"), "{error}");
    }

    #[test]
    fn a_missing_base_is_a_warning() {
        let index = index(
            r#"{"types":[{"name":"A","inherits":{"name":"Gone"},
                "properties":[{"name":"X","type":"Int32"}]}],"operations":[]}"#,
        );
        let id = index.find("A", 0, None).unwrap();
        let mut diagnostics = Diagnostics::default();
        let flat = flatten_all(&index, &BTreeSet::from([id]), &mut diagnostics).unwrap();
        assert_eq!(flat[&id].len(), 1);
        let warnings = diagnostics.into_warnings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location, "A");
        assert!(
            warnings[0]
                .message
                .contains("base class `Gone` is not in the document")
        );
    }

    #[test]
    fn a_binding_that_explodes_is_refused() {
        // Each level doubles the type: 2^12 nodes is past the limit.
        let mut types = vec![
            r#"{"name":"L0`1","genericArgs":["T"],"isGenericTypeDef":true,
                "properties":[{"name":"V","type":"T"}]}"#
                .to_owned(),
        ];
        for level in 1..=12 {
            types.push(format!(
                r#"{{"name":"L{level}`1","genericArgs":["T"],"isGenericTypeDef":true,
                    "inherits":{{"name":"L{}`1","genericArgs":["Dictionary<T,T>"]}},
                    "properties":[]}}"#,
                level - 1
            ));
        }
        types.push(
            r#"{"name":"Top","inherits":{"name":"L12`1","genericArgs":["Int32"]},"properties":[]}"#
                .into(),
        );
        let index = index(&format!(
            r#"{{"types":[{}],"operations":[]}}"#,
            types.join(",")
        ));
        let error = flattened(&index, "Top").unwrap_err().to_string();
        assert!(error.contains("(inherited from"), "{error}");
    }
}
