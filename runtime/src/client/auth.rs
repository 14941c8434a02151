//! Credentials the client sends, and the ServiceStack auth DTOs it uses itself.

use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// A credential value that never shows up in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Everything the client may authenticate with. Shared by clones of a client.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuthState {
    pub(crate) bearer_token: Option<Secret>,
    pub(crate) api_key: Option<Secret>,
    pub(crate) user_name: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) refresh_token: Option<Secret>,
    /// Bumped whenever the bearer token changes, so a request that failed with a stale token can
    /// tell that another call already refreshed it.
    pub(crate) generation: u64,
}

impl AuthState {
    /// The `Authorization` header: the bearer token, else the API key (ServiceStack accepts API
    /// keys as bearer tokens), else HTTP Basic credentials.
    pub(crate) fn authorization(&self) -> Option<String> {
        if let Some(token) = self.bearer_token.as_ref().or(self.api_key.as_ref()) {
            return Some(format!("Bearer {}", token.expose()));
        }
        let user = self.user_name.as_deref()?;
        let password = self.password.as_ref().map(Secret::expose).unwrap_or("");
        Some(basic_authorization(user, password))
    }

    pub(crate) fn set_bearer_token(&mut self, token: Option<String>) {
        self.bearer_token = token.filter(|t| !t.is_empty()).map(Secret::new);
        self.generation = self.generation.wrapping_add(1);
    }

    pub(crate) fn set_refresh_token(&mut self, token: Option<String>) {
        self.refresh_token = token.filter(|t| !t.is_empty()).map(Secret::new);
    }

    pub(crate) fn set_api_key(&mut self, key: Option<String>) {
        self.api_key = key.filter(|k| !k.is_empty()).map(Secret::new);
        self.generation = self.generation.wrapping_add(1);
    }

    pub(crate) fn set_credentials(&mut self, credentials: Option<(String, String)>) {
        match credentials {
            Some((user, password)) => {
                self.user_name = Some(user);
                self.password = Some(Secret::new(password));
            }
            None => {
                self.user_name = None;
                self.password = None;
            }
        }
        self.generation = self.generation.wrapping_add(1);
    }

    /// Stores the tokens of a successful `Authenticate` call; empty tokens are ignored.
    pub(crate) fn apply_authenticate(&mut self, response: &AuthenticateResponse) {
        if let Some(token) = response.bearer_token.as_ref().filter(|t| !t.is_empty()) {
            self.set_bearer_token(Some(token.clone()));
        }
        if let Some(token) = response.refresh_token.as_ref().filter(|t| !t.is_empty()) {
            self.set_refresh_token(Some(token.clone()));
        }
    }
}

/// `Basic base64(user:password)`, UTF-8 encoded before base64 like the TypeScript client.
pub(crate) fn basic_authorization(user: &str, password: &str) -> String {
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw.as_bytes())
    )
}

/// The request body of ServiceStack's `Authenticate` API for the `credentials` provider.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Authenticate<'a> {
    pub(crate) provider: &'a str,
    pub(crate) user_name: &'a str,
    pub(crate) password: &'a str,
}

/// The request body of ServiceStack's `GetAccessToken` API.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GetAccessToken<'a> {
    pub(crate) refresh_token: &'a str,
}

/// What `GetAccessToken` answers.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct GetAccessTokenResponse {
    #[serde(alias = "AccessToken")]
    pub(crate) access_token: Option<String>,
}

