//! Where metadata comes from: a file, standard input, or a ServiceStack server.

use std::fmt;
use std::io::Read;
use std::path::PathBuf;

use crate::error::Error;

/// Largest metadata document accepted (real documents are well under 1 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// A metadata source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// An http(s) URL; a bare base URL is completed with `/types/metadata`.
    Url(String),
}

impl Source {
    /// Reads a command-line SOURCE: `-`, an `http(s)://` URL, or a path.
    pub fn parse(text: &str) -> Source {
        if text == "-" {
            Source::Stdin
        } else if text.starts_with("http://") || text.starts_with("https://") {
            Source::Url(metadata_url(text))
        } else {
            Source::Path(PathBuf::from(text))
        }
    }

    /// Reads the document's text.
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
            Source::Path(path) => write!(f, "{}", path.display()),
            Source::Stdin => f.write_str("standard input"),
            Source::Url(url) => f.write_str(url),
        }
    }
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

fn read_capped(reader: impl Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "larger than the {} MiB limit",
            MAX_DOCUMENT_BYTES / 1024 / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        )
    })
}

/// The environment variable that sets the whole-request timeout of URL sources, in seconds
/// (default 60; the connect timeout is 10 s, or the whole timeout when that is shorter).
pub const TIMEOUT_VARIABLE: &str = "SERVICESTACK_CODEGEN_TIMEOUT";

/// The connect and whole-request timeouts of URL sources.
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
fn timeouts() -> Result<(std::time::Duration, std::time::Duration), String> {
    use std::time::Duration;
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
    Ok((total.min(Duration::from_secs(10)), total))
}

#[cfg(feature = "fetch")]
fn fetch(url: &str) -> Result<String, String> {
    let (connect, total) = timeouts()?;
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(connect)
        .timeout(total)
        .user_agent(concat!("servicestack-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| error.to_string())?;
    let response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .map_err(|error| describe_reqwest_error(&error))?;
    let status = response.status();
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
    let text = read_capped(response)?;
    if !status.is_success() {
        return Err(format!("the server answered HTTP {status}"));
    }
    if content_type.contains("html") || text.trim_start().starts_with('<') {
        return Err(
            "the server answered with an HTML page, not JSON metadata (a login page or a wrong URL?); \
             pass the URL of /types/metadata"
                .into(),
        );
    }
    Ok(text)
}

#[cfg(feature = "fetch")]
fn describe_reqwest_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        format!("timed out: {error}")
    } else if error.is_connect() {
        format!("cannot connect: {error}")
    } else {
        error.to_string()
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
            (
                std::time::Duration::from_secs(10),
                std::time::Duration::from_secs(60)
            ),
            "the defaults (the tests never set {TIMEOUT_VARIABLE})"
        );
        assert_eq!(Source::parse("api.json"), Source::Path("api.json".into()));
    }
}
