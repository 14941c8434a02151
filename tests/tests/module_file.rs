//! The checked-in `src/evovoice_dtos.rs` (used as `mod evovoice_dtos;`) is what the generator
//! produces now, and behaves like the `include!`d copy.

#[test]
fn checked_in_module_file_is_up_to_date() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = manifest.join("src/evovoice_dtos.rs");
    let regeneration = servicestack_codegen::regen::regenerate(&path).unwrap();
    assert!(
        regeneration.is_up_to_date(),
        "src/evovoice_dtos.rs is stale: run `servicestack-codegen update tests/src/evovoice_dtos.rs`\n{}",
        regeneration.unified_diff()
    );
}

#[test]
fn module_file_and_include_agree() {
    use servicestack_tests::evovoice_dtos as module;
    use servicestack_tests::fixtures::evovoice_invitechatmember as included;
    let from_module = module::InviteChatMember::default()
        .with_session_id("s")
        .with_member_to_add("m")
        .with_caller_id("c");
    let from_include = included::InviteChatMember::default()
        .with_session_id("s")
        .with_member_to_add("m")
        .with_caller_id("c");
    assert_eq!(
        serde_json::to_string(&from_module).unwrap(),
        serde_json::to_string(&from_include).unwrap()
    );
    let json = r#"{"id":"s","ended":true}"#;
    let from_module: module::SessionInfo = serde_json::from_str(json).unwrap();
    let from_include: included::SessionInfo = serde_json::from_str(json).unwrap();
    assert_eq!(
        serde_json::to_value(from_module).unwrap(),
        serde_json::to_value(from_include).unwrap()
    );
}
