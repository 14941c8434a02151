//! `generate --crate`: the standalone crate builds and documents without warnings, with default
//! options (evovoice) and with replacements, BTreeMap and namespace modules (blazor-gallery).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn cargo(directory: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(directory)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone-crates"),
        )
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}

fn build_crate(source: &Path, name: &str, extra: &[&str]) -> PathBuf {
    // Outside this workspace, as a user's crate would be.
    let directory = std::env::temp_dir()
        .join(format!("servicestack-codegen-test-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    let runtime = workspace().join("runtime");
    let mut args = vec![
        "generate",
        source.to_str().unwrap(),
        "--crate",
        directory.to_str().unwrap(),
        "--crate-name",
        name,
        "--runtime-path",
        runtime.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The workspace's lock file pins versions that are already downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), directory.join("Cargo.lock")).unwrap();
    for command in [
        &["build", "--offline"][..],
        &["doc", "--offline", "--no-deps"][..],
    ] {
        let output = cargo(&directory, command);
        assert!(
            output.status.success(),
            "cargo {command:?} in {}:\n{}",
            directory.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    directory
}

#[test]
fn evovoice_crate_builds_and_documents_cleanly() {
    let evovoice = workspace().join("fixtures/evovoice-invitechatmember.metadata.json");
    let directory = build_crate(&evovoice, "evovoice-api", &[]);
    let readme = std::fs::read_to_string(directory.join("README.md")).unwrap();
    assert!(
        readme.contains("| InviteChatMember | POST | `/sessions/{sessionId}/members` POST |"),
        "{readme}"
    );
    // `update` regenerates src/dtos.rs in place from its header.
    let output = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(["check", directory.join("src/dtos.rs").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn crate_with_options_computes_its_dependencies() {
    let documents = support::shared_fixtures_or_skip(
        "standalone_crate::crate_with_options_computes_its_dependencies",
    );
    if documents.is_empty() {
        return;
    }
    let blazor = documents
        .into_iter()
        .find(|path| path.ends_with("blazor-gallery-v8.91.metadata.json"))
        .expect("blazor-gallery-v8.91.metadata.json is in ../shared/fixtures/metadata");
    let directory = build_crate(
        &blazor,
        "blazor-gallery-api",
        &[
            "--replace-type",
            "DateTime=chrono::DateTime<chrono::Utc>",
            "--replace-type",
            "Guid=uuid::Uuid",
            "--map-type",
            "btree",
            "--modules",
            "namespace",
            "--type-derive",
            "Todo=Hash,Eq",
        ],
    );
    let manifest = std::fs::read_to_string(directory.join("Cargo.toml")).unwrap();
    for expected in [
        "chrono = ",
        "uuid = ",
        "\"adapters\"",
        "\"chrono\"",
        "\"uuid\"",
    ] {
        assert!(manifest.contains(expected), "{expected} in {manifest}");
    }
}
