//! Configuring a subscription: handlers, limits, timing.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::sync::{mpsc, watch};

use crate::client::JsonServiceClient;

use super::backoff::Backoff;
use super::connect::{ConnectInfo, Subscriber};
use super::connection::{Connection, Delivery, Settings, Shared};
use super::error::EventsError;
use super::event::ServerEvent;
use super::handle::ServerEventsClient;
use super::handlers::Handlers;
use super::urls::stream_url;

/// The default limit of one event's size: 1 MiB.
pub const DEFAULT_MAX_FRAME_SIZE: usize = 1 << 20;
/// The default time the server has to answer the event-stream request and send
/// `cmd.onConnect`.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default first wait before reconnecting.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// The default longest wait before reconnecting.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The default number of events waiting for [`ServerEventsClient::events`].
pub const DEFAULT_EVENT_BUFFER: usize = 64;

/// Sets up a [`ServerEventsClient`]; made by [`ServerEventsClient::builder`].
///
/// # Handlers
///
/// Handlers are registered for a selector pattern and run on the subscription's task, one event
/// at a time, in the order events arrive and in the order handlers were registered. Keep them
/// quick (hand long work to a channel or task): reading waits for them. A pattern is
///
/// - an exact selector: `"cmd.onJoin"`, `"tv.watch"`, `"chat.message"` (channels are not part of
///   it: `home@cmd.onJoin` matches `"cmd.onJoin"`; see [`ServerEvent::channel`]);
/// - every target of an op: `"cmd.*"`, `"tv.*"`, `"css.*"`, or a receiver's `"chat.*"`;
/// - everything: `"*"`.
///
/// [`on_json`](Self::on_json) decodes the event's JSON into your type first (a custom receiver
/// in the official clients' terms); [`on_connect`](Self::on_connect), [`on_join`](Self::on_join),
/// [`on_leave`](Self::on_leave) and [`on_update`](Self::on_update) hand over ServiceStack's
/// commands already read. Problems go to [`on_error`](Self::on_error); a panicking handler is
/// caught and reported there.
///
/// # The connection
///
/// [`start`](Self::start) opens `GET {base}/event-stream?channels=a,b` with the
/// [`JsonServiceClient`]'s credentials, cookies and default headers, and keeps it open:
///
/// - **heartbeats**: after `cmd.onConnect`, a POST to its `heartbeatUrl` every
///   `heartbeatIntervalMs` (kept between 100 ms and a day); a failed heartbeat reconnects;
/// - **dead streams**: when nothing arrives for the server's `idleTimeoutMs` (at least two
///   heartbeat intervals; [`stall_timeout`](Self::stall_timeout) overrides it), or no
///   `cmd.onConnect` within [`connect_timeout`](Self::connect_timeout), the connection is
///   dropped;
/// - **reconnecting**: after any failure, with the same channels, waiting
///   [`reconnect_backoff`](Self::reconnect_backoff) (jittered, doubling up to the cap, from the
///   start again after a connection that got its `cmd.onConnect`), sending the last event id
///   as `Last-Event-ID`; the previous subscription is unregistered in the background;
/// - **ending**: [`ServerEventsClient::close`] (or dropping the client) POSTs to the
///   `unRegisterUrl`.
///
/// Heartbeats and unregistering only go to the base URL's origin, whatever URL the server
/// names: the client's credentials are sent nowhere else (see
/// [`rebase_server_urls`](Self::rebase_server_urls) for servers behind proxies).
///
/// ```no_run
/// use servicestack_runtime::JsonServiceClient;
/// use servicestack_runtime::events::ServerEventsClient;
///
/// #[derive(serde::Deserialize)]
/// struct ChatMessage { from_name: String, message: String }
///
/// # async fn run() -> Result<(), servicestack_runtime::client::Error> {
/// let client = JsonServiceClient::new("https://chat.example.org");
/// client.authenticate("user", "pass").await?;
///
/// let events = ServerEventsClient::builder(&client, ["home"])
///     .on_connect(|info| println!("subscribed as {}", info.id))
///     .on_join(|who| println!("{:?} joined", who.display_name))
///     .on_json("cmd.chat", |chat: ChatMessage| println!("{}: {}", chat.from_name, chat.message))
///     .on("tv.*", |event| println!("tv: {} {:?}", event.target(), event.raw_json()))
///     .on_error(|error| eprintln!("{error}"))
///     .start();
/// // ... later
/// events.close().await?;
/// # Ok(()) }
/// ```
pub struct ServerEventsBuilder {
    client: JsonServiceClient,
    channels: Vec<String>,
    handlers: Handlers,
    stream_path: String,
    max_frame_size: usize,
    backoff: (Duration, Duration),
    connect_timeout: Duration,
    stall_timeout: Option<Duration>,
    event_buffer: usize,
    rebase_server_urls: bool,
}

