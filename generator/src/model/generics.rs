//! Pass 6, generics: which generic parameters each struct keeps in Rust.
//!
//! Reads the flattened properties ([`Flattened`]) and, once types are mapped, the field types
//! of every generated struct ([`Mapped`], with every type argument); produces [`UsedParams`]:
//! first the parameters the metadata mentions ([`mentioned`]), then those the Rust fields
//! really use ([`refine`]). rustc refuses a parameter no field uses (E0392), and a parameter
//! the metadata mentions can vanish in Rust: inside a type that became `serde_json::Value`
//! (missing, excluded, an interface), as a map key turned `String`, or only as an argument of
//! the struct itself (`Node<T> { next: Node<T> }`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::RustType;
use crate::model::index::{DeclId, Index, Kind, UsedParams};
use crate::model::inheritance::Flattened;
use crate::model::names::{self, TypeNames};
use crate::model::typemap::Mapped;

/// The parameters each kept struct's flattened properties mention.
pub(super) fn mentioned(index: &Index, kept: &BTreeSet<DeclId>, flat: &Flattened) -> UsedParams {
    kept.iter()
        .copied()
        .filter(|&id| index.decl(id).kind == Kind::Struct)
        .map(|id| {
            let params = &index.decl(id).params;
            let props = &flat[&id];
            let used = (0..params.len())
                .filter(|&param| props.iter().any(|prop| prop.ty.mentions(&params[param], 0)))
                .collect();
            (id, used)
        })
        .collect()
}

/// Narrows the `mentioned` parameters of each generated generic struct to those its Rust
/// fields (`fields`, by struct) really use. The least fixpoint: a parameter is used when it
/// appears outside generated generic structs, or as an argument in a position that is itself
/// used.
pub(super) fn refine(
    index: &Index,
    names: &TypeNames,
    mentioned: &UsedParams,
    fields: &BTreeMap<DeclId, Vec<Mapped>>,
) -> UsedParams {
    let generic: Vec<DeclId> = mentioned
        .iter()
        .filter(|(id, used)| !used.is_empty() && names.get(**id).is_some())
        .map(|(&id, _)| id)
        .collect();
    let mut used: HashMap<DeclId, BTreeSet<usize>> = HashMap::new();
    loop {
        let mut changed = false;
        for &id in &generic {
            let mut in_use = BTreeSet::new();
            for field in fields.get(&id).into_iter().flatten() {
                params_in_use(field.full(), names, &used, &mut in_use);
            }
            let params = &index.decl(id).params;
            for &position in &mentioned[&id] {
                if in_use.contains(&names::param_name(&params[position]))
                    && used.entry(id).or_default().insert(position)
                {
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut refined = mentioned.clone();
    for id in generic {
        let kept = used.remove(&id).unwrap_or_default();
        refined.insert(id, kept.into_iter().collect());
    }
    refined
}

/// Adds the Rust parameter names `ty` uses to `in_use`, given which parameters of generic
/// structs are used so far (an argument of any other parameter does not count).
fn params_in_use(
    ty: &RustType,
    names: &TypeNames,
    used: &HashMap<DeclId, BTreeSet<usize>>,
    in_use: &mut BTreeSet<String>,
) {
    match ty {
        RustType::Param(name) => {
            in_use.insert(name.clone());
        }
        RustType::Named { rust_name, args } => {
            let target = names.id_of(rust_name).and_then(|id| used.get(&id));
            for (position, arg) in args.iter().enumerate() {
                if target.is_some_and(|set| set.contains(&position)) {
                    params_in_use(arg, names, used, in_use);
                }
            }
        }
        other => {
            for child in other.children() {
                params_in_use(child, names, used, in_use);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::parse;
    use crate::model::diagnostics::Diagnostics;
    use crate::model::inheritance::flatten_all;
    use crate::model::names::assign_type_names;
    use crate::model::typemap::{Replacements, TypeMapper};
    use crate::options::{MapType, TextCase};

    /// The type parameters each generic struct of `types` keeps: (name, mentioned, refined).
    fn kept_params(types: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let json = format!(r#"{{"types":[{types}],"operations":[]}}"#);
        let index = Index::build(&parse(&json).unwrap(), TextCase::Camel).unwrap();
        let kept: BTreeSet<DeclId> = index.decls().map(|(id, _)| id).collect();
        let flat = flatten_all(&index, &kept, &mut Diagnostics::default()).unwrap();
        let names = assign_type_names(&index, &kept, &|_| false);
        let mapper = TypeMapper {
            index: &index,
            names: &names,
            replacements: &Replacements::default(),
            map_type: MapType::Hash,
        };
        let fields = names
            .iter()
            .filter_map(|(id, _)| {
                let params = &index.decl(id).params;
                let props = flat.get(&id)?;
                let mapped = props
                    .iter()
                    .map(|prop| mapper.map(&prop.ty, params, None, "here"))
                    .collect();
                Some((id, mapped))
            })
            .collect();
        let mentioned = mentioned(&index, &kept, &flat);
        let refined = refine(&index, &names, &mentioned, &fields);
        let params = |id: DeclId, used: &UsedParams| -> Vec<String> {
            let params = &index.decl(id).params;
            used[&id].iter().map(|&p| params[p].clone()).collect()
        };
        mentioned
            .keys()
            .filter(|&&id| index.decl(id).arity > 0)
            .map(|&id| {
                let name = index.decl(id).name.clone();
                (name, params(id, &mentioned), params(id, &refined))
            })
            .collect()
    }

    fn def(name: &str, params: &[&str], props: &str) -> String {
        format!(
            r#"{{"name":"{name}`{}","genericArgs":{params:?},"isGenericTypeDef":true,"properties":[{props}]}}"#,
            params.len()
        )
    }

    #[test]
    fn parameters_that_vanish_in_rust_are_dropped() {
        let types = [
            def(
                "Page",
                &["T"],
                r#"{"name":"Items","type":"List`1","genericArgs":["T"]}"#,
            ),
            // Only as an argument of itself.
            def(
                "Node",
                &["T"],
                r#"{"name":"Next","type":"Node`1","genericArgs":["T"]}"#,
            ),
            // Only as a map key, which becomes a string.
            def(
                "Keyed",
                &["K", "V"],
                r#"{"name":"M","type":"Dictionary`2","genericArgs":["K","V"]}"#,
            ),
            // Only inside a type that becomes JSON.
            def(
                "Lost",
                &["T"],
                r#"{"name":"X","type":"Missing`1","genericArgs":["T"]}"#,
            ),
            // Through another struct: kept where that struct keeps it.
            def(
                "Outer",
                &["A", "B"],
                r#"{"name":"P","type":"Page`1","genericArgs":["A"]},
                {"name":"N","type":"Node`1","genericArgs":["B"]}"#,
            ),
            def("Unused", &["T"], r#"{"name":"X","type":"Int32"}"#),
        ];
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            kept_params(&types.join(",")),
            [
                ("Page".into(), strings(&["T"]), strings(&["T"])),
                ("Node".into(), strings(&["T"]), strings(&[])),
                ("Keyed".into(), strings(&["K", "V"]), strings(&["V"])),
                ("Lost".into(), strings(&["T"]), strings(&[])),
                ("Outer".into(), strings(&["A", "B"]), strings(&["A"])),
                ("Unused".into(), strings(&[]), strings(&[])),
            ]
        );
    }
}
