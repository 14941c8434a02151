//! A structure-aware model of metadata documents: libFuzzer's bytes become a [`Doc`] through
//! `arbitrary`, and [`Doc::render`] turns it into the JSON a ServiceStack server would send
//! (or a plausible hostile variant of it), together with generator options.
//!
//! Names and texts come mostly from [`crate::pools`] or from the document's own type names, so
//! references resolve, names collide and hostile strings show up often; arbitrary strings are
//! possible everywhere too.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};
use servicestack_codegen::Config;
use servicestack_codegen::options::{MapType, ModuleLayout};

use crate::pools::{self, pick};

/// Deepest type expression rendered (deeper than the generator's limit of 32, so the refusal
/// path is reached too).
const MAX_RENDER_DEPTH: usize = 40;

/// A whole document plus generator options.
#[derive(Arbitrary, Debug)]
pub struct Doc {
    /// Write every key with a capital first letter (a PascalCase server).
    pub pascal_case: bool,
    /// Wrap the document as `/metadata/app.json` (`{"app":{},"api":{...}}`).
    pub app_json: bool,
    /// `config.makePropertiesOptional`.
    pub make_optional: Option<bool>,
    /// Entries of `types`.
    pub types: Vec<TypeDecl>,
    /// Entries of `operations`.
    pub operations: Vec<Operation>,
    /// `--include-types` patterns.
    pub include: Vec<Pattern>,
    /// `--exclude-types` names.
    pub exclude: Vec<Text>,
    /// Code-shape options.
    pub shape: Shape,
}

/// The code-shape options that change what is generated (not the user-written ones: type
/// attributes and replacements are code the user supplies).
#[derive(Arbitrary, Debug)]
pub struct Shape {
    /// Indices into [`DERIVES`].
    pub derives: Vec<u8>,
    /// 0: HashMap, 1: BTreeMap, 2: IndexMap.
    pub map_type: u8,
    /// `--closed-enums` when false.
    pub forward_compatible_enums: bool,
    /// One module per namespace.
    pub namespace_modules: bool,
}

/// Derives `--derive` accepts (the checked ones; a foreign derive would need its crate).
pub const DERIVES: &[&str] = &["Hash", "Eq", "PartialOrd", "Ord", "Copy", "PartialEq"];

/// A name or text.
#[derive(Arbitrary, Debug, Clone)]
pub enum Text {
    /// From [`pools::NAMES`].
    Name(u8),
    /// The name of the n-th declared type (requests included).
    Declared(u8),
    /// From [`pools::TEXTS`].
    Text(u8),
    /// Anything.
    Raw(String),
}

/// A type declaration (also used for requests and responses).
#[derive(Arbitrary, Debug)]
pub struct TypeDecl {
    pub name: Text,
    /// Generic parameters; the name gets the arity suffix ``Name`n`` when there are any.
    pub params: Vec<Text>,
    /// Write a wrong arity suffix.
    pub wrong_arity: Option<u8>,
    pub namespace: Option<u8>,
    pub kind: DeclKind,
    pub inherits: Option<TypeName>,
    pub implements: Vec<TypeName>,
    pub properties: Vec<Property>,
    pub description: Option<Text>,
    pub notes: Option<Text>,
    pub is_generic_type_def: bool,
    pub is_nested: bool,
}

/// What a declaration is.
#[derive(Arbitrary, Debug)]
pub enum DeclKind {
    Class,
    Abstract,
    Interface,
    Enum(EnumSpec),
}

