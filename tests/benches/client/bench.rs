//! Client overhead: `JsonServiceClient::send` against a hand-written reqwest + serde_json call
//! of the same request, to the same minimal local server.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench -p servicestack-tests --bench client
//! python3 scripts/bench-summary.py      # requests per second and the ratios (BENCHMARKS.md)
//! ```
//!
//! The request is the generated `InviteChatMember` (POST `/api/InviteChatMember`, JSON body) and
//! the answer a fixed `SessionInfo` body (the recorded sample in
//! `shared/fixtures/samples/SessionInfo.response.json`), from an axum handler that does nothing
//! else, on 127.0.0.1 with its own one-thread runtime, so the client's work dominates. Both
//! clients run on one current-thread runtime, send the same headers (`Accept`, `Content-Type`,
//! `User-Agent`) and body, check the status, read the whole body and deserialize it. Groups:
//!
//! - `client/sequential`: one request after the other;
//! - `client/concurrent16`: 16 tasks sharing one client, each sending until the count is reached.
//!
//! - `client-cpu/sequential`, `client-cpu/concurrent16`: the same loops, timed by the CPU time
//!   of the thread the client runs on (`/proc/thread-self/schedstat`) instead of the wall clock:
//!   the client's own cost per request, which other processes on a busy machine hardly disturb
//!   (the server runs on another thread and is not counted);
//! - `decode`: the response body alone, by the generated `decode_response`
//!   (`servicestack_runtime::decode::json`) and by `serde_json::from_slice`.
//!
//! Benchmarks: `json_service_client` (defaults: 60 s per-call timeout, cookie store on),
//! `json_service_client_no_timeout` (the same with `no_timeout()`), `reqwest_serde_json` (the
//! hand-written call, the reference of the ratios) and `reqwest_serde_json_timeout` (the same
//! with the client's default 60 s per-request timeout). Every sample is bounded by criterion's
//! measurement time (a few seconds).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::header;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use servicestack_runtime::client::{DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
use servicestack_runtime::{JsonServiceClient, ServiceRequest};
use servicestack_tests::fixtures::evovoice_invitechatmember::{InviteChatMember, SessionInfo};

const CONCURRENCY: u64 = 16;

/// The server's answer to every request.
fn response_body() -> Bytes {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/samples/SessionInfo.response.json");
    match std::fs::read(&sample) {
        Ok(body) => Bytes::from(body),
        Err(error) => {
            eprintln!("{}: {error}; answering a small body", sample.display());
            Bytes::from_static(
                br#"{"id":"S1","dialState":"Active","callState":"Connected","members":[{"identity":"+15551234567","callState":"Connected"}]}"#,
            )
        }
    }
}

/// Starts the server on its own runtime (kept alive by the caller) and returns its base URL.
fn start_server() -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a server runtime");
    let body = response_body();
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], body) }
    });
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, app).await });
    (runtime, base_url)
}

fn request() -> InviteChatMember {
    InviteChatMember {
        session_id: Some("0f9c2a52-1d7e-4b0c-9f3e-6a1d2c3b4a59".into()),
        member_to_add: Some("+15551234567".into()),
        caller_id: Some("+15557654321".into()),
    }
}

/// The hand-written call: what one would write with reqwest and serde_json alone.
#[derive(Clone)]
struct HandWritten {
    http: reqwest::Client,
    url: Arc<str>,
    /// Per-request timeout, as `JsonServiceClient` sets by default.
    timeout: Option<Duration>,
}

impl HandWritten {
    async fn send(&self, request: &InviteChatMember) -> SessionInfo {
        let body = serde_json::to_vec(request).expect("the request serializes");
        let builder = self
            .http
            .post(&*self.url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::USER_AGENT, DEFAULT_USER_AGENT)
            .body(body);
        let builder = match self.timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        };
        let response = builder.send().await.expect("the server answers");
        assert!(response.status().is_success(), "{}", response.status());
        let bytes = response.bytes().await.expect("the body arrives");
        serde_json::from_slice(&bytes).expect("the body is a SessionInfo")
    }
}

/// One way of sending the request, cloneable into spawned tasks.
#[derive(Clone)]
enum Sender {
    Ours(JsonServiceClient),
    HandWritten(HandWritten),
}

