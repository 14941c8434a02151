//! The client against hostile or broken servers (loopback only, bounded loops and waits): size
//! limits, credentials that stay with their origin, one refresh for a burst of 401s, every call
//! within its timeout, route values that cannot change the path, userinfo and cookies. The
//! blocking client's halves need feature `blocking` (on in `cargo test --workspace`, which the
//! tests crate unifies it into, and with `--all-features`).
#![cfg(feature = "client")]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
#[cfg(feature = "blocking")]
use servicestack_runtime::client::blocking;
use servicestack_runtime::client::{ERROR_BODY_LIMIT, Error, RouteMode};
use servicestack_runtime::{
    AuthRequirement, BodyError, HttpMethod, JsonServiceClient, ResponseKind, Route, ServiceRequest,
};

use support::scripted::{Reply, Request, ScriptedServer};

/// `impl ServiceRequest` for a test DTO answering any JSON: operation name, verb, routes.
macro_rules! json_request {
    ($dto:ident, $verb:ident, [$($path:literal),*]) => {
        impl ServiceRequest for $dto {
            type Response = serde_json::Value;
            const OPERATION_NAME: &'static str = stringify!($dto);
            const METHOD: HttpMethod = HttpMethod::$verb;
            const ROUTES: &'static [Route] = &[$(Route {
                path: $path,
                verbs: &[HttpMethod::$verb],
            }),*];
            const AUTH: AuthRequirement = AuthRequirement::NONE;
            const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
            fn decode_response(body: &[u8]) -> Result<Self::Response, BodyError> {
                servicestack_runtime::decode::json(body)
            }
        }
    };
}

/// A POST operation.
#[derive(Serialize, Default)]
struct Echo {
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}
json_request!(Echo, Post, []);

/// The seed operation, as generated: a POST with a route bound by `sessionId`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct InviteChatMember {
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_to_add: Option<String>,
}
json_request!(InviteChatMember, Post, ["/sessions/{sessionId}/members"]);

/// A GET operation with a wildcard route.
#[derive(Serialize, Default)]
struct GetFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}
json_request!(GetFile, Get, ["/files/{Path*}"]);

/// A POST answered by a same-origin 308.
#[derive(Serialize)]
struct Moved {
    text: &'static str,
}
json_request!(Moved, Post, []);

fn echo() -> Echo {
    Echo {
        text: Some("hi".into()),
    }
}

/// Peak resident memory of this process, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

// ---- Finding 1: response size limits -------------------------------------------------------

const THREE_GIB: u64 = 3 << 30;

/// A 3 GiB body, its length `announce`d or not, sent to a client with the default limit: the
/// call's error, the server, and how long refusing took.
async fn flood(announce: bool) -> (Error, ScriptedServer, Duration) {
    let server = ScriptedServer::start(move |_| Reply::Flood {
        status: 200,
        total: THREE_GIB,
        announce,
    });
    let client = JsonServiceClient::new(&server.base_url);
    let started = Instant::now();
    let error = client.send(&echo()).await.unwrap_err();
    assert!(error.is_too_large(), "{error}");
    (error, server, started.elapsed())
}

#[tokio::test]
async fn refusing_a_3_gib_response_keeps_memory_bounded() {
    let (error, announced, took) = flood(true).await;
    assert!(
        error
            .to_string()
            .contains("announced a 3221225472-byte body"),
        "{error}"
    );
    eprintln!(
        "announced 3 GiB: refused after {took:?}, server could write {} bytes",
        announced.body_bytes_sent()
    );
    let (error, streamed, took) = flood(false).await;
    assert!(error.to_string().contains("67108864 bytes"), "{error}");
    // The server stops when the client hangs up, far short of 3 GiB.
    assert!(streamed.body_bytes_sent() < THREE_GIB / 4);
    if let Some(peak) = peak_rss() {
        eprintln!(
            "streamed 3 GiB: refused after {took:?} and {} bytes sent; peak RSS of the test process {} MiB",
            streamed.body_bytes_sent(),
            peak >> 20
        );
        assert!(peak < 512 << 20, "peak RSS {} MiB", peak >> 20);
    }
}

