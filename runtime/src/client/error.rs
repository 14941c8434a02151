//! The client's error type and the parsing of ServiceStack error bodies.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use crate::request::{BodyError, HttpMethod};
use crate::status::{ResponseError, ResponseStatus};

/// Everything a call of [`JsonServiceClient`](super::JsonServiceClient) can fail with.
///
/// ```
/// # use servicestack_runtime::client::Error;
/// fn explain(error: &Error) -> String {
///     if error.is_validation() {
///         let field = error.field_error("memberToAdd").and_then(|e| e.message.clone());
///         format!("invalid input: {}", field.unwrap_or_default())
///     } else if error.is_unauthorized() {
///         "please sign in".to_owned()
///     } else if error.is_timeout() {
///         "the server took too long".to_owned()
///     } else {
///         error.to_string()
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an HTTP status of 400 or above.
    Api(Box<ApiError>),
    /// The request did not get a usable response: connection failure, timeout, TLS, a body over
    /// the size limit, a redirect the client refuses to follow, or the response body could not
    /// be received.
    Transport(TransportError),
    /// A successful response body could not be read as the operation's response type.
    Body(BodyError),
    /// The request could not be built (it does not serialize to a JSON object, an invalid base
    /// URL or header, ...). Nothing was sent.
    Request(RequestError),
    /// A 401 was answered by refreshing the access token with `GetAccessToken`, and that call
    /// failed; the refresh call's error is inside, shared by every call that waited for the same
    /// refresh.
    Refresh(Arc<Error>),
}

impl Error {
    /// The HTTP error response, if the server answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            Error::Refresh(inner) => inner.api_error(),
            _ => None,
        }
    }

    /// The HTTP status of an error response.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(ApiError::status)
    }

    /// The `ResponseStatus` of an error response (synthesized from the status line when the
    /// body had none).
    pub fn response_status(&self) -> Option<&ResponseStatus> {
        self.api_error().map(ApiError::response_status)
    }

    /// `responseStatus.errorCode` of an error response.
    pub fn error_code(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::error_code)
    }

    /// `responseStatus.message` of an error response.
    pub fn error_message(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::message)
    }

    /// The per-field validation errors of an error response (empty otherwise).
    pub fn field_errors(&self) -> &[ResponseError] {
        self.api_error().map(ApiError::field_errors).unwrap_or(&[])
    }

    /// The field error whose `fieldName` equals `field` ignoring ASCII case, so the wire name
    /// (`memberToAdd`) finds the server's .NET name (`MemberToAdd`).
    pub fn field_error(&self, field: &str) -> Option<&ResponseError> {
        self.api_error().and_then(|error| error.field_error(field))
    }

    /// HTTP 401.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// HTTP 403.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// HTTP 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// A validation failure: an error response with field errors, or with error code
    /// `ValidationException`.
    pub fn is_validation(&self) -> bool {
        self.api_error().is_some_and(ApiError::is_validation)
    }

    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_timeout(),
            Error::Refresh(inner) => inner.is_timeout(),
            _ => false,
        }
    }

    /// The response body was larger than the client's limit (see
    /// `JsonServiceClientBuilder::max_response_size`).
    pub fn is_too_large(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_too_large(),
            Error::Refresh(inner) => inner.is_too_large(),
            _ => false,
        }
    }

    /// The server answered with a redirect the client does not follow (to another origin with
    /// a request body or credentials at stake, or too many of them).
    pub fn is_redirect_refused(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_redirect_refused(),
            Error::Refresh(inner) => inner.is_redirect_refused(),
            _ => false,
        }
    }

    /// No usable response was received.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => fmt::Display::fmt(error, f),
            Error::Transport(error) => fmt::Display::fmt(error, f),
            Error::Body(error) => fmt::Display::fmt(error, f),
            Error::Request(error) => fmt::Display::fmt(error, f),
            Error::Refresh(inner) => write!(f, "refreshing the access token failed: {inner}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(_) => None,
            Error::Transport(error) => Some(error),
            Error::Body(error) => Some(error),
            Error::Request(error) => Some(error),
            Error::Refresh(inner) => Some(inner.as_ref()),
        }
    }
}

