//! The blocking client (feature `blocking`): the same calls as the async
//! [`JsonServiceClient`](super::JsonServiceClient), built and read by the same code.
//!
//! Like `reqwest::blocking`, it must not be created, used or dropped inside an async runtime.

use std::fmt;
use std::io::Read as _;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::CONTENT_TYPE;

use crate::request::{HttpMethod, ServiceRequest};

use super::auth::{Authenticate, AuthenticateResponse};
use super::body::{LimitedBody, Next};
use super::config::{Settings, settings_methods};
use super::error::{Error, RequestError, TransportError};
use super::hooks::PreparedRequest;
use super::prepare::{self, Context};
use super::redirect::Redirects;
use super::refresh::Turn;
use super::state::{
    CallOptions, CallSettings, Deadline, Received, Stamp, State, Take, lock, read, state_methods,
    write,
};
use super::trace::CallSpan;
use super::upload::{Upload, UploadFile};
use super::url::Endpoint;

type AuthHook = Arc<dyn Fn(&JsonServiceClient) -> bool + Send + Sync>;

/// A typed blocking client for ServiceStack APIs, sending JSON.
///
/// Cloning is cheap and clones share the connection pool, credentials and cookies.
///
/// ```no_run
/// # use servicestack_runtime::{AuthRequirement, BodyError, HttpMethod, ResponseKind, Route, ServiceRequest};
/// # #[derive(serde::Serialize, Default)]
/// # struct Hello { name: Option<String> }
/// # impl ServiceRequest for Hello {
/// #     type Response = serde_json::Value;
/// #     const OPERATION_NAME: &'static str = "Hello";
/// #     const METHOD: HttpMethod = HttpMethod::Get;
/// #     const ROUTES: &'static [Route] = &[];
/// #     const AUTH: AuthRequirement = AuthRequirement::NONE;
/// #     const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
/// #     fn decode_response(body: &[u8]) -> Result<Self::Response, BodyError> {
/// #         servicestack_runtime::decode::json(body)
/// #     }
/// # }
/// use servicestack_runtime::client::blocking::JsonServiceClient;
///
/// # fn run() -> Result<(), servicestack_runtime::client::Error> {
/// let client = JsonServiceClient::new("https://example.org");
/// let response = client.send(&Hello { name: Some("World".into()) })?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct JsonServiceClient {
    inner: Arc<Inner>,
    call: CallSettings,
}

struct Inner {
    http: reqwest::blocking::Client,
    state: State,
    on_auth_required: Option<AuthHook>,
}

/// Builds a blocking [`JsonServiceClient`]; see [`JsonServiceClient::builder`].
pub struct JsonServiceClientBuilder {
    settings: Settings,
    http: Option<reqwest::blocking::Client>,
    on_auth_required: Option<AuthHook>,
}

impl JsonServiceClientBuilder {
    settings_methods!();

    /// Sends requests with this `reqwest::blocking::Client`. The client's timeout, user agent,
    /// headers and cookie handling still apply per request. Build it from
    /// [`JsonServiceClient::http_client_builder`] (redirects off), so that this client decides
    /// every redirect and keeps credentials with their origin.
    pub fn http_client(mut self, client: reqwest::blocking::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Called when a request gets a 401 that a refresh token could not fix (none set, or the
    /// refresh failed). It can sign in again through the client it gets and returns whether to
    /// retry the request, which happens at most once.
    pub fn on_auth_required(
        mut self,
        hook: impl Fn(&JsonServiceClient) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.on_auth_required = Some(Arc::new(hook));
        self
    }

    /// Creates the client. Fails when the base URL is not an absolute http(s) URL, a header is
    /// invalid or the HTTP client cannot be created.
    pub fn build(self) -> Result<JsonServiceClient, Error> {
        self.settings
            .validate()
            .map_err(|message| Error::Request(RequestError::new("", message)))?;
        let http = match self.http {
            Some(http) => http,
            None => default_http_client().map_err(|error| {
                Error::Request(RequestError::new(
                    "",
                    format!("cannot create the HTTP client: {error}"),
                ))
            })?,
        };
        Ok(JsonServiceClient::from_parts(
            self.settings,
            http,
            self.on_auth_required,
        ))
    }
}

impl fmt::Debug for JsonServiceClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonServiceClientBuilder")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn default_http_client() -> reqwest::Result<reqwest::blocking::Client> {
    JsonServiceClient::http_client_builder().build()
}

impl JsonServiceClient {
    /// A client for the ServiceStack server at `base_url`, with default settings. An invalid
    /// base URL makes each call fail with [`Error::Request`].
    ///
    /// # Panics
    ///
    /// Like `reqwest::blocking::Client::new`, when the TLS backend cannot be initialized or
    /// when called inside an async runtime.
    pub fn new(base_url: impl AsRef<str>) -> Self {
        let http = default_http_client().expect("cannot initialize the HTTP client (TLS backend)");
        Self::from_parts(Settings::new(base_url.as_ref()), http, None)
    }

