//! The blocking client (feature `blocking`) against the local test server. It shares request
//! building and response reading with the async client, so these tests cover its own I/O loop:
//! typed calls, void and batch calls, errors, sign-in, refresh and hooks.

mod common;

#[cfg(shared_fixtures)]
use std::sync::Arc;
#[cfg(shared_fixtures)]
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use servicestack_runtime::client::blocking::JsonServiceClient;
#[cfg(shared_fixtures)]
use servicestack_runtime::client::{Error, RouteMode};
use servicestack_tests::fixtures::evovoice_invitechatmember::InviteChatMember;
#[cfg(shared_fixtures)]
use servicestack_tests::shared::blazor_gallery_v8_91::{
    CreateTodo, DeleteTodo, Hello, HelloSecure, QueryTodos,
};

use common::test_server::TestServer;
#[cfg(shared_fixtures)]
use common::test_server::{PASSWORD, USER_NAME, percent_decode};

#[test]
fn typed_calls() {
    let server = TestServer::start_background();
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token(server.issue_access_token())
        .build()
        .unwrap();

    let session = client
        .send(&InviteChatMember {
            session_id: Some("sess-1".into()),
            member_to_add: Some("+15551234567".into()),
            caller_id: Some("+15557654321".into()),
        })
        .unwrap();
    assert_eq!(session.id.as_deref(), Some("sess-1"));
    let request = server.last_request();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/api/InviteChatMember")
    );
    assert_eq!(
        request.body_json().unwrap(),
        json!({"sessionId": "sess-1", "memberToAdd": "+15551234567", "callerId": "+15557654321"})
    );

    #[cfg(shared_fixtures)]
    {
        let todo = client
            .send(&CreateTodo {
                text: Some("a b".into()),
            })
            .unwrap();
        let found = client
            .send(&QueryTodos {
                ids: Some(vec![todo.id]),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.results, Some(vec![todo.clone()]));
        assert_eq!(server.last_request().query.as_deref(), Some("ids=%5B1%5D"));

        let unit: () = client.send(&DeleteTodo { id: todo.id }).unwrap();
        assert_eq!(unit, ());
        assert_eq!(server.last_request().method, "DELETE");

        let all = client
            .send_all(&[
                CreateTodo {
                    text: Some("x".into()),
                },
                CreateTodo {
                    text: Some("y".into()),
                },
            ])
            .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            percent_decode(&server.last_request().path),
            "/api/CreateTodo[]"
        );
        let before = server.requests().len();
        assert!(client.send_all::<CreateTodo>(&[]).unwrap().is_empty());
        assert_eq!(server.requests().len(), before);
        client
            .publish(&CreateTodo {
                text: Some("z".into()),
            })
            .unwrap();

        let error = client
            .send(&CreateTodo {
                text: Some(String::new()),
            })
            .unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error
                .field_error("text")
                .and_then(|e| e.error_code.as_deref()),
            Some("NotEmpty")
        );
    }
}

#[cfg(shared_fixtures)]
#[test]
fn user_defined_routes() {
    let server = TestServer::start_background();
    let client = JsonServiceClient::builder(&server.base_url)
        .route_mode(RouteMode::UserDefined)
        .build()
        .unwrap();
    let hello = client
        .send(&Hello {
            name: Some("a/b".into()),
        })
        .unwrap();
    assert_eq!(hello.result.as_deref(), Some("Hello, a/b!"));
    assert_eq!(server.last_request().path, "/hello/a%2Fb");
}

#[cfg(shared_fixtures)]
#[test]
fn sign_in_and_refresh() {
    let server = TestServer::start_background();
    let client = JsonServiceClient::new(&server.base_url);
    assert!(
        client
            .send(&HelloSecure {
                name: Some("x".into())
            })
            .unwrap_err()
            .is_unauthorized()
    );

    let response = client.authenticate(USER_NAME, PASSWORD).unwrap();
    assert_eq!(client.cookie("ss-id"), response.session_id);
    client
        .send(&HelloSecure {
            name: Some("x".into()),
        })
        .unwrap();

    server.expire_access_tokens();
    client.clear_cookies();
    client
        .send(&HelloSecure {
            name: Some("y".into()),
        })
        .unwrap();
    assert_eq!(server.calls_to("GetAccessToken"), 1);

    server.expire_access_tokens();
    server.revoke_refresh_tokens();
    let error = client
        .send(&HelloSecure {
            name: Some("z".into()),
        })
        .unwrap_err();
    assert!(matches!(error, Error::Refresh(_)));
    assert_eq!(server.calls_to("GetAccessToken"), 2);
    assert!(!format!("{client:?}").contains(&response.bearer_token.unwrap()));
}

#[cfg(shared_fixtures)]
#[test]
fn auth_hook_and_response_hook() {
    let server = TestServer::start_background();
    let hook_calls = Arc::new(AtomicUsize::new(0));
    let responses = Arc::new(AtomicUsize::new(0));
    let (hooks, seen) = (hook_calls.clone(), responses.clone());
    let client = JsonServiceClient::builder(&server.base_url)
        .on_auth_required(move |client| {
            hooks.fetch_add(1, Ordering::SeqCst);
            client.authenticate(USER_NAME, PASSWORD).is_ok()
        })
        .on_response(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    client
        .send(&HelloSecure {
            name: Some("h".into()),
        })
        .unwrap();
    assert_eq!(hook_calls.load(Ordering::SeqCst), 1);
    // 401, Authenticate, retry.
    assert_eq!(responses.load(Ordering::SeqCst), 3);
}

/// Without `../shared` the blazor-gallery DTOs do not exist: says what was left out above (and
/// fails under `CI=true`).
#[cfg(not(shared_fixtures))]
#[test]
fn skipped_without_shared() {
    servicestack_tests::shared_files::report_compiled_out(
        "client_blocking",
        include_str!("client_blocking.rs"),
    );
}
