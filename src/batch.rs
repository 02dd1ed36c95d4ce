//! Batch helpers: any number of ids through operations that accept only so
//! many per call.
//!
//! The API's batch operations take at most 50 ids per call (fewer where the
//! spec says so), and their plain `.send()` keeps to that: a longer list is
//! refused before anything is sent. Their builders also offer an opt-in
//! `.chunked(ids)`, which returns a [`Chunked`] request: it splits the ids
//! into chunks the operation accepts, sends one call per chunk, a few at a
//! time, and answers with a [`BatchReport`] saying which ids succeeded and
//! which failed with which error. A partial failure can never pass for a
//! success: the report is `#[must_use]`, and
//! [`into_result`](BatchReport::into_result) turns any failure into an `Err`.
//!
//! ```
//! # #[cfg(all(feature = "emulator", feature = "users", feature = "groups"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = genauth::emulator::Emulator::start().await?;
//! # let client = emulator.client_builder().build()?;
//! # let users = client
//! #     .create_users_batch()
//! #     .list((0..80).map(|i| genauth::types::CreateUserInfoDto::builder().username(format!("member-{i}"))))
//! #     .send()
//! #     .await?;
//! # let user_ids: Vec<String> = users.into_iter().map(|u| u.user_id).collect();
//! # client
//! #     .create_group()
//! #     .code("staff")
//! #     .name("Staff")
//! #     .description("")
//! #     .type_("static")
//! #     .send()
//! #     .await?;
//! // 80 ids: two calls, of 50 and 30 ids.
//! let report = client
//!     .add_group_members()
//!     .code("staff")
//!     .chunked(user_ids)
//!     .send()
//!     .await;
//! assert_eq!(report.succeeded().len(), 80);
//! report.into_result()?;
//! # Ok(()) }
//! # #[cfg(not(all(feature = "emulator", feature = "users", feature = "groups")))]
//! # fn main() {}
//! ```
//!
//! # How the chunks are sent
//!
//! - **Which operations.** Those whose request carries exactly one required
//!   list of identifiers (`userIds`, `codeList`, `accountIds`, ...) and that
//!   the API itself calls a batch or a membership change, such as
//!   `deleteUsersBatch`, `getUserBatch`, `addDepartmentMembers` or
//!   `removeGroupMembers`. Operations that replace a whole set with the list
//!   they get are left out: split into chunks, each call would undo the one
//!   before.
//! - **Everything else** set on the builder before `.chunked(..)` (the
//!   department, the group code, options) goes into every call; where the
//!   builder names users with [`UserIds`](crate::UserIds), `.chunked(..)`
//!   takes `UserIds` and every chunk keeps their id type.
//! - **Chunk size.** [`Chunked::chunk_size`] sets how many ids one call
//!   carries, from 1 to the operation's limit ([`BatchOperation::LIMIT`],
//!   the default). Chunks hold the ids in the order given.
//! - **Concurrency.** At most [`Chunked::concurrency`] calls (by default
//!   [`DEFAULT_CONCURRENCY`]) are in flight at once; the report lists
//!   results in chunk order whatever order the calls finish in.
//! - **Invalid settings** (a chunk size of 0 or above the limit, a
//!   concurrency of 0) send nothing: the report holds one failure with every
//!   id and an [`Error::InvalidInput`].
//! - **Duplicates.** Each distinct id is sent once, in the chunk of its first
//!   occurrence, and appears once in the report. Sending it again in a later
//!   chunk would make that chunk fail (a deleted user is not found twice) or
//!   do nothing.
//! - **Each call is an ordinary call** through the client: signed, traced,
//!   and retried only as the client's retry rules allow. A chunk fails as a
//!   whole: all its ids are listed with the error its call returned. What
//!   that means for them depends on the error: the emulator checks a whole
//!   call before changing anything, so a refusal there (an unknown user,
//!   say) changed nothing, while after a timeout or a broken connection
//!   nobody knows whether the call was applied. To try again, pass
//!   [`BatchReport::failed_ids`] to `.chunked(..)` (in a `UserIds` of the
//!   same id type where it takes one).
//! - **`success: false`.** Where an operation answers `{success}`, a call that
//!   comes back with `success: false` counts as failed, with an
//!   [`Error::Api`] whose status code is 200 and that has no `apiCode`.
//! - **No ids** means no call and a complete, empty report.

use crate::error::{ApiError, Error};
use futures_util::StreamExt as _;
use std::collections::HashSet;
use std::fmt;
use std::future::Future;

/// How many calls a [`Chunked`] request has in flight at once unless told
/// otherwise: enough to overlap round trips without hammering the API.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The builder of an operation that `.chunked(..)` can split: one call per
/// chunk of ids.
///
/// It is implemented by the generated builders that have a `chunked` method
/// and cannot be implemented elsewhere.
pub trait BatchOperation: Clone + sealed::Sealed {
    /// What one call returns on success: the `data` of its answer.
    type Output;

