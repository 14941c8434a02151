//! Shared code of the fuzz targets: the invariants every generation must satisfy ([`check`]), a
//! structure-aware model of metadata documents ([`doc`]), JSON-level mutations of the project's
//! fixtures ([`mutate`]) and the wire-type round trips ([`wire`], feature `wire`).
//!
//! The targets themselves are in `fuzz_targets/`; `../FUZZING.md` says how to run them.

pub mod check;
pub mod doc;
pub mod mutate;
pub mod pools;
#[cfg(feature = "wire")]
pub mod wire;

/// The project fixtures the mutation target starts from, embedded by `build.rs`:
/// `(file name, JSON text)`.
pub static SEEDS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
