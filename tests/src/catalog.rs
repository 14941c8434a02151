//! What the generated catalogs (one per document, `<document>::catalog`) are made of: every
//! request DTO with a way to build it from `Default` with one member set, and every response
//! type with its members. `tests/tests/wire_presence.rs` sends and decodes them all.

/// A member of a DTO as it travels.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The JSON member name.
    pub wire: &'static str,
    /// A .NET reference type (string, list, map, class, bytes, object): never sent unless set.
    pub reference: bool,
}

/// Builds a DTO and serializes it.
pub type BuildDto = fn() -> serde_json::Value;

/// A request DTO of a document.
pub struct RequestCase {
    /// The Rust type name.
    pub name: &'static str,
    /// The verb `send` uses.
    pub method: &'static str,
    /// Every member.
    pub members: &'static [Member],
    /// The DTO built with `Default`, serialized.
    pub empty: BuildDto,
    /// For each member that a sample value can be made for: its wire name, and the DTO built
    /// with `Default` and that one member set, serialized.
    pub with_one_member: &'static [(&'static str, BuildDto)],
}

/// A response type of a document.
pub struct ResponseCase {
    /// The Rust type.
    pub name: &'static str,
    /// Every member.
    pub members: &'static [Member],
    /// Decodes a body as the type and encodes it back.
    pub decode: fn(&str) -> Result<serde_json::Value, String>,
}

/// Decodes `json` as `T` and serializes the value again.
pub fn decode_and_encode<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: &str,
) -> Result<serde_json::Value, String> {
    let value: T = serde_json::from_str(json).map_err(|error| error.to_string())?;
    serde_json::to_value(&value).map_err(|error| error.to_string())
}

/// The DTO as its `Serialize` writes it: what the client sends (as the body, or member by member
/// in the query string). Catalog entries stop here rather than calling the client for each of
/// hundreds of types, which would compile the whole client once per type.
pub fn to_json<T: serde::Serialize>(dto: &T) -> serde_json::Value {
    serde_json::to_value(dto).expect("a generated DTO serializes")
}
