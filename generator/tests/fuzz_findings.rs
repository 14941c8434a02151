//! Regressions for what fuzzing found (FUZZING.md, "Findings"); each test's comment says what
//! broke and where it was fixed.
//!
//! The other hostile-input tests: `hostile_text.rs`, `bad_documents.rs` and `url_sources.rs`;
//! see also `cli.rs`, `regen.rs` and `hostile_fixture.rs`.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use servicestack_codegen::{Config, Generator};
use support::cli_run::{DOCUMENT, codegen, stderr};
use support::lint;

/// Runs the CLI on `document`, limited to 2 GiB of address space where `sh` and `ulimit` exist,
/// so a memory blow-up fails this test instead of the machine.
fn codegen_limited(document: &str) -> Output {
    let binary = env!("CARGO_BIN_EXE_servicestack-codegen");
    if Path::new("/bin/sh").exists() {
        let mut child = Command::new("/bin/sh")
            .args(["-c", "ulimit -v 2097152 && exec \"$0\" generate -", binary])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(document.as_bytes())
                .unwrap();
        }
        child.wait_with_output().unwrap()
    } else {
        codegen(&["generate", "-"], Some(document.as_bytes().to_vec()))
    }
}

fn assert_generates_or_refuses(document: &str) {
    let output = codegen_limited(document);
    let message = stderr(&output);
    match output.status.code() {
        Some(0) => {
            let code = String::from_utf8(output.stdout).unwrap();
            assert_eq!(lint::lint_code(&code), Vec::new());
        }
        Some(2) => assert!(message.starts_with("error: "), "{message}"),
        other => panic!(
            "the generator crashed (exit {other:?}, signal or abort): {}",
            message.chars().take(500).collect::<String>()
        ),
    }
}

#[test]
fn finding_a_generic_parameter_only_used_inside_a_missing_type_is_dropped() {
    // `struct Page<T> { items: Option<serde_json::Value> }`: E0392 "type parameter `T` is never
    // used". The parameter is kept because the metadata type `Unknown<T>` mentions it, but
    // `Unknown` is not in the document and becomes `serde_json::Value`. Same with an excluded
    // type or an interface. Fixed in: generator/src/model/resolve.rs (used parameters are
    // computed from the .NET type, not from the mapped Rust type).
    // Also when the parameter is only a dictionary key: keys that cannot be hashed become
    // `String`, so `Dictionary<T,String>` leaves `T` unused too.
    let documents = [
        json!({ "types": [ { "name": "Page`1", "genericArgs": ["T"],
            "properties": [ { "name": "Items", "type": "Unknown`1", "genericArgs": ["T"] } ] } ] }),
        json!({ "types": [ { "name": "Page`1", "genericArgs": ["T"],
            "properties": [ { "name": "ByKey", "type": "Dictionary`2", "genericArgs": ["T", "String"] } ] } ] }),
    ];
    // And when it is only used recursively (`struct Node<T> { next: Option<Box<Node<T>>> }`:
    // "type parameter `T` is only used recursively"), found by scripts/fuzz-compile.sh.
    let documents = documents
        .into_iter()
        .chain([json!({ "types": [ { "name": "Node`1",
        "genericArgs": ["T"],
        "properties": [ { "name": "Next", "type": "Node`1", "genericArgs": ["T"] } ] } ] })]);
    for document in documents {
        let generated = Generator::default()
            .generate_str(&document.to_string(), "finding.json")
            .unwrap();
        let problems = lint::lint_code(&generated.code);
        assert_eq!(problems, Vec::new(), "{}", generated.code);
    }
}

#[test]
fn finding_a_closed_generic_with_more_arguments_than_its_arity_does_not_panic() {
    // Found by generate_structured: a closed generic (6.x servers write `QueryResponse`1` with
    // its concrete arguments) whose genericArgs outnumber the arity panics with "index out of
    // bounds: the len is 1 but the index is 1". Fixed in: generator/src/model/resolve.rs,
    // `unsubstitute` (`params[position]`), reached from `Decl::new`'s closed-generic recovery,
    // which takes every genericArg as concrete but makes only `arity` parameters.
    let document = json!({ "types": [ { "name": "A`1", "genericArgs": ["Int32", "String"],
        "properties": [ { "name": "P", "type": "String" } ] } ] });
    let output = codegen(&["generate", "-"], Some(document.to_string().into_bytes()));
    let message = stderr(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 2)) && !message.contains("panicked"),
        "{message}"
    );
}

