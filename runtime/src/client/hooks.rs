//! What request and response hooks see.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::request::HttpMethod;

/// Header names whose values are credentials and are never shown by `Debug`.
pub(crate) fn is_sensitive(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie" | "x-api-key"
    )
}

/// A header given as text, its value marked sensitive when the name is a credential's; `None`
/// when the name or value is not valid header text.
pub(crate) fn header(name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    let mut value = HeaderValue::from_str(value).ok()?;
    if is_sensitive(&name) {
        value.set_sensitive(true);
    }
    Some((name, value))
}

struct RedactedHeaders<'a>(&'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive(name) || value.is_sensitive() {
                map.entry(&name.as_str(), &"<redacted>");
            } else {
                map.entry(&name.as_str(), &value.to_str().unwrap_or("<binary>"));
            }
        }
        map.finish()
    }
}

/// A request about to be sent, as request hooks see it.
///
/// `Debug` shows the method, URL and headers with `Authorization` and `Cookie` values redacted,
/// and only the length of the body.
#[derive(Clone)]
pub struct PreparedRequest {
    pub(crate) operation: std::borrow::Cow<'static, str>,
    pub(crate) method: HttpMethod,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<bytes::Bytes>,
    /// The multipart body of an upload (instead of `body`).
    pub(crate) upload: Option<super::upload::SharedUpload>,
}

impl PreparedRequest {
    /// The operation name (`InviteChatMember`; `InviteChatMember[]` for a batch).
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The HTTP verb.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The absolute URL including the query string.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request headers, to add or change some.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The JSON body (`None` for GET, DELETE, HEAD and OPTIONS, and for uploads).
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Whether the body is a multipart upload (`post_files_with_request`).
    pub fn is_upload(&self) -> bool {
        self.upload.is_some()
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.as_ref().map(bytes::Bytes::len))
            .field("upload", &self.upload)
            .finish()
    }
}

/// A response as response hooks see it.
///
/// `Debug` redacts `Set-Cookie` values and shows only the length of the body (bodies of
/// `Authenticate` responses contain tokens).
pub struct ResponseInfo<'a> {
    pub(crate) request: &'a PreparedRequest,
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) elapsed: Duration,
}

impl ResponseInfo<'_> {
    /// The request that was answered.
    pub fn request(&self) -> &PreparedRequest {
        self.request
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        self.body
    }

    /// Time from sending the request to receiving the whole body.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

impl fmt::Debug for ResponseInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseInfo")
            .field("operation", &self.request.operation)
            .field("method", &self.request.method)
            .field("url", &self.request.url.as_str())
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(self.headers))
            .field("body_len", &self.body.len())
            .field("elapsed", &self.elapsed)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_credentials() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer SECRET"));
        headers.insert("cookie", HeaderValue::from_static("ss-tok=SECRET"));
        headers.insert("accept", HeaderValue::from_static("application/json"));
        let request = PreparedRequest {
            operation: "Op".into(),
            method: HttpMethod::Post,
            url: reqwest::Url::parse("http://h/api/Op").unwrap(),
            headers,
            body: Some(b"{\"password\":\"SECRET\"}".to_vec().into()),
            upload: None,
        };
        let shown = format!("{request:?}");
        assert!(
            !shown.contains("SECRET") && shown.contains("application/json"),
            "{shown}"
        );
        let mut response_headers = HeaderMap::new();
        response_headers.insert("set-cookie", HeaderValue::from_static("ss-id=SECRET"));
        let info = ResponseInfo {
            request: &request,
            status: 200,
            headers: &response_headers,
            body: b"{\"bearerToken\":\"SECRET\"}",
            elapsed: Duration::ZERO,
        };
        let shown = format!("{info:?}");
        assert!(
            !shown.contains("SECRET") && shown.contains("200"),
            "{shown}"
        );
    }
}
