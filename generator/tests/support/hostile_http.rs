//! A scripted HTTP/1.1 server on 127.0.0.1 for hostile-source tests: redirects, huge or truncated
//! bodies, replies that never come or come a byte at a time. Each connection gets its own thread,
//! so a stalled reply does not hold up the others, and every request's path and headers are
//! recorded.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does for one path.
#[derive(Clone, Debug)]
pub enum Script {
    /// A complete reply with a `Content-Length`.
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Announces `length` bytes, sends `sent`, then closes the connection.
    Truncated { length: u64, sent: Vec<u8> },
    /// `total` bytes of `chunk` repeated, with chunked encoding (no length announced).
    Stream { chunk: Vec<u8>, total: u64 },
    /// Reads the request and never answers (until the client gives up).
    Stall,
    /// Sends the headers (announcing `length` bytes) and `sent`, then neither sends more nor
    /// closes until the client gives up.
    StallBody { length: u64, sent: Vec<u8> },
    /// A complete `200 application/json` reply whose body goes out one byte per `every`, so
    /// every read gets something long before any per-read timeout (ends early when the client
    /// hangs up).
    Drip { body: Vec<u8>, every: Duration },
}

impl Script {
    /// `status` with a content type and a body.
    pub fn reply(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Script {
        Script::Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Script {
        Script::Reply {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Request {
    /// The request target (`/types/metadata`).
    pub path: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A running scripted server.
pub struct ScriptedServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The port.
    pub port: u16,
    scripts: Arc<Mutex<HashMap<String, Script>>>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl ScriptedServer {
    /// Starts a server that answers 404 to every path until [`ScriptedServer::set`] says more.
    pub fn start() -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let scripts: Arc<Mutex<HashMap<String, Script>>> = Arc::default();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let (shared_scripts, shared_requests) = (scripts.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (scripts, requests) = (shared_scripts.clone(), shared_requests.clone());
                std::thread::spawn(move || serve(stream, &scripts, &requests));
            }
        });
        ScriptedServer {
            base_url: format!("http://127.0.0.1:{port}"),
            port,
            scripts,
            requests,
        }
    }

    /// What to do for `path`.
    pub fn set(&self, path: &str, script: Script) {
        self.scripts.lock().unwrap().insert(path.to_owned(), script);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(
    mut stream: TcpStream,
    scripts: &Mutex<HashMap<String, Script>>,
    requests: &Mutex<Vec<Request>>,
) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    requests.lock().unwrap().push(Request {
        path: path.clone(),
        headers,
    });
    let script = scripts
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Script::reply(404, "text/plain", "not found"));
    // Write errors mean the client hung up (as it should after a size cap): nothing to do.
    let _ = match script {
        Script::Reply {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("Connection: close\r\n\r\n");
            stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&body))
        }
        Script::Truncated { length, sent } => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        .and_then(|()| stream.write_all(&sent)),
        Script::Stream { chunk, total } => stream_chunks(&mut stream, &chunk, total),
        Script::Stall => {
            wait_for_hang_up(&mut reader);
            Ok(())
        }
        Script::StallBody { length, sent } => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        .and_then(|()| stream.write_all(&sent))
        .and_then(|()| stream.flush())
        .map(|()| wait_for_hang_up(&mut reader)),
        Script::Drip { body, every } => drip(&mut stream, &body, every),
    };
    let _ = stream.flush();
}

/// Holds the connection open without sending anything until the client closes it.
fn wait_for_hang_up(reader: &mut impl Read) {
    let mut sink = [0u8; 1024];
    while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
}

fn drip(stream: &mut TcpStream, body: &[u8], every: Duration) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.flush()?;
    for byte in body {
        std::thread::sleep(every);
        // Fails soon after the client hangs up, which ends the drip.
        stream.write_all(std::slice::from_ref(byte))?;
        stream.flush()?;
    }
    Ok(())
}

fn stream_chunks(stream: &mut TcpStream, chunk: &[u8], total: u64) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    )?;
    let mut block = Vec::with_capacity(1 << 20);
    while block.len() + chunk.len() <= 1 << 20 {
        block.extend_from_slice(chunk);
    }
    let mut sent = 0u64;
    while sent < total {
        let size = block
            .len()
            .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
        write!(stream, "{size:x}\r\n")?;
        stream.write_all(&block[..size])?;
        stream.write_all(b"\r\n")?;
        sent += size as u64;
    }
    stream.write_all(b"0\r\n\r\n")
}
