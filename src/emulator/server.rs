//! The HTTP side: one catch-all handler that counts, faults, authenticates,
//! routes by the spec, validates, dispatches to the areas' stateful handlers (or
//! to a synthetic listing, or synthesizes an answer) and wraps the outcome
//! in the API's envelope.

use crate::ApiCode;
use crate::emulator::areas;
use crate::emulator::auth::Authenticator;
use crate::emulator::collections;
use crate::emulator::errors::{self, ApiFault, Lang};
use crate::emulator::events::{self, EventHub};
use crate::emulator::faults::{self, Fault, Faults, Injection};
use crate::emulator::persist::{Persister, Snapshot};
use crate::emulator::schema::{self, OperationSpec};
use crate::emulator::state::Pools;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderName, Method, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The largest request body read; anything longer is refused.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Everything the requests of one emulator share.
pub(crate) struct Shared {
    pub auth: Authenticator,
    pub faults: Faults,
    state: Mutex<Pools>,
    persister: Option<Persister>,
    requests: Mutex<HashMap<String, u64>>,
    connections: AtomicU64,
    /// The subscribers of published events.
    pub events: EventHub,
    /// How many items each synthetic listing holds.
    list_len: usize,
}

impl Shared {
    pub(crate) fn new(auth: Authenticator, state: Pools, persister: Option<Persister>, list_len: usize) -> Self {
        Shared {
            auth,
            faults: Faults::default(),
            state: Mutex::new(state),
            persister,
            requests: Mutex::default(),
            connections: AtomicU64::new(0),
            events: EventHub::default(),
            list_len,
        }
    }

    /// How many requests arrived for `path`.
    pub(crate) fn requests_to(&self, path: &str) -> u64 {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).get(path).copied().unwrap_or(0)
    }

    /// How many connections were accepted.
    pub(crate) fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// Counts a freshly accepted connection.
    pub(crate) fn connection_accepted(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    fn count(&self, path: &str) {
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        match requests.get_mut(path) {
            Some(n) => *n += 1,
            None => {
                requests.insert(path.to_owned(), 1);
            }
        }
    }
}

/// The emulator's whole HTTP surface.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().route(events::SUBSCRIBE_PATH, axum::routing::get(subscribe)).fallback(serve).with_state(shared)
}

/// An event subscription: checked as the event service checks it, then
/// upgraded. Faults armed for its path apply before the check.
async fn subscribe(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    shared.count(events::SUBSCRIBE_PATH);
    if let Some(response) = shared.faults.take(events::SUBSCRIBE_PATH).and_then(faults::answer) {
        return response;
    }
    if let Err(fault) = shared.auth.verify_subscription(&headers) {
        let body = json!({ "statusCode": 401, "message": fault.message(Lang::EnUs), "apiCode": fault.api_code().map(ApiCode::number) });
        return (axum::http::StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    shared.events.serve(upgrade, query.get("code").cloned().unwrap_or_default())
}

async fn serve(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    shared.count(path);
    if let Some(admin_path) = path.strip_prefix("/__emulator/") {
        return admin(&shared, &parts.method, admin_path, body).await;
    }
    // Read the whole request first, as a proxy would: answering with bytes still unread
    // makes the kernel reset the connection, which would blur the faults' differences.
    let body = read_body(body).await;
    let fault = shared.faults.take(path);
    if let Some(response) = fault.clone().and_then(faults::answer) {
        return response;
    }
    if let Some(Fault::Drift(edits)) = fault {
        let lang = request_lang(&parts);
        return match faults::drift(answer(&shared, &parts, body).await, &edits) {
            Ok(drifted) => json_response(&drifted),
            Err(e) => envelope(Err(server_error(e)), lang),
        };
    }
    if let Some(Fault::Stall(delay)) = fault {
        let lang = request_lang(&parts);
        // hyper drops a handler whose client hung up, but a server that has accepted a
        // request acts on it all the same: that is the case a stall exists to test (a
        // client that timed out must not assume its write was lost). So the delayed
        // handling runs in a task of its own, which the client's leaving cannot cancel.
        let handling = tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            handle(&shared, &parts, body).await
        });
        return handling
            .await
            .unwrap_or_else(|e| envelope(Err(server_error(format!("a stalled request failed: {e}"))), lang));
    }
    handle(&shared, &parts, body).await
}