impl Sender {
    async fn send(&self, request: &InviteChatMember) -> SessionInfo {
        match self {
            Sender::Ours(client) => client.send(request).await.expect("the call succeeds"),
            Sender::HandWritten(client) => client.send(request).await,
        }
    }
}

fn senders(base_url: &str) -> Vec<(&'static str, Sender)> {
    let ours = JsonServiceClient::builder(base_url)
        .build()
        .expect("a client");
    let ours_no_timeout = JsonServiceClient::builder(base_url)
        .no_timeout()
        .build()
        .expect("a client");
    let hand_written = HandWritten {
        http: reqwest::Client::new(),
        url: format!("{base_url}/api/InviteChatMember").into(),
        timeout: None,
    };
    let hand_written_timeout = HandWritten {
        timeout: Some(DEFAULT_TIMEOUT),
        ..hand_written.clone()
    };
    vec![
        ("json_service_client", Sender::Ours(ours)),
        (
            "json_service_client_no_timeout",
            Sender::Ours(ours_no_timeout),
        ),
        ("reqwest_serde_json", Sender::HandWritten(hand_written)),
        (
            "reqwest_serde_json_timeout",
            Sender::HandWritten(hand_written_timeout),
        ),
    ]
}

/// How a loop of requests is timed.
#[derive(Clone, Copy)]
enum Clock {
    /// Elapsed time: requests per second.
    Wall,
    /// CPU time of the calling thread, where the client (a current-thread runtime) runs.
    ThreadCpu,
}

impl Clock {
    fn now(self) -> Duration {
        match self {
            Clock::Wall => {
                static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
                START.get_or_init(Instant::now).elapsed()
            }
            Clock::ThreadCpu => thread_cpu_time(),
        }
    }
}

/// Time this thread has spent on a CPU (Linux: the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds).
fn thread_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux) for the CPU-time benchmarks");
    let nanos = stat
        .split_whitespace()
        .next()
        .and_then(|field| field.parse().ok())
        .expect("schedstat starts with the CPU time in nanoseconds");
    Duration::from_nanos(nanos)
}

fn client(c: &mut Criterion) {
    let (_server, base_url) = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a client runtime");
    let request = request();
    let senders = senders(&base_url);

    // Same answer from every client, so they do the same work.
    let answers: Vec<SessionInfo> = senders
        .iter()
        .map(|(_, sender)| runtime.block_on(sender.send(&request)))
        .collect();
    assert!(answers.windows(2).all(|pair| pair[0] == pair[1]));

    for (prefix, clock) in [("client", Clock::Wall), ("client-cpu", Clock::ThreadCpu)] {
        let mut group = request_group(c, format!("{prefix}/sequential"));
        for (name, sender) in &senders {
            group.bench_function(*name, |b| {
                b.iter_custom(|iterations| {
                    runtime.block_on(async {
                        let started = clock.now();
                        for _ in 0..iterations {
                            std::hint::black_box(sender.send(&request).await);
                        }
                        clock.now() - started
                    })
                })
            });
        }
        group.finish();

        let mut group = request_group(c, format!("{prefix}/concurrent16"));
        for (name, sender) in &senders {
            group.bench_function(*name, |b| {
                b.iter_custom(|iterations| {
                    runtime.block_on(async {
                        let sent = Arc::new(AtomicU64::new(0));
                        let started = clock.now();
                        let workers: Vec<_> = (0..CONCURRENCY)
                            .map(|_| {
                                let (sender, request, sent) =
                                    (sender.clone(), request.clone(), sent.clone());
                                tokio::spawn(async move {
                                    while sent.fetch_add(1, Ordering::Relaxed) < iterations {
                                        std::hint::black_box(sender.send(&request).await);
                                    }
                                })
                            })
                            .collect();
                        for worker in workers {
                            worker.await.expect("a worker finishes");
                        }
                        clock.now() - started
                    })
                })
            });
        }
        group.finish();
    }

    let body = response_body();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("decode_response", |b| {
        b.iter(|| InviteChatMember::decode_response(std::hint::black_box(&body)).unwrap())
    });
    group.bench_function("serde_json_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<SessionInfo>(std::hint::black_box(&body)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, client);
criterion_main!(benches);

/// A group of request loops: throughput in requests, 30 samples of 4 s after 1 s of warm-up.
fn request_group(
    c: &mut Criterion,
    name: String,
) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(1))
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group
}
