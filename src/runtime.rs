//! One call, straight through: every generated `send()` builds its request
//! with progenitor's builder and hands it here, with its row of
//! [`OPERATIONS`](crate::OPERATIONS). [`execute`] checks the request, then
//! for each attempt authenticates, sends, reads the body once and decodes
//! it ([`crate::envelope`]); [`crate::retry`] decides what a failure leads to.

use crate::api::Client;
use crate::config::AuthMode;
use crate::envelope::{self, Payload};
use crate::error::Error;
use crate::operation::Operation;
use crate::retry::{self, Failure};
use crate::signing::request::header_value;
use crate::token::Token;
use crate::transport::{Answer, TransportError};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Instant, SystemTime};
use tracing::Instrument as _;

/// Sends `operation`'s request and returns what its `send()` returns.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) async fn execute<T: DeserializeOwned + Send>(
    client: &Client,
    operation: &'static Operation,
    request: reqwest::Request,
    payload: Payload,
) -> Result<T, Error> {
    let mut decoded = None;
    let mut read = |body: bytes::Bytes| {
        let (value, request_id) = envelope::decode::<T>(operation, body, payload)?;
        decoded = Some(value);
        Ok(request_id)
    };
    // Boxed, and not generic: the loop is the same for every operation, so
    // it is compiled once rather than 496 times, and the futures around it
    // hold a pointer instead of copying its state as they are built and moved.
    Box::pin(exchange(client, operation, request, &mut read)).await?;
    Ok(decoded.expect("`exchange` succeeds only once `read` has"))
}

/// Reads one answer's body: the envelope's request id when the call worked,
/// the refusal or decode failure otherwise.
type Read<'a> = dyn FnMut(bytes::Bytes) -> Result<Option<String>, Error> + Send + 'a;

/// The request could not be built (a missing required field, a value that
/// does not convert): the message says which operation it was for.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) fn refused_before_sending(operation: &Operation, error: progenitor_client::Error<()>) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(message) | P::Custom(message) => Error::InvalidInput(format!("{}: {message}", operation.id)),
        P::CommunicationError(e) => TransportError::from(e).into(),
        other => Error::InvalidInput(format!("{}: {other}", operation.id)),
    }
}

async fn exchange(
    client: &Client,
    operation: &'static Operation,
    mut request: reqwest::Request,
    read: &mut Read<'_>,
) -> Result<(), Error> {
    if !operation.array_query.is_empty() {
        bracket_array_query(request.url_mut(), operation.array_query);
    }
    if !operation.limits.is_empty() {
        let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default();
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) {
            operation.check_limits(&json).map_err(|m| Error::InvalidInput(format!("{}: {m}", operation.id)))?;
        }
    }
    // INFO, so that a subscriber at its default level sees every call with
    // no set-up of ours. The path is recorded without its query, which may
    // hold users' emails or phone numbers.
    let span = tracing::info_span!(
        "genauth.call",
        operation = operation.id,
        method = request.method().as_str(),
        path = request.url().path(),
        attempt = tracing::field::Empty,
        status_code = tracing::field::Empty,
        api_code = tracing::field::Empty,
        request_id = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    attempts(client, request, read, &span).instrument(span.clone()).await
}