    /// A `reqwest::blocking::ClientBuilder` set up the way this client needs one (redirects
    /// off, connect timeout of half [`DEFAULT_TIMEOUT`](super::DEFAULT_TIMEOUT), no client-wide
    /// timeout: the per-call deadline decides).
    pub fn http_client_builder() -> reqwest::blocking::ClientBuilder {
        reqwest::blocking::Client::builder()
            .connect_timeout(super::config::DEFAULT_TIMEOUT / 2)
            // The per-request timeout decides; reqwest's blocking default (30 s) must not cut it.
            .timeout(None)
            .redirect(reqwest::redirect::Policy::none())
    }

    /// A builder for a client of the server at `base_url`.
    pub fn builder(base_url: impl AsRef<str>) -> JsonServiceClientBuilder {
        JsonServiceClientBuilder {
            settings: Settings::new(base_url.as_ref()),
            http: None,
            on_auth_required: None,
        }
    }

    fn from_parts(
        settings: Settings,
        http: reqwest::blocking::Client,
        hook: Option<AuthHook>,
    ) -> Self {
        JsonServiceClient {
            inner: Arc::new(Inner {
                http,
                state: State::new(settings),
                on_auth_required: hook,
            }),
            call: CallSettings::default(),
        }
    }

    fn state(&self) -> &State {
        &self.inner.state
    }

    state_methods!();

    /// Calls the operation with the verb it declares (`R::METHOD`).
    pub fn send<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(R::METHOD, request)
    }

