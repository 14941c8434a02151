//! Snapshots of the semantic diff between real versions of the same API (Blazor Gallery on
//! ServiceStack 6.61, 8.61 and 8.91), in every format.

mod support;

use std::path::PathBuf;

use servicestack_codegen::diff::{ApiDiff, diff_documents};
use servicestack_codegen::metadata;

const V6_61: &str = "blazor-gallery-v6.61.metadata.json";
const V8_61: &str = "blazor-gallery-jamstacks-v8.61.metadata.json";
const V8_91: &str = "blazor-gallery-v8.91.metadata.json";

/// The three evolutions, each as (snapshot label, old, new).
const EVOLUTIONS: [(&str, &str, &str); 3] = [
    ("v6_61_to_v8_61", V6_61, V8_61),
    ("v8_61_to_v8_91", V8_61, V8_91),
    ("v6_61_to_v8_91", V6_61, V8_91),
];

/// The real documents by file name; `None` when `../shared` is absent (`test` is skipped outside
/// CI).
fn documents(test: &str) -> Option<Vec<PathBuf>> {
    let documents = support::shared_fixtures_or_skip(test);
    if documents.is_empty() {
        return None;
    }
    Some(documents)
}

fn diff(documents: &[PathBuf], old: &str, new: &str) -> ApiDiff {
    let load = |name: &str| {
        let path = documents
            .iter()
            .find(|path| path.file_name().is_some_and(|file| file == name))
            .unwrap_or_else(|| panic!("{name} is missing from ../shared/fixtures/metadata"));
        metadata::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    diff_documents(&load(old), &load(new)).unwrap()
}

#[test]
fn text_reports() {
    let Some(documents) = documents("diff::text_reports") else {
        return;
    };
    for (label, old, new) in EVOLUTIONS {
        let diff = diff(&documents, old, new);
        insta::assert_snapshot!(format!("{label}_text"), diff.render_text());
    }
}

#[test]
fn markdown_reports() {
    let Some(documents) = documents("diff::markdown_reports") else {
        return;
    };
    for (label, old, new) in EVOLUTIONS {
        let diff = diff(&documents, old, new);
        insta::assert_snapshot!(format!("{label}_markdown"), diff.render_markdown());
    }
}

#[test]
fn json_reports() {
    let Some(documents) = documents("diff::json_reports") else {
        return;
    };
    for (label, old, new) in EVOLUTIONS {
        let diff = diff(&documents, old, new);
        let rendered = diff.render_json();
        insta::assert_snapshot!(format!("{label}_json"), rendered);

        let json: serde_json::Value = serde_json::from_str(&rendered).unwrap();
        let root = json.as_object().unwrap();
        let mut keys: Vec<&str> = root.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["changes", "has_breaking", "summary", "version"]);
        assert_eq!(json["version"], 1);
        assert_eq!(json["has_breaking"], diff.has_breaking());
        let changes = json["changes"].as_array().unwrap();
        assert_eq!(changes.len(), diff.changes.len());
        assert_eq!(json["summary"]["total"], changes.len());
        let breaking = changes
            .iter()
            .filter(|change| change["severity"] == "breaking")
            .count();
        assert_eq!(json["summary"]["breaking"], breaking);
        assert_eq!(
            json["summary"]["compatible"],
            changes.len() - breaking,
            "{label}"
        );
        for change in changes {
            let fields = change.as_object().unwrap();
            for field in [
                "kind",
                "severity",
                "side",
                "operation",
                "type_name",
                "member",
                "old",
                "new",
                "message",
            ] {
                assert!(fields.contains_key(field), "{label}: {field} missing");
            }
            assert_eq!(fields.len(), 9, "{label}: unexpected fields in {change}");
        }
    }
}

#[test]
fn summaries_and_symmetry() {
    let Some(documents) = documents("diff::summaries_and_symmetry") else {
        return;
    };
    let mut lines = Vec::new();
    for (label, old, new) in EVOLUTIONS {
        let forward = diff(&documents, old, new);
        let backward = diff(&documents, new, old);
        // What one direction adds the other removes: the counts of changes match.
        assert_eq!(
            forward.changes.len(),
            backward.changes.len(),
            "{label}:\n{}\n{}",
            forward.render_text(),
            backward.render_text()
        );
        assert!(diff(&documents, old, old).is_empty());
        lines.push(format!("{label}: {}", forward.summary()));
        lines.push(format!("{label} reversed: {}", backward.summary()));
    }
    insta::assert_snapshot!("summaries", lines.join("\n"));
}

/// Every document the project knows, compared with itself (nothing changes) and with its
/// neighbour in name order (unrelated APIs: many changes, no panic, every rendering works).
#[test]
fn any_two_documents_diff_cleanly() {
    let mut documents = support::project_fixtures();
    documents.extend(support::shared_fixtures_or_skip(
        "the real documents in diff::any_two_documents_diff_cleanly, which runs on the project \
         fixtures",
    ));
    let parsed: Vec<(String, metadata::MetadataTypes)> = documents
        .iter()
        .map(|path| {
            let json = std::fs::read_to_string(path).unwrap();
            (path.display().to_string(), metadata::parse(&json).unwrap())
        })
        .collect();
    for (index, (name, document)) in parsed.iter().enumerate() {
        let same = diff_documents(document, document).unwrap();
        assert!(same.is_empty(), "{name}:\n{}", same.render_text());
        let (other_name, other) = &parsed[(index + 1) % parsed.len()];
        let diff = diff_documents(document, other).unwrap();
        for rendered in [
            diff.summary(),
            diff.render_text(),
            diff.render_markdown(),
            diff.render_json(),
        ] {
            assert!(!rendered.is_empty(), "{name} → {other_name}");
            assert!(
                !rendered.contains('\u{1b}'),
                "{name} → {other_name}: control characters leaked"
            );
        }
        assert!(!diff.summary().contains('\n'), "{name} → {other_name}");
        serde_json::from_str::<serde_json::Value>(&diff.render_json()).unwrap();
    }
}
