//! The expansions, over `proc_macro2` so unit tests can run them outside a compiler.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::HashSet;
use syn::ext::IdentExt;
use syn::{
    Attribute, Data, DataStruct, DeriveInput, Error, Field, Fields, GenericArgument, Ident, Meta,
    PathArguments, Type, TypePath, Visibility,
};

pub(crate) fn dto(input: &DeriveInput) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::servicestack_runtime::lenient::Dto
            for #name #type_generics #where_clause {}
    }
}

pub(crate) fn setters(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(DataStruct {
        fields: Fields::Named(fields),
        ..
    }) = &input.data
    else {
        return Err(Error::new_spanned(
            &input.ident,
            "#[derive(Setters)] needs a struct with named fields",
        ));
    };
    if let Some(attr) = input.attrs.iter().find(|attr| is_setters(attr)) {
        return Err(Error::new_spanned(
            attr,
            "#[setters(...)] goes on a field, not on the struct",
        ));
    }

    let mut taken = HashSet::new();
    let mut methods = Vec::new();
    for field in &fields.named {
        if skipped(field)? {
            continue;
        }
        let field_name = field.ident.as_ref().expect("named fields have names");
        let shown = field_name.unraw().to_string();
        let base = format!("with_{}", shown.trim_end_matches('_'));
        let mut method = base.clone();
        for n in 2.. {
            if taken.insert(method.clone()) {
                break;
            }
            method = format!("{base}_{n}");
        }
        let method = Ident::new(&method, Span::call_site());
        let (param, expr) = conversion(&field.ty, true);
        let docs = docs(field, &shown);
        methods.push(quote! {
            #docs
            #[inline]
            pub fn #method(mut self, value: #param) -> Self {
                self.#field_name = #expr;
                self
            }
        });
    }

    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics #name #type_generics #where_clause {
            #(#methods)*
        }
    })
}

fn is_setters(attr: &Attribute) -> bool {
    attr.path().is_ident("setters")
}

fn skipped(field: &Field) -> syn::Result<bool> {
    let mut skip = false;
    for attr in field.attrs.iter().filter(|attr| is_setters(attr)) {
        match attr.parse_args::<Ident>() {
            Ok(word) if word == "skip" => skip = true,
            _ => {
                return Err(Error::new_spanned(
                    attr,
                    "unknown setters attribute: the only one accepted is #[setters(skip)]",
                ));
            }
        }
    }
    Ok(skip)
}

/// The summary line, then the field's own docs, so hovers on the setter describe the member.
/// `shown` is the field's name without `r#`: rustdoc resolves `Self::type`, not `Self::r#type`.
fn docs(field: &Field, shown: &str) -> TokenStream {
    // A public method linking to a private field would trip `rustdoc::private_intra_doc_links`.
    let summary = if matches!(field.vis, Visibility::Public(_)) {
        format!("Sets [`{shown}`](Self::{shown}).")
    } else {
        format!("Sets `{shown}`.")
    };
    let field_docs: Vec<_> = field
        .attrs
        .iter()
        .filter(|attr| matches!(&attr.meta, Meta::NameValue(doc) if doc.path.is_ident("doc")))
        .collect();
    let separator = (!field_docs.is_empty()).then(|| quote!(#[doc = ""]));
    quote! {
        #[doc = #summary]
        #separator
        #(#field_docs)*
    }
}

/// The setter's parameter type, and the expression that turns `value` into the field's value.
fn conversion(ty: &Type, outermost: bool) -> (TokenStream, TokenStream) {
    let into = quote!(::core::convert::Into);
    let Some((name, args)) = generic_args(ty) else {
        return (quote!(impl #into<#ty>), quote!(#into::into(value)));
    };
    match (name.as_str(), args.as_slice()) {
        ("Option", [inner]) if outermost => {
            let (param, expr) = conversion(inner, false);
            (param, quote!(::core::option::Option::Some(#expr)))
        }
        ("Vec", [item]) => (
            quote!(impl ::core::iter::IntoIterator<Item = impl #into<#item>>),
            quote!(value.into_iter().map(#into::into).collect()),
        ),
        ("HashMap" | "BTreeMap" | "IndexMap", [key, item]) => (
            quote!(impl ::core::iter::IntoIterator<Item = (impl #into<#key>, impl #into<#item>)>),
            quote!(value
                .into_iter()
                .map(|(key, item)| (#into::into(key), #into::into(item)))
                .collect()),
        ),
        ("Box", [inner]) => (
            quote!(impl #into<#inner>),
            quote!(::std::boxed::Box::new(#into::into(value))),
        ),
        _ => (quote!(impl #into<#ty>), quote!(#into::into(value))),
    }
}

/// `("Name", [T, U])` for a path type `a::b::Name<T, U>` whose arguments are all types.
fn generic_args(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let ty = match ty {
        // What a `macro_rules!` `$field:ty` arrives as.
        Type::Group(group) => &group.elem,
        ty => ty,
    };
    let Type::Path(TypePath {
        qself: None, path, ..
    }) = ty
    else {
        return None;
    };
    let last = path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types = args
        .args
        .iter()
        .map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((last.ident.to_string(), types))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(source: &str) -> syn::Result<String> {
        setters(&syn::parse_str(source).unwrap()).map(|tokens| tokens.to_string())
    }

    fn error(source: &str) -> String {
        expand(source).unwrap_err().to_string()
    }

    #[test]
    fn rejects_what_has_no_named_fields() {
        for source in [
            "struct S(i32);",
            "struct S;",
            "enum E { A }",
            "union U { a: u32 }",
        ] {
            assert_eq!(
                error(source),
                "#[derive(Setters)] needs a struct with named fields",
                "{source}"
            );
        }
    }

    #[test]
    fn rejects_unknown_setters_attributes() {
        for attr in [
            "#[setters]",
            "#[setters()]",
            "#[setters(skp)]",
            "#[setters(skip, skip)]",
            "#[setters = \"skip\"]",
        ] {
            let message = error(&format!("struct S {{ {attr} a: i32 }}"));
            assert!(message.contains("#[setters(skip)]"), "{attr}: {message}");
        }
        assert!(error("#[setters(skip)] struct S { a: i32 }").contains("goes on a field"));
    }

    #[test]
    fn names_setters_in_field_order() {
        let out = expand("struct S { type_: i32, r#type: i32, with: i32, type__: i32 }").unwrap();
        let names: Vec<_> = out
            .split("pub fn ")
            .skip(1)
            .map(|rest| rest.split(' ').next().unwrap())
            .collect();
        assert_eq!(
            names,
            ["with_type", "with_type_2", "with_with", "with_type_3"]
        );
    }

    #[test]
    fn documents_setters_with_the_field_docs() {
        let out = expand(
            "struct S { /// Kind.\n pub r#type: i32, /// Hidden.\n secret: i32, plain: i32 }",
        )
        .unwrap();
        assert!(
            out.contains(
                r#"# [doc = "Sets [`type`](Self::type)."] # [doc = ""] # [doc = " Kind."]"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"# [doc = "Sets `secret`."] # [doc = ""] # [doc = " Hidden."]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"# [doc = "Sets `plain`."] # [inline]"#),
            "{out}"
        );
    }

    #[test]
    fn unwraps_only_the_outermost_option() {
        let out = expand("struct S { a: Option<Option<String>>, b: Option }").unwrap();
        assert!(out.contains("value : impl :: core :: convert :: Into < Option < String > >"));
        assert!(out.contains("value : impl :: core :: convert :: Into < Option >"));
    }
}
