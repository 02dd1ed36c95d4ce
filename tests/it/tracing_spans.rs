//! The `genauth.call` span: what a user's own subscriber sees of each call,
//! captured field by field at the subscriber's default level (INFO).

use genauth::emulator::{Emulator, Fault};
use genauth::{RetryConfig, UserRef};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// A span's recorded fields, as text.
type Fields = BTreeMap<String, String>;

/// Collects each `genauth.call` span's fields when it closes, and the
/// messages of the events recorded inside one.
#[derive(Clone, Default)]
struct Calls {
    closed: Arc<Mutex<Vec<Fields>>>,
    events_inside: Arc<Mutex<Vec<Fields>>>,
}

impl Calls {
    fn closed(&self) -> Vec<Fields> {
        self.closed.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn events_inside(&self) -> Vec<Fields> {
        self.events_inside.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

struct Recorder<'a>(&'a mut Fields);

impl Visit for Recorder<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber + for<'l> LookupSpan<'l>> Layer<S> for Calls {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "genauth.call" {
            return;
        }
        let mut fields = Fields::new();
        attrs.record(&mut Recorder(&mut fields));
        ctx.span(id).expect("the span is live").extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("the span is live");
        if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
            values.record(&mut Recorder(fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let inside = ctx.event_span(event).is_some_and(|span| span.name() == "genauth.call");
        if inside {
            let mut fields = Fields::new();
            event.record(&mut Recorder(&mut fields));
            self.events_inside.lock().unwrap_or_else(PoisonError::into_inner).push(fields);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).expect("the span is live");
        if let Some(fields) = span.extensions_mut().remove::<Fields>() {
            self.closed.lock().unwrap_or_else(PoisonError::into_inner).push(fields);
        }
    }
}

/// A subscriber as a user would set one up: their own layer, INFO and above.
fn capture<F: std::future::Future>(flow: impl FnOnce(Calls) -> F) -> (Calls, F::Output) {
    let calls = Calls::default();
    let subscriber = tracing_subscriber::registry().with(calls.clone().with_filter(LevelFilter::INFO));
    let output = crate::common::run_traced(subscriber, flow(calls.clone()));
    (calls, output)
}

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map(String::as_str).unwrap_or_else(|| panic!("no `{name}` in {fields:?}"))
}

#[test]
fn each_call_records_operation_attempt_codes_request_id_and_duration() {
    let (calls, (error_request_id, spans_before_lookup)) = capture(|calls| async move {
        let emulator = Emulator::start().await.expect("emulator starts");
        let client = emulator.client_builder().retry(RetryConfig::disabled()).build().expect("client builds");
        let user_id = crate::common::create_user(&client, "traced", "traced@example.com").await;
        let spans_before_lookup = calls.closed().len();
        client.get_user().user(UserRef::user_id(&user_id)).send().await.expect("the user is found");
        let error = client
            .get_user()
            .user(UserRef::email("nobody@example.com"))
            .send()
            .await
            .expect_err("nobody has that email");
        (error.request_id().map(str::to_owned), spans_before_lookup)
    });

    let closed = calls.closed();
    assert_eq!(closed.len(), spans_before_lookup + 2, "one span per call: {closed:?}");
    let (found, missing) = (&closed[spans_before_lookup], &closed[spans_before_lookup + 1]);

    for span in [found, missing] {
        assert_eq!(field(span, "operation"), "getUser");
        assert_eq!(field(span, "method"), "GET");
        // The query (`userId=...&userIdType=email`) is left out on purpose.
        assert_eq!(field(span, "path"), "/api/v3/get-user");
        assert_eq!(field(span, "attempt"), "1");
        field(span, "duration_ms").parse::<u64>().expect("duration_ms is a whole number");
        let request_id = field(span, "request_id");
        assert!(request_id.len() == 32 && request_id.bytes().all(|b| b.is_ascii_hexdigit()), "{request_id}");
    }
    assert_eq!(field(found, "status_code"), "200");
    assert!(!found.contains_key("api_code"), "a success has no apiCode: {found:?}");

    assert_eq!(field(missing, "status_code"), "404");
    assert_eq!(field(missing, "api_code"), "2004");
    assert_eq!(Some(field(missing, "request_id")), error_request_id.as_deref(), "the span and the error agree");
    assert_ne!(field(found, "request_id"), field(missing, "request_id"));

    // Exactly the documented fields, so nothing else (a header, a secret) slips in.
    let names: Vec<&str> = missing.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["api_code", "attempt", "duration_ms", "method", "operation", "path", "request_id", "status_code"]
    );
}

/// A fresh emulator and a client that retries at once, so the retry tests
/// spend no time waiting out the standard back-off.
async fn retrying_client() -> (Emulator, genauth::ManagementClient) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client = emulator
        .client_builder()
        .retry(RetryConfig::standard().with_base_delay(Duration::from_millis(1)))
        .build()
        .expect("client builds");
    (emulator, client)
}

#[test]
fn a_retried_call_is_one_span_that_records_the_settling_attempt() {
    let (calls, ()) = capture(|_| async {
        let (emulator, client) = retrying_client().await;
        emulator.faults().inject("/api/v3/list-users", Fault::HttpStatus(503), 1);
        emulator.faults().inject(
            "/api/v3/list-users",
            Fault::Envelope(serde_json::json!({"statusCode": 429, "message": "slow down"})),
            1,
        );
        client.list_users().send().await.expect("the third attempt succeeds");
    });

    let closed = calls.closed();
    let [span] = closed.as_slice() else { panic!("one span for one call, retries included: {closed:?}") };
    assert_eq!(field(span, "operation"), "listUsers");
    assert_eq!(field(span, "method"), "POST");
    assert_eq!(field(span, "attempt"), "3");
    assert_eq!(field(span, "status_code"), "200");

    // The retry events are DEBUG: below this subscriber's INFO level.
    assert!(calls.events_inside().is_empty(), "{:?}", calls.events_inside());
}

#[test]
fn retries_are_explained_by_debug_events_inside_the_span() {
    let calls = Calls::default();
    let subscriber = tracing_subscriber::registry().with(calls.clone().with_filter(LevelFilter::DEBUG));
    crate::common::run_traced(subscriber, async {
        let (emulator, client) = retrying_client().await;
        emulator.faults().inject("/api/v3/list-users", Fault::HttpStatus(503), 1);
        client.list_users().send().await.expect("the second attempt succeeds");
    });

    let retries: Vec<Fields> = calls
        .events_inside()
        .into_iter()
        .filter(|event| event.get("message").is_some_and(|m| m == "retrying"))
        .collect();
    let [retry] = retries.as_slice() else { panic!("one retry event: {:?}", calls.events_inside()) };
    assert_eq!(field(retry, "attempt"), "1");
    assert_eq!(field(retry, "reason"), "HTTP 503 Service Unavailable");
    field(retry, "delay_ms").parse::<u64>().expect("delay_ms is a whole number");
}
