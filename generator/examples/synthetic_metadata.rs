//! Writes a deterministic synthetic `/types/metadata` document (see
//! `benches/support/synthetic.rs` for its shape) for the benchmark scripts:
//!
//! ```sh
//! cargo run --release -p servicestack-codegen --example synthetic_metadata -- 1000 target/synthetic-1k.json
//! ```
//!
//! The first argument is the number of types (default 1000); without a second argument the
//! document goes to stdout. With `--lean` anywhere, the document has nothing the generator
//! ignores and is on one line (`synthetic::lean_document`).

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let lean = std::env::args().any(|arg| arg == "--lean");
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--lean");
    let types = match args.next() {
        Some(count) => count.parse().unwrap_or_else(|_| {
            eprintln!("usage: synthetic_metadata [TYPES] [OUTPUT] [--lean]");
            std::process::exit(2);
        }),
        None => 1000,
    };
    let document = if lean {
        synthetic::lean_document(types)
    } else {
        synthetic::document(types)
    };
    match args.next() {
        Some(path) => std::fs::write(&path, document).unwrap_or_else(|error| {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }),
        None => print!("{document}"),
    }
}
