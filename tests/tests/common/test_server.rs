//! A small ServiceStack-like server for the client tests and the `test_server` example.
//!
//! It serves a few operations of the evovoice and blazor-gallery fixtures the way a ServiceStack
//! server does: predefined routes (`/api/{Op}`, `/json/reply/{Op}`, `/json/oneway/{Op}`, batches
//! at `/api/{Op}[]`), some user-defined routes, request DTOs merged from path, query string (JSV
//! lists) and JSON body with case-insensitive names, `responseStatus` errors with field errors,
//! credentials sign-in with session cookies, bearer tokens and `GetAccessToken` refresh. Every
//! request is recorded so tests can check what went over the wire.
//!
//! Only loopback: it listens on `127.0.0.1` on a port the OS picks (or the one asked for).

#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// The user `authenticate` accepts.
pub const USER_NAME: &str = "admin@email.com";
/// Its password.
pub const PASSWORD: &str = "p@55wOrd";
/// An API key the server accepts as a bearer token.
pub const API_KEY: &str = "ak-test-0123456789";

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The raw path (percent-encoding untouched).
    pub path: String,
    /// Everything after `?`, raw; `None` without `?`.
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The query string split into pairs and decoded with form-urlencoded rules; `None` for a
    /// segment without `=`.
    pub fn query_pairs(&self) -> Vec<(String, Option<String>)> {
        self.query.as_deref().map(query_pairs).unwrap_or_default()
    }

    /// The body parsed as JSON (`None` when empty or not JSON).
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Splits a raw query string like the conformance recordings do.
pub fn query_pairs(raw: &str) -> Vec<(String, Option<String>)> {
    raw.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.split_once('=') {
            Some((key, value)) => (form_decode(key), Some(form_decode(value))),
            None => (form_decode(segment), None),
        })
        .collect()
}

/// Form-urlencoded decoding: `+` is a space, `%XX` a byte; the bytes are read as UTF-8.
pub fn form_decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

/// Percent-decoding (`+` stays `+`).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(index + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(index + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push((high * 16 + low) as u8);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct ServerState {
    log: Vec<Recorded>,
    todos: BTreeMap<i64, Value>,
    next_todo: i64,
    access_tokens: HashSet<String>,
    refresh_tokens: HashSet<String>,
    sessions: HashSet<String>,
    issued: u64,
}

type Shared = Arc<Mutex<ServerState>>;

