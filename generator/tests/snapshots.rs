//! Snapshots of the generated code for every project fixture and every real document.

mod support;

use servicestack_codegen::Generator;

/// One snapshot per document; an `X.app.json` whose `X.metadata.json` is in the same group holds
/// the same API, so instead of a second snapshot its code must equal the twin's (all but the
/// header line naming the source).
fn snapshot_all(group: &str, documents: Vec<std::path::PathBuf>) {
    let generate = |document: &std::path::Path| {
        let label = support::label(group, document);
        let json = std::fs::read_to_string(document).unwrap();
        let code = Generator::default()
            .generate_str(&json, &label)
            .unwrap()
            .code;
        (label, code)
    };
    for document in &documents {
        let (label, code) = generate(document);
        let file_name = document.file_name().unwrap().to_string_lossy();
        let twin = file_name
            .strip_suffix(".app.json")
            .map(|stem| document.with_file_name(format!("{stem}.metadata.json")))
            .filter(|twin| documents.contains(twin));
        match twin {
            Some(twin) => {
                let without_source = |code: &str| {
                    code.lines()
                        .filter(|line| !line.starts_with("// source:"))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert_eq!(
                    without_source(&code),
                    without_source(&generate(&twin).1),
                    "{label} generates other code than its twin {}",
                    twin.display()
                );
            }
            None => insta::assert_snapshot!(label.replace(['/', '.'], "_"), code),
        }
    }
}

#[test]
fn project_fixtures() {
    snapshot_all("fixtures", support::project_fixtures());
}

#[test]
fn shared_documents() {
    snapshot_all(
        "shared",
        support::shared_fixtures_or_skip("snapshots::shared_documents"),
    );
}

/// Representative outputs of the code-shape options.
#[test]
fn code_options() {
    use servicestack_codegen::options::{MapType, ModuleLayout};
    let fixture = |name: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../fixtures")
                .join(name),
        )
        .unwrap()
    };
    let evovoice = fixture("evovoice-invitechatmember.metadata.json");
    let features = fixture("features.metadata.json");

    let mut everything = servicestack_codegen::Config::new();
    everything
        .derive(["Hash", "Eq"])
        .type_derive("CustomerBreadcrumb", "PartialOrd,Ord")
        .type_attribute("SessionInfo", "#[non_exhaustive]")
        .replace_type("SessionLogInfo", "crate::logs::SessionLogInfo")
        .map_type(MapType::BTree)
        .forward_compatible_enums(false)
        .module_layout(ModuleLayout::Namespace);
    let generated = Generator::new(everything)
        .generate_str(&evovoice, "evovoice.json")
        .unwrap();
    insta::assert_snapshot!("options_evovoice_everything", generated.code);

    let mut wire = servicestack_codegen::Config::new();
    wire.replace_type("DateTime", "chrono::DateTime<chrono::Utc>")
        .replace_type("Guid", "uuid::Uuid")
        .replace_type("Poco", "my::Poco")
        .map_type(MapType::Index)
        .module_layout(ModuleLayout::Namespace)
        .include_types(["Everything", "Customer"]);
    let generated = Generator::new(wire)
        .generate_str(&features, "features.json")
        .unwrap();
    insta::assert_snapshot!("options_features_replacements", generated.code);
}
