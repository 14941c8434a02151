//! Whole-process client benchmark: `JsonServiceClient` against a hand-written reqwest +
//! serde_json client, each sending N requests to a minimal HTTP/1.1 server that runs in another
//! process, so that a profiler attached to the client process (callgrind in
//! `scripts/bench-client-whole-process.sh`) counts the client's work only.
//!
//! ```text
//! client_whole_process serve              # prints its base URL, then answers until killed
//! client_whole_process run CLIENT VERB BASE_URL N
//!                                         # CLIENT = ours | hand, VERB = get | post
//! client_whole_process verify             # both clients put the same bytes on the wire
//! ```
//!
//! The requests: a GET with five members (`FindSessions`: two strings that need escaping, a flag
//! and two numbers, in the query string) and the POST of the `InviteChatMember` seed (JSON body
//! `{"sessionId":..,"memberToAdd":..,"callerId":..}`); both are answered with the same small
//! `SessionInfo`-like JSON body, which both clients read whole and deserialize. The hand-written
//! client has the defaults of ours that cost per request: a 60 s timeout, the URL handed to
//! reqwest as text, `Accept: application/json` and the same `User-Agent` (plus `Content-Type` for
//! the POST), and it checks the status.

#[cfg(feature = "client")]
fn main() {
    bench::main();
}

#[cfg(not(feature = "client"))]
fn main() {
    eprintln!("client_whole_process needs the `client` feature");
    std::process::exit(2);
}

