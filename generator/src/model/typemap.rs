//! Pass 5, type mapping: .NET type references to Rust types.
//!
//! Reads the [`Index`], the [`TypeNames`] (so it can only run once every generated type has its
//! name) and the checked `--replace-type` entries; produces a [`Mapped`] type per property or
//! response. Builtins come from [`vocabulary`]; collections become `Vec` and maps; a generated
//! type becomes `RustType::Named`; anything unusable (an interface, an excluded or missing type)
//! becomes `serde_json::Value` with a warning.
//!
//! A generated generic type keeps every type argument at this stage: which of its parameters
//! survive in Rust is only known after the generics pass, which reads these very types. So each
//! type is mapped once, and [`Mapped::lower`] later drops the arguments of parameters that did
//! not survive, together with the warnings met inside them ([`Mapped::report`]).

use std::collections::BTreeMap;

use crate::error::Error;
use crate::model::RustType;
use crate::model::diagnostics::Diagnostics;
use crate::model::index::UsedParams;
use crate::model::index::{DeclId, Index, Kind};
use crate::model::inheritance::Flattened;
use crate::model::names::{self, TypeNames};
use crate::model::vocabulary::{self, LIST_TYPES, MAP_TYPES};
use crate::options::{MapType, WIRE_TYPES, parse_type_path};
use crate::typeref::TypeRef;

/// The checked `--replace-type` entries: .NET name → (Rust path, the runtime wire type a wire
/// replacement converts through).
#[derive(Debug, Default)]
pub(super) struct Replacements(BTreeMap<String, (String, Option<&'static str>)>);

impl Replacements {
    /// Checks each entry: it names a wire type or a type of the document, and gives a Rust type
    /// path.
    pub(super) fn check(entries: &[(String, String)], index: &Index) -> Result<Self, Error> {
        let mut checked = BTreeMap::new();
        for (name, path) in entries {
            parse_type_path("--replace-type", path)?;
            let wire = WIRE_TYPES
                .iter()
                .find(|(wire, _)| wire == name)
                .map(|(_, runtime)| *runtime);
            if wire.is_none() && !index.has_name(name) {
                return Err(Error::Option {
                    option: "--replace-type".into(),
                    message: format!(
                        "unknown type `{name}`: expected a type of the document or one of Guid, DateTime, \
                         DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Decimal"
                    ),
                });
            }
            checked.insert(name.clone(), (path.clone(), wire));
        }
        Ok(Replacements(checked))
    }

    /// Whether the .NET name (without arity) is replaced.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

/// A warning met inside a type, with the generic argument positions it sits under: it is
/// reported only if each of those arguments survives.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    under: Vec<(DeclId, usize)>,
    location: String,
    message: String,
}

/// A mapped type whose generated generic types still have every type argument.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mapped {
    ty: RustType,
    pending: Vec<Pending>,
}

impl Mapped {
    /// The type with all arguments, for the generics pass: argument `k` of a `Named` type
    /// stands for that type's parameter `k`.
    pub(super) fn full(&self) -> &RustType {
        &self.ty
    }

    /// The Rust type: `Named` types keep the arguments of their `used` parameters only.
    pub(super) fn lower(&self, used: &UsedParams, names: &TypeNames) -> RustType {
        lower(&self.ty, used, names)
    }

    /// Reports the warnings met outside the arguments that `used` drops.
    pub(super) fn report(&self, used: &UsedParams, diagnostics: &mut Diagnostics) {
        for pending in &self.pending {
            let survives = pending.under.iter().all(|(id, position)| {
                used.get(id)
                    .is_some_and(|positions| positions.contains(position))
            });
            if survives {
                diagnostics.warn(&pending.location, pending.message.clone());
            }
        }
    }
}

fn lower(ty: &RustType, used: &UsedParams, names: &TypeNames) -> RustType {
    let inner = |inner: &RustType| Box::new(lower(inner, used, names));
    match ty {
        RustType::Named { rust_name, args } => {
            let positions = names
                .id_of(rust_name)
                .and_then(|id| used.get(&id))
                .map_or(&[][..], Vec::as_slice);
            RustType::Named {
                rust_name: rust_name.clone(),
                args: positions
                    .iter()
                    .filter_map(|&position| args.get(position))
                    .map(|arg| lower(arg, used, names))
                    .collect(),
            }
        }
        RustType::Option(element) => RustType::Option(inner(element)),
        RustType::Vec(element) => RustType::Vec(inner(element)),
        RustType::Boxed(element) => RustType::Boxed(inner(element)),
        RustType::Map(key, value) => RustType::Map(inner(key), inner(value)),
        RustType::Replaced { path, args, wire } => RustType::Replaced {
            path: path.clone(),
            args: args.iter().map(|arg| lower(arg, used, names)).collect(),
            wire: *wire,
        },
        RustType::Primitive(_)
        | RustType::String
        | RustType::Runtime(_)
        | RustType::Json
        | RustType::Unit
        | RustType::Param(_) => ty.clone(),
    }
}

/// Maps .NET type references; needs the type names, so it exists only after they are assigned.
pub(super) struct TypeMapper<'a> {
    /// The declarations references are looked up in.
    pub(super) index: &'a Index,
    /// The Rust names of the generated declarations.
    pub(super) names: &'a TypeNames,
    /// `--replace-type`.
    pub(super) replacements: &'a Replacements,
    /// Which map type dictionaries become (it decides which keys are kept).
    pub(super) map_type: MapType,
}

