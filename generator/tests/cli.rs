//! The `servicestack-codegen` binary end to end: exit codes, messages, files.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn codegen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    let mut pipe = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = pipe.write_all(&input);
    });
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_document_generates_deterministically() {
    let documents: Vec<_> = support::project_fixtures()
        .into_iter()
        .chain(support::shared_fixtures_or_skip(
            "the real documents in cli::every_document_generates_deterministically, which runs \
             on the project fixtures",
        ))
        .collect();
    assert!(!documents.is_empty());
    for document in documents {
        let path = document.to_str().unwrap();
        let first = codegen(&["generate", path], None);
        assert!(first.status.success(), "{path}: {}", stderr(&first));
        let second = codegen(&["generate", path], None);
        assert_eq!(
            first.stdout, second.stdout,
            "{path}: output differs between runs"
        );
        let text = String::from_utf8(first.stdout).unwrap();
        assert!(
            text.starts_with(servicestack_codegen::header::MARKER),
            "{path}"
        );
        assert!(
            !text.contains("Date:"),
            "{path}: the header carries no date"
        );
    }
}

#[test]
fn reads_standard_input_and_writes_files_atomically() {
    let evovoice = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/evovoice-invitechatmember.metadata.json");
    let json = std::fs::read(&evovoice).unwrap();
    let from_stdin = codegen(&["generate", "-"], Some(&json));
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let directory = tempfile::tempdir().unwrap();
    let output = directory.path().join("dtos.rs");
    let to_file = codegen(
        &[
            "generate",
            evovoice.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ],
        None,
    );
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    assert!(to_file.stdout.is_empty());
    let written = std::fs::read_to_string(&output).unwrap();
    let body = |text: &str| text.split_once("\n\n").unwrap().1.to_owned();
    assert_eq!(
        body(&written),
        body(&String::from_utf8(from_stdin.stdout).unwrap())
    );
    assert!(written.contains("pub struct InviteChatMember"));
}

#[test]
fn include_and_exclude_types() {
    let evovoice = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/evovoice-invitechatmember.metadata.json");
    let path = evovoice.to_str().unwrap();
    let only = codegen(
        &["generate", path, "--include-types", "SessionMemberInfo"],
        None,
    );
    assert!(only.status.success(), "{}", stderr(&only));
    let text = String::from_utf8(only.stdout).unwrap();
    assert!(text.contains("pub struct SessionMemberInfo"));
    assert!(
        text.contains("pub enum SessionMemberRoles"),
        "dependencies come along"
    );
    assert!(!text.contains("pub struct InviteChatMember"));
    assert!(
        text.contains("// include-types: \"SessionMemberInfo\""),
        "the option is recorded"
    );

    let operation = codegen(
        &[
            "generate",
            path,
            "--include-types",
            "InviteChatMember.*",
            "--exclude-types",
            "CustomerBreadcrumb",
        ],
        None,
    );
    assert!(operation.status.success(), "{}", stderr(&operation));
    let text = String::from_utf8(operation.stdout.clone()).unwrap();
    assert!(
        text.contains("pub struct InviteChatMember") && text.contains("pub struct SessionInfo")
    );
    assert!(!text.contains("pub struct CustomerBreadcrumb"));
    assert!(
        stderr(&operation).contains("CustomerBreadcrumb"),
        "the fallback to Value is reported"
    );

    let missing = codegen(&["generate", path, "--include-types", "NoSuchType"], None);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("NoSuchType"));
    assert!(missing.stdout.is_empty());
    let bad = codegen(&["generate", path, "--include-types", "{unclosed"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--include-types"), "{}", stderr(&bad));
}

#[test]
fn unmatched_include_or_exclude_types_fail_with_suggestions() {
    let evovoice = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/evovoice-invitechatmember.metadata.json");
    let path = evovoice.to_str().unwrap();
    let directory = tempfile::tempdir().unwrap();
    for option in ["--include-types", "--exclude-types"] {
        let target = directory.path().join(format!("{option}.rs"));
        let output = codegen(
            &[
                "generate",
                path,
                option,
                "InviteChatMembr",
                "-o",
                target.to_str().unwrap(),
            ],
            None,
        );
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{option}: {message}");
        assert!(
            message.starts_with(&format!(
                "error: invalid option {option}: `InviteChatMembr`"
            )),
            "{option}: {message}"
        );
        assert!(
            message.contains("did you mean `InviteChatMember`"),
            "{option}: {message}"
        );
        assert!(!target.exists(), "{option}: no output file on failure");
    }
    assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 0);
}

