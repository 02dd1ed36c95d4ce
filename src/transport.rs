//! How a request reaches the host and its answer comes back.
//!
//! By default a request goes straight to hyper-util's pooled client, set up
//! as reqwest sets it up (rustls with the platform's verifier, HTTP/2 by
//! ALPN, `TCP_NODELAY`). reqwest wraps that same client in layers the API
//! never needs: its redirect layer alone records and re-parses every URL,
//! about 22,000 instructions a call (BENCHMARKS.md), and the API never
//! redirects. What only reqwest does is left to reqwest: a client the caller
//! supplies ([`ClientBuilder::http_client`](crate::ClientBuilder::http_client)),
//! a proxy the environment sets for the host, and accepting invalid
//! certificates. Either way, requests are built by reqwest (the generated
//! builders make `reqwest::Request`s), so they carry the same bytes.

use bytes::Bytes;
use http::header::{RETRY_AFTER, USER_AGENT};
use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt as _;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The `User-Agent` every request carries.
const USER_AGENT_VALUE: &str = concat!("genauth-rust/", env!("CARGO_PKG_VERSION"));

/// What sends requests: hyper-util directly, or a reqwest client.
#[derive(Clone)]
#[allow(clippy::large_enum_variant, reason = "a client holds one, in its shared state")]
pub(crate) enum Transport {
    Direct(Direct),
    Reqwest(reqwest::Client),
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Direct(_) => "Transport::Direct",
            Transport::Reqwest(_) => "Transport::Reqwest",
        })
    }
}

/// hyper-util's client over rustls, as reqwest builds it, without reqwest's layers.
#[derive(Clone)]
pub(crate) struct Direct {
    client: hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, reqwest::Body>,
    user_agent: HeaderValue,
}

/// What the `ClientBuilder` says about connecting.
#[derive(Clone, Debug)]
pub(crate) struct Tls {
    pub connect_timeout: Duration,
    pub accept_invalid_certs: bool,
    /// PEM bundles to trust besides the platform's roots.
    pub root_certificates_pem: Vec<u8>,
}

/// How requests will be sent to a host.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Direct,
    /// Through reqwest, which proxies and can skip certificate checks.
    Reqwest,
}

/// The route to `host`, given the proxies the environment sets.
fn route(host: &str, tls: &Tls, proxies: &Matcher) -> Route {
    let proxied = host.parse::<http::Uri>().ok().is_none_or(|host| proxies.intercept(&host).is_some());
    if proxied || tls.accept_invalid_certs { Route::Reqwest } else { Route::Direct }
}

/// A reqwest client builder with the `ClientBuilder`'s settings; reqwest's
/// own default reads the environment's proxies.
pub(crate) fn reqwest_builder(tls: &Tls) -> Result<reqwest::ClientBuilder, String> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(tls.connect_timeout)
        .tls_danger_accept_invalid_certs(tls.accept_invalid_certs)
        .user_agent(USER_AGENT_VALUE);
    for root in roots(&tls.root_certificates_pem)? {
        let root = reqwest::Certificate::from_der(&root).map_err(|e| format!("invalid root certificate: {e}"))?;
        builder = builder.add_root_certificate(root);
    }
    Ok(builder)
}

/// The reqwest client that builds requests (and sends them, on the reqwest
/// route), and the transport that sends them to `host`.
pub(crate) fn build(host: &str, tls: &Tls) -> Result<(reqwest::Client, Transport), String> {
    if route(host, tls, &Matcher::from_system()) == Route::Reqwest {
        let client = reqwest_builder(tls)?.build().map_err(|e| e.to_string())?;
        return Ok((client.clone(), Transport::Reqwest(client)));
    }
    // One TLS configuration for both: loading the platform's roots takes
    // milliseconds, and the reqwest client only builds requests here.
    let config = tls_config(&tls.root_certificates_pem)?;
    let requests = reqwest::Client::builder()
        .no_proxy()
        .tls_backend_preconfigured(config.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(tls.connect_timeout));
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_all_versions()
        .wrap_connector(http);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .timer(hyper_util::rt::TokioTimer::new())
        .pool_timer(hyper_util::rt::TokioTimer::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .build(https);
    let direct = Direct { client, user_agent: HeaderValue::from_static(USER_AGENT_VALUE) };
    Ok((requests, Transport::Direct(direct)))
}

/// The certificates of the PEM bundles `pem` (none when it is empty).
fn roots(pem: &[u8]) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject as _;
    let roots = rustls::pki_types::CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid root certificates: {e}"))?;
    if roots.is_empty() && !pem.is_empty() {
        return Err("the root certificates' PEM holds no certificate".into());
    }
    Ok(roots)
}

