//! The resolved IR: what the Rust file will contain, with every name, type and wire detail
//! decided. Built from the metadata by [`resolve()`]; consumed by [`crate::emit`].
//!
//! Invariants the emitter relies on: every identifier is a valid, collision-free Rust
//! identifier; every `RustType::Named` refers to an item in the IR; items are sorted by name; only
//! the fields that close a by-value cycle are boxed.

mod customize;
mod cycles;
mod diagnostics;
mod display;
mod generics;
mod index;
mod inheritance;
mod items;
mod member_docs;
pub mod names;
mod operations;
mod presence;
mod resolve;
mod select;
#[cfg(test)]
mod test_support;
mod typemap;
pub mod vocabulary;

pub use display::{Rename, TypeDisplay};
pub use resolve::{resolve, resolve_with};

/// The whole generated module.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// Items in output order (by Rust name).
    pub items: Vec<Item>,
}

/// One top-level Rust item.
// Items live in one Vec, built once; boxing the bigger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A DTO struct (possibly a request with its operation).
    Struct(StructDef),
    /// A string or integer enum.
    Enum(EnumDef),
    /// A `[Flags]` enum: a bit-set newtype.
    Flags(FlagsDef),
}

/// What an item carries besides its Rust shape: what options add (its module, extra derives and
/// attributes) and the operation's tags, which only decide the cargo features of a generated
/// crate (`crate::emit::features`) and are not read back from generated code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extras {
    /// The module the item lives in (`--modules namespace`); `None` at the top level.
    pub module: Option<String>,
    /// Extra derive paths, already checked for validity.
    pub derives: Vec<String>,
    /// Extra outer attributes, as checked source text.
    pub attributes: Vec<String>,
    /// For a request struct, its operation's `[Tag]` names as the server sent them (trimmed,
    /// blanks dropped, untrusted text); empty otherwise.
    pub tags: Vec<String>,
}

impl Item {
    /// What options added to the item.
    pub fn extras(&self) -> &Extras {
        match self {
            Item::Struct(def) => &def.extras,
            Item::Enum(def) => &def.extras,
            Item::Flags(def) => &def.extras,
        }
    }

    /// What options add to the item, for the passes that decide it.
    pub fn extras_mut(&mut self) -> &mut Extras {
        match self {
            Item::Struct(def) => &mut def.extras,
            Item::Enum(def) => &mut def.extras,
            Item::Flags(def) => &mut def.extras,
        }
    }

    /// The .NET name the item comes from.
    pub fn dotnet_name(&self) -> &str {
        match self {
            Item::Struct(def) => &def.dotnet_name,
            Item::Enum(def) => &def.dotnet_name,
            Item::Flags(def) => &def.dotnet_name,
        }
    }

    /// The item's Rust name.
    pub fn rust_name(&self) -> &str {
        match self {
            Item::Struct(def) => &def.rust_name,
            Item::Enum(def) => &def.rust_name,
            Item::Flags(def) => &def.rust_name,
        }
    }
}

