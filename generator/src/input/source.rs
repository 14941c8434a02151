//! Where metadata comes from: a file, standard input, or a ServiceStack server.

use std::fmt;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;

/// Largest metadata document accepted (real documents are well under 1 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// A metadata source.
///
/// `Display` and `Debug` show a URL without its credentials, query values and fragment (see
/// [`redact_url`]): they reach error messages, logs and generated files.
#[derive(Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// An http(s) URL; a bare base URL is completed with `/types/metadata`.
    Url(String),
}

impl Source {
    /// Reads a command-line SOURCE: `-`, an `http(s)://` URL (scheme in any case), or a path.
    pub fn parse(text: &str) -> Source {
        if text == "-" {
            Source::Stdin
        } else if has_http_scheme(text) {
            Source::Url(metadata_url(text))
        } else {
            Source::Path(PathBuf::from(text))
        }
    }

    /// Reads the document's text. For URLs, see [`TIMEOUT_VARIABLE`] for the deadline; URLs
    /// with credentials (`user:password@`) are refused before anything is sent.
    pub fn load(&self) -> Result<String, Error> {
        match self {
            Source::Path(path) => {
                let file =
                    std::fs::File::open(path).map_err(|error| self.fail(error.to_string()))?;
                read_capped(file).map_err(|message| self.fail(message))
            }
            Source::Stdin => {
                read_capped(std::io::stdin().lock()).map_err(|message| self.fail(message))
            }
            Source::Url(url) => fetch(url).map_err(|message| self.fail(message)),
        }
    }

    fn fail(&self, message: String) -> Error {
        Error::Source {
            source_name: self.to_string(),
            message,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // A mistyped URL (`ftp://user:password@host`) is taken for a path: redact it too.
            Source::Path(path) => match path.to_str() {
                Some(text) => f.write_str(&redact_url(text)),
                None => write!(f, "{}", path.display()),
            },
            Source::Stdin => f.write_str("standard input"),
            Source::Url(url) => f.write_str(&redact_url(url)),
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Source::Stdin => f.write_str("Stdin"),
            Source::Url(url) => f.debug_tuple("Url").field(&redact_url(url)).finish(),
        }
    }
}

fn has_http_scheme(text: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        text.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// `https://host` and `https://host/app/` → `.../types/metadata`; URLs that already name a
/// document (`/types/metadata`, `/metadata/app.json`, `*.json`) are kept.
pub fn metadata_url(url: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let trimmed = without_query.trim_end_matches('/');
    let names_document = trimmed.ends_with("/types/metadata") || trimmed.ends_with(".json");
    let base = if names_document {
        without_query.to_owned()
    } else {
        format!("{trimmed}/types/metadata")
    };
    match query {
        Some(query) => format!("{base}?{query}"),
        None => base,
    }
}

/// What [`redact_url`] shows instead of a query value.
pub const REDACTED: &str = "<redacted>";

/// `url` as it may be shown or recorded: without `user:password@`, with every query value
/// replaced by [`REDACTED`] (`?api_key=<redacted>&v=<redacted>`; a parameter without `=` is
/// replaced whole) and without the `#fragment`. Scheme, host, port and path are kept. Text that
/// is not a `scheme://` URL comes back unchanged.
///
/// Userinfo and query values are where API keys and passwords go, and every URL the generator
/// shows ends up on a terminal, in a CI log or in a checked-in file header.
pub fn redact_url(url: &str) -> String {
    let Some(parts) = UrlParts::split(url) else {
        return url.to_owned();
    };
    let mut out = format!("{}{}{}", parts.scheme, parts.host, parts.path);
    if let Some(query) = parts.query {
        out.push('?');
        for (index, parameter) in query.split('&').enumerate() {
            if index > 0 {
                out.push('&');
            }
            match parameter.split_once('=') {
                Some((name, _)) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                // `?TOKEN` is all value.
                None if !parameter.is_empty() => out.push_str(REDACTED),
                None => {}
            }
        }
    }
    out
}

/// Whether fetching [`redact_url`]`(url)` would send something other than `url` does (it had
/// credentials or query values), so a URL recorded redacted cannot be fetched again.
pub(crate) fn redaction_changes_request(url: &str) -> bool {
    UrlParts::split(url).is_some_and(|parts| {
        parts.userinfo.is_some() || parts.query.is_some_and(|query| !query.is_empty())
    })
}

/// A `scheme://` URL cut into the pieces redaction keeps or drops; nothing is decoded.
struct UrlParts<'a> {
    /// `scheme://`.
    scheme: &'a str,
    /// What precedes the last `@` of the authority.
    userinfo: Option<&'a str>,
    /// Host and port.
    host: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    fn split(url: &'a str) -> Option<UrlParts<'a>> {
        let (scheme, rest) = url.split_once("://")?;
        let mut letters = scheme.chars();
        let valid_scheme = letters.next().is_some_and(|c| c.is_ascii_alphabetic())
            && letters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !valid_scheme {
            return None;
        }
        // Unlike URL parsers, `\` does not end the authority here: the authority can only come
        // out longer than the one the client connects to, so no credentials it sees stay shown.
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at(authority_end);
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo), host),
            None => (None, authority),
        };
        let before_fragment = after.split_once('#').map_or(after, |(before, _)| before);
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        Some(UrlParts {
            scheme: &url[..scheme.len() + "://".len()],
            userinfo,
            host,
            path,
            query,
        })
    }
}

