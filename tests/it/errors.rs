//! Each class of failure becomes its own `Error` variant.

use crate::common::emulator_and_client;
use genauth::emulator::Fault;
use genauth::{Error, ManagementClient, RetryConfig, UserRef};
use std::time::Duration;

#[tokio::test]
async fn api_errors_carry_status_api_code_message_and_request_id() {
    let (_emulator, client) = emulator_and_client().await;
    let err = client.get_user().user(UserRef::email("nobody@example.com")).send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status_code(), 404);
    assert_eq!(api.api_code(), Some(2004));
    assert!(!api.message().is_empty());
    assert_eq!(api.request_id().map(str::len), Some(32));
    assert!(!api.is_signature_error());
}

#[tokio::test]
async fn a_wrong_secret_is_a_signature_error() {
    let (emulator, _) = emulator_and_client().await;
    let client = emulator.client_builder().access_key_secret("wrong").build().unwrap();
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert!(err.as_api().is_some_and(|e| e.is_signature_error()), "{err}");
    assert_eq!(err.status_code(), Some(401));
}

#[tokio::test]
async fn an_envelope_error_injected_as_a_fault_is_mapped() {
    let (emulator, client) = emulator_and_client().await;
    emulator.faults().inject(
        "/api/v3/get-user",
        Fault::Envelope(
            serde_json::json!({"statusCode": 403, "message": "forbidden", "apiCode": 1, "requestId": "r-1"}),
        ),
        1,
    );
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert_eq!((err.status_code(), err.api_code(), err.request_id()), (Some(403), Some(1), Some("r-1")));
}

#[tokio::test]
async fn transport_failures_are_transport_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = ManagementClient::builder()
        .access_key_id("id")
        .access_key_secret("secret")
        .host(format!("http://127.0.0.1:{port}"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn a_stall_past_the_timeout_is_a_timeout() {
    let (emulator, _) = emulator_and_client().await;
    let client =
        emulator.client_builder().timeout(Duration::from_millis(200)).retry(RetryConfig::disabled()).build().unwrap();
    emulator.faults().inject("/api/v3/get-user", Fault::Stall(Duration::from_secs(3)), 1);
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn an_http_status_other_than_200_is_an_http_error() {
    let (emulator, client) = emulator_and_client().await;
    emulator.faults().inject("/api/v3/get-user", Fault::HttpStatus(502), 1);
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_with_a_bounded_excerpt() {
    let (emulator, client) = emulator_and_client().await;
    emulator.faults().inject("/api/v3/get-user", Fault::Malformed, 1);
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    let Error::Decode { body_excerpt, .. } = &err else { panic!("{err:?}") };
    assert!(body_excerpt.len() <= genauth::BODY_EXCERPT_LIMIT + 3);
}

#[tokio::test]
async fn missing_required_input_is_refused_locally() {
    let (emulator, client) = emulator_and_client().await;
    let err = client.get_user().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput(m) if m == r#"getUser: missing required parameter "userId""#),
        "{err:?}"
    );
    assert_eq!(emulator.requests_to("/api/v3/get-user"), 0);
}
