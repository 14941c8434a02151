//! What a generated request DTO tells the client about its operation.
//!
//! The generator implements [`ServiceRequest`] for every request DTO of a ServiceStack API. The
//! constants describe the operation exactly as the server's metadata does; the client reads them to
//! build the URL, pick the verb and decode the response.

use std::fmt;

/// An HTTP verb a ServiceStack operation can be called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`: the request's fields travel in the query string.
    Get,
    /// `POST`: the request is the JSON body.
    Post,
    /// `PUT`: the request is the JSON body.
    Put,
    /// `PATCH`: the request is the JSON body.
    Patch,
    /// `DELETE`: the request's fields travel in the query string.
    Delete,
    /// `HEAD`: the request's fields travel in the query string.
    Head,
    /// `OPTIONS`: the request's fields travel in the query string.
    Options,
}

impl HttpMethod {
    /// The verb as it appears on the wire (`"GET"`, `"POST"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Parses a verb case-insensitively; `None` for anything else (including `ANY`).
    pub fn parse(verb: &str) -> Option<Self> {
        const ALL: [HttpMethod; 7] = [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Patch,
            HttpMethod::Delete,
            HttpMethod::Head,
            HttpMethod::Options,
        ];
        ALL.into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(verb.trim()))
    }

    /// Whether ServiceStack clients send a body with this verb. `GET`, `DELETE`, `HEAD` and
    /// `OPTIONS` carry the request in the query string instead.
    pub const fn has_request_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user-defined route of an operation (`[Route("/path/{Var}", "GET,POST")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// The path template exactly as declared, e.g. `/sessions/{SessionId}/members`. Variables name
    /// request properties (matched case-insensitively); `{Name*}` is a wildcard.
    pub path: &'static str,
    /// The verbs the route accepts; empty means any verb.
    pub verbs: &'static [HttpMethod],
}

impl Route {
    /// A route for `verbs` (empty: any verb); what generated `ROUTES` constants are made of.
    pub const fn new(path: &'static str, verbs: &'static [HttpMethod]) -> Route {
        Route { path, verbs }
    }

    /// A `GET` route.
    pub const fn get(path: &'static str) -> Route {
        Route::new(path, &[HttpMethod::Get])
    }

    /// A `POST` route.
    pub const fn post(path: &'static str) -> Route {
        Route::new(path, &[HttpMethod::Post])
    }

    /// A `PUT` route.
    pub const fn put(path: &'static str) -> Route {
        Route::new(path, &[HttpMethod::Put])
    }

    /// A `PATCH` route.
    pub const fn patch(path: &'static str) -> Route {
        Route::new(path, &[HttpMethod::Patch])
    }

    /// A `DELETE` route.
    pub const fn delete(path: &'static str) -> Route {
        Route::new(path, &[HttpMethod::Delete])
    }

    /// A route for any verb.
    pub const fn any(path: &'static str) -> Route {
        Route::new(path, &[])
    }

    /// Whether this route may be used with `method`.
    pub fn allows(&self, method: HttpMethod) -> bool {
        self.verbs.is_empty() || self.verbs.contains(&method)
    }
}

/// What an operation requires of the caller before the server runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AuthRequirement {
    /// The caller must be authenticated (`[Authenticate]` or any role/permission requirement).
    pub requires_auth: bool,
    /// The caller must present an API key.
    pub requires_api_key: bool,
    /// Every one of these roles is required.
    pub required_roles: &'static [&'static str],
    /// At least one of these roles is required.
    pub requires_any_role: &'static [&'static str],
    /// Every one of these permissions is required.
    pub required_permissions: &'static [&'static str],
    /// At least one of these permissions is required.
    pub requires_any_permission: &'static [&'static str],
}

impl AuthRequirement {
    /// An operation anyone may call.
    pub const NONE: AuthRequirement = AuthRequirement {
        requires_auth: false,
        requires_api_key: false,
        required_roles: &[],
        requires_any_role: &[],
        required_permissions: &[],
        requires_any_permission: &[],
    };

    /// An operation only authenticated callers may call (`[Authenticate]`).
    pub const AUTHENTICATED: AuthRequirement = AuthRequirement {
        requires_auth: true,
        ..AuthRequirement::NONE
    };

    /// This requirement, and an API key too.
    pub const fn api_key(self) -> AuthRequirement {
        AuthRequirement {
            requires_api_key: true,
            ..self
        }
    }

    /// This requirement, and every one of `roles`.
    pub const fn roles(self, roles: &'static [&'static str]) -> AuthRequirement {
        AuthRequirement {
            required_roles: roles,
            ..self
        }
    }

    /// This requirement, and at least one of `roles`.
    pub const fn any_role(self, roles: &'static [&'static str]) -> AuthRequirement {
        AuthRequirement {
            requires_any_role: roles,
            ..self
        }
    }

    /// This requirement, and every one of `permissions`.
    pub const fn permissions(self, permissions: &'static [&'static str]) -> AuthRequirement {
        AuthRequirement {
            required_permissions: permissions,
            ..self
        }
    }

    /// This requirement, and at least one of `permissions`.
    pub const fn any_permission(self, permissions: &'static [&'static str]) -> AuthRequirement {
        AuthRequirement {
            requires_any_permission: permissions,
            ..self
        }
    }
}

/// How the body of a successful response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    /// A JSON document deserialized into the response type.
    Json,
    /// No body is expected (`IReturnVoid`); anything the server sends is ignored.
    Void,
    /// The raw body as UTF-8 text (`IReturn<string>`).
    Text,
    /// The raw body bytes (`IReturn<byte[]>`, streams).
    Bytes,
}

/// A request DTO of a ServiceStack operation. Implemented by generated code, which writes only
/// what differs from the defaults: a POST to `/api/{OPERATION_NAME}` without user-defined routes
/// or authentication, answered with JSON.
///
/// ```
/// use servicestack_runtime::{HttpMethod, Route, ServiceRequest};
///
/// #[derive(serde::Serialize)]
/// struct Hello { name: Option<String> }
///
/// impl ServiceRequest for Hello {
///     type Response = serde_json::Value;
///     const OPERATION_NAME: &'static str = "Hello";
///     const METHOD: HttpMethod = HttpMethod::Get;
///     const ROUTES: &'static [Route] = &[Route::new("/hello/{Name}", &[])];
/// }
/// assert_eq!(Hello::METHOD.as_str(), "GET");
/// assert_eq!(Hello::decode_response(br#"{"a":1}"#).unwrap()["a"], 1);
/// ```
pub trait ServiceRequest: serde::Serialize {
    /// What a successful call returns: a response DTO, `()` for void operations, `String` for raw
    /// text and `Vec<u8>` for raw bytes.
    type Response: serde::de::DeserializeOwned;
    /// The operation name: the request DTO's .NET name, used in `/api/{Name}`.
    const OPERATION_NAME: &'static str;
    /// The verb the operation prefers when called with `send` (ServiceStack's default: POST).
    const METHOD: HttpMethod = HttpMethod::Post;
    /// The user-defined routes, in declaration order (none: only `/api/{Name}`).
    const ROUTES: &'static [Route] = &[];
    /// The authentication the server requires for the operation.
    const AUTH: AuthRequirement = AuthRequirement::NONE;
    /// How a successful response body is read.
    const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
    /// Reads a successful response body into [`ServiceRequest::Response`] as
    /// [`RESPONSE_KIND`](ServiceRequest::RESPONSE_KIND) says ([`decode::by_kind`]).
    fn decode_response(body: &[u8]) -> Result<Self::Response, BodyError> {
        decode::by_kind(Self::RESPONSE_KIND, body)
    }
}

/// A response body that could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the response body as `{type_name}` at `{path}`: {message}")]
pub struct BodyError {
    /// The Rust type that was expected.
    pub type_name: &'static str,
    /// The JSON path of the value that failed (`.` for the whole document).
    pub path: String,
    /// What went wrong there.
    pub message: String,
}

/// The decoders behind [`ServiceRequest::decode_response`].
pub mod decode {
    use serde::de::DeserializeOwned;
    use serde::de::value::{SeqDeserializer, StringDeserializer, UnitDeserializer};

    use super::{BodyError, ResponseKind};

    /// Reads a body the way `kind` says into any response type: JSON through [`json`], a void
    /// answer as the unit value (anything the server sent is ignored), text as a UTF-8 string and
    /// bytes as a byte sequence, each handed to the type's own `Deserialize` (so `()`, `String`
    /// and `Vec<u8>` respectively; a type that cannot take that shape is a [`BodyError`]).
    pub fn by_kind<T: DeserializeOwned>(kind: ResponseKind, body: &[u8]) -> Result<T, BodyError> {
        let fail = |message: String| BodyError {
            type_name: std::any::type_name::<T>(),
            path: ".".to_owned(),
            message,
        };
        let read = |result: Result<T, serde::de::value::Error>| {
            result.map_err(|error| fail(error.to_string()))
        };
        match kind {
            ResponseKind::Json => json(body),
            ResponseKind::Void => read(T::deserialize(UnitDeserializer::new())),
            ResponseKind::Text => {
                let text =
                    String::from_utf8(body.to_vec()).map_err(|error| fail(error.to_string()))?;
                read(T::deserialize(StringDeserializer::new(text)))
            }
            ResponseKind::Bytes => read(T::deserialize(SeqDeserializer::<
                _,
                serde::de::value::Error,
            >::new(body.iter().copied()))),
        }
    }

    /// Deserializes a JSON body, reporting the JSON path of the first value that fails. An empty
    /// body (a 204, or a server answering nothing) is read as `{}` so that response DTOs whose
    /// fields all have defaults still decode; a body of only whitespace is an error, not an
    /// empty success (a truncated or broken answer).
    pub fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
        if !body.is_empty() && body.iter().all(u8::is_ascii_whitespace) {
            return Err(BodyError {
                type_name: std::any::type_name::<T>(),
                path: ".".to_owned(),
                message: format!(
                    "the body is {} bytes of whitespace, not JSON (an empty body would read as `{{}}`)",
                    body.len()
                ),
            });
        }
        let body = if body.is_empty() {
            b"{}".as_slice()
        } else {
            body
        };
        // Tracking the path costs on every member; only a failing body is read again with it.
        if let Ok(value) = serde_json::from_slice(body) {
            return Ok(value);
        }
        let fail = |path: String, message: String| BodyError {
            type_name: std::any::type_name::<T>(),
            path,
            message,
        };
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let value: T = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| fail(error.path().to_string(), error.into_inner().to_string()))?;
        deserializer
            .end()
            .map_err(|error| fail(".".to_owned(), error.to_string()))?;
        Ok(value)
    }

    /// Accepts any body: void operations answer with 204, an empty body or `{}`.
    pub fn void(_body: &[u8]) -> Result<(), BodyError> {
        Ok(())
    }

    /// Reads the body as UTF-8 text.
    pub fn text(body: &[u8]) -> Result<String, BodyError> {
        String::from_utf8(body.to_vec()).map_err(|error| BodyError {
            type_name: "String",
            path: ".".to_owned(),
            message: error.to_string(),
        })
    }

    /// Returns the body bytes unchanged.
    pub fn bytes(body: &[u8]) -> Result<Vec<u8>, BodyError> {
        Ok(body.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_into_its_usual_type() {
        let json: serde_json::Value = decode::by_kind(ResponseKind::Json, br#"{"a":1}"#).unwrap();
        assert_eq!(json["a"], 1);
        let () = decode::by_kind(ResponseKind::Void, b"anything at all").unwrap();
        let text: String = decode::by_kind(ResponseKind::Text, "h\u{e9}llo".as_bytes()).unwrap();
        assert_eq!(text, "h\u{e9}llo");
        let bytes: Vec<u8> = decode::by_kind(ResponseKind::Bytes, &[0, 1, 255]).unwrap();
        assert_eq!(bytes, [0, 1, 255]);
    }

    #[test]
    fn a_kind_the_type_cannot_take_is_a_body_error() {
        let error = decode::by_kind::<String>(ResponseKind::Text, &[0xff]).unwrap_err();
        assert_eq!(error.path, ".");
        let error = decode::by_kind::<i32>(ResponseKind::Text, b"12").unwrap_err();
        assert_eq!(error.type_name, "i32");
    }

    #[test]
    fn auth_builders_set_one_requirement_each() {
        const AUTH: AuthRequirement = AuthRequirement::AUTHENTICATED
            .roles(&["Admin"])
            .any_role(&["A", "B"])
            .permissions(&["p"])
            .any_permission(&["q"])
            .api_key();
        assert_eq!(
            AUTH,
            AuthRequirement {
                requires_auth: true,
                requires_api_key: true,
                required_roles: &["Admin"],
                requires_any_role: &["A", "B"],
                required_permissions: &["p"],
                requires_any_permission: &["q"],
            }
        );
        assert!(!AuthRequirement::NONE.roles(&["x"]).requires_auth);
    }
}
