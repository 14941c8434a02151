//! One way to show a [`RustType`] as text, for reports that name field types (the standalone
//! crate's README, the API diff): `Option<Vec<Booking>>`, `HashMap<String, i32>`,
//! `serde_json::Value`. The emitter writes tokens, not this text.

use std::fmt;

use super::RustType;

/// Gives a generated type's shown name from its Rust name (`None`: the Rust name).
pub type Rename<'a> = dyn Fn(&str) -> Option<&'a str> + 'a;

/// A [`RustType`] shown as Rust source: see [`RustType::display`].
#[derive(Clone, Copy)]
pub struct TypeDisplay<'a> {
    ty: &'a RustType,
    map: &'a str,
    rename: Option<&'a Rename<'a>>,
}

impl RustType {
    /// The type as its field is generated, without the `Box` of a cycle-closing field (not part
    /// of the API); maps as `HashMap<K, V>` and generated types by their Rust names, unless
    /// [`TypeDisplay::map_name`] and [`TypeDisplay::rename`] say otherwise.
    pub fn display(&self) -> TypeDisplay<'_> {
        TypeDisplay {
            ty: self,
            map: "HashMap",
            rename: None,
        }
    }
}

impl<'a> TypeDisplay<'a> {
    /// Shows maps as `name<K, V>`: the map type is an option, so a text that covers every
    /// choice says `Map`.
    pub fn map_name(self, name: &'a str) -> Self {
        TypeDisplay { map: name, ..self }
    }

    /// Shows a generated type by the name `rename` gives its Rust name (`None` keeps the Rust
    /// name): the diff names types by their .NET names.
    pub fn rename(self, rename: &'a Rename<'a>) -> Self {
        TypeDisplay {
            rename: Some(rename),
            ..self
        }
    }

    fn of(self, ty: &'a RustType) -> Self {
        TypeDisplay { ty, ..self }
    }

    fn generic(self, f: &mut fmt::Formatter<'_>, name: &str, args: &'a [RustType]) -> fmt::Result {
        f.write_str(name)?;
        if args.is_empty() {
            return Ok(());
        }
        f.write_str("<")?;
        for (index, arg) in args.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(&self.of(arg), f)?;
        }
        f.write_str(">")
    }
}

impl fmt::Display for TypeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            RustType::Primitive(name) | RustType::Runtime(name) => f.write_str(name),
            RustType::String => f.write_str("String"),
            RustType::Json => f.write_str("serde_json::Value"),
            RustType::Unit => f.write_str("()"),
            RustType::Option(inner) => write!(f, "Option<{}>", self.of(inner)),
            RustType::Vec(inner) => write!(f, "Vec<{}>", self.of(inner)),
            RustType::Boxed(inner) => fmt::Display::fmt(&self.of(inner), f),
            RustType::Map(key, value) => {
                write!(f, "{}<{}, {}>", self.map, self.of(key), self.of(value))
            }
            RustType::Named { rust_name, args } => {
                let name = self
                    .rename
                    .and_then(|rename| rename(rust_name))
                    .unwrap_or(rust_name);
                self.generic(f, name, args)
            }
            RustType::Replaced { path, args, .. } => self.generic(f, path, args),
            RustType::Param(name) => f.write_str(name),
        }
    }
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.display(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, args: Vec<RustType>) -> RustType {
        RustType::Named {
            rust_name: name.into(),
            args,
        }
    }

    #[test]
    fn shows_each_kind_as_generated() {
        let ty = RustType::Option(Box::new(RustType::Vec(Box::new(RustType::Boxed(
            Box::new(named("QueryResponse", vec![named("Booking", Vec::new())])),
        )))));
        assert_eq!(ty.to_string(), "Option<Vec<QueryResponse<Booking>>>");
        let map = RustType::Map(
            Box::new(RustType::String),
            Box::new(RustType::Primitive("i32")),
        );
        assert_eq!(map.to_string(), "HashMap<String, i32>");
        assert_eq!(
            map.display().map_name("Map").to_string(),
            "Map<String, i32>"
        );
        let replaced = RustType::Replaced {
            path: "my::Id".into(),
            args: vec![RustType::Param("T".into()), RustType::Json],
            wire: None,
        };
        assert_eq!(replaced.to_string(), "my::Id<T, serde_json::Value>");
        assert_eq!(RustType::Runtime("DateTime").to_string(), "DateTime");
        assert_eq!(RustType::Unit.to_string(), "()");
    }

    #[test]
    fn renames_generated_types_only() {
        let ty = RustType::Vec(Box::new(named(
            "Booking2",
            vec![RustType::Replaced {
                path: "Booking2".into(),
                args: Vec::new(),
                wire: None,
            }],
        )));
        let rename = |name: &str| (name == "Booking2").then_some("Booking");
        assert_eq!(
            ty.display().rename(&rename).to_string(),
            "Vec<Booking<Booking2>>"
        );
    }
}
