//! Rust type expressions.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::RustType;

/// `::std::option::Option<::std::vec::Vec<Poco>>` and friends.
pub fn type_tokens(ty: &RustType) -> TokenStream {
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
            let inner = type_tokens(inner);
            quote!(::std::option::Option<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = type_tokens(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Map(key, value) => {
            let (key, value) = (type_tokens(key), type_tokens(value));
            quote!(::std::collections::HashMap<#key, #value>)
        }
        RustType::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote!(::std::boxed::Box<#inner>)
        }
        RustType::Named { rust_name, args } => {
            let name = ident(rust_name);
            if args.is_empty() {
                quote!(#name)
            } else {
                let args = args.iter().map(type_tokens);
                quote!(#name<#(#args),*>)
            }
        }
        RustType::Param(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}
