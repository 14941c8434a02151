//! Shared by the client integration tests: the ServiceStack-like test server and the capture
//! server of the conformance test.

pub mod capture;
pub mod test_server;