impl ServerEventsBuilder {
    pub(crate) fn new(client: &JsonServiceClient, channels: Vec<String>) -> Self {
        ServerEventsBuilder {
            client: client.clone(),
            channels,
            handlers: Handlers::default(),
            stream_path: "/event-stream".to_owned(),
            max_frame_size: DEFAULT_MAX_FRAME_SIZE,
            backoff: (DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            stall_timeout: None,
            event_buffer: DEFAULT_EVENT_BUFFER,
            rebase_server_urls: false,
        }
    }

    /// Calls `handler` with every event matching `pattern` (see [Handlers](Self#handlers)).
    pub fn on<F>(mut self, pattern: impl Into<String>, mut handler: F) -> Self
    where
        F: FnMut(&ServerEvent) + Send + 'static,
    {
        let handler = move |event: &ServerEvent| {
            handler(event);
            Ok(())
        };
        self.handlers.route(pattern.into(), Box::new(handler));
        self
    }

    /// Calls `handler` with the JSON of every event matching `pattern`, decoded into `T`. An
    /// event whose JSON does not decode goes to [`on_error`](Self::on_error) as
    /// [`EventsError::Decode`]; an event without JSON decodes as `null` (fine for `Option<T>`).
    pub fn on_json<T, F>(mut self, pattern: impl Into<String>, mut handler: F) -> Self
    where
        T: DeserializeOwned,
        F: FnMut(T) + Send + 'static,
    {
        let handler = move |event: &ServerEvent| {
            let value = event.json::<T>().map_err(|error| EventsError::Decode {
                selector: event.selector().to_owned(),
                error,
            })?;
            handler(value);
            Ok(())
        };
        self.handlers.route(pattern.into(), Box::new(handler));
        self
    }

    /// Calls `handler` with each subscription the server creates (`cmd.onConnect`, once per
    /// connection: again after each reconnect).
    pub fn on_connect<F>(mut self, handler: F) -> Self
    where
        F: FnMut(&ConnectInfo) + Send + 'static,
    {
        self.handlers.on_connect(Box::new(handler));
        self
    }

    /// Calls `handler` when someone joins one of the channels (`cmd.onJoin`).
    pub fn on_join<F>(self, handler: F) -> Self
    where
        F: FnMut(&Subscriber) + Send + 'static,
    {
        self.on_command("cmd.onJoin", handler)
    }

    /// Calls `handler` when someone leaves one of the channels (`cmd.onLeave`).
    pub fn on_leave<F>(self, handler: F) -> Self
    where
        F: FnMut(&Subscriber) + Send + 'static,
    {
        self.on_command("cmd.onLeave", handler)
    }

    /// Calls `handler` when someone's subscription changes channels (`cmd.onUpdate`).
    pub fn on_update<F>(self, handler: F) -> Self
    where
        F: FnMut(&Subscriber) + Send + 'static,
    {
        self.on_command("cmd.onUpdate", handler)
    }

    fn on_command<F>(self, selector: &str, mut handler: F) -> Self
    where
        F: FnMut(&Subscriber) + Send + 'static,
    {
        self.on(selector, move |event| {
            let json = event.raw_json().unwrap_or_default();
            handler(&Subscriber::from_json(json, event.channel()));
        })
    }

    /// Calls `handler` with every problem: connection failures (each followed by a reconnect),
    /// skipped events, undecodable JSON, panicking handlers. See [`EventsError`].
    pub fn on_error<F>(mut self, handler: F) -> Self
    where
        F: FnMut(&EventsError) + Send + 'static,
    {
        self.handlers.on_error(Box::new(handler));
        self
    }

    /// Calls `handler` before each reconnect with the attempt number (1 after a connection
    /// that worked) and the wait before it.
    pub fn on_reconnect<F>(mut self, handler: F) -> Self
    where
        F: FnMut(u32, Duration) + Send + 'static,
    {
        self.handlers.on_reconnect(Box::new(handler));
        self
    }

    /// The event stream's path under the base URL, for servers that changed
    /// `ServerEventsFeature.StreamPath` (default `/event-stream`).
    pub fn stream_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.stream_path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        self
    }