#[cfg(feature = "client")]
mod bench {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};

    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    use serde::{Deserialize, Serialize};
    use servicestack_runtime::client::{DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
    use servicestack_runtime::{
        AuthRequirement, BodyError, HttpMethod, JsonServiceClient, ResponseKind, Route,
        ServiceRequest, decode,
    };

    /// The server's answer to both operations.
    const SESSION_INFO: &str = r#"{"id":"0f9c2a52-1d7e-4b0c-9f3e-6a1d2c3b4a59","dateCreated":"2026-11-30T10:00:00Z","createdBy":"agent@example.org","accountId":"acc-42","dialState":"Active","callState":"Connected","members":[{"identity":"+15551234567","callState":"Connected"},{"identity":"+15557654321","callState":"Ringing"}]}"#;

    /// What both requests return (the shape of the generated DTOs: optional strings, a list).
    #[derive(Debug, Clone, PartialEq, Default, Deserialize)]
    #[serde(default)]
    pub struct SessionInfo {
        id: Option<String>,
        #[serde(rename = "dateCreated")]
        date_created: Option<String>,
        #[serde(rename = "createdBy")]
        created_by: Option<String>,
        #[serde(rename = "accountId")]
        account_id: Option<String>,
        #[serde(rename = "dialState")]
        dial_state: Option<String>,
        #[serde(rename = "callState")]
        call_state: Option<String>,
        members: Vec<SessionMember>,
    }

    /// One member of a session.
    #[derive(Debug, Clone, PartialEq, Default, Deserialize)]
    #[serde(default)]
    pub struct SessionMember {
        identity: Option<String>,
        #[serde(rename = "callState")]
        call_state: Option<String>,
    }

    /// The POST: the seed request, shaped like the generated DTO.
    #[derive(Debug, Clone, Serialize)]
    struct InviteChatMember {
        #[serde(rename = "sessionId", skip_serializing_if = "Option::is_none")]
        session_id: Option<String>,
        #[serde(rename = "memberToAdd", skip_serializing_if = "Option::is_none")]
        member_to_add: Option<String>,
        #[serde(rename = "callerId", skip_serializing_if = "Option::is_none")]
        caller_id: Option<String>,
    }

    impl ServiceRequest for InviteChatMember {
        type Response = SessionInfo;
        const OPERATION_NAME: &'static str = "InviteChatMember";
        const METHOD: HttpMethod = HttpMethod::Post;
        const ROUTES: &'static [Route] = &[Route {
            path: "/sessions/{sessionId}/members",
            verbs: &[HttpMethod::Post],
        }];
        const AUTH: AuthRequirement = AuthRequirement::NONE;
        const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
        fn decode_response(body: &[u8]) -> Result<SessionInfo, BodyError> {
            decode::json(body)
        }
    }

    /// The GET: five members of the usual kinds, shaped like a generated DTO (reference types
    /// optional, value types plain).
    #[derive(Debug, Clone, Serialize)]
    struct FindSessions {
        #[serde(rename = "accountId", skip_serializing_if = "Option::is_none")]
        account_id: Option<String>,
        #[serde(rename = "callerId", skip_serializing_if = "Option::is_none")]
        caller_id: Option<String>,
        #[serde(rename = "includeEnded")]
        include_ended: bool,
        skip: i32,
        take: i32,
    }

    impl ServiceRequest for FindSessions {
        type Response = SessionInfo;
        const OPERATION_NAME: &'static str = "FindSessions";
        const METHOD: HttpMethod = HttpMethod::Get;
        const ROUTES: &'static [Route] = &[Route {
            path: "/sessions",
            verbs: &[HttpMethod::Get],
        }];
        const AUTH: AuthRequirement = AuthRequirement::NONE;
        const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
        fn decode_response(body: &[u8]) -> Result<SessionInfo, BodyError> {
            decode::json(body)
        }
    }

    fn invite() -> InviteChatMember {
        InviteChatMember {
            session_id: Some("0f9c2a52-1d7e-4b0c-9f3e-6a1d2c3b4a59".into()),
            member_to_add: Some("+15551234567".into()),
            caller_id: Some("+15557654321".into()),
        }
    }

    fn find() -> FindSessions {
        FindSessions {
            account_id: Some("acc 42".into()),
            caller_id: Some("+15557654321".into()),
            include_ended: false,
            skip: 20,
            take: 50,
        }
    }

    /// RFC 3986 unreserved characters stay, everything else is escaped: what a careful
    /// hand-written client does, and the same bytes as ours, so both send the same request.
    const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    /// What one would write with reqwest and serde_json alone.
    struct HandWritten {
        http: reqwest::Client,
        base_url: String,
    }

    impl HandWritten {
        fn new(base_url: &str) -> Self {
            let http = reqwest::Client::builder()
                .timeout(DEFAULT_TIMEOUT)
                .build()
                .expect("an HTTP client");
            HandWritten {
                http,
                base_url: base_url.to_owned(),
            }
        }

        async fn post(&self, request: &InviteChatMember) -> SessionInfo {
            let body = serde_json::to_vec(request).expect("the request serializes");
            let response = self
                .http
                .post(format!("{}/api/InviteChatMember", self.base_url))
                .header(reqwest::header::ACCEPT, "application/json")
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(reqwest::header::USER_AGENT, DEFAULT_USER_AGENT)
                .body(body)
                .send()
                .await
                .expect("the server answers");
            Self::read(response).await
        }

        async fn get(&self, request: &FindSessions) -> SessionInfo {
            let mut url = format!("{}/api/FindSessions?", self.base_url);
            if let Some(account_id) = &request.account_id {
                url.push_str("accountId=");
                url.extend(utf8_percent_encode(account_id, COMPONENT));
                url.push('&');
            }
            if let Some(caller_id) = &request.caller_id {
                url.push_str("callerId=");
                url.extend(utf8_percent_encode(caller_id, COMPONENT));
                url.push('&');
            }
            use std::fmt::Write as _;
            write!(
                url,
                "includeEnded={}&skip={}&take={}",
                request.include_ended, request.skip, request.take
            )
            .expect("writing to a String");
            let response = self
                .http
                .get(url)
                .header(reqwest::header::ACCEPT, "application/json")
                .header(reqwest::header::USER_AGENT, DEFAULT_USER_AGENT)
                .send()
                .await
                .expect("the server answers");
            Self::read(response).await
        }

        async fn read(response: reqwest::Response) -> SessionInfo {
            assert!(response.status().is_success(), "{}", response.status());
            let bytes = response.bytes().await.expect("the body arrives");
            serde_json::from_slice(&bytes).expect("the body is a SessionInfo")
        }
    }

    /// Which client sends.
    enum Client {
        Ours(JsonServiceClient),
        Hand(HandWritten),
    }

    impl Client {
        fn new(kind: &str, base_url: &str) -> Self {
            match kind {
                "ours" => Client::Ours(JsonServiceClient::new(base_url)),
                "hand" => Client::Hand(HandWritten::new(base_url)),
                other => usage(&format!("unknown client `{other}`")),
            }
        }

        async fn send(&self, verb: Verb) -> SessionInfo {
            match (self, verb) {
                (Client::Ours(client), Verb::Get) => {
                    client.send(&find()).await.expect("the GET succeeds")
                }
                (Client::Ours(client), Verb::Post) => {
                    client.send(&invite()).await.expect("the POST succeeds")
                }
                (Client::Hand(client), Verb::Get) => client.get(&find()).await,
                (Client::Hand(client), Verb::Post) => client.post(&invite()).await,
            }
        }
    }

    #[derive(Clone, Copy)]
    enum Verb {
        Get,
        Post,
    }

    impl Verb {
        fn parse(text: &str) -> Verb {
            match text {
                "get" => Verb::Get,
                "post" => Verb::Post,
                other => usage(&format!("unknown verb `{other}`")),
            }
        }
    }

    fn usage(problem: &str) -> ! {
        eprintln!(
            "{problem}\nusage: client_whole_process serve | run (ours|hand) (get|post) BASE_URL N | verify"
        );
        std::process::exit(2);
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match args.as_slice() {
            ["serve"] => {
                let (listener, base_url) = listen();
                println!("{base_url}");
                std::io::stdout().flush().expect("stdout");
                serve(listener, None);
            }
            ["run", client, verb, base_url, count] => {
                let count: u64 = count
                    .parse()
                    .unwrap_or_else(|_| usage("N must be a number"));
                run(client, Verb::parse(verb), base_url, count);
            }
            ["verify"] => verify(),
            _ => usage("unknown arguments"),
        }
    }

    /// Sends `count` requests one after the other on a current-thread runtime (the way a
    /// profiler sees the least scheduling noise) and checks the last answer.
    fn run(kind: &str, verb: Verb, base_url: &str, count: u64) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let client = Client::new(kind, base_url);
        let last = runtime.block_on(async {
            let mut last = SessionInfo::default();
            for _ in 0..count {
                last = std::hint::black_box(client.send(verb).await);
            }
            last
        });
        let expected: SessionInfo = serde_json::from_str(SESSION_INFO).expect("the sample");
        assert!(
            count == 0 || last == expected,
            "unexpected answer: {last:?}"
        );
    }

    /// Both clients against a recording server: the request line, the headers (in any order)
    /// and the body must be the same bytes, or the comparison would not be fair.
    fn verify() {
        let (listener, base_url) = listen();
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let sink = recorded.clone();
        std::thread::spawn(move || serve(listener, Some(sink)));
        for (name, verb) in [("GET", Verb::Get), ("POST", Verb::Post)] {
            let mut heads = Vec::new();
            for kind in ["ours", "hand"] {
                run(kind, verb, &base_url, 1);
                let request = recorded.lock().unwrap().pop().expect("a recorded request");
                heads.push(normalize(&request));
            }
            if heads[0] != heads[1] {
                eprintln!(
                    "{name}: the clients send different requests\nours: {:#?}\nhand: {:#?}",
                    heads[0], heads[1]
                );
                std::process::exit(1);
            }
            println!("{name}: same request from both clients: {:?}", heads[0]);
        }
    }

    /// The request line, the sorted header lines (names lower-cased) and the body.
    fn normalize(request: &[u8]) -> (String, Vec<String>, String) {
        let text = String::from_utf8_lossy(request);
        let (head, body) = text.split_once("\r\n\r\n").expect("a complete request");
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default().to_owned();
        let mut headers: Vec<String> = lines
            .map(|line| match line.split_once(':') {
                Some((name, value)) => format!("{}:{}", name.to_ascii_lowercase(), value.trim()),
                None => line.to_owned(),
            })
            .collect();
        headers.sort();
        (request_line, headers, body.to_owned())
    }

    fn listen() -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        (listener, base_url)
    }

    type Recording = Arc<Mutex<Vec<Vec<u8>>>>;

    /// Answers keep-alive HTTP/1.1 connections, one thread each; `record` keeps every request.
    fn serve(listener: TcpListener, record: Option<Recording>) {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let record = record.clone();
            std::thread::spawn(move || {
                // A client closing its connection ends this thread; nothing to report.
                let _ = connection(stream, record);
            });
        }
    }

    fn connection(stream: TcpStream, record: Option<Recording>) -> std::io::Result<()> {
        stream.set_nodelay(true)?;
        let mut writer = stream.try_clone()?;
        let mut reader = BufReader::new(stream);
        loop {
            let mut request = Vec::new();
            let mut content_length = 0usize;
            loop {
                let start = request.len();
                if reader.read_until(b'\n', &mut request)? == 0 {
                    return Ok(());
                }
                let line = &request[start..];
                if line == b"\r\n" {
                    break;
                }
                let text = String::from_utf8_lossy(line);
                if let Some((name, value)) = text.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
            let head_len = request.len();
            request.resize(head_len + content_length, 0);
            reader.read_exact(&mut request[head_len..])?;
            let request_line = request.split(|byte| *byte == b'\r').next().unwrap_or(&[]);
            let known = request_line.starts_with(b"POST /api/InviteChatMember HTTP/1.1")
                || request_line.starts_with(b"GET /api/FindSessions?");
            // Recorded before answering, so that the client never sees an answer whose
            // request is not recorded yet.
            if let Some(record) = &record {
                record.lock().unwrap().push(request.clone());
            }
            let (status, body) = if known {
                ("200 OK", SESSION_INFO)
            } else {
                ("404 Not Found", "{}")
            };
            write!(
                writer,
                "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )?;
            writer.flush()?;
        }
    }
}
