//! Redirects, followed by the client itself so that credentials stay with their origin.
//!
//! reqwest's own redirect handling drops `Authorization` and `Cookie` on a cross-host hop but
//! forwards every other header (an `X-Api-Key` default header, anything a hook added) and
//! re-sends the body on a 307/308. The clients therefore build their HTTP clients without
//! redirects and decide every hop here:
//!
//! - same origin (scheme, host and port): the request is built again for the new URL, with
//!   credentials, default and hook headers and the cookies of the new path;
//! - another origin: only `Accept` and `User-Agent` go along; a hop that would re-send a request
//!   body (307/308) is refused;
//! - 301/302 after a POST and every 303 become a GET without a body, as browsers do;
//! - `Authenticate` and `GetAccessToken` never follow a redirect;
//! - at most [`MAX_REDIRECTS`] hops, and only to http(s) URLs.

use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, USER_AGENT};

use crate::request::HttpMethod;

use super::error::{Error, TransportError};
use super::hooks::PreparedRequest;

/// Most redirects one call follows.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// Whether a status is a redirect the client may follow.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The redirects of one call so far.
pub(crate) struct Redirects {
    /// The origin credentials belong to: the first request's, worked out at the first redirect
    /// (most calls have none).
    origin: Option<Origin>,
    method: HttpMethod,
    has_body: bool,
    hops: usize,
    follow: bool,
}

/// Where the next request of a call goes after a redirect.
#[derive(Debug)]
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: HttpMethod,
    pub(crate) keep_body: bool,
    pub(crate) same_origin: bool,
}

/// Scheme, host and port (the default port made explicit).
type Origin = (String, String, Option<u16>);

fn origin_of(url: &Url) -> Origin {
    (
        url.scheme().to_owned(),
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default(),
    )
}

impl Redirects {
    /// Starts with the first request of a call; `follow: false` refuses every redirect.
    pub(crate) fn new(request: &PreparedRequest, follow: bool) -> Self {
        Redirects {
            origin: None,
            method: request.method,
            has_body: request.body.is_some() || request.upload.is_some(),
            hops: 0,
            follow,
        }
    }

