//! Per-call control of the client against loopback servers: timeouts and headers for one call,
//! opt-in retries, streaming downloads with bounded memory, and cancellation by dropping a call.
#![cfg(feature = "client")]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use servicestack_runtime::client::{Error, RetryPolicy};
use servicestack_runtime::{
    AuthRequirement, BodyError, HttpMethod, JsonServiceClient, ResponseKind, Route, ServiceRequest,
};

use support::scripted::{Reply, Request, ScriptedServer};

/// `impl ServiceRequest` for a test DTO answering any JSON.
macro_rules! json_request {
    ($dto:ident, $verb:ident) => {
        impl ServiceRequest for $dto {
            type Response = serde_json::Value;
            const OPERATION_NAME: &'static str = stringify!($dto);
            const METHOD: HttpMethod = HttpMethod::$verb;
            const ROUTES: &'static [Route] = &[];
            const AUTH: AuthRequirement = AuthRequirement::NONE;
            const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
            fn decode_response(body: &[u8]) -> Result<Self::Response, BodyError> {
                servicestack_runtime::decode::json(body)
            }
        }
    };
}

#[derive(Serialize, Default)]
struct Slow {}
json_request!(Slow, Get);

#[derive(Serialize, Default)]
struct Echo {}
json_request!(Echo, Get);

#[derive(Serialize, Default)]
struct Flaky {}
json_request!(Flaky, Get);

#[derive(Serialize, Default)]
struct FlakyPost {}
json_request!(FlakyPost, Post);

#[derive(Serialize, Default)]
struct Download {}
json_request!(Download, Get);

const TWO_HUNDRED_MB: u64 = 200 * 1000 * 1000;

fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// A server with a slow operation, an echo of the request's headers, a download and an
/// operation failing with 503 (`Retry-After: retry_after`) `failures` times per path before
/// answering.
fn server(failures: usize, retry_after: &'static str) -> ScriptedServer {
    let seen: Arc<Mutex<usize>> = Arc::default();
    ScriptedServer::start(move |request: &Request| match request.path() {
        "/api/Slow" => Reply::Later {
            delay: Duration::from_millis(600),
            then: Box::new(Reply::json(200, "{}")),
        },
        "/api/Echo" => {
            let headers: serde_json::Map<_, _> = request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone().into()))
                .collect();
            Reply::json(200, &serde_json::Value::Object(headers).to_string())
        }
        "/api/Download" => Reply::Flood {
            status: 200,
            total: TWO_HUNDRED_MB,
            announce: true,
        },
        "/api/Named" => Reply::Full {
            status: 200,
            headers: vec![(
                "Content-Disposition".into(),
                r#"attachment; filename="../../etc/report.csv""#.into(),
            )],
            body: b"a,b\n".to_vec(),
        },
        path => {
            let mut seen = seen.lock().unwrap();
            let count: &mut usize = seen.entry(path.to_owned()).or_default();
            *count += 1;
            if *count <= failures {
                Reply::Full {
                    status: 503,
                    headers: vec![("Retry-After".into(), retry_after.into())],
                    body: b"{}".to_vec(),
                }
            } else {
                Reply::json(200, r#"{"ok":true}"#)
            }
        }
    })
}

type Mutex<T> = std::sync::Mutex<std::collections::HashMap<String, T>>;

fn calls_to(server: &ScriptedServer, path: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|request| request.path() == path)
        .count()
}

// ---- Per-call timeout and headers ----------------------------------------------------------

#[tokio::test]
async fn a_timeout_and_headers_for_one_call() {
    let server = server(0, "0");
    let client = JsonServiceClient::builder(&server.base_url)
        .header("X-Tenant", "default")
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .with_timeout(Duration::from_millis(100))
        .send(&Slow {})
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    // Well before the 600 ms the operation takes (a loaded machine gets slack).
    assert!(
        started.elapsed() < Duration::from_millis(590),
        "{:?}",
        started.elapsed()
    );
    // The client itself keeps its own timeout.
    client.send(&Slow {}).await.unwrap();

    let tagged = client
        .with_header("X-Request-Id", "abc")
        .with_header("X-Tenant", "other");
    let seen = tagged.send(&Echo {}).await.unwrap();
    assert_eq!(seen["x-request-id"], "abc");
    assert_eq!(seen["x-tenant"], "other");
    let plain = client.send(&Echo {}).await.unwrap();
    assert!(plain.get("x-request-id").is_none());
    assert_eq!(plain["x-tenant"], "default");
    let error = client
        .with_header("Bad Name", "x")
        .send(&Echo {})
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
}