#[tokio::test]
async fn the_limit_is_set_per_client_and_per_call() {
    let body = format!("{{\"text\":\"{}\"}}", "x".repeat(4096));
    let server = ScriptedServer::start(move |_| Reply::json(200, &body));
    let small = JsonServiceClient::builder(&server.base_url)
        .max_response_size(1024)
        .build()
        .unwrap();
    assert!(small.send(&echo()).await.unwrap_err().is_too_large());
    // The same client, a larger limit for one call.
    let large = small.with_max_response_size(1 << 20);
    assert!(large.send(&echo()).await.is_ok());
    // And back: the original value keeps its own limit.
    assert!(small.send(&echo()).await.unwrap_err().is_too_large());

    #[cfg(feature = "blocking")]
    {
        let blocking_server = server.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let small = blocking::JsonServiceClient::builder(&blocking_server)
                .max_response_size(1024)
                .build()
                .unwrap();
            assert!(small.send(&echo()).unwrap_err().is_too_large());
            assert!(small.with_max_response_size(1 << 20).send(&echo()).is_ok());
        })
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn error_bodies_are_cut_off() {
    let server = ScriptedServer::start(|_| Reply::Flood {
        status: 500,
        total: 100 << 20,
        announce: true,
    });
    let client = JsonServiceClient::new(&server.base_url);
    let error = client.send(&echo()).await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status(), 500);
    assert_eq!(api.body().len(), ERROR_BODY_LIMIT);
    assert!(api.is_body_truncated());
    #[cfg(feature = "blocking")]
    {
        let url = server.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let error = blocking::JsonServiceClient::new(&url)
                .send(&echo())
                .unwrap_err();
            assert_eq!(error.api_error().unwrap().body().len(), ERROR_BODY_LIMIT);
        })
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn blank_and_html_bodies_are_not_successes() {
    let server = ScriptedServer::start(|request| match request.path() {
        "/api/Echo" => Reply::json(200, " \r\n\t "),
        _ => Reply::with_type(
            200,
            "text/html; charset=utf-8",
            "<!DOCTYPE html><title>Sign in</title>",
        ),
    });
    let client = JsonServiceClient::new(&server.base_url);
    let blank = client.send(&echo()).await.unwrap_err();
    assert!(matches!(blank, Error::Body(_)), "{blank}");
    assert!(blank.to_string().contains("whitespace"), "{blank}");
    let html = client
        .send(&GetFile {
            path: Some("a".into()),
        })
        .await
        .unwrap_err();
    assert!(matches!(html, Error::Body(_)), "{html}");
    assert!(
        html.to_string().contains("HTML page") && html.to_string().contains("login page"),
        "{html}"
    );
}

// ---- Finding 2: credentials stay with their origin -----------------------------------------

/// Two origins: `api` redirects as `route` says, `evil` records what reaches it.
fn api_and_evil(
    route: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static,
) -> (ScriptedServer, ScriptedServer) {
    let evil = ScriptedServer::start(|_| Reply::json(200, r#"{"accessToken":"EVIL-TOKEN"}"#));
    let evil_url = evil.base_url.clone();
    let api = ScriptedServer::start(move |request| route(request, &evil_url));
    (api, evil)
}

fn leaked(request: &Request) -> Vec<&str> {
    [
        "authorization",
        "x-api-key",
        "x-hook",
        "cookie",
        "content-type",
    ]
    .into_iter()
    .filter(|name| request.header(name).is_some())
    .collect()
}

#[tokio::test]
async fn cross_origin_redirects_carry_no_credentials() {
    let (api, evil) = api_and_evil(|request, evil| match request.path() {
        "/api/GetFile" => Reply::Full {
            status: 302,
            headers: vec![
                ("Location".into(), format!("{evil}/landing")),
                ("Set-Cookie".into(), "ss-id=SESSION; path=/".into()),
            ],
            body: Vec::new(),
        },
        _ => Reply::json(404, "{}"),
    });
    let client = JsonServiceClient::builder(&api.base_url)
        .bearer_token("BEARER")
        .header("X-Api-Key", "API-KEY")
        .on_request(|request| {
            request
                .headers_mut()
                .insert("x-hook", "HOOK".parse().unwrap());
        })
        .build()
        .unwrap();
    client.set_cookie("ss-pid", "PERMANENT").unwrap();
    // A GET that lands on the other origin is followed, without any credential.
    let landed = client.send(&GetFile::default()).await.unwrap();
    assert_eq!(landed["accessToken"], "EVIL-TOKEN");
    let reached = evil.requests();
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0].path(), "/landing");
    assert!(leaked(&reached[0]).is_empty(), "{:?}", reached[0].headers);
    // The API itself got them.
    let first = &api.requests()[0];
    assert_eq!(
        leaked(first),
        ["authorization", "x-api-key", "x-hook", "cookie"]
    );

    #[cfg(feature = "blocking")]
    {
        let url = api.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let client = blocking::JsonServiceClient::builder(&url)
                .api_key("API-KEY")
                .header("X-Api-Key", "API-KEY")
                .build()
                .unwrap();
            client.send(&GetFile::default()).unwrap();
        })
        .await
        .unwrap();
        let reached = evil.requests();
        assert_eq!(reached.len(), 2);
        assert!(leaked(&reached[1]).is_empty(), "{:?}", reached[1].headers);
    }
}

