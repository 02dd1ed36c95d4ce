//! Paging through list operations as streams.
//!
//! Every list operation's builder has `.into_paginator()`, which turns the
//! request into a [`Paginator`]: [`Paginator::send`] yields the answer page by
//! page ([`Pages`]) and [`Paginator::items`] item by item ([`Items`]). Both
//! are [`Stream`]s, and both also have an inherent `next()`, so a `while let`
//! loop needs no extra crate:
//!
//! ```no_run
//! # async fn run(client: genauth::ManagementClient) -> Result<(), genauth::Error> {
//! let mut users = client.list_users().into_paginator().items();
//! while let Some(user) = users.next().await {
//!     println!("{}", user?.user_id);
//! }
//! # Ok(()) }
//! ```
//!
//! The API pages its listings in several ways: `page` and `limit` as query
//! parameters, as body fields, inside the body's `pagination` or
//! `options.pagination` object, or (for one operation) by a `scrollId` that
//! each answer hands back for the next request. The generated code knows
//! which way each operation uses; a paginator looks the same for all of them.
//!
//! # When a stream asks for the next page
//!
//! Nothing is sent until the stream is first polled, and each further page
//! is requested only when the consumer asks for more than it has received.
//!
//! # When a stream ends
//!
//! - once the items received, counted from the start page, reach the
//!   `totalCount` the answers report;
//! - at the first empty page, even when `totalCount` promises more, so that
//!   a server that keeps claiming more than it sends cannot loop a consumer
//!   forever (an empty page other than the first is not yielded);
//! - for the scroll operation, when an answer carries no `scrollId` (or an
//!   empty one);
//! - after an error, which it yields once.

use crate::Error;
use futures_core::Stream;
use futures_core::stream::FusedStream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// The most items the API returns per numbered page, and the page size a
/// paginator asks for unless told otherwise (fewer round trips).
pub const MAX_PAGE_SIZE: u32 = 50;
/// The most rows one step of the scroll operation returns.
pub const MAX_SCROLL_SIZE: u32 = 5000;
/// The rows per step a scroll asks for unless told otherwise: the API's own
/// default, which keeps answers moderate.
pub const DEFAULT_SCROLL_SIZE: u32 = 500;

/// One page of a listing, as a [`Pages`] stream yields it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    total_count: Option<u64>,
    position: Position,
}

/// Where a page sits in its listing.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code makes pages, and the enabled API areas may lack that code")
)]
enum Position {
    /// A numbered page (from 1); 0 until the paginator fills it in.
    Number(u64),
    /// A scroll step, with the `scrollId` that asks for the step after it.
    Scroll(Option<String>),
}

impl<T> Page<T> {
    /// A numbered page as the API answered it; the paginator sets its number.
    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn numbered(items: Vec<T>, total_count: Option<u64>) -> Self {
        Page { items, total_count, position: Position::Number(0) }
    }

    /// A scroll step and the id that continues the scroll, if any.
    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn scrolled(items: Vec<T>, scroll_id: Option<String>) -> Self {
        Page { items, total_count: None, position: Position::Scroll(scroll_id) }
    }

    /// The items of this page, in the order the API listed them.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// How many items the whole listing holds, as the API reported it with
    /// this page; `None` for operations that do not report one.
    pub fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The page's number (from 1) for operations paged by number; `None` for
    /// the scroll operation.
    pub fn number(&self) -> Option<u64> {
        match self.position {
            Position::Number(n) => Some(n),
            Position::Scroll(_) => None,
        }
    }

