//! `ServerEventsClient` against a loopback server speaking ServiceStack's frames: order of
//! events through handlers and the stream, heartbeats, reconnecting (after an end, a drop, a
//! silence, a missing `cmd.onConnect`), unregistering, refusing other origins and answers that
//! are no event stream, size limits. Every wait is bounded; the file runs in a few seconds.

#![cfg(feature = "server-events")]

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use servicestack_runtime::JsonServiceClient;
use servicestack_runtime::client::Error;
use servicestack_runtime::events::{EventsError, ServerEvent, ServerEventsClient};

use support::sse::{SseServer, Step, frame, on_connect};

/// A list the handlers append to and the test reads.
type Log<T> = Arc<Mutex<Vec<T>>>;

fn log<T>() -> Log<T> {
    Arc::default()
}

fn read<T: Clone>(log: &Log<T>) -> Vec<T> {
    log.lock().unwrap().clone()
}

/// Waits until `done` holds, failing the test after `within`.
async fn eventually(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let end = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The stream's next event, failing the test after two seconds.
async fn next(events: &mut servicestack_runtime::events::EventStream) -> ServerEvent {
    tokio::time::timeout(Duration::from_secs(2), events.recv())
        .await
        .expect("an event within 2 s")
        .expect("the stream is open")
}

fn client_of(server: &SseServer) -> JsonServiceClient {
    let client = JsonServiceClient::new(&server.base_url);
    client.set_bearer_token("tok-123");
    client
}

#[derive(serde::Deserialize, Debug, Clone, PartialEq)]
struct Chat {
    from: String,
    n: u32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_arrive_in_order_through_handlers_and_the_stream() {
    let server = SseServer::start(|ask| {
        let hit = ask.request;
        let mut steps = vec![
            on_connect("http://127.0.0.1:9", "sub1", 60_000, 120_000),
            frame(
                2,
                r#"home@cmd.onJoin {"userId":"7","displayName":"Ann","channels":"home"}"#,
            ),
            frame(3, r#"tv.watch "http://youtu.be/x""#),
            frame(4, "css.background$#top #673ab7"),
            frame(5, "cmd.announce"),
            // Multi-line data, CRLF line ends and a comment.
            Step::Send(": ping\r\nid: 6\r\ndata: cmd.multi {\"a\":\r\ndata: 1}\r\n\r\n".into()),
        ];
        for n in 0..20 {
            steps.push(frame(
                7 + n,
                &format!(r#"lobby@cmd.chat {{"from":"bo","n":{n}}}"#),
            ));
        }
        steps.push(frame(27, "cmd.bye {}"));
        // The request's own details come back as an event, for the test to check.
        let auth = hit.header("authorization").unwrap_or("none").to_owned();
        steps.push(frame(
            28,
            &format!("cmd.seen {:?}", format!("{} {auth}", hit.target)),
        ));
        steps.push(Step::Hold);
        steps
    });
    let all: Log<String> = log();
    let chats: Log<Chat> = log();
    let tv: Log<String> = log();
    let joins: Log<(Option<String>, Option<String>)> = log();
    let connects: Log<String> = log();
    let errors: Log<String> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home,lobby"])
        .on("*", {
            let all = all.clone();
            move |event| {
                let id = event.id().unwrap_or("-");
                all.lock()
                    .unwrap()
                    .push(format!("{id} {}", event.selector()));
            }
        })
        .on_json("cmd.chat", {
            let chats = chats.clone();
            move |chat: Chat| chats.lock().unwrap().push(chat)
        })
        .on("tv.*", {
            let tv = tv.clone();
            move |event| tv.lock().unwrap().push(event.json::<String>().unwrap())
        })
        .on_join({
            let joins = joins.clone();
            move |who| {
                let entry = (who.channel.clone(), who.display_name.clone());
                joins.lock().unwrap().push(entry);
            }
        })
        .on_connect({
            let connects = connects.clone();
            move |info| connects.lock().unwrap().push(info.id.clone())
        })
        .on_error({
            let errors = errors.clone();
            move |error| errors.lock().unwrap().push(error.to_string())
        })
        .start();
    let mut events = subscription.events();

    let mut pulled = Vec::new();
    loop {
        let event = next(&mut events).await;
        pulled.push(event.clone());
        if event.selector() == "cmd.seen" {
            break;
        }
    }

    // The stream: every event, in order, read as ServiceStack means it.
    let selectors: Vec<&str> = pulled.iter().map(ServerEvent::selector).collect();
    let mut expected = vec![
        "cmd.onConnect",
        "cmd.onJoin",
        "tv.watch",
        "css.background$#top",
        "cmd.announce",
        "cmd.multi",
    ];
    expected.extend(["cmd.chat"; 20]);
    expected.extend(["cmd.bye", "cmd.seen"]);
    assert_eq!(selectors, expected);
    let ids: Vec<u64> = pulled.iter().map(|e| e.event_id().unwrap()).collect();
    assert_eq!(ids, (1..=28).collect::<Vec<_>>());
    assert_eq!(pulled[1].channel(), Some("home"));
    assert_eq!(pulled[3].css_selector(), Some("#top"));
    assert_eq!(pulled[3].raw_json(), Some("#673ab7"));
    assert_eq!(pulled[4].raw_json(), None);
    assert_eq!(pulled[5].raw_json(), Some("{\"a\":\n1}"));
    assert_eq!(pulled[6].channel(), Some("lobby"));
    let seen: String = pulled[27].json().unwrap();
    assert_eq!(seen, "/event-stream?channels=home,lobby Bearer tok-123");

    // The handlers: same order, before the stream got each event.
    let all = read(&all);
    let pulled_log: Vec<String> = pulled
        .iter()
        .map(|e| format!("{} {}", e.id().unwrap(), e.selector()))
        .collect();
    assert_eq!(all, pulled_log);
    let chats = read(&chats);
    assert_eq!(chats.len(), 20);
    assert!(
        chats
            .iter()
            .enumerate()
            .all(|(n, chat)| chat.n == n as u32 && chat.from == "bo")
    );
    assert_eq!(read(&tv), ["http://youtu.be/x"]);
    let joins = read(&joins);
    assert_eq!(joins, [(Some("home".into()), Some("Ann".into()))]);
    assert_eq!(read(&connects), ["sub1"]);
    assert_eq!(read(&errors), Vec::<String>::new());
    assert_eq!(subscription.subscription_id().as_deref(), Some("sub1"));
    assert_eq!(subscription.channels(), ["home", "lobby"]);

    // Only the first call gets the events.
    assert!(subscription.events().recv().await.is_none());
    // Nothing else was asked of the server: no reconnect.
    assert_eq!(server.hits_on("/event-stream").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_follow_the_interval_on_connect_gives() {
    let server =
        SseServer::start(|ask| vec![on_connect(ask.base_url, "sub1", 300, 30_000), Step::Hold]);
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"]).start();
    eventually("the connection", Duration::from_secs(2), || {
        subscription.subscription_id().is_some()
    })
    .await;
    let connected = Instant::now();
    tokio::time::sleep(Duration::from_millis(1400)).await;

    let beats = server.hits_on("/event-heartbeat");
    // 300 ms apart over 1.4 s: 4, give or take one for scheduling.
    assert!((3..=5).contains(&beats.len()), "{} heartbeats", beats.len());
    assert!(beats[0].at >= connected + Duration::from_millis(200));
    for pair in beats.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(200),
            "heartbeats {gap:?} apart"
        );
    }
    for beat in &beats {
        assert_eq!(beat.method, "POST");
        assert_eq!(beat.query(), "id=sub1");
        assert_eq!(beat.header("authorization"), Some("Bearer tok-123"));
    }
    subscription.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_stream_reconnects_and_resubscribes() {
    let server = SseServer::start(|ask| {
        let at = ask.base_url;
        match ask.n {
            // A clean end of the body...
            0 => vec![
                on_connect(at, "sub1", 60_000, 120_000),
                frame(2, "cmd.one {}"),
                frame(3, "cmd.two {}"),
                Step::End,
            ],
            // ...then a connection dropped in the middle...
            1 => vec![
                on_connect(at, "sub2", 60_000, 120_000),
                frame(2, "cmd.three {}"),
                Step::Abort,
            ],
            // ...then one that stays.
            _ => vec![
                on_connect(at, "sub3", 60_000, 120_000),
                frame(2, "cmd.four {}"),
                Step::Hold,
            ],
        }
    });
    let errors: Log<String> = log();
    let reconnects: Log<u32> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home", "lobby"])
        .reconnect_backoff(Duration::from_millis(20), Duration::from_millis(100))
        .on_error({
            let errors = errors.clone();
            move |error| {
                let kind = match error {
                    EventsError::Ended => "ended",
                    EventsError::Read(_) => "read",
                    _ => "other",
                };
                errors.lock().unwrap().push(kind.to_owned());
            }
        })
        .on_reconnect({
            let reconnects = reconnects.clone();
            move |attempt, _| reconnects.lock().unwrap().push(attempt)
        })
        .start();
    let mut events = subscription.events();
    let mut selectors = Vec::new();
    while selectors.last() != Some(&"cmd.four".to_owned()) {
        selectors.push(next(&mut events).await.selector().to_owned());
    }
    assert_eq!(
        selectors,
        [
            "cmd.onConnect",
            "cmd.one",
            "cmd.two",
            "cmd.onConnect",
            "cmd.three",
            "cmd.onConnect",
            "cmd.four"
        ]
    );
    assert_eq!(subscription.subscription_id().as_deref(), Some("sub3"));
    assert_eq!(read(&errors), ["ended", "read"]);
    // Each connection got its cmd.onConnect, so each reconnect starts from the first wait.
    assert_eq!(read(&reconnects), [1, 1]);

    // Every connection asked for the same channels, with the same credentials; the later ones
    // said which event came last.
    let streams = server.hits_on("/event-stream");
    assert_eq!(streams.len(), 3);
    for stream in &streams {
        assert_eq!(stream.query(), "channels=home,lobby");
        assert_eq!(stream.header("authorization"), Some("Bearer tok-123"));
    }
    assert_eq!(streams[0].header("last-event-id"), None);
    assert_eq!(streams[1].header("last-event-id"), Some("3"));
    assert_eq!(streams[2].header("last-event-id"), Some("2"));

    // The subscriptions left behind were ended (in the background).
    eventually(
        "the old subscriptions' unregistering",
        Duration::from_secs(2),
        || {
            let ended: Vec<String> = server
                .hits_on("/event-unregister")
                .iter()
                .map(|hit| hit.query().to_owned())
                .collect();
            ended.contains(&"id=sub1".to_owned()) && ended.contains(&"id=sub2".to_owned())
        },
    )
    .await;
    subscription.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_stream_is_taken_for_dead_and_reconnected() {
    let server = SseServer::start(|ask| match ask.n {
        0 => vec![
            on_connect("http://127.0.0.1:9", "sub1", 60_000, 120_000),
            Step::Hold,
        ],
        _ => vec![
            on_connect("http://127.0.0.1:9", "sub2", 60_000, 120_000),
            frame(2, "cmd.back {}"),
            Step::Hold,
        ],
    });
    let errors: Log<String> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .stall_timeout(Duration::from_millis(300))
        .reconnect_backoff(Duration::from_millis(10), Duration::from_millis(50))
        .on_error({
            let errors = errors.clone();
            move |error| {
                let stalled = matches!(error, EventsError::Stalled(_));
                errors.lock().unwrap().push(stalled.to_string());
            }
        })
        .start();
    let mut events = subscription.events();
    let started = Instant::now();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");
    assert_eq!(next(&mut events).await.selector(), "cmd.back");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(read(&errors), ["true"]);
    // The dead connection was closed, not left open beside the new one.
    eventually("one open stream", Duration::from_secs(2), || {
        server.open_streams() == 1
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_without_cmd_on_connect_times_out() {
    // Keep-alive comments are no subscription: the connect timeout still runs out.
    let server = SseServer::start(|ask| match ask.n {
        0 => {
            let mut steps = Vec::new();
            for _ in 0..40 {
                steps.push(Step::Send(": ping\n\n".into()));
                steps.push(Step::Pause(Duration::from_millis(50)));
            }
            steps.push(Step::Hold);
            steps
        }
        _ => vec![
            on_connect("http://127.0.0.1:9", "sub1", 60_000, 120_000),
            Step::Hold,
        ],
    });
    let errors: Log<String> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .connect_timeout(Duration::from_millis(400))
        .reconnect_backoff(Duration::from_millis(10), Duration::from_millis(50))
        .on_error({
            let errors = errors.clone();
            move |error| {
                let timed_out = matches!(error, EventsError::Connect(e) if e.is_timeout());
                errors.lock().unwrap().push(timed_out.to_string());
            }
        })
        .start();
    let mut events = subscription.events();
    let started = Instant::now();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(read(&errors), ["true"]);
    assert_eq!(server.hits_on("/event-stream").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_no_event_stream_is_refused() {
    // A wrong path (or base URL) answers JSON: no garbage events, an error and retries.
    let server = SseServer::start(|_| vec![Step::Hold]);
    let errors: Log<Option<String>> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .stream_path("api/Hello")
        .reconnect_backoff(Duration::from_millis(10), Duration::from_millis(20))
        .on_error({
            let errors = errors.clone();
            move |error| {
                if let EventsError::NotEventStream(kind) = error {
                    errors.lock().unwrap().push(kind.clone());
                }
            }
        })
        .start();
    let mut events = subscription.events();
    eventually("retries", Duration::from_secs(2), || {
        read(&errors).len() >= 2
    })
    .await;
    assert_eq!(read(&errors)[0].as_deref(), Some("application/json"));
    assert_eq!(server.hits()[0].target, "/api/Hello?channels=home");
    assert!(
        tokio::time::timeout(Duration::from_millis(50), events.recv())
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_unregisters_and_stops() {
    let server =
        SseServer::start(|ask| vec![on_connect(ask.base_url, "sub1", 100, 30_000), Step::Hold]);
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"]).start();
    let mut events = subscription.events();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");

    subscription.close().await.unwrap();
    // close() waited for the server's answer.
    let ended = server.hits_on("/event-unregister");
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].method, "POST");
    assert_eq!(ended[0].query(), "id=sub1");
    assert_eq!(ended[0].header("authorization"), Some("Bearer tok-123"));
    assert!(
        events.recv().await.is_none(),
        "the stream ends with the client"
    );
    eventually(
        "the stream's connection to close",
        Duration::from_secs(2),
        || server.open_streams() == 0,
    )
    .await;
    // No heartbeats, no reconnects afterwards.
    let beats = server.hits_on("/event-heartbeat").len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.hits_on("/event-heartbeat").len(), beats);
    assert_eq!(server.hits_on("/event-stream").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_client_unregisters_and_stops() {
    let server =
        SseServer::start(|ask| vec![on_connect(ask.base_url, "sub1", 100, 30_000), Step::Hold]);
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"]).start();
    let mut events = subscription.events();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");

    drop(subscription);
    eventually("the unregister call", Duration::from_secs(2), || {
        server.hits_on("/event-unregister").len() == 1
    })
    .await;
    assert_eq!(server.hits_on("/event-unregister")[0].query(), "id=sub1");
    eventually(
        "the stream's connection to close",
        Duration::from_secs(2),
        || server.open_streams() == 0,
    )
    .await;
    assert!(events.recv().await.is_none());
    let beats = server.hits_on("/event-heartbeat").len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.hits_on("/event-heartbeat").len(), beats);
    assert_eq!(server.hits_on("/event-stream").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_and_unregister_urls_on_another_origin_are_refused() {
    let elsewhere = SseServer::start(|_| vec![Step::Hold]);
    let other = elsewhere.base_url.clone();
    let server = SseServer::start(move |_| {
        vec![
            on_connect(&other, "sub1", 100, 30_000),
            Step::Pause(Duration::from_millis(400)),
            frame(2, "cmd.still {}"),
            Step::Hold,
        ]
    });
    let errors: Log<String> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .on_error({
            let errors = errors.clone();
            move |error| {
                let refused = matches!(error, EventsError::Heartbeat(Error::Request(_)));
                errors
                    .lock()
                    .unwrap()
                    .push(format!("{refused} {}", error.ends_connection()));
            }
        })
        .start();
    let mut events = subscription.events();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");
    // The refused heartbeat did not end the connection: events keep coming on it.
    assert_eq!(next(&mut events).await.selector(), "cmd.still");
    assert_eq!(read(&errors), ["true false"]);
    assert_eq!(server.hits_on("/event-stream").len(), 1);

    let closed = subscription.close().await;
    assert!(matches!(closed, Err(Error::Request(_))), "{closed:?}");
    // Neither a heartbeat nor the unregister call (nor the bearer token) went there.
    assert!(elsewhere.hits().is_empty(), "{:?}", elsewhere.hits());
    assert!(server.hits_on("/event-heartbeat").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urls_on_another_origin_can_be_moved_to_the_base_origin() {
    // A server behind a proxy names its own address; the calls go to the base URL's origin.
    let elsewhere = SseServer::start(|_| vec![Step::Hold]);
    let other = elsewhere.base_url.clone();
    let server =
        SseServer::start(move |_| vec![on_connect(&other, "sub1", 100, 30_000), Step::Hold]);
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .rebase_server_urls(true)
        .start();
    eventually("heartbeats", Duration::from_secs(2), || {
        !server.hits_on("/event-heartbeat").is_empty()
    })
    .await;
    let info = subscription.connection_info().unwrap();
    let heartbeat_url = format!("{}/event-heartbeat?id=sub1", server.base_url);
    assert_eq!(info.heartbeat_url, Some(heartbeat_url));
    subscription.close().await.unwrap();
    let ended = server.hits_on("/event-unregister");
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].query(), "id=sub1");
    assert_eq!(
        server.hits_on("/event-heartbeat")[0].header("authorization"),
        Some("Bearer tok-123")
    );
    assert!(elsewhere.hits().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_frames_are_skipped_without_dropping_the_connection() {
    let server = SseServer::start(|_| {
        let big = format!("data: cmd.big \"{}\"\n", "x".repeat(16 * 1024));
        let mut steps = vec![
            on_connect("http://127.0.0.1:9", "sub1", 60_000, 120_000),
            Step::Send("id: 2\n".into()),
        ];
        // 1.6 MiB in one event, in pieces.
        steps.extend((0..100).map(|_| Step::Send(big.clone())));
        steps.extend([
            Step::Send("\n".into()),
            frame(3, "cmd.after {}"),
            Step::Hold,
        ]);
        steps
    });
    let errors: Log<String> = log();
    let subscription = ServerEventsClient::builder(&client_of(&server), ["home"])
        .max_frame_size(64 * 1024)
        .on_error({
            let errors = errors.clone();
            move |error| errors.lock().unwrap().push(error.to_string())
        })
        .start();
    let mut events = subscription.events();
    assert_eq!(next(&mut events).await.selector(), "cmd.onConnect");
    let after = next(&mut events).await;
    assert_eq!((after.selector(), after.id()), ("cmd.after", Some("3")));
    assert_eq!(read(&errors), ["skipped an event larger than 65536 bytes"]);
    assert_eq!(server.hits_on("/event-stream").len(), 1);
}
