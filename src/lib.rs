//! Rust SDK for the GenAuth / Authing V3 Management API.
//!
//! Every operation of the API (496 of them) is generated at compile time from
//! the OpenAPI spec in `spec/`, as a method on [`ManagementClient`] that
//! returns a fluent request builder ending in `.send()`. A small hand-written
//! layer signs requests, unwraps the response envelope into
//! `Result<T, Error>`, retries what is safe to retry, and offers typed user
//! and department references.
//!
//! # Getting started
//!
//! ```no_run
//! # async fn run() -> Result<(), genauth::Error> {
//! use genauth::{ManagementClient, UserIds};
//!
//! let client = ManagementClient::from_env()?;
//! let outcome = client
//!     .delete_users_batch()
//!     .users(UserIds::emails(["alice@example.com", "bob@example.com"]))
//!     .send()
//!     .await?;
//! println!("deleted: {:?}", outcome.success);
//! # Ok(()) }
//! ```
//!
//! [`ManagementClient::from_env`] reads `GENAUTH_ACCESS_KEY_ID`,
//! `GENAUTH_ACCESS_KEY_SECRET`, and optionally `GENAUTH_HOST` and
//! `GENAUTH_BRAND`; [`ManagementClient::builder`] sets everything in code.
//! Request bodies are set with `.body(..)` (a value of the generated type in
//! [`types`]) or `.body_map(|b| b.field(..))` (its builder); query parameters
//! have one setter each.
//!
//! # Authentication
//!
//! Two modes, chosen with [`ClientBuilder::auth_mode`]:
//!
//! - [`AuthMode::Signature`] (the default) signs every request with the access
//!   key pair (HMAC-SHA1 over the method, the brand's headers, the path and the
//!   request's fields), exactly as the official SDKs do. The secret never
//!   travels; every request and every retry carries a fresh nonce and date.
//! - [`AuthMode::ManagementToken`] exchanges the key pair once for a management
//!   token, caches it until shortly before it expires, and sends it as
//!   `Bearer`. Concurrent calls on a cold client share one token request; a
//!   failed fetch is not cached; a 401 answer triggers one refresh and one retry.
//!
//! # Brands, hosts and private deployments
//!
//! [`Brand::GenAuth`] talks to `https://api.genauth.ai` with `x-genauth-*`
//! headers, [`Brand::Authing`] to `https://api.authing.cn` with `x-authing-*`
//! headers. A private deployment sets its own host with
//! [`ClientBuilder::host`]; the brand still picks the header dialect. TLS is
//! always verified unless [`ClientBuilder::danger_accept_invalid_certs`] says
//! otherwise. [`ClientBuilder::tenant_id`] acts inside one tenant of a
//! multi-tenant pool, and [`ClientBuilder::lang`] picks the language of the
//! API's messages.
//!
//! # Errors
//!
//! The API answers every request with HTTP 200 and an envelope
//! `{statusCode, message, apiCode, requestId, data}`. `.send()` returns the
//! `data` when `statusCode` is 200 and an [`Error::Api`] otherwise, so nobody
//! checks status codes by hand:
//!
//! ```no_run
//! # async fn run(client: genauth::ManagementClient) {
//! use genauth::UserRef;
//! match client.get_user().user(UserRef::email("ghost@example.com")).send().await {
//!     Ok(user) => println!("found {}", user.user_id),
//!     Err(e) if e.api_code() == Some(2004) => println!("no such user"),
//!     Err(e) => eprintln!("failed: {e} (request id {:?})", e.request_id()),
//! }
//! # }
//! ```
//!
//! Transport failures, timeouts, unexpected HTTP statuses, undecodable answers
//! (with a bounded excerpt of the body), input refused before sending and
//! configuration mistakes each have their own [`Error`] variant.
//!
//! # Users and departments
//!
//! Operations name a user by an id string plus a `userIdType` saying what the
//! string is; where that type travels (query, body, or `options`) depends on
//! the operation. The builders' `.user(..)`, `.users(..)` and `.department(..)`
//! take a [`UserRef`], [`UserIds`] or [`DepartmentRef`] and fill both halves
//! in the right place:
//!
//! ```no_run
//! # async fn run(client: genauth::ManagementClient) -> Result<(), genauth::Error> {
//! use genauth::{DepartmentRef, UserRef};
//! client.resign_user().user(UserRef::phone("+86 13800000000")).send().await?;
//! client
//!     .remove_department_members()
//!     .body_map(|b| b.organization_code("acme".to_owned()).user_ids(vec!["u1".to_owned()]))
//!     .department(DepartmentRef::code("engineering"))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Where the API documents a limit (at most 50 `userIds` per
//! `deleteUsersBatch`), a larger request is refused with
//! [`Error::InvalidInput`] before any byte leaves.
//!
//! # Pagination
//!
//! List operations take `page` (from 1) and `limit` (10 by default, at most
//! 50), as query parameters, body fields or `options.pagination` depending on
//! the operation, and answer `{totalCount, list}`.
//!
//! # Tracing
//!
//! Every call runs inside an INFO-level [`tracing`] span named
//! `genauth.call`, so any subscriber you install sees it; the crate installs
//! nothing itself. The span records:
//!
//! | field | what |
//! |---|---|
//! | `operation` | the operation id, e.g. `getUser` |
//! | `method`, `path` | the HTTP method and the path, without the query (it may hold emails or phone numbers) |
//! | `attempt` | the attempt that settled the call, 1 unless it was retried |
//! | `duration_ms` | from the first attempt to the settled answer, retry pauses included |
//! | `status_code`, `api_code` | the envelope's codes |
//! | `request_id` | the envelope's `requestId`, to quote to support |
//!
//! No secret, signature, token or `Authorization` value is ever recorded.
//! Retries are logged as DEBUG events inside the span.
//!
//! # Testing against the emulator
//!
//! With the `emulator` feature, [`emulator::Emulator`] runs a local, stateful,
//! wire-compatible API in-process (or as the `genauth-emulator` binary), so
//! tests need no tenant:
//!
//! ```toml
//! [dev-dependencies]
//! genauth = { version = "0.1", features = ["emulator"] }
//! ```
//!
//! It can also inject faults (error envelopes, HTTP statuses, stalls,
//! resets, malformed bodies) to test how your code copes.
//!
//! # When the API changes
//!
//! `cargo xtask spec import vendor-openapi.json` rewrites `spec/openapi.json`
//! from the vendor's document (facts only; our docs in `spec/docs/` are kept),
//! and the next build regenerates every type and method.

#![warn(missing_docs)]

mod api {
    #![allow(missing_docs, clippy::all, unused_imports, unused_mut, unused_variables, dead_code)]
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

mod call;
mod client;
mod config;
mod error;
mod ids;
mod operation;
pub mod signing;
mod token;

#[cfg(feature = "emulator")]
pub mod emulator;

pub use api::Client as ManagementClient;
pub use api::{OPERATIONS, builder, types};
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub use api::contract;
pub use config::{AuthMode, Brand, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Lang, RetryConfig, Secret};
pub use error::{ApiError, BODY_EXCERPT_LIMIT, Error};
pub use ids::{DepartmentRef, UserIds, UserRef};
pub use operation::Operation;

/// The SDK's version, as sent in the `<prefix>sdk-version` header.
pub const SDK_VERSION: &str = concat!("genauth-rust:", env!("CARGO_PKG_VERSION"));
