//! The URLs a subscription calls: the event stream's, and the ones `cmd.onConnect` names.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;

/// Everything but unreserved characters is escaped in a channel name; the `,` between names
/// stays as it is, which is how ServiceStack splits them.
const CHANNEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `{base}{path}?channels=a,b`, each name escaped; no query without channels (ServiceStack
/// then subscribes to `*`).
pub(crate) fn stream_url(base: &str, path: &str, channels: &[String]) -> String {
    if channels.is_empty() {
        return format!("{base}{path}");
    }
    let names: Vec<String> = channels
        .iter()
        .map(|name| utf8_percent_encode(name, CHANNEL).to_string())
        .collect();
    format!("{base}{path}?channels={}", names.join(","))
}

/// Where to send a request for a URL `cmd.onConnect` named: resolved against the base URL
/// (ServiceStack sends absolute URLs, other servers may not). With `rebase`, a URL on another
/// origin keeps its path and query but moves to the base URL's origin, for servers behind a
/// proxy that name their own scheme, host or port; without it, such a URL stays as it is and
/// the client refuses to call it.
pub(crate) fn place(base: &str, url: &str, rebase: bool) -> String {
    let Ok(base) = Url::parse(base) else {
        return url.to_owned();
    };
    let Ok(resolved) = base.join(url) else {
        return url.to_owned();
    };
    if !rebase || resolved.origin() == base.origin() {
        return resolved.into();
    }
    let mut moved = format!("{}{}", base.origin().ascii_serialization(), resolved.path());
    if let Some(query) = resolved.query() {
        moved.push('?');
        moved.push_str(query);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_urls() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            stream_url("http://h/api", "/event-stream", &names(&["home", "lobby"])),
            "http://h/api/event-stream?channels=home,lobby"
        );
        assert_eq!(
            stream_url("http://h", "/event-stream", &names(&["a b&c=d#e", "é"])),
            "http://h/event-stream?channels=a%20b%26c%3Dd%23e,%C3%A9"
        );
        assert_eq!(stream_url("http://h", "/sse", &[]), "http://h/sse");
    }

    #[test]
    fn server_urls() {
        let base = "https://api.example.org:8443/prefix";
        let same = "https://api.example.org:8443/event-heartbeat?id=1&ss-id=x";
        assert_eq!(place(base, same, false), same);
        assert_eq!(place(base, same, true), same);
        assert_eq!(
            place(base, "/event-heartbeat?id=1", false),
            "https://api.example.org:8443/event-heartbeat?id=1"
        );
        // Behind a proxy the server may name itself by another scheme, host or port.
        let inner = "http://10.0.0.5:5000/event-unregister?id=1";
        assert_eq!(place(base, inner, false), inner);
        assert_eq!(
            place(base, inner, true),
            "https://api.example.org:8443/event-unregister?id=1"
        );
        assert_eq!(
            place(base, "not a url at all", false),
            "https://api.example.org:8443/not%20a%20url%20at%20all"
        );
    }
}
