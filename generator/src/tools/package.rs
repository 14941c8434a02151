//! A standalone crate for one API (`generate SOURCE --crate DIR --crate-name NAME`):
//!
//! ```text
//! DIR/Cargo.toml      created once; dependencies computed from what the code uses, and one
//!                     cargo feature per operation tag (`crate::emit::features`), all in `full`, which
//!                     is the default
//! DIR/src/lib.rs      created once: crate docs, `mod dtos; pub use dtos::*;`
//! DIR/src/dtos.rs     regenerated every time (and by `servicestack-codegen update`)
//! DIR/README.md       regenerated every time: every operation with verb, routes, request,
//!                     response, and every feature with the operations it enables
//! ```
//!
//! Files that exist are left alone except the two regenerated ones, so code, dependencies and
//! features the user adds survive regeneration; when an existing `Cargo.toml` lacks a dependency
//! or a feature the code now needs, a warning says which.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::emit::docs_sanitize;
use crate::emit::features::{FeatureGates, FeatureOrigin};
use crate::model::{Item, RustType, StructDef};
use crate::options::{CodeOptions, MapType};
use crate::write::write_atomic;
use crate::{Error, Generated, Warning};

/// Where and how to write the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The crate directory.
    pub dir: PathBuf,
    /// The package name (`evovoice-api`).
    pub name: String,
    /// Depend on the runtime by path (relative paths are relative to the current directory);
    /// otherwise by version.
    pub runtime_path: Option<PathBuf>,
}

/// What writing the crate did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
    /// Dependencies and features the code needs that an existing `Cargo.toml` does not mention.
    pub warnings: Vec<Warning>,
}

/// Writes the crate for generated code (whose header records how to regenerate `src/dtos.rs`).
/// `source` is named in `src/lib.rs` and `README.md`; a URL without credentials, query values
/// or fragment ([`crate::redact_url`]).
pub fn write_crate(
    generated: &Generated,
    options: &CrateOptions,
    code_options: &CodeOptions,
    source: &str,
) -> Result<CrateReport, Error> {
    if !is_package_name(&options.name) {
        return Err(Error::Option {
            option: "--crate-name".into(),
            message: format!(
                "`{}` is not a valid package name (letters, digits, `-`, `_`)",
                options.name
            ),
        });
    }
    let source = &crate::redact_url(source);
    let src = options.dir.join("src");
    std::fs::create_dir_all(&src).map_err(|source| Error::Write {
        path: src.clone(),
        source,
    })?;
    let dependencies = dependencies(generated, options, code_options)?;
    // `None` without `--feature-gates`: no `[features]` table.
    let gates = code_options
        .feature_gates
        .then(|| FeatureGates::compute(&generated.ir, code_options));
    let mut report = CrateReport::default();
    let cargo_toml = options.dir.join("Cargo.toml");
    if cargo_toml.exists() {
        let existing = std::fs::read_to_string(&cargo_toml).unwrap_or_default();
        for name in dependencies.keys() {
            if !existing.contains(name.as_str()) {
                report.warnings.push(Warning {
                    location: cargo_toml.display().to_string(),
                    message: format!("the code now needs the dependency `{name}`; add it"),
                });
            }
        }
        for feature in gates.iter().flat_map(FeatureGates::features) {
            if !declares_feature(&existing, &feature.name) {
                report.warnings.push(Warning {
                    location: cargo_toml.display().to_string(),
                    message: format!(
                        "the code now uses the cargo feature `{0}`; add `{0} = []` under \
                         [features] and to `full`",
                        feature.name
                    ),
                });
            }
        }
        report.kept.push(cargo_toml);
    } else {
        write_atomic(
            &cargo_toml,
            &manifest(options, &dependencies, gates.as_ref()),
        )?;
        report.written.push(cargo_toml);
    }
    let lib = src.join("lib.rs");
    if lib.exists() {
        report.kept.push(lib);
    } else {
        write_atomic(&lib, &lib_rs(options, source, gates.as_ref()))?;
        report.written.push(lib);
    }
    let dtos = src.join("dtos.rs");
    write_atomic(&dtos, &generated.code)?;
    report.written.push(dtos);
    let readme = options.dir.join("README.md");
    write_atomic(
        &readme,
        &readme_md(generated, options, source, gates.as_ref()),
    )?;
    report.written.push(readme);
    Ok(report)
}

fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `[dependencies]` lines by crate name.
fn dependencies(
    generated: &Generated,
    options: &CrateOptions,
    code_options: &CodeOptions,
) -> Result<BTreeMap<String, String>, Error> {
    let mut features: Vec<&str> = Vec::new();
    let mut dependencies = BTreeMap::new();
    dependencies.insert(
        "serde".to_owned(),
        r#"{ version = "1", features = ["derive"] }"#.to_owned(),
    );
    dependencies.insert("serde_json".to_owned(), r#""1""#.to_owned());
    if code_options.map_type == MapType::Index {
        features.push("indexmap");
    }
    let mut uses_wire_adapter = false;
    for item in &generated.ir.items {
        if let Item::Struct(def) = item {
            uses_wire_adapter |= def
                .fields
                .iter()
                .any(|field| field.ty.has_wire_replacement());
        }
    }
    if uses_wire_adapter {
        features.push("adapters");
    }
    for (_, path) in &code_options.replacements {
        let root = path
            .trim_start_matches("::")
            .split("::")
            .next()
            .unwrap_or_default()
            .to_owned();
        let version = match root.as_str() {
            "crate" | "self" | "super" | "std" | "core" | "alloc" | "" => continue,
            "chrono" => {
                features.push("chrono");
                r#"{ version = "0.4", default-features = false, features = ["std"] }"#
            }
            "time" => {
                features.push("time");
                r#""0.3""#
            }
            "uuid" => {
                features.push("uuid");
                r#""1""#
            }
            "rust_decimal" => r#""1""#,
            // A crate of the user's: its version is theirs to set.
            _ => r#""*""#,
        };
        dependencies.insert(root, version.to_owned());
    }
    features.sort_unstable();
    features.dedup();
    let location = match &options.runtime_path {
        // An absolute path stays absolute; a relative one is made relative to the crate.
        Some(path) if path.is_absolute() => {
            format!("path = {}", toml_string(&path.display().to_string()))
        }
        Some(path) => {
            let relative =
                crate::regen::relative_to(path, &options.dir).ok_or_else(|| Error::Option {
                    option: "--runtime-path".into(),
                    message: format!(
                        "cannot express {} relative to {}",
                        path.display(),
                        options.dir.display()
                    ),
                })?;
            format!("path = {}", toml_string(&relative))
        }
        None => format!("version = {}", toml_string(env!("CARGO_PKG_VERSION"))),
    };
    let features = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features
            .iter()
            .map(|feature| toml_string(feature))
            .collect();
        format!(", features = [{}]", quoted.join(", "))
    };
    dependencies.insert(
        "servicestack-runtime".to_owned(),
        format!("{{ {location}{features} }}"),
    );
    Ok(dependencies)
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Whether a manifest has a line `name = ...` (a feature or dependency of that name).
fn declares_feature(manifest: &str, name: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.trim_start();
        [name.to_owned(), toml_string(name)].iter().any(|key| {
            line.strip_prefix(key.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    })
}

fn manifest(
    options: &CrateOptions,
    dependencies: &BTreeMap<String, String>,
    gates: Option<&FeatureGates>,
) -> String {
    let mut out = format!(
        "[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = {}\npublish = false\n\n[dependencies]\n",
        toml_string(&options.name),
        toml_string(&format!(
            "Typed DTOs for the {} ServiceStack API",
            options.name
        )),
    );
    for (name, spec) in dependencies {
        out.push_str(&format!("{name} = {spec}\n"));
    }
    if let Some(gates) = gates {
        // Feature names are plain (`a-z`, `0-9`, `-`): bare keys; quoted anyway as values.
        let names: Vec<String> = gates
            .features()
            .iter()
            .map(|feature| toml_string(&feature.name))
            .collect();
        out.push_str(&format!(
            "\n# One feature per operation tag (see README.md); `full` enables every operation.\n\
             [features]\ndefault = [\"full\"]\nfull = [{}]\n",
            names.join(", ")
        ));
        for feature in gates.features() {
            out.push_str(&format!("{} = []\n", feature.name));
        }
    }
    out
}

fn lib_rs(options: &CrateOptions, source: &str, gates: Option<&FeatureGates>) -> String {
    let module = options.name.replace('-', "_");
    let features = match gates {
        Some(_) => {
            "//! Each operation is compiled only with a cargo feature of its tags (README.md lists\n\
             //! them); the default feature `full` enables all. Depend on the crate with\n\
             //! `default-features = false, features = [\"...\"]` to compile only what you call.\n\
             //!\n"
        }
        None => "",
    };
    format!(
        "//! Typed DTOs for the `{name}` ServiceStack API, generated from `{source}` by\n\
         //! servicestack-codegen. `src/dtos.rs` is regenerated (`servicestack-codegen update\n\
         //! src/dtos.rs`); this file and everything else in the crate is yours.\n\
         //!\n\
         //! Every request type implements `servicestack_runtime::ServiceRequest`; send it with\n\
         //! `servicestack_runtime::JsonServiceClient`:\n\
         //!\n\
         //! ```ignore\n\
         //! let client = servicestack_runtime::JsonServiceClient::new(\"https://api.example.org\");\n\
         //! let response = client.send(&{module}::SomeRequest::default()).await?;\n\
         //! ```\n\
         //!\n\
         {features}//! See README.md for every operation.\n\n\
         mod dtos;\n\
         pub use dtos::*;\n",
        name = docs_sanitize(&options.name),
        source = docs_sanitize(source).replace('`', "'"),
    )
}

fn readme_md(
    generated: &Generated,
    options: &CrateOptions,
    source: &str,
    gates: Option<&FeatureGates>,
) -> String {
    let mut out = format!(
        "# {}\n\nTyped DTOs for a ServiceStack API, generated from `{}` by servicestack-codegen.\n\
         Regenerate with `servicestack-codegen update src/dtos.rs`.\n\n## Operations\n\n\
         | operation | verb | routes | request | response |\n|---|---|---|---|---|\n",
        options.name,
        source.replace('`', "'")
    );
    let mut requests: Vec<&StructDef> = generated
        .ir
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(def) if def.request.is_some() => Some(def),
            _ => None,
        })
        .collect();
    requests.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    for def in requests {
        let Some(request) = &def.request else {
            continue;
        };
        let routes: Vec<String> = request
            .routes
            .iter()
            .map(|route| {
                let verbs = if route.verbs.is_empty() {
                    "ANY".to_owned()
                } else {
                    route.verbs.join(",")
                };
                format!("`{}` {}", table_text(&route.path), verbs)
            })
            .collect();
        let routes = if routes.is_empty() {
            "—".to_owned()
        } else {
            routes.join("<br>")
        };
        out.push_str(&format!(
            "| {} | {} | {} | `{}` | `{}` |\n",
            table_text(&request.operation_name),
            request.method,
            routes,
            def.rust_name,
            type_text(&request.response)
        ));
    }
    if let Some(gates) = gates {
        out.push_str(&readme_features(generated, options, gates));
    }
    out
}

