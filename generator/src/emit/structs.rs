//! DTO structs. A struct the client decodes:
//!
//! ```ignore
//! /// The description.
//! #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Dto)]
//! #[serde(default, rename_all = "camelCase")]
//! pub struct SessionInfo {
//!     /// The ID of the object
//!     #[serde(alias = "Id", skip_serializing_if = "Option::is_none")]
//!     pub id: Option<String>,
//!     #[serde(alias = "WasMissed", deserialize_with = "lenient::deserialize")]
//!     pub was_missed: bool,
//! }
//! ```
//!
//! A request (and what only requests hold) is only ever sent: `Serialize` and `Setters`, no
//! `Deserialize`, no aliases or `null` handling.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::autoquery::{emit_auto_query, emit_query_results};
use super::docs::{doc_attrs, docs_with_note, trusted_doc, type_name};
use super::ident;
use super::request::emit_request_impl;
use super::types::{adapter_text, generics, type_tokens};
use super::{Context, extras_tokens, paths};
use crate::model::names::SerdeCase;
use crate::model::vocabulary;
use crate::model::{Field, REQUIRED_NOTE, RustType, StructDef};

/// The struct, and its `ServiceRequest` impl when it is a request.
pub fn emit_struct(def: &StructDef, context: &Context<'_>) -> TokenStream {
    let docs = docs_with_note(
        &def.docs,
        &format!(
            "{}{}",
            vocabulary::TYPE_NOTE,
            type_name(&def.dotnet_name, &def.generics)
        ),
    );
    let name = ident(&def.rust_name);
    let generics = generics(def);
    let shape = Shape::of(def, context);
    let fields = def
        .fields
        .iter()
        .map(|field| emit_field(field, &shape, context));
    let request = def.request.as_ref().map(|request| {
        let service_request = emit_request_impl(def, request, context);
        let auto_query = emit_auto_query(def, request, context);
        quote!(#service_request #auto_query)
    });
    let query_results = emit_query_results(def, context);
    // serde_as must run before the serde derives see the fields.
    let serde_as = if def
        .fields
        .iter()
        .any(|field| field.ty.has_wire_replacement())
    {
        quote!(#[::servicestack_runtime::serde_with::serde_as(crate = "::servicestack_runtime::serde_with")])
    } else {
        TokenStream::new()
    };
    let extras = extras_tokens(&def.extras);
    let mut derives: Vec<TokenStream> = vocabulary::STRUCT_DERIVES
        .iter()
        .map(|derive| ident(derive).into_token_stream())
        .collect();
    derives.push(context.path(paths::SERIALIZE));
    if shape.decoded {
        derives.push(context.path(paths::DESERIALIZE));
        derives.push(context.path(paths::DTO));
    }
    if shape.setters {
        derives.push(context.path(paths::SETTERS));
    }
    let mut container = Vec::new();
    if shape.container_default {
        container.push(quote!(default));
    }
    if let Some(case) = shape.case {
        let case = case.attribute_value();
        container.push(quote!(rename_all = #case));
    }
    let container = (!container.is_empty()).then(|| quote!(#[serde(#(#container),*)]));
    quote! {
        #docs
        #serde_as
        #[derive(#(#derives),*)]
        #extras
        #container
        pub struct #name #generics {
            #(#fields)*
        }
        #request
        #query_results
    }
}

/// What a struct's serde attributes depend on.
struct Shape {
    /// Decoded by the client (derives `Deserialize`), not only sent.
    decoded: bool,
    /// `#[serde(default)]` on the struct: a missing member takes the struct's `Default`.
    container_default: bool,
    /// The `rename_all` rule, if one saves renames.
    case: Option<SerdeCase>,
    /// Derives `Setters`.
    setters: bool,
}

impl Shape {
    fn of(def: &StructDef, context: &Context<'_>) -> Shape {
        let decoded = !context.sent_only(&def.rust_name);
        Shape {
            decoded,
            // A generic struct keeps per-field defaults: a container default would need
            // `T: Default` of every parameter.
            container_default: decoded
                && def.generics.is_empty()
                && def
                    .fields
                    .iter()
                    .any(|field| !matches!(field.ty, RustType::Option(_)) || field.lenient),
            case: SerdeCase::best_for(
                def.fields
                    .iter()
                    .map(|field| (field.rust_name.as_str(), field.wire_name.as_str())),
            ),
            setters: context.builds(&def.rust_name)
                && def.generics.is_empty()
                && !def.fields.is_empty(),
        }
    }
}

fn emit_field(field: &Field, shape: &Shape, context: &Context<'_>) -> TokenStream {
    let mut docs = doc_attrs(&field.docs);
    if field.required && matches!(field.ty, RustType::Option(_)) {
        if !field.docs.is_empty() {
            docs.extend(trusted_doc(""));
        }
        docs.extend(trusted_doc(REQUIRED_NOTE));
    }
    let name = ident(&field.rust_name);
    let ty = type_tokens(&field.ty, context);
    let adapter = if field.ty.has_wire_replacement() {
        let adapter = adapter_text(&field.ty, context);
        quote!(#[serde_as(as = #adapter)])
    } else {
        TokenStream::new()
    };
    let mut serde_args = Vec::new();
    let serde_name = match shape.case {
        Some(case) => case.apply(&field.rust_name),
        None => field.rust_name.clone(),
    };
    if field.wire_name != serde_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let optional = matches!(field.ty, RustType::Option(_));
    if shape.decoded {
        for alias in &field.aliases {
            serde_args.push(quote!(alias = #alias));
        }
        // Servers omit members that hold their default value; a field read through a function
        // needs `default` for a missing member even when it is an `Option`. (`lenient` is never
        // set on fields holding replaced types: those go through serde_with instead.)
        if !shape.container_default && (!optional || field.lenient) {
            serde_args.push(quote!(default));
        }
    }
    if optional {
        let is_none = format!("{}::is_none", context.path_text(paths::OPTION));
        serde_args.push(quote!(skip_serializing_if = #is_none));
    }
    let mut deserialize_args = Vec::new();
    if shape.decoded && field.lenient {
        let lenient = context.path_text(paths::LENIENT);
        let deserialize = format!("{lenient}::deserialize");
        deserialize_args.push(quote!(deserialize_with = #deserialize));
        let mut params = Vec::new();
        field.ty.collect_params(&mut params);
        if !params.is_empty() {
            params.sort_unstable();
            params.dedup();
            let bound = params
                .iter()
                .map(|param| format!("{param}: {lenient}::NullAsDefault<'de>"))
                .collect::<Vec<_>>()
                .join(", ");
            deserialize_args.push(quote!(bound(deserialize = #bound)));
        }
    }
    let serde = serde_attributes(serde_args, deserialize_args);
    let allow = if type_complexity(&field.ty, 1) >= TYPE_COMPLEXITY_ALLOWED {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    };
    // A value of an uninhabited type cannot be made, so there is nothing to set.
    let skip_setter =
        (shape.setters && !context.inhabited(&field.ty)).then(|| quote!(#[setters(skip)]));
    quote! {
        #docs
        #allow
        #adapter
        #serde
        #skip_setter
        pub #name: #ty,
    }
}

/// `#[serde(...)]` with every argument, or, when that would not fit in a line, the names and
/// serialization in one attribute and how `null` is read in a second (two lines instead of
/// prettyplease's five).
fn serde_attributes(mut names: Vec<TokenStream>, reading: Vec<TokenStream>) -> TokenStream {
    const FIELD_ATTRIBUTE_WIDTH: usize = 100 - "    #[serde()]".len();
    let width =
        |args: &[TokenStream]| -> usize { args.iter().map(|arg| arg.to_string().len() + 2).sum() };
    if width(&names) + width(&reading) > FIELD_ATTRIBUTE_WIDTH && !names.is_empty() {
        let reading = (!reading.is_empty()).then(|| quote!(#[serde(#(#reading),*)]));
        return quote!(#[serde(#(#names),*)] #reading);
    }
    names.extend(reading);
    if names.is_empty() {
        return TokenStream::new();
    }
    quote!(#[serde(#(#names),*)])
}

/// Clippy's `type_complexity` fires at 250; the wire shape is not ours to simplify, so fields
/// near it get an `allow` (with a margin for how paths are counted).
const TYPE_COMPLEXITY_ALLOWED: usize = 200;

/// Clippy's score for a type: each path, tuple or slice adds ten times its nesting level.
fn type_complexity(ty: &RustType, nest: usize) -> usize {
    let inner = |types: &mut dyn Iterator<Item = &RustType>| -> usize {
        types.map(|ty| type_complexity(ty, nest + 1)).sum()
    };
    10 * nest
        + match ty {
            RustType::Option(element) | RustType::Vec(element) | RustType::Boxed(element) => {
                inner(&mut std::iter::once(element.as_ref()))
            }
            RustType::Map(key, value) => inner(&mut [key.as_ref(), value.as_ref()].into_iter()),
            RustType::Named { args, .. } | RustType::Replaced { args, .. } => {
                inner(&mut args.iter())
            }
            RustType::Primitive(_)
            | RustType::String
            | RustType::Runtime(_)
            | RustType::Json
            | RustType::Unit
            | RustType::Param(_) => 0,
        }
}
