//! The API surface of one document: what a diff compares, with everything that is not an API
//! change already normalised away.
//!
//! Built from the resolved IR, so the 6.x closed and 8.x open generic responses, raw and
//! `\u0060`-escaped backticks, inheritance and `QueryResponse<T>` are already unified. What is left
//! to normalise here: types are keyed by .NET identity (not by Rust name, which collisions can
//! change), properties by wire name, enum members by wire name, and lists become maps so order
//! does not count. Only types some operation reaches are part of the surface.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::metadata::MetadataTypes;
use crate::model::{
    AuthDef, EnumRepr, Field, Ir, Item, RequestDef, ResponseKind, RouteDef, RustType, StructDef,
};

/// A type expression compared by .NET identity; [`Shape::Param`] compares by position so
/// renaming a generic parameter is not a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A primitive, `String`, runtime wire type or `()`, by its Rust spelling.
    Leaf(String),
    /// `serde_json::Value`: a type the document does not describe.
    Json,
    /// `Option<T>` (nested; a field's own optionality is kept apart).
    Option(Box<Shape>),
    /// `Vec<T>`.
    Vec(Box<Shape>),
    /// `HashMap<K, V>`.
    Map(Box<Shape>, Box<Shape>),
    /// A generated type, by key, with its arguments.
    Named(String, Vec<Shape>),
    /// The n-th generic parameter of the enclosing struct.
    Param(usize),
}

/// A type as compared ([`Shape`]) and as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeText {
    pub shape: Shape,
    pub display: String,
}

/// Which directions reach a type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sides {
    pub request: bool,
    pub response: bool,
}

impl Sides {
    pub fn any(self) -> bool {
        self.request || self.response
    }

    pub fn union(self, other: Sides) -> Sides {
        Sides {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

/// A property: its type without the field's own `Option`, and whether that `Option` is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PropertyInfo {
    pub dotnet_name: String,
    /// The field is an `Option` (how old clients decode it).
    pub optional: bool,
    /// The server requires it: a non-`Option` value type, or declared non-null (`isRequired`).
    pub required: bool,
    pub ty: TypeText,
}

impl PropertyInfo {
    /// The type in backticks, marked `(required)` when the server requires a member that is
    /// an `Option` in Rust.
    pub fn requirement(&self) -> String {
        let marker = if self.optional && self.required {
            " (required)"
        } else {
            ""
        };
        format!("{}{marker}", super::text::code(&self.display()))
    }

    /// The field's type as generated (`Option<...>` included).
    pub fn display(&self) -> String {
        if self.optional {
            format!("Option<{}>", self.ty.display)
        } else {
            self.ty.display.clone()
        }
    }
}

/// What a type is, with its members keyed by wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Struct(BTreeMap<String, PropertyInfo>),
    Enum(EnumRepr, BTreeMap<String, i64>),
    Flags(BTreeMap<String, i64>),
}

impl Body {
    pub fn describe(&self) -> &'static str {
        match self {
            Body::Struct(_) => "struct",
            Body::Enum(EnumRepr::String, _) => "string enum",
            Body::Enum(EnumRepr::Int, _) => "integer enum",
            Body::Flags(_) => "flags enum",
        }
    }
}

/// A type some operation reaches.
#[derive(Debug, Clone)]
pub(crate) struct TypeInfo {
    pub display: String,
    pub sides: Sides,
    /// The operation whose request DTO this is.
    pub operation: Option<String>,
    pub body: Body,
}

/// An operation: everything about it except its request DTO's properties.
#[derive(Debug, Clone)]
pub(crate) struct OperationInfo {
    pub name: String,
    pub method: &'static str,
    /// Verbs the service implements (`ANY`, `GET`...), upper case; empty when unknown.
    pub actions: BTreeSet<String>,
    pub routes: Vec<RouteDef>,
    pub auth: AuthDef,
    pub response: TypeText,
    pub response_kind: ResponseKind,
}

/// One document's API surface.
#[derive(Debug, Clone, Default)]
pub(crate) struct Surface {
    /// By type key (see [`Surface::of_document`]).
    pub types: BTreeMap<String, TypeInfo>,
    /// By request type key.
    pub operations: BTreeMap<String, OperationInfo>,
}

/// How one generated item is known across documents.
struct Identity {
    key: String,
    /// .NET name without namespace and arity.
    base: String,
}

