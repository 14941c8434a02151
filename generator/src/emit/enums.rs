//! Enums and `[Flags]` bit sets.
//!
//! A string enum (an integer enum is the same with `i64` and `IntEnum`):
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
//! pub enum SessionDialState {
//!     #[default]
//!     None,
//!     Active,
//!     /// A value this version of the API does not know, kept as the server sent it.
//!     UnknownValue(::std::string::String),
//! }
//! impl ::servicestack_runtime::StringEnum for SessionDialState { /* MEMBERS, as_str, from_wire */ }
//! impl ::serde::Serialize for SessionDialState { /* forwards to the runtime */ }
//! impl<'de> ::serde::Deserialize<'de> for SessionDialState { /* forwards to the runtime */ }
//! impl ::std::fmt::Display for SessionDialState { /* the wire name */ }
//! ```
//!
//! With `--closed-enums` there is no catch-all variant and `from_wire`/`from_i64` return `None`
//! for unknown values, which the runtime turns into a deserialization error; without a variant
//! holding a `String` the enum is `Copy`.
//!
//! A flags enum is `pub struct FileAccess(i64)` with one constant per member, `contains`,
//! `intersects`, `bits`, the bit operators, and the same serde forwarding through `IntEnum`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, docs_with_note, sanitize, trusted_doc};
use super::{extras_tokens, ident, int_literal};
use crate::model::{EnumDef, EnumRepr, FlagsDef};

/// A string or integer enum, with its catch-all variant unless it is closed.
pub fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let note = format!("ServiceStack enum: {}", sanitize(&def.dotnet_name));
    let docs = docs_with_note(&def.docs, &note);
    let (catch_all_type, empty) = match def.repr {
        EnumRepr::String => (
            quote!(::std::string::String),
            quote!(::std::string::String::new()),
        ),
        EnumRepr::Int => (quote!(i64), quote!(0)),
    };
    let copy = def.is_copy().then(|| quote!(Copy,));
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
    let (derive_default, manual_default) = match (def.default_member, &def.catch_all) {
        (Some(_), _) => (quote!(Default,), TokenStream::new()),
        (None, Some(catch_all)) => {
            let catch_all = ident(catch_all);
            (
                TokenStream::new(),
                quote! {
                    impl ::std::default::Default for #name {
                        fn default() -> Self {
                            Self::#catch_all(#empty)
                        }
                    }
                },
            )
        }
        (None, None) => (TokenStream::new(), TokenStream::new()),
    };
    let wire_impls = match def.repr {
        EnumRepr::String => string_enum_impls(def),
        EnumRepr::Int => int_enum_impls(def),
    };
    let extras = extras_tokens(&def.extras);
    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #extras
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #(#variants)*
            #catch_all_variant
        }
        #manual_default
        impl ::servicestack_runtime::lenient::Dto for #name {}
        #wire_impls
    }
}

