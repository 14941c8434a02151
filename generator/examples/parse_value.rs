//! The reference of the whole-process generation benchmark: reads a metadata document and parses
//! it into a `serde_json::Value`, nothing else (BENCHMARKS.md §6). With `--no-free` the process
//! ends without freeing the tree, as the CLI ends without freeing its IR.
//!
//! ```sh
//! cargo run --release -p servicestack-codegen --example parse_value -- DOC.json [--no-free]
//! ```

fn main() {
    let no_free = std::env::args().any(|arg| arg == "--no-free");
    let Some(path) = std::env::args().skip(1).find(|arg| arg != "--no-free") else {
        eprintln!("usage: parse_value DOC.json [--no-free]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        eprintln!("{path}: {error}");
        std::process::exit(1);
    });
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => {
            println!(
                "{} top-level members",
                value.as_object().map_or(0, |o| o.len())
            );
            if no_free {
                std::mem::forget(value);
            }
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    }
}
