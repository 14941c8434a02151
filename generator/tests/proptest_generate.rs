//! Property test: random *valid* metadata documents always generate, and the output parses as
//! Rust and passes the lint of `support/lint.rs` (no duplicate or undefined names, no unused
//! generic parameter, no macro but the runtime's item macros with only names and literals in
//! them, `use` only of std, serde and runtime paths, rustc's naming rules, no blank doc comment).
//!
//! Documents have random type, property, enum member and parameter names (keywords, std names,
//! digits first, odd and non-ASCII characters), random .NET types (builtins, generics with
//! arguments, `Nullable`, arrays, lists, dictionaries, nested), string, integer and `[Flags]`
//! enums, inheritance (including generic bases), operations with routes, verbs, auth and return
//! types, camelCase or PascalCase keys, `/types/metadata` or `/metadata/app.json` shape.
//! "Valid" means what a real server could send: references resolve (to a declared type of the
//! right arity, a builtin or a parameter of the enclosing type), no inheritance cycle, type names
//! are unique in their namespace and hold no type syntax (`` ` `` `<` `[` `.` `,`).
//!
//! The seed is fixed so a failure reproduces; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` override
//! the case count and seed for a longer or different run.

mod support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Map, Value, json};
use servicestack_codegen::Generator;
use support::lint;

/// The .NET names the generator maps without a declaration (the model's own table), and
/// `Byte[]`, the array spelling of `byte[]`.
fn builtins() -> &'static [&'static str] {
    static BUILTINS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        servicestack_codegen::model::vocabulary::builtin_names()
            .chain(["Byte[]"])
            .collect()
    });
    &BUILTINS
}

const ODD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "match",
    "async",
    "gen",
    "_",
    "Result",
    "Option",
    "Box",
    "Vec",
    "String",
    "Default",
    "Value",
    "None",
    "Some",
    "UnknownValue",
    "Id",
    "ID",
    "id",
    "2FA",
    "123",
    "Größe",
    "İstanbul",
    "ΣΑΣ",
    "emoji😀",
    "a-b",
    "a_b",
    "a b",
    "",
    "\u{202e}x",
    "x\u{200b}",
    "\"quoted\"",
    "*/",
    "#[x]",
];

const PARAMS: &[&str] = &[
    "T", "TKey", "TValue", "TItem", "Table", "Self", "type", "T2",
];

const NAMESPACES: &[&str] = &["App", "App.Model", "Other", "ServiceStack", ""];

const VERBS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "ANY"];

const TEXTS: &[&str] = &[
    "A description.",
    "Two\nlines",
    "*/ fn x() {} /*",
    "```rust\npanic!()\n```",
    "<b>bold</b> [link] https://example.org/a?b=<c>",
    "\"quoted\" \\ `tick`",
    "Ünïcödé ✓",
];

/// A name: mostly identifier-like, often a keyword or an odd string, sometimes anything.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][A-Za-z0-9]{0,8}",
        2 => "[a-z][a-z0-9_]{0,6}",
        3 => prop::sample::select(ODD_NAMES).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(TEXTS).prop_map(str::to_owned),
        1 => "\\PC{0,30}",
    ]
}

/// A type expression; `Declared` and `Param` pick by index modulo what exists when rendering.
#[derive(Debug, Clone)]
enum Ty {
    Builtin(usize),
    Declared(usize, Vec<Ty>),
    Param(usize),
    List(Box<Ty>),
    Dictionary(Box<Ty>, Box<Ty>),
    Nullable(Box<Ty>),
    Array(Box<Ty>),
}

