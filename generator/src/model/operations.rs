//! Pass 7, operations: what each request struct's operation looks like on the wire.
//!
//! Reads the document's operations, the [`Index`] (for the request's bases), and the type
//! mapping with the final generic parameters (for the response type); produces, per generated
//! request struct, its [`RequestDef`] (verb, routes, auth, response type and how it is read,
//! AutoQuery) and its tags. Warns when a response type cannot be used.

use std::collections::{BTreeMap, HashSet};

use crate::metadata::{MetadataOperation, MetadataType, MetadataTypeName};
use crate::model::diagnostics::Diagnostics;
use crate::model::index::UsedParams;
use crate::model::index::{Decl, DeclId, Index, Kind, type_name_ref};
use crate::model::typemap::TypeMapper;
use crate::model::{AuthDef, RequestDef, ResponseKind, RouteDef, RustType};
use crate::typeref::{self, TypeRef};

/// A request's operation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Operation {
    /// What the request struct sends and gets back.
    pub(super) request: RequestDef,
    /// `[Tag]` names, trimmed, blanks dropped.
    pub(super) tags: Vec<String>,
}

/// The operation of every generated request struct.
pub(super) fn describe_all(
    operations: &[MetadataOperation],
    mapper: &TypeMapper,
    used: &UsedParams,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<DeclId, Operation> {
    let mut described = BTreeMap::new();
    for (id, _) in mapper.names.iter() {
        let decl = mapper.index.decl(id);
        if decl.kind == Kind::Enum {
            continue;
        }
        let Some(op) = decl.op.and_then(|op| operations.get(op)) else {
            continue;
        };
        let describer = Describer {
            mapper,
            used,
            location: &decl.meta.name,
        };
        let operation = Operation {
            request: describer.request_def(decl, op, diagnostics),
            tags: op
                .tags
                .iter()
                .map(|tag| tag.trim().to_owned())
                .filter(|tag| !tag.is_empty())
                .collect(),
        };
        described.insert(id, operation);
    }
    described
}

struct Describer<'a> {
    mapper: &'a TypeMapper<'a>,
    used: &'a UsedParams,
    /// The request's .NET name, where response warnings point.
    location: &'a str,
}

