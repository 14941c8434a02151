//! Embeds the project fixtures (`../fixtures/*.json` and `../fixtures/hostile*/**/*.json`) as
//! seeds of the mutation target, so the binary needs no files at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let fixtures = manifest.join("../fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut files = Vec::new();
    collect(&fixtures, &mut files, true);
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .strip_prefix(&fixtures)
            .unwrap_or(file)
            .display()
            .to_string();
        writeln!(out, "    ({name:?}, include_str!({:?})),", file.display()).unwrap();
    }
    out.push_str("]\n");
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("seeds.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

fn collect(directory: &Path, files: &mut Vec<PathBuf>, top: bool) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !top || name.starts_with("hostile") {
                collect(&path, files, false);
            }
        } else if name.ends_with(".json") {
            files.push(path);
        }
    }
}
