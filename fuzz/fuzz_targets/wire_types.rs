//! The runtime's wire types (`DateTime`, `DateOnly`, `TimeOnly`, `TimeSpan`, `Guid`, `Decimal`,
//! `Bytes`) on arbitrary text and JSON: no panic, accepted values round-trip. See
//! `servicestack_fuzz::wire`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    servicestack_fuzz::wire::check_all(data);
});
