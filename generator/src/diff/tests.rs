//! One base document, one edit per test: the diff must report exactly the expected change.

use serde_json::{Value, json};

use super::*;
use crate::metadata;

/// `CreateBooking` (POST, returns `Booking`), `GetBooking` (GET, returns `Booking`) and
/// `DeleteBooking` (DELETE, void). `Address` is sent (in `CreateBooking`) and received (in
/// `Booking`); `RoomType` is sent and received; `BookingStatus` is only received.
fn base() -> Value {
    let string = |name: &str, required: bool| json!({"name": name, "type": "String", "namespace": "System", "isRequired": required});
    let int = |name: &str| json!({"name": name, "type": "Int32", "namespace": "System", "isValueType": true});
    let typed = |name: &str, ty: &str| json!({"name": name, "type": ty, "namespace": "MyApp"});
    let enum_prop = |name: &str, ty: &str| json!({"name": name, "type": ty, "namespace": "MyApp", "isValueType": true, "isEnum": true});
    json!({
        "types": [
            {"name": "Address", "namespace": "MyApp", "properties": [string("Street", true), string("City", false)]},
            {"name": "RoomType", "namespace": "MyApp", "isEnum": true, "enumNames": ["Single", "Double", "Suite"]},
            {"name": "BookingStatus", "namespace": "MyApp", "isEnum": true, "enumNames": ["Open", "Closed"]},
            {"name": "Booking", "namespace": "MyApp", "properties": [
                int("Id"), string("Name", true), string("Notes", false), typed("Address", "Address"),
                enum_prop("RoomType", "RoomType"), enum_prop("Status", "BookingStatus")
            ]}
        ],
        "operations": [
            {
                "request": {"name": "CreateBooking", "namespace": "MyApp", "properties": [
                    string("Name", true), string("Notes", false), typed("Address", "Address"),
                    enum_prop("RoomType", "RoomType")
                ]},
                "returnType": {"name": "Booking", "namespace": "MyApp"},
                "method": "POST",
                "routes": [{"path": "/bookings", "verbs": "POST"}]
            },
            {
                "request": {"name": "GetBooking", "namespace": "MyApp", "properties": [int("Id")]},
                "returnType": {"name": "Booking", "namespace": "MyApp"},
                "method": "GET",
                "routes": [{"path": "/bookings/{Id}", "verbs": "GET"}]
            },
            {
                "request": {"name": "DeleteBooking", "namespace": "MyApp", "properties": [int("Id")]},
                "returnsVoid": true,
                "method": "DELETE",
                "routes": [{"path": "/bookings/{Id}", "verbs": "DELETE"}],
                "requiresAuth": true,
                "requiredRoles": ["Admin"]
            }
        ]
    })
}

fn parse(value: &Value) -> MetadataTypes {
    metadata::parse(&value.to_string()).expect("test documents parse")
}

fn diff_with(edit: impl FnOnce(&mut Value)) -> ApiDiff {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff_documents(&parse(&old), &parse(&new)).expect("test documents resolve")
}

fn type_mut<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    let types = doc["types"].as_array_mut().expect("types");
    types
        .iter_mut()
        .find(|ty| ty["name"] == name)
        .expect("type exists")
}

fn op_mut<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    let ops = doc["operations"].as_array_mut().expect("operations");
    ops.iter_mut()
        .find(|op| op["request"]["name"] == name)
        .expect("operation exists")
}

fn props_mut(ty: &mut Value) -> &mut Vec<Value> {
    ty["properties"].as_array_mut().expect("properties")
}

/// The diff has exactly one change; returns it after checking kind, severity and side.
fn only(diff: &ApiDiff, kind: ChangeKind, severity: Severity, side: Side) -> Change {
    assert_eq!(diff.changes.len(), 1, "{}", diff.render_text());
    let change = diff.changes[0].clone();
    assert_eq!(
        (change.kind, change.severity, change.side),
        (kind, severity, side),
        "{}",
        diff.render_text()
    );
    change
}

#[test]
fn identical_documents_have_no_changes() {
    let diff = diff_with(|_| {});
    assert!(diff.is_empty());
    assert!(!diff.has_breaking());
    assert_eq!(diff.summary(), "no API changes");
}

#[test]
fn added_required_request_property_is_breaking() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "CreateBooking")["request"])
            .push(json!({"name": "Email", "type": "String", "isRequired": true}));
    });
    let change = only(
        &diff,
        ChangeKind::PropertyAdded,
        Severity::Breaking,
        Side::Request,
    );
    assert_eq!(change.operation.as_deref(), Some("CreateBooking"));
    assert_eq!(change.type_name.as_deref(), Some("CreateBooking"));
    assert_eq!(change.member.as_deref(), Some("Email"));
    // Optional in Rust (never sent unless set), required by the server's model.
    assert_eq!(change.new.as_deref(), Some("Option<String>"));
    assert!(diff.has_breaking());
}