#[test]
fn bad_input_fails_with_a_located_message_and_writes_nothing() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "line 1"),
        (b"{\"types\": [", "line 1"),
        (b"\x00\x9f\x92\x96garbage", "UTF-8"),
        (b"[]", "found an array"),
        (b"42", "found a number"),
        (b"{\"hello\": 1}", "neither"),
        (b"{\"types\": 5}", "$.types"),
        (b"{\"operations\": [{\"request\": 3}]}", "$.operations[0].request"),
        (b"{\"types\": [{\"name\": \"A\", \"properties\": [{\"name\": \"B\"}]}]}", "A.B"),
        (b"{\"types\": [{\"name\": \"A\", \"properties\": [{\"name\": \"B\", \"type\": \"List<Dictionary<String,\"}]}]}", "A.B"),
        (b"{\"types\": [{\"name\": \"\"}]}", "$.types[0].name"),
        (
            b"{\"types\": [{\"name\": \"A\", \"inherits\": {\"name\": \"B\"}}, {\"name\": \"B\", \"inherits\": {\"name\": \"A\"}}]}",
            "inheritance cycle",
        ),
        (b"{\"api\": []}", "$.api"),
    ];
    let directory = tempfile::tempdir().unwrap();
    let existing = directory.path().join("existing.rs");
    std::fs::write(&existing, "// keep me\n").unwrap();
    for (index, (input, expected)) in cases.iter().enumerate() {
        let fresh = directory.path().join(format!("new-{index}.rs"));
        for target in [&fresh, &existing] {
            let output = codegen(
                &["generate", "-", "-o", target.to_str().unwrap()],
                Some(input),
            );
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "case {index}: {message}");
            assert!(message.starts_with("error: "), "case {index}: {message}");
            assert!(
                message.contains(expected),
                "case {index}: expected `{expected}` in {message}"
            );
            assert!(!message.contains("panicked"), "case {index}: {message}");
        }
        assert!(!fresh.exists(), "case {index}: no output file on failure");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "// keep me\n");
    }
    let leftovers: Vec<_> = std::fs::read_dir(directory.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files are left behind");
}

#[test]
fn missing_files_and_unreachable_servers_are_errors() {
    let output = codegen(&["generate", "does/not/exist.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("does/not/exist.json"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let output = codegen(&["generate", &format!("http://127.0.0.1:{port}")], None);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("http://127.0.0.1:{port}/types/metadata")),
        "{message}"
    );
}

#[test]
fn help_lists_the_generate_options() {
    let output = codegen(&["generate", "--help"], None);
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in ["--output", "--include-types", "--exclude-types", "SOURCE"] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}

#[test]
fn help_lists_every_command() {
    let output = codegen(&["--help"], None);
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["generate", "update", "check", "fetch", "diff"] {
        assert!(help.contains(command), "{command} in {help}");
    }
    let output = codegen(&["diff", "--help"], None);
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in ["--format", "--fail-on", "markdown", "breaking"] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}

#[test]
fn code_options_are_validated_and_recorded() {
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/features.metadata.json");
    let path = features.to_str().unwrap();
    let refused: &[(&[&str], &str)] = &[
        (
            &["--type-derive", "NoSuchType=Hash"],
            "unknown type `NoSuchType`",
        ),
        (
            &["--type-derive", "Vec=Hash"],
            "`Vec` cannot derive Hash: field `x`",
        ),
        (
            &["--type-derive", "Color=Copy"],
            "`Color` cannot derive Copy: its catch-all variant `UnknownValue2` holds the unknown value's String",
        ),
        (
            &["--type-attr", "Poco=#[a] fn evil() {}"],
            "not an attribute",
        ),
        (&["--type-attr", "Poco"], "expected TYPE=VALUE"),
        (&["--replace-type", "Nope=my::Nope"], "unknown type `Nope`"),
        (&["--replace-type", "Guid=fn()"], "type path"),
        (&["--derive", "Hash)]"], "not a derive path"),
        (&["--map-type", "tree"], "expected hash, btree or index"),
        (&["--modules", "nested"], "expected flat or namespace"),
    ];
    for (flags, expected) in refused {
        let mut args = vec!["generate", path];
        args.extend_from_slice(flags);
        let output = codegen(&args, None);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{flags:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{flags:?}: {}",
            stderr(&output)
        );
    }
    let output = codegen(
        &[
            "generate",
            path,
            "--derive",
            "Hash,Eq",
            "--type-derive",
            "Poco=PartialOrd",
            "--type-attr",
            "Poco=#[non_exhaustive]",
            "--replace-type",
            "Guid=uuid::Uuid",
            "--map-type",
            "btree",
            "--closed-enums",
            "--modules",
            "namespace",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let code = String::from_utf8(output.stdout).unwrap();
    for line in [
        "// derive: \"Hash,Eq\"",
        "// type-derive: \"Poco=PartialOrd\"",
        "// type-attr: \"Poco=#[non_exhaustive]\"",
        "// replace-type: \"Guid=uuid::Uuid\"",
        "// map-type: \"btree\"",
        "// closed-enums: \"true\"",
        "// modules: \"namespace\"",
    ] {
        assert!(code.contains(line), "header records {line}");
    }
    assert!(code.contains("pub mod features_model {"));
    assert!(code.contains("#[non_exhaustive]"));
    assert!(code.contains("    use ::std::collections::BTreeMap;\n"));
    assert!(code.contains("BTreeMap<"));
    assert!(!code.contains("HashMap"), "every map is a BTreeMap");
    assert!(
        !code.contains("UnknownValue("),
        "closed enums have no catch-all"
    );
    // Without it, a string enum is Copy, and asking for Copy again is not an error.
    let color = code.find("pub enum Color").unwrap();
    let derive = &code[code[..color].rfind("#[derive(").unwrap()..color];
    assert!(derive.contains("Copy"), "{derive}");
    let output = codegen(
        &[
            "generate",
            path,
            "--closed-enums",
            "--type-derive",
            "Color=Copy",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
}