fn read_capped(reader: impl Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large());
    }
    into_text(bytes)
}

fn too_large() -> String {
    format!(
        "larger than the {} MiB limit",
        MAX_DOCUMENT_BYTES / 1024 / 1024
    )
}

fn into_text(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        )
    })
}

/// The environment variable that sets the deadline of URL sources, in seconds (default 60): the
/// whole request (connecting, redirects, headers and the entire body) ends by then, however the
/// server paces its reply. Connecting alone is limited to 10 s when the deadline is longer.
pub const TIMEOUT_VARIABLE: &str = "SERVICESTACK_CODEGEN_TIMEOUT";

/// The connect and whole-request timeouts of URL sources.
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
fn timeouts() -> Result<(Duration, Duration), String> {
    let total = match std::env::var(TIMEOUT_VARIABLE) {
        Err(std::env::VarError::NotPresent) => Duration::from_secs(60),
        Ok(text) => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|seconds| seconds.is_finite() && *seconds > 0.0 && *seconds <= 86_400.0)
            .map(Duration::from_secs_f64)
            .ok_or_else(|| {
                format!("{TIMEOUT_VARIABLE} must be a number of seconds between 0 and 86400, not `{text}`")
            })?,
        Err(error) => return Err(format!("{TIMEOUT_VARIABLE}: {error}")),
    };
    Ok((total.min(CONNECT_LIMIT), total))
}

/// How long connecting may take when the deadline is longer.
const CONNECT_LIMIT: Duration = Duration::from_secs(10);

#[cfg(feature = "fetch")]
const CREDENTIALS_REFUSED: &str = "the URL carries credentials (`user:password@`), which \
    servicestack-codegen neither sends nor records; save the document with a tool that can sign \
    in (for example `curl -u USER URL -o api.json`) and generate from that file";

