//! The generator's options, and the build-script entry point.

use std::path::PathBuf;

use crate::Error;
use crate::options::{CodeOptions, MapType, ModuleLayout, TextCase, split_assignment, split_list};

/// Options of the generator, and the build-script API in the style of `prost-build`.
///
/// In `build.rs` (with `servicestack-codegen` under `[build-dependencies]`):
///
/// ```no_run
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     servicestack_codegen::Config::new()
///         .include_types(["InviteChatMember.*"])
///         .compile("api/evovoice.metadata.json")?;
///     Ok(())
/// }
/// ```
///
/// and in the crate:
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/evovoice.rs"));
/// ```
///
/// [`Config::compile`] writes `$OUT_DIR/<name>.rs` only when its content changes (so dependent
/// crates are not rebuilt for nothing), prints `cargo:rerun-if-changed` for the metadata file and
/// `cargo:warning` for what the generator worked around, and never touches the network unless
/// [`Config::allow_network`] says so.
///
/// Every option that changes the generated code is recorded in the file's header, so
/// `servicestack-codegen update` and `check` reproduce the file exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    include_types: Vec<String>,
    exclude_types: Vec<String>,
    code: CodeOptions,
    // Read by `Config::compile` (build_script.rs); not code options, so not in the header.
    pub(crate) out_dir: Option<PathBuf>,
    pub(crate) file_name: Option<String>,
    pub(crate) allow_network: bool,
}

impl Config {
    /// Default options: every type and operation of the document.
    pub fn new() -> Self {
        Config::default()
    }

