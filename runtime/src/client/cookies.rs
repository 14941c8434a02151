//! The client's cookie jar for ServiceStack's session cookies (`ss-id`, `ss-pid`, `ss-opt`,
//! `ss-tok`, `ss-reftok`), on top of [`cookie_store`]: RFC 6265 parsing (through the `cookie`
//! crate), Domain and Path rules, Max-Age over Expires, replacement of a cookie with the same
//! name, domain and path.
//!
//! The client keeps its own jar instead of reqwest's so that the async and blocking clients share
//! one implementation, cookies work with a caller-supplied `reqwest::Client`, and the session can
//! be read or restored (`cookie`, `set_cookie`). What this module adds to `cookie_store`:
//! - `Secure` cookies go over https only (`cookie_store` also counts plain http to loopback as
//!   secure);
//! - a public-suffix heuristic ([`is_public_suffix_like`]): `cookie_store`'s own check needs the
//!   full Public Suffix List, which the client would have to ship or download;
//! - no `Domain` attribute other than the host itself on an IP address;
//! - a stable `Cookie` header order, values never logged (`cookie_store` logs what
//!   `store_response_cookies` receives, so it is not used), names only in `Debug`;
//! - checks of the cookies the user sets ([`validate`]);
//! - one `bool` test per request while the jar is empty.

use std::fmt;
use std::time::SystemTime;

use cookie::time::OffsetDateTime;
use cookie_store::{Cookie, CookieDomain, CookieStore, RawCookie, StoreAction};
use reqwest::Url;

/// Cookies received from the server, sent back on later requests to their origin.
#[derive(Clone, Default)]
pub(crate) struct CookieJar {
    store: CookieStore,
    /// Whether `store` holds any cookie (even an expired one): `false` skips all work.
    holds_any: bool,
}

impl fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Session cookies are credentials: only their names are shown.
        f.debug_list()
            .entries(self.store.iter_any().map(|cookie| cookie.name()))
            .finish()
    }
}

impl CookieJar {
    /// Stores one `Set-Cookie` header received from `url`. Invalid headers, and cookies for
    /// another domain, a public suffix or the domain of an IP address, are ignored, as RFC 6265
    /// requires. An expired cookie deletes the one it replaces.
    pub(crate) fn store(&mut self, url: &Url, set_cookie: &str) {
        let Ok(mut raw) = RawCookie::parse(set_cookie) else {
            return;
        };
        let Some(host) = url.host_str() else {
            return;
        };
        if let Some(attribute) = raw.domain() {
            // The domain as `cookie_store` will see it (IDNA-mapped, lowercase), so the check
            // cannot be side-stepped with case, dots or full-width letters.
            let domain = match CookieDomain::try_from(attribute) {
                Ok(CookieDomain::Suffix(domain)) => domain,
                Ok(_) => String::new(),
                Err(_) => return,
            };
            let domain = domain.trim_start_matches('.');
            // `cookie_store` refuses these too; kept as a cheap second line of defence.
            let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
            if domain == host {
                // RFC 6265 §5.3 step 5: a public suffix naming the host itself is host-only.
                if is_public_suffix_like(domain) {
                    raw.unset_domain();
                }
            } else if !domain.is_empty() && (is_ip || is_public_suffix_like(domain)) {
                return;
            }
        }
        let Ok(cookie) = Cookie::try_from_raw_cookie(&raw, url) else {
            return;
        };
        let key = cookie.is_expired().then(|| {
            let domain = String::from(&cookie.domain);
            (domain, String::from(&cookie.path), cookie.name().to_owned())
        });
        // `cookie_store` keeps a deleted cookie as expired: drop it, so a jar emptied by the
        // server is empty again.
        if let (Ok(StoreAction::ExpiredExisting), Some((domain, path, name))) =
            (self.store.insert(cookie.into_owned(), url), key)
        {
            self.store.remove(&domain, &path, &name);
        }
        self.update();
    }

