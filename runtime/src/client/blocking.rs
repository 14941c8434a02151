//! The blocking client (feature `blocking`): the same calls as the async
//! [`JsonServiceClient`](super::JsonServiceClient), built and read by the same code.
//!
//! Like `reqwest::blocking`, it must not be created, used or dropped inside an async runtime.

use std::fmt;
use std::io::Read as _;
use std::sync::Arc;
use std::time::Instant;

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
    CallOptions, CallSettings, Deadline, Received, Stamp, State, lock, read, state_methods, write,
};
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
        self.refresh_until(Deadline::after(self.state().settings.timeout))
    }

    /// Builds, sends and reads one logical call within the client's timeout.
    fn call<T>(
        &self,
        options: CallOptions,
        build: impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let deadline = Deadline::after(self.state().settings.timeout);
        self.call_until(deadline, options, build, finish)
    }

    /// One logical call: redirects followed, one recovery from a 401, all before `deadline`.
    fn call_until<T>(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let (received, stamp) = self.follow(deadline, options, &build)?;
        if received.status == 401
            && options.recover
            && self.recover(received.request.url.as_str(), stamp, deadline)?
        {
            let (retried, _) = self.follow(deadline, options, &build)?;
            return retried.finish(finish);
        }
        received.finish(finish)
    }

    /// Sends a request and follows its redirects, as the async client does.
    fn follow(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
    ) -> Result<(Received, Stamp), Error> {
        let state = self.state();
        let (mut request, mut stamp) = state.prepare(options, build, None)?;
        let mut redirects = Redirects::new(&request, options.follow_redirects);
        loop {
            let received = self.exchange(request, deadline)?;
            let hop = redirects.next(
                &received.request.url,
                &received.request.operation,
                received.status,
                received.location.as_deref(),
            )?;
            match hop {
                None => return Ok((received, stamp)),
                Some(hop) => (request, stamp) = state.prepare(options, build, Some(&hop))?,
            }
        }
    }

    fn exchange(
        &self,
        mut request: PreparedRequest,
        deadline: Deadline,
    ) -> Result<Received, Error> {
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
        let mut body = state.body_reader(self.call, &request, &head, response.content_length())?;
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
        Ok(state.received(request, head, body, truncated, started.elapsed()))
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
        let access_token = self.call_until(
            deadline,
            CallOptions::REFRESH,
            |cx| State::build_refresh(cx, &url, &refresh_token),
            prepare::access_token,
        )?;
        write(&self.state().auth).set_bearer_token(Some(access_token));
        Ok(())
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