    /// Calls the operation with an explicit verb. GET, DELETE, HEAD and OPTIONS put the
    /// request's fields in the query string; other verbs send it as the JSON body.
    pub fn send_with<R: ServiceRequest>(
        &self,
        method: HttpMethod,
        request: &R,
    ) -> Result<R::Response, Error> {
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::typed(cx, method, request),
            |body| R::decode_response(body).map_err(Error::Body),
        )
    }

    /// Calls the operation (with the verb it declares) and returns the response unread, for
    /// large downloads: read it with [`std::io::Read`]; memory stays bounded and the size limit
    /// does not apply. The call's timeout covers the whole download (see `with_timeout`).
    pub fn send_streaming<R: ServiceRequest>(
        &self,
        request: &R,
    ) -> Result<StreamingResponse, Error> {
        let deadline = self.state().deadline(&self.call);
        let build = |cx: &Context<'_>| prepare::typed(cx, R::METHOD, request);
        let (received, response) =
            self.answer(deadline, CallOptions::NORMAL, &build, Take::Stream)?;
        received.check()?;
        let url = received.request.url.as_str();
        response
            .map(|response| StreamingResponse {
                url: url.split(['?', '#']).next().unwrap_or(url).to_owned(),
                response,
            })
            .ok_or_else(|| Error::Request(RequestError::new("", "no response to stream")))
    }

    /// Uploads `files` with `request` (POST, `multipart/form-data`): the request's set members
    /// as form fields (by wire name; lists, maps and objects in ServiceStack's JSV form, as in
    /// query strings), then one part per file with its field name, file name and content type.
    /// Files from disk or a reader are streamed, never held in memory whole. The URL is the
    /// operation's (its route with `RouteMode::UserDefined`); the response and errors are read
    /// as for `send`.
    ///
    /// ```no_run
    /// # use servicestack_runtime::{ServiceRequest};
    /// # fn run<R: ServiceRequest>(client: servicestack_runtime::client::blocking::JsonServiceClient, request: R) -> Result<(), servicestack_runtime::client::Error> {
    /// use servicestack_runtime::client::UploadFile;
    ///
    /// let files = [
    ///     UploadFile::new("avatar", "me.png", "image/png", vec![0x89, b'P', b'N', b'G']),
    ///     UploadFile::from_path("document", "report.pdf", "application/pdf"),
    /// ];
    /// let response = client.post_files_with_request(&request, files)?;
    /// # Ok(()) }
    /// ```
    pub fn post_files_with_request<R: ServiceRequest>(
        &self,
        request: &R,
        files: impl IntoIterator<Item = UploadFile>,
    ) -> Result<R::Response, Error> {
        let upload = Arc::new(Upload {
            fields: prepare::upload_fields(request)?,
            files: files.into_iter().collect(),
        });
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::upload(cx, request, &upload),
            |body| R::decode_response(body).map_err(Error::Body),
        )
    }

    /// Every result of an AutoQuery request, fetching page after page with `Skip`/`Take`: the
    /// blocking twin of the async client's
    /// [`query_all`](super::JsonServiceClient::query_all), with the same paging rules (the
    /// request's `Skip` is where results start, its `Take` caps them in all, `Total` is asked
    /// for, a short page is not the end while the total says more). Each page is fetched when
    /// the iterator reaches it; an error is yielded once and ends the iteration.
    pub fn query_all<R: crate::AutoQuery>(
        &self,
        request: &R,
    ) -> impl std::iter::FusedIterator<
        Item = Result<<R::Response as crate::QueryResults>::Item, Error>,
    > + use<R> {
        super::paging::QueryAllIter::new(self, request)
    }

    /// Calls the operation with GET.
    pub fn get<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Get, request)
    }

    /// Calls the operation with POST.
    pub fn post<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Post, request)
    }

    /// Calls the operation with PUT.
    pub fn put<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Put, request)
    }

    /// Calls the operation with PATCH.
    pub fn patch<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Patch, request)
    }

    /// Calls the operation with DELETE.
    pub fn delete<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Delete, request)
    }

    /// Calls the operation once for each request in one HTTP call (POST `{base}/api/{Op}[]`);
    /// one response per request, in order. An empty batch makes no HTTP call.
    pub fn send_all<R: ServiceRequest>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::batch(cx, requests, Endpoint::Reply),
            |body| prepare::decode_batch::<R>(body, requests.len()),
        )
    }

    /// Sends a batch to the one-way endpoint; the answer is not read. An empty batch makes no
    /// HTTP call.
    pub fn send_all_oneway<R: ServiceRequest>(&self, requests: &[R]) -> Result<(), Error> {
        if requests.is_empty() {
            return Ok(());
        }
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::batch(cx, requests, Endpoint::OneWay),
            |_| Ok(()),
        )
    }

    /// Sends a one-way request (POST to the one-way endpoint); the answer is not read.
    pub fn publish<R: ServiceRequest>(&self, request: &R) -> Result<(), Error> {
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::one_way(cx, request),
            |_| Ok(()),
        )
    }

    /// Signs in with ServiceStack's `credentials` provider and keeps the returned tokens and
    /// session cookies.
    pub fn authenticate(
        &self,
        user_name: &str,
        password: &str,
    ) -> Result<AuthenticateResponse, Error> {
        let url = prepare::reply_url(&self.state().settings, "Authenticate");
        let body = Authenticate {
            provider: "credentials",
            user_name,
            password,
        };
        let response: AuthenticateResponse = self.call(
            CallOptions::SIGN_IN,
            |cx| prepare::post_json(cx, "Authenticate", &url, &body),
            |body| crate::request::decode::json(body).map_err(Error::Body),
        )?;
        write(&self.state().auth).apply_authenticate(&response);
        Ok(response)
    }

    /// Gets a new bearer token from `GetAccessToken` with the refresh token. The refresh token
    /// is never sent through a redirect.
    pub fn refresh_access_token(&self) -> Result<(), Error> {
        self.refresh_until(self.state().deadline(&self.call))
    }

    /// Builds, sends and reads one logical call within the call's timeout.
    fn call<T>(
        &self,
        options: CallOptions,
        build: impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let deadline = self.state().deadline(&self.call);
        let (received, _) = self.answer(deadline, options, &build, Take::Whole)?;
        received.finish(finish)
    }

    /// The answer to a call before `deadline`, as in the async client: retries, redirects,
    /// one recovery from a 401; with [`Take::Stream`] a success body is left unread.
    fn answer(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Option<reqwest::blocking::Response>), Error> {
        let span = CallSpan::start();
        let outcome = span.in_scope(|| self.attempts(deadline, options, build, take, &span));
        span.finish(&outcome);
        outcome
    }

    /// The attempts of a call, in its span.
    fn attempts(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
        span: &CallSpan,
    ) -> Result<(Received, Option<reqwest::blocking::Response>), Error> {
        let state = self.state();
        let mut attempt = 0;
        loop {
            let (request, stamp) = state.prepare(&self.call, options, build, None)?;
            let method = request.method;
            span.attempt(&request, attempt);
            let outcome = self.recovering(request, stamp, deadline, options, build, take);
            match state.retry_wait(&self.call, &outcome, method, &mut attempt, deadline) {
                Some(wait) => {
                    span.retrying(wait);
                    std::thread::sleep(wait);
                }
                None => return outcome,
            }
        }
    }

    /// One attempt: redirects followed, then one recovery from a 401.
    fn recovering(
        &self,
        request: PreparedRequest,
        stamp: Stamp,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Option<reqwest::blocking::Response>), Error> {
        let (received, stamp, response) =
            self.follow(request, stamp, deadline, options, build, take)?;
        if received.status == 401
            && options.recover
            && self.recover(received.request.url.as_str(), stamp, deadline)?
        {
            let (request, stamp) = self.state().prepare(&self.call, options, build, None)?;
            let (received, _, response) =
                self.follow(request, stamp, deadline, options, build, take)?;
            return Ok((received, response));
        }
        Ok((received, response))
    }

    /// Sends a request and follows its redirects, as the async client does.
    fn follow(
        &self,
        mut request: PreparedRequest,
        mut stamp: Stamp,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Stamp, Option<reqwest::blocking::Response>), Error> {
        let mut redirects = Redirects::new(&request, options.follow_redirects);
        loop {
            let (received, response) = self.exchange(request, deadline, take)?;
            let hop = redirects.next(
                &received.request.url,
                &received.request.operation,
                received.status,
                received.location.as_deref(),
            )?;
            match hop {
                None => return Ok((received, stamp, response)),
                Some(hop) => {
                    (request, stamp) =
                        self.state()
                            .prepare(&self.call, options, build, Some(&hop))?;
                }
            }
        }
    }

    fn exchange(
        &self,
        mut request: PreparedRequest,
        deadline: Deadline,
        take: Take,
    ) -> Result<(Received, Option<reqwest::blocking::Response>), Error> {
        let state = self.state();
        let timeout = deadline.remaining(request.url.as_str())?;
        let (headers, body) = state.split_for_sending(&mut request);
        // A request built whole (not through the builder): the header map moves in as it is.
        let mut http_request = reqwest::blocking::Request::new(
            super::async_client::to_reqwest(request.method),
            request.url.clone(),
        );
        *http_request.headers_mut() = headers;
        if let Some(body) = body {
            *http_request.body_mut() = Some(body.into());
        }
        if let Some(upload) = &request.upload {
            let (content_type, body) = super::multipart::blocking_body(upload, &request.operation)?;
            http_request
                .headers_mut()
                .insert(CONTENT_TYPE, content_type);
            *http_request.body_mut() = Some(body);
        }
        // The request timeout is a deadline for reading the body too.
        *http_request.timeout_mut() = timeout;
        let url = request.url.as_str();
        let transport = |error| Error::Transport(TransportError::from_reqwest(url, error));
        let started = Instant::now();
        let mut response = self.inner.http.execute(http_request).map_err(transport)?;
        let head = state.head(
            response.url(),
            response.status().as_u16(),
            response.headers(),
        );
        if take == Take::Stream && head.status < 300 {
            let received =
                state.received(request, head, bytes::Bytes::new(), false, started.elapsed());
            return Ok((received, Some(response)));
        }
        let mut body = state.body_reader(&self.call, &request, &head, response.content_length())?;
        if let Some(reader) = &mut body {
            let mut chunk = vec![0; 16 * 1024];
            loop {
                let read = match response.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(read) => read,
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => return Err(read_error(url, error)),
                };
                if reader.push(url, &chunk[..read]).map_err(Error::Transport)? == Next::Stop {
                    break;
                }
            }
        }
        let (body, truncated) = body.map(LimitedBody::finish).unwrap_or_default();
        Ok((
            state.received(request, head, body, truncated, started.elapsed()),
            None,
        ))
    }

    /// Whether a request that got a 401 is retried, as in the async client: one refresh for a
    /// burst of 401s, its outcome shared, waiting until the call's deadline.
    fn recover(&self, url: &str, failed: Stamp, deadline: Deadline) -> Result<bool, Error> {
        let state = self.state();
        if state.generation() != failed.generation {
            return Ok(true);
        }
        let mut refresh_error = None;
        if state.has_refresh_token() {
            let turn = state
                .refresh
                .join_blocking(failed.ticket, deadline.0)
                .map_err(|_| {
                    Error::Transport(TransportError::deadline(
                        url,
                        "the call's timeout passed while waiting for the access-token refresh"
                            .to_owned(),
                    ))
                })?;
            let outcome = match turn {
                Turn::Shared(outcome) => outcome,
                Turn::Run(flight) => {
                    let outcome = self.refresh_until(deadline).map_err(Arc::new);
                    flight.finish(outcome.clone());
                    outcome
                }
            };
            match outcome {
                Ok(()) => return Ok(true),
                Err(error) => refresh_error = Some(error),
            }
        }
        if let Some(hook) = &self.inner.on_auth_required {
            return Ok(state.generation() != failed.generation || hook(self));
        }
        match refresh_error {
            Some(error) => Err(Error::Refresh(error)),
            None => Ok(false),
        }
    }

    /// `GetAccessToken`, within `deadline`; keeps the new bearer token.
    fn refresh_until(&self, deadline: Deadline) -> Result<(), Error> {
        let (url, refresh_token) = self.state().refresh_request()?;
        let build = |cx: &Context<'_>| State::build_refresh(cx, &url, &refresh_token);
        let (received, _) = self.answer(deadline, CallOptions::REFRESH, &build, Take::Whole)?;
        let access_token = received.finish(prepare::access_token)?;
        write(&self.state().auth).set_bearer_token(Some(access_token));
        Ok(())
    }
}

