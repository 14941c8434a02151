//! How much of a response body is read: success bodies up to the size limit (more is an error),
//! error bodies up to [`ERROR_BODY_LIMIT`] (more is cut off). Sans-IO, so the async and blocking
//! clients count bytes the same way.

use bytes::{Bytes, BytesMut};

use super::error::TransportError;

/// The default limit on the size of a response body: 64 MiB. ServiceStack responses are JSON
/// DTOs, far smaller; a server sending more is broken or hostile.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// How much of an error response's body (status 400 and above) is kept in
/// [`ApiError`](super::ApiError): 64 KiB, more than any `ResponseStatus`; the rest is not read.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Bytes read without a length announced before the buffer grows by itself.
const INITIAL_CAPACITY: usize = 8 * 1024;

/// A response body being read under a limit.
pub(crate) struct LimitedBody {
    /// The first chunk, kept as it came: most bodies arrive in one, which then needs no copy.
    first: Option<Bytes>,
    buffer: BytesMut,
    limit: u64,
    /// Error bodies are cut off at the limit instead of failing the call.
    truncate: bool,
    truncated: bool,
}

/// What the reader does after a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Read more.
    More,
    /// The limit is reached and the body was cut off: stop reading.
    Stop,
}

impl LimitedBody {
    /// Starts reading a body with status `status` under `max_response_size`. An announced
    /// `Content-Length` over the limit of a success body is refused before anything is read.
    pub(crate) fn start(
        url: &str,
        status: u16,
        content_length: Option<u64>,
        max_response_size: u64,
    ) -> Result<Self, TransportError> {
        let truncate = status >= 400;
        let limit = if truncate {
            max_response_size.min(ERROR_BODY_LIMIT as u64)
        } else {
            max_response_size
        };
        if !truncate
            && let Some(length) = content_length
            && length > limit
        {
            return Err(TransportError::too_large(url, limit, Some(length)));
        }
        // A length announced within the limit sizes the buffer, but never more than 1 MiB up
        // front: the announcement may be a lie.
        let capacity = content_length.map_or(INITIAL_CAPACITY, |length| {
            length.min(limit).min(1024 * 1024) as usize
        });
        Ok(LimitedBody {
            first: None,
            buffer: BytesMut::with_capacity(capacity),
            limit,
            truncate,
            truncated: false,
        })
    }

    /// Adds a chunk received as `Bytes` (the async client's), without copying a body that
    /// arrives whole; fails once a success body passes the limit.
    pub(crate) fn push_bytes(&mut self, url: &str, chunk: Bytes) -> Result<Next, TransportError> {
        if self.first.is_none() && self.buffer.is_empty() && chunk.len() as u64 <= self.limit {
            self.first = Some(chunk);
            return Ok(Next::More);
        }
        self.push(url, &chunk)
    }

    /// Adds a chunk; fails once a success body passes the limit.
    pub(crate) fn push(&mut self, url: &str, chunk: &[u8]) -> Result<Next, TransportError> {
        if let Some(first) = self.first.take() {
            self.buffer.extend_from_slice(&first);
        }
        let room = self.limit.saturating_sub(self.buffer.len() as u64);
        if (chunk.len() as u64) <= room {
            self.buffer.extend_from_slice(chunk);
            return Ok(Next::More);
        }
        if !self.truncate {
            return Err(TransportError::too_large(url, self.limit, None));
        }
        self.buffer.extend_from_slice(&chunk[..room as usize]);
        self.truncated = true;
        Ok(Next::Stop)
    }

    /// The body read, and whether it was cut off.
    pub(crate) fn finish(self) -> (Bytes, bool) {
        match self.first {
            Some(first) => (first, false),
            None => (self.buffer.freeze(), self.truncated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_bodies_fail_over_the_limit() {
        let announced = LimitedBody::start("http://h/api/Op", 200, Some(11), 10).err();
        assert!(announced.is_some_and(|error| error.is_too_large()));
        let mut body = LimitedBody::start("u", 200, None, 10).unwrap();
        assert_eq!(body.push("u", b"12345").unwrap(), Next::More);
        assert_eq!(body.push("u", b"67890").unwrap(), Next::More);
        let error = body.push("u", b"x").unwrap_err();
        assert!(error.is_too_large(), "{error}");
        assert!(error.to_string().contains("10 bytes"), "{error}");
    }

    #[test]
    fn error_bodies_are_cut_off() {
        // An announced length over the limit does not fail an error response.
        let mut body = LimitedBody::start("u", 500, Some(u64::MAX), u64::MAX).unwrap();
        let chunk = vec![b'a'; ERROR_BODY_LIMIT - 1];
        assert_eq!(body.push("u", &chunk).unwrap(), Next::More);
        assert_eq!(body.push("u", b"bcd").unwrap(), Next::Stop);
        let (bytes, truncated) = body.finish();
        assert!(truncated);
        assert_eq!(bytes.len(), ERROR_BODY_LIMIT);
        assert_eq!(bytes.last(), Some(&b'b'));
        // Whole chunks are kept as they are, and copied once a second one comes.
        let mut whole = LimitedBody::start("u", 200, None, 10).unwrap();
        whole.push_bytes("u", Bytes::from_static(b"12345")).unwrap();
        let mut split = LimitedBody::start("u", 200, None, 10).unwrap();
        split.push_bytes("u", Bytes::from_static(b"123")).unwrap();
        split.push_bytes("u", Bytes::from_static(b"45")).unwrap();
        assert_eq!(whole.finish().0, split.finish().0);
        let mut over = LimitedBody::start("u", 200, None, 4).unwrap();
        assert!(over.push_bytes("u", Bytes::from_static(b"12345")).is_err());
        // A smaller client limit applies to error bodies too.
        let mut small = LimitedBody::start("u", 404, None, 4).unwrap();
        assert_eq!(small.push("u", b"123456").unwrap(), Next::Stop);
        assert_eq!(&small.finish().0[..], b"1234");
    }
}
