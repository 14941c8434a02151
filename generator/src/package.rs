//! A standalone crate for one API (`generate SOURCE --crate DIR --crate-name NAME`):
//!
//! ```text
//! DIR/Cargo.toml      created once; dependencies computed from what the code uses
//! DIR/src/lib.rs      created once: crate docs, `mod dtos; pub use dtos::*;`
//! DIR/src/dtos.rs     regenerated every time (and by `servicestack-codegen update`)
//! DIR/README.md       regenerated every time: every operation with verb, routes, request, response
//! ```
//!
//! Files that exist are left alone except the two regenerated ones, so code and dependencies the
//! user adds survive regeneration; when an existing `Cargo.toml` lacks a dependency the code
//! now needs, a warning says which.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::emit::docs_sanitize;
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
    /// Dependencies the code needs that an existing `Cargo.toml` does not mention.
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
        report.kept.push(cargo_toml);
    } else {
        write_atomic(&cargo_toml, &manifest(options, &dependencies))?;
        report.written.push(cargo_toml);
    }
    let lib = src.join("lib.rs");
    if lib.exists() {
        report.kept.push(lib);
    } else {
        write_atomic(&lib, &lib_rs(options, source))?;
        report.written.push(lib);
    }
    let dtos = src.join("dtos.rs");
    write_atomic(&dtos, &generated.code)?;
    report.written.push(dtos);
    let readme = options.dir.join("README.md");
    write_atomic(&readme, &readme_md(generated, options, source))?;
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
            uses_wire_adapter |= def.fields.iter().any(|field| wire_replaced(&field.ty));
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
                crate::sync::relative_to(path, &options.dir).ok_or_else(|| Error::Option {
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

fn wire_replaced(ty: &RustType) -> bool {
    match ty {
        RustType::Replaced { wire, args, .. } => wire.is_some() || args.iter().any(wire_replaced),
        RustType::Option(inner) | RustType::Vec(inner) | RustType::Boxed(inner) => {
            wire_replaced(inner)
        }
        RustType::Map(key, value) => wire_replaced(key) || wire_replaced(value),
        RustType::Named { args, .. } => args.iter().any(wire_replaced),
        _ => false,
    }
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn manifest(options: &CrateOptions, dependencies: &BTreeMap<String, String>) -> String {
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
    out
}

fn lib_rs(options: &CrateOptions, source: &str) -> String {
    let module = options.name.replace('-', "_");
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
         //! See README.md for every operation.\n\n\
         mod dtos;\n\
         pub use dtos::*;\n",
        name = docs_sanitize(&options.name),
        source = docs_sanitize(source).replace('`', "'"),
    )
}

fn readme_md(generated: &Generated, options: &CrateOptions, source: &str) -> String {
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
    out
}

fn table_text(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}

fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::Primitive(name) | RustType::Runtime(name) => (*name).to_owned(),
        RustType::String => "String".into(),
        RustType::Json => "serde_json::Value".into(),
        RustType::Unit => "()".into(),
        RustType::Option(inner) => format!("Option<{}>", type_text(inner)),
        RustType::Vec(inner) => format!("Vec<{}>", type_text(inner)),
        RustType::Boxed(inner) => type_text(inner),
        RustType::Map(key, value) => format!("Map<{}, {}>", type_text(key), type_text(value)),
        RustType::Named { rust_name, args }
        | RustType::Replaced {
            path: rust_name,
            args,
            ..
        } => {
            if args.is_empty() {
                rust_name.clone()
            } else {
                let args: Vec<String> = args.iter().map(type_text).collect();
                format!("{rust_name}<{}>", args.join(", "))
            }
        }
        RustType::Param(name) => name.clone(),
    }
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
}
