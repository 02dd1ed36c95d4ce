//! A local, stateful stand-in for the Management API, for tests that must not
//! need a real user pool.
//!
//! The emulator speaks the API's wire protocol: it checks request signatures
//! (both brands) and management tokens as the API does, routes every one of
//! the spec's operations, validates input as the service does, and keeps
//! the pool's users, organizations and departments, groups, roles,
//! permission namespaces and resources, data permissions, custom fields,
//! tenants, applications, external identity providers and events in memory
//! (optionally in a state file, starting from a [`Seed`]). [`operations`] says how each
//! operation is answered: carried out against that state; in an area with
//! state but no handler yet, refused as not emulated (`statusCode` 501),
//! never with invented data; in an area without state, with synthesized,
//! schema-valid data (list operations page through a fixed synthetic
//! collection, see [`EmulatorBuilder::synthetic_list_len`]). It runs
//! in-process ([`Emulator::start`]) or as the `genauth-emulator` binary,
//! which the official Node and Python SDKs can also be pointed at.
//!
//! Its fidelity to the live service is measured by the official Node SDK's
//! own test suite, run against it by `cargo xtask conformance`
//! (`CONFORMANCE.md`); its refusals come from one catalogue, [`errors`],
//! with each message in the request's `<prefix>lang`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use genauth::emulator::{Emulator, Fault};
//! use genauth::{Error, RetryConfig};
//!
//! let emulator = Emulator::start().await?;
//! let client = emulator.client_builder().retry(RetryConfig::disabled()).build()?;
//! let alice = client.create_user().body_map(|b| b.email("alice@example.com".to_owned())).send().await?;
//!
//! // The next request to get-user meets a failing load balancer.
//! emulator.faults().inject("/api/v3/get-user", Fault::HttpStatus(503), 1);
//! let failed = client.get_user().user_id(alice.user_id.clone()).send().await;
//! assert!(matches!(failed, Err(Error::Http { status: 503, .. })));
//!
//! let fetched = client.get_user().user_id(alice.user_id).send().await?;
//! assert_eq!(fetched.email.as_deref(), Some("alice@example.com"));
//! assert_eq!(emulator.requests_to("/api/v3/get-user"), 2);
//! # Ok(()) }
//! ```
//!
//! # Answers
//!
//! Every answer is HTTP 200 with `{statusCode, message, apiCode?, requestId,
//! data}`; `requestId` is 32 lowercase hex digits, new for each request.
//!
//! | `statusCode` | `apiCode` | when |
//! |--------------|-----------|------|
//! | 200 | — | success (`message` is `""`) |
//! | 400 | 2000 | a parameter is missing, empty where it cannot be (a required list), of the wrong type or an unknown enum value, too long, or out of range; the message names the top-level parameter as the service does: `参数 userIds 格式错误` (zh-CN) |
//! | 401 | 1300 | `Authorization` is missing, or is neither `GenAuth <id>:<sig>`, `authing <id>:<sig>` nor `Bearer <token>` |
//! | 401 | 1301 | unknown access key id (signed requests and the token endpoint) |
//! | 401 | 1302 | the signature does not match the request, or the token endpoint got a wrong secret |
//! | 401 | 1303 | `<prefix>signature-method` is not `HMAC-SHA1` or `<prefix>signature-version` is not `1.0` |
//! | 401 | 1304 | `date` or `<prefix>signature-nonce` is missing or malformed |
//! | 401 | 1305 | `date` is further from the emulator's clock than the allowed skew (15 minutes by default) |
//! | 401 | 1306 | the nonce was already used (nonces are remembered for twice the allowed skew) |
//! | 401 | — | a bearer token that is malformed, forged, expired, or sent without a matching `<prefix>userpool-id` header |
//! | 404 | — | no operation has this method and path |
//! | 501 | — | the operation belongs to an area the emulator keeps state for, but it has no handler yet (see [`operations`]) |
//! | 500 | — | the state file could not be written |
//!
//! `<prefix>` is `x-genauth-` when the `Authorization` scheme word is
//! `GenAuth` and `x-authing-` when it is `authing`. The stateful handlers add
//! their own refusals (unknown user, conflicts, ...) with the API's codes.
//! The data-permission operations (permission namespaces, data resources,
//! data policies and their checks) are answered as their own service
//! answers: each field is held to that service's rules, empty lists
//! included, and a refusal lists the first offending field's broken rules
//! in its words (`statementList must contain at least 1 elements`, 400).
//! The sync center words a body that leaves out a required member its own
//! way too: `Must contain one of the following fields: <member>` (400).
//! Every refusal is an entry of [`errors::CATALOGUE`], and its message
//! follows the request's `<prefix>lang` (`zh-CN` when absent).
//!
//! `POST /api/v3/get-management-token` with `{accessKeyId, accessKeySecret}`
//! needs no signature and answers `data: {access_token, expires_in}`.
//!
//! `GET /events/v1/management/sub?code=<code>` is the event service: with
//! the subscription's `Authorization` (signed over `websocket` with no
//! headers, path or fields, as the official SDKs sign it) it upgrades to a
//! websocket that carries, as text frames, every event published under the
//! code with `POST /api/v3/pub-event` from then on; without it, HTTP 401.
//! [`Emulator::events_url`] is its address.
//!
//! # Endpoints only the emulator has
//!
//! They need no credentials:
//!
//! - `POST /__emulator/faults` with `{"path": "/api/v3/get-user", "times": 2,
//!   "fault": {"kind": ...}}` arms a [`Fault`]; `kind` is `envelope` (with
//!   `body`), `http_status` (with `status`), `throttled` (with `status` and
//!   `retry_after`), `stall` (with `ms`), `reset`, `malformed`, `truncated`
//!   or `drift` (with `edits`); `times` defaults to 1.
//!   A drift lets the real answer through with its `edits` applied, in
//!   order, each one `{"op": "set", "pointer": "/data/status", "value":
//!   "Locked"}`, `{"op": "null", "pointer": ...}` or `{"op": "remove",
//!   "pointer": ...}` (JSON pointers into the whole body): a way to check
//!   what your code makes of an answer that has drifted from the spec.
//! - `DELETE /__emulator/faults` disarms every fault.
//! - `DELETE /__emulator/event-connections` drops every open event
//!   subscription, as a broken connection would.
//! - `GET /__emulator/stats` answers `{"requests": {path: count},
//!   "connections": n}`.
//!
//! # Layout
//!
//! Each area of the API the emulator keeps state for (users, organizations
//! and departments, groups, roles, custom fields, resources and permission
//! namespaces, data permissions, tenants, applications, events) is a module
//! of its own under `src/emulator/areas/`, in the manner of moto or
//! LocalStack: its table of operations and handlers, the records it keeps,
//! its handlers with their typed inputs and checks, and its unit tests,
//! together. One registry lists the areas' tables, and is held to the spec
//! when the emulator starts. The server, the spec-driven validation, the error
//! catalogue, persistence and the state that aggregates every area's
//! records are shared by all of them.

