//! One call from `send()` to `Result<T, Error>`.
//!
//! progenitor's generated `send_raw()` drives the request through our hooks
//! (`crate::client`), which can only report failures as strings or
//! `reqwest::Error`s. So the hooks leave the real, typed error in a
//! task-local slot for the duration of the call, and [`finish`] prefers it to
//! whatever progenitor made of the failure.

use crate::error::{Error, excerpt};
use crate::operation::Operation;
use progenitor_client::ResponseValue;
use std::cell::RefCell;
use std::future::Future;

tokio::task_local! {
    static CALL: CallState;
}

/// What the hooks of one call share with [`finish`].
pub(crate) struct CallState {
    pub operation: &'static Operation,
    failure: RefCell<Option<Error>>,
}

/// The operation of the call running on this task, if any.
pub(crate) fn current_operation() -> Option<&'static Operation> {
    CALL.try_with(|c| c.operation).ok()
}

/// Records the typed outcome of the latest attempt: `Some(error)` when it
/// failed, `None` when it succeeded (a retry clears an earlier failure).
pub(crate) fn record_failure(error: Option<Error>) {
    let _ = CALL.try_with(|c| *c.failure.borrow_mut() = error);
}

/// Runs a generated `send_raw()` and turns its outcome into the crate's `Result`.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) fn finish<R, T, F>(
    operation: &'static Operation,
    send: F,
    extract: impl FnOnce(R) -> T,
) -> impl Future<Output = Result<T, Error>>
where
    F: Future<Output = Result<ResponseValue<R>, progenitor_client::Error<()>>>,
{
    // The generated request future holds the whole call (request, hooks,
    // retries, decoding) in several kilobytes. Boxed here, before any future
    // holds it, it is copied once; held inline, every future around it would
    // copy it again as it is created and moved (`benches/calls.rs` measured
    // that copying at a few percent of the client's CPU per call).
    let send = Box::pin(send);
    async move {
        let state = CallState { operation, failure: RefCell::new(None) };
        let (outcome, failure) = CALL
            .scope(state, async {
                let outcome = send.await;
                (outcome, CALL.with(|c| c.failure.borrow_mut().take()))
            })
            .await;
        if let Some(error) = failure {
            return Err(error);
        }
        match outcome {
            Ok(response) => Ok(extract(response.into_inner())),
            Err(error) => Err(from_progenitor(operation, error).await),
        }
    }
}

async fn from_progenitor(operation: &Operation, error: progenitor_client::Error<()>) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(message) => Error::InvalidInput(format!("{}: {message}", operation.id)),
        P::Custom(message) => Error::InvalidInput(message),
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => from_reqwest(e),
        P::InvalidResponsePayload(body, e) => Error::decode(e, &body),
        P::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = response.bytes().await.unwrap_or_default();
            Error::Http { status, body_excerpt: excerpt(&body) }
        }
        P::ErrorResponse(response) => Error::Http { status: response.status().as_u16(), body_excerpt: String::new() },
    }
}

/// Classifies a reqwest failure; timeouts are their own kind.
pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
    // The URL carries no secret (credentials travel in headers), but strip it
    // anyway so errors stay short and identical across hosts.
    let e = e.without_url();
    if e.is_timeout() { Error::Timeout(e) } else { Error::Transport(e) }
}
