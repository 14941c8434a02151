//! The input: serde model of ServiceStack's `MetadataTypes` document.
//!
//! Tolerant by design, because servers of every version feed it: unknown keys are ignored,
//! absent or `null` flags and lists read as `false`/empty, keys are matched whatever their first
//! letter's case (servers configured for PascalCase), legacy spellings (`typeNamespace`) are
//! accepted, and `/metadata/app.json` documents are unwrapped to their `api` member. Members the
//! generator never reads (`namespaces`, `implements`, `isNested`, ...) are not modelled at all.

use serde::de::DeserializeOwned;
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
    /// Non-operation types: property types, bases, enums, built-ins.
    #[serde(default, deserialize_with = "null_as_default")]
    pub types: Vec<MetadataType>,
    /// One entry per API.
    #[serde(default, deserialize_with = "null_as_default")]
    pub operations: Vec<MetadataOperation>,
    /// The server's member name case (`CamelCase`, `PascalCase`, ...): `app.jsTextCase` of a
    /// `/metadata/app.json` document; `/types/metadata` does not say.
    #[serde(skip)]
    pub text_case: Option<String>,
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
    /// `[Description]` text.
    #[serde(default)]
    pub description: Option<String>,
    /// `[Notes]` text.
    #[serde(default)]
    pub notes: Option<String>,
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
    /// Exported property attributes (`Required`, `Validate`, `StringLength`, `References`, ...).
    /// Documentation only: a malformed entry is dropped, never an error.
    #[serde(default, deserialize_with = "lenient_list")]
    pub attributes: Vec<MetadataAttribute>,
    /// `[ApiMember(ParameterType)]`: where the value travels (`path`, `query`, `body`, `form`,
    /// `header`).
    #[serde(default, deserialize_with = "lenient_text")]
    pub param_type: Option<String>,
    /// `[ApiMember(DataType)]`: the type as the API documentation names it.
    #[serde(default, deserialize_with = "lenient_text")]
    pub display_type: Option<String>,
    /// `[ApiAllowableValues]` list.
    #[serde(default, deserialize_with = "lenient_texts")]
    pub allowable_values: Vec<String>,
    /// `[ApiAllowableValues]` range minimum.
    #[serde(default, deserialize_with = "lenient_int")]
    pub allowable_min: Option<i64>,
    /// `[ApiAllowableValues]` range maximum.
    #[serde(default, deserialize_with = "lenient_int")]
    pub allowable_max: Option<i64>,
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
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Named (property) arguments: `[StringLength(50, MinimumLength = 2)]` has `MinimumLength`.
    /// Documentation only: a malformed entry is dropped, never an error.
    #[serde(default, deserialize_with = "lenient_list")]
    pub args: Vec<MetadataAttributeArg>,
    /// Positional (constructor) arguments, named after the constructor's parameters.
    #[serde(default, deserialize_with = "lenient_list")]
    pub constructor_args: Vec<MetadataAttributeArg>,
}

/// One argument of an exported attribute:
/// `{ "name": "maximumLength", "type": "Int32", "value": "50" }`.
///
/// Every member is read leniently: a number or boolean is kept as its JSON text, anything but a
/// scalar reads as absent.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MetadataAttributeArg {
    /// Parameter or property name.
    #[serde(default, deserialize_with = "lenient_text")]
    pub name: Option<String>,
    /// .NET type name of the argument (`Int32`, `String`, `Type`).
    #[serde(default, rename = "type", deserialize_with = "lenient_text")]
    pub type_name: Option<String>,
    /// The value as text (`"50"`, `"NotEmpty"`, `"typeof(MyApp.Coupon)"`).
    #[serde(default, deserialize_with = "lenient_text")]
    pub value: Option<String>,
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
    let text_case = root
        .get("app")
        .and_then(|app| app.get("jsTextCase"))
        .and_then(Value::as_str)
        .map(str::to_owned);
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
    let parsed = match MetadataTypes::deserialize(&document) {
        Ok(parsed) => parsed,
        Err(_) => serde_path_to_error::deserialize(document).map_err(|error| Error::Shape {
            path: json_path(prefix, error.path()),
            message: error.into_inner().to_string(),
        })?,
    };
    Ok(MetadataTypes {
        text_case,
        ..parsed
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

// Lenient readers for documentation-only members: a server that exports them in an unexpected
// shape still gets its client generated, just without those doc lines. The document's nesting
// is already bounded by the JSON parser, so reading a subtree as a `Value` first is safe.

/// A list of which every entry that does not read as `T` is dropped; anything but an array reads
/// as empty.
fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| T::deserialize(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// A scalar as text (`5` reads as `"5"`, `true` as `"true"`); `null`, arrays and objects read as
/// absent.
fn lenient_text<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(scalar_text(Value::deserialize(deserializer)?))
}

/// A list of scalars as text; `null` entries are dropped, anything but an array reads as empty.
fn lenient_texts<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items.into_iter().filter_map(scalar_text).collect(),
        _ => Vec::new(),
    })
}

/// An integer given as a number (`10`, `10.0`) or numeric text (`"10"`); anything else, an
/// out-of-range or fractional number included, reads as absent.
fn lenient_int<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    let integral = |float: f64| {
        // `i64::MAX as f64` rounds up to 2^63, which does not fit: the upper bound is exclusive.
        (float.is_finite()
            && float.fract() == 0.0
            && float >= -(2f64.powi(63))
            && float < 2f64.powi(63))
        .then_some(float as i64)
    };
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().and_then(integral)),
        Value::String(text) => {
            let text = text.trim();
            text.parse::<i64>()
                .ok()
                .or_else(|| text.parse::<f64>().ok().and_then(integral))
        }
        _ => None,
    })
}

fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
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
