//! DTO structs.
//!
//! ```ignore
//! /// The description.
//! #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
//! pub struct SessionInfo {
//!     /// The ID of the object
//!     #[serde(skip_serializing_if = "::std::option::Option::is_none")]
//!     pub id: ::std::option::Option<::std::string::String>,
//!     #[serde(rename = "wasMissed", default)]
//!     pub was_missed: bool,
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, docs_with_note, sanitize, trusted_doc};
use super::ident;
use super::request::emit_request_impl;
use super::types::{adapter_text, has_wire_replacement, type_tokens};
use super::{Context, extras_tokens};
use crate::model::{Field, RequestDef, RustType, StructDef};

/// The struct, and its `ServiceRequest` impl when it is a request.
pub fn emit_struct(def: &StructDef, context: &Context<'_>) -> TokenStream {
    let mut docs = docs_with_note(
        &def.docs,
        &format!("ServiceStack type: {}", sanitize(&def.dotnet_name)),
    );
    if let Some(request) = &def.request {
        docs.extend(operation_docs(request));
    }
    let name = ident(&def.rust_name);
    let generics = generics(def);
    let fields = def.fields.iter().map(|field| emit_field(field, context));
    let request = def
        .request
        .as_ref()
        .map(|request| emit_request_impl(def, request, context));
    // serde_as must run before the serde derives see the fields.
    let serde_as = if def
        .fields
        .iter()
        .any(|field| has_wire_replacement(&field.ty))
    {
        quote!(#[::servicestack_runtime::serde_with::serde_as(crate = "::servicestack_runtime::serde_with")])
    } else {
        TokenStream::new()
    };
    let extras = extras_tokens(&def.extras);
    quote! {
        #docs
        #serde_as
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        #extras
        pub struct #name #generics {
            #(#fields)*
        }
        #request
    }
}

/// What the API page of the operation says: verb, routes, response, auth.
fn operation_docs(request: &RequestDef) -> TokenStream {
    let mut lines = vec![
        String::new(),
        format!(
            "Operation {} (`send` uses {}).",
            sanitize(&request.operation_name),
            request.method
        ),
    ];
    for route in &request.routes {
        let verbs = if route.verbs.is_empty() {
            "any verb".to_owned()
        } else {
            route.verbs.join(", ")
        };
        lines.push(format!("- Route: {} ({verbs})", sanitize(&route.path)));
    }
    let auth = &request.auth;
    let mut requirements = Vec::new();
    if auth.requires_auth {
        requirements.push("authentication".to_owned());
    }
    if auth.requires_api_key {
        requirements.push("an API key".to_owned());
    }
    for (label, values) in [
        ("role(s)", &auth.required_roles),
        ("any role of", &auth.requires_any_role),
        ("permission(s)", &auth.required_permissions),
        ("any permission of", &auth.requires_any_permission),
    ] {
        if !values.is_empty() {
            let values: Vec<String> = values.iter().map(|value| sanitize(value)).collect();
            requirements.push(format!("{label} {}", values.join(", ")));
        }
    }
    if !requirements.is_empty() {
        lines.push(format!("- Requires {}.", requirements.join("; ")));
    }
    lines.iter().map(|line| trusted_doc(line)).collect()
}

/// `<T, TKey>` or nothing.
pub fn generics(def: &StructDef) -> TokenStream {
    if def.generics.is_empty() {
        return TokenStream::new();
    }
    let params = def.generics.iter().map(|param| ident(param));
    quote!(<#(#params),*>)
}

fn emit_field(field: &Field, context: &Context<'_>) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.rust_name);
    let ty = type_tokens(&field.ty, context);
    let adapter = if has_wire_replacement(&field.ty) {
        let adapter = adapter_text(&field.ty, context);
        quote!(#[serde_as(as = #adapter)])
    } else {
        TokenStream::new()
    };
    let mut serde_args = Vec::new();
    if field.wire_name != field.rust_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if matches!(field.ty, RustType::Option(_)) {
        serde_args.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    } else {
        // Servers omit members that hold their default value.
        serde_args.push(quote!(default));
    }
    let allow = if type_complexity(&field.ty, 1) >= TYPE_COMPLEXITY_ALLOWED {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #allow
        #adapter
        #[serde(#(#serde_args),*)]
        pub #name: #ty,
    }
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
