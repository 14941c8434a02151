//! Rust names for .NET names: always valid ASCII identifiers, never keywords, and unique within
//! their scope (a [`NameSet`] hands out `_2`, `_3`, ... deterministically in insertion order).
//!
//! Also pass 4 of the model, type naming (`assign_type_names`): reads the index, the kept
//! declarations and the `--replace-type` names, and gives every generated struct and enum its
//! Rust name. Types are mapped to Rust only after this, so a reference to a generated type
//! always has a name to point at.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::index::{DeclId, Index, Kind};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, plus `_`.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A struct field name: `snake_case`, keywords suffixed with `_` (`type_`, `self_`).
pub fn field_name(dotnet: &str) -> String {
    finish(ascii_words(dotnet).to_snake_case(), "field_")
}

/// A type or variant name: `UpperCamelCase`.
pub fn type_name(dotnet: &str) -> String {
    finish(ascii_words(dotnet).to_upper_camel_case(), "Type")
}

/// An enum variant name: `UpperCamelCase`.
pub fn variant_name(dotnet: &str) -> String {
    finish(ascii_words(dotnet).to_upper_camel_case(), "Value")
}

/// A constant name: `SCREAMING_SNAKE_CASE`.
pub fn const_name(dotnet: &str) -> String {
    finish(ascii_words(dotnet).to_shouty_snake_case(), "VALUE_")
}

/// A generic parameter name: kept as written when it is a valid identifier (`T`, `TKey`).
pub fn param_name(dotnet: &str) -> String {
    finish(ascii_words(dotnet).to_upper_camel_case(), "T")
}

/// The JSON member name ServiceStack writes for a C# property: its leading run of capitals
/// lower-cased, except the capital that starts the next word (`URLValue` → `urlValue`,
/// `ID` → `id`, `SessionId` → `sessionId`).
pub fn wire_name(dotnet: &str) -> String {
    let chars: Vec<char> = dotnet.chars().collect();
    let mut out = String::with_capacity(dotnet.len());
    let mut leading = true;
    for (index, &c) in chars.iter().enumerate() {
        let next_is_upper = chars.get(index + 1).is_none_or(|next| next.is_uppercase());
        if leading && c.is_uppercase() && (index == 0 || next_is_upper) {
            out.extend(c.to_lowercase());
        } else {
            leading = false;
            out.push(c);
        }
    }
    out
}

/// Replaces every character that cannot appear in an ASCII identifier by a word break.
fn ascii_words(dotnet: &str) -> String {
    dotnet
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn finish(name: String, digit_prefix: &str) -> String {
    let name = if name.is_empty() {
        digit_prefix.trim_end_matches('_').to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Names already taken in one scope.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: BTreeSet<String>,
    /// Per candidate, the next number to try: keeps claiming the same name n times linear.
    next_suffix: HashMap<String, u32>,
}

impl NameSet {
    /// A set with some names reserved up front.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        NameSet {
            taken: reserved.into_iter().map(str::to_owned).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// Takes `candidate`, or the first free `candidate_2`, `candidate_3`, ... (`Candidate2` for
    /// camel-case names, whose keyword `_` gives way to the number: `Self_` → `Self2`).
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        let camel = candidate.starts_with(|c: char| c.is_ascii_uppercase())
            && !candidate.trim_end_matches('_').contains('_');
        let stem = if camel {
            candidate.trim_end_matches('_')
        } else {
            candidate
        };
        let separator = if camel || stem.ends_with('_') {
            ""
        } else {
            "_"
        };
        let first = self.next_suffix.get(candidate).copied().unwrap_or(2);
        let (number, name) = (first..)
            .map(|n| (n, format!("{stem}{separator}{n}")))
            .find(|(_, name)| !self.taken.contains(name))
            .expect("a free number exists below u32::MAX");
        self.taken.insert(name.clone());
        self.next_suffix.insert(candidate.to_owned(), number + 1);
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        assert_eq!(field_name("DateLastModified"), "date_last_modified");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("2FA"), "field_2fa");
        assert_eq!(field_name("Größe"), "gr_e");
        assert_eq!(field_name("\u{202e}"), "field");
        assert_eq!(field_name("a\"b;c}"), "a_b_c");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("SessionInfo"), "SessionInfo");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("1Type"), "Type1type");
        assert_eq!(variant_name("1080p"), "Value1080p");
        assert_eq!(const_name("ReadWrite"), "READ_WRITE");
    }

    #[test]
    fn wire_names_follow_servicestack_camel_case() {
        assert_eq!(wire_name("SessionId"), "sessionId");
        assert_eq!(wire_name("ID"), "id");
        assert_eq!(wire_name("URLValue"), "urlValue");
        assert_eq!(wire_name("Id"), "id");
        assert_eq!(wire_name("already"), "already");
        assert_eq!(wire_name("X"), "x");
    }

    #[test]
    fn name_sets_are_deterministic() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("id"), "id");
        assert_eq!(names.claim("id"), "id_2");
        assert_eq!(names.claim("id"), "id_3");
        assert_eq!(names.claim("self_"), "self_");
        assert_eq!(names.claim("self_"), "self_2");
        let mut types = NameSet::default();
        assert_eq!(types.claim("Foo"), "Foo");
        assert_eq!(types.claim("Foo"), "Foo2");
        assert_eq!(types.claim("Self_"), "Self_");
        assert_eq!(types.claim("Self_"), "Self2");
        assert_eq!(types.claim("Foo2"), "Foo22");
        let mut fields = NameSet::with_reserved(["a_2"]);
        assert_eq!(fields.claim("a"), "a");
        assert_eq!(fields.claim("a"), "a_3");
        assert_eq!(fields.claim("a"), "a_4");
    }
}

