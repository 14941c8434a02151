//! Operation changes: removed or added operations, verbs, routes, responses and auth.

use std::collections::{BTreeMap, BTreeSet};

use super::{Draft, refines};
use crate::diff::report::{Change, ChangeKind, Severity};
use crate::diff::surface::{OperationInfo, Surface};
use crate::diff::text::code;
use crate::model::{AuthDef, ResponseKind, RouteDef};

use ChangeKind as K;
use Severity::{Breaking, Compatible};

pub(super) fn compare_operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
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
