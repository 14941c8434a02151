//! The input: serde model of ServiceStack's `MetadataTypes` document.
//!
//! Tolerant by design, because servers of every version feed it: unknown keys are ignored,
//! absent or `null` flags and lists read as `false`/empty, keys are matched whatever their first
//! letter's case (servers configured for PascalCase), legacy spellings (`typeNamespace`) are
//! accepted, and `/metadata/app.json` documents are unwrapped to their `api` member.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::Error;

/// A `/types/metadata` document (or the `api` member of `/metadata/app.json`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataTypes {
    /// Options the server resolved for this request; informational.
    #[serde(default)]
    pub config: Option<Value>,
    /// Every .NET namespace the exported types use.
    #[serde(default, deserialize_with = "null_as_default")]
    pub namespaces: Vec<String>,
    /// Non-operation types: property types, bases, enums, built-ins.
    #[serde(default, deserialize_with = "null_as_default")]
    pub types: Vec<MetadataType>,
    /// One entry per API.
    #[serde(default, deserialize_with = "null_as_default")]
    pub operations: Vec<MetadataOperation>,
}

/// One API: its request DTO and what it answers with.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataOperation {
    /// The request DTO.
    pub request: MetadataType,
    /// The response DTO the server associates with the service, when known.
    #[serde(default)]
    pub response: Option<MetadataType>,
    /// Verbs the service class implements (`ANY`, `GET`, ...).
    #[serde(default, deserialize_with = "null_as_default")]
    pub actions: Vec<String>,
    /// The request implements `IReturnVoid`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub returns_void: bool,
    /// The preferred HTTP verb.
    #[serde(default)]
    pub method: Option<String>,
    /// The `T` of the request's `IReturn<T>` marker.
    #[serde(default)]
    pub return_type: Option<MetadataTypeName>,
    /// User-defined routes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub routes: Vec<MetadataRoute>,
    /// AutoQuery data model.
    #[serde(default)]
    pub data_model: Option<MetadataTypeName>,
    /// The caller must be authenticated.
    #[serde(default, deserialize_with = "null_as_default")]
    pub requires_auth: bool,
    /// The caller must present an API key.
    #[serde(default, deserialize_with = "null_as_default")]
    pub requires_api_key: bool,
    /// Roles all required.
    #[serde(default, deserialize_with = "null_as_default")]
    pub required_roles: Vec<String>,
    /// Roles of which one is required.
    #[serde(default, deserialize_with = "null_as_default")]
    pub requires_any_role: Vec<String>,
    /// Permissions all required.
    #[serde(default, deserialize_with = "null_as_default")]
    pub required_permissions: Vec<String>,
    /// Permissions of which one is required.
    #[serde(default, deserialize_with = "null_as_default")]
    pub requires_any_permission: Vec<String>,
    /// `[Tag]` groups.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
}

/// A user-defined route: `{ "path": "/todos/{Id}", "verbs": "PUT,DELETE" }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataRoute {
    /// Path template with `{Var}` / `{Var*}` variables.
    #[serde(default)]
    pub path: String,
    /// Comma-separated verbs; absent means any.
    #[serde(default)]
    pub verbs: Option<String>,
}

/// A type declaration: class, enum, interface.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataType {
    /// .NET name; generic definitions keep their arity suffix (``QueryDb`1``).
    pub name: String,
    /// .NET namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Parameter names of a generic definition, or the concrete arguments of a closed type.
    #[serde(default, deserialize_with = "null_as_default")]
    pub generic_args: Vec<String>,
    /// Base class.
    #[serde(default)]
    pub inherits: Option<MetadataTypeName>,
    /// Implemented interfaces.
    #[serde(default, deserialize_with = "null_as_default")]
    pub implements: Vec<MetadataTypeName>,
    /// `[Description]` text.
    #[serde(default)]
    pub description: Option<String>,
    /// `[Notes]` text.
    #[serde(default)]
    pub notes: Option<String>,
    /// Declared inside another class.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_nested: bool,
    /// An enum.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_enum: bool,
    /// An enum serialized as its integer value.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_enum_int: bool,
    /// An interface.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_interface: bool,
    /// An abstract class.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_abstract: bool,
    /// An open generic definition (8.x servers).
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_generic_type_def: bool,
    /// Declared properties (inherited ones come from `inherits`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub properties: Vec<MetadataProperty>,
    /// Exported class attributes (`Flags`, `Api`, ...).
    #[serde(default, deserialize_with = "null_as_default")]
    pub attributes: Vec<MetadataAttribute>,
    /// Enum member names.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enum_names: Vec<String>,
    /// Enum member integer values, as strings.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enum_values: Vec<String>,
    /// Enum member wire names from `[EnumMember(Value)]`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enum_member_values: Vec<Option<String>>,
    /// Enum member descriptions.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enum_descriptions: Vec<Option<String>>,
}

/// A reference to a type: `{ "name": "QueryDb`1", "genericArgs": ["Albums"] }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MetadataTypeName {
    /// .NET name, with arity suffix for generics.
    pub name: String,
    /// .NET namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Concrete type arguments.
    #[serde(default, deserialize_with = "null_as_default")]
    pub generic_args: Vec<String>,
}

