//! AutoQuery: requests that inherit ServiceStack's `QueryDb<T>` / `QueryData<T>` and the
//! `QueryResponse<T>` they return.
//!
//! The generator implements [`AutoQuery`] for every such request DTO and [`QueryResults`] for
//! `QueryResponse<T>`, so code can page through any AutoQuery API generically; the clients'
//! `query_all` does it for you:
//!
//! ```no_run
//! # use servicestack_runtime::{AutoQuery, JsonServiceClient, QueryResults};
//! # async fn run<R>(client: JsonServiceClient, request: R) -> Result<(), servicestack_runtime::Error>
//! # where R: AutoQuery + Send + Sync + 'static, R::Response: Send + 'static,
//! #     <R::Response as QueryResults>::Item: Send {
//! use std::future::poll_fn;
//! use std::pin::Pin;
//! use futures_core::Stream;
//!
//! let mut items = client.query_all(&request);
//! while let Some(item) = poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
//!     let item = item?;
//!     // ...
//! }
//! # Ok(()) }
//! ```
//!
//! (With `futures::StreamExt` that loop is `while let Some(item) = items.next().await`.)

use crate::request::ServiceRequest;

/// Implements [`AutoQuery`] for a request struct by lending out its `QueryBase` fields: named
/// `skip`, `take`, `order_by`, `order_by_desc`, `fields` and `include`, or given in that order
/// (`auto_query!(QueryTodos { skip, take, order_by, order_by_desc, fields, include_2 })`).
#[macro_export]
macro_rules! auto_query {
    ($name:ident) => {
        $crate::auto_query!($name {
            skip,
            take,
            order_by,
            order_by_desc,
            fields,
            include
        });
    };
    (
        $name:ident {
            $skip:ident, $take:ident, $order_by:ident, $order_by_desc:ident, $fields:ident,
            $include:ident $(,)?
        }
    ) => {
        impl $crate::AutoQuery for $name {
            fn query_params(&self) -> $crate::QueryParams<'_> {
                $crate::QueryParams {
                    skip: &self.$skip,
                    take: &self.$take,
                    order_by: &self.$order_by,
                    order_by_desc: &self.$order_by_desc,
                    fields: &self.$fields,
                    include: &self.$include,
                }
            }
            fn query_params_mut(&mut self) -> $crate::QueryParamsMut<'_> {
                $crate::QueryParamsMut {
                    skip: &mut self.$skip,
                    take: &mut self.$take,
                    order_by: &mut self.$order_by,
                    order_by_desc: &mut self.$order_by_desc,
                    fields: &mut self.$fields,
                    include: &mut self.$include,
                }
            }
        }
    };
}

/// The members of ServiceStack's `QueryBase`, borrowed from an AutoQuery request.
#[derive(Debug, Clone, Copy)]
pub struct QueryParams<'a> {
    /// `Skip`: how many results to skip.
    pub skip: &'a Option<i32>,
    /// `Take`: how many results to return (the server may cap it).
    pub take: &'a Option<i32>,
    /// `OrderBy`: comma-separated fields to sort by, `-Field` for descending.
    pub order_by: &'a Option<String>,
    /// `OrderByDesc`: comma-separated fields to sort by descending.
    pub order_by_desc: &'a Option<String>,
    /// `Fields`: comma-separated fields to return (the others stay at their defaults).
    pub fields: &'a Option<String>,
    /// `Include`: comma-separated extras, such as `Total`.
    pub include: &'a Option<String>,
}

/// The members of ServiceStack's `QueryBase`, mutably borrowed from an AutoQuery request.
#[derive(Debug)]
pub struct QueryParamsMut<'a> {
    /// `Skip`: how many results to skip.
    pub skip: &'a mut Option<i32>,
    /// `Take`: how many results to return (the server may cap it).
    pub take: &'a mut Option<i32>,
    /// `OrderBy`: comma-separated fields to sort by, `-Field` for descending.
    pub order_by: &'a mut Option<String>,
    /// `OrderByDesc`: comma-separated fields to sort by descending.
    pub order_by_desc: &'a mut Option<String>,
    /// `Fields`: comma-separated fields to return (the others stay at their defaults).
    pub fields: &'a mut Option<String>,
    /// `Include`: comma-separated extras, such as `Total`.
    pub include: &'a mut Option<String>,
}

