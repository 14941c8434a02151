//! The background task: open the stream, read it, send heartbeats, reconnect, unregister.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::HttpMethod;
use crate::client::{Error, JsonServiceClient, StreamingResponse, TransportError};

use super::backoff::Backoff;
use super::connect::ConnectInfo;
use super::error::EventsError;
use super::event::ServerEvent;
use super::frame::{FrameParser, Parsed};
use super::handlers::Handlers;
use super::urls;

/// A hostile `heartbeatIntervalMs` of 0 must not turn heartbeats into a flood...
const MIN_HEARTBEAT_INTERVAL: Duration = Duration::from_millis(100);
/// ...nor one of `u64::MAX` overflow the timer.
const MAX_HEARTBEAT_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// An id longer than this, or not printable ASCII, is not sent back as `Last-Event-ID`: a header
/// the client refuses to build would fail every reconnect.
const MAX_EVENT_ID: usize = 256;

/// What the builder decided.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub base_url: String,
    pub rebase_server_urls: bool,
    pub stream_url: String,
    pub max_frame_size: usize,
    pub backoff: (Duration, Duration),
    pub connect_timeout: Duration,
    pub stall_timeout: Option<Duration>,
}

/// State the handle reads while the task runs.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    info: Mutex<Option<ConnectInfo>>,
}

impl Shared {
    pub(crate) fn info(&self) -> MutexGuard<'_, Option<ConnectInfo>> {
        // A handler panic never happens under this lock, so poisoning carries no meaning.
        self.info
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Hands events to the handle's stream.
pub(crate) struct Delivery {
    sender: Option<mpsc::Sender<ServerEvent>>,
    /// The stream was taken: from then on a full buffer makes reading wait. Before, nobody
    /// may ever read it, so events that do not fit are dropped instead.
    taken: Arc<AtomicBool>,
}

impl Delivery {
    pub(crate) fn new(sender: mpsc::Sender<ServerEvent>, taken: Arc<AtomicBool>) -> Self {
        Delivery {
            sender: Some(sender),
            taken,
        }
    }