impl From<BodyError> for Error {
    fn from(error: BodyError) -> Self {
        Error::Body(error)
    }
}

/// An HTTP error response (status 400 or above) of a ServiceStack API.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    status: u16,
    reason: String,
    response_status: ResponseStatus,
    from_body: bool,
    method: HttpMethod,
    url: String,
    body: Vec<u8>,
    body_truncated: bool,
}

impl ApiError {
    /// Reads an error response. The `ResponseStatus` comes from the body's `responseStatus`
    /// (any letter case), else from a body that is itself a ResponseStatus; otherwise (empty,
    /// non-JSON or unrelated body) it is synthesized like the official clients do: `errorCode` is
    /// the status number and `message` the reason phrase. `body_truncated`: the body was cut
    /// off at [`ERROR_BODY_LIMIT`](super::ERROR_BODY_LIMIT).
    pub(crate) fn from_response(
        method: HttpMethod,
        url: &str,
        status: u16,
        body: &[u8],
        body_truncated: bool,
    ) -> Self {
        let reason = reason_phrase(status).to_owned();
        let parsed = parse_response_status(body);
        let from_body = parsed.is_some();
        let mut response_status = parsed.unwrap_or_default();
        if response_status.error_code.is_none() && response_status.message.is_none() {
            response_status.error_code = Some(status.to_string());
            response_status.message = Some(reason.clone());
        }
        ApiError {
            status,
            reason,
            response_status,
            from_body,
            method,
            url: strip_query(url).to_owned(),
            body: body.to_vec(),
            body_truncated,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reason phrase of the status (`Bad Request`, `Unauthorized`, ...).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The error details.
    pub fn response_status(&self) -> &ResponseStatus {
        &self.response_status
    }

    /// Whether [`ApiError::response_status`] came from the response body (`false`: synthesized
    /// from the status line).
    pub fn has_response_status(&self) -> bool {
        self.from_body
    }

    /// `responseStatus.errorCode`.
    pub fn error_code(&self) -> Option<&str> {
        self.response_status.error_code.as_deref()
    }

    /// `responseStatus.message`.
    pub fn message(&self) -> Option<&str> {
        self.response_status.message.as_deref()
    }

    /// `responseStatus.stackTrace` (servers in debug mode only).
    pub fn stack_trace(&self) -> Option<&str> {
        self.response_status.stack_trace.as_deref()
    }

    /// The per-field validation errors.
    pub fn field_errors(&self) -> &[ResponseError] {
        &self.response_status.errors
    }

    /// The field error whose `fieldName` equals `field`, ignoring ASCII case.
    pub fn field_error(&self, field: &str) -> Option<&ResponseError> {
        self.response_status.field_error(field)
    }

    /// Field errors present, or error code `ValidationException`.
    pub fn is_validation(&self) -> bool {
        !self.response_status.errors.is_empty() || self.error_code() == Some("ValidationException")
    }

    /// The verb of the failed request.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The URL of the failed request, without its query string.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The raw response body: its first [`ERROR_BODY_LIMIT`](super::ERROR_BODY_LIMIT) bytes
    /// at most (see [`ApiError::is_body_truncated`]).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the server sent more than [`ApiError::body`] holds (the rest was not read).
    pub fn is_body_truncated(&self) -> bool {
        self.body_truncated
    }

    /// The response body as text, if it is UTF-8 (useful for plain-text and HTML error pages).
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body as text: error pages are text, and bytes are unreadable in test failures.
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("response_status", &self.response_status)
            .field("from_body", &self.from_body)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("body_truncated", &self.body_truncated)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.reason)?;
        if !self.from_body {
            return Ok(());
        }
        match (self.error_code(), self.message()) {
            (Some(code), Some(message)) if code != message => write!(f, ": {code}: {message}")?,
            (Some(text), _) | (None, Some(text)) => write!(f, ": {text}")?,
            (None, None) => {}
        }
        let fields: Vec<&str> = self
            .field_errors()
            .iter()
            .filter_map(|error| error.field_name.as_deref())
            .collect();
        if !fields.is_empty() {
            write!(f, " (fields: {})", fields.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Why no usable response was received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    url: String,
    source: Box<dyn std::error::Error + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TransportKind {
    Timeout,
    Connect,
    TooLarge,
    Redirect,
    Other,
}

/// The reason of a transport failure the client decided on itself (no reqwest error behind it).
#[derive(Debug)]
struct Reason(String);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reason {}

impl TransportError {
    pub(crate) fn from_reqwest(url: &str, error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            TransportKind::Timeout
        } else if error.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        TransportError {
            kind,
            url: strip_query(url).to_owned(),
            // The URL is kept without its query string; reqwest's own copy is dropped.
            source: Box::new(error.without_url()),
        }
    }

    fn decided(kind: TransportKind, url: &str, reason: String) -> Self {
        TransportError {
            kind,
            url: strip_query(url).to_owned(),
            source: Box::new(Reason(reason)),
        }
    }

    /// A body over the size limit, announced (`Content-Length`) or counted.
    pub(crate) fn too_large(url: &str, limit: u64, announced: Option<u64>) -> Self {
        let reason = match announced {
            Some(length) => format!(
                "the server announced a {length}-byte body, over the client's limit of {limit} bytes (nothing was read)"
            ),
            None => format!("the body exceeds the client's limit of {limit} bytes"),
        };
        Self::decided(TransportKind::TooLarge, url, reason)
    }

    /// A body read that failed without a reqwest error behind it.
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    pub(crate) fn io(url: &str, error: std::io::Error) -> Self {
        let kind = if error.kind() == std::io::ErrorKind::TimedOut {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        };
        TransportError {
            kind,
            url: strip_query(url).to_owned(),
            source: Box::new(error),
        }
    }

    /// A redirect the client refuses to follow.
    pub(crate) fn redirect(url: &str, reason: String) -> Self {
        Self::decided(TransportKind::Redirect, url, reason)
    }

    /// The call's own deadline passed outside an HTTP exchange (waiting for a token refresh).
    pub(crate) fn deadline(url: &str, reason: String) -> Self {
        Self::decided(TransportKind::Timeout, url, reason)
    }

    /// The request timed out (connect or total timeout, including waiting for a token refresh).
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportKind::Timeout
    }

    /// The connection could not be established.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportKind::Connect
    }

    /// The response body was over the client's size limit.
    pub fn is_too_large(&self) -> bool {
        self.kind == TransportKind::TooLarge
    }

    /// The server redirected somewhere the client does not follow.
    pub fn is_redirect_refused(&self) -> bool {
        self.kind == TransportKind::Redirect
    }

    /// The URL of the request, without its query string.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Timeout => "timed out",
            TransportKind::Connect => "could not connect",
            TransportKind::TooLarge => "got a response that is too large",
            TransportKind::Redirect => "was redirected where the client does not follow",
            TransportKind::Other => "failed",
        };
        write!(f, "request to {} {what}: {}", self.url, self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A request that could not be built; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    operation: String,
    message: String,
}

impl RequestError {
    pub(crate) fn new(operation: &str, message: impl Into<String>) -> Self {
        RequestError {
            operation: operation.to_owned(),
            message: message.into(),
        }
    }

