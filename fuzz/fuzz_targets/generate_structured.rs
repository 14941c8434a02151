//! Structure-aware: an `arbitrary` metadata document (types, enums, generics, inheritance,
//! operations, routes, hostile names and texts) rendered to JSON, with random
//! `--include-types` / `--exclude-types`. Invariants: see `servicestack_fuzz::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicestack_fuzz::doc::Doc;

fuzz_target!(|doc: Doc| {
    let (json, config) = doc.render();
    servicestack_fuzz::check::generate_and_check(&config, &json);
});