mod areas;
mod auth;
mod collections;
pub mod errors;
mod events;
mod faults;
mod persist;
pub(crate) mod schema;
mod seed;
mod server;
mod state;

pub use areas::registry::{Emulation, OperationEmulation};
pub use faults::{Drift, Fault, Faults};
#[doc(hidden)]
pub use schema::minimal_request;
pub use seed::Seed;

use crate::Secret;
use sha2::Digest as _;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The access key id an emulator accepts unless told otherwise. A published
/// test value: it protects nothing.
pub const DEFAULT_ACCESS_KEY_ID: &str = "emulator-access-key-id";
/// The access key secret an emulator accepts unless told otherwise. A
/// published test value: it protects nothing.
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "emulator-access-key-secret";
/// How long issued management tokens live unless told otherwise: two hours,
/// as on the real API.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(7200);
/// How far a signed request's `date` may be from the emulator's clock unless
/// told otherwise.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);
/// How many items each synthetic listing holds unless told otherwise; see
/// [`EmulatorBuilder::synthetic_list_len`].
pub const DEFAULT_SYNTHETIC_LIST_LEN: usize = collections::DEFAULT_LEN;

/// A running emulator. It serves until dropped.
pub struct Emulator {
    base_url: String,
    access_key_id: String,
    access_key_secret: Secret,
    userpool_id: String,
    shared: Arc<server::Shared>,
    shutdown: CancellationToken,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .field("access_key_id", &self.access_key_id)
            .field("userpool_id", &self.userpool_id)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts an emulator with the default settings on a free port of
    /// `127.0.0.1`, served by the current tokio runtime.
    pub async fn start() -> Result<Emulator, std::io::Error> {
        Self::builder().start().await
    }

