//! A thousand calls at once through one client, in both auth modes: no
//! errors, one token for all of them, and a bounded number of connections.

use genauth::emulator::Emulator;
use genauth::{AuthMode, ManagementClient, RetryConfig};

const CALLS: usize = 1_000;
const TOKEN_PATH: &str = "/api/v3/get-management-token";
const IS_USER_EXISTS: &str = "/api/v3/is-user-exists";

/// Fires `CALLS` calls at once on clones of `client` and fails on the first error.
async fn fire(client: &ManagementClient) {
    let calls = (0..CALLS).map(|i| {
        let client = client.clone();
        async move { client.is_user_exists().body_map(|b| b.username(Some(format!("nobody-{i}")))).send().await }
    });
    let outcomes = futures::future::join_all(calls).await;
    let failures: Vec<_> = outcomes.iter().enumerate().filter_map(|(i, o)| o.as_ref().err().map(|e| (i, e))).collect();
    assert!(failures.is_empty(), "{} of {CALLS} calls failed; first: {:?}", failures.len(), failures.first());
}

/// Starts an emulator and a client in `mode` without retries, so that any
/// failed attempt shows as an error instead of being absorbed.
async fn emulator_and_client(mode: AuthMode) -> (Emulator, ManagementClient) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client =
        emulator.client_builder().auth_mode(mode).retry(RetryConfig::disabled()).build().expect("client builds");
    (emulator, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_signed_calls_at_once() {
    let (emulator, client) = emulator_and_client(AuthMode::Signature).await;
    fire(&client).await;
    let connections = emulator.connections_accepted();
    println!("signature mode: {CALLS} concurrent calls, {connections} connections accepted");
    assert_eq!(emulator.requests_to(IS_USER_EXISTS), CALLS as u64);
    assert!((1..=CALLS as u64).contains(&connections), "{connections} connections for {CALLS} calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_calls_on_a_cold_token_client_fetch_one_token() {
    let (emulator, client) = emulator_and_client(AuthMode::ManagementToken).await;
    fire(&client).await;
    let connections = emulator.connections_accepted();
    println!("token mode: {CALLS} concurrent calls, {connections} connections accepted");
    assert_eq!(emulator.requests_to(TOKEN_PATH), 1, "one token fetch serves every call");
    assert_eq!(emulator.requests_to(IS_USER_EXISTS), CALLS as u64);
    // The token fetch may open one connection of its own before the calls start.
    assert!((1..=CALLS as u64 + 1).contains(&connections), "{connections} connections for {CALLS} calls and a token");
}
