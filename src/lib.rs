//! Rust SDK for the GenAuth / Authing V3 Management API.
//!
//! Every operation of the API is generated at compile time from the OpenAPI
//! spec in `spec/`, as a fluent request builder on [`ManagementClient`] that
//! ends in `.send()`. A small hand-written layer signs requests, unwraps the
//! response envelope into `Result<T, Error>`, retries what is safe to retry,
//! and offers typed user and department references.
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
