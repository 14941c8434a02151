//! Small readers of the expressions generated code uses: literals, paths, arrays and struct
//! literals.

use syn::{Expr, Lit};

pub(super) fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

pub(super) fn int_literal(expr: &Expr) -> Option<i64> {
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

pub(super) fn last_ident(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

pub(super) fn verb(expr: &Expr) -> Option<&'static str> {
    const VERBS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let name = last_ident(expr)?;
    VERBS
        .into_iter()
        .find(|verb| verb.eq_ignore_ascii_case(&name))
}

pub(super) fn array_elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Reference(reference) => array_elements(&reference.expr),
        Expr::Array(array) => array.elems.iter().collect(),
        _ => Vec::new(),
    }
}

pub(super) fn struct_fields(expr: &Expr) -> Vec<(String, &Expr)> {
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
