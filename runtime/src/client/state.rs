//! The state both clients keep between calls (credentials, cookies, settings) and the parts of a
//! call that do no I/O.

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use super::auth::{AuthState, GetAccessToken};
use super::config::Settings;
use super::cookies::CookieJar;
use super::error::{Error, RequestError};
use super::hooks::{PreparedRequest, ResponseInfo};
use super::prepare::{self, Context};

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
}

impl CallOptions {
    pub(crate) const NORMAL: CallOptions = CallOptions {
        with_auth: true,
        recover: true,
    };
    /// The client's own `Authenticate` call: a 401 there means wrong credentials.
    pub(crate) const SIGN_IN: CallOptions = CallOptions {
        with_auth: true,
        recover: false,
    };
    /// `GetAccessToken` must not present the expired token it replaces.
    pub(crate) const REFRESH: CallOptions = CallOptions {
        with_auth: false,
        recover: false,
    };
}

/// A response, read completely.
pub(crate) struct Received {
    pub(crate) request: PreparedRequest,
    pub(crate) status: u16,
    pub(crate) body: bytes::Bytes,
}

impl Received {
    /// The call's result: an API error for statuses of 400 and above, else `finish(body)`.
    pub(crate) fn finish<T>(
        self,
        finish: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        prepare::check_status(&self.request, self.status, &self.body)?;
        finish(&self.body)
    }
}

pub(crate) struct State {
    pub(crate) settings: Settings,
    pub(crate) auth: RwLock<AuthState>,
    pub(crate) cookies: Mutex<CookieJar>,
}

impl State {
    pub(crate) fn new(mut settings: Settings) -> Self {
        let auth = std::mem::take(&mut settings.auth);
        State {
            settings,
            auth: RwLock::new(auth),
            cookies: Mutex::new(CookieJar::default()),
        }
    }

    /// Builds a request with the current credentials and cookies and runs the request hooks.
    /// Also returns the credentials' generation, to tell later whether they changed.
    pub(crate) fn prepare(
        &self,
        options: CallOptions,
        build: &impl Fn(&Context<'_>) -> Result<PreparedRequest, Error>,
    ) -> Result<(PreparedRequest, u64), Error> {
        let (mut request, generation) = {
            let auth = read(&self.auth);
            let jar = lock(&self.cookies);
            let cx = Context {
                settings: &self.settings,
                auth: options.with_auth.then_some(&*auth),
                cookies: self.settings.cookies.then_some(&*jar),
                now: SystemTime::now(),
            };
            (build(&cx)?, auth.generation)
        };
        for hook in &self.settings.on_request {
            hook(&mut request);
        }
        Ok((request, generation))
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
    pub(crate) fn keep_cookies(&self, final_url: &reqwest::Url, headers: &HeaderMap) {
        if self.settings.cookies {
            prepare::store_cookies(
                &mut lock(&self.cookies),
                final_url,
                headers,
                SystemTime::now(),
            );
        }
    }

    /// The response headers hooks will see: a copy only when there are hooks.
    pub(crate) fn headers_for_hooks(&self, headers: &HeaderMap) -> HeaderMap {
        if self.settings.on_response.is_empty() {
            HeaderMap::new()
        } else {
            headers.clone()
        }
    }

    /// Runs the response hooks.
    pub(crate) fn received(
        &self,
        request: PreparedRequest,
        status: u16,
        headers: &HeaderMap,
        body: bytes::Bytes,
        elapsed: Duration,
    ) -> Received {
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

    pub(crate) fn cookie_host(&self) -> String {
        reqwest::Url::parse(&self.settings.base_url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// The credential and cookie methods both clients have; expects `self.state(): &State`.
macro_rules! state_methods {
    () => {
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

        /// The value of a cookie the server set, e.g. `ss-id` (the session id), `ss-pid` or
        /// `ss-tok`.
        pub fn cookie(&self, name: &str) -> Option<String> {
            $crate::client::state::lock(&self.state().cookies)
                .get(name, std::time::SystemTime::now())
                .map(str::to_owned)
        }

        /// Sets a cookie for the base URL's host, e.g. to resume a session (`ss-id`).
        pub fn set_cookie(&self, name: &str, value: &str) {
            let host = self.state().cookie_host();
            $crate::client::state::lock(&self.state().cookies).set(&host, name, value);
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
