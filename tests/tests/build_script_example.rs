//! The `evovoice-client` example crate generates its DTOs in build.rs (`Config::compile`) and
//! calls the API through `JsonServiceClient`: run it against the local test server.

mod common;

use common::test_server::{PASSWORD, TestServer, USER_NAME};

#[tokio::test]
async fn build_script_generated_dtos_call_the_api() {
    let server = TestServer::start().await;
    let session = evovoice_client::invite(
        &server.base_url,
        USER_NAME,
        PASSWORD,
        "sess-1",
        "+15550001111",
    )
    .await
    .unwrap();
    assert_eq!(session.id.as_deref(), Some("sess-1"));
    let invite = server
        .requests()
        .into_iter()
        .find(|request| request.path.ends_with("/InviteChatMember"))
        .expect("an InviteChatMember call");
    assert_eq!(invite.method, "POST");
    assert_eq!(
        invite.body_json().unwrap(),
        serde_json::json!({"sessionId": "sess-1", "memberToAdd": "+15550001111"})
    );
    // The build script's include filter: only what InviteChatMember needs was generated.
    let _: fn() -> evovoice_client::dtos::CustomerBreadcrumb = Default::default;
}
