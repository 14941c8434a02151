//! `cargo run -p evovoice-client -- BASE_URL USER PASSWORD SESSION_ID MEMBER`

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, user, password, session_id, member] = args.as_slice() else {
        eprintln!("usage: evovoice-client BASE_URL USER PASSWORD SESSION_ID MEMBER");
        return std::process::ExitCode::from(2);
    };
    match evovoice_client::invite(base_url, user, password, session_id, member).await {
        Ok(session) => {
            let members = session.members.as_deref().unwrap_or_default();
            println!(
                "session {} now has {} member(s)",
                session.id.as_deref().unwrap_or("?"),
                members.len()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
