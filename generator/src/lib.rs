//! Generates idiomatic, wire-exact Rust DTOs from ServiceStack metadata (`/types/metadata` or
//! `/metadata/app.json`).
//!
//! The pipeline has one module per stage, each usable on its own:
//! [`metadata`] (parse the document) → [`model`] (resolve it into an IR) → [`emit`] (tokens) →
//! [`format`] (prettyplease) → [`write`] (atomic file write). [`Generator`] runs them all and is
//! what the `servicestack-codegen` command and build scripts call.
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

pub mod cli;
mod config;
pub mod diff;
pub mod emit;
mod error;
pub mod filter;
pub mod format;
pub mod header;
pub mod metadata;
pub mod model;
pub mod options;
pub mod package;
pub mod readback;
mod source;
pub mod sync;
pub mod typeref;
pub mod write;

pub use config::Config;
pub use error::{Error, Warning};
pub use source::{
    MAX_DOCUMENT_BYTES, REDACTED, Source, TIMEOUT_VARIABLE, metadata_url, redact_url,
};

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
        let filter = self.config.type_filter()?;
        let document = metadata::parse(json)?;
        let options = self.config.code_options();
        let (ir, warnings) = model::resolve_with(&document, &filter, options)?;
        let code = format::format_units(emit::emit_units(&ir, options))?;
        let header = Header {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            // Generated files are checked in and shared: no API key or password goes into one.
            source: redact_url(source_label),
            options: self.config.header_options(),
        };
        Ok(Generated {
            code: header.render() + &code,
            warnings,
            ir,
        })
    }
}
