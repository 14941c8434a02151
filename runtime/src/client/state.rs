//! The state both clients keep between calls (credentials, cookies, settings) and the parts of a
//! call that do no I/O.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};

use crate::request::HttpMethod;

use super::auth::{AuthState, GetAccessToken};
use super::body::LimitedBody;
use super::config::Settings;
use super::cookies::CookieJar;
use super::error::{Error, RequestError, TransportError};
use super::hooks::{PreparedRequest, ResponseInfo};
use super::prepare::{self, Context};
use super::redirect::{self, Hop};
use super::refresh::RefreshGate;
use super::retry::{Failure, RetryPolicy, parse_retry_after};

pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How one logical call behaves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallOptions {
    /// Send the `Authorization` header.
    pub(crate) with_auth: bool,
    /// On a 401, refresh or ask the auth hook, then retry once.
    pub(crate) recover: bool,
    /// Follow redirects (within the rules of [`redirect`]).
    pub(crate) follow_redirects: bool,
}

impl CallOptions {
    pub(crate) const NORMAL: CallOptions = CallOptions {
        with_auth: true,
        recover: true,
        follow_redirects: true,
    };
    /// The client's own `Authenticate` call: a 401 there means wrong credentials, and the user
    /// name and password never follow a redirect.
    pub(crate) const SIGN_IN: CallOptions = CallOptions {
        with_auth: true,
        recover: false,
        follow_redirects: false,
    };
    /// `GetAccessToken` must not present the expired token it replaces, and the refresh token
    /// never follows a redirect.
    pub(crate) const REFRESH: CallOptions = CallOptions {
        with_auth: false,
        recover: false,
        follow_redirects: false,
    };
}

/// Settings one client value applies to its calls on top of the shared [`Settings`] (the
/// `with_*` methods of the clients). `None` keeps the client's setting.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallSettings {
    pub(crate) max_response_size: Option<u64>,
    /// `Some(None)`: no timeout.
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) retry: Option<Option<RetryPolicy>>,
    /// Headers added to (or replacing those of) every request of these calls.
    pub(crate) headers: Arc<HeaderMap>,
    /// The first invalid `with_header`, reported by every call.
    pub(crate) invalid: Option<Arc<str>>,
}

impl CallSettings {
    /// Adds a header, or records why it is invalid.
    pub(crate) fn add_header(&mut self, name: &str, value: &str) {
        match super::hooks::header(name, value) {
            Some((name, value)) => {
                Arc::make_mut(&mut self.headers).append(name, value);
            }
            None => {
                self.invalid.get_or_insert_with(|| {
                    format!("invalid header `{name}` given to with_header").into()
                });
            }
        }
    }
}

/// How a call takes its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    /// Read the whole body (under the size limit).
    Whole,
    /// Leave a success body to the caller, to read as it arrives.
    Stream,
}

/// When a whole call (redirects, refresh and retry included) must be over.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(pub(crate) Option<Instant>);

impl Deadline {
    pub(crate) fn after(timeout: Option<Duration>) -> Self {
        Deadline(timeout.and_then(|timeout| Instant::now().checked_add(timeout)))
    }

    /// Whether waiting `wait` still leaves time before the deadline.
    pub(crate) fn allows(&self, wait: Duration) -> bool {
        self.0.is_none_or(|deadline| {
            Instant::now()
                .checked_add(wait)
                .is_some_and(|end| end < deadline)
        })
    }

    /// The time left for the next exchange with `url`; a timeout error when none is.
    pub(crate) fn remaining(&self, url: &str) -> Result<Option<Duration>, Error> {
        let Some(deadline) = self.0 else {
            return Ok(None);
        };
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(Error::Transport(TransportError::deadline(
                url,
                "the call's timeout passed before this request could be sent".to_owned(),
            ))),
        }
    }
}

/// What a later 401 needs to know about when a request was built.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    /// The credentials' generation.
    pub(crate) generation: u64,
    /// The refresh ticket (see [`RefreshGate`]).
    pub(crate) ticket: u64,
}

/// The head of a response, as the client keeps it.
pub(crate) struct ResponseHead {
    pub(crate) status: u16,
    /// Empty unless response hooks will see it.
    pub(crate) headers: HeaderMap,
    pub(crate) content_type: Option<HeaderValue>,
    /// The `Location` of a redirect.
    pub(crate) location: Option<String>,
    /// `Retry-After`, read on the statuses a retry policy looks at.
    pub(crate) retry_after: Option<Duration>,
}

impl ResponseHead {
    /// A redirect the client will look at: its body is not read.
    pub(crate) fn is_redirect(&self) -> bool {
        self.location.is_some()
    }
}