/// The API's answer to a request whose body was read (or refused).
async fn handle(shared: &Arc<Shared>, parts: &Parts, body: Result<Bytes, ApiFault>) -> Response {
    json_response(&answer(shared, parts, body).await)
}

/// [`handle`]'s answer, as JSON.
async fn answer(shared: &Arc<Shared>, parts: &Parts, body: Result<Bytes, ApiFault>) -> Value {
    let outcome = match body {
        Ok(body) => api(shared, parts, &body).await,
        Err(fault) => Err(fault),
    };
    if let Err(fault) = &outcome {
        // What the service's terse message leaves out, for whoever debugs a test.
        tracing::debug!(path = parts.uri.path(), refusal = fault.refusal().name, detail = fault.detail(), "refused");
    }
    envelope_body(outcome, request_lang(parts))
}

/// The tenant the request acts in: `<prefix>app-id` of either brand, when set.
fn tenant(parts: &Parts) -> Option<&str> {
    const APP_ID: [HeaderName; 2] =
        [HeaderName::from_static("x-authing-app-id"), HeaderName::from_static("x-genauth-app-id")];
    brand_header(parts, APP_ID).filter(|tenant| !tenant.is_empty())
}

/// The language the request asks its messages in: `<prefix>lang` of either brand.
fn request_lang(parts: &Parts) -> Lang {
    const LANG: [HeaderName; 2] =
        [HeaderName::from_static("x-authing-lang"), HeaderName::from_static("x-genauth-lang")];
    errors::lang_from_header(brand_header(parts, LANG))
}

/// The first of `names` (one header in each brand's spelling) the request
/// carries: the request's brand is known only once its signature has been
/// read, and these headers matter before that. The names are built at
/// compile time, as every request reads them.
fn brand_header(parts: &Parts, names: [HeaderName; 2]) -> Option<&str> {
    names.iter().find_map(|name| parts.headers.get(name)?.to_str().ok())
}

async fn read_body(body: Body) -> Result<Bytes, ApiFault> {
    axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|e| ApiFault::invalid("body", format!("cannot read it ({e}); at most {MAX_BODY} bytes are accepted")))
}

/// One API call, up to the body of a successful answer.
async fn api(shared: &Arc<Shared>, parts: &Parts, body: &[u8]) -> Result<Map<String, Value>, ApiFault> {
    let (method, path, query) = (parts.method.as_str(), parts.uri.path(), parts.uri.query().unwrap_or(""));
    if parts.method == Method::POST && path == crate::token::TOKEN_PATH {
        return shared.auth.issue_token(body).map(|data| Map::from_iter([("data".to_owned(), data)]));
    }
    let spec = schema::spec();
    let route = spec.route(method, path);
    // The credentials are checked before the path: an unknown path with bad
    // credentials is refused for its credentials.
    let declared = || route.as_ref().map(|(op, _)| op.query_parameters()).unwrap_or_default();
    shared.auth.verify(method, path, query, &parts.headers, body, declared)?;
    let (op, path_params) =
        route.ok_or_else(|| ApiFault::new(&errors::NO_SUCH_OPERATION, [format!("{method} {path}")]))?;
    let input = op.input(path_params, query, body)?;
    let handled = dispatch(shared, op, tenant(parts), &input)?;
    let payload = match handled.data {
        Some(payload) => Some(payload),
        None => collections::answer(op, &input, shared.list_len).transpose()?,
    };
    if let Some(snapshot) = handled.snapshot {
        save(shared, snapshot).await?;
    }
    shared.events.deliver(handled.events);
    Ok(op.success_body(payload))
}

/// What a handled call leaves for the server to finish outside the state's lock.
#[derive(Default)]
struct Handled {
    /// The handler's answer; `None` when the operation has no handler.
    data: Option<Value>,
    /// The state to save, when the call changed a state that is persisted.
    snapshot: Option<Snapshot>,
    /// Events the call published, to deliver once it has succeeded.
    events: Vec<(String, String)>,
}

