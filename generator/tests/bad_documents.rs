//! Bad documents on standard input and in files, end to end: wrong shapes, cycles, malformed and
//! absurdly nested types, deeply nested JSON, documents over the 64 MiB cap: exit code 2, a
//! message that says what and where, no output file, an existing one untouched.
//!
//! Complements `cli.rs` (bad documents). The other hostile-input tests: `hostile_text.rs`,
//! `url_sources.rs` and `fuzz_findings.rs`.

mod support;

use serde_json::json;
use servicestack_codegen::{Generator, MAX_DOCUMENT_BYTES};
use support::cli_run::{assert_refused, codegen, stderr};
use support::lint;

/// [`assert_refused`] with the document on standard input, then in a file.
fn assert_document_refused(document: &[u8], expected: &[&str]) {
    assert_refused("-", Some(document), expected);
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("api.json");
    std::fs::write(&file, document).unwrap();
    assert_refused(file.to_str().unwrap(), None, expected);
}

#[test]
fn wrong_shapes_are_refused_with_their_json_path() {
    let cases: &[(&str, &[&str])] = &[
        ("   \n\t", &["malformed JSON", "line 2"]),
        ("null", &["`$`", "found null"]),
        ("\"text\"", &["`$`", "found a string"]),
        ("true", &["`$`", "found a boolean"]),
        ("{\"types\": {}}", &["`$.types`", "expected a sequence"]),
        ("{\"types\": [null]}", &["`$.types[0]`"]),
        ("{\"types\": [{\"name\": 5}]}", &["`$.types[0].name`"]),
        ("{\"types\": [{}]}", &["`$.types[0]`", "name"]),
        ("{\"operations\": [{}]}", &["`$.operations[0]`", "request"]),
        (
            "{\"types\": [{\"name\": \"A\", \"properties\": {}}]}",
            &["`$.types[0].properties`"],
        ),
        (
            "{\"types\": [{\"name\": \"A\", \"properties\": [{\"name\": \"B\", \"type\": 5}]}]}",
            &["`$.types[0].properties[0].type`"],
        ),
        (
            "{\"types\": [{\"name\": \"A\", \"isEnum\": true, \"enumNames\": \"x\"}]}",
            &["`$.types[0].enumNames`"],
        ),
        (
            "{\"types\": [{\"name\": \"A\", \"isEnum\": \"yes\"}]}",
            &["`$.types[0].isEnum`"],
        ),
        ("{\"api\": {\"types\": 5}}", &["`$.api.types`"]),
        (
            "{\"app\": {}, \"api\": {\"operations\": [{\"request\": []}]}}",
            &["`$.api.operations[0].request`"],
        ),
        ("{\"types\": []} trailing", &["malformed JSON", "column 15"]),
        (
            "{\"types\": [{\"name\": \"A\\ud800\"}]}",
            &["malformed JSON"],
        ),
        (
            "{\"types\": [{\"name\": \"A\"",
            &["malformed JSON", "line 1"],
        ),
    ];
    for (document, expected) in cases {
        assert_document_refused(document.as_bytes(), expected);
    }
}

#[test]
fn invalid_types_and_cycles_are_refused_naming_the_type() {
    let prop = |ty: &str| {
        json!({ "types": [ { "name": "A", "properties": [ { "name": "B", "type": ty } ] } ] })
            .to_string()
    };
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            prop("List<Dictionary<String,"),
            vec!["A.B", "missing type name in `List<Dictionary<String,`"],
        ),
        (prop("List<>"), vec!["A.B", "missing type name"]),
        (prop("A<B>>"), vec!["A.B", "unexpected `>`"]),
        (prop("Int32["), vec!["A.B", "unbalanced `[`"]),
        (prop("Int32,String"), vec!["A.B", "unexpected `,`"]),
        (prop("`1"), vec!["A.B", "empty type name"]),
        (prop("List`x"), vec!["A.B", "invalid generic arity"]),
        (
            json!({ "types": [ { "name": "A", "properties": [
                { "name": "B", "type": "Dictionary`2", "genericArgs": ["String"] } ] } ] })
            .to_string(),
            vec!["A.B", "takes 2 type argument(s)"],
        ),
        (
            json!({ "types": [ { "name": "A`99999999999999999999" } ] }).to_string(),
            vec!["$.types[0].name", "arity"],
        ),
        (
            json!({ "types": [ { "name": "A", "inherits": { "name": "A" } } ] }).to_string(),
            vec!["inheritance cycle", "A → A"],
        ),
        (
            json!({ "types": [
                { "name": "A", "inherits": { "name": "B" } },
                { "name": "B", "inherits": { "name": "C" } },
                { "name": "C", "inherits": { "name": "A" } } ] })
            .to_string(),
            vec!["inheritance cycle", "A → B → C → A"],
        ),
        (
            json!({ "types": [ { "name": "A`1", "genericArgs": ["T"],
                "inherits": { "name": "A`1", "genericArgs": ["List<T>"] } } ] })
            .to_string(),
            vec!["inheritance cycle"],
        ),
        (
            json!({ "operations": [ { "request": { "name": "Req", "inherits": { "name": "Req" } } } ] })
                .to_string(),
            vec!["inheritance cycle", "$.operations[0].request"],
        ),
    ];
    for (document, expected) in cases {
        assert_document_refused(document.as_bytes(), &expected);
    }
}

