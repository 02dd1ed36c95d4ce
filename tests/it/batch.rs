//! The batch helpers (`.chunked(..)`) against the emulator: 120 ids sent as
//! chunks of at most 50, one chunk refused, and a report that says exactly
//! which ids went through and which did not.

use crate::common::{emulator_and_client, run_traced};
use genauth::batch::BatchReport;
use genauth::emulator::Emulator;
use genauth::types::{CreateUserInfoDto, UserDto};
use genauth::{DepartmentRef, Error, ManagementClient, RetryConfig, UserIds};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

const DELETE_USERS_BATCH: &str = "/api/v3/delete-users-batch";
const GET_USER_BATCH: &str = "/api/v3/get-user-batch";
const ADD_DEPARTMENT_MEMBERS: &str = "/api/v3/add-department-members";
const REMOVE_DEPARTMENT_MEMBERS: &str = "/api/v3/remove-department-members";

/// A reference no user matches: the call carrying it is refused with 2004
/// and changes nothing.
const GHOST: &str = "ghost@example.com";

/// Creates `n` users (`user-<i>@example.com`) in one call.
async fn create_users(client: &ManagementClient, n: usize) -> Vec<UserDto> {
    let list: Vec<CreateUserInfoDto> = (0..n)
        .map(|i| CreateUserInfoDto { email: Some(format!("user-{i}@example.com")), ..Default::default() })
        .collect();
    client.create_users_batch().body_map(|b| b.list(list)).send().await.expect("users are created")
}

/// `ids` with the one at `index` replaced by [`GHOST`].
fn with_ghost(mut ids: Vec<String>, index: usize) -> Vec<String> {
    ids[index] = GHOST.to_owned();
    ids
}

/// Checks that exactly the chunk `ids[failed]` failed, with "user not found"
/// (which, as the service's, names nobody: the chunk's ids say who), and
/// every other id succeeded, in order.
fn assert_only_chunk_failed<T>(report: &BatchReport<T>, ids: &[String], failed: Range<usize>) {
    let succeeded: Vec<String> = [&ids[..failed.start], &ids[failed.end..]].concat();
    assert_eq!(report.succeeded(), succeeded);
    let [failure] = report.failed() else { panic!("one failed chunk expected: {:?}", report.failed()) };
    assert_eq!(failure.ids, ids[failed]);
    let error = &failure.error;
    assert_eq!((error.status_code(), error.api_code()), (Some(404), Some(2004)), "{error}");
    assert!(!report.is_complete());
}

#[tokio::test]
async fn delete_users_batch_of_120_reports_the_refused_chunk() {
    let (emulator, client) = emulator_and_client().await;
    let emails: Vec<String> = create_users(&client, 120).await.into_iter().filter_map(|u| u.email).collect();
    // Chunks: 0..50, 50..100 (with the ghost), 100..120.
    let ids = with_ghost(emails, 75);

    let report = client.delete_users_batch().chunked(UserIds::emails(&ids)).send().await;

    assert_only_chunk_failed(&report, &ids, 50..100);
    assert_eq!((report.succeeded().len(), report.failed_ids().count()), (70, 50));
    assert!(report.outputs().iter().all(|data| data.success));
    assert_eq!(emulator.requests_to(DELETE_USERS_BATCH), 3);

    // The refused chunk deleted nobody; the others deleted everyone they named.
    let survivors: Vec<String> = report.failed_ids().filter(|id| *id != GHOST).map(str::to_owned).collect();
    let found = client.get_user_batch().users(UserIds::emails(&survivors)).send().await.expect("survivors are found");
    assert_eq!(found.len(), 49);
    // getUserBatch leaves out ids that name nobody, as the service's batch reads do.
    for deleted in report.succeeded().chunks(50) {
        let gone = client.get_user_batch().users(UserIds::emails(deleted)).send().await.expect("misses are left out");
        assert!(gone.is_empty(), "{gone:?}");
    }

    let error = report.into_result().expect_err("a partial failure is an error");
    assert_eq!(error.to_string(), "50 of 120 ids failed, in 1 of 3 calls");
    assert_eq!(
        std::error::Error::source(&error).and_then(|e| e.downcast_ref::<Error>()).and_then(Error::api_code),
        Some(2004)
    );
}

