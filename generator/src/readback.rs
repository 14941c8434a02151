//! Reads the API back out of a generated file: the structs, enums and `ServiceRequest` impls
//! the emitter wrote, as an [`Ir`]. This is how `check` and `update` explain what changed
//! without the metadata the file was generated from: the generated code itself is the record.

use syn::{Attribute, Expr, ImplItem, Item as SynItem, Lit, Type};

use crate::error::Error;
use crate::model::names::SerdeCase;
use crate::model::vocabulary;
use crate::model::{
    AuthDef, EnumDef, EnumMember, EnumRepr, Extras, Field, FlagsDef, Ir, Item, REQUIRED_NOTE,
    RequestDef, ResponseKind, RouteDef, RustType, StructDef,
};

/// The API described by a file the generator wrote.
pub fn read_generated(code: &str, location: &str) -> Result<Ir, Error> {
    let file = syn::parse_file(code).map_err(|error| Error::Invalid {
        location: location.to_owned(),
        message: format!("not valid Rust: {error}"),
    })?;
    let mut structs: Vec<StructDef> = Vec::new();
    let mut enums: Vec<EnumDef> = Vec::new();
    let mut flags: Vec<FlagsDef> = Vec::new();
    let mut tuple_structs: Vec<(String, String)> = Vec::new();
    // `--modules namespace` files hold their items in one `pub mod` per namespace.
    let mut all_items: Vec<(&SynItem, Option<String>)> = Vec::new();
    for item in &file.items {
        match item {
            SynItem::Mod(module) => {
                let name = module.ident.to_string();
                for inner in module.content.iter().flat_map(|(_, items)| items) {
                    all_items.push((inner, Some(name.clone())));
                }
            }
            other => all_items.push((other, None)),
        }
    }
    let names = Names::of(&all_items);
    let module_of: std::collections::HashMap<String, String> = all_items
        .iter()
        .filter_map(|(item, module)| {
            let name = match item {
                SynItem::Struct(item) => item.ident.to_string(),
                SynItem::Enum(item) => item.ident.to_string(),
                _ => return None,
            };
            Some((name, module.clone()?))
        })
        .collect();
    for (item, module) in &all_items {
        match item {
            SynItem::Struct(item) if matches!(item.fields, syn::Fields::Unnamed(_)) => {
                tuple_structs.push((
                    item.ident.to_string(),
                    dotnet_name(&item.attrs, vocabulary::FLAGS_NOTE),
                ));
            }
            SynItem::Struct(item) => structs.push(read_struct(item, &names.scope(module.clone()))),
            SynItem::Enum(item) => enums.push(EnumDef {
                rust_name: item.ident.to_string(),
                dotnet_name: dotnet_name(&item.attrs, vocabulary::ENUM_NOTE),
                docs: Vec::new(),
                repr: EnumRepr::String,
                members: Vec::new(),
                default_member: None,
                catch_all: item
                    .variants
                    .iter()
                    .find(|variant| !variant.fields.is_empty())
                    .map(|variant| variant.ident.to_string()),
                extras: Extras::default(),
            }),
            _ => {}
        }
    }
    for (item, module) in &all_items {
        let SynItem::Impl(implementation) = item else {
            continue;
        };
        let Some((trait_path, _)) = &implementation.trait_ else {
            continue;
        };
        let Some(trait_name) = trait_path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
        else {
            continue;
        };
        let self_name = type_name(&implementation.self_ty);
        match trait_name.as_str() {
            "ServiceRequest" => {
                if let Some(def) = structs.iter_mut().find(|def| def.rust_name == self_name) {
                    def.request = Some(read_request(implementation, &names.scope(module.clone())));
                }
            }
            "AutoQuery" => {
                if let Some(request) = structs
                    .iter_mut()
                    .find(|def| def.rust_name == self_name)
                    .and_then(|def| def.request.as_mut())
                {
                    request.auto_query = true;
                }
            }
            "StringEnum" | "IntEnum" => {
                let members = read_members(implementation);
                if let Some(def) = enums.iter_mut().find(|def| def.rust_name == self_name) {
                    def.repr = if trait_name == "IntEnum" {
                        EnumRepr::Int
                    } else {
                        EnumRepr::String
                    };
                    def.members = members;
                } else if let Some((_, dotnet)) =
                    tuple_structs.iter().find(|(name, _)| *name == self_name)
                {
                    flags.push(FlagsDef {
                        rust_name: self_name.clone(),
                        dotnet_name: dotnet.clone(),
                        docs: Vec::new(),
                        members,
                        extras: Extras::default(),
                    });
                }
            }
            _ => {}
        }
    }
    for (item, _) in &all_items {
        let SynItem::Macro(call) = item else {
            continue;
        };
        if call
            .mac
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            == Some("auto_query".to_owned())
        {
            let name = call
                .mac
                .parse_body_with(|input: syn::parse::ParseStream<'_>| {
                    let name: syn::Ident = input.parse()?;
                    let _: proc_macro2::TokenStream = input.parse()?;
                    Ok(name.to_string())
                });
            if let Some(request) = name.ok().and_then(|name| {
                structs
                    .iter_mut()
                    .find(|def| def.rust_name == name)
                    .and_then(|def| def.request.as_mut())
            }) {
                request.auto_query = true;
            }
            continue;
        }
        let Some(wire) = WireMacro::read(call) else {
            continue;
        };
        if let Some(def) = enums.iter_mut().find(|def| def.rust_name == wire.name) {
            def.repr = wire.repr;
            def.members = wire.members;
        } else if let Some((_, dotnet)) = tuple_structs.iter().find(|(name, _)| *name == wire.name)
        {
            let values = flag_values(&all_items, &wire.name);
            let members = wire
                .members
                .into_iter()
                .map(|mut member| {
                    member.value = values.get(&member.rust_name).copied().unwrap_or_default();
                    member.rust_name = member.wire_name.clone();
                    member
                })
                .collect();
            flags.push(FlagsDef {
                rust_name: wire.name,
                dotnet_name: dotnet.clone(),
                docs: Vec::new(),
                members,
                extras: Extras::default(),
            });
        }
    }
    let mut items: Vec<Item> = structs
        .into_iter()
        .map(Item::Struct)
        .chain(enums.into_iter().map(Item::Enum))
        .chain(flags.into_iter().map(Item::Flags))
        .collect();
    for item in &mut items {
        item.extras_mut().module = module_of.get(item.rust_name()).cloned();
    }
    items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    Ok(Ir { items })
}

