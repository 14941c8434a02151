//! Replays every recorded case of `shared/conformance/servicestack-client-wire.json` (what the
//! official TypeScript and Python clients put on the wire) with our client and DTOs generated
//! from `fixtures/conformance.metadata.json`, against a loopback capture server that answers
//! with the recorded replies.
//!
//! Compared per case: method, path (percent-decoded: the official clients' HTTP stacks differ in
//! how they escape `[]`), decoded query pairs in order, JSON body as a value, the
//! `Authorization` and `Cookie` headers, and what the caller gets back (typed response
//! re-serialized, or the error's status, code, message and field errors). Where we deliberately
//! differ from a recording, the expectation is adjusted in [`deliberate_differences`] with the
//! reason; the same list is the "Wire behaviour" table of the README.

mod common;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use servicestack_runtime::ServiceRequest;
use servicestack_runtime::client::{BasePath, Error, JsonServiceClient};
use servicestack_tests::fixtures::conformance as dto;

use common::capture::{CannedReply, CaptureServer};
use common::test_server::{Recorded, percent_decode};

type Pairs = Vec<(String, Option<String>)>;

/// What we expect on the wire and back.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    method: String,
    path: String,
    query: Pairs,
    body: Option<Value>,
    authorization: Option<String>,
    cookie: Option<String>,
    outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// The typed response, serialized back to JSON.
    Ok(Value),
    /// An API error: status, errorCode, message, field errors as (errorCode, fieldName, message).
    Api {
        status: u16,
        code: String,
        message: String,
        fields: Vec<(String, String, String)>,
    },
}

fn load_cases() -> Option<Vec<Value>> {
    let path = servicestack_tests::shared_files::or_skip(
        "conformance::recorded_cases",
        "conformance/servicestack-client-wire.json",
    )?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Some(serde_json::from_str(&text).expect("conformance JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_cases() {
    let Some(cases) = load_cases() else {
        return;
    };
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap().to_owned();
        match run_case(case).await {
            Ok(note) => report.push(format!("ok   {id}{note}")),
            Err(problem) => failures.push(format!("FAIL {id}: {problem}")),
        }
    }
    for line in &report {
        println!("{line}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!(
        "{} passed, 0 failed: all recorded conformance cases",
        report.len()
    );
}

async fn run_case(case: &Value) -> Result<String, String> {
    let id = case["id"].as_str().unwrap();
    let replies = canned_replies(&case["server_reply"]);
    let server = CaptureServer::start(replies).await;
    let client = client_for(case, &server.base_url)?;
    let call = case["client_call"].as_str().unwrap();
    let dto_type = case["request_dto_type"]
        .as_str()
        .unwrap()
        .trim_end_matches("[]");
    let dto_json = strip_tags(&case["request_dto_json"]);
    let outcome = dispatch(dto_type, &client, call, &dto_json).await?;

    let mut expected = recorded_expectation(case);
    let note = deliberate_differences(id, &mut expected);
    let requests = server.requests();
    let Some(last) = requests.last() else {
        return Err("no request reached the server".into());
    };
    let actual = Expected {
        method: last.method.clone(),
        path: percent_decode(&last.path),
        query: last.query_pairs(),
        body: body_of(last),
        authorization: last.header("authorization").map(str::to_owned),
        cookie: last.header("cookie").map(str::to_owned),
        outcome,
    };
    check_invariants(last)?;
    if actual != expected {
        return Err(format!("\n  expected {expected:?}\n  actual   {actual:?}"));
    }
    Ok(note
        .map(|why| format!(" (deliberately different: {why})"))
        .unwrap_or_default())
}

fn body_of(request: &Recorded) -> Option<Value> {
    if request.body.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(&request.body).unwrap_or(Value::Null))
    }
}

/// What every request of ours must have, whatever the official clients do.
fn check_invariants(request: &Recorded) -> Result<(), String> {
    if request.header("accept") != Some("application/json") {
        return Err(format!("Accept is {:?}", request.header("accept")));
    }
    let has_body = !request.body.is_empty();
    let content_type = request.header("content-type");
    if has_body != (content_type == Some("application/json")) {
        return Err(format!(
            "Content-Type {content_type:?} with body: {has_body}"
        ));
    }
    Ok(())
}