/// A response: its body read under the size limit, or not read at all for a redirect.
pub(crate) struct Received {
    pub(crate) request: PreparedRequest,
    pub(crate) status: u16,
    pub(crate) body: bytes::Bytes,
    pub(crate) body_truncated: bool,
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) location: Option<String>,
    pub(crate) retry_after: Option<Duration>,
}

impl Received {
    /// The error an unsuccessful status means (see `prepare::check_status`).
    pub(crate) fn check(&self) -> Result<(), Error> {
        prepare::check_status(&self.request, self.status, &self.body, self.body_truncated)
    }

    /// What a retry policy sees of this response.
    pub(crate) fn failure(&self) -> Failure {
        Failure::Status {
            status: self.status,
            retry_after: self.retry_after,
        }
    }

    /// The call's result: an API error for statuses of 400 and above, else `finish(body)`.
    pub(crate) fn finish<T>(
        self,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        prepare::check_status(&self.request, self.status, &self.body, self.body_truncated)?;
        finish(&self.body).map_err(|error| {
            let content_type = self
                .content_type
                .as_ref()
                .and_then(|value| value.to_str().ok());
            prepare::explain_html(error, content_type, &self.body)
        })
    }
}

pub(crate) struct State {
    pub(crate) settings: Settings,
    pub(crate) auth: RwLock<AuthState>,
    pub(crate) cookies: Mutex<CookieJar>,
    pub(crate) refresh: RefreshGate,
}

impl State {
    pub(crate) fn new(mut settings: Settings) -> Self {
        let auth = std::mem::take(&mut settings.auth);
        State {
            settings,
            auth: RwLock::new(auth),
            cookies: Mutex::new(CookieJar::default()),
            refresh: RefreshGate::default(),
        }
    }

    /// Builds a request with the current credentials and cookies and runs the request hooks;
    /// `hop` points it at a redirect's target. Also returns when it was built, to tell later
    /// whether the credentials changed or a refresh finished since.
    pub(crate) fn prepare(
        &self,
        call: &CallSettings,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
        hop: Option<&Hop>,
    ) -> Result<(PreparedRequest, Stamp), Error> {
        if let Some(invalid) = &call.invalid {
            return Err(Error::Request(RequestError::new("", invalid.to_string())));
        }
        let ticket = self.refresh.ticket();
        let (mut request, generation) = {
            let auth = read(&self.auth);
            let jar = lock(&self.cookies);
            let cx = Context {
                settings: &self.settings,
                auth: options.with_auth.then_some(&*auth),
                cookies: self.settings.cookies.then_some(&*jar),
                now: SystemTime::now(),
            };
            let mut request = build(&cx)?;
            for name in call.headers.keys() {
                request.headers.remove(name);
            }
            for (name, value) in call.headers.iter() {
                request.headers.append(name.clone(), value.clone());
            }
            if let Some(hop) = hop {
                redirect::retarget(&mut request, hop);
                if hop.same_origin {
                    // The cookies of the new path.
                    prepare::apply_cookies(&cx, &mut request)?;
                }
            }
            (request, auth.generation)
        };
        // Hooks may add headers: across origins they do not run, so nothing they add leaves.
        if hop.is_none_or(|hop| hop.same_origin) {
            for hook in &self.settings.on_request {
                hook(&mut request);
            }
        }
        Ok((request, Stamp { generation, ticket }))
    }

    /// How the body of a response is read under the size limit of a call made with `call`
    /// settings: `None` for a redirect, whose body is not read. Fails when the announced
    /// `Content-Length` is over the limit (a HEAD response announces a body it does not carry).
    pub(crate) fn body_reader(
        &self,
        call: &CallSettings,
        request: &PreparedRequest,
        head: &ResponseHead,
        content_length: Option<u64>,
    ) -> Result<Option<LimitedBody>, Error> {
        if head.is_redirect() {
            return Ok(None);
        }
        let announced = content_length.filter(|_| request.method != HttpMethod::Head);
        let limit = call
            .max_response_size
            .unwrap_or(self.settings.max_response_size);
        LimitedBody::start(request.url.as_str(), head.status, announced, limit)
            .map(Some)
            .map_err(Error::Transport)
    }

    /// What [`State::received`] needs of the request after sending it: the whole request when
    /// response hooks will see it, else only what an error names (method and URL), so the
    /// headers and body move into the HTTP request without copies.
    pub(crate) fn split_for_sending(
        &self,
        request: &mut PreparedRequest,
    ) -> (HeaderMap, Option<bytes::Bytes>) {
        if self.settings.on_response.is_empty() {
            (std::mem::take(&mut request.headers), request.body.take())
        } else {
            (request.headers.clone(), request.body.clone())
        }
    }

