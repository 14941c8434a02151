//! The seed API (Evo Voice `InviteChatMember`): the sample request and response bodies
//! round-trip through the generated types, and every enum value round-trips.

use serde_json::Value;
use servicestack_runtime::{HttpMethod, ResponseKind, ServiceRequest, StringEnum};
use servicestack_tests::fixtures::evovoice_invitechatmember as dtos;

/// The recorded request sample; without `../shared` (outside CI), the same body from the seed page.
fn request_sample() -> Value {
    let Some(path) = servicestack_tests::shared_files::or_skip(
        "the recorded sample in seed::request_sample_round_trips, which runs on the seed page's body instead",
        "fixtures/samples/InviteChatMember.request.json",
    ) else {
        return serde_json::json!({"sessionId": "String", "memberToAdd": "String", "callerId": "String"});
    };
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &Value) -> Value {
    let typed: T = serde_json::from_value(json.clone()).unwrap();
    serde_json::to_value(&typed).unwrap()
}

/// A request is only ever sent (its type derives `Serialize` alone): built from the sample's
/// members, it serializes to exactly the sample body.
#[test]
fn request_sample_round_trips() {
    let json = request_sample();
    let member = |name: &str| json[name].as_str().unwrap().to_owned();
    let request = dtos::InviteChatMember::default()
        .with_session_id(member("sessionId"))
        .with_member_to_add(member("memberToAdd"))
        .with_caller_id(member("callerId"));
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
}

#[test]
fn response_sample_round_trips() {
    let Some(path) = servicestack_tests::shared_files::or_skip(
        "seed::response_sample_round_trips",
        "fixtures/samples/SessionInfo.response.json",
    ) else {
        return;
    };
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(round_trip::<dtos::SessionInfo>(&json), json);
    let session: dtos::SessionInfo = serde_json::from_value(json).unwrap();
    assert_eq!(session.call_state, dtos::SessionCallState::Disconnected);
    assert_eq!(session.channel, dtos::FlowChannels::Voice);
    assert_eq!(
        session.members.as_ref().unwrap()[0]
            .application_data
            .as_ref()
            .unwrap()["String"],
        "String"
    );
    // Inherited from EntityInfo, base first.
    assert_eq!(session.created_by.as_deref(), Some("String"));
}

#[test]
fn session_info_carries_the_inherited_fields() {
    let session = dtos::SessionInfo {
        id: Some("s1".into()),
        date_created: Some("2024-01-01".into()),
        date_last_modified: Some("2024-01-02".into()),
        created_by: Some("a".into()),
        last_modified_by: Some("b".into()),
        ..Default::default()
    };
    let json = serde_json::to_value(&session).unwrap();
    for key in [
        "id",
        "dateCreated",
        "dateLastModified",
        "createdBy",
        "lastModifiedBy",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
}

#[test]
fn sparse_response_deserializes() {
    let session: dtos::SessionInfo =
        serde_json::from_str(r#"{"id":"abc","callState":"Ringing","members":[{"identity":"x"}]}"#)
            .unwrap();
    assert_eq!(session.id.as_deref(), Some("abc"));
    assert_eq!(session.call_state, dtos::SessionCallState::Ringing);
    assert_eq!(session.dial_state, dtos::SessionDialState::None);
    assert!(!session.ended);
    assert_eq!(session.members.unwrap()[0].identity.as_deref(), Some("x"));
}

#[test]
fn none_fields_are_not_sent() {
    let request = dtos::InviteChatMember {
        session_id: Some("s".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"sessionId":"s"}"#
    );
}

fn check_enum<E>()
where
    E: StringEnum + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert!(!E::MEMBERS.is_empty());
    for member in E::MEMBERS {
        let value = E::from_wire(member).expect("a known member");
        assert_eq!(value.as_str(), *member);
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(json, Value::String(member.to_string()));
        assert_eq!(serde_json::from_value::<E>(json).unwrap(), value);
    }
    let newer: E = serde_json::from_str("\"AddedByANewerServer\"").unwrap();
    assert_eq!(newer.as_str(), "AddedByANewerServer");
    assert_eq!(
        serde_json::to_string(&newer).unwrap(),
        "\"AddedByANewerServer\""
    );
}

#[test]
fn every_seed_enum_value_round_trips() {
    check_enum::<dtos::SessionDialState>();
    check_enum::<dtos::SessionCallState>();
    check_enum::<dtos::SessionQueueStates>();
    check_enum::<dtos::FlowChannels>();
    check_enum::<dtos::SessionHoldReasons>();
    check_enum::<dtos::SessionDirections>();
    check_enum::<dtos::SessionMemberCallState>();
    check_enum::<dtos::SessionMemberRoles>();
    assert_eq!(
        dtos::SessionCallState::MEMBERS,
        ["Disconnected", "Ringing", "Connected", "Hold", "Passive"]
    );
}

#[test]
fn invite_chat_member_describes_its_operation() {
    assert_eq!(dtos::InviteChatMember::OPERATION_NAME, "InviteChatMember");
    assert_eq!(dtos::InviteChatMember::METHOD, HttpMethod::Post);
    assert_eq!(dtos::InviteChatMember::ROUTES.len(), 1);
    assert_eq!(
        dtos::InviteChatMember::ROUTES[0].path,
        "/sessions/{sessionId}/members"
    );
    assert_eq!(dtos::InviteChatMember::ROUTES[0].verbs, [HttpMethod::Post]);
    const { assert!(dtos::InviteChatMember::AUTH.requires_auth) };
    assert_eq!(dtos::InviteChatMember::AUTH.required_roles, ["User"]);
    assert_eq!(dtos::InviteChatMember::RESPONSE_KIND, ResponseKind::Json);
    let response: dtos::SessionInfo =
        dtos::InviteChatMember::decode_response(br#"{"id":"s1","dialState":"Active"}"#).unwrap();
    assert_eq!(response.dial_state, dtos::SessionDialState::Active);
    let error =
        dtos::InviteChatMember::decode_response(br#"{"members":[{"muted":"yes"}]}"#).unwrap_err();
    assert_eq!(error.path, "members[0].muted", "{error}");
}