    /// The most ids one call accepts: the spec's `maxItems` for the id list,
    /// or 50, the API's general limit.
    const LIMIT: usize;

    /// This builder with `ids` as the id list, replacing any set before.
    #[doc(hidden)]
    fn with_ids(self, ids: Vec<String>) -> Self;

    /// Sends the request, as `.send()` does.
    #[doc(hidden)]
    fn send_chunk(self) -> impl Future<Output = Result<Self::Output, Error>> + Send;

    /// Whether an answer says the call took effect; `false` for `success: false`.
    #[doc(hidden)]
    fn applied(_output: &Self::Output) -> bool {
        true
    }
}

/// Keeps [`BatchOperation`] to the generated builders, which the batch
/// logic knows how to drive.
pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A batch request over any number of ids, made by `.chunked(..)` on a
/// batch operation's builder; nothing is sent until [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send()` is awaited"]
pub struct Chunked<B> {
    template: B,
    ids: Vec<String>,
    chunk_size: usize,
    concurrency: usize,
}

impl<B: BatchOperation> Chunked<B> {
    /// Splits `ids` (duplicates dropped) across calls of `template`.
    #[allow(dead_code, reason = "called by the generated builders, which a build without their API areas lacks")]
    pub(crate) fn new(template: B, ids: Vec<String>) -> Self {
        let mut seen = HashSet::with_capacity(ids.len());
        let ids = ids.into_iter().filter(|id| seen.insert(id.clone())).collect();
        Chunked { template, ids, chunk_size: B::LIMIT, concurrency: DEFAULT_CONCURRENCY }
    }

    /// Puts at most `size` ids in each call, from 1 to
    /// [`B::LIMIT`](BatchOperation::LIMIT) (the default).
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = size;
        self
    }

    /// Keeps at most `calls` calls in flight at once, at least 1
    /// ([`DEFAULT_CONCURRENCY`] unless set). 1 sends the chunks one after
    /// the other.
    pub fn concurrency(mut self, calls: usize) -> Self {
        self.concurrency = calls;
        self
    }

    /// The ids to send, in order, each once.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Sends every chunk and reports the outcome of each. It never fails as
    /// a whole: every error, including invalid settings, is in the report.
    pub async fn send(self) -> BatchReport<B::Output> {
        let Chunked { template, ids, chunk_size, concurrency } = self;
        if let Err(error) = check_settings(chunk_size, concurrency, B::LIMIT) {
            return BatchReport {
                succeeded: Vec::new(),
                failed: vec![ChunkFailure { ids, error }],
                outputs: Vec::new(),
            };
        }
        let chunks: Vec<Vec<String>> = ids.chunks(chunk_size).map(<[String]>::to_vec).collect();
        // The requests are built up front, outside the future's state: a
        // closure over borrowed chunks kept across the await would keep the
        // compiler from proving the future `Send`. The stream starts a call
        // only when one of the `concurrency` slots is free.
        let requests: Vec<B> = chunks.iter().map(|chunk| template.clone().with_ids(chunk.clone())).collect();
        let calls = futures_util::stream::iter(requests.into_iter().enumerate())
            .map(|(index, request)| async move { (index, request.send_chunk().await) });
        let mut outcomes: Vec<_> = calls.buffer_unordered(concurrency).collect().await;
        outcomes.sort_unstable_by_key(|(index, _)| *index);

        let mut report = BatchReport { succeeded: Vec::new(), failed: Vec::new(), outputs: Vec::new() };
        for (ids, (_, outcome)) in chunks.into_iter().zip(outcomes) {
            match outcome.and_then(|output| if B::applied(&output) { Ok(output) } else { Err(not_applied()) }) {
                Ok(output) => {
                    report.succeeded.extend(ids);
                    report.outputs.push(output);
                }
                Err(error) => report.failed.push(ChunkFailure { ids, error }),
            }
        }
        report
    }
}

fn check_settings(chunk_size: usize, concurrency: usize, limit: usize) -> Result<(), Error> {
    if !(1..=limit).contains(&chunk_size) {
        return Err(Error::InvalidInput(format!(
            "chunk size {chunk_size} is outside 1..={limit} (this operation takes at most {limit} ids per call)"
        )));
    }
    if concurrency == 0 {
        return Err(Error::InvalidInput("a batch needs a concurrency of at least 1".to_owned()));
    }
    Ok(())
}

/// The error of a call that the API accepted but whose answer said
/// `success: false`.
fn not_applied() -> Error {
    ApiError::new(200, None, "the call was accepted but its answer said `success: false`", None).into()
}

