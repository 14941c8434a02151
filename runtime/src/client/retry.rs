//! Opt-in retries of calls that failed for reasons a second try may fix. Sans-IO: the clients
//! ask [`RetryPolicy::delay`] and sleep themselves.

use std::time::{Duration, SystemTime};

use crate::request::HttpMethod;

/// When a failed call is tried again (off unless set with `retry` on the builder or
/// `with_retry` per call).
///
/// A call is retried after a connection error (nothing was received) or a 502, 503 or 504
/// answer, waiting the server's `Retry-After` when it sends one, else an exponential backoff.
/// Only idempotent verbs (GET, HEAD, OPTIONS, PUT, DELETE) are retried unless
/// [`RetryPolicy::non_idempotent`] says POST and PATCH may be too. Retries happen within the
/// call's timeout: a wait that would pass it is not started, and the last error is returned.
///
/// ```
/// use std::time::Duration;
/// use servicestack_runtime::client::RetryPolicy;
///
/// // Up to 3 retries, waiting 200 ms, 400 ms, 800 ms (or what Retry-After says, up to 10 s).
/// let policy = RetryPolicy::new(3).backoff(Duration::from_millis(200), Duration::from_secs(10));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    non_idempotent: bool,
}

/// Why the last attempt failed, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection could be made.
    Connect,
    /// The server answered with this status, maybe saying when to come back.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
}

impl RetryPolicy {
    /// At most `max_retries` retries of idempotent calls, backing off from 100 ms, doubling up
    /// to 5 s.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            non_idempotent: false,
        }
    }

    /// The first wait and the longest one (also the most a `Retry-After` is honoured for:
    /// a longer one ends the retries).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Retries POST and PATCH calls too. Only for operations the server makes idempotent
    /// itself: a 502 or 504 may come after the server acted on the first attempt.
    pub fn non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// How long to wait before retry number `attempt` (1 for the first retry) of a `method`
    /// call that failed with `failure`; `None` when it is not retried.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        method: HttpMethod,
        failure: Failure,
    ) -> Option<Duration> {
        if attempt > self.max_retries {
            return None;
        }
        let idempotent = !matches!(method, HttpMethod::Post | HttpMethod::Patch);
        if !idempotent && !self.non_idempotent {
            return None;
        }
        let backoff = self
            .initial_backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.max_backoff);
        match failure {
            Failure::Connect => Some(backoff),
            Failure::Status {
                status: 502..=504,
                retry_after,
            } => match retry_after {
                Some(wait) if wait > self.max_backoff => None,
                Some(wait) => Some(wait),
                None => Some(backoff),
            },
            Failure::Status { .. } => None,
        }
    }
}

/// Reads a `Retry-After` value: seconds, or an HTTP date (taken relative to `now`) in any of the
/// three forms of RFC 9110 §5.6.7 (IMF-fixdate, RFC 850, asctime), parsed by `httpdate`.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNAVAILABLE: Failure = Failure::Status {
        status: 503,
        retry_after: None,
    };

    #[test]
    fn idempotent_calls_back_off() {
        let policy =
            RetryPolicy::new(3).backoff(Duration::from_millis(100), Duration::from_secs(1));
        let waits: Vec<_> = (1..=4)
            .map(|attempt| policy.delay(attempt, HttpMethod::Get, UNAVAILABLE))
            .collect();
        assert_eq!(
            waits,
            [
                Some(Duration::from_millis(100)),
                Some(Duration::from_millis(200)),
                Some(Duration::from_millis(400)),
                None
            ]
        );
        assert!(
            policy
                .delay(1, HttpMethod::Delete, Failure::Connect)
                .is_some()
        );
        for status in [400, 401, 404, 500, 501] {
            let failure = Failure::Status {
                status,
                retry_after: None,
            };
            assert_eq!(policy.delay(1, HttpMethod::Get, failure), None, "{status}");
        }
    }

    #[test]
    fn post_only_when_asked() {
        let policy = RetryPolicy::new(2);
        assert_eq!(policy.delay(1, HttpMethod::Post, UNAVAILABLE), None);
        assert_eq!(policy.delay(1, HttpMethod::Patch, Failure::Connect), None);
        let asked = policy.non_idempotent(true);
        assert!(asked.delay(1, HttpMethod::Post, UNAVAILABLE).is_some());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_longest_backoff() {
        let policy = RetryPolicy::new(1).backoff(Duration::from_millis(10), Duration::from_secs(2));
        let said = |seconds| Failure::Status {
            status: 503,
            retry_after: Some(Duration::from_secs(seconds)),
        };
        assert_eq!(
            policy.delay(1, HttpMethod::Get, said(1)),
            Some(Duration::from_secs(1))
        );
        assert_eq!(policy.delay(1, HttpMethod::Get, said(3)), None);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Tue, 14 Nov 2023 22:13:25 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Tuesday, 14-Nov-23 22:13:25 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Tue Nov 14 22:13:25 2023", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(
            parse_retry_after("Tue, 32 Nov 2023 22:13:25 GMT", now),
            None
        );
    }
}
