//! IR → Rust tokens. Names from std, serde and the runtime are short, with `use` lines at the top
//! of the file (or module), except where a generated item has the same name (`paths`); every
//! identifier comes from the IR (valid by construction) and every text from the metadata reaches
//! the output only as a string literal or an escaped doc line. What every DTO needs beyond its
//! declaration lives in the runtime (derives, `string_enum!`, trait defaults), so the file holds
//! only what differs from one DTO to the next.
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
pub mod features;
mod paths;
mod request;
mod structs;
mod types;

pub use paths::UsedNames;

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
    /// Structs only ever sent: they derive `Serialize` alone.
    sent_only: std::rc::Rc<HashSet<&'a str>>,
    /// How std, serde and runtime names are written where the code goes.
    scope: std::rc::Rc<paths::Scope>,
}

impl<'a> Context<'a> {
    fn new(ir: &'a Ir, options: &'a CodeOptions) -> Context<'a> {
        let modules: HashMap<&str, &str> = ir
            .items
            .iter()
            .filter_map(|item| Some((item.rust_name(), item.extras().module.as_deref()?)))
            .collect();
        let built = built_structs(ir);
        let received = received_structs(ir, &built);
        let sent_only = if options.deserializable_requests {
            HashSet::new()
        } else {
            built.difference(&received).copied().collect()
        };
        let root_names = ir
            .items
            .iter()
            .filter(|item| item.extras().module.is_none())
            .map(|item| item.rust_name().to_owned())
            .chain(modules.values().map(|module| (*module).to_owned()));
        Context {
            options,
            scope: std::rc::Rc::new(paths::Scope::new(root_names)),
            modules,
            current: None,
            built: std::rc::Rc::new(built),
            sent_only: std::rc::Rc::new(sent_only),
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

    /// The context inside the `pub mod` of a namespace, with that module's own scope.
    fn within(&self, ir: &Ir, module: &'a str) -> Context<'a> {
        let names = ir
            .items
            .iter()
            .filter(|item| item.extras().module.as_deref() == Some(module))
            .map(|item| item.rust_name().to_owned());
        Context {
            options: self.options,
            modules: self.modules.clone(),
            current: Some(module),
            built: self.built.clone(),
            sent_only: self.sent_only.clone(),
            uninhabited: self.uninhabited.clone(),
            query_responses: self.query_responses.clone(),
            scope: std::rc::Rc::new(paths::Scope::new(names)),
        }
    }

    /// A std, serde or runtime name as a path where the code goes (see [`paths`]).
    fn path(&self, known: paths::Known) -> TokenStream {
        self.scope.path(known)
    }

    /// A std, serde or runtime name as text, for paths inside string literals.
    fn path_text(&self, known: paths::Known) -> String {
        self.scope.text(known)
    }

    /// Whether the struct is only ever sent (derives `Serialize` without `Deserialize`).
    fn sent_only(&self, rust_name: &str) -> bool {
        self.sent_only.contains(rust_name)
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

/// The structs emitted with `Serialize` alone (no `Deserialize`): requests and the structs only
/// requests reach, unless [`CodeOptions::deserializable_requests`] is on.
pub fn sent_only_structs(ir: &Ir, options: &CodeOptions) -> HashSet<String> {
    let context = Context::new(ir, options);
    context
        .sent_only
        .iter()
        .map(|name| (*name).to_owned())
        .collect()
}

/// Request structs and the structs their fields reach, transitively.
fn built_structs(ir: &Ir) -> HashSet<&str> {
    let structs = structs_by_name(ir);
    let requests = structs
        .values()
        .filter(|def| def.request.is_some())
        .map(|def| def.rust_name.as_str())
        .collect();
    reachable(&structs, requests)
}

/// Structs a client may decode: every struct no request reaches, and every struct a response
/// type reaches. The rest (requests and what only they hold) are only ever serialized.
fn received_structs<'a>(ir: &'a Ir, built: &HashSet<&str>) -> HashSet<&'a str> {
    let structs = structs_by_name(ir);
    let mut roots: Vec<&str> = structs
        .keys()
        .copied()
        .filter(|name| !built.contains(name))
        .collect();
    for def in structs.values() {
        if let Some(request) = &def.request {
            request.response.collect_named(&mut roots);
        }
    }
    reachable(&structs, roots)
}

fn structs_by_name(ir: &Ir) -> HashMap<&str, &crate::model::StructDef> {
    ir.items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(def) => Some((def.rust_name.as_str(), def)),
            _ => None,
        })
        .collect()
}

