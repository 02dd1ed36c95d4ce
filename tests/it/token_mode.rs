//! Management-token mode end to end: lazy fetch, single flight, no caching
//! of failures, refresh on 401 and before expiry.

use genauth::emulator::{Emulator, Fault};
use genauth::{AuthMode, ManagementClient, RetryConfig, UserIds, UserRef};
use std::time::Duration;

const TOKEN_PATH: &str = "/api/v3/get-management-token";

fn token_client(emulator: &Emulator) -> ManagementClient {
    emulator.client_builder().auth_mode(AuthMode::ManagementToken).retry(RetryConfig::disabled()).build().unwrap()
}

#[tokio::test]
async fn token_mode_runs_the_seed_flow() {
    let emulator = Emulator::start().await.unwrap();
    let client = token_client(&emulator);
    assert_eq!(emulator.requests_to(TOKEN_PATH), 0, "the token is fetched lazily");
    let a = crate::common::create_user(&client, "t-a", "t-a@example.com").await;
    crate::common::create_user(&client, "t-b", "t-b@example.com").await;
    let resigned = client.resign_user().user(UserRef::user_id(&a)).send().await.unwrap();
    assert!(resigned.success);
    let deleted = client
        .delete_users_batch()
        .users(UserIds::emails(["t-a@example.com", "t-b@example.com"]))
        .send()
        .await
        .unwrap();
    assert!(deleted.success);
    assert_eq!(emulator.requests_to(TOKEN_PATH), 1, "one token serves every call");
}

#[tokio::test]
async fn concurrent_calls_on_a_cold_client_fetch_one_token() {
    let emulator = Emulator::start().await.unwrap();
    let client = token_client(&emulator);
    let calls = (0..64).map(|i| {
        let client = client.clone();
        async move { client.is_user_exists().body_map(|b| b.username(Some(format!("nobody-{i}")))).send().await }
    });
    for outcome in futures::future::join_all(calls).await {
        outcome.expect("every call succeeds");
    }
    assert_eq!(emulator.requests_to(TOKEN_PATH), 1);
}

#[tokio::test]
async fn a_failed_token_fetch_is_not_cached() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator
        .client_builder()
        .access_key_secret("wrong")
        .auth_mode(AuthMode::ManagementToken)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    for attempt in 1..=2 {
        let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
        assert_eq!(err.status_code(), Some(401), "{err}");
        assert_eq!(emulator.requests_to(TOKEN_PATH), attempt, "each call tries again");
    }
    assert_eq!(emulator.requests_to("/api/v3/get-user"), 0, "no call went out without a token");
}

#[tokio::test]
async fn a_401_envelope_triggers_one_refresh_and_one_retry() {
    let emulator = Emulator::start().await.unwrap();
    let client = token_client(&emulator);
    client.is_user_exists().body_map(|b| b.username(Some("warm-up".to_owned()))).send().await.unwrap();
    emulator.faults().inject(
        "/api/v3/is-user-exists",
        Fault::Envelope(serde_json::json!({"statusCode": 401, "message": "token revoked", "requestId": "r"})),
        1,
    );
    client
        .is_user_exists()
        .body_map(|b| b.username(Some("again".to_owned())))
        .send()
        .await
        .expect("retried with a new token");
    assert_eq!(emulator.requests_to(TOKEN_PATH), 2);
    assert_eq!(emulator.requests_to("/api/v3/is-user-exists"), 3);

    // A second 401 in a row is reported, not retried forever.
    emulator.faults().inject(
        "/api/v3/is-user-exists",
        Fault::Envelope(serde_json::json!({"statusCode": 401, "message": "token revoked", "requestId": "r"})),
        2,
    );
    let err = client.is_user_exists().body_map(|b| b.username(Some("x".to_owned()))).send().await.unwrap_err();
    assert_eq!(err.status_code(), Some(401));
    assert_eq!(emulator.requests_to(TOKEN_PATH), 3);
}

#[tokio::test]
async fn a_token_is_refreshed_shortly_before_it_expires() {
    let emulator = Emulator::builder().token_ttl(Duration::from_secs(2)).start().await.unwrap();
    let client = token_client(&emulator);
    client.is_user_exists().body_map(|b| b.username(Some("a".to_owned()))).send().await.unwrap();
    assert_eq!(emulator.requests_to(TOKEN_PATH), 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    client.is_user_exists().body_map(|b| b.username(Some("b".to_owned()))).send().await.expect("a fresh token");
    assert_eq!(emulator.requests_to(TOKEN_PATH), 2);
}
