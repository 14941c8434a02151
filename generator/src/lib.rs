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
pub mod emit;
mod error;
pub mod filter;
pub mod format;
pub mod header;
pub mod metadata;
pub mod model;
mod source;
pub mod typeref;
pub mod write;

pub use error::{Error, Warning};
pub use source::{MAX_DOCUMENT_BYTES, Source, metadata_url};

use filter::TypeFilter;
use header::Header;

/// The generator's options. Every option is recorded in the generated file's header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    include_types: Vec<String>,
    exclude_types: Vec<String>,
}

impl Config {
    /// Keeps only these types and operations (and everything they need). Patterns follow
    /// ServiceStack's `IncludeTypes`: `Name`, `Name.*`, `*.Name`, `Namespace/*`, `{tag}`.
    pub fn include_types<I, S>(&mut self, patterns: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.include_types
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Leaves these types out (`Name` also drops generic ``Name`1``); references to them become
    /// `serde_json::Value`.
    pub fn exclude_types<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.exclude_types.extend(names.into_iter().map(Into::into));
        self
    }

    /// The options that differ from the defaults, as header entries.
    fn header_options(&self) -> Vec<(String, String)> {
        let mut options = Vec::new();
        if !self.include_types.is_empty() {
            options.push(("include-types".into(), self.include_types.join(",")));
        }
        if !self.exclude_types.is_empty() {
            options.push(("exclude-types".into(), self.exclude_types.join(",")));
        }
        options
    }
}

/// Generated source code and what was worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The formatted Rust file, header included.
    pub code: String,
    /// Things the generator worked around (missing types, ...), for the user to see.
    pub warnings: Vec<Warning>,
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

    /// Loads the source and generates code from it; the header records the source as given.
    pub fn generate(&self, source: &Source) -> Result<Generated, Error> {
        let label = match source {
            Source::Stdin => "-".to_owned(),
            other => other.to_string(),
        };
        self.generate_str(&source.load()?, &label)
    }

    /// Generates code from a document's JSON text; `source_label` goes into the header.
    pub fn generate_str(&self, json: &str, source_label: &str) -> Result<Generated, Error> {
        let filter = TypeFilter::new(&self.config.include_types, &self.config.exclude_types)?;
        let document = metadata::parse(json)?;
        let (ir, warnings) = model::resolve(&document, &filter)?;
        let code = format::format(emit::emit(&ir))?;
        let header = Header {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            source: source_label.to_owned(),
            options: self.config.header_options(),
        };
        Ok(Generated {
            code: header.render() + &code,
            warnings,
        })
    }
}
