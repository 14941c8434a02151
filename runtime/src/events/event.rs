//! One server event: a frame's `data:` read as ServiceStack's `[channel@]selector json`.

use serde::de::DeserializeOwned;

use super::frame::Frame;

/// An event as ServiceStack sends it: `data: [channel@]selector json`.
///
/// The selector is `op.target` (`cmd.onJoin`, `tv.watch`, `chat.message`), optionally followed
/// by `$css-selector` (`css.background$#top`); the JSON is everything after the first space.
///
/// ```
/// # use servicestack_runtime::events::ServerEvent;
/// let event = ServerEvent::parse(Some("5"), r#"home@cmd.chat {"message":"hi"}"#);
/// assert_eq!(event.event_id(), Some(5));
/// assert_eq!(event.channel(), Some("home"));
/// assert_eq!(event.selector(), "cmd.chat");
/// assert_eq!((event.op(), event.target()), ("cmd", "chat"));
/// assert_eq!(event.raw_json(), Some(r#"{"message":"hi"}"#));
///
/// #[derive(serde::Deserialize)]
/// struct Chat { message: String }
/// assert_eq!(event.json::<Chat>()?.message, "hi");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerEvent {
    id: Option<String>,
    data: String,
    /// Where the selector starts in `data` (after `channel@`).
    selector_start: usize,
    /// Where the selector ends: the first space, or the end.
    selector_end: usize,
    target: String,
    css_selector: Option<String>,
}

impl ServerEvent {
    /// Reads an event from a frame's `id:` and `data:` fields. Any text is an event: a selector
    /// without `.` has an empty [`ServerEvent::target`].
    pub fn parse(id: Option<&str>, data: &str) -> ServerEvent {
        let selector_end = data.find(' ').unwrap_or(data.len());
        let head = &data[..selector_end];
        let selector_start = head.find('@').map_or(0, |at| at + 1);
        let selector = &head[selector_start..];
        let after_dot = selector.split_once('.').map_or("", |(_, rest)| rest);
        // The official clients read `%20` in a target as a space (targets travel in the data
        // line, where a space would end the selector).
        let target = after_dot.replace("%20", " ");
        let (target, css_selector) = match target.split_once('$') {
            Some((target, css)) => (target.to_owned(), Some(css.to_owned())),
            None => (target, None),
        };
        ServerEvent {
            id: id.map(str::to_owned),
            data: data.to_owned(),
            selector_start,
            selector_end,
            target,
            css_selector,
        }
    }

    pub(crate) fn from_frame(frame: Frame) -> ServerEvent {
        let mut event = ServerEvent::parse(None, &frame.data);
        event.id = frame.id;
        event
    }

    /// The frame's `id:` as sent.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The frame's `id:` as a number (ServiceStack numbers each subscription's events from 1).
    pub fn event_id(&self) -> Option<u64> {
        self.id.as_deref().and_then(|id| id.trim().parse().ok())
    }

    /// The channel before `@`, for events sent to a channel (`home@cmd.onJoin`).
    pub fn channel(&self) -> Option<&str> {
        (self.selector_start > 0).then(|| &self.data[..self.selector_start - 1])
    }

    /// The selector without the channel: `cmd.onJoin`, `tv.watch`, `css.background$#top`.
    pub fn selector(&self) -> &str {
        &self.data[self.selector_start..self.selector_end]
    }

    /// The part of the selector before the first `.`: `cmd`, `tv`, `css`, or a receiver name.
    pub fn op(&self) -> &str {
        let selector = self.selector();
        selector.split_once('.').map_or(selector, |(op, _)| op)
    }

    /// The part of the selector after the first `.` and before any `$`, with `%20` read as a
    /// space: `onJoin`, `watch`, a receiver's method.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The CSS selector after `$` (`css.background$#top` → `#top`).
    pub fn css_selector(&self) -> Option<&str> {
        self.css_selector.as_deref()
    }

