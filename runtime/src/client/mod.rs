//! Typed HTTP clients for ServiceStack APIs (feature `client`; the blocking client needs
//! feature `blocking`).
//!
//! [`JsonServiceClient`] sends any [`ServiceRequest`](crate::ServiceRequest) (every generated
//! request DTO) and returns its typed response:
//!
//! - **URL**: `{base}/api/{Operation}` by default, like the official clients;
//!   [`BasePath::Legacy`] uses `/json/reply/{Operation}` and `/json/oneway/{Operation}`,
//!   [`BasePath::Custom`] any prefix. A path in the base URL is kept. With
//!   [`RouteMode::UserDefined`] the operation's `[Route]`s are used the way ServiceStack's .NET
//!   client picks them, falling back to the predefined URL.
//! - **Payload**: GET, DELETE, HEAD and OPTIONS put the request's non-null fields in the query
//!   string (wire names, declaration order, lists and objects in ServiceStack's JSV form:
//!   `[a,b]`, `{k:v}`, everything outside `A-Z a-z 0-9 - . _ ~` percent-encoded); other verbs send
//!   the request as the JSON body with `Content-Type: application/json`. `Accept:
//!   application/json` is always sent.
//! - **Responses** are read by the DTO's own `decode_response`: JSON DTOs, `()` for void
//!   operations (204, empty body or `{}`), `String` and `Vec<u8>` for raw bodies.
//! - **Errors** ([`Error`]) tell API errors (with the server's `ResponseStatus` and field
//!   errors), transport errors and unreadable bodies apart.
//! - **Auth**: bearer tokens, API keys, HTTP Basic (also from `user:password@` in the base
//!   URL), session cookies, `authenticate`, and an automatic `GetAccessToken` refresh and retry
//!   on a 401, one refresh for a burst of 401s. Credentials never appear in `Debug` or `Display`
//!   output.
//! - **Untrusted servers**: response bodies are limited ([`DEFAULT_MAX_RESPONSE_SIZE`], error
//!   bodies [`ERROR_BODY_LIMIT`]); redirects are followed by the client itself and credentials,
//!   default headers, cookies and bodies never follow one to another origin; every call ends
//!   within its timeout, refresh and redirects included; route values cannot change the path.
//!
//! Request building, URL and query encoding, cookie handling and error parsing do no I/O and are
//! shared by the async and blocking clients.

mod async_client;
mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod body;
mod config;
mod cookies;
mod error;
mod hooks;
mod multipart;
mod paging;
mod prepare;
mod query;
mod query_serializer;
mod redirect;
mod refresh;
mod retry;
pub(crate) mod state;
mod streaming;
mod trace;
mod upload;
mod url;

pub use async_client::{JsonServiceClient, JsonServiceClientBuilder};
pub use auth::AuthenticateResponse;
pub use body::{DEFAULT_MAX_RESPONSE_SIZE, ERROR_BODY_LIMIT};
pub use config::{BasePath, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, RouteMode};
pub use error::{ApiError, Error, RequestError, TransportError};
pub use hooks::{PreparedRequest, ResponseInfo};
pub use paging::QUERY_ALL_PAGE_SIZE;
pub use retry::RetryPolicy;
pub use streaming::StreamingResponse;
pub use upload::UploadFile;