#[test]
fn absurdly_nested_types_are_refused_not_a_stack_overflow() {
    // Found by fuzzing: these overflowed the stack (in syn, the type parser and the resolver).
    let deep = |depth: usize| format!("{}Int32{}", "List<".repeat(depth), ">".repeat(depth));
    let documents = [
        json!({ "types": [ { "name": "A", "properties": [ { "name": "B", "type": deep(500) } ] } ] }),
        json!({ "types": [ { "name": "A", "properties": [ { "name": "B", "type": deep(100_000) } ] } ] }),
        json!({ "types": [ { "name": "A", "properties": [
            { "name": "B", "type": "List`1", "genericArgs": [deep(100_000)] } ] } ] }),
        json!({ "types": [ { "name": "A", "properties": [
            { "name": "B", "type": format!("Int32{}", "[]".repeat(100_000)) } ] } ] }),
        json!({ "types": [ { "name": "A", "inherits": { "name": "B`1", "genericArgs": [deep(1000)] } } ] }),
    ];
    for document in documents {
        assert_refused(
            "-",
            Some(document.to_string().as_bytes()),
            &["deeper than 32 levels", "A"],
        );
    }
    // 32 levels (8 times what real documents use) still generate, on this 2 MiB test thread,
    // in a debug build.
    let deepest = json!({ "types": [ { "name": "A", "properties": [
        { "name": "B", "type": deep(31) },
        { "name": "C", "type": format!("Int32{}", "[]".repeat(31)) } ] } ] });
    let generated = Generator::default()
        .generate_str(&deepest.to_string(), "deep.json")
        .unwrap();
    assert_eq!(lint::lint_code(&generated.code), Vec::new());
}

#[test]
fn deeply_nested_json_hits_the_parser_recursion_limit() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let depth = 100_000;
        let document = format!(
            "{{\"types\": {}{}}}",
            open.repeat(depth),
            close.repeat(depth)
        );
        assert_document_refused(
            document.as_bytes(),
            &["malformed JSON", "recursion limit exceeded", "line 1"],
        );
    }
}

#[test]
fn binary_garbage_and_other_encodings_are_refused() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("{\"types\": []}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let cases: Vec<(Vec<u8>, &[&str])> = vec![
        (
            vec![0x00, 0x01, 0x02, 0xff, 0xfe],
            &["not UTF-8", "offset 3"],
        ),
        (utf16, &["not UTF-8", "offset 0"]),
        (b"\x00\x00\x00\x00".to_vec(), &["malformed JSON"]),
        ((0..=255u8).cycle().take(100_000).collect(), &["not UTF-8"]),
    ];
    for (bytes, expected) in cases {
        assert_document_refused(&bytes, expected);
    }
}

#[test]
fn references_to_missing_types_are_warnings_not_errors() {
    // A deliberate choice (README, "Type mapping"): the document still generates, the property
    // becomes serde_json::Value and the warning names the property and the type.
    let document = json!({ "types": [ { "name": "A", "properties": [
        { "name": "B", "type": "NotInTheDocument" },
        { "name": "C", "type": "List`1", "genericArgs": ["AlsoMissing"] } ],
        "inherits": { "name": "MissingBase" } } ] });
    let output = codegen(&["generate", "-"], Some(document.to_string().into_bytes()));
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("warning: A.B: type `NotInTheDocument` is not in the document"),
        "{message}"
    );
    assert!(message.contains("AlsoMissing"), "{message}");
    assert!(message.contains("MissingBase"), "{message}");
    let code = String::from_utf8(output.stdout).unwrap();
    assert!(code.contains("use ::serde_json::Value;\n"), "{code}");
    assert!(code.contains("pub b: Option<Value>"), "{code}");
}

#[test]
fn the_size_cap_holds_for_standard_input_and_files() {
    let cap = usize::try_from(MAX_DOCUMENT_BYTES).unwrap();
    // 100 MB of JSON on standard input: the generator stops reading after the cap.
    let mut huge = b"{\"types\": [], \"padding\": \"".to_vec();
    huge.resize(100_000_000, b'x');
    huge.extend_from_slice(b"\"}");
    assert_refused(
        "-",
        Some(&huge),
        &["standard input", "larger than the 64 MiB limit"],
    );
    // Exactly the cap is accepted.
    let mut exact = b"{\"types\": []}".to_vec();
    exact.resize(cap, b' ');
    let output = codegen(&["generate", "-"], Some(exact));
    assert!(output.status.success(), "{}", stderr(&output));
    // A file one byte over the cap (sparse: no 64 MiB written to disk).
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("huge.json");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(MAX_DOCUMENT_BYTES + 1)
        .unwrap();
    assert_refused(
        file.to_str().unwrap(),
        None,
        &["huge.json", "larger than the 64 MiB limit"],
    );
    // A directory is not a document.
    assert_refused(
        directory.path().to_str().unwrap(),
        None,
        &["cannot read metadata"],
    );
}
