//! Rust SDK for the GenAuth / Authing V3 Management API.
//!
//! Every operation of the API (496 of them, in areas you can
//! [select with cargo features](#cargo-features)) is generated at compile
//! time from the OpenAPI spec in `spec/`, as a method on [`ManagementClient`]
//! that returns a fluent request builder ending in `.send()`. A small hand-written
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
//!
//! # Setting a request
//!
//! Every query parameter and every top-level body field has a setter on the
//! operation's builder:
//!
//! ```no_run
//! # async fn run(client: genauth::ManagementClient) -> Result<(), genauth::Error> {
//! let user = client.create_user().email("ada@example.com").phone("13800000000").send().await?;
//! client.create_group().code("eng").name("Engineering").description("Builds things").send().await?;
//! # let _ = user; Ok(()) }
//! ```
//!
//! A setter takes anything that converts into the field's type: `&str` or
//! `String` for a string, the plain value for an optional field, any
//! iterator for a list. An enum field also takes its wire string and an
//! object field the object's builder (`SomeDto::builder().field(..)`); a value
//! that does not convert is refused by `send()`, naming the field. Where a
//! body field's setter would have the name of a parameter or of a typed
//! reference setter (below), it is called `body_<field>`. `.body(..)` sets a
//! whole body (a value of [`types`]) and `.body_map(|b| ..)` edits it through
//! its builder.
//!
//! A request that lacks a required field or parameter is refused before
//! sending, with [`Error::InvalidInput`] naming the operation and the field
//! as the wire does: `createGroup: missing required field "description"`.
//! Each operation's docs list its required fields and the values its enum
//! fields take; [Operations by area](#operations-by-area) lists the
//! operations.
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
//! always verified, against the platform's roots and any
//! [`ClientBuilder::root_certificates_pem`] adds (a private authority), unless
//! [`ClientBuilder::danger_accept_invalid_certs`] says otherwise. Requests go
//! to hyper-util's client directly, as reqwest would send them but beneath
//! the layers reqwest adds (its redirect layer re-parses every URL, and the
//! API never redirects); a proxy the environment sets
//! (`HTTPS_PROXY`, `NO_PROXY`, ...) or a `reqwest::Client` of your own
//! ([`ClientBuilder::http_client`]) sends them through reqwest instead.
//! [`ClientBuilder::tenant_id`] acts inside one tenant of a
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
//! use genauth::{ApiCode, UserRef};
//! match client.get_user().user(UserRef::email("ghost@example.com")).send().await {
//!     Ok(user) => println!("found {}", user.user_id),
//!     Err(e) if e.code() == Some(ApiCode::UserNotFound) => println!("no such user"),
//!     Err(e) if e.is_retryable() => println!("try again later: {e}"),
//!     Err(e) => eprintln!("failed: {e} (request id {:?})", e.request_id()),
//! }
//! # }
//! ```
//!
//! [`ApiCode`] names the `apiCode`s known to the crate, each with its
//! meaning. An operation's docs list the ones tied to what it takes (a user
//! that does not exist, a code that is taken, ...); any operation can also
//! meet [`ApiCode::InvalidParameter`] for a malformed parameter and the
//! signature codes 1300–1306 for refused credentials. For
//! branching by kind, [`Error::is_not_found`], [`Error::is_conflict`],
//! [`Error::is_invalid_input`], [`Error::is_auth`] and [`Error::is_retryable`]
//! go by the `apiCode` where the catalogue knows it and by the `statusCode`
//! otherwise; each documents its rule.
//!
//! Transport failures, timeouts, unexpected HTTP statuses, undecodable
//! answers, input refused before sending and configuration mistakes each have
//! their own [`Error`] variant. A [`DecodeError`] names the operation, the
//! JSON path and what was expected there, and says what it found by kind
//! only (`a string of 12 characters`): answers hold emails, phone numbers and
//! tokens, so no error quotes a value from one. The body is there for a
//! caller who asks, with [`DecodeError::raw_body`].
//!
//! A `429` or `503` answer is retried (any method; the server did not act on
//! it), after the wait its `Retry-After` header asks for, in seconds or as an
//! HTTP date, but never longer than [`RetryConfig::with_max_delay`].
//!
//! # Tolerant responses
//!
//! The spec is reconstructed from an SDK release, and the live service sends
//! what it never listed. Answers still decode into the typed structs, by the
//! rules Smithy's clients follow (an `Unknown` enum variant and "client
//! error correction"):
//!
//! - **Enum values the spec does not list** decode as the enum's
//!   `Unknown(String)` variant, which keeps the string as it came: it
//!   displays and serializes exactly so and equals none of the listed
//!   variants. `as_str()` gives the value whatever the variant. Listed
//!   values decode as their own variants; matching on an answer's enum needs
//!   an arm for `Unknown`.
//! - **A required field that is absent or `null`** decodes as its type's zero
//!   value: `""`, `0`, `false`, an empty list, a struct of zero values, and
//!   `Unknown("")` for an enum. Fields stay plain (no `Option`), identifiers
//!   included, so an empty `user_id` is how a missing one shows. A field the
//!   spec lets be `null` is an `Option`, and its absence decodes as `None`.
//!   A `null` for an optional list decodes as an empty list.
//! - **A `null` item in a list** is left out: the list holds the items that
//!   came, in their order. A zero value in the item's place would pass for
//!   data (a user whose id is empty). Lists of untyped JSON values keep
//!   their `null`s, which are values there.
//! - **Fields the spec does not know** are ignored.
//! - **Unions** (a field that is one of several shapes) decode as the
//!   variant whose shape the value has; among object variants, the one that
//!   knows most of the value's fields.
//!
//! Each correction and each unlisted value is logged as a [`tracing`] WARN
//! event naming where it happened: `type_name` (the generated struct, e.g.
//! `UserDto`) and `field` (the field's JSON name), with `what` (`absent`,
//! `null` or `null items`) for a corrected field and `enum_name` (e.g.
//! `Status`) for an unlisted value. An unlisted value outside any struct
//! field, such as an answer that is itself an enum, has `enum_name` only;
//! `null` items in a union's list are named by the union's `type_name` alone. The value itself is never logged:
//! answers hold personal data. So drift shows in your logs without failing
//! calls.
//!
//! Only the types answers can hold are tolerant. Types only requests use
//! stay as strict as the spec, `FromStr` and `TryFrom<&str>` of every enum
//! refuse unlisted strings, and what a request serializes to is what the
//! spec says, byte for byte. To see how your own code copes with drift, the
//! emulator's `Fault::Drift` changes real answers on demand.
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
//! // A phone number is the national number alone; the user's country code
//! // (`phoneCountryCode`, e.g. `+86`) is not part of it.
//! client.resign_user().user(UserRef::phone("13800000000")).send().await?;
//! client
//!     .remove_department_members()
//!     .organization_code("acme")
//!     .user_ids(["u1"])
//!     .department(DepartmentRef::code("engineering"))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Role assignments name their targets with [`types::TargetDto`]'s
//! constructors, or add users, groups and departments by kind:
//!
//! ```no_run
//! # #[cfg(feature = "roles")]
//! # async fn run(client: genauth::ManagementClient) -> Result<(), genauth::Error> {
//! use genauth::{UserIds, types::TargetDto};
//! client
//!     .assign_role()
//!     .code("auditor")
//!     .targets([TargetDto::user("6343b98b7cf"), TargetDto::group("finance")])
//!     .users(UserIds::user_ids(["6343bafc019"]))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Where the API documents a limit (at most 50 `userIds` per
//! `deleteUsersBatch`), a larger request is refused with
//! [`Error::InvalidInput`] before any byte leaves.
//!
//! # Batch helpers
//!
//! A batch operation carries at most 50 ids per call (or the spec's own
//! limit), and its plain `.send()` sticks to that. For longer lists, the
//! builders of batch operations (`deleteUsersBatch`, `getUserBatch`,
//! `addDepartmentMembers`, `removeGroupMembers` and the like) have an opt-in
//! `.chunked(ids)`: it sends the ids in chunks the operation accepts, a few
//! calls at a time, and returns a [`batch::BatchReport`] that lists the ids
//! that succeeded and, per failed call, its ids and its error.
//!
//! ```
//! # #[cfg(all(feature = "emulator", feature = "users"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = genauth::emulator::Emulator::start().await?;
//! # let client = emulator.client_builder().build()?;
//! use genauth::UserIds;
//!
//! let emails: Vec<String> = (0..120).map(|i| format!("user-{i}@example.com")).collect();
//! # let people = emails.iter().map(|e| genauth::types::CreateUserInfoDto { email: Some(e.clone()), ..Default::default() });
//! # client.create_users_batch().list(people).send().await?;
//! // Three calls (50 + 50 + 20 emails), at most two at a time.
//! let report = client
//!     .delete_users_batch()
//!     .chunked(UserIds::emails(&emails))
//!     .concurrency(2)
//!     .send()
//!     .await;
//! for failure in report.failed() {
//!     eprintln!("{} users were not deleted: {}", failure.ids.len(), failure.error);
//! }
//! assert_eq!(report.succeeded().len(), 120);
//! // Any failed chunk becomes an error here; none is dropped silently.
//! report.into_result()?;
//! # Ok(()) }
//! # #[cfg(not(all(feature = "emulator", feature = "users")))]
//! # fn main() {}
//! ```
//!
//! The [`batch`] module says which operations have `chunked`, and how chunk
//! size, concurrency, duplicates and `success: false` answers are handled.
//!
//! # Pagination
//!
//! List operations take a page number (from 1) and a page size (10 by
//! default, at most 50; the applications' and the tenant console's
//! listings also answer larger pages): as query parameters, as body fields, in a body
//! `pagination` object or in `options.pagination`, depending on the
//! operation. Most answer `{totalCount, list}`; one, `getAllMetadataRow`,
//! scrolls instead, handing back a `scrollId` for the next request.
//!
//! Rather than loop by hand, call `.into_paginator()` on the builder of any
//! list operation. [`Paginator::items`] streams the items and
//! [`Paginator::send`] the pages, whatever way the operation pages; each page
//! is requested only once the previous one is used up, and the stream ends at
//! `totalCount` (at the first empty page when the operation reports no
//! total). Both streams are [`futures_core::Stream`]s, for the combinators of
//! `futures`, and also have an inherent `next()`:
//!
//! ```
//! # #[cfg(all(feature = "emulator", feature = "users"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = genauth::emulator::Emulator::start().await?;
//! # let client = emulator.client_builder().build()?;
//! # let people = (0..120).map(|i| genauth::types::CreateUserInfoDto { email: Some(format!("user-{i}@example.com")), ..Default::default() });
//! # client.create_users_batch().list(people).send().await?;
//! // Every user: three requests of 50, each sent when the loop gets there.
//! let mut users = client.list_users().into_paginator().items();
//! let mut emails = Vec::new();
//! while let Some(user) = users.next().await {
//!     emails.push(user?.email);
//! }
//! assert_eq!(emails.len(), 120);
//!
//! // Page by page, 40 at a time.
//! let mut pages = client.list_users().into_paginator().page_size(40).send();
//! while let Some(page) = pages.next().await {
//!     let page = page?;
//!     println!("page {:?}: {} of {:?} users", page.number(), page.items().len(), page.total_count());
//! }
//! # Ok(()) }
//! # #[cfg(not(all(feature = "emulator", feature = "users")))]
//! # fn main() {}
//! ```
//!
//! Filters set on the builder apply to every page. A `page` set on it is
//! where paging starts, and its `limit` is the page size, which
//! [`Paginator::page_size`] overrides; without either, pages hold 50 items.
//! A failed request ends the stream with its error. The [`paginate`] module
//! has the details.
//!
//! # Events
//!
//! With the `events` feature (part of the default `full`),
//! [`ManagementClient::subscribe`] turns an event code into a `Stream` of
//! [`events::Event`]s over the event service's websocket: it reconnects
//! after a drop, ends with an error only when the service refuses the
//! subscription or stays out of reach, and closes the socket when dropped.
//! [`ManagementClient::publish`] sends a custom event. The emulator serves
//! the same websocket and delivers every published event; see
//! [`events`](crate::events) and `examples/events.rs`.
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
//! # Cargo features
//!
//! Each API area (a tag of the spec) is a cargo feature, and `full`, the
//! default, enables all of them. Compiling the generated code is most of
//! this crate's build time, so a program that talks to a few areas can
//! build just those:
//!
//! ```toml
//! [dependencies]
//! genauth = { version = "0.1", default-features = false, features = ["users", "organizations"] }
//! ```
//!
//! An area brings its operations with everything generated for them
//! (methods of [`ManagementClient`], their builders, paginators and batch
//! helpers, rows of [`OPERATIONS`]) and the types in [`types`] that they use,
//! shared types included. The hand-written rest of the crate is there
//! whatever the features: configuration, signing, errors, retries,
//! [`UserRef`], [`UserIds`] and [`DepartmentRef`]. `emulator` is independent
//! of the areas: the emulator serves every operation of the spec however the
//! client is built.
//!
//! | Feature | What it enables |
//! |---|---|
//! | `full` (default) | every API area below |
//! | `emulator` | [`emulator`] and the `genauth-emulator` binary |
//!
//! The API areas, with the number of operations each one has:
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/features.md"))]
//!
//! # When the API changes
//!
//! `cargo xtask spec import vendor-openapi.json` rewrites `spec/openapi.json`
//! from the vendor's document (facts only; our docs in `spec/docs/` are kept),
//! and the next build regenerates every type and method.
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/operations.md"))]
#![warn(missing_docs)]