/// A declared property.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataProperty {
    /// C# property name.
    pub name: String,
    /// Type string (``List`1``, `Int32`, `Poco[]`, `T`); required, checked when resolving so the
    /// error can name the property.
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    /// Namespace of the declared type (`typeNamespace` on old servers).
    #[serde(default, alias = "typeNamespace")]
    pub namespace: Option<String>,
    /// Type arguments of `type`, possibly nested (`List<Dictionary<String,Poco>>`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub generic_args: Vec<String>,
    /// The underlying .NET type is a value type.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_value_type: bool,
    /// The underlying type is an enum.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_enum: bool,
    /// The property is required (never null).
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_required: bool,
    /// `[Description]` text.
    #[serde(default)]
    pub description: Option<String>,
    /// `[DataMember]` details; its `name` is the wire name.
    #[serde(default)]
    pub data_member: Option<MetadataDataMember>,
}

/// `[DataMember]` of a property.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataDataMember {
    /// Wire name alias.
    #[serde(default)]
    pub name: Option<String>,
    /// Marked required.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_required: bool,
}

/// An exported attribute (`[Flags]`, `[Api("...")]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataAttribute {
    /// Attribute name without the `Attribute` suffix.
    #[serde(default)]
    pub name: String,
}

impl MetadataType {
    /// Whether `[Flags]` is among the type's attributes.
    pub fn has_flags_attribute(&self) -> bool {
        self.attributes
            .iter()
            .any(|attribute| matches!(attribute.name.as_str(), "Flags" | "FlagsAttribute"))
    }
}

/// Parses a metadata document from JSON text.
///
/// Accepts a `MetadataTypes` document and an `AppMetadata` document (`/metadata/app.json`), whose
/// `api` member is used. Errors name the JSON path that failed.
pub fn parse(json: &str) -> Result<MetadataTypes, Error> {
    // Windows tools save UTF-8 with a byte order mark; it is not part of the JSON.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let mut value: Value = serde_json::from_str(json).map_err(|error| Error::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    normalize_keys(&mut value);
    let Value::Object(root) = &mut value else {
        return Err(Error::Shape {
            path: "$".into(),
            message: format!(
                "expected a JSON object (a /types/metadata or /metadata/app.json document), found {}",
                json_kind(&value)
            ),
        });
    };
    let (document, prefix) = match root.remove("api") {
        Some(api) => (api, "$.api"),
        None if root.contains_key("types") || root.contains_key("operations") => (value, "$"),
        None => {
            return Err(Error::Shape {
                path: "$".into(),
                message: "expected `types` and `operations` (a /types/metadata document) or `api` \
                          (a /metadata/app.json document); found neither"
                    .into(),
            });
        }
    };
    if !document.is_object() {
        return Err(Error::Shape {
            path: prefix.into(),
            message: format!("expected an object, found {}", json_kind(&document)),
        });
    }
    // Path tracking costs on every key; a well-formed document (the common case) skips it and
    // only a failing one is read again to say where it failed.
    if let Ok(parsed) = MetadataTypes::deserialize(&document) {
        return Ok(parsed);
    }
    serde_path_to_error::deserialize(document).map_err(|error| Error::Shape {
        path: json_path(prefix, error.path()),
        message: error.into_inner().to_string(),
    })
}

/// Servers configured for PascalCase write `Types`, `IsEnum`...: lower-case the first letter of
/// every key so one serde model reads both.
fn normalize_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let needs_rename = map
                .keys()
                .any(|key| key.starts_with(|c: char| c.is_ascii_uppercase()));
            if needs_rename {
                let entries = std::mem::take(map);
                for (key, value) in entries {
                    let mut chars = key.chars();
                    let key = match chars.next() {
                        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                        None => key,
                    };
                    // A document with both `Name` and `name` keeps the first one seen.
                    map.entry(key).or_insert(value);
                }
            }
            map.values_mut().for_each(normalize_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_keys),
        _ => {}
    }
}

fn json_path(prefix: &str, path: &serde_path_to_error::Path) -> String {
    let mut out = prefix.to_owned();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => {
                out.push('.');
                out.push_str(key);
            }
            serde_path_to_error::Segment::Enum { variant } => {
                out.push('.');
                out.push_str(variant);
            }
            serde_path_to_error::Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_app_json_pascal_case_and_legacy_keys() {
        let doc = parse(
            r#"{"app":{},"api":{"Types":[{"Name":"A","Properties":[{"Name":"X","Type":"String","TypeNamespace":"System"}],"IsEnum":null}],"Operations":null}}"#,
        )
        .unwrap();
        assert_eq!(doc.types[0].name, "A");
        assert_eq!(
            doc.types[0].properties[0].namespace.as_deref(),
            Some("System")
        );
        assert!(!doc.types[0].is_enum);
        assert!(doc.operations.is_empty());
    }

    #[test]
    fn errors_name_the_path() {
        let error = parse(r#"{"types": 5}"#).unwrap_err().to_string();
        assert!(error.contains("$.types"), "{error}");
        let error = parse(r#"{"types": [{"name": "A", "properties": [{"name": 3}]}]}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("$.types[0].properties[0].name"), "{error}");
        let error = parse("[]").unwrap_err().to_string();
        assert!(error.contains("found an array"), "{error}");
        let error = parse("{\"types\": [").unwrap_err().to_string();
        assert!(error.contains("line 1"), "{error}");
        let error = parse(r#"{"api": 1}"#).unwrap_err().to_string();
        assert!(error.contains("$.api"), "{error}");
    }
}
