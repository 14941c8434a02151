//! Settings shared by the async and blocking clients.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use super::auth::AuthState;
use super::hooks::{PreparedRequest, ResponseInfo};

/// The default timeout of a whole call (connect, send, receive the body): 60 seconds, like the
/// official Rust client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("servicestack-rust/", env!("CARGO_PKG_VERSION"));

/// Where the predefined endpoints of operations live.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BasePath {
    /// `{base}/api/{Operation}` for request/reply and one-way calls (ServiceStack 6+ and the
    /// official clients' default).
    #[default]
    Api,
    /// `{base}/json/reply/{Operation}` and `{base}/json/oneway/{Operation}`: the legacy
    /// predefined routes every ServiceStack version serves.
    Legacy,
    /// `{base}/{path}/{Operation}` for both kinds of call; an empty path gives
    /// `{base}/{Operation}`.
    Custom(String),
}

/// Whether the user-defined routes of operations (`[Route("/path/{Var}")]`) are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RouteMode {
    /// Always call the predefined endpoint (see [`BasePath`]), like the official TypeScript and
    /// Python clients.
    #[default]
    Predefined,
    /// Use the operation's most specific matching user-defined route, like ServiceStack's .NET
    /// client; fall back to the predefined endpoint when none matches.
    UserDefined,
}

/// Called with every request just before it is sent (also retries); may add headers, e.g. for
/// tracing.
pub(crate) type RequestHook = Arc<dyn Fn(&mut PreparedRequest) + Send + Sync>;

/// Called with every response received, before it is interpreted.
pub(crate) type ResponseHook = Arc<dyn Fn(&ResponseInfo<'_>) + Send + Sync>;

/// Everything about a client except its HTTP transport.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) base_url: String,
    parsed_base: Option<reqwest::Url>,
    pub(crate) base_path: BasePath,
    pub(crate) route_mode: RouteMode,
    pub(crate) timeout: Option<Duration>,
    /// Checked once, when set.
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) headers: HeaderMap,
    pub(crate) refresh_token_url: Option<String>,
    pub(crate) cookies: bool,
    pub(crate) max_response_size: u64,
    pub(crate) retry: Option<super::RetryPolicy>,
    pub(crate) on_request: Vec<RequestHook>,
    pub(crate) on_response: Vec<ResponseHook>,
    pub(crate) auth: AuthState,
    /// The first invalid setting, reported by `build()`.
    pub(crate) invalid: Option<String>,
}

impl Settings {
    /// Settings for `base_url`. Userinfo in it (`https://user:password@host`) becomes HTTP
    /// Basic credentials and is removed from the URL, so it never shows in `Debug` output or
    /// errors.
    pub(crate) fn new(base_url: &str) -> Self {
        let (base_url, credentials) = split_userinfo(base_url.trim());
        let mut auth = AuthState::default();
        if credentials.is_some() {
            auth.set_credentials(credentials);
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        let parsed_base = reqwest::Url::parse(&base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host());
        Settings {
            parsed_base,
            base_url,
            base_path: BasePath::Api,
            route_mode: RouteMode::Predefined,
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: Some(HeaderValue::from_static(DEFAULT_USER_AGENT)),
            headers: HeaderMap::new(),
            refresh_token_url: None,
            cookies: true,
            max_response_size: super::body::DEFAULT_MAX_RESPONSE_SIZE,
            retry: None,
            on_request: Vec::new(),
            on_response: Vec::new(),
            auth,
            invalid: None,
        }
    }

    pub(crate) fn add_header(&mut self, name: &str, value: &str) {
        match super::hooks::header(name, value) {
            Some((name, value)) => {
                self.headers.append(name, value);
            }
            None => {
                self.invalid
                    .get_or_insert_with(|| format!("invalid default header `{name}`"));
            }
        }
    }

    pub(crate) fn set_user_agent(&mut self, agent: &str) {
        match HeaderValue::from_str(agent) {
            Ok(value) => self.user_agent = Some(value),
            Err(_) => {
                self.invalid
                    .get_or_insert_with(|| "invalid User-Agent".to_owned());
            }
        }
    }

    /// The base URL parsed, for building request URLs without parsing scheme and host again
    /// (see `prepare::parse_url`); `None` when it does not parse.
    pub(crate) fn parsed_base(&self) -> Option<&reqwest::Url> {
        self.parsed_base.as_ref()
    }

    /// Checks what `build()` needs: an absolute http(s) base URL and valid headers.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if let Some(problem) = &self.invalid {
            return Err(problem.clone());
        }
        match reqwest::Url::parse(&self.base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(()),
            _ => Err(format!(
                "the base URL `{}` is not an absolute http(s) URL",
                self.base_url
            )),
        }
    }
}

