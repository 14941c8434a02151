//! Cargo features for generated code (`--feature-gates`, which `--crate` turns on): one feature
//! per operation tag and, with `--modules namespace`, one per namespace module, so a crate's user
//! compiles only the operations they call:
//!
//! ```toml
//! my-api = { version = "0.1", default-features = false, features = ["bookings"] }
//! ```
//!
//! Naming: a tag's feature is its kebab case (`Bookings` → `bookings`, `Chat Sessions` →
//! `chat-sessions`); tags with the same name merge. Tags come from the server, so a name keeps
//! only ASCII letters, digits and `-`; a tag that loses other characters on the way gets a hash of
//! its text appended (`Café` → `caf-…`), and one with nothing left is `tag-<hash>`. The names
//! `default` and `full` are taken by the crate (`default = ["full"]`, `full` = every feature), so
//! such tags become `tag-default` and `tag-full`. A namespace module's feature is the module's
//! kebab case (`my_app_service_model` → `my-app-service-model`), prefixed with `ns-` when a tag
//! (or another module) has the name; only modules that declare an operation get one.
//!
//! Gates: every operation (request struct) has the features of its tags and of its module. An
//! item is compiled when any feature of an operation that reaches it is on: the request itself,
//! its response type, and transitively every generated type named in fields, type arguments and
//! response types. Operations without any feature (no tag, and no namespace modules), and types
//! no operation reaches, are always compiled, as is everything they reach; so with
//! `--modules namespace` an untagged operation is still behind its module's feature.
//!
//! [`gate_unit`] writes the gates onto an emitted unit as `#[cfg(feature = "…")]` attributes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToKebabCase;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use crate::model::{Ir, Item};
use crate::options::{CodeOptions, ModuleLayout};

/// Feature names a generated crate defines itself.
const RESERVED: &[&str] = &["default", "full"];

/// The cargo features of a generated file and which items each one compiles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureGates {
    /// Every feature, sorted by name.
    features: Vec<Feature>,
    /// Gated items by Rust name: indices into `features`, ascending. Items not here are always
    /// compiled.
    gates: HashMap<String, Vec<usize>>,
}

/// One cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature name: ASCII lower-case letters, digits and `-`, starting with a letter or digit.
    pub name: String,
    /// Where the name comes from.
    pub origin: FeatureOrigin,
    /// The Rust names of the request structs (operations) it enables, sorted.
    pub operations: Vec<String>,
}

/// Where a feature's name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureOrigin {
    /// Operation tags (several when their names merge), sorted, as the server sent them:
    /// untrusted text.
    Tags(Vec<String>),
    /// A namespace module (`--modules namespace`), by its Rust name.
    Module(String),
}

