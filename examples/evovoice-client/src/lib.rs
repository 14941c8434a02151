//! DTOs generated at build time from `fixtures/evovoice-invitechatmember.metadata.json` (see
//! `build.rs`) and a small function that calls the API with them.

/// The generated Evo Voice DTOs.
pub mod dtos {
    include!(concat!(env!("OUT_DIR"), "/evovoice.rs"));
}

use servicestack_runtime::JsonServiceClient;

/// Signs in and adds `member` to the chat session `session_id`; returns the updated session.
pub async fn invite(
    base_url: &str,
    user: &str,
    password: &str,
    session_id: &str,
    member: &str,
) -> Result<dtos::SessionInfo, servicestack_runtime::Error> {
    let client = JsonServiceClient::new(base_url);
    client.authenticate(user, password).await?;
    let request = dtos::InviteChatMember::default()
        .with_session_id(session_id)
        .with_member_to_add(member);
    client.send(&request).await
}