/// The README's section on cargo features.
fn readme_features(generated: &Generated, options: &CrateOptions, gates: &FeatureGates) -> String {
    let example = gates
        .features()
        .first()
        .map_or("...", |feature| feature.name.as_str());
    let mut out = format!(
        "\n## Features\n\n\
         Each operation is compiled only when a cargo feature of its tags (or, with namespace \
         modules, of its module) is on, and each type only when an operation that uses it is. \
         The default feature `full` enables them all; to compile only some operations:\n\n\
         ```toml\n{} = {{ path = \"...\", default-features = false, features = [\"{example}\"] }}\n```\n\n\
         Operations without a tag, and types no operation uses, are always compiled.\n\n\
         | feature | from | operations |\n|---|---|---|\n",
        options.name
    );
    for feature in gates.features() {
        let origin = match &feature.origin {
            FeatureOrigin::Tags(tags) => {
                let tags: Vec<String> = tags
                    .iter()
                    .map(|tag| format!("`{}`", table_text(tag)))
                    .collect();
                format!("tag {}", tags.join(", "))
            }
            FeatureOrigin::Module(module) => format!("module `{module}`"),
        };
        let operations: Vec<String> = feature
            .operations
            .iter()
            .map(|operation| format!("`{operation}`"))
            .collect();
        out.push_str(&format!(
            "| `{}` | {origin} | {} |\n",
            feature.name,
            operations.join(", ")
        ));
    }
    let always: Vec<String> = generated
        .ir
        .items
        .iter()
        .filter(|item| matches!(item, Item::Struct(def) if def.request.is_some()))
        .filter(|item| gates.gate(item.rust_name()).is_empty())
        .map(|item| format!("`{}`", item.rust_name()))
        .collect();
    if !always.is_empty() {
        out.push_str(&format!("\nAlways compiled: {}.\n", always.join(", ")));
    }
    out
}

fn table_text(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}

