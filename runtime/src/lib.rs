//! Runtime for Rust code generated from ServiceStack metadata by `servicestack-codegen`.
//!
//! - [`ServiceRequest`]: what every generated request DTO says about its operation (name, verb,
//!   routes, auth, response type);
//! - wire types that read and write exactly what ServiceStack servers send: [`DateTime`],
//!   [`DateOnly`], [`TimeOnly`], [`TimeSpan`], [`Guid`], [`Decimal`], [`Bytes`];
//! - [`AutoQuery`] / [`QueryResults`]: AutoQuery requests (`QueryDb<T>`, `QueryData<T>`) and
//!   their `QueryResponse<T>`, for paging through every result (`JsonServiceClient::query_all`);
//! - [`ResponseStatus`] / [`ResponseError`], the error shape of every ServiceStack API;
//! - the enum wire helpers in [`enums`];
//! - [`lenient`]: decoding that reads the `null`s real servers send (in value-type fields, list
//!   elements and map values) as defaults, for generated DTO fields.
#![deny(missing_docs)]

pub mod autoquery;
#[cfg(feature = "client")]
pub mod client;
pub mod enums;
#[cfg(feature = "server-events")]
pub mod events;
pub mod lenient;
pub mod request;
mod status;
pub mod wire;

pub use autoquery::{AutoQuery, QueryParams, QueryParamsMut, QueryResults};
#[cfg(feature = "client")]
pub use client::{Error, JsonServiceClient};
pub use enums::{IntEnum, StringEnum};
pub use request::{
    AuthRequirement, BodyError, HttpMethod, ResponseKind, Route, ServiceRequest, decode,
};
/// A derive for DTOs, from `servicestack-derive`: use it from here, as what it emits names
/// `::servicestack_runtime`.
///
pub use servicestack_derive::{Dto, Setters};
pub use status::{ResponseError, ResponseStatus};
pub use wire::{
    Bytes, DateOnly, DateTime, DateTimeKind, DateTimeOffset, Decimal, Guid, TimeOnly, TimeSpan,
    WireParseError,
};

#[cfg(feature = "adapters")]
pub mod adapters;

/// `indexmap`, for generated code that uses `IndexMap` (`--map-type index`).
#[cfg(feature = "indexmap")]
pub use indexmap;
/// `serde_with`, for generated code that replaces wire types (`--replace-type`).
#[cfg(feature = "adapters")]
pub use serde_with;

/// The crates generated code builds on, re-exported so it needs no other dependency.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
