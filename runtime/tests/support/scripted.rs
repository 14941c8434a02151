//! A hostile or broken HTTP/1.1 server on 127.0.0.1 for the client's security tests: huge or
//! dripping bodies, redirects anywhere, replies held back or never sent. A closure decides each
//! reply; every connection gets its own thread (so a held reply does not block the others) and
//! every request is recorded with its body. Plain threads, so async and blocking tests share it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as received.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, its first MiB at most.
    pub body: Vec<u8>,
    /// The body's whole length.
    pub body_len: u64,
}

impl Request {
    /// The value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The path without the query string.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete reply with a `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Zero bytes until `total` are sent or the client hangs up; `announce` puts the total in a
    /// `Content-Length`, otherwise the body is chunked.
    Flood {
        status: u16,
        total: u64,
        announce: bool,
    },
    /// Announces `length` bytes and sends one every `every`, until done or the client hangs up.
    Drip { length: u64, every: Duration },
    /// Holds the reply back for `delay`, then sends `then`.
    Later { delay: Duration, then: Box<Reply> },
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::with_type(status, "application/json", body)
    }

    /// A reply with a content type.
    pub fn with_type(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; it stops accepting when the test process ends.
pub struct ScriptedServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    sent: Arc<AtomicU64>,
    open: Arc<AtomicU64>,
}

impl ScriptedServer {
    /// Starts a server that answers every request with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let handler: Arc<Handler> = Arc::new(handler);
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let sent = Arc::new(AtomicU64::new(0));
        let open = Arc::new(AtomicU64::new(0));
        let (shared_requests, shared_sent, shared_open) =
            (requests.clone(), sent.clone(), open.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (handler, requests, sent, open) = (
                    handler.clone(),
                    shared_requests.clone(),
                    shared_sent.clone(),
                    shared_open.clone(),
                );
                open.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    serve(stream, &*handler, &requests, &sent);
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        ScriptedServer {
            base_url: format!("http://127.0.0.1:{port}"),
            requests,
            sent,
            open,
        }
    }

    /// Connections the server has not seen closed yet (a reply still being written counts).
    pub fn open_connections(&self) -> u64 {
        self.open.load(Ordering::SeqCst)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Body bytes the server managed to write so far (the client's socket buffers included).
    pub fn body_bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, handler: &Handler, requests: &Mutex<Vec<Request>>, sent: &AtomicU64) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut stream = stream;
    // Keep-alive: one request after another on the same connection.
    while let Some(request) = read_request(&mut reader) {
        requests.lock().unwrap().push(request.clone());
        let reply = handler(&request);
        if write_reply(&mut stream, reply, sent).is_err() {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    let (body, body_len) = if chunked {
        read_chunked(reader)?
    } else {
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse::<u64>().ok())
            .unwrap_or(0);
        read_counted(reader, length)?
    };
    let mut parts = request_line.split_whitespace();
    Some(Request {
        method: parts.next().unwrap_or("").to_owned(),
        target: parts.next().unwrap_or("/").to_owned(),
        headers,
        body,
        body_len,
    })
}

/// Bodies are kept up to this size; longer ones are only counted (uploads of 200 MB).
const KEPT: usize = 1 << 20;

fn keep(body: &mut Vec<u8>, bytes: &[u8]) {
    let room = KEPT.saturating_sub(body.len());
    body.extend_from_slice(&bytes[..room.min(bytes.len())]);
}

fn read_counted(reader: &mut BufReader<TcpStream>, length: u64) -> Option<(Vec<u8>, u64)> {
    let mut body = Vec::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut left = length;
    while left > 0 {
        let want = left.min(buffer.len() as u64) as usize;
        let read = reader.read(&mut buffer[..want]).ok()?;
        if read == 0 {
            return None;
        }
        keep(&mut body, &buffer[..read]);
        left -= read as u64;
    }
    Some((body, length))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Option<(Vec<u8>, u64)> {
    let mut body = Vec::new();
    let mut total = 0;
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line).ok()?;
        let size = u64::from_str_radix(size_line.trim().split(';').next()?, 16).ok()?;
        if size == 0 {
            // Trailers, then the blank line.
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
                    return Some((body, total));
                }
            }
        }
        let (chunk, _) = read_counted(reader, size)?;
        keep(&mut body, &chunk);
        total += size;
        let mut end = String::new();
        reader.read_line(&mut end).ok()?;
    }
}

/// Writes a reply; an error means the client hung up (as it should after a size cap).
fn write_reply(stream: &mut TcpStream, reply: Reply, sent: &AtomicU64) -> std::io::Result<()> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)?;
            stream.flush()
        }
        Reply::Flood {
            status,
            total,
            announce,
        } => {
            let framing = if announce {
                format!("Content-Length: {total}")
            } else {
                "Transfer-Encoding: chunked".to_owned()
            };
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
            );
            stream.write_all(head.as_bytes())?;
            let chunk = vec![b' '; 64 * 1024];
            let mut written = 0u64;
            while written < total {
                let size = (total - written).min(chunk.len() as u64) as usize;
                if announce {
                    stream.write_all(&chunk[..size])?;
                } else {
                    stream.write_all(format!("{size:x}\r\n").as_bytes())?;
                    stream.write_all(&chunk[..size])?;
                    stream.write_all(b"\r\n")?;
                }
                written += size as u64;
                sent.fetch_add(size as u64, Ordering::SeqCst);
            }
            if !announce {
                stream.write_all(b"0\r\n\r\n")?;
            }
            // A complete reply keeps the connection, as a real server does: closing it here
            // would race the client's next request on its pooled connection.
            stream.flush()
        }
        Reply::Drip { length, every } => {
            let head = format!(
                "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
            );
            stream.write_all(head.as_bytes())?;
            for _ in 0..length {
                std::thread::sleep(every);
                stream.write_all(b" ")?;
                sent.fetch_add(1, Ordering::SeqCst);
            }
            Ok(())
        }
        Reply::Later { delay, then } => {
            std::thread::sleep(delay);
            write_reply(stream, *then, sent)
        }
    }
}