    /// The largest event accepted, in bytes of its `data:` and `id:` (default
    /// [`DEFAULT_MAX_FRAME_SIZE`]). Larger ones are skipped without being held in memory and
    /// reported as [`EventsError::FrameTooLarge`].
    pub fn max_frame_size(mut self, bytes: usize) -> Self {
        self.max_frame_size = bytes;
        self
    }

    /// The first and the longest wait before reconnecting (default
    /// [`DEFAULT_INITIAL_BACKOFF`] and [`DEFAULT_MAX_BACKOFF`]). Each wait is between half and
    /// all of `initial × 2^(attempt-1)`, capped at `max`.
    pub fn reconnect_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = (initial, max);
        self
    }

    /// How long the server has to answer the event-stream request, and then to send
    /// `cmd.onConnect` (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long the stream may stay silent before the connection is taken for dead, instead of
    /// what `cmd.onConnect` implies. ServiceStack answers each heartbeat with a
    /// `cmd.onHeartbeat` event, so a live stream is never silent for a heartbeat interval.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = Some(timeout);
        self
    }

    /// How many events wait for the [`ServerEventsClient::events`] stream (default
    /// [`DEFAULT_EVENT_BUFFER`], at least 1). Until the stream is taken, events that do not
    /// fit are dropped; after, a full buffer makes the client stop reading until the stream
    /// is read.
    pub fn event_buffer(mut self, events: usize) -> Self {
        self.event_buffer = events.max(1);
        self
    }

    /// Calls the heartbeat and unregister URLs that `cmd.onConnect` names on the base URL's
    /// origin, keeping only their path and query, when they name another origin (default: no;
    /// such URLs are refused and reported as [`EventsError::Heartbeat`] or by
    /// [`ServerEventsClient::close`]). For servers behind a proxy that build these URLs with
    /// their own scheme, host or port (`http://10.0.0.5:5000/event-heartbeat?id=...` for a
    /// client of `https://api.example.org`).
    pub fn rebase_server_urls(mut self, rebase: bool) -> Self {
        self.rebase_server_urls = rebase;
        self
    }

    /// Starts the subscription on a background task and returns at once; the first
    /// connection is made by the task.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime (like `tokio::spawn`).
    pub fn start(self) -> ServerEventsClient {
        let settings = Settings {
            base_url: self.client.base_url().to_owned(),
            rebase_server_urls: self.rebase_server_urls,
            stream_url: stream_url(self.client.base_url(), &self.stream_path, &self.channels),
            max_frame_size: self.max_frame_size,
            backoff: self.backoff,
            connect_timeout: self.connect_timeout,
            stall_timeout: self.stall_timeout,
        };
        let (stop, stopped) = watch::channel(false);
        let (sender, receiver) = mpsc::channel(self.event_buffer);
        let taken = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared::default());
        let connection = Connection {
            client: self.client,
            backoff: Backoff::new(settings.backoff.0, settings.backoff.1),
            settings,
            handlers: self.handlers,
            shared: shared.clone(),
            delivery: Delivery::new(sender, taken.clone()),
            last_event_id: None,
        };
        let task = tokio::spawn(connection.run(stopped));
        ServerEventsClient::new(stop, task, shared, receiver, taken, self.channels)
    }
}

impl fmt::Debug for ServerEventsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerEventsBuilder")
            .field("base_url", &self.client.base_url())
            .field("channels", &self.channels)
            .field("handlers", &self.handlers.count())
            .field("stream_path", &self.stream_path)
            .field("max_frame_size", &self.max_frame_size)
            .field("backoff", &self.backoff)
            .field("connect_timeout", &self.connect_timeout)
            .field("stall_timeout", &self.stall_timeout)
            .field("event_buffer", &self.event_buffer)
            .field("rebase_server_urls", &self.rebase_server_urls)
            .finish()
    }
}
