//! The async client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
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
use super::streaming::StreamingResponse;
use super::trace::CallSpan;
use super::upload::{Upload, UploadFile};
use super::url::Endpoint;

type AuthHook =
    Arc<dyn Fn(JsonServiceClient) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

/// A typed async client for ServiceStack APIs, sending JSON.
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
/// use servicestack_runtime::JsonServiceClient;
///
/// # async fn run() -> Result<(), servicestack_runtime::client::Error> {
/// let client = JsonServiceClient::new("https://example.org");
/// // GET https://example.org/api/Hello?name=World
/// let response = client.send(&Hello { name: Some("World".into()) }).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct JsonServiceClient {
    inner: Arc<Inner>,
    call: CallSettings,
}

struct Inner {
    http: reqwest::Client,
    state: State,
    on_auth_required: Option<AuthHook>,
}

/// Builds a [`JsonServiceClient`]; see [`JsonServiceClient::builder`].
pub struct JsonServiceClientBuilder {
    settings: Settings,
    http: Option<reqwest::Client>,
    on_auth_required: Option<AuthHook>,
}

impl JsonServiceClientBuilder {
    settings_methods!();

    /// Sends requests with this `reqwest::Client` (proxies, TLS roots, connection pool...). The
    /// client's timeout, user agent, headers and cookie handling still apply per request.
    ///
    /// Build it from [`JsonServiceClient::http_client_builder`] (or with
    /// `redirect(reqwest::redirect::Policy::none())`): a client that follows redirects itself
    /// does so before this client can keep credentials, headers and bodies from leaving for
    /// another origin.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Called when a request gets a 401 that a refresh token could not fix (none set, or the
    /// refresh failed). It gets a clone of the client, can sign in again (e.g. with
    /// [`JsonServiceClient::authenticate`] or [`JsonServiceClient::set_bearer_token`]) and
    /// returns whether to retry the request, which happens at most once. It runs within the
    /// failed call's timeout: when that passes first, the hook is dropped and the call fails
    /// with a timeout.
    pub fn on_auth_required<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(JsonServiceClient) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send + 'static,
    {
        self.on_auth_required = Some(Arc::new(move |client| Box::pin(hook(client))));
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

fn default_http_client() -> reqwest::Result<reqwest::Client> {
    JsonServiceClient::http_client_builder().build()
}

impl JsonServiceClient {
    /// A client for the ServiceStack server at `base_url` (e.g. `https://example.org` or
    /// `https://example.org/prefix`), with default settings. An invalid base URL makes each
    /// call fail with [`Error::Request`]; use [`JsonServiceClient::builder`] to have it reported
    /// up front.
    ///
    /// # Panics
    ///
    /// Like `reqwest::Client::new`, when the TLS backend cannot be initialized.
    pub fn new(base_url: impl AsRef<str>) -> Self {
        let http = default_http_client().expect("cannot initialize the HTTP client (TLS backend)");
        Self::from_parts(Settings::new(base_url.as_ref()), http, None)
    }

    /// A `reqwest::ClientBuilder` set up the way this client needs one, to add proxies or TLS
    /// roots before passing the result to [`JsonServiceClientBuilder::http_client`]: redirects
    /// off (the client follows them itself, keeping credentials with their origin) and a
    /// connect timeout of half [`DEFAULT_TIMEOUT`](super::DEFAULT_TIMEOUT).
    pub fn http_client_builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(super::config::DEFAULT_TIMEOUT / 2)
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

    fn from_parts(settings: Settings, http: reqwest::Client, hook: Option<AuthHook>) -> Self {
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
    pub async fn send<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(R::METHOD, request).await
    }

    /// Calls the operation with an explicit verb. GET, DELETE, HEAD and OPTIONS put the
    /// request's fields in the query string; other verbs send it as the JSON body.
    pub async fn send_with<R: ServiceRequest>(
        &self,
        method: HttpMethod,
        request: &R,
    ) -> Result<R::Response, Error> {
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::typed(cx, method, request),
            |body| R::decode_response(body).map_err(Error::Body),
        )
        .await
    }

    /// Calls the operation (with the verb it declares) and returns the response as it arrives,
    /// for large downloads (`Stream`, `byte[]` and file responses): memory stays bounded however
    /// large the body, and the size limit does not apply. The call's timeout still covers the
    /// whole download: give a long one with [`JsonServiceClient::with_timeout`]. Errors
    /// (status 400 and above) are read and returned as for [`JsonServiceClient::send`].
    ///
    /// ```no_run
    /// # use servicestack_runtime::{JsonServiceClient, ServiceRequest};
    /// # async fn run<R: ServiceRequest>(client: JsonServiceClient, request: R) -> Result<(), servicestack_runtime::client::Error> {
    /// let mut download = client.send_streaming(&request).await?;
    /// let name = download.file_name().unwrap_or_else(|| "download.bin".into());
    /// let mut size = 0;
    /// while let Some(chunk) = download.chunk().await? {
    ///     size += chunk.len(); // write it somewhere
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_streaming<R: ServiceRequest>(
        &self,
        request: &R,
    ) -> Result<StreamingResponse, Error> {
        self.open(CallOptions::NORMAL, |cx| {
            prepare::typed(cx, R::METHOD, request)
        })
        .await
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
    /// # async fn run<R: ServiceRequest>(client: servicestack_runtime::JsonServiceClient, request: R) -> Result<(), servicestack_runtime::client::Error> {
    /// use servicestack_runtime::client::UploadFile;
    ///
    /// let files = [
    ///     UploadFile::new("avatar", "me.png", "image/png", vec![0x89, b'P', b'N', b'G']),
    ///     UploadFile::from_path("document", "report.pdf", "application/pdf"),
    /// ];
    /// let response = client.post_files_with_request(&request, files).await?;
    /// # Ok(()) }
    /// ```
    pub async fn post_files_with_request<R: ServiceRequest>(
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
        .await
    }

    /// Every result of an AutoQuery request, fetching page after page with `Skip`/`Take`.
    ///
    /// - The request's `Skip` is where the results start (default 0) and its `Take`, when set,
    ///   caps how many are yielded in all (as for a single call); neither is the page size.
    ///   Pages ask for [`QUERY_ALL_PAGE_SIZE`](super::QUERY_ALL_PAGE_SIZE) results (fewer for the
    ///   last ones under a `Take`).
    /// - `Total` is added to `Include` so that the server counts the results; paging stops at
    ///   that total or at the first empty page, whichever comes first. A page shorter than asked
    ///   for (the server's `MaxLimit`) is not the end while the total says more: the next page
    ///   starts after the results received.
    /// - Each page is one [`send`](JsonServiceClient::send) (retries and refresh included); an
    ///   error is yielded once and ends the stream. Nothing is sent until the stream is polled.
    /// - The stream owns a copy of the request and a clone of the client: it borrows neither,
    ///   and it is `Send`, to be moved into a task.
    ///
    /// Results are yielded in the server's order; give an `OrderBy` so that it is stable from
    /// page to page.
    pub fn query_all<R>(
        &self,
        request: &R,
    ) -> impl futures_core::Stream<Item = Result<<R::Response as crate::QueryResults>::Item, Error>>
    + Send
    + Unpin
    + use<R>
    where
        R: crate::AutoQuery + Send + Sync + 'static,
        R::Response: Send + 'static,
        <R::Response as crate::QueryResults>::Item: Send,
    {
        super::paging::QueryAllStream::new(self, request)
    }

    /// Calls the operation with GET.
    pub async fn get<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Get, request).await
    }

