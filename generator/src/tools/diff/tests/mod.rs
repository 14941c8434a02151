//! One base document, one edit per test: the diff must report exactly the expected change.
//! Property and enum changes in [`types`], operation changes in [`operations`]; what is not a
//! change and the renderings here.

mod operations;
mod types;

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
