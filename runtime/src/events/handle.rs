//! The running subscription: what the caller holds, and the stream of events it gives.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::client::{Error, JsonServiceClient};

use super::builder::ServerEventsBuilder;
use super::connect::ConnectInfo;
use super::connection::Shared;
use super::event::ServerEvent;

/// A managed ServiceStack Server Events subscription, running on a background task.
///
/// Made with [`ServerEventsClient::builder`] and
/// [`start`](ServerEventsBuilder::start); receives events through the builder's handlers
/// and/or the [`events`](Self::events) stream. It reconnects by itself until
/// [`close`](Self::close)d or dropped; both end the subscription on the server.
///
/// ```no_run
/// use servicestack_runtime::JsonServiceClient;
/// use servicestack_runtime::events::ServerEventsClient;
///
/// # async fn run() {
/// let client = JsonServiceClient::new("https://chat.example.org");
/// let subscription = ServerEventsClient::builder(&client, ["home", "lobby"]).start();
/// let mut events = subscription.events();
/// while let Some(event) = events.recv().await {
///     println!("{} {}", event.selector(), event.raw_json().unwrap_or(""));
/// }
/// # }
/// ```
pub struct ServerEventsClient {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<Result<(), Error>>>,
    shared: Arc<Shared>,
    events: Mutex<Option<mpsc::Receiver<ServerEvent>>>,
    taken: Arc<AtomicBool>,
    channels: Vec<String>,
}

impl ServerEventsClient {
    /// A builder for a subscription to `channels` on `client`'s server, sending `client`'s
    /// credentials, cookies and default headers. A name with commas is split into several
    /// (`"home,lobby"`); blank names are left out, and no channel at all subscribes to
    /// ServiceStack's `*`.
    pub fn builder<I, S>(client: &JsonServiceClient, channels: I) -> ServerEventsBuilder
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut names: Vec<String> = Vec::new();
        for item in channels {
            for name in item.as_ref().split(',').map(str::trim) {
                if !name.is_empty() && !names.iter().any(|known| known == name) {
                    names.push(name.to_owned());
                }
            }
        }
        ServerEventsBuilder::new(client, names)
    }

    pub(crate) fn new(
        stop: watch::Sender<bool>,
        task: JoinHandle<Result<(), Error>>,
        shared: Arc<Shared>,
        events: mpsc::Receiver<ServerEvent>,
        taken: Arc<AtomicBool>,
        channels: Vec<String>,
    ) -> Self {
        ServerEventsClient {
            stop,
            task: Some(task),
            shared,
            events: Mutex::new(Some(events)),
            taken,
            channels,
        }
    }

    /// Every event from the start, as a [`Stream`] (or with [`EventStream::recv`]), after the
    /// handlers saw it. Only the first call gets them: later ones get a stream that has ended.
    ///
    /// Events wait for the stream in a buffer
    /// ([`event_buffer`](ServerEventsBuilder::event_buffer)): once the stream is taken and the
    /// buffer full, the client stops reading the server until the stream is read, so read it
    /// or drop it. The stream ends when the client is closed or dropped.
    pub fn events(&self) -> EventStream {
        let receiver = self
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if receiver.is_some() {
            self.taken.store(true, Ordering::Release);
        }
        EventStream { receiver }
    }

    /// The current subscription (from the last `cmd.onConnect`), while connected.
    pub fn connection_info(&self) -> Option<ConnectInfo> {
        self.shared.info().clone()
    }

    /// The current subscription's id, while connected.
    pub fn subscription_id(&self) -> Option<String> {
        self.shared.info().as_ref().map(|info| info.id.clone())
    }

    /// The channels subscribed to.
    pub fn channels(&self) -> &[String] {
        &self.channels
    }

    /// Stops the subscription: closes the stream, stops heartbeats and reconnecting, then ends
    /// the subscription on the server (POST to its `unRegisterUrl`, within the
    /// [`JsonServiceClient`]'s timeout) and returns how that went. Without a current
    /// subscription there is nothing to end and the result is `Ok`.
    pub async fn close(mut self) -> Result<(), Error> {
        let _ = self.stop.send(true);
        match self.task.take() {
            // A task that panicked has no subscription left to end.
            Some(task) => task.await.unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for ServerEventsClient {
    /// Stops the subscription like [`close`](Self::close) without waiting: the background task
    /// ends the subscription on the server and exits, as long as its runtime is running.
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl fmt::Debug for ServerEventsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerEventsClient")
            .field("channels", &self.channels)
            .field("connection", &*self.shared.info())
            .finish_non_exhaustive()
    }
}

/// The events of a [`ServerEventsClient`], from [`ServerEventsClient::events`].
///
/// A [`Stream`] of [`ServerEvent`]s (use it with `futures::StreamExt` or `tokio-stream`), or
/// read it with [`recv`](Self::recv). It ends when the client is closed or dropped.
#[derive(Debug)]
pub struct EventStream {
    receiver: Option<mpsc::Receiver<ServerEvent>>,
}

impl EventStream {
    /// The next event; `None` once the client is closed or dropped.
    pub async fn recv(&mut self) -> Option<ServerEvent> {
        match &mut self.receiver {
            Some(receiver) => receiver.recv().await,
            None => None,
        }
    }
}

impl Stream for EventStream {
    type Item = ServerEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ServerEvent>> {
        match &mut self.receiver {
            Some(receiver) => receiver.poll_recv(cx),
            None => Poll::Ready(None),
        }
    }
}
