//! Rust type expressions, and the serde_with adapter types of replaced wire types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, ident};
use crate::model::RustType;
use crate::options::MapType;

/// `::std::option::Option<::std::vec::Vec<Poco>>` and friends; references to items of another
/// module are `super::module::Name`.
pub fn type_tokens(ty: &RustType, context: &Context<'_>) -> TokenStream {
    match ty {
        RustType::Primitive(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::String => quote!(::std::string::String),
        RustType::Runtime(name) => {
            let name = ident(name);
            quote!(::servicestack_runtime::#name)
        }
        RustType::Json => quote!(::serde_json::Value),
        RustType::Unit => quote!(()),
        RustType::Option(inner) => {
            let inner = type_tokens(inner, context);
            quote!(::std::option::Option<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, context);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Map(key, value) => {
            let (key, value) = (type_tokens(key, context), type_tokens(value, context));
            let map = map_path(context.options.map_type);
            quote!(#map<#key, #value>)
        }
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner, context);
            quote!(::std::boxed::Box<#inner>)
        }
        RustType::Named { rust_name, args } => {
            let name = ident(rust_name);
            let path = match context.modules.get(rust_name.as_str()) {
                Some(module) if Some(*module) != context.current => {
                    let module = ident(module);
                    quote!(super::#module::#name)
                }
                _ => quote!(#name),
            };
            if args.is_empty() {
                path
            } else {
                let args = args.iter().map(|arg| type_tokens(arg, context));
                quote!(#path<#(#args),*>)
            }
        }
        RustType::Param(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Replaced { path, args, .. } => {
            // Checked as a type path when the options were read.
            let path: TokenStream = path.parse().unwrap_or_else(|_| quote!(::serde_json::Value));
            if args.is_empty() {
                path
            } else {
                let args = args.iter().map(|arg| type_tokens(arg, context));
                quote!(#path<#(#args),*>)
            }
        }
    }
}

fn map_path(map_type: MapType) -> TokenStream {
    match map_type {
        MapType::Hash => quote!(::std::collections::HashMap),
        MapType::BTree => quote!(::std::collections::BTreeMap),
        MapType::Index => quote!(::servicestack_runtime::indexmap::IndexMap),
    }
}

/// Whether a replaced wire type occurs in `ty` (the field then needs a serde_with adapter).
pub fn has_wire_replacement(ty: &RustType) -> bool {
    match ty {
        RustType::Replaced { wire, args, .. } => {
            wire.is_some() || args.iter().any(has_wire_replacement)
        }
        RustType::Option(inner) | RustType::Vec(inner) | RustType::Boxed(inner) => {
            has_wire_replacement(inner)
        }
        RustType::Map(key, value) => has_wire_replacement(key) || has_wire_replacement(value),
        RustType::Named { args, .. } => args.iter().any(has_wire_replacement),
        _ => false,
    }
}

/// The serde_with `as` type for a field holding replaced wire types: the same shape with each
/// replaced wire type as `Wire<RuntimeType>` and everything else as `_`. A replaced value that
/// is not directly inside an `Option` is wrapped in `DefaultOnNull`, so `null` reads as its
/// default as for every other value type.
///
/// `Option<Vec<chrono::DateTime<Utc>>>` →
/// `::std::option::Option<::std::vec::Vec<DefaultOnNull<Wire<DateTime>>>>` (with absolute paths,
/// so user types named `Option` or `Vec` cannot capture them).
pub fn adapter_text(ty: &RustType, context: &Context<'_>) -> String {
    adapter(ty, context, false)
}

fn adapter(ty: &RustType, context: &Context<'_>, in_option: bool) -> String {
    match ty {
        RustType::Replaced {
            wire: Some(runtime),
            ..
        } => {
            let wire = format!(
                "::servicestack_runtime::adapters::Wire<::servicestack_runtime::{runtime}>"
            );
            if in_option {
                wire
            } else {
                format!("::servicestack_runtime::serde_with::DefaultOnNull<{wire}>")
            }
        }
        RustType::Option(inner) if has_wire_replacement(inner) => {
            format!("::std::option::Option<{}>", adapter(inner, context, true))
        }
        RustType::Vec(inner) if has_wire_replacement(inner) => {
            format!("::std::vec::Vec<{}>", adapter(inner, context, false))
        }
        RustType::Boxed(inner) if has_wire_replacement(inner) => {
            format!("::std::boxed::Box<{}>", adapter(inner, context, in_option))
        }
        RustType::Map(key, value) if has_wire_replacement(key) || has_wire_replacement(value) => {
            let map = map_path(context.options.map_type)
                .to_string()
                .replace(' ', "");
            // Keys are never null.
            format!(
                "{map}<{}, {}>",
                adapter(key, context, true),
                adapter(value, context, false)
            )
        }
        _ => "_".to_owned(),
    }
}
