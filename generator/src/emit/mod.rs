//! IR → Rust tokens. Every path into std, serde and the runtime is absolute (`::std::...`), so
//! DTOs named `Result`, `Option`, `Box`, `Vec`, `String`, `Default` or `Value` cannot capture
//! them; every identifier comes from the IR (valid by construction) and every text from the
//! metadata reaches the output only as a string literal or an escaped doc line.
//!
//! With `--modules namespace` the items of each .NET namespace go into one `pub mod`:
//!
//! ```ignore
//! /// Types of the .NET namespace `MyApp.ServiceModel`.
//! pub mod my_app_service_model {
//!     pub struct Booking { pub coupon: Option<super::my_app_types::Coupon>, /* ... */ }
//! }
//! ```

mod autoquery;
mod docs;
mod enums;
mod request;
mod structs;
mod types;

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Ir, Item};
use crate::options::CodeOptions;

/// What every emitter needs besides the item: the options and where each item lives.
pub struct Context<'a> {
    options: &'a CodeOptions,
    modules: HashMap<&'a str, &'a str>,
    current: Option<&'a str>,
    /// Structs a user builds: requests and every struct their fields reach.
    built: std::rc::Rc<HashSet<&'a str>>,
    /// Closed enums without members: no value of them exists.
    uninhabited: std::rc::Rc<HashSet<&'a str>>,
    /// `QueryResponse<T>` structs that implement `QueryResults`.
    query_responses: std::rc::Rc<HashSet<&'a str>>,
}

impl<'a> Context<'a> {
    fn new(ir: &'a Ir, options: &'a CodeOptions) -> Context<'a> {
        let modules = ir
            .items
            .iter()
            .filter_map(|item| Some((item.rust_name(), item.extras().module.as_deref()?)))
            .collect();
        Context {
            options,
            modules,
            current: None,
            built: std::rc::Rc::new(built_structs(ir)),
            uninhabited: std::rc::Rc::new(
                ir.items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Enum(def) if def.members.is_empty() && def.catch_all.is_none() => {
                            Some(def.rust_name.as_str())
                        }
                        _ => None,
                    })
                    .collect(),
            ),
            query_responses: std::rc::Rc::new(
                ir.items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Struct(def) if autoquery::is_query_response(def) => {
                            Some(def.rust_name.as_str())
                        }
                        _ => None,
                    })
                    .collect(),
            ),
        }
    }

    fn within(&self, module: Option<&'a str>) -> Context<'a> {
        Context {
            options: self.options,
            modules: self.modules.clone(),
            current: module,
            built: self.built.clone(),
            uninhabited: self.uninhabited.clone(),
            query_responses: self.query_responses.clone(),
        }
    }

    /// Whether the struct is a `QueryResponse<T>` that implements `QueryResults`.
    fn is_query_response(&self, rust_name: &str) -> bool {
        self.query_responses.contains(rust_name)
    }

    /// Whether a value of this type can exist (a closed enum without members cannot).
    fn inhabited(&self, ty: &crate::model::RustType) -> bool {
        let mut named = Vec::new();
        ty.collect_named(&mut named);
        !named.iter().any(|name| self.uninhabited.contains(name))
    }

    /// Whether users build values of this struct (it gets `with_*` setters).
    fn builds(&self, rust_name: &str) -> bool {
        self.built.contains(rust_name)
    }
}

/// Request structs and the structs their fields reach, transitively.
fn built_structs(ir: &Ir) -> HashSet<&str> {
    let structs: HashMap<&str, &crate::model::StructDef> = ir
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(def) => Some((def.rust_name.as_str(), def)),
            _ => None,
        })
        .collect();
    let mut pending: Vec<&str> = structs
        .values()
        .filter(|def| def.request.is_some())
        .map(|def| def.rust_name.as_str())
        .collect();
    let mut built = HashSet::new();
    while let Some(name) = pending.pop() {
        if !built.insert(name) {
            continue;
        }
        let mut named = Vec::new();
        for field in &structs[name].fields {
            field.ty.collect_named(&mut named);
        }
        pending.extend(named.into_iter().filter(|name| structs.contains_key(name)));
    }
    built
}

/// Emits every item of the IR with the default options.
pub fn emit(ir: &Ir) -> TokenStream {
    emit_with(ir, &CodeOptions::default())
}

/// Emits every item of the IR, in IR order, grouped in modules when the items have them.
pub fn emit_with(ir: &Ir, options: &CodeOptions) -> TokenStream {
    emit_units(ir, options).collect()
}

/// The file in independent top-level units, in order: each item (with its impls) outside any
/// module, and each `pub mod` whole. Formatting unit by unit keeps only one unit's tokens and
/// syntax tree in memory at a time (a 10k-type document peaks at a quarter of the memory).
pub fn emit_units<'a>(
    ir: &'a Ir,
    options: &'a CodeOptions,
) -> impl Iterator<Item = TokenStream> + 'a {
    let context = Context::new(ir, options);
    let mut by_module: BTreeMap<Option<&str>, Vec<&Item>> = BTreeMap::new();
    for item in &ir.items {
        by_module
            .entry(item.extras().module.as_deref())
            .or_default()
            .push(item);
    }
    by_module.into_iter().flat_map(move |(module, items)| {
        let context = context.within(module);
        let units: Box<dyn Iterator<Item = TokenStream> + 'a> = match module {
            // Lazily: an item's tokens exist only until they are formatted.
            None => Box::new(items.into_iter().map(move |item| emit_item(item, &context))),
            Some(module) => {
                let body: TokenStream = items
                    .into_iter()
                    .map(|item| emit_item(item, &context))
                    .collect();
                Box::new(std::iter::once(module_tokens(ir, module, body)))
            }
        };
        units
    })
}

/// `pub mod name { body }` with a doc line naming the .NET namespace.
fn module_tokens(ir: &Ir, module: &str, body: TokenStream) -> TokenStream {
    let name = ident(module);
    let namespace = ir
        .items
        .iter()
        .find(|item| item.extras().module.as_deref() == Some(module))
        .and_then(|item| item.dotnet_name().rsplit_once('.'))
        .map(|(namespace, _)| docs::sanitize(namespace))
        .unwrap_or_default();
    let doc = docs::trusted_doc(&format!("Types of the .NET namespace {namespace}."));
    quote! {
        #doc
        pub mod #name {
            #body
        }
    }
}

/// Escapes text from the metadata for a doc comment (see [`docs`]).
pub fn docs_sanitize(text: &str) -> String {
    docs::sanitize(text)
}

fn emit_item(item: &Item, context: &Context<'_>) -> TokenStream {
    match item {
        Item::Struct(def) => structs::emit_struct(def, context),
        Item::Enum(def) => enums::emit_enum(def),
        Item::Flags(def) => enums::emit_flags(def),
    }
}

fn ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// Extra derives and attributes of an item, as tokens after its built-in derive.
fn extras_tokens(extras: &crate::model::Extras) -> TokenStream {
    let derives: Vec<TokenStream> = extras
        .derives
        .iter()
        .filter_map(|derive| derive.parse().ok())
        .collect();
    let derive = if derives.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#derives),*)])
    };
    let attributes: TokenStream = extras
        .attributes
        .iter()
        .filter_map(|attribute| attribute.parse::<TokenStream>().ok())
        .collect();
    quote!(#derive #attributes)
}

/// A signed integer as tokens that parse in expression and pattern position (`-5`, not a
/// negative literal token).
fn int_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote::quote!(-#magnitude)
    } else {
        quote::quote!(#magnitude)
    }
}
