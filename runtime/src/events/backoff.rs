//! How long to wait before reconnecting, sans-IO.
//!
//! Exponential with a cap, like the official clients, and jittered so that the subscribers a
//! server restart drops do not all come back in the same instant.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

#[derive(Debug)]
pub(crate) struct Backoff {
    initial: Duration,
    max: Duration,
    /// Attempts since the last connection that got its `cmd.onConnect`.
    failures: u32,
    /// Waits drawn so far: each draw hashes a new number, so equal attempts wait differently.
    draws: u64,
    random: RandomState,
}

impl Backoff {
    pub(crate) fn new(initial: Duration, max: Duration) -> Self {
        Backoff {
            initial,
            max: max.max(initial),
            failures: 0,
            draws: 0,
            random: RandomState::new(),
        }
    }

    /// The wait before the next attempt, and its number (1 after a good connection): between
    /// half and all of `initial × 2^(attempt-1)`, capped at `max`.
    pub(crate) fn next(&mut self) -> (u32, Duration) {
        self.failures = self.failures.saturating_add(1);
        let factor = 2u32.saturating_pow(self.failures - 1);
        let full = self.initial.saturating_mul(factor).min(self.max);
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        self.draws = self.draws.wrapping_add(1);
        let jitter = match spread {
            0 => 0,
            spread => self.random.hash_one(self.draws) % spread.saturating_add(1),
        };
        (self.failures, half + Duration::from_nanos(jitter))
    }

    /// A connection got its `cmd.onConnect`: the next wait starts from `initial` again.
    pub(crate) fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_resets() {
        let ms = Duration::from_millis;
        let mut backoff = Backoff::new(ms(100), ms(1000));
        let expected = [100, 200, 400, 800, 1000, 1000, 1000];
        for (n, full) in expected.into_iter().enumerate() {
            let (attempt, wait) = backoff.next();
            assert_eq!(attempt as usize, n + 1);
            assert!(wait >= ms(full) / 2 && wait <= ms(full), "{n}: {wait:?}");
        }
        backoff.reset();
        let (attempt, wait) = backoff.next();
        assert_eq!(attempt, 1);
        assert!(wait <= ms(100));
        for _ in 0..100 {
            assert!(backoff.next().1 <= ms(1000));
        }
    }

    #[test]
    fn zero_waits() {
        let mut backoff = Backoff::new(Duration::ZERO, Duration::ZERO);
        assert_eq!(backoff.next().1, Duration::ZERO);
    }
}
