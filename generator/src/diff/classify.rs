//! Compares two [`Surface`]s and classifies every difference (the rules are tabled in the
//! module docs of [`crate::diff`]).

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Change, ChangeKind, Severity, Side};
use super::surface::{Body, OperationInfo, PropertyInfo, Shape, Sides, Surface, TypeInfo};
use crate::model::{AuthDef, EnumRepr, ResponseKind, RouteDef};

use ChangeKind as K;
use Severity::{Breaking, Compatible};

/// Every change from `old` to `new`, sorted.
pub(crate) fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    compare_operations(old, new, &mut changes);
    compare_types(old, new, &mut changes);
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

/// A name or type in backticks, safe for terminals and Markdown whatever the metadata holds:
/// backticks would end the span, control characters could drive a terminal, and line separators
/// or bidi overrides could make a line read as something else.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", plain(text).replace('`', "'"))
}

/// `text` with control, line-separator and bidi-override characters turned into spaces.
pub(crate) fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2028}'
            | '\u{2029}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

struct Draft {
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

fn compare_operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (key, before) in &old.operations {
        let name = &before.name;
        match new.operations.get(key) {
            None => out.push(
                Draft::operation(K::OperationRemoved, Breaking, name)
                    .values(Some(response_display(before)), None)
                    .message(format!(
                        "{}: operation removed; old clients calling it fail",
                        code(name)
                    )),
            ),
            Some(after) => compare_operation(before, after, out),
        }
    }
    for (key, after) in &new.operations {
        if !old.operations.contains_key(key) {
            let name = &after.name;
            out.push(
                Draft::operation(K::OperationAdded, Compatible, name)
                    .values(None, Some(response_display(after)))
                    .message(format!(
                        "{}: new operation ({}, returns {})",
                        code(name),
                        after.method,
                        code(&response_display(after))
                    )),
            );
        }
    }
}

