//! A small RFC 6265 cookie jar for ServiceStack's session cookies (`ss-id`, `ss-pid`, `ss-opt`,
//! `ss-tok`, `ss-reftok`).
//!
//! The client keeps its own jar instead of reqwest's so that the async and blocking clients share
//! one implementation, cookies work with a caller-supplied `reqwest::Client`, and the session can
//! be read or restored (`cookie`, `set_cookie`).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where a request goes, as far as cookies care.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub(crate) host: &'a str,
    pub(crate) path: &'a str,
    pub(crate) secure: bool,
}

#[derive(Clone)]
struct Cookie {
    name: String,
    value: String,
    domain: String,
    host_only: bool,
    path: String,
    secure: bool,
    expires: Option<SystemTime>,
    created: u64,
}

/// Cookies received from the server, sent back on later requests.
#[derive(Clone, Default)]
pub(crate) struct CookieJar {
    cookies: Vec<Cookie>,
    counter: u64,
}

impl fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Session cookies are credentials: only their names are shown.
        f.debug_list()
            .entries(self.cookies.iter().map(|cookie| &cookie.name))
            .finish()
    }
}

impl CookieJar {
    /// Stores one `Set-Cookie` header received from `origin`. Invalid headers are ignored, as
    /// RFC 6265 requires.
    pub(crate) fn store(&mut self, origin: Origin<'_>, set_cookie: &str, now: SystemTime) {
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else {
            return;
        };
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let value = value.trim().trim_matches('"');
        let host = origin.host.to_ascii_lowercase();
        let mut cookie = Cookie {
            name: name.to_owned(),
            value: value.to_owned(),
            domain: host.clone(),
            host_only: true,
            path: default_path(origin.path),
            secure: false,
            expires: None,
            created: 0,
        };
        let mut max_age: Option<i64> = None;
        let mut expires: Option<SystemTime> = None;
        for attribute in parts {
            let (key, val) = match attribute.split_once('=') {
                Some((key, val)) => (key.trim(), val.trim()),
                None => (attribute.trim(), ""),
            };
            match key.to_ascii_lowercase().as_str() {
                "expires" => expires = parse_cookie_date(val).or(expires),
                "max-age" => {
                    let digits = val.strip_prefix('-').unwrap_or(val);
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        max_age = Some(val.parse::<i64>().unwrap_or(if val.starts_with('-') {
                            i64::MIN
                        } else {
                            i64::MAX
                        }));
                    }
                }
                "domain" if !val.is_empty() => {
                    let domain = val.trim_start_matches('.').to_ascii_lowercase();
                    if !domain_matches(&host, &domain)
                        || (domain != host && is_public_suffix_like(&domain))
                    {
                        return;
                    }
                    cookie.host_only = domain == host;
                    cookie.domain = domain;
                }
                "path" if val.starts_with('/') => cookie.path = val.to_owned(),
                "secure" => cookie.secure = true,
                _ => {}
            }
        }
        // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
        cookie.expires = match max_age {
            Some(seconds) if seconds <= 0 => Some(UNIX_EPOCH),
            Some(seconds) => now.checked_add(Duration::from_secs(seconds.unsigned_abs())),
            None => expires,
        };
        self.cookies.retain(|existing| {
            !(existing.name == cookie.name
                && existing.domain == cookie.domain
                && existing.path == cookie.path)
        });
        if cookie.expires.is_some_and(|at| at <= now) {
            return;
        }
        self.counter += 1;
        cookie.created = self.counter;
        self.cookies.push(cookie);
    }

    /// The `Cookie` header for a request to `origin`, `None` when no cookie applies.
    pub(crate) fn header(&self, origin: Origin<'_>, now: SystemTime) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let host = origin.host.to_ascii_lowercase();
        let mut matching: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|cookie| cookie.expires.is_none_or(|at| at > now))
            .filter(|cookie| !cookie.secure || origin.secure)
            .filter(|cookie| {
                if cookie.host_only {
                    cookie.domain == host
                } else {
                    domain_matches(&host, &cookie.domain)
                }
            })
            .filter(|cookie| path_matches(origin.path, &cookie.path))
            .collect();
        if matching.is_empty() {
            return None;
        }
        // Longer paths first, then older cookies first (RFC 6265 §5.4 step 2).
        matching.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.created.cmp(&b.created))
        });
        let pairs: Vec<String> = matching
            .iter()
            .map(|cookie| format!("{}={}", cookie.name, cookie.value))
            .collect();
        Some(pairs.join("; "))
    }

    /// The value of the first live cookie called `name`.
    pub(crate) fn get(&self, name: &str, now: SystemTime) -> Option<&str> {
        self.cookies
            .iter()
            .find(|cookie| cookie.name == name && cookie.expires.is_none_or(|at| at > now))
            .map(|cookie| cookie.value.as_str())
    }

    /// Sets a session cookie for `host`, valid on every path.
    pub(crate) fn set(&mut self, host: &str, name: &str, value: &str) {
        let host = host.to_ascii_lowercase();
        self.cookies
            .retain(|cookie| !(cookie.name == name && cookie.domain == host && cookie.path == "/"));
        self.counter += 1;
        self.cookies.push(Cookie {
            name: name.to_owned(),
            value: value.to_owned(),
            domain: host,
            host_only: true,
            path: "/".to_owned(),
            secure: false,
            expires: None,
            created: self.counter,
        });
    }

    pub(crate) fn remove(&mut self, name: &str) {
        self.cookies.retain(|cookie| cookie.name != name);
    }

    pub(crate) fn clear(&mut self) {
        self.cookies.clear();
    }
}

