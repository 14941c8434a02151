//! `tracing` spans (feature `tracing`): one span per logical call, named `servicestack.call`,
//! with the operation, verb, URL without its query string, final status, attempts and
//! duration. Never headers, bodies or query strings: they carry credentials and personal data.
//! Without the feature every item here does nothing.

use std::time::Instant;

use super::error::Error;
use super::hooks::PreparedRequest;
use super::state::Received;

/// The span of one logical call.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    started: Instant,
}

impl CallSpan {
    pub(crate) fn start() -> Self {
        CallSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "servicestack.call",
                operation = tracing::field::Empty,
                method = tracing::field::Empty,
                url = tracing::field::Empty,
                status = tracing::field::Empty,
                attempts = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
            started: Instant::now(),
        }
    }

    /// Records what an attempt sends.
    pub(crate) fn attempt(&self, request: &PreparedRequest, attempt: u32) {
        #[cfg(feature = "tracing")]
        {
            let url = request.url.as_str();
            self.span.record("operation", &*request.operation);
            self.span.record("method", request.method.as_str());
            self.span
                .record("url", url.split(['?', '#']).next().unwrap_or(url));
            self.span.record("attempts", attempt + 1);
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (request, attempt);
    }

    /// Notes a wait before a retry.
    pub(crate) fn retrying(&self, wait: std::time::Duration) {
        #[cfg(feature = "tracing")]
        self.span.in_scope(|| {
            tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying");
        });
        #[cfg(not(feature = "tracing"))]
        let _ = wait;
    }

    /// Records how the call ended.
    pub(crate) fn finish<X>(&self, outcome: &Result<(Received, X), Error>) {
        #[cfg(feature = "tracing")]
        {
            self.span
                .record("elapsed_ms", self.started.elapsed().as_millis() as u64);
            match outcome {
                Ok((received, _)) => {
                    self.span.record("status", received.status);
                }
                Err(error) => {
                    if let Some(status) = error.status() {
                        self.span.record("status", status);
                    }
                    self.span.record("error", error_kind(error));
                }
            }
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (outcome, self.started);
    }

    /// Runs `future` inside the span.
    pub(crate) fn instrument<F: std::future::Future>(
        &self,
        future: F,
    ) -> impl std::future::Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        {
            future
        }
    }

    /// Runs `f` inside the span (blocking client).
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    pub(crate) fn in_scope<T>(&self, f: impl FnOnce() -> T) -> T {
        #[cfg(feature = "tracing")]
        {
            self.span.in_scope(f)
        }
        #[cfg(not(feature = "tracing"))]
        {
            f()
        }
    }
}

/// A short name for the kind of error, never its text (which may quote a server's body).
#[cfg(feature = "tracing")]
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport(transport) if transport.is_timeout() => "timeout",
        Error::Transport(transport) if transport.is_too_large() => "too_large",
        Error::Transport(transport) if transport.is_redirect_refused() => "redirect_refused",
        Error::Transport(_) => "transport",
        Error::Body(_) => "body",
        Error::Request(_) => "request",
        Error::Refresh(_) => "refresh",
    }
}
