//! Enums and `[Flags]` bit sets: the declaration (with the docs) and one runtime macro call for
//! the wire impls.
//!
//! A string enum (an integer enum is the same with `i64`, `int_enum!` and `= number` per variant):
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
//! pub enum SessionDialState {
//!     #[default]
//!     None,
//!     Active,
//!     /// A value this version of the API does not know, kept as the server sent it.
//!     UnknownValue(String),
//! }
//!
//! ::servicestack_runtime::string_enum!(SessionDialState { None, Active as "active" } else UnknownValue);
//! ```
//!
//! With `--closed-enums` there is no catch-all variant (no `else`): unknown values are a
//! deserialization error, and without a variant holding a `String` the enum is `Copy`.
//!
//! A flags enum is `pub struct FileAccess(i64)` with one constant per member and
//! `::servicestack_runtime::flags!(FileAccess { "Read" = READ, ... })` for the bit-set API.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, docs_with_note, sanitize, trusted_doc};
use super::paths;
use super::{Context, extras_tokens, ident, int_literal};
use crate::model::{EnumDef, EnumRepr, FlagsDef, vocabulary};

/// A string or integer enum, with its catch-all variant unless it is closed.
pub fn emit_enum(def: &EnumDef, context: &Context<'_>) -> TokenStream {
    let name = ident(&def.rust_name);
    let note = format!("{}{}", vocabulary::ENUM_NOTE, sanitize(&def.dotnet_name));
    let docs = docs_with_note(&def.docs, &note);
    let catch_all_type = match def.repr {
        EnumRepr::String => context.path(paths::STRING),
        EnumRepr::Int => quote!(i64),
    };
    let variants = def.members.iter().enumerate().map(|(index, member)| {
        let docs = doc_attrs(&member.docs);
        let variant = ident(&member.rust_name);
        let default = (def.default_member == Some(index)).then(|| quote!(#[default]));
        quote!(#docs #default #variant,)
    });
    let catch_all_variant = def.catch_all.as_deref().map(|catch_all| {
        let catch_all = ident(catch_all);
        quote! {
            /// A value this version of the API does not know, kept as the server sent it.
            #catch_all(#catch_all_type),
        }
    });
    // An enum without a member to be the default falls back to an empty catch-all value; a
    // closed enum without members cannot have a value at all.
    let manual_default = match (def.default_member, &def.catch_all) {
        (Some(_), _) => TokenStream::new(),
        (None, Some(catch_all)) => {
            let catch_all = ident(catch_all);
            let default = context.path(paths::DEFAULT);
            quote! {
                    impl #default for #name {
                        fn default() -> Self {
                            Self::#catch_all(#default::default())
                        }
                    }
            }
        }
        (None, None) => TokenStream::new(),
    };
    let members = def.members.iter().map(|member| {
        let variant = ident(&member.rust_name);
        let wire = (member.wire_name != member.rust_name).then(|| {
            let wire = &member.wire_name;
            quote!(as #wire)
        });
        let number = matches!(def.repr, EnumRepr::Int).then(|| {
            let value = int_literal(member.value);
            quote!(= #value)
        });
        quote!(#variant #wire #number)
    });
    let catch_all = def.catch_all.as_deref().map(|catch_all| {
        let catch_all = ident(catch_all);
        quote!(else #catch_all)
    });
    let wire_macro = match def.repr {
        EnumRepr::String => quote!(string_enum),
        EnumRepr::Int => quote!(int_enum),
    };
    let extras = extras_tokens(&def.extras);
    let (head, tail) = vocabulary::ENUM_DERIVES.split_at(2);
    let derives = head
        .iter()
        .map(|derive| ident(derive))
        .chain(def.is_copy().then(|| ident("Copy")))
        .chain(tail.iter().map(|derive| ident(derive)))
        .chain(def.default_member.is_some().then(|| ident("Default")));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #extras
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #(#variants)*
            #catch_all_variant
        }
        #manual_default
        ::servicestack_runtime::#wire_macro!(#name { #(#members),* } #catch_all);
    }
}

/// A `[Flags]` enum as a bit-set newtype.
pub fn emit_flags(def: &FlagsDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let note = format!(
        "{}{}. Combine flags with `|`; values this version of the API does not know are kept.",
        vocabulary::FLAGS_NOTE,
        sanitize(&def.dotnet_name)
    );
    let docs = docs_with_note(&def.docs, &note);
    let extras = extras_tokens(&def.extras);
    let consts = def.members.iter().map(|member| {
        let docs = if member.docs.is_empty() {
            trusted_doc(&format!(
                "{} = {}",
                sanitize(&member.wire_name),
                member.value
            ))
        } else {
            doc_attrs(&member.docs)
        };
        let constant = ident(&member.rust_name);
        let value = int_literal(member.value);
        quote!(#docs pub const #constant: Self = Self(#value);)
    });
    let members = def.members.iter().map(|member| {
        let wire = &member.wire_name;
        let constant = ident(&member.rust_name);
        quote!(#wire = #constant)
    });
    let flags_derives = vocabulary::FLAGS_DERIVES.iter().map(|derive| ident(derive));
    quote! {
        #docs
        #[derive(#(#flags_derives),*)]
        #extras
        pub struct #name(i64);
        impl #name {
            #(#consts)*
        }
        ::servicestack_runtime::flags!(#name { #(#members),* });
    }
}