/// A successful response whose body has not been read yet (from
/// [`JsonServiceClient::send_streaming`]): read it with [`std::io::Read`] (e.g.
/// `std::io::copy` into a file); the call's timeout still applies to the reading. Dropping it
/// closes the connection.
pub struct StreamingResponse {
    url: String,
    response: reqwest::blocking::Response,
}

impl StreamingResponse {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        super::streaming::content_type(self.headers())
    }

    /// The announced length of the body, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The file name the server suggests in `Content-Disposition`, reduced to its last path
    /// component so that it cannot name another directory.
    pub fn file_name(&self) -> Option<String> {
        super::streaming::file_name(self.headers())
    }
}

impl std::io::Read for StreamingResponse {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.response.read(buf)
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("url", &self.url)
            .field("status", &self.status())
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// A failed body read: reqwest's error (a timeout, a reset) when there is one inside.
fn read_error(url: &str, error: std::io::Error) -> Error {
    let kind = error.kind();
    let transport = match error.into_inner() {
        Some(inner) => match inner.downcast::<reqwest::Error>() {
            Ok(error) => TransportError::from_reqwest(url, *error),
            Err(other) => TransportError::io(url, std::io::Error::new(kind, other)),
        },
        None => TransportError::io(url, std::io::Error::from(kind)),
    };
    Error::Transport(transport)
}

impl fmt::Debug for JsonServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonServiceClient")
            .field("settings", &self.state().settings)
            .field("auth", &*read(&self.state().auth))
            .field("cookies", &*lock(&self.state().cookies))
            .finish_non_exhaustive()
    }
}
