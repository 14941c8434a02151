//! Type changes: kinds, properties (added, removed, retyped, required) and enum members, each
//! judged by the sides (request, response) the type is on.

use std::collections::BTreeMap;

use super::{Draft, decide, refines, side_of};
use crate::diff::report::{Change, ChangeKind, Severity, Side};
use crate::diff::surface::{Body, PropertyInfo, Sides, Surface, TypeInfo};
use crate::diff::text::code;
use crate::model::EnumRepr;

use ChangeKind as K;
use Severity::{Breaking, Compatible};

/// What one type's changes have in common.
struct TypeContext<'a> {
    info: &'a TypeInfo,
    sides: Sides,
}

impl TypeContext<'_> {
    fn draft(&self, kind: ChangeKind, severity: Severity, member: Option<&str>) -> Draft {
        Draft {
            kind,
            severity,
            side: side_of(self.sides),
            operation: self.info.operation.clone(),
            type_name: Some(self.info.display.clone()),
            member: member.map(str::to_owned),
            old: None,
            new: None,
        }
    }

    fn location(&self, member: &str) -> String {
        code(&format!("{}.{member}", self.info.display))
    }
}

pub(super) fn compare_types(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (key, before) in &old.types {
        match new.types.get(key) {
            Some(after) => compare_type(before, after, out),
            // A removed request DTO is reported as its removed operation.
            None if before.operation.is_some() => {}
            None => {
                let context = TypeContext {
                    info: before,
                    sides: before.sides,
                };
                out.push(context.draft(K::TypeRemoved, Compatible, None).message(format!(
                    "{}: type no longer used by any operation; each former use is reported on its own",
                    code(&before.display)
                )));
            }
        }
    }
    for (key, after) in &new.types {
        if old.types.contains_key(key) || after.operation.is_some() {
            continue;
        }
        let context = TypeContext {
            info: after,
            sides: after.sides,
        };
        out.push(
            context
                .draft(K::TypeAdded, Compatible, None)
                .message(format!(
                    "{}: new {} used by {}",
                    code(&after.display),
                    after.body.describe(),
                    match side_of(after.sides) {
                        Side::Request => "requests",
                        Side::Response => "responses",
                        _ => "requests and responses",
                    }
                )),
        );
    }
}

fn compare_type(before: &TypeInfo, after: &TypeInfo, out: &mut Vec<Change>) {
    // The old client's view and the new server's view both count: a type that only now reaches
    // requests is still sent by whoever builds it.
    let context = TypeContext {
        info: after,
        sides: before.sides.union(after.sides),
    };
    match (&before.body, &after.body) {
        (Body::Struct(old), Body::Struct(new)) => compare_properties(&context, old, new, out),
        (Body::Enum(old_repr, old), Body::Enum(new_repr, new)) if old_repr == new_repr => {
            let numbers_on_wire = *new_repr == EnumRepr::Int;
            let unknown = "old clients read it into the enum's catch-all variant";
            compare_members(&context, old, new, numbers_on_wire, unknown, out)
        }
        (Body::Flags(old), Body::Flags(new)) => {
            let unknown = "old clients keep unknown bits as they are";
            compare_members(&context, old, new, true, unknown, out)
        }
        (old, new) => out.push(
            context
                .draft(K::TypeKindChanged, Breaking, None)
                .values(Some(old.describe().into()), Some(new.describe().into()))
                .message(format!(
                    "{}: changed from {} to {}; old and new disagree on the wire",
                    code(&after.display),
                    old.describe(),
                    new.describe()
                )),
        ),
    }
}

fn compare_properties(
    context: &TypeContext<'_>,
    old: &BTreeMap<String, PropertyInfo>,
    new: &BTreeMap<String, PropertyInfo>,
    out: &mut Vec<Change>,
) {
    for (wire, before) in old {
        let Some(after) = new.get(wire) else {
            let (severity, why) = decide(
                context.sides,
                (
                    Compatible,
                    "the server ignores it when old clients still send it",
                ),
                if before.optional {
                    (Compatible, "old clients read `None`, which they handle")
                } else {
                    (
                        Breaking,
                        "old clients silently read a default value instead",
                    )
                },
            );
            out.push(
                context
                    .draft(K::PropertyRemoved, severity, Some(&before.dotnet_name))
                    .values(Some(before.display()), None)
                    .message(format!(
                        "{}: property removed (was {}); {why}",
                        context.location(&before.dotnet_name),
                        code(&before.display())
                    )),
            );
            continue;
        };
        compare_property(context, before, after, out);
    }
    for (wire, after) in new {
        if old.contains_key(wire) {
            continue;
        }
        let (severity, why) = decide(
            context.sides,
            if after.required {
                (Breaking, "it is required and old clients never send it")
            } else {
                (Compatible, "old clients leave it out")
            },
            (Compatible, "old clients ignore unknown members"),
        );
        out.push(
            context
                .draft(K::PropertyAdded, severity, Some(&after.dotnet_name))
                .values(None, Some(after.display()))
                .message(format!(
                    "{}: new property of type {}; {why}",
                    context.location(&after.dotnet_name),
                    code(&after.display())
                )),
        );
    }
}