/// The Rust names of the generated types.
#[derive(Debug, Default)]
pub(super) struct TypeNames {
    by_id: BTreeMap<DeclId, String>,
    by_name: HashMap<String, DeclId>,
    enums: BTreeSet<String>,
}

impl TypeNames {
    /// The Rust name of a generated declaration; `None` for one that is not generated
    /// (filtered out, replaced, an interface).
    pub(super) fn get(&self, id: DeclId) -> Option<&str> {
        self.by_id.get(&id).map(String::as_str)
    }

    /// The declaration a Rust name was given to.
    pub(super) fn id_of(&self, rust_name: &str) -> Option<DeclId> {
        self.by_name.get(rust_name).copied()
    }

    /// Whether a Rust name is a generated enum's (enums are value types: they never need an
    /// `Option` to be absent, and read `null` as their default).
    pub(super) fn is_enum(&self, rust_name: &str) -> bool {
        self.enums.contains(rust_name)
    }

    /// The generated declarations with their names, by id.
    pub(super) fn iter(&self) -> impl Iterator<Item = (DeclId, &str)> {
        self.by_id.iter().map(|(&id, name)| (id, name.as_str()))
    }
}

/// Names every kept struct and enum that no `--replace-type` replaces. Declarations are named
/// in (name, arity, namespace) order, so which of two `Item`s keeps the plain name depends only
/// on the document; the other takes its arity (`Item1`) or, failing that, its namespace's last
/// segment (`ModelsItem`).
pub(super) fn assign_type_names(
    index: &Index,
    kept: &BTreeSet<DeclId>,
    is_replaced: &dyn Fn(&str) -> bool,
) -> TypeNames {
    let mut order: Vec<DeclId> = kept
        .iter()
        .copied()
        .filter(|&id| matches!(index.decl(id).kind, Kind::Struct | Kind::Enum))
        // A replaced type is not generated: its references use the replacement.
        .filter(|&id| !is_replaced(&index.decl(id).name))
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (index.decl(a), index.decl(b));
        (&a.name, a.arity, &a.namespace).cmp(&(&b.name, b.arity, &b.namespace))
    });
    let mut taken = NameSet::default();
    let mut names = TypeNames::default();
    for id in order {
        let decl = index.decl(id);
        let plain = type_name(&decl.name);
        let name = if !taken.contains(&plain) {
            taken.claim(&plain)
        } else {
            // `Self_` + 1 is `Self1`: an underscore before a digit is not UpperCamelCase.
            let by_arity = format!("{}{}", plain.trim_end_matches('_'), decl.arity);
            let namespace = decl.namespace.rsplit('.').next().unwrap_or_default();
            let by_namespace = format!("{}{plain}", type_name(namespace));
            if decl.arity > 0 && !taken.contains(&by_arity) {
                taken.claim(&by_arity)
            } else {
                taken.claim(&by_namespace)
            }
        };
        if decl.kind == Kind::Enum {
            names.enums.insert(name.clone());
        }
        names.by_name.insert(name.clone(), id);
        names.by_id.insert(id, name);
    }
    names
}

#[cfg(test)]
mod type_name_tests {
    use std::collections::BTreeSet;

    use super::assign_type_names;
    use crate::metadata::parse;
    use crate::model::index::Index;
    use crate::options::TextCase;