/// What became of every id of a [`Chunked`] request.
///
/// Ids keep the order they were given in, within [`succeeded`](Self::succeeded)
/// and within each failure.
#[derive(Debug)]
#[must_use = "a batch can fail in part: check the report, or call `.into_result()`"]
pub struct BatchReport<T> {
    succeeded: Vec<String>,
    failed: Vec<ChunkFailure>,
    outputs: Vec<T>,
}

impl<T> BatchReport<T> {
    /// The ids whose call succeeded.
    pub fn succeeded(&self) -> &[String] {
        &self.succeeded
    }

    /// The chunks whose call failed, in chunk order, each with its ids and
    /// its error.
    pub fn failed(&self) -> &[ChunkFailure] {
        &self.failed
    }

    /// The ids of every failed chunk, in order: pass them to `.chunked(..)`
    /// again to retry just those.
    pub fn failed_ids(&self) -> impl Iterator<Item = &str> {
        self.failed.iter().flat_map(|f| f.ids.iter().map(String::as_str))
    }

    /// What each successful call returned (its `data`), in chunk order.
    pub fn outputs(&self) -> &[T] {
        &self.outputs
    }

    /// Whether every id succeeded (also true when there were none).
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }

    /// The outputs when every chunk succeeded, and otherwise an error that
    /// carries the whole report, so `?` cannot drop a partial failure.
    pub fn into_result(self) -> Result<Vec<T>, BatchError<T>> {
        if self.is_complete() { Ok(self.outputs) } else { Err(BatchError { report: self }) }
    }
}

/// One chunk whose call failed: its ids and the error.
#[derive(Debug)]
#[non_exhaustive]
pub struct ChunkFailure {
    /// The chunk's ids, in the order given.
    pub ids: Vec<String>,
    /// Why the call failed.
    pub error: Error,
}

/// A batch in which some chunk failed, from [`BatchReport::into_result`];
/// it carries the whole report, successes included.
#[derive(Debug)]
pub struct BatchError<T> {
    report: BatchReport<T>,
}

impl<T> BatchError<T> {
    /// The report of the batch.
    pub fn report(&self) -> &BatchReport<T> {
        &self.report
    }

    /// The report of the batch, to keep.
    pub fn into_report(self) -> BatchReport<T> {
        self.report
    }
}

impl<T> fmt::Display for BatchError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed_ids = self.report.failed_ids().count();
        let failed_calls = self.report.failed.len();
        let calls = failed_calls + self.report.outputs.len();
        let ids = failed_ids + self.report.succeeded.len();
        write!(f, "{failed_ids} of {ids} ids failed, in {failed_calls} of {calls} calls")
    }
}

impl<T: fmt::Debug> std::error::Error for BatchError<T> {
    /// The error of the first failed chunk.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.report.failed.first().map(|f| &f.error as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};

    /// A batch operation of at most 3 ids that answers with the ids it got.
    /// Ids starting with `missing` make its call fail, ids starting with
    /// `unapplied` make it answer as if with `success: false`.
    #[derive(Clone, Default)]
    struct Fake {
        ids: Vec<String>,
        probe: Arc<Probe>,
    }

    #[derive(Default)]
    struct Probe {
        started: Mutex<Vec<Vec<String>>>,
        finished: Mutex<Vec<usize>>,
        in_flight: AtomicUsize,
        most_in_flight: AtomicUsize,
    }

    impl sealed::Sealed for Fake {}

    impl BatchOperation for Fake {
        type Output = Vec<String>;
        const LIMIT: usize = 3;

        fn with_ids(self, ids: Vec<String>) -> Self {
            Fake { ids, ..self }
        }

        async fn send_chunk(self) -> Result<Vec<String>, Error> {
            let probe = &self.probe;
            let call = {
                let mut started = probe.started.lock().unwrap();
                started.push(self.ids.clone());
                started.len()
            };
            let now = probe.in_flight.fetch_add(1, SeqCst) + 1;
            probe.most_in_flight.fetch_max(now, SeqCst);
            // Every call yields at least once, so the calls started
            // together are in flight together; earlier calls take more
            // turns, so calls finish out of order.
            for _ in call..=20 {
                tokio::task::yield_now().await;
            }
            probe.in_flight.fetch_sub(1, SeqCst);
            probe.finished.lock().unwrap().push(call);
            if self.ids.iter().any(|id| id.starts_with("missing")) {
                return Err(ApiError::new(404, Some(2004), "user not found", None).into());
            }
            Ok(self.ids)
        }

        fn applied(output: &Vec<String>) -> bool {
            !output.iter().any(|id| id.starts_with("unapplied"))
        }
    }

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn batch(names: &[&str]) -> (Chunked<Fake>, Arc<Probe>) {
        let fake = Fake::default();
        let probe = fake.probe.clone();
        (Chunked::new(fake, ids(names)), probe)
    }