/// Takes `user:password@` out of a URL: the URL without it, and the percent-decoded user name
/// and password. Text that does not parse as a URL loses everything up to its last `@` in the
/// authority, so a password never survives in it either.
fn split_userinfo(text: &str) -> (String, Option<(String, String)>) {
    let decode = |part: &str| {
        percent_encoding::percent_decode_str(part)
            .decode_utf8_lossy()
            .into_owned()
    };
    match reqwest::Url::parse(text) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let user = decode(url.username());
            let password = decode(url.password().unwrap_or(""));
            let _ = url.set_username("");
            let _ = url.set_password(None);
            (url.to_string(), Some((user, password)))
        }
        Ok(_) => (text.to_owned(), None),
        Err(_) => {
            let (scheme, rest) = text.split_once("://").unwrap_or(("", text));
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) if scheme.is_empty() => (rest[at + 1..].to_owned(), None),
                Some(at) => (format!("{scheme}://{}", &rest[at + 1..]), None),
                None => (text.to_owned(), None),
            }
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url)
            .field("base_path", &self.base_path)
            .field("route_mode", &self.route_mode)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("headers", &self.headers)
            .field("refresh_token_url", &self.refresh_token_url)
            .field("cookies", &self.cookies)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .field("on_request", &self.on_request.len())
            .field("on_response", &self.on_response.len())
            .field("auth", &self.auth)
            .finish()
    }
}