impl Surface {
    /// A type's key is its .NET name with arity (``QueryResponse`1``), qualified by namespace only
    /// when the document has two types of that name: moving a type between namespaces changes
    /// nothing on the wire.
    pub fn of_document(ir: &Ir, doc: &MetadataTypes) -> Surface {
        Surface::build(ir, &actions(doc))
    }

    /// The surface of code read back from a generated file, which does not record the verbs a
    /// service implements (its `actions`).
    pub fn of_generated(ir: &Ir) -> Surface {
        Surface::build(ir, &HashMap::new())
    }

    /// `actions`: the verbs each request's service implements, keyed like
    /// [`StructDef::dotnet_name`].
    fn build(ir: &Ir, actions: &HashMap<String, BTreeSet<String>>) -> Surface {
        let identities = identities(ir);
        let by_rust: HashMap<&str, &Item> = ir
            .items
            .iter()
            .map(|item| (item.rust_name(), item))
            .collect();
        let sides = reachability(ir, &by_rust);
        let mut surface = Surface::default();
        for item in &ir.items {
            let Some(identity) = identities.get(item.rust_name()) else {
                continue;
            };
            let sides = sides.get(item.rust_name()).copied().unwrap_or_default();
            if !sides.any() {
                continue;
            }
            let (display, body, operation) = match item {
                Item::Struct(def) => (
                    struct_display(&identity.base, def),
                    struct_body(def, &identities),
                    def.request
                        .as_ref()
                        .map(|request| request.operation_name.clone()),
                ),
                Item::Enum(def) => (
                    identity.base.clone(),
                    Body::Enum(
                        def.repr,
                        def.members
                            .iter()
                            .map(|member| (member.wire_name.clone(), member.value))
                            .collect(),
                    ),
                    None,
                ),
                Item::Flags(def) => (
                    identity.base.clone(),
                    Body::Flags(
                        def.members
                            .iter()
                            .map(|member| (member.wire_name.clone(), member.value))
                            .collect(),
                    ),
                    None,
                ),
            };
            surface
                .types
                .entry(identity.key.clone())
                .or_insert(TypeInfo {
                    display,
                    sides,
                    operation,
                    body,
                });
            if let Item::Struct(StructDef {
                request: Some(request),
                ..
            }) = item
            {
                surface
                    .operations
                    .entry(identity.key.clone())
                    .or_insert_with(|| {
                        let actions = actions.get(dotnet_name(item)).cloned().unwrap_or_default();
                        operation_info(request, actions, &identities)
                    });
            }
        }
        surface
    }
}

