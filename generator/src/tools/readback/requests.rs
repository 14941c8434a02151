//! `ServiceRequest` impls read back: verb, routes, auth and response type.

use syn::{Expr, ImplItem, Lit};

use crate::model::{AuthDef, RequestDef, ResponseKind, RouteDef, RustType};

use super::names::ScopeNames;
use super::structs::rust_type;
use super::syntax::{array_elements, last_ident, string_literal, struct_fields, verb};

pub(super) fn read_request(implementation: &syn::ItemImpl, names: &ScopeNames<'_>) -> RequestDef {
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
