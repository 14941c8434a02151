//! Operation changes: verbs, routes, responses, auth.

use super::*;

#[test]
fn verb_changed_is_breaking() {
    let diff = diff_with(|doc| op_mut(doc, "GetBooking")["method"] = json!("POST"));
    let change = only(
        &diff,
        ChangeKind::VerbChanged,
        Severity::Breaking,
        Side::Operation,
    );
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("GET"), Some("POST"))
    );
}

#[test]
fn verb_changed_is_compatible_when_the_service_still_accepts_the_old_verb() {
    let diff = diff_with(|doc| {
        let op = op_mut(doc, "GetBooking");
        op["method"] = json!("POST");
        op["actions"] = json!(["ANY"]);
    });
    only(
        &diff,
        ChangeKind::VerbChanged,
        Severity::Compatible,
        Side::Operation,
    );
    let diff = diff_with(|doc| {
        let op = op_mut(doc, "GetBooking");
        op["method"] = json!("POST");
        op["actions"] = json!(["POST"]);
    });
    only(
        &diff,
        ChangeKind::VerbChanged,
        Severity::Breaking,
        Side::Operation,
    );
}

#[test]
fn route_changes_break_only_when_an_old_route_is_lost() {
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["routes"] = json!([{"path": "/booking/{Id}", "verbs": "GET"}])
    });
    only(
        &diff,
        ChangeKind::RoutesChanged,
        Severity::Breaking,
        Side::Operation,
    );
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["routes"] = json!([{"path": "/bookings/{Id}", "verbs": "POST"}])
    });
    only(
        &diff,
        ChangeKind::RoutesChanged,
        Severity::Breaking,
        Side::Operation,
    );
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["routes"] = json!([
            {"path": "/bookings/{Id}", "verbs": "GET,HEAD"},
            {"path": "/b/{Id}"}
        ])
    });
    only(
        &diff,
        ChangeKind::RoutesChanged,
        Severity::Compatible,
        Side::Operation,
    );
    // Order and the case of path variables are not changes.
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["routes"] = json!([{"path": "/bookings/{id}", "verbs": "get"}])
    });
    assert!(diff.is_empty(), "{}", diff.render_text());
}

#[test]
fn response_type_changed_is_breaking() {
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["returnType"] = json!({"name": "Address", "namespace": "MyApp"})
    });
    let change = only(
        &diff,
        ChangeKind::ResponseTypeChanged,
        Severity::Breaking,
        Side::Operation,
    );
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("Booking"), Some("Address"))
    );
}

#[test]
fn void_response_gaining_a_body_is_compatible() {
    let diff = diff_with(|doc| {
        let op = op_mut(doc, "DeleteBooking");
        op["returnsVoid"] = json!(false);
        op["returnType"] = json!({"name": "Booking", "namespace": "MyApp"});
    });
    let change = only(
        &diff,
        ChangeKind::ResponseTypeChanged,
        Severity::Compatible,
        Side::Operation,
    );
    assert_eq!(change.old.as_deref(), Some("()"));
}

#[test]
fn auth_added_is_breaking_and_removed_is_compatible() {
    let diff = diff_with(|doc| op_mut(doc, "GetBooking")["requiresAuth"] = json!(true));
    let change = only(
        &diff,
        ChangeKind::AuthChanged,
        Severity::Breaking,
        Side::Operation,
    );
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("public"), Some("authenticated"))
    );
    let diff = diff_with(|doc| op_mut(doc, "DeleteBooking")["requiredRoles"] = json!([]));
    only(
        &diff,
        ChangeKind::AuthChanged,
        Severity::Compatible,
        Side::Operation,
    );
    let diff = diff_with(|doc| op_mut(doc, "DeleteBooking")["requiredRoles"] = json!(["Owner"]));
    only(
        &diff,
        ChangeKind::AuthChanged,
        Severity::Breaking,
        Side::Operation,
    );
}