    /// Configures an emulator before starting it.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Where the emulator listens, like `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The access key id it accepts.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret it accepts.
    pub fn access_key_secret(&self) -> &str {
        self.access_key_secret.expose()
    }

    /// The id of the emulated user pool, as management tokens carry it. It is
    /// derived from the access key id, so it stays the same across restarts.
    pub fn userpool_id(&self) -> &str {
        &self.userpool_id
    }

    /// A client builder aimed at this emulator with its key pair, signing
    /// requests; adjust it (brand, auth mode, retries) before building.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::ClientBuilder::default()
            .host(self.base_url.clone())
            .events_host(self.events_url())
            .access_key_id(self.access_key_id.clone())
            .access_key_secret(self.access_key_secret.clone())
    }

    /// Where event subscriptions connect, like `ws://127.0.0.1:41234`.
    pub fn events_url(&self) -> String {
        self.base_url.replacen("http://", "ws://", 1)
    }

    /// How many event subscriptions to `code` are open now.
    pub fn event_subscribers(&self, code: &str) -> usize {
        self.shared.events.subscribers(code)
    }

    /// Closes every open event subscription at once, without a close
    /// frame, as a dropped connection would: subscribers must reconnect.
    pub fn drop_event_connections(&self) {
        self.shared.events.drop_connections();
    }

    /// The faults armed on this emulator, to arm more or clear them.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// How many HTTP requests arrived for `path` (without a query), whatever
    /// their method and outcome: the token endpoint, refused and faulted
    /// requests included.
    pub fn requests_to(&self, path: &str) -> u64 {
        self.shared.requests_to(path)
    }

    /// How many TCP connections the emulator accepted, to see whether a
    /// client reuses its connections.
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Stops accepting at once; requests in flight finish on their own.
        self.shutdown.cancel();
    }
}

/// Settings of an emulator; [`start`](EmulatorBuilder::start) runs it.
#[derive(Debug)]
#[must_use]
pub struct EmulatorBuilder {
    listen: SocketAddr,
    access_key_id: String,
    access_key_secret: Secret,
    state_file: Option<PathBuf>,
    token_ttl: Duration,
    max_clock_skew: Duration,
    synthetic_list_len: usize,
    seed: Option<Seed>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
            access_key_secret: Secret::new(DEFAULT_ACCESS_KEY_SECRET),
            state_file: None,
            token_ttl: DEFAULT_TOKEN_TTL,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            synthetic_list_len: DEFAULT_SYNTHETIC_LIST_LEN,
            seed: None,
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on (default `127.0.0.1:0`: a free port).
    pub fn listen(mut self, address: SocketAddr) -> Self {
        self.listen = address;
        self
    }

