//! Sans-IO request building and response reading, shared by the async and blocking clients.

use std::borrow::Cow;
use std::time::SystemTime;

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue, USER_AGENT,
};

use crate::request::{BodyError, HttpMethod, ServiceRequest};

use super::auth::{AuthState, GetAccessTokenResponse};
use super::config::{RouteMode, Settings};
use super::cookies::CookieJar;
use super::error::{ApiError, Error, RequestError, TransportError};
use super::hooks::PreparedRequest;
use super::query::{Fields, append_query, append_query_of, query_value};
use super::upload::SharedUpload;
use super::url::{Endpoint, endpoint_base, join, predefined_url, resolve};

const JSON: &str = "application/json";

/// What a request is built from besides the request itself.
pub(crate) struct Context<'a> {
    pub(crate) settings: &'a Settings,
    /// `None` sends no `Authorization` header (the refresh call must not present the expired
    /// token it is replacing).
    pub(crate) auth: Option<&'a AuthState>,
    pub(crate) cookies: Option<&'a CookieJar>,
    pub(crate) now: SystemTime,
}

fn request_error(operation: &str, message: impl Into<String>) -> Error {
    Error::Request(RequestError::new(operation, message))
}

/// A typed call: the verb decides between query string and JSON body.
pub(crate) fn typed<R: ServiceRequest>(
    cx: &Context<'_>,
    method: HttpMethod,
    request: &R,
) -> Result<PreparedRequest, Error> {
    let operation = R::OPERATION_NAME;
    let not_an_object = |message: String| {
        request_error(
            operation,
            format!("the request must serialize to a JSON object: {message}"),
        )
    };
    // Members only choose the URL when a user-defined route may take this verb; otherwise the
    // query string is written straight from the request, without collecting them.
    let routed = cx.settings.route_mode == RouteMode::UserDefined
        && R::ROUTES.iter().any(|route| route.allows(method));
    let fields = match routed.then(|| Fields::of(request)) {
        Some(Ok(fields)) => fields,
        // A body can be any JSON; without members no route binds and the predefined URL is used.
        Some(Err(_)) if method.has_request_body() => Fields::default(),
        Some(Err(message)) => return Err(not_an_object(message)),
        None => Fields::default(),
    };
    let target = resolve(
        &cx.settings.base_url,
        &cx.settings.base_path,
        cx.settings.route_mode,
        operation,
        R::ROUTES,
        method,
        &fields,
    )
    .map_err(|message| request_error(operation, message))?;
    if method.has_request_body() {
        // Path-bound members stay in the body, as with the .NET client: the server merges both.
        let body = to_json(operation, request)?;
        return build(
            cx,
            Cow::Borrowed(operation),
            method,
            &target.url,
            None,
            Some(body),
        );
    }
    let mut url = target.url;
    let path_len = url.len();
    if routed {
        append_query(&fields, &target.bound, &mut url);
    } else {
        append_query_of(request, &mut url).map_err(not_an_object)?;
    }
    build(cx, Cow::Borrowed(operation), method, &url, None, None).or_else(|_| {
        // An unparsable URL is named in the error, which must not show the query's values:
        // building again with the query apart gives the error without them (and any other
        // error again).
        let query = url.split_off(path_len);
        let query = query.strip_prefix('?').unwrap_or_default().to_owned();
        build(
            cx,
            Cow::Borrowed(operation),
            method,
            &url,
            Some(query),
            None,
        )
    })
}

/// The form fields of an upload's request DTO: every non-null member, by wire name, as text
/// (complex values in JSV, as in query strings).
pub(crate) fn upload_fields<R: ServiceRequest>(
    request: &R,
) -> Result<Vec<(String, String)>, Error> {
    let fields = Fields::of(request).map_err(|message| {
        request_error(
            R::OPERATION_NAME,
            format!("the request must serialize to a JSON object: {message}"),
        )
    })?;
    Ok(fields
        .0
        .iter()
        .filter_map(|(key, value)| query_value(value).map(|text| (key.clone(), text)))
        .collect())
}