#[test]
fn finding_an_empty_closed_int_enum_compiles_without_warnings() {
    // Found by generate_structured + scripts/fuzz-compile.sh: with closed enums
    // (`--closed-enums`), an int enum without members gets
    // `fn fmt(&self, f: &mut Formatter<'_>) -> Result { match *self {} }`, and rustc warns
    // "unused variable: `f`" (a build failure under deny(warnings)). String enums are fine.
    // Fixed in: generator/src/emit/enums.rs (Display of int enums).
    let document = json!({ "types": [ { "name": "E", "isEnum": true, "isEnumInt": true } ] });
    let mut config = Config::default();
    config.forward_compatible_enums(false);
    let generated = Generator::new(config)
        .generate_str(&document.to_string(), "finding.json")
        .unwrap();
    let problems = lint::lint_code(&generated.code);
    assert_eq!(problems, Vec::new(), "{}", generated.code);
}

#[test]
fn finding_deeply_nested_field_types_pass_clippy() {
    // Found by scripts/fuzz-compile.sh: a property like
    // `KeyValuePair<Byte[], List<KeyValuePair<Byte[], Dictionary<String,String>>>>` becomes a
    // field type that clippy's `type_complexity` rejects under -D warnings (the tests crate and
    // users running clippy on generated modules). Fixed in: generator/src/emit/structs.rs
    // (e.g. `#[allow(clippy::type_complexity)]` on generated structs, or type aliases). This
    // test accepts any `allow` of the lint in the output.
    let document = json!({ "types": [ { "name": "A", "properties": [ { "name": "B",
        "type": "KeyValuePair`2",
        "genericArgs": ["Byte[]", "List<KeyValuePair<Byte[],Dictionary<String,String>>>"] } ] } ] });
    let generated = Generator::default()
        .generate_str(&document.to_string(), "finding.json")
        .unwrap();
    assert!(
        generated.code.contains("clippy::type_complexity"),
        "{}",
        generated.code
    );
}

#[test]
fn finding_blank_descriptions_give_no_empty_doc_comment() {
    // A description made only of invisible characters (here U+202E) is sanitized to nothing, but
    // the `///` stays: clippy's `empty_docs` fails the build under -D warnings. Location:
    // generator/src/emit/docs.rs (or model: drop descriptions that sanitize to blank).
    let document = json!({ "types": [
        { "name": "Kind", "isEnum": true, "enumNames": ["A", "B"], "enumDescriptions": ["\u{202e}", " \u{200b} "] },
        { "name": "Poco", "description": "\u{2066}", "properties": [
            { "name": "Name", "type": "String", "description": "\u{feff}" } ] } ] });
    let generated = Generator::default()
        .generate_str(&document.to_string(), "finding.json")
        .unwrap();
    let problems = lint::lint_code(&generated.code);
    assert_eq!(problems, Vec::new(), "{}", generated.code);
}

#[test]
fn finding_colliding_keyword_variants_stay_upper_camel_case() {
    // Members `Self` and `self` become `Self_` and `Self_2`; rustc warns "variant `Self_2`
    // should have an upper camel case name" (a build failure under deny(warnings)). Location:
    // generator/src/model/names.rs (`NameSet::claim` appends `2` after the keyword's `_`).
    let document = json!({ "types": [
        { "name": "Kind", "isEnum": true, "enumNames": ["Self", "self", "SELF"] } ] });
    let generated = Generator::default()
        .generate_str(&document.to_string(), "finding.json")
        .unwrap();
    let problems = lint::lint_code(&generated.code);
    assert_eq!(problems, Vec::new(), "{}", generated.code);
}