/// Sends `request` until it succeeds, fails for good, or runs out of attempts.
async fn attempts(
    client: &Client,
    request: reqwest::Request,
    read: &mut Read<'_>,
    span: &tracing::Span,
) -> Result<(), Error> {
    let config = client.config();
    let is_read = request.method() == reqwest::Method::GET;
    let started = Instant::now();
    let mut attempt = 0;
    let mut refreshed_after_401 = false;
    loop {
        attempt += 1;
        span.record("attempt", attempt);
        let mut this_try = request.try_clone().expect("generated requests have buffered bodies");
        let token = authenticate(client, &mut this_try).await?;
        let retry_on = |failure| retry::should_retry(failure, is_read, attempt, config.retry.max_attempts);
        let outcome = client.transport().send(this_try, config.timeout).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let Answer { status, retry_after: asked, body } = match outcome {
            Ok(answer) => answer,
            Err(e) => {
                let failure = if e.is_connect() { Failure::Connect } else { Failure::MidRequest };
                if retry_on(failure) {
                    let pause = wait(config, attempt, None, &e);
                    pause.await;
                    continue;
                }
                return Err(e.into());
            }
        };
        if status != http::StatusCode::OK {
            if retry_on(Failure::HttpStatus(status.as_u16())) {
                let pause = wait(config, attempt, asked.as_ref(), &format_args!("HTTP {status}"));
                pause.await;
                continue;
            }
            return Err(Error::Http { status: status.as_u16(), body_excerpt: crate::error::excerpt(&body) });
        }
        let error = match read(body) {
            Ok(request_id) => {
                span.record("status_code", 200);
                if let Some(id) = &request_id {
                    span.record("request_id", id.as_str());
                }
                return Ok(());
            }
            Err(error) => error,
        };
        if let Error::Api(refusal) = &error {
            let code = refusal.status_code();
            if code == 401
                && let Some(token) = &token
                && !refreshed_after_401
            {
                // The cached token was revoked or expired early: one fresh token, one more try.
                refreshed_after_401 = true;
                client.tokens().invalidate(token);
                attempt -= 1;
                continue;
            }
            if retry_on(Failure::Envelope(code)) {
                let pause = wait(config, attempt, asked.as_ref(), &format_args!("statusCode {code} in the envelope"));
                pause.await;
                continue;
            }
            span.record("status_code", code);
            if let Some(api_code) = refusal.api_code() {
                span.record("api_code", api_code);
            }
            if let Some(id) = refusal.request_id() {
                span.record("request_id", id);
            }
        }
        return Err(error);
    }
}

/// The wait before attempt `attempt + 1`, having said why. The reason is
/// formatted here, before the wait, so it need not be `Send` (hence
/// `let pause = wait(..); pause.await;`: the reason dies first).
fn wait(
    config: &crate::config::Config,
    attempt: u32,
    retry_after: Option<&HeaderValue>,
    reason: &dyn std::fmt::Display,
) -> tokio::time::Sleep {
    let asked = retry::retry_after(retry_after, SystemTime::now());
    let delay = retry::delay(&config.retry, attempt, asked);
    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, %reason, "retrying");
    tokio::time::sleep(delay)
}

/// Adds the headers every request carries, then the signature or the bearer
/// token. Returns the token used, if any.
async fn authenticate(client: &Client, request: &mut reqwest::Request) -> Result<Option<Arc<Token>>, Error> {
    let (config, names) = (client.config(), client.brand_headers());
    let headers = request.headers_mut();
    headers.insert(&names.lang, HeaderValue::from_static(config.lang.as_str()));
    headers.insert(&names.sdk_version, HeaderValue::from_static(crate::SDK_VERSION));
    if let Some(tenant) = &config.tenant_id {
        headers.insert(&names.app_id, header_value(tenant)?);
    }
    match config.auth_mode {
        AuthMode::Signature => {
            client.signer().sign(request)?;
            Ok(None)
        }
        AuthMode::ManagementToken => {
            let token = client.tokens().get(client, config).await?;
            let headers = request.headers_mut();
            let mut bearer = header_value(&format!("Bearer {}", token.access_token.expose()))?;
            bearer.set_sensitive(true);
            headers.insert(AUTHORIZATION, bearer);
            headers.insert(&names.userpool_id, header_value(&token.userpool_id)?);
            Ok(Some(token))
        }
    }
}

/// Rewrites `k=a&k=b` into `k[]=a&k[]=b` for the operation's array
/// parameters, as the official SDKs send them, so that a one-element array
/// is still an array to the server.
fn bracket_array_query(url: &mut url::Url, arrays: &[&str]) {
    let Some(query) = url.query() else { return };
    let mut out = String::with_capacity(query.len() + 16);
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(url::form_urlencoded::byte_serialize(key.as_bytes()));
        if arrays.contains(&key.as_ref()) {
            out.push_str("[]");
        }
        out.push('=');
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
    }
    url.set_query(Some(&out));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_parameters_get_brackets() {
        let mut url = url::Url::parse("http://h/p?userIds=a&userIds=b%20c&withCustomData=false").unwrap();
        bracket_array_query(&mut url, &["userIds"]);
        assert_eq!(url.query(), Some("userIds[]=a&userIds[]=b+c&withCustomData=false"));
        assert_eq!(
            crate::signing::query_fields(url.query().unwrap()),
            vec![("userIds".into(), "[\"a\",\"b c\"]".into()), ("withCustomData".into(), "false".into())]
        );
    }
}
