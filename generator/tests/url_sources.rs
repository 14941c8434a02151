//! URL sources against a local server, end to end: HTML login pages, error statuses, bodies over
//! the cap (announced or streamed), truncated bodies, redirects (followed across hosts without
//! credentials: the generator sends none), redirect loops, non-http redirects, servers that never
//! answer, stop sending the body or drip it a byte at a time (the timeout bounds the whole
//! request); URLs with credentials or query values, which are never printed or written.
//!
//! Complements `regen.rs` (URL sources in `check`/`fetch`). The other hostile-input tests:
//! `hostile_text.rs`, `bad_documents.rs` and `fuzz_findings.rs`.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use servicestack_codegen::{Generator, MAX_DOCUMENT_BYTES, TIMEOUT_VARIABLE};
use support::cli_run::{DOCUMENT, assert_refused, codegen, codegen_in, stderr};
use support::hostile_http::{Script, ScriptedServer};

#[test]
fn non_json_replies_are_explained() {
    let server = ScriptedServer::start();
    let login = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>...</form></body></html>";
    server.set(
        "/login/types/metadata",
        Script::reply(200, "text/html; charset=utf-8", login),
    );
    server.set(
        "/redirected/types/metadata",
        Script::redirect(302, "/login/types/metadata"),
    );
    server.set(
        "/mislabelled/types/metadata",
        Script::reply(200, "application/json", format!("\n  {login}")),
    );
    server.set(
        "/unauthorized/types/metadata",
        Script::reply(401, "text/html", login),
    );
    server.set(
        "/teapot/types/metadata",
        Script::reply(418, "application/json", "{}"),
    );
    server.set(
        "/text/types/metadata",
        Script::reply(200, "application/json", "Unauthorized"),
    );
    server.set(
        "/empty/types/metadata",
        Script::reply(200, "application/json", ""),
    );
    let base = &server.base_url;
    for (path, expected) in [
        (
            "/login",
            vec!["HTML page", "login page", "/login/types/metadata"],
        ),
        (
            "/redirected",
            vec!["HTML page", "/redirected/types/metadata"],
        ),
        ("/mislabelled", vec!["HTML page"]),
        ("/unauthorized", vec!["HTTP 401"]),
        ("/teapot", vec!["HTTP 418"]),
        ("/text", vec!["malformed JSON", "line 1, column 1"]),
        ("/empty", vec!["malformed JSON"]),
    ] {
        assert_refused(&format!("{base}{path}"), None, &expected);
    }
    for request in server.requests() {
        assert_eq!(
            request.header("accept"),
            Some("application/json"),
            "{request:?}"
        );
    }
}

#[test]
fn url_bodies_over_the_cap_are_refused() {
    let server = ScriptedServer::start();
    server.set(
        "/announced/types/metadata",
        Script::Truncated {
            length: MAX_DOCUMENT_BYTES * 2,
            sent: b"{".to_vec(),
        },
    );
    server.set(
        "/streamed/types/metadata",
        Script::Stream {
            chunk: b"[".to_vec(),
            total: MAX_DOCUMENT_BYTES + (1 << 20),
        },
    );
    server.set(
        "/truncated/types/metadata",
        Script::Truncated {
            length: 1000,
            sent: b"{\"types\": [".to_vec(),
        },
    );
    let base = &server.base_url;
    assert_refused(
        &format!("{base}/announced"),
        None,
        &["announced 134217728 bytes", "64 MiB"],
    );
    assert_refused(
        &format!("{base}/streamed"),
        None,
        &["larger than the 64 MiB limit"],
    );
    assert_refused(
        &format!("{base}/truncated"),
        None,
        &["/truncated/types/metadata"],
    );
}

