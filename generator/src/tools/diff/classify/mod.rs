//! Compares two [`Surface`]s and classifies every difference (the rules are tabled in the
//! module docs of [`crate::diff`]): operations (verbs, routes, responses, auth) in
//! [`operations`], types (kinds, properties, enum members) in [`types`].

mod operations;
mod types;

use super::report::{Change, ChangeKind, Severity, Side};
use super::surface::{Shape, Sides, Surface};

/// Every change from `old` to `new`, sorted.
pub(crate) fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    operations::compare_operations(old, new, &mut changes);
    types::compare_types(old, new, &mut changes);
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    changes
}

fn sort_key(change: &Change) -> (Severity, &str, ChangeKind, &str) {
    let subject = change
        .type_name
        .as_deref()
        .or(change.operation.as_deref())
        .unwrap_or_default();
    (
        change.severity,
        subject,
        change.kind,
        change.member.as_deref().unwrap_or_default(),
    )
}

pub(super) struct Draft {
    kind: ChangeKind,
    severity: Severity,
    side: Side,
    operation: Option<String>,
    type_name: Option<String>,
    member: Option<String>,
    old: Option<String>,
    new: Option<String>,
}

impl Draft {
    fn operation(kind: ChangeKind, severity: Severity, name: &str) -> Draft {
        Draft {
            kind,
            severity,
            side: Side::Operation,
            operation: Some(name.to_owned()),
            type_name: None,
            member: None,
            old: None,
            new: None,
        }
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Draft {
        self.old = old;
        self.new = new;
        self
    }

    fn message(self, message: String) -> Change {
        Change {
            kind: self.kind,
            severity: self.severity,
            side: self.side,
            operation: self.operation,
            type_name: self.type_name,
            member: self.member,
            old: self.old,
            new: self.new,
            message,
        }
    }
}

pub(super) fn side_of(sides: Sides) -> Side {
    match (sides.request, sides.response) {
        (true, true) => Side::Both,
        (true, false) => Side::Request,
        _ => Side::Response,
    }
}

/// A rule's verdict for one direction: how severe, and why.
pub(super) type Verdict = (Severity, &'static str);

/// Applies the request-side and response-side verdicts that the type's sides call for; on both
/// sides the stricter wins (its reason is the one shown).
pub(super) fn decide(sides: Sides, request: Verdict, response: Verdict) -> Verdict {
    match (sides.request, sides.response) {
        (true, true) if response.0 < request.0 => response,
        (true, _) => request,
        _ => response,
    }
}

/// Whether `new` only fills in what `old` left as `serde_json::Value`, which reads any JSON.
pub(super) fn refines(old: &Shape, new: &Shape) -> bool {
    match (old, new) {
        (Shape::Json, _) => true,
        (Shape::Option(a), Shape::Option(b)) | (Shape::Vec(a), Shape::Vec(b)) => refines(a, b),
        (Shape::Map(ka, va), Shape::Map(kb, vb)) => ka == kb && refines(va, vb),
        (Shape::Named(a, args_a), Shape::Named(b, args_b)) => {
            a == b
                && args_a.len() == args_b.len()
                && args_a.iter().zip(args_b).all(|(a, b)| refines(a, b))
        }
        (a, b) => a == b,
    }
}