#[cfg(feature = "blocking")]
#[test]
fn a_timeout_and_headers_for_one_call_blocking() {
    use servicestack_runtime::client::blocking;
    let server = server(0, "0");
    let client = blocking::JsonServiceClient::new(&server.base_url);
    let error = client
        .with_timeout(Duration::from_millis(100))
        .send(&Slow {})
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let seen = client
        .with_header("X-Request-Id", "abc")
        .send(&Echo {})
        .unwrap();
    assert_eq!(seen["x-request-id"], "abc");
}

// ---- Retries -----------------------------------------------------------------------------

#[tokio::test]
async fn idempotent_calls_are_retried_when_asked() {
    let server = server(1, "0");
    let client = JsonServiceClient::builder(&server.base_url)
        .retry(RetryPolicy::new(2).backoff(Duration::from_millis(10), Duration::from_secs(1)))
        .build()
        .unwrap();
    // A 503 then a 200: the GET succeeds.
    assert_eq!(client.send(&Flaky {}).await.unwrap()["ok"], true);
    assert_eq!(calls_to(&server, "/api/Flaky"), 2);
    // A POST is not retried...
    let error = client.send(&FlakyPost {}).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(calls_to(&server, "/api/FlakyPost"), 1);
    // ...unless asked.
    let retrying_posts = client.with_retry(
        RetryPolicy::new(2)
            .backoff(Duration::from_millis(10), Duration::from_secs(1))
            .non_idempotent(true),
    );
    assert_eq!(
        retrying_posts.send(&FlakyPost {}).await.unwrap()["ok"],
        true
    );
    assert_eq!(calls_to(&server, "/api/FlakyPost"), 2);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = server(1, "0");
    let client = JsonServiceClient::new(&server.base_url);
    assert_eq!(
        client.send(&Flaky {}).await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(calls_to(&server, "/api/Flaky"), 1);
}

#[tokio::test]
async fn retry_after_is_honoured_within_the_timeout() {
    let server = server(1, "1");
    let policy = RetryPolicy::new(1).backoff(Duration::from_millis(10), Duration::from_secs(5));
    let client = JsonServiceClient::builder(&server.base_url)
        .retry(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    client.send(&Flaky {}).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    // A Retry-After longer than the call's timeout ends the call with the 503 at once.
    let patient = ScriptedServer::start(|_| Reply::Full {
        status: 503,
        headers: vec![("Retry-After".into(), "3".into())],
        body: Vec::new(),
    });
    let client = JsonServiceClient::builder(&patient.base_url)
        .retry(policy)
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    assert_eq!(
        client.send(&Flaky {}).await.unwrap_err().status(),
        Some(503)
    );
    // Not after the 3 s the server asked for.
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(patient.requests().len(), 1);
}

#[cfg(feature = "blocking")]
#[test]
fn idempotent_calls_are_retried_when_asked_blocking() {
    use servicestack_runtime::client::blocking;
    let server = server(1, "0");
    let client = blocking::JsonServiceClient::builder(&server.base_url)
        .retry(RetryPolicy::new(1).backoff(Duration::from_millis(10), Duration::from_secs(1)))
        .build()
        .unwrap();
    assert_eq!(client.send(&Flaky {}).unwrap()["ok"], true);
    assert_eq!(client.send(&FlakyPost {}).unwrap_err().status(), Some(503));
    assert_eq!(calls_to(&server, "/api/Flaky"), 2);
    assert_eq!(calls_to(&server, "/api/FlakyPost"), 1);
}

// ---- Streaming downloads -----------------------------------------------------------------

#[tokio::test]
async fn a_200_mb_download_streams_in_bounded_memory() {
    let server = server(0, "0");
    let client = JsonServiceClient::new(&server.base_url);
    let mut download = client.send_streaming(&Download {}).await.unwrap();
    assert_eq!(download.content_length(), Some(TWO_HUNDRED_MB));
    let mut total = 0u64;
    while let Some(chunk) = download.chunk().await.unwrap() {
        total += chunk.len() as u64;
    }
    assert_eq!(total, TWO_HUNDRED_MB);
    if let Some(peak) = peak_rss() {
        eprintln!(
            "200 MB download: peak RSS of the test process {} MiB",
            peak >> 20
        );
        assert!(peak < 150 << 20, "peak RSS {} MiB", peak >> 20);
    }
    // The body limit that a whole read has does not apply; an error still reads as one.
    let named = client
        .with_max_response_size(1)
        .send_streaming(&Named {})
        .await
        .unwrap();
    assert_eq!(named.file_name().as_deref(), Some("report.csv"));
    let failing = server_with_error();
    let error = JsonServiceClient::new(&failing.base_url)
        .send_streaming(&Download {})
        .await
        .unwrap_err();
    assert_eq!(error.error_code(), Some("NotFound"));
}

#[derive(Serialize, Default)]
struct Named {}
json_request!(Named, Get);

fn server_with_error() -> ScriptedServer {
    ScriptedServer::start(|_| Reply::json(404, r#"{"responseStatus":{"errorCode":"NotFound"}}"#))
}

#[cfg(feature = "blocking")]
#[test]
fn a_200_mb_download_streams_in_bounded_memory_blocking() {
    use servicestack_runtime::client::blocking;
    let server = server(0, "0");
    let client = blocking::JsonServiceClient::new(&server.base_url);
    let mut download = client.send_streaming(&Download {}).unwrap();
    let copied = std::io::copy(&mut download, &mut std::io::sink()).unwrap();
    assert_eq!(copied, TWO_HUNDRED_MB);
    let error = blocking::JsonServiceClient::new(&server_with_error().base_url)
        .send_streaming(&Download {})
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
}

// ---- Cancellation ------------------------------------------------------------------------

#[tokio::test]
async fn a_dropped_call_closes_its_connection() {
    let server = server(0, "0");
    let client = JsonServiceClient::new(&server.base_url);
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.send(&Slow {}).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    call.abort();
    assert!(call.await.unwrap_err().is_cancelled());
    // The server notices the closed connection once it tries to answer (after 600 ms).
    let waited = Instant::now();
    while server.open_connections() > 0 && waited.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.open_connections(), 0);
    // The client works on.
    client.send(&Echo {}).await.unwrap();
}

#[tokio::test]
async fn a_dropped_refresh_hands_over_to_the_next_call() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = refreshes.clone();
    let server = ScriptedServer::start(move |request| match request.path() {
        "/api/GetAccessToken" => {
            // The first refresh hangs; the next ones answer.
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::Later {
                    delay: Duration::from_secs(10),
                    then: Box::new(Reply::json(200, r#"{"accessToken":"LATE"}"#)),
                }
            } else {
                Reply::json(200, r#"{"accessToken":"NEW"}"#)
            }
        }
        _ if request.header("authorization") == Some("Bearer NEW") => {
            Reply::json(200, r#"{"ok":true}"#)
        }
        _ => Reply::json(401, "{}"),
    });
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.send(&Echo {}).await }
    });
    // Wait until it is refreshing, then cancel it.
    let waited = Instant::now();
    while refreshes.load(Ordering::SeqCst) == 0 && waited.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.abort();
    let _ = first.await;
    let started = Instant::now();
    assert_eq!(client.send(&Echo {}).await.unwrap()["ok"], true);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(refreshes.load(Ordering::SeqCst), 2);
}

// ---- Uploads -----------------------------------------------------------------------------

/// The seed-like request of an upload.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct UploadDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unset: Option<String>,
    version: i32,
}
json_request!(UploadDocument, Post);

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct Part {
    disposition: String,
    content_type: Option<String>,
    content: Vec<u8>,
}

/// Splits a multipart body at the boundary its `Content-Type` names.
fn parts(request: &Request) -> Vec<Part> {
    let content_type = request.header("content-type").expect("a content type");
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap()
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = &request.body;
    let mut parts = Vec::new();
    let positions: Vec<usize> = text
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, window)| *window == delimiter.as_bytes())
        .map(|(at, _)| at)
        .collect();
    for pair in positions.windows(2) {
        let raw = &text[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let header = |name: &str| {
            head.lines()
                .find(|line| line.to_ascii_lowercase().starts_with(name))
                .map(|line| line.split_once(':').unwrap().1.trim().to_owned())
        };
        parts.push(Part {
            disposition: header("content-disposition").unwrap(),
            content_type: header("content-type"),
            content: raw[split + 4..].to_vec(),
        });
    }
    parts
}

