//! Generates Rust code from every fixture (the project's own `fixtures/` and the real documents
//! in `../shared/fixtures/metadata`) into OUT_DIR, so compiling this crate compiles them all
//! under `#![deny(warnings)]`: a document whose output does not compile fails the build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "build/catalog.rs"]
mod catalog;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let project_fixtures = manifest.join("../fixtures");
    let shared_fixtures = manifest.join("../../shared/fixtures/metadata");
    println!("cargo:rerun-if-changed={}", project_fixtures.display());
    println!("cargo:rerun-if-changed={}", shared_fixtures.display());
    println!("cargo:rerun-if-env-changed=CI");
    // `cfg(shared_fixtures)`: the real documents were found, so the modules generated from them
    // exist; the tests that name those modules are gated on it (and report a skip without it).
    println!("cargo::rustc-check-cfg=cfg(shared_fixtures)");
    if !documents(&shared_fixtures).is_empty() {
        println!("cargo::rustc-cfg=shared_fixtures");
    }

    let mut modules = String::new();
    let mut catalogs = String::new();
    let mut catalog_names = Vec::new();
    for (group, directory) in [
        ("fixtures", &project_fixtures),
        ("shared", &shared_fixtures),
    ] {
        let documents = documents(directory);
        if documents.is_empty() && group == "shared" {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!(
                    "{} holds no metadata documents; CI must run with ../shared beside the repository",
                    directory.display()
                );
            }
            println!(
                "cargo:warning=skipping the real documents: {} is missing",
                directory.display()
            );
        }
        writeln!(
            modules,
            "/// Generated from `{group}/`.\npub mod {group} {{"
        )
        .unwrap();
        for document in documents {
            println!("cargo:rerun-if-changed={}", document.display());
            let module = module_name(&document);
            let json = std::fs::read_to_string(&document)
                .unwrap_or_else(|error| panic!("{}: {error}", document.display()));
            let label = format!(
                "{group}/{}",
                document.file_name().unwrap().to_string_lossy()
            );
            let mut config = servicestack_codegen::Config::default();
            // The conformance replay reads each case's request DTO from JSON.
            config.deserializable_requests(module == "conformance");
            let generated = servicestack_codegen::Generator::new(config.clone())
                .generate_str(&json, &label)
                .unwrap_or_else(|error| panic!("{}: {error}", document.display()));
            let file = out.join(format!("{group}_{module}.rs"));
            servicestack_codegen::write::write_if_changed(&file, &generated.code).unwrap();
            // An `.app.json` holds the same API as its `.metadata.json` twin: compiled, but not
            // catalogued again. Catalogs are compiled by tests/wire_presence.rs alone (they
            // instantiate every DTO's serde), not by the library every test links.
            if !(module.ends_with("_app") && group == "shared") {
                let file = format!("{group}_{module}_catalog.rs");
                servicestack_codegen::write::write_if_changed(
                    &out.join(&file),
                    &catalog::catalog_source(
                        &generated.ir,
                        &servicestack_codegen::emit::sent_only_structs(
                            &generated.ir,
                            config.code_options(),
                        ),
                    ),
                )
                .unwrap();
                writeln!(
                    catalogs,
                    "/// `{group}::{module}`.\npub mod {group}_{module} {{\n    use servicestack_tests::{group}::{module} as dtos;\n    include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n}}"
                )
                .unwrap();
                catalog_names.push(format!("{group}_{module}"));
            }
            writeln!(
                modules,
                "    /// Generated from `{label}`.\n    pub mod {module} {{\n        include!(concat!(env!(\"OUT_DIR\"), \"/{group}_{module}.rs\"));\n    }}"
            )
            .unwrap();
        }
        writeln!(modules, "}}").unwrap();
    }
    writeln!(
        catalogs,
        "/// Every document's catalog: (module, requests, responses).\npub static CATALOGS: &[(&str, &[servicestack_tests::catalog::RequestCase], &[servicestack_tests::catalog::ResponseCase])] = &[{}];",
        catalog_names
            .iter()
            .map(|module| format!("({module:?}, {module}::REQUESTS, {module}::RESPONSES)"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    servicestack_codegen::write::write_if_changed(&out.join("catalogs.rs"), &catalogs).unwrap();
    variants(&out, &project_fixtures, &shared_fixtures, &mut modules);
    servicestack_codegen::write::write_if_changed(&out.join("modules.rs"), &modules).unwrap();
}

/// The documents the option variants are generated from: (module, path, a struct to give extra
/// derives and attributes, a struct to replace with `crate::custom::*`).
fn variant_documents(
    project: &Path,
    shared: &Path,
) -> Vec<(&'static str, PathBuf, &'static str, &'static str)> {
    let mut documents = vec![
        (
            "evovoice",
            project.join("evovoice-invitechatmember.metadata.json"),
            "SessionLogInfo",
            "CustomerBreadcrumb",
        ),
        (
            "features",
            project.join("features.metadata.json"),
            "Duplicate",
            "Poco",
        ),
    ];
    let blazor = shared.join("blazor-gallery-v8.91.metadata.json");
    if blazor.exists() {
        documents.push(("blazor_gallery", blazor, "Todo", "Coupon"));
    }
    documents
}

/// The other blazor-gallery documents (older server, other template), with the options that
/// change the most code (per-type derives, replacements, BTreeMap, per-namespace modules); every
/// variant on them all would double the crate's compile time for little more coverage.
fn more_variant_documents(
    shared: &Path,
) -> Vec<(&'static str, PathBuf, &'static str, &'static str)> {
    [
        ("blazor_gallery_v6", "blazor-gallery-v6.61.metadata.json"),
        (
            "blazor_jamstacks",
            "blazor-gallery-jamstacks-v8.61.metadata.json",
        ),
    ]
    .into_iter()
    .map(|(name, file)| (name, shared.join(file), "Booking", "Coupon"))
    .filter(|(_, path, _, _)| path.exists())
    .collect()
}

/// The variants [`more_variant_documents`] get.
const MORE_VARIANTS: &[&str] = &["type_derives", "replacements", "btree", "namespaces"];

/// Every code-shape option alone, and all of them together, on three documents (and the main
/// ones on the other two blazor-gallery documents): each variant must compile (under the
/// crate's `#![deny(warnings)]`) like the default output.
fn variants(out: &Path, project: &Path, shared: &Path, modules: &mut String) {
    use servicestack_codegen::options::{MapType, ModuleLayout};
    type Variant = fn(&mut servicestack_codegen::Config, &str, &str);
    let replacements: Variant = |config, _, replaced| {
        config
            .replace_type("Guid", "uuid::Uuid")
            .replace_type("DateTime", "chrono::DateTime<chrono::Utc>")
            .replace_type("DateTimeOffset", "chrono::DateTime<chrono::FixedOffset>")
            .replace_type("TimeSpan", "std::time::Duration")
            .replace_type("Decimal", "rust_decimal::Decimal")
            .replace_type("DateOnly", "chrono::NaiveDate")
            .replace_type("TimeOnly", "chrono::NaiveTime")
            .replace_type(replaced, format!("crate::custom::{replaced}"));
    };
    let variants: [(&str, Variant); 8] = [
        ("derives", |config, _, _| {
            config.derive(["Hash", "Eq", "PartialOrd", "Ord"]);
        }),
        ("type_derives", |config, chosen, _| {
            config
                .type_derive(chosen, "Hash,Eq")
                .type_attribute(chosen, "#[non_exhaustive]");
        }),
        ("replacements", replacements),
        ("btree", |config, _, _| {
            config.map_type(MapType::BTree);
        }),
        ("index", |config, _, _| {
            config.map_type(MapType::Index);
        }),
        ("closed_enums", |config, _, _| {
            config.forward_compatible_enums(false);
        }),
        ("namespaces", |config, _, _| {
            config.module_layout(ModuleLayout::Namespace);
        }),
        ("everything", |config, chosen, replaced| {
            config
                .derive(["Hash", "Eq", "PartialOrd", "Ord"])
                .type_attribute(chosen, "#[non_exhaustive]")
                .map_type(MapType::BTree)
                .forward_compatible_enums(false)
                .module_layout(ModuleLayout::Namespace);
            config
                .replace_type("Guid", "uuid::Uuid")
                .replace_type("DateTime", "chrono::DateTime<chrono::Utc>")
                .replace_type(replaced, format!("crate::custom::{replaced}"));
        }),
    ];
    writeln!(
        modules,
        "/// The code-shape options, each alone and all together.\npub mod variants {{"
    )
    .unwrap();
    for (variant, configure) in variants {
        writeln!(
            modules,
            "    /// Generated with the `{variant}` options.\n    pub mod {variant} {{"
        )
        .unwrap();
        let more = if MORE_VARIANTS.contains(&variant) {
            more_variant_documents(shared)
        } else {
            Vec::new()
        };
        for (name, document, chosen, replaced) in
            variant_documents(project, shared).into_iter().chain(more)
        {
            let mut config = servicestack_codegen::Config::new();
            configure(&mut config, chosen, replaced);
            let json = std::fs::read_to_string(&document).unwrap();
            let generated = servicestack_codegen::Generator::new(config)
                .generate_str(&json, name)
                .unwrap_or_else(|error| panic!("{variant} {}: {error}", document.display()));
            let file = format!("variant_{variant}_{name}.rs");
            servicestack_codegen::write::write_if_changed(&out.join(&file), &generated.code)
                .unwrap();
            writeln!(
                modules,
                "        /// `{name}` with the `{variant}` options.\n        pub mod {name} {{\n            include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n        }}"
            )
            .unwrap();
        }
        writeln!(modules, "    }}").unwrap();
    }
    writeln!(modules, "}}").unwrap();
}

fn documents(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut documents: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    documents.sort();
    documents
}

/// `blazor-gallery-v8.91.metadata.json` → `blazor_gallery_v8_91`; `x.app.json` → `x_app`.
fn module_name(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    let stem = stem.strip_suffix(".metadata").unwrap_or(stem);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
