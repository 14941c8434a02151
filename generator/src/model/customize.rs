//! Applies the code-shape options to the IR: module per namespace, extra derives (only where
//! every field supports them) and per-type derives and attributes (validated).
//!
//! Derive validity is decided per trait by a fixed point over the structs: a struct supports a
//! trait when every field type does; fields of other structs start as "supported" and lose it as
//! the iteration discovers a field that does not, so recursive types are handled. A per-type
//! derive of a checked trait also goes to every generated type the struct contains, which the
//! derived impl needs.

use std::collections::{BTreeMap, HashMap};

use crate::Error;
use crate::model::names::{self, NameSet};
use crate::model::vocabulary::{ENUM_DERIVES, FLAGS_DERIVES, STRUCT_DERIVES};
use crate::model::{Item, RustType};
use crate::options::{CodeOptions, MapType, ModuleLayout, parse_attributes, parse_derive};

/// Traits whose validity is checked; other derives are added as asked.
const CHECKED: [&str; 5] = ["Eq", "Hash", "PartialOrd", "Ord", "Copy"];

/// What a generated item derives (or implements) without options.
fn built_in_derives(item: &Item) -> Vec<&'static str> {
    match item {
        Item::Struct(_) => [&STRUCT_DERIVES[..], &["Serialize", "Deserialize"]].concat(),
        Item::Enum(def) => {
            let copy: &[&str] = if def.is_copy() { &["Copy"] } else { &[] };
            [&ENUM_DERIVES[..], copy, &["Default"]].concat()
        }
        Item::Flags(_) => FLAGS_DERIVES.to_vec(),
    }
}

/// Applies modules, derives and attributes to `items`.
pub fn apply(items: &mut [Item], options: &CodeOptions) -> Result<(), Error> {
    if options.modules == ModuleLayout::Namespace {
        assign_modules(items);
    }
    let support = Support::compute(items, options.map_type);
    let global: Vec<String> = options
        .derives
        .iter()
        .map(|derive| derive.trim().to_owned())
        .collect();
    for derive in &global {
        parse_derive("--derive", derive)?;
    }
    for index in 0..items.len() {
        let wanted: Vec<String> = global
            .iter()
            .filter(|derive| support.allows(items, index, trait_name(derive)))
            .cloned()
            .collect();
        add_derives(&mut items[index], &wanted);
    }
    for (type_name, derive) in &options.type_derives {
        let index = find_item(items, "--type-derive", type_name)?;
        for derive in derive
            .split(',')
            .map(str::trim)
            .filter(|derive| !derive.is_empty())
        {
            parse_derive("--type-derive", derive)?;
            if let Some(reason) = support.refusal(items, index, trait_name(derive)) {
                return Err(Error::Option {
                    option: "--type-derive".into(),
                    message: format!("`{type_name}` cannot derive {derive}: {reason}"),
                });
            }
            // `#[derive(Hash)]` on a struct needs `Hash` on every generated type of its fields:
            // those get it too (they support it, or the refusal above would have said so).
            let needs = CHECKED.contains(&trait_name(derive));
            let targets = if needs {
                support.contained(items, index)
            } else {
                vec![index]
            };
            for target in targets {
                add_derives(&mut items[target], &[derive.to_owned()]);
            }
        }
    }
    for (type_name, attribute) in &options.type_attributes {
        let index = find_item(items, "--type-attr", type_name)?;
        for attribute in parse_attributes("--type-attr", attribute)? {
            let text = quote::ToTokens::to_token_stream(&attribute).to_string();
            items[index].extras_mut().attributes.push(text);
        }
    }
    Ok(())
}

fn trait_name(derive: &str) -> &str {
    derive.rsplit("::").next().unwrap_or(derive).trim()
}

/// Adds derives the item does not have yet, with what `Ord` and `Eq` need (`PartialOrd`, `Eq`).
fn add_derives(item: &mut Item, derives: &[String]) {
    let built_in = built_in_derives(item);
    let mut wanted = Vec::new();
    for derive in derives {
        if trait_name(derive) == "Ord" {
            wanted.push("Eq".to_owned());
            wanted.push("PartialOrd".to_owned());
        }
        wanted.push(derive.clone());
    }
    let extras = item.extras_mut();
    for derive in wanted {
        let name = trait_name(&derive);
        let present = built_in.contains(&name)
            || extras
                .derives
                .iter()
                .any(|existing| trait_name(existing) == name);
        if !present {
            extras.derives.push(derive);
        }
    }
}

/// Finds an item by .NET name (without namespace and arity) or Rust name.
fn find_item(items: &[Item], option: &str, type_name: &str) -> Result<usize, Error> {
    items
        .iter()
        .position(|item| {
            let dotnet = item.dotnet_name().rsplit('.').next().unwrap_or_default();
            let dotnet = dotnet.split('`').next().unwrap_or_default();
            item.rust_name() == type_name || dotnet == type_name || item.dotnet_name() == type_name
        })
        .ok_or_else(|| Error::Option {
            option: option.to_owned(),
            message: format!(
                "unknown type `{type_name}`: no generated type has that .NET or Rust name"
            ),
        })
}