#[test]
fn redirects_are_followed_across_hosts_without_credentials() {
    // The generator sends no credentials at all (no Authorization, Cookie or proxy header), so a
    // redirect to another host leaks nothing; reqwest also drops such headers on cross-host
    // redirects. `localhost` and `127.0.0.1` are different hosts to the client.
    let other = ScriptedServer::start();
    other.set(
        "/types/metadata",
        Script::reply(200, "application/json", DOCUMENT),
    );
    let first = ScriptedServer::start();
    first.set(
        "/types/metadata",
        Script::redirect(
            307,
            &format!("http://localhost:{}/types/metadata", other.port),
        ),
    );
    let output = codegen(&["generate", &first.base_url], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("pub struct Poco"));
    let requests: Vec<_> = first
        .requests()
        .into_iter()
        .chain(other.requests())
        .collect();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(
        other.requests()[0].header("host"),
        Some(&*format!("localhost:{}", other.port))
    );
    for request in &requests {
        for secret in ["authorization", "cookie", "proxy-authorization"] {
            assert_eq!(request.header(secret), None, "{request:?}");
        }
        assert!(
            request
                .header("user-agent")
                .is_some_and(|agent| agent.starts_with("servicestack-codegen/")),
            "{request:?}"
        );
    }
}

#[test]
fn redirect_loops_and_non_http_redirects_are_errors() {
    let server = ScriptedServer::start();
    server.set(
        "/a/types/metadata",
        Script::redirect(302, "/b/types/metadata"),
    );
    server.set(
        "/b/types/metadata",
        Script::redirect(302, "/a/types/metadata"),
    );
    server.set(
        "/file/types/metadata",
        Script::redirect(302, "file:///etc/passwd"),
    );
    server.set(
        "/data/types/metadata",
        Script::redirect(302, &format!("data:application/json,{DOCUMENT}")),
    );
    let base = &server.base_url;
    let message = assert_refused(&format!("{base}/a"), None, &["/a/types/metadata"]);
    assert!(message.to_lowercase().contains("redirect"), "{message}");
    for path in ["/file", "/data"] {
        let message = assert_refused(&format!("{base}{path}"), None, &[path]);
        assert!(!message.contains("root:"), "{message}");
    }
}

/// Runs the CLI with `SERVICESTACK_CODEGEN_TIMEOUT=timeout` set on its process; returns the
/// output and how long the run took.
fn codegen_with_timeout(timeout: &str, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(args)
        .env(TIMEOUT_VARIABLE, timeout)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (output, started.elapsed())
}

/// How long a run with `SERVICESTACK_CODEGEN_TIMEOUT=2` (or less) may take: the deadline plus
/// generous slack for starting a process on a busy machine, yet far below how long the servers
/// below would keep a client waiting that restarts its timeout on every read (25 s and more).
const DEADLINE_BOUND: Duration = Duration::from_secs(4);

/// Checks a run that must have ended at the deadline of `seconds` (at most 2): exit code 2,
/// within [`DEADLINE_BOUND`], a message that says it timed out, after how long and which
/// variable raises the limit, no output file. Returns the message.
fn assert_timed_out(
    seconds: &str,
    (output, elapsed): (Output, Duration),
    output_file: &Path,
) -> String {
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        elapsed < DEADLINE_BOUND,
        "ran {elapsed:?} with a {seconds} s timeout: {message}"
    );
    let after = format!("timed out after {seconds} s");
    for expected in [after.as_str(), TIMEOUT_VARIABLE, "/types/metadata"] {
        assert!(
            message.contains(expected),
            "expected `{expected}` in: {message}"
        );
    }
    assert!(!message.contains("decoding"), "{message}");
    assert!(!output_file.exists(), "{message}");
    message
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = ScriptedServer::start();
    server.set(&format!("/types/metadata{SECRET_QUERY}"), Script::Stall);
    let directory = tempfile::tempdir().unwrap();
    let output_file = directory.path().join("dtos.rs");
    let url = format!("{}{SECRET_QUERY}", server.base_url);
    let run = |timeout: &str| {
        codegen_with_timeout(
            timeout,
            &["generate", &url, "-o", output_file.to_str().unwrap()],
        )
    };
    let message = assert_timed_out("1.5", run("1.5"), &output_file);
    assert_no_secret("a timeout", &message);
    for bad in ["0", "soon", "-1", "NaN"] {
        let (output, _) = run(bad);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{message}");
        assert!(
            message.contains("SERVICESTACK_CODEGEN_TIMEOUT must be a number of seconds"),
            "{message}"
        );
    }
}

