//! Management tokens: fetched lazily, cached until shortly before they
//! expire, refreshed single-flight, never cached when the fetch failed.

use crate::config::{Config, Secret};
use crate::error::{EnvelopeHead, Error, excerpt};
use base64::Engine as _;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The path that exchanges the key pair for a token.
pub const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// The longest margin before expiry at which a token is refreshed.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A management token and the user pool it is scoped to.
pub(crate) struct Token {
    pub access_token: Secret,
    pub userpool_id: String,
    refresh_at: Instant,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("userpool_id", &self.userpool_id).finish_non_exhaustive()
    }
}

/// The cache: readers take the fast path; a refresh holds `refresh` so that
/// N concurrent callers on a cold or stale cache make one token request.
#[derive(Default)]
pub(crate) struct TokenCache {
    current: RwLock<Option<Arc<Token>>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.current.read().map(|c| c.is_some()).unwrap_or(false);
        f.debug_struct("TokenCache").field("cached", &cached).finish()
    }
}

impl TokenCache {
    fn fresh(&self) -> Option<Arc<Token>> {
        let guard = self.current.read().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().filter(|t| Instant::now() < t.refresh_at).cloned()
    }

    /// A valid token, fetching one when none is cached or it is about to expire.
    pub async fn get(&self, http: &reqwest::Client, config: &Config) -> Result<Arc<Token>, Error> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _gate = self.refresh.lock().await;
        // Someone else may have refreshed while we waited for the gate.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let token = Arc::new(fetch(http, config).await?);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        Ok(token)
    }

    /// Drops `used` after the API refused it, unless it was already replaced.
    pub fn invalidate(&self, used: &Arc<Token>) {
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|t| Arc::ptr_eq(t, used)) {
            *guard = None;
        }
    }
}

#[derive(serde::Deserialize)]
struct TokenEnvelope {
    #[serde(flatten)]
    head: EnvelopeHead,
    data: Option<TokenData>,
}

#[derive(serde::Deserialize)]
struct TokenData {
    access_token: String,
    expires_in: u64,
}

async fn fetch(http: &reqwest::Client, config: &Config) -> Result<Token, Error> {
    let prefix = config.brand.header_prefix();
    let mut request = http
        .post(format!("{}{TOKEN_PATH}", config.host))
        .timeout(config.timeout)
        .header(format!("{prefix}lang"), config.lang.as_str())
        .header(format!("{prefix}sdk-version"), crate::SDK_VERSION)
        .json(&serde_json::json!({
            "accessKeyId": config.access_key_id,
            "accessKeySecret": config.access_key_secret.expose(),
        }));
    if let Some(tenant) = &config.tenant_id {
        request = request.header(format!("{prefix}app-id"), tenant);
    }
    let response = request.send().await.map_err(crate::call::from_reqwest)?;
    let status = response.status();
    let body = response.bytes().await.map_err(crate::call::from_reqwest)?;
    if status != reqwest::StatusCode::OK {
        return Err(Error::Http { status: status.as_u16(), body_excerpt: excerpt(&body) });
    }
    let envelope: TokenEnvelope = serde_json::from_slice(&body).map_err(|e| Error::decode(e, &body))?;
    match envelope.head.status_code {
        Some(200) => {}
        Some(code) => return Err(envelope.head.into_api_error(code).into()),
        None => return Err(Error::decode("the token response has no statusCode", &body)),
    }
    let data = envelope.data.ok_or_else(|| Error::decode("the token response has no data", b""))?;
    let userpool_id = scoped_userpool_id(&data.access_token)
        .ok_or_else(|| Error::decode("the management token carries no scoped_userpool_id claim", b""))?;
    let lifetime = Duration::from_secs(data.expires_in);
    let margin = REFRESH_MARGIN.min(lifetime / 10);
    Ok(Token {
        access_token: Secret::new(data.access_token),
        userpool_id,
        refresh_at: Instant::now() + lifetime - margin,
    })
}

/// The `scoped_userpool_id` claim of a JWT. The signature is the server's
/// business; the client only needs the claim for the `userpool-id` header.
fn scoped_userpool_id(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("scoped_userpool_id")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scoped_userpool_claim() {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!("{}.{}.sig", b64(r#"{"alg":"HS256"}"#), b64(r#"{"scoped_userpool_id":"pool-1","exp":1}"#));
        assert_eq!(scoped_userpool_id(&jwt).as_deref(), Some("pool-1"));
        assert_eq!(scoped_userpool_id("not-a-jwt"), None);
        let token = Token { access_token: Secret::new(jwt.clone()), userpool_id: "p".into(), refresh_at: Instant::now() };
        assert!(!format!("{token:?}").contains(&jwt));
    }
}