/// An upload: POST of a multipart body to the operation's URL (its route in
/// `RouteMode::UserDefined`).
pub(crate) fn upload<R: ServiceRequest>(
    cx: &Context<'_>,
    request: &R,
    upload: &SharedUpload,
) -> Result<PreparedRequest, Error> {
    let operation = R::OPERATION_NAME;
    let fields = match cx.settings.route_mode {
        RouteMode::UserDefined => Fields::of(request).unwrap_or_default(),
        RouteMode::Predefined => Fields::default(),
    };
    let target = resolve(
        &cx.settings.base_url,
        &cx.settings.base_path,
        cx.settings.route_mode,
        operation,
        R::ROUTES,
        HttpMethod::Post,
        &fields,
    )
    .map_err(|message| request_error(operation, message))?;
    let mut prepared = build(
        cx,
        Cow::Borrowed(operation),
        HttpMethod::Post,
        &target.url,
        None,
        None,
    )?;
    prepared.upload = Some(upload.clone());
    Ok(prepared)
}

/// A one-way call: POST to the one-way endpoint.
pub(crate) fn one_way<R: ServiceRequest>(
    cx: &Context<'_>,
    request: &R,
) -> Result<PreparedRequest, Error> {
    let operation = R::OPERATION_NAME;
    let url = predefined_url(
        &cx.settings.base_url,
        &cx.settings.base_path,
        Endpoint::OneWay,
        operation,
    );
    let body = to_json(operation, request)?;
    build(
        cx,
        Cow::Borrowed(operation),
        HttpMethod::Post,
        &url,
        None,
        Some(body),
    )
}

/// A batch: POST `{base}/{Operation}[]` with a JSON array.
pub(crate) fn batch<R: ServiceRequest>(
    cx: &Context<'_>,
    requests: &[R],
    endpoint: Endpoint,
) -> Result<PreparedRequest, Error> {
    let operation = format!("{}[]", R::OPERATION_NAME);
    let url = format!(
        "{}/{operation}",
        endpoint_base(&cx.settings.base_url, &cx.settings.base_path, endpoint)
    );
    let body = to_json(&operation, requests)?;
    build(
        cx,
        Cow::Owned(operation),
        HttpMethod::Post,
        &url,
        None,
        Some(body),
    )
}

/// A POST of a JSON body to an explicit URL (the client's own `Authenticate` and
/// `GetAccessToken` calls).
pub(crate) fn post_json<T: serde::Serialize>(
    cx: &Context<'_>,
    operation: &'static str,
    url: &str,
    body: &T,
) -> Result<PreparedRequest, Error> {
    let body = to_json(operation, body)?;
    build(
        cx,
        Cow::Borrowed(operation),
        HttpMethod::Post,
        url,
        None,
        Some(body),
    )
}

/// A call of an explicit URL (Server Events' stream, heartbeats, unregistering), which must be
/// on the base URL's origin: such URLs come from the server, and credentials go nowhere else.
#[cfg_attr(not(feature = "server-events"), allow(dead_code))]
pub(crate) fn to_url(
    cx: &Context<'_>,
    operation: &'static str,
    method: HttpMethod,
    url: &str,
    body: Option<Vec<u8>>,
) -> Result<PreparedRequest, Error> {
    let origin = |text: &str| {
        reqwest::Url::parse(text)
            .ok()
            .map(|url| url.origin().ascii_serialization())
    };
    let base = origin(&cx.settings.base_url);
    if base.is_none() || origin(url) != base {
        return Err(request_error(
            operation,
            "the URL is not on the base URL's origin; the client sends credentials nowhere else",
        ));
    }
    build(cx, Cow::Borrowed(operation), method, url, None, body)
}

/// The URL of an operation the client calls itself (`Authenticate`).
pub(crate) fn reply_url(settings: &Settings, operation: &str) -> String {
    predefined_url(
        &settings.base_url,
        &settings.base_path,
        Endpoint::Reply,
        operation,
    )
}

/// Where `GetAccessToken` goes.
pub(crate) fn refresh_url(settings: &Settings) -> String {
    match settings.refresh_token_url.as_deref() {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => url.to_owned(),
        Some(path) => join(&settings.base_url, path),
        None => reply_url(settings, "GetAccessToken"),
    }
}

