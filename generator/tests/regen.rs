//! Keeping checked-in DTOs in sync: `generate` → `check` → the API moves → `check` fails and
//! names the change → `update` → `check` passes; with files and with URLs served locally.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::http::Server;

fn codegen(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(args)
        .current_dir(directory)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const BASE: &str = r#"{
  "types": [ { "name": "Booking", "namespace": "App", "properties": [ { "name": "Id", "type": "Int32", "isValueType": true } ] } ],
  "operations": [
    { "request": { "name": "CreateBooking", "namespace": "App",
        "properties": [ { "name": "Name", "type": "String", "namespace": "System", "isRequired": true } ] },
      "method": "POST", "returnType": { "name": "Booking", "namespace": "App" } }
  ]
}"#;

fn with_required_request_property() -> String {
    BASE.replace(
        r#"{ "name": "Name", "type": "String", "namespace": "System", "isRequired": true }"#,
        r#"{ "name": "Name", "type": "String", "namespace": "System", "isRequired": true },
           { "name": "RoomNumber", "type": "Int32", "namespace": "System", "isValueType": true, "isRequired": true }"#,
    )
}

#[test]
fn check_update_cycle_with_a_file_source() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    std::fs::create_dir(root.join("src")).unwrap();
    std::fs::write(root.join("api.json"), BASE).unwrap();
    let generated = codegen(root, &["generate", "api.json", "-o", "src/dtos.rs"]);
    assert!(generated.status.success(), "{}", text(&generated));
    let dtos = std::fs::read_to_string(root.join("src/dtos.rs")).unwrap();
    assert!(
        dtos.contains("// source: \"../api.json\""),
        "relative to the file's directory:\n{dtos}"
    );

    let check = codegen(root, &["check", "src/dtos.rs"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(text(&check).contains("up to date: src/dtos.rs"));
    // From another directory, by discovery.
    let check = codegen(&root.join("src"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));

    std::fs::write(root.join("api.json"), with_required_request_property()).unwrap();
    let check = codegen(root, &["check", "src/dtos.rs"]);
    let report = text(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(report.contains("out of date: src/dtos.rs"), "{report}");
    assert!(
        report.contains("RoomNumber") || report.contains("roomNumber"),
        "the report names the property:\n{report}"
    );
    assert!(report.contains("CreateBooking"), "{report}");
    assert!(
        report.contains("+    pub room_number: i32,"),
        "a unified diff:\n{report}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/dtos.rs")).unwrap(),
        dtos,
        "check writes nothing"
    );

    let update = codegen(root, &["update"]);
    assert!(update.status.success(), "{}", text(&update));
    assert!(
        text(&update).contains("updated: ./src/dtos.rs"),
        "{}",
        text(&update)
    );
    let check = codegen(root, &["check", "src/dtos.rs"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    let update = codegen(root, &["update", "src/dtos.rs"]);
    assert!(
        text(&update).contains("unchanged: src/dtos.rs"),
        "{}",
        text(&update)
    );
}

#[test]
fn check_and_update_follow_a_url_source() {
    let server = Server::start();
    server.set("/types/metadata", 200, "application/json", BASE);
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let generated = codegen(root, &["generate", &server.base_url, "-o", "dtos.rs"]);
    assert!(generated.status.success(), "{}", text(&generated));
    let dtos = std::fs::read_to_string(root.join("dtos.rs")).unwrap();
    assert!(
        dtos.contains(&format!(
            "// source: \"{}/types/metadata\"",
            server.base_url
        )),
        "{dtos}"
    );
    assert_eq!(codegen(root, &["check", "dtos.rs"]).status.code(), Some(0));

    server.set(
        "/types/metadata",
        200,
        "application/json",
        &with_required_request_property(),
    );
    let check = codegen(root, &["check", "dtos.rs"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(codegen(root, &["update", "dtos.rs"]).status.success());
    assert_eq!(codegen(root, &["check", "dtos.rs"]).status.code(), Some(0));

    server.set(
        "/types/metadata",
        200,
        "text/html",
        "<html><body>Sign in</body></html>",
    );
    let check = codegen(root, &["check", "dtos.rs"]);
    assert_eq!(
        check.status.code(),
        Some(2),
        "an unreachable or wrong source is an error"
    );
    assert!(text(&check).contains("HTML"), "{}", text(&check));
}

#[test]
fn fetch_saves_stable_json() {
    let server = Server::start();
    let compact = BASE.split_whitespace().collect::<Vec<_>>().join("");
    server.set("/types/metadata", 200, "application/json", &compact);
    server.set(
        "/login/types/metadata",
        200,
        "text/html",
        "<!doctype html><title>Login</title>",
    );
    server.set("/broken/types/metadata", 500, "text/plain", "boom");
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let fetched = codegen(root, &["fetch", &server.base_url, "-o", "api.json"]);
    assert!(fetched.status.success(), "{}", text(&fetched));
    let first = std::fs::read_to_string(root.join("api.json")).unwrap();
    assert!(first.lines().count() > 10, "pretty-printed:\n{first}");
    assert!(first.ends_with("}\n"));
    server.set("/types/metadata", 200, "application/json", BASE);
    assert!(
        codegen(root, &["fetch", &server.base_url, "-o", "api.json"])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(root.join("api.json")).unwrap(),
        first,
        "formatting does not depend on the server's"
    );

    for (path, expected) in [
        ("/login", "HTML"),
        ("/broken", "500"),
        ("/missing.json", "404"),
    ] {
        let output = codegen(
            root,
            &[
                "fetch",
                &format!("{}{path}", server.base_url),
                "-o",
                "bad.json",
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert!(
            text(&output).contains(expected),
            "{path}: {}",
            text(&output)
        );
        assert!(!root.join("bad.json").exists());
    }
}

#[test]
fn sync_errors_exit_2() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    std::fs::write(root.join("plain.rs"), "fn main() {}\n").unwrap();
    let output = codegen(root, &["check", "plain.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("not generated by servicestack-codegen"),
        "{}",
        text(&output)
    );
    let output = codegen(root, &["update"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("no generated files"),
        "{}",
        text(&output)
    );
    std::fs::write(root.join("api.json"), BASE).unwrap();
    assert!(
        codegen(root, &["generate", "api.json", "-o", "dtos.rs"])
            .status
            .success()
    );
    std::fs::remove_file(root.join("api.json")).unwrap();
    let output = codegen(root, &["check", "dtos.rs"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("api.json"), "{}", text(&output));
}

fn with(change: impl Fn(&mut serde_json::Value)) -> String {
    let mut document: serde_json::Value = serde_json::from_str(BASE).unwrap();
    change(&mut document);
    document.to_string()
}

#[test]
fn diff_exit_codes_follow_the_classification() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    std::fs::write(root.join("old.json"), BASE).unwrap();
    let cases: Vec<(&str, String, i32)> = vec![
        (
            "added required request property",
            with_required_request_property(),
            1,
        ),
        (
            "retyped property",
            with(|doc| doc["types"][0]["properties"][0]["type"] = "String".into()),
            1,
        ),
        (
            "removed operation",
            with(|doc| doc["operations"] = serde_json::json!([])),
            1,
        ),
        (
            "added optional response property",
            with(|doc| {
                doc["types"][0]["properties"].as_array_mut().unwrap().push(
                    serde_json::json!({"name": "Note", "type": "String", "namespace": "System"}),
                )
            }),
            0,
        ),
        ("no change", BASE.to_owned(), 0),
    ];
    for (name, new, expected) in cases {
        std::fs::write(root.join("new.json"), &new).unwrap();
        let output = codegen(root, &["diff", "old.json", "new.json"]);
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{name}: {}",
            text(&output)
        );
        let json = codegen(root, &["diff", "old.json", "new.json", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
        assert_eq!(report["has_breaking"], expected == 1, "{name}");
        let markdown = codegen(
            root,
            &[
                "diff",
                "old.json",
                "new.json",
                "--format",
                "markdown",
                "--fail-on",
                "never",
            ],
        );
        assert_eq!(markdown.status.code(), Some(0), "{name}");
    }
    std::fs::write(
        root.join("new.json"),
        with(|doc| {
            doc["types"][0]["properties"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "Note", "type": "String"}))
        }),
    )
    .unwrap();
    let any = codegen(root, &["diff", "old.json", "new.json", "--fail-on", "any"]);
    assert_eq!(any.status.code(), Some(1), "{}", text(&any));
    let missing = codegen(root, &["diff", "old.json", "nope.json"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::write(root.join("bad.json"), "{").unwrap();
    assert_eq!(
        codegen(root, &["diff", "bad.json", "old.json"])
            .status
            .code(),
        Some(2)
    );
}