fn lock(state: &Shared) -> MutexGuard<'_, ServerState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running server. Dropping it stops it.
pub struct TestServer {
    /// `http://127.0.0.1:{port}`.
    pub base_url: String,
    state: Shared,
    task: Option<tokio::task::JoinHandle<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TestServer {
    /// Starts the server on the current tokio runtime, on a free port.
    pub async fn start() -> TestServer {
        Self::start_on(0).await
    }

    /// Starts the server on the current tokio runtime, on `port` (0 = any free port).
    pub async fn start_on(port: u16) -> TestServer {
        let state: Shared = Arc::new(Mutex::new(ServerState {
            next_todo: 1,
            ..ServerState::default()
        }));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        TestServer {
            base_url: format!("http://{address}"),
            state,
            task: Some(task),
            runtime: None,
        }
    }

    /// Starts the server on its own runtime, for tests of the blocking client (which must not
    /// run inside a runtime).
    pub fn start_background() -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let mut server = runtime.block_on(Self::start());
        server.runtime = Some(runtime);
        server
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).log.clone()
    }

    /// The last request received.
    pub fn last_request(&self) -> Recorded {
        lock(&self.state)
            .log
            .last()
            .cloned()
            .expect("no request received")
    }

    /// How many requests had a path ending in `/{operation}`.
    pub fn calls_to(&self, operation: &str) -> usize {
        let suffix = format!("/{operation}");
        lock(&self.state)
            .log
            .iter()
            .filter(|request| percent_decode(&request.path).ends_with(&suffix))
            .count()
    }

    /// Makes every access token issued so far invalid (as if they expired).
    pub fn expire_access_tokens(&self) {
        lock(&self.state).access_tokens.clear();
    }

    /// Makes every refresh token issued so far invalid.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.state).refresh_tokens.clear();
    }

    /// Issues an access token without signing in.
    pub fn issue_access_token(&self) -> String {
        let mut state = lock(&self.state);
        state.issued += 1;
        let token = format!("at-{}", state.issued);
        state.access_tokens.insert(token.clone());
        token
    }

    /// Issues a refresh token without signing in.
    pub fn issue_refresh_token(&self) -> String {
        let mut state = lock(&self.state);
        state.issued += 1;
        let token = format!("rt-{}", state.issued);
        state.refresh_tokens.insert(token.clone());
        token
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers: headers
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    lock(&state).log.push(recorded.clone());
    let Some((operation, path_values, batch)) = route(&method, uri.path()) else {
        return error(
            StatusCode::NOT_FOUND,
            "NotFound",
            "Handler for Request not found",
            &[],
        );
    };
    let mut dto = Map::new();
    for (key, value) in recorded.query_pairs() {
        dto.insert(
            key.to_ascii_lowercase(),
            Value::String(value.unwrap_or_default()),
        );
    }
    for (key, value) in path_values {
        dto.insert(key.to_ascii_lowercase(), Value::String(value));
    }
    let json_body: Option<Value> = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice(&body) {
            Ok(value) => Some(value),
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "SerializationException",
                    "invalid JSON body",
                    &[],
                );
            }
        }
    };
    let caller = Caller::of(&state, &headers);
    if batch {
        let Some(Value::Array(items)) = json_body else {
            return error(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                "a batch needs a JSON array",
                &[],
            );
        };
        let mut results = Vec::new();
        for item in items {
            let mut each = dto.clone();
            merge(&mut each, item);
            match dispatch(&state, &caller, &operation, each) {
                Reply::Json(status, value) if status.is_success() => results.push(value),
                Reply::Empty(status) if status.is_success() => results.push(Value::Null),
                other => return other.into_response(),
            }
        }
        return Reply::Json(StatusCode::OK, Value::Array(results)).into_response();
    }
    if let Some(value) = json_body {
        merge(&mut dto, value);
    }
    dispatch(&state, &caller, &operation, dto).into_response()
}

fn merge(dto: &mut Map<String, Value>, body: Value) {
    if let Value::Object(members) = body {
        for (key, value) in members {
            dto.insert(key.to_ascii_lowercase(), value);
        }
    }
}

/// `(operation, path variables, is a batch)`.
type Routed = (String, Vec<(String, String)>, bool);

/// Finds the operation of a request from its raw path.
fn route(method: &Method, raw_path: &str) -> Option<Routed> {
    let decoded = percent_decode(raw_path);
    for prefix in ["/api/", "/json/reply/", "/json/oneway/"] {
        if let Some(rest) = decoded.strip_prefix(prefix) {
            return Some(match rest.strip_suffix("[]") {
                Some(operation) => (operation.to_owned(), Vec::new(), true),
                None => (rest.to_owned(), Vec::new(), false),
            });
        }
    }
    const ROUTES: &[(&str, &str, &str)] = &[
        ("*", "/hello/{Name}", "Hello"),
        ("*", "/hellosecure/{Name}", "HelloSecure"),
        ("GET", "/todos", "QueryTodos"),
        ("POST", "/todos", "CreateTodo"),
        ("PUT", "/todos/{Id}", "UpdateTodo"),
        ("DELETE", "/todos/{Id}", "DeleteTodo"),
        ("DELETE", "/todos", "DeleteTodos"),
        ("POST", "/sessions/{sessionId}/members", "InviteChatMember"),
        ("GET", "/greetings/{Name}", "GetGreeting"),
        ("GET", "/greetings", "GetGreeting"),
        ("GET", "/files/{Path*}", "GetFile"),
    ];
    // Split before decoding: an encoded `/` belongs to its segment.
    let segments: Vec<String> = raw_path
        .trim_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    'routes: for (verb, template, operation) in ROUTES {
        if *verb != "*" && *verb != method.as_str() {
            continue;
        }
        let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
        let mut values = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix("*}")) {
                values.push((
                    name.to_owned(),
                    segments.get(index..).unwrap_or_default().join("/"),
                ));
                return Some((operation.to_string(), values, false));
            }
            let Some(segment) = segments.get(index) else {
                continue 'routes;
            };
            if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                values.push((name.to_owned(), segment.clone()));
            } else if !part.eq_ignore_ascii_case(segment.as_str()) {
                continue 'routes;
            }
        }
        if segments.len() == parts.len() {
            return Some((operation.to_string(), values, false));
        }
    }
    None
}