    /// The `Cookie` header for a request to `url` at `now`, `None` when no cookie applies:
    /// live cookies whose domain and path match `url`, `Secure` ones only over https. Longer
    /// paths come first (RFC 6265 §5.4), then names in order.
    pub(crate) fn header(&self, url: &Url, now: SystemTime) -> Option<String> {
        if !self.holds_any {
            return None;
        }
        let now = OffsetDateTime::from(now);
        let https = url.scheme() == "https";
        let mut matching: Vec<&Cookie<'static>> = self
            .store
            .iter_any()
            .filter(|cookie| {
                !cookie.expires_by(&now)
                    && cookie.matches(url)
                    && (https || cookie.secure() != Some(true))
            })
            .collect();
        if matching.is_empty() {
            return None;
        }
        matching
            .sort_by(|a, b| (b.path.len().cmp(&a.path.len())).then_with(|| a.name().cmp(b.name())));
        let mut header = String::new();
        for cookie in matching {
            if !header.is_empty() {
                header.push_str("; ");
            }
            header.push_str(cookie.name());
            header.push('=');
            header.push_str(cookie.value());
        }
        Some(header)
    }

    /// The value (without surrounding double quotes) of the live cookie called `name`; of
    /// several, the one with the longest path.
    pub(crate) fn get(&self, name: &str, now: SystemTime) -> Option<&str> {
        if !self.holds_any {
            return None;
        }
        let now = OffsetDateTime::from(now);
        self.store
            .iter_any()
            .filter(|cookie| cookie.name() == name && !cookie.expires_by(&now))
            .min_by(|a, b| (b.path.len().cmp(&a.path.len())).then_with(|| a.domain.cmp(&b.domain)))
            .map(|cookie| cookie.value_trimmed())
    }

    /// Sets a session cookie for the host of `base` (host-only), valid on every path. The
    /// caller checks `name` and `value` with [`validate`] first.
    pub(crate) fn set(&mut self, base: &Url, name: &str, value: &str) {
        let cookie = RawCookie::build((name.to_owned(), value.to_owned()))
            .path("/")
            .build();
        let _ = self.store.insert_raw(&cookie, base);
        self.update();
    }

    /// Removes every cookie called `name`, on every domain and path.
    pub(crate) fn remove(&mut self, name: &str) {
        let keys: Vec<(String, String)> = self
            .store
            .iter_any()
            .filter(|cookie| cookie.name() == name)
            .map(|cookie| (String::from(&cookie.domain), String::from(&cookie.path)))
            .collect();
        for (domain, path) in keys {
            self.store.remove(&domain, &path, name);
        }
        self.update();
    }

    /// Removes every cookie.
    pub(crate) fn clear(&mut self) {
        self.store.clear();
        self.holds_any = false;
    }

    fn update(&mut self) {
        self.holds_any = self.store.iter_any().next().is_some();
    }
}

/// Checks a cookie set by the user: the name must be an HTTP token and the value cookie-octets
/// (RFC 6265 §4.1.1), optionally in double quotes. Anything else could add a cookie (`;`) or
/// break the `Cookie` header (control characters, non-ASCII). The `cookie` crate accepts any
/// text here, so the check stays ours.
pub(crate) fn validate(name: &str, value: &str) -> Result<(), String> {
    let is_token = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if name.is_empty() || !name.bytes().all(is_token) {
        return Err(format!(
            "`{}` is not a valid cookie name (letters, digits and !#$%&'*+-.^_`|~ only)",
            name.escape_debug()
        ));
    }
    let unquoted = value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value);
    let is_octet =
        |byte: u8| matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    if let Some(bad) = unquoted
        .chars()
        .find(|c| !c.is_ascii() || !is_octet(*c as u8))
    {
        return Err(format!(
            "the value of cookie `{name}` contains {:?}, which a cookie value cannot carry \
             (encode it, e.g. percent-encoding, first)",
            bad
        ));
    }
    Ok(())
}

