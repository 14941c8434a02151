//! Snapshots of the generated code for every project fixture and every real document.

mod support;

use servicestack_codegen::Generator;

fn snapshot_all(group: &str, documents: Vec<std::path::PathBuf>) {
    for document in documents {
        let label = support::label(group, &document);
        let json = std::fs::read_to_string(&document).unwrap();
        let generated = Generator::default().generate_str(&json, &label).unwrap();
        let name = label.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, generated.code);
    }
}

#[test]
fn project_fixtures() {
    snapshot_all("fixtures", support::project_fixtures());
}

#[test]
fn shared_documents() {
    snapshot_all("shared", support::shared_fixtures());
}
