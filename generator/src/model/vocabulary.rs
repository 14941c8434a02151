//! The words and names the emitter writes and `readback` reads back, defined once: the doc notes
//! that record .NET names, the runtime types generated code refers to, and the .NET types the model
//! maps to Rust without generating them (builtins, collections, framework types).

use super::RustType;

/// Starts the doc line that names a struct's .NET type: `ServiceStack type: Ns.Name`.
pub const TYPE_NOTE: &str = "ServiceStack type: ";

/// Starts the doc line that names an enum's .NET type.
pub const ENUM_NOTE: &str = "ServiceStack enum: ";

/// Starts the doc line that names a `[Flags]` enum's .NET type.
pub const FLAGS_NOTE: &str = "ServiceStack `[Flags]` enum: ";

/// The runtime types a [`RustType::Runtime`] names.
pub const RUNTIME_TYPES: [&str; 10] = [
    "Decimal",
    "DateTime",
    "DateTimeOffset",
    "DateOnly",
    "TimeOnly",
    "TimeSpan",
    "Guid",
    "Bytes",
    "ResponseStatus",
    "ResponseError",
];

/// Whether a runtime type (of [`RUNTIME_TYPES`]) stands for a .NET value type: the wire types
/// other than `Bytes`, which is `byte[]`. These also read `null` as their default themselves, so
/// fields of them need no `lenient` reading.
pub fn is_value_runtime_type(name: &str) -> bool {
    runtime_type(name).is_some() && !matches!(name, "Bytes" | "ResponseStatus" | "ResponseError")
}

/// The runtime name for a name of [`RUNTIME_TYPES`].
pub fn runtime_type(name: &str) -> Option<&'static str> {
    RUNTIME_TYPES
        .iter()
        .copied()
        .find(|runtime| *runtime == name)
}

/// The standard derives of every generated struct, in the order written; the serde and
/// runtime derives follow (`Serialize`, and `Deserialize` and `Dto` when the client decodes it).
pub const STRUCT_DERIVES: [&str; 4] = ["Debug", "Clone", "PartialEq", "Default"];

/// The standard derives of every generated enum, in the order written; `Copy` follows `Clone`
/// when no variant holds data, and `Default` comes last when a member is the default (else the
/// emitter writes the `Default` impl itself).
pub const ENUM_DERIVES: [&str; 7] = [
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
];

/// The derives of every `[Flags]` bit-set, in the order written.
pub const FLAGS_DERIVES: [&str; 9] = [
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Default",
];

/// The .NET types with a fixed Rust mapping, by name without arity or namespace, in one table so
/// the model, the fuzzer and the property tests agree on which names are built in.
///
/// A document may still declare a type of one of these names in a namespace of its own
/// (`MyApp.String`); the type mapping checks the property's namespace before using this table.
pub const DOTNET_BUILTINS: &[(&str, Builtin)] = &[
    ("String", Builtin::String),
    ("Uri", Builtin::String),
    ("Type", Builtin::String),
    ("Boolean", Builtin::Primitive("bool")),
    ("Char", Builtin::Primitive("char")),
    ("SByte", Builtin::Primitive("i8")),
    ("Byte", Builtin::Primitive("u8")),
    ("Int16", Builtin::Primitive("i16")),
    ("UInt16", Builtin::Primitive("u16")),
    ("Int32", Builtin::Primitive("i32")),
    ("UInt32", Builtin::Primitive("u32")),
    ("Int64", Builtin::Primitive("i64")),
    ("IntPtr", Builtin::Primitive("i64")),
    ("UInt64", Builtin::Primitive("u64")),
    ("UIntPtr", Builtin::Primitive("u64")),
    ("Int128", Builtin::Primitive("i128")),
    ("UInt128", Builtin::Primitive("u128")),
    ("Single", Builtin::Primitive("f32")),
    ("Half", Builtin::Primitive("f32")),
    ("Double", Builtin::Primitive("f64")),
    ("Decimal", Builtin::Runtime("Decimal")),
    ("DateTime", Builtin::Runtime("DateTime")),
    ("DateTimeOffset", Builtin::Runtime("DateTimeOffset")),
    ("DateOnly", Builtin::Runtime("DateOnly")),
    ("TimeOnly", Builtin::Runtime("TimeOnly")),
    ("TimeSpan", Builtin::Runtime("TimeSpan")),
    ("Guid", Builtin::Runtime("Guid")),
    ("Stream", Builtin::Runtime("Bytes")),
    ("MemoryStream", Builtin::Runtime("Bytes")),
    ("IFormFile", Builtin::Runtime("Bytes")),
    ("Object", Builtin::Json),
    ("JsonNode", Builtin::Json),
    ("JsonElement", Builtin::Json),
    ("JsonObject", Builtin::Json),
    ("JsonArray", Builtin::Json),
    ("JsonDocument", Builtin::Json),
    ("dynamic", Builtin::Json),
];

/// A Rust primitive some builtin of [`DOTNET_BUILTINS`] maps to, by its Rust name (`i32`):
/// how `readback` tells a primitive field from a generated type.
pub fn rust_primitive(name: &str) -> Option<&'static str> {
    DOTNET_BUILTINS
        .iter()
        .find_map(|(_, builtin)| match builtin {
            Builtin::Primitive(primitive) if *primitive == name => Some(*primitive),
            _ => None,
        })
}