#[tokio::test]
async fn bodies_never_follow_a_redirect_to_another_origin() {
    let (api, evil) = api_and_evil(|request, evil| match request.path() {
        "/api/Echo" => Reply::redirect(307, &format!("{evil}/steal?token=SECRET")),
        "/api/Moved" => Reply::redirect(308, "/api/Echo2"),
        "/api/Echo2" => Reply::json(200, r#"{"ok":true}"#),
        _ => Reply::json(404, "{}"),
    });
    let client = JsonServiceClient::builder(&api.base_url)
        .bearer_token("BEARER")
        .build()
        .unwrap();
    let error = client.send(&echo()).await.unwrap_err();
    assert!(error.is_redirect_refused(), "{error}");
    assert!(!error.to_string().contains("SECRET"), "{error}");
    assert!(evil.requests().is_empty());

    // Within the origin a 307/308 keeps the method, the body and the credentials.
    let moved = client.send(&Moved { text: "kept" }).await.unwrap();
    assert_eq!(moved["ok"], true);
    let second = api.requests().pop().unwrap();
    assert_eq!(
        (second.method.as_str(), second.path()),
        ("POST", "/api/Echo2")
    );
    assert_eq!(second.body, br#"{"text":"kept"}"#);
    assert_eq!(second.header("authorization"), Some("Bearer BEARER"));

    #[cfg(feature = "blocking")]
    {
        let url = api.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let error = blocking::JsonServiceClient::new(&url)
                .send(&echo())
                .unwrap_err();
            assert!(error.is_redirect_refused(), "{error}");
        })
        .await
        .unwrap();
    }
    assert!(evil.requests().is_empty());
}

#[tokio::test]
async fn sign_in_and_refresh_never_follow_redirects() {
    let (api, evil) = api_and_evil(|request, evil| match request.path() {
        "/api/GetAccessToken" => Reply::redirect(307, &format!("{evil}/api/GetAccessToken")),
        // Within the origin: still not followed.
        "/api/Authenticate" => Reply::redirect(307, "/api/SignedIn"),
        "/auth/refresh" => Reply::redirect(308, "/auth/refreshed"),
        "/api/SignedIn" => Reply::json(200, r#"{"bearerToken":"FROM-REDIRECT"}"#),
        "/auth/refreshed" => Reply::json(200, r#"{"accessToken":"FROM-REDIRECT"}"#),
        _ => Reply::json(401, "{}"),
    });
    let client = JsonServiceClient::builder(&api.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH-SECRET")
        .build()
        .unwrap();
    // The refresh token would go to the other origin: refused, and no token from there.
    let error = client.send(&echo()).await.unwrap_err();
    assert!(matches!(error, Error::Refresh(_)), "{error}");
    assert!(error.is_redirect_refused(), "{error}");
    assert!(evil.requests().is_empty(), "{:?}", evil.requests());
    let error = client.authenticate("alice", "PASSWORD").await.unwrap_err();
    assert!(error.is_redirect_refused(), "{error}");
    let same_origin = JsonServiceClient::builder(&api.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH-SECRET")
        .refresh_token_url("/auth/refresh")
        .build()
        .unwrap();
    let error = same_origin.refresh_access_token().await.unwrap_err();
    assert!(error.is_redirect_refused(), "{error}");
    assert_eq!(same_origin.bearer_token().as_deref(), Some("EXPIRED"));
    assert_eq!(client.bearer_token().as_deref(), Some("EXPIRED"));
    let followed: Vec<_> = api
        .requests()
        .iter()
        .filter(|request| request.path() == "/api/SignedIn" || request.path() == "/auth/refreshed")
        .map(|request| request.path().to_owned())
        .collect();
    assert!(followed.is_empty(), "{followed:?}");

    #[cfg(feature = "blocking")]
    {
        let url = api.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let client = blocking::JsonServiceClient::builder(&url)
                .bearer_token("EXPIRED")
                .refresh_token("REFRESH-SECRET")
                .build()
                .unwrap();
            assert!(client.send(&echo()).unwrap_err().is_redirect_refused());
            assert!(
                client
                    .authenticate("alice", "PASSWORD")
                    .unwrap_err()
                    .is_redirect_refused()
            );
            assert_eq!(client.bearer_token().as_deref(), Some("EXPIRED"));
        })
        .await
        .unwrap();
        assert!(evil.requests().is_empty());
    }
}

// ---- Finding 3: one refresh for a burst of 401s --------------------------------------------

const BURST: usize = 50;

/// A server whose API answers 401 once `BURST` requests have arrived (so every call is in
/// flight before the first refresh), and whose `GetAccessToken` answers `refresh`.
fn burst_server(refresh: Reply) -> (ScriptedServer, Arc<AtomicUsize>) {
    let arrived = Arc::new(AtomicUsize::new(0));
    let counter = arrived.clone();
    let server = ScriptedServer::start(move |request| {
        if request.path() == "/api/GetAccessToken" {
            return refresh.clone();
        }
        counter.fetch_add(1, Ordering::SeqCst);
        let waited = Instant::now();
        while counter.load(Ordering::SeqCst) < BURST && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        Reply::json(401, "{}")
    });
    (server, arrived)
}

fn refresh_calls(server: &ScriptedServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|request| request.path() == "/api/GetAccessToken")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_401s_makes_one_failed_refresh() {
    let (server, _) = burst_server(Reply::json(500, "{}"));
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH")
        .build()
        .unwrap();
    let calls = (0..BURST).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send(&echo()).await })
    });
    for call in calls.collect::<Vec<_>>() {
        let error = call.await.unwrap().unwrap_err();
        assert!(matches!(error, Error::Refresh(_)), "{error}");
        assert_eq!(error.status(), Some(500));
    }
    assert_eq!(refresh_calls(&server), 1);
    // A later call is not stuck with that failure: it refreshes again.
    let error = client.send(&echo()).await.unwrap_err();
    assert!(matches!(error, Error::Refresh(_)), "{error}");
    assert_eq!(refresh_calls(&server), 2);
}