impl FeatureGates {
    /// The features and gates of `ir`; none unless `options.feature_gates` is on.
    pub fn compute(ir: &Ir, options: &CodeOptions) -> FeatureGates {
        if !options.feature_gates {
            return FeatureGates::default();
        }
        let by_name: HashMap<&str, usize> = ir
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.rust_name(), index))
            .collect();
        let (features, op_features) = name_features(ir, options.modules);
        let edges: Vec<Vec<usize>> = ir
            .items
            .iter()
            .map(|item| dependencies(item, &by_name))
            .collect();
        // Each feature reaches what its operations reach.
        let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ir.items.len()];
        for (feature, definition) in features.iter().enumerate() {
            let roots = definition
                .operations
                .iter()
                .map(|name| by_name[name.as_str()]);
            for index in reachable(roots, &edges) {
                reached[index].insert(feature);
            }
        }
        // Ungated operations, and items no feature reaches, pull in everything they reach.
        let always_roots = (0..ir.items.len()).filter(|&index| {
            reached[index].is_empty()
                || op_features
                    .get(&index)
                    .is_some_and(|features| features.is_empty())
        });
        let always: BTreeSet<usize> = reachable(always_roots, &edges).into_iter().collect();
        let gates = reached
            .into_iter()
            .enumerate()
            .filter(|(index, features)| !always.contains(index) && !features.is_empty())
            .map(|(index, features)| {
                let name = ir.items[index].rust_name().to_owned();
                (name, features.into_iter().collect())
            })
            .collect();
        FeatureGates { features, gates }
    }

    /// Every feature, sorted by name.
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The features that compile an item (any one of them is enough); empty when the item is
    /// always compiled.
    pub fn gate(&self, rust_name: &str) -> Vec<&str> {
        self.gates
            .get(rust_name)
            .map(|indices| {
                indices
                    .iter()
                    .map(|&index| self.features[index].name.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether no item is gated.
    pub fn is_empty(&self) -> bool {
        self.gates.is_empty()
    }

    /// `#[cfg(feature = "x")]` or `#[cfg(any(feature = "x", feature = "y"))]` for a gated item.
    fn cfg_attribute(&self, rust_name: &str) -> Option<syn::Attribute> {
        let names = self.gate(rust_name);
        let predicates: Vec<TokenStream> = names
            .iter()
            .map(|name| quote::quote!(feature = #name))
            .collect();
        match predicates.as_slice() {
            [] => None,
            [single] => Some(syn::parse_quote!(#[cfg(#single)])),
            many => Some(syn::parse_quote!(#[cfg(any(#(#many),*))])),
        }
    }
}

/// The features, and each operation's (by item index).
fn name_features(
    ir: &Ir,
    modules: ModuleLayout,
) -> (Vec<Feature>, BTreeMap<usize, BTreeSet<String>>) {
    let operations: Vec<(usize, &Item)> = ir
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| matches!(item, Item::Struct(def) if def.request.is_some()))
        .collect();
    let mut features: BTreeMap<String, (FeatureOrigin, BTreeSet<String>)> = BTreeMap::new();
    let mut op_features: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for &(index, item) in &operations {
        let own = op_features.entry(index).or_default();
        for tag in &item.extras().tags {
            let name = tag_feature_name(tag);
            let (origin, ops) = features
                .entry(name.clone())
                .or_insert_with(|| (FeatureOrigin::Tags(Vec::new()), BTreeSet::new()));
            if let FeatureOrigin::Tags(tags) = origin
                && !tags.contains(tag)
            {
                tags.push(tag.clone());
            }
            ops.insert(item.rust_name().to_owned());
            own.insert(name);
        }
    }
    if modules == ModuleLayout::Namespace {
        let mut module_names: BTreeMap<&str, String> = BTreeMap::new();
        for &(index, item) in &operations {
            let Some(module) = item.extras().module.as_deref() else {
                continue;
            };
            let name = match module_names.get(module) {
                Some(name) => name.clone(),
                None => {
                    let name = free_name(&module_feature_name(module), &features);
                    features.insert(
                        name.clone(),
                        (FeatureOrigin::Module(module.to_owned()), BTreeSet::new()),
                    );
                    module_names.insert(module, name.clone());
                    name
                }
            };
            if let Some((_, ops)) = features.get_mut(&name) {
                ops.insert(item.rust_name().to_owned());
            }
            op_features.entry(index).or_default().insert(name);
        }
    }
    let features = features
        .into_iter()
        .map(|(name, (mut origin, operations))| {
            if let FeatureOrigin::Tags(tags) = &mut origin {
                tags.sort();
            }
            Feature {
                name,
                origin,
                operations: operations.into_iter().collect(),
            }
        })
        .collect();
    (features, op_features)
}

/// The feature name of a tag (see the module docs).
fn tag_feature_name(tag: &str) -> String {
    let kebab = tag.to_kebab_case();
    let mut name = sanitize(&kebab);
    let lossy = name != kebab;
    if name.is_empty() {
        name = "tag".into();
    }
    if lossy {
        name = format!("{name}-{:08x}", fnv1a(tag));
    }
    if RESERVED.contains(&name.as_str()) {
        name = format!("tag-{name}");
    }
    name
}

/// A module's feature name before collisions are resolved.
fn module_feature_name(module: &str) -> String {
    let name = sanitize(&module.trim_start_matches("r#").to_kebab_case());
    if name.is_empty() {
        format!("ns-{:08x}", fnv1a(module))
    } else {
        name
    }
}

/// `base`, else `ns-base`, else `ns-base-2`, ...: the first name neither taken nor reserved.
fn free_name<V>(base: &str, taken: &BTreeMap<String, V>) -> String {
    let free = |name: &str| !taken.contains_key(name) && !RESERVED.contains(&name);
    if free(base) {
        return base.to_owned();
    }
    let prefixed = format!("ns-{base}");
    if free(&prefixed) {
        return prefixed;
    }
    (2..)
        .map(|n| format!("{prefixed}-{n}"))
        .find(|name| free(name))
        .unwrap_or(prefixed)
}

/// ASCII lower-case letters, digits and single `-` between them; everything else is a `-`.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// 32-bit FNV-1a: a stable, dependency-free hash for names.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The items an item's code names: field types, and for a request its response type.
fn dependencies(item: &Item, by_name: &HashMap<&str, usize>) -> Vec<usize> {
    let Item::Struct(def) = item else {
        return Vec::new();
    };
    let mut named = Vec::new();
    for field in &def.fields {
        field.ty.collect_named(&mut named);
    }
    if let Some(request) = &def.request {
        request.response.collect_named(&mut named);
    }
    named
        .into_iter()
        .filter_map(|name| by_name.get(name).copied())
        .collect()
}

/// Every item reachable from the roots (roots included).
fn reachable(roots: impl IntoIterator<Item = usize>, edges: &[Vec<usize>]) -> Vec<usize> {
    let mut seen = vec![false; edges.len()];
    let mut pending: Vec<usize> = roots.into_iter().collect();
    let mut out = Vec::new();
    while let Some(index) = pending.pop() {
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        out.push(index);
        pending.extend(edges[index].iter().copied().filter(|&next| !seen[next]));
    }
    out
}

/// Adds `#[cfg(...)]` to every item of an emitted unit whose subject is gated: structs, enums
/// and other named items by name, impls by the last segment of their self type, macro invocations
/// (`string_enum!(Name { ... })`) by the first identifier of their input that is not a keyword;
/// `pub mod` items stay and their items are gated. `use` items are left alone. Returns the unit
/// unchanged when nothing is gated (or it does not parse; formatting reports that).
pub fn gate_unit(unit: TokenStream, gates: &FeatureGates) -> TokenStream {
    if gates.is_empty() {
        return unit;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(unit.clone()) else {
        return unit;
    };
    if gate_items(&mut file.items, gates) {
        file.into_token_stream()
    } else {
        unit
    }
}

/// Gates the items in place; whether any was gated.
fn gate_items(items: &mut [syn::Item], gates: &FeatureGates) -> bool {
    let mut changed = false;
    for item in items {
        if let syn::Item::Mod(module) = item {
            if let Some((_, inner)) = &mut module.content {
                changed |= gate_items(inner, gates);
            }
            continue;
        }
        let Some(attribute) = subject(item).and_then(|name| gates.cfg_attribute(&name)) else {
            continue;
        };
        if let Some(attributes) = attributes_mut(item) {
            // After the doc comment, before everything else.
            let at = attributes
                .iter()
                .take_while(|attribute| attribute.path().is_ident("doc"))
                .count();
            attributes.insert(at, attribute);
            changed = true;
        }
    }
    changed
}

/// The name of the type an item is about.
fn subject(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::Const(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Impl(item) => return type_name(&item.self_ty),
        syn::Item::Macro(item) if item.ident.is_none() => {
            return macro_subject(item.mac.tokens.clone());
        }
        _ => return None,
    };
    Some(ident.to_string())
}

/// The last path segment of a (possibly parenthesized) type path.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Paren(inner) => type_name(&inner.elem),
        syn::Type::Group(inner) => type_name(&inner.elem),
        _ => None,
    }
}

/// The first top-level identifier of a macro's input that is not a keyword (`pub`, `enum`, ...):
/// `Name` in `Name { ... }`, `#[doc = "..."] pub enum Name { ... }` or `Name: i32 { ... }`.
fn macro_subject(tokens: TokenStream) -> Option<String> {
    tokens.into_iter().find_map(|token| match token {
        TokenTree::Ident(ident) => {
            let text = ident.to_string();
            let keyword = matches!(
                text.as_str(),
                "pub" | "crate" | "in" | "enum" | "struct" | "union" | "type" | "const" | "static"
            );
            (!keyword).then_some(text)
        }
        _ => None,
    })
}

/// The outer attributes of the item kinds [`subject`] names.
fn attributes_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        syn::Item::Union(item) => &mut item.attrs,
        syn::Item::Type(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::Const(item) => &mut item.attrs,
        syn::Item::Static(item) => &mut item.attrs,
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Macro(item) => &mut item.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
