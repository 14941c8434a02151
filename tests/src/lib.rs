//! Code generated from every fixture, compiled under `#![deny(warnings)]`, plus the helpers the
//! end-to-end tests share.
#![deny(warnings)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The evovoice DTOs as a checked-in module file (`mod evovoice_dtos;`), the way users keep
/// generated code in their repositories. `tests/module_file.rs` checks it is up to date.
#[rustfmt::skip]
pub mod evovoice_dtos;