fn read_struct(item: &syn::ItemStruct, names: &ScopeNames<'_>) -> StructDef {
    let generics: Vec<String> = item
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    let case = rename_all(&item.attrs);
    let fields = item
        .fields
        .iter()
        .map(|field| {
            let rust_name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let serde = SerdeField::read(&field.attrs);
            let wire_name = serde.rename.unwrap_or_else(|| match case {
                Some(case) => case.apply(&rust_name),
                None => rust_name.clone(),
            });
            let ty = rust_type(&field.ty, &generics, names);
            let required = !matches!(ty, RustType::Option(_))
                || doc_lines(&field.attrs).any(|line| line == REQUIRED_NOTE);
            Field {
                dotnet_name: wire_name.clone(),
                rust_name,
                wire_name,
                aliases: serde.aliases,
                lenient: serde.deserialize_with,
                ty,
                required,
                docs: Vec::new(),
            }
        })
        .collect();
    StructDef {
        rust_name: item.ident.to_string(),
        dotnet_name: dotnet_name(&item.attrs, vocabulary::TYPE_NOTE),
        generics,
        docs: Vec::new(),
        fields,
        request: None,
        extras: Extras::default(),
    }
}

fn read_request(implementation: &syn::ItemImpl, names: &ScopeNames<'_>) -> RequestDef {
    let mut request = RequestDef {
        operation_name: String::new(),
        method: "POST",
        routes: Vec::new(),
        auth: AuthDef::default(),
        response: RustType::Unit,
        response_kind: ResponseKind::Json,
        auto_query: false,
    };
    for item in &implementation.items {
        match item {
            ImplItem::Type(alias) if alias.ident == "Response" => {
                request.response = rust_type(&alias.ty, &[], names)
            }
            ImplItem::Const(constant) => match constant.ident.to_string().as_str() {
                "OPERATION_NAME" => {
                    request.operation_name = string_literal(&constant.expr).unwrap_or_default()
                }
                "METHOD" => request.method = verb(&constant.expr).unwrap_or("POST"),
                "ROUTES" => request.routes = routes(&constant.expr),
                "AUTH" => request.auth = auth(&constant.expr),
                "RESPONSE_KIND" => {
                    request.response_kind = match last_ident(&constant.expr).as_deref() {
                        Some("Void") => ResponseKind::Void,
                        Some("Text") => ResponseKind::Text,
                        Some("Bytes") => ResponseKind::Bytes,
                        _ => ResponseKind::Json,
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    request
}

fn read_members(implementation: &syn::ItemImpl) -> Vec<EnumMember> {
    let Some(expr) = implementation.items.iter().find_map(|item| match item {
        ImplItem::Const(constant) if constant.ident == "MEMBERS" => Some(&constant.expr),
        _ => None,
    }) else {
        return Vec::new();
    };
    array_elements(expr)
        .into_iter()
        .enumerate()
        .map(|(index, element)| {
            let (wire_name, value) = match element {
                Expr::Tuple(tuple) => (
                    tuple
                        .elems
                        .first()
                        .and_then(string_literal)
                        .unwrap_or_default(),
                    tuple
                        .elems
                        .iter()
                        .nth(1)
                        .and_then(int_literal)
                        .unwrap_or(index as i64),
                ),
                other => (string_literal(other).unwrap_or_default(), index as i64),
            };
            EnumMember {
                rust_name: wire_name.clone(),
                wire_name,
                value,
                docs: Vec::new(),
            }
        })
        .collect()
}

/// `Option<Vec<Poco>>` (or `::std::option::Option<::std::vec::Vec<Poco>>`) back into a
/// [`RustType`].
fn rust_type(ty: &Type, params: &[String], names: &ScopeNames<'_>) -> RustType {
    match ty {
        Type::Tuple(tuple) if tuple.elems.is_empty() => RustType::Unit,
        Type::Paren(inner) => rust_type(&inner.elem, params, names),
        Type::Path(path) => {
            let segments: Vec<String> = names.canonical(
                path.path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
            );
            let Some(last) = path.path.segments.last() else {
                return RustType::Json;
            };
            let args: Vec<RustType> = match &last.arguments {
                syn::PathArguments::AngleBracketed(arguments) => arguments
                    .args
                    .iter()
                    .filter_map(|argument| match argument {
                        syn::GenericArgument::Type(ty) => Some(rust_type(ty, params, names)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let first =
                |args: &[RustType]| Box::new(args.first().cloned().unwrap_or(RustType::Json));
            let joined = segments.join("::");
            match joined.as_str() {
                "std::option::Option" => RustType::Option(first(&args)),
                "std::vec::Vec" => RustType::Vec(first(&args)),
                "std::boxed::Box" => RustType::Boxed(first(&args)),
                "std::string::String" => RustType::String,
                "serde_json::Value" => RustType::Json,
                "std::collections::HashMap"
                | "std::collections::BTreeMap"
                | "servicestack_runtime::indexmap::IndexMap" => RustType::Map(
                    first(&args),
                    Box::new(args.get(1).cloned().unwrap_or(RustType::Json)),
                ),
                _ if segments.first().map(String::as_str) == Some("servicestack_runtime") => {
                    vocabulary::runtime_type(&segments[segments.len() - 1])
                        .map_or(RustType::Json, RustType::Runtime)
                }
                _ if segments.len() == 1 => match primitive(&segments[0]) {
                    Some(primitive) => RustType::Primitive(primitive),
                    None if args.is_empty() && params.contains(&segments[0]) => {
                        RustType::Param(segments[0].clone())
                    }
                    None => RustType::Named {
                        rust_name: segments[0].clone(),
                        args,
                    },
                },
                // `super::module::Name` in namespace-module files.
                _ if segments.first().map(String::as_str) == Some("super") => RustType::Named {
                    rust_name: segments[segments.len() - 1].clone(),
                    args,
                },
                // A `--replace-type` path.
                _ => RustType::Replaced {
                    path: joined,
                    args,
                    wire: None,
                },
            }
        }
        _ => RustType::Json,
    }
}

fn primitive(name: &str) -> Option<&'static str> {
    const PRIMITIVES: &[&str] = &[
        "bool", "char", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128", "u128",
        "f32", "f64",
    ];
    PRIMITIVES
        .iter()
        .copied()
        .find(|primitive| *primitive == name)
}

fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// What a field's `#[serde(...)]` attributes say about its wire form.
#[derive(Default)]
struct SerdeField {
    rename: Option<String>,
    aliases: Vec<String>,
    deserialize_with: bool,
}

impl SerdeField {
    fn read(attributes: &[Attribute]) -> SerdeField {
        let mut read = SerdeField::default();
        for attribute in attributes
            .iter()
            .filter(|attribute| attribute.path().is_ident("serde"))
        {
            let _ = attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    read.rename = Some(value.value());
                } else if meta.path.is_ident("alias") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    read.aliases.push(value.value());
                } else if meta.input.peek(syn::Token![=]) {
                    read.deserialize_with |= meta.path.is_ident("deserialize_with");
                    let _: Expr = meta.value()?.parse()?;
                } else if meta.input.peek(syn::token::Paren) {
                    // `bound(deserialize = "...")`: nothing the API surface needs.
                    meta.parse_nested_meta(|inner| {
                        let _: Expr = inner.value()?.parse()?;
                        Ok(())
                    })?;
                }
                Ok(())
            });
        }
        read
    }
}

/// The .NET name from the doc line the emitter writes (`ServiceStack type: Ns.Name`).
/// The text of each `#[doc]` line, without its leading space.
fn doc_lines(attributes: &[Attribute]) -> impl Iterator<Item = String> + '_ {
    attributes
        .iter()
        .filter_map(|attribute| match &attribute.meta {
            syn::Meta::NameValue(doc) if doc.path.is_ident("doc") => string_literal(&doc.value),
            _ => None,
        })
        .map(|line| line.trim().to_owned())
}

fn dotnet_name(attributes: &[Attribute], prefix: &str) -> String {
    doc_lines(attributes)
        .find_map(|line| {
            let rest = line.trim_start().strip_prefix(prefix)?;
            let name = rest.split(". ").next().unwrap_or(rest);
            Some(
                match name
                    .strip_prefix('`')
                    .and_then(|code| code.strip_suffix('`'))
                {
                    Some(code) => arity_name(code),
                    None => unescape_markdown(name),
                },
            )
        })
        .unwrap_or_default()
}

/// `Ns.QueryDb<T>`, as the emitter shows generic names, back to the .NET `Ns.QueryDb`1`.
fn arity_name(name: &str) -> String {
    let Some((base, params)) = name
        .strip_suffix('>')
        .and_then(|inner| inner.split_once('<'))
    else {
        return name.to_owned();
    };
    format!("{base}`{}", params.split(',').count())
}

#[cfg(test)]
mod name_tests {
    #[test]
    fn generic_names_read_back_with_their_arity() {
        assert_eq!(super::arity_name("Ns.QueryDb<T>"), "Ns.QueryDb`1");
        assert_eq!(super::arity_name("Ns.Pair<TKey, TValue>"), "Ns.Pair`2");
        assert_eq!(super::arity_name("Ns.Plain"), "Ns.Plain");
    }
}

fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

fn int_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(value),
            ..
        }) => value.base10_parse::<i64>().ok(),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match &**expr {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(value),
                ..
            }) => value
                .base10_parse::<u64>()
                .ok()
                .and_then(|magnitude| 0i64.checked_sub_unsigned(magnitude)),
            _ => None,
        },
        _ => None,
    }
}