    /// The one key pair the emulator accepts (default
    /// [`DEFAULT_ACCESS_KEY_ID`] and [`DEFAULT_ACCESS_KEY_SECRET`]).
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.access_key_id = id.into();
        self.access_key_secret = secret.into();
        self
    }

    /// Keeps the state in this JSON file: loaded at start when it exists,
    /// rewritten atomically after every successful change. One running
    /// emulator per file: a second one would remove the first one's
    /// temporary files at start and overwrite its changes.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// How long issued management tokens live (default two hours). Zero
    /// issues tokens that are already expired, to test refreshing.
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// How far a signed request's `date` may be from the emulator's clock
    /// (default 15 minutes).
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// How many items each synthetic listing holds (default
    /// [`DEFAULT_SYNTHETIC_LIST_LEN`]).
    ///
    /// A list operation the emulator keeps no state for (it does for users,
    /// organizations, departments, groups, roles and their members) lists one fixed
    /// collection of this many items, and each request gets the slice its
    /// `page` and `limit` (or `scrollId` and `size`) ask for, with a matching
    /// `totalCount`, so that paging code can be tested end to end. Item *n*
    /// (from 1) has its key field, the first string field named `id` or
    /// ending in `Id` (else the first other non-date string field), set to
    /// `"item-n"`; a list of strings holds `"item-n"` itself.
    pub fn synthetic_list_len(mut self, len: usize) -> Self {
        self.synthetic_list_len = len;
        self
    }

    /// The pool's starting state (see [`Seed`] for the document). It is
    /// applied when the emulator starts with no state: always without a
    /// state file, and with one only while that file does not exist yet.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Loads the state file (if any), binds the address and serves on the
    /// current tokio runtime. Fails when the address cannot be bound or the
    /// state file exists but cannot be read, or the seed is refused.
    pub async fn start(self) -> Result<Emulator, std::io::Error> {
        let persister = self.state_file.map(persist::Persister::new);
        let loaded = match &persister {
            Some(persister) => persister.load()?,
            None => None,
        };
        let userpool_id = userpool_id_for(&self.access_key_id);
        let mut state = match (loaded, &self.seed) {
            (Some(pools), _) => pools,
            (None, Some(seed)) => {
                let mut pools = state::Pools::default();
                seed.apply(&mut pools.pool)?;
                pools
            }
            (None, None) => state::Pools::default(),
        };
        state.set_userpool_id(&userpool_id);
        // A handler registered under the wrong area, or for an operation the
        // spec lost, would answer for the wrong thing: refuse to start.
        areas::registry::check_once().map_err(std::io::Error::other)?;
        let listener = tokio::net::TcpListener::bind(self.listen).await?;
        let address = listener.local_addr()?;
        let auth = auth::Authenticator::new(
            self.access_key_id.clone(),
            self.access_key_secret.clone(),
            userpool_id.clone(),
            self.token_ttl,
            self.max_clock_skew,
        );
        let shared = Arc::new(server::Shared::new(auth, state, persister, self.synthetic_list_len));

        let counter = shared.clone();
        let listener = axum::serve::ListenerExt::tap_io(listener, move |stream| {
            counter.connection_accepted();
            // Small request/response exchanges: waiting to coalesce only adds latency.
            let _ = stream.set_nodelay(true);
        });
        let shutdown = CancellationToken::new();
        let server = axum::serve(listener, server::router(shared.clone()))
            .with_graceful_shutdown(shutdown.clone().cancelled_owned());
        tokio::spawn(async move {
            // The spec (parsed once per process) is ready before the first
            // connection is accepted, but not before the start returns:
            // connections made meanwhile wait in the kernel's accept queue,
            // in the order they came, and are answered in that order. (Had
            // they been accepted first, they would all wait for the parse
            // and then race; a suite that fires requests without awaiting
            // them depends on their order.)
            // Later starts in the process find it parsed and skip the hop to
            // a blocking thread.
            if !schema::is_parsed() {
                let _ = tokio::task::spawn_blocking(schema::spec).await;
            }
            if let Err(e) = server.await {
                tracing::warn!(error = %e, "the emulator stopped serving");
            }
        });

        Ok(Emulator {
            base_url: format!("http://{address}"),
            access_key_id: self.access_key_id,
            access_key_secret: self.access_key_secret,
            userpool_id,
            shared,
            shutdown,
        })
    }
}

/// How the emulator answers each of the spec's operations, in the spec's
/// order: carried out against its state, refused as not emulated (an
/// operation of an area it keeps state for, without a handler yet), or
/// answered with synthesized schema-valid data (an area without state).
pub fn operations() -> Vec<OperationEmulation> {
    areas::registry::table(schema::spec())
}

/// A user pool id in the API's format (24 hex digits), stable for a key id.
fn userpool_id_for(access_key_id: &str) -> String {
    let digest = sha2::Sha256::digest(access_key_id.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
