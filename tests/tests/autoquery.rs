//! AutoQuery DTOs generated from the blazor-gallery document implement `AutoQuery` /
//! `QueryResults`, and `query_all` pages through them (async and blocking) against a loopback
//! server that serves AutoQuery's way: `take` capped at the server's limit, `total` when asked.

#[cfg(shared_fixtures)]
use std::future::poll_fn;
#[cfg(shared_fixtures)]
use std::pin::Pin;
#[cfg(shared_fixtures)]
use std::sync::{Arc, Mutex};

#[cfg(shared_fixtures)]
use axum::extract::{RawQuery, State};
#[cfg(shared_fixtures)]
use futures_core::Stream;
#[cfg(shared_fixtures)]
use serde_json::json;
#[cfg(shared_fixtures)]
use servicestack_runtime::{AutoQuery, QueryResults};
#[cfg(shared_fixtures)]
use servicestack_tests::shared::blazor_gallery_v8_91::{
    Booking, QueryBookings, QueryResponse, QueryTodos,
};

#[cfg(shared_fixtures)]
#[derive(Clone)]
struct Served {
    count: i32,
    max_limit: i32,
    queries: Arc<Mutex<Vec<String>>>,
}

#[cfg(shared_fixtures)]
fn param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

#[cfg(shared_fixtures)]
async fn query_bookings(
    State(served): State<Served>,
    RawQuery(query): RawQuery,
) -> axum::Json<serde_json::Value> {
    let query = query.unwrap_or_default();
    served.queries.lock().unwrap().push(query.clone());
    let skip: i32 = param(&query, "skip").map_or(0, |skip| skip.parse().unwrap());
    let take: i32 = param(&query, "take").map_or(served.max_limit, |take| take.parse().unwrap());
    let results: Vec<_> = (skip + 1..=served.count)
        .take(take.min(served.max_limit) as usize)
        .map(|id| json!({ "id": id, "name": format!("Booking {id}"), "roomNumber": id }))
        .collect();
    let mut body = json!({ "offset": skip, "results": results });
    if param(&query, "include").is_some_and(|include| include.contains("Total")) {
        body["total"] = served.count.into();
    }
    axum::Json(body)
}

/// Starts the server on `runtime`; returns its base URL and the query strings it receives.
#[cfg(shared_fixtures)]
fn start(
    runtime: &tokio::runtime::Runtime,
    count: i32,
    max_limit: i32,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let served = Served {
        count,
        max_limit,
        queries: Arc::default(),
    };
    let queries = served.queries.clone();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
        .unwrap();
    let address = listener.local_addr().unwrap();
    let router = axum::Router::new()
        .route("/api/QueryBookings", axum::routing::get(query_bookings))
        .with_state(served);
    runtime.spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{address}"), queries)
}

#[cfg(shared_fixtures)]
fn one_to(count: i32) -> Vec<i32> {
    (1..=count).collect()
}

#[cfg(shared_fixtures)]
#[test]
fn generated_autoquery_dtos_implement_the_traits() {
    fn auto_query<R: AutoQuery>() {}
    fn query_results<R: QueryResults<Item = Booking>>() {}
    auto_query::<QueryBookings>();
    auto_query::<QueryTodos>();
    query_results::<QueryResponse<Booking>>();

    let mut request = QueryBookings::default().with_take(5).with_order_by("Id");
    request.set_skip(Some(10));
    request.include_total();
    assert_eq!((request.skip(), request.take()), (Some(10), Some(5)));
    assert_eq!(request.order_by(), Some("Id"));
    assert_eq!(request.include.as_deref(), Some("Total"));

    let response: QueryResponse<Booking> = serde_json::from_value(
        json!({ "offset": 10, "total": 12, "results": [{ "id": 11 }, { "id": 12 }] }),
    )
    .unwrap();
    assert_eq!((response.offset(), response.total()), (10, 12));
    assert_eq!(response.results()[0].id, 11);
    assert!(response.is_last_page());
}

#[cfg(shared_fixtures)]
#[test]
fn query_all_pages_through_generated_dtos_async() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (max_limit, pages) in [(100, 3), (50, 5)] {
        let (base_url, queries) = start(&runtime, 250, max_limit);
        let client = servicestack_runtime::JsonServiceClient::new(&base_url);
        let ids = runtime.block_on(async {
            let mut stream = client.query_all(&QueryBookings::default());
            let mut ids = Vec::new();
            while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
                ids.push(item.unwrap().id);
            }
            ids
        });
        assert_eq!(ids, one_to(250), "max limit {max_limit}");
        assert_eq!(
            queries.lock().unwrap().len(),
            pages,
            "max limit {max_limit}"
        );
    }
}

#[cfg(shared_fixtures)]
#[test]
fn query_all_pages_through_generated_dtos_blocking() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (max_limit, pages) in [(100, 3), (50, 5)] {
        let (base_url, queries) = start(&runtime, 250, max_limit);
        let client = servicestack_runtime::client::blocking::JsonServiceClient::new(&base_url);
        let ids: Vec<i32> = client
            .query_all(&QueryBookings::default())
            .map(|item| item.unwrap().id)
            .collect();
        assert_eq!(ids, one_to(250), "max limit {max_limit}");
        let queries = queries.lock().unwrap();
        assert_eq!(queries.len(), pages, "max limit {max_limit}");
        assert!(queries.iter().all(|query| query.contains("include=Total")));
    }
}

#[cfg(not(shared_fixtures))]
#[test]
fn shared_documents_skipped() {
    servicestack_tests::shared_files::report_compiled_out(
        "autoquery",
        include_str!("autoquery.rs"),
    );
}