/// rustls with aws-lc-rs and the platform's certificate verifier, trusting
/// `extra_pem`'s certificates too, as reqwest's default TLS is.
fn tls_config(extra_pem: &[u8]) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(roots(extra_pem)?, provider.clone())
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(config)
}

/// An answer, read to its end.
pub(crate) struct Answer {
    pub status: StatusCode,
    /// Kept as it came: it is read only if the answer is retried.
    pub retry_after: Option<HeaderValue>,
    pub body: Bytes,
}

impl Transport {
    /// Sends `request` and reads the whole answer, within `timeout`.
    pub(crate) async fn send(&self, request: reqwest::Request, timeout: Duration) -> Result<Answer, TransportError> {
        match self {
            Transport::Direct(direct) => match tokio::time::timeout(timeout, direct.send(request)).await {
                Ok(answer) => answer,
                Err(_) => Err(TransportError { kind: Kind::Timeout, source: None }),
            },
            Transport::Reqwest(client) => {
                let mut request = request;
                *request.timeout_mut() = Some(timeout);
                let response = client.execute(request).await?;
                let status = response.status();
                let retry_after = response.headers().get(RETRY_AFTER).cloned();
                Ok(Answer { status, retry_after, body: response.bytes().await? })
            }
        }
    }
}

impl Direct {
    async fn send(&self, request: reqwest::Request) -> Result<Answer, TransportError> {
        let mut request = http::Request::try_from(request).map_err(TransportError::from)?;
        request.headers_mut().entry(USER_AGENT).or_insert_with(|| self.user_agent.clone());
        let response = self.client.request(request).await.map_err(|e| {
            let kind = if e.is_connect() { Kind::Connect } else { Kind::MidRequest };
            TransportError { kind, source: Some(Box::new(e)) }
        })?;
        let (head, body) = response.into_parts();
        let body =
            body.collect().await.map_err(|e| TransportError { kind: Kind::MidRequest, source: Some(Box::new(e)) })?;
        Ok(Answer { status: head.status, retry_after: head.headers.get(RETRY_AFTER).cloned(), body: body.to_bytes() })
    }
}

/// A request that could not be sent, or whose answer could not be read in
/// full. It says what went wrong, never where to: a URL's query may hold
/// users' emails or phone numbers.
#[derive(Debug)]
pub struct TransportError {
    kind: Kind,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No connection was made, so no byte reached the server.
    Connect,
    Timeout,
    /// The connection failed after the request may have reached the server.
    MidRequest,
}

impl TransportError {
    /// Whether no connection could be made: the server cannot have seen the request.
    pub fn is_connect(&self) -> bool {
        self.kind == Kind::Connect
    }

    /// Whether no complete answer arrived within the configured timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == Kind::Timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            Kind::Connect => "could not connect",
            Kind::Timeout => "timed out",
            Kind::MidRequest => "the connection failed mid-request",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(e: reqwest::Error) -> Self {
        let kind = if e.is_connect() {
            Kind::Connect
        } else if e.is_timeout() {
            Kind::Timeout
        } else {
            Kind::MidRequest
        };
        // reqwest's message names the URL.
        TransportError { kind, source: Some(Box::new(e.without_url())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls(accept_invalid_certs: bool) -> Tls {
        Tls { connect_timeout: Duration::from_secs(1), accept_invalid_certs, root_certificates_pem: Vec::new() }
    }

    #[test]
    fn only_what_reqwest_alone_does_goes_through_reqwest() {
        let none = Matcher::builder().build();
        assert_eq!(route("https://api.genauth.ai", &tls(false), &none), Route::Direct);
        assert_eq!(route("http://127.0.0.1:8080", &tls(false), &none), Route::Direct);
        assert_eq!(route("https://api.genauth.ai", &tls(true), &none), Route::Reqwest);

        let proxy = Matcher::builder().https("http://proxy.internal:3128").no("localhost,127.0.0.1").build();
        assert_eq!(route("https://api.genauth.ai", &tls(false), &proxy), Route::Reqwest);
        // Excluded from proxying, or of a scheme the proxy is not for.
        assert_eq!(route("https://localhost:8443", &tls(false), &proxy), Route::Direct);
        assert_eq!(route("http://api.genauth.ai", &tls(false), &proxy), Route::Direct);
    }
}