fn compare_operation(before: &OperationInfo, after: &OperationInfo, out: &mut Vec<Change>) {
    let name = &after.name;
    if before.method != after.method {
        // Old clients keep sending the old verb to `/api/{name}`: fine while the service still
        // implements it, or implements `Any`.
        let accepted = after.actions.contains("ANY") || after.actions.contains(before.method);
        let (severity, why) = if accepted {
            (
                Compatible,
                format!(
                    "the service still accepts {} (it implements {})",
                    before.method,
                    after.actions.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        } else {
            (
                Breaking,
                format!("old clients still send {}", before.method),
            )
        };
        out.push(
            Draft::operation(K::VerbChanged, severity, name)
                .values(Some(before.method.into()), Some(after.method.into()))
                .message(format!(
                    "{}: verb changed from {} to {}; {why}",
                    code(name),
                    before.method,
                    after.method,
                )),
        );
    }
    if let Some(change) = compare_routes(name, &before.routes, &after.routes) {
        out.push(change);
    }
    if let Some(change) = compare_response(before, after) {
        out.push(change);
    }
    if let Some(change) = compare_auth(name, &before.auth, &after.auth) {
        out.push(change);
    }
}

fn response_display(op: &OperationInfo) -> String {
    match op.response_kind {
        ResponseKind::Json => op.response.display.clone(),
        ResponseKind::Void => "()".into(),
        ResponseKind::Text => "String (text body)".into(),
        ResponseKind::Bytes => "Vec<u8> (raw body)".into(),
    }
}

fn compare_response(before: &OperationInfo, after: &OperationInfo) -> Option<Change> {
    if before.response_kind == after.response_kind && before.response.shape == after.response.shape
    {
        return None;
    }
    let both_json =
        before.response_kind == ResponseKind::Json && after.response_kind == ResponseKind::Json;
    let (severity, why) = match before.response_kind {
        ResponseKind::Void => (Compatible, "old clients ignore the body"),
        ResponseKind::Bytes => (Compatible, "old clients read any body as raw bytes"),
        _ if both_json && refines(&before.response.shape, &after.response.shape) => (
            Compatible,
            "old clients read the parts it did not describe as raw JSON",
        ),
        _ => (Breaking, "old clients cannot read the new response"),
    };
    let (old, new) = (response_display(before), response_display(after));
    Some(
        Draft::operation(K::ResponseTypeChanged, severity, &after.name)
            .values(Some(old.clone()), Some(new.clone()))
            .message(format!(
                "{}: response type changed from {} to {}; {why}",
                code(&after.name),
                code(&old),
                code(&new)
            )),
    )
}

/// Whether `new` only fills in what `old` left as `serde_json::Value`, which reads any JSON.
fn refines(old: &Shape, new: &Shape) -> bool {
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

/// Paths compare case-insensitively, like ServiceStack's route matching; no verbs means any.
fn compare_routes(name: &str, before: &[RouteDef], after: &[RouteDef]) -> Option<Change> {
    let normal = |routes: &[RouteDef]| -> BTreeMap<String, BTreeSet<&'static str>> {
        let mut map: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
        for route in routes {
            let verbs = map.entry(route.path.to_lowercase()).or_default();
            if route.verbs.is_empty() {
                verbs.insert("ANY");
            }
            verbs.extend(route.verbs.iter().copied());
        }
        map
    };
    let (old_map, new_map) = (normal(before), normal(after));
    if old_map == new_map {
        return None;
    }
    // Per old route, the verbs no new route with its path serves any more.
    let lost: Vec<String> = before
        .iter()
        .filter_map(|route| {
            let Some(verbs) = new_map.get(&route.path.to_lowercase()) else {
                return Some(render_route(route));
            };
            if verbs.contains("ANY") {
                return None;
            }
            let missing: Vec<&'static str> = if route.verbs.is_empty() {
                vec!["ANY"]
            } else {
                route
                    .verbs
                    .iter()
                    .copied()
                    .filter(|verb| !verbs.contains(verb))
                    .collect()
            };
            (!missing.is_empty()).then(|| format!("{} {}", missing.join(","), route.path))
        })
        .collect();
    let (severity, why) = if lost.is_empty() {
        (Compatible, "every old route is still served".to_owned())
    } else {
        let lost: Vec<String> = lost.iter().map(|route| code(route)).collect();
        (
            Breaking,
            format!(
                "no longer served: {} (matters to clients that call user-defined routes)",
                lost.join(", ")
            ),
        )
    };
    let (old, new) = (render_routes(before), render_routes(after));
    Some(
        Draft::operation(K::RoutesChanged, severity, name)
            .values(Some(old.clone()), Some(new.clone()))
            .message(format!(
                "{}: routes changed from {} to {}; {why}",
                code(name),
                code(&old),
                code(&new)
            )),
    )
}

fn render_route(route: &RouteDef) -> String {
    let verbs = if route.verbs.is_empty() {
        "ANY".to_owned()
    } else {
        route.verbs.join(",")
    };
    format!("{verbs} {}", route.path)
}

fn render_routes(routes: &[RouteDef]) -> String {
    if routes.is_empty() {
        return "(none)".into();
    }
    let mut rendered: Vec<String> = routes.iter().map(render_route).collect();
    rendered.sort();
    rendered.join("; ")
}

fn compare_auth(name: &str, before: &AuthDef, after: &AuthDef) -> Option<Change> {
    let normal = |list: &[String]| -> BTreeSet<String> { list.iter().cloned().collect() };
    let all_of = |old: &[String], new: &[String]| -> (bool, bool) {
        let (old, new) = (normal(old), normal(new));
        (!new.is_subset(&old), !old.is_subset(&new))
    };
    // One of several: offering fewer options (or starting to require one) is stricter.
    let any_of = |old: &[String], new: &[String]| -> (bool, bool) {
        let (old, new) = (normal(old), normal(new));
        let tighter =
            (old.is_empty() && !new.is_empty()) || (!new.is_empty() && !old.is_subset(&new));
        let looser =
            (!old.is_empty() && new.is_empty()) || (!old.is_empty() && !new.is_subset(&old));
        (tighter, looser)
    };
    let flag = |old: bool, new: bool| (new && !old, old && !new);
    let checks = [
        flag(before.requires_auth, after.requires_auth),
        flag(before.requires_api_key, after.requires_api_key),
        all_of(&before.required_roles, &after.required_roles),
        any_of(&before.requires_any_role, &after.requires_any_role),
        all_of(&before.required_permissions, &after.required_permissions),
        any_of(
            &before.requires_any_permission,
            &after.requires_any_permission,
        ),
    ];
    let tighter = checks.iter().any(|(tighter, _)| *tighter);
    let looser = checks.iter().any(|(_, looser)| *looser);
    if !tighter && !looser {
        return None;
    }
    let (severity, what, why) = match (tighter, looser) {
        (true, false) => (
            Breaking,
            "tightened",
            "old callers without the new requirement are refused",
        ),
        (true, true) => (
            Breaking,
            "changed",
            "old callers that met the old requirement may be refused",
        ),
        _ => (Compatible, "loosened", "every old caller is still accepted"),
    };
    let (old, new) = (render_auth(before), render_auth(after));
    Some(
        Draft::operation(K::AuthChanged, severity, name)
            .values(Some(old.clone()), Some(new.clone()))
            .message(format!(
                "{}: authorization {what} from {} to {}; {why}",
                code(name),
                code(&old),
                code(&new)
            )),
    )
}

fn render_auth(auth: &AuthDef) -> String {
    let mut parts = Vec::new();
    if auth.requires_auth {
        parts.push("authenticated".to_owned());
    }
    if auth.requires_api_key {
        parts.push("API key".to_owned());
    }
    let mut list = |label: &str, items: &[String], separator: &str| {
        if !items.is_empty() {
            let mut items = items.to_vec();
            items.sort();
            parts.push(format!("{label} {}", items.join(separator)));
        }
    };
    list("roles", &auth.required_roles, " & ");
    list("any role of", &auth.requires_any_role, " | ");
    list("permissions", &auth.required_permissions, " & ");
    list("any permission of", &auth.requires_any_permission, " | ");
    if parts.is_empty() {
        "public".into()
    } else {
        parts.join("; ")
    }
}

fn side_of(sides: Sides) -> Side {
    match (sides.request, sides.response) {
        (true, true) => Side::Both,
        (true, false) => Side::Request,
        _ => Side::Response,
    }
}

/// A rule's verdict for one direction: how severe, and why.
type Verdict = (Severity, &'static str);

/// Applies the request-side and response-side verdicts that the type's sides call for; on both
/// sides the stricter wins (its reason is the one shown).
fn decide(sides: Sides, request: Verdict, response: Verdict) -> Verdict {
    match (sides.request, sides.response) {
        (true, true) if response.0 < request.0 => response,
        (true, _) => request,
        _ => response,
    }
}

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

fn compare_types(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
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
