//! `ServiceRequest` impls of request DTOs.
//!
//! ```ignore
//! impl ::servicestack_runtime::ServiceRequest for InviteChatMember {
//!     type Response = SessionInfo;
//!     const OPERATION_NAME: &'static str = "InviteChatMember";
//!     const METHOD: ::servicestack_runtime::HttpMethod = ::servicestack_runtime::HttpMethod::Post;
//!     const ROUTES: &'static [::servicestack_runtime::Route] = &[::servicestack_runtime::Route {
//!         path: "/sessions/{sessionId}/members",
//!         verbs: &[::servicestack_runtime::HttpMethod::Post],
//!     }];
//!     const AUTH: ::servicestack_runtime::AuthRequirement = ::servicestack_runtime::AuthRequirement {
//!         requires_auth: true,
//!         required_roles: &["User"],
//!         ..::servicestack_runtime::AuthRequirement::NONE
//!     };
//!     const RESPONSE_KIND: ::servicestack_runtime::ResponseKind = ::servicestack_runtime::ResponseKind::Json;
//!     fn decode_response(body: &[u8]) -> ::std::result::Result<Self::Response, ::servicestack_runtime::BodyError> {
//!         ::servicestack_runtime::decode::json(body)
//!     }
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::ident;
use super::structs::generics;
use super::types::type_tokens;
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
        let params = def.generics.iter().map(|param| ident(param));
        quote!(<#(#params: ::serde::Serialize),*>)
    };
    let operation = &request.operation_name;
    let method = method_tokens(request.method);
    let routes = request.routes.iter().map(|route| {
        let path = &route.path;
        let verbs = route.verbs.iter().map(|verb| method_tokens(verb));
        quote!(::servicestack_runtime::Route { path: #path, verbs: &[#(#verbs),*] })
    });
    let auth = auth_tokens(request);
    let response = type_tokens(&request.response, context);
    let (kind, decoder) = match request.response_kind {
        ResponseKind::Json => (quote!(Json), quote!(json)),
        ResponseKind::Void => (quote!(Void), quote!(void)),
        ResponseKind::Text => (quote!(Text), quote!(text)),
        ResponseKind::Bytes => (quote!(Bytes), quote!(bytes)),
    };
    quote! {
        impl #impl_generics ::servicestack_runtime::ServiceRequest for #name #type_generics {
            type Response = #response;
            const OPERATION_NAME: &'static str = #operation;
            const METHOD: ::servicestack_runtime::HttpMethod = #method;
            const ROUTES: &'static [::servicestack_runtime::Route] = &[#(#routes),*];
            const AUTH: ::servicestack_runtime::AuthRequirement = #auth;
            const RESPONSE_KIND: ::servicestack_runtime::ResponseKind = ::servicestack_runtime::ResponseKind::#kind;
            fn decode_response(
                body: &[u8],
            ) -> ::std::result::Result<Self::Response, ::servicestack_runtime::BodyError> {
                ::servicestack_runtime::decode::#decoder(body)
            }
        }
    }
}

fn method_tokens(verb: &str) -> TokenStream {
    let variant = ident(&heck::ToUpperCamelCase::to_upper_camel_case(verb));
    quote!(::servicestack_runtime::HttpMethod::#variant)
}

fn auth_tokens(request: &RequestDef) -> TokenStream {
    let auth = &request.auth;
    let mut members = Vec::new();
    if auth.requires_auth {
        members.push(quote!(requires_auth: true));
    }
    if auth.requires_api_key {
        members.push(quote!(requires_api_key: true));
    }
    let lists = [
        (quote!(required_roles), &auth.required_roles),
        (quote!(requires_any_role), &auth.requires_any_role),
        (quote!(required_permissions), &auth.required_permissions),
        (
            quote!(requires_any_permission),
            &auth.requires_any_permission,
        ),
    ];
    for (member, values) in lists {
        if !values.is_empty() {
            members.push(quote!(#member: &[#(#values),*]));
        }
    }
    if members.is_empty() {
        quote!(::servicestack_runtime::AuthRequirement::NONE)
    } else if members.len() == 6 {
        quote!(::servicestack_runtime::AuthRequirement { #(#members,)* })
    } else {
        quote!(::servicestack_runtime::AuthRequirement {
            #(#members,)*
            ..::servicestack_runtime::AuthRequirement::NONE
        })
    }
}