    #[test]
    fn clashing_types_take_their_arity_or_namespace() {
        let index = Index::build(
            &parse(
                r#"{"types":[
                    {"name":"Item","namespace":"B.Models","properties":[]},
                    {"name":"Item`1","namespace":"A","genericArgs":["T"],"isGenericTypeDef":true,"properties":[]},
                    {"name":"Item","namespace":"A.Api","properties":[]},
                    {"name":"Self","namespace":"A","properties":[]},
                    {"name":"Color","isEnum":true,"enumNames":["Red"]},
                    {"name":"Gone","properties":[]},
                    {"name":"IThing","isInterface":true}
                ],"operations":[]}"#,
            )
            .unwrap(),
            TextCase::Camel,
        )
        .unwrap();
        let kept: BTreeSet<usize> = index.decls().map(|(id, _)| id).collect();
        let names = assign_type_names(&index, &kept, &|name| name == "Gone");
        let named: Vec<(String, &str)> = names
            .iter()
            .map(|(id, name)| (index.decl(id).qualified_name(), name))
            .collect();
        assert_eq!(
            named,
            [
                ("B.Models.Item".to_owned(), "ModelsItem"),
                ("A.Item`1".to_owned(), "Item1"),
                ("A.Api.Item".to_owned(), "Item"),
                ("A.Self".to_owned(), "Self_"),
                ("Color".to_owned(), "Color"),
            ]
        );
        assert!(names.is_enum("Color") && !names.is_enum("Item"));
        assert_eq!(names.id_of("Item1"), index.find("Item", 1, None));
    }
}

/// A `rename_all` rule of serde that generated structs use, so most fields need no `rename`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerdeCase {
    /// `rename_all = "camelCase"`.
    Camel,
    /// `rename_all = "PascalCase"`.
    Pascal,
}

impl SerdeCase {
    /// The rule's name in the attribute.
    pub fn attribute_value(self) -> &'static str {
        match self {
            SerdeCase::Camel => "camelCase",
            SerdeCase::Pascal => "PascalCase",
        }
    }

    /// The rule named in an attribute.
    pub fn from_attribute_value(value: &str) -> Option<SerdeCase> {
        [SerdeCase::Camel, SerdeCase::Pascal]
            .into_iter()
            .find(|case| case.attribute_value() == value)
    }

    /// The wire name serde gives a field under this rule: serde's own algorithm, which
    /// capitalises the first character and each one after a `_`, drops the `_`s and, for
    /// camelCase, lowers the first character again (`date_created` → `dateCreated`).
    pub fn apply(self, field: &str) -> String {
        let mut pascal = String::with_capacity(field.len());
        let mut capitalize = true;
        for ch in field.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        match self {
            SerdeCase::Pascal => pascal,
            SerdeCase::Camel => {
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
        }
    }

    /// The rule (or none) under which the fewest of these (Rust name, wire name) pairs need a
    /// `rename`; no rule when it saves nothing.
    pub fn best_for<'a>(
        fields: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Option<SerdeCase> {
        let renames = |case: Option<SerdeCase>| {
            fields
                .clone()
                .filter(|(rust, wire)| match case {
                    Some(case) => case.apply(rust) != *wire,
                    None => rust != wire,
                })
                .count()
        };
        let mut best = (renames(None), None);
        for case in [SerdeCase::Camel, SerdeCase::Pascal] {
            let count = renames(Some(case));
            if count < best.0 {
                best = (count, Some(case));
            }
        }
        best.1
    }
}

#[cfg(test)]
mod serde_case_tests {
    use super::SerdeCase;

    #[test]
    fn serde_rules_as_serde_applies_them() {
        assert_eq!(SerdeCase::Camel.apply("date_created"), "dateCreated");
        assert_eq!(SerdeCase::Camel.apply("id"), "id");
        assert_eq!(SerdeCase::Camel.apply("type_"), "type");
        assert_eq!(SerdeCase::Camel.apply("url_2"), "url2");
        assert_eq!(SerdeCase::Pascal.apply("date_created"), "DateCreated");
        assert_eq!(SerdeCase::Pascal.apply("_id"), "Id");
    }

    #[test]
    fn the_rule_that_saves_the_most_renames_wins() {
        let camel = [("session_id", "sessionId"), ("id", "id")];
        assert_eq!(
            SerdeCase::best_for(camel.iter().copied()),
            Some(SerdeCase::Camel)
        );
        let pascal = [("session_id", "SessionId"), ("id", "Id")];
        assert_eq!(
            SerdeCase::best_for(pascal.iter().copied()),
            Some(SerdeCase::Pascal)
        );
        let plain = [("id", "id"), ("name", "name")];
        assert_eq!(SerdeCase::best_for(plain.iter().copied()), None);
    }
}
