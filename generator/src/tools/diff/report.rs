//! The diff's public data: one [`Change`] per difference, classified.

use std::fmt;

use serde::Serialize;

/// Every API difference between two metadata documents, in a deterministic order: breaking
/// changes first, then by the operation or type they concern, then by kind and member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The changes, sorted.
    pub changes: Vec<Change>,
}

/// One difference, classified for a client generated from the old document talking to a server
/// that serves the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Whether old clients break.
    pub severity: Severity,
    /// Where the change matters.
    pub side: Side,
    /// The operation concerned: set for operation changes and for changes to an operation's
    /// request DTO.
    pub operation: Option<String>,
    /// The .NET type concerned, without namespace (`Booking`, `QueryResponse<T>`).
    pub type_name: Option<String>,
    /// The property (its C# name) or enum member (its wire name) concerned.
    pub member: Option<String>,
    /// The old value: a property type, verb, route list, auth requirement, response type...
    pub old: Option<String>,
    /// The new value, same vocabulary as `old`.
    pub new: Option<String>,
    /// One self-contained sentence: where, what, and why it is (or is not) breaking. Names are
    /// in backticks, as in rustc messages.
    pub message: String,
}

/// Whether a change breaks a client generated from the old document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Old clients fail, or silently misread data.
    Breaking,
    /// Old clients keep working.
    Compatible,
}

/// Where a change matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// A type that clients send (reachable from a request DTO).
    Request,
    /// A type that clients receive (reachable from a response type).
    Response,
    /// A type reachable from both; the stricter classification applies.
    Both,
    /// The operation itself: its existence, verb, routes, auth or response type.
    Operation,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// The preferred HTTP verb changed.
    VerbChanged,
    /// User-defined routes were added, removed or changed verbs.
    RoutesChanged,
    /// The response type (or how the body is read) changed.
    ResponseTypeChanged,
    /// Authentication, API key, role or permission requirements changed.
    AuthChanged,
    /// A new type used by some operation.
    TypeAdded,
    /// A type no operation uses any more.
    TypeRemoved,
    /// A type changed what it is: struct, string enum, integer enum, flags.
    TypeKindChanged,
    /// A new property.
    PropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// A property's type changed (beyond optionality).
    PropertyRetyped,
    /// A property went from `Option<T>` to `T`.
    PropertyBecameRequired,
    /// A property went from `T` to `Option<T>`.
    PropertyBecameOptional,
    /// A new enum (or flags) member.
    EnumValueAdded,
    /// An enum (or flags) member is gone.
    EnumValueRemoved,
    /// An integer enum's (or flags') member kept its name but not its number.
    EnumValueChanged,
}

impl Severity {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        }
    }
}

impl Side {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
            Side::Both => "both",
            Side::Operation => "operation",
        }
    }
}

impl ChangeKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation_added",
            ChangeKind::OperationRemoved => "operation_removed",
            ChangeKind::VerbChanged => "verb_changed",
            ChangeKind::RoutesChanged => "routes_changed",
            ChangeKind::ResponseTypeChanged => "response_type_changed",
            ChangeKind::AuthChanged => "auth_changed",
            ChangeKind::TypeAdded => "type_added",
            ChangeKind::TypeRemoved => "type_removed",
            ChangeKind::TypeKindChanged => "type_kind_changed",
            ChangeKind::PropertyAdded => "property_added",
            ChangeKind::PropertyRemoved => "property_removed",
            ChangeKind::PropertyRetyped => "property_retyped",
            ChangeKind::PropertyBecameRequired => "property_became_required",
            ChangeKind::PropertyBecameOptional => "property_became_optional",
            ChangeKind::EnumValueAdded => "enum_value_added",
            ChangeKind::EnumValueRemoved => "enum_value_removed",
            ChangeKind::EnumValueChanged => "enum_value_changed",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ApiDiff {
    /// Whether any change breaks old clients (for `--fail-on breaking`).
    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|change| change.severity == Severity::Breaking)
    }

    /// Whether the two documents describe the same API (for `--fail-on any`).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|change| change.severity == severity)
            .count()
    }
}
