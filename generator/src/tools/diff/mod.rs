//! Semantic API diff: what changed between two metadata documents, and whether a Rust client
//! generated from the old one still works against a server that serves the new one.
//!
//! ```no_run
//! use servicestack_codegen::{diff, metadata};
//!
//! let old = metadata::parse(&std::fs::read_to_string("old.json")?)?;
//! let new = metadata::parse(&std::fs::read_to_string("new.json")?)?;
//! let diff = diff::diff_documents(&old, &new)?;
//! println!("{}", diff.render_markdown());
//! if diff.has_breaking() {
//!     std::process::exit(1);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is compared
//!
//! Both documents are resolved into the generator's IR (all types kept), so the diff sees what
//! the generated code sees. Not API changes, and never reported: the order of types, properties,
//! enum members and routes; descriptions and notes; a type moving to another namespace (unless two
//! types share its name); Rust names (a collision suffix, a keyword escape); which base class
//! declares a property (inheritance is flattened); `Box` on cycle-closing fields; generic parameter
//! names; 6.x closed vs 8.x open generic responses (`QueryResponse<T>` is read from the `IReturn`
//! marker either way); `\u0060` vs a raw backtick; `ResponseStatus` and `ResponseError`, which the
//! runtime provides.
//!
//! Types are identified by .NET name (with arity), properties and enum members by wire name;
//! changes name the C# property. Property types are shown as the generated Rust field type, with
//! generated types under their .NET name: `Option<Vec<Booking>>`, `HashMap<String, i32>`. On the
//! **request** side a property is *required* when the server requires it: a non-nullable value
//! type (a non-`Option` field) or a member its model declares non-null (`isRequired`, an `Option`
//! in Rust documented as required; see the README's optionality table). On the **response** side
//! what counts is how old clients decode it: *required* means a non-`Option` field, which reads a
//! missing member as a default.
//!
//! Only types some operation reaches are compared. A type is on the **request** side when a
//! request DTO reaches it through its fields (the DTO included), on the **response** side when an
//! operation's response type reaches it; a type reached from both is on **both** sides and the
//! stricter verdict wins. The sides of the old and the new document are united.
//!
//! # Classification
//!
//! The client is generated from the OLD document; the server serves the NEW one. Generated structs
//! ignore unknown members, fill missing ones with defaults (`Option` → `None`, value types → their
//! default, `null` too), and every enum has a catch-all variant.
//!
//! | change | request side | response side | why |
//! |---|---|---|---|
//! | operation added | — | — | compatible: nobody calls it yet |
//! | operation removed | — | — | **breaking**: old calls fail |
//! | preferred verb changed | — | — | **breaking**: old clients send the old verb; compatible when the service still implements it or `ANY` (the operation's `actions`) |
//! | a route removed, or a route's verbs narrowed | — | — | **breaking** for clients using user-defined routes |
//! | routes added or verbs widened only | — | — | compatible |
//! | response type changed | — | — | **breaking**; compatible when the old response was `()` (body ignored), raw bytes (any body reads), or where it was `serde_json::Value` |
//! | auth tightened (login, API key, a role or permission added, fewer "any of" options) | — | — | **breaking** |
//! | auth loosened only | — | — | compatible |
//! | type added | compatible | compatible | its uses are reported where they appear |
//! | type removed | compatible | compatible | every former use is reported on its own (removed operation, removed or retyped property) |
//! | type kind changed (struct, string enum, integer enum, flags) | **breaking** | **breaking** | different wire form |
//! | required property added | **breaking** | compatible | old clients never send it / ignore it |
//! | optional property added | compatible | compatible | |
//! | required property removed | compatible | **breaking** | the server ignores unknown members / old code silently reads a default |
//! | optional property removed | compatible | compatible | old code already handles `None` |
//! | property retyped (beyond `Option`) | **breaking** | **breaking** | compatible only when the old type was `serde_json::Value` where the new one is specific |
//! | optional → required | **breaking** | compatible | old clients may leave it out / the old `Option` reads `Some` |
//! | required → optional | compatible | **breaking** | old clients always send it / `null` or absence reaches a non-`Option` field |
//! | enum or flags value added | compatible | compatible | old clients never send it / the catch-all variant (flags keep unknown bits) |
//! | enum or flags value removed | **breaking** | compatible | the server may reject it / it is never sent |
//! | integer enum or flags value renumbered | **breaking** | **breaking** | numbers are the wire form |
//!
//! A new non-`Option` value-type request property (`int Count`) counts as required: old clients
//! cannot send it, and the server reads `0`, which the new API may reject. This is conservative.
//! A removed *optional* response property is compatible because an old client must already cope
//! with `None`; a removed *required* one is breaking because code reading it gets a default that
//! looks like real data.
//!
//! This is a wire-level verdict about old clients. Regenerating code from the new document can
//! still break Rust callers where the wire does not (a removed type or field no longer compiles);
//! `cargo check` on the regenerated code shows those.

mod classify;
mod render;
mod report;
mod surface;
#[cfg(test)]
mod tests;
mod text;

pub use render::JSON_VERSION;
pub use report::{ApiDiff, Change, ChangeKind, Severity, Side};

use crate::error::Error;
use crate::filter::TypeFilter;
use crate::metadata::MetadataTypes;
use crate::model::resolve;
use surface::Surface;

/// Compares two documents: `old` is what clients were generated from, `new` what the server
/// serves now. Fails only when a document cannot be resolved (the same errors `generate` gives).
pub fn diff_documents(old: &MetadataTypes, new: &MetadataTypes) -> Result<ApiDiff, Error> {
    let filter = TypeFilter::default();
    let (old_ir, _) = resolve(old, &filter)?;
    let (new_ir, _) = resolve(new, &filter)?;
    let changes = classify::compare(
        &Surface::of_document(&old_ir, old),
        &Surface::of_document(&new_ir, new),
    );
    Ok(ApiDiff { changes })
}

/// Compares two files the generator wrote (read back with [`crate::readback`]): how `check` and
/// `update` explain a change without the metadata the old file came from. Generated code does not
/// record which verbs a service accepts, so every verb change counts as breaking here.
pub fn diff_generated(old_code: &str, new_code: &str) -> Result<ApiDiff, Error> {
    let old_ir = crate::readback::read_generated(old_code, "the current file")?;
    let new_ir = crate::readback::read_generated(new_code, "the regenerated file")?;
    let changes = classify::compare(
        &Surface::of_generated(&old_ir),
        &Surface::of_generated(&new_ir),
    );
    Ok(ApiDiff { changes })
}