#[test]
fn added_value_type_request_property_counts_as_required() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "GetBooking")["request"])
            .push(json!({"name": "Version", "type": "Int32", "isValueType": true}));
    });
    only(
        &diff,
        ChangeKind::PropertyAdded,
        Severity::Breaking,
        Side::Request,
    );
}

#[test]
fn added_optional_request_property_is_compatible() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "CreateBooking")["request"])
            .push(json!({"name": "Email", "type": "String"}));
    });
    let change = only(
        &diff,
        ChangeKind::PropertyAdded,
        Severity::Compatible,
        Side::Request,
    );
    assert_eq!(change.new.as_deref(), Some("Option<String>"));
}

#[test]
fn added_response_property_is_compatible_required_or_not() {
    for required in [false, true] {
        let diff = diff_with(|doc| {
            props_mut(type_mut(doc, "Booking")).push(
                json!({"name": "Total", "type": "Decimal", "isValueType": true, "isRequired": required}),
            );
        });
        let change = only(
            &diff,
            ChangeKind::PropertyAdded,
            Severity::Compatible,
            Side::Response,
        );
        assert_eq!(change.operation, None);
    }
}

#[test]
fn removed_response_property_depends_on_optionality() {
    let diff =
        diff_with(|doc| props_mut(type_mut(doc, "Booking")).retain(|p| p["name"] != "Notes"));
    only(
        &diff,
        ChangeKind::PropertyRemoved,
        Severity::Compatible,
        Side::Response,
    );
    // A non-null string is still an `Option` for readers: its removal reads as `None`.
    let diff = diff_with(|doc| props_mut(type_mut(doc, "Booking")).retain(|p| p["name"] != "Name"));
    only(
        &diff,
        ChangeKind::PropertyRemoved,
        Severity::Compatible,
        Side::Response,
    );
    // A value type is not: old clients would read `0` as if the server had sent it.
    let diff = diff_with(|doc| props_mut(type_mut(doc, "Booking")).retain(|p| p["name"] != "Id"));
    only(
        &diff,
        ChangeKind::PropertyRemoved,
        Severity::Breaking,
        Side::Response,
    );
}

#[test]
fn removed_request_property_is_compatible() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "CreateBooking")["request"]).retain(|p| p["name"] != "Name")
    });
    only(
        &diff,
        ChangeKind::PropertyRemoved,
        Severity::Compatible,
        Side::Request,
    );
}

#[test]
fn removed_operation_is_breaking() {
    let diff = diff_with(|doc| {
        doc["operations"]
            .as_array_mut()
            .expect("operations")
            .retain(|op| op["request"]["name"] != "DeleteBooking")
    });
    let change = only(
        &diff,
        ChangeKind::OperationRemoved,
        Severity::Breaking,
        Side::Operation,
    );
    assert_eq!(change.operation.as_deref(), Some("DeleteBooking"));
    assert_eq!(
        diff.summary(),
        "1 breaking, 0 compatible: -op DeleteBooking"
    );
}

#[test]
fn added_operation_is_compatible_and_brings_its_types() {
    let diff = diff_with(|doc| {
        doc["operations"]
            .as_array_mut()
            .expect("operations")
            .push(json!({
                "request": {"name": "GetInvoice", "namespace": "MyApp", "properties": [{"name": "Id", "type": "Int32", "isValueType": true}]},
                "returnType": {"name": "Invoice", "namespace": "MyApp"},
                "response": {"name": "Invoice", "namespace": "MyApp", "properties": [{"name": "Total", "type": "Decimal", "isValueType": true}]},
                "method": "GET"
            }));
    });
    assert_eq!(diff.changes.len(), 2, "{}", diff.render_text());
    assert!(!diff.has_breaking());
    let kinds: Vec<(ChangeKind, Side)> = diff.changes.iter().map(|c| (c.kind, c.side)).collect();
    assert!(kinds.contains(&(ChangeKind::OperationAdded, Side::Operation)));
    assert!(kinds.contains(&(ChangeKind::TypeAdded, Side::Response)));
}

#[test]
fn retyped_property_is_breaking_on_either_side() {
    let diff = diff_with(|doc| {
        let props = props_mut(&mut op_mut(doc, "GetBooking")["request"]);
        props[0]["type"] = json!("String");
        props[0]["isValueType"] = json!(false);
        props[0]["isRequired"] = json!(true);
    });
    let change = only(
        &diff,
        ChangeKind::PropertyRetyped,
        Severity::Breaking,
        Side::Request,
    );
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("i32"), Some("Option<String>"))
    );
    let diff = diff_with(|doc| {
        props_mut(type_mut(doc, "Booking"))[0]["type"] = json!("Int64");
    });
    only(
        &diff,
        ChangeKind::PropertyRetyped,
        Severity::Breaking,
        Side::Response,
    );
}

