//! The code-shape options at work: each variant in `servicestack_tests::variants` was generated
//! by build.rs with one option (or all of them) and compiled under `#![deny(warnings)]`.

use std::collections::BTreeMap;

use servicestack_runtime::StringEnum;
use servicestack_tests::variants;

#[test]
fn derives_are_added_where_valid() {
    #[cfg(shared_fixtures)]
    {
        use std::collections::{BTreeSet, HashSet};
        use variants::derives::blazor_gallery::Todo;
        let todo = |id| Todo {
            id,
            text: Some("t".into()),
            is_finished: false,
        };
        let set: HashSet<Todo> = [todo(1), todo(1), todo(2)].into_iter().collect();
        assert_eq!(set.len(), 2, "Hash + Eq");
        let sorted: BTreeSet<Todo> = [todo(3), todo(1)].into_iter().collect();
        assert_eq!(sorted.first().unwrap().id, 1, "Ord");
    }
    // A struct with an f64 field does not get Eq/Hash: `Vec` (features fixture) has `x: f64`.
    fn is_hash<T: std::hash::Hash>() {}
    is_hash::<variants::derives::features::Duplicate>();
    #[cfg(shared_fixtures)]
    is_hash::<variants::type_derives::blazor_gallery::Todo>();
}

#[test]
fn btree_and_index_maps() {
    let member = variants::btree::evovoice::SessionMemberInfo {
        application_data: Some(BTreeMap::from([
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ])),
        ..Default::default()
    };
    let json = serde_json::to_string(&member).unwrap();
    assert!(
        json.contains(r#""applicationData":{"a":"1","b":"2"}"#),
        "sorted: {json}"
    );
    let parsed: variants::index::evovoice::SessionMemberInfo =
        serde_json::from_str(r#"{"applicationData":{"z":"1","a":"2"}}"#).unwrap();
    let keys: Vec<&String> = parsed.application_data.as_ref().unwrap().keys().collect();
    assert_eq!(keys, ["z", "a"], "IndexMap keeps the server's order");
}

#[test]
fn replaced_wire_types_keep_the_servicestack_wire_forms() {
    use variants::replacements::features::{Customer, Everything};
    let customer: Customer = serde_json::from_str(
        r#"{"createdDate":"/Date(978307200000)/","createdBy":"me","id":1,"key":"ea762009b66c410b9bf5ce21ad519249"}"#,
    )
    .unwrap();
    let key: uuid::Uuid = customer.key;
    assert_eq!(key.to_string(), "ea762009-b66c-410b-9bf5-ce21ad519249");
    let created: chrono::DateTime<chrono::Utc> = customer.created_date;
    assert_eq!(created.timestamp_millis(), 978_307_200_000);
    let everything: Everything = serde_json::from_str(
        r#"{"amount":12.50,"duration":"PT1H30M","offset":"2016-03-21T12:18:58.8551447+02:00","required":"r","day":"2024-01-31","time":"PT13H45M"}"#,
    )
    .unwrap();
    assert_eq!(everything.amount.to_string(), "12.50");
    assert_eq!(everything.duration, std::time::Duration::from_secs(5400));
    assert_eq!(everything.offset.offset().local_minus_utc(), 7200);
    assert_eq!(
        everything.day,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap()
    );
    assert_eq!(
        everything.time,
        chrono::NaiveTime::from_hms_opt(13, 45, 0).unwrap()
    );
    let back = serde_json::to_value(&everything).unwrap();
    assert_eq!(back["duration"], "PT1H30M");
    // A replaced document type: the hand-written type is used as is.
    let poco = servicestack_tests::custom::Poco {
        name: Some("p".into()),
    };
    let _: Option<Vec<std::collections::HashMap<String, servicestack_tests::custom::Poco>>> =
        Everything {
            nested: Some(vec![[("k".to_owned(), poco)].into()]),
            ..Default::default()
        }
        .nested;
}

#[test]
fn closed_enums_reject_unknown_values() {
    use variants::closed_enums::evovoice::{SessionCallState, SessionInfo};
    assert_eq!(
        SessionCallState::from_wire("Ringing"),
        Some(SessionCallState::Ringing)
    );
    assert_eq!(SessionCallState::from_wire("Teleporting"), None);
    // Without a catch-all variant holding a String, closed enums are plain values.
    fn plain_value<T: Copy + Eq + std::hash::Hash + Ord>(_: T) {}
    plain_value(SessionCallState::Ringing);
    let error = serde_json::from_str::<SessionInfo>(r#"{"callState":"Teleporting"}"#).unwrap_err();
    assert!(error.to_string().contains("Teleporting"), "{error}");
    let open: servicestack_tests::fixtures::evovoice_invitechatmember::SessionInfo =
        serde_json::from_str(r#"{"callState":"Teleporting"}"#).unwrap();
    assert_eq!(open.call_state.as_str(), "Teleporting");
}

#[test]
fn namespace_modules_reference_each_other() {
    use variants::namespaces::features::{features_model, features_other};
    let everything = features_model::Everything {
        second: Some(features_other::OtherDuplicate {
            b: Some("x".into()),
        }),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&everything).unwrap()["second"]["b"],
        "x"
    );
    #[cfg(shared_fixtures)]
    {
        use servicestack_runtime::ServiceRequest;
        assert_eq!(
            <variants::namespaces::blazor_gallery::my_app_service_model::QueryTodos as ServiceRequest>::OPERATION_NAME,
            "QueryTodos"
        );
    }
}

#[test]
fn everything_together_still_round_trips_the_seed() {
    use variants::everything::evovoice::voice_api::{InviteChatMember, SessionInfo};
    let request = InviteChatMember {
        session_id: Some("s".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"sessionId":"s"}"#
    );
    let session: SessionInfo =
        serde_json::from_str(r#"{"id":"x","members":[{"applicationData":{"b":"1","a":"2"}}]}"#)
            .unwrap();
    let data = session.members.unwrap()[0]
        .application_data
        .clone()
        .unwrap();
    assert_eq!(data.keys().next().unwrap(), "a");
}

/// Without `../shared` the blazor-gallery variants do not exist: says what was left out above
/// (and fails under `CI=true`).
#[cfg(not(shared_fixtures))]
#[test]
fn skipped_without_shared() {
    servicestack_tests::shared_files::report_compiled_out("options", include_str!("options.rs"));
}