fn compare_property(
    context: &TypeContext<'_>,
    before: &PropertyInfo,
    after: &PropertyInfo,
    out: &mut Vec<Change>,
) {
    let member = &after.dotnet_name;
    let values = (Some(before.display()), Some(after.display()));
    if before.ty.shape != after.ty.shape {
        let (severity, why) = if refines(&before.ty.shape, &after.ty.shape) {
            (
                Compatible,
                "old clients hold the parts it did not describe as raw JSON",
            )
        } else {
            (Breaking, "old and new disagree on the wire")
        };
        out.push(
            context
                .draft(K::PropertyRetyped, severity, Some(member))
                .values(values.0, values.1)
                .message(format!(
                    "{}: type changed from {} to {}; {why}",
                    context.location(member),
                    code(&before.display()),
                    code(&after.display())
                )),
        );
        return;
    }
    // Requests: what the server requires (a non-`Option` value type, or a member its model
    // declares non-null). Responses: what old clients decode (`Option` or not).
    let request_tightened = !before.required && after.required;
    let request_loosened = before.required && !after.required;
    let response_tightened = before.optional && !after.optional;
    let response_loosened = !before.optional && after.optional;
    let (kind, severity, why) = if request_tightened || response_tightened {
        if request_loosened || response_loosened {
            return;
        }
        let (severity, why) = decide(
            context.sides,
            if request_tightened {
                (Breaking, "old clients may leave it out")
            } else {
                (Compatible, "old clients send it as before")
            },
            (Compatible, "old clients' `Option` reads it as `Some`"),
        );
        (K::PropertyBecameRequired, severity, why)
    } else if request_loosened || response_loosened {
        let (severity, why) = decide(
            context.sides,
            (
                Compatible,
                "old clients always send it, which is still accepted",
            ),
            if response_loosened {
                (
                    Breaking,
                    "the server may now leave it out or send null, which old clients read as a default",
                )
            } else {
                (Compatible, "old clients read it as before")
            },
        );
        (K::PropertyBecameOptional, severity, why)
    } else {
        return;
    };
    let what = if kind == K::PropertyBecameRequired {
        "became required"
    } else {
        "became optional"
    };
    out.push(
        context
            .draft(kind, severity, Some(member))
            .values(values.0, values.1)
            .message(format!(
                "{}: {what} ({} → {}); {why}",
                context.location(member),
                before.requirement(),
                after.requirement()
            )),
    );
}

fn compare_members(
    context: &TypeContext<'_>,
    old: &BTreeMap<String, i64>,
    new: &BTreeMap<String, i64>,
    numbers_on_wire: bool,
    unknown: &'static str,
    out: &mut Vec<Change>,
) {
    let number = |value: i64| numbers_on_wire.then(|| value.to_string());
    for (wire, &value) in old {
        match new.get(wire) {
            None => {
                let (severity, why) = decide(
                    context.sides,
                    (
                        Breaking,
                        "the server may reject it when old clients send it",
                    ),
                    (Compatible, "the server no longer sends it"),
                );
                out.push(
                    context
                        .draft(K::EnumValueRemoved, severity, Some(wire))
                        .values(number(value), None)
                        .message(format!(
                            "{}: enum value removed; {why}",
                            context.location(wire)
                        )),
                );
            }
            Some(&now) if numbers_on_wire && now != value => out.push(
                context
                    .draft(K::EnumValueChanged, Breaking, Some(wire))
                    .values(number(value), number(now))
                    .message(format!(
                        "{}: number changed from {value} to {now}; old and new disagree on the wire",
                        context.location(wire)
                    )),
            ),
            Some(_) => {}
        }
    }
    for (wire, &value) in new {
        if old.contains_key(wire) {
            continue;
        }
        let (severity, why) = decide(
            context.sides,
            (Compatible, "old clients never send it"),
            (Compatible, unknown),
        );
        out.push(
            context
                .draft(K::EnumValueAdded, severity, Some(wire))
                .values(None, number(value))
                .message(format!("{}: new enum value; {why}", context.location(wire))),
        );
    }
}