fn last_ident(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

fn verb(expr: &Expr) -> Option<&'static str> {
    const VERBS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let name = last_ident(expr)?;
    VERBS
        .into_iter()
        .find(|verb| verb.eq_ignore_ascii_case(&name))
}

fn array_elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Reference(reference) => array_elements(&reference.expr),
        Expr::Array(array) => array.elems.iter().collect(),
        _ => Vec::new(),
    }
}

fn struct_fields(expr: &Expr) -> Vec<(String, &Expr)> {
    match expr {
        Expr::Struct(value) => value
            .fields
            .iter()
            .filter_map(|field| match &field.member {
                syn::Member::Named(name) => Some((name.to_string(), &field.expr)),
                syn::Member::Unnamed(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn routes(expr: &Expr) -> Vec<RouteDef> {
    array_elements(expr)
        .into_iter()
        .map(|route| {
            // `Route::new("/path", &[HttpMethod::Get, ...])`, `Route::get("/path")`, `Route::any(..)`
            if let Expr::Call(call) = route {
                let mut args = call.args.iter();
                let path = args.next().and_then(string_literal).unwrap_or_default();
                let verbs = match args.next() {
                    Some(verbs) => array_elements(verbs).into_iter().filter_map(verb).collect(),
                    None => verb(&call.func).into_iter().collect(),
                };
                return RouteDef { path, verbs };
            }
            let fields = struct_fields(route);
            let path = fields
                .iter()
                .find(|(name, _)| name == "path")
                .and_then(|(_, value)| string_literal(value));
            let verbs = fields
                .iter()
                .find(|(name, _)| name == "verbs")
                .map(|(_, value)| array_elements(value).into_iter().filter_map(verb).collect())
                .unwrap_or_default();
            RouteDef {
                path: path.unwrap_or_default(),
                verbs,
            }
        })
        .collect()
}

fn auth(expr: &Expr) -> AuthDef {
    let mut auth = AuthDef::default();
    // `AuthRequirement::AUTHENTICATED.roles(&["Admin"]).api_key()`
    let mut link = expr;
    while let Expr::MethodCall(call) = link {
        let strings = || {
            call.args
                .first()
                .map(|values| {
                    array_elements(values)
                        .into_iter()
                        .filter_map(string_literal)
                        .collect()
                })
                .unwrap_or_default()
        };
        match call.method.to_string().as_str() {
            "api_key" => auth.requires_api_key = true,
            "roles" => auth.required_roles = strings(),
            "any_role" => auth.requires_any_role = strings(),
            "permissions" => auth.required_permissions = strings(),
            "any_permission" => auth.requires_any_permission = strings(),
            _ => {}
        }
        link = &call.receiver;
    }
    if last_ident(link).as_deref() == Some("AUTHENTICATED") {
        auth.requires_auth = true;
    }
    for (name, value) in struct_fields(expr) {
        let strings = || {
            array_elements(value)
                .into_iter()
                .filter_map(string_literal)
                .collect()
        };
        let flag =
            matches!(value, Expr::Lit(syn::ExprLit { lit: Lit::Bool(flag), .. }) if flag.value);
        match name.as_str() {
            "requires_auth" => auth.requires_auth = flag,
            "requires_api_key" => auth.requires_api_key = flag,
            "required_roles" => auth.required_roles = strings(),
            "requires_any_role" => auth.requires_any_role = strings(),
            "required_permissions" => auth.required_permissions = strings(),
            "requires_any_permission" => auth.requires_any_permission = strings(),
            _ => {}
        }
    }
    auth
}

/// How the file names std, serde and runtime items: its `use` lines, and its own item names
/// (which shadow the prelude's `Option`, `Vec`, `Box` and `String`).
/// Names are per scope: the file's top level, or one `pub mod`.
#[derive(Default)]
struct Names {
    imports: std::collections::HashMap<(Option<String>, String), Vec<String>>,
    declared: std::collections::HashSet<(Option<String>, String)>,
}

/// The names of one scope.
struct ScopeNames<'a> {
    names: &'a Names,
    module: Option<String>,
}

impl Names {
    fn of(items: &[(&SynItem, Option<String>)]) -> Names {
        let mut names = Names::default();
        for (item, module) in items {
            let declared = match item {
                SynItem::Use(item) => {
                    names.import(module, &item.tree, Vec::new());
                    continue;
                }
                SynItem::Struct(item) => item.ident.to_string(),
                SynItem::Enum(item) => item.ident.to_string(),
                _ => continue,
            };
            names.declared.insert((module.clone(), declared));
        }
        names
    }

    fn import(&mut self, module: &Option<String>, tree: &syn::UseTree, mut prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.import(module, &path.tree, prefix);
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.imports
                    .insert((module.clone(), name.ident.to_string()), prefix);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.import(module, tree, prefix.clone());
                }
            }
            syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => {}
        }
    }

    fn scope(&self, module: Option<String>) -> ScopeNames<'_> {
        ScopeNames {
            names: self,
            module,
        }
    }
}