fn ty() -> impl Strategy<Value = Ty> {
    let leaf = prop_oneof![
        3 => (0..builtins().len()).prop_map(Ty::Builtin),
        2 => any::<usize>().prop_map(|index| Ty::Declared(index, Vec::new())),
        2 => any::<usize>().prop_map(Ty::Param),
    ];
    leaf.prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Ty::List(Box::new(t))),
            (inner.clone(), inner.clone())
                .prop_map(|(k, v)| Ty::Dictionary(Box::new(k), Box::new(v))),
            inner.clone().prop_map(|t| Ty::Nullable(Box::new(t))),
            inner.clone().prop_map(|t| Ty::Array(Box::new(t))),
            (any::<usize>(), prop::collection::vec(inner, 1..3))
                .prop_map(|(index, args)| Ty::Declared(index, args)),
        ]
    })
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    ty: Ty,
    whole: bool,
    value_type: bool,
    required: bool,
    alias: Option<String>,
    description: Option<String>,
}

fn prop_strategy() -> impl Strategy<Value = Prop> {
    (
        name(),
        ty(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.2, name()),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(
            |(name, ty, whole, value_type, required, alias, description)| Prop {
                name,
                ty,
                whole,
                value_type,
                required,
                alias,
                description,
            },
        )
}

#[derive(Debug, Clone)]
enum Kind {
    Class,
    Abstract,
    StringEnum { values: Vec<Option<String>> },
    IntEnum { values: Vec<i64> },
    Flags,
}

#[derive(Debug, Clone)]
struct Decl {
    name: String,
    namespace: usize,
    params: Vec<usize>,
    base: Option<(usize, Vec<Ty>)>,
    props: Vec<Prop>,
    kind: Kind,
    members: Vec<(String, Option<String>)>,
    description: Option<String>,
}

fn decl(class_only: bool) -> impl Strategy<Value = Decl> {
    let kind = if class_only {
        prop_oneof![Just(Kind::Class)].boxed()
    } else {
        prop_oneof![
            5 => Just(Kind::Class),
            1 => Just(Kind::Abstract),
            1 => prop::collection::vec(prop::option::weighted(0.5, name()), 0..6)
                .prop_map(|values| Kind::StringEnum { values }),
            1 => prop::collection::vec(any::<i64>(), 0..6).prop_map(|values| Kind::IntEnum { values }),
            1 => Just(Kind::Flags),
        ]
        .boxed()
    };
    (
        name(),
        0..NAMESPACES.len(),
        prop::collection::btree_set(0..PARAMS.len(), 0..3),
        prop::option::weighted(0.3, (any::<usize>(), prop::collection::vec(ty(), 0..3))),
        prop::collection::vec(prop_strategy(), 0..5),
        kind,
        prop::collection::vec((name(), prop::option::weighted(0.3, text())), 0..6),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(
            |(name, namespace, params, base, props, kind, members, description)| Decl {
                name,
                namespace,
                params: params.into_iter().collect(),
                base,
                props,
                kind,
                members,
                description,
            },
        )
}

#[derive(Debug, Clone)]
struct Op {
    request: Decl,
    returns: Option<Ty>,
    returns_void: bool,
    method: Option<usize>,
    routes: Vec<(Vec<Option<usize>>, Vec<usize>)>,
    auth: bool,
    roles: Vec<String>,
    tags: Vec<String>,
}

fn op() -> impl Strategy<Value = Op> {
    (
        decl(true),
        prop::option::of(ty()),
        any::<bool>(),
        prop::option::of(0..VERBS.len()),
        prop::collection::vec(
            (
                prop::collection::vec(prop::option::of(any::<usize>()), 0..4),
                prop::collection::vec(0..VERBS.len(), 0..3),
            ),
            0..3,
        ),
        any::<bool>(),
        prop::collection::vec(name(), 0..3),
        prop::collection::vec(name(), 0..2),
    )
        .prop_map(
            |(request, returns, returns_void, method, routes, auth, roles, tags)| Op {
                request,
                returns,
                returns_void,
                method,
                routes,
                auth,
                roles,
                tags,
            },
        )
}

#[derive(Debug, Clone)]
struct Doc {
    types: Vec<Decl>,
    ops: Vec<Op>,
    pascal: bool,
    app_json: bool,
    optional: bool,
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::collection::vec(decl(false), 0..7),
        prop::collection::vec(op(), 0..4),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(types, ops, pascal, app_json, optional)| Doc {
            types,
            ops,
            pascal,
            app_json,
            optional,
        })
}

/// A declaration as rendered: unique name, namespace, parameter names, kind.
struct Declared {
    name: String,
    namespace: &'static str,
    params: Vec<&'static str>,
    class: bool,
}

struct Renderer {
    declared: Vec<Declared>,
}

impl Renderer {
    /// Type names must be usable in type syntax and unique in their namespace.
    fn new(doc: &Doc) -> Renderer {
        let mut taken = BTreeSet::new();
        let decls = doc.types.iter().chain(doc.ops.iter().map(|op| &op.request));
        let declared = decls
            .enumerate()
            .map(|(index, decl)| {
                let mut name: String = decl
                    .name
                    .chars()
                    .filter(|c| !c.is_whitespace() && !"`'<>[],.+".contains(*c))
                    .collect();
                // `ResponseStatus`/`ResponseError` in ServiceStack's namespace map to runtime
                // types; avoid making a user type one of them by accident.
                if name.is_empty() || name.starts_with("Response") {
                    name = format!("Type{index}");
                }
                let namespace = NAMESPACES[decl.namespace];
                while !taken.insert((namespace, name.clone())) {
                    name.push_str(&index.to_string());
                }
                let class = matches!(decl.kind, Kind::Class | Kind::Abstract);
                let params = if class {
                    decl.params.iter().map(|&p| PARAMS[p]).collect()
                } else {
                    Vec::new()
                };
                Declared {
                    name,
                    namespace,
                    params,
                    class,
                }
            })
            .collect();
        Renderer { declared }
    }

    /// `(type, genericArgs)` in the split form, e.g. ``("List`1", ["Poco"])``.
    fn split(&self, ty: &Ty, params: &[&str]) -> (String, Vec<String>) {
        match ty {
            Ty::Builtin(index) => (builtins()[*index].to_owned(), Vec::new()),
            Ty::Param(index) if !params.is_empty() => {
                (params[index % params.len()].to_owned(), Vec::new())
            }
            Ty::Param(_) => ("Int32".to_owned(), Vec::new()),
            Ty::Declared(_, _) if self.declared.is_empty() => ("String".to_owned(), Vec::new()),
            Ty::Declared(index, args) => {
                let target = &self.declared[index % self.declared.len()];
                if target.params.is_empty() {
                    return (target.name.clone(), Vec::new());
                }
                let args: Vec<String> = (0..target.params.len())
                    .map(|position| match args.get(position) {
                        Some(arg) => self.expression(arg, params),
                        None => "Int32".to_owned(),
                    })
                    .collect();
                (format!("{}`{}", target.name, args.len()), args)
            }
            Ty::List(element) => ("List`1".into(), vec![self.expression(element, params)]),
            Ty::Nullable(element) => ("Nullable`1".into(), vec![self.expression(element, params)]),
            Ty::Dictionary(key, value) => (
                "Dictionary`2".into(),
                vec![self.expression(key, params), self.expression(value, params)],
            ),
            Ty::Array(element) => {
                let (name, args) = self.split(element, params);
                (format!("{name}[]"), args)
            }
        }
    }

    /// The angle-bracket form, e.g. `Dictionary<String,List<Poco>>`.
    fn expression(&self, ty: &Ty, params: &[&str]) -> String {
        let (name, args) = self.split(ty, params);
        if args.is_empty() {
            return name;
        }
        let (base, arrays) = match name.find("[]") {
            Some(at) => (&name[..at], &name[at..]),
            None => (name.as_str(), ""),
        };
        let base = base.split('`').next().unwrap_or(base);
        format!("{base}<{}>{arrays}", args.join(","))
    }

    fn reference(&self, ty: &Ty, params: &[&str]) -> Value {
        let (name, args) = self.split(ty, params);
        let mut out = json!({ "name": name });
        if !args.is_empty() {
            out["genericArgs"] = json!(args);
        }
        out
    }

    fn render_decl(&self, index: usize, decl: &Decl) -> Value {
        let declared = &self.declared[index];
        let params = &declared.params;
        let mut out = Map::new();
        let name = if params.is_empty() {
            declared.name.clone()
        } else {
            format!("{}`{}", declared.name, params.len())
        };
        out.insert("name".into(), name.into());
        out.insert("namespace".into(), declared.namespace.into());
        if let Some(description) = &decl.description {
            out.insert("description".into(), description.clone().into());
        }
        if !params.is_empty() {
            out.insert("genericArgs".into(), json!(params));
            out.insert("isGenericTypeDef".into(), true.into());
        }
        match &decl.kind {
            Kind::Class | Kind::Abstract => {
                if matches!(decl.kind, Kind::Abstract) {
                    out.insert("isAbstract".into(), true.into());
                }
                // Bases are earlier classes only: no cycle.
                if let Some((base, args)) = &decl.base {
                    let earlier: Vec<usize> =
                        (0..index).filter(|&i| self.declared[i].class).collect();
                    if !earlier.is_empty() {
                        let base = earlier[base % earlier.len()];
                        let ty = Ty::Declared(base, args.clone());
                        out.insert("inherits".into(), self.reference(&ty, params));
                    }
                }
                let props: Vec<Value> = decl
                    .props
                    .iter()
                    .map(|prop| {
                        let mut out = json!({ "name": prop.name });
                        if prop.whole {
                            out["type"] = self.expression(&prop.ty, params).into();
                        } else {
                            let (name, args) = self.split(&prop.ty, params);
                            out["type"] = name.into();
                            if !args.is_empty() {
                                out["genericArgs"] = json!(args);
                            }
                        }
                        if prop.value_type {
                            out["isValueType"] = true.into();
                        }
                        if prop.required {
                            out["isRequired"] = true.into();
                        }
                        if let Some(alias) = &prop.alias {
                            out["dataMember"] = json!({ "name": alias });
                        }
                        if let Some(description) = &prop.description {
                            out["description"] = description.clone().into();
                        }
                        out
                    })
                    .collect();
                out.insert("properties".into(), props.into());
            }
            kind => {
                out.insert("isEnum".into(), true.into());
                let names: Vec<&String> = decl.members.iter().map(|(name, _)| name).collect();
                out.insert("enumNames".into(), json!(names));
                let descriptions: Vec<&Option<String>> =
                    decl.members.iter().map(|(_, text)| text).collect();
                out.insert("enumDescriptions".into(), json!(descriptions));
                match kind {
                    Kind::StringEnum { values } => {
                        let values: Vec<Option<String>> = (0..names.len())
                            .map(|i| values.get(i).cloned().flatten())
                            .collect();
                        if values.iter().any(Option::is_some) {
                            out.insert("enumMemberValues".into(), json!(values));
                        }
                    }
                    Kind::IntEnum { values } => {
                        out.insert("isEnumInt".into(), true.into());
                        let values: Vec<String> = (0..names.len())
                            .map(|i| values.get(i).copied().unwrap_or(i as i64).to_string())
                            .collect();
                        out.insert("enumValues".into(), json!(values));
                    }
                    _ => {
                        out.insert("isEnumInt".into(), true.into());
                        out.insert("attributes".into(), json!([{ "name": "Flags" }]));
                        let values: Vec<String> = (0..names.len())
                            .map(|i| if i == 0 { 0 } else { 1u64 << ((i - 1) % 63) }.to_string())
                            .collect();
                        out.insert("enumValues".into(), json!(values));
                    }
                }
            }
        }
        Value::Object(out)
    }

    fn render(&self, doc: &Doc) -> String {
        let types: Vec<Value> = doc
            .types
            .iter()
            .enumerate()
            .map(|(index, decl)| self.render_decl(index, decl))
            .collect();
        let operations: Vec<Value> = doc
            .ops
            .iter()
            .enumerate()
            .map(|(index, op)| {
                let mut out = json!({ "request": self.render_decl(doc.types.len() + index, &op.request) });
                if op.returns_void {
                    out["returnsVoid"] = true.into();
                } else if let Some(ty) = &op.returns {
                    out["returnType"] = self.reference(ty, &[]);
                }
                if let Some(method) = op.method {
                    out["method"] = VERBS[method].into();
                }
                let names: Vec<&String> = op.request.props.iter().map(|prop| &prop.name).collect();
                let routes: Vec<Value> = op
                    .routes
                    .iter()
                    .map(|(segments, verbs)| {
                        let path: String = segments
                            .iter()
                            .enumerate()
                            .map(|(i, segment)| match segment {
                                Some(pick) if !names.is_empty() => {
                                    format!("/{{{}}}", names[pick % names.len()])
                                }
                                _ => format!("/part{i}"),
                            })
                            .collect();
                        let verbs: Vec<&str> = verbs.iter().map(|&v| VERBS[v]).collect();
                        json!({ "path": if path.is_empty() { "/".into() } else { path }, "verbs": verbs.join(",") })
                    })
                    .collect();
                if !routes.is_empty() {
                    out["routes"] = routes.into();
                }
                if op.auth {
                    out["requiresAuth"] = true.into();
                }
                out["requiredRoles"] = json!(op.roles);
                out["tags"] = json!(op.tags);
                out
            })
            .collect();
        let mut document = json!({ "types": types, "operations": operations });
        if doc.optional {
            document["config"] = json!({ "makePropertiesOptional": true });
        }
        if doc.app_json {
            document = json!({ "app": {}, "api": document });
        }
        if doc.pascal {
            pascal_keys(&mut document);
        }
        document.to_string()
    }
}

fn pascal_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, mut child) in std::mem::take(map) {
                pascal_keys(&mut child);
                let mut chars = key.chars();
                let key = match chars.next() {
                    Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                    None => key,
                };
                map.insert(key, child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(pascal_keys),
        _ => {}
    }
}

