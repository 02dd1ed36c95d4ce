//! Secret hygiene: after a flow that signs, fails a signature, fetches and
//! refreshes a management token and meets an injected 401, neither the
//! trace-level logs nor any `Debug`/`Display` of the crate's values show the
//! access key secret, a management token or an `Authorization` value.

use futures::StreamExt as _;
use genauth::emulator::{Emulator, Fault};
use genauth::{AuthMode, Error, ManagementClient, RetryConfig, Secret, UserRef};
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;

const KEY_ID: &str = "hygiene-key-id";
/// Distinctive, so that any occurrence in the output is a leak and not a coincidence.
const SECRET: &str = "S3cr3t-Hygiene-4f1d9b7e-never-print-me";
const WRONG_SECRET: &str = "Wr0ng-Hygiene-8c2a6e13-never-print-me";
/// The base64url of `{"alg":"HS256","typ":"JWT"}`: the first segment of every
/// token the emulator issues, whenever it was issued.
const JWT_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// A `MakeWriter` target: everything the subscriber writes, in one buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

/// `{:?}` and `{}` of a value that has both.
fn both(value: &(impl std::fmt::Debug + std::fmt::Display)) -> [String; 2] {
    [format!("{value:?}"), format!("{value}")]
}

/// A management token, fetched the way any caller of the API could.
async fn fetch_token(emulator: &Emulator) -> String {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v3/get-management-token", emulator.base_url()))
        .json(&serde_json::json!({"accessKeyId": KEY_ID, "accessKeySecret": SECRET}))
        .send()
        .await
        .expect("the token endpoint answers")
        .json()
        .await
        .expect("the token endpoint answers JSON");
    answer["data"]["access_token"].as_str().expect("a token is issued").to_owned()
}

fn client(emulator: &Emulator, mode: AuthMode, secret: &str) -> ManagementClient {
    emulator
        .client_builder()
        .access_key_secret(secret)
        .auth_mode(mode)
        .retry(RetryConfig::standard().with_base_delay(Duration::from_millis(5)))
        .build()
        .expect("client builds")
}

fn revoked() -> Fault {
    Fault::Envelope(serde_json::json!({"statusCode": 401, "message": "token revoked", "requestId": "hygiene"}))
}

