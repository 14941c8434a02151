//! Code generated from every fixture, compiled under `#![deny(warnings)]`, plus the helpers the
//! end-to-end tests share.
#![deny(warnings)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The evovoice DTOs as a checked-in module file (`mod evovoice_dtos;`), the way users keep
/// generated code in their repositories. `tests/module_file.rs` checks it is up to date.
#[rustfmt::skip]
pub mod evovoice_dtos;

pub mod catalog;

/// Hand-written types that the `replacements` option variants use instead of generated ones.
pub mod custom {
    use serde::{Deserialize, Serialize};

    /// Stands in for blazor-gallery's `Coupon`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Coupon {
        /// The coupon code.
        pub id: Option<String>,
        /// Percent off.
        pub discount: i32,
    }

    impl servicestack_runtime::lenient::Dto for Coupon {}

    /// Stands in for evovoice's `CustomerBreadcrumb`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct CustomerBreadcrumb {
        /// Customer id.
        pub id: Option<String>,
        /// Customer name.
        pub name: Option<String>,
    }

    impl servicestack_runtime::lenient::Dto for CustomerBreadcrumb {}

    /// Stands in for the features fixture's `Poco`.
    #[derive(
        Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
    )]
    pub struct Poco {
        /// A name.
        pub name: Option<String>,
    }

    impl servicestack_runtime::lenient::Dto for Poco {}
}

/// `../shared` beside the repository (the real metadata documents, recorded samples and
/// conformance cases): CI always has it (`CI=true`), a fresh clone does not. Every test that
/// needs it goes through here, so a missing `../shared` fails under `CI=true` and is reported as
/// a skip elsewhere, on stderr past the test harness's capture (`skipped: <what> (<path> is
/// missing)`).
///
/// The modules generated from the real documents exist only with `cfg(shared_fixtures)` (set by
/// build.rs when it found them): test files gate the tests, or the parts of tests, that name them
/// with `#[cfg(shared_fixtures)]` and have a `#[cfg(not(shared_fixtures))]` test that calls
/// [`report_compiled_out`](shared_files::report_compiled_out) with their own source.
pub mod shared_files {
    use std::io::Write as _;
    use std::path::{Path, PathBuf};

    /// `../shared/<relative>`, read in place, when it exists; otherwise reports `what` as skipped
    /// and returns `None` (the caller skips it), or panics under `CI=true`.
    #[track_caller]
    pub fn or_skip(what: &str, relative: &str) -> Option<PathBuf> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared")
            .join(relative);
        if path.exists() {
            return Some(path);
        }
        skip(&[what.to_owned()], relative);
        None
    }

    /// Reports the tests (and parts of tests) that `#[cfg(shared_fixtures)]` compiled out of the
    /// test file `target` (whose `source` is passed with `include_str!`), or panics under
    /// `CI=true`.
    #[track_caller]
    pub fn report_compiled_out(target: &str, source: &str) {
        let skipped = compiled_out(target, source);
        assert!(
            !skipped.is_empty(),
            "{target}: no `#[cfg(shared_fixtures)]` test found"
        );
        skip(&skipped, "fixtures/metadata");
    }

    #[track_caller]
    #[doc(hidden)]
    pub fn skip(what: &[String], relative: &str) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "../shared/{relative} is missing ({}); CI must run with ../shared beside the repository",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared")
                .join(relative)
                .display()
        );
        // Straight to stderr: the harness captures `eprintln!` of passing tests.
        let mut stderr = std::io::stderr().lock();
        for what in what {
            let _ = writeln!(stderr, "skipped: {what} (../shared/{relative} is missing)");
        }
    }

    /// `target::test` for each test preceded by a top-level `#[cfg(shared_fixtures)]`, and
    /// `part of target::test` for each test whose body holds one.
    #[doc(hidden)]
    pub fn compiled_out(target: &str, source: &str) -> Vec<String> {
        const GATE: &str = "#[cfg(shared_fixtures)]";
        let mut skipped: Vec<String> = Vec::new();
        let (mut gated, mut test) = (false, false);
        let mut current: Option<&str> = None;
        for line in source.lines() {
            let trimmed = line.trim();
            if line.starts_with(char::is_whitespace) {
                if trimmed == GATE
                    && let Some(name) = current
                {
                    let part = format!("part of {target}::{name}");
                    if !skipped.contains(&part) {
                        skipped.push(part);
                    }
                }
            } else if trimmed == GATE {
                gated = true;
            } else if trimmed.starts_with("#[") {
                test |= trimmed.contains("test");
            } else if let Some(name) = function_name(trimmed) {
                if gated && test {
                    skipped.push(format!("{target}::{name}"));
                }
                current = (test && !gated).then_some(name);
                (gated, test) = (false, false);
            } else if !trimmed.is_empty() && !trimmed.starts_with("//") {
                if trimmed.starts_with('}') {
                    current = None;
                }
                (gated, test) = (false, false);
            }
        }
        skipped
    }

    /// `name` in `fn name(`, `async fn name(`, `pub fn name<`.
    fn function_name(line: &str) -> Option<&str> {
        let line = line.strip_prefix("pub ").unwrap_or(line);
        let line = line.strip_prefix("async ").unwrap_or(line);
        let rest = line.strip_prefix("fn ")?;
        let end = rest.find(['(', '<']).unwrap_or(rest.len());
        Some(&rest[..end])
    }
}