fn to_json<T: serde::Serialize + ?Sized>(operation: &str, value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|error| {
        request_error(
            operation,
            format!("the request does not serialize to JSON: {error}"),
        )
    })
}

fn build(
    cx: &Context<'_>,
    operation: Cow<'static, str>,
    method: HttpMethod,
    url: &str,
    query: Option<String>,
    body: Option<Vec<u8>>,
) -> Result<PreparedRequest, Error> {
    let parsed = match query.as_deref() {
        Some(query) if !query.is_empty() => parse_url(cx.settings, &format!("{url}?{query}")),
        _ => parse_url(cx.settings, url),
    };
    let url = parsed
        .map_err(|error| request_error(&operation, format!("invalid URL `{url}`: {error}")))?;

    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(JSON));
    if body.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
    }
    if let Some(agent) = &cx.settings.user_agent {
        headers.insert(USER_AGENT, agent.clone());
    }
    let mut replaced = Vec::new();
    for (name, value) in &cx.settings.headers {
        if replaced.contains(name) {
            headers.append(name.clone(), value.clone());
        } else {
            headers.insert(name.clone(), value.clone());
            replaced.push(name.clone());
        }
    }
    if let Some(authorization) = cx.auth.and_then(AuthState::authorization) {
        let mut value = HeaderValue::from_str(&authorization)
            .map_err(|_| request_error(&operation, "the credentials are not valid header text"))?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    let mut request = PreparedRequest {
        operation,
        method,
        url,
        headers,
        body: body.map(bytes::Bytes::from),
        upload: None,
    };
    apply_cookies(cx, &mut request)?;
    Ok(request)
}

/// Parses a request URL. One under the base URL (almost all of them) takes the parsed base and
/// sets its path and query, which gives the same URL without parsing scheme and host again
/// (tested against a full parse); anything else is parsed whole.
pub(crate) fn parse_url(settings: &Settings, text: &str) -> Result<reqwest::Url, String> {
    if let Some(base) = settings.parsed_base()
        && let Some(rest) = text.strip_prefix(settings.base_url.as_str())
        && rest.starts_with('/')
        && !rest.contains(['#', '\\'])
    {
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let mut url = base.clone();
        let base_path = base.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&format!("{base_path}{path}"));
        }
        url.set_query(query);
        return Ok(url);
    }
    reqwest::Url::parse(text).map_err(|error| error.to_string())
}

/// Sets the `Cookie` header for the request's URL: a default `Cookie` header, then the jar's
/// cookies for that URL.
pub(crate) fn apply_cookies(cx: &Context<'_>, request: &mut PreparedRequest) -> Result<(), Error> {
    let Some(jar) = cx.cookies else {
        return Ok(());
    };
    request.headers.remove(COOKIE);
    let configured = cx
        .settings
        .headers
        .get(COOKIE)
        .and_then(|v| v.to_str().ok());
    let Some(cookies) = jar.header(&request.url, cx.now) else {
        if let Some(configured) = cx.settings.headers.get(COOKIE) {
            request.headers.insert(COOKIE, configured.clone());
        }
        return Ok(());
    };
    let combined = match configured {
        Some(existing) => format!("{existing}; {cookies}"),
        None => cookies,
    };
    // Values are checked when they enter the jar, so this only fails on a bug: say so rather
    // than silently sending no cookies.
    let mut value = HeaderValue::from_str(&combined).map_err(|_| {
        request_error(
            &request.operation,
            "the cookies do not form a valid Cookie header",
        )
    })?;
    value.set_sensitive(true);
    request.headers.insert(COOKIE, value);
    Ok(())
}

/// Keeps the cookies a response from `url` sets.
pub(crate) fn store_cookies(jar: &mut CookieJar, url: &reqwest::Url, headers: &HeaderMap) {
    for value in headers.get_all(reqwest::header::SET_COOKIE) {
        if let Ok(text) = value.to_str() {
            jar.store(url, text);
        }
    }
}