    /// For the scroll operation, the `scrollId` the API returned with this
    /// page: setting it on a new request resumes the scroll after this page.
    /// `None` for operations paged by number, and at the end of a scroll.
    pub fn scroll_id(&self) -> Option<&str> {
        match &self.position {
            Position::Scroll(id) => id.as_deref().filter(|id| !id.is_empty()),
            Position::Number(_) => None,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A list request that can be paged through; every list operation's request
/// builder implements it, and nothing else can.
pub trait Pageable: Clone + Send + private::Sealed {
    /// What the listing lists.
    type Item;

    #[doc(hidden)]
    type Fetch: Future<Output = Result<Page<Self::Item>, Error>> + Send + Unpin;

    /// The paging settings the request already carries.
    #[doc(hidden)]
    fn preset(&self) -> Preset;

    /// The request for the page `cursor` names.
    #[doc(hidden)]
    fn at(self, cursor: &Cursor) -> Self;

    /// Sends the request and splits its answer into a page.
    #[doc(hidden)]
    fn fetch(self) -> Self::Fetch;
}

pub(crate) mod private {
    /// Keeps [`Pageable`](super::Pageable) to the generated builders.
    pub trait Sealed {}
}

/// What generated code boxes a page request into.
#[doc(hidden)]
pub type BoxedFetch<'a, T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send + 'a>>;

/// The paging settings found on a request before paging starts: for each of
/// `page` and `limit` (the scroll's `size`), `None` when unset and
/// `Some(None)` when set to something that is not a whole number.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Preset {
    page: Option<Option<u64>>,
    limit: Option<Option<u64>>,
    scroll: bool,
    scroll_id: Option<String>,
}

impl Preset {
    /// The settings of a request paged by number.
    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn pages(page: Option<&impl Number>, limit: Option<&impl Number>) -> Self {
        Preset { page: page.map(Number::to_u64), limit: limit.map(Number::to_u64), scroll: false, scroll_id: None }
    }

    /// The settings of a scroll request: where to resume and the step size.
    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn scroll(scroll_id: Option<&String>, size: Option<&impl Number>) -> Self {
        Preset {
            page: None,
            limit: size.map(Number::to_u64),
            scroll: true,
            scroll_id: scroll_id.filter(|id| !id.is_empty()).cloned(),
        }
    }
}

/// The request for one page: its number (or scroll id) and size.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub(crate) page: u64,
    pub(crate) limit: u64,
    pub(crate) scroll_id: Option<String>,
}

/// The number types the spec gives paging fields and totals: integers,
/// numeric strings, floats, or untyped JSON.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) trait Number {
    fn from_u64(n: u64) -> Self;
    /// The value as a whole, non-negative number, if it is one.
    fn to_u64(&self) -> Option<u64>;
}

impl Number for i64 {
    fn from_u64(n: u64) -> Self {
        i64::try_from(n).unwrap_or(i64::MAX)
    }
    fn to_u64(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl Number for f64 {
    fn from_u64(n: u64) -> Self {
        n as f64
    }
    fn to_u64(&self) -> Option<u64> {
        (self.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(self)).then_some(*self as u64)
    }
}

impl Number for String {
    fn from_u64(n: u64) -> Self {
        n.to_string()
    }
    fn to_u64(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
}

impl Number for serde_json::Value {
    fn from_u64(n: u64) -> Self {
        n.into()
    }
    fn to_u64(&self) -> Option<u64> {
        match self {
            serde_json::Value::String(s) => s.to_u64(),
            other => other.as_u64().or_else(|| other.as_f64().and_then(|f| f.to_u64())),
        }
    }
}

/// A list request turned into a stream of pages or of items; see the
/// [module docs](self) for when it asks for pages and when it stops.
///
/// Made by a list builder's `.into_paginator()`. Paging starts at the page
/// the request names (`page`, or the scroll's `scrollId`), page 1 by default,
/// and asks for pages of the request's own `limit` (the scroll's `size`), or
/// of [`MAX_PAGE_SIZE`] items ([`DEFAULT_SCROLL_SIZE`] rows for the scroll)
/// when it has none; [`page_size`](Self::page_size) overrides both.
#[derive(Debug, Clone)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<B> {
    request: B,
    page_size: Option<u64>,
}

impl<B: Pageable> Paginator<B> {
    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn new(request: B) -> Self {
        Paginator { request, page_size: None }
    }

    /// How many items to ask for per page, from 1 to [`MAX_PAGE_SIZE`] (to
    /// [`MAX_SCROLL_SIZE`] for the scroll). A size out of range is reported
    /// as [`Error::InvalidInput`] by the first poll of the stream, before
    /// anything is sent.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(u64::from(size));
        self
    }

    /// The listing, one page per stream item.
    pub fn send(self) -> Pages<B> {
        Pages { request: self.request, page_size: self.page_size, state: State::Unstarted }
    }

    /// The listing, one item per stream item, requesting pages as it goes.
    pub fn items(self) -> Items<B> {
        Items { pages: self.send(), current: Vec::new().into_iter() }
    }
}

/// The pages of a listing: a [`Stream`] of `Result<Page<_>, Error>`, made by
/// [`Paginator::send`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<B: Pageable> {
    request: B,
    page_size: Option<u64>,
    state: State<B::Fetch>,
}