fn upload_server() -> ScriptedServer {
    ScriptedServer::start(|request| {
        Reply::json(200, &format!(r#"{{"received":{}}}"#, request.body_len))
    })
}

#[tokio::test]
async fn files_upload_with_the_request_dto() {
    use servicestack_runtime::client::UploadFile;
    let server = upload_server();
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("TOKEN")
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("ss-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let on_disk = dir.join("notes.txt");
    std::fs::write(&on_disk, "from disk").unwrap();
    let request = UploadDocument {
        title: Some("Q3 & Q4".into()),
        tags: Some(vec!["a".into(), "b,c".into()]),
        unset: None,
        version: 2,
    };
    let files = [
        UploadFile::new("avatar", "me.png", "image/png", &b"\x89PNG\r\n"[..]),
        UploadFile::from_path("notes", &on_disk, "text/plain"),
        UploadFile::from_reader(
            "stream",
            "s.bin",
            "application/octet-stream",
            &b"from a reader"[..],
        ),
    ];
    let answer = client
        .post_files_with_request(&request, files)
        .await
        .unwrap();
    assert!(answer["received"].as_u64().unwrap() > 0);
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.path()),
        ("POST", "/api/UploadDocument")
    );
    assert_eq!(sent.header("authorization"), Some("Bearer TOKEN"));
    let parts = parts(sent);
    let summary: Vec<(String, Option<String>, String)> = parts
        .iter()
        .map(|part| {
            (
                part.disposition.clone(),
                part.content_type.clone(),
                String::from_utf8_lossy(&part.content).into_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (r#"form-data; name="title""#.into(), None, "Q3 & Q4".into()),
            (
                r#"form-data; name="tags""#.into(),
                None,
                r#"[a,"b,c"]"#.into()
            ),
            (r#"form-data; name="version""#.into(), None, "2".into()),
            (
                r#"form-data; name="avatar"; filename="me.png""#.into(),
                Some("image/png".into()),
                "\u{89}PNG\r\n".replace('\u{89}', "\u{FFFD}")
            ),
            (
                r#"form-data; name="notes"; filename="notes.txt""#.into(),
                Some("text/plain".into()),
                "from disk".into()
            ),
            (
                r#"form-data; name="stream"; filename="s.bin""#.into(),
                Some("application/octet-stream".into()),
                "from a reader".into()
            ),
        ]
    );
    // A file that cannot be opened is a request error naming it; nothing is sent.
    let missing = dir.join("missing.pdf");
    let error = client
        .post_files_with_request(
            &request,
            [UploadFile::from_path("doc", &missing, "application/pdf")],
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
    assert!(error.to_string().contains("missing.pdf"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

const UPLOAD_SIZE: u64 = 200 * 1000 * 1000;

/// A sparse 200 MB file: no disk space, read as zeros.
fn large_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("ss-{name}-{}.bin", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .set_len(UPLOAD_SIZE)
        .unwrap();
    path
}

#[tokio::test]
async fn a_200_mb_file_uploads_in_bounded_memory() {
    use servicestack_runtime::client::UploadFile;
    let server = upload_server();
    let client = JsonServiceClient::new(&server.base_url);
    let path = large_file("upload");
    let answer = client
        .post_files_with_request(
            &UploadDocument::default(),
            [UploadFile::from_path(
                "big",
                &path,
                "application/octet-stream",
            )],
        )
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    // The multipart framing and the `version` field come on top of the file.
    assert!(answer["received"].as_u64().unwrap() > UPLOAD_SIZE);
    if let Some(peak) = peak_rss() {
        eprintln!(
            "200 MB upload: peak RSS of the test process {} MiB",
            peak >> 20
        );
        assert!(peak < 150 << 20, "peak RSS {} MiB", peak >> 20);
    }
}

#[cfg(feature = "blocking")]
#[test]
fn files_upload_with_the_request_dto_blocking() {
    use servicestack_runtime::client::UploadFile;
    use servicestack_runtime::client::blocking;
    let server = upload_server();
    let client = blocking::JsonServiceClient::new(&server.base_url);
    let path = large_file("upload-blocking");
    let answer = client
        .post_files_with_request(
            &UploadDocument {
                title: Some("t".into()),
                ..Default::default()
            },
            [
                UploadFile::from_path("big", &path, "application/octet-stream"),
                UploadFile::from_blocking_reader("small", "s.txt", "text/plain", &b"hi"[..]),
            ],
        )
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(answer["received"].as_u64().unwrap() > UPLOAD_SIZE);
    // The kept first MiB holds the field and the start of the file.
    let body = &server.requests()[0].body;
    let text = String::from_utf8_lossy(body);
    assert!(
        text.contains("name=\"title\"\r\n\r\nt\r\n"),
        "{}",
        &text[..300]
    );
    assert!(
        text.contains("name=\"big\"; filename=\""),
        "{}",
        &text[..300]
    );
    // An async reader is for the async client.
    let error = client
        .post_files_with_request(
            &UploadDocument::default(),
            [UploadFile::from_reader(
                "r",
                "r.txt",
                "text/plain",
                &b"x"[..],
            )],
        )
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
}

// ---- Tracing -----------------------------------------------------------------------------

#[cfg(feature = "tracing")]
#[test]
fn every_call_has_a_span_without_secrets() {
    use std::io::Write;

    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let server = server(1, "0");
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = JsonServiceClient::builder(&server.base_url)
                .bearer_token("SECRET-TOKEN")
                .retry(
                    RetryPolicy::new(1).backoff(Duration::from_millis(1), Duration::from_secs(1)),
                )
                .build()
                .unwrap();
            client.send(&Flaky {}).await.unwrap();
        });
    });
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("servicestack.call"), "{text}");
    for expected in [
        "operation=\"Flaky\"",
        "method=\"GET\"",
        "status=200",
        "attempts=2",
        "retrying",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    assert!(text.contains("elapsed_ms="), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}
