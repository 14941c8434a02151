//! Input: where a document comes from ([`source`](mod@source)), its serde model
//! ([`metadata`]), .NET type names ([`typeref`]) and which types to keep ([`filter`]).

pub mod filter;
pub mod metadata;
pub(crate) mod source;
pub mod typeref;
