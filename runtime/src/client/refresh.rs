//! One access-token refresh at a time, its outcome shared by every call that waited for it.
//!
//! When a burst of calls gets 401s, the first one to ask runs `GetAccessToken`; the others wait
//! for that refresh and take its outcome, success or failure, instead of refreshing again one
//! after another. Each call waits only until its own deadline. A refresh counts for a call when
//! it finished after the call's request was built (the call's *ticket*); a later burst starts a
//! new one, so one failed refresh does not stick.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use super::error::Error;
use super::state::lock;

/// The outcome of one refresh, shared by the calls that waited for it.
pub(crate) type Outcome = Result<(), Arc<Error>>;

#[derive(Default)]
struct Flights {
    running: bool,
    /// Refreshes finished so far; a call's ticket is this count when its request was built.
    finished: u64,
    last: Option<Outcome>,
}

/// Coordinates the refreshes of one client (and its clones).
#[derive(Default)]
pub(crate) struct RefreshGate {
    flights: Mutex<Flights>,
    /// Wakes blocking waiters.
    changed: Condvar,
    /// Wakes async waiters.
    notify: tokio::sync::Notify,
}

/// What a call that got a 401 does about the refresh.
pub(crate) enum Turn<'a> {
    /// A refresh finished since the call's request was built: its outcome applies.
    Shared(Outcome),
    /// This call runs the refresh and reports with [`Flight::finish`].
    Run(Flight<'a>),
}

/// The waiter's deadline passed while another call was refreshing.
#[derive(Debug)]
pub(crate) struct Expired;

/// The refresh a call is running. Dropped without [`Flight::finish`] (the call was cancelled),
/// it lets the next waiter run a refresh of its own.
pub(crate) struct Flight<'a> {
    gate: &'a RefreshGate,
    finished: bool,
}

impl Flight<'_> {
    /// Records the outcome and wakes the waiters.
    pub(crate) fn finish(mut self, outcome: Outcome) {
        {
            let mut flights = lock(&self.gate.flights);
            flights.running = false;
            flights.finished += 1;
            flights.last = Some(outcome);
        }
        self.finished = true;
        self.gate.wake();
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if !self.finished {
            lock(&self.gate.flights).running = false;
            self.gate.wake();
        }
    }
}

impl RefreshGate {
    /// The ticket of a request built now.
    pub(crate) fn ticket(&self) -> u64 {
        lock(&self.flights).finished
    }

    fn wake(&self) {
        self.changed.notify_all();
        self.notify.notify_waiters();
    }

    /// `None` while another call's refresh is running.
    fn turn(&self, ticket: u64) -> Option<Turn<'_>> {
        let mut flights = lock(&self.flights);
        if flights.finished > ticket
            && let Some(outcome) = &flights.last
        {
            return Some(Turn::Shared(outcome.clone()));
        }
        if flights.running {
            return None;
        }
        flights.running = true;
        Some(Turn::Run(Flight {
            gate: self,
            finished: false,
        }))
    }

    /// Waits (async) for this call's turn until `deadline`.
    pub(crate) async fn join(
        &self,
        ticket: u64,
        deadline: Option<Instant>,
    ) -> Result<Turn<'_>, Expired> {
        loop {
            let notified = self.notify.notified();
            let mut notified = std::pin::pin!(notified);
            // Registered before looking, so a wake between the look and the wait is not lost.
            notified.as_mut().enable();
            if let Some(turn) = self.turn(ticket) {
                return Ok(turn);
            }
            match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline.into(), notified)
                    .await
                    .map_err(|_| Expired)?,
                None => notified.await,
            }
        }
    }

    /// Waits (blocking) for this call's turn until `deadline`.
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    pub(crate) fn join_blocking(
        &self,
        ticket: u64,
        deadline: Option<Instant>,
    ) -> Result<Turn<'_>, Expired> {
        loop {
            if let Some(turn) = self.turn(ticket) {
                return Ok(turn);
            }
            let flights = lock(&self.flights);
            if !flights.running {
                // Finished between the look and the lock: look again.
                continue;
            }
            let _woken = match deadline {
                Some(deadline) => {
                    let left = deadline
                        .checked_duration_since(Instant::now())
                        .filter(|left| !left.is_zero())
                        .ok_or(Expired)?;
                    self.changed
                        .wait_timeout(flights, left)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                }
                None => self
                    .changed
                    .wait(flights)
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::error::RequestError;
    use std::time::Duration;

    fn failure() -> Outcome {
        Err(Arc::new(Error::Request(RequestError::new(
            "GetAccessToken",
            "x",
        ))))
    }

    #[test]
    fn waiters_share_the_outcome_of_the_refresh_in_flight() {
        let gate = RefreshGate::default();
        let ticket = gate.ticket();
        let Some(Turn::Run(flight)) = gate.turn(ticket) else {
            panic!("the first call runs the refresh");
        };
        assert!(gate.turn(ticket).is_none(), "a second call waits");
        flight.finish(failure());
        assert!(matches!(gate.turn(ticket), Some(Turn::Shared(Err(_)))));
        // A call built after that refresh finished starts a new one.
        assert!(matches!(gate.turn(gate.ticket()), Some(Turn::Run(_))));
    }

    #[test]
    fn a_cancelled_refresh_hands_over() {
        let gate = RefreshGate::default();
        let Some(Turn::Run(flight)) = gate.turn(0) else {
            panic!()
        };
        drop(flight);
        assert!(matches!(gate.turn(0), Some(Turn::Run(_))));
    }

    #[test]
    fn blocking_waiters_stop_at_their_deadline() {
        let gate = RefreshGate::default();
        let Some(Turn::Run(_flight)) = gate.turn(0) else {
            panic!()
        };
        let deadline = Instant::now() + Duration::from_millis(50);
        assert!(gate.join_blocking(0, Some(deadline)).is_err());
        assert!(Instant::now() >= deadline);
    }

    #[test]
    fn blocking_waiters_wake_on_finish() {
        let gate = Arc::new(RefreshGate::default());
        let Some(Turn::Run(flight)) = gate.turn(0) else {
            panic!()
        };
        let waiter = {
            let gate = gate.clone();
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(30);
                matches!(
                    gate.join_blocking(0, Some(deadline)),
                    Ok(Turn::Shared(Ok(())))
                )
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        flight.finish(Ok(()));
        assert!(waiter.join().unwrap());
    }
}