    /// The next hop for a response with `status` and `location`, `None` when the response is
    /// the answer. `current` is the URL that answered (at the first redirect, the first
    /// request's).
    pub(crate) fn next(
        &mut self,
        current: &Url,
        operation: &str,
        status: u16,
        location: Option<&str>,
    ) -> Result<Option<Hop>, Error> {
        let Some(location) = location.filter(|_| is_redirect(status)) else {
            return Ok(None);
        };
        let refuse = |why: String| {
            Err(Error::Transport(TransportError::redirect(
                current.as_str(),
                format!("{status} redirect: {why}"),
            )))
        };
        if !self.follow {
            return refuse(format!(
                "`{operation}` sends credentials and never follows redirects"
            ));
        }
        let target = match current.join(location.trim()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
            _ => return refuse("the Location is not an http(s) URL".to_owned()),
        };
        self.hops += 1;
        if self.hops > MAX_REDIRECTS {
            return refuse(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let origin = self.origin.get_or_insert_with(|| origin_of(current));
        let same_origin = origin_of(&target) == *origin;
        let becomes_get =
            status == 303 || (matches!(status, 301 | 302) && self.method == HttpMethod::Post);
        if becomes_get {
            if self.method != HttpMethod::Head {
                self.method = HttpMethod::Get;
            }
            self.has_body = false;
        }
        if !same_origin && self.has_body {
            return refuse(format!(
                "it would re-send the request body to another origin ({})",
                shown(&target)
            ));
        }
        Ok(Some(Hop {
            url: target,
            method: self.method,
            keep_body: self.has_body,
            same_origin,
        }))
    }
}

/// A URL as errors show it: no userinfo, no query string.
fn shown(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// Points a freshly built request at the hop's URL. Across origins only `Accept` and
/// `User-Agent` stay: no credentials, cookies, default or hook-added headers.
pub(crate) fn retarget(request: &mut PreparedRequest, hop: &Hop) {
    request.url = hop.url.clone();
    request.method = hop.method;
    if !hop.keep_body {
        request.body = None;
        request.upload = None;
        request.headers.remove(CONTENT_TYPE);
    }
    if !hop.same_origin {
        let mut kept = HeaderMap::new();
        for name in [ACCEPT, USER_AGENT] {
            for value in request.headers.get_all(&name) {
                kept.append(name.clone(), value.clone());
            }
        }
        request.headers = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{AUTHORIZATION, COOKIE, HeaderValue};

    fn request(method: HttpMethod, body: bool) -> PreparedRequest {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer t"));
        headers.insert(COOKIE, HeaderValue::from_static("ss-id=s"));
        headers.insert("x-api-key", HeaderValue::from_static("k"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        PreparedRequest {
            operation: "Op".into(),
            method,
            url: Url::parse("http://a.test/api/Op").unwrap(),
            headers,
            body: body.then(|| bytes::Bytes::from_static(b"{}")),
            upload: None,
        }
    }

    fn next(redirects: &mut Redirects, status: u16, location: &str) -> Result<Option<Hop>, Error> {
        let current = Url::parse("http://a.test/api/Op").unwrap();
        redirects.next(&current, "Op", status, Some(location))
    }

    #[test]
    fn cross_origin_hops_carry_no_credentials() {
        let mut redirects = Redirects::new(&request(HttpMethod::Get, false), true);
        let hop = next(&mut redirects, 302, "http://b.test/x")
            .unwrap()
            .unwrap();
        assert!(!hop.same_origin);
        let mut rebuilt = request(HttpMethod::Get, false);
        retarget(&mut rebuilt, &hop);
        let names: Vec<_> = rebuilt.headers.keys().map(|name| name.as_str()).collect();
        assert_eq!(names, ["accept"]);
        assert_eq!(rebuilt.url.as_str(), "http://b.test/x");
        // Another port is another origin.
        let hop = next(&mut redirects, 301, "http://a.test:8080/")
            .unwrap()
            .unwrap();
        assert!(!hop.same_origin);
        let hop = next(&mut redirects, 307, "/api/Other?x=1")
            .unwrap()
            .unwrap();
        assert!(hop.same_origin);
        assert_eq!(hop.url.as_str(), "http://a.test/api/Other?x=1");
    }

    #[test]
    fn bodies_never_cross_origins() {
        let mut post = Redirects::new(&request(HttpMethod::Post, true), true);
        let error = next(&mut post, 307, "http://b.test/steal?token=SECRET").unwrap_err();
        assert!(error.is_redirect_refused(), "{error}");
        assert!(!error.to_string().contains("SECRET"), "{error}");
        let mut post = Redirects::new(&request(HttpMethod::Post, true), true);
        let hop = next(&mut post, 308, "/api/Moved").unwrap().unwrap();
        assert!(hop.keep_body && hop.method == HttpMethod::Post);
        // 302 after a POST becomes a GET without a body, which may leave the origin.
        let hop = next(&mut post, 302, "http://b.test/done").unwrap().unwrap();
        assert!(!hop.keep_body && hop.method == HttpMethod::Get);
        let mut rebuilt = request(HttpMethod::Post, true);
        retarget(&mut rebuilt, &hop);
        assert!(rebuilt.body.is_none() && rebuilt.headers.get(CONTENT_TYPE).is_none());
        let mut put = Redirects::new(&request(HttpMethod::Put, true), true);
        let hop = next(&mut put, 303, "http://b.test/").unwrap().unwrap();
        assert_eq!(hop.method, HttpMethod::Get);
    }

    #[test]
    fn refusals() {
        let mut sign_in = Redirects::new(&request(HttpMethod::Post, true), false);
        let error = next(&mut sign_in, 307, "/api/Authenticate").unwrap_err();
        assert!(
            error.to_string().contains("never follows redirects"),
            "{error}"
        );
        let mut get = Redirects::new(&request(HttpMethod::Get, false), true);
        assert!(next(&mut get, 302, "file:///etc/passwd").is_err());
        assert!(next(&mut get, 200, "http://b.test/").unwrap().is_none());
        let current = Url::parse("http://a.test/").unwrap();
        assert!(get.next(&current, "Op", 302, None).unwrap().is_none());
        for _ in 0..MAX_REDIRECTS {
            next(&mut get, 302, "/again").unwrap().unwrap();
        }
        assert!(
            next(&mut get, 302, "/again")
                .unwrap_err()
                .is_redirect_refused()
        );
    }
}