/// `match self { Self::A => a, ..., catch_all }` with the catch-all arm only when there is one;
/// a `let` instead of a `match` when the catch-all is the only variant (a one-arm match is a lint),
/// and an empty match for an enum with no variant at all.
fn match_self(arms: Vec<TokenStream>, catch_all: Option<TokenStream>) -> TokenStream {
    match (arms.is_empty(), catch_all) {
        (true, Some(arm)) => arm,
        // An uninhabited enum: matching the place (not the reference) proves it to the compiler.
        (true, None) => quote!(match *self {}),
        (false, catch_all) => quote!(match self { #(#arms)* #catch_all }),
    }
}

fn string_enum_impls(def: &EnumDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let wire_names: Vec<&String> = def.members.iter().map(|member| &member.wire_name).collect();
    let as_str_arms = def
        .members
        .iter()
        .map(|member| {
            let variant = ident(&member.rust_name);
            let wire = &member.wire_name;
            quote!(Self::#variant => #wire,)
        })
        .collect();
    let mut seen = BTreeSet::new();
    let from_wire_arms: Vec<TokenStream> = def
        .members
        .iter()
        .filter(|member| seen.insert(member.wire_name.clone()))
        .map(|member| {
            let variant = ident(&member.rust_name);
            let wire = &member.wire_name;
            quote!(#wire => ::std::option::Option::Some(Self::#variant),)
        })
        .collect();
    let catch_all = def.catch_all.as_deref().map(ident);
    let as_str_body = match_self(
        as_str_arms,
        catch_all.as_ref().map(|catch_all| {
            if def.members.is_empty() {
                quote!(let Self::#catch_all(value) = self; value)
            } else {
                quote!(Self::#catch_all(value) => value,)
            }
        }),
    );
    let unknown = match &catch_all {
        Some(catch_all) => {
            quote!(::std::option::Option::Some(Self::#catch_all(::std::borrow::ToOwned::to_owned(value))))
        }
        None => quote!(::std::option::Option::None),
    };
    let from_wire_body = if from_wire_arms.is_empty() {
        quote!({ let _ = value; #unknown })
    } else {
        quote!(match value { #(#from_wire_arms)* _ => #unknown, })
    };
    quote! {
        impl ::servicestack_runtime::StringEnum for #name {
            const MEMBERS: &'static [&'static str] = &[#(#wire_names),*];
            fn as_str(&self) -> &str {
                #as_str_body
            }
            fn from_wire(value: &str) -> ::std::option::Option<Self> {
                #from_wire_body
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::servicestack_runtime::enums::serialize_string(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicestack_runtime::enums::deserialize_string(deserializer)
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::servicestack_runtime::StringEnum::as_str(self))
            }
        }
    }
}

fn int_enum_impls(def: &EnumDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let members = def.members.iter().map(|member| {
        let wire = &member.wire_name;
        let value = int_literal(member.value);
        quote!((#wire, #value))
    });
    let to_arms = def
        .members
        .iter()
        .map(|member| {
            let variant = ident(&member.rust_name);
            let value = int_literal(member.value);
            quote!(Self::#variant => #value,)
        })
        .collect();
    let mut seen = BTreeSet::new();
    let from_arms: Vec<TokenStream> = def
        .members
        .iter()
        .filter(|member| seen.insert(member.value))
        .map(|member| {
            let variant = ident(&member.rust_name);
            let value = int_literal(member.value);
            quote!(#value => ::std::option::Option::Some(Self::#variant),)
        })
        .collect();
    let display_arms = def
        .members
        .iter()
        .map(|member| {
            let variant = ident(&member.rust_name);
            let wire = &member.wire_name;
            quote!(Self::#variant => f.write_str(#wire),)
        })
        .collect();
    let catch_all = def.catch_all.as_deref().map(ident);
    let single = def.members.is_empty();
    let to_body = match_self(
        to_arms,
        catch_all.as_ref().map(|catch_all| {
            if single {
                quote!(let Self::#catch_all(value) = self; *value)
            } else {
                quote!(Self::#catch_all(value) => *value,)
            }
        }),
    );
    let display_body = match_self(
        display_arms,
        catch_all.as_ref().map(|catch_all| {
            if single {
                quote!(let Self::#catch_all(value) = self; ::std::fmt::Display::fmt(value, f))
            } else {
                quote!(Self::#catch_all(value) => ::std::fmt::Display::fmt(value, f),)
            }
        }),
    );
    // An uninhabited enum's `fmt` never writes.
    let formatter = if single && catch_all.is_none() {
        quote!(_f)
    } else {
        quote!(f)
    };
    let unknown = match &catch_all {
        Some(catch_all) => quote!(::std::option::Option::Some(Self::#catch_all(value))),
        None => quote!(::std::option::Option::None),
    };
    let from_body = if from_arms.is_empty() {
        quote!({ let _ = value; #unknown })
    } else {
        quote!(match value { #(#from_arms)* _ => #unknown, })
    };
    quote! {
        impl ::servicestack_runtime::IntEnum for #name {
            const MEMBERS: &'static [(&'static str, i64)] = &[#(#members),*];
            fn to_i64(&self) -> i64 {
                #to_body
            }
            fn from_i64(value: i64) -> ::std::option::Option<Self> {
                #from_body
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::servicestack_runtime::enums::serialize_int(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicestack_runtime::enums::deserialize_int(deserializer)
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, #formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display_body
            }
        }
    }
}

/// A `[Flags]` enum as a bit-set newtype.
pub fn emit_flags(def: &FlagsDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let note = format!(
        "ServiceStack `[Flags]` enum: {}. Combine flags with `|`; values this version of the API \
         does not know are kept.",
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
        let value = int_literal(member.value);
        quote!((#wire, #value))
    });
    let operators = [
        (quote!(BitOr), quote!(bitor), quote!(|)),
        (quote!(BitAnd), quote!(bitand), quote!(&)),
        (quote!(BitXor), quote!(bitxor), quote!(^)),
    ]
    .into_iter()
    .map(|(trait_name, method, op)| {
        quote! {
            impl ::std::ops::#trait_name for #name {
                type Output = Self;
                fn #method(self, rhs: Self) -> Self {
                    Self(self.0 #op rhs.0)
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #extras
        pub struct #name(i64);
        impl ::servicestack_runtime::lenient::Dto for #name {}
        impl #name {
            #(#consts)*
            /// No flag set.
            pub const fn empty() -> Self {
                Self(0)
            }
            /// The raw bits, as sent on the wire.
            pub const fn bits(self) -> i64 {
                self.0
            }
            /// A value from raw bits; bits without a named flag are kept.
            pub const fn from_bits(bits: i64) -> Self {
                Self(bits)
            }
            /// Whether every flag of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
            /// Whether any flag of `other` is set.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }
            /// Whether no flag is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
        }
        #(#operators)*
        impl ::std::ops::BitOrAssign for #name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }
        impl ::std::ops::BitAndAssign for #name {
            fn bitand_assign(&mut self, rhs: Self) {
                self.0 &= rhs.0;
            }
        }
        impl ::servicestack_runtime::IntEnum for #name {
            const MEMBERS: &'static [(&'static str, i64)] = &[#(#members),*];
            fn to_i64(&self) -> i64 {
                self.0
            }
            fn from_i64(value: i64) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self(value))
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::servicestack_runtime::enums::serialize_int(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicestack_runtime::enums::deserialize_int(deserializer)
            }
        }
    }
}