    async fn deliver(&mut self, event: ServerEvent) {
        let Some(sender) = &self.sender else { return };
        let open = if self.taken.load(Ordering::Acquire) {
            sender.send(event).await.is_ok()
        } else {
            !matches!(
                sender.try_send(event),
                Err(mpsc::error::TrySendError::Closed(_))
            )
        };
        if !open {
            self.sender = None;
        }
    }
}

pub(crate) struct Connection {
    pub client: JsonServiceClient,
    pub settings: Settings,
    pub handlers: Handlers,
    pub shared: Arc<Shared>,
    pub delivery: Delivery,
    pub backoff: Backoff,
    pub last_event_id: Option<String>,
}

/// Aborts the heartbeat task when a connection ends, however it ends.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Connection {
    /// Runs until `stop` says so or its sender is dropped, then unregisters the subscription.
    pub(crate) async fn run(mut self, mut stop: watch::Receiver<bool>) -> Result<(), Error> {
        loop {
            let ended = tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                ended = self.session() => ended,
            };
            self.handlers.report(&ended);
            let old = self.shared.info().take();
            if let Some(old) = old {
                // Like the C# client, end the old subscription so that the channel sees it
                // leave now rather than at the server's idle timeout; the stream must not wait.
                let client = self.client.clone();
                tokio::spawn(async move { drop(unregister(&client, &old).await) });
            }
            let (attempt, delay) = self.backoff.next();
            self.handlers.reconnecting(attempt, delay);
            tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                () = tokio::time::sleep(delay) => {}
            }
        }
        let current = self.shared.info().take();
        match current {
            Some(info) => unregister(&self.client, &info).await,
            None => Ok(()),
        }
    }

    /// One connection, until it ends; returns why.
    async fn session(&mut self) -> EventsError {
        let started = tokio::time::Instant::now();
        let opened = open(&self.client, &self.settings, self.last_event_id.as_deref()).await;
        let mut response = match opened {
            Ok(response) => response,
            Err(error) => return error,
        };
        let mut parser = FrameParser::new(self.settings.max_frame_size);
        let (beat_errors, mut heartbeat_failed) = mpsc::channel(1);
        let mut _heartbeats = None;
        // Set by `cmd.onConnect`, which says how often the server will speak.
        let mut stall = None;
        let mut connected = false;
        loop {
            // Until `cmd.onConnect`, the connect timeout bounds the whole wait.
            let limit = if connected {
                stall
            } else {
                let left = self
                    .settings
                    .connect_timeout
                    .saturating_sub(started.elapsed());
                Some(
                    self.settings
                        .stall_timeout
                        .map_or(left, |stall| stall.min(left)),
                )
            };
            let read = async {
                match limit {
                    Some(limit) => tokio::time::timeout(limit, response.chunk()).await,
                    None => Ok(response.chunk().await),
                }
            };
            let chunk = tokio::select! {
                biased;
                Some(error) = heartbeat_failed.recv() => {
                    let error = EventsError::Heartbeat(error);
                    if error.ends_connection() {
                        return error;
                    }
                    self.handlers.report(&error);
                    continue;
                }
                chunk = read => chunk,
            };
            let bytes = match chunk {
                Err(_) if !connected && started.elapsed() >= self.settings.connect_timeout => {
                    let why = "no cmd.onConnect within the connect timeout";
                    return connect_timeout(&self.settings, why);
                }
                Err(_) => return EventsError::Stalled(limit.unwrap_or_default()),
                Ok(Err(error)) => return EventsError::Read(error),
                Ok(Ok(None)) => return EventsError::Ended,
                Ok(Ok(Some(bytes))) => bytes,
            };
            parser.push(&bytes);
            while let Some(parsed) = parser.next() {
                let frame = match parsed {
                    Parsed::Frame(frame) => frame,
                    Parsed::TooLarge => {
                        let limit = self.settings.max_frame_size;
                        self.handlers.report(&EventsError::FrameTooLarge { limit });
                        continue;
                    }
                };
                let event = ServerEvent::from_frame(frame);
                if let Some(id) = event.id().filter(|id| usable_id(id)) {
                    self.last_event_id = Some(id.to_owned());
                }
                if event.selector() == "cmd.onConnect" {
                    let json = event.raw_json().unwrap_or_default();
                    match ConnectInfo::from_json(json) {
                        Some(info) => {
                            (_heartbeats, stall) = self.subscribed(info, &beat_errors);
                            connected = true;
                        }
                        None => self.handlers.report(&EventsError::BadConnect),
                    }
                }
                self.handlers.dispatch(&event);
                self.delivery.deliver(event).await;
            }
        }
    }

    /// A new subscription: starts its heartbeats and says how long the stream may be silent.
    fn subscribed(
        &mut self,
        mut info: ConnectInfo,
        beat_errors: &mpsc::Sender<Error>,
    ) -> (Option<AbortOnDrop>, Option<Duration>) {
        self.place_urls(&mut info);
        self.backoff.reset();
        let every = heartbeat_interval(&info);
        let heartbeats = info.heartbeat_url.clone().map(|url| {
            let client = self.client.clone();
            let errors = beat_errors.clone();
            AbortOnDrop(tokio::spawn(heartbeats(client, url, every, errors)))
        });
        // ServiceStack answers each heartbeat on the stream, so a live stream speaks at least
        // once an interval; without heartbeats there is nothing to expect.
        let stall = self.settings.stall_timeout.or_else(|| {
            let idle = info.idle_timeout.unwrap_or(every * 3);
            info.heartbeat_url.as_ref().map(|_| idle.max(every * 2))
        });
        *self.shared.info() = Some(info.clone());
        self.handlers.connected(&info);
        (heartbeats, stall)
    }

    /// Makes the URLs `cmd.onConnect` named the ones the client will call.
    fn place_urls(&self, info: &mut ConnectInfo) {
        let base = &self.settings.base_url;
        let rebase = self.settings.rebase_server_urls;
        for url in [
            &mut info.heartbeat_url,
            &mut info.unregister_url,
            &mut info.update_subscriber_url,
        ]
        .into_iter()
        .flatten()
        {
            *url = urls::place(base, url, rebase);
        }
    }
}

