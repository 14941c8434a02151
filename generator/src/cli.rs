//! The `servicestack-codegen` command line, as a library so it can be tested without a process.
//!
//! Exit codes: 0 success (and, for `check`, everything up to date); 1 `check` found files that
//! would change, or `diff` found changes that fail the `--fail-on` policy; 2 errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::terminal_safe;
use crate::options::{MapType, ModuleLayout, TextCase, split_assignment, split_list};
use crate::regen::{self, Regeneration};
use crate::{Config, Error, Generator, Source, write};

/// Generates Rust DTOs from ServiceStack metadata and keeps them in sync with the server.
#[derive(Debug, Parser)]
#[command(name = "servicestack-codegen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// Parsed once per process; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate Rust code from a metadata document.
    Generate(GenerateArgs),
    /// Regenerate generated files from the source and options their headers record.
    Update(FilesArgs),
    /// Like `update`, but write nothing: exit 1 when a file would change, and show how.
    Check(FilesArgs),
    /// Save a server's metadata document as stable, readable JSON (for checking in).
    Fetch(FetchArgs),
    /// Report the API changes between two metadata documents (files or URLs), classified as
    /// breaking or compatible for a client generated from OLD talking to a server at NEW.
    Diff(DiffArgs),
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
    /// `Namespace/*`, `{tag}`; comma-separated or repeated. A pattern that matches nothing is
    /// an error.
    #[arg(long, value_name = "PATTERNS")]
    pub include_types: Vec<String>,
    /// Leave these types out; comma-separated or repeated. A name that matches nothing is an
    /// error.
    #[arg(long, value_name = "NAMES")]
    pub exclude_types: Vec<String>,
    /// Code-shape options.
    #[command(flatten)]
    pub code: CodeArgs,
    /// Write a standalone crate into this directory (Cargo.toml, src/lib.rs, src/dtos.rs,
    /// README.md) instead of one file; files you added or edited are kept. Implies
    /// `--feature-gates`: one cargo feature per operation tag, all on by default (`full`).
    #[arg(
        long = "crate",
        value_name = "DIR",
        conflicts_with = "output",
        requires = "crate_name"
    )]
    pub crate_dir: Option<PathBuf>,
    /// The standalone crate's package name.
    #[arg(long, value_name = "NAME", requires = "crate_dir")]
    pub crate_name: Option<String>,
    /// Depend on servicestack-runtime by path (else by version) in the standalone crate.
    #[arg(long, value_name = "PATH", requires = "crate_dir")]
    pub runtime_path: Option<PathBuf>,
}

/// Options that change the generated code (all recorded in the file header).
#[derive(Debug, Default, clap::Args)]
pub struct CodeArgs {
    /// Extra derives for every type where valid (`Hash`, `Eq`, `PartialOrd`, `Ord`, `Copy` are
    /// checked per type); comma-separated or repeated.
    #[arg(long, value_name = "DERIVES")]
    pub derive: Vec<String>,
    /// Extra derives for one type: `TYPE=Hash,Eq`; repeatable.
    #[arg(long, value_name = "TYPE=DERIVES")]
    pub type_derive: Vec<String>,
    /// Extra attributes for one type: `'TYPE=#[non_exhaustive]'`; repeatable.
    #[arg(long, value_name = "TYPE=ATTRIBUTE")]
    pub type_attr: Vec<String>,
    /// Use an existing Rust type instead of a generated or wire type: `Money=my_crate::Money`,
    /// `Guid=uuid::Uuid`, `DateTime=chrono::DateTime<chrono::Utc>`; repeatable.
    #[arg(long, value_name = "TYPE=PATH")]
    pub replace_type: Vec<String>,
    /// Map type for dictionaries: hash (default), btree, index (runtime feature `indexmap`).
    #[arg(long, value_name = "KIND")]
    pub map_type: Option<String>,
    /// Enums without the catch-all variant: unknown values fail to deserialize.
    #[arg(long)]
    pub closed_enums: bool,
    /// Module layout: flat (default) or namespace (one module per .NET namespace).
    #[arg(long, value_name = "LAYOUT")]
    pub modules: Option<String>,
    /// Member name case on the wire: camel or pascal (default: the document's
    /// `app.jsTextCase`, else camel). Responses are read in both cases either way.
    #[arg(long, value_name = "CASE")]
    pub text_case: Option<String>,
    /// Put every item behind the cargo features of the operations that need it: one feature per
    /// operation tag (and per module with `--modules namespace`); untagged operations and types
    /// no operation reaches stay ungated. The including crate must declare the features; `--crate`
    /// turns this on and declares them (`default = ["full"]`).
    #[arg(long)]
    pub feature_gates: bool,
    /// Requests (and what only requests hold) derive `Deserialize` too, to read them from JSON.
    #[arg(long)]
    pub deserializable_requests: bool,
}