    /// Keeps only these types and operations (and everything they need). Patterns follow
    /// ServiceStack's `IncludeTypes`: `Name`, `Name.*`, `*.Name`, `Namespace/*`, `{tag}`.
    /// Calls add to the list. A pattern that matches nothing makes generation fail with an
    /// [`Error::Option`] suggesting the nearest existing names.
    pub fn include_types<I, S>(&mut self, patterns: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.include_types
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Leaves these types out (`Name` also drops generic ``Name`1``); references to them become
    /// `serde_json::Value`. Calls add to the list. A name that matches no type makes generation
    /// fail with an [`Error::Option`] suggesting the nearest existing names.
    pub fn exclude_types<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.exclude_types.extend(names.into_iter().map(Into::into));
        self
    }

    /// Adds derives to every generated type where they are valid: `Hash`, `Eq`, `PartialOrd`,
    /// `Ord` and `Copy` are only added to types whose every field supports them (`Ord` brings
    /// `Eq` and `PartialOrd`); any other derive path (`schemars::JsonSchema`) is added to every
    /// struct and enum.
    pub fn derive<I, S>(&mut self, derives: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.code
            .derives
            .extend(derives.into_iter().map(Into::into));
        self
    }

    /// Adds derives (comma-separated) to one type, by .NET or Rust name. Generation fails when
    /// the type does not exist or a checked derive is invalid for it (the error names the field).
    pub fn type_derive(
        &mut self,
        type_name: impl Into<String>,
        derives: impl Into<String>,
    ) -> &mut Self {
        self.code
            .type_derives
            .push((type_name.into(), derives.into()));
        self
    }

    /// Adds outer attributes (`#[non_exhaustive]`) to one type, by .NET or Rust name.
    pub fn type_attribute(
        &mut self,
        type_name: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.code
            .type_attributes
            .push((type_name.into(), attribute.into()));
        self
    }

    /// Uses an existing Rust type instead of generating one: a type of the document
    /// (`Money` → `my_crate::Money`, which must (de)serialize like it), or a wire type (`Guid`,
    /// `DateTime`, `DateTimeOffset`, `DateOnly`, `TimeOnly`, `TimeSpan`, `Decimal`) converted
    /// through the runtime's serde adapters (runtime feature `adapters`, plus `chrono`, `time` or
    /// `uuid` for those crates' types). The last replacement of a name wins.
    pub fn replace_type(
        &mut self,
        type_name: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> &mut Self {
        let type_name = type_name.into();
        self.code
            .replacements
            .retain(|(name, _)| *name != type_name);
        self.code.replacements.push((type_name, rust_path.into()));
        self
    }

    /// The map type generated for dictionaries (default `HashMap`; `IndexMap` needs the runtime
    /// feature `indexmap`).
    pub fn map_type(&mut self, map_type: MapType) -> &mut Self {
        self.code.map_type = map_type;
        self
    }

    /// Whether enums get a catch-all variant that keeps values a newer server adds (default
    /// `true`). With `false`, an unknown value is a deserialization error.
    pub fn forward_compatible_enums(&mut self, enabled: bool) -> &mut Self {
        self.code.forward_compatible_enums = enabled;
        self
    }

    /// The letter case of member names on the wire. By default it is the document's
    /// (`app.jsTextCase` of a `/metadata/app.json` document), else camelCase; responses are read
    /// in camelCase and PascalCase either way.
    pub fn text_case(&mut self, text_case: TextCase) -> &mut Self {
        self.code.text_case = Some(text_case);
        self
    }

    /// Flat (default) or one module per .NET namespace.
    pub fn module_layout(&mut self, layout: ModuleLayout) -> &mut Self {
        self.code.modules = layout;
        self
    }

    /// Puts every generated item behind the cargo features of the operations that need it: one
    /// feature per operation tag (kebab-case) and, with namespace modules, per module (default
    /// `false`; `--crate` turns it on and declares the features in the crate's `Cargo.toml`).
    /// Untagged operations and types no operation reaches are always compiled. A crate that
    /// includes the file must declare the features (see [`crate::emit::features`]).
    pub fn feature_gates(&mut self, enabled: bool) -> &mut Self {
        self.code.feature_gates = enabled;
        self
    }

    /// Requests, and the structs only requests hold, also derive `Deserialize` (default `false`:
    /// a client only sends them, and leaving out their `Deserialize` impls is most of what
    /// `cargo check` of the generated code costs beyond the response types). Turn it on to read
    /// requests from JSON (replaying recorded calls, fixtures, a server written in Rust).
    pub fn deserializable_requests(&mut self, enabled: bool) -> &mut Self {
        self.code.deserializable_requests = enabled;
        self
    }

    /// The code-shape options.
    pub fn code_options(&self) -> &CodeOptions {
        &self.code
    }

    /// Where [`Config::compile`] writes; default: the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(&mut self, directory: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(directory.into());
        self
    }

    /// The file name [`Config::compile`] writes; default: the metadata file's name without
    /// `.json`/`.metadata`, in snake case, plus `.rs` (`evovoice.metadata.json` → `evovoice.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Lets [`Config::compile`] read metadata from an http(s) URL. Off by default: builds should
    /// be reproducible offline; prefer `servicestack-codegen fetch` and a checked-in file.
    pub fn allow_network(&mut self, allow: bool) -> &mut Self {
        self.allow_network = allow;
        self
    }

    /// The include/exclude filter.
    pub(crate) fn type_filter(&self) -> Result<crate::filter::TypeFilter, Error> {
        crate::filter::TypeFilter::new(&self.include_types, &self.exclude_types)
    }

    /// The options that differ from the defaults, as header entries (`flag-name`, value).
    pub(crate) fn header_options(&self) -> Vec<(String, String)> {
        let mut options = Vec::new();
        if !self.include_types.is_empty() {
            options.push(("include-types".into(), self.include_types.join(",")));
        }
        if !self.exclude_types.is_empty() {
            options.push(("exclude-types".into(), self.exclude_types.join(",")));
        }
        let code = &self.code;
        if !code.derives.is_empty() {
            options.push(("derive".into(), code.derives.join(",")));
        }
        for (name, derives) in &code.type_derives {
            options.push(("type-derive".into(), format!("{name}={derives}")));
        }
        for (name, attribute) in &code.type_attributes {
            options.push(("type-attr".into(), format!("{name}={attribute}")));
        }
        for (name, path) in &code.replacements {
            options.push(("replace-type".into(), format!("{name}={path}")));
        }
        if code.map_type != MapType::Hash {
            options.push(("map-type".into(), code.map_type.as_str().into()));
        }
        if !code.forward_compatible_enums {
            options.push(("closed-enums".into(), "true".into()));
        }
        if code.modules != ModuleLayout::Flat {
            options.push(("modules".into(), code.modules.as_str().into()));
        }
        if let Some(text_case) = code.text_case {
            options.push(("text-case".into(), text_case.as_str().into()));
        }
        if code.feature_gates {
            options.push(("feature-gates".into(), "true".into()));
        }
        if code.deserializable_requests {
            options.push(("deserializable-requests".into(), "true".into()));
        }
        options
    }

    /// The options recorded in a generated file's header.
    pub fn from_header_options(options: &[(String, String)]) -> Result<Config, Error> {
        let mut config = Config::default();
        for (key, value) in options {
            match key.as_str() {
                "include-types" => config.include_types([value.as_str()]),
                "exclude-types" => config.exclude_types([value.as_str()]),
                "derive" => config.derive(split_list(std::slice::from_ref(value))),
                "type-derive" => {
                    let (name, derives) = split_assignment(key, value)?;
                    config.type_derive(name, derives)
                }
                "type-attr" => {
                    let (name, attribute) = split_assignment(key, value)?;
                    config.type_attribute(name, attribute)
                }
                "replace-type" => {
                    let (name, path) = split_assignment(key, value)?;
                    config.replace_type(name, path)
                }
                "map-type" => config.map_type(MapType::parse(value)?),
                "closed-enums" => config.forward_compatible_enums(value != "true"),
                "modules" => config.module_layout(ModuleLayout::parse(value)?),
                "text-case" => config.text_case(TextCase::parse(value)?),
                "feature-gates" => config.feature_gates(value == "true"),
                "deserializable-requests" => config.deserializable_requests(value == "true"),
                other => {
                    return Err(Error::Option {
                        option: other.to_owned(),
                        message: "unknown option in the file header (written by a newer servicestack-codegen?)".into(),
                    });
                }
            };
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_options_round_trip() {
        let mut config = Config::new();
        config
            .include_types(["A.*", "{tag}"])
            .exclude_types(["B"])
            .derive(["Hash", "Eq"])
            .type_derive("Booking", "Hash,Eq")
            .type_attribute("Booking", "#[non_exhaustive]")
            .replace_type("Guid", "uuid::Uuid")
            .map_type(MapType::BTree)
            .forward_compatible_enums(false)
            .module_layout(ModuleLayout::Namespace)
            .feature_gates(true);
        let restored = Config::from_header_options(&config.header_options()).unwrap();
        assert_eq!(restored.header_options(), config.header_options());
        assert!(restored.code_options().feature_gates);
        assert!(Config::from_header_options(&[("frobnicate".into(), "1".into())]).is_err());
    }
}
