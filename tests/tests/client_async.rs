//! The async client against the local ServiceStack-like test server, with DTOs generated from
//! the evovoice, blazor-gallery and conformance fixtures.

mod common;

use std::sync::{Arc, Mutex};
#[cfg(shared_fixtures)]
use std::time::Duration;

use serde_json::json;
#[cfg(shared_fixtures)]
use servicestack_runtime::HttpMethod;
#[cfg(shared_fixtures)]
use servicestack_runtime::client::BasePath;
use servicestack_runtime::client::{Error, JsonServiceClient, RouteMode};
use servicestack_tests::fixtures::conformance::{GetFile, GetGreeting};
use servicestack_tests::fixtures::evovoice_invitechatmember::{
    InviteChatMember, SessionCallState, SessionDialState, SessionMemberRoles,
};
#[cfg(shared_fixtures)]
use servicestack_tests::shared::blazor_gallery_v8_91::{
    CreateTodo, DeleteTodo, DeleteTodos, Hello, HelloSecure, QueryTodos, UpdateTodo,
};

#[cfg(shared_fixtures)]
use common::capture::{CannedReply, CaptureServer};
#[cfg(shared_fixtures)]
use common::test_server::{API_KEY, percent_decode};
use common::test_server::{PASSWORD, TestServer, USER_NAME};

fn seed() -> InviteChatMember {
    InviteChatMember {
        session_id: Some("sess-1".into()),
        member_to_add: Some("+15551234567".into()),
        caller_id: Some("+15557654321".into()),
    }
}

#[cfg(shared_fixtures)]
fn pairs(items: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect()
}

#[tokio::test]
async fn send_posts_the_seed_request_and_returns_a_typed_session() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token(server.issue_access_token())
        .build()
        .unwrap();

    let session = client.send(&seed()).await.unwrap();

    assert_eq!(session.id.as_deref(), Some("sess-1"));
    assert_eq!(session.dial_state, SessionDialState::Active);
    assert_eq!(session.call_state, SessionCallState::Connected);
    let members = session.members.unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].identity.as_deref(), Some("+15551234567"));
    assert_eq!(members[0].role, SessionMemberRoles::Caller);

    let request = server.last_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/api/InviteChatMember");
    assert_eq!(request.query, None);
    assert_eq!(
        request.body_json().unwrap(),
        json!({"sessionId": "sess-1", "memberToAdd": "+15551234567", "callerId": "+15557654321"})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("servicestack-rust/")
    );
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn get_fields_arrive_as_query_pairs() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::new(&server.base_url);
    for text in ["alpha", "b c & d/e+f", "ünï 日本"] {
        client
            .send(&CreateTodo {
                text: Some(text.into()),
            })
            .await
            .unwrap();
    }

    let response = client
        .send(&QueryTodos {
            take: Some(10),
            ids: Some(vec![2, 3]),
            text_contains: Some("&".into()),
            ..Default::default()
        })
        .await
        .unwrap();

    let request = server.last_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/QueryTodos");
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);
    assert_eq!(
        request.query_pairs(),
        pairs(&[("take", "10"), ("ids", "[2,3]"), ("textContains", "&")])
    );
    assert_eq!(response.total, 1);
    assert_eq!(
        response.results.as_ref().unwrap()[0].text.as_deref(),
        Some("b c & d/e+f")
    );

    let hello = client
        .send(&Hello {
            name: Some("ünï & 日本".into()),
        })
        .await
        .unwrap();
    assert_eq!(hello.result.as_deref(), Some("Hello, ünï & 日本!"));
    let raw = server.last_request().query.unwrap();
    assert_eq!(raw, "name=%C3%BCn%C3%AF%20%26%20%E6%97%A5%E6%9C%AC");
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn void_delete_returns_unit_on_204() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::new(&server.base_url);
    let todo = client
        .send(&CreateTodo {
            text: Some("x".into()),
        })
        .await
        .unwrap();

    let unit: () = client.send(&DeleteTodo { id: todo.id }).await.unwrap();
    assert_eq!(unit, ());
    let request = server.last_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.query_pairs(),
        pairs(&[("id", &todo.id.to_string())])
    );

    client
        .send(&DeleteTodos {
            ids: Some(vec![1, 2, 3]),
        })
        .await
        .unwrap();
    assert_eq!(
        server.last_request().query_pairs(),
        pairs(&[("ids", "[1,2,3]")])
    );
    let left = client.send(&QueryTodos::default()).await.unwrap();
    assert_eq!(left.total, 0);
}

