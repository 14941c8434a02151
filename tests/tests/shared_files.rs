//! The skip reporting of `servicestack_tests::shared_files` (here rather than as unit tests of
//! the library, whose test harness would compile every generated module a second time).

use servicestack_tests::shared_files;

/// What build.rs could not compile-check without the real documents.
#[cfg(not(shared_fixtures))]
#[test]
fn skipped_without_shared() {
    shared_files::skip(
        &[
            "compiling the code generated from the real documents: the `shared` modules and \
           the blazor-gallery option variants"
                .to_owned(),
        ],
        "fixtures/metadata",
    );
}

#[test]
fn finds_gated_tests_and_gated_parts() {
    let source = "use a::b;\n#[cfg(shared_fixtures)]\nuse shared::x;\n\n#[test]\nfn open() {\n    #[cfg(shared_fixtures)]\n    x();\n    #[cfg(shared_fixtures)]\n    {\n        y();\n    }\n}\n\n#[cfg(shared_fixtures)]\n#[tokio::test(flavor = \"multi_thread\")]\nasync fn closed() {\n    #[cfg(shared_fixtures)]\n    x();\n}\n\nfn helper() {\n    #[cfg(shared_fixtures)]\n    x();\n}\n\n#[cfg(shared_fixtures)]\nfn gated_helper() {}\n";
    assert_eq!(
        shared_files::compiled_out("t", source),
        ["part of t::open", "t::closed"]
    );
}