/// Where a [`Pages`] stream stands between polls.
enum State<F> {
    /// Not polled yet: the settings are still to be checked.
    Unstarted,
    /// The next page is known but not asked for until the consumer wants it.
    Ready(Cursor, Tally),
    /// A request is in flight.
    Fetching(F, Cursor, Tally),
    /// The listing is exhausted, or an error was yielded.
    Done,
}

/// What a stream has received so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tally {
    /// Items before the start page plus items received, to compare with `totalCount`.
    seen: u64,
    /// Whether a page was yielded yet: the first page is yielded even when empty.
    yielded: bool,
}

// No field is ever pinned: the request is only cloned, and the future in
// flight is `Unpin` itself. So a `Pages` may move between polls whatever the
// item type is.
impl<B: Pageable> Unpin for Pages<B> {}

impl<B: Pageable> Pages<B> {
    /// The next page, or `None` once the listing is exhausted: the same as
    /// [`StreamExt::next`](https://docs.rs/futures/latest/futures/stream/trait.StreamExt.html#method.next),
    /// without needing the `futures` crate.
    pub async fn next(&mut self) -> Option<Result<Page<B::Item>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request for the first page, from the request's own settings and
    /// the paginator's page size.
    fn first_cursor(&self) -> Result<(Cursor, Tally), Error> {
        let preset = self.request.preset();
        let (max, default) =
            if preset.scroll { (MAX_SCROLL_SIZE, DEFAULT_SCROLL_SIZE) } else { (MAX_PAGE_SIZE, MAX_PAGE_SIZE) };
        let limit = match self.page_size {
            Some(size) => size,
            None => setting("limit", preset.limit)?.unwrap_or(u64::from(default)),
        };
        if !(1..=u64::from(max)).contains(&limit) {
            return Err(Error::InvalidInput(format!("the page size must be between 1 and {max}, got {limit}")));
        }
        let page = setting("page", preset.page)?.unwrap_or(1);
        if page == 0 {
            return Err(Error::InvalidInput("`page` starts at 1, got 0".to_owned()));
        }
        let before = (page - 1).saturating_mul(limit);
        Ok((Cursor { page, limit, scroll_id: preset.scroll_id }, Tally { seen: before, yielded: false }))
    }
}

/// A paging setting found on the request: `None` when unset, an error when
/// it is not a whole number.
fn setting(name: &str, value: Option<Option<u64>>) -> Result<Option<u64>, Error> {
    match value {
        None => Ok(None),
        Some(Some(n)) => Ok(Some(n)),
        Some(None) => Err(Error::InvalidInput(format!("the request's `{name}` is not a whole number"))),
    }
}

/// Takes in a page that arrived for `cursor`: numbers it, and decides
/// whether to yield it and which page (if any) comes next.
fn arrived<T>(page: &mut Page<T>, cursor: Cursor, tally: Tally) -> (bool, Option<(Cursor, Tally)>) {
    if let Position::Number(number) = &mut page.position {
        *number = cursor.page;
    }
    if page.items.is_empty() {
        return (!tally.yielded, None);
    }
    let tally = Tally { seen: tally.seen.saturating_add(page.items.len() as u64), yielded: true };
    let next_page = cursor.page.saturating_add(1);
    let next = match &page.position {
        Position::Number(_) => match page.total_count {
            Some(total) if tally.seen >= total => None,
            _ => Some(Cursor { page: next_page, ..cursor }),
        },
        Position::Scroll(_) => {
            page.scroll_id().map(|id| Cursor { page: next_page, scroll_id: Some(id.to_owned()), ..cursor })
        }
    };
    (true, next.map(|cursor| (cursor, tally)))
}

