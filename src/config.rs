//! Client configuration: credentials, brand, host, language, tenant,
//! timeouts, retries and the auth mode, built with [`ClientBuilder`].

use crate::Error;
use crate::transport::{self, Transport};
use std::fmt;
use std::time::Duration;

/// Which of the two product brands the user pool belongs to. The brand picks
/// the default host, the header prefix and the word in `Authorization`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Brand {
    /// GenAuth (international): `https://api.genauth.ai`, `x-genauth-*` headers.
    #[default]
    GenAuth,
    /// Authing (mainland China): `https://api.authing.cn`, `x-authing-*` headers.
    Authing,
}

impl Brand {
    /// The public API host of this brand.
    pub fn default_host(self) -> &'static str {
        match self {
            Brand::GenAuth => "https://api.genauth.ai",
            Brand::Authing => "https://api.authing.cn",
        }
    }

    /// The brand's public event service, which event subscriptions connect to.
    pub fn default_events_host(self) -> &'static str {
        match self {
            Brand::GenAuth => "wss://events.genauth.ai",
            Brand::Authing => "wss://openevent.authing.cn",
        }
    }

    /// The prefix of this brand's headers, e.g. `x-genauth-`.
    pub fn header_prefix(self) -> &'static str {
        match self {
            Brand::GenAuth => "x-genauth-",
            Brand::Authing => "x-authing-",
        }
    }

    /// The scheme word of a signed `Authorization` header.
    pub fn scheme(self) -> &'static str {
        match self {
            Brand::GenAuth => "GenAuth",
            Brand::Authing => "authing",
        }
    }

    /// The brand whose scheme word this is.
    pub fn from_scheme(word: &str) -> Option<Self> {
        [Brand::GenAuth, Brand::Authing].into_iter().find(|b| b.scheme() == word)
    }
}

impl std::str::FromStr for Brand {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "genauth" => Ok(Brand::GenAuth),
            "authing" => Ok(Brand::Authing),
            other => Err(Error::Config(format!("unknown brand {other:?}: expected genauth or authing"))),
        }
    }
}

/// The language of the API's messages (`<prefix>lang` header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// Simplified Chinese, the API's default.
    #[default]
    ZhCn,
    /// English.
    EnUs,
    /// Japanese.
    JaJp,
    /// Traditional Chinese.
    ZhTw,
}

impl Lang {
    /// The header value: `zh-CN`, `en-US`, `ja-JP` or `zh-TW`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
            Lang::JaJp => "ja-JP",
            Lang::ZhTw => "zh-TW",
        }
    }
}

/// How requests are authenticated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AuthMode {
    /// Every request is signed with the access key pair (HMAC-SHA1). The
    /// secret never travels. The default.
    #[default]
    Signature,
    /// The key pair is exchanged once for a management token, which is cached,
    /// refreshed shortly before it expires, and sent as `Bearer`.
    ManagementToken,
}

/// When and how often a failed call is tried again.
///
/// Reads (GET) are retried on transport failures, HTTP 429/502/503/504 and
/// envelopes with `statusCode` 429 or 503. A write is retried only when the
/// failure proves the server never processed it (no connection was made, or
/// the server answered 429/503 without acting). Every attempt is signed
/// afresh, with a new nonce and date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
}

impl RetryConfig {
    /// Three attempts, backing off from 100 ms with full jitter, at most 2 s apart.
    pub fn standard() -> Self {
        RetryConfig { max_attempts: 3, base_delay: Duration::from_millis(100), max_delay: Duration::from_secs(2) }
    }

    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..Self::standard() }
    }

    /// Sets the total number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the delay before the first retry; later retries double it.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Caps the delay between two attempts.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The delay before attempt `attempt + 1` (1-based `attempt`): full jitter
    /// over an exponentially growing window.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let window = self.base_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_delay);
        window.mul_f64(rand::random::<f64>())
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// A secret string that never shows in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is needed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// Everything a built client needs; immutable once built.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub host: String,
    /// Where event subscriptions connect: `ws(s)://host[:port]`.
    #[cfg_attr(not(feature = "events"), allow(dead_code, reason = "only event subscriptions read it"))]
    pub events_host: String,
    /// The HTTP client that upgrades event subscriptions.
    #[cfg(feature = "events")]
    pub events_http: EventsHttp,
    pub brand: Brand,
    pub lang: Lang,
    pub tenant_id: Option<String>,
    pub timeout: Duration,
    pub auth_mode: AuthMode,
    pub retry: RetryConfig,
}

