//! What goes wrong with a subscription, as reported to `on_error`.

use std::fmt;
use std::time::Duration;

use crate::client::Error;

/// A problem of the managed connection, given to
/// [`ServerEventsBuilder::on_error`](super::ServerEventsBuilder::on_error).
///
/// None of them stops the client: after the ones that end a connection
/// ([`EventsError::ends_connection`]) it reconnects.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventsError {
    /// The event stream could not be opened (no connection, an error status, a refused
    /// redirect), or it brought no `cmd.onConnect` within the connect timeout.
    Connect(Error),
    /// The server answered with something other than `text/event-stream` (the content type is
    /// inside): usually a wrong base URL or a server without `ServerEventsFeature`.
    NotEventStream(Option<String>),
    /// Reading the stream failed.
    Read(Error),
    /// The server closed the stream.
    Ended,
    /// Nothing arrived for this long: the connection is taken for dead.
    Stalled(Duration),
    /// A heartbeat failed (the server may have dropped the subscription). A heartbeat URL the
    /// client refuses to call ([`Error::Request`], e.g. on another origin) stops the heartbeats
    /// of that connection instead of ending it.
    Heartbeat(Error),
    /// A frame was larger than the limit
    /// ([`ServerEventsBuilder::max_frame_size`](super::ServerEventsBuilder::max_frame_size)); it
    /// was skipped.
    FrameTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// `cmd.onConnect` did not carry a subscription (no JSON object with an `id`).
    BadConnect,
    /// A typed handler could not decode an event's JSON.
    Decode {
        /// The event's selector.
        selector: String,
        /// Why.
        error: serde_json::Error,
    },
    /// A handler panicked; the event went on to the other handlers.
    HandlerPanicked {
        /// The event's selector.
        selector: String,
    },
}

impl EventsError {
    /// Whether the connection was dropped for this (and a reconnect follows).
    pub fn ends_connection(&self) -> bool {
        match self {
            EventsError::Connect(_)
            | EventsError::NotEventStream(_)
            | EventsError::Read(_)
            | EventsError::Ended
            | EventsError::Stalled(_) => true,
            EventsError::Heartbeat(error) => !matches!(error, Error::Request(_)),
            _ => false,
        }
    }

    /// The client error inside, if any.
    pub fn client_error(&self) -> Option<&Error> {
        match self {
            EventsError::Connect(error)
            | EventsError::Read(error)
            | EventsError::Heartbeat(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for EventsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventsError::Connect(error) => write!(f, "cannot open the event stream: {error}"),
            EventsError::NotEventStream(kind) => write!(
                f,
                "the server did not answer with an event stream (content type {})",
                kind.as_deref().unwrap_or("none")
            ),
            EventsError::Read(error) => write!(f, "reading the event stream failed: {error}"),
            EventsError::Ended => f.write_str("the server closed the event stream"),
            EventsError::Stalled(after) => {
                write!(f, "nothing arrived on the event stream for {after:?}")
            }
            EventsError::Heartbeat(error) => write!(f, "heartbeat failed: {error}"),
            EventsError::FrameTooLarge { limit } => {
                write!(f, "skipped an event larger than {limit} bytes")
            }
            EventsError::BadConnect => f.write_str("cmd.onConnect carried no subscription id"),
            EventsError::Decode { selector, error } => {
                write!(f, "cannot decode the JSON of {selector}: {error}")
            }
            EventsError::HandlerPanicked { selector } => {
                write!(f, "a handler of {selector} panicked")
            }
        }
    }
}

impl std::error::Error for EventsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventsError::Decode { error, .. } => Some(error),
            _ => self.client_error().map(|error| error as _),
        }
    }
}