/// An AutoQuery request: a request DTO inheriting `QueryDb<T>`, `QueryDb<From, Into>`,
/// `QueryData<T>` or `QueryData<From, Into>`, whose response is a `QueryResponse<T>`.
/// Implemented by generated code with [`auto_query!`](crate::auto_query), which only lends out
/// the `QueryBase` members; everything else is provided.
///
/// ```
/// use servicestack_runtime::AutoQuery;
/// # use servicestack_runtime::*;
/// # #[derive(serde::Serialize, Clone, Default)]
/// # struct QueryTodos { skip: Option<i32>, take: Option<i32>, order_by: Option<String>,
/// #     order_by_desc: Option<String>, fields: Option<String>, include: Option<String> }
/// # #[derive(serde::Deserialize)]
/// # struct QueryResponse<T> { offset: i32, total: i32, results: Option<Vec<T>> }
/// # impl<T> QueryResults for QueryResponse<T> {
/// #     type Item = T;
/// #     fn offset(&self) -> i32 { self.offset }
/// #     fn total(&self) -> i32 { self.total }
/// #     fn results(&self) -> &[T] { self.results.as_deref().unwrap_or_default() }
/// #     fn into_results(self) -> Vec<T> { self.results.unwrap_or_default() }
/// # }
/// # impl ServiceRequest for QueryTodos {
/// #     type Response = QueryResponse<String>;
/// #     const OPERATION_NAME: &'static str = "QueryTodos";
/// #     const METHOD: HttpMethod = HttpMethod::Get;
/// # }
/// servicestack_runtime::auto_query!(QueryTodos);
///
/// let mut request = QueryTodos::default();
/// request.set_take(Some(10));
/// request.include_total();
/// request.include_total(); // once is enough
/// assert_eq!(request.take(), Some(10));
/// assert_eq!(request.include(), Some("Total"));
/// ```
pub trait AutoQuery: ServiceRequest<Response: QueryResults> + Clone {
    /// The `QueryBase` members.
    fn query_params(&self) -> QueryParams<'_>;
    /// The `QueryBase` members, to change.
    fn query_params_mut(&mut self) -> QueryParamsMut<'_>;

    /// `Skip`.
    fn skip(&self) -> Option<i32> {
        *self.query_params().skip
    }
    /// `Take`.
    fn take(&self) -> Option<i32> {
        *self.query_params().take
    }
    /// `OrderBy`.
    fn order_by(&self) -> Option<&str> {
        self.query_params().order_by.as_deref()
    }
    /// `OrderByDesc`.
    fn order_by_desc(&self) -> Option<&str> {
        self.query_params().order_by_desc.as_deref()
    }
    /// `Fields`.
    fn fields(&self) -> Option<&str> {
        self.query_params().fields.as_deref()
    }
    /// `Include`.
    fn include(&self) -> Option<&str> {
        self.query_params().include.as_deref()
    }
    /// Sets `Skip`.
    fn set_skip(&mut self, skip: Option<i32>) {
        *self.query_params_mut().skip = skip;
    }
    /// Sets `Take`.
    fn set_take(&mut self, take: Option<i32>) {
        *self.query_params_mut().take = take;
    }
    /// Sets `OrderBy`.
    fn set_order_by(&mut self, order_by: Option<String>) {
        *self.query_params_mut().order_by = order_by;
    }
    /// Sets `OrderByDesc`.
    fn set_order_by_desc(&mut self, order_by_desc: Option<String>) {
        *self.query_params_mut().order_by_desc = order_by_desc;
    }
    /// Sets `Fields`.
    fn set_fields(&mut self, fields: Option<String>) {
        *self.query_params_mut().fields = fields;
    }
    /// Sets `Include`.
    fn set_include(&mut self, include: Option<String>) {
        *self.query_params_mut().include = include;
    }
    /// Whether `Include` asks for the total (`Total`, in any case, among its comma-separated
    /// entries).
    fn includes_total(&self) -> bool {
        self.include().is_some_and(|include| {
            include
                .split(',')
                .any(|entry| entry.trim().eq_ignore_ascii_case("total"))
        })
    }
    /// Adds `Total` to `Include` unless it is there: AutoQuery fills `QueryResponse.Total` only
    /// when asked.
    fn include_total(&mut self) {
        if self.includes_total() {
            return;
        }
        let include = self.query_params_mut().include;
        *include = Some(
            match include.take().filter(|text| !text.trim().is_empty()) {
                Some(other) => format!("{other},Total"),
                None => "Total".to_owned(),
            },
        );
    }
}

/// A page of AutoQuery results: ServiceStack's `QueryResponse<T>`. Implemented by generated
/// code.
pub trait QueryResults {
    /// The type of one result.
    type Item;
    /// `Offset`: how many results the server skipped (the request's `Skip`).
    fn offset(&self) -> i32;
    /// `Total`: how many results the query has in all. The server fills it only when the
    /// request's `Include` has `Total` ([`AutoQuery::include_total`]); it reads 0 otherwise.
    fn total(&self) -> i32;
    /// `Results`: this page (empty when the server sent none).
    fn results(&self) -> &[Self::Item];
    /// `Results`, taken out of the response.
    fn into_results(self) -> Vec<Self::Item>;

    /// The `Skip` of the page after this one: [`offset`](QueryResults::offset) plus the
    /// results on this page.
    fn next_skip(&self) -> i64 {
        i64::from(self.offset()) + self.results().len() as i64
    }
    /// Whether no result follows this page: it is empty, or it reaches the
    /// [`total`](QueryResults::total). Without a total (not asked for) only an empty page is
    /// known to be the last: a page shorter than asked for may be the server's cap
    /// (`MaxLimit`), not the end.
    fn is_last_page(&self) -> bool {
        self.results().is_empty()
            || self.total_known() && self.next_skip() >= i64::from(self.total())
    }
    /// Whether [`total`](QueryResults::total) is plausibly the server's count rather than the
    /// 0 of a response that was not asked for it: not less than the results seen so far.
    fn total_known(&self) -> bool {
        i64::from(self.total()) >= self.next_skip() && self.total() > 0
    }
}
