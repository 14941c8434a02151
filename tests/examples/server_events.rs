//! Subscribes to a ServiceStack server's Server Events and prints one line per event.
//!
//! ```text
//! cargo run -p servicestack-tests --example server_events -- BASE_URL CHANNEL[,CHANNEL...] \
//!     [--bearer TOKEN]
//! ```
//!
//! Each event goes to stdout as `selector<TAB>json` (the JSON on one line; nothing after the tab
//! for an event without JSON); connections, errors and reconnects go to stderr. It keeps running,
//! reconnecting whenever the connection drops, until Ctrl-C, which unregisters the subscription.

use servicestack_runtime::JsonServiceClient;
use servicestack_runtime::events::ServerEventsClient;

struct Options {
    base_url: String,
    channels: String,
    bearer: Option<String>,
}

fn usage() -> ! {
    eprintln!("usage: server_events BASE_URL CHANNEL[,CHANNEL...] [--bearer TOKEN]");
    std::process::exit(2);
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let positional = |arg: Option<String>| arg.filter(|arg| !arg.starts_with("--"));
    let Some(base_url) = positional(args.next()) else {
        usage();
    };
    let Some(channels) = positional(args.next()) else {
        usage();
    };
    let mut options = Options {
        base_url,
        channels,
        bearer: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--bearer" => options.bearer = Some(value),
            _ => usage(),
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let client = match JsonServiceClient::builder(&options.base_url).build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(2);
        }
    };
    if let Some(token) = options.bearer {
        client.set_bearer_token(token);
    }

    let subscription = ServerEventsClient::builder(&client, [&options.channels])
        .on_connect(|info| {
            eprintln!(
                "connected: subscription {} as {} on {}",
                info.id,
                info.user.display_name.as_deref().unwrap_or("?"),
                info.user.channels.join(",")
            );
        })
        .on_error(|error| eprintln!("error: {error}"))
        .on_reconnect(|attempt, delay| eprintln!("reconnecting (attempt {attempt}) in {delay:?}"))
        .start();

    let mut events = subscription.events();
    loop {
        tokio::select! {
            event = events.recv() => {
                let Some(event) = event else { break };
                // Newlines can only be whitespace in JSON: as spaces they keep one event per line.
                let json = event
                    .raw_json()
                    .unwrap_or_default()
                    .replace(['\r', '\n'], " ");
                println!("{}\t{json}", event.selector());
            }
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    drop(events);
    if let Err(error) = subscription.close().await {
        eprintln!("unregistering failed: {error}");
    }
}
