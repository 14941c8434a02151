//! What `cmd.onConnect`, `cmd.onJoin`, `cmd.onLeave` and `cmd.onUpdate` carry.
//!
//! ServiceStack sends these as a JSON object of *strings* (its `ConnectArgs` and subscription
//! `Meta` are `Dictionary<string, string>`: `"heartbeatIntervalMs":"10000"`,
//! `"isAuthenticated":"false"`, `"channels":"a,b"`); other servers send numbers, booleans and
//! arrays. Both are read.

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

/// The heartbeat interval when `cmd.onConnect` gives none (ServiceStack's default).
pub const DEFAULT_HEARTBEAT_INTERVAL: Duration = Duration::from_secs(10);

/// The subscription the server created, from `cmd.onConnect`.
///
/// Given to handlers and by [`ServerEventsClient::connection_info`](super::ServerEventsClient::connection_info),
/// its URLs are the ones the client calls: resolved against the base URL (and moved to its
/// origin with [`rebase_server_urls`](super::ServerEventsBuilder::rebase_server_urls)).
///
/// `Debug` leaves out the URLs' query strings: a server may put the session id (`ss-id`) there.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectInfo {
    /// The subscription id.
    pub id: String,
    /// Where heartbeats go (`/event-heartbeat?id=...`); none means no heartbeats are sent.
    pub heartbeat_url: Option<String>,
    /// Where the subscription is ended (`/event-unregister?id=...`).
    pub unregister_url: Option<String>,
    /// Where the subscription's channels are changed (`/event-subscribers/{id}`).
    pub update_subscriber_url: Option<String>,
    /// How often the server wants a heartbeat ([`DEFAULT_HEARTBEAT_INTERVAL`] when not said).
    pub heartbeat_interval: Duration,
    /// How long the server keeps a subscription without a heartbeat, if it said.
    pub idle_timeout: Option<Duration>,
    /// The user as the server sees them.
    pub user: Subscriber,
    /// The `cmd.onConnect` JSON as sent.
    pub json: String,
}

/// A subscriber as `cmd.onConnect`, `cmd.onJoin`, `cmd.onLeave` and `cmd.onUpdate` describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Subscriber {
    /// The channel the event was sent to (`home@cmd.onJoin` → `home`).
    pub channel: Option<String>,
    /// `userId`: the user's id, or `-N` for anonymous users.
    pub user_id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `profileUrl`.
    pub profile_url: Option<String>,
    /// `isAuthenticated`.
    pub is_authenticated: bool,
    /// `channels`: every channel of the subscription.
    pub channels: Vec<String>,
}

impl ConnectInfo {
    /// Reads `cmd.onConnect`'s JSON; `None` when it is not an object with an `id`.
    pub fn from_json(json: &str) -> Option<ConnectInfo> {
        let map = object(json)?;
        let id = text(&map, "id")?;
        Some(ConnectInfo {
            id,
            heartbeat_url: text(&map, "heartbeatUrl"),
            unregister_url: text(&map, "unRegisterUrl"),
            update_subscriber_url: text(&map, "updateSubscriberUrl"),
            heartbeat_interval: millis(&map, "heartbeatIntervalMs")
                .unwrap_or(DEFAULT_HEARTBEAT_INTERVAL),
            idle_timeout: millis(&map, "idleTimeoutMs"),
            user: Subscriber::from_map(&map, None),
            json: json.to_owned(),
        })
    }
}

impl Subscriber {
    /// Reads a command's JSON (anything but an object gives an empty subscriber).
    pub fn from_json(json: &str, channel: Option<&str>) -> Subscriber {
        Subscriber::from_map(&object(json).unwrap_or_default(), channel)
    }

    fn from_map(map: &Map<String, Value>, channel: Option<&str>) -> Subscriber {
        let channels = match map.get("channels") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(list)) => list
                .split(',')
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        Subscriber {
            channel: channel.map(str::to_owned),
            user_id: text(map, "userId"),
            display_name: text(map, "displayName"),
            profile_url: text(map, "profileUrl"),
            is_authenticated: match map.get("isAuthenticated") {
                Some(Value::Bool(value)) => *value,
                Some(Value::String(value)) => value.eq_ignore_ascii_case("true"),
                _ => false,
            },
            channels,
        }
    }
}