/// Opens the event stream; takes no `&Connection`, whose handlers are `Send` but not `Sync`.
async fn open(
    client: &JsonServiceClient,
    settings: &Settings,
    last_event_id: Option<&str>,
) -> Result<StreamingResponse, EventsError> {
    // The stream lives as long as it is healthy: no call timeout (stalls are caught by the
    // read timeout) and no retries (reconnecting is this task's job).
    let mut client = client.without_timeout().without_retry();
    if let Some(id) = last_event_id {
        client = client.with_header("Last-Event-ID", id);
    }
    let url = &settings.stream_url;
    let opening = client.stream_url("EventStream", HttpMethod::Get, url);
    let response = match tokio::time::timeout(settings.connect_timeout, opening).await {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => return Err(EventsError::Connect(error)),
        Err(_) => {
            return Err(connect_timeout(
                settings,
                "no answer within the connect timeout",
            ));
        }
    };
    // Browsers' EventSource refuses other types too: a wrong base URL would otherwise be
    // read as a stream of garbage events.
    let content_type = response.content_type().map(str::to_owned);
    let is_stream = content_type.as_deref().is_some_and(|kind| {
        let essence = kind.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("text/event-stream")
    });
    if !is_stream {
        return Err(EventsError::NotEventStream(content_type));
    }
    Ok(response)
}

fn connect_timeout(settings: &Settings, why: &str) -> EventsError {
    let reason = format!("{why} ({:?})", settings.connect_timeout);
    let error = TransportError::deadline(strip_query(&settings.stream_url), reason);
    EventsError::Connect(Error::Transport(error))
}

/// Sends a heartbeat every `every` until one fails, which it reports and stops.
async fn heartbeats(
    client: JsonServiceClient,
    url: String,
    every: Duration,
    failed: mpsc::Sender<Error>,
) {
    let start = tokio::time::Instant::now() + every;
    let mut ticks = tokio::time::interval_at(start, every);
    // A slow heartbeat is followed by the next one an interval later, not by a burst.
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // POST like the TypeScript client (the C# one sends GET; ServiceStack takes any verb).
        if let Err(error) = client
            .call_url("EventHeartbeat", HttpMethod::Post, &url)
            .await
        {
            let _ = failed.send(error).await;
            return;
        }
    }
}

/// Ends a subscription on the server (POST like the TypeScript client; ServiceStack's
/// `UnRegisterEventSubscriber` service takes any verb).
pub(crate) async fn unregister(
    client: &JsonServiceClient,
    info: &ConnectInfo,
) -> Result<(), Error> {
    let Some(url) = &info.unregister_url else {
        return Ok(());
    };
    let call = || client.call_url("EventUnRegister", HttpMethod::Post, url);
    match call().await {
        // The server may have closed the pooled connection this went out on just as the stream
        // ended; unregistering twice is harmless (an unknown id is a 404), so try once more.
        Err(Error::Transport(error)) if !error.is_timeout() => call().await.map(drop),
        outcome => outcome.map(drop),
    }
}

/// Resolves once the handle asks to stop or is gone.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}

fn heartbeat_interval(info: &ConnectInfo) -> Duration {
    info.heartbeat_interval
        .clamp(MIN_HEARTBEAT_INTERVAL, MAX_HEARTBEAT_INTERVAL)
}

fn usable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_EVENT_ID && id.bytes().all(|b| b.is_ascii_graphic())
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeat_intervals_are_clamped() {
        let every = |ms: &str| {
            let json = format!(r#"{{"id":"a","heartbeatIntervalMs":"{ms}"}}"#);
            heartbeat_interval(&ConnectInfo::from_json(&json).unwrap())
        };
        assert_eq!(every("0"), MIN_HEARTBEAT_INTERVAL);
        assert_eq!(every("2500"), Duration::from_millis(2500));
        assert_eq!(every(&u64::MAX.to_string()), MAX_HEARTBEAT_INTERVAL);
    }

    #[test]
    fn event_ids_sent_back_only_when_safe_in_a_header() {
        assert!(usable_id("42"));
        assert!(usable_id("abc-1"));
        assert!(!usable_id(""));
        assert!(!usable_id("a b"));
        assert!(!usable_id("é"));
        assert!(!usable_id("\u{7f}"));
        assert!(!usable_id(&"9".repeat(MAX_EVENT_ID + 1)));
    }
}
