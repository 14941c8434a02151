//! `ServiceRequest` impls of request DTOs: only what differs from the trait's defaults (POST,
//! no routes, no authentication, a JSON response):
//!
//! ```ignore
//! impl ServiceRequest for InviteChatMember {
//!     type Response = SessionInfo;
//!     const OPERATION_NAME: &'static str = "InviteChatMember";
//!     const ROUTES: &'static [Route] = &[Route::post("/sessions/{sessionId}/members")];
//!     const AUTH: AuthRequirement = AuthRequirement::AUTHENTICATED.roles(&["User"]);
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::paths;
use super::types::{generics, type_tokens};
use super::{Context, ident};
use crate::model::{RequestDef, ResponseKind, StructDef};

/// The impl for one request struct.
pub fn emit_request_impl(
    def: &StructDef,
    request: &RequestDef,
    context: &Context<'_>,
) -> TokenStream {
    let name = ident(&def.rust_name);
    let type_generics = generics(def);
    let impl_generics = if def.generics.is_empty() {
        TokenStream::new()
    } else {
        let serialize = context.path(paths::SERIALIZE);
        let params = def.generics.iter().map(|param| ident(param));
        quote!(<#(#params: #serialize),*>)
    };
    let operation = &request.operation_name;
    let mut items = Vec::new();
    if request.method != "POST" {
        let method_type = context.path(paths::HTTP_METHOD);
        let method = method_tokens(request.method, context);
        items.push(quote!(const METHOD: #method_type = #method;));
    }
    if !request.routes.is_empty() {
        let route = context.path(paths::ROUTE);
        let routes = request.routes.iter().map(|route_def| {
            let path = &route_def.path;
            match route_def.verbs.as_slice() {
                [] => quote!(#route::any(#path)),
                [verb] if matches!(*verb, "GET" | "POST" | "PUT" | "PATCH" | "DELETE") => {
                    let constructor = ident(&verb.to_ascii_lowercase());
                    quote!(#route::#constructor(#path))
                }
                verbs => {
                    let verbs = verbs.iter().map(|verb| method_tokens(verb, context));
                    quote!(#route::new(#path, &[#(#verbs),*]))
                }
            }
        });
        items.push(quote!(const ROUTES: &'static [#route] = &[#(#routes),*];));
    }
    if let Some(auth) = auth_tokens(request, context) {
        let auth_type = context.path(paths::AUTH_REQUIREMENT);
        items.push(quote!(const AUTH: #auth_type = #auth;));
    }
    let kind = match request.response_kind {
        ResponseKind::Json => None,
        ResponseKind::Void => Some(quote!(Void)),
        ResponseKind::Text => Some(quote!(Text)),
        ResponseKind::Bytes => Some(quote!(Bytes)),
    };
    if let Some(kind) = kind {
        let kind_type = context.path(paths::RESPONSE_KIND);
        items.push(quote!(const RESPONSE_KIND: #kind_type = #kind_type::#kind;));
    }
    let response = type_tokens(&request.response, context);
    let service_request = context.path(paths::SERVICE_REQUEST);
    quote! {
        impl #impl_generics #service_request for #name #type_generics {
            type Response = #response;
            const OPERATION_NAME: &'static str = #operation;
            #(#items)*
        }
    }
}

fn method_tokens(verb: &str, context: &Context<'_>) -> TokenStream {
    let method = context.path(paths::HTTP_METHOD);
    let variant = ident(&heck::ToUpperCamelCase::to_upper_camel_case(verb));
    quote!(#method::#variant)
}

/// `AuthRequirement::AUTHENTICATED.roles(&["Admin"])`, or `None` for anyone may call.
fn auth_tokens(request: &RequestDef, context: &Context<'_>) -> Option<TokenStream> {
    let auth = &request.auth;
    if *auth == Default::default() {
        return None;
    }
    let auth_type = context.path(paths::AUTH_REQUIREMENT);
    let mut tokens = if auth.requires_auth {
        quote!(#auth_type::AUTHENTICATED)
    } else {
        quote!(#auth_type::NONE)
    };
    if auth.requires_api_key {
        tokens.extend(quote!(.api_key()));
    }
    let lists = [
        (quote!(roles), &auth.required_roles),
        (quote!(any_role), &auth.requires_any_role),
        (quote!(permissions), &auth.required_permissions),
        (quote!(any_permission), &auth.requires_any_permission),
    ];
    for (method, values) in lists {
        if !values.is_empty() {
            tokens.extend(quote!(.#method(&[#(#values),*])));
        }
    }
    Some(tokens)
}