enum Reply {
    Json(StatusCode, Value),
    Empty(StatusCode),
    Text(StatusCode, &'static str, Vec<u8>),
    WithCookies(Box<Reply>, Vec<String>),
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(status, value) => (
                status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                value.to_string(),
            )
                .into_response(),
            Reply::Empty(status) => status.into_response(),
            Reply::Text(status, content_type, body) => {
                (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
            }
            Reply::WithCookies(inner, cookies) => {
                let mut response = inner.into_response();
                for cookie in cookies {
                    if let Ok(value) = HeaderValue::from_str(&cookie) {
                        response.headers_mut().append(header::SET_COOKIE, value);
                    }
                }
                response
            }
        }
    }
}

fn error(status: StatusCode, code: &str, message: &str, fields: &[(&str, &str, &str)]) -> Response {
    error_reply(status, code, message, fields).into_response()
}

fn error_reply(
    status: StatusCode,
    code: &str,
    message: &str,
    fields: &[(&str, &str, &str)],
) -> Reply {
    let errors: Vec<Value> = fields
        .iter()
        .map(|(field, code, message)| {
            json!({"errorCode": code, "fieldName": field, "message": message,
                   "meta": {"PropertyName": field}})
        })
        .collect();
    let mut status_body = json!({"errorCode": code, "message": message});
    if !errors.is_empty() {
        status_body["errors"] = Value::Array(errors);
    }
    Reply::Json(status, json!({ "responseStatus": status_body }))
}

fn validation(field: &str, message: &str) -> Reply {
    error_reply(
        StatusCode::BAD_REQUEST,
        "ValidationException",
        message,
        &[(field, "NotEmpty", message)],
    )
}

/// Who is calling, as far as the server can tell.
enum Caller {
    Anonymous,
    Authenticated,
    /// A bearer token that is not (or no longer) valid.
    InvalidToken,
}

impl Caller {
    fn of(state: &Shared, headers: &HeaderMap) -> Caller {
        let state = lock(state);
        if let Some(authorization) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        {
            if let Some(token) = authorization.strip_prefix("Bearer ") {
                return if state.access_tokens.contains(token) || token == API_KEY {
                    Caller::Authenticated
                } else {
                    Caller::InvalidToken
                };
            }
            if let Some(encoded) = authorization.strip_prefix("Basic ") {
                let expected = basic(USER_NAME, PASSWORD);
                return if encoded == expected {
                    Caller::Authenticated
                } else {
                    Caller::InvalidToken
                };
            }
        }
        let cookies = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='));
        for (name, value) in cookies {
            if name == "ss-id" && state.sessions.contains(value) {
                return Caller::Authenticated;
            }
        }
        Caller::Anonymous
    }

    fn require(&self) -> Option<Reply> {
        match self {
            Caller::Authenticated => None,
            Caller::InvalidToken => Some(error_reply(
                StatusCode::UNAUTHORIZED,
                "TokenException",
                "Token has expired",
                &[],
            )),
            // ServiceStack answers an unauthenticated call with a bare 401.
            Caller::Anonymous => Some(Reply::Empty(StatusCode::UNAUTHORIZED)),
        }
    }
}

fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}").into_bytes();
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn text(dto: &Map<String, Value>, name: &str) -> Option<String> {
    match dto.get(&name.to_ascii_lowercase())? {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn number(dto: &Map<String, Value>, name: &str) -> Option<i64> {
    match dto.get(&name.to_ascii_lowercase())? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A list from a JSON array or a JSV query value (`[1,2]` or `1,2`).
fn numbers(dto: &Map<String, Value>, name: &str) -> Vec<i64> {
    match dto.get(&name.to_ascii_lowercase()) {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_i64).collect(),
        Some(Value::String(text)) => text
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .filter_map(|item| item.trim().parse().ok())
            .collect(),
        _ => Vec::new(),
    }
}

fn dispatch(state: &Shared, caller: &Caller, operation: &str, dto: Map<String, Value>) -> Reply {
    match operation {
        "Hello" => {
            let name = text(&dto, "name").unwrap_or_default();
            Reply::Json(StatusCode::OK, json!({"result": format!("Hello, {name}!")}))
        }
        "HelloSecure" => {
            if let Some(denied) = caller.require() {
                return denied;
            }
            let name = text(&dto, "name").unwrap_or_default();
            Reply::Json(StatusCode::OK, json!({"result": format!("Hello, {name}!")}))
        }
        "InviteChatMember" => {
            if let Some(denied) = caller.require() {
                return denied;
            }
            let Some(session_id) = text(&dto, "sessionId").filter(|s| !s.is_empty()) else {
                return validation("SessionId", "'Session Id' must not be empty.");
            };
            let Some(member) = text(&dto, "memberToAdd").filter(|s| !s.is_empty()) else {
                return validation("MemberToAdd", "'Member To Add' must not be empty.");
            };
            if session_id == "sess-404" {
                return error_reply(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    &format!("Session '{session_id}' does not exist"),
                    &[],
                );
            }
            let caller_id = text(&dto, "callerId").unwrap_or_default();
            Reply::Json(
                StatusCode::OK,
                json!({
                    "id": session_id,
                    "dateCreated": "2023-11-14T22:13:20Z",
                    "dialState": "Active",
                    "callState": "Connected",
                    "queueState": "None",
                    "accountId": "acc-1",
                    "channel": "Chat",
                    "direction": "Outgoing",
                    "fromAddress": caller_id,
                    "members": [
                        {"identity": caller_id, "displayName": "Caller", "isOriginalMember": true,
                         "callState": "Connected", "role": "Caller", "muted": false},
                        {"identity": member, "isOriginalMember": false,
                         "callState": "Ringing", "role": "Agent", "muted": false}
                    ],
                    "ended": false,
                    "wasMissed": false
                }),
            )
        }
        "QueryTodos" => {
            let ids = numbers(&dto, "ids");
            let contains = text(&dto, "textContains");
            let state = lock(state);
            let results: Vec<Value> = state
                .todos
                .values()
                .filter(|todo| ids.is_empty() || ids.contains(&todo["id"].as_i64().unwrap_or(0)))
                .filter(|todo| {
                    contains
                        .as_deref()
                        .is_none_or(|needle| todo["text"].as_str().unwrap_or("").contains(needle))
                })
                .cloned()
                .collect();
            Reply::Json(
                StatusCode::OK,
                json!({"offset": 0, "total": results.len(), "results": results}),
            )
        }
        "CreateTodo" => {
            let Some(todo_text) = text(&dto, "text").filter(|s| !s.trim().is_empty()) else {
                return validation("Text", "'Text' must not be empty.");
            };
            let mut state = lock(state);
            let id = state.next_todo;
            state.next_todo += 1;
            let todo = json!({"id": id, "text": todo_text, "isFinished": false});
            state.todos.insert(id, todo.clone());
            Reply::Json(StatusCode::OK, todo)
        }
        "UpdateTodo" => {
            let id = number(&dto, "id").unwrap_or(0);
            let mut state = lock(state);
            let Some(todo) = state.todos.get_mut(&id) else {
                return error_reply(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    &format!("Todo {id} does not exist"),
                    &[],
                );
            };
            if let Some(new_text) = text(&dto, "text") {
                todo["text"] = Value::String(new_text);
            }
            if let Some(finished) = dto.get("isfinished") {
                todo["isFinished"] = Value::Bool(
                    finished
                        .as_bool()
                        .unwrap_or_else(|| finished.as_str() == Some("true")),
                );
            }
            Reply::Json(StatusCode::OK, todo.clone())
        }
        "DeleteTodo" => {
            let id = number(&dto, "id").unwrap_or(0);
            lock(state).todos.remove(&id);
            Reply::Empty(StatusCode::NO_CONTENT)
        }
        "DeleteTodos" => {
            let ids = numbers(&dto, "ids");
            let mut state = lock(state);
            for id in ids {
                state.todos.remove(&id);
            }
            Reply::Empty(StatusCode::NO_CONTENT)
        }
        "GetGreeting" => {
            let name = text(&dto, "name").unwrap_or_else(|| "stranger".to_owned());
            Reply::Text(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                format!("Hi {name} & welcome").into_bytes(),
            )
        }
        "GetFile" => {
            let path = text(&dto, "path").unwrap_or_default();
            let mut body = vec![0u8, 159, 146, 150, 255];
            body.extend_from_slice(path.as_bytes());
            Reply::Text(StatusCode::OK, "application/octet-stream", body)
        }
        "Authenticate" => {
            let user = text(&dto, "userName").unwrap_or_default();
            let password = text(&dto, "password").unwrap_or_default();
            if text(&dto, "provider").as_deref() != Some("credentials")
                || user != USER_NAME
                || password != PASSWORD
            {
                return error_reply(
                    StatusCode::UNAUTHORIZED,
                    "Unauthorized",
                    "Invalid UserName or Password",
                    &[],
                );
            }
            let mut state = lock(state);
            state.issued += 1;
            let n = state.issued;
            let (access, refresh, session) =
                (format!("at-{n}"), format!("rt-{n}"), format!("sess{n}"));
            state.access_tokens.insert(access.clone());
            state.refresh_tokens.insert(refresh.clone());
            state.sessions.insert(session.clone());
            Reply::WithCookies(
                Box::new(Reply::Json(
                    StatusCode::OK,
                    json!({
                        "userId": "1",
                        "sessionId": session,
                        "userName": USER_NAME,
                        "displayName": "Admin User",
                        "bearerToken": access,
                        "refreshToken": refresh,
                        "roles": ["Admin"],
                        "permissions": []
                    }),
                )),
                vec![
                    format!("ss-id={session}; path=/; samesite=strict; httponly"),
                    "ss-pid=perm123; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly".to_owned(),
                    "ss-opt=temp; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
                ],
            )
        }
        "GetAccessToken" => {
            let token = text(&dto, "refreshToken").unwrap_or_default();
            let mut state = lock(state);
            if !state.refresh_tokens.contains(&token) {
                return error_reply(
                    StatusCode::UNAUTHORIZED,
                    "RefreshTokenException",
                    "Invalid Refresh Token",
                    &[],
                );
            }
            state.issued += 1;
            let access = format!("at-{}", state.issued);
            state.access_tokens.insert(access.clone());
            Reply::Json(StatusCode::OK, json!({"accessToken": access}))
        }
        _ => error_reply(
            StatusCode::NOT_FOUND,
            "NotImplementedException",
            &format!("The operation '{operation}' does not exist for this service"),
            &[],
        ),
    }
}

#[cfg(test)]
mod self_tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(basic("user", "pass"), "dXNlcjpwYXNz");
        assert_eq!(
            basic(USER_NAME, PASSWORD),
            "YWRtaW5AZW1haWwuY29tOnBANTV3T3Jk"
        );
        assert_eq!(
            query_pairs("a=1&b&c=x+y%20z%2B&d="),
            vec![
                ("a".into(), Some("1".into())),
                ("b".into(), None),
                ("c".into(), Some("x y z+".into())),
                ("d".into(), Some(String::new())),
            ]
        );
        assert_eq!(percent_decode("%E6%97%A5%"), "日%");
        let (op, values, batch) = route(&Method::GET, "/files/a/b.txt").unwrap();
        assert_eq!((op.as_str(), batch), ("GetFile", false));
        assert_eq!(values, vec![("Path".to_owned(), "a/b.txt".to_owned())]);
        assert!(route(&Method::POST, "/api/CreateTodo[]").unwrap().2);
        assert!(route(&Method::GET, "/todos/1").is_none());
        let (_, values, _) = route(&Method::GET, "/hello/A%20B%2FC").unwrap();
        assert_eq!(values, vec![("Name".to_owned(), "A B/C".to_owned())]);
    }
}