    /// The operation whose request failed (empty for client configuration errors).
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operation.is_empty() {
            write!(f, "invalid client configuration: {}", self.message)
        } else {
            write!(
                f,
                "cannot build the `{}` request: {}",
                self.operation, self.message
            )
        }
    }
}

impl std::error::Error for RequestError {}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// The `ResponseStatus` in an error body, if there is one.
fn parse_response_status(body: &[u8]) -> Option<ResponseStatus> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let Value::Object(members) = value else {
        return None;
    };
    if let Some((_, status)) = members
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("responseStatus"))
    {
        return serde_json::from_value(status.clone()).ok();
    }
    let looks_like_status = members.keys().any(|key| {
        ["errorCode", "message", "errors"]
            .iter()
            .any(|name| key.eq_ignore_ascii_case(name))
    });
    if looks_like_status {
        return serde_json::from_value(Value::Object(members)).ok();
    }
    None
}

/// The canonical reason phrase of a status (hyper does not keep the server's phrase).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("Unknown Status")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> ApiError {
        ApiError::from_response(
            HttpMethod::Post,
            "http://h/api/Op?secret=1",
            status,
            body.as_bytes(),
            false,
        )
    }

    #[test]
    fn reads_camel_pascal_and_bare_statuses() {
        let camel = api(
            400,
            r#"{"responseStatus":{"errorCode":"ValidationException","message":"'Member To Add' must not be empty.","errors":[{"errorCode":"NotEmpty","fieldName":"MemberToAdd","message":"'Member To Add' must not be empty.","meta":{"PropertyName":"Member To Add"}}]}}"#,
        );
        assert!(camel.has_response_status());
        assert_eq!(camel.error_code(), Some("ValidationException"));
        assert!(camel.is_validation());
        let field = camel.field_error("memberToAdd").unwrap();
        assert_eq!(field.error_code.as_deref(), Some("NotEmpty"));
        assert_eq!(
            field
                .meta
                .as_ref()
                .unwrap()
                .get("PropertyName")
                .map(String::as_str),
            Some("Member To Add")
        );
        assert_eq!(camel.url(), "http://h/api/Op");
        assert_eq!(
            camel.to_string(),
            "400 Bad Request: ValidationException: 'Member To Add' must not be empty. (fields: MemberToAdd)"
        );

        let pascal = api(
            404,
            r#"{"ResponseStatus":{"ErrorCode":"NotFound","Message":"gone","StackTrace":"at X"}}"#,
        );
        assert_eq!(pascal.error_code(), Some("NotFound"));
        assert_eq!(pascal.stack_trace(), Some("at X"));
        assert!(!pascal.is_validation());
        assert_eq!(pascal.to_string(), "404 Not Found: NotFound: gone");

        let bare = api(403, r#"{"errorCode":"Forbidden","message":"Forbidden"}"#);
        assert_eq!(bare.error_code(), Some("Forbidden"));
        assert_eq!(bare.to_string(), "403 Forbidden: Forbidden");
    }

    #[test]
    fn synthesizes_a_status_for_other_bodies() {
        for body in [
            "",
            "Internal failure: database unavailable",
            "[1,2]",
            "{\"x\":1}",
            "{\"responseStatus\":5}",
        ] {
            let error = api(500, body);
            assert!(!error.has_response_status(), "{body}");
            assert_eq!(error.error_code(), Some("500"));
            assert_eq!(error.message(), Some("Internal Server Error"));
            assert_eq!(error.to_string(), "500 Internal Server Error");
            assert_eq!(error.body_text(), Some(body));
        }
        let unauthorized = api(401, "");
        assert_eq!(unauthorized.error_code(), Some("401"));
        assert_eq!(unauthorized.message(), Some("Unauthorized"));
        assert_eq!(api(599, "").reason(), "Unknown Status");
    }

    #[test]
    fn error_helpers() {
        let error = Error::Api(Box::new(api(
            400,
            r#"{"responseStatus":{"errorCode":"NotEmpty","message":"m","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"x"}]}}"#,
        )));
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.error_code(), Some("NotEmpty"));
        assert_eq!(error.error_message(), Some("m"));
        assert_eq!(error.field_errors().len(), 1);
        assert!(error.field_error("NAME").is_some());
        assert!(error.is_validation() && !error.is_unauthorized() && !error.is_timeout());
        let refresh = Error::Refresh(Arc::new(Error::Api(Box::new(api(401, "")))));
        assert!(refresh.is_unauthorized());
        assert_eq!(
            refresh.to_string(),
            "refreshing the access token failed: 401 Unauthorized"
        );
        let body = Error::from(BodyError {
            type_name: "SessionInfo",
            path: "members[0]".into(),
            message: "invalid type".into(),
        });
        assert!(
            body.to_string().contains("SessionInfo") && body.to_string().contains("members[0]")
        );
        assert_eq!(body.status(), None);
        let request = Error::Request(RequestError::new("Op", "bad"));
        assert_eq!(request.to_string(), "cannot build the `Op` request: bad");
    }
}
