//! Each class of failure becomes its own `Error` variant.

use crate::common::{create_user, emulator_and_client};
use genauth::emulator::Fault;
use genauth::{ApiCode, Error, ManagementClient, RetryConfig, UserRef};
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
    assert!(matches!(&err, Error::Transport(e) if e.is_connect()), "{err:?}");
    assert_eq!(err.to_string(), "transport failure: could not connect");
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
async fn a_malformed_body_is_a_decode_error_naming_the_operation() {
    let (emulator, client) = emulator_and_client().await;
    emulator.faults().inject("/api/v3/get-user", Fault::Malformed, 1);
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!((decode.operation(), decode.path()), ("getUser", ""));
    assert!(decode.found().starts_with("malformed JSON at line 1"), "{decode}");
    assert!(!decode.raw_body().is_empty());
}

#[tokio::test]
async fn a_decode_error_names_path_and_expectation_and_quotes_no_value() {
    let (emulator, client) = emulator_and_client().await;
    let body = serde_json::json!({
        "statusCode": 200,
        "message": "",
        "data": {"userId": ["qx-1", "qx-2", "qx-3"], "email": "person@example.com", "phone": "13800000000"},
    });
    emulator.faults().inject("/api/v3/get-user", Fault::Envelope(body.clone()), 1);
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!((decode.operation(), decode.path()), ("getUser", "data.userId"));
    assert_eq!((decode.expected(), decode.found()), ("a string", "an array of 3 items"));
    for shown in [err.to_string(), format!("{err:?}")] {
        for value in ["person@example.com", "13800000000", "qx-"] {
            assert!(!shown.contains(value), "{value} shows in {shown}");
        }
    }
    // Asked for explicitly, the body is all there.
    assert_eq!(serde_json::from_slice::<serde_json::Value>(decode.raw_body()).unwrap(), body);
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

// The predicates, each against the refusal the emulator answers with (its
// codes come from the same catalogue as `ApiCode`), and each checked against
// the other predicates so that one refusal answers to exactly one of them.

/// Which of the five predicates hold for `err`, in the order not found,
/// conflict, invalid input, auth, retryable.
fn kinds(err: &Error) -> [bool; 5] {
    [err.is_not_found(), err.is_conflict(), err.is_invalid_input(), err.is_auth(), err.is_retryable()]
}

#[tokio::test]
async fn unknown_users_and_roles_are_not_found() {
    let (_emulator, client) = emulator_and_client().await;
    let err = client.get_user().user(UserRef::user_id("no-such-user")).send().await.unwrap_err();
    assert_eq!(err.code(), Some(ApiCode::UserNotFound), "{err}");
    assert_eq!(kinds(&err), [true, false, false, false, false], "{err}");
    let err = client.get_role().code("no-such-role").send().await.unwrap_err();
    assert_eq!(err.code(), Some(ApiCode::AccessNotFound), "{err}");
    assert_eq!(kinds(&err), [true, false, false, false, false], "{err}");
}

#[tokio::test]
async fn a_missing_post_is_not_found_though_the_service_says_422() {
    let (_emulator, client) = emulator_and_client().await;
    let err = client.get_post().code("no-such-post").send().await.unwrap_err();
    assert_eq!((err.status_code(), err.code()), (Some(422), Some(ApiCode::PostNotFound)), "{err}");
    assert_eq!(kinds(&err), [true, false, false, false, false], "{err}");
}

#[tokio::test]
async fn a_taken_email_is_a_conflict_and_not_invalid_input() {
    let (_emulator, client) = emulator_and_client().await;
    create_user(&client, "first", "taken@example.com").await;
    let err = client.create_user().email("taken@example.com").send().await.unwrap_err();
    // The service sends conflicts with statusCode 400: the code decides.
    assert_eq!((err.status_code(), err.code()), (Some(400), Some(ApiCode::UserExists)), "{err}");
    assert_eq!(kinds(&err), [false, true, false, false, false], "{err}");
}

#[tokio::test]
async fn malformed_input_is_invalid_input_on_either_side_of_the_wire() {
    let (emulator, client) = emulator_and_client().await;
    let err = client.delete_users_batch().body_map(|b| b.user_ids(Vec::new())).send().await.unwrap_err();
    assert_eq!(err.code(), Some(ApiCode::InvalidParameter), "{err}");
    assert_eq!(kinds(&err), [false, false, true, false, false], "{err}");
    assert_eq!(emulator.requests_to("/api/v3/delete-users-batch"), 1);

    let local = client.get_user().send().await.unwrap_err();
    assert!(matches!(local, Error::InvalidInput(_)), "{local:?}");
    assert_eq!(kinds(&local), [false, false, true, false, false], "{local}");
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error() {
    let (emulator, _) = emulator_and_client().await;
    let client = emulator.client_builder().access_key_secret("wrong").retry(RetryConfig::disabled()).build().unwrap();
    let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
    assert_eq!(err.code(), Some(ApiCode::SignatureMismatch), "{err}");
    assert_eq!(kinds(&err), [false, false, false, true, false], "{err}");
}

#[tokio::test]
async fn throttling_and_unavailability_are_retryable() {
    let (emulator, client) = emulator_and_client().await;
    let path = "/api/v3/get-user";
    emulator.faults().inject(path, Fault::HttpStatus(503), 1);
    emulator.faults().inject(path, Fault::Envelope(serde_json::json!({"statusCode": 429, "message": "slow down"})), 1);
    emulator.faults().inject(path, Fault::HttpStatus(400), 1);
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        let err = client.get_user().user(UserRef::user_id("x")).send().await.unwrap_err();
        outcomes.push((err.to_string(), kinds(&err)));
    }
    let retryable = [false, false, false, false, true];
    assert_eq!(outcomes[0].1, retryable, "{}", outcomes[0].0);
    assert_eq!(outcomes[1].1, retryable, "{}", outcomes[1].0);
    // An HTTP 400 from something in front of the API is none of them: the
    // predicates read API refusals, and a proxy's 400 says nothing about the input.
    assert_eq!(outcomes[2].1, [false; 5], "{}", outcomes[2].0);
}
