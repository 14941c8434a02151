//! Code generated from every fixture, compiled under `#![deny(warnings)]`, plus the helpers the
//! end-to-end tests share.
#![deny(warnings)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