impl CodeArgs {
    /// Applies the flags to a configuration.
    pub fn apply(&self, config: &mut Config) -> Result<(), Error> {
        config.derive(split_list(&self.derive));
        for entry in &self.type_derive {
            let (name, derives) = split_assignment("--type-derive", entry)?;
            config.type_derive(name, derives);
        }
        for entry in &self.type_attr {
            let (name, attribute) = split_assignment("--type-attr", entry)?;
            config.type_attribute(name, attribute);
        }
        for entry in &self.replace_type {
            let (name, path) = split_assignment("--replace-type", entry)?;
            config.replace_type(name, path);
        }
        if let Some(map_type) = &self.map_type {
            config.map_type(MapType::parse(map_type)?);
        }
        if self.closed_enums {
            config.forward_compatible_enums(false);
        }
        if let Some(modules) = &self.modules {
            config.module_layout(ModuleLayout::parse(modules)?);
        }
        if let Some(text_case) = &self.text_case {
            config.text_case(TextCase::parse(text_case)?);
        }
        if self.feature_gates {
            config.feature_gates(true);
        }
        if self.deserializable_requests {
            config.deserializable_requests(true);
        }
        Ok(())
    }
}

/// Arguments of `update` and `check`.
#[derive(Debug, clap::Args)]
pub struct FilesArgs {
    /// Generated files; none means every generated file under the current directory.
    pub files: Vec<PathBuf>,
}

/// Arguments of `fetch`.
#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// The server (a bare base URL gets `/types/metadata` appended) or a metadata URL.
    pub url: String,
    /// Where to save the document.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The document clients were generated from (file, URL or `-`).
    pub old: String,
    /// The document the server serves now (file, URL or `-`).
    pub new: String,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Which changes make the command exit with 1.
    #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
    pub fail_on: FailOn,
}

/// Formats of the `diff` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For terminals.
    Text,
    /// For pull-request comments.
    Markdown,
    /// Stable JSON (docs/diff-json.md).
    Json,
}

/// When `diff` exits with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// When any change is breaking.
    Breaking,
    /// When anything changed.
    Any,
    /// Never (report only).
    Never,
}

