//! The checked-in `src/evovoice_dtos.rs` (used as `mod evovoice_dtos;`) is exactly what the
//! generator produces now, and behaves like the `include!`d copy.

#[test]
fn checked_in_module_file_is_up_to_date() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked_in = std::fs::read_to_string(manifest.join("src/evovoice_dtos.rs")).unwrap();
    let header =
        servicestack_codegen::header::Header::parse(&checked_in).expect("a generated file");
    let source = manifest.join("src").join(&header.source);
    let json = std::fs::read_to_string(&source).unwrap();
    let fresh = servicestack_codegen::Generator::default()
        .generate_str(&json, &header.source)
        .unwrap();
    assert_eq!(
        checked_in, fresh.code,
        "src/evovoice_dtos.rs is stale: run `cd tests/src && servicestack-codegen generate {} -o evovoice_dtos.rs`",
        header.source
    );
}

#[test]
fn module_file_and_include_agree() {
    let json = r#"{"sessionId":"s","memberToAdd":"m","callerId":"c"}"#;
    let from_module: servicestack_tests::evovoice_dtos::InviteChatMember =
        serde_json::from_str(json).unwrap();
    let from_include: servicestack_tests::fixtures::evovoice_invitechatmember::InviteChatMember =
        serde_json::from_str(json).unwrap();
    assert_eq!(
        serde_json::to_value(from_module).unwrap(),
        serde_json::to_value(from_include).unwrap()
    );
}
