//! The words and names the emitter writes and `readback` reads back, defined once: the doc notes
//! that record .NET names, and the runtime types generated code refers to.

/// Starts the doc line that names a struct's .NET type: `ServiceStack type: Ns.Name`.
pub const TYPE_NOTE: &str = "ServiceStack type: ";

/// Starts the doc line that names an enum's .NET type.
pub const ENUM_NOTE: &str = "ServiceStack enum: ";

/// Starts the doc line that names a `[Flags]` enum's .NET type.
pub const FLAGS_NOTE: &str = "ServiceStack `[Flags]` enum: ";

/// The runtime types a [`RustType::Runtime`](super::RustType::Runtime) names.
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