#[tokio::test]
async fn validation_errors_are_typed() {
    let server = TestServer::start().await;
    #[cfg(shared_fixtures)]
    {
        let client = JsonServiceClient::new(&server.base_url);

        let error = client
            .send(&CreateTodo {
                text: Some(" ".into()),
            })
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Api(_)));
        assert_eq!(error.status(), Some(400));
        assert!(error.is_validation());
        assert_eq!(error.error_code(), Some("ValidationException"));
        assert_eq!(error.error_message(), Some("'Text' must not be empty."));
        let field = error.field_error("text").expect("field error for `text`");
        assert_eq!(field.field_name.as_deref(), Some("Text"));
        assert_eq!(field.error_code.as_deref(), Some("NotEmpty"));
        assert_eq!(
            field
                .meta
                .as_ref()
                .unwrap()
                .get("PropertyName")
                .map(String::as_str),
            Some("Text")
        );
        let shown = error.to_string();
        assert!(
            shown.contains("400")
                && shown.contains("ValidationException")
                && shown.contains("'Text' must not be empty."),
            "{shown}"
        );
    }

    let authed = JsonServiceClient::builder(&server.base_url)
        .bearer_token(server.issue_access_token())
        .build()
        .unwrap();
    let error = authed
        .send(&InviteChatMember {
            member_to_add: Some(String::new()),
            ..seed()
        })
        .await
        .unwrap_err();
    assert_eq!(
        error
            .field_error("memberToAdd")
            .and_then(|e| e.message.as_deref()),
        Some("'Member To Add' must not be empty.")
    );

    let missing = authed
        .send(&InviteChatMember {
            session_id: Some("sess-404".into()),
            ..seed()
        })
        .await
        .unwrap_err();
    assert!(missing.is_not_found() && !missing.is_validation());
    assert_eq!(missing.error_code(), Some("NotFound"));
    assert_eq!(
        missing.error_message(),
        Some("Session 'sess-404' does not exist")
    );
}

