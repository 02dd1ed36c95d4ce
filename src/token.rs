//! Management tokens: fetched lazily, cached until shortly before they
//! expire, refreshed single-flight, never cached when the fetch failed.

use crate::config::{Config, Secret};
use crate::envelope::EnvelopeHead;
use crate::error::{DecodeError, Error, excerpt};
use crate::transport::{Answer, TransportError};
use base64::Engine as _;
use serde::Deserialize as _;
use serde_json::Value;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The path that exchanges the key pair for a token.
pub const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// The longest margin before expiry at which a token is refreshed.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// However long a token claims to live, it is refreshed within a day: a
/// huge `expires_in` must neither overflow the clock nor pin one token for
/// good.
const LONGEST_CACHE: Duration = Duration::from_secs(24 * 60 * 60);

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
    pub async fn get(&self, client: &crate::api::Client, config: &Config) -> Result<Arc<Token>, Error> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _gate = self.refresh.lock().await;
        // Someone else may have refreshed while we waited for the gate.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let token = Arc::new(fetch(client, config).await?);
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
struct TokenData {
    access_token: String,
    expires_in: u64,
}

async fn fetch(client: &crate::api::Client, config: &Config) -> Result<Token, Error> {
    use progenitor_client::ClientInfo as _;
    let prefix = config.brand.header_prefix();
    let mut request = client
        .client()
        .post(format!("{}{TOKEN_PATH}", config.host))
        .header(format!("{prefix}lang"), config.lang.as_str())
        .header(format!("{prefix}sdk-version"), crate::SDK_VERSION)
        .json(&serde_json::json!({
            "accessKeyId": config.access_key_id,
            "accessKeySecret": config.access_key_secret.expose(),
        }));
    if let Some(tenant) = &config.tenant_id {
        request = request.header(format!("{prefix}app-id"), tenant);
    }
    let request = request.build().map_err(TransportError::from)?;
    let Answer { status, body, .. } = client.transport().send(request, config.timeout).await?;
    if status != reqwest::StatusCode::OK {
        return Err(Error::Http { status: status.as_u16(), body_excerpt: excerpt(&body) });
    }
    Token::from_response(&body, Instant::now())
}

impl Token {
    /// The token in the body of an HTTP 200 answer from [`TOKEN_PATH`],
    /// received at `now`.
    pub(crate) fn from_response(body: &[u8], now: Instant) -> Result<Token, Error> {
        // The body may hold the token, a bearer credential: the errors made
        // here say what is wrong and quote none of it.
        let malformed = |path: &str, expected: &str, found: &str| -> Error {
            DecodeError::without_body("getManagementToken", path, expected, found).into()
        };
        // Read as a whole first, so that a repeated member keeps its last
        // value as everywhere else; then the head, so that a refusal is
        // reported as such whatever its `data` holds.
        let envelope: Value = serde_json::from_str(&String::from_utf8_lossy(body)).unwrap_or_default();
        let head = EnvelopeHead::deserialize(&envelope).unwrap_or_default();
        match head.status_code {
            Some(200) => {}
            Some(code) => return Err(head.into_api_error(code).into()),
            None => return Err(malformed("", "a response envelope with a statusCode", "none")),
        }
        let data = envelope
            .get("data")
            .and_then(|data| TokenData::deserialize(data).ok())
            .ok_or_else(|| malformed("data", "an object with access_token and expires_in", "something else"))?;
        let userpool_id = scoped_userpool_id(&data.access_token).ok_or_else(|| {
            malformed("data.access_token", "a JWT with a scoped_userpool_id claim", "a token without it")
        })?;
        let lifetime = Duration::from_secs(data.expires_in).min(LONGEST_CACHE);
        let margin = REFRESH_MARGIN.min(lifetime / 10);
        Ok(Token { access_token: Secret::new(data.access_token), userpool_id, refresh_at: now + lifetime - margin })
    }
}

/// For the `envelope` fuzz target, through `genauth::fuzzing`.
#[cfg(fuzzing)]
impl Token {
    pub(crate) fn refresh_at(&self) -> Instant {
        self.refresh_at
    }
}

/// The `scoped_userpool_id` claim of a JWT. The signature is the server's
/// business; the client only needs the claim for the `userpool-id` header.
fn scoped_userpool_id(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("scoped_userpool_id")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", b64(r#"{"alg":"HS256"}"#), b64(claims))
    }

    #[test]
    fn reads_the_scoped_userpool_claim() {
        let jwt = jwt(r#"{"scoped_userpool_id":"pool-1","exp":1}"#);
        assert_eq!(scoped_userpool_id(&jwt).as_deref(), Some("pool-1"));
        assert_eq!(scoped_userpool_id("not-a-jwt"), None);
        let token =
            Token { access_token: Secret::new(jwt.clone()), userpool_id: "p".into(), refresh_at: Instant::now() };
        assert!(!format!("{token:?}").contains(&jwt));
    }

    // Each body below broke an invariant of the `envelope` fuzz target
    // (fuzz/fuzz_targets/envelope.rs) before the fix its test names.

    #[test]
    fn a_refusal_is_reported_whatever_its_data() {
        let body = br#"{"statusCode":401,"message":"wrong key","apiCode":1300,"data":{}}"#;
        let error = Token::from_response(body, Instant::now()).unwrap_err();
        assert_eq!((error.status_code(), error.api_code()), (Some(401), Some(1300)), "{error}");
    }

    #[test]
    fn a_huge_lifetime_is_capped() {
        let body = format!(
            r#"{{"statusCode":200,"data":{{"access_token":"{}","expires_in":{}}}}}"#,
            jwt(r#"{"scoped_userpool_id":"p"}"#),
            u64::MAX
        );
        let now = Instant::now();
        let token = Token::from_response(body.as_bytes(), now).unwrap();
        assert_eq!(token.refresh_at - now, LONGEST_CACHE - REFRESH_MARGIN);
    }

    #[test]
    fn decode_errors_never_quote_the_token() {
        let jwt = jwt(r#"{"scoped_userpool_id":"pool-1","exp":1}"#);
        for data in
            [format!(r#"{{"access_token":"{jwt}","expires_in":"7200"}}"#), format!(r#"{{"access_token":"{jwt}"}}"#)]
        {
            let body = format!(r#"{{"statusCode":200,"data":{data}}}"#);
            let error = Token::from_response(body.as_bytes(), Instant::now()).unwrap_err();
            assert!(matches!(error, Error::Decode { .. }), "{error:?}");
            assert!(!error.to_string().contains(&jwt), "{error}");
        }
    }
}
