//! A loopback server speaking ServiceStack's Server Events, for the `events` tests.
//!
//! `GET .../event-stream` gets a chunked `text/event-stream` whose content a script decides per
//! connection (frames, pauses, a clean end, an abrupt drop, or holding it open until the client
//! hangs up); every other request (heartbeats, unregistering) gets `200 {}`. Every request is
//! recorded with the time it arrived. Plain threads, one per connection.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Hit {
    pub at: Instant,
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Hit {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What an event-stream connection does, in order.
#[derive(Clone, Debug)]
pub enum Step {
    /// Writes this text as one chunk.
    Send(String),
    /// Waits.
    Pause(Duration),
    /// Ends the body properly and closes the connection.
    End,
    /// Closes the connection in the middle of the body.
    Abort,
    /// Keeps the connection open, silent, until the client closes it.
    Hold,
}

/// What a script knows about the event-stream connection it scripts.
pub struct Ask<'a> {
    /// Which event-stream connection this is, from 0.
    pub n: usize,
    pub request: &'a Hit,
    /// The server's own `http://127.0.0.1:PORT`, for the URLs `cmd.onConnect` hands out.
    pub base_url: &'a str,
}

type Script = dyn Fn(&Ask<'_>) -> Vec<Step> + Send + Sync;

pub struct SseServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    open_streams: Arc<AtomicUsize>,
}

impl SseServer {
    /// Starts a server; `script` tells what each event-stream connection does.
    pub fn start(script: impl Fn(&Ask<'_>) -> Vec<Step> + Send + Sync + 'static) -> SseServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let base_url = format!("http://127.0.0.1:{port}");
        let script: Arc<Script> = Arc::new(script);
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let open_streams = Arc::new(AtomicUsize::new(0));
        let streams = Arc::new(AtomicUsize::new(0));
        let shared = (hits.clone(), open_streams.clone());
        let base = base_url.clone();
        std::thread::spawn(move || {
            let base_url = base;
            for socket in listener.incoming() {
                let Ok(socket) = socket else { continue };
                let state = Connection {
                    base_url: base_url.clone(),
                    script: script.clone(),
                    hits: shared.0.clone(),
                    open_streams: shared.1.clone(),
                    streams: streams.clone(),
                };
                std::thread::spawn(move || state.serve(socket));
            }
        });
        SseServer {
            base_url,
            hits,
            open_streams,
        }
    }

    /// Every request so far.
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The requests whose path ends with `suffix`.
    pub fn hits_on(&self, suffix: &str) -> Vec<Hit> {
        let mut hits = self.hits();
        hits.retain(|hit| hit.path().ends_with(suffix));
        hits
    }

    /// Event-stream connections not yet closed.
    pub fn open_streams(&self) -> usize {
        self.open_streams.load(Ordering::SeqCst)
    }
}

struct Connection {
    base_url: String,
    script: Arc<Script>,
    hits: Arc<Mutex<Vec<Hit>>>,
    open_streams: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
}

impl Connection {
    fn serve(self, socket: TcpStream) {
        let Ok(reader) = socket.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(reader);
        let mut socket = socket;
        while let Some(hit) = read_request(&mut reader) {
            self.hits.lock().unwrap().push(hit.clone());
            if hit.path().ends_with("/event-stream") {
                let n = self.streams.fetch_add(1, Ordering::SeqCst);
                let ask = Ask {
                    n,
                    request: &hit,
                    base_url: &self.base_url,
                };
                let steps = (self.script)(&ask);
                self.open_streams.fetch_add(1, Ordering::SeqCst);
                let _ = stream(&mut socket, &mut reader, steps);
                self.open_streams.fetch_sub(1, Ordering::SeqCst);
                return;
            }
            let reply =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
            if socket.write_all(reply.as_bytes()).is_err() {
                return;
            }
        }
    }
}

fn stream(
    socket: &mut TcpStream,
    reader: &mut BufReader<TcpStream>,
    steps: Vec<Step>,
) -> std::io::Result<()> {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
    socket.write_all(head.as_bytes())?;
    socket.flush()?;
    for step in steps {
        match step {
            Step::Send(text) => {
                write!(socket, "{:x}\r\n", text.len())?;
                socket.write_all(text.as_bytes())?;
                socket.write_all(b"\r\n")?;
                socket.flush()?;
            }
            Step::Pause(time) => std::thread::sleep(time),
            Step::End => {
                socket.write_all(b"0\r\n\r\n")?;
                socket.flush()?;
                return socket.shutdown(Shutdown::Both);
            }
            Step::Abort => return socket.shutdown(Shutdown::Both),
            Step::Hold => {
                // Returns when the client hangs up.
                let mut sink = [0u8; 256];
                while reader.read(&mut sink)? > 0 {}
                return Ok(());
            }
        }
    }
    Ok(())
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Hit> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let at = Instant::now();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let mut parts = line.split_whitespace();
    Some(Hit {
        at,
        method: parts.next().unwrap_or("").to_owned(),
        target: parts.next().unwrap_or("/").to_owned(),
        headers,
    })
}

/// A frame as ServiceStack writes it.
pub fn frame(id: u64, data: &str) -> Step {
    Step::Send(format!("id: {id}\ndata: {data}\n\n"))
}

/// ServiceStack's `cmd.onConnect` for subscription `id`: every value a string, as the server's
/// `Dictionary<string, string>` sends them; heartbeats and unregistering go to `urls_at`.
pub fn on_connect(urls_at: &str, id: &str, heartbeat_ms: u64, idle_ms: u64) -> Step {
    let json = format!(
        concat!(
            r#"{{"userId":"-1","isAuthenticated":"false","displayName":"user1","#,
            r#""channels":"home,lobby","profileUrl":"/img/none.svg","id":"{id}","#,
            r#""unRegisterUrl":"{at}/event-unregister?id={id}","#,
            r#""heartbeatUrl":"{at}/event-heartbeat?id={id}","#,
            r#""updateSubscriberUrl":"{at}/event-subscribers/{id}","#,
            r#""heartbeatIntervalMs":"{hb}","idleTimeoutMs":"{idle}"}}"#
        ),
        id = id,
        at = urls_at,
        hb = heartbeat_ms,
        idle = idle_ms,
    );
    frame(1, &format!("cmd.onConnect {json}"))
}
