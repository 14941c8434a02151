//! AutoQuery: `QueryResults` for ServiceStack's `QueryResponse<T>` and `AutoQuery` for the
//! requests that inherit `QueryDb` / `QueryData` and return it.
//!
//! ```ignore
//! impl ::servicestack_runtime::AutoQuery for QueryBookings {
//!     fn query_params(&self) -> ::servicestack_runtime::QueryParams<'_> {
//!         ::servicestack_runtime::QueryParams { skip: &self.skip, take: &self.take, /* ... */ }
//!     }
//!     fn query_params_mut(&mut self) -> ::servicestack_runtime::QueryParamsMut<'_> {
//!         ::servicestack_runtime::QueryParamsMut { skip: &mut self.skip, /* ... */ }
//!     }
//! }
//!
//! impl<T> ::servicestack_runtime::QueryResults for QueryResponse<T> {
//!     type Item = T;
//!     fn offset(&self) -> i32 { self.offset }
//!     fn total(&self) -> i32 { self.total }
//!     fn results(&self) -> &[T] { self.results.as_deref().unwrap_or_default() }
//!     fn into_results(self) -> ::std::vec::Vec<T> { self.results.unwrap_or_default() }
//! }
//! ```
//!
//! Either impl is left out when the type is not as ServiceStack declares it (a member missing
//! or replaced), so the generated code always compiles.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, ident, paths};
use crate::model::{Field, RequestDef, RustType, StructDef};

/// The .NET name of the response every AutoQuery request returns.
const QUERY_RESPONSE: &str = "ServiceStack.QueryResponse`1";

/// The `QueryBase` members, as (.NET name, `AutoQuery` accessor), in `QueryBase`'s order.
const QUERY_BASE: [(&str, &str); 6] = [
    ("Skip", "skip"),
    ("Take", "take"),
    ("OrderBy", "order_by"),
    ("OrderByDesc", "order_by_desc"),
    ("Fields", "fields"),
    ("Include", "include"),
];

fn field<'a>(def: &'a StructDef, dotnet_name: &str) -> Option<&'a Field> {
    def.fields
        .iter()
        .find(|field| field.dotnet_name == dotnet_name)
}