fn object(json: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(json).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A string, number or boolean member as text; empty strings are none.
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(value) if !value.is_empty() => Some(value.clone()),
        Value::Number(value) => Some(value.to_string()),
        Value::Bool(value) => Some(value.to_string()),
        _ => None,
    }
}

/// Milliseconds given as a number or a string of digits.
fn millis(map: &Map<String, Value>, key: &str) -> Option<Duration> {
    let ms = match map.get(key)? {
        Value::Number(value) => value.as_u64(),
        Value::String(value) => value.trim().parse().ok(),
        _ => None,
    }?;
    Some(Duration::from_millis(ms))
}

/// A URL without its query and fragment, for `Debug`.
pub(crate) fn redact(url: &str) -> String {
    match url.find(['?', '#']) {
        Some(end) => format!("{}?…", &url[..end]),
        None => url.to_owned(),
    }
}

impl fmt::Debug for ConnectInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = |url: &Option<String>| url.as_deref().map(redact);
        f.debug_struct("ConnectInfo")
            .field("id", &self.id)
            .field("heartbeat_url", &url(&self.heartbeat_url))
            .field("unregister_url", &url(&self.unregister_url))
            .field("update_subscriber_url", &url(&self.update_subscriber_url))
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("idle_timeout", &self.idle_timeout)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servicestack_connect_args_are_strings() {
        let json = r#"{"userId":"-3","isAuthenticated":"false","displayName":"user3",
            "channels":"home,lobby","profileUrl":"/img/none.svg","id":"sub1",
            "unRegisterUrl":"http://h/event-unregister?id=sub1&ss-id=SECRET",
            "heartbeatUrl":"http://h/event-heartbeat?id=sub1&ss-id=SECRET",
            "updateSubscriberUrl":"http://h/event-subscribers/sub1",
            "heartbeatIntervalMs":"10000","idleTimeoutMs":"30000"}"#;
        let info = ConnectInfo::from_json(json).unwrap();
        assert_eq!(info.id, "sub1");
        assert_eq!(info.heartbeat_interval, Duration::from_secs(10));
        assert_eq!(info.idle_timeout, Some(Duration::from_secs(30)));
        assert_eq!(info.user.user_id.as_deref(), Some("-3"));
        assert_eq!(info.user.display_name.as_deref(), Some("user3"));
        assert!(!info.user.is_authenticated);
        assert_eq!(info.user.channels, ["home", "lobby"]);
        assert_eq!(
            info.unregister_url.as_deref(),
            Some("http://h/event-unregister?id=sub1&ss-id=SECRET")
        );
        let debug = format!("{info:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("http://h/event-heartbeat?…"), "{debug}");
    }

    #[test]
    fn numbers_booleans_and_arrays() {
        let json = r#"{"id":7,"heartbeatIntervalMs":500,"isAuthenticated":true,
            "channels":["a","b"]}"#;
        let info = ConnectInfo::from_json(json).unwrap();
        assert_eq!(info.id, "7");
        assert_eq!(info.heartbeat_interval, Duration::from_millis(500));
        assert_eq!(info.idle_timeout, None);
        assert!(info.user.is_authenticated);
        assert_eq!(info.user.channels, ["a", "b"]);
        assert_eq!(info.heartbeat_url, None);
    }

    #[test]
    fn not_a_connection() {
        assert_eq!(ConnectInfo::from_json("{}"), None);
        assert_eq!(ConnectInfo::from_json("[1]"), None);
        assert_eq!(ConnectInfo::from_json(""), None);
        let info = ConnectInfo::from_json(r#"{"id":"x","heartbeatIntervalMs":"soon"}"#).unwrap();
        assert_eq!(info.heartbeat_interval, DEFAULT_HEARTBEAT_INTERVAL);
    }

    #[test]
    fn subscribers() {
        let who = Subscriber::from_json(r#"{"userId":"1","displayName":"Ann"}"#, Some("home"));
        assert_eq!(who.channel.as_deref(), Some("home"));
        assert_eq!(who.display_name.as_deref(), Some("Ann"));
        assert_eq!(Subscriber::from_json("oops", None), Subscriber::default());
    }
}
