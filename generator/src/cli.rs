//! The `servicestack-codegen` command line, as a library so it can be tested without a process.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::{Config, Error, Generator, Source, write};

/// Generates Rust DTOs from ServiceStack metadata.
#[derive(Debug, Parser)]
#[command(name = "servicestack-codegen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate Rust code from a metadata document.
    Generate(GenerateArgs),
}

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// A metadata file, `-` for standard input, or a server URL (a bare base URL gets
    /// `/types/metadata` appended). Both /types/metadata and /metadata/app.json documents work.
    pub source: String,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only these types/operations and what they need: `Name`, `Name.*`, `*.Name`,
    /// `Namespace/*`, `{tag}`; comma-separated or repeated.
    #[arg(long, value_name = "PATTERNS")]
    pub include_types: Vec<String>,
    /// Leave these types out; comma-separated or repeated.
    #[arg(long, value_name = "NAMES")]
    pub exclude_types: Vec<String>,
}

/// Runs the command line; returns the process exit code (0 success, 2 error).
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Generate(args) => generate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<(), Error> {
    let mut config = Config::default();
    config.include_types(args.include_types.iter().cloned());
    config.exclude_types(args.exclude_types.iter().cloned());
    let generated = Generator::new(config).generate(&Source::parse(&args.source))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    match &args.output {
        Some(path) => write::write_atomic(path, &generated.code),
        None => std::io::stdout()
            .lock()
            .write_all(generated.code.as_bytes())
            .map_err(|source| Error::Write {
                path: "standard output".into(),
                source,
            }),
    }
}
