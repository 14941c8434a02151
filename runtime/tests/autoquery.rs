//! `query_all`: paging through AutoQuery results against a loopback server that serves them
//! like AutoQuery does (`skip`, `take` capped at the server's limit, `total` when asked for).
#![cfg(feature = "client")]

mod support;

use std::future::poll_fn;
use std::pin::Pin;

use futures_core::Stream;
use serde::{Deserialize, Serialize};
use servicestack_runtime::{
    AuthRequirement, AutoQuery, BodyError, HttpMethod, JsonServiceClient, QueryParams,
    QueryParamsMut, QueryResults, ResponseKind, Route, ServiceRequest, decode,
};
use support::scripted::{Reply, Request, ScriptedServer};

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryNumbers {
    #[serde(skip_serializing_if = "Option::is_none")]
    skip: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    take: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_by_desc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryResponse<T> {
    #[serde(default)]
    offset: i32,
    #[serde(default)]
    total: i32,
    results: Option<Vec<T>>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Number {
    id: i32,
}

impl ServiceRequest for QueryNumbers {
    type Response = QueryResponse<Number>;
    const OPERATION_NAME: &'static str = "QueryNumbers";
    const METHOD: HttpMethod = HttpMethod::Get;
    const ROUTES: &'static [Route] = &[];
    const AUTH: AuthRequirement = AuthRequirement::NONE;
    const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
    fn decode_response(body: &[u8]) -> Result<Self::Response, BodyError> {
        decode::json(body)
    }
}

// What the generator writes.
impl AutoQuery for QueryNumbers {
    fn query_params(&self) -> QueryParams<'_> {
        QueryParams {
            skip: &self.skip,
            take: &self.take,
            order_by: &self.order_by,
            order_by_desc: &self.order_by_desc,
            fields: &self.fields,
            include: &self.include,
        }
    }
    fn query_params_mut(&mut self) -> QueryParamsMut<'_> {
        QueryParamsMut {
            skip: &mut self.skip,
            take: &mut self.take,
            order_by: &mut self.order_by,
            order_by_desc: &mut self.order_by_desc,
            fields: &mut self.fields,
            include: &mut self.include,
        }
    }
}

impl<T> QueryResults for QueryResponse<T> {
    type Item = T;
    fn offset(&self) -> i32 {
        self.offset
    }
    fn total(&self) -> i32 {
        self.total
    }
    fn results(&self) -> &[T] {
        self.results.as_deref().unwrap_or_default()
    }
    fn into_results(self) -> Vec<T> {
        self.results.unwrap_or_default()
    }
}

/// A query parameter of a request.
fn param(request: &Request, name: &str) -> Option<String> {
    let query = request.target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.replace("%2C", ",").replace("%2c", ","))
    })
}

/// AutoQuery over the ids 1..=`count`: `take` is capped at `max_limit` (and defaults to it),
/// `total` is sent when `include` asks for it (and `counts` is on).
fn autoquery_server(count: i32, max_limit: i32, counts: bool) -> ScriptedServer {
    ScriptedServer::start(move |request| {
        let skip: i32 = param(request, "skip").map_or(0, |skip| skip.parse().unwrap());
        let take: i32 = param(request, "take").map_or(max_limit, |take| take.parse().unwrap());
        let take = take.min(max_limit);
        let results: Vec<_> = (skip + 1..=count)
            .take(take as usize)
            .map(|id| serde_json::json!({ "id": id }))
            .collect();
        let wants_total = param(request, "include")
            .is_some_and(|include| include.split(',').any(|e| e.eq_ignore_ascii_case("total")));
        let mut body = serde_json::json!({ "offset": skip, "results": results });
        if counts && wants_total {
            body["total"] = count.into();
        }
        Reply::json(200, &body.to_string())
    })
}