/// Runs the command line; returns the process exit code.
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
        Command::Update(args) => update(&args),
        Command::Check(args) => check(&args),
        Command::Fetch(args) => fetch(&args),
        Command::Diff(args) => diff(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", terminal_safe(&error.to_string()));
            ExitCode::from(2)
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, Error> {
    let mut config = Config::default();
    config.include_types(args.include_types.iter().cloned());
    config.exclude_types(args.exclude_types.iter().cloned());
    args.code.apply(&mut config)?;
    if args.crate_dir.is_some() {
        // A crate declares one cargo feature per tag; its users pick the operations they need.
        config.feature_gates(true);
    }
    let source = Source::parse(&args.source);
    let dtos_path = args
        .crate_dir
        .as_ref()
        .map(|dir| dir.join("src").join("dtos.rs"));
    let label = regen::source_label(&source, args.output.as_deref().or(dtos_path.as_deref()));
    let generated = Generator::new(config.clone()).generate_str(&source.load()?, &label)?;
    print_warnings(&generated.warnings);
    if let (Some(dir), Some(name)) = (&args.crate_dir, &args.crate_name) {
        let options = crate::package::CrateOptions {
            dir: dir.clone(),
            name: name.clone(),
            runtime_path: args.runtime_path.clone(),
        };
        let report =
            crate::package::write_crate(&generated, &options, config.code_options(), &args.source)?;
        print_warnings(&report.warnings);
        for path in &report.written {
            println!("wrote: {}", path.display());
        }
        for path in &report.kept {
            println!("kept: {}", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    match &args.output {
        Some(path) => write::write_atomic(path, &generated.code)?,
        None => std::io::stdout()
            .lock()
            .write_all(generated.code.as_bytes())
            .map_err(|source| Error::Write {
                path: "standard output".into(),
                source,
            })?,
    }
    // The command ends here: the process gives the memory back at once, freeing the IR of a
    // large document item by item would take a tenth of the run.
    std::mem::forget(generated);
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(warnings: &[crate::Warning]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn target_files(files: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    if !files.is_empty() {
        return Ok(files.to_vec());
    }
    let found = regen::find_generated_files(Path::new("."))?;
    if found.is_empty() {
        return Err(Error::Invalid {
            location: ".".into(),
            message: "no generated files found under the current directory".into(),
        });
    }
    Ok(found)
}

/// Regenerates each file; an error in one file does not stop the others.
fn regenerate_all(files: &[PathBuf]) -> Result<Vec<Result<Regeneration, Error>>, Error> {
    Ok(target_files(files)?
        .iter()
        .map(|file| regen::regenerate(file))
        .collect())
}

fn update(args: &FilesArgs) -> Result<ExitCode, Error> {
    let mut failed = false;
    for result in regenerate_all(&args.files)? {
        match result {
            Ok(regeneration) if regeneration.is_up_to_date() => {
                println!("unchanged: {}", regeneration.path.display());
            }
            Ok(regeneration) => {
                print_warnings(&regeneration.fresh.warnings);
                write::write_atomic(&regeneration.path, &regeneration.fresh.code)?;
                println!(
                    "updated: {} ({})",
                    regeneration.path.display(),
                    change_summary(&api_changes(&regeneration))
                );
            }
            Err(error) => {
                eprintln!("error: {}", terminal_safe(&error.to_string()));
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(args: &FilesArgs) -> Result<ExitCode, Error> {
    let (mut failed, mut stale) = (false, false);
    for result in regenerate_all(&args.files)? {
        match result {
            Ok(regeneration) if regeneration.is_up_to_date() => {
                println!("up to date: {}", regeneration.path.display());
            }
            Ok(regeneration) => {
                stale = true;
                // Read back and compared once, for the summary and the report.
                let changes = api_changes(&regeneration);
                println!(
                    "out of date: {} ({})",
                    regeneration.path.display(),
                    change_summary(&changes)
                );
                println!("{}", terminal_safe(&change_report(&changes)));
                print!("{}", regeneration.unified_diff());
            }
            Err(error) => {
                eprintln!("error: {}", terminal_safe(&error.to_string()));
                failed = true;
            }
        }
    }
    Ok(match (failed, stale) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::from(1),
        (false, false) => ExitCode::SUCCESS,
    })
}

fn fetch(args: &FetchArgs) -> Result<ExitCode, Error> {
    let source = match Source::parse(&args.url) {
        url @ Source::Url(_) => url,
        _ => {
            return Err(Error::Option {
                option: "URL".into(),
                message: format!("`{}` is not an http(s) URL", crate::redact_url(&args.url)),
            });
        }
    };
    let text = source.load()?;
    // Refuse anything that is not a metadata document before saving it.
    crate::metadata::parse(&text)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| Error::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    let mut pretty =
        serde_json::to_string_pretty(&value).map_err(|error| Error::Internal(error.to_string()))?;
    pretty.push('\n');
    write::write_atomic(&args.output, &pretty)?;
    println!(
        "saved: {} ({} bytes from {source})",
        args.output.display(),
        pretty.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn diff(args: &DiffArgs) -> Result<ExitCode, Error> {
    let load = |text: &str| crate::metadata::parse(&Source::parse(text).load()?);
    let report = crate::diff::diff_documents(&load(&args.old)?, &load(&args.new)?)?;
    let rendered = match args.format {
        ReportFormat::Text => report.render_text(),
        ReportFormat::Markdown => report.render_markdown(),
        ReportFormat::Json => report.render_json(),
    };
    // Names in the report come from the documents: no raw control characters on the terminal.
    let rendered = terminal_safe(&rendered);
    print!("{rendered}");
    if !rendered.ends_with('\n') {
        println!();
    }
    let failed = match args.fail_on {
        FailOn::Breaking => report.has_breaking(),
        FailOn::Any => !report.is_empty(),
        FailOn::Never => false,
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The API changes between the file and its regeneration, as read back from both.
fn api_changes(regeneration: &Regeneration) -> Result<crate::diff::ApiDiff, Error> {
    crate::diff::diff_generated(&regeneration.current, &regeneration.fresh.code)
}

/// One line for `update` and `check`.
fn change_summary(changes: &Result<crate::diff::ApiDiff, Error>) -> String {
    match changes {
        Ok(changes) if changes.is_empty() => "no API changes; generator output changed".into(),
        Ok(changes) => changes.summary(),
        Err(error) => format!("API changes unknown: {error}"),
    }
}

/// The full API change report for `check`.
fn change_report(changes: &Result<crate::diff::ApiDiff, Error>) -> String {
    match changes {
        Ok(changes) if changes.is_empty() => String::new(),
        Ok(changes) => changes.render_text(),
        Err(error) => format!("API changes unknown: {error}"),
    }
}