/// The state of one mapping: the argument positions the walk is under, and what it met.
struct Walk {
    under: Vec<(DeclId, usize)>,
    pending: Vec<Pending>,
}

impl Walk {
    fn warn(&mut self, location: &str, message: String) {
        self.pending.push(Pending {
            under: self.under.clone(),
            location: location.to_owned(),
            message,
        });
    }
}

impl TypeMapper<'_> {
    /// Maps `ty`, declared in a type with generic `params`, for a property of type namespace
    /// `namespace` (which tells `MyApp.String` from `System.String`). `location` names the
    /// property in warnings.
    pub(super) fn map(
        &self,
        ty: &TypeRef,
        params: &[String],
        namespace: Option<&str>,
        location: &str,
    ) -> Mapped {
        let mut walk = Walk {
            under: Vec::new(),
            pending: Vec::new(),
        };
        let ty = self.map_in(ty, params, namespace, location, &mut walk);
        Mapped {
            ty,
            pending: walk.pending,
        }
    }

    fn map_in(
        &self,
        ty: &TypeRef,
        params: &[String],
        namespace: Option<&str>,
        location: &str,
        walk: &mut Walk,
    ) -> RustType {
        let (name, args) = match ty {
            TypeRef::Array(element) if **element == TypeRef::simple("Byte") => {
                return RustType::Runtime("Bytes");
            }
            TypeRef::Array(element) => {
                let element = self.map_in(element, params, namespace, location, walk);
                return RustType::Vec(Box::new(element));
            }
            TypeRef::Named { name, args } => (name.as_str(), args.as_slice()),
        };
        if args.is_empty() && params.iter().any(|param| param == name) {
            return RustType::Param(names::param_name(name));
        }
        // Arguments are written without a namespace in the document.
        let arg = |walk: &mut Walk, position: usize| match args.get(position) {
            Some(arg) => self.map_in(arg, params, None, location, walk),
            None => RustType::Json,
        };
        if let Some((path, wire)) = self.replacements.0.get(name)
            && (wire.is_none() || args.is_empty())
        {
            let args = (0..args.len())
                .map(|position| arg(walk, position))
                .collect();
            return RustType::Replaced {
                path: path.clone(),
                args,
                wire: *wire,
            };
        }
        if name == "Nullable" && args.is_empty() {
            walk.warn(
                location,
                "`Nullable` has no type argument in the document; using Option<serde_json::Value>"
                    .into(),
            );
            return RustType::Option(Box::new(RustType::Json));
        }
        if name == "Nullable" && args.len() == 1 {
            return match arg(walk, 0) {
                RustType::Option(inner) => RustType::Option(inner),
                inner => RustType::Option(Box::new(inner)),
            };
        }
        if LIST_TYPES.contains(&name) && args.len() <= 1 {
            return RustType::Vec(Box::new(arg(walk, 0)));
        }
        if MAP_TYPES.contains(&name) && (args.len() == 2 || args.is_empty()) {
            let (key, value) = match name {
                "StringDictionary" | "NameValueCollection" => (RustType::String, RustType::String),
                _ if args.is_empty() => (RustType::String, RustType::Json),
                _ => (arg(walk, 0), arg(walk, 1)),
            };
            return RustType::Map(Box::new(self.map_key(key)), Box::new(value));
        }
        // A user type may share a system type's name (`MyApp.String`): the property's namespace
        // tells them apart.
        let user_type = namespace
            .filter(|namespace| !namespace.starts_with("System"))
            .and_then(|namespace| self.index.find(name, args.len(), Some(namespace)))
            .filter(|&id| self.index.decl(id).namespace == namespace.unwrap_or_default());
        if user_type.is_none()
            && args.is_empty()
            && let Some(mapped) = vocabulary::builtin(name)
        {
            return mapped;
        }
        let found = self.index.find(name, args.len(), namespace);
        match found.map(|id| (id, self.index.decl(id).kind)) {
            Some((_, Kind::Runtime(runtime))) => RustType::Runtime(runtime),
            Some((id, Kind::Struct | Kind::Enum)) if self.names.get(id).is_some() => {
                let mut mapped = Vec::with_capacity(args.len());
                for position in 0..args.len() {
                    walk.under.push((id, position));
                    mapped.push(arg(walk, position));
                    walk.under.pop();
                }
                RustType::Named {
                    rust_name: self.names.get(id).unwrap_or_default().to_owned(),
                    args: mapped,
                }
            }
            Some((_, Kind::Interface)) => {
                walk.warn(
                    location,
                    format!("`{ty}` is an interface; using serde_json::Value"),
                );
                RustType::Json
            }
            Some(_) => {
                walk.warn(
                    location,
                    format!("`{ty}` is excluded from the output; using serde_json::Value"),
                );
                RustType::Json
            }
            None if args.is_empty() && matches!(name, "ResponseStatus" | "ResponseError") => {
                RustType::Runtime(if name == "ResponseStatus" {
                    "ResponseStatus"
                } else {
                    "ResponseError"
                })
            }
            None => {
                walk.warn(
                    location,
                    format!("type `{ty}` is not in the document; using serde_json::Value"),
                );
                RustType::Json
            }
        }
    }

    /// A map key as the map type allows it: a key type the map cannot hold (a float, a struct,
    /// JSON) is read as its string form.
    fn map_key(&self, key: RustType) -> RustType {
        let is_value = |key: &RustType| is_value_type(key, self.names);
        if self.map_type == MapType::BTree {
            // BTreeMap keys must be ordered.
            return match &key {
                RustType::String | RustType::Runtime("TimeSpan" | "Decimal") => key,
                RustType::Primitive(name) if !name.starts_with('f') => key,
                RustType::Named { .. } if is_value(&key) => key,
                _ => RustType::String,
            };
        }
        match &key {
            RustType::String
            | RustType::Runtime(
                "DateTime" | "DateTimeOffset" | "DateOnly" | "TimeOnly" | "TimeSpan" | "Guid"
                | "Decimal",
            ) => key,
            RustType::Primitive(name) if !name.starts_with('f') => key,
            RustType::Named { .. } if is_value(&key) => key,
            _ => RustType::String,
        }
    }
}

