//! The state every clone of a client shares: its settings, the brand's
//! header names, the signer, the token cache and the transport.
//! [`crate::runtime`] sends the requests.

use crate::api::Client;
use crate::config::Config;
use crate::error::Error;
use crate::signing::request::{RequestSigner, brand_header};
use crate::token::TokenCache;
use crate::transport::Transport;
use progenitor_client::ClientInfo;
use reqwest::header::HeaderName;
use std::fmt;
use std::sync::Arc;

/// State shared by every clone of a [`ManagementClient`](crate::ManagementClient).
#[derive(Clone)]
pub struct Inner(Arc<Shared>);

struct Shared {
    config: Config,
    headers: BrandHeaders,
    signer: RequestSigner,
    tokens: TokenCache,
    transport: Transport,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Config` holds the secret as a redacting `Secret`; tokens are never shown.
        f.debug_struct("Inner")
            .field("config", &self.0.config)
            .field("tokens", &self.0.tokens)
            .field("transport", &self.0.transport)
            .finish()
    }
}

/// The brand's header names other than the signature's, built once per
/// client rather than per request.
pub(crate) struct BrandHeaders {
    pub lang: HeaderName,
    pub sdk_version: HeaderName,
    pub app_id: HeaderName,
    pub userpool_id: HeaderName,
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

/// A client whose generated builders make requests with `http` and whose
/// calls send them with `transport`.
pub(crate) fn new_client(config: Config, http: reqwest::Client, transport: Transport) -> Client {
    let host = config.host.clone();
    let headers = BrandHeaders::new(config.brand);
    let signer = RequestSigner::new(config.brand, config.access_key_id.clone(), config.access_key_secret.clone());
    let inner = Inner(Arc::new(Shared { config, headers, signer, tokens: TokenCache::default(), transport }));
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
    pub(crate) fn config(&self) -> &Config {
        &self.inner().0.config
    }

    pub(crate) fn brand_headers(&self) -> &BrandHeaders {
        &self.inner().0.headers
    }

    pub(crate) fn signer(&self) -> &RequestSigner {
        &self.inner().0.signer
    }

    pub(crate) fn tokens(&self) -> &TokenCache {
        &self.inner().0.tokens
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner().0.transport
    }
}