#[tokio::test]
async fn unauthorized_without_credentials() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::new(&server.base_url);
    let error = client.send(&seed()).await.unwrap_err();
    assert!(error.is_unauthorized());
    let api = error.api_error().unwrap();
    assert!(!api.has_response_status());
    assert_eq!(api.error_code(), Some("401"));
    assert_eq!(api.message(), Some("Unauthorized"));
    assert_eq!(error.to_string(), "401 Unauthorized");
    assert_eq!(server.calls_to("GetAccessToken"), 0);
    assert_eq!(server.requests().len(), 1);
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn batches() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::new(&server.base_url);
    let requests: Vec<CreateTodo> = ["one", "two", "three"]
        .iter()
        .map(|text| CreateTodo {
            text: Some(text.to_string()),
        })
        .collect();

    let todos = client.send_all(&requests).await.unwrap();

    let texts: Vec<&str> = todos
        .iter()
        .map(|todo| todo.text.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["one", "two", "three"]);
    let request = server.last_request();
    assert_eq!(request.method, "POST");
    assert_eq!(percent_decode(&request.path), "/api/CreateTodo[]");
    assert_eq!(
        request.body_json().unwrap(),
        json!([{"text": "one"}, {"text": "two"}, {"text": "three"}])
    );
    assert_eq!(server.requests().len(), 1);

    // No HTTP call for an empty batch.
    let none: Vec<CreateTodo> = Vec::new();
    assert!(client.send_all(&none).await.unwrap().is_empty());
    client.send_all_oneway(&none).await.unwrap();
    assert_eq!(server.requests().len(), 1);

    // A failing element fails the batch with its error.
    let error = client
        .send_all(&[
            CreateTodo {
                text: Some("ok".into()),
            },
            CreateTodo {
                text: Some(String::new()),
            },
        ])
        .await
        .unwrap_err();
    assert!(error.is_validation());

    client.send_all_oneway(&requests).await.unwrap();
    assert_eq!(
        percent_decode(&server.last_request().path),
        "/api/CreateTodo[]"
    );
    client
        .publish(&CreateTodo {
            text: Some("four".into()),
        })
        .await
        .unwrap();
    assert_eq!(server.last_request().path, "/api/CreateTodo");
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn explicit_verbs_and_legacy_base_path() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .base_path(BasePath::Legacy)
        .build()
        .unwrap();
    let todo = client
        .send(&CreateTodo {
            text: Some("a".into()),
        })
        .await
        .unwrap();
    assert_eq!(server.last_request().path, "/json/reply/CreateTodo");

    let updated = client
        .put(&UpdateTodo {
            id: todo.id,
            text: Some("b".into()),
            is_finished: true,
        })
        .await
        .unwrap();
    assert!(updated.is_finished);
    let request = server.last_request();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PUT", "/json/reply/UpdateTodo")
    );

    // An explicit GET of a GET operation, HEAD and a POST verb override.
    let hello = client
        .get(&Hello {
            name: Some("x".into()),
        })
        .await
        .unwrap();
    assert_eq!(hello.result.as_deref(), Some("Hello, x!"));
    let head = client
        .send_with(
            HttpMethod::Head,
            &Hello {
                name: Some("y".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(head.result, None);
    let request = server.last_request();
    assert_eq!(
        (request.method.as_str(), request.query.as_deref()),
        ("HEAD", Some("name=y"))
    );
    client
        .post(&Hello {
            name: Some("z".into()),
        })
        .await
        .unwrap();
    let request = server.last_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.body_json().unwrap(), json!({"name": "z"}));
}

#[tokio::test]
async fn user_defined_routes() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .route_mode(RouteMode::UserDefined)
        .bearer_token(server.issue_access_token())
        .build()
        .unwrap();

    #[cfg(shared_fixtures)]
    {
        let hello = client
            .send(&Hello {
                name: Some("A B/C".into()),
            })
            .await
            .unwrap();
        assert_eq!(hello.result.as_deref(), Some("Hello, A B/C!"));
        let request = server.last_request();
        assert_eq!(request.path, "/hello/A%20B%2FC");
        // Bound into the path, so not repeated in the query string.
        assert_eq!(request.query, None);
    }

    let session = client.send(&seed()).await.unwrap();
    assert_eq!(session.id.as_deref(), Some("sess-1"));
    let request = server.last_request();
    assert_eq!(request.path, "/sessions/sess-1/members");
    // The body keeps every field, like the .NET client.
    assert_eq!(request.body_json().unwrap()["sessionId"], "sess-1");

    #[cfg(shared_fixtures)]
    {
        let todo = client
            .send(&CreateTodo {
                text: Some("t".into()),
            })
            .await
            .unwrap();
        assert_eq!(server.last_request().path, "/todos");
        client
            .send(&UpdateTodo {
                id: todo.id,
                text: Some("u".into()),
                is_finished: false,
            })
            .await
            .unwrap();
        assert_eq!(server.last_request().path, format!("/todos/{}", todo.id));
        client
            .send(&QueryTodos {
                ids: Some(vec![todo.id]),
                ..Default::default()
            })
            .await
            .unwrap();
        let request = server.last_request();
        assert_eq!(
            (request.path.as_str(), request.query.as_deref()),
            ("/todos", Some("ids=%5B1%5D"))
        );
        client.send(&DeleteTodo { id: todo.id }).await.unwrap();
        let request = server.last_request();
        assert_eq!(
            (request.path.as_str(), request.query.as_deref()),
            ("/todos/1", None)
        );
    }

    // A wildcard keeps its slashes; raw text and byte responses.
    let bytes = client
        .send(&GetFile {
            path: Some("dir one/file.txt".into()),
        })
        .await
        .unwrap();
    assert_eq!(server.last_request().path, "/files/dir%20one/file.txt");
    assert_eq!(&bytes[..5], &[0u8, 159, 146, 150, 255]);
    assert_eq!(&bytes[5..], b"dir one/file.txt");
    let greeting: String = client
        .send(&GetGreeting {
            name: Some("Zoë".into()),
        })
        .await
        .unwrap();
    assert_eq!(greeting, "Hi Zoë & welcome");
    assert_eq!(server.last_request().path, "/greetings/Zo%C3%AB");
    let greeting = client.send(&GetGreeting { name: None }).await.unwrap();
    assert_eq!(greeting, "Hi stranger & welcome");
    assert_eq!(server.last_request().path, "/greetings");
}

