//! Responses read as they arrive: downloads whose size memory should not decide.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap};

use super::error::{Error, TransportError};

/// A successful response whose body has not been read yet (from
/// [`JsonServiceClient::send_streaming`](super::JsonServiceClient::send_streaming)).
///
/// Read it with [`StreamingResponse::chunk`] or as a [`Stream`] of chunks
/// ([`StreamingResponse::into_stream`]); the call's timeout still applies to the reading.
/// Dropping it closes the connection.
pub struct StreamingResponse {
    url: String,
    response: reqwest::Response,
}

impl StreamingResponse {
    pub(crate) fn new(url: &str, response: reqwest::Response) -> Self {
        StreamingResponse {
            url: strip_query(url).to_owned(),
            response,
        }
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        content_type(self.headers())
    }

    /// The announced length of the body, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The file name the server suggests in `Content-Disposition` (`filename*` preferred),
    /// reduced to its last path component so that it cannot name another directory.
    pub fn file_name(&self) -> Option<String> {
        file_name(self.headers())
    }

    /// The next chunk of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let url = &self.url;
        self.response
            .chunk()
            .await
            .map_err(|error| Error::Transport(TransportError::from_reqwest(url, error)))
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + 'static {
        ChunkStream {
            url: self.url,
            inner: Box::pin(self.response.bytes_stream()),
        }
    }
}

impl std::fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("url", &self.url)
            .field("status", &self.status())
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

type ReqwestChunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

struct ChunkStream {
    url: String,
    inner: ReqwestChunks,
}

impl Stream for ChunkStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        this.inner.as_mut().poll_next(cx).map(|item| {
            item.map(|chunk| {
                chunk.map_err(|error| {
                    Error::Transport(TransportError::from_reqwest(&this.url, error))
                })
            })
        })
    }
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// The file name of a `Content-Disposition` header: `filename*=UTF-8''...` (RFC 6266 / 5987)
/// before `filename=`, quoted or not, reduced to the part after the last `/` or `\`; names that
/// are empty, `.` or `..` are no name.
pub(crate) fn file_name(headers: &HeaderMap) -> Option<String> {
    let disposition = headers.get(CONTENT_DISPOSITION)?.to_str().ok()?;
    let mut plain = None;
    let mut extended = None;
    for parameter in disposition.split(';').skip(1) {
        let Some((key, value)) = parameter.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                // charset'language'percent-encoded
                let encoded = value.splitn(3, '\'').nth(2).unwrap_or(value);
                extended = Some(
                    percent_encoding::percent_decode_str(encoded)
                        .decode_utf8_lossy()
                        .into_owned(),
                );
            }
            "filename" => {
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|inner| inner.strip_suffix('"'))
                    .unwrap_or(value);
                plain = Some(unquoted.replace("\\\"", "\""));
            }
            _ => {}
        }
    }
    let name = extended.or(plain)?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    (!clean.is_empty() && clean != "." && clean != "..").then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn named(disposition: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_DISPOSITION,
            HeaderValue::from_str(disposition).unwrap(),
        );
        file_name(&headers)
    }

    #[test]
    fn file_names_from_content_disposition() {
        assert_eq!(
            named("attachment; filename=report.pdf").as_deref(),
            Some("report.pdf")
        );
        assert_eq!(
            named(r#"attachment; filename="my report.pdf""#).as_deref(),
            Some("my report.pdf")
        );
        assert_eq!(
            named(r#"attachment; filename="fallback.pdf"; filename*=UTF-8''na%C3%AFve%20r.pdf"#)
                .as_deref(),
            Some("naïve r.pdf")
        );
        // A hostile server cannot name another directory.
        assert_eq!(
            named(r#"attachment; filename="../../etc/passwd""#).as_deref(),
            Some("passwd")
        );
        assert_eq!(
            named(r"attachment; filename=..\..\boot.ini").as_deref(),
            Some("boot.ini")
        );
        assert_eq!(named(r#"attachment; filename="..""#), None);
        assert_eq!(named("attachment"), None);
        assert_eq!(file_name(&HeaderMap::new()), None);
    }
}