/// An `i32` member, read as `i32` (an `Option` one reads as 0 when missing).
fn int_member(def: &StructDef, dotnet_name: &str) -> Option<TokenStream> {
    let field = field(def, dotnet_name)?;
    let name = ident(&field.rust_name);
    match &field.ty {
        RustType::Primitive("i32") => Some(quote!(self.#name)),
        RustType::Option(inner) if **inner == RustType::Primitive("i32") => {
            Some(quote!(self.#name.unwrap_or_default()))
        }
        _ => None,
    }
}

/// Whether the struct is ServiceStack's `QueryResponse<T>` with the members `QueryResults`
/// reads.
pub fn is_query_response(def: &StructDef) -> bool {
    query_results_shape(def).is_some()
}

/// The members of `QueryResponse<T>` that `QueryResults` reads.
struct ResultsShape {
    item: proc_macro2::Ident,
    offset: TokenStream,
    total: TokenStream,
    borrowed: TokenStream,
    owned: TokenStream,
}

/// `QueryResults` for `QueryResponse<T>`; nothing for any other struct.
pub fn emit_query_results(def: &StructDef, context: &Context<'_>) -> TokenStream {
    let Some(ResultsShape {
        item,
        offset,
        total,
        borrowed,
        owned,
    }) = query_results_shape(def)
    else {
        return TokenStream::new();
    };
    let struct_name = ident(&def.rust_name);
    let query_results = context.path(paths::QUERY_RESULTS);
    let vec = context.path(paths::VEC);
    quote! {
        impl<#item> #query_results for #struct_name<#item> {
            type Item = #item;
            fn offset(&self) -> i32 {
                #offset
            }
            fn total(&self) -> i32 {
                #total
            }
            fn results(&self) -> &[#item] {
                #borrowed
            }
            fn into_results(self) -> #vec<#item> {
                #owned
            }
        }
    }
}

fn query_results_shape(def: &StructDef) -> Option<ResultsShape> {
    if def.dotnet_name != QUERY_RESPONSE || def.generics.len() != 1 || def.request.is_some() {
        return None;
    }
    let param = &def.generics[0];
    let item = ident(param);
    let offset = int_member(def, "Offset")?;
    let total = int_member(def, "Total")?;
    let results = field(def, "Results")?;
    let name = ident(&results.rust_name);
    let is_list = |ty: &RustType| matches!(ty, RustType::Vec(inner) if **inner == RustType::Param(param.clone()));
    let (borrowed, owned) = match &results.ty {
        ty if is_list(ty) => (quote!(&self.#name), quote!(self.#name)),
        RustType::Option(inner) if is_list(inner) => (
            quote!(self.#name.as_deref().unwrap_or_default()),
            quote!(self.#name.unwrap_or_default()),
        ),
        _ => return None,
    };
    Some(ResultsShape {
        item,
        offset,
        total,
        borrowed,
        owned,
    })
}

/// `AutoQuery` for an AutoQuery request whose `QueryBase` members and `QueryResponse<T>`
/// response are as ServiceStack declares them; nothing otherwise.
pub fn emit_auto_query(
    def: &StructDef,
    request: &RequestDef,
    context: &Context<'_>,
) -> TokenStream {
    let returns_query_response = matches!(
        &request.response,
        RustType::Named { rust_name, args } if args.len() == 1 && context.is_query_response(rust_name)
    );
    if !request.auto_query || !returns_query_response || !def.generics.is_empty() {
        return TokenStream::new();
    }
    let mut members = Vec::new();
    for (dotnet_name, accessor) in QUERY_BASE {
        let Some(field) = field(def, dotnet_name) else {
            return TokenStream::new();
        };
        let expected = if matches!(dotnet_name, "Skip" | "Take") {
            RustType::Primitive("i32")
        } else {
            RustType::String
        };
        if field.ty != RustType::Option(Box::new(expected)) {
            return TokenStream::new();
        }
        members.push((ident(accessor), ident(&field.rust_name)));
    }
    let name = ident(&def.rust_name);
    let defaults = members.iter().all(|(accessor, field)| accessor == field);
    if defaults {
        quote!(::servicestack_runtime::auto_query!(#name);)
    } else {
        let fields = members.iter().map(|(_, field)| field);
        quote!(::servicestack_runtime::auto_query!(#name { #(#fields),* });)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Item;

    /// `QueryBase`, `QueryDb<T>`, `QueryResponse<T>` as servers list them, a user base between
    /// `QueryDb<T>` and a request, and requests that are AutoQuery or only look like it.
    const DOCUMENT: &str = r#"{
      "types": [
        { "name": "QueryBase", "namespace": "ServiceStack", "isAbstract": true, "properties": [
          { "name": "Skip", "type": "Nullable`1", "namespace": "System", "isValueType": true, "genericArgs": ["Int32"] },
          { "name": "Take", "type": "Nullable`1", "namespace": "System", "isValueType": true, "genericArgs": ["Int32"] },
          { "name": "OrderBy", "type": "String", "namespace": "System" },
          { "name": "OrderByDesc", "type": "String", "namespace": "System" },
          { "name": "Include", "type": "String", "namespace": "System" },
          { "name": "Fields", "type": "String", "namespace": "System" } ] },
        { "name": "QueryDb`1", "namespace": "ServiceStack", "genericArgs": ["T"], "isAbstract": true,
          "isGenericTypeDef": true, "inherits": { "name": "QueryBase", "namespace": "ServiceStack" } },
        { "name": "QueryResponse`1", "namespace": "ServiceStack", "genericArgs": ["T"], "isGenericTypeDef": true,
          "properties": [
            { "name": "Offset", "type": "Int32", "namespace": "System", "isValueType": true },
            { "name": "Total", "type": "Int32", "namespace": "System", "isValueType": true },
            { "name": "Results", "type": "List`1", "namespace": "System.Collections.Generic", "genericArgs": ["T"] } ] },
        { "name": "TenantQuery`1", "namespace": "MyApp", "genericArgs": ["T"], "isAbstract": true,
          "isGenericTypeDef": true, "inherits": { "name": "QueryDb`1", "namespace": "ServiceStack", "genericArgs": ["T"] },
          "properties": [ { "name": "TenantId", "type": "Int32", "namespace": "System", "isValueType": true } ] },
        { "name": "Thing", "namespace": "MyApp", "properties": [
          { "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true } ] },
        { "name": "ThingsReport", "namespace": "MyApp", "properties": [
          { "name": "Count", "type": "Int32", "namespace": "System", "isValueType": true } ] }
      ],
      "operations": [
        { "request": { "name": "QueryThings", "namespace": "MyApp",
            "inherits": { "name": "QueryDb`1", "namespace": "ServiceStack", "genericArgs": ["Thing"] } },
          "method": "GET", "returnType": { "name": "QueryResponse`1", "namespace": "ServiceStack", "genericArgs": ["Thing"] } },
        { "request": { "name": "QueryTenantThings", "namespace": "MyApp",
            "inherits": { "name": "TenantQuery`1", "namespace": "MyApp", "genericArgs": ["Thing"] } },
          "method": "GET", "returnType": { "name": "QueryResponse`1", "namespace": "ServiceStack", "genericArgs": ["Thing"] } },
        { "request": { "name": "ReportThings", "namespace": "MyApp",
            "inherits": { "name": "QueryDb`1", "namespace": "ServiceStack", "genericArgs": ["Thing"] } },
          "method": "GET", "returnType": { "name": "ThingsReport", "namespace": "MyApp" } },
        { "request": { "name": "LooksLikeAQuery", "namespace": "MyApp", "properties": [
            { "name": "Skip", "type": "Nullable`1", "namespace": "System", "isValueType": true, "genericArgs": ["Int32"] },
            { "name": "Take", "type": "Nullable`1", "namespace": "System", "isValueType": true, "genericArgs": ["Int32"] } ] },
          "method": "GET", "returnType": { "name": "QueryResponse`1", "namespace": "ServiceStack", "genericArgs": ["Thing"] } }
      ]
    }"#;

    fn auto_query_impls(code: &str) -> Vec<&str> {
        code.lines()
            .filter_map(|line| line.strip_prefix("::servicestack_runtime::auto_query!("))
            .map(|rest| rest.trim_end_matches(");"))
            .collect()
    }

    #[test]
    fn query_db_descendants_returning_query_response_implement_auto_query() {
        let generated = crate::Generator::new(crate::Config::new())
            .generate_str(DOCUMENT, "autoquery")
            .unwrap();
        let code = &generated.code;
        assert_eq!(
            auto_query_impls(code),
            ["QueryTenantThings", "QueryThings"],
            "{code}"
        );
        assert!(code.contains("impl<T> QueryResults for QueryResponse<T> {"));
        // The bases only exist to be inherited: flattened into the requests, not emitted.
        for base in ["QueryBase", "QueryDb", "TenantQuery"] {
            assert!(
                !code.contains(&format!("pub struct {base}")),
                "{base}: {code}"
            );
        }
        assert!(code.contains("pub struct Thing {"));
        // Read back, the flag says which requests are AutoQuery.
        let read = crate::readback::read_generated(code, "autoquery").unwrap();
        let flagged: Vec<&str> = read
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Struct(def) if def.request.as_ref().is_some_and(|r| r.auto_query) => {
                    Some(def.rust_name.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(flagged, ["QueryTenantThings", "QueryThings"]);
    }

    #[test]
    fn a_replaced_query_response_leaves_both_traits_out() {
        let mut config = crate::Config::new();
        config.replace_type("QueryResponse", "my::Page");
        let generated = crate::Generator::new(config)
            .generate_str(DOCUMENT, "autoquery")
            .unwrap();
        assert!(auto_query_impls(&generated.code).is_empty());
        assert!(!generated.code.contains("QueryResults"));
    }
}
