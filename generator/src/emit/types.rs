//! Rust type expressions, and the serde_with adapter types of replaced wire types.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::{self, Known};
use super::{Context, ident};
use crate::model::RustType;
use crate::options::MapType;

/// `Option<Vec<Poco>>` and friends (absolute paths where a generated name collides, see
/// [`paths`]); references to items of another module are `super::module::Name`.
pub fn type_tokens(ty: &RustType, context: &Context<'_>) -> TokenStream {
    match ty {
        RustType::Primitive(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::String => context.path(paths::STRING),
        RustType::Runtime(name) => context.path(paths::runtime(name)),
        RustType::Json => context.path(paths::VALUE),
        RustType::Unit => quote!(()),
        RustType::Option(inner) => {
            let inner = type_tokens(inner, context);
            let option = context.path(paths::OPTION);
            quote!(#option<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner, context);
            let vec = context.path(paths::VEC);
            quote!(#vec<#inner>)
        }
        RustType::Map(key, value) => {
            let (key, value) = (type_tokens(key, context), type_tokens(value, context));
            let map = context.path(map_path(context.options.map_type));
            quote!(#map<#key, #value>)
        }
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner, context);
            let boxed = context.path(paths::BOX);
            quote!(#boxed<#inner>)
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
            let path: TokenStream = path.parse().expect("checked by emit::check");
            if args.is_empty() {
                path
            } else {
                let args = args.iter().map(|arg| type_tokens(arg, context));
                quote!(#path<#(#args),*>)
            }
        }
    }
}

fn map_path(map_type: MapType) -> Known {
    match map_type {
        MapType::Hash => paths::HASH_MAP,
        MapType::BTree => paths::BTREE_MAP,
        MapType::Index => paths::INDEX_MAP,
    }
}

/// The serde_with `as` type for a field holding replaced wire types: the same shape with each
/// replaced wire type as `Wire<RuntimeType>` and everything else as `_`. A replaced value that
/// is not directly inside an `Option` is wrapped in `DefaultOnNull`, so `null` reads as its
/// default as for every other value type.
///
/// `Option<Vec<chrono::DateTime<Utc>>>` → `Option<Vec<DefaultOnNull<Wire<DateTime>>>>` (with
/// the runtime's types as absolute paths).
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
        RustType::Option(inner) if inner.has_wire_replacement() => {
            let option = context.path_text(paths::OPTION);
            format!("{option}<{}>", adapter(inner, context, true))
        }
        RustType::Vec(inner) if inner.has_wire_replacement() => {
            let vec = context.path_text(paths::VEC);
            format!("{vec}<{}>", adapter(inner, context, false))
        }
        RustType::Boxed(inner) if inner.has_wire_replacement() => {
            let boxed = context.path_text(paths::BOX);
            format!("{boxed}<{}>", adapter(inner, context, in_option))
        }
        RustType::Map(key, value) if key.has_wire_replacement() || value.has_wire_replacement() => {
            let map = context.path_text(map_path(context.options.map_type));
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

/// `<T, TKey>` or nothing.
pub fn generics(def: &crate::model::StructDef) -> TokenStream {
    if def.generics.is_empty() {
        return TokenStream::new();
    }
    let params = def.generics.iter().map(|param| ident(param));
    quote!(<#(#params),*>)
}