#[cfg(feature = "blocking")]
#[test]
fn a_burst_of_401s_makes_one_failed_refresh_blocking() {
    let (server, _) = burst_server(Reply::json(500, "{}"));
    let client = blocking::JsonServiceClient::builder(&server.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH")
        .build()
        .unwrap();
    let calls: Vec<_> = (0..BURST)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || client.send(&echo()))
        })
        .collect();
    for call in calls {
        let error = call.join().unwrap().unwrap_err();
        assert!(matches!(error, Error::Refresh(_)), "{error}");
    }
    assert_eq!(refresh_calls(&server), 1);
}

const HANG: Duration = Duration::from_secs(20);
const TIMEOUT: Duration = Duration::from_secs(1);
/// Generous: a call may end up to this long after its timeout on a loaded machine, far short of
/// the N x timeout of refreshing one after another.
const SLACK: Duration = Duration::from_millis(1500);

fn hanging_refresh() -> Reply {
    Reply::Later {
        delay: HANG,
        then: Box::new(Reply::json(200, r#"{"accessToken":"LATE"}"#)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hanging_refresh_ends_every_call_within_its_timeout() {
    let server = ScriptedServer::start(|request| match request.path() {
        "/api/GetAccessToken" => hanging_refresh(),
        _ => Reply::json(401, "{}"),
    });
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH")
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let error = client.send(&echo()).await.unwrap_err();
                (error, started.elapsed())
            })
        })
        .collect();
    for call in calls {
        let (error, elapsed) = call.await.unwrap();
        assert!(error.is_timeout(), "{error}");
        assert!(elapsed < TIMEOUT + SLACK, "ended after {elapsed:?}");
    }
}

#[cfg(feature = "blocking")]
#[test]
fn a_hanging_refresh_ends_every_call_within_its_timeout_blocking() {
    let server = ScriptedServer::start(|request| match request.path() {
        "/api/GetAccessToken" => hanging_refresh(),
        _ => Reply::json(401, "{}"),
    });
    let client = blocking::JsonServiceClient::builder(&server.base_url)
        .bearer_token("EXPIRED")
        .refresh_token("REFRESH")
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || (client.send(&echo()), started.elapsed()))
        })
        .collect();
    for call in calls {
        let (result, elapsed) = call.join().unwrap();
        let error = result.unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert!(elapsed < TIMEOUT + SLACK, "ended after {elapsed:?}");
    }
}

