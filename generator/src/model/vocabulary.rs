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

/// The runtime types whose own `Deserialize` reads `null` as their default (the value wire
/// types), so fields of them need no `lenient` reading.
pub const NULL_AS_DEFAULT_RUNTIME: [&str; 7] = [
    "DateTime",
    "DateTimeOffset",
    "DateOnly",
    "TimeOnly",
    "TimeSpan",
    "Guid",
    "Decimal",
];

/// The runtime name for a name of [`RUNTIME_TYPES`].
pub fn runtime_type(name: &str) -> Option<&'static str> {
    RUNTIME_TYPES
        .iter()
        .copied()
        .find(|runtime| *runtime == name)
}