/// Checks a cookie set by the user: the name must be an HTTP token and the value cookie-octets
/// (RFC 6265 §4.1.1), optionally in double quotes. Anything else could add a cookie (`;`) or
/// break the `Cookie` header (control characters, non-ASCII).
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

fn default_path(request_path: &str) -> String {
    if !request_path.starts_with('/') {
        return "/".to_owned();
    }
    match request_path.rfind('/') {
        Some(0) | None => "/".to_owned(),
        Some(index) => request_path[..index].to_owned(),
    }
}

fn domain_matches(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    // IP addresses only ever match exactly.
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    !is_ip
        && host.len() > domain.len()
        && host.ends_with(domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
}

fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    let request_path = if request_path.is_empty() {
        "/"
    } else {
        request_path
    };
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/')
                || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

/// Parses a cookie date with the lenient algorithm of RFC 6265 §5.1.1, which accepts
/// `Fri, 01 Jan 2100 00:00:00 GMT`, `Friday, 01-Jan-00 00:00:00 GMT` and asctime forms alike.
pub(crate) fn parse_cookie_date(text: &str) -> Option<SystemTime> {
    let is_delimiter = |c: char| matches!(c, '\t' | ' '..='/' | ';'..='@' | '['..='`' | '{'..='~');
    let mut time: Option<(u64, u64, u64)> = None;
    let mut day: Option<u64> = None;
    let mut month: Option<u64> = None;
    let mut year: Option<u64> = None;
    for token in text.split(is_delimiter).filter(|t| !t.is_empty()) {
        if time.is_none()
            && let Some(parsed) = parse_time(token)
        {
            time = Some(parsed);
            continue;
        }
        let digits = leading_digits(token);
        if day.is_none() && (1..=2).contains(&digits.len()) {
            day = digits.parse().ok();
            continue;
        }
        if month.is_none()
            && let Some(index) = month_index(token)
        {
            month = Some(index);
            continue;
        }
        if year.is_none() && (2..=4).contains(&digits.len()) {
            year = digits.parse().ok();
            continue;
        }
    }
    let (hour, minute, second) = time?;
    let day = day?;
    let month = month?;
    let mut year = year?;
    if (70..=99).contains(&year) {
        year += 1900;
    } else if year <= 69 {
        year += 2000;
    }
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year as i64, month, day);
    let seconds = days * 86_400 + (hour * 3600 + minute * 60 + second) as i64;
    if seconds < 0 {
        return Some(UNIX_EPOCH);
    }
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds as u64))
}

fn leading_digits(token: &str) -> &str {
    let end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    &token[..end]
}

