//! Servers configured for PascalCase (`TextCase.PascalCase`, `app.jsTextCase` in
//! `/metadata/app.json`): their replies decode to the same values as camelCase ones, and code
//! generated from such a document sends PascalCase.

use serde_json::{Map, Value, json};
use servicestack_tests::fixtures::evovoice_invitechatmember as evovoice;
use servicestack_tests::fixtures::pascal_case_app as pascal;

/// The same document with every object key's first letter upper-cased, except inside the maps
/// listed in `maps` (dictionary keys are data, not member names).
fn pascal_keys(value: &Value, maps: &[&str]) -> Value {
    match value {
        Value::Object(object) => object
            .iter()
            .map(|(key, value)| {
                let mut chars = key.chars();
                let upper = chars
                    .next()
                    .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                    .unwrap_or_default();
                let value = if maps.contains(&key.as_str()) {
                    value.clone()
                } else {
                    pascal_keys(value, maps)
                };
                (upper, value)
            })
            .collect::<Map<_, _>>()
            .into(),
        Value::Array(items) => items.iter().map(|item| pascal_keys(item, maps)).collect(),
        other => other.clone(),
    }
}

/// The seed page's `SessionInfo` reply (every member, nested lists and a map included).
fn seed_session() -> Value {
    json!({
        "dialState": "None", "callState": "Disconnected", "queueState": "None",
        "accountId": "acc", "accountName": "Account", "customerId": "cus",
        "customerBreadcrumb": [{"id": "c1", "name": "Ann"}], "customerName": "Ann",
        "endpointId": "ep", "endpointName": "Desk", "dateCompleted": "2024-01-01",
        "destination": "+15550001", "toAddress": "to", "fromAddress": "from", "fromName": "Bo",
        "answeredByName": "Cy", "queueMemberId": "q", "channel": "Voice", "ended": true,
        "outcome": "done", "callSid": "CA1", "consoleData": "{}", "holdQueueName": "hold",
        "heldByUserId": "u1", "holdReason": "None", "conferenceSid": "CF1", "displayName": "Call",
        "log": [{"date": "2024-01-01", "message": "started"}],
        "members": [{"identity": "i", "endpointId": "e", "displayName": "Dee",
            "isOriginalMember": true, "avatarUrl": "https://example.org/a.png",
            "applicationData": {"someKey": "value"}, "callState": "None", "role": "None",
            "callSid": "CA2", "muted": true}],
        "callbackNumber": "+15550002", "answeredById": "u2", "direction": "Incoming",
        "fromPhoneNumber": "+15550003", "mostRecentParticipantCallSid": "CA3", "wasMissed": true,
        "ringQueueId": "r", "id": "s1", "dateCreated": "2024-01-01", "dateLastModified": "2024-01-02",
        "createdBy": "a", "lastModifiedBy": "b"
    })
}

#[test]
fn seed_reply_in_pascal_case_decodes_like_camel_case() {
    let camel = seed_session();
    let pascal = pascal_keys(&camel, &["applicationData"]);
    assert_eq!(pascal["Members"][0]["ApplicationData"]["someKey"], "value");
    let from_camel: evovoice::SessionInfo = serde_json::from_value(camel.clone()).unwrap();
    let from_pascal: evovoice::SessionInfo = serde_json::from_value(pascal).unwrap();
    assert_eq!(from_pascal, from_camel);
    // Every member was read: nothing fell back to a default.
    assert_eq!(serde_json::to_value(&from_pascal).unwrap(), camel);
    assert_eq!(
        from_pascal.call_state,
        evovoice::SessionCallState::Disconnected
    );
    assert!(from_pascal.was_missed);
}

#[test]
fn a_pascal_case_document_sends_pascal_case_and_reads_both() {
    let request = pascal::CreateTicket::default()
        .with_title("Printer on fire")
        .with_tags(["urgent", "hardware"]);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"Title": "Printer on fire", "Tags": ["urgent", "hardware"], "Priority": 0})
    );
    let pascal_reply = json!({"Id": 7, "Title": "t", "Status": "Closed", "Tags": ["a"],
        "Fields": {"someKey": "v"}, "ClosedAt": "/Date(1700000000000)/", "ext_ref": "X-1"});
    let camel_reply = json!({"id": 7, "title": "t", "status": "Closed", "tags": ["a"],
        "fields": {"someKey": "v"}, "closedAt": "/Date(1700000000000)/", "ext_ref": "X-1"});
    let from_pascal: pascal::Ticket = serde_json::from_value(pascal_reply.clone()).unwrap();
    let from_camel: pascal::Ticket = serde_json::from_value(camel_reply).unwrap();
    assert_eq!(from_pascal, from_camel);
    assert_eq!(from_pascal.status, pascal::TicketStatus::Closed);
    assert_eq!(from_pascal.external_ref.as_deref(), Some("X-1"));
    assert_eq!(serde_json::to_value(&from_pascal).unwrap(), pascal_reply);
}

#[cfg(shared_fixtures)]
#[test]
fn query_response_of_bookings_in_pascal_case_decodes_like_camel_case() {
    use servicestack_tests::shared::blazor_gallery_v8_91 as dtos;
    let camel = json!({
        "offset": 0, "total": 2,
        "results": [
            {"id": 1, "name": "First", "roomType": "Suite", "roomNumber": 101,
             "bookingStartDate": "2024-03-01T00:00:00.0000000", "bookingEndDate": null,
             "cost": 120.5, "couponId": "BOOK10", "discount": {"id": "BOOK10", "description": "10% off", "discount": 10, "expiryDate": "2025-01-01T00:00:00.0000000"},
             "notes": "window", "cancelled": false, "createdDate": "2024-01-01T00:00:00.0000000",
             "createdBy": "admin", "modifiedDate": "2024-01-02T00:00:00.0000000", "modifiedBy": "admin"},
            {"id": 2, "name": "Second", "roomType": "Single", "roomNumber": 7,
             "bookingStartDate": "/Date(1700000000000)/", "cost": 80, "discount": null}
        ],
        "meta": {"someKey": "v"},
        "responseStatus": null
    });
    let pascal = pascal_keys(&camel, &["meta"]);
    let from_camel: dtos::QueryResponse<dtos::Booking> =
        serde_json::from_value(camel.clone()).unwrap();
    let from_pascal: dtos::QueryResponse<dtos::Booking> = serde_json::from_value(pascal).unwrap();
    assert_eq!(from_pascal, from_camel);
    let results = from_pascal.results.as_ref().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].room_number, 101);
    assert_eq!(results[0].discount.as_ref().unwrap().discount, 10);
    assert_eq!(results[1].discount, None, "null is not an invented coupon");
    assert_eq!(from_pascal.total, 2);
}

#[cfg(not(shared_fixtures))]
#[test]
fn shared_documents_skipped() {
    servicestack_tests::shared_files::report_compiled_out(
        "text_case",
        include_str!("text_case.rs"),
    );
}