/// An enum's members; the parallel arrays may be cut short to give them different lengths.
#[derive(Arbitrary, Debug)]
pub struct EnumSpec {
    pub int: bool,
    pub flags: bool,
    pub members: Vec<EnumMemberSpec>,
    pub cut_values: Option<u8>,
    pub cut_member_values: Option<u8>,
    pub cut_descriptions: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub struct EnumMemberSpec {
    pub name: Text,
    pub value: Option<EnumValue>,
    pub member_value: Option<Text>,
    pub description: Option<Text>,
}

#[derive(Arbitrary, Debug)]
pub enum EnumValue {
    Small(i8),
    Bit(u8),
    Big(i64),
    Text(Text),
}

/// A reference to a type: `inherits`, `implements`, `returnType`.
#[derive(Arbitrary, Debug)]
pub struct TypeName {
    pub name: TypeExpr,
    pub namespace: Option<u8>,
}

/// A property.
#[derive(Arbitrary, Debug)]
pub struct Property {
    pub name: Text,
    pub ty: Option<TypeExpr>,
    /// Put the whole expression in `type` (`List<Poco>`) instead of ``List`1`` + `genericArgs`.
    pub whole: bool,
    pub namespace: Option<u8>,
    pub is_value_type: bool,
    pub is_enum: bool,
    pub is_required: bool,
    pub description: Option<Text>,
    pub data_member: Option<Text>,
}

/// A .NET type expression.
#[derive(Arbitrary, Debug)]
pub enum TypeExpr {
    Builtin(u8),
    /// The n-th declaration, with these type arguments.
    Declared(u8, Vec<TypeExpr>),
    /// The n-th generic parameter of the enclosing declaration.
    Param(u8),
    List(Box<TypeExpr>),
    Dictionary(Box<TypeExpr>, Box<TypeExpr>),
    Nullable(Box<TypeExpr>),
    KeyValuePair(Box<TypeExpr>, Box<TypeExpr>),
    Array(Box<TypeExpr>),
    Named(Text, Vec<TypeExpr>),
    Raw(String),
}

/// An operation.
#[derive(Arbitrary, Debug)]
pub struct Operation {
    pub request: TypeDecl,
    pub response: Option<TypeDecl>,
    pub returns_void: bool,
    pub method: Option<u8>,
    pub return_type: Option<TypeName>,
    pub routes: Vec<Route>,
    pub actions: Vec<u8>,
    pub requires_auth: bool,
    pub requires_api_key: bool,
    pub required_roles: Vec<Text>,
    pub requires_any_role: Vec<Text>,
    pub required_permissions: Vec<Text>,
    pub tags: Vec<Text>,
}

#[derive(Arbitrary, Debug)]
pub struct Route {
    pub path: RoutePath,
    pub verbs: Option<Vec<u8>>,
}

#[derive(Arbitrary, Debug)]
pub enum RoutePath {
    Segments(Vec<Segment>),
    Text(Text),
}

#[derive(Arbitrary, Debug)]
pub enum Segment {
    Literal(Text),
    /// `{Name}` of a property name from the pool.
    Variable(Text),
    Wildcard(Text),
}

/// An `--include-types` pattern.
#[derive(Arbitrary, Debug)]
pub enum Pattern {
    Name(Text),
    WithReferences(Text),
    Referencing(Text),
    Namespace(u8),
    Tags(Vec<Text>),
    Raw(String),
}

/// What rendering needs to know: every declaration's name and arity.
struct Context {
    declared: Vec<(String, usize)>,
    depth_budget: usize,
}

impl Doc {
    /// The document's JSON text and the generator options.
    pub fn render(&self) -> (String, Config) {
        let declared: Vec<(String, usize)> = self
            .types
            .iter()
            .chain(self.operations.iter().map(|op| &op.request))
            .chain(self.operations.iter().filter_map(|op| op.response.as_ref()))
            .enumerate()
            .map(|(index, decl)| {
                // Names refer to earlier declarations only, so naming cannot loop.
                let name = match &decl.name {
                    Text::Declared(_) => format!("Type{index}"),
                    other => resolve_text(other, &[]),
                };
                (name, decl.params.len())
            })
            .collect();
        let mut context = Context {
            declared,
            depth_budget: MAX_RENDER_DEPTH,
        };
        let types: Vec<Value> = self
            .types
            .iter()
            .enumerate()
            .map(|(index, decl)| decl.render(index, &mut context))
            .collect();
        let offset = self.types.len();
        let responses_offset = offset + self.operations.len();
        let mut response_index = responses_offset;
        let operations: Vec<Value> = self
            .operations
            .iter()
            .enumerate()
            .map(|(index, op)| {
                let response = op.response.as_ref().map(|response| {
                    let rendered = response.render(response_index, &mut context);
                    response_index += 1;
                    rendered
                });
                op.render(offset + index, response, &mut context)
            })
            .collect();
        let mut document = json!({ "types": types, "operations": operations });
        if let Some(optional) = self.make_optional {
            document["config"] = json!({ "makePropertiesOptional": optional });
        }
        if self.app_json {
            document = json!({ "app": {}, "api": document });
        }
        if self.pascal_case {
            pascal_keys(&mut document);
        }
        let mut config = Config::default();
        let declared = &context.declared;
        config.include_types(self.include.iter().map(|pattern| pattern.render(declared)));
        config.exclude_types(self.exclude.iter().map(|name| resolve_text(name, declared)));
        if !self.shape.derives.is_empty() {
            config.derive(self.shape.derives.iter().map(|index| pick(DERIVES, *index)));
        }
        config.map_type(match self.shape.map_type % 3 {
            0 => MapType::Hash,
            1 => MapType::BTree,
            _ => MapType::Index,
        });
        config.forward_compatible_enums(self.shape.forward_compatible_enums);
        if self.shape.namespace_modules {
            config.module_layout(ModuleLayout::Namespace);
        }
        (document.to_string(), config)
    }
}

impl TypeDecl {
    fn render(&self, index: usize, context: &mut Context) -> Value {
        let (name, arity) = context.declared[index].clone();
        let params: Vec<String> = self
            .params
            .iter()
            .map(|param| resolve_text(param, &context.declared))
            .collect();
        let mut full_name = name;
        if let Some(wrong) = self.wrong_arity {
            full_name = format!("{full_name}`{wrong}");
        } else if arity > 0 && !full_name.contains('`') {
            full_name = format!("{full_name}`{arity}");
        }
        let mut out = Map::new();
        out.insert("name".into(), full_name.into());
        if let Some(namespace) = self.namespace {
            out.insert(
                "namespace".into(),
                pick(pools::NAMESPACES, namespace).into(),
            );
        }
        if !params.is_empty() {
            out.insert("genericArgs".into(), json!(params));
        }
        if self.is_generic_type_def {
            out.insert("isGenericTypeDef".into(), true.into());
        }
        if self.is_nested {
            out.insert("isNested".into(), true.into());
        }
        if let Some(description) = &self.description {
            out.insert(
                "description".into(),
                resolve_text(description, &context.declared).into(),
            );
        }
        if let Some(notes) = &self.notes {
            out.insert(
                "notes".into(),
                resolve_text(notes, &context.declared).into(),
            );
        }
        if let Some(base) = &self.inherits {
            out.insert("inherits".into(), base.render(&params, context));
        }
        if !self.implements.is_empty() {
            let implements: Vec<Value> = self
                .implements
                .iter()
                .map(|interface| interface.render(&params, context))
                .collect();
            out.insert("implements".into(), implements.into());
        }
        match &self.kind {
            DeclKind::Class => {}
            DeclKind::Abstract => {
                out.insert("isAbstract".into(), true.into());
            }
            DeclKind::Interface => {
                out.insert("isInterface".into(), true.into());
                out.insert("isAbstract".into(), true.into());
            }
            DeclKind::Enum(spec) => spec.render(&mut out, &context.declared),
        }
        if !self.properties.is_empty() {
            let properties: Vec<Value> = self
                .properties
                .iter()
                .map(|property| property.render(&params, context))
                .collect();
            out.insert("properties".into(), properties.into());
        }
        Value::Object(out)
    }
}

impl EnumSpec {
    fn render(&self, out: &mut Map<String, Value>, declared: &[(String, usize)]) {
        out.insert("isEnum".into(), true.into());
        if self.int || self.flags {
            out.insert("isEnumInt".into(), true.into());
        }
        if self.flags {
            out.insert("attributes".into(), json!([{ "name": "Flags" }]));
        }
        let names: Vec<String> = self
            .members
            .iter()
            .map(|member| resolve_text(&member.name, declared))
            .collect();
        out.insert("enumNames".into(), json!(names));
        let cut = |values: Vec<Value>, cut: Option<u8>| -> Value {
            let keep = cut.map_or(values.len(), usize::from);
            Value::Array(values.into_iter().take(keep).collect())
        };
        if self.members.iter().any(|member| member.value.is_some()) {
            let values = self
                .members
                .iter()
                .enumerate()
                .map(|(index, member)| match &member.value {
                    None => index.to_string().into(),
                    Some(EnumValue::Small(value)) => value.to_string().into(),
                    Some(EnumValue::Bit(bit)) => (1u64 << (bit % 64)).to_string().into(),
                    Some(EnumValue::Big(value)) => value.to_string().into(),
                    Some(EnumValue::Text(text)) => resolve_text(text, declared).into(),
                })
                .collect();
            out.insert("enumValues".into(), cut(values, self.cut_values));
        }
        // Optional texts per member, as parallel arrays (null where a member has none).
        let texts = |text: fn(&EnumMemberSpec) -> &Option<Text>| -> Option<Vec<Value>> {
            self.members.iter().any(|member| text(member).is_some()).then(|| {
                self.members
                    .iter()
                    .map(|member| match text(member) {
                        Some(text) => resolve_text(text, declared).into(),
                        None => Value::Null,
                    })
                    .collect()
            })
        };
        if let Some(values) = texts(|member| &member.member_value) {
            out.insert(
                "enumMemberValues".into(),
                cut(values, self.cut_member_values),
            );
        }
        if let Some(values) = texts(|member| &member.description) {
            out.insert(
                "enumDescriptions".into(),
                cut(values, self.cut_descriptions),
            );
        }
    }
}

impl TypeName {
    fn render(&self, params: &[String], context: &mut Context) -> Value {
        let mut out = Map::new();
        let (name, args) = self.name.render_split(params, context);
        out.insert("name".into(), name.into());
        if !args.is_empty() {
            out.insert("genericArgs".into(), json!(args));
        }
        if let Some(namespace) = self.namespace {
            out.insert(
                "namespace".into(),
                pick(pools::NAMESPACES, namespace).into(),
            );
        }
        Value::Object(out)
    }
}

impl Property {
    fn render(&self, params: &[String], context: &mut Context) -> Value {
        let mut out = Map::new();
        out.insert(
            "name".into(),
            resolve_text(&self.name, &context.declared).into(),
        );
        if let Some(ty) = &self.ty {
            if self.whole {
                out.insert("type".into(), ty.render(params, context).into());
            } else {
                let (name, args) = ty.render_split(params, context);
                out.insert("type".into(), name.into());
                if !args.is_empty() {
                    out.insert("genericArgs".into(), json!(args));
                }
            }
        }
        if let Some(namespace) = self.namespace {
            out.insert(
                "namespace".into(),
                pick(pools::NAMESPACES, namespace).into(),
            );
        }
        for (flag, key) in [
            (self.is_value_type, "isValueType"),
            (self.is_enum, "isEnum"),
            (self.is_required, "isRequired"),
        ] {
            if flag {
                out.insert(key.into(), true.into());
            }
        }
        if let Some(description) = &self.description {
            out.insert(
                "description".into(),
                resolve_text(description, &context.declared).into(),
            );
        }
        if let Some(alias) = &self.data_member {
            out.insert(
                "dataMember".into(),
                json!({ "name": resolve_text(alias, &context.declared) }),
            );
        }
        Value::Object(out)
    }
}

impl TypeExpr {
    /// The angle-bracket form: `Dictionary<String,List<Poco>>`, `Int32[]`.
    fn render(&self, params: &[String], context: &mut Context) -> String {
        let (name, args) = self.render_split(params, context);
        if args.is_empty() {
            return name;
        }
        // ``List`1[][]`` + args → `List<…>[][]`.
        let base = name.trim_end_matches("[]");
        let arrays = &name[base.len()..];
        let base = base.split('`').next().unwrap_or_default();
        format!("{base}<{}>{arrays}", args.join(","))
    }

