//! The client's behaviour around each request, through progenitor's hooks:
//! query arrays and item limits before sending, then authentication, the
//! timeout, retries, the envelope check and tracing for every attempt.

use crate::api::Client;
use crate::call::{current_operation, record_failure};
use crate::config::{AuthMode, Config};
use crate::error::{EnvelopeHead, Error};
use crate::operation::Operation;
use crate::signing::request::{RequestSigner, brand_header, header_value};
use crate::token::{Token, TokenCache};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument as _;

/// State shared by every clone of a [`ManagementClient`](crate::ManagementClient).
#[derive(Clone)]
pub struct Inner(Arc<Shared>);

struct Shared {
    config: Config,
    headers: BrandHeaders,
    signer: RequestSigner,
    tokens: TokenCache,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Config` holds the secret as a redacting `Secret`; tokens are never shown.
        f.debug_struct("Inner").field("config", &self.0.config).field("tokens", &self.0.tokens).finish()
    }
}

/// The brand's header names other than the signature's, built once per
/// client rather than per request.
struct BrandHeaders {
    lang: HeaderName,
    sdk_version: HeaderName,
    app_id: HeaderName,
    userpool_id: HeaderName,
}

impl BrandHeaders {
    fn new(brand: crate::Brand) -> Self {
        BrandHeaders {
            lang: brand_header(brand, "lang"),
            sdk_version: brand_header(brand, "sdk-version"),
            app_id: brand_header(brand, "app-id"),
            userpool_id: brand_header(brand, "userpool-id"),
        }
    }
}

pub(crate) fn new_client(config: Config, http: reqwest::Client) -> Client {
    let host = config.host.clone();
    let headers = BrandHeaders::new(config.brand);
    let signer = RequestSigner::new(config.brand, config.access_key_id.clone(), config.access_key_secret.clone());
    let inner = Inner(Arc::new(Shared { config, headers, signer, tokens: TokenCache::default() }));
    Client::new_with_client(&host, http, inner)
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> crate::ClientBuilder {
        crate::ClientBuilder::default()
    }

    /// A client configured from `GENAUTH_ACCESS_KEY_ID`,
    /// `GENAUTH_ACCESS_KEY_SECRET`, and optionally `GENAUTH_HOST` and
    /// `GENAUTH_BRAND` (`genauth` or `authing`).
    pub fn from_env() -> Result<Self, Error> {
        crate::ClientBuilder::default().with_env()?.build()
    }

    /// The API host requests go to, without a trailing slash.
    pub fn host(&self) -> &str {
        self.baseurl()
    }

    /// The brand this client speaks.
    pub fn brand(&self) -> crate::Brand {
        self.inner().0.config.brand
    }

    /// The settings the client was built with.
    #[cfg_attr(not(feature = "events"), allow(dead_code, reason = "only event subscriptions read it"))]
    pub(crate) fn config(&self) -> &Config {
        &self.inner().0.config
    }
}

impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let Some(op) = current_operation().or_else(|| Operation::by_rust_name(info.operation_id)) else {
            return Ok(());
        };
        if !op.array_query.is_empty() {
            bracket_array_query(request.url_mut(), op.array_query);
        }
        if !op.limits.is_empty() {
            let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default();
            if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body)
                && let Err(message) = op.check_limits(&json)
            {
                record_failure(Some(Error::InvalidInput(message.clone())));
                return Err(progenitor_client::Error::Custom(message));
            }
        }
        Ok(())
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let operation = current_operation().map_or(info.operation_id, |op| op.id);
        // INFO, so that a subscriber at its default level sees every call
        // with no set-up of ours. The path is recorded without its query,
        // which may hold users' emails or phone numbers.
        let span = tracing::info_span!(
            "genauth.call",
            operation,
            method = request.method().as_str(),
            path = request.url().path(),
            attempt = tracing::field::Empty,
            status_code = tracing::field::Empty,
            api_code = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.attempts(request, &span).instrument(span.clone()).await
    }
}

/// Logs why attempt `attempt` is retried and returns its backoff. Not async:
/// the reason is borrowed and need not be `Send` across the wait.
fn retry_delay(config: &crate::config::Config, attempt: u32, reason: &dyn std::fmt::Display) -> std::time::Duration {
    let delay = config.retry.backoff(attempt);
    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, %reason, "retrying");
    delay
}

/// What went wrong in transport, without the URL that reqwest's own message
/// carries: its query may hold users' emails or phone numbers.
pub(crate) fn transport_failure(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "could not connect"
    } else if error.is_timeout() {
        "timed out"
    } else {
        "the connection failed mid-request"
    }
}

/// Whether an attempt's failure may be retried, by what it proves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// The server never processed the request: safe for every method.
    Always,
    /// The server may have processed it: safe for reads only.
    ReadsOnly,
    Never,
}

impl Client {
    async fn attempts(&self, request: reqwest::Request, span: &tracing::Span) -> reqwest::Result<reqwest::Response> {
        let shared = &self.inner().0;
        let config = &shared.config;
        let is_read = request.method() == reqwest::Method::GET;
        let started = Instant::now();
        let mut attempt = 0;
        let mut refreshed_after_401 = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let mut this_try = request.try_clone().expect("generated requests have buffered bodies");
            *this_try.timeout_mut() = Some(config.timeout);
            let token = match self.authenticate(&mut this_try).await {
                Ok(token) => token,
                Err(error) => {
                    // Nothing left: report the token failure as the call's outcome.
                    record_failure(Some(error));
                    return Ok(placeholder_response());
                }
            };
            let retry_allowed = |retry: Retry| {
                attempt < config.retry.max_attempts
                    && (retry == Retry::Always || (retry == Retry::ReadsOnly && is_read))
            };
            let mut response = match self.client().execute(this_try).await {
                Ok(response) => response,
                Err(e) => {
                    // A connect error means no byte reached the server.
                    let retry = if e.is_connect() { Retry::Always } else { Retry::ReadsOnly };
                    if retry_allowed(retry) {
                        let delay = retry_delay(config, attempt, &transport_failure(&e));
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    span.record("duration_ms", started.elapsed().as_millis() as u64);
                    return Err(e);
                }
            };
            // Kept to rebuild the answer once its body is read: the headers
            // moved out rather than cloned, the URL cloned rather than left
            // for reqwest to replace with a placeholder it parses anew.
            let (status, url) = (response.status(), response.url().clone());
            let headers = std::mem::take(response.headers_mut());
            let body = match response.bytes().await {
                Ok(body) => body,
                Err(e) => {
                    if retry_allowed(Retry::ReadsOnly) {
                        let delay = retry_delay(config, attempt, &transport_failure(&e));
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    span.record("duration_ms", started.elapsed().as_millis() as u64);
                    return Err(e);
                }
            };
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            if status != reqwest::StatusCode::OK {
                let retry = match status.as_u16() {
                    429 | 503 => Retry::Always,
                    502 | 504 => Retry::ReadsOnly,
                    _ => Retry::Never,
                };
                if retry_allowed(retry) {
                    let delay = retry_delay(config, attempt, &format_args!("HTTP {status}"));
                    tokio::time::sleep(delay).await;
                    continue;
                }
                record_failure(None);
                return Ok(rebuild(status, headers, Some(url), body));
            }
            let head = EnvelopeHead::leading_success(&body).unwrap_or_else(|| EnvelopeHead::read(&body));
            if let Some(id) = &head.request_id {
                span.record("request_id", id.as_str());
            }
            match head.status_code {
                None | Some(200) => {
                    span.record("status_code", 200);
                    record_failure(None);
                    return Ok(rebuild(status, headers, Some(url), body));
                }
                Some(401) if token.is_some() && !refreshed_after_401 => {
                    // The cached token was revoked or expired early: one fresh token, one more try.
                    refreshed_after_401 = true;
                    shared.tokens.invalidate(token.as_ref().expect("checked"));
                    attempt -= 1;
                    continue;
                }
                Some(code @ (429 | 503)) if retry_allowed(Retry::Always) => {
                    let delay = retry_delay(config, attempt, &format_args!("statusCode {code} in the envelope"));
                    tokio::time::sleep(delay).await;
                    continue;
                }
                Some(code) => {
                    span.record("status_code", code);
                    if let Some(api_code) = head.api_code {
                        span.record("api_code", api_code);
                    }
                    record_failure(Some(head.into_api_error(code).into()));
                    return Ok(rebuild(status, headers, Some(url), body));
                }
            }
        }
    }

    /// Adds the headers every request carries, then the signature or the
    /// bearer token. Returns the token used, if any.
    async fn authenticate(&self, request: &mut reqwest::Request) -> Result<Option<Arc<Token>>, Error> {
        let shared = &self.inner().0;
        let (config, names) = (&shared.config, &shared.headers);
        let headers = request.headers_mut();
        headers.insert(&names.lang, HeaderValue::from_static(config.lang.as_str()));
        headers.insert(&names.sdk_version, HeaderValue::from_static(crate::SDK_VERSION));
        if let Some(tenant) = &config.tenant_id {
            headers.insert(&names.app_id, header_value(tenant)?);
        }
        match config.auth_mode {
            AuthMode::Signature => {
                shared.signer.sign(request)?;
                Ok(None)
            }
            AuthMode::ManagementToken => {
                let token = shared.tokens.get(self.client(), config).await?;
                let headers = request.headers_mut();
                let mut bearer = header_value(&format!("Bearer {}", token.access_token.expose()))?;
                bearer.set_sensitive(true);
                headers.insert(AUTHORIZATION, bearer);
                headers.insert(&names.userpool_id, header_value(&token.userpool_id)?);
                Ok(Some(token))
            }
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

/// An answer whose body has been read, as a response again for the generated
/// code to decode.
fn rebuild(
    status: reqwest::StatusCode,
    headers: HeaderMap,
    url: Option<url::Url>,
    body: bytes::Bytes,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let builder = http::Response::builder();
    let builder = match url {
        Some(url) => builder.url(url),
        None => builder,
    };
    let mut response = builder.body(body).expect("a builder with no failed step builds");
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

/// Stands in for a response that never happened; [`crate::call::finish`]
/// returns the failure recorded beside it instead.
fn placeholder_response() -> reqwest::Response {
    rebuild(reqwest::StatusCode::INTERNAL_SERVER_ERROR, HeaderMap::new(), None, bytes::Bytes::new())
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