/// ServiceStack's `AuthenticateResponse`, as returned by
/// [`JsonServiceClient::authenticate`](super::JsonServiceClient::authenticate).
///
/// Member names are camelCase on the wire; PascalCase is accepted too. `Debug` never shows the
/// tokens or the session id (the `ss-id` cookie value authenticates too).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AuthenticateResponse {
    /// The user's id.
    #[serde(alias = "UserId", skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The server-side session id (also sent as the `ss-id` cookie).
    #[serde(alias = "SessionId", skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The user name.
    #[serde(alias = "UserName", skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The display name.
    #[serde(alias = "DisplayName", skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The URL of the user's avatar.
    #[serde(alias = "ProfileUrl", skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// The JWT to send as a bearer token, when the server issues JWTs.
    #[serde(alias = "BearerToken", skip_serializing_if = "Option::is_none")]
    pub bearer_token: Option<String>,
    /// The token that obtains new bearer tokens from `GetAccessToken`.
    #[serde(alias = "RefreshToken", skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The user's roles.
    #[serde(alias = "Roles", skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The user's permissions.
    #[serde(alias = "Permissions", skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<String>,
    /// Extra data attached by the server.
    #[serde(alias = "Meta", skip_serializing_if = "Option::is_none")]
    pub meta: Option<std::collections::HashMap<String, String>>,
}

impl fmt::Debug for AuthenticateResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |token: &Option<String>| token.as_ref().map(|_| "<redacted>");
        f.debug_struct("AuthenticateResponse")
            .field("user_id", &self.user_id)
            .field("session_id", &redact(&self.session_id))
            .field("user_name", &self.user_name)
            .field("display_name", &self.display_name)
            .field("profile_url", &self.profile_url)
            .field("bearer_token", &redact(&self.bearer_token))
            .field("refresh_token", &redact(&self.refresh_token))
            .field("roles", &self.roles)
            .field("permissions", &self.permissions)
            .field("meta", &self.meta)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_precedence() {
        let mut auth = AuthState::default();
        assert_eq!(auth.authorization(), None);
        auth.set_credentials(Some(("alice".into(), "p@ss:w0rd".into())));
        assert_eq!(auth.authorization().unwrap(), "Basic YWxpY2U6cEBzczp3MHJk");
        auth.set_api_key(Some("ak_live_1".into()));
        assert_eq!(auth.authorization().unwrap(), "Bearer ak_live_1");
        auth.set_bearer_token(Some("tok-123".into()));
        assert_eq!(auth.authorization().unwrap(), "Bearer tok-123");
        auth.set_bearer_token(Some(String::new()));
        assert_eq!(auth.authorization().unwrap(), "Bearer ak_live_1");
        assert_eq!(
            basic_authorization("jürgen", "pässwörd"),
            "Basic asO8cmdlbjpww6Rzc3fDtnJk"
        );
        assert_eq!(basic_authorization("user", "pass"), "Basic dXNlcjpwYXNz");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let mut auth = AuthState::default();
        auth.set_bearer_token(Some("tok-SECRET".into()));
        auth.set_refresh_token(Some("ref-SECRET".into()));
        auth.set_credentials(Some(("alice".into(), "pw-SECRET".into())));
        let shown = format!("{auth:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        let response: AuthenticateResponse = serde_json::from_str(
            r#"{"UserId":"1","sessionId":"sid-SECRET","bearerToken":"jwt-SECRET","RefreshToken":"ref-SECRET","roles":["Admin"]}"#,
        )
        .unwrap();
        assert_eq!(response.user_id.as_deref(), Some("1"));
        assert_eq!(response.refresh_token.as_deref(), Some("ref-SECRET"));
        let shown = format!("{response:?}");
        assert!(
            !shown.contains("SECRET") && shown.contains("Admin"),
            "{shown}"
        );
    }

    #[test]
    fn apply_authenticate_keeps_existing_tokens_when_empty() {
        let mut auth = AuthState::default();
        auth.set_bearer_token(Some("old".into()));
        let generation = auth.generation;
        auth.apply_authenticate(&AuthenticateResponse {
            bearer_token: Some(String::new()),
            refresh_token: Some("r".into()),
            ..Default::default()
        });
        assert_eq!(auth.bearer_token.as_ref().unwrap().expose(), "old");
        assert_eq!(auth.generation, generation);
        assert_eq!(auth.refresh_token.as_ref().unwrap().expose(), "r");
    }
}