/// A field or response type as the crate's README shows it: maps as `Map<K, V>`, whichever map
/// type the crate was generated with.
fn type_text(ty: &RustType) -> String {
    ty.display().map_name("Map").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn writes_once_and_keeps_user_files() {
        let json = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../fixtures/evovoice-invitechatmember.metadata.json"),
        )
        .unwrap();
        let generated = crate::Generator::default()
            .generate_str(&json, "api.json")
            .unwrap();
        let directory = tempfile::tempdir().unwrap();
        let options = CrateOptions {
            dir: directory.path().join("evovoice-api"),
            name: "evovoice-api".into(),
            runtime_path: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime")),
        };
        let report =
            write_crate(&generated, &options, &CodeOptions::default(), "api.json").unwrap();
        assert_eq!(report.written.len(), 4);
        let manifest = std::fs::read_to_string(options.dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("servicestack-runtime = { path = \""),
            "{manifest}"
        );
        let readme = std::fs::read_to_string(options.dir.join("README.md")).unwrap();
        assert!(
            readme.contains("| InviteChatMember | POST | `/sessions/{sessionId}/members` POST | `InviteChatMember` | `SessionInfo` |"),
            "{readme}"
        );
        std::fs::write(options.dir.join("src/lib.rs"), "// mine\nmod dtos;\n").unwrap();
        std::fs::write(options.dir.join("src/extra.rs"), "// mine too\n").unwrap();
        let report =
            write_crate(&generated, &options, &CodeOptions::default(), "api.json").unwrap();
        assert_eq!(report.kept.len(), 2);
        assert_eq!(
            std::fs::read_to_string(options.dir.join("src/lib.rs")).unwrap(),
            "// mine\nmod dtos;\n"
        );
        assert!(options.dir.join("src/extra.rs").exists());
        let bad = CrateOptions {
            name: "9 lives".into(),
            ..options
        };
        assert!(write_crate(&generated, &bad, &CodeOptions::default(), "api.json").is_err());
    }

    #[test]
    fn declares_one_feature_per_tag() {
        let json = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/tagged.metadata.json"),
        )
        .unwrap();
        // A hostile tag must not reach the manifest or the README as anything but a plain name.
        let json = json.replacen(
            "\"Coupons\"",
            &serde_json::to_string("Coupons\"]\n[evil]\nx = \"| `<b>`").unwrap(),
            1,
        );
        let mut config = crate::Config::new();
        config.feature_gates(true);
        let generated = crate::Generator::new(config.clone())
            .generate_str(&json, "api.json")
            .unwrap();
        let directory = tempfile::tempdir().unwrap();
        let options = CrateOptions {
            dir: directory.path().join("tagged-api"),
            name: "tagged-api".into(),
            runtime_path: None,
        };
        let code_options = config.code_options();
        write_crate(&generated, &options, code_options, "api.json").unwrap();
        let manifest = std::fs::read_to_string(options.dir.join("Cargo.toml")).unwrap();
        let expected = "[features]\ndefault = [\"full\"]\n\
                        full = [\"bookings\", \"coupons\", \"coupons-evil-x-b\"]\n\
                        bookings = []\ncoupons = []\ncoupons-evil-x-b = []\n";
        assert!(manifest.ends_with(expected), "{manifest}");
        let tables: Vec<&str> = manifest.lines().filter(|l| l.starts_with('[')).collect();
        assert_eq!(
            tables,
            ["[package]", "[dependencies]", "[features]"],
            "{manifest}"
        );
        let readme = std::fs::read_to_string(options.dir.join("README.md")).unwrap();
        assert!(
            readme.contains(
                "| `bookings` | tag `Bookings`, `bookings` | `ApplyCoupon`, `CreateBooking`, \
                 `GetBooking` |"
            ),
            "{readme}"
        );
        assert!(readme.contains("Always compiled: `Ping`."), "{readme}");
        assert!(!readme.contains("\n[evil"), "{readme}");
        let lib = std::fs::read_to_string(options.dir.join("src/lib.rs")).unwrap();
        assert!(
            lib.contains("the default feature `full` enables all"),
            "{lib}"
        );

        // A kept manifest that lacks a feature the code uses gets a warning.
        std::fs::write(
            options.dir.join("Cargo.toml"),
            manifest.replace("bookings = []\n", ""),
        )
        .unwrap();
        let report = write_crate(&generated, &options, code_options, "api.json").unwrap();
        let warnings: Vec<String> = report.warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            warnings,
            [
                "the code now uses the cargo feature `bookings`; add `bookings = []` under \
              [features] and to `full`"
            ]
        );
    }
}
