//! Options that change the shape of the generated code (derives, attributes, type replacement,
//! map type, enum openness, module layout, text case, feature gates, deserializable requests)
//! and the parsing of their values; `Config` records them in the file header and reads them back.

use crate::Error;

/// The map type generated for .NET dictionaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum MapType {
    /// `std::collections::HashMap` (default).
    #[default]
    Hash,
    /// `std::collections::BTreeMap`: sorted, deterministic serialization; keys must be ordered.
    BTree,
    /// `indexmap::IndexMap` (runtime feature `indexmap`): keeps the server's member order.
    Index,
}

impl MapType {
    /// The command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MapType::Hash => "hash",
            MapType::BTree => "btree",
            MapType::Index => "index",
        }
    }

    /// Parses `hash`, `btree` or `index`.
    pub fn parse(text: &str) -> Result<MapType, Error> {
        match text.trim() {
            "hash" | "HashMap" => Ok(MapType::Hash),
            "btree" | "BTreeMap" => Ok(MapType::BTree),
            "index" | "IndexMap" => Ok(MapType::Index),
            other => Err(Error::Option {
                option: "--map-type".into(),
                message: format!("`{other}`: expected hash, btree or index"),
            }),
        }
    }
}

/// How generated items are grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ModuleLayout {
    /// Every item at the top level (default).
    #[default]
    Flat,
    /// One `pub mod` per .NET namespace; references across modules use `super::module::Type`.
    Namespace,
}

impl ModuleLayout {
    /// The command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleLayout::Flat => "flat",
            ModuleLayout::Namespace => "namespace",
        }
    }

    /// Parses `flat` or `namespace`.
    pub fn parse(text: &str) -> Result<ModuleLayout, Error> {
        match text.trim() {
            "flat" => Ok(ModuleLayout::Flat),
            "namespace" | "namespaces" => Ok(ModuleLayout::Namespace),
            other => Err(Error::Option {
                option: "--modules".into(),
                message: format!("`{other}`: expected flat or namespace"),
            }),
        }
    }
}

/// The letter case of member names on the wire (ServiceStack's `TextCase`; `/metadata/app.json`
/// says which one a server uses in `app.jsTextCase`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TextCase {
    /// `sessionId`: ServiceStack's default.
    #[default]
    Camel,
    /// `SessionId`: the C# names as they are.
    Pascal,
}

impl TextCase {
    /// The command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TextCase::Camel => "camel",
            TextCase::Pascal => "pascal",
        }
    }

    /// Parses `camel` or `pascal` (also ServiceStack's `CamelCase`, `PascalCase`).
    pub fn parse(text: &str) -> Result<TextCase, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "camel" | "camelcase" => Ok(TextCase::Camel),
            "pascal" | "pascalcase" => Ok(TextCase::Pascal),
            other => Err(Error::Option {
                option: "--text-case".into(),
                message: format!("`{other}`: expected camel or pascal"),
            }),
        }
    }
}

/// Code-shape options, as the model and emitter see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeOptions {
    /// Derives added to every type where they are valid (`Hash`, `Eq`, `PartialOrd`, `Ord`,
    /// `Copy` are checked; other derives are added everywhere).
    pub derives: Vec<String>,
    /// Derives for one type: (type, derive). The type must exist; the derive must be valid.
    pub type_derives: Vec<(String, String)>,
    /// Outer attributes for one type: (type, attribute source such as `#[non_exhaustive]`).
    pub type_attributes: Vec<(String, String)>,
    /// Replacements: (.NET type or wire type name, Rust path).
    pub replacements: Vec<(String, String)>,
    /// Map type for dictionaries.
    pub map_type: MapType,
    /// Enums get a catch-all variant for values a newer server adds.
    pub forward_compatible_enums: bool,
    /// Module layout.
    pub modules: ModuleLayout,
    /// Member name case; `None` takes the document's (`app.jsTextCase`), else camelCase.
    pub text_case: Option<TextCase>,
    /// Every item is compiled only when a cargo feature of an operation that needs it is on:
    /// one feature per operation tag (and per namespace module); see [`crate::emit::features`].
    /// `--crate` turns it on.
    pub feature_gates: bool,
    /// Requests (and what only requests hold) derive `Deserialize` too, not just `Serialize`.
    pub deserializable_requests: bool,
}