/// What a .NET builtin of [`DOTNET_BUILTINS`] becomes in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `::std::string::String`.
    String,
    /// A Rust primitive (`i32`, `bool`, ...).
    Primitive(&'static str),
    /// A runtime type of [`RUNTIME_TYPES`].
    Runtime(&'static str),
    /// `::serde_json::Value`: the type says nothing about the shape.
    Json,
}

impl Builtin {
    /// The IR type.
    pub fn rust_type(self) -> RustType {
        match self {
            Builtin::String => RustType::String,
            Builtin::Primitive(name) => RustType::Primitive(name),
            Builtin::Runtime(name) => RustType::Runtime(name),
            Builtin::Json => RustType::Json,
        }
    }
}

/// The Rust type of a .NET builtin, by its name without arity (`Int32` → `i32`).
pub fn builtin(name: &str) -> Option<RustType> {
    DOTNET_BUILTINS
        .iter()
        .find(|(dotnet, _)| *dotnet == name)
        .map(|(_, builtin)| builtin.rust_type())
}

/// The .NET names of [`DOTNET_BUILTINS`], in table order.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    DOTNET_BUILTINS.iter().map(|(name, _)| *name)
}

/// .NET collections that become `Vec<T>` (with at most one type argument; none reads as
/// `Vec<serde_json::Value>`).
pub const LIST_TYPES: &[&str] = &[
    "List",
    "IList",
    "IEnumerable",
    "ICollection",
    "IReadOnlyList",
    "IReadOnlyCollection",
    "HashSet",
    "ISet",
    "SortedSet",
    "Queue",
    "Stack",
    "LinkedList",
    "ArrayList",
    "Collection",
    "ObservableCollection",
    "ReadOnlyCollection",
    "ConcurrentBag",
    "IAsyncEnumerable",
];

/// .NET dictionaries that become the map type of the options (with two type arguments, or none
/// for the untyped ones, which read as string keys and JSON values).
pub const MAP_TYPES: &[&str] = &[
    "Dictionary",
    "IDictionary",
    "IReadOnlyDictionary",
    "SortedDictionary",
    "SortedList",
    "ConcurrentDictionary",
    "OrderedDictionary",
    "IOrderedDictionary",
    "Hashtable",
    "StringDictionary",
    "NameValueCollection",
    "ReadOnlyDictionary",
];

/// .NET framework types that are neither builtins nor collections but show up as responses or
/// property types: never generated.
pub const FRAMEWORK_TYPES: &[&str] = &[
    "Task",
    "ValueTask",
    "Void",
    "Array",
    "Nullable",
    "Tuple",
    "ValueTuple",
    "Enum",
    "ValueType",
    "HttpWebResponse",
    "HttpResponseMessage",
    "IReturn",
    "IReturnVoid",
];

/// Whether a .NET name (without arity) is one of .NET's own: a builtin, a collection or a
/// framework type. A declaration of such a name without a namespace or members is .NET's, not
/// the API's.
pub fn is_dotnet_name(name: &str) -> bool {
    builtin(name).is_some()
        || LIST_TYPES.contains(&name)
        || MAP_TYPES.contains(&name)
        || FRAMEWORK_TYPES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_primitives_are_those_of_the_table() {
        for name in [
            "bool", "char", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128", "u128",
            "f32", "f64",
        ] {
            assert_eq!(rust_primitive(name), Some(name));
        }
        for name in ["String", "usize", "Decimal", "Int32"] {
            assert_eq!(rust_primitive(name), None, "{name}");
        }
    }

    #[test]
    fn builtins_map_to_their_rust_types() {
        assert_eq!(builtin("Int32"), Some(RustType::Primitive("i32")));
        assert_eq!(builtin("IntPtr"), Some(RustType::Primitive("i64")));
        assert_eq!(builtin("Uri"), Some(RustType::String));
        assert_eq!(builtin("Guid"), Some(RustType::Runtime("Guid")));
        assert_eq!(builtin("IFormFile"), Some(RustType::Runtime("Bytes")));
        assert_eq!(builtin("dynamic"), Some(RustType::Json));
        assert_eq!(builtin("Poco"), None);
        assert_eq!(builtin("List"), None);
    }

    #[test]
    fn the_tables_are_consistent() {
        let names: Vec<&str> = builtin_names().collect();
        assert_eq!(names.len(), DOTNET_BUILTINS.len());
        let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "a builtin is listed twice");
        for (name, builtin) in DOTNET_BUILTINS {
            if let Builtin::Runtime(runtime) = builtin {
                assert_eq!(runtime_type(runtime), Some(*runtime), "{name}");
            }
            assert!(is_dotnet_name(name));
        }
        for name in LIST_TYPES.iter().chain(MAP_TYPES).chain(FRAMEWORK_TYPES) {
            assert!(
                builtin(name).is_none(),
                "{name} is a builtin and a collection"
            );
            assert!(is_dotnet_name(name));
        }
        assert!(!is_dotnet_name("KeyValuePair"));
    }
}
