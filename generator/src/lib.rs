//! Generates idiomatic, wire-exact Rust DTOs from ServiceStack metadata (`/types/metadata` or
//! `/metadata/app.json`).
//!
//! The pipeline has one module per stage, each usable on its own:
//! [`metadata`] (parse the document) → [`model`] (resolve it into an IR) → [`emit`] (tokens) →
//! [`format`](mod@format) (prettyplease) → [`write`](mod@write) (atomic file write).
//! [`Generator`] runs them all and is what the `servicestack-codegen` command and build scripts
//! call. The source tree groups the stages as `input/` ([`Source`], [`metadata`], [`typeref`],
//! [`filter`]), `model/`, `emit/`, `output/` ([`format`](mod@format), [`header`],
//! [`write`](mod@write)); the tools built on the pipeline live in `tools/`: [`regen`]
//! (regenerate a file from its header), [`readback`], [`diff`] and [`package`].
//!
//! ```no_run
//! use servicestack_codegen::{Config, Generator, Source};
//!
//! let mut config = Config::default();
//! config.include_types(["InviteChatMember.*"]);
//! let generated = Generator::new(config).generate(&Source::parse("api.json"))?;
//! for warning in &generated.warnings {
//!     eprintln!("{warning}");
//! }
//! servicestack_codegen::write::write_if_changed("src/dtos.rs".as_ref(), &generated.code)?;
//! # Ok::<(), servicestack_codegen::Error>(())
//! ```
#![deny(missing_docs)]

mod build_script;
pub mod cli;
mod config;
pub mod emit;
mod error;
mod input;
pub mod model;
pub mod options;
mod output;
mod tools;

pub use input::{filter, metadata, typeref};
pub use output::{format, header, write};
pub use tools::{diff, package, readback, regen};

pub use config::Config;
pub use error::{Error, Warning};
pub use input::source::{
    MAX_DOCUMENT_BYTES, REDACTED, Source, TIMEOUT_VARIABLE, metadata_url, redact_url,
};

use emit::features;
use header::Header;

/// Generated source code, what was worked around, and the IR it was emitted from.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The formatted Rust file, header included.
    pub code: String,
    /// Things the generator worked around (missing types, ...), for the user to see.
    pub warnings: Vec<Warning>,
    /// The resolved items (for reports such as the standalone crate's README).
    pub ir: model::Ir,
}

/// Runs the whole pipeline with one [`Config`].
#[derive(Debug, Clone, Default)]
pub struct Generator {
    config: Config,
}

impl Generator {
    /// A generator with these options.
    pub fn new(config: Config) -> Self {
        Generator { config }
    }

    /// Loads the source and generates code from it; the header records the source as displayed
    /// (a URL without credentials or query values).
    pub fn generate(&self, source: &Source) -> Result<Generated, Error> {
        let label = match source {
            Source::Stdin => "-".to_owned(),
            other => other.to_string(),
        };
        self.generate_str(&source.load()?, &label)
    }

    /// Generates code from a document's JSON text; `source_label` goes into the header, a URL
    /// without credentials, query values or fragment ([`redact_url`]).
    pub fn generate_str(&self, json: &str, source_label: &str) -> Result<Generated, Error> {
        generate(&self.config, json, source_label)
    }
}

/// The whole pipeline: parse, resolve, emit, format, and the header.
fn generate(config: &Config, json: &str, source_label: &str) -> Result<Generated, Error> {
    let filter = config.type_filter()?;
    let document = metadata::parse(json)?;
    let options = config.code_options();
    let (ir, warnings) = model::resolve_with(&document, &filter, options)?;
    let (uses, body) = emit_and_format(&ir, options)?;
    let code = if uses.is_empty() {
        body
    } else {
        uses + "\n" + &body
    };
    let header = Header {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        // Generated files are checked in and shared: no API key or password goes into one.
        source: redact_url(source_label),
        options: config.header_options(),
    };
    Ok(Generated {
        code: header.render() + &code,
        warnings,
        ir,
    })
}

/// Emits and formats the file: its `use` lines and its items. The top-level items of a large
/// document are emitted and formatted on up to four threads, each its own contiguous part, and
/// joined in order (the text is the same as on one thread; a unit test compares).
fn emit_and_format(
    ir: &model::Ir,
    options: &options::CodeOptions,
) -> Result<(String, String), Error> {
    /// Below this many items a second thread costs more than it saves.
    const ITEMS_PER_THREAD: usize = 250;
    emit::check(ir)?;
    let gates = features::FeatureGates::compute(ir, options);
    let top_level = emit::top_level_items(ir);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(4)
        .min(top_level.len() / ITEMS_PER_THREAD)
        .max(1);
    emit_and_format_on(ir, options, &gates, top_level, threads)
}

fn emit_and_format_on(
    ir: &model::Ir,
    options: &options::CodeOptions,
    gates: &features::FeatureGates,
    top_level: Vec<usize>,
    threads: usize,
) -> Result<(String, String), Error> {
    let gate = |unit| features::gate_unit(unit, gates);
    let chunk = top_level.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<usize>> = top_level.chunks(chunk).map(<[usize]>::to_vec).collect();
    let first = if parts.is_empty() {
        Vec::new()
    } else {
        parts.remove(0)
    };
    let emitter = emit::Emitter::new(ir, options);
    // The other parts on their own threads (tokens cannot cross threads; text and names can).
    let (body, others) = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| {
                scope.spawn(move || {
                    let emitter = emit::Emitter::new(ir, options);
                    let text = format::format_units(emitter.top_level_units(part).map(gate))?;
                    Ok::<_, Error>((text, emitter.take_names()))
                })
            })
            .collect();
        let body = format::format_units(emitter.top_level_units(first).map(gate));
        let others: Vec<_> = workers
            .into_iter()
            .map(|worker| worker.join().expect("a formatting thread panicked"))
            .collect();
        (body, others)
    });
    let mut body = body?;
    for other in others {
        let (text, names) = other?;
        emitter.add_names(names);
        format::append_unit(&mut body, &text);
    }
    let modules = format::format_units(emitter.module_units().map(gate))?;
    format::append_unit(&mut body, &modules);
    let uses = format::format(emitter.uses())?;
    Ok((uses, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emitting the top level in parts on several threads writes the same file as one thread.
    #[test]
    fn threads_write_the_same_file_as_one() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/features.metadata.json");
        let json = std::fs::read_to_string(path).unwrap();
        let document = metadata::parse(&json).unwrap();
        for layout in [
            options::ModuleLayout::Flat,
            options::ModuleLayout::Namespace,
        ] {
            let mut config = Config::default();
            config.module_layout(layout);
            let options = config.code_options();
            let (ir, _) =
                model::resolve_with(&document, &filter::TypeFilter::default(), options).unwrap();
            let gates = features::FeatureGates::compute(&ir, options);
            let on = |threads| {
                emit_and_format_on(&ir, options, &gates, emit::top_level_items(&ir), threads)
                    .unwrap()
            };
            let one = on(1);
            assert!(one.1.len() > 1000, "{layout:?}");
            for threads in [2, 3, 7] {
                assert_eq!(on(threads), one, "{layout:?} on {threads} threads");
            }
        }
    }
}
