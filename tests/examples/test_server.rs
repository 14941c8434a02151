//! Runs the local ServiceStack-like test server the client tests use, so the examples can be
//! tried without a real server:
//!
//! ```text
//! cargo run -p servicestack-tests --example test_server [PORT]
//! ```
//!
//! It listens on 127.0.0.1 only (a free port unless one is given) until interrupted.

#[path = "../tests/common/test_server.rs"]
mod test_server;

#[tokio::main]
async fn main() {
    let port = match std::env::args().nth(1) {
        Some(port) => match port.parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("usage: test_server [PORT]");
                std::process::exit(2);
            }
        },
        None => 0,
    };
    let server = test_server::TestServer::start_on(port).await;
    println!(
        "ServiceStack-like test server listening on {}",
        server.base_url
    );
    println!(
        "user: {}  password: {}  API key: {}",
        test_server::USER_NAME,
        test_server::PASSWORD,
        test_server::API_KEY
    );
    println!("try:");
    println!(
        "  cargo run -p servicestack-tests --example invite_chat_member -- {} --user {} --password {}",
        server.base_url,
        test_server::USER_NAME,
        test_server::PASSWORD
    );
    std::future::pending::<()>().await;
}
