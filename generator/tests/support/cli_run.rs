//! Running the `servicestack-codegen` binary in the hostile-input tests (`bad_documents.rs`,
//! `url_sources.rs`, `fuzz_findings.rs`): its output, its message, and the check that a refused
//! source leaves no output file behind.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A small valid document: one struct with one property.
pub const DOCUMENT: &str = r#"{"types": [{"name": "Poco", "properties": [{"name": "Id", "type": "Int32", "isValueType": true}]}]}"#;

/// Runs the binary with `args`, in `directory` if given, `stdin` written to its standard input.
pub fn codegen_in(directory: Option<&Path>, args: &[&str], stdin: Option<Vec<u8>>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(directory) = directory {
        command.current_dir(directory);
    }
    let mut child = command.spawn().unwrap();
    let input = stdin.unwrap_or_default();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        // The generator stops reading at the size cap: a broken pipe is expected then.
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// [`codegen_in`] the current directory.
pub fn codegen(args: &[&str], stdin: Option<Vec<u8>>) -> Output {
    codegen_in(None, args, stdin)
}

/// The run's standard error, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `generate SOURCE -o FILE` into a fresh path and over an existing file; both must fail
/// with exit code 2 and a message containing every `expected` text, create nothing, leave the
/// existing file as it was and leave no temporary file behind. Returns the message.
pub fn assert_refused(source: &str, stdin: Option<&[u8]>, expected: &[&str]) -> String {
    let directory = tempfile::tempdir().unwrap();
    let fresh = directory.path().join("fresh.rs");
    let existing = directory.path().join("existing.rs");
    std::fs::write(&existing, "// keep me\n").unwrap();
    let mut message = String::new();
    for target in [&fresh, &existing] {
        let output = codegen(
            &["generate", source, "-o", target.to_str().unwrap()],
            stdin.map(<[u8]>::to_vec),
        );
        message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{source}: {message}");
        assert!(message.starts_with("error: "), "{message}");
        assert!(!message.contains("panicked"), "{message}");
        for text in expected {
            assert!(message.contains(text), "expected `{text}` in: {message}");
        }
        assert!(output.stdout.is_empty());
    }
    assert!(!fresh.exists(), "no output file on failure: {message}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "// keep me\n");
    let left: Vec<_> = std::fs::read_dir(directory.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    message
}