impl ScopeNames<'_> {
    /// The absolute path (without the leading `::`) a path of the scope stands for.
    fn canonical(&self, segments: Vec<String>) -> Vec<String> {
        let [name] = segments.as_slice() else {
            return segments;
        };
        let key = (self.module.clone(), name.clone());
        if let Some(path) = self.names.imports.get(&key) {
            return path.clone();
        }
        let prelude = match name.as_str() {
            "Option" => ["std", "option", "Option"],
            "Vec" => ["std", "vec", "Vec"],
            "Box" => ["std", "boxed", "Box"],
            "String" => ["std", "string", "String"],
            _ => return segments,
        };
        if self.names.declared.contains(&key) {
            return segments;
        }
        prelude
            .iter()
            .map(|segment| (*segment).to_owned())
            .collect()
    }
}

/// The struct's `#[serde(rename_all = "...")]`.
fn rename_all(attributes: &[Attribute]) -> Option<SerdeCase> {
    let mut case = None;
    for attribute in attributes
        .iter()
        .filter(|attribute| attribute.path().is_ident("serde"))
    {
        let _ = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: syn::LitStr = meta.value()?.parse()?;
                case = SerdeCase::from_attribute_value(&value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    case
}

/// A `string_enum!`, `int_enum!` or `flags!` call: the enum's wire names (and numbers). For
/// `flags!` each member's `rust_name` is its constant, whose value is read separately.
struct WireMacro {
    name: String,
    repr: EnumRepr,
    members: Vec<EnumMember>,
}

impl WireMacro {
    fn read(call: &syn::ItemMacro) -> Option<WireMacro> {
        let kind = call.mac.path.segments.last()?.ident.to_string();
        let repr = match kind.as_str() {
            "string_enum" => EnumRepr::String,
            "int_enum" | "flags" => EnumRepr::Int,
            _ => return None,
        };
        let parser = |input: syn::parse::ParseStream<'_>| -> syn::Result<WireMacro> {
            let name: syn::Ident = input.parse()?;
            let body;
            syn::braced!(body in input);
            let mut members = Vec::new();
            while !body.is_empty() {
                let index = members.len() as i64;
                let member = if kind == "flags" {
                    let wire: syn::LitStr = body.parse()?;
                    body.parse::<syn::Token![=]>()?;
                    let constant: syn::Ident = body.parse()?;
                    EnumMember {
                        rust_name: constant.to_string(),
                        wire_name: wire.value(),
                        value: 0,
                        docs: Vec::new(),
                    }
                } else {
                    let variant: syn::Ident = body.parse()?;
                    let mut wire_name = variant.to_string();
                    if body.parse::<Option<syn::Token![as]>>()?.is_some() {
                        wire_name = body.parse::<syn::LitStr>()?.value();
                    }
                    let mut value = index;
                    if body.parse::<Option<syn::Token![=]>>()?.is_some() {
                        let number: Expr = body.parse()?;
                        value = int_literal(&number).unwrap_or(index);
                    }
                    EnumMember {
                        rust_name: wire_name.clone(),
                        wire_name,
                        value,
                        docs: Vec::new(),
                    }
                };
                members.push(member);
                if body.parse::<Option<syn::Token![,]>>()?.is_none() {
                    break;
                }
            }
            let _: proc_macro2::TokenStream = input.parse()?;
            Ok(WireMacro {
                name: name.to_string(),
                repr,
                members,
            })
        };
        syn::parse::Parser::parse2(parser, call.mac.tokens.clone()).ok()
    }
}

/// The values of a flags struct's constants (`pub const READ: Self = Self(1);`).
fn flag_values(
    items: &[(&SynItem, Option<String>)],
    name: &str,
) -> std::collections::HashMap<String, i64> {
    items
        .iter()
        .filter_map(|(item, _)| match item {
            SynItem::Impl(implementation)
                if implementation.trait_.is_none()
                    && type_name(&implementation.self_ty) == name =>
            {
                Some(implementation)
            }
            _ => None,
        })
        .flat_map(|implementation| &implementation.items)
        .filter_map(|item| match item {
            ImplItem::Const(constant) => match &constant.expr {
                Expr::Call(call) => Some((
                    constant.ident.to_string(),
                    call.args.first().and_then(int_literal)?,
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::TypeFilter;

    /// Reading back what the emitter wrote gives the IR it was written from, up to what the
    /// code does not carry (docs, C# property names, default members, Rust variant names).
    #[test]
    fn reads_back_what_the_emitter_wrote() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/features.metadata.json");
        let json = std::fs::read_to_string(path).unwrap();
        let document = crate::metadata::parse(&json).unwrap();
        let (ir, _) = crate::model::resolve(&document, &TypeFilter::default()).unwrap();
        let code = crate::format::format(crate::emit::emit(&ir).unwrap()).unwrap();
        let read = read_generated(&code, "features").unwrap();
        assert_eq!(read.items.len(), ir.items.len());
        for (expected, actual) in ir.items.iter().zip(&read.items) {
            match (expected, actual) {
                (Item::Struct(expected), Item::Struct(actual)) => {
                    assert_eq!(actual.rust_name, expected.rust_name);
                    assert_eq!(actual.dotnet_name, expected.dotnet_name);
                    assert_eq!(actual.generics, expected.generics);
                    let fields = |def: &StructDef| -> Vec<(String, String, RustType)> {
                        def.fields
                            .iter()
                            .map(|f| (f.rust_name.clone(), f.wire_name.clone(), f.ty.clone()))
                            .collect()
                    };
                    assert_eq!(fields(actual), fields(expected), "{}", expected.rust_name);
                    assert_eq!(actual.request, expected.request, "{}", expected.rust_name);
                }
                (Item::Enum(expected), Item::Enum(actual)) => {
                    assert_eq!(actual.dotnet_name, expected.dotnet_name);
                    assert_eq!(actual.repr, expected.repr);
                    assert_eq!(actual.catch_all, expected.catch_all);
                    let members = |def: &EnumDef| -> Vec<String> {
                        def.members.iter().map(|m| m.wire_name.clone()).collect()
                    };
                    assert_eq!(members(actual), members(expected));
                }
                (Item::Flags(expected), Item::Flags(actual)) => {
                    assert_eq!(actual.dotnet_name, expected.dotnet_name);
                    let members = |def: &FlagsDef| -> Vec<(String, i64)> {
                        def.members
                            .iter()
                            .map(|m| (m.wire_name.clone(), m.value))
                            .collect()
                    };
                    assert_eq!(members(actual), members(expected));
                }
                (expected, actual) => panic!(
                    "{} read back as {}",
                    expected.rust_name(),
                    actual.rust_name()
                ),
            }
        }
        assert!(read_generated("fn (", "broken").is_err());
    }

    /// Files written with code options (modules, other maps, replacements) read back too.
    #[test]
    fn reads_back_files_written_with_options() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/features.metadata.json");
        let json = std::fs::read_to_string(path).unwrap();
        let mut config = crate::Config::new();
        config
            .module_layout(crate::options::ModuleLayout::Namespace)
            .map_type(crate::options::MapType::BTree)
            .replace_type("Poco", "my::Poco")
            .forward_compatible_enums(false);
        let generated = crate::Generator::new(config.clone())
            .generate_str(&json, "features")
            .unwrap();
        let document = crate::metadata::parse(&json).unwrap();
        let (mut ir, _) =
            crate::model::resolve_with(&document, &TypeFilter::default(), config.code_options())
                .unwrap();
        ir.items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
        let read = read_generated(&generated.code, "features").unwrap();
        let shape = |ir: &Ir| -> Vec<(String, Option<String>, Vec<RustType>)> {
            ir.items
                .iter()
                .map(|item| {
                    let fields = match item {
                        Item::Struct(def) => {
                            def.fields.iter().map(|field| field.ty.clone()).collect()
                        }
                        _ => Vec::new(),
                    };
                    (
                        item.rust_name().to_owned(),
                        item.extras().module.clone(),
                        fields,
                    )
                })
                .collect()
        };
        assert_eq!(shape(&read), shape(&ir));
    }
}