/// The structs among `roots` and everything their fields reach.
fn reachable<'a>(
    structs: &HashMap<&'a str, &'a crate::model::StructDef>,
    mut pending: Vec<&'a str>,
) -> HashSet<&'a str> {
    pending.retain(|name| structs.contains_key(name));
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
pub fn emit(ir: &Ir) -> Result<TokenStream, crate::Error> {
    emit_with(ir, &CodeOptions::default())
}

/// Emits the whole file at once: the `use` lines, then every item in IR order, grouped in
/// modules when the items have them.
pub fn emit_with(ir: &Ir, options: &CodeOptions) -> Result<TokenStream, crate::Error> {
    check(ir)?;
    let emitter = Emitter::new(ir, options);
    let units: TokenStream = emitter.units().collect();
    let uses = emitter.uses();
    Ok(quote!(#uses #units))
}

/// Checks what the emitter takes as Rust source text from the IR: every replacement type path
/// and every extra derive and attribute must parse. The options were checked when they were read,
/// so a failure here is an internal error, reported rather than papered over.
pub fn check(ir: &Ir) -> Result<(), crate::Error> {
    let internal = |item: &Item, what: &str, text: &str| {
        crate::Error::Internal(format!(
            "{}: the {what} `{text}` is not Rust source",
            item.rust_name()
        ))
    };
    for item in &ir.items {
        let mut replaced = Vec::new();
        let mut paths = |ty: &crate::model::RustType| {
            ty.walk(&mut |ty| {
                if let crate::model::RustType::Replaced { path, .. } = ty {
                    replaced.push(path.clone());
                }
            })
        };
        if let Item::Struct(def) = item {
            for field in &def.fields {
                paths(&field.ty);
            }
            if let Some(request) = &def.request {
                paths(&request.response);
            }
        }
        for path in &replaced {
            syn::parse_str::<syn::Type>(path)
                .map_err(|_| internal(item, "replacement type", path))?;
        }
        for derive in &item.extras().derives {
            syn::parse_str::<syn::Path>(derive).map_err(|_| internal(item, "derive", derive))?;
        }
        for attribute in &item.extras().attributes {
            attribute
                .parse::<TokenStream>()
                .map_err(|_| internal(item, "attribute", attribute))?;
        }
    }
    Ok(())
}

/// Emits one file. The `use` lines of the file are known once every unit has been emitted:
///
/// ```ignore
/// let emitter = Emitter::new(&ir, &options);
/// let body = format::format_units(emitter.units())?; // one unit at a time
/// let uses = format::format(emitter.uses())?;         // goes first in the file
/// ```
pub struct Emitter<'a> {
    ir: &'a Ir,
    context: Context<'a>,
}

impl<'a> Emitter<'a> {
    /// An emitter for the items of `ir`.
    pub fn new(ir: &'a Ir, options: &'a CodeOptions) -> Emitter<'a> {
        Emitter {
            ir,
            context: Context::new(ir, options),
        }
    }

    /// The file in independent top-level units, in order: each item (with its impls) outside any
    /// module, and each `pub mod` whole (with its own `use` lines). Formatting unit by unit keeps
    /// only one unit's tokens and syntax tree in memory at a time (a 10k-type document peaks at a
    /// quarter of the memory).
    pub fn units(&self) -> impl Iterator<Item = TokenStream> + '_ {
        let top_level = top_level_items(self.ir);
        self.top_level_units(top_level).chain(self.module_units())
    }

    /// The units of these items of the top level (indices into the IR's items, in order).
    pub fn top_level_units(&self, items: Vec<usize>) -> impl Iterator<Item = TokenStream> + '_ {
        // Lazily: an item's tokens exist only until they are formatted.
        items
            .into_iter()
            .map(move |index| emit_item(&self.ir.items[index], &self.context))
    }

    /// One unit per namespace module (none in the flat layout), each with its own `use` lines.
    pub fn module_units(&self) -> impl Iterator<Item = TokenStream> + '_ {
        let mut by_module: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        for item in &self.ir.items {
            if let Some(module) = item.extras().module.as_deref() {
                by_module.entry(module).or_default().push(item);
            }
        }
        by_module.into_iter().map(move |(module, items)| {
            let context = self.context.within(self.ir, module);
            let body: TokenStream = items
                .into_iter()
                .map(|item| emit_item(item, &context))
                .collect();
            let uses = context.scope.uses(self.context.options.feature_gates);
            module_tokens(self.ir, module, quote!(#uses #body))
        })
    }

    /// The `use` lines of the file's top level, for the units emitted so far (by this emitter
    /// and those whose names were [added](Emitter::add_names)).
    pub fn uses(&self) -> TokenStream {
        self.context.scope.uses(self.context.options.feature_gates)
    }

    /// The top-level names this emitter's units used so far.
    pub fn take_names(&self) -> UsedNames {
        self.context.scope.used()
    }

    /// Adds the top-level names another emitter of the same file used (emitters working on
    /// parts of the file, one per thread).
    pub fn add_names(&self, names: UsedNames) {
        self.context.scope.add_used(names);
    }
}