    /// Calls the operation with POST.
    pub async fn post<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Post, request).await
    }

    /// Calls the operation with PUT.
    pub async fn put<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Put, request).await
    }

    /// Calls the operation with PATCH.
    pub async fn patch<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Patch, request).await
    }

    /// Calls the operation with DELETE.
    pub async fn delete<R: ServiceRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(HttpMethod::Delete, request).await
    }

    /// Calls the operation once for each request in one HTTP call: POST `{base}/api/{Op}[]` with
    /// a JSON array; the answer has one response per request, in order. An empty batch makes no
    /// HTTP call.
    pub async fn send_all<R: ServiceRequest>(
        &self,
        requests: &[R],
    ) -> Result<Vec<R::Response>, Error> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::batch(cx, requests, Endpoint::Reply),
            |body| prepare::decode_batch::<R>(body, requests.len()),
        )
        .await
    }

    /// Sends a batch to the one-way endpoint (`{base}/api/{Op}[]`, legacy
    /// `/json/oneway/{Op}[]`); the answer is not read. An empty batch makes no HTTP call.
    pub async fn send_all_oneway<R: ServiceRequest>(&self, requests: &[R]) -> Result<(), Error> {
        if requests.is_empty() {
            return Ok(());
        }
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::batch(cx, requests, Endpoint::OneWay),
            |_| Ok(()),
        )
        .await
    }

    /// Sends a one-way request: POST to the one-way endpoint; the answer is not read (error
    /// statuses still fail).
    pub async fn publish<R: ServiceRequest>(&self, request: &R) -> Result<(), Error> {
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::one_way(cx, request),
            |_| Ok(()),
        )
        .await
    }

    /// Signs in with ServiceStack's `credentials` provider (POST `Authenticate`) and keeps the
    /// returned bearer and refresh tokens (when the server issues them) and session cookies.
    pub async fn authenticate(
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
        let response: AuthenticateResponse = self
            .call(
                CallOptions::SIGN_IN,
                |cx| prepare::post_json(cx, "Authenticate", &url, &body),
                |body| crate::request::decode::json(body).map_err(Error::Body),
            )
            .await?;
        write(&self.state().auth).apply_authenticate(&response);
        Ok(response)
    }

    /// Gets a new bearer token from `GetAccessToken` with the refresh token (what happens by
    /// itself on a 401). Fails with [`Error::Request`] when no refresh token is set. The refresh
    /// token is never sent through a redirect.
    pub async fn refresh_access_token(&self) -> Result<(), Error> {
        self.refresh_until(self.state().deadline(&self.call)).await
    }

    /// Builds, sends and reads one logical call within the call's timeout.
    async fn call<T>(
        &self,
        options: CallOptions,
        build: impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let deadline = self.state().deadline(&self.call);
        let (received, _) = self.answer(deadline, options, &build, Take::Whole).await?;
        received.finish(finish)
    }

    /// Builds and sends one logical call; its body is left to read as it arrives.
    async fn open(
        &self,
        options: CallOptions,
        build: impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
    ) -> Result<StreamingResponse, Error> {
        let deadline = self.state().deadline(&self.call);
        let (received, response) = self.answer(deadline, options, &build, Take::Stream).await?;
        received.check()?;
        let url = received.request.url;
        response
            .map(|response| StreamingResponse::new(url.as_str(), response))
            .ok_or_else(|| Error::Request(RequestError::new("", "no response to stream")))
    }

    /// The answer to a call before `deadline`: retried as the call's retry policy says,
    /// redirects followed, one recovery from a 401. With [`Take::Stream`] a success body is
    /// not read: the response comes back for the caller to read.
    async fn answer(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Option<reqwest::Response>), Error> {
        let span = CallSpan::start();
        let outcome = span
            .instrument(self.attempts(deadline, options, build, take, &span))
            .await;
        span.finish(&outcome);
        outcome
    }

    /// The attempts of a call, in its span.
    async fn attempts(
        &self,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
        span: &CallSpan,
    ) -> Result<(Received, Option<reqwest::Response>), Error> {
        let state = self.state();
        let mut attempt = 0;
        loop {
            let (request, stamp) = state.prepare(&self.call, options, build, None)?;
            let method = request.method;
            span.attempt(&request, attempt);
            let outcome = self
                .recovering(request, stamp, deadline, options, build, take)
                .await;
            match state.retry_wait(&self.call, &outcome, method, &mut attempt, deadline) {
                Some(wait) => {
                    span.retrying(wait);
                    tokio::time::sleep(wait).await;
                }
                None => return outcome,
            }
        }
    }

    /// One attempt: redirects followed, then one recovery from a 401.
    async fn recovering(
        &self,
        request: PreparedRequest,
        stamp: Stamp,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Option<reqwest::Response>), Error> {
        let (received, stamp, response) = self
            .follow(request, stamp, deadline, options, build, take)
            .await?;
        if received.status == 401
            && options.recover
            && Box::pin(self.recover(received.request.url.as_str(), stamp, deadline)).await?
        {
            let (request, stamp) = self.state().prepare(&self.call, options, build, None)?;
            let (received, _, response) = self
                .follow(request, stamp, deadline, options, build, take)
                .await?;
            return Ok((received, response));
        }
        Ok((received, response))
    }

    /// Sends a request and follows its redirects (see the `redirect` module for the rules).
    async fn follow(
        &self,
        mut request: PreparedRequest,
        mut stamp: Stamp,
        deadline: Deadline,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        take: Take,
    ) -> Result<(Received, Stamp, Option<reqwest::Response>), Error> {
        let mut redirects = Redirects::new(&request, options.follow_redirects);
        loop {
            let (received, response) = self.exchange(request, deadline, take).await?;
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

    /// One HTTP exchange: send, keep cookies, read the body under the size limit (not at all
    /// for a redirect, nor for a success to stream), run response hooks.
    async fn exchange(
        &self,
        mut request: PreparedRequest,
        deadline: Deadline,
        take: Take,
    ) -> Result<(Received, Option<reqwest::Response>), Error> {
        let state = self.state();
        let timeout = deadline.remaining(request.url.as_str())?;
        let (headers, body) = state.split_for_sending(&mut request);
        // A request built whole (not through the builder): the header map moves in as it is.
        let mut http_request =
            reqwest::Request::new(to_reqwest(request.method), request.url.clone());
        *http_request.headers_mut() = headers;
        if let Some(body) = body {
            *http_request.body_mut() = Some(body.into());
        }
        if let Some(upload) = &request.upload {
            let (content_type, body) = super::multipart::body(upload, &request.operation).await?;
            http_request
                .headers_mut()
                .insert(CONTENT_TYPE, content_type);
            *http_request.body_mut() = Some(body);
        }
        // A streamed body is read after this returns: reqwest's request timeout keeps covering
        // it. A whole body is read here, under one timer for the exchange (cheaper than the
        // request timeout, which allocates per request).
        if take == Take::Stream {
            *http_request.timeout_mut() = timeout;
        }
        let url = request.url.as_str();
        let transport = |error| Error::Transport(TransportError::from_reqwest(url, error));
        let started = Instant::now();
        let read = async {
            let mut response = self
                .inner
                .http
                .execute(http_request)
                .await
                .map_err(transport)?;
            let head = state.head(
                response.url(),
                response.status().as_u16(),
                response.headers(),
            );
            if take == Take::Stream && head.status < 300 {
                return Ok((head, bytes::Bytes::new(), false, Some(response)));
            }
            let mut body =
                state.body_reader(&self.call, &request, &head, response.content_length())?;
            if let Some(reader) = &mut body {
                while let Some(chunk) = response.chunk().await.map_err(transport)? {
                    if reader.push_bytes(url, chunk).map_err(Error::Transport)? == Next::Stop {
                        break;
                    }
                }
            }
            let (body, truncated) = body.map(LimitedBody::finish).unwrap_or_default();
            Ok::<_, Error>((head, body, truncated, None))
        };
        let (head, body, truncated, response) = match timeout {
            Some(left) if take == Take::Whole => {
                tokio::time::timeout(left, read).await.map_err(|_| {
                    Error::Transport(TransportError::deadline(
                        url,
                        "the call's timeout passed before the response was complete".to_owned(),
                    ))
                })??
            }
            _ => read.await?,
        };
        Ok((
            state.received(request, head, body, truncated, started.elapsed()),
            response,
        ))
    }

    /// Whether a request that got a 401 is retried: yes when another call changed the
    /// credentials meanwhile, after a successful refresh (one for a burst of 401s, its outcome
    /// shared), or when the auth hook says so. Waiting ends at the call's deadline.
    async fn recover(&self, url: &str, failed: Stamp, deadline: Deadline) -> Result<bool, Error> {
        let state = self.state();
        if state.generation() != failed.generation {
            return Ok(true);
        }
        let expired = |what: &str| {
            Error::Transport(TransportError::deadline(
                url,
                format!("the call's timeout passed while waiting for {what}"),
            ))
        };
        let mut refresh_error = None;
        if state.has_refresh_token() {
            let turn = state
                .refresh
                .join(failed.ticket, deadline.0)
                .await
                .map_err(|_| expired("the access-token refresh"))?;
            let outcome = match turn {
                Turn::Shared(outcome) => outcome,
                Turn::Run(flight) => {
                    let outcome = Box::pin(self.refresh_until(deadline))
                        .await
                        .map_err(Arc::new);
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
            if state.generation() != failed.generation {
                return Ok(true);
            }
            let hook = hook(self.clone());
            return match deadline.0 {
                Some(at) => tokio::time::timeout_at(at.into(), hook)
                    .await
                    .map_err(|_| expired("the on_auth_required hook")),
                None => Ok(hook.await),
            };
        }
        match refresh_error {
            Some(error) => Err(Error::Refresh(error)),
            None => Ok(false),
        }
    }

    /// `GetAccessToken`, within `deadline`; keeps the new bearer token.
    async fn refresh_until(&self, deadline: Deadline) -> Result<(), Error> {
        let (url, refresh_token) = self.state().refresh_request()?;
        let build = |cx: &Context<'_>| State::build_refresh(cx, &url, &refresh_token);
        let (received, _) = self
            .answer(deadline, CallOptions::REFRESH, &build, Take::Whole)
            .await?;
        let access_token = received.finish(prepare::access_token)?;
        write(&self.state().auth).set_bearer_token(Some(access_token));
        Ok(())
    }

    /// Calls `url` (on the client's origin or another: credentials go only where the base
    /// URL's origin is, see `redirect`) and leaves the body to read; for Server Events.
    #[cfg_attr(not(feature = "server-events"), allow(dead_code))]
    pub(crate) async fn stream_url(
        &self,
        operation: &'static str,
        method: HttpMethod,
        url: &str,
    ) -> Result<StreamingResponse, Error> {
        self.open(CallOptions::NORMAL, |cx| {
            prepare::to_url(cx, operation, method, url, None)
        })
        .await
    }

    /// Calls `url` and reads the whole answer; for Server Events' heartbeats and unregistering.
    #[cfg_attr(not(feature = "server-events"), allow(dead_code))]
    pub(crate) async fn call_url(
        &self,
        operation: &'static str,
        method: HttpMethod,
        url: &str,
    ) -> Result<bytes::Bytes, Error> {
        self.call(
            CallOptions::NORMAL,
            |cx| prepare::to_url(cx, operation, method, url, None),
            |body| Ok(bytes::Bytes::copy_from_slice(body)),
        )
        .await
    }
}

pub(crate) fn to_reqwest(method: HttpMethod) -> reqwest::Method {
    match method {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
        HttpMethod::Head => reqwest::Method::HEAD,
        HttpMethod::Options => reqwest::Method::OPTIONS,
    }
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