#[test]
fn a_dripping_server_cannot_outlast_the_timeout() {
    // A byte every 250 ms: no read ever waits long, so only a deadline for the whole request
    // stops the client before the 25 s the body takes.
    let server = ScriptedServer::start();
    server.set(
        "/types/metadata",
        Script::Drip {
            body: DOCUMENT.as_bytes().to_vec(),
            every: Duration::from_millis(250),
        },
    );
    let directory = tempfile::tempdir().unwrap();
    let output_file = directory.path().join("dtos.rs");
    let run = codegen_with_timeout(
        "2",
        &[
            "generate",
            &server.base_url,
            "-o",
            output_file.to_str().unwrap(),
        ],
    );
    assert_timed_out("2", run, &output_file);
}

#[test]
fn a_body_that_stops_coming_times_out() {
    let server = ScriptedServer::start();
    server.set(
        "/types/metadata",
        Script::StallBody {
            length: 1000,
            sent: b"{\"types\": [".to_vec(),
        },
    );
    let directory = tempfile::tempdir().unwrap();
    let output_file = directory.path().join("api.json");
    let run = codegen_with_timeout(
        "2",
        &[
            "fetch",
            &server.base_url,
            "-o",
            output_file.to_str().unwrap(),
        ],
    );
    assert_timed_out("2", run, &output_file);
}

// ---------------------------------------------------------------------------------------------
// Secrets in URLs: no password or query value is ever printed or written.

/// Query values that must never be shown; every check looks for `secret` in any case.
const SECRET_QUERY: &str = "?api_key=SECRET&tenant=acme";

#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.to_lowercase().contains("secret"),
        "{what} shows a secret:\n{text}"
    );
}

#[track_caller]
fn assert_output_has_no_secret(what: &str, output: &Output) {
    assert_no_secret(
        &format!("{what} (stdout)"),
        &String::from_utf8_lossy(&output.stdout),
    );
    assert_no_secret(&format!("{what} (stderr)"), &stderr(output));
}

/// Every file under `directory`, read as text.
fn assert_no_secret_in_files(directory: &Path) {
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_secret_in_files(&path);
        } else {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            assert_no_secret(&path.display().to_string(), &text);
        }
    }
}