/// One module per namespace: `MyApp.ServiceModel` → `my_app_service_model`.
fn assign_modules(items: &mut [Item]) {
    let mut namespaces: Vec<String> = items
        .iter()
        .map(|item| namespace_of(item.dotnet_name()))
        .collect();
    namespaces.sort();
    namespaces.dedup();
    let mut taken = NameSet::with_reserved(["super", "self", "crate"]);
    let modules: BTreeMap<String, String> = namespaces
        .into_iter()
        .map(|namespace| {
            let base = if namespace.is_empty() {
                "global".to_owned()
            } else {
                names::field_name(&namespace)
            };
            let module = taken.claim(&base);
            (namespace, module)
        })
        .collect();
    for item in items {
        let module = modules[&namespace_of(item.dotnet_name())].clone();
        item.extras_mut().module = Some(module);
    }
}

fn namespace_of(dotnet_name: &str) -> String {
    dotnet_name
        .rsplit_once('.')
        .map(|(namespace, _)| namespace.to_owned())
        .unwrap_or_default()
}

/// Which checked traits each item supports.
struct Support {
    by_name: HashMap<String, usize>,
    /// `supports[item][trait]`, indexed like [`CHECKED`].
    supports: Vec<[bool; 5]>,
    map_type: MapType,
}

impl Support {
    fn compute(items: &[Item], map_type: MapType) -> Support {
        let by_name = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.rust_name().to_owned(), index))
            .collect();
        let supports = items
            .iter()
            .map(|item| match item {
                Item::Struct(_) => [true; 5],
                Item::Enum(def) => [true, true, true, true, def.is_copy()],
                Item::Flags(_) => [true; 5],
            })
            .collect();
        let mut support = Support {
            by_name,
            supports,
            map_type,
        };
        loop {
            let mut changed = false;
            for (index, item) in items.iter().enumerate() {
                let Item::Struct(def) = item else { continue };
                for position in 0..CHECKED.len() {
                    if support.supports[index][position]
                        && def
                            .fields
                            .iter()
                            .any(|field| !support.type_supports(&field.ty, position))
                    {
                        support.supports[index][position] = false;
                        changed = true;
                    }
                }
            }
            if !changed {
                return support;
            }
        }
    }

    /// Item `index` and every generated item its fields contain, directly or through other
    /// items, in a stable order.
    fn contained(&self, items: &[Item], index: usize) -> Vec<usize> {
        let mut found = vec![index];
        let mut next = 0;
        while let Some(&current) = found.get(next) {
            next += 1;
            let Item::Struct(def) = &items[current] else {
                continue;
            };
            let mut named = Vec::new();
            for field in &def.fields {
                field.ty.collect_named(&mut named);
            }
            for name in named {
                if let Some(&item) = self.by_name.get(name)
                    && !found.contains(&item)
                {
                    found.push(item);
                }
            }
        }
        found
    }

    fn allows(&self, items: &[Item], index: usize, name: &str) -> bool {
        self.refusal(items, index, name).is_none()
    }

    /// Why item `index` cannot derive `name`; `None` when it can (or `name` is not checked).
    fn refusal(&self, items: &[Item], index: usize, name: &str) -> Option<String> {
        let position = CHECKED.iter().position(|checked| *checked == name)?;
        let needs: Vec<usize> = match name {
            "Ord" => vec![position, 0, 2],
            _ => vec![position],
        };
        if needs.iter().all(|&need| self.supports[index][need]) {
            return None;
        }
        match &items[index] {
            Item::Struct(def) => def
                .fields
                .iter()
                .find(|field| {
                    needs
                        .iter()
                        .any(|&need| !self.type_supports(&field.ty, need))
                })
                .map(|field| format!("field `{}` does not support it", field.rust_name))
                .or_else(|| Some("a field does not support it".into())),
            Item::Enum(def) => def.catch_all.as_ref().map(|catch_all| {
                format!(
                    "its catch-all variant `{catch_all}` holds the unknown value's String (closed \
                     enums, `--closed-enums`, have none and are Copy)"
                )
            }),
            Item::Flags(_) => None,
        }
    }

    fn type_supports(&self, ty: &RustType, position: usize) -> bool {
        let trait_name = CHECKED[position];
        match ty {
            RustType::Primitive(primitive) if primitive.starts_with('f') => {
                trait_name == "PartialOrd" || trait_name == "Copy"
            }
            RustType::Primitive(_) | RustType::Unit | RustType::Param(_) => true,
            RustType::String => trait_name != "Copy",
            RustType::Runtime(runtime) => match *runtime {
                "Decimal" | "TimeSpan" => true,
                "Bytes" => trait_name != "Copy",
                "Guid" => matches!(trait_name, "Eq" | "Hash" | "Copy"),
                "ResponseStatus" | "ResponseError" => trait_name == "Eq",
                _ => matches!(trait_name, "Eq" | "Hash"),
            },
            RustType::Json => trait_name == "Eq",
            RustType::Option(inner) => self.type_supports(inner, position),
            RustType::Vec(inner) | RustType::Boxed(inner) => {
                trait_name != "Copy" && self.type_supports(inner, position)
            }
            RustType::Map(key, value) => {
                let map_supports = match self.map_type {
                    MapType::BTree => trait_name != "Copy",
                    MapType::Hash | MapType::Index => trait_name == "Eq",
                };
                map_supports
                    && self.type_supports(key, position)
                    && self.type_supports(value, position)
            }
            RustType::Named { rust_name, args } => {
                self.by_name
                    .get(rust_name)
                    .is_none_or(|&index| self.supports[index][position])
                    && args.iter().all(|arg| self.type_supports(arg, position))
            }
            // A type the user supplied: nothing is known about it.
            RustType::Replaced { .. } => false,
        }
    }
}