    #[tokio::test]
    async fn results_come_back_in_chunk_order_whatever_order_calls_finish_in() {
        let (chunked, probe) = batch(&["a", "b", "c", "d", "e", "f", "g", "h"]);
        let report = chunked.concurrency(3).send().await;
        let chunks = vec![ids(&["a", "b", "c"]), ids(&["d", "e", "f"]), ids(&["g", "h"])];
        assert_eq!(*probe.started.lock().unwrap(), chunks);
        assert_ne!(*probe.finished.lock().unwrap(), [1, 2, 3], "the calls should finish out of order");
        assert!(report.is_complete());
        assert_eq!(report.succeeded(), ids(&["a", "b", "c", "d", "e", "f", "g", "h"]));
        assert_eq!(report.outputs(), chunks);
        assert_eq!(report.into_result().unwrap(), chunks);
    }

    #[tokio::test]
    async fn a_failed_chunk_keeps_its_ids_and_error() {
        let (chunked, _) = batch(&["a", "b", "c", "missing", "e", "f", "g"]);
        let report = chunked.send().await;
        assert!(!report.is_complete());
        assert_eq!(report.succeeded(), ids(&["a", "b", "c", "g"]));
        assert_eq!(report.outputs(), [ids(&["a", "b", "c"]), ids(&["g"])]);
        let [failure] = report.failed() else { panic!("one failure expected: {:?}", report.failed()) };
        assert_eq!(failure.ids, ids(&["missing", "e", "f"]));
        assert_eq!(failure.error.api_code(), Some(2004));
        assert_eq!(report.failed_ids().collect::<Vec<_>>(), ["missing", "e", "f"]);

        let error = report.into_result().unwrap_err();
        assert_eq!(error.to_string(), "3 of 7 ids failed, in 1 of 3 calls");
        let source = std::error::Error::source(&error).expect("the chunk's error is the source");
        assert_eq!(source.to_string(), "API error 404 (apiCode 2004): user not found");
        assert_eq!(error.into_report().succeeded().len(), 4);
    }

    #[tokio::test]
    async fn an_answer_of_success_false_fails_its_chunk() {
        let (chunked, _) = batch(&["a", "unapplied", "c", "d"]);
        let report = chunked.chunk_size(2).send().await;
        assert_eq!(report.succeeded(), ids(&["c", "d"]));
        let [failure] = report.failed() else { panic!("one failure expected") };
        assert_eq!(failure.ids, ids(&["a", "unapplied"]));
        let api = failure.error.as_api().expect("an API error");
        assert_eq!((api.status_code(), api.api_code()), (200, None));
        assert_eq!(report.outputs().len(), 1, "a refused answer is no output");
    }

    #[tokio::test]
    async fn no_more_calls_than_the_concurrency_are_in_flight() {
        let names: Vec<String> = (0..12).map(|i| format!("id-{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for (concurrency, expected) in [(1, 1), (2, 2), (5, 5), (50, 12)] {
            let (chunked, probe) = batch(&names);
            let report = chunked.chunk_size(1).concurrency(concurrency).send().await;
            assert!(report.is_complete());
            assert_eq!(probe.started.lock().unwrap().len(), 12);
            assert_eq!(probe.most_in_flight.load(SeqCst), expected, "concurrency {concurrency}");
        }
    }

    #[tokio::test]
    async fn invalid_settings_send_nothing_and_fail_every_id() {
        for (size, concurrency) in [(0, 1), (Fake::LIMIT + 1, 1), (1, 0)] {
            let (chunked, probe) = batch(&["a", "b"]);
            let report = chunked.chunk_size(size).concurrency(concurrency).send().await;
            assert!(probe.started.lock().unwrap().is_empty());
            assert!(report.succeeded().is_empty() && report.outputs().is_empty());
            let [failure] = report.failed() else { panic!("one failure expected") };
            assert_eq!(failure.ids, ids(&["a", "b"]));
            assert!(matches!(failure.error, Error::InvalidInput(_)), "{:?}", failure.error);
        }
    }

    #[tokio::test]
    async fn duplicate_ids_are_sent_once() {
        let (chunked, probe) = batch(&["a", "b", "a", "c", "b", "d"]);
        assert_eq!(chunked.ids(), ids(&["a", "b", "c", "d"]));
        let report = chunked.send().await;
        assert_eq!(*probe.started.lock().unwrap(), [ids(&["a", "b", "c"]), ids(&["d"])]);
        assert_eq!(report.succeeded(), ids(&["a", "b", "c", "d"]));
    }

    #[tokio::test]
    async fn no_ids_make_no_calls() {
        let (chunked, probe) = batch(&[]);
        let report = chunked.send().await;
        assert!(probe.started.lock().unwrap().is_empty());
        assert!(report.is_complete() && report.succeeded().is_empty());
        assert!(report.into_result().unwrap().is_empty());
    }
}