    /// The text after the selector (normally JSON), or `None` when the event had none.
    pub fn raw_json(&self) -> Option<&str> {
        self.data.get(self.selector_end + 1..)
    }

    /// The whole `data:` text.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// Decodes the JSON into `T`. An event without JSON decodes as `null` (so `Option<T>` reads
    /// it as `None`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        match self.raw_json() {
            Some(json) if !json.trim().is_empty() => serde_json::from_str(json),
            _ => serde_json::from_str("null"),
        }
    }

    /// Whether `pattern` names this event: an exact selector (`cmd.onJoin`), every target of an
    /// op (`tv.*`), or everything (`*`). A `$css-selector` is part of the selector.
    pub fn matches(&self, pattern: &str) -> bool {
        match pattern.strip_suffix(".*") {
            _ if pattern == "*" => true,
            Some(op) => self.selector().contains('.') && self.op() == op,
            None => self.selector() == pattern,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_channels_and_json() {
        let event = ServerEvent::parse(Some("12"), r#"cmd.onConnect {"id":"x"}"#);
        assert_eq!(event.channel(), None);
        assert_eq!(event.selector(), "cmd.onConnect");
        assert_eq!(event.raw_json(), Some(r#"{"id":"x"}"#));
        assert_eq!(event.event_id(), Some(12));

        let event = ServerEvent::parse(None, "room@tv.watch http://youtu.be/x y");
        assert_eq!(event.channel(), Some("room"));
        assert_eq!(event.selector(), "tv.watch");
        assert_eq!(event.raw_json(), Some("http://youtu.be/x y"));
        assert!(event.json::<serde_json::Value>().is_err());

        // `@` after the selector belongs to the JSON.
        let event = ServerEvent::parse(None, r#"cmd.chat {"to":"a@b"}"#);
        assert_eq!(event.channel(), None);
        assert_eq!(event.selector(), "cmd.chat");
    }

    #[test]
    fn targets_and_css_selectors() {
        let event = ServerEvent::parse(None, "css.background$#top #673ab7");
        assert_eq!(event.op(), "css");
        assert_eq!(event.target(), "background");
        assert_eq!(event.css_selector(), Some("#top"));
        assert_eq!(event.selector(), "css.background$#top");

        let event = ServerEvent::parse(None, "trigger.custom%20event arg");
        assert_eq!(event.target(), "custom event");

        // No dot: the op is the whole selector and the target is empty.
        let event = ServerEvent::parse(None, "hello");
        assert_eq!((event.op(), event.target()), ("hello", ""));
    }

    #[test]
    fn missing_json() {
        for data in ["cmd.announce", "cmd.announce ", "ch@tv.off"] {
            let event = ServerEvent::parse(None, data);
            assert!(event.raw_json().unwrap_or("").is_empty(), "{data}");
            assert_eq!(event.json::<Option<u32>>().unwrap(), None, "{data}");
            assert!(event.json::<u32>().is_err(), "{data}");
        }
        assert_eq!(ServerEvent::parse(None, "cmd.announce").raw_json(), None);
        assert_eq!(
            ServerEvent::parse(None, "cmd.announce ").raw_json(),
            Some("")
        );
    }

    #[test]
    fn patterns() {
        let event = ServerEvent::parse(None, "home@tv.watch {}");
        assert!(event.matches("tv.watch"));
        assert!(event.matches("tv.*"));
        assert!(event.matches("*"));
        assert!(!event.matches("home@tv.watch"));
        assert!(!event.matches("cmd.*"));
        assert!(!event.matches("tv.watc"));
        assert!(!ServerEvent::parse(None, "tv something").matches("tv.*"));
    }

    #[test]
    fn odd_ids() {
        assert_eq!(ServerEvent::parse(Some("abc"), "a.b").event_id(), None);
        assert_eq!(ServerEvent::parse(Some("abc"), "a.b").id(), Some("abc"));
        assert_eq!(ServerEvent::parse(None, "a.b").event_id(), None);
    }
}