/// A DTO struct with inherited fields flattened in.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust type name.
    pub rust_name: String,
    /// The .NET name it comes from (with namespace), for docs.
    pub dotnet_name: String,
    /// Generic parameters actually used by fields.
    pub generics: Vec<String>,
    /// Doc lines (unescaped text; the emitter escapes).
    pub docs: Vec<String>,
    /// Fields, base class fields first.
    pub fields: Vec<Field>,
    /// Present when the struct is an operation's request.
    pub request: Option<RequestDef>,
    /// Module, derives and attributes from the options.
    pub extras: Extras,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The C# property name.
    pub dotnet_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// JSON member name, in the server's text case; what the field is sent under.
    pub wire_name: String,
    /// Other spellings the member is read under (`SessionId` for `sessionId`).
    pub aliases: Vec<String>,
    /// Read through `servicestack_runtime::lenient`: `null` (as the value, a list element or a
    /// map value) becomes the default instead of failing the response.
    pub lenient: bool,
    /// Field type: `Option` for reference types and `Nullable<T>` (see `presence`).
    pub ty: RustType,
    /// The server requires the member: a non-`Option` value type, or declared non-null
    /// (`isRequired`, `[DataMember(IsRequired)]`) though it is an `Option` here.
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RustType {
    /// `bool`, `i32`, `f64`, `char`, ...
    Primitive(&'static str),
    /// `::std::string::String`.
    String,
    /// A runtime wire type or runtime DTO (`DateTime`, `Decimal`, `ResponseStatus`, ...).
    Runtime(&'static str),
    /// `::serde_json::Value`.
    Json,
    /// `()`.
    Unit,
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `HashMap<K, V>`.
    Map(Box<RustType>, Box<RustType>),
    /// `Box<T>`, only on cycle-closing fields.
    Boxed(Box<RustType>),
    /// A generated item.
    Named {
        /// Its Rust name.
        rust_name: String,
        /// Type arguments.
        args: Vec<RustType>,
    },
    /// A generic parameter of the enclosing struct.
    Param(String),
    /// A user type standing in for a generated or wire type (`--replace-type`).
    Replaced {
        /// The Rust path, as given.
        path: String,
        /// Type arguments of a replaced generic type.
        args: Vec<RustType>,
        /// For a wire type (`Guid`, `DateTime`, ...): the runtime type whose serde the adapter
        /// converts through.
        wire: Option<&'static str>,
    },
}

impl RustType {
    /// The types directly inside this one: the element of `Option`, `Vec` and `Box`, a map's key
    /// and value, the type arguments of a named or replaced type.
    pub fn children(&self) -> impl Iterator<Item = &RustType> {
        let (first, second, args): (Option<&RustType>, Option<&RustType>, &[RustType]) = match self
        {
            RustType::Option(inner) | RustType::Vec(inner) | RustType::Boxed(inner) => {
                (Some(inner), None, &[])
            }
            RustType::Map(key, value) => (Some(key), Some(value), &[]),
            RustType::Named { args, .. } | RustType::Replaced { args, .. } => (None, None, args),
            RustType::Primitive(_)
            | RustType::String
            | RustType::Runtime(_)
            | RustType::Json
            | RustType::Unit
            | RustType::Param(_) => (None, None, &[]),
        };
        first.into_iter().chain(second).chain(args)
    }

    /// Calls `visit` with this type and every type inside it, outermost first, left to right.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a RustType)) {
        visit(self);
        for child in self.children() {
            child.walk(visit);
        }
    }

    /// Whether this type or any type inside it satisfies `predicate`.
    pub fn any(&self, predicate: &impl Fn(&RustType) -> bool) -> bool {
        predicate(self) || self.children().any(|child| child.any(predicate))
    }

    /// Appends the Rust names of the generated items this type mentions (in arguments too), in
    /// order of appearance.
    pub fn collect_named<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.walk(&mut |ty| {
            if let RustType::Named { rust_name, .. } = ty {
                out.push(rust_name);
            }
        });
    }

    /// Appends the generic parameters this type mentions, in order of appearance.
    pub fn collect_params<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.walk(&mut |ty| {
            if let RustType::Param(name) = ty {
                out.push(name);
            }
        });
    }

    /// Whether a replaced wire type (`--replace-type Guid=uuid::Uuid`) occurs in this type.
    pub fn has_wire_replacement(&self) -> bool {
        self.any(&|ty| matches!(ty, RustType::Replaced { wire: Some(_), .. }))
    }
}

#[cfg(test)]
mod rust_type_tests {
    use super::RustType;

    #[test]
    fn the_walk_visits_every_nested_type_in_order() {
        let named = |name: &str, args| RustType::Named {
            rust_name: name.into(),
            args,
        };
        let ty = RustType::Option(Box::new(RustType::Map(
            Box::new(named("K", Vec::new())),
            Box::new(RustType::Vec(Box::new(named(
                "Page",
                vec![RustType::Param("T".into()), named("Item", Vec::new())],
            )))),
        )));
        let mut names = Vec::new();
        ty.collect_named(&mut names);
        assert_eq!(names, ["K", "Page", "Item"]);
        let mut params = Vec::new();
        ty.collect_params(&mut params);
        assert_eq!(params, ["T"]);
        assert!(!ty.has_wire_replacement());
        let replaced = RustType::Vec(Box::new(RustType::Replaced {
            path: "uuid::Uuid".into(),
            args: Vec::new(),
            wire: Some("Guid"),
        }));
        assert!(replaced.has_wire_replacement());
        let mut count = 0;
        ty.walk(&mut |_| count += 1);
        assert_eq!(count, 7);
    }
}

