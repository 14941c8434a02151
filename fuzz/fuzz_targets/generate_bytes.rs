//! The whole generator on arbitrary bytes, read as UTF-8 with invalid sequences replaced by
//! U+FFFD (the CLI rejects invalid UTF-8 before generating, so `generate_str` only ever sees
//! valid text; replacing keeps every input useful instead of discarding most of them).
//! Invariants: see `servicestack_fuzz::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicestack_codegen::Config;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    servicestack_fuzz::check::generate_and_check(&Config::default(), &json);
});
