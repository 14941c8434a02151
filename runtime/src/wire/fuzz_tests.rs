//! Feeds generated and mutated inputs to every wire parser. None may panic (the test profile
//! checks arithmetic overflow), and every accepted input must survive a round trip.

use std::time::SystemTime;

use super::*;

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    "/Date(978307200000)/",
    "/Date(978307200000-0000)/",
    "/Date(1678094690292+0100)/",
    "/Date(-62135596800000)/",
    "/Date(9223372036854775807)/",
    "2016-03-21T12:18:58.8551447+00:00",
    "2016-03-21T12:18:58.8551447Z",
    "2016-03-21T12:18:58-0530",
    "9999-12-31T23:59:59.9999999",
    "0001-01-01",
    "2024-02-29",
    "PT0S",
    "PT1H30M",
    "P1DT2H",
    "PT0.5S",
    "-PT1S",
    "P0Y0M1DT1H1M1.1234567S",
    "-P10675199DT2H48M5.4775808S",
    "-10675199.02:48:05.4775808",
    "13:45:30.1234567",
    "ea762009-b66c-410b-9bf5-ce21ad519249",
    "{EA762009B66C410B9BF5CE21AD519249}",
    "1234567890.123456789012345678",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1.5e-27",
    "QUJD",
    "-_8",
];

const ALPHABET: &[u8] = b"0123456789+-:.TtZz/\\Date()PYMWDHS{}abcdefE _=\xc3\xa9";

/// Checks `text` against every parser; returns which of the seven types accepted it.
fn check(text: &str) -> [bool; 7] {
    let mut accepted = [false; 7];
    if let Ok(value) = text.parse::<DateTime>() {
        accepted[0] = true;
        assert_eq!(value.to_wire_string(), text);
        assert_eq!(value.to_string(), value.to_iso_string());
        assert_eq!(
            value.to_iso_string().parse::<DateTime>().as_ref(),
            Ok(&value),
            "{text}"
        );
        assert!(SystemTime::try_from(value.clone()).is_ok(), "{text}");
        let _ = (
            value.year(),
            value.nanosecond(),
            value.date(),
            value.time(),
            value.unix_millis(),
        );
    }
    if let Ok(value) = text.parse::<DateOnly>() {
        accepted[1] = true;
        assert_eq!(value.to_wire_string(), text);
        assert_eq!(value.to_string().parse::<DateOnly>().as_ref(), Ok(&value));
        assert_eq!(
            DateOnly::from_ymd(value.year(), value.month(), value.day()).as_ref(),
            Some(&value),
            "{text}"
        );
    }
    if let Ok(value) = text.parse::<TimeOnly>() {
        accepted[2] = true;
        assert_eq!(value.to_wire_string(), text);
        assert_eq!(value.to_string().parse::<TimeOnly>().as_ref(), Ok(&value));
        let canonical = TimeOnly::from_ticks(value.ticks()).map(|t| t.to_wire_string());
        assert_eq!(
            canonical.map(|t| t.parse::<TimeOnly>()),
            Some(Ok(value)),
            "{text}"
        );
    }
    if let Ok(value) = text.parse::<TimeSpan>() {
        accepted[3] = true;
        assert_eq!(value.to_string().parse::<TimeSpan>(), Ok(value), "{text}");
    }
    if let Ok(value) = text.parse::<Guid>() {
        accepted[4] = true;
        assert_eq!(value.to_string(), text.to_ascii_lowercase());
    }
    if let Ok(value) = text.parse::<Decimal>() {
        accepted[5] = true;
        let again = value.to_string().parse::<Decimal>();
        assert_eq!(
            again.map(|d| (d, d.get().scale())),
            Ok((value, value.get().scale())),
            "{text}"
        );
    }
    if let Ok(value) = text.parse::<Bytes>() {
        accepted[6] = true;
        assert_eq!(
            value.to_string().parse::<Bytes>().as_ref(),
            Ok(&value),
            "{text}"
        );
    }
    accepted
}

/// Fails if some parser accepted too few inputs for its round-trip checks to mean anything.
fn assert_exercised(counts: [usize; 7], at_least: usize) {
    assert!(
        counts.iter().all(|&count| count >= at_least),
        "accepted per type: {counts:?}"
    );
}

#[test]
fn mutated_wire_values_never_panic_and_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut counts = [0usize; 7];
    for _ in 0..60_000 {
        let mut bytes = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            let byte = ALPHABET[rng.below(ALPHABET.len())];
            match rng.below(5) {
                0 if at < bytes.len() => bytes[at] = byte,
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, byte),
                3 => bytes.truncate(at),
                _ => {
                    let run: Vec<u8> = (0..rng.below(25))
                        .map(|_| b'0' + rng.below(10) as u8)
                        .collect();
                    bytes.splice(at..at, run);
                }
            }
        }
        let accepted = check(&String::from_utf8_lossy(&bytes));
        counts
            .iter_mut()
            .zip(accepted)
            .for_each(|(count, ok)| *count += usize::from(ok));
    }
    eprintln!("mutated inputs accepted per type: {counts:?}");
    assert_exercised(counts, 100);
}

#[test]
fn random_strings_never_panic() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for _ in 0..60_000 {
        let bytes: Vec<u8> = (0..rng.below(40))
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn extreme_numbers_never_panic() {
    for number in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX] {
        for text in [
            format!("/Date({number})/"),
            format!("/Date({number}+2359)/"),
            format!("/Date({number}-2359)/"),
            format!("P{number}D"),
            format!("PT{number}H"),
            format!("PT{number}.9999999S"),
            format!("{number}.23:59:59.9999999"),
            format!("{number}e{number}"),
            format!("{number}.{number}"),
        ] {
            let _ = check(&text);
        }
    }
    let long = "9".repeat(10_000);
    let _ = check(&long);
    assert!(check(&format!("0.{long}"))[5], "rounded to 28 digits");
    assert!(check(&format!("PT0.{long}S"))[3], "truncated to 7 digits");
    assert!(
        check(&format!("2024-01-31T00:00:00.{long}Z"))[0],
        "truncated to 7 digits"
    );
}