/// The mapped type of each flattened property of every generated struct, in order.
pub(super) fn map_fields(mapper: &TypeMapper, flat: &Flattened) -> BTreeMap<DeclId, Vec<Mapped>> {
    mapper
        .names
        .iter()
        .filter_map(|(id, _)| {
            let decl = mapper.index.decl(id);
            let props = flat.get(&id)?;
            let mapped = props
                .iter()
                .map(|flat| {
                    let location = format!("{}.{}", decl.meta.name, flat.prop.name);
                    let namespace = flat.prop.namespace.as_deref();
                    mapper.map(&flat.ty, &decl.params, namespace, &location)
                })
                .collect();
            Some((id, mapped))
        })
        .collect()
}

/// Whether a mapped type stands for a .NET value type: a primitive, a runtime value type, a
/// generated enum, a replaced wire type.
pub(super) fn is_value_type(ty: &RustType, names: &TypeNames) -> bool {
    match ty {
        RustType::Primitive(_) => true,
        RustType::Runtime(name) => vocabulary::is_value_runtime_type(name),
        RustType::Named { rust_name, .. } => names.is_enum(rust_name),
        // A replaced wire type stands for a .NET value type.
        RustType::Replaced { wire, .. } => wire.is_some(),
        _ => false,
    }
}

#[cfg(test)]
#[path = "typemap_tests.rs"]
mod tests;
