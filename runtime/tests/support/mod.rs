//! Servers for the client's integration tests.

pub mod scripted;
pub mod sse;