fn identities(ir: &Ir) -> HashMap<String, Identity> {
    let short = |dotnet: &str| -> String {
        dotnet
            .rsplit_once('.')
            .map_or(dotnet, |(_, name)| name)
            .to_owned()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for item in &ir.items {
        *counts.entry(short(dotnet_name(item))).or_default() += 1;
    }
    ir.items
        .iter()
        .map(|item| {
            let dotnet = dotnet_name(item);
            let name = short(dotnet);
            let key = if counts.get(&name).copied().unwrap_or(0) > 1 {
                dotnet.to_owned()
            } else {
                name.clone()
            };
            let base = name
                .split_once('`')
                .map_or(name.as_str(), |(base, _)| base)
                .to_owned();
            (item.rust_name().to_owned(), Identity { key, base })
        })
        .collect()
}

fn dotnet_name(item: &Item) -> &str {
    match item {
        Item::Struct(def) => &def.dotnet_name,
        Item::Enum(def) => &def.dotnet_name,
        Item::Flags(def) => &def.dotnet_name,
    }
}

fn struct_display(base: &str, def: &StructDef) -> String {
    if def.generics.is_empty() {
        base.to_owned()
    } else {
        format!("{base}<{}>", def.generics.join(", "))
    }
}

fn struct_body(def: &StructDef, identities: &HashMap<String, Identity>) -> Body {
    let mut properties = BTreeMap::new();
    for field in &def.fields {
        properties
            .entry(field.wire_name.clone())
            .or_insert_with(|| property_info(field, &def.generics, identities));
    }
    Body::Struct(properties)
}

fn property_info(
    field: &Field,
    generics: &[String],
    identities: &HashMap<String, Identity>,
) -> PropertyInfo {
    let ty = unboxed(&field.ty);
    let (optional, inner) = match ty {
        RustType::Option(inner) => (true, unboxed(inner)),
        other => (false, other),
    };
    PropertyInfo {
        dotnet_name: field.dotnet_name.clone(),
        optional,
        required: field.required,
        ty: type_text(inner, generics, identities),
    }
}

/// `Box` only marks the field that closes a cycle; it is not part of the API.
fn unboxed(ty: &RustType) -> &RustType {
    match ty {
        RustType::Boxed(inner) => unboxed(inner),
        other => other,
    }
}

/// The IR does not keep `actions`; they come from the document, keyed like
/// [`StructDef::dotnet_name`].
fn actions(doc: &MetadataTypes) -> HashMap<String, BTreeSet<String>> {
    doc.operations
        .iter()
        .map(|op| {
            let request = &op.request;
            let name = match request.namespace.as_deref() {
                Some(namespace) if !namespace.is_empty() => format!("{namespace}.{}", request.name),
                _ => request.name.clone(),
            };
            let verbs = op
                .actions
                .iter()
                .map(|verb| verb.trim().to_ascii_uppercase())
                .filter(|verb| !verb.is_empty())
                .collect();
            (name, verbs)
        })
        .collect()
}

fn operation_info(
    request: &RequestDef,
    actions: BTreeSet<String>,
    identities: &HashMap<String, Identity>,
) -> OperationInfo {
    OperationInfo {
        name: request.operation_name.clone(),
        method: request.method,
        actions,
        routes: request.routes.clone(),
        auth: request.auth.clone(),
        response: type_text(&request.response, &[], identities),
        response_kind: request.response_kind,
    }
}

/// The comparable shape and the display of a type: generated types by their .NET names.
fn type_text(
    ty: &RustType,
    generics: &[String],
    identities: &HashMap<String, Identity>,
) -> TypeText {
    let dotnet = |rust: &str| identities.get(rust).map(|identity| identity.base.as_str());
    TypeText {
        shape: shape(ty, generics, identities),
        display: ty.display().rename(&dotnet).to_string(),
    }
}

/// What a type change is judged on: generated types by identity, generic parameters by
/// position, `Box` left out.
fn shape(ty: &RustType, generics: &[String], identities: &HashMap<String, Identity>) -> Shape {
    let all = |args: &[RustType]| -> Vec<Shape> {
        args.iter()
            .map(|arg| shape(arg, generics, identities))
            .collect()
    };
    let inner = |ty: &RustType| Box::new(shape(ty, generics, identities));
    match ty {
        RustType::Primitive(name) | RustType::Runtime(name) => Shape::Leaf((*name).to_owned()),
        RustType::String => Shape::Leaf("String".to_owned()),
        RustType::Unit => Shape::Leaf("()".to_owned()),
        RustType::Json => Shape::Json,
        RustType::Boxed(boxed) => shape(boxed, generics, identities),
        RustType::Replaced { path, args, .. } => Shape::Named(path.clone(), all(args)),
        RustType::Option(element) => Shape::Option(inner(element)),
        RustType::Vec(element) => Shape::Vec(inner(element)),
        RustType::Map(key, value) => Shape::Map(inner(key), inner(value)),
        RustType::Named { rust_name, args } => {
            let key = identities
                .get(rust_name)
                .map_or_else(|| rust_name.clone(), |identity| identity.key.clone());
            Shape::Named(key, all(args))
        }
        RustType::Param(name) => match generics.iter().position(|param| param == name) {
            Some(position) => Shape::Param(position),
            None => Shape::Leaf(name.clone()),
        },
    }
}

/// Request side: every request DTO and what its fields reach. Response side: every operation's
/// response type and what it reaches.
fn reachability(ir: &Ir, by_rust: &HashMap<&str, &Item>) -> HashMap<String, Sides> {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for item in &ir.items {
        if let Item::Struct(StructDef {
            rust_name,
            request: Some(request),
            ..
        }) = item
        {
            request_roots.push(rust_name.clone());
            named_in(&request.response, &mut response_roots);
        }
    }
    let requests = closure(request_roots, by_rust);
    let responses = closure(response_roots, by_rust);
    let mut sides: HashMap<String, Sides> = HashMap::new();
    for name in requests {
        sides.entry(name).or_default().request = true;
    }
    for name in responses {
        sides.entry(name).or_default().response = true;
    }
    sides
}

fn closure(roots: Vec<String>, by_rust: &HashMap<&str, &Item>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(Item::Struct(def)) = by_rust.get(name.as_str()) {
            for field in &def.fields {
                named_in(&field.ty, &mut stack);
            }
        }
    }
    seen
}

fn named_in(ty: &RustType, out: &mut Vec<String>) {
    let mut named = Vec::new();
    ty.collect_named(&mut named);
    out.extend(named.into_iter().map(str::to_owned));
}