// Declared before `api`: rustdoc lists a type's impl blocks in declaration
// order, and `ManagementClient`'s page should open with `builder` and
// `from_env` (in `client`), not with the 500 generated operations.
mod client;
mod api {
    #![allow(missing_docs, clippy::all, unused_imports, unused_mut, unused_variables, dead_code)]
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

mod api_code;
pub mod batch;
mod config;
mod envelope;
mod error;
#[cfg(feature = "events")]
pub mod events;
mod ids;
mod operation;
pub mod paginate;
mod retry;
mod runtime;
mod setters;
pub mod signing;
mod token;
mod transport;
// Only generated types call it, and a build of a few API areas (or none)
// may have no union, or no types at all, among its answers.
#[allow(dead_code)]
mod tolerant;

#[cfg(feature = "emulator")]
pub mod emulator;

pub use api::Client as ManagementClient;
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub use api::contract;
pub use api::{OPERATIONS, builder, types};
pub use api_code::{ApiCode, ApiCodeKind};
pub use config::{AuthMode, Brand, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Lang, RetryConfig, Secret};
pub use error::{ApiError, BODY_EXCERPT_LIMIT, DecodeError, Error};
pub use ids::{DepartmentRef, UserIds, UserRef};
pub use operation::Operation;
pub use paginate::{Page, Paginator};
pub use transport::TransportError;

/// The SDK's version, as sent in the `<prefix>sdk-version` header.
pub const SDK_VERSION: &str = concat!("genauth-rust:", env!("CARGO_PKG_VERSION"));

/// Entry points for the cargo-fuzz targets in `fuzz/`. cargo-fuzz compiles
/// with `--cfg fuzzing`; no other build has this module, so nothing here is
/// part of the public API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    use crate::{ApiError, Error};
    use std::time::{Duration, Instant};

    /// The envelope's `statusCode`, when it has one, and the refusal the
    /// client reports for it (unless it is 200).
    pub fn envelope_head(body: &[u8]) -> Option<(i64, ApiError)> {
        let head = crate::envelope::EnvelopeHead::read(body);
        let code = head.status_code?;
        Some((code, head.into_api_error(code)))
    }

    /// The excerpt of `body` that errors carry.
    pub fn excerpt(body: &[u8]) -> String {
        crate::error::excerpt(body)
    }

    /// What the client makes of an HTTP 200 answer from the token endpoint:
    /// the user pool the token is scoped to and how long it is cached.
    pub fn token_response(body: &[u8]) -> Result<(String, Duration), Error> {
        let now = Instant::now();
        let token = crate::token::Token::from_response(body, now)?;
        Ok((token.userpool_id.clone(), token.refresh_at().saturating_duration_since(now)))
    }
}