#[test]
fn a_type_becoming_described_is_a_compatible_retype() {
    let old = base();
    let mut with_unknown = base();
    props_mut(type_mut(&mut with_unknown, "Booking"))[3]["type"] = json!("Object");
    let diff = diff_documents(&parse(&with_unknown), &parse(&old)).expect("resolves");
    let change = diff
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::PropertyRetyped)
        .expect("retyped");
    assert_eq!(
        change.severity,
        Severity::Compatible,
        "{}",
        diff.render_text()
    );
    let diff = diff_documents(&parse(&old), &parse(&with_unknown)).expect("resolves");
    assert!(diff.has_breaking(), "{}", diff.render_text());
}

#[test]
fn optional_to_required_depends_on_side() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "CreateBooking")["request"])[1]["isRequired"] = json!(true);
    });
    only(
        &diff,
        ChangeKind::PropertyBecameRequired,
        Severity::Breaking,
        Side::Request,
    );
    let diff = diff_with(|doc| props_mut(type_mut(doc, "Booking"))[2]["isRequired"] = json!(true));
    only(
        &diff,
        ChangeKind::PropertyBecameRequired,
        Severity::Compatible,
        Side::Response,
    );
}

#[test]
fn required_to_optional_depends_on_side() {
    let diff = diff_with(|doc| {
        props_mut(&mut op_mut(doc, "CreateBooking")["request"])[0]["isRequired"] = json!(false);
    });
    only(
        &diff,
        ChangeKind::PropertyBecameOptional,
        Severity::Compatible,
        Side::Request,
    );
    // Readers hold a non-null string as an `Option` already.
    let diff = diff_with(|doc| props_mut(type_mut(doc, "Booking"))[1]["isRequired"] = json!(false));
    only(
        &diff,
        ChangeKind::PropertyBecameOptional,
        Severity::Compatible,
        Side::Response,
    );
    // A value type becoming nullable reaches a non-`Option` field.
    let diff = diff_with(|doc| {
        let id = &mut props_mut(type_mut(doc, "Booking"))[0];
        id["type"] = json!("Nullable`1");
        id["genericArgs"] = json!(["Int32"]);
    });
    only(
        &diff,
        ChangeKind::PropertyBecameOptional,
        Severity::Breaking,
        Side::Response,
    );
}

#[test]
fn enum_value_removed_from_a_request_enum_is_breaking() {
    // `RoomType` is sent by `CreateBooking` and received in `Booking`: the request side decides.
    let diff = diff_with(|doc| {
        type_mut(doc, "RoomType")["enumNames"] = json!(["Single", "Double"]);
    });
    let change = only(
        &diff,
        ChangeKind::EnumValueRemoved,
        Severity::Breaking,
        Side::Both,
    );
    assert_eq!(change.member.as_deref(), Some("Suite"));
}

#[test]
fn enum_value_removed_from_a_response_only_enum_is_compatible() {
    let diff = diff_with(|doc| type_mut(doc, "BookingStatus")["enumNames"] = json!(["Open"]));
    only(
        &diff,
        ChangeKind::EnumValueRemoved,
        Severity::Compatible,
        Side::Response,
    );
}

#[test]
fn enum_value_added_is_compatible_on_every_side() {
    let diff = diff_with(|doc| {
        type_mut(doc, "RoomType")["enumNames"] = json!(["Single", "Double", "Suite", "Penthouse"]);
    });
    only(
        &diff,
        ChangeKind::EnumValueAdded,
        Severity::Compatible,
        Side::Both,
    );
    let diff = diff_with(|doc| {
        type_mut(doc, "BookingStatus")["enumNames"] = json!(["Open", "Closed", "Cancelled"]);
    });
    only(
        &diff,
        ChangeKind::EnumValueAdded,
        Severity::Compatible,
        Side::Response,
    );
}

#[test]
fn renumbered_integer_enum_value_is_breaking() {
    let old = {
        let mut doc = base();
        type_mut(&mut doc, "BookingStatus")["isEnumInt"] = json!(true);
        doc
    };
    let mut new = old.clone();
    type_mut(&mut new, "BookingStatus")["enumValues"] = json!(["0", "5"]);
    let diff = diff_documents(&parse(&old), &parse(&new)).expect("resolves");
    only(
        &diff,
        ChangeKind::EnumValueChanged,
        Severity::Breaking,
        Side::Response,
    );
}

#[test]
fn enum_becoming_a_struct_is_breaking() {
    let diff = diff_with(|doc| {
        let ty = type_mut(doc, "BookingStatus");
        ty["isEnum"] = json!(false);
        ty["properties"] = json!([{"name": "Code", "type": "String"}]);
    });
    only(
        &diff,
        ChangeKind::TypeKindChanged,
        Severity::Breaking,
        Side::Response,
    );
}

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