    /// The metadata's split form: ``("List`1", ["Poco"])``, ``("Nullable`1[]", ["Byte"])``.
    fn render_split(&self, params: &[String], context: &mut Context) -> (String, Vec<String>) {
        if context.depth_budget == 0 {
            return ("Int32".into(), Vec::new());
        }
        context.depth_budget -= 1;
        let rendered = self.render_split_inner(params, context);
        context.depth_budget += 1;
        rendered
    }

    fn render_split_inner(
        &self,
        params: &[String],
        context: &mut Context,
    ) -> (String, Vec<String>) {
        let generic = |name: &str, args: &[&TypeExpr], context: &mut Context| {
            let args: Vec<String> = args.iter().map(|arg| arg.render(params, context)).collect();
            (format!("{name}`{}", args.len()), args)
        };
        match self {
            TypeExpr::Builtin(index) => (pick(pools::builtins(), *index).to_owned(), Vec::new()),
            TypeExpr::Declared(index, args) => {
                if context.declared.is_empty() {
                    return ("Int32".into(), Vec::new());
                }
                let (name, _) =
                    context.declared[usize::from(*index) % context.declared.len()].clone();
                let name = name.split('`').next().unwrap_or_default().to_owned();
                if args.is_empty() {
                    (name, Vec::new())
                } else {
                    generic(&name, &args.iter().collect::<Vec<_>>(), context)
                }
            }
            TypeExpr::Param(index) => match params.len() {
                0 => ("T".into(), Vec::new()),
                count => (params[usize::from(*index) % count].clone(), Vec::new()),
            },
            TypeExpr::List(element) => generic("List", &[element], context),
            TypeExpr::Dictionary(key, value) => generic("Dictionary", &[key, value], context),
            TypeExpr::KeyValuePair(key, value) => generic("KeyValuePair", &[key, value], context),
            TypeExpr::Nullable(element) => generic("Nullable", &[element], context),
            TypeExpr::Array(element) => {
                let (name, args) = element.render_split(params, context);
                (format!("{name}[]"), args)
            }
            TypeExpr::Named(name, args) => {
                let name = resolve_text(name, &context.declared);
                if args.is_empty() {
                    (name, Vec::new())
                } else {
                    generic(&name, &args.iter().collect::<Vec<_>>(), context)
                }
            }
            TypeExpr::Raw(text) => (text.clone(), Vec::new()),
        }
    }
}

impl Operation {
    fn render(&self, index: usize, response: Option<Value>, context: &mut Context) -> Value {
        let request = self.request.render(index, context);
        let mut out = Map::new();
        out.insert("request".into(), request);
        if let Some(response) = response {
            out.insert("response".into(), response);
        }
        if self.returns_void {
            out.insert("returnsVoid".into(), true.into());
        }
        if let Some(method) = self.method {
            out.insert("method".into(), pick(pools::VERBS, method).into());
        }
        if let Some(return_type) = &self.return_type {
            out.insert("returnType".into(), return_type.render(&[], context));
        }
        if !self.routes.is_empty() {
            let routes: Vec<Value> = self
                .routes
                .iter()
                .map(|route| route.render(&context.declared))
                .collect();
            out.insert("routes".into(), routes.into());
        }
        if !self.actions.is_empty() {
            let actions: Vec<&str> = self
                .actions
                .iter()
                .map(|verb| pick(pools::VERBS, *verb))
                .collect();
            out.insert("actions".into(), json!(actions));
        }
        for (flag, key) in [
            (self.requires_auth, "requiresAuth"),
            (self.requires_api_key, "requiresApiKey"),
        ] {
            if flag {
                out.insert(key.into(), true.into());
            }
        }
        for (texts, key) in [
            (&self.required_roles, "requiredRoles"),
            (&self.requires_any_role, "requiresAnyRole"),
            (&self.required_permissions, "requiredPermissions"),
            (&self.tags, "tags"),
        ] {
            if !texts.is_empty() {
                let texts: Vec<String> = texts
                    .iter()
                    .map(|text| resolve_text(text, &context.declared))
                    .collect();
                out.insert(key.into(), json!(texts));
            }
        }
        Value::Object(out)
    }
}

impl Route {
    fn render(&self, declared: &[(String, usize)]) -> Value {
        let path = match &self.path {
            RoutePath::Text(text) => resolve_text(text, declared),
            RoutePath::Segments(segments) => segments
                .iter()
                .map(|segment| match segment {
                    Segment::Literal(text) => format!("/{}", resolve_text(text, declared)),
                    Segment::Variable(text) => format!("/{{{}}}", resolve_text(text, declared)),
                    Segment::Wildcard(text) => format!("/{{{}*}}", resolve_text(text, declared)),
                })
                .collect(),
        };
        match &self.verbs {
            Some(verbs) => {
                let verbs: Vec<&str> = verbs.iter().map(|verb| pick(pools::VERBS, *verb)).collect();
                json!({ "path": path, "verbs": verbs.join(",") })
            }
            None => json!({ "path": path }),
        }
    }
}

impl Pattern {
    fn render(&self, declared: &[(String, usize)]) -> String {
        match self {
            Pattern::Name(name) => resolve_text(name, declared),
            Pattern::WithReferences(name) => format!("{}.*", resolve_text(name, declared)),
            Pattern::Referencing(name) => format!("*.{}", resolve_text(name, declared)),
            Pattern::Namespace(namespace) => format!("{}/*", pick(pools::NAMESPACES, *namespace)),
            Pattern::Tags(tags) => {
                let tags: Vec<String> =
                    tags.iter().map(|tag| resolve_text(tag, declared)).collect();
                format!("{{{}}}", tags.join(","))
            }
            Pattern::Raw(text) => text.clone(),
        }
    }
}

fn resolve_text(text: &Text, declared: &[(String, usize)]) -> String {
    match text {
        Text::Name(index) => pick(pools::NAMES, *index).to_owned(),
        Text::Declared(index) => match declared.len() {
            0 => "Poco".to_owned(),
            count => declared[usize::from(*index) % count].0.clone(),
        },
        Text::Text(index) => pick(pools::TEXTS, *index).to_owned(),
        Text::Raw(text) => text.clone(),
    }
}

/// `isEnum` → `IsEnum`, everywhere (what a server configured for PascalCase sends).
fn pascal_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut value) in entries {
                pascal_keys(&mut value);
                let mut chars = key.chars();
                let key = match chars.next() {
                    Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                    None => key,
                };
                map.insert(key, value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(pascal_keys),
        _ => {}
    }
}