/// The doc line that marks an `Option` field the server's model declares non-null (read back by
/// `readback` to restore [`Field::required`]).
pub const REQUIRED_NOTE: &str = "Required: the server's model declares it non-null.";

/// The operation a request struct stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDef {
    /// Operation name (the .NET request name, no arity).
    pub operation_name: String,
    /// Preferred verb, upper case.
    pub method: &'static str,
    /// User-defined routes.
    pub routes: Vec<RouteDef>,
    /// Authentication requirements.
    pub auth: AuthDef,
    /// Response type (`Unit` for void).
    pub response: RustType,
    /// How the response body is read.
    pub response_kind: ResponseKind,
    /// The request inherits ServiceStack's `QueryDb` or `QueryData` (directly or through other
    /// bases): an AutoQuery request. The emitter implements `AutoQuery` for it when its
    /// `QueryBase` members and `QueryResponse<T>` response are as ServiceStack declares them.
    pub auto_query: bool,
}

/// How a response body is read; mirrors the runtime's `ResponseKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON into the response type.
    Json,
    /// Nothing.
    Void,
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// A route with its verbs (empty = any).
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDef {
    /// Path template as declared.
    pub path: String,
    /// Upper-case verbs.
    pub verbs: Vec<&'static str>,
}

/// Authentication requirements of an operation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthDef {
    /// Must be authenticated.
    pub requires_auth: bool,
    /// Must present an API key.
    pub requires_api_key: bool,
    /// All required.
    pub required_roles: Vec<String>,
    /// One required.
    pub requires_any_role: Vec<String>,
    /// All required.
    pub required_permissions: Vec<String>,
    /// One required.
    pub requires_any_permission: Vec<String>,
}

/// A string or integer enum with a catch-all variant for values a newer server adds.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust type name.
    pub rust_name: String,
    /// The .NET name.
    pub dotnet_name: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Strings or numbers on the wire.
    pub repr: EnumRepr,
    /// Known members.
    pub members: Vec<EnumMember>,
    /// Index of the `#[default]` member (the one with value 0, else the first).
    pub default_member: Option<usize>,
    /// Name of the catch-all variant; `None` for a closed enum (`--closed-enums`).
    pub catch_all: Option<String>,
    /// Module, derives and attributes from the options.
    pub extras: Extras,
}

impl EnumDef {
    /// Whether the enum can be `Copy`: no variant carries a `String` (integer enums, and closed
    /// string enums, whose catch-all variant is gone).
    pub fn is_copy(&self) -> bool {
        self.repr == EnumRepr::Int || self.catch_all.is_none()
    }
}

/// How an enum travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// As member names (or `[EnumMember]` values).
    String,
    /// As integers.
    Int,
}

/// An enum member (or a flag).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    /// Rust variant (or constant) name.
    pub rust_name: String,
    /// Wire string.
    pub wire_name: String,
    /// Integer value.
    pub value: i64,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// A `[Flags]` enum: an integer newtype with one constant per member.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagsDef {
    /// Rust type name.
    pub rust_name: String,
    /// The .NET name.
    pub dotnet_name: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Members; `rust_name` is the SCREAMING_CASE constant name.
    pub members: Vec<EnumMember>,
    /// Module, derives and attributes from the options.
    pub extras: Extras,
}

/// Characters that render as nothing or reorder text: controls, bidi overrides and isolates,
/// zero-width spaces and joiners, the byte order mark. Dropped from descriptions (rustc rejects
/// bidi characters in comments, and they would hide text from a reviewer).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2028}' | '\u{2029}'
            | '\u{2060}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}