impl Default for CodeOptions {
    fn default() -> Self {
        CodeOptions {
            derives: Vec::new(),
            type_derives: Vec::new(),
            type_attributes: Vec::new(),
            replacements: Vec::new(),
            map_type: MapType::Hash,
            forward_compatible_enums: true,
            modules: ModuleLayout::Flat,
            text_case: None,
            feature_gates: false,
            deserializable_requests: false,
        }
    }
}

/// The wire types a replacement may target, by the name used in `--replace-type`, with the
/// runtime type the serde adapter goes through.
pub const WIRE_TYPES: &[(&str, &str)] = &[
    ("Guid", "Guid"),
    ("DateTime", "DateTime"),
    ("DateTimeOffset", "DateTimeOffset"),
    ("DateOnly", "DateOnly"),
    ("TimeOnly", "TimeOnly"),
    ("TimeSpan", "TimeSpan"),
    ("Decimal", "Decimal"),
];

/// Splits `NAME=VALUE` (the first `=`), for `--type-derive`, `--type-attr`, `--replace-type`.
pub fn split_assignment(option: &str, text: &str) -> Result<(String, String), Error> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(Error::Option {
            option: option.to_owned(),
            message: format!("`{text}`: expected TYPE=VALUE"),
        }),
    }
}

/// Checks a derive path (`Hash`, `schemars::JsonSchema`).
pub fn parse_derive(option: &str, text: &str) -> Result<syn::Path, Error> {
    syn::parse_str::<syn::Path>(text.trim()).map_err(|error| Error::Option {
        option: option.to_owned(),
        message: format!("`{text}` is not a derive path: {error}"),
    })
}

/// Checks that an attribute source is outer attributes and nothing else.
pub fn parse_attributes(option: &str, text: &str) -> Result<Vec<syn::Attribute>, Error> {
    let fail = |message: String| Error::Option {
        option: option.to_owned(),
        message: format!("`{text}`: {message}"),
    };
    let attributes = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text.trim())
        .map_err(|error| fail(format!("not an attribute: {error}")))?;
    if attributes.is_empty() {
        return Err(fail(
            "expected an attribute such as #[non_exhaustive]".into(),
        ));
    }
    Ok(attributes)
}

/// Checks a replacement path (`my_crate::Money`, `chrono::DateTime<chrono::Utc>`).
pub fn parse_type_path(option: &str, text: &str) -> Result<syn::Type, Error> {
    match syn::parse_str::<syn::Type>(text.trim()) {
        Ok(ty @ syn::Type::Path(_)) => Ok(ty),
        Ok(_) => Err(Error::Option {
            option: option.to_owned(),
            message: format!("`{text}` must be a type path such as my_crate::Money"),
        }),
        Err(error) => Err(Error::Option {
            option: option.to_owned(),
            message: format!("`{text}` is not a Rust type: {error}"),
        }),
    }
}

/// Comma-separated list, trimmed, empties dropped.
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            split_assignment("--x", "A=B=C").unwrap(),
            ("A".into(), "B=C".into())
        );
        assert!(split_assignment("--x", "A").is_err());
        assert!(parse_attributes("--type-attr", "#[non_exhaustive]").is_ok());
        assert!(parse_attributes("--type-attr", "#[a] fn evil() {}").is_err());
        assert!(parse_attributes("--type-attr", "").is_err());
        assert!(parse_derive("--derive", "schemars::JsonSchema").is_ok());
        assert!(parse_derive("--derive", "Hash)]fn x(){}").is_err());
        assert!(parse_type_path("--replace-type", "chrono::DateTime<chrono::Utc>").is_ok());
        assert!(parse_type_path("--replace-type", "fn()").is_err());
        assert_eq!(MapType::parse("btree").unwrap(), MapType::BTree);
        assert!(MapType::parse("tree").is_err());
        assert_eq!(
            ModuleLayout::parse("namespace").unwrap(),
            ModuleLayout::Namespace
        );
    }
}
