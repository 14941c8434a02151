//! IR → Rust tokens. Every path into std, serde and the runtime is absolute (`::std::...`), so
//! DTOs named `Result`, `Option`, `Box`, `Vec`, `String`, `Default` or `Value` cannot capture
//! them; every identifier comes from the IR (valid by construction) and every text from the
//! metadata reaches the output only as a string literal or an escaped doc line.

mod docs;
mod enums;
mod request;
mod structs;
mod types;

use proc_macro2::TokenStream;

use crate::model::{Ir, Item};

/// Emits every item of the IR, in IR order.
pub fn emit(ir: &Ir) -> TokenStream {
    ir.items
        .iter()
        .map(|item| match item {
            Item::Struct(def) => structs::emit_struct(def),
            Item::Enum(def) => enums::emit_enum(def),
            Item::Flags(def) => enums::emit_flags(def),
        })
        .collect()
}

fn ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
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
