//! Server-Sent Events framing, sans-IO: bytes in, frames out.
//!
//! Follows the `text/event-stream` rules of the HTML standard, which is what ServiceStack writes
//! (`id: N\ndata: [channel@]selector json\n\n`): lines end with LF, CRLF or CR; a line starting
//! with `:` is a comment; `field: value` loses one space after the colon; several `data:`
//! lines join with `\n`; a blank line ends the frame; a frame without data is no event.
//!
//! A frame may not grow past a limit: the parser then drops it (and the rest of its lines) and
//! reports it once its blank line arrives, so a server cannot make it buffer without end.

use std::collections::VecDeque;

/// One complete frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The `id:` field of this frame, if it had one.
    pub id: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// What the parser hands back for each frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    Frame(Frame),
    /// A frame was larger than the limit and was dropped.
    TooLarge,
}

/// Turns chunks of an event stream into frames.
#[derive(Debug)]
pub(crate) struct FrameParser {
    limit: usize,
    /// The unfinished line at the end of the bytes seen so far.
    line: Vec<u8>,
    /// The last byte seen was a CR: a LF right after it ends no other line.
    after_cr: bool,
    /// Nothing seen yet: a UTF-8 byte order mark is skipped there.
    at_start: bool,
    /// The first bytes, while they may still be a byte order mark.
    head: Vec<u8>,
    id: Option<String>,
    data: String,
    has_data: bool,
    /// Bytes of the unfinished line, kept or dropped.
    line_len: usize,
    /// The current frame went past the limit: its lines are skipped up to the blank line.
    oversize: bool,
    ready: VecDeque<Parsed>,
}

impl FrameParser {
    /// A parser dropping frames whose data and id pass `limit` bytes.
    pub(crate) fn new(limit: usize) -> Self {
        FrameParser {
            limit,
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            head: Vec::new(),
            id: None,
            data: String::new(),
            has_data: false,
            line_len: 0,
            oversize: false,
            ready: VecDeque::new(),
        }
    }