/// Runs the operation's handler on the state of the request's tenant.
fn dispatch(
    shared: &Shared,
    op: &OperationSpec,
    tenant: Option<&str>,
    input: &Map<String, Value>,
) -> Result<Handled, ApiFault> {
    let mut pools = shared.state.lock().unwrap_or_else(|p| p.into_inner());
    let state = pools.of(tenant);
    // A handler bug should cost one answer, not the connection.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| areas::handle(&op.id, input, state)))
        .map_err(|_| server_error(format!("the emulator failed while handling {}", op.id)))?;
    // A refused or failed call publishes nothing.
    let events = std::mem::take(&mut state.outbox);
    let Some(answer) = outcome else { return Ok(Handled::default()) };
    let data = answer?;
    let snapshot = match &shared.persister {
        Some(persister) if op.method != "GET" => {
            Some(persister.snapshot(&pools).map_err(|e| server_error(format!("cannot serialize the state: {e}")))?)
        }
        _ => None,
    };
    Ok(Handled { data: Some(data), snapshot, events })
}

async fn save(shared: &Arc<Shared>, snapshot: Snapshot) -> Result<(), ApiFault> {
    let shared = shared.clone();
    let written = tokio::task::spawn_blocking(move || match &shared.persister {
        Some(persister) => persister.write(snapshot),
        None => Ok(()),
    })
    .await;
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(server_error(e.to_string())),
        Err(e) => Err(server_error(format!("the state could not be saved: {e}"))),
    }
}

fn server_error(message: String) -> ApiFault {
    ApiFault::new(&errors::SERVER_ERROR, [message])
}

/// The endpoints only the emulator has; they need no credentials.
async fn admin(shared: &Shared, method: &Method, path: &str, body: Body) -> Response {
    match (method.as_str(), path) {
        ("POST", "faults") => {
            let injected = read_body(body).await.and_then(|body| {
                let injection: Injection = serde_json::from_slice(&body)
                    .map_err(|e| ApiFault::invalid("body", format!("invalid fault injection: {e}")))?;
                let fault = injection.fault.into_fault().map_err(|e| ApiFault::invalid("fault", e))?;
                shared.faults.inject(injection.path, fault, injection.times);
                Ok(Map::new())
            });
            envelope(injected, Lang::EnUs)
        }
        ("DELETE", "faults") => {
            shared.faults.clear();
            envelope(Ok(Map::new()), Lang::EnUs)
        }
        ("DELETE", "event-connections") => {
            shared.events.drop_connections();
            envelope(Ok(Map::new()), Lang::EnUs)
        }
        ("GET", "stats") => {
            let requests = shared.requests.lock().unwrap_or_else(|p| p.into_inner()).clone();
            json_response(&json!({"requests": requests, "connections": shared.connections()}))
        }
        _ => envelope(
            Err(ApiFault::new(&errors::NO_SUCH_OPERATION, [format!("{method} /__emulator/{path}")])),
            Lang::EnUs,
        ),
    }
}

/// The API's answer to everything: HTTP 200 and a JSON envelope whose
/// `statusCode` tells success from failure, with a fresh `requestId`.
fn envelope(outcome: Result<Map<String, Value>, ApiFault>, lang: Lang) -> Response {
    json_response(&envelope_body(outcome, lang))
}

/// [`envelope`]'s body.
pub(crate) fn envelope_body(outcome: Result<Map<String, Value>, ApiFault>, lang: Lang) -> Value {
    let request_id = Value::String(crate::signing::nonce());
    let mut body = Map::new();
    match outcome {
        Ok(fields) => {
            body.insert("statusCode".into(), json!(200));
            // The service's successes carry an empty message, as the official
            // SDK's suite records for every operation it checks.
            body.insert("message".into(), json!(""));
            body.insert("requestId".into(), request_id);
            for (name, value) in fields {
                if !matches!(name.as_str(), "statusCode" | "message" | "requestId" | "apiCode") {
                    body.insert(name, value);
                }
            }
            body.entry("data").or_insert(Value::Null);
        }
        Err(fault) => {
            fault.envelope_fields(lang, &mut body);
            body.insert("requestId".into(), request_id);
        }
    }
    Value::Object(body)
}

fn json_response(body: &Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}
