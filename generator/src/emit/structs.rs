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

use super::autoquery::{emit_auto_query, emit_query_results};
use super::docs::{doc_attrs, docs_with_note, sanitize, trusted_doc, type_name};
use super::ident;
use super::request::emit_request_impl;
use super::types::{adapter_text, has_wire_replacement, type_tokens};
use super::{Context, extras_tokens};
use crate::model::names::NameSet;
use crate::model::{Field, REQUIRED_NOTE, RequestDef, RustType, StructDef};

/// The struct, and its `ServiceRequest` impl when it is a request.
pub fn emit_struct(def: &StructDef, context: &Context<'_>) -> TokenStream {
    let mut docs = docs_with_note(
        &def.docs,
        &format!(
            "ServiceStack type: {}",
            type_name(&def.dotnet_name, &def.generics)
        ),
    );
    if let Some(request) = &def.request {
        docs.extend(operation_docs(request));
    }
    let name = ident(&def.rust_name);
    let generics = generics(def);
    let fields = def.fields.iter().map(|field| emit_field(field, context));
    let request = def.request.as_ref().map(|request| {
        let service_request = emit_request_impl(def, request, context);
        let auto_query = emit_auto_query(def, request, context);
        quote!(#service_request #auto_query)
    });
    let query_results = emit_query_results(def);
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
    let setters = if context.builds(&def.rust_name) {
        emit_setters(def, context)
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #serde_as
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        #extras
        pub struct #name #generics {
            #(#fields)*
        }
        impl #generics ::servicestack_runtime::lenient::Dto for #name #generics {}
        #setters
        #request
        #query_results
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
    let mut docs = doc_attrs(&field.docs);
    if field.required && matches!(field.ty, RustType::Option(_)) {
        if !field.docs.is_empty() {
            docs.extend(trusted_doc(""));
        }
        docs.extend(trusted_doc(REQUIRED_NOTE));
    }
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
    for alias in &field.aliases {
        serde_args.push(quote!(alias = #alias));
    }
    let optional = matches!(field.ty, RustType::Option(_));
    // Servers omit members that hold their default value; a field read through a function
    // needs `default` for a missing member even when it is an `Option`. (`lenient` is never
    // set on fields holding replaced types: those go through serde_with instead.)
    if !optional || field.lenient {
        serde_args.push(quote!(default));
    }
    if optional {
        serde_args.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    if field.lenient {
        serde_args.push(quote!(
            deserialize_with = "::servicestack_runtime::lenient::deserialize"
        ));
        let mut params = Vec::new();
        field.ty.collect_params(&mut params);
        if !params.is_empty() {
            params.sort_unstable();
            params.dedup();
            let bound = params
                .iter()
                .map(|param| {
                    format!("{param}: ::servicestack_runtime::lenient::NullAsDefault<'de>")
                })
                .collect::<Vec<_>>()
                .join(", ");
            serde_args.push(quote!(bound(deserialize = #bound)));
        }
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

/// `with_*` setters for the structs users build (requests and what their fields hold), so a
/// member is set without `Some(x.into())`:
///
/// ```ignore
/// impl InviteChatMember {
///     /// Sets `session_id`.
///     pub fn with_session_id(mut self, value: impl Into<String>) -> Self {
///         self.session_id = Some(value.into());
///         self
///     }
/// }
/// ```
///
/// Lists take any iterable of convertible items, maps any iterable of convertible pairs. The
/// `with_` prefix keeps setters apart from trait methods (`clone`, `eq`, `into`) a field may be
/// named after.
fn emit_setters(def: &StructDef, context: &Context<'_>) -> TokenStream {
    if !def.generics.is_empty() || def.fields.is_empty() {
        return TokenStream::new();
    }
    let mut taken = NameSet::default();
    let settable = def
        .fields
        .iter()
        .filter(|field| context.inhabited(&field.ty));
    let setters = settable.map(|field| {
        let base = field.rust_name.trim_end_matches('_');
        let setter = taken.claim(&format!("with_{base}"));
        let setter = ident(&setter);
        let name = ident(&field.rust_name);
        let (inner, optional) = match &field.ty {
            RustType::Option(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let (parameter, value) = setter_conversion(inner, context);
        let value = if optional {
            quote!(::std::option::Option::Some(#value))
        } else {
            value
        };
        let doc = trusted_doc(&format!("Sets `{}`.", field.rust_name));
        quote! {
            #doc
            pub fn #setter(mut self, value: #parameter) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    let name = ident(&def.rust_name);
    quote! {
        impl #name {
            #(#setters)*
        }
    }
}

/// The setter's parameter type and the expression that turns `value` into the field's type.
fn setter_conversion(ty: &RustType, context: &Context<'_>) -> (TokenStream, TokenStream) {
    match ty {
        RustType::Vec(element) => {
            let element = type_tokens(element, context);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#element>>),
                quote!(value.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        RustType::Map(key, item) => {
            let (key, item) = (type_tokens(key, context), type_tokens(item, context));
            (
                quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<#key>, impl ::std::convert::Into<#item>)>),
                quote!(
                    value
                        .into_iter()
                        .map(|(key, item)| (key.into(), item.into()))
                        .collect()
                ),
            )
        }
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner, context);
            (
                quote!(impl ::std::convert::Into<#inner>),
                quote!(::std::boxed::Box::new(value.into())),
            )
        }
        other => {
            let ty = type_tokens(other, context);
            (quote!(impl ::std::convert::Into<#ty>), quote!(value.into()))
        }
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
