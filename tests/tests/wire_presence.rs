//! Send only what the user set, accept everything a real server sends: every request DTO of
//! every document (the project's fixtures and, when present, the real documents in
//! `../shared`) is sent to a loopback server built from `Default` with one member set, and
//! every response type is decoded from `{}` and from a body whose every member is `null`.

mod common;

/// Every request and response DTO of every document (written by build.rs).
#[allow(clippy::all, dead_code)]
mod catalogs {
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

use std::collections::BTreeSet;

use common::capture::{CannedReply, CaptureServer};
use common::test_server::{Recorded, percent_decode};
use servicestack_runtime::{
    AuthRequirement, BodyError, HttpMethod, JsonServiceClient, ResponseKind, Route, ServiceRequest,
};
use servicestack_tests::catalog::{Member, RequestCase};

/// A serialized DTO sent by the real client with the verb `V` (0 GET, 1 POST, 2 PUT, 3 PATCH,
/// 4 DELETE, 5 HEAD, 6 OPTIONS): the client builds the query string or body from it exactly as from the DTO, whose
/// serialization decided which members are present.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Sent<const V: u8>(serde_json::Value);

impl<const V: u8> ServiceRequest for Sent<V> {
    type Response = ();
    const OPERATION_NAME: &'static str = "Sent";
    const METHOD: HttpMethod = match V {
        0 => HttpMethod::Get,
        1 => HttpMethod::Post,
        2 => HttpMethod::Put,
        3 => HttpMethod::Patch,
        4 => HttpMethod::Delete,
        5 => HttpMethod::Head,
        _ => HttpMethod::Options,
    };
    const ROUTES: &'static [Route] = &[];
    const AUTH: AuthRequirement = AuthRequirement::NONE;
    const RESPONSE_KIND: ResponseKind = ResponseKind::Void;
    fn decode_response(_: &[u8]) -> Result<(), BodyError> {
        Ok(())
    }
}

async fn send(
    client: &JsonServiceClient,
    method: &str,
    dto: serde_json::Value,
) -> Result<(), servicestack_runtime::Error> {
    match method {
        "GET" => client.send(&Sent::<0>(dto)).await,
        "POST" => client.send(&Sent::<1>(dto)).await,
        "PUT" => client.send(&Sent::<2>(dto)).await,
        "PATCH" => client.send(&Sent::<3>(dto)).await,
        "DELETE" => client.send(&Sent::<4>(dto)).await,
        "HEAD" => client.send(&Sent::<5>(dto)).await,
        "OPTIONS" => client.send(&Sent::<6>(dto)).await,
        other => panic!("no verb {other}"),
    }
}

/// The members a recorded request carried: query keys for body-less verbs, JSON body members
/// otherwise.
fn sent_members(recorded: &Recorded) -> Result<BTreeSet<String>, String> {
    if matches!(
        recorded.method.as_str(),
        "GET" | "DELETE" | "HEAD" | "OPTIONS"
    ) {
        if !recorded.body.is_empty() {
            return Err(format!("{} with a body", recorded.method));
        }
        return Ok(recorded
            .query
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| percent_decode(pair.split_once('=').map_or(pair, |(key, _)| key)))
            .collect());
    }
    let body: serde_json::Value = serde_json::from_slice(&recorded.body)
        .map_err(|error| format!("body is not JSON ({error})"))?;
    let object = body
        .as_object()
        .ok_or_else(|| format!("body is not an object: {body}"))?;
    Ok(object.keys().cloned().collect())
}

/// Reference-type members that were sent although only `set` (if any) was set.
fn unset_references_sent(
    members: &[Member],
    sent: &BTreeSet<String>,
    set: Option<&str>,
) -> Vec<String> {
    members
        .iter()
        .filter(|member| member.reference && Some(member.wire) != set && sent.contains(member.wire))
        .map(|member| member.wire.to_owned())
        .collect()
}

