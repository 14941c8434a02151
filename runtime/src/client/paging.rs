//! `query_all`'s paging, without I/O: which page to ask for next, which items of a page to
//! yield and when to stop. Shared by the async and blocking clients.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::Error;
use crate::autoquery::{AutoQuery, QueryResults};

/// Results asked for per page when the caller gives no `take`, or a larger one.
pub const QUERY_ALL_PAGE_SIZE: i32 = 100;

/// One result of an AutoQuery request.
pub(crate) type ItemOf<R> = <<R as crate::ServiceRequest>::Response as QueryResults>::Item;

/// Where a `query_all` stands.
#[derive(Debug)]
pub(crate) struct Pager<R> {
    /// The caller's request, `Include` with `Total`; each page's request is a copy.
    template: R,
    /// The `Skip` of the next page.
    next_skip: i64,
    /// How many more results the caller wants (their `Take`); `None` for all.
    remaining: Option<i64>,
    done: bool,
}

impl<R: AutoQuery> Pager<R> {
    pub(crate) fn new(request: &R) -> Pager<R> {
        let mut template = request.clone();
        template.include_total();
        let next_skip = i64::from(request.skip().unwrap_or(0).max(0));
        let remaining = request.take().filter(|take| *take >= 0).map(i64::from);
        Pager {
            template,
            next_skip,
            done: remaining == Some(0),
            remaining,
        }
    }

    /// The request for the next page; `None` once every result was yielded.
    pub(crate) fn next_request(&self) -> Option<R> {
        if self.done {
            return None;
        }
        let skip = i32::try_from(self.next_skip).ok()?;
        let page = self.remaining.map_or(QUERY_ALL_PAGE_SIZE, |remaining| {
            remaining.min(i64::from(QUERY_ALL_PAGE_SIZE)) as i32
        });
        let mut request = self.template.clone();
        request.set_skip(Some(skip));
        request.set_take(Some(page));
        Some(request)
    }

    /// Takes the answer to [`Pager::next_request`]: the results to yield, in order.
    pub(crate) fn accept(&mut self, response: R::Response) -> Vec<ItemOf<R>> {
        let total = response.total();
        let mut items = response.into_results();
        if items.is_empty() {
            self.done = true;
            return items;
        }
        if let Some(remaining) = &mut self.remaining {
            // A server that sends more than asked for: the caller's `Take` still holds.
            items.truncate(usize::try_from(*remaining).unwrap_or(usize::MAX));
            *remaining -= items.len() as i64;
            if *remaining <= 0 {
                self.done = true;
            }
        }
        self.next_skip += items.len() as i64;
        // A total of 0 beside results is a server that did not count them: then only an
        // empty page ends the query. A short page is never the end by itself: it may be the
        // server's `MaxLimit`.
        if total > 0 && self.next_skip >= i64::from(total) {
            self.done = true;
        }
        items
    }

    /// After a failed page: the error is the last item.
    pub(crate) fn fail(&mut self) {
        self.done = true;
    }
}

/// The pages of the async client's `query_all`, one result at a time.
pub(crate) struct QueryAllStream<R: AutoQuery> {
    client: super::JsonServiceClient,
    pager: Pager<R>,
    items: std::vec::IntoIter<ItemOf<R>>,
    page: Option<PageFuture<R>>,
}

type PageFuture<R> =
    Pin<Box<dyn Future<Output = Result<<R as crate::ServiceRequest>::Response, Error>> + Send>>;

// No field is ever pinned in place: the page future is pinned by its own box.
impl<R: AutoQuery> Unpin for QueryAllStream<R> {}

impl<R: AutoQuery> QueryAllStream<R> {
    pub(crate) fn new(client: &super::JsonServiceClient, request: &R) -> Self {
        QueryAllStream {
            client: client.clone(),
            pager: Pager::new(request),
            items: Vec::new().into_iter(),
            page: None,
        }
    }
}

impl<R> Stream for QueryAllStream<R>
where
    R: AutoQuery + Send + Sync + 'static,
    R::Response: Send + 'static,
{
    type Item = Result<ItemOf<R>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let page = match &mut this.page {
                Some(page) => page,
                None => {
                    let Some(request) = this.pager.next_request() else {
                        return Poll::Ready(None);
                    };
                    let client = this.client.clone();
                    this.page
                        .insert(Box::pin(async move { client.send(&request).await }))
                }
            };
            let Poll::Ready(result) = page.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.page = None;
            match result {
                Ok(response) => this.items = this.pager.accept(response).into_iter(),
                Err(error) => {
                    this.pager.fail();
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.items.len();
        if self.pager.done && self.page.is_none() {
            (buffered, Some(buffered))
        } else {
            (buffered, None)
        }
    }
}

/// The pages of the blocking client's `query_all`, one result at a time.
#[cfg(feature = "blocking")]
pub(crate) struct QueryAllIter<R: AutoQuery> {
    client: super::blocking::JsonServiceClient,
    pager: Pager<R>,
    items: std::vec::IntoIter<ItemOf<R>>,
}

#[cfg(feature = "blocking")]
impl<R: AutoQuery> QueryAllIter<R> {
    pub(crate) fn new(client: &super::blocking::JsonServiceClient, request: &R) -> Self {
        QueryAllIter {
            client: client.clone(),
            pager: Pager::new(request),
            items: Vec::new().into_iter(),
        }
    }
}

#[cfg(feature = "blocking")]
impl<R: AutoQuery> Iterator for QueryAllIter<R> {
    type Item = Result<ItemOf<R>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            let request = self.pager.next_request()?;
            match self.client.send(&request) {
                Ok(response) => self.items = self.pager.accept(response).into_iter(),
                Err(error) => {
                    self.pager.fail();
                    return Some(Err(error));
                }
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl<R: AutoQuery> std::iter::FusedIterator for QueryAllIter<R> {}