/// An error for statuses of 400 and above, and for redirects that were not followed (no
/// `Location`, or a status the client does not follow).
pub(crate) fn check_status(
    request: &PreparedRequest,
    status: u16,
    body: &[u8],
    body_truncated: bool,
) -> Result<(), Error> {
    if status >= 400 {
        Err(Error::Api(Box::new(ApiError::from_response(
            request.method,
            request.url.as_str(),
            status,
            body,
            body_truncated,
        ))))
    } else if (300..400).contains(&status) {
        Err(Error::Transport(TransportError::redirect(
            request.url.as_str(),
            format!("the server answered {status} without a Location the client can follow"),
        )))
    } else {
        Ok(())
    }
}

/// A body that could not be read, explained when it was an HTML page: a login page or a
/// proxy's error page answers with 200 where the API would have answered JSON.
pub(crate) fn explain_html(error: Error, content_type: Option<&str>, body: &[u8]) -> Error {
    let Error::Body(mut body_error) = error else {
        return error;
    };
    let html_type = content_type.is_some_and(|text| text.to_ascii_lowercase().contains("html"));
    let starts_with_tag = body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'<');
    if html_type || starts_with_tag {
        body_error.message = format!(
            "the server answered with an HTML page{}, not JSON: most likely a login page or a \
             proxy's error page (check the base URL and the credentials) ({})",
            content_type
                .map(|text| format!(" (Content-Type: {text})"))
                .unwrap_or_default(),
            body_error.message
        );
    }
    Error::Body(body_error)
}

/// Decodes the array answer of a batch, one element per request. An empty body (void
/// operations, 204) gives each request's reading of an empty body; a blank one is an error.
pub(crate) fn decode_batch<R: ServiceRequest>(
    body: &[u8],
    count: usize,
) -> Result<Vec<R::Response>, Error> {
    if body.is_empty() {
        return (0..count)
            .map(|_| R::decode_response(b"").map_err(Error::Body))
            .collect();
    }
    // Each item's own text, so decimals keep every digit (a `Value` would hold them as `f64`).
    let items: Vec<&serde_json::value::RawValue> = match serde_json::from_slice(body) {
        Ok(items) => items,
        Err(error) => {
            let message = if body.trim_ascii_start().starts_with(b"[") {
                error.to_string()
            } else {
                "expected a JSON array with one response per request".to_owned()
            };
            return Err(Error::Body(BodyError {
                type_name: std::any::type_name::<Vec<R::Response>>(),
                path: ".".to_owned(),
                message,
            }));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            R::decode_response(item.get().as_bytes()).map_err(|mut error| {
                error.path = match error.path.as_str() {
                    "." | "" => format!("[{index}]"),
                    inner if inner.starts_with('[') => format!("[{index}]{inner}"),
                    inner => format!("[{index}].{inner}"),
                };
                Error::Body(error)
            })
        })
        .collect()
}