/// Downloads `url` (completed by [`metadata_url`]) as text.
///
/// One deadline, [`TIMEOUT_VARIABLE`] seconds, bounds the whole request. It is a timer around
/// the entire download rather than a timeout per read, which a server restarts by dripping the
/// body a byte at a time; when it fires, the download is dropped, which closes the connection.
///
/// URLs with userinfo (`https://user:password@host/`) are refused before anything is sent rather
/// than sent as HTTP Basic: messages and generated files never show credentials (see
/// [`redact_url`]), so `update` and `check` could not repeat such a request, and the generator
/// keeps its promise of sending no credentials, redirects included.
///
/// Messages never contain the URL (reqwest's errors name it, credentials, query and all): the
/// caller names the source, redacted.
#[cfg(feature = "fetch")]
fn fetch(url: &str) -> Result<String, String> {
    let (connect, total) = timeouts()?;
    if UrlParts::split(url).is_some_and(|parts| parts.userinfo.is_some()) {
        return Err(CREDENTIALS_REFUSED.into());
    }
    let url = reqwest::Url::parse(url).map_err(|error| format!("not a valid URL: {error}"))?;
    // Connecting gets its own shorter limit only when there is one: at equal limits, the
    // deadline's message (which names the variable) wins every time.
    let connect = (connect < total).then_some(connect);
    if tokio::runtime::Handle::try_current().is_err() {
        return fetch_on_own_runtime(url, connect, total);
    }
    // A caller inside an async runtime (a build tool, a test) cannot start another one on its
    // thread: tokio would panic.
    std::thread::scope(|scope| {
        scope
            .spawn(|| fetch_on_own_runtime(url, connect, total))
            .join()
            .unwrap_or_else(|_| Err("the HTTP client thread failed".into()))
    })
}

#[cfg(feature = "fetch")]
fn fetch_on_own_runtime(
    url: reqwest::Url,
    connect: Option<Duration>,
    total: Duration,
) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the HTTP client: {error}"))?;
    // The timer must be created inside the runtime, hence the async block.
    let outcome =
        runtime.block_on(async { tokio::time::timeout(total, download(url, connect)).await });
    // A name lookup still running on a blocking thread cannot be cancelled; dropping the runtime
    // would wait for it, past the deadline.
    runtime.shutdown_background();
    outcome.unwrap_or_else(|_elapsed| {
        Err(format!(
            "timed out after {} s: the whole request (connecting, the headers and the entire \
             body) must finish within {TIMEOUT_VARIABLE} seconds (default 60); set it higher \
             to wait longer",
            total.as_secs_f64()
        ))
    })
}

#[cfg(feature = "fetch")]
async fn download(url: reqwest::Url, connect: Option<Duration>) -> Result<String, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("servicestack-codegen/", env!("CARGO_PKG_VERSION")));
    if let Some(connect) = connect {
        builder = builder.connect_timeout(connect);
    }
    let client = builder.build().map_err(describe_reqwest_error)?;
    let mut response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(describe_reqwest_error)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the server answered HTTP {status}"));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if let Some(length) = response.content_length()
        && length > MAX_DOCUMENT_BYTES
    {
        return Err(format!(
            "the server announced {length} bytes, over the {} MiB limit",
            MAX_DOCUMENT_BYTES / 1024 / 1024
        ));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe_reqwest_error)? {
        if (body.len() + chunk.len()) as u64 > MAX_DOCUMENT_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let text = into_text(body)?;
    if content_type.contains("html") || text.trim_start().starts_with('<') {
        return Err(
            "the server answered with an HTML page, not JSON metadata (a login page or a wrong URL?); \
             pass the URL of /types/metadata"
                .into(),
        );
    }
    Ok(text)
}

/// reqwest's message without the URL it names, followed by its causes (`connection refused`,
/// `too many redirects`), which reqwest's own message leaves out.
#[cfg(feature = "fetch")]
fn describe_reqwest_error(error: reqwest::Error) -> String {
    let (connect, timeout) = (error.is_connect(), error.is_timeout());
    let error = error.without_url();
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(current) = cause {
        let text = current.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = current.source();
    }
    match (connect, timeout) {
        (true, true) => format!(
            "cannot connect: timed out after {} s (the limit for connecting): {message}",
            CONNECT_LIMIT.as_secs()
        ),
        (true, false) => format!("cannot connect: {message}"),
        _ => message,
    }
}