/// Builds a [`ManagementClient`](crate::ManagementClient).
///
/// ```
/// # fn main() -> Result<(), genauth::Error> {
/// use genauth::{Brand, Lang, ManagementClient};
/// let client = ManagementClient::builder()
///     .access_key_id("my-key-id")
///     .access_key_secret("my-key-secret")
///     .brand(Brand::Authing)
///     .lang(Lang::EnUs)
///     .build()?;
/// assert_eq!(client.host(), "https://api.authing.cn");
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    access_key_id: Option<String>,
    access_key_secret: Option<Secret>,
    host: Option<String>,
    events_host: Option<String>,
    brand: Brand,
    lang: Lang,
    tenant_id: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    auth_mode: AuthMode,
    retry: RetryConfig,
    http_client: Option<reqwest::Client>,
    accept_invalid_certs: bool,
    /// PEM bundles to trust besides the platform's roots, one after another.
    root_certificates_pem: Vec<u8>,
}

/// The default total timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl ClientBuilder {
    /// The user pool's access key id.
    pub fn access_key_id(mut self, id: impl Into<String>) -> Self {
        self.access_key_id = Some(id.into());
        self
    }

    /// The user pool's access key secret; it is never printed.
    pub fn access_key_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.access_key_secret = Some(secret.into());
        self
    }

    /// The event service subscriptions connect to (`wss://host[:port]`, or
    /// `ws://` for a local one), for private deployments and the emulator.
    /// Defaults to the brand's public event service; an invalid URL makes
    /// [`build`](Self::build) fail.
    pub fn events_host(mut self, host: impl Into<String>) -> Self {
        self.events_host = Some(host.into());
        self
    }

    /// The API host, for private deployments and the emulator. Defaults to the
    /// brand's public host. A trailing slash is ignored; an invalid URL makes
    /// [`build`](Self::build) fail.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The brand of the user pool (default [`Brand::GenAuth`]).
    pub fn brand(mut self, brand: Brand) -> Self {
        self.brand = brand;
        self
    }

    /// The language of the API's messages (default [`Lang::ZhCn`]).
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Acts inside this tenant of a multi-tenant user pool (`<prefix>app-id`).
    pub fn tenant_id(mut self, tenant: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant.into());
        self
    }

    /// The total time one attempt may take (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time a connection may take to establish (default 5 s). Ignored when
    /// a custom [`http_client`](Self::http_client) is given: configure it there.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How requests authenticate (default [`AuthMode::Signature`]).
    pub fn auth_mode(mut self, mode: AuthMode) -> Self {
        self.auth_mode = mode;
        self
    }

    /// When failed calls are retried (default [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sends requests through this `reqwest::Client` (for custom roots,
    /// client certificates, connection-pool settings, a proxy the
    /// environment does not name).
    ///
    /// Without one, requests go to hyper-util's client directly, beneath
    /// the layers reqwest adds, which costs less per call. Requests still go
    /// through reqwest when a proxy from the environment (`HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) applies to the host, or when
    /// [`danger_accept_invalid_certs`](Self::danger_accept_invalid_certs) is set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Trusts the certificates of this PEM bundle as well as the platform's
    /// roots: for a private deployment whose certificate a private authority
    /// signed. Call it again to add more; the bundle is checked when the
    /// client is built. Ignored when a custom
    /// [`http_client`](Self::http_client) is given.
    pub fn root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates_pem.extend_from_slice(pem.as_ref());
        self.root_certificates_pem.push(b'\n');
        self
    }

    /// **Disables TLS certificate verification.** Only for private deployments
    /// whose certificate cannot be verified, and only while that is being fixed:
    /// anyone on the network path can then read and alter the traffic. TLS is
    /// verified by default. Ignored when a custom
    /// [`http_client`](Self::http_client) is given.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Reads `GENAUTH_ACCESS_KEY_ID`, `GENAUTH_ACCESS_KEY_SECRET`,
    /// `GENAUTH_HOST`, `GENAUTH_EVENTS_HOST` and `GENAUTH_BRAND` (`genauth` or `authing`) into this
    /// builder; unset variables leave the builder as it was.
    pub fn with_env(mut self) -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(id) = var("GENAUTH_ACCESS_KEY_ID") {
            self = self.access_key_id(id);
        }
        if let Some(secret) = var("GENAUTH_ACCESS_KEY_SECRET") {
            self = self.access_key_secret(secret);
        }
        if let Some(host) = var("GENAUTH_HOST") {
            self = self.host(host);
        }
        if let Some(host) = var("GENAUTH_EVENTS_HOST") {
            self = self.events_host(host);
        }
        if let Some(brand) = var("GENAUTH_BRAND") {
            self = self.brand(brand.parse()?);
        }
        Ok(self)
    }

    /// Validates the settings and builds the client.
    pub fn build(self) -> Result<crate::ManagementClient, Error> {
        let access_key_id = self
            .access_key_id
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::Config("access key id is not set".into()))?;
        let access_key_secret = self
            .access_key_secret
            .filter(|s| !s.expose().is_empty())
            .ok_or_else(|| Error::Config("access key secret is not set".into()))?;
        let host = normalise_host(self.host.as_deref().unwrap_or(self.brand.default_host()))?;
        let events_host =
            normalise_events_host(self.events_host.as_deref().unwrap_or(self.brand.default_events_host()))?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let tls = transport::Tls {
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            accept_invalid_certs: self.accept_invalid_certs,
            root_certificates_pem: self.root_certificates_pem,
        };
        let (http, transport) = match self.http_client {
            Some(client) => (client.clone(), Transport::Reqwest(client)),
            None => transport::build(&host, &tls)
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        #[cfg(feature = "events")]
        let events_http = EventsHttp { tls, client: std::sync::OnceLock::new() };
        let config = Config {
            #[cfg(feature = "events")]
            events_http,
            access_key_id,
            access_key_secret,
            host,
            events_host,
            brand: self.brand,
            lang: self.lang,
            tenant_id: self.tenant_id,
            timeout,
            auth_mode: self.auth_mode,
            retry: self.retry,
        };
        Ok(crate::client::new_client(config, http, transport))
    }
}