/// The new bearer token in a `GetAccessToken` answer.
pub(crate) fn access_token(body: &[u8]) -> Result<String, Error> {
    let response: GetAccessTokenResponse = crate::request::decode::json(body)?;
    response
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            Error::Body(BodyError {
                type_name: "GetAccessTokenResponse",
                path: "accessToken".to_owned(),
                message: "the server returned no access token".to_owned(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::BasePath;
    use crate::request::{AuthRequirement, ResponseKind, Route, decode};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct InviteChatMember {
        #[serde(skip_serializing_if = "Option::is_none")]
        session_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        member_to_add: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        caller_id: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct SessionInfo {
        session_id: Option<String>,
        members: Vec<String>,
    }

    impl ServiceRequest for InviteChatMember {
        type Response = SessionInfo;
        const OPERATION_NAME: &'static str = "InviteChatMember";
        const METHOD: HttpMethod = HttpMethod::Post;
        const ROUTES: &'static [Route] = &[Route {
            path: "/sessions/{sessionId}/members",
            verbs: &[HttpMethod::Post],
        }];
        const AUTH: AuthRequirement = AuthRequirement::NONE;
        const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
        fn decode_response(body: &[u8]) -> Result<SessionInfo, BodyError> {
            decode::json(body)
        }
    }

    fn seed() -> InviteChatMember {
        InviteChatMember {
            session_id: Some("sess 1".into()),
            member_to_add: Some("+15551234567".into()),
            caller_id: Some("+15557654321".into()),
        }
    }

    fn with<T>(settings: &Settings, f: impl FnOnce(&Context<'_>) -> T) -> T {
        let cx = Context {
            settings,
            auth: Some(&settings.auth),
            cookies: None,
            now: SystemTime::UNIX_EPOCH,
        };
        f(&cx)
    }

    #[test]
    fn urls_under_the_base_are_the_urls_a_full_parse_gives() {
        let bases = [
            "http://h",
            "http://h:8080/prefix/v1/",
            "HTTPS://Example.ORG:443/app",
            "http://127.0.0.1:1",
            "http://h/\u{e4}",
            "http://[::1]:8080/x",
            "http://xn--bcher-kva.example/",
            "http://b\u{fc}cher.example",
        ];
        let suffixes = [
            "/api/Op",
            "/api/Op[]",
            "/api/Op?a=1&b=%20&c=[x,y]",
            "/sessions/a%20b%2Fc/members",
            "/api/Op?q=\u{e4}\u{1F600}",
            "/api/\u{e4}/x y",
            "/a/./b/../c",
            "/%2e%2E/x",
            "/api/Op?",
            "//double//slash",
            "/api/Op?a=b#frag",
            "/back\\slash",
            "/api/Op?x=%zz&y=<>\"",
        ];
        for base in bases {
            let settings = Settings::new(base);
            for suffix in suffixes {
                let text = format!("{}{suffix}", settings.base_url);
                assert_eq!(
                    parse_url(&settings, &text),
                    reqwest::Url::parse(&text).map_err(|error| error.to_string()),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn post_sends_json_body_to_api() {
        let mut settings = Settings::new("http://127.0.0.1:1/");
        settings.auth.set_bearer_token(Some("tok".into()));
        let request = with(&settings, |cx| typed(cx, HttpMethod::Post, &seed())).unwrap();
        assert_eq!(request.url(), "http://127.0.0.1:1/api/InviteChatMember");
        assert_eq!(
            request.body().unwrap(),
            br#"{"sessionId":"sess 1","memberToAdd":"+15551234567","callerId":"+15557654321"}"#
        );
        let h = request.headers();
        assert_eq!(h[CONTENT_TYPE], JSON);
        assert_eq!(h[ACCEPT], JSON);
        assert_eq!(h[AUTHORIZATION], "Bearer tok");
        assert!(h[AUTHORIZATION].is_sensitive());
        assert!(
            h[USER_AGENT]
                .to_str()
                .unwrap()
                .starts_with("servicestack-rust/")
        );
    }

    #[test]
    fn get_sends_query_and_no_content_type() {
        let settings = Settings::new("http://h");
        let request = with(&settings, |cx| typed(cx, HttpMethod::Get, &seed())).unwrap();
        assert_eq!(
            request.url(),
            "http://h/api/InviteChatMember?sessionId=sess%201&memberToAdd=%2B15551234567&callerId=%2B15557654321"
        );
        assert!(request.body().is_none());
        assert!(request.headers().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn user_defined_routes_bind_path_members() {
        let mut settings = Settings::new("http://h/base");
        settings.route_mode = RouteMode::UserDefined;
        let post = with(&settings, |cx| typed(cx, HttpMethod::Post, &seed())).unwrap();
        assert_eq!(post.url(), "http://h/base/sessions/sess%201/members");
        // The body still has every member.
        assert!(
            std::str::from_utf8(post.body().unwrap())
                .unwrap()
                .contains("sessionId")
        );
        // GET is not allowed by the route: predefined URL, everything in the query.
        let get = with(&settings, |cx| typed(cx, HttpMethod::Get, &seed())).unwrap();
        assert!(
            get.url()
                .starts_with("http://h/base/api/InviteChatMember?sessionId=")
        );
    }

    #[test]
    fn one_way_batch_and_legacy() {
        let mut settings = Settings::new("http://h");
        let batch_request = with(&settings, |cx| {
            batch(cx, &[seed(), seed()], Endpoint::Reply)
        })
        .unwrap();
        assert_eq!(batch_request.url(), "http://h/api/InviteChatMember[]");
        assert_eq!(batch_request.operation(), "InviteChatMember[]");
        assert!(batch_request.body().unwrap().starts_with(b"[{"));
        settings.base_path = BasePath::Legacy;
        let one = with(&settings, |cx| one_way(cx, &seed())).unwrap();
        assert_eq!(one.url(), "http://h/json/oneway/InviteChatMember");
        assert_eq!(one.method(), HttpMethod::Post);
        let batch_one_way = with(&settings, |cx| batch(cx, &[seed()], Endpoint::OneWay)).unwrap();
        assert_eq!(
            batch_one_way.url(),
            "http://h/json/oneway/InviteChatMember[]"
        );
        assert_eq!(refresh_url(&settings), "http://h/json/reply/GetAccessToken");
        settings.refresh_token_url = Some("/auth/refresh".into());
        assert_eq!(refresh_url(&settings), "http://h/auth/refresh");
        settings.refresh_token_url = Some("https://auth.example/token".into());
        assert_eq!(refresh_url(&settings), "https://auth.example/token");
    }

    #[test]
    fn default_headers_and_cookies() {
        let mut settings = Settings::new("http://h");
        settings.add_header("Accept", "application/x-custom");
        settings.add_header("X-Trace", "a");
        settings.add_header("X-Trace", "b");
        settings.user_agent = None;
        let mut jar = CookieJar::default();
        jar.set(settings.parsed_base().unwrap(), "ss-id", "abc");
        let cx = Context {
            settings: &settings,
            auth: None,
            cookies: Some(&jar),
            now: SystemTime::now(),
        };
        let request = typed(&cx, HttpMethod::Delete, &seed()).unwrap();
        let h = request.headers();
        assert_eq!(h[ACCEPT], "application/x-custom");
        assert_eq!(h.get_all("x-trace").iter().count(), 2);
        assert!(h.get(USER_AGENT).is_none());
        assert_eq!(h[COOKIE], "ss-id=abc");
    }

    #[test]
    fn routed_get_leaves_bound_members_out_of_the_query() {
        #[derive(Serialize)]
        struct GetMember {
            #[serde(rename = "sessionId")]
            session_id: Option<String>,
            #[serde(rename = "memberId")]
            member_id: Option<String>,
            skip: i32,
            take: Option<i32>,
        }
        impl ServiceRequest for GetMember {
            type Response = ();
            const OPERATION_NAME: &'static str = "GetMember";
            const METHOD: HttpMethod = HttpMethod::Get;
            const ROUTES: &'static [Route] = &[Route {
                path: "/sessions/{SessionId}/members",
                verbs: &[HttpMethod::Get],
            }];
            const AUTH: AuthRequirement = AuthRequirement::NONE;
            const RESPONSE_KIND: ResponseKind = ResponseKind::Void;
            fn decode_response(body: &[u8]) -> Result<(), BodyError> {
                decode::void(body)
            }
        }
        let request = GetMember {
            session_id: Some("s/1".into()),
            member_id: Some("+1 555".into()),
            skip: 0,
            take: None,
        };
        let mut routed = Settings::new("http://h");
        routed.route_mode = RouteMode::UserDefined;
        let get = with(&routed, |cx| typed(cx, HttpMethod::Get, &request)).unwrap();
        assert_eq!(
            get.url(),
            "http://h/sessions/s%2F1/members?memberId=%2B1%20555&skip=0"
        );
        // The route does not take DELETE: every member in the query of the predefined URL.
        let delete = with(&routed, |cx| typed(cx, HttpMethod::Delete, &request)).unwrap();
        assert_eq!(
            delete.url(),
            "http://h/api/GetMember?sessionId=s%2F1&memberId=%2B1%20555&skip=0"
        );
        let predefined = Settings::new("http://h");
        let get = with(&predefined, |cx| typed(cx, HttpMethod::Get, &request)).unwrap();
        assert_eq!(get.url(), delete.url());
    }

    #[test]
    fn unparsable_urls_are_named_without_the_query() {
        let settings = Settings::new("not a url");
        let error = with(&settings, |cx| typed(cx, HttpMethod::Get, &seed())).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("`not a url/api/InviteChatMember`"),
            "{message}"
        );
        assert!(!message.contains("sess"), "{message}");
    }

    #[test]
    fn invalid_inputs_are_request_errors() {
        let settings = Settings::new("not a url");
        let error = with(&settings, |cx| typed(cx, HttpMethod::Get, &seed())).unwrap_err();
        assert!(matches!(error, Error::Request(_)), "{error}");

        #[derive(Serialize)]
        struct NotAnObject(i32);
        impl ServiceRequest for NotAnObject {
            type Response = ();
            const OPERATION_NAME: &'static str = "NotAnObject";
            const METHOD: HttpMethod = HttpMethod::Get;
            const ROUTES: &'static [Route] = &[];
            const AUTH: AuthRequirement = AuthRequirement::NONE;
            const RESPONSE_KIND: ResponseKind = ResponseKind::Void;
            fn decode_response(body: &[u8]) -> Result<(), BodyError> {
                decode::void(body)
            }
        }
        let settings = Settings::new("http://h");
        let error = with(&settings, |cx| typed(cx, HttpMethod::Get, &NotAnObject(1))).unwrap_err();
        assert!(error.to_string().contains("NotAnObject"), "{error}");
        // As a body it is fine, with user-defined routes too.
        assert!(with(&settings, |cx| typed(cx, HttpMethod::Post, &NotAnObject(1))).is_ok());
        let mut routed = Settings::new("http://h");
        routed.route_mode = RouteMode::UserDefined;
        let request = with(&routed, |cx| typed(cx, HttpMethod::Post, &NotAnObject(1))).unwrap();
        assert_eq!(request.url(), "http://h/api/NotAnObject");
    }

    #[test]
    fn batch_decoding() {
        let ok = decode_batch::<InviteChatMember>(br#"[{"sessionId":"a"},{"members":["x"]}]"#, 2)
            .unwrap();
        assert_eq!(ok[0].session_id.as_deref(), Some("a"));
        assert_eq!(ok[1].members, vec!["x".to_owned()]);
        let empty = decode_batch::<InviteChatMember>(b"", 2).unwrap();
        assert_eq!(empty.len(), 2);
        let Error::Body(error) =
            decode_batch::<InviteChatMember>(br#"[{},{"members":[1]}]"#, 2).unwrap_err()
        else {
            panic!("expected a body error");
        };
        assert_eq!(error.path, "[1].members[0]");
        let Error::Body(error) = decode_batch::<InviteChatMember>(b"{}", 1).unwrap_err() else {
            panic!("expected a body error");
        };
        assert!(error.message.contains("JSON array"), "{}", error.message);
        assert!(decode_batch::<InviteChatMember>(b"<html>", 1).is_err());
    }

    /// Each response is decoded from its own text: a decimal keeps all 28 digits and its scale
    /// without serde_json's `arbitrary_precision` (a `Value` in between would make it an `f64`).
    #[test]
    fn batch_items_keep_every_decimal_digit() {
        #[derive(Serialize)]
        struct Price;
        #[derive(Deserialize, Debug)]
        struct Quote {
            amount: crate::Decimal,
        }
        impl ServiceRequest for Price {
            type Response = Quote;
            const OPERATION_NAME: &'static str = "Price";
        }
        let quotes = decode_batch::<Price>(
            br#"[{"amount":1234567890.123456789012345678},{"amount":1.50}]"#,
            2,
        )
        .unwrap();
        assert_eq!(
            quotes[0].amount.to_string(),
            "1234567890.123456789012345678"
        );
        assert_eq!(quotes[1].amount.to_string(), "1.50");
    }

    #[test]
    fn access_tokens() {
        assert_eq!(access_token(br#"{"accessToken":"new"}"#).unwrap(), "new");
        assert_eq!(access_token(br#"{"AccessToken":"new"}"#).unwrap(), "new");
        assert!(access_token(br#"{"accessToken":""}"#).is_err());
        assert!(access_token(b"").is_err());
        assert!(access_token(b"nope").is_err());
    }
}