/// 256 cases from a fixed seed unless `PROPTEST_CASES` / `PROPTEST_RNG_SEED` say otherwise; no
/// regression files are written into the source tree.
fn config() -> Config {
    let base = Config::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    Config {
        cases: if set("PROPTEST_CASES") {
            base.cases
        } else {
            256
        },
        rng_seed: if set("PROPTEST_RNG_SEED") {
            base.rng_seed
        } else {
            RngSeed::Fixed(0x5e55_1071)
        },
        failure_persistence: None,
        ..base
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_documents_generate_code_that_parses(doc in doc()) {
        let json = Renderer::new(&doc).render(&doc);
        let generated = Generator::default().generate_str(&json, "proptest.json");
        let generated = match generated {
            Ok(generated) => generated,
            Err(error) => return Err(TestCaseError::fail(format!("{error}\n{json}"))),
        };
        let file = syn::parse_file(&generated.code)
            .map_err(|error| TestCaseError::fail(format!("{error}\n{}", generated.code)))?;
        let problems: Vec<lint::Problem> = lint::lint(&file);
        prop_assert!(problems.is_empty(), "{problems:#?}\n{json}\n{}", generated.code);
        // Every declared type is in the output (nothing added), except abstract bases that
        // nothing names (their members are flattened into the derived types).
        let items = file
            .items
            .iter()
            .filter(|item| matches!(item, syn::Item::Struct(_) | syn::Item::Enum(_)))
            .count();
        let abstract_types = doc
            .types
            .iter()
            .filter(|decl| matches!(decl.kind, Kind::Abstract))
            .count();
        prop_assert!(
            items + abstract_types >= doc.types.len() + doc.ops.len(),
            "{items} items\n{json}"
        );
    }
}
