//! What every run of the generator must satisfy, whatever the input.
//!
//! - It returns (no panic, no abort, no stack overflow; libFuzzer reports those as crashes and
//!   its `-timeout`/`-rss_limit_mb` catch hangs and memory blow-ups).
//! - It is deterministic: the same input and options give the same code and warnings, or the
//!   same error message.
//! - An error is a user error: never [`Error::Internal`] (the generator's "I produced code I
//!   cannot parse"), and its message is not empty.
//! - Generated code parses as a Rust file with `syn::parse_file`, its header is plain ASCII `//`
//!   lines, and [`lint::lint`] finds nothing that would stop it compiling under
//!   `#![deny(warnings)]` or that looks injected (a macro call, an unexpected item).
//!
//! `FUZZ_IGNORE=kind,kind` skips lint problems of known kinds (see [`lint::kind`]; `all` skips
//! every kind), so a run can look for new bugs while a known one is being fixed. `FUZZ_DUMP_DIR=DIR` writes every
//! successful generation to `DIR/<hash>.rs` with its input as `DIR/<hash>.json`, for
//! `scripts/fuzz-compile.sh`, which compiles them all. `FUZZ_SHOW=1` prints each document and
//! its options before generating: how to see what a structure-aware input stands for.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use servicestack_codegen::{Config, Error, Generator};

/// The lint shared with the generator's tests.
#[path = "../../generator/tests/support/lint.rs"]
pub mod lint;

/// The source label recorded in generated headers.
pub const LABEL: &str = "fuzz/input.json";

/// Runs the generator on `json` with `config` and asserts every invariant of this module.
/// Returns the generated code when generation succeeded.
pub fn generate_and_check(config: &Config, json: &str) -> Option<String> {
    check_generation(config, json, true)
}

/// [`generate_and_check`], with the determinism check (a second generation) optional: the
/// mutation target, whose documents are large, does it for a sample of its inputs only.
pub fn check_generation(config: &Config, json: &str, twice: bool) -> Option<String> {
    if std::env::var_os("FUZZ_SHOW").is_some() {
        eprintln!("options: {config:?}\ndocument: {json}");
    }
    let generator = Generator::new(config.clone());
    let first = generator.generate_str(json, LABEL);
    if twice {
        check_deterministic(&first, &generator.generate_str(json, LABEL));
    }
    match first {
        Ok(generated) => {
            let ignored = check_code(&generated.code);
            dump(json, config, &generated.code, &ignored);
            Some(generated.code)
        }
        Err(error) => {
            check_error(&error);
            None
        }
    }
}

fn check_deterministic(
    first: &Result<servicestack_codegen::Generated, Error>,
    second: &Result<servicestack_codegen::Generated, Error>,
) {
    match (first, second) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "generation is not deterministic"),
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "errors are not deterministic")
        }
        _ => panic!("one run failed and the other succeeded"),
    }
}

/// An error must be the user's: a located message, never an internal error.
pub fn check_error(error: &Error) {
    assert!(
        !matches!(error, Error::Internal(_)),
        "internal error (generated code that does not parse): {error}"
    );
    assert!(!error.to_string().trim().is_empty(), "empty error message");
}

/// Generated code: ASCII header, parses with syn, no lint problem of a kind not ignored.
/// Returns the kinds of the ignored problems found.
pub fn check_code(code: &str) -> Vec<&'static str> {
    let header: Vec<&str> = code.lines().take_while(|line| !line.is_empty()).collect();
    assert!(
        header
            .iter()
            .all(|line| line.starts_with("//") && line.is_ascii()),
        "header is not plain ASCII comments: {header:?}"
    );
    let file = match syn::parse_file(code) {
        Ok(file) => file,
        Err(error) => panic!("generated code does not parse: {error}\n{code}"),
    };
    let ignored = ignored_kinds();
    let (skipped, problems): (Vec<lint::Problem>, Vec<lint::Problem>) =
        lint::lint(&file).into_iter().partition(|problem| {
            ignored
                .iter()
                .any(|kind| kind == problem.kind || kind == "all")
        });
    assert!(problems.is_empty(), "{problems:#?}\n{code}");
    let mut kinds: Vec<&'static str> = skipped.iter().map(|problem| problem.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

fn ignored_kinds() -> &'static [String] {
    static IGNORED: OnceLock<Vec<String>> = OnceLock::new();
    IGNORED.get_or_init(|| {
        std::env::var("FUZZ_IGNORE")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|kind| !kind.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

fn dump(json: &str, config: &Config, code: &str, lint_kinds: &[&str]) {
    static DIR: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    let Some(directory) = DIR.get_or_init(|| std::env::var_os("FUZZ_DUMP_DIR").map(Into::into))
    else {
        return;
    };
    let mut hasher = DefaultHasher::new();
    json.hash(&mut hasher);
    format!("{config:?}").hash(&mut hasher);
    let name = format!("{:016x}", hasher.finish());
    let input = serde_json::json!({
        "config": format!("{config:?}"),
        "document": json,
        "lint": lint_kinds,
    });
    let _ = std::fs::write(directory.join(format!("{name}.json")), input.to_string());
    let _ = std::fs::write(directory.join(format!("{name}.rs")), code);
}