fn canned_replies(reply: &Value) -> Vec<CannedReply> {
    let one = |reply: &Value| CannedReply {
        status: reply["status"].as_u64().unwrap() as u16,
        content_type: reply["content_type"].as_str().map(str::to_owned),
        headers: reply["headers"]
            .as_array()
            .map(|headers| {
                headers
                    .iter()
                    .map(|pair| {
                        (
                            pair[0].as_str().unwrap().to_owned(),
                            pair[1].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        body: match &reply["body"] {
            Value::Null => None,
            Value::String(text) => Some(text.clone().into_bytes()),
            json => Some(serde_json::to_vec(json).unwrap()),
        },
    };
    match reply {
        Value::Array(replies) => replies.iter().map(one).collect(),
        single => vec![one(single)],
    }
}

fn client_for(case: &Value, server: &str) -> Result<JsonServiceClient, String> {
    let config = &case["client_config"];
    let base = config["baseUrl"]
        .as_str()
        .or(config["base_url"].as_str())
        .unwrap()
        .replace("http://127.0.0.1:{port}", server);
    let mut builder = JsonServiceClient::builder(base);
    let legacy = [&config["basePath"], &config["base_path"]]
        .iter()
        .any(|value| {
            value.is_null()
                && config
                    .as_object()
                    .is_some_and(|c| c.contains_key("basePath") || c.contains_key("base_path"))
        });
    if legacy {
        builder = builder.base_path(BasePath::Legacy);
    }
    if let Some(token) = config["bearerToken"]
        .as_str()
        .or(config["bearer_token"].as_str())
    {
        builder = builder.bearer_token(token);
    }
    let user = config["userName"].as_str().or(config["username"].as_str());
    if let (Some(user), Some(password)) = (user, config["password"].as_str()) {
        builder = builder.credentials(user, password);
    }
    builder.build().map_err(|error| error.to_string())
}

/// Turns the recording's tagged values into what our DTOs deserialize: JS `undefined` is left
/// out, dates become their ISO text, Python timedeltas XSD durations.
fn strip_tags(value: &Value) -> Value {
    match value {
        Value::Object(members) => {
            if let Some(date) = members.get("$date").or(members.get("$datetime")) {
                return date.clone();
            }
            if let Some(seconds) = members.get("$timedelta_seconds") {
                return Value::String(xsd_duration(seconds.as_f64().unwrap()));
            }
            Value::Object(
                members
                    .iter()
                    .filter(|(_, item)| item.get("$undefined").is_none())
                    .map(|(key, item)| (key.clone(), strip_tags(item)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(strip_tags).collect()),
        other => other.clone(),
    }
}

fn xsd_duration(seconds: f64) -> String {
    let days = (seconds / 86_400.0).floor();
    let mut rest = seconds - days * 86_400.0;
    let hours = (rest / 3600.0).floor();
    rest -= hours * 3600.0;
    let minutes = (rest / 60.0).floor();
    rest -= minutes * 60.0;
    let mut out = String::from("P");
    if days > 0.0 {
        out.push_str(&format!("{days}D"));
    }
    let mut time = String::new();
    if hours > 0.0 {
        time.push_str(&format!("{hours}H"));
    }
    if minutes > 0.0 {
        time.push_str(&format!("{minutes}M"));
    }
    if rest > 0.0 {
        time.push_str(&format!("{rest}S"));
    }
    if !time.is_empty() {
        out.push('T');
        out.push_str(&time);
    }
    if out == "P" { "PT0S".to_owned() } else { out }
}

async fn dispatch(
    dto_type: &str,
    client: &JsonServiceClient,
    call: &str,
    dto_json: &Value,
) -> Result<Outcome, String> {
    macro_rules! by_type {
        ($($name:ident),* $(,)?) => {
            match dto_type {
                $(stringify!($name) => run::<dto::$name>(client, call, dto_json).await,)*
                other => Err(format!("no generated DTO for {other}")),
            }
        };
    }
    by_type!(
        InviteChatMember,
        GetPrimitives,
        GetWithArrays,
        GetWithNested,
        GetWithDictionary,
        CreateWithNested,
        GetWithDates,
        CreateWithDates,
        DeleteMember,
        UpdateMember,
        PatchMember,
        NoVerbDeclared,
        EndSession,
        GetSessionDates,
        Ping,
    )
}

async fn run<R>(client: &JsonServiceClient, call: &str, dto_json: &Value) -> Result<Outcome, String>
where
    R: ServiceRequest + DeserializeOwned,
    R::Response: Serialize,
{
    let parse = |json: &Value| -> Result<R, String> {
        serde_json::from_value(json.clone()).map_err(|error| format!("DTO {json}: {error}"))
    };
    let batch =
        || -> Result<Vec<R>, String> { dto_json.as_array().unwrap().iter().map(parse).collect() };
    let result: Result<Value, Error> =
        if call.contains("send_all_oneway") || call.contains("sendAllOneWay") {
            client
                .send_all_oneway(&batch()?)
                .await
                .map(|()| Value::Null)
        } else if call.contains("send_all") || call.contains("sendAll") {
            client
                .send_all(&batch()?)
                .await
                .map(|all| serde_json::to_value(all).unwrap())
        } else if call.contains("sendOneWay") {
            client
                .publish(&parse(dto_json)?)
                .await
                .map(|()| Value::Null)
        } else if let Value::Array(sequence) = dto_json {
            // Cookie cases: two calls in a row; the second one is compared.
            let mut last = Ok(Value::Null);
            for item in sequence {
                last = client
                    .send(&parse(item)?)
                    .await
                    .map(|r| serde_json::to_value(r).unwrap());
            }
            last
        } else {
            let request = parse(dto_json)?;
            let response = if call.contains("client.get(") {
                client.get(&request).await
            } else if call.contains("client.post(") {
                client.post(&request).await
            } else if call.contains("client.delete(") {
                client.delete(&request).await
            } else {
                client.send(&request).await
            };
            response.map(|r| serde_json::to_value(r).unwrap())
        };
    match result {
        Ok(value) => Ok(Outcome::Ok(value)),
        Err(error) => match error.api_error() {
            Some(api) => Ok(Outcome::Api {
                status: api.status(),
                code: api.error_code().unwrap_or_default().to_owned(),
                message: api.message().unwrap_or_default().to_owned(),
                fields: api
                    .field_errors()
                    .iter()
                    .map(|e| {
                        (
                            e.error_code.clone().unwrap_or_default(),
                            e.field_name.clone().unwrap_or_default(),
                            e.message.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
            }),
            None => Err(format!("the call failed: {error}")),
        },
    }
}

/// The recording as an expectation (before deliberate differences).
fn recorded_expectation(case: &Value) -> Expected {
    let http = &case["expected_http"];
    let query = http["query_pairs"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap().to_owned(),
                        pair[1].as_str().map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let header = |name: &str| http["headers"][name].as_str().map(str::to_owned);
    let body = match &http["body_json"] {
        Value::Null => None,
        json => Some(json.clone()),
    };
    Expected {
        method: http["method"].as_str().unwrap_or_default().to_owned(),
        path: percent_decode(http["path"].as_str().unwrap_or_default()),
        query,
        body,
        authorization: header("Authorization"),
        cookie: header("Cookie"),
        outcome: recorded_outcome(case),
    }
}

/// What the official client handed back, as an [`Outcome`].
fn recorded_outcome(case: &Value) -> Outcome {
    let reply = match &case["server_reply"] {
        Value::Array(replies) => replies.last().unwrap().clone(),
        single => single.clone(),
    };
    let status = reply["status"].as_u64().unwrap() as u16;
    if status < 400 {
        // Void and one-way calls give `()` (JSON null); others the reply body re-serialized.
        let call = case["client_call"].as_str().unwrap();
        let void = case["request_dto_type"] == "EndSession"
            || call.contains("OneWay")
            || call.contains("oneway");
        return Outcome::Ok(if void {
            Value::Null
        } else {
            reply["body"].clone()
        });
    }
    let surface = &case["client_surface"];
    let status_json = if surface["kind"] == "ApiResult" {
        surface["error"].clone()
    } else if surface["kind"] == "rejected" {
        surface["rejected"]["value"]["responseStatus"].clone()
    } else {
        // Python: snake_case attributes.
        let rs = &surface["response_status"];
        json!({
            "errorCode": rs["error_code"],
            "message": rs["message"],
            "errors": rs["errors"].as_array().map(|errors| errors.iter().map(|e| json!({
                "errorCode": e["error_code"], "fieldName": e["field_name"], "message": e["message"]
            })).collect::<Vec<_>>()),
        })
    };
    Outcome::Api {
        status,
        code: status_json["errorCode"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        message: status_json["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        fields: status_json["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        (
                            e["errorCode"].as_str().unwrap_or_default().to_owned(),
                            e["fieldName"].as_str().unwrap_or_default().to_owned(),
                            e["message"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn pairs(items: &[(&str, &str)]) -> Pairs {
    items
        .iter()
        .map(|(key, value)| (key.to_string(), Some(value.to_string())))
        .collect()
}

fn seed_body() -> Value {
    json!({"sessionId": "sess-1", "memberToAdd": "+15551234567", "callerId": "+15557654321"})
}

/// Where our client deliberately does something else than the recorded official client; adjusts
/// the expectation and says why. Keep in sync with the README's "Wire behaviour" table.
fn deliberate_differences(id: &str, expected: &mut Expected) -> Option<&'static str> {
    let (group, client) = (id.split('.').nth(1).unwrap_or(""), &id[..2]);
    let ok = |body: Value| Outcome::Ok(body);
    match (client, group) {
        ("ts", "b1") => {
            expected.query.retain(|(key, _)| key != "nullField");
            Some("null fields are left out of the query string, not sent as a bare `key`")
        }
        (_, "c1") => {
            expected.query = pairs(&[
                ("names", r#"[alpha,b c,"d,e"]"#),
                ("ids", "[1,2,3]"),
                ("emptyList", "[]"),
            ]);
            Some("lists are JSV `[a,b]`, an element with a comma is quoted")
        }
        ("ts", "x4") | ("ts", "x7") => {
            expected.query = pairs(&[("names", "[a]"), ("ids", "[1]")]);
            Some("lists are JSV `[a,b]`")
        }
        ("ts", "d1") => {
            expected.query = pairs(&[
                ("id", "7"),
                ("member", "{name:Ann Lee,phone:+15551234567}"),
                ("labels", "{k 2:v&2,k1:v1}"),
            ]);
            Some("objects and maps are JSV `{k:v}` (TS sends `[object Object]`)")
        }
        ("py", "d1") => {
            *expected = get_expectation(
                "/api/GetWithNested",
                pairs(&[("id", "7"), ("member", "{name:Ann Lee,phone:+15551234567}")]),
            );
            Some("nested objects are sent as JSV (Python fails before sending)")
        }
        ("py", "d2") => {
            *expected = get_expectation(
                "/api/GetWithDictionary",
                pairs(&[("id", "7"), ("labels", "{k 2:v&2,k1:v1}")]),
            );
            Some("maps are sent as JSV (Python fails before sending)")
        }
        ("py", "x8") => {
            expected.query = pairs(&[("id", "7"), ("labels", "{ab:v1,cd:v 2}")]);
            Some("maps are sent as JSV with their values (Python's dict quirk loses them)")
        }
        ("ts", "d2") => {
            if let Some(Value::Object(body)) = &mut expected.body {
                body.remove("nullField");
            }
            Some("None fields are left out of JSON bodies (TS sends `null`)")
        }
        ("ts", "e1") => {
            expected.query[0].1 = Some("2023-11-14T22:13:20.000Z".to_owned());
            Some("dates are sent in their ISO/WCF wire form, not JS `Date.toString()`")
        }
        ("py", "e1") => {
            expected.query = pairs(&[
                ("atUtc", "2023-11-14T22:13:20+00:00"),
                ("atNaive", "2023-11-14T22:13:20"),
                ("duration", "PT1H30M"),
                ("durationFraction", "P1DT1.5S"),
            ]);
            Some("dates keep the form they were given (ISO here); durations are canonical XSD")
        }
        ("py", "e2") => {
            if let Some(body) = &mut expected.body {
                body["durationFraction"] = json!("P1DT1.5S");
            }
            Some(
                "durations of a day or more are canonical XSD (`P1DT1.5S`, Python writes `P1.0DT24H1.5S`)",
            )
        }
        ("py", "h2") => {
            expected.outcome = ok(Value::Null);
            Some("a void operation answered `200 {}` returns Ok(()) (Python raises)")
        }
        ("py", "i3") => {
            *expected = Expected {
                method: "POST".into(),
                path: "/api/InviteChatMember".into(),
                query: Vec::new(),
                body: Some(seed_body()),
                authorization: Some("Basic asO8cmdlbjpww6Rzc3fDtnJk".into()),
                cookie: None,
                outcome: ok(json!({"sessionId": "sess-1", "callerId": "+15557654321",
                    "members": ["+15557654321", "+15551234567"],
                    "createdAt": "/Date(1700000000000-0000)/"})),
            };
            Some(
                "non-ASCII Basic credentials are UTF-8 encoded like TS (Python fails before sending)",
            )
        }
        ("ts", "x2") => {
            expected.cookie = Some("ss-pid=xyz789".into());
            Some(
                "`Expires=Fri, 01 Jan 2100 ...` is one attribute (TS splits the cookie on its comma)",
            )
        }
        _ => None,
    }
}

fn get_expectation(path: &str, query: Pairs) -> Expected {
    Expected {
        method: "GET".into(),
        path: path.into(),
        query,
        body: None,
        authorization: None,
        cookie: None,
        outcome: Outcome::Ok(json!({"result": "ok"})),
    }
}

#[test]
fn xsd_helper() {
    assert_eq!(xsd_duration(5400.0), "PT1H30M");
    assert_eq!(xsd_duration(86401.5), "P1DT1.5S");
    assert_eq!(xsd_duration(0.0), "PT0S");
}