impl Describer<'_> {
    fn request_def(
        &self,
        decl: &Decl,
        op: &MetadataOperation,
        diagnostics: &mut Diagnostics,
    ) -> RequestDef {
        let routes: Vec<RouteDef> = op
            .routes
            .iter()
            .filter(|route| !route.path.trim().is_empty())
            .map(|route| RouteDef {
                path: route.path.trim().to_owned(),
                verbs: route.verbs.as_deref().map(parse_verbs).unwrap_or_default(),
            })
            .collect();
        let method = op
            .method
            .as_deref()
            .and_then(canonical_verb)
            .or_else(|| routes.iter().find_map(|route| route.verbs.first().copied()))
            .unwrap_or("POST");
        let (response, response_kind) = if op.returns_void {
            (RustType::Unit, ResponseKind::Void)
        } else if let Some(reference) = &op.return_type {
            self.response_type(reference, diagnostics)
        } else if let Some(response) = op.response.as_ref().filter(|response| !is_open(response)) {
            let reference = MetadataTypeName {
                name: response.name.clone(),
                namespace: response.namespace.clone(),
                generic_args: response.generic_args.clone(),
            };
            self.response_type(&reference, diagnostics)
        } else {
            (RustType::Json, ResponseKind::Json)
        };
        let strings = |list: &[String]| list.iter().map(|item| item.trim().to_owned()).collect();
        RequestDef {
            operation_name: decl.name.clone(),
            method,
            routes,
            auth: AuthDef {
                requires_auth: op.requires_auth,
                requires_api_key: op.requires_api_key,
                required_roles: strings(&op.required_roles),
                requires_any_role: strings(&op.requires_any_role),
                required_permissions: strings(&op.required_permissions),
                requires_any_permission: strings(&op.requires_any_permission),
            },
            response,
            response_kind,
            auto_query: inherits_query(self.mapper.index, decl),
        }
    }

    /// The response type and how its body is read: text for `String`, bytes for streams and
    /// `byte[]`, nothing for `void` and bare tasks, JSON otherwise.
    fn response_type(
        &self,
        reference: &MetadataTypeName,
        diagnostics: &mut Diagnostics,
    ) -> (RustType, ResponseKind) {
        let ty = match type_name_ref(reference) {
            Ok(ty) => ty,
            Err(message) => {
                diagnostics.warn(
                    self.location,
                    format!("unreadable response type ({message}); using serde_json::Value"),
                );
                return (RustType::Json, ResponseKind::Json);
            }
        };
        let bytes = || RustType::Vec(Box::new(RustType::Primitive("u8")));
        match &ty {
            TypeRef::Named { name, .. } if name == "String" => {
                (RustType::String, ResponseKind::Text)
            }
            TypeRef::Named { name, .. }
                if matches!(
                    name.as_str(),
                    "Stream" | "HttpWebResponse" | "HttpResponseMessage"
                ) =>
            {
                (bytes(), ResponseKind::Bytes)
            }
            TypeRef::Array(element) if **element == TypeRef::simple("Byte") => {
                (bytes(), ResponseKind::Bytes)
            }
            TypeRef::Named { name, args }
                if args.is_empty() && matches!(name.as_str(), "Void" | "Task" | "ValueTask") =>
            {
                (RustType::Unit, ResponseKind::Void)
            }
            TypeRef::Named { name, args } if args.is_empty() && name == "Object" => {
                (RustType::Json, ResponseKind::Json)
            }
            TypeRef::Named { name, args }
                if (name == "Task" || name == "ValueTask") && args.len() == 1 =>
            {
                let inner = MetadataTypeName {
                    name: args[0].to_string(),
                    ..MetadataTypeName::default()
                };
                self.response_type(&inner, diagnostics)
            }
            _ => {
                let namespace = reference.namespace.as_deref();
                let mapped = self.mapper.map(&ty, &[], namespace, self.location);
                mapped.report(self.used, diagnostics);
                (
                    mapped.lower(self.used, self.mapper.names),
                    ResponseKind::Json,
                )
            }
        }
    }
}

/// Whether `decl` inherits `ServiceStack.QueryDb` or `ServiceStack.QueryData` (one or two type
/// arguments), directly or through bases of the document.
fn inherits_query(index: &Index, decl: &Decl) -> bool {
    let mut base = decl.base.as_ref();
    let mut seen = HashSet::new();
    while let Some((reference, namespace)) = base {
        if let TypeRef::Named { name, args } = reference
            && matches!(name.as_str(), "QueryDb" | "QueryData")
            && matches!(args.len(), 1 | 2)
            && namespace
                .as_deref()
                .is_none_or(|namespace| namespace == "ServiceStack")
        {
            return true;
        }
        let Some(id) = index.find_ref(reference, namespace.as_deref()) else {
            return false;
        };
        if !seen.insert(id) {
            return false;
        }
        base = index.decl(id).base.as_ref();
    }
    false
}

/// The generic arity of a response declaration's name (``QueryResponse`1`` → 1).
pub(super) fn response_arity(response: &MetadataType) -> usize {
    typeref::split_arity(&response.name)
        .ok()
        .and_then(|(_, arity)| arity)
        .unwrap_or(0)
}

/// An open generic response (`QueryResponse<T>` with `T` a parameter) says nothing usable.
fn is_open(response: &MetadataType) -> bool {
    response.is_generic_type_def
        || (response_arity(response) > 0
            && response.generic_args.iter().all(|arg| {
                arg.len() <= 2
                    || (arg.starts_with('T') && arg.chars().nth(1).is_some_and(char::is_uppercase))
            }))
}

fn canonical_verb(verb: &str) -> Option<&'static str> {
    const VERBS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    VERBS
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(verb.trim()))
}

/// A route's comma-separated verbs, canonical, unknown ones and repeats dropped.
fn parse_verbs(verbs: &str) -> Vec<&'static str> {
    let mut parsed: Vec<&'static str> = Vec::new();
    for verb in verbs.split(',').filter_map(canonical_verb) {
        if !parsed.contains(&verb) {
            parsed.push(verb);
        }
    }
    parsed
}

#[cfg(test)]
#[path = "operations_tests.rs"]
mod tests;