#[tokio::test]
async fn get_user_batch_reads_120_users_in_input_order() {
    let (emulator, client) = emulator_and_client().await;
    let ids: Vec<String> = create_users(&client, 120).await.into_iter().rev().map(|u| u.user_id).collect();

    let request = client.get_user_batch().with_custom_data(true).chunked(UserIds::user_ids(&ids)).concurrency(3);
    let report = assert_send(request.send()).await;

    assert_eq!(report.outputs().iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20]);
    let users = report.into_result().expect("every chunk is read");
    let read: Vec<String> = users.into_iter().flatten().map(|u| u.user_id).collect();
    assert_eq!(read, ids);
    assert_eq!(emulator.requests_to(GET_USER_BATCH), 3);
}

/// The request futures can move to another thread (`tokio::spawn`).
fn assert_send<T: Send>(value: T) -> T {
    value
}

async fn sorted_members(client: &ManagementClient, org: &str, dept: &str) -> Vec<String> {
    let mut ids = client
        .list_department_member_ids()
        .organization_code(org)
        .department_id(dept)
        .send()
        .await
        .expect("members are listed");
    ids.sort();
    ids
}

#[tokio::test]
async fn department_members_of_120_are_added_and_removed_around_a_refused_chunk() {
    let (emulator, client) = emulator_and_client().await;
    // Members join the organization's root department, as any other.
    let dept = client
        .create_organization()
        .body_map(|b| b.organization_code("acme".to_owned()).organization_name("Acme".to_owned()))
        .send()
        .await
        .expect("organization is created")
        .department_id;
    let users: Vec<String> = create_users(&client, 120).await.into_iter().map(|u| u.user_id).collect();
    let sorted = |ids: &[String]| {
        let mut ids = ids.to_vec();
        ids.sort();
        ids
    };

    // Adding: the third chunk (100..120) names the ghost and adds nobody.
    let ids = with_ghost(users.clone(), 110);
    let report = client
        .add_department_members()
        .body_map(|b| b.organization_code("acme".to_owned()))
        .department(DepartmentRef::department_id(&dept))
        .chunked(&ids)
        .send()
        .await;
    assert_only_chunk_failed(&report, &ids, 100..120);
    assert_eq!(emulator.requests_to(ADD_DEPARTMENT_MEMBERS), 3);
    assert_eq!(sorted_members(&client, "acme", &dept).await, sorted(&users[..100]));

    // Removing: the first chunk (0..50) names the ghost and removes nobody;
    // users 100..120 were never members, which removal accepts.
    let ids = with_ghost(users.clone(), 10);
    let report = client
        .remove_department_members()
        .body_map(|b| b.organization_code("acme".to_owned()).department_id(dept.clone()))
        .chunked(&ids)
        .send()
        .await;
    assert_only_chunk_failed(&report, &ids, 0..50);
    assert_eq!(report.succeeded().len(), 70);
    assert_eq!(emulator.requests_to(REMOVE_DEPARTMENT_MEMBERS), 3);
    assert_eq!(sorted_members(&client, "acme", &dept).await, sorted(&users[..50]));

    // Sending the failed ids again, without the ghost, finishes the job.
    let retry: Vec<&str> = report.failed_ids().filter(|id| *id != GHOST).collect();
    let again = client
        .remove_department_members()
        .body_map(|b| b.organization_code("acme".to_owned()).department_id(dept.clone()))
        .chunked(retry)
        .send()
        .await;
    assert_eq!(again.into_result().expect("the retry succeeds").len(), 1);
    // Only the user the ghost stood in for was never named.
    assert_eq!(sorted_members(&client, "acme", &dept).await, [users[10].clone()]);
}