/// The indices of the items outside any namespace module, in IR order.
pub fn top_level_items(ir: &Ir) -> Vec<usize> {
    (0..ir.items.len())
        .filter(|&index| ir.items[index].extras().module.is_none())
        .collect()
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

/// Escapes text from the metadata for a doc comment.
pub fn docs_sanitize(text: &str) -> String {
    docs::sanitize(text)
}

fn emit_item(item: &Item, context: &Context<'_>) -> TokenStream {
    match item {
        Item::Struct(def) => structs::emit_struct(def, context),
        Item::Enum(def) => enums::emit_enum(def, context),
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
        .map(|derive| derive.parse().expect("checked by emit::check"))
        .collect();
    let derive = if derives.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#derives),*)])
    };
    let attributes: TokenStream = extras
        .attributes
        .iter()
        .map(|attribute| {
            attribute
                .parse::<TokenStream>()
                .expect("checked by emit::check")
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RustType;

    /// What the options checked cannot go wrong silently later: an unparsable replacement path
    /// or derive in the IR is an internal error, not `serde_json::Value` or a dropped derive.
    #[test]
    fn unparsable_source_text_in_the_ir_is_an_internal_error() {
        let json = r#"{"types":[{"name":"A","namespace":"N","properties":[
            {"name":"B","type":"String","namespace":"System"}]}]}"#;
        let document = crate::metadata::parse(json).unwrap();
        let (ir, _) = crate::model::resolve(&document, &Default::default()).unwrap();
        assert!(check(&ir).is_ok());
        let mut broken = ir.clone();
        if let Item::Struct(def) = &mut broken.items[0] {
            def.fields[0].ty = RustType::Replaced {
                path: "not a ( type".into(),
                args: Vec::new(),
                wire: None,
            };
        }
        let error = emit(&broken).unwrap_err().to_string();
        assert!(error.contains("not a ( type"), "{error}");
        let mut broken = ir;
        broken.items[0].extras_mut().derives.push("Hash(".into());
        assert!(check(&broken).is_err());
    }
}