/// Whether a `Domain=` attribute names what is likely a public suffix, which would share the
/// cookie with every site under it: a single label (`com`, `localhost`), or a two-letter country
/// code under a common second-level registry label (`co.uk`, `com.au`). Without the full Public
/// Suffix List this is a heuristic; it errs on the side of keeping cookies host-only.
fn is_public_suffix_like(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    match labels.as_slice() {
        [_] => true,
        [second, country] => {
            country.len() == 2
                && matches!(
                    *second,
                    "ac" | "co"
                        | "com"
                        | "edu"
                        | "gov"
                        | "net"
                        | "org"
                        | "ne"
                        | "or"
                        | "go"
                        | "mil"
                        | "nic"
                        | "gob"
                        | "gouv"
                        | "nom"
                        | "ltd"
                        | "plc"
                        | "sch"
                )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn store(jar: &mut CookieJar, at: &str, set_cookie: &str) {
        jar.store(&url(at), set_cookie);
    }

    const LOCAL: &str = "http://127.0.0.1:8080/api/Ping";

    #[test]
    fn user_cookies_are_validated() {
        assert!(validate("ss-id", "abc123").is_ok());
        assert!(validate("ss-id", "\"quoted\"").is_ok());
        assert!(validate("ss-id", "").is_ok());
        for bad in [
            "abc; admin=true",
            "a\r\nX-Evil: 1",
            "a b",
            "a,b",
            "é",
            "a\\b",
        ] {
            let error = validate("ss-id", bad).unwrap_err();
            assert!(error.contains("ss-id"), "{error}");
        }
        assert!(validate("", "v").is_err());
        assert!(validate("a=b", "v").is_err());
        assert!(validate("a;b", "v").is_err());
    }

    #[test]
    fn expires_and_max_age() {
        let now = SystemTime::now();
        let in_2100 = SystemTime::UNIX_EPOCH + Duration::from_secs(4_102_444_800);
        let mut jar = CookieJar::default();
        // The comma in the date does not split the attribute; the RFC 1123, dashed and asctime
        // forms are understood.
        store(
            &mut jar,
            LOCAL,
            "a=1; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly",
        );
        store(
            &mut jar,
            LOCAL,
            "b=2; Expires=Fri, 01-Jan-2100 00:00:00 GMT; Path=/",
        );
        store(
            &mut jar,
            LOCAL,
            "c=3; Expires=Fri Jan  1 00:00:00 2100; Path=/",
        );
        assert_eq!(
            jar.header(&url(LOCAL), now).as_deref(),
            Some("a=1; b=2; c=3")
        );
        let after = in_2100 + Duration::from_secs(1);
        assert_eq!(jar.header(&url(LOCAL), after), None);
        // Max-Age counts from when the cookie arrives, and wins over Expires.
        store(
            &mut jar,
            LOCAL,
            "tok=t; Max-Age=100; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Path=/",
        );
        assert_eq!(jar.get("tok", now), Some("t"));
        assert_eq!(jar.get("tok", now + Duration::from_secs(200)), None);
        // A date in the past, Max-Age=0 or a negative one deletes.
        store(
            &mut jar,
            LOCAL,
            "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
        );
        store(&mut jar, LOCAL, "b=; Max-Age=0; Path=/");
        store(&mut jar, LOCAL, "c=; Max-Age=-1; Path=/");
        store(&mut jar, LOCAL, "tok=; Max-Age=0; Path=/");
        assert_eq!(jar.header(&url(LOCAL), now), None);
        // ...back to the empty fast path.
        assert!(!jar.holds_any);
        store(
            &mut jar,
            LOCAL,
            "old=1; Expires=Wed, 09-Jun-21 10:18:14 GMT",
        );
        assert!(!jar.holds_any);
    }

    #[test]
    fn round_trips_session_cookies_and_replaces_by_name() {
        let mut jar = CookieJar::default();
        let now = SystemTime::now();
        store(
            &mut jar,
            LOCAL,
            "ss-pid=xyz%20789; path=/; samesite=strict; httponly",
        );
        store(
            &mut jar,
            LOCAL,
            "ss-id=abc123; path=/; samesite=strict; httponly",
        );
        assert_eq!(
            jar.header(&url(LOCAL), now).as_deref(),
            Some("ss-id=abc123; ss-pid=xyz%20789")
        );
        assert_eq!(jar.get("ss-pid", now), Some("xyz%20789"));
        // One cookie per name, domain and path: a new value replaces the old one.
        store(&mut jar, LOCAL, "ss-id=new; path=/");
        assert_eq!(jar.get("ss-id", now), Some("new"));
        assert_eq!(
            jar.header(&url(LOCAL), now).as_deref(),
            Some("ss-id=new; ss-pid=xyz%20789")
        );
        // Quotes are part of the value on the wire, not of what `get` returns.
        store(&mut jar, LOCAL, "q=\"v\"; path=/");
        assert_eq!(jar.get("q", now), Some("v"));
        assert!(!format!("{jar:?}").contains("789"));
        assert!(format!("{jar:?}").contains("ss-pid"));
        // Restoring a session, as `set_cookie` does.
        jar.set(&url("http://127.0.0.1:8080"), "ss-id", "restored");
        assert_eq!(jar.get("ss-id", now), Some("restored"));
        jar.remove("ss-id");
        assert_eq!(jar.get("ss-id", now), None);
        jar.clear();
        assert_eq!(jar.header(&url(LOCAL), now), None);
        store(&mut jar, LOCAL, "no-equals-sign");
        store(&mut jar, LOCAL, "=no-name");
        assert!(!jar.holds_any);
    }

    #[test]
    fn domain_path_and_secure_rules() {
        let now = SystemTime::now();
        let mut jar = CookieJar::default();
        let api = "http://api.example.com/v1/api/Op";
        store(&mut jar, api, "a=1; Domain=example.com; Path=/");
        store(&mut jar, api, "b=2"); // host-only, default path /v1/api
        store(&mut jar, api, "c=3; Secure; Path=/");
        store(&mut jar, api, "d=4; Domain=other.com"); // another domain: refused
        store(&mut jar, api, "e=5; Domain=sub.api.example.com"); // a subdomain: refused
        let header = |at: &str| jar.header(&url(at), now);
        assert_eq!(header(api).as_deref(), Some("b=2; a=1"));
        // Domain cookies reach sibling hosts; host-only ones do not.
        assert_eq!(header("https://www.example.com/").as_deref(), Some("a=1"));
        assert_eq!(header("http://example.com/").as_deref(), Some("a=1"));
        assert_eq!(header("http://badexample.com/"), None);
        assert_eq!(header("http://example.com.evil/"), None);
        // Secure cookies only over https.
        assert_eq!(
            header("https://api.example.com/v1/api/Op").as_deref(),
            Some("b=2; a=1; c=3")
        );
        // Path matching is by segment.
        assert_eq!(
            header("http://api.example.com/v1/apix").as_deref(),
            Some("a=1")
        );
        assert_eq!(
            header("http://api.example.com/v1/api").as_deref(),
            Some("b=2; a=1")
        );
        // Secure is https only, even on loopback (`cookie_store` alone would send it).
        let mut local = CookieJar::default();
        store(&mut local, LOCAL, "s=1; Secure; Path=/");
        assert_eq!(local.header(&url(LOCAL), now), None);
        assert_eq!(
            local
                .header(&url("https://127.0.0.1:8080/api/Ping"), now)
                .as_deref(),
            Some("s=1")
        );
    }

    #[test]
    fn public_suffixes_and_ip_addresses_get_no_domain_cookies() {
        let now = SystemTime::now();
        let mut jar = CookieJar::default();
        let shop = "http://shop.example.co.uk/";
        store(&mut jar, "http://www.example.com/", "e=5; Domain=com");
        store(&mut jar, "http://www.example.com/", "e2=5; Domain=.COM");
        store(&mut jar, "http://www.example.com/", "e3=5; Domain=..com");
        store(&mut jar, shop, "f=6; Domain=co.uk");
        store(&mut jar, shop, "f2=6; Domain=CO.uk");
        // Full-width letters map to `co.uk` (IDNA): still refused.
        store(&mut jar, shop, "f3=6; Domain=co.\u{ff55}\u{ff4b}");
        store(&mut jar, shop, "site=1; Domain=example.co.uk");
        for name in ["e", "e2", "e3", "f", "f2", "f3"] {
            assert_eq!(jar.get(name, now), None, "{name}");
        }
        assert_eq!(jar.get("site", now), Some("1"));
        assert_eq!(
            jar.header(&url("http://other.example.co.uk/"), now)
                .as_deref(),
            Some("site=1")
        );
        assert_eq!(jar.header(&url("http://evil.co.uk/"), now), None);
        // Naming the host itself stays allowed, host-only then.
        store(&mut jar, "http://localhost/", "g=7; Domain=localhost");
        assert_eq!(jar.get("g", now), Some("7"));
        assert_eq!(
            jar.header(&url("http://localhost/"), now).as_deref(),
            Some("g=7")
        );
        assert_eq!(jar.header(&url("http://x.localhost/"), now), None);
        // IP addresses: the address itself only.
        store(&mut jar, LOCAL, "h=8; Domain=0.0.1");
        store(&mut jar, LOCAL, "i=9; Domain=127.0.0.1; Path=/");
        store(&mut jar, "http://[::1]/", "j=10; Domain=1]");
        assert_eq!(jar.get("h", now), None);
        assert_eq!(jar.get("j", now), None);
        assert_eq!(jar.header(&url(LOCAL), now).as_deref(), Some("i=9"));
    }
}