/// The flow; returns every formatted value and the token it fetched itself.
async fn flow() -> (Vec<String>, String) {
    let mut shown = Vec::new();
    let emulator_builder = Emulator::builder().access_key(KEY_ID, SECRET);
    shown.push(format!("{emulator_builder:?}"));
    let emulator = emulator_builder.start().await.expect("emulator starts");
    let token = fetch_token(&emulator).await;

    let builder = emulator.client_builder().auth_mode(AuthMode::Signature);
    shown.push(format!("{builder:?}"));
    let signed = client(&emulator, AuthMode::Signature, SECRET);
    let user =
        signed.create_user().username("hygiene").email("hygiene@example.com").send().await.expect("user is created");
    let get = signed.get_user().user(UserRef::user_id(&user.user_id));
    shown.push(format!("{get:?}"));
    shown.push(format!("{:?}", get.send().await.expect("user is read")));

    let mut errors: Vec<Error> = Vec::new();
    // A wrong secret, signed.
    let wrong = client(&emulator, AuthMode::Signature, WRONG_SECRET);
    errors.push(wrong.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect_err("wrong secret"));
    // A wrong secret, exchanged for a token.
    let wrong_token = client(&emulator, AuthMode::ManagementToken, WRONG_SECRET);
    errors.push(wrong_token.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect_err("wrong secret"));
    // Token mode: a call, a 401 that is refreshed away, then two that are not.
    let bearer = client(&emulator, AuthMode::ManagementToken, SECRET);
    bearer.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect("token-mode call");
    emulator.faults().inject("/api/v3/get-user", revoked(), 1);
    bearer.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect("refreshed after a 401");
    emulator.faults().inject("/api/v3/get-user", revoked(), 2);
    errors.push(bearer.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect_err("two 401s"));
    // Signature mode meets an injected 401 too.
    emulator.faults().inject("/api/v3/get-user", revoked(), 1);
    errors.push(signed.get_user().user(UserRef::user_id(&user.user_id)).send().await.expect_err("a 401"));
    assert!(errors.iter().all(|e| e.status_code() == Some(401)), "{errors:?}");

    // An event subscription carries the signature in its upgrade request, and
    // a refused one ends with an error: neither may show a secret.
    let mut events = signed.subscribe("hygiene.event");
    let publisher = signed.clone();
    let publishing = tokio::spawn(async move {
        loop {
            let _ = publisher.publish("hygiene.event", "hi").await;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let event = events.next().await.expect("the stream goes on").expect("an event");
    publishing.abort();
    shown.push(format!("{event:?} {events:?}"));
    let refused = wrong.subscribe("hygiene.event").next().await.expect("an item").expect_err("wrong secret");
    shown.extend(both(&refused));

    for error in &errors {
        shown.extend(both(error));
        if let Some(api) = error.as_api() {
            shown.extend(both(api));
        }
    }
    for each in [&signed, &wrong, &wrong_token, &bearer] {
        shown.push(format!("{each:?}"));
    }
    shown.push(format!("{:?}", emulator.client_builder()));
    shown.push(format!("{:?}", RetryConfig::standard()));
    shown.push(format!("{:?}", Secret::new(SECRET)));
    shown.push(format!("{:?}", emulator.faults()));
    shown.push(format!("{emulator:?}"));
    (shown, token)
}

#[test]
fn no_secret_token_or_authorization_in_logs_or_formatting() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let (shown, token) = crate::common::run_traced(subscriber, flow());

    let logs = capture.text();
    // Proof that the capture saw the client's spans and reqwest's `log` records.
    assert!(logs.contains("genauth.call") && logs.contains("reqwest::"), "too little was captured:\n{logs}");
    assert!(logs.contains("genauth.events"), "event connections are traced:\n{logs}");
    let signature = token.rsplit('.').next().expect("a JWT has segments").to_owned();
    let forbidden = [
        SECRET.to_owned(),
        WRONG_SECRET.to_owned(),
        token.clone(),
        signature,
        JWT_HEADER.to_owned(),
        "Bearer ey".to_owned(),
        format!("GenAuth {KEY_ID}:"),
    ];
    for needle in &forbidden {
        assert!(!logs.contains(needle.as_str()), "the logs contain {needle:?}:\n{logs}");
        for text in &shown {
            assert!(!text.contains(needle.as_str()), "a formatted value contains {needle:?}: {text}");
        }
    }
}

/// Answers that do not decode, each holding personal data or a token where
/// the decoder stumbles: the errors say where and what, and quote none of it.
#[tokio::test]
async fn no_answer_data_in_decode_errors() {
    const EMAIL: &str = "private.person@example.com";
    const PHONE: &str = "13912345678";
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJwIn0.c2lnbmF0dXJlLW9mLWEtdG9rZW4";
    let emulator = Emulator::builder().access_key(KEY_ID, SECRET).start().await.expect("emulator starts");
    let signed = client(&emulator, AuthMode::Signature, SECRET);
    let envelope =
        |data: serde_json::Value| Fault::Envelope(serde_json::json!({"statusCode": 200, "message": "", "data": data}));
    let mut errors = Vec::new();

    // The value itself has the wrong type, in a single user and in a page of users.
    emulator.faults().inject(
        "/api/v3/get-user",
        envelope(serde_json::json!({"userId": 7, "email": EMAIL, "phone": PHONE})),
        1,
    );
    errors.push(signed.get_user().user(UserRef::user_id("u")).send().await.expect_err("userId is a number"));
    let page = serde_json::json!({"totalCount": 2, "list": [
        {"userId": "a", "email": EMAIL},
        {"userId": "b", "email": {"address": EMAIL}, "phone": [PHONE]},
    ]});
    emulator.faults().inject("/api/v3/list-users", envelope(page), 1);
    errors.push(signed.list_users().send().await.expect_err("an email that is an object"));
    // A token where a number was expected, at the token endpoint.
    let token_data = serde_json::json!({"access_token": TOKEN, "expires_in": TOKEN});
    emulator.faults().inject("/api/v3/get-management-token", envelope(token_data), 1);
    let bearer = client(&emulator, AuthMode::ManagementToken, SECRET);
    errors.push(bearer.get_user().user(UserRef::user_id("u")).send().await.expect_err("no usable token"));

    assert!(errors.iter().all(|e| matches!(e, Error::Decode(_))), "{errors:?}");
    for error in &errors {
        for shown in both(error) {
            for needle in [EMAIL, PHONE, TOKEN, "private.person"] {
                assert!(!shown.contains(needle), "{needle:?} shows in {shown}");
            }
        }
    }
}
