//! `generate --crate` puts each tag's operations behind a cargo feature: a program that depends
//! on the crate with `default-features = false, features = ["bookings"]` calls a `bookings`
//! operation against a local HTTP server, and cannot name a type only `coupons` uses.
//!
//! The scratch crates live in the system temp directory (outside this workspace, as a user's
//! crates would); they build offline into `target/crate-features`, which later runs reuse, so
//! only the first run builds the dependencies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn cargo(directory: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--offline")
        .current_dir(directory)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/crate-features"),
        )
        // The same flags every run, so the dependencies built once stay fresh.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `cfg` predicate on the item (struct, enum or macro invocation) named `name`, if any.
fn cfg_of(file: &syn::File, name: &str) -> Option<String> {
    file.items.iter().find_map(|item| {
        let (attrs, ident) = match item {
            syn::Item::Struct(item) => (&item.attrs, item.ident.to_string()),
            syn::Item::Enum(item) => (&item.attrs, item.ident.to_string()),
            // `string_enum!(Name { ... })`: the first identifier.
            syn::Item::Macro(item) => (
                &item.attrs,
                item.mac
                    .tokens
                    .clone()
                    .into_iter()
                    .find_map(|token| match token {
                        proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
                        _ => None,
                    })?,
            ),
            _ => return None,
        };
        (ident == name).then(|| {
            attrs
                .iter()
                .find(|attribute| attribute.path().is_ident("cfg"))
                .map(|attribute| {
                    let syn::Meta::List(list) = &attribute.meta else {
                        panic!("cfg without a list")
                    };
                    list.tokens.to_string()
                })
        })?
    })
}

const PROGRAM: &str = r###"
use std::io::{BufRead, BufReader, Read, Write};

fn main() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let json = r##"{"id":7,"name":"Suite stay","roomType":"Suite",
            "cost":{"amountCents":12500,"currency":"EUR"},"notes":[{"text":"late checkout"}]}"##;
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{json}",
            json.len()
        )
        .unwrap();
        request_line
    });
    let client = servicestack_runtime::client::blocking::JsonServiceClient::new(format!(
        "http://{address}"
    ));
    let request = tagged_api::GetBooking {
        id: 7,
        ..Default::default()
    };
    let booking: tagged_api::Booking = client.send(&request).unwrap();
    let request_line = server.join().unwrap();
    assert!(
        request_line.starts_with("GET ") && request_line.contains("GetBooking"),
        "{request_line}"
    );
    assert_eq!(booking.id, 7);
    assert_eq!(booking.name.as_deref(), Some("Suite stay"));
    assert!(matches!(booking.room_type, tagged_api::RoomType::Suite));
    let cost = booking.cost.unwrap();
    assert_eq!((cost.amount_cents, cost.currency.as_deref()), (12500, Some("EUR")));
    assert_eq!(booking.notes.unwrap()[0].text.as_deref(), Some("late checkout"));
    println!("called GetBooking");
}
"###;

/// Names what only the `coupons` feature compiles: a struct and an integer enum.
const COUPONS_PROGRAM: &str = r#"
fn main() {
    let coupon = tagged_api::Coupon::default();
    let kind = tagged_api::CouponKind::Fixed;
    println!("{coupon:?} {kind:?}");
}
"#;

#[test]
fn a_crate_built_with_one_tag_feature_calls_its_operations_only() {
    let scratch = std::env::temp_dir().join(format!(
        "servicestack-codegen-features-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let api = scratch.join("tagged-api");
    let runtime = workspace().join("runtime");
    let output = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .args(["generate", "fixtures/tagged.metadata.json", "--crate"])
        .arg(&api)
        .args(["--crate-name", "tagged-api", "--runtime-path"])
        .arg(&runtime)
        .current_dir(workspace())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));

    let manifest = std::fs::read_to_string(api.join("Cargo.toml")).unwrap();
    assert!(
        manifest.ends_with(
            "[features]\ndefault = [\"full\"]\nfull = [\"bookings\", \"coupons\"]\n\
             bookings = []\ncoupons = []\n"
        ),
        "{manifest}"
    );
    let dtos = std::fs::read_to_string(api.join("src/dtos.rs")).unwrap();
    let file = syn::parse_file(&dtos).unwrap();
    let bookings = Some(r#"feature = "bookings""#.to_owned());
    let coupons = Some(r#"feature = "coupons""#.to_owned());
    let both = Some(r#"any (feature = "bookings" , feature = "coupons")"#.to_owned());
    for (name, expected) in [
        ("GetBooking", &bookings),
        ("Booking", &bookings),
        ("Note", &bookings),
        ("RoomType", &bookings),
        ("Coupon", &coupons),
        ("CouponKind", &coupons),
        ("Money", &both),
        ("IdResponse", &both),
        ("ApplyCoupon", &both),
        ("Ping", &None),
        ("Label", &None),
        ("AuditLog", &None),
    ] {
        assert_eq!(&cfg_of(&file, name), expected, "{name} in\n{dtos}");
    }
    // `update` reproduces the file from its header (which records the option).
    let output = Command::new(env!("CARGO_BIN_EXE_servicestack-codegen"))
        .arg("check")
        .arg(api.join("src/dtos.rs"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));

    let app = scratch.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n\
             tagged-api = {{ path = \"../tagged-api\", default-features = false, features = [\"bookings\"] }}\n\
             servicestack-runtime = {{ path = {:?}, features = [\"blocking\"] }}\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    // The workspace's lock file pins versions that are already downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    std::fs::write(app.join("src/main.rs"), PROGRAM).unwrap();
    let output = cargo(&app, &["run", "--quiet"]);
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "cargo run in {}:\n{stderr}",
        app.display()
    );
    assert_eq!(text(&output.stdout), "called GetBooking\n");
    assert!(
        !stderr.contains("tagged-api/src"),
        "the crate builds with one feature without warnings:\n{stderr}"
    );

    // Without `coupons`, its types do not exist; with it, the same program builds.
    std::fs::write(app.join("src/main.rs"), COUPONS_PROGRAM).unwrap();
    let output = cargo(&app, &["build", "--quiet"]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    for name in ["Coupon", "CouponKind"] {
        assert!(
            stderr.contains(&format!("`{name}`")),
            "{name} is not compiled without `coupons`:\n{stderr}"
        );
    }
    let output = cargo(
        &app,
        &["build", "--quiet", "--features", "tagged-api/coupons"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));

    let _ = std::fs::remove_dir_all(&scratch);
}
