//! Generates the Evo Voice DTOs into OUT_DIR; `src/lib.rs` includes them.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    servicestack_codegen::Config::new()
        .include_types(["InviteChatMember.*"])
        .file_name("evovoice.rs")
        .compile("../../fixtures/evovoice-invitechatmember.metadata.json")?;
    Ok(())
}
