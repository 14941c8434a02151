//! A loopback server that records every request and answers with canned replies, like the
//! capture server the conformance recordings were made with.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::test_server::Recorded;

/// One canned reply.
#[derive(Debug, Clone)]
pub struct CannedReply {
    pub status: u16,
    /// `None`: no Content-Type header.
    pub content_type: Option<String>,
    /// Extra headers, e.g. `Set-Cookie`, in order.
    pub headers: Vec<(String, String)>,
    /// `None`: empty body.
    pub body: Option<Vec<u8>>,
}

#[derive(Default)]
struct Inner {
    log: Vec<Recorded>,
    replies: VecDeque<CannedReply>,
    last: Option<CannedReply>,
}

/// A running capture server; dropping it stops it.
pub struct CaptureServer {
    /// `http://127.0.0.1:{port}`.
    pub base_url: String,
    inner: Arc<Mutex<Inner>>,
    task: tokio::task::JoinHandle<()>,
}

impl CaptureServer {
    /// Starts a server that answers with `replies` in order (the last one repeats).
    pub async fn start(replies: Vec<CannedReply>) -> CaptureServer {
        let inner = Arc::new(Mutex::new(Inner {
            replies: replies.into(),
            ..Inner::default()
        }));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        CaptureServer {
            base_url: format!("http://{address}"),
            inner,
            task,
        }
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().log.clone()
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    axum::extract::State(inner): axum::extract::State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = {
        let mut inner = inner.lock().unwrap();
        inner.log.push(Recorded {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            headers: headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.to_string(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: body.to_vec(),
        });
        let reply = inner.replies.pop_front().or_else(|| inner.last.clone());
        inner.last = reply.clone();
        reply
    };
    let Some(reply) = reply else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = reply.body.unwrap_or_default().into_response();
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let response_headers = response.headers_mut();
    response_headers.remove(axum::http::header::CONTENT_TYPE);
    if let Some(content_type) = reply.content_type
        && let Ok(value) = HeaderValue::from_str(&content_type)
    {
        response_headers.insert(axum::http::header::CONTENT_TYPE, value);
    }
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response_headers.append(name, value);
        }
    }
    response
}