fn parse_time(token: &str) -> Option<(u64, u64, u64)> {
    let mut parts = token.splitn(3, ':');
    let hour = parts.next()?;
    let minute = parts.next()?;
    let second = leading_digits(parts.next()?);
    let field = |part: &str| -> Option<u64> {
        if (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    Some((field(hour)?, field(minute)?, field(second)?))
}

fn month_index(token: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = token.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|month| *month == prefix)
        .map(|index| index as u64 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u64, day: u64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    const LOCAL: Origin<'static> = Origin {
        host: "127.0.0.1",
        path: "/api/Ping",
        secure: false,
    };

    #[test]
    fn parses_cookie_dates() {
        let expected = at(4_102_444_800); // 2100-01-01T00:00:00Z
        assert_eq!(
            parse_cookie_date("Fri, 01 Jan 2100 00:00:00 GMT"),
            Some(expected)
        );
        assert_eq!(
            parse_cookie_date("Friday, 01-Jan-2100 00:00:00 GMT"),
            Some(expected)
        );
        assert_eq!(
            parse_cookie_date("Fri Jan  1 00:00:00 2100"),
            Some(expected)
        );
        assert_eq!(
            parse_cookie_date("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(at(0))
        );
        assert_eq!(
            parse_cookie_date("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(at(1_700_000_000))
        );
        assert_eq!(
            parse_cookie_date("Wed, 09-Jun-21 10:18:14 GMT"),
            Some(at(1_623_233_894))
        );
        assert_eq!(parse_cookie_date("garbage"), None);
        assert_eq!(parse_cookie_date("Fri, 32 Jan 2100 00:00:00 GMT"), None);
        assert_eq!(parse_cookie_date(""), None);
    }

    #[test]
    fn expires_with_a_comma_is_one_attribute() {
        let mut jar = CookieJar::default();
        let now = at(1_700_000_000);
        jar.store(
            LOCAL,
            "ss-pid=xyz789; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly",
            now,
        );
        assert_eq!(jar.header(LOCAL, now).as_deref(), Some("ss-pid=xyz789"));
        // The cookie is gone after it expires.
        assert_eq!(jar.header(LOCAL, at(4_102_444_801)), None);
    }

    #[test]
    fn round_trips_session_cookies_in_order() {
        let mut jar = CookieJar::default();
        let now = at(1_700_000_000);
        jar.store(
            LOCAL,
            "ss-id=abc123; path=/; samesite=strict; httponly",
            now,
        );
        jar.store(
            LOCAL,
            "ss-pid=xyz%20789; path=/; samesite=strict; httponly",
            now,
        );
        assert_eq!(
            jar.header(LOCAL, now).as_deref(),
            Some("ss-id=abc123; ss-pid=xyz%20789")
        );
        assert_eq!(jar.get("ss-pid", now), Some("xyz%20789"));
        // Replacing keeps one cookie per name/domain/path; Max-Age=0 deletes.
        jar.store(LOCAL, "ss-id=new; path=/", now);
        assert_eq!(jar.get("ss-id", now), Some("new"));
        jar.store(LOCAL, "ss-id=; path=/; max-age=0", now);
        assert_eq!(jar.get("ss-id", now), None);
        jar.store(LOCAL, "ss-tok=t; Max-Age=10", now);
        assert!(jar.get("ss-tok", now).is_some());
        assert!(jar.get("ss-tok", at(1_700_000_011)).is_none());
        assert!(!format!("{jar:?}").contains("789"));
    }

    #[test]
    fn domain_path_and_secure_rules() {
        let now = at(0);
        let mut jar = CookieJar::default();
        let api = Origin {
            host: "api.example.com",
            path: "/v1/api/Op",
            secure: false,
        };
        jar.store(api, "a=1; Domain=example.com; Path=/", now);
        jar.store(api, "b=2", now); // host-only, default path /v1/api
        jar.store(api, "c=3; Secure; Path=/", now);
        jar.store(api, "d=4; Domain=other.com", now); // rejected
        jar.store(api, "no-equals-sign", now); // ignored
        assert_eq!(jar.header(api, now).as_deref(), Some("b=2; a=1"));
        let other = Origin {
            host: "www.example.com",
            path: "/",
            secure: true,
        };
        assert_eq!(jar.header(other, now).as_deref(), Some("a=1"));
        let secure_api = Origin {
            secure: true,
            ..api
        };
        assert_eq!(
            jar.header(secure_api, now).as_deref(),
            Some("b=2; a=1; c=3")
        );
        let elsewhere = Origin {
            path: "/v1/apix",
            ..api
        };
        assert_eq!(jar.header(elsewhere, now).as_deref(), Some("a=1"));
        // Public-suffix-like domains are refused: the cookie would go to every site under them.
        jar.store(api, "e=5; Domain=com", now);
        jar.store(
            Origin {
                host: "shop.example.co.uk",
                ..api
            },
            "f=6; Domain=co.uk",
            now,
        );
        jar.store(
            Origin {
                host: "localhost",
                ..api
            },
            "g=7; Domain=localhost",
            now,
        );
        assert_eq!(jar.get("e", now), None);
        assert_eq!(jar.get("f", now), None);
        // Naming the host itself stays allowed (it is host-only then).
        assert_eq!(jar.get("g", now), Some("7"));
        jar.set("api.example.com", "ss-id", "restored");
        assert_eq!(jar.get("ss-id", now), Some("restored"));
        jar.remove("ss-id");
        jar.clear();
        assert_eq!(jar.header(api, now), None);
    }
}