#[cfg(not(feature = "fetch"))]
fn fetch(_url: &str) -> Result<String, String> {
    Err("URL sources need servicestack-codegen's `fetch` feature".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_base_urls() {
        assert_eq!(metadata_url("https://x.io"), "https://x.io/types/metadata");
        assert_eq!(
            metadata_url("https://x.io/app/"),
            "https://x.io/app/types/metadata"
        );
        assert_eq!(
            metadata_url("https://x.io/types/metadata"),
            "https://x.io/types/metadata"
        );
        assert_eq!(
            metadata_url("https://x.io/metadata/app.json"),
            "https://x.io/metadata/app.json"
        );
        assert_eq!(
            metadata_url("https://x.io?a=1"),
            "https://x.io/types/metadata?a=1"
        );
        assert_eq!(Source::parse("-"), Source::Stdin);
        assert_eq!(
            timeouts().unwrap(),
            (Duration::from_secs(10), Duration::from_secs(60)),
            "the defaults (the tests never set {TIMEOUT_VARIABLE})"
        );
        assert_eq!(Source::parse("api.json"), Source::Path("api.json".into()));
        assert_eq!(
            Source::parse("HTTPS://x.io"),
            Source::Url("HTTPS://x.io/types/metadata".into())
        );
    }

    #[cfg(feature = "fetch")]
    #[test]
    fn fetching_inside_an_async_runtime_is_an_error_not_a_panic() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let outcome = runtime.block_on(async { fetch(&format!("http://127.0.0.1:{port}/")) });
        let message = outcome.unwrap_err();
        assert!(message.starts_with("cannot connect"), "{message}");
    }

    #[test]
    fn redaction_drops_credentials_query_values_and_fragments() {
        for (url, shown) in [
            ("https://x.io/types/metadata", "https://x.io/types/metadata"),
            (
                "https://user:pw@x.io:8443/app/types/metadata",
                "https://x.io:8443/app/types/metadata",
            ),
            ("http://token@x.io", "http://x.io"),
            // The last `@` ends the userinfo, as in URL parsers.
            ("http://a@b:c@x.io/p", "http://x.io/p"),
            (
                "https://x.io/m?api_key=k&tenant=acme",
                "https://x.io/m?api_key=<redacted>&tenant=<redacted>",
            ),
            (
                "https://x.io/m?TOKEN&a=",
                "https://x.io/m?<redacted>&a=<redacted>",
            ),
            ("https://x.io/m?a=b=c&&", "https://x.io/m?a=<redacted>&&"),
            ("https://x.io/m#access_token=t", "https://x.io/m"),
            ("https://u:p@x.io?k=v#f", "https://x.io?k=<redacted>"),
            // Only the client's authority can be shorter than the one seen here.
            ("http://x.io\\u:p@y.io/", "http://y.io/"),
            ("ftp://u:p@x.io/a.json", "ftp://x.io/a.json"),
            ("api.json", "api.json"),
            ("dir/a?b=c.json", "dir/a?b=c.json"),
            ("-", "-"),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
            assert_eq!(redact_url(shown), shown, "idempotent: {shown}");
        }
        for (url, changes) in [
            ("https://x.io/types/metadata", false),
            ("https://x.io/types/metadata#f", false),
            ("https://x.io/types/metadata?", false),
            ("https://x.io/types/metadata?k=<redacted>", true),
            ("https://u@x.io/types/metadata", true),
            ("api.json", false),
        ] {
            assert_eq!(redaction_changes_request(url), changes, "{url}");
        }
        let source = Source::parse("https://user:pw@x.io/?api_key=k");
        assert_eq!(
            source.to_string(),
            "https://x.io/types/metadata?api_key=<redacted>"
        );
        assert_eq!(
            format!("{source:?}"),
            "Url(\"https://x.io/types/metadata?api_key=<redacted>\")"
        );
        assert_eq!(
            Source::parse("ftp://user:pw@x.io/a.json").to_string(),
            "ftp://x.io/a.json"
        );
    }
}