async fn check_request(
    client: &JsonServiceClient,
    server: &CaptureServer,
    document: &str,
    case: &RequestCase,
    failures: &mut Vec<String>,
) -> usize {
    let mut sent_count = 0;
    let builds = std::iter::once((None, case.empty)).chain(
        case.with_one_member
            .iter()
            .map(|(wire, build)| (Some(*wire), *build)),
    );
    for (set, build) in builds {
        let label = format!(
            "{document} {} with {}",
            case.name,
            set.unwrap_or("nothing set")
        );
        let before = server.requests().len();
        let outcome = send(client, case.method, build()).await;
        let requests = server.requests();
        let Some(recorded) = requests.get(before) else {
            failures.push(format!("{label}: nothing reached the server ({outcome:?})"));
            continue;
        };
        sent_count += 1;
        if recorded.method != case.method {
            failures.push(format!(
                "{label}: sent {} instead of {}",
                recorded.method, case.method
            ));
        }
        match sent_members(recorded) {
            Err(error) => failures.push(format!("{label}: {error}")),
            Ok(sent) => {
                if let Some(wire) = set
                    && !sent.contains(wire)
                {
                    failures.push(format!(
                        "{label}: the member that was set is missing: {sent:?}"
                    ));
                }
                let extra = unset_references_sent(case.members, &sent, set);
                if !extra.is_empty() {
                    failures.push(format!("{label}: unset members sent: {extra:?}"));
                }
            }
        }
    }
    sent_count
}

/// The first 40 failures, one a line.
fn first_failures(failures: &[String]) -> String {
    failures
        .iter()
        .take(40)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// A loopback server answering every call with `body`, and a client for it.
async fn json_server(body: &str) -> (CaptureServer, JsonServiceClient) {
    let server = CaptureServer::start(vec![CannedReply {
        status: 200,
        content_type: Some("application/json".into()),
        headers: Vec::new(),
        body: Some(body.as_bytes().to_vec()),
    }])
    .await;
    let client = JsonServiceClient::new(&server.base_url);
    (server, client)
}

#[tokio::test]
async fn every_request_sends_only_the_members_that_were_set() {
    let (server, client) = json_server("{}").await;
    let mut failures = Vec::new();
    let mut calls = 0;
    for (document, requests, _) in catalogs::CATALOGS {
        for case in *requests {
            calls += check_request(&client, &server, document, case, &mut failures).await;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {calls} calls sent the wrong members:\n{}",
        failures.len(),
        first_failures(&failures)
    );
    println!("{calls} calls, each sending only the member that was set");
}

/// `{}`, and a body with every member `null`.
fn bodies(members: &[Member]) -> [String; 2] {
    let nulls: serde_json::Map<String, serde_json::Value> = members
        .iter()
        .map(|member| (member.wire.to_owned(), serde_json::Value::Null))
        .collect();
    [
        "{}".to_owned(),
        serde_json::Value::Object(nulls).to_string(),
    ]
}

#[test]
fn every_response_decodes_missing_and_null_members_without_inventing_any() {
    let mut failures = Vec::new();
    let mut decoded = 0;
    for (document, _, responses) in catalogs::CATALOGS {
        for case in *responses {
            for body in bodies(case.members) {
                match (case.decode)(&body) {
                    Err(error) => {
                        failures.push(format!("{document} {} from {body}: {error}", case.name))
                    }
                    Ok(encoded) => {
                        decoded += 1;
                        let sent = encoded
                            .as_object()
                            .map(|object| object.keys().cloned().collect())
                            .unwrap_or_default();
                        let invented = unset_references_sent(case.members, &sent, None);
                        if !invented.is_empty() {
                            failures.push(format!(
                                "{document} {} from {body}: re-encoding added {invented:?}",
                                case.name
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        first_failures(&failures)
    );
    println!("{decoded} response bodies decoded");
}

#[cfg(shared_fixtures)]
#[tokio::test]
async fn query_artists_default_sends_no_query_string() {
    let (server, client) = json_server(r#"{"results":[]}"#).await;
    use servicestack_tests::shared::blazor_gallery_v8_91 as dtos;
    client.send(&dtos::QueryArtists::default()).await.unwrap();
    let recorded = &server.requests()[0];
    assert_eq!(recorded.method, "GET");
    assert_eq!(recorded.path, "/api/QueryArtists");
    assert_eq!(recorded.query, None);
}

#[cfg(not(shared_fixtures))]
#[test]
fn query_artists_default_sends_no_query_string() {
    servicestack_tests::shared_files::report_compiled_out(
        "wire_presence",
        include_str!("wire_presence.rs"),
    );
}
