//! How a property travels: whether it is an `Option`, when it is sent, what `null` reads as, and
//! the member names it is read under. Every field of the IR gets its shape here, so the rules of
//! the README's optionality table live in one place.
//!
//! The rules follow the .NET client, which is what ServiceStack servers are built against:
//!
//! - A reference type (string, list, array, map, class, bytes, `object`, a generic parameter) is
//!   `Option<T>`: `None` is never sent, and a member the server left out or sent as `null` reads
//!   as `None`, distinguishable from an empty value. C#'s `isRequired` (from nullable reference
//!   annotations) does not change this: it says what the server's model declares, not what a
//!   client must send, and sending `""` for an unset string blanks columns on AutoQuery PATCH.
//! - A non-nullable value type (number, bool, date, `Guid`, enum, C# struct) is `T`: always
//!   sent, as the .NET client sends its default; missing or `null` reads as the default.
//! - `Nullable<T>` is `Option<T>`.
//! - `null` inside lists and maps (and for value types) is read as the element's default through
//!   `servicestack_runtime::lenient`, so one `null` never fails a whole response.

use crate::model::{Field, RustType};
use crate::options::TextCase;

/// What the property is on the .NET side, as far as presence goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DotnetKind {
    /// A non-nullable value type.
    Value,
    /// A reference type or a generic parameter.
    Reference,
}

/// The field's Rust type: `mapped` as is for value types (and `Nullable<T>`, already an
/// `Option`), wrapped in `Option` for everything else or when the document makes every
/// property optional.
pub(crate) fn field_type(mapped: RustType, kind: DotnetKind, all_optional: bool) -> RustType {
    match mapped {
        RustType::Option(_) => mapped,
        other if all_optional || kind == DotnetKind::Reference => RustType::Option(Box::new(other)),
        other => other,
    }
}

/// Whether a field of this type must be read through `servicestack_runtime::lenient` for `null`
/// to decode: a bare value (null → default), or a list or map anywhere inside (null elements and
/// values → their default). `Option<T>` of anything else reads `null` as `None` by itself.
///
/// Types the user supplies (`--replace-type`) decode with their own serde (wire replacements get
/// serde_with's `DefaultOnNull` from the emitter instead).
///
/// The runtime's value wire types (`DateTime`, `Decimal`, `Guid`, `TimeSpan`, `DateOnly`,
/// `TimeOnly`) and generated enums and flags (`is_enum`) read `null` as their default
/// themselves, at any depth.
pub(crate) fn needs_lenient(ty: &RustType, is_enum: &dyn Fn(&str) -> bool) -> bool {
    !mentions_replacement(ty) && null_fails(ty, is_enum)
}

/// Whether a `null` as this value, or anywhere inside it, fails to decode with the type's own serde.
fn null_fails(ty: &RustType, is_enum: &dyn Fn(&str) -> bool) -> bool {
    match ty {
        RustType::Option(inner) => null_inside_fails(inner, is_enum),
        RustType::Boxed(inner) => null_fails(inner, is_enum),
        RustType::Json | RustType::Unit => false,
        RustType::Runtime(name) => !super::vocabulary::is_value_runtime_type(name),
        RustType::Named { rust_name, .. } => !is_enum(rust_name),
        _ => true,
    }
}

/// Whether a `null` inside this value (a list element, a map value) fails to decode.
fn null_inside_fails(ty: &RustType, is_enum: &dyn Fn(&str) -> bool) -> bool {
    match ty {
        RustType::Vec(element) => null_fails(element, is_enum),
        RustType::Map(_, value) => null_fails(value, is_enum),
        RustType::Option(inner) | RustType::Boxed(inner) => null_inside_fails(inner, is_enum),
        _ => false,
    }
}

fn mentions_replacement(ty: &RustType) -> bool {
    ty.any(&|ty| matches!(ty, RustType::Replaced { .. }))
}

/// The member name a property is sent under in `text_case`, and the other spelling it is also
/// read under (servers configured for PascalCase answer `SessionId` where others answer
/// `sessionId`). A `[DataMember(Name)]` alias is exact in every case and has no other spelling.
pub(crate) fn wire_names(
    dotnet_name: &str,
    data_member: Option<&str>,
    text_case: TextCase,
) -> (String, Option<String>) {
    if let Some(name) = data_member {
        return (name.to_owned(), None);
    }
    let camel = crate::model::names::wire_name(dotnet_name);
    let (wire, other) = match text_case {
        TextCase::Camel => (camel, dotnet_name.to_owned()),
        TextCase::Pascal => (dotnet_name.to_owned(), camel),
    };
    let alias = (other != wire).then_some(other);
    (wire, alias)
}

