//! ServiceStack [Server Events](https://docs.servicestack.net/server-events) (feature
//! `server-events`): a managed subscription to a server's `/event-stream`, like the official
//! C# and TypeScript `ServerEventsClient`s.
//!
//! [`ServerEventsClient::builder`] takes a [`JsonServiceClient`](crate::JsonServiceClient)
//! (whose credentials, cookies and headers the subscription uses) and the channels; handlers are
//! registered on the [`ServerEventsBuilder`] (its documentation is the manual), and
//! [`start`](ServerEventsBuilder::start) runs the subscription on a background task:
//! heartbeats at the server's interval, reconnecting with backoff, unregistering on
//! [`close`](ServerEventsClient::close) or drop. Events arrive as [`ServerEvent`]s, through the
//! handlers and/or the [`events`](ServerEventsClient::events) stream.
//!
//! ```no_run
//! use servicestack_runtime::JsonServiceClient;
//! use servicestack_runtime::events::ServerEventsClient;
//!
//! # async fn run() -> Result<(), servicestack_runtime::client::Error> {
//! let client = JsonServiceClient::new("https://chat.example.org");
//! let subscription = ServerEventsClient::builder(&client, ["home"])
//!     .on("cmd.*", |event| println!("{} {:?}", event.selector(), event.raw_json()))
//!     .start();
//! let mut events = subscription.events();
//! while let Some(event) = events.recv().await {
//!     if event.selector() == "cmd.bye" {
//!         break;
//!     }
//! }
//! subscription.close().await
//! # }
//! ```
//!
//! # The wire
//!
//! Each event is a Server-Sent Events frame `id: N` / `data: [channel@]selector json` ended by a
//! blank line. The selector is `op.target[$css]`: `cmd.onConnect` (the new subscription: its
//! `id`, `heartbeatUrl`, `unRegisterUrl`, `heartbeatIntervalMs`, `idleTimeoutMs`, user and
//! channels), `cmd.onJoin` / `cmd.onLeave` / `cmd.onUpdate` (others' subscriptions),
//! `cmd.onHeartbeat` (the answer to a heartbeat), `cmd.*` (commands), `css.*`, `tv.*`,
//! `trigger.*` and custom receivers' `name.method`. Sizes are limited: one event may not pass
//! [`ServerEventsBuilder::max_frame_size`].

mod backoff;
mod builder;
mod connect;
mod connection;
mod error;
mod event;
mod frame;
mod handle;
mod handlers;
mod urls;

pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_EVENT_BUFFER, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_FRAME_SIZE, ServerEventsBuilder,
};
pub use connect::{ConnectInfo, DEFAULT_HEARTBEAT_INTERVAL, Subscriber};
pub use error::EventsError;
pub use event::ServerEvent;
pub use handle::{EventStream, ServerEventsClient};