#[tokio::test]
async fn authenticate_stores_tokens_and_session_cookies() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::new(&server.base_url);

    let wrong = client.authenticate(USER_NAME, "nope").await.unwrap_err();
    assert!(wrong.is_unauthorized());
    assert_eq!(wrong.error_message(), Some("Invalid UserName or Password"));
    assert_eq!(client.bearer_token(), None);

    let response = client.authenticate(USER_NAME, PASSWORD).await.unwrap();
    let request = server.last_request();
    assert_eq!(request.path, "/api/Authenticate");
    assert_eq!(
        request.body_json().unwrap(),
        json!({"provider": "credentials", "userName": USER_NAME, "password": PASSWORD})
    );
    assert_eq!(response.display_name.as_deref(), Some("Admin User"));
    assert_eq!(client.bearer_token(), response.bearer_token);
    assert_eq!(client.refresh_token(), response.refresh_token);
    assert_eq!(client.cookie("ss-id"), response.session_id);
    assert_eq!(client.cookie("ss-pid").as_deref(), Some("perm123"));
    // An already-expired cookie is not kept.
    assert_eq!(client.cookie("ss-opt"), None);

    #[cfg(shared_fixtures)]
    {
        let hello = client
            .send(&HelloSecure {
                name: Some("me".into()),
            })
            .await
            .unwrap();
        assert_eq!(hello.result.as_deref(), Some("Hello, me!"));
        let request = server.last_request();
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {}", response.bearer_token.clone().unwrap()).as_str())
        );
        let cookie = request.header("cookie").unwrap();
        assert!(
            cookie.contains("ss-id=") && cookie.contains("ss-pid=perm123"),
            "{cookie}"
        );
    }

    // Tokens never show in Debug output.
    let shown = format!("{client:?} {response:?}");
    for secret in [
        response.bearer_token.unwrap(),
        response.refresh_token.unwrap(),
        response.session_id.clone().unwrap(),
    ] {
        assert!(!shown.contains(&secret), "{shown}");
    }

    // The session cookie alone authenticates a fresh client.
    #[cfg(shared_fixtures)]
    {
        let cookie_only = JsonServiceClient::new(&server.base_url);
        cookie_only
            .set_cookie("ss-id", &response.session_id.unwrap())
            .unwrap();
        cookie_only
            .send(&HelloSecure {
                name: Some("c".into()),
            })
            .await
            .unwrap();
        assert_eq!(server.last_request().header("authorization"), None);
        cookie_only.clear_cookies();
        assert!(
            cookie_only
                .send(&HelloSecure {
                    name: Some("c".into())
                })
                .await
                .unwrap_err()
                .is_unauthorized()
        );
    }
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn api_key_and_basic_auth() {
    let server = TestServer::start().await;
    let with_key = JsonServiceClient::builder(&server.base_url)
        .api_key(API_KEY)
        .build()
        .unwrap();
    with_key
        .send(&HelloSecure {
            name: Some("k".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        server.last_request().header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );

    let basic = JsonServiceClient::builder(&server.base_url)
        .credentials(USER_NAME, PASSWORD)
        .build()
        .unwrap();
    basic
        .send(&HelloSecure {
            name: Some("b".into()),
        })
        .await
        .unwrap();
    assert!(
        server
            .last_request()
            .header("authorization")
            .unwrap()
            .starts_with("Basic ")
    );

    // Bearer wins when both are set.
    basic.set_bearer_token(server.issue_access_token());
    basic
        .send(&HelloSecure {
            name: Some("b".into()),
        })
        .await
        .unwrap();
    assert!(
        server
            .last_request()
            .header("authorization")
            .unwrap()
            .starts_with("Bearer at-")
    );
    basic.clear_auth();
    assert!(
        basic
            .send(&HelloSecure {
                name: Some("b".into())
            })
            .await
            .unwrap_err()
            .is_unauthorized()
    );
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn refresh_makes_exactly_one_call_and_one_retry() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token(server.issue_access_token())
        .refresh_token(server.issue_refresh_token())
        .build()
        .unwrap();
    client
        .send(&HelloSecure {
            name: Some("1".into()),
        })
        .await
        .unwrap();
    let old = client.bearer_token().unwrap();
    server.expire_access_tokens();

    let hello = client
        .send(&HelloSecure {
            name: Some("2".into()),
        })
        .await
        .unwrap();

    assert_eq!(hello.result.as_deref(), Some("Hello, 2!"));
    assert_eq!(server.calls_to("GetAccessToken"), 1);
    assert_eq!(server.calls_to("HelloSecure"), 3);
    let new = client.bearer_token().unwrap();
    assert_ne!(new, old);
    let requests = server.requests();
    let refresh = &requests[requests.len() - 2];
    assert_eq!(refresh.path, "/api/GetAccessToken");
    assert_eq!(
        refresh.header("authorization"),
        None,
        "the expired token is not sent"
    );
    assert_eq!(
        refresh.body_json().unwrap()["refreshToken"],
        client.refresh_token().unwrap()
    );
    let retry = requests.last().unwrap();
    assert_eq!(
        retry.header("authorization"),
        Some(format!("Bearer {new}").as_str())
    );
}

#[cfg(shared_fixtures)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_share_one_refresh() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("expired")
        .refresh_token(server.issue_refresh_token())
        .build()
        .unwrap();
    let calls = (0..4).map(|n| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .send(&HelloSecure {
                    name: Some(n.to_string()),
                })
                .await
        })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    assert_eq!(server.calls_to("GetAccessToken"), 1);
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn failed_refresh_is_reported_once() {
    let server = TestServer::start().await;
    let client = JsonServiceClient::builder(&server.base_url)
        .bearer_token("expired")
        .refresh_token("revoked")
        .build()
        .unwrap();
    let error = client
        .send(&HelloSecure {
            name: Some("x".into()),
        })
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Refresh(_)), "{error:?}");
    assert!(error.is_unauthorized());
    assert_eq!(error.error_code(), Some("RefreshTokenException"));
    assert_eq!(server.calls_to("GetAccessToken"), 1);
    assert_eq!(server.calls_to("HelloSecure"), 1);
    assert!(!error.to_string().contains("revoked"));
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn auth_required_hook_signs_in_and_retries_once() {
    let server = TestServer::start().await;
    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let client = JsonServiceClient::builder(&server.base_url)
        .on_auth_required(move |client| {
            *counter.lock().unwrap() += 1;
            async move { client.authenticate(USER_NAME, PASSWORD).await.is_ok() }
        })
        .build()
        .unwrap();
    let hello = client
        .send(&HelloSecure {
            name: Some("h".into()),
        })
        .await
        .unwrap();
    assert_eq!(hello.result.as_deref(), Some("Hello, h!"));
    assert_eq!(*calls.lock().unwrap(), 1);
    assert_eq!(server.calls_to("HelloSecure"), 2);

    // A hook that cannot help: the 401 comes back after one retry.
    let giving_up = JsonServiceClient::builder(&server.base_url)
        .on_auth_required(|_| async { true })
        .build()
        .unwrap();
    let before = server.calls_to("HelloSecure");
    assert!(
        giving_up
            .send(&HelloSecure {
                name: Some("g".into())
            })
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    assert_eq!(server.calls_to("HelloSecure"), before + 2);
}

#[tokio::test]
async fn hooks_headers_and_user_agent() {
    let server = TestServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let client = JsonServiceClient::builder(&server.base_url)
        .user_agent("my-app/1.0")
        .header("X-Tenant", "acme")
        .bearer_token(server.issue_access_token())
        .on_request(|request| {
            request.headers_mut().insert(
                "traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                    .parse()
                    .unwrap(),
            );
        })
        .on_response(move |response| {
            log.lock().unwrap().push(format!(
                "{} {} {response:?}",
                response.status(),
                response.request().operation()
            ));
        })
        .build()
        .unwrap();
    client.send(&seed()).await.unwrap();
    let request = server.last_request();
    assert_eq!(request.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(request.header("x-tenant"), Some("acme"));
    assert!(
        request
            .header("traceparent")
            .unwrap()
            .starts_with("00-0af7")
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].starts_with("200 InviteChatMember"), "{}", seen[0]);
    assert!(!seen[0].contains("Bearer at-"), "{}", seen[0]);
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn body_and_pascal_case_errors_from_other_servers() {
    let server = CaptureServer::start(vec![
        CannedReply {
            status: 200,
            content_type: Some("application/json".into()),
            headers: Vec::new(),
            body: Some(br#"{"offset":0,"total":1,"results":[{"id":"not a number"}]}"#.to_vec()),
        },
        CannedReply {
            status: 400,
            content_type: Some("application/json".into()),
            headers: Vec::new(),
            body: Some(
                br#"{"ResponseStatus":{"ErrorCode":"ValidationException","Message":"bad","StackTrace":"at X","Errors":[{"ErrorCode":"NotEmpty","FieldName":"Text","Message":"required"}]}}"#
                    .to_vec(),
            ),
        },
        CannedReply {
            status: 502,
            content_type: Some("text/html".into()),
            headers: Vec::new(),
            body: Some(b"<html>bad gateway</html>".to_vec()),
        },
    ])
    .await;
    let client = JsonServiceClient::new(&server.base_url);

    let error = client.send(&QueryTodos::default()).await.unwrap_err();
    let Error::Body(body) = &error else {
        panic!("expected a body error, got {error:?}");
    };
    assert!(
        body.type_name.contains("QueryResponse"),
        "{}",
        body.type_name
    );
    assert_eq!(body.path, "results[0].id");
    assert!(error.to_string().contains("results[0].id"));

    let error = client
        .send(&CreateTodo {
            text: Some("x".into()),
        })
        .await
        .unwrap_err();
    assert!(error.is_validation());
    assert_eq!(
        error.field_error("TEXT").and_then(|e| e.message.as_deref()),
        Some("required")
    );
    assert_eq!(error.api_error().unwrap().stack_trace(), Some("at X"));

    let error = client
        .send(&CreateTodo {
            text: Some("x".into()),
        })
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!((api.status(), api.reason()), (502, "Bad Gateway"));
    assert_eq!(api.body_text(), Some("<html>bad gateway</html>"));
    assert_eq!(error.to_string(), "502 Bad Gateway");
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn transport_errors_and_timeouts() {
    // A server that accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = JsonServiceClient::builder(format!("http://{address}"))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client
        .send(&Hello {
            name: Some("x".into()),
        })
        .await
        .unwrap_err();
    assert!(error.is_timeout() && error.is_transport(), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    silent.abort();

    // Nothing listens on a port that was just released.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = JsonServiceClient::new(format!("http://127.0.0.1:{port}"));
    let error = client
        .send(&Hello {
            name: Some("x".into()),
        })
        .await
        .unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.is_connect());
    assert!(!error.is_timeout());
}

#[tokio::test]
async fn builder_rejects_bad_configuration() {
    let error = JsonServiceClient::builder("localhost:8080")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(
        JsonServiceClient::builder("http://h")
            .header("bad header", "x")
            .build()
            .is_err()
    );
    // `new` never fails; the bad URL surfaces when calling.
    #[cfg(shared_fixtures)]
    {
        let client = JsonServiceClient::new("not a url");
        let error = client.send(&Hello::default()).await.unwrap_err();
        assert!(matches!(error, Error::Request(_)), "{error:?}");
    }
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn bring_your_own_reqwest_client() {
    let server = TestServer::start().await;
    let http = reqwest::Client::builder().build().unwrap();
    let client = JsonServiceClient::builder(&server.base_url)
        .http_client(http)
        .build()
        .unwrap();
    let hello = client
        .send(&Hello {
            name: Some("own".into()),
        })
        .await
        .unwrap();
    assert_eq!(hello.result.as_deref(), Some("Hello, own!"));
}

/// Without `../shared` the blazor-gallery DTOs do not exist: says what was left out above (and
/// fails under `CI=true`).
#[cfg(not(shared_fixtures))]
#[test]
fn skipped_without_shared() {
    servicestack_tests::shared_files::report_compiled_out(
        "client_async",
        include_str!("client_async.rs"),
    );
}
