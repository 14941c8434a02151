//! Calls `InviteChatMember` (DTOs generated from `fixtures/evovoice-invitechatmember.metadata.json`)
//! and prints the session it returns.
//!
//! ```text
//! cargo run -p servicestack-tests --example invite_chat_member -- BASE_URL \
//!     [--user NAME --password PASSWORD | --bearer TOKEN | --api-key KEY] \
//!     [--session ID] [--member PHONE_OR_EMAIL] [--caller-id PHONE]
//! ```
//!
//! The operation requires authentication: sign in with `--user`/`--password` (the `Authenticate`
//! API), or pass a bearer token or API key. Against the local test server
//! (`cargo run -p servicestack-tests --example test_server`) use the credentials it prints.

use servicestack_runtime::JsonServiceClient;
use servicestack_tests::fixtures::evovoice_invitechatmember::InviteChatMember;

struct Options {
    base_url: String,
    user: Option<String>,
    password: Option<String>,
    bearer: Option<String>,
    api_key: Option<String>,
    request: InviteChatMember,
}

fn usage() -> ! {
    eprintln!(
        "usage: invite_chat_member BASE_URL [--user NAME --password PASSWORD | --bearer TOKEN | --api-key KEY] [--session ID] [--member MEMBER] [--caller-id PHONE]"
    );
    std::process::exit(2);
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next().filter(|arg| !arg.starts_with("--")) else {
        usage();
    };
    let mut options = Options {
        base_url,
        user: None,
        password: None,
        bearer: None,
        api_key: None,
        request: InviteChatMember::default()
            .with_session_id("sess-1")
            .with_member_to_add("+15551234567")
            .with_caller_id("+15557654321"),
    };
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--user" => options.user = Some(value),
            "--password" => options.password = Some(value),
            "--bearer" => options.bearer = Some(value),
            "--api-key" => options.api_key = Some(value),
            "--session" => options.request.session_id = Some(value),
            "--member" => options.request.member_to_add = Some(value),
            "--caller-id" => options.request.caller_id = Some(value),
            _ => usage(),
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let client = JsonServiceClient::new(&options.base_url);
    if let Some(token) = options.bearer {
        client.set_bearer_token(token);
    }
    if let Some(key) = options.api_key {
        client.set_api_key(key);
    }
    if let (Some(user), Some(password)) = (options.user, options.password) {
        match client.authenticate(&user, &password).await {
            Ok(signed_in) => println!(
                "signed in as {}",
                signed_in
                    .display_name
                    .or(signed_in.user_name)
                    .unwrap_or(user)
            ),
            Err(error) => {
                eprintln!("sign-in failed: {error}");
                std::process::exit(1);
            }
        }
    }

    match client.send(&options.request).await {
        Ok(session) => {
            println!(
                "session {} ({:?}, {:?}) with {} member(s)",
                session.id.as_deref().unwrap_or("?"),
                session.dial_state,
                session.call_state,
                session.members.as_ref().map_or(0, Vec::len)
            );
            println!("{session:#?}");
        }
        Err(error) => {
            eprintln!("InviteChatMember failed: {error}");
            for field in error.field_errors() {
                eprintln!(
                    "  {}: {}",
                    field.field_name.as_deref().unwrap_or("?"),
                    field.message.as_deref().unwrap_or("")
                );
            }
            if error.is_unauthorized() {
                eprintln!("  (sign in with --user/--password, or pass --bearer or --api-key)");
            }
            std::process::exit(1);
        }
    }
}
