//! `Retry-After` on 429 and 503 answers: honoured in both of its forms, and
//! never beyond the retry configuration's maximum delay.

use crate::common::emulator_and_client;
use genauth::emulator::Fault;
use genauth::{RetryConfig, UserRef};
use std::time::{Duration, Instant, SystemTime};

const PATH: &str = "/api/v3/get-user";

/// A client whose own backoff is a millisecond at most, so that any longer
/// wait is the server's asking.
fn quick_retries(max_delay: Duration) -> RetryConfig {
    RetryConfig::standard().with_base_delay(Duration::from_millis(1)).with_max_delay(max_delay)
}

/// How long a `getUser` takes when its first answer is the fault `fault`
/// makes; it must succeed on the second attempt. The fault is made just
/// before the call, so that a date in it is as far ahead as it says.
async fn elapsed_with(fault: impl FnOnce() -> Fault, max_delay: Duration) -> Duration {
    let (emulator, _) = emulator_and_client().await;
    let client = emulator.client_builder().retry(quick_retries(max_delay)).build().unwrap();
    let user = client.create_user().username("retry-after").send().await.unwrap();
    emulator.faults().inject(PATH, fault(), 1);
    let started = Instant::now();
    client.get_user().user(UserRef::user_id(user.user_id.clone())).send().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(emulator.requests_to(PATH), 2, "one refused attempt, one retry");
    elapsed
}

#[tokio::test]
async fn seconds_are_waited() {
    let fault = || Fault::Throttled { status: 429, retry_after: "1".into() };
    let elapsed = elapsed_with(fault, Duration::from_secs(10)).await;
    assert!(elapsed >= Duration::from_secs(1), "retried after {elapsed:?}");
}

#[tokio::test]
async fn an_http_date_is_waited_for() {
    // Dates have whole seconds: two seconds ahead is more than one second away.
    let fault = || Fault::Throttled {
        status: 503,
        retry_after: httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2)),
    };
    let elapsed = elapsed_with(fault, Duration::from_secs(10)).await;
    assert!(elapsed >= Duration::from_secs(1), "retried after {elapsed:?}");
}

#[tokio::test]
async fn the_wait_is_bounded_by_the_maximum_delay() {
    let fault = || Fault::Throttled { status: 429, retry_after: "3600".into() };
    let elapsed = elapsed_with(fault, Duration::from_millis(200)).await;
    assert!(elapsed >= Duration::from_millis(200), "retried after {elapsed:?}");
    assert!(elapsed < Duration::from_secs(30), "waited {elapsed:?} for an hour's Retry-After");
}