#[test]
fn url_secrets_never_reach_output_or_files_when_it_works() {
    let server = ScriptedServer::start();
    let document_path = format!("/types/metadata{SECRET_QUERY}");
    server.set(
        &document_path,
        Script::reply(200, "application/json", DOCUMENT),
    );
    let url = format!("{}{SECRET_QUERY}", server.base_url);
    let shown = format!(
        "{}/types/metadata?api_key=<redacted>&tenant=<redacted>",
        server.base_url
    );
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let run = |args: &[&str]| {
        let output = codegen_in(Some(root), args, None);
        assert_output_has_no_secret(&format!("{args:?}"), &output);
        output
    };

    let to_file = run(&["generate", &url, "-o", "dtos.rs"]);
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    let dtos = std::fs::read_to_string(root.join("dtos.rs")).unwrap();
    assert!(dtos.contains(&format!("// source: \"{shown}\"")), "{dtos}");
    let to_stdout = run(&["generate", &url]);
    assert!(to_stdout.status.success(), "{}", stderr(&to_stdout));
    assert!(String::from_utf8_lossy(&to_stdout.stdout).contains(&shown));
    let package = run(&[
        "generate",
        &url,
        "--crate",
        "package",
        "--crate-name",
        "demo",
    ]);
    assert!(package.status.success(), "{}", stderr(&package));
    let fetched = run(&["fetch", &url, "-o", "api.json"]);
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    assert!(
        String::from_utf8_lossy(&fetched.stdout).contains(&format!("from {shown})")),
        "{}",
        String::from_utf8_lossy(&fetched.stdout)
    );
    let diff = run(&["diff", &url, &url]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert_no_secret_in_files(root);
    let requests = server.requests();
    assert!(
        requests.iter().all(|request| request.path == document_path),
        "the query is sent as given: {requests:?}"
    );

    // The recorded URL lacks the values, so `check` and `update` cannot fetch what `generate`
    // did: they say so and ask for the full URL instead of sending `<redacted>` to the server.
    for command in ["check", "update"] {
        let output = run(&[command, "dtos.rs"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {message}");
        for expected in ["dtos.rs", "cannot be regenerated", "generate"] {
            assert!(
                message.contains(expected),
                "{command}: expected `{expected}` in: {message}"
            );
        }
    }
    assert_eq!(server.requests().len(), requests.len(), "nothing fetched");
    assert_eq!(std::fs::read_to_string(root.join("dtos.rs")).unwrap(), dtos);
}

#[test]
fn url_secrets_never_reach_output_when_it_fails() {
    let server = ScriptedServer::start();
    server.set(
        &format!("/login/types/metadata{SECRET_QUERY}"),
        Script::reply(200, "text/html", "<html>Sign in</html>"),
    );
    let looping = format!("/loop/types/metadata{SECRET_QUERY}");
    server.set(&looping, Script::redirect(302, &looping));
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = &server.base_url;
    let with_credentials = base.replace("http://", "http://user:secret@");
    let cases = [
        (
            format!("{with_credentials}{SECRET_QUERY}"),
            vec!["credentials", "user:password@"],
        ),
        (
            format!("{}{SECRET_QUERY}", with_credentials.replace("http", "HTTP")),
            vec!["credentials"],
        ),
        (format!("{base}/missing{SECRET_QUERY}"), vec!["HTTP 404"]),
        (format!("{base}/login{SECRET_QUERY}"), vec!["HTML page"]),
        (format!("{base}/loop{SECRET_QUERY}"), vec!["redirect"]),
        (
            format!("http://127.0.0.1:{closed_port}{SECRET_QUERY}"),
            vec!["cannot connect"],
        ),
    ];
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    std::fs::write(root.join("api.json"), DOCUMENT).unwrap();
    for (url, expected) in &cases {
        let url = url.as_str();
        let message = assert_refused(url, None, expected);
        assert_no_secret(url, &message);
        assert!(
            message.contains("/types/metadata?api_key=<redacted>"),
            "{message}"
        );
        for args in [
            ["fetch", url, "-o", "fetched.json"].as_slice(),
            &["diff", url, "api.json"],
            &["diff", "api.json", url],
        ] {
            let output = codegen_in(Some(root), args, None);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
            for text in expected {
                assert!(
                    stderr(&output).contains(text),
                    "{args:?}: {}",
                    stderr(&output)
                );
            }
            assert_output_has_no_secret(&format!("{args:?}"), &output);
            assert!(!root.join("fetched.json").exists());
        }
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|request| request.header("authorization").is_none()
                && !request.path.starts_with("/types/metadata")),
        "URLs with credentials are refused before anything is sent: {:?}",
        server.requests()
    );
    let ftp = codegen_in(
        Some(root),
        &[
            "fetch",
            "ftp://user:secret@127.0.0.1/api.json",
            "-o",
            "f.json",
        ],
        None,
    );
    assert_eq!(ftp.status.code(), Some(2), "{}", stderr(&ftp));
    assert!(
        stderr(&ftp).contains("not an http(s) URL"),
        "{}",
        stderr(&ftp)
    );
    assert_output_has_no_secret("fetch ftp://", &ftp);

    // A file generated before URLs were redacted records its secrets in the header: `check` and
    // `update` refuse it without printing them (or fetching anything).
    let legacy = Generator::default()
        .generate_str(DOCUMENT, "placeholder")
        .unwrap()
        .code
        .replace(
            "\"placeholder\"",
            &format!("\"{base}/types/metadata{SECRET_QUERY}\""),
        );
    std::fs::write(root.join("legacy.rs"), &legacy).unwrap();
    let before = server.requests().len();
    for command in ["check", "update"] {
        let output = codegen_in(Some(root), &[command, "legacy.rs"], None);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("cannot be regenerated"),
            "{}",
            stderr(&output)
        );
        assert_output_has_no_secret(command, &output);
    }
    assert_eq!(server.requests().len(), before);
    assert_eq!(
        std::fs::read_to_string(root.join("legacy.rs")).unwrap(),
        legacy
    );
}
