//! The callbacks registered on the builder, and running them.
//!
//! Handlers run on the connection's task, one event after another, so they see events in
//! stream order. A panicking handler is reported, not allowed to end the subscription.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use super::connect::ConnectInfo;
use super::error::EventsError;
use super::event::ServerEvent;

type EventFn = Box<dyn FnMut(&ServerEvent) -> Result<(), EventsError> + Send>;
type ConnectFn = Box<dyn FnMut(&ConnectInfo) + Send>;
type ErrorFn = Box<dyn FnMut(&EventsError) + Send>;
type ReconnectFn = Box<dyn FnMut(u32, Duration) + Send>;

#[derive(Default)]
pub(crate) struct Handlers {
    routes: Vec<(String, EventFn)>,
    connect: Vec<ConnectFn>,
    error: Vec<ErrorFn>,
    reconnect: Vec<ReconnectFn>,
}

impl Handlers {
    pub(crate) fn route(&mut self, pattern: String, handler: EventFn) {
        self.routes.push((pattern, handler));
    }

    pub(crate) fn on_connect(&mut self, handler: ConnectFn) {
        self.connect.push(handler);
    }

    pub(crate) fn on_error(&mut self, handler: ErrorFn) {
        self.error.push(handler);
    }

    pub(crate) fn on_reconnect(&mut self, handler: ReconnectFn) {
        self.reconnect.push(handler);
    }

    pub(crate) fn count(&self) -> usize {
        self.routes.len() + self.connect.len() + self.error.len() + self.reconnect.len()
    }

    /// Runs every handler whose pattern matches, in registration order.
    pub(crate) fn dispatch(&mut self, event: &ServerEvent) {
        let mut failures = Vec::new();
        for (pattern, handler) in &mut self.routes {
            if !event.matches(pattern) {
                continue;
            }
            match catch_unwind(AssertUnwindSafe(|| handler(event))) {
                Ok(Ok(())) => {}
                Ok(Err(error)) => failures.push(error),
                Err(_) => failures.push(EventsError::HandlerPanicked {
                    selector: event.selector().to_owned(),
                }),
            }
        }
        for error in failures {
            self.report(&error);
        }
    }

    pub(crate) fn connected(&mut self, info: &ConnectInfo) {
        let mut panicked = false;
        for handler in &mut self.connect {
            panicked |= catch_unwind(AssertUnwindSafe(|| handler(info))).is_err();
        }
        if panicked {
            self.report(&EventsError::HandlerPanicked {
                selector: "cmd.onConnect".to_owned(),
            });
        }
    }

    pub(crate) fn reconnecting(&mut self, attempt: u32, delay: Duration) {
        for handler in &mut self.reconnect {
            // Nothing to report a panic to but `on_error`, which is not about this.
            let _ = catch_unwind(AssertUnwindSafe(|| handler(attempt, delay)));
        }
    }

    pub(crate) fn report(&mut self, error: &EventsError) {
        for handler in &mut self.error {
            // A panicking error handler must not end the subscription either.
            let _ = catch_unwind(AssertUnwindSafe(|| handler(error)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn routes_in_order_and_failures_reported() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut handlers = Handlers::default();
        let log = |name: &'static str| {
            let seen = seen.clone();
            Box::new(move |event: &ServerEvent| {
                seen.lock()
                    .unwrap()
                    .push(format!("{name} {}", event.selector()));
                Ok(())
            }) as EventFn
        };
        handlers.route("*".into(), log("all"));
        handlers.route("tv.*".into(), log("tv"));
        handlers.route("cmd.onJoin".into(), log("join"));
        handlers.route("tv.watch".into(), Box::new(|_| panic!("boom")));
        handlers.route(
            "tv.watch".into(),
            Box::new(|event| {
                event
                    .json::<u32>()
                    .map(drop)
                    .map_err(|error| EventsError::Decode {
                        selector: event.selector().to_owned(),
                        error,
                    })
            }),
        );
        let errors = seen.clone();
        handlers.on_error(Box::new(move |error| {
            errors.lock().unwrap().push(format!("error {error}"));
        }));
        handlers.on_error(Box::new(|_| panic!("an error handler panics too")));

        // The panic messages land in this test's captured output.
        handlers.dispatch(&ServerEvent::parse(None, "ch@cmd.onJoin {}"));
        handlers.dispatch(&ServerEvent::parse(None, "tv.watch \"x\""));

        let seen = seen.lock().unwrap().clone();
        assert_eq!(
            seen[..4],
            [
                "all cmd.onJoin",
                "join cmd.onJoin",
                "all tv.watch",
                "tv tv.watch"
            ]
        );
        assert_eq!(seen[4], "error a handler of tv.watch panicked");
        assert!(
            seen[5].starts_with("error cannot decode the JSON of tv.watch"),
            "{}",
            seen[5]
        );
        assert_eq!(seen.len(), 6);
    }
}