    /// Keeps the cookies of a response (before its body is read, while its headers are at
    /// hand).
    fn keep_cookies(&self, final_url: &reqwest::Url, headers: &HeaderMap) {
        if self.settings.cookies {
            prepare::store_cookies(&mut lock(&self.cookies), final_url, headers);
        }
    }

    /// What the client keeps of a response's head: cookies go to the jar now, the headers are
    /// copied only when hooks will see them.
    pub(crate) fn head(
        &self,
        url: &reqwest::Url,
        status: u16,
        headers: &HeaderMap,
    ) -> ResponseHead {
        self.keep_cookies(url, headers);
        let text = |name| {
            headers
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        ResponseHead {
            status,
            headers: if self.settings.on_response.is_empty() {
                HeaderMap::new()
            } else {
                headers.clone()
            },
            content_type: headers.get(CONTENT_TYPE).cloned(),
            location: if redirect::is_redirect(status) {
                text(LOCATION)
            } else {
                None
            },
            retry_after: if matches!(status, 429 | 502..=504) {
                text(RETRY_AFTER).and_then(|value| parse_retry_after(&value, SystemTime::now()))
            } else {
                None
            },
        }
    }

    /// The deadline of a call starting now.
    pub(crate) fn deadline(&self, call: &CallSettings) -> Deadline {
        Deadline::after(call.timeout.unwrap_or(self.settings.timeout))
    }

    /// The wait before the next attempt of a `method` call that ended with `outcome`, when the
    /// call's retry policy retries it and the wait ends before `deadline`; counts `attempt`.
    pub(crate) fn retry_wait<X>(
        &self,
        call: &CallSettings,
        outcome: &Result<(Received, X), Error>,
        method: HttpMethod,
        attempt: &mut u32,
        deadline: Deadline,
    ) -> Option<Duration> {
        let policy = call.retry.unwrap_or(self.settings.retry)?;
        let failure = match outcome {
            Ok((received, _)) => received.failure(),
            Err(Error::Transport(error)) if error.is_connect() => Failure::Connect,
            Err(_) => return None,
        };
        *attempt += 1;
        let wait = policy.delay(*attempt, method, failure)?;
        deadline.allows(wait).then_some(wait)
    }

    /// Runs the response hooks.
    pub(crate) fn received(
        &self,
        request: PreparedRequest,
        response: ResponseHead,
        body: bytes::Bytes,
        body_truncated: bool,
        elapsed: Duration,
    ) -> Received {
        let ResponseHead {
            status,
            headers,
            content_type,
            location,
            retry_after,
        } = response;
        let headers = &headers;
        let info = ResponseInfo {
            request: &request,
            status,
            headers,
            body: &body,
            elapsed,
        };
        for hook in &self.settings.on_response {
            hook(&info);
        }
        Received {
            request,
            status,
            body,
            body_truncated,
            content_type,
            location,
            retry_after,
        }
    }

    pub(crate) fn generation(&self) -> u64 {
        read(&self.auth).generation
    }

    pub(crate) fn has_refresh_token(&self) -> bool {
        read(&self.auth).refresh_token.is_some()
    }

    /// The URL and body of a `GetAccessToken` call.
    pub(crate) fn refresh_request(&self) -> Result<(String, String), Error> {
        let token = read(&self.auth).refresh_token.clone().ok_or_else(|| {
            Error::Request(RequestError::new(
                "GetAccessToken",
                "no refresh token is set",
            ))
        })?;
        let url = prepare::refresh_url(&self.settings);
        Ok((url, token.expose().to_owned()))
    }

    pub(crate) fn build_refresh(
        cx: &Context<'_>,
        url: &str,
        refresh_token: &str,
    ) -> Result<PreparedRequest, Error> {
        prepare::post_json(cx, "GetAccessToken", url, &GetAccessToken { refresh_token })
    }
}

/// The credential, cookie and per-call methods both clients have; expects `self.state():
/// &State` and the fields `inner` (shared) and `call` ([`CallSettings`]).
macro_rules! state_methods {
    () => {
        /// The same client (connection pool, credentials, cookies, settings) with another
        /// response size limit for the calls made through the value returned, e.g. for one large
        /// body: `client.with_max_response_size(1 << 30).send(&request)`.
        pub fn with_max_response_size(&self, bytes: u64) -> Self {
            self.with_call(|call| call.max_response_size = Some(bytes))
        }

        /// The same client with another timeout for the calls made through the value returned
        /// (redirects, refresh and retries included), e.g.
        /// `client.with_timeout(Duration::from_secs(5)).send(&request)`.
        pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
            self.with_call(|call| call.timeout = Some(Some(timeout)))
        }

        /// The same client without a timeout for the calls made through the value returned.
        pub fn without_timeout(&self) -> Self {
            self.with_call(|call| call.timeout = Some(None))
        }

        /// The same client, also sending this header (replacing a default header of the same
        /// name) with the calls made through the value returned, e.g. an idempotency key or a
        /// trace id. Like default headers it never follows a redirect to another origin. An
        /// invalid name or value makes those calls fail with
        /// [`Error::Request`]($crate::client::Error::Request).
        pub fn with_header(&self, name: &str, value: &str) -> Self {
            self.with_call(|call| call.add_header(name, value))
        }

        /// The same client with this retry policy for the calls made through the value
        /// returned (see [`RetryPolicy`]($crate::client::RetryPolicy)).
        pub fn with_retry(&self, policy: $crate::client::RetryPolicy) -> Self {
            self.with_call(|call| call.retry = Some(Some(policy)))
        }

        /// The same client without retries for the calls made through the value returned.
        pub fn without_retry(&self) -> Self {
            self.with_call(|call| call.retry = Some(None))
        }

        fn with_call(&self, change: impl FnOnce(&mut $crate::client::state::CallSettings)) -> Self {
            let mut call = self.call.clone();
            change(&mut call);
            Self {
                inner: self.inner.clone(),
                call,
            }
        }

        /// The base URL, without a trailing `/`.
        pub fn base_url(&self) -> &str {
            &self.state().settings.base_url
        }

        /// Sets the bearer token (an empty token removes it).
        pub fn set_bearer_token(&self, token: impl Into<String>) {
            $crate::client::state::write(&self.state().auth).set_bearer_token(Some(token.into()));
        }

        /// The current bearer token, e.g. after `authenticate`.
        pub fn bearer_token(&self) -> Option<String> {
            $crate::client::state::read(&self.state().auth)
                .bearer_token
                .as_ref()
                .map(|token| token.expose().to_owned())
        }

        /// Sets the API key, sent as a bearer token when no bearer token is set.
        pub fn set_api_key(&self, key: impl Into<String>) {
            $crate::client::state::write(&self.state().auth).set_api_key(Some(key.into()));
        }

        /// Sets HTTP Basic credentials, used when neither a bearer token nor an API key is set.
        pub fn set_credentials(&self, user_name: impl Into<String>, password: impl Into<String>) {
            $crate::client::state::write(&self.state().auth)
                .set_credentials(Some((user_name.into(), password.into())));
        }

        /// Sets the refresh token used on a 401 (an empty token removes it).
        pub fn set_refresh_token(&self, token: impl Into<String>) {
            $crate::client::state::write(&self.state().auth).set_refresh_token(Some(token.into()));
        }

        /// The current refresh token.
        pub fn refresh_token(&self) -> Option<String> {
            $crate::client::state::read(&self.state().auth)
                .refresh_token
                .as_ref()
                .map(|token| token.expose().to_owned())
        }

        /// Forgets every credential (tokens, API key, Basic credentials); cookies stay.
        pub fn clear_auth(&self) {
            let mut auth = $crate::client::state::write(&self.state().auth);
            let generation = auth.generation.wrapping_add(1);
            *auth = Default::default();
            auth.generation = generation;
        }

        /// The value of a cookie the server set (or [`set_cookie`](Self::set_cookie) did), e.g.
        /// `ss-id` (the session id), `ss-pid` or `ss-tok`, without surrounding double quotes;
        /// `None` once it has expired or was deleted.
        pub fn cookie(&self, name: &str) -> Option<String> {
            $crate::client::state::lock(&self.state().cookies)
                .get(name, std::time::SystemTime::now())
                .map(str::to_owned)
        }

        /// Sets a cookie for the base URL's host, e.g. to resume a session (`ss-id`). Fails with
        /// [`Error::Request`]($crate::client::Error::Request) when the name is not an HTTP token
        /// or the value has characters a cookie cannot carry (`;`, `,`, spaces, quotes,
        /// backslashes, control characters, non-ASCII): such a value would smuggle another
        /// cookie in or break the `Cookie` header.
        pub fn set_cookie(&self, name: &str, value: &str) -> Result<(), $crate::client::Error> {
            $crate::client::cookies::validate(name, value).map_err(|message| {
                $crate::client::Error::Request($crate::client::RequestError::new("", message))
            })?;
            // A built client always has a parsed base URL.
            if let Some(base) = self.state().settings.parsed_base() {
                $crate::client::state::lock(&self.state().cookies).set(base, name, value);
            }
            Ok(())
        }

        /// Removes a cookie (on every domain and path).
        pub fn remove_cookie(&self, name: &str) {
            $crate::client::state::lock(&self.state().cookies).remove(name);
        }

        /// Forgets every cookie (ends cookie-based sessions on this client).
        pub fn clear_cookies(&self) {
            $crate::client::state::lock(&self.state().cookies).clear();
        }
    };
}

pub(crate) use state_methods;
