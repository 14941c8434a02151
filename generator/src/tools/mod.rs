//! Tools built on the pipeline: regenerating a file from its header ([`regen`]), reading the API
//! back out of generated code ([`readback`]), the semantic API diff ([`diff`]) and the standalone
//! crate ([`package`]).

pub mod diff;
pub mod package;
pub mod readback;
pub mod regen;