#[tokio::test]
async fn a_dripping_body_ends_at_the_timeout() {
    let server = ScriptedServer::start(|_| Reply::Drip {
        length: 1000,
        every: Duration::from_millis(50),
    });
    let client = JsonServiceClient::builder(&server.base_url)
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.send(&echo()).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(
        started.elapsed() < TIMEOUT + SLACK,
        "{:?}",
        started.elapsed()
    );
    #[cfg(feature = "blocking")]
    {
        let url = server.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let client = blocking::JsonServiceClient::builder(&url)
                .timeout(TIMEOUT)
                .build()
                .unwrap();
            let started = Instant::now();
            let error = client.send(&echo()).unwrap_err();
            assert!(error.is_timeout(), "{error}");
            assert!(
                started.elapsed() < TIMEOUT + SLACK,
                "{:?}",
                started.elapsed()
            );
        })
        .await
        .unwrap();
    }
}

// ---- Finding 4: route values never change the path -----------------------------------------

#[tokio::test]
async fn route_values_cannot_climb_out_of_the_route() {
    let server = ScriptedServer::start(|_| Reply::json(200, "{}"));
    let client = JsonServiceClient::builder(format!("{}/inj/v1", server.base_url))
        .route_mode(RouteMode::UserDefined)
        .build()
        .unwrap();
    for session in ["..", ".", ""] {
        let error = client
            .send(&InviteChatMember {
                session_id: Some(session.into()),
                member_to_add: Some("+1".into()),
            })
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Request(_)), "{error}");
        assert!(error.to_string().contains("`sessionId`"), "{error}");
    }
    let error = client
        .send(&GetFile {
            path: Some("../../../admin/delete".into()),
        })
        .await
        .unwrap_err();
    assert!(error.to_string().contains("`path`"), "{error}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    // Ordinary values still fill the route.
    client
        .send(&GetFile {
            path: Some("docs/a b.txt".into()),
        })
        .await
        .unwrap();
    assert_eq!(server.requests()[0].path(), "/inj/v1/files/docs/a%20b.txt");
}

// ---- Finding 5: userinfo, cookies ----------------------------------------------------------

#[tokio::test]
async fn userinfo_is_sent_as_basic_and_never_shown() {
    let server = ScriptedServer::start(|_| {
        Reply::json(403, r#"{"responseStatus":{"errorCode":"Forbidden"}}"#)
    });
    let base = server.base_url.replace("http://", "http://alice:S3CRET@");
    let client = JsonServiceClient::new(&base);
    let error = client.send(&echo()).await.unwrap_err();
    let request = &server.requests()[0];
    // alice:S3CRET
    assert_eq!(
        request.header("authorization"),
        Some("Basic YWxpY2U6UzNDUkVU")
    );
    for shown in [
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
        client.base_url().to_owned(),
    ] {
        assert!(!shown.contains("S3CRET"), "{shown}");
    }
    // A transport error (nothing listens on port 9 of loopback... usually): still not shown.
    let closed = JsonServiceClient::builder("http://alice:S3CRET@127.0.0.1:9")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = closed.send(&echo()).await.unwrap_err();
    assert!(
        !format!("{error:?} {error}").contains("S3CRET"),
        "{error:?}"
    );
}

#[tokio::test]
async fn set_cookie_refuses_values_that_would_smuggle_cookies() {
    let server = ScriptedServer::start(|_| Reply::json(200, "{}"));
    let client = JsonServiceClient::new(&server.base_url);
    for bad in ["abc; admin=true", "abc\r\nX-Evil: 1", "a b"] {
        let error = client.set_cookie("ss-id", bad).unwrap_err();
        assert!(matches!(error, Error::Request(_)), "{error}");
    }
    client.set_cookie("ss-id", "abc").unwrap();
    client.send(&echo()).await.unwrap();
    assert_eq!(server.requests()[0].header("cookie"), Some("ss-id=abc"));
}

#[tokio::test]
async fn public_suffix_domain_cookies_are_rejected() {
    let server = ScriptedServer::start(|_| Reply::Full {
        status: 200,
        headers: vec![
            ("Set-Cookie".into(), "tld=1; Domain=com".into()),
            ("Set-Cookie".into(), "registry=1; Domain=co.uk".into()),
            ("Set-Cookie".into(), "site=1; Domain=example.co.uk".into()),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: b"{}".to_vec(),
    });
    // A real-looking host name, resolved to the loopback server.
    let address: std::net::SocketAddr = server.base_url["http://".len()..].parse().unwrap();
    let http = JsonServiceClient::http_client_builder()
        .resolve("shop.example.co.uk", address)
        .build()
        .unwrap();
    let client =
        JsonServiceClient::builder(format!("http://shop.example.co.uk:{}", address.port()))
            .http_client(http)
            .build()
            .unwrap();
    client.send(&echo()).await.unwrap();
    assert_eq!(client.cookie("tld"), None);
    assert_eq!(client.cookie("registry"), None);
    assert_eq!(client.cookie("site").as_deref(), Some("1"));
}