/// The builder methods both client builders share; expects a `settings: Settings` field.
macro_rules! settings_methods {
    () => {
        /// Where predefined endpoints live: `/api` (default), the legacy `/json/reply` and
        /// `/json/oneway`, or a custom path.
        pub fn base_path(mut self, base_path: $crate::client::BasePath) -> Self {
            self.settings.base_path = base_path;
            self
        }

        /// Whether user-defined routes are used (default: [`RouteMode::Predefined`](
        /// $crate::client::RouteMode::Predefined)).
        pub fn route_mode(mut self, mode: $crate::client::RouteMode) -> Self {
            self.settings.route_mode = mode;
            self
        }

        /// Timeout of a whole call, from connecting to reading the body (default
        /// [`DEFAULT_TIMEOUT`]($crate::client::DEFAULT_TIMEOUT)). Also applies to a
        /// caller-supplied HTTP client.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.settings.timeout = Some(timeout);
            self
        }

        /// Lets calls take as long as they take.
        pub fn no_timeout(mut self) -> Self {
            self.settings.timeout = None;
            self
        }

        /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`](
        /// $crate::client::DEFAULT_USER_AGENT)).
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.settings.set_user_agent(&user_agent.into());
            self
        }

        /// A header sent with every request. An invalid name or value makes `build()` fail.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.settings.add_header(name, value);
            self
        }

        /// A bearer token (JWT) sent as `Authorization: Bearer <token>`.
        pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
            self.settings.auth.set_bearer_token(Some(token.into()));
            self
        }

        /// An API key, sent as a bearer token (how ServiceStack's API key provider reads it). A
        /// bearer token, when also set, is sent instead.
        pub fn api_key(mut self, key: impl Into<String>) -> Self {
            self.settings.auth.set_api_key(Some(key.into()));
            self
        }

        /// HTTP Basic credentials, used when no bearer token or API key is set.
        pub fn credentials(
            mut self,
            user_name: impl Into<String>,
            password: impl Into<String>,
        ) -> Self {
            self.settings
                .auth
                .set_credentials(Some((user_name.into(), password.into())));
            self
        }

        /// A refresh token: on a 401 the client calls `GetAccessToken` once and retries once
        /// with the new bearer token.
        pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
            self.settings.auth.set_refresh_token(Some(token.into()));
            self
        }

        /// Where `GetAccessToken` is posted (default: `{reply base}/GetAccessToken`). A relative
        /// path is joined to the base URL.
        pub fn refresh_token_url(mut self, url: impl Into<String>) -> Self {
            self.settings.refresh_token_url = Some(url.into());
            self
        }

        /// The largest response body accepted, in bytes (default
        /// [`DEFAULT_MAX_RESPONSE_SIZE`]($crate::client::DEFAULT_MAX_RESPONSE_SIZE), 64 MiB). A
        /// larger announced `Content-Length` is refused before anything is read and a longer
        /// body is cut off, failing the call with an error for which
        /// [`Error::is_too_large`]($crate::client::Error::is_too_large) holds. Error bodies are
        /// kept up to [`ERROR_BODY_LIMIT`]($crate::client::ERROR_BODY_LIMIT) bytes whatever
        /// this says. `u64::MAX` turns the limit off.
        pub fn max_response_size(mut self, bytes: u64) -> Self {
            self.settings.max_response_size = bytes;
            self
        }

        /// Retries failed idempotent calls (connection errors, 502, 503, 504) as `policy` says
        /// (default: no retries).
        pub fn retry(mut self, policy: $crate::client::RetryPolicy) -> Self {
            self.settings.retry = Some(policy);
            self
        }

        /// Whether the client keeps the cookies the server sets (session cookies such as `ss-id`)
        /// and sends them back (default `true`). Turn it off when a caller-supplied HTTP client
        /// manages cookies itself.
        pub fn cookie_store(mut self, enabled: bool) -> Self {
            self.settings.cookies = enabled;
            self
        }

        /// Calls `hook` with every request just before it is sent, retries and same-origin
        /// redirects included (a redirect to another origin carries nothing a hook added). The
        /// hook may change headers (e.g. add a `traceparent`).
        pub fn on_request(
            mut self,
            hook: impl Fn(&mut $crate::client::PreparedRequest) + Send + Sync + 'static,
        ) -> Self {
            self.settings.on_request.push(std::sync::Arc::new(hook));
            self
        }

        /// Calls `hook` with every response, before the client interprets it (for logging,
        /// metrics, tracing).
        pub fn on_response(
            mut self,
            hook: impl Fn(&$crate::client::ResponseInfo<'_>) + Send + Sync + 'static,
        ) -> Self {
            self.settings.on_response.push(std::sync::Arc::new(hook));
            self
        }
    };
}

pub(crate) use settings_methods;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_base_url_and_headers() {
        assert!(Settings::new("http://127.0.0.1:8080/").validate().is_ok());
        assert_eq!(
            Settings::new("http://h/prefix/v1/").base_url,
            "http://h/prefix/v1"
        );
        assert!(Settings::new("127.0.0.1:8080").validate().is_err());
        assert!(Settings::new("ftp://h").validate().is_err());
        let mut settings = Settings::new("http://h");
        settings.add_header("X-Ok", "1");
        assert!(settings.validate().is_ok());
        settings.add_header("Bad Name", "1");
        settings.add_header("X-Bad-Value", "a\nb");
        assert_eq!(
            settings.validate().unwrap_err(),
            "invalid default header `Bad Name`"
        );
    }

    #[test]
    fn userinfo_becomes_basic_credentials() {
        let settings = Settings::new("https://alice:p%40ss%3Aw0rd@h.test:8443/app/");
        assert_eq!(settings.base_url, "https://h.test:8443/app");
        assert_eq!(
            settings.auth.authorization().unwrap(),
            super::super::auth::basic_authorization("alice", "p@ss:w0rd")
        );
        assert!(!format!("{settings:?}").contains("w0rd"));
        // Unparsable text loses its userinfo too, and validation does not show it.
        let broken = Settings::new("http://bob:SECRET@exa mple/");
        assert!(!broken.base_url.contains("SECRET"), "{}", broken.base_url);
        assert!(!broken.validate().unwrap_err().contains("SECRET"));
        assert!(Settings::new("http://h").auth.authorization().is_none());
    }

    #[test]
    fn debug_hides_credentials() {
        let mut settings = Settings::new("http://h");
        settings.auth.set_bearer_token(Some("tok-SECRET".into()));
        settings.add_header("Authorization", "Bearer hdr-SECRET");
        let shown = format!("{settings:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