    /// Reads a chunk; the frames it completes are then returned by [`FrameParser::next`].
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        if !self.at_start {
            self.feed(chunk);
            return;
        }
        // A byte order mark may open the stream, possibly split over chunks.
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        let mut head = std::mem::take(&mut self.head);
        head.extend_from_slice(chunk);
        if head.len() < BOM.len() && BOM.starts_with(&head) {
            self.head = head;
            return;
        }
        self.at_start = false;
        self.feed(head.strip_prefix(BOM).unwrap_or(&head));
    }

    fn feed(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            if self.after_cr && chunk[0] == b'\n' {
                chunk = &chunk[1..];
                self.after_cr = false;
                continue;
            }
            self.after_cr = false;
            match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.extend_line(&chunk[..end]);
                    self.after_cr = chunk[end] == b'\r';
                    chunk = &chunk[end + 1..];
                    self.end_line();
                }
                None => {
                    self.extend_line(chunk);
                    chunk = &[];
                }
            }
        }
    }

    /// The next finished frame, in stream order.
    pub(crate) fn next(&mut self) -> Option<Parsed> {
        self.ready.pop_front()
    }

    /// Bytes held for unfinished lines and frames (never more than the limit).
    #[cfg(test)]
    fn buffered(&self) -> usize {
        self.line.len() + self.data.len()
    }

    fn extend_line(&mut self, bytes: &[u8]) {
        self.line_len = self.line_len.saturating_add(bytes.len());
        // Only what is kept counts: comments and unknown fields between frames are forgotten
        // line by line, so a keep-alive comment every few seconds never adds up to a limit.
        let kept = self.data.len() + self.id.as_ref().map_or(0, String::len) + self.line_len;
        if kept > self.limit && !self.oversize {
            self.oversize = true;
            self.line = Vec::new();
            self.data = String::new();
            self.id = None;
        }
        if !self.oversize {
            self.line.extend_from_slice(bytes);
        }
    }

    fn end_line(&mut self) {
        // An oversize frame's lines are dropped, so the length seen tells a blank line.
        if self.line_len == 0 {
            self.end_frame();
            return;
        }
        if !self.oversize {
            let line = std::mem::take(&mut self.line);
            self.field(&line);
            // The allocation serves the next line; it never grows past the limit.
            self.line = line;
            self.line.clear();
        }
        self.line_len = 0;
    }

    fn field(&mut self, line: &[u8]) {
        if line.first() == Some(&b':') {
            return;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            // An id with NUL is ignored, as the standard says.
            b"id" if !value.contains(&0) => {
                self.id = Some(String::from_utf8_lossy(value).into_owned());
            }
            // `event:` and `retry:` are not used by ServiceStack; unknown fields are ignored.
            _ => {}
        }
    }

    fn end_frame(&mut self) {
        if self.oversize {
            self.ready.push_back(Parsed::TooLarge);
        } else if self.has_data {
            self.ready.push_back(Parsed::Frame(Frame {
                id: self.id.take(),
                data: std::mem::take(&mut self.data),
            }));
        }
        self.id = None;
        self.data.clear();
        self.has_data = false;
        self.oversize = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in(chunks: &[&[u8]], limit: usize) -> Vec<Parsed> {
        let mut parser = FrameParser::new(limit);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk);
            while let Some(parsed) = parser.next() {
                out.push(parsed);
            }
        }
        out
    }

    fn frames(text: &str) -> Vec<Parsed> {
        parse_in(&[text.as_bytes()], 1 << 20)
    }

    fn frame(id: Option<&str>, data: &str) -> Parsed {
        Parsed::Frame(Frame {
            id: id.map(str::to_owned),
            data: data.to_owned(),
        })
    }

    #[test]
    fn servicestack_frames() {
        assert_eq!(
            frames(
                "id: 1\ndata: cmd.onConnect {\"id\":\"a\"}\n\nid: 2\ndata: home@cmd.onJoin {}\n\n"
            ),
            vec![
                frame(Some("1"), "cmd.onConnect {\"id\":\"a\"}"),
                frame(Some("2"), "home@cmd.onJoin {}"),
            ]
        );
    }

    #[test]
    fn line_ends_comments_and_fields() {
        // CRLF, lone CR, comments, a colon-less field, no space after the colon, unknown fields.
        let text = ": hello\r\nid:7\revent: x\r\nretry: 10\ndata:a.b 1\r\n\r\ndata\n\n";
        assert_eq!(
            frames(text),
            vec![frame(Some("7"), "a.b 1"), frame(None, "")]
        );
        // Only one space is removed.
        assert_eq!(frames("data:  a.b\n\n"), vec![frame(None, " a.b")]);
    }

    #[test]
    fn multi_line_data_joins_with_newlines() {
        assert_eq!(
            frames("data: tv.watch {\ndata: \"a\": 1\ndata: }\n\n"),
            vec![frame(None, "tv.watch {\n\"a\": 1\n}")]
        );
    }

    #[test]
    fn frames_without_data_are_no_events() {
        assert_eq!(frames("id: 3\n\n\n\n: keep-alive\n\n"), vec![]);
        // The id of such a frame does not leak into the next one.
        assert_eq!(frames("id: 3\n\ndata: x.y\n\n"), vec![frame(None, "x.y")]);
    }

    #[test]
    fn split_anywhere_between_chunks() {
        let text = "\u{feff}id: 1\r\ndata: ch@a.b {\"k\":\"\u{e9}\"}\r\n\r\nid: 2\rdata: c.d\r\r";
        let whole = frames(text);
        assert_eq!(
            whole,
            vec![
                frame(Some("1"), "ch@a.b {\"k\":\"\u{e9}\"}"),
                frame(Some("2"), "c.d")
            ]
        );
        let bytes = text.as_bytes();
        for split in 0..bytes.len() {
            let (a, b) = bytes.split_at(split);
            assert_eq!(parse_in(&[a, b], 1 << 20), whole, "split at {split}");
        }
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_in(&single, 1 << 20), whole);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            parse_in(&[b"data: a.b \xff\n\n"], 100),
            vec![frame(None, "a.b \u{fffd}")]
        );
    }

    #[test]
    fn oversize_frames_are_dropped_and_reported() {
        let big = "x".repeat(100);
        let text = format!("data: a.b 1\n\ndata: big {big}\ndata: more\n\ndata: c.d 2\n\n");
        assert_eq!(
            parse_in(&[text.as_bytes()], 50),
            vec![frame(None, "a.b 1"), Parsed::TooLarge, frame(None, "c.d 2")]
        );
        // Many small data lines add up.
        let lines = "data: 0123456789\n".repeat(10);
        assert_eq!(
            parse_in(&[format!("{lines}\ndata: e.f\n\n").as_bytes()], 50),
            vec![Parsed::TooLarge, frame(None, "e.f")]
        );
        // Comments are not kept, so they never add up to the limit.
        let comments = ": keep-alive\n".repeat(100);
        assert_eq!(
            parse_in(&[format!("{comments}data: g.h\n\n").as_bytes()], 50),
            vec![frame(None, "g.h")]
        );
    }

    #[test]
    fn memory_stays_bounded_by_the_limit() {
        let mut parser = FrameParser::new(1024);
        let chunk = vec![b'x'; 64 * 1024];
        parser.push(b"data: ");
        for _ in 0..160 {
            // 10 MiB in one line without an end.
            parser.push(&chunk);
            assert!(parser.buffered() <= 1024, "{}", parser.buffered());
            assert_eq!(parser.next(), None);
        }
        parser.push(b"\n\ndata: a.b\n\n");
        assert_eq!(parser.next(), Some(Parsed::TooLarge));
        assert_eq!(parser.next(), Some(frame(None, "a.b")));
    }
}
