//! Fixture discovery and a local HTTP server shared by the integration tests.
#![allow(dead_code)]

pub mod cli_run;
pub mod hostile_http;
pub mod http;
pub mod lint;

use std::path::{Path, PathBuf};

/// The project's own fixtures.
pub fn project_fixtures() -> Vec<PathBuf> {
    json_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures"))
}

/// The real documents in `../shared/fixtures/metadata`, read in place (never copied). Missing is
/// an error under CI (`CI=true`); elsewhere the list is empty and `skipped: <what> (...)` is
/// written to stderr past the test harness's capture, `what` naming the test (or the part of it)
/// that the caller skips.
#[track_caller]
pub fn shared_fixtures_or_skip(what: &str) -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/metadata");
    let documents = json_files(&directory);
    if documents.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} has no metadata documents; CI must have ../shared beside the repository",
            directory.display()
        );
        use std::io::Write as _;
        // Straight to stderr: the harness captures `eprintln!` of passing tests.
        let _ = writeln!(
            std::io::stderr().lock(),
            "skipped: {what} (../shared/fixtures/metadata is missing)"
        );
    }
    documents
}

fn json_files(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    files.sort();
    files
}

/// `group/file.json` as recorded in headers and snapshot names.
pub fn label(group: &str, path: &Path) -> String {
    format!("{group}/{}", path.file_name().unwrap().to_string_lossy())
}