/// Drops aliases that another field of the same struct is sent or read under, so every member
/// name maps to one field (serde would otherwise accept the name for the first field only).
pub(crate) fn dedupe_aliases(fields: &mut [Field]) {
    let mut taken: std::collections::HashSet<String> =
        fields.iter().map(|field| field.wire_name.clone()).collect();
    for field in fields {
        field.aliases.retain(|alias| taken.insert(alias.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string() -> RustType {
        RustType::String
    }

    #[test]
    fn reference_types_are_optional_value_types_are_not() {
        assert_eq!(
            field_type(string(), DotnetKind::Reference, false),
            RustType::Option(Box::new(string()))
        );
        let int = RustType::Primitive("i32");
        assert_eq!(field_type(int.clone(), DotnetKind::Value, false), int);
        assert_eq!(
            field_type(int.clone(), DotnetKind::Value, true),
            RustType::Option(Box::new(int.clone()))
        );
        let nullable = RustType::Option(Box::new(int));
        assert_eq!(
            field_type(nullable.clone(), DotnetKind::Value, false),
            nullable
        );
    }

    #[test]
    fn lenient_where_null_would_fail() {
        let option = |ty| RustType::Option(Box::new(ty));
        let vec = |ty| RustType::Vec(Box::new(ty));
        let lenient = |ty: &RustType| needs_lenient(ty, &|name| name == "Color");
        let color = || RustType::Named {
            rust_name: "Color".into(),
            args: vec![],
        };
        // Generated enums read `null` themselves too; structs do not.
        assert!(!lenient(&color()));
        assert!(!lenient(&option(vec(color()))));
        assert!(lenient(&RustType::Named {
            rust_name: "Coupon".into(),
            args: vec![]
        }));
        assert!(lenient(&RustType::Primitive("i32")));
        // The runtime's value wire types read `null` themselves, also as list elements.
        assert!(!lenient(&RustType::Runtime("DateTime")));
        assert!(!lenient(&option(vec(RustType::Runtime("Guid")))));
        assert!(lenient(&option(vec(vec(RustType::Runtime("Guid"))))));
        assert!(lenient(&RustType::Runtime("ResponseStatus")));
        assert!(!lenient(&option(string())));
        assert!(lenient(&option(vec(string()))));
        assert!(lenient(&option(RustType::Map(
            Box::new(string()),
            Box::new(string())
        ))));
        assert!(!lenient(&option(RustType::Named {
            rust_name: "Coupon".into(),
            args: vec![]
        })));
        assert!(!lenient(&RustType::Json));
        let replaced = RustType::Replaced {
            path: "my::Money".into(),
            args: vec![],
            wire: None,
        };
        assert!(!lenient(&option(vec(replaced))));
    }

    #[test]
    fn wire_names_follow_the_text_case() {
        assert_eq!(
            wire_names("SessionId", None, TextCase::Camel),
            ("sessionId".into(), Some("SessionId".into()))
        );
        assert_eq!(
            wire_names("SessionId", None, TextCase::Pascal),
            ("SessionId".into(), Some("sessionId".into()))
        );
        assert_eq!(wire_names("id", None, TextCase::Camel), ("id".into(), None));
        assert_eq!(
            wire_names("SessionId", Some("sid"), TextCase::Pascal),
            ("sid".into(), None)
        );
    }

    #[test]
    fn aliases_never_shadow_another_member() {
        let field = |wire: &str, alias: &str| Field {
            dotnet_name: String::new(),
            rust_name: String::new(),
            wire_name: wire.into(),
            aliases: vec![alias.into()],
            lenient: false,
            required: false,
            ty: RustType::String,
            docs: vec![],
        };
        // `ID` is sent as `id` and `Id` (the later) as `Id`: `Id` must not also be `ID`'s alias.
        let mut fields = vec![field("id", "Id"), field("Id", "id")];
        dedupe_aliases(&mut fields);
        assert!(fields[0].aliases.is_empty());
        assert!(fields[1].aliases.is_empty());
        let mut fields = vec![field("a", "A"), field("b", "A")];
        dedupe_aliases(&mut fields);
        assert_eq!(fields[0].aliases, vec!["A".to_string()]);
        assert!(fields[1].aliases.is_empty());
    }
}