impl<B: Pageable> Stream for Pages<B> {
    type Item = Result<Page<B::Item>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            // Every arm puts back the state it leaves the stream in; an error
            // or the end leaves `Done`.
            match std::mem::replace(&mut this.state, State::Done) {
                State::Unstarted => match this.first_cursor() {
                    Ok((cursor, tally)) => this.state = State::Ready(cursor, tally),
                    Err(e) => return Poll::Ready(Some(Err(e))),
                },
                State::Ready(cursor, tally) => {
                    let fetch = this.request.clone().at(&cursor).fetch();
                    this.state = State::Fetching(fetch, cursor, tally);
                }
                State::Fetching(mut fetch, cursor, tally) => {
                    let outcome = match Pin::new(&mut fetch).poll(cx) {
                        Poll::Ready(outcome) => outcome,
                        Poll::Pending => {
                            this.state = State::Fetching(fetch, cursor, tally);
                            return Poll::Pending;
                        }
                    };
                    let mut page = match outcome {
                        Ok(page) => page,
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    };
                    let (yield_it, next) = arrived(&mut page, cursor, tally);
                    if let Some((cursor, tally)) = next {
                        this.state = State::Ready(cursor, tally);
                    }
                    return Poll::Ready(yield_it.then_some(Ok(page)));
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

impl<B: Pageable> FusedStream for Pages<B> {
    fn is_terminated(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl<B: Pageable> fmt::Debug for Pages<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Unstarted => "unstarted",
            State::Ready(..) => "between pages",
            State::Fetching(..) => "fetching",
            State::Done => "done",
        };
        f.debug_struct("Pages").field("state", &state).finish_non_exhaustive()
    }
}

/// The items of a listing: a [`Stream`] of `Result<Item, Error>`, made by
/// [`Paginator::items`]. It asks for the next page only once the items of
/// the current one are consumed.
#[must_use = "streams do nothing unless polled"]
pub struct Items<B: Pageable> {
    pages: Pages<B>,
    current: std::vec::IntoIter<B::Item>,
}

// As for `Pages`: nothing is pinned structurally.
impl<B: Pageable> Unpin for Items<B> {}

impl<B: Pageable> Items<B> {
    /// The next item, or `None` once the listing is exhausted: the same as
    /// [`StreamExt::next`](https://docs.rs/futures/latest/futures/stream/trait.StreamExt.html#method.next),
    /// without needing the `futures` crate.
    pub async fn next(&mut self) -> Option<Result<B::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<B: Pageable> Stream for Items<B> {
    type Item = Result<B::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.current = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.current.len();
        (buffered, self.pages.is_terminated().then_some(buffered))
    }
}

impl<B: Pageable> FusedStream for Items<B> {
    fn is_terminated(&self) -> bool {
        self.current.len() == 0 && self.pages.is_terminated()
    }
}

impl<B: Pageable> fmt::Debug for Items<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("buffered", &self.current.len()).field("pages", &self.pages).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A listing of `total` numbers answered from memory, recording every
    /// request it receives; `claims` overrides the reported total, `scroll`
    /// pages by scroll id instead of by number.
    #[derive(Clone)]
    struct Fake {
        total: u64,
        claims: Option<Option<u64>>,
        scroll: bool,
        page: Option<i64>,
        limit: Option<i64>,
        scroll_id: Option<String>,
        fail_on: Option<u64>,
        sent: Arc<Mutex<Vec<Cursor>>>,
    }

    impl Fake {
        fn new(total: u64) -> Self {
            Fake {
                total,
                claims: None,
                scroll: false,
                page: None,
                limit: None,
                scroll_id: None,
                fail_on: None,
                sent: Arc::default(),
            }
        }

        fn sent(&self) -> Vec<Cursor> {
            self.sent.lock().unwrap().clone()
        }
    }

    impl private::Sealed for Fake {}

    impl Pageable for Fake {
        type Item = u64;
        type Fetch = BoxedFetch<'static, u64>;

        fn preset(&self) -> Preset {
            if self.scroll {
                Preset::scroll(self.scroll_id.as_ref(), self.limit.as_ref())
            } else {
                Preset::pages(self.page.as_ref(), self.limit.as_ref())
            }
        }

        fn at(mut self, cursor: &Cursor) -> Self {
            self.page = Some(Number::from_u64(cursor.page));
            self.limit = Some(Number::from_u64(cursor.limit));
            self.scroll_id = cursor.scroll_id.clone();
            self
        }

        fn fetch(self) -> Self::Fetch {
            let cursor = Cursor {
                page: self.page.unwrap().to_u64().unwrap(),
                limit: self.limit.unwrap().to_u64().unwrap(),
                scroll_id: self.scroll_id.clone(),
            };
            self.sent.lock().unwrap().push(cursor.clone());
            Box::pin(async move {
                if self.fail_on == Some(cursor.page) {
                    return Err(Error::InvalidInput("refused".into()));
                }
                let start = match &cursor.scroll_id {
                    Some(id) => id.parse().unwrap(),
                    None => (cursor.page - 1) * cursor.limit,
                };
                let end = (start + cursor.limit).min(self.total);
                let items: Vec<u64> = (start.min(end)..end).collect();
                if self.scroll {
                    let next = if end < self.total { end.to_string() } else { String::new() };
                    Ok(Page::scrolled(items, Some(next)))
                } else {
                    Ok(Page::numbered(items, self.claims.unwrap_or(Some(self.total))))
                }
            })
        }
    }

    fn block<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    fn drain<B: Pageable>(mut pages: Pages<B>) -> Vec<Result<Page<B::Item>, Error>> {
        block(async {
            let mut out = Vec::new();
            while let Some(page) = pages.next().await {
                out.push(page);
            }
            out
        })
    }

    fn page_items(pages: &[Result<Page<u64>, Error>]) -> Vec<Vec<u64>> {
        pages.iter().map(|p| p.as_ref().unwrap().items().to_vec()).collect()
    }

    #[test]
    fn stops_when_the_total_is_reached() {
        let fake = Fake::new(7);
        let pages = drain(Paginator::new(fake.clone()).page_size(3).send());
        assert_eq!(page_items(&pages), [vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        let numbers: Vec<_> = pages.iter().map(|p| p.as_ref().unwrap().number()).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
        assert_eq!(fake.sent().len(), 3, "no request after the total is reached");
        // An exact multiple also stops without asking for an empty page.
        let fake = Fake::new(6);
        assert_eq!(drain(Paginator::new(fake.clone()).page_size(3).send()).len(), 2);
        assert_eq!(fake.sent().len(), 2);
    }

    #[test]
    fn without_a_total_stops_at_the_first_empty_page_without_yielding_it() {
        let fake = Fake { claims: Some(None), ..Fake::new(5) };
        let pages = drain(Paginator::new(fake.clone()).page_size(2).send());
        assert_eq!(page_items(&pages), [vec![0, 1], vec![2, 3], vec![4]]);
        assert_eq!(fake.sent().len(), 4, "the empty fourth page is asked for, not yielded");
    }

    #[test]
    fn an_empty_page_ends_the_stream_even_when_the_total_claims_more() {
        let fake = Fake { claims: Some(Some(1_000)), ..Fake::new(4) };
        let pages = drain(Paginator::new(fake.clone()).page_size(3).send());
        assert_eq!(page_items(&pages), [vec![0, 1, 2], vec![3]]);
        assert_eq!(fake.sent().len(), 3);
    }

    #[test]
    fn an_empty_first_page_is_yielded() {
        let pages = drain(Paginator::new(Fake::new(0)).send());
        assert_eq!(pages.len(), 1);
        let page = pages[0].as_ref().unwrap();
        assert!(page.items().is_empty());
        assert_eq!((page.total_count(), page.number()), (Some(0), Some(1)));
    }

    #[test]
    fn starts_at_the_requests_page_and_counts_the_total_from_there() {
        let fake = Fake { page: Some(2), limit: Some(4), ..Fake::new(10) };
        let pages = drain(Paginator::new(fake.clone()).send());
        assert_eq!(page_items(&pages), [vec![4, 5, 6, 7], vec![8, 9]]);
        let sent: Vec<(u64, u64)> = fake.sent().iter().map(|c| (c.page, c.limit)).collect();
        assert_eq!(sent, [(2, 4), (3, 4)], "the request's limit is the page size");
    }

    #[test]
    fn the_default_page_size_is_the_maximum_and_page_size_overrides_the_limit() {
        let fake = Fake::new(120);
        drain(Paginator::new(fake.clone()).send());
        assert!(fake.sent().iter().all(|c| c.limit == 50));
        let fake = Fake { limit: Some(7), ..Fake::new(10) };
        drain(Paginator::new(fake.clone()).page_size(5).send());
        assert!(fake.sent().iter().all(|c| c.limit == 5));
        // A scroll takes larger steps.
        let fake = Fake { scroll: true, ..Fake::new(1200) };
        drain(Paginator::new(fake.clone()).send());
        assert_eq!(fake.sent().len(), 3);
        assert!(fake.sent().iter().all(|c| c.limit == 500));
        let fake = Fake { scroll: true, ..Fake::new(6000) };
        let pages = drain(Paginator::new(fake.clone()).page_size(5000).send());
        assert_eq!(pages.len(), 2);
        let pages = drain(Paginator::new(fake).page_size(5001).send());
        assert!(matches!(&pages[..], [Err(Error::InvalidInput(m))] if m.contains("between 1 and 5000")));
    }

    #[test]
    fn bad_settings_fail_the_first_poll_without_a_request() {
        for (fake, size, message) in [
            (Fake::new(3), Some(0), "between 1 and 50, got 0"),
            (Fake::new(3), Some(51), "between 1 and 50, got 51"),
            (Fake { limit: Some(80), ..Fake::new(3) }, None, "got 80"),
            (Fake { limit: Some(-1), ..Fake::new(3) }, None, "`limit` is not a whole number"),
            (Fake { page: Some(0), ..Fake::new(3) }, None, "starts at 1"),
        ] {
            let mut paginator = Paginator::new(fake.clone());
            if let Some(size) = size {
                paginator = paginator.page_size(size);
            }
            let pages = drain(paginator.send());
            assert_eq!(pages.len(), 1);
            match &pages[0] {
                Err(Error::InvalidInput(m)) => assert!(m.contains(message), "{m}"),
                other => panic!("expected InvalidInput, got {other:?}"),
            }
            assert!(fake.sent().is_empty());
        }
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_the_stream() {
        let fake = Fake { fail_on: Some(2), ..Fake::new(10) };
        let mut items = Paginator::new(fake.clone()).page_size(3).items();
        let got = block(async {
            let mut got = Vec::new();
            while let Some(item) = items.next().await {
                got.push(item.map_err(|e| e.to_string()));
            }
            got
        });
        assert_eq!(got, [Ok(0), Ok(1), Ok(2), Err("invalid input: refused".to_owned())]);
        assert!(items.is_terminated());
        assert_eq!(fake.sent().len(), 2);
    }

    #[test]
    fn pages_are_requested_only_when_pulled() {
        let fake = Fake::new(10);
        let mut items = Paginator::new(fake.clone()).page_size(3).items();
        assert!(fake.sent().is_empty(), "nothing is sent before the first poll");
        block(async {
            for expected in 0..3 {
                assert_eq!(items.next().await.unwrap().unwrap(), expected);
            }
        });
        assert_eq!(fake.sent().len(), 1, "three items need one page");
        assert_eq!(items.size_hint(), (0, None));
        block(items.next()).unwrap().unwrap();
        assert_eq!(fake.sent().len(), 2);
        assert_eq!(items.size_hint(), (2, None));
    }

    #[test]
    fn a_scroll_follows_the_returned_id_until_it_runs_out() {
        let fake = Fake { scroll: true, ..Fake::new(7) };
        let pages = drain(Paginator::new(fake.clone()).page_size(3).send());
        assert_eq!(page_items(&pages), [vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        let ids: Vec<_> = pages.iter().map(|p| p.as_ref().unwrap().scroll_id()).collect();
        assert_eq!(ids, [Some("3"), Some("6"), None]);
        assert!(pages.iter().all(|p| p.as_ref().unwrap().number().is_none()));
        let sent: Vec<_> = fake.sent().into_iter().map(|c| c.scroll_id).collect();
        assert_eq!(sent, [None, Some("3".to_owned()), Some("6".to_owned())]);
        // Resuming from an id the request carries.
        let fake = Fake { scroll: true, scroll_id: Some("5".into()), ..Fake::new(7) };
        assert_eq!(page_items(&drain(Paginator::new(fake).page_size(3).send())), [vec![5, 6]]);
    }

    #[test]
    fn a_scroll_stops_at_an_empty_step_even_with_an_id() {
        #[derive(Clone)]
        struct Endless;
        impl private::Sealed for Endless {}
        impl Pageable for Endless {
            type Item = u8;
            type Fetch = BoxedFetch<'static, u8>;
            fn preset(&self) -> Preset {
                Preset::default()
            }
            fn at(self, _: &Cursor) -> Self {
                self
            }
            fn fetch(self) -> Self::Fetch {
                Box::pin(async { Ok(Page::scrolled(Vec::new(), Some("again".into()))) })
            }
        }
        let pages = drain(Paginator::new(Endless).send());
        assert_eq!(pages.len(), 1, "the empty first step is yielded, and nothing follows");
    }

    #[test]
    fn numbers_convert_from_every_paging_type() {
        assert_eq!(<String as Number>::from_u64(3), "3");
        assert_eq!(" 12 ".to_owned().to_u64(), Some(12));
        assert_eq!("x".to_owned().to_u64(), None);
        assert_eq!(2.0f64.to_u64(), Some(2));
        assert_eq!(2.5f64.to_u64(), None);
        assert_eq!((-1i64).to_u64(), None);
        assert_eq!(serde_json::json!("7").to_u64(), Some(7));
        assert_eq!(serde_json::json!(7.0).to_u64(), Some(7));
        assert_eq!(<serde_json::Value as Number>::from_u64(4), serde_json::json!(4));
    }

    #[test]
    fn streams_are_send_and_unpin() {
        fn check<T: Send + Unpin>() {}
        check::<Pages<Fake>>();
        check::<Items<Fake>>();
    }
}