/// (skip, take) of every request the server received.
fn pages(server: &ScriptedServer) -> Vec<(i32, i32)> {
    server
        .requests()
        .iter()
        .map(|request| {
            assert_eq!(request.path(), "/api/QueryNumbers");
            (
                param(request, "skip").unwrap().parse().unwrap(),
                param(request, "take").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

async fn collect_async(
    client: &JsonServiceClient,
    request: &QueryNumbers,
) -> Vec<Result<i32, servicestack_runtime::Error>> {
    let mut stream = client.query_all(request);
    let mut out = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item.map(|number| number.id));
    }
    out
}

fn ids(results: Vec<Result<i32, servicestack_runtime::Error>>) -> Vec<i32> {
    results.into_iter().map(Result::unwrap).collect()
}

fn one_to(count: i32) -> Vec<i32> {
    (1..=count).collect()
}

#[tokio::test]
async fn every_item_exactly_once_served_100_at_a_time() {
    let server = autoquery_server(250, 100, true);
    let client = JsonServiceClient::new(&server.base_url);

    let items = ids(collect_async(&client, &QueryNumbers::default()).await);

    assert_eq!(items, one_to(250));
    // The total ends the paging: no fourth request for an empty page.
    assert_eq!(pages(&server), [(0, 100), (100, 100), (200, 100)]);
    for request in server.requests() {
        assert_eq!(param(&request, "include").as_deref(), Some("Total"));
    }
}

#[tokio::test]
async fn a_server_capping_pages_at_50_still_yields_every_item_once() {
    let server = autoquery_server(250, 50, true);
    let client = JsonServiceClient::new(&server.base_url);

    let items = ids(collect_async(&client, &QueryNumbers::default()).await);

    assert_eq!(items, one_to(250));
    // Each short page is followed by the next one, starting after what was received.
    assert_eq!(
        pages(&server),
        [(0, 100), (50, 100), (100, 100), (150, 100), (200, 100)]
    );
}

#[tokio::test]
async fn the_callers_skip_is_the_start_and_take_the_overall_limit() {
    let server = autoquery_server(250, 50, true);
    let client = JsonServiceClient::new(&server.base_url);
    let request = QueryNumbers {
        skip: Some(10),
        take: Some(120),
        order_by: Some("Id".into()),
        ..QueryNumbers::default()
    };

    let items = ids(collect_async(&client, &request).await);

    assert_eq!(items, (11..=130).collect::<Vec<_>>());
    assert_eq!(pages(&server), [(10, 100), (60, 70), (110, 20)]);
    for request in server.requests() {
        assert_eq!(param(&request, "orderBy").as_deref(), Some("Id"));
    }
}

#[tokio::test]
async fn without_a_total_paging_ends_at_the_first_empty_page() {
    let server = autoquery_server(250, 100, false);
    let client = JsonServiceClient::new(&server.base_url);

    let items = ids(collect_async(&client, &QueryNumbers::default()).await);

    assert_eq!(items, one_to(250));
    assert_eq!(
        pages(&server),
        [(0, 100), (100, 100), (200, 100), (250, 100)]
    );
}

#[tokio::test]
async fn an_include_of_the_caller_keeps_its_entries_and_gains_total_once() {
    let server = autoquery_server(5, 100, true);
    let client = JsonServiceClient::new(&server.base_url);
    for (include, sent) in [
        (None, "Total"),
        (Some("total"), "total"),
        (Some("Meta"), "Meta,Total"),
        (Some("Meta,Total"), "Meta,Total"),
    ] {
        let request = QueryNumbers {
            include: include.map(str::to_owned),
            ..QueryNumbers::default()
        };
        assert_eq!(ids(collect_async(&client, &request).await), one_to(5));
        let last = server.requests().pop().unwrap();
        assert_eq!(param(&last, "include").as_deref(), Some(sent));
    }
}

#[tokio::test]
async fn a_take_of_zero_sends_nothing() {
    let server = autoquery_server(250, 100, true);
    let client = JsonServiceClient::new(&server.base_url);
    let request = QueryNumbers {
        take: Some(0),
        ..QueryNumbers::default()
    };

    assert!(collect_async(&client, &request).await.is_empty());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let server = ScriptedServer::start(|request| {
        if param(request, "skip").as_deref() == Some("0") {
            let results: Vec<_> = (1..=100)
                .map(|id| serde_json::json!({ "id": id }))
                .collect();
            let body = serde_json::json!({ "offset": 0, "total": 250, "results": results });
            Reply::json(200, &body.to_string())
        } else {
            Reply::json(
                500,
                r#"{"responseStatus":{"errorCode":"Boom","message":"boom"}}"#,
            )
        }
    });
    let client = JsonServiceClient::new(&server.base_url);

    let results = collect_async(&client, &QueryNumbers::default()).await;

    assert_eq!(results.len(), 101);
    assert!(results[..100].iter().all(Result::is_ok));
    let error = results[100].as_ref().unwrap_err();
    assert_eq!(error.error_code(), Some("Boom"), "{error}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_stream_is_send_and_borrows_neither_client_nor_request() {
    fn assert_send<T: Send + 'static>(_: T) {}
    let client = JsonServiceClient::new("http://127.0.0.1:9");
    let request = QueryNumbers::default();
    let stream = client.query_all(&request);
    drop((client, request));
    assert_send(stream);
}

#[test]
fn query_results_helpers() {
    let page = |offset, total, count: i32| QueryResponse {
        offset,
        total,
        results: Some(
            (offset + 1..=offset + count)
                .map(|id| Number { id })
                .collect(),
        ),
    };
    assert!(!page(0, 250, 100).is_last_page());
    assert!(page(200, 250, 50).is_last_page());
    assert_eq!(page(100, 250, 50).next_skip(), 150);
    // No total (not asked for): only an empty page is known to be the last.
    assert!(!page(0, 0, 10).is_last_page());
    assert!(!page(0, 0, 10).total_known());
    assert!(page(10, 0, 0).is_last_page());
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use servicestack_runtime::client::blocking::JsonServiceClient;

    fn collect(server: &ScriptedServer, request: &QueryNumbers) -> Vec<i32> {
        let client = JsonServiceClient::new(&server.base_url);
        client
            .query_all(request)
            .map(|item| item.unwrap().id)
            .collect()
    }

    #[test]
    fn every_item_exactly_once_served_100_at_a_time() {
        let server = autoquery_server(250, 100, true);
        assert_eq!(collect(&server, &QueryNumbers::default()), one_to(250));
        assert_eq!(pages(&server), [(0, 100), (100, 100), (200, 100)]);
    }

    #[test]
    fn a_server_capping_pages_at_50_still_yields_every_item_once() {
        let server = autoquery_server(250, 50, true);
        assert_eq!(collect(&server, &QueryNumbers::default()), one_to(250));
        assert_eq!(pages(&server).len(), 5);
    }

    #[test]
    fn the_callers_skip_and_take_hold() {
        let server = autoquery_server(250, 50, true);
        let request = QueryNumbers {
            skip: Some(10),
            take: Some(120),
            ..QueryNumbers::default()
        };
        assert_eq!(collect(&server, &request), (11..=130).collect::<Vec<_>>());
        assert_eq!(pages(&server), [(10, 100), (60, 70), (110, 20)]);
    }

    #[test]
    fn pages_are_fetched_only_as_the_iterator_reaches_them() {
        let server = autoquery_server(250, 100, true);
        let client = JsonServiceClient::new(&server.base_url);
        let first: Vec<i32> = client
            .query_all(&QueryNumbers::default())
            .take(101)
            .map(|item| item.unwrap().id)
            .collect();
        assert_eq!(first, one_to(101));
        assert_eq!(pages(&server), [(0, 100), (100, 100)]);
    }
}