#[test]
fn a_type_on_both_sides_takes_the_stricter_verdict() {
    // A new required member of `Address` is harmless in `Booking` (received) but breaks
    // `CreateBooking` (sent).
    let diff = diff_with(|doc| {
        props_mut(type_mut(doc, "Address"))
            .push(json!({"name": "Zip", "type": "String", "isRequired": true}));
    });
    only(
        &diff,
        ChangeKind::PropertyAdded,
        Severity::Breaking,
        Side::Both,
    );
    // A value-type member of `Address` becoming nullable is harmless when sent but breaks
    // readers.
    let floor =
        json!({"name": "Floor", "type": "Int32", "namespace": "System", "isValueType": true});
    let mut old = base();
    props_mut(type_mut(&mut old, "Address")).push(floor.clone());
    let mut new = old.clone();
    let nullable = &mut props_mut(type_mut(&mut new, "Address"))[2];
    nullable["type"] = json!("Nullable`1");
    nullable["genericArgs"] = json!(["Int32"]);
    let diff = diff_documents(&parse(&old), &parse(&new)).expect("resolves");
    only(
        &diff,
        ChangeKind::PropertyBecameOptional,
        Severity::Breaking,
        Side::Both,
    );
    // Optional on both sides and removed: compatible either way.
    let diff = diff_with(|doc| props_mut(type_mut(doc, "Address")).retain(|p| p["name"] != "City"));
    only(
        &diff,
        ChangeKind::PropertyRemoved,
        Severity::Compatible,
        Side::Both,
    );
}

#[test]
fn what_is_not_an_api_change_is_not_reported() {
    let diff = diff_with(|doc| {
        // Order of types and properties, descriptions, a namespace move.
        doc["types"].as_array_mut().expect("types").reverse();
        let booking = type_mut(doc, "Booking");
        booking["description"] = json!("A booking");
        props_mut(booking).reverse();
        props_mut(booking)[0]["description"] = json!("changed");
        for ty in doc["types"].as_array_mut().expect("types") {
            ty["namespace"] = json!("MyApp.Moved");
        }
        // A C# rename that keeps the wire name.
        props_mut(&mut op_mut(doc, "GetBooking")["request"])[0]["name"] = json!("ID");
        props_mut(&mut op_mut(doc, "GetBooking")["request"])[0]["dataMember"] =
            json!({"name": "id"});
    });
    assert!(diff.is_empty(), "{}", diff.render_text());
}

#[test]
fn a_type_no_operation_uses_is_not_compared() {
    let diff = diff_with(|doc| {
        doc["types"]
            .as_array_mut()
            .expect("types")
            .push(json!({"name": "Unused", "namespace": "MyApp", "properties": [{"name": "A", "type": "String"}]}));
    });
    assert!(diff.is_empty(), "{}", diff.render_text());
}

#[test]
fn renderings_agree_and_order_is_deterministic() {
    let diff = diff_with(|doc| {
        op_mut(doc, "GetBooking")["method"] = json!("POST");
        props_mut(type_mut(doc, "Booking")).push(json!({"name": "Extra", "type": "String"}));
        type_mut(doc, "BookingStatus")["enumNames"] = json!(["Open", "Closed", "Late"]);
    });
    assert_eq!(diff.changes.len(), 3);
    assert_eq!(diff.changes[0].severity, Severity::Breaking);
    assert_eq!(
        diff.summary(),
        "1 breaking, 2 compatible: GetBooking verb, +Booking.Extra, +BookingStatus.Late"
    );
    let text = diff.render_text();
    assert!(
        text.starts_with("API diff: 1 breaking, 2 compatible\n"),
        "{text}"
    );
    let markdown = diff.render_markdown();
    assert!(markdown.contains("### Breaking changes (1)"), "{markdown}");
    assert!(
        markdown.contains("### Compatible changes (2)"),
        "{markdown}"
    );
    let json: Value = serde_json::from_str(&diff.render_json()).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["breaking"], 1);
    assert_eq!(json["changes"][0]["kind"], "verb_changed");
    assert_eq!(json["changes"][0]["side"], "operation");
}

#[test]
fn hostile_names_cannot_escape_their_code_span_or_table_cell() {
    let diff = diff_with(|doc| {
        props_mut(type_mut(doc, "Booking"))
            .push(json!({"name": "X`|\n\u{1b}[31m", "type": "String"}));
    });
    let markdown = diff.render_markdown();
    let row = markdown
        .lines()
        .find(|line| line.contains("new property"))
        .expect("row");
    assert!(!row.contains('\u{1b}') && !row.contains("X`"), "{row}");
    assert_eq!(row.matches(" | ").count(), 2, "{row}");
    assert!(!diff.render_text().contains('\u{1b}'));
}