#[test]
fn finding_a_long_inheritance_chain_does_not_overflow_the_stack() {
    // `Universe::flatten` recurses once per base class: 2 000 bases overflow the main thread's
    // 8 MiB stack in a debug build (fewer on a 2 MiB thread). Location:
    // generator/src/model/resolve.rs (flatten; a depth limit or an iterative walk).
    let types: Vec<Value> = (0..5000)
        .map(|i| json!({ "name": format!("T{i}"), "inherits": { "name": format!("T{}", i + 1) } }))
        .chain([json!({ "name": "T5000", "properties": [ { "name": "Id", "type": "Int32" } ] })])
        .collect();
    assert_generates_or_refuses(&json!({ "types": types }).to_string());
}

/// `L0<T> : L1<Wrap<T>> : L2<Wrap<T>> : ... : L{n}<T> { P: T }` and `C : L0<Int32>`.
fn generic_base_chain(levels: usize, wrap: &str) -> String {
    let mut types: Vec<Value> = (0..levels)
        .map(|i| {
            json!({ "name": format!("L{i}`1"), "genericArgs": ["T"],
                    "inherits": { "name": format!("L{}`1", i + 1), "genericArgs": [wrap] } })
        })
        .collect();
    types.push(
        json!({ "name": format!("L{levels}`1"), "genericArgs": ["T"],
        "properties": [ { "name": "P", "type": "T" } ] }),
    );
    types.push(json!({ "name": "C", "inherits": { "name": "L0`1", "genericArgs": ["Int32"] } }));
    json!({ "types": types }).to_string()
}

#[test]
fn finding_generic_bases_cannot_blow_up_a_type_exponentially() {
    // Each base `Dictionary<T,T>` doubles the inherited property's type: 40 bases (4.5 KiB of
    // JSON) made the generator allocate 22 GB before the kernel killed it. Location:
    // generator/src/model/resolve.rs (flatten calls `TypeRef::substitute`; switching to
    // `TypeRef::substitute_checked`, added in typeref.rs, refuses it with a message).
    assert_generates_or_refuses(&generic_base_chain(40, "Dictionary<T,T>"));
}

#[test]
fn finding_generic_bases_cannot_nest_a_type_without_limit() {
    // Each base `List<T>` nests the inherited property's type one level deeper: 300 bases
    // overflow the stack (debug build) in the recursive stages after resolution. Same fix as
    // above: `TypeRef::substitute_checked` enforces typeref::MAX_DEPTH.
    assert_generates_or_refuses(&generic_base_chain(300, "List<T>"));
}

#[test]
fn finding_control_characters_never_reach_the_terminal() {
    // Names from the metadata are echoed raw in errors and warnings on stderr: an ESC sequence
    // (`\u001b[2J` clears the screen, OSC 8 writes links, others retitle the window) runs in
    // the user's terminal. Fixed in: generator/src/error.rs / cli.rs (escape control characters
    // when displaying, e.g. with `char::escape_debug` for everything but `\n`).
    let warning = json!({ "types": [ { "name": "A", "properties": [
        { "name": "B\u{1b}[2J\u{1b}]0;pwned\u{7}", "type": "Missing" } ] } ] });
    let error =
        json!({ "types": [ { "name": "A\u{1b}[31m\u{8}\r", "properties": [ { "name": "B" } ] } ] });
    for document in [warning, error] {
        let output = codegen(&["generate", "-"], Some(document.to_string().into_bytes()));
        let message = stderr(&output);
        assert!(
            !message.chars().any(|c| c.is_control() && c != '\n'),
            "raw control characters on stderr: {message:?}"
        );
    }
}

#[test]
fn finding_a_byte_order_mark_is_accepted_or_explained() {
    // Windows tools (PowerShell's `Out-File`, Notepad) save UTF-8 with a BOM; the message
    // today is "malformed JSON at line 1, column 1: expected value", which does not say why.
    // Fixed in: generator/src/source.rs or metadata.rs (skip a leading U+FEFF, or name it).
    let mut document = "\u{feff}".to_owned();
    document.push_str(DOCUMENT);
    let output = codegen(&["generate", "-"], Some(document.into_bytes()));
    let message = stderr(&output);
    assert!(
        output.status.success() || message.contains("byte order mark") || message.contains("BOM"),
        "{message}"
    );
}
