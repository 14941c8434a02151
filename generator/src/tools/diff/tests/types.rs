//! Property and enum changes, judged by the side (request, response) of the type.

use super::*;

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