/// The HTTP client event subscriptions upgrade through: HTTP/1.1 only,
/// since a websocket starts as an HTTP/1.1 upgrade. Built on the first
/// subscription, not with the client: building an HTTP client loads the TLS
/// roots, milliseconds that a client which never subscribes should not pay.
#[cfg(feature = "events")]
#[derive(Clone, Debug)]
pub(crate) struct EventsHttp {
    tls: transport::Tls,
    client: std::sync::OnceLock<Result<reqwest::Client, String>>,
}

#[cfg(feature = "events")]
impl EventsHttp {
    /// The client, built on first use with the settings of the `ClientBuilder`.
    pub(crate) fn client(&self) -> Result<&reqwest::Client, Error> {
        let built = self
            .client
            .get_or_init(|| transport::reqwest_builder(&self.tls)?.http1_only().build().map_err(|e| e.to_string()));
        built.as_ref().map_err(|e| Error::Config(format!("cannot build the HTTP client for events: {e}")))
    }
}

fn normalise_events_host(host: &str) -> Result<String, Error> {
    let trimmed = host.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|e| Error::Config(format!("invalid events host {host:?}: {e}")))?;
    if !matches!(url.scheme(), "ws" | "wss") || url.host().is_none() {
        return Err(Error::Config(format!("invalid events host {host:?}: expected ws(s)://host[:port]")));
    }
    Ok(trimmed.to_owned())
}

fn normalise_host(host: &str) -> Result<String, Error> {
    let trimmed = host.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|e| Error::Config(format!("invalid host {host:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::Config(format!("invalid host {host:?}: expected http(s)://host[:port]")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!("invalid host {host:?}: no query or fragment allowed")));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_validated_and_trimmed() {
        assert_eq!(normalise_host("https://example.com/").unwrap(), "https://example.com");
        assert_eq!(normalise_host("http://127.0.0.1:8080//").unwrap(), "http://127.0.0.1:8080");
        for bad in ["example.com", "ftp://example.com", "https://", "https://x.com/?a=1", ""] {
            assert!(matches!(normalise_host(bad), Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryConfig::standard()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(250));
        for attempt in 1..10 {
            let d = r.backoff(attempt);
            assert!(d <= Duration::from_millis(250), "{d:?}");
        }
        assert!(r.backoff(1) <= Duration::from_millis(100));
    }

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let b = ClientBuilder::default().access_key_secret("hunter2");
        assert!(!format!("{b:?}").contains("hunter2"));
    }
}
