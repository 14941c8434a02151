//! Structure-aware: one of the project fixtures with JSON-level mutations (hostile strings,
//! wrong shapes, removed, duplicated and copied members), with random `--include-types` /
//! `--exclude-types` taken from the document's own names. Invariants: see
//! `servicestack_fuzz::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicestack_fuzz::mutate::Mutated;

fuzz_target!(|mutated: Mutated| {
    if let Some((json, config)) = mutated.render(servicestack_fuzz::SEEDS) {
        // A second generation checks determinism for one input in eight (they are large).
        let twice = json.len() % 8 == 0;
        servicestack_fuzz::check::check_generation(&config, &json, twice);
    }
});
