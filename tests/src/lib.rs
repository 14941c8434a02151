//! Code generated from every fixture, compiled under `#![deny(warnings)]`, plus the helpers the
//! end-to-end tests share.
#![deny(warnings)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The evovoice DTOs as a checked-in module file (`mod evovoice_dtos;`), the way users keep
/// generated code in their repositories. `tests/module_file.rs` checks it is up to date.
#[rustfmt::skip]
pub mod evovoice_dtos;

/// Hand-written types that the `replacements` option variants use instead of generated ones.
pub mod custom {
    use serde::{Deserialize, Serialize};

    /// Stands in for blazor-gallery's `Coupon`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Coupon {
        /// The coupon code.
        pub id: Option<String>,
        /// Percent off.
        pub discount: i32,
    }

    /// Stands in for evovoice's `CustomerBreadcrumb`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct CustomerBreadcrumb {
        /// Customer id.
        pub id: Option<String>,
        /// Customer name.
        pub name: Option<String>,
    }

    /// Stands in for the features fixture's `Poco`.
    #[derive(
        Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
    )]
    pub struct Poco {
        /// A name.
        pub name: Option<String>,
    }
}