/// Counts the `genauth.call` spans open at once: one per call in flight,
/// from its first attempt to its answer.
#[derive(Clone, Default)]
struct CallsInFlight {
    open: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
}

impl<S: tracing::Subscriber + for<'l> LookupSpan<'l>> Layer<S> for CallsInFlight {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "genauth.call" {
            let open = self.open.fetch_add(1, SeqCst) + 1;
            self.most.fetch_max(open, SeqCst);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if ctx.span(&id).is_some_and(|span| span.name() == "genauth.call") {
            self.open.fetch_sub(1, SeqCst);
        }
    }
}

#[test]
fn no_more_calls_than_the_concurrency_are_in_flight() {
    let calls = CallsInFlight::default();
    let subscriber = tracing_subscriber::registry().with(calls.clone());
    run_traced(subscriber, async {
        let emulator = Emulator::start().await.expect("emulator starts");
        let client = emulator.client_builder().retry(RetryConfig::disabled()).build().expect("client builds");
        let ids: Vec<String> = create_users(&client, 120).await.into_iter().map(|u| u.user_id).collect();
        // Every call of a wave starts before any can be answered, so the
        // most calls in flight is the concurrency itself, however fast the
        // emulator answers; 12 shows the count is not capped elsewhere.
        for concurrency in [3, 12] {
            calls.most.store(0, SeqCst);
            let before = emulator.requests_to(GET_USER_BATCH);
            let report = client
                .get_user_batch()
                .chunked(UserIds::user_ids(&ids))
                .chunk_size(10)
                .concurrency(concurrency)
                .send()
                .await;
            assert!(report.is_complete(), "{:?}", report.failed());
            assert_eq!(emulator.requests_to(GET_USER_BATCH) - before, 12);
            assert_eq!(calls.most.load(SeqCst), concurrency, "concurrency {concurrency}");
        }
    });
}

#[tokio::test]
async fn invalid_settings_and_empty_lists_send_nothing() {
    let (emulator, client) = emulator_and_client().await;
    let ids = ["a", "b", "c"];
    for (chunk_size, concurrency) in [(0, 1), (51, 1), (1, 0)] {
        let report = client
            .delete_users_batch()
            .chunked(UserIds::user_ids(ids))
            .chunk_size(chunk_size)
            .concurrency(concurrency)
            .send()
            .await;
        let [failure] = report.failed() else { panic!("one failure expected: {:?}", report.failed()) };
        assert_eq!(failure.ids, ids);
        assert!(matches!(failure.error, Error::InvalidInput(_)), "{}", failure.error);
        assert!(report.succeeded().is_empty());
    }

    let report = client.delete_users_batch().chunked(UserIds::user_ids(Vec::<String>::new())).send().await;
    assert!(report.is_complete() && report.succeeded().is_empty());
    assert!(report.into_result().expect("nothing failed").is_empty());
    assert_eq!(emulator.requests_to(DELETE_USERS_BATCH), 0);
}

#[tokio::test]
async fn plain_send_still_refuses_51_ids_that_chunked_sends_as_two_calls() {
    let (emulator, client) = emulator_and_client().await;
    let emails: Vec<String> = create_users(&client, 51).await.into_iter().filter_map(|u| u.email).collect();

    let refused = client.delete_users_batch().users(UserIds::emails(&emails)).send().await.unwrap_err();
    assert!(matches!(&refused, Error::InvalidInput(m) if m.contains("50")), "{refused}");
    assert_eq!(emulator.requests_to(DELETE_USERS_BATCH), 0, "no byte left for 51 ids");

    let report = client.delete_users_batch().chunked(UserIds::emails(&emails)).send().await;
    assert_eq!(report.into_result().expect("both chunks succeed").len(), 2);
    assert_eq!(emulator.requests_to(DELETE_USERS_BATCH), 2);
}
