//! Authentication as the API does it: signed requests, management tokens and
//! bearer tokens.
//!
//! The refusals and their `apiCode`s are listed in the [emulator's
//! documentation](crate::emulator); the constants below are those codes.

use crate::Brand;
use crate::Secret;
use crate::emulator::errors;
use crate::emulator::errors::ApiFault;
use crate::signing;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The longest nonce remembered; longer ones are refused, so that a client
/// cannot fill the replay memory with huge strings.
const MAX_NONCE_LEN: usize = 128;

/// The emulator's one access key, the keys it signs tokens with, and the
/// nonces it has seen.
pub(crate) struct Authenticator {
    access_key_id: String,
    access_key_secret: Secret,
    userpool_id: String,
    token_key: [u8; 32],
    token_ttl: Duration,
    max_clock_skew: Duration,
    nonces: Mutex<NonceBook>,
}

impl Authenticator {
    pub(crate) fn new(
        access_key_id: String,
        access_key_secret: Secret,
        userpool_id: String,
        token_ttl: Duration,
        max_clock_skew: Duration,
    ) -> Self {
        Authenticator {
            access_key_id,
            access_key_secret,
            userpool_id,
            token_key: rand::random(),
            token_ttl,
            max_clock_skew,
            nonces: Mutex::new(NonceBook::default()),
        }
    }

    /// Checks an event subscription's `Authorization`: `<scheme> <key
    /// id>:<signature>` where the signature covers a request of method
    /// `websocket` with no headers, path or fields, as the official SDKs
    /// sign it.
    pub(crate) fn verify_subscription(&self, headers: &HeaderMap) -> Result<(), ApiFault> {
        let authorization = header(headers, "authorization")
            .ok_or_else(|| refuse(&errors::AUTH_MALFORMED, "the Authorization header is missing"))?;
        let credentials = authorization
            .split_once(' ')
            .filter(|(scheme, _)| Brand::from_scheme(scheme).is_some())
            .map(|(_, credentials)| credentials)
            .ok_or_else(|| refuse(&errors::AUTH_MALFORMED, "the Authorization header is malformed"))?;
        let (key_id, claimed) = credentials
            .trim()
            .split_once(':')
            .ok_or_else(|| refuse(&errors::AUTH_MALFORMED, "the Authorization header is malformed"))?;
        if key_id != self.access_key_id {
            return Err(refuse(&errors::AUTH_UNKNOWN_KEY, format!("unknown access key id {key_id:?}")));
        }
        let expected = signing::signature(self.access_key_secret.expose().as_bytes(), "websocket\n");
        if !constant_time_eq(claimed.as_bytes(), expected.as_bytes()) {
            return Err(refuse(&errors::AUTH_BAD_SIGNATURE, "the signature does not match the subscription"));
        }
        Ok(())
    }

    /// Checks a request's credentials. `path` is the raw path as received;
    /// `query` and `body` are raw too, since the signature covers the query
    /// of a GET and the body of anything else. `query_parameters` are those
    /// the operation declares: a GET's signature may cover some of them that
    /// the wire does not carry (see [`signed_forms`]).
    pub(crate) fn verify<'p>(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HeaderMap,
        body: &[u8],
        query_parameters: impl FnOnce() -> Vec<QueryParameter<'p>>,
    ) -> Result<(), ApiFault> {
        let authorization = header(headers, "authorization")
            .ok_or_else(|| refuse(&errors::AUTH_MALFORMED, "the Authorization header is missing"))?;
        let (scheme, credentials) = authorization
            .split_once(' ')
            .ok_or_else(|| refuse(&errors::AUTH_MALFORMED, "the Authorization header is malformed"))?;
        if scheme.eq_ignore_ascii_case("bearer") {
            return self.verify_bearer(credentials.trim(), headers);
        }
        let brand = Brand::from_scheme(scheme).ok_or_else(|| {
            refuse(
                &errors::AUTH_MALFORMED,
                format!("unknown Authorization scheme {scheme:?}: expected GenAuth, authing or Bearer"),
            )
        })?;
        let (key_id, claimed) =
            credentials.trim().split_once(':').filter(|(id, sig)| !id.is_empty() && !sig.is_empty()).ok_or_else(
                || {
                    refuse(
                        &errors::AUTH_MALFORMED,
                        "the Authorization header is not `<scheme> <access key id>:<signature>`",
                    )
                },
            )?;

        let prefix = brand.header_prefix();
        let names = SignatureHeaders::of(brand);
        let signed_header = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let method_used = signed_header(&names.method);
        let version_used = signed_header(&names.version);
        if method_used != Some(signing::SIGNATURE_METHOD) || version_used != Some(signing::SIGNATURE_VERSION) {
            return Err(refuse(
                &errors::AUTH_BAD_METHOD,
                format!(
                    "unsupported signature: {prefix}signature-method {method_used:?}, {prefix}signature-version {version_used:?}; expected HMAC-SHA1 and 1.0"
                ),
            ));
        }
        let nonce =
            signed_header(&names.nonce).filter(|n| !n.is_empty() && n.len() <= MAX_NONCE_LEN).ok_or_else(|| {
                refuse(
                    &errors::AUTH_BAD_DATE_OR_NONCE,
                    format!("the {prefix}signature-nonce header is missing or malformed"),
                )
            })?;
        let date = header(headers, "date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .ok_or_else(|| refuse(&errors::AUTH_BAD_DATE_OR_NONCE, "the date header is missing or not an HTTP date"))?;
        if key_id != self.access_key_id {
            return Err(refuse(&errors::AUTH_UNKNOWN_KEY, format!("unknown access key id {key_id:?}")));
        }
        let now = SystemTime::now();
        let skew = now.duration_since(date).unwrap_or_else(|e| e.duration());
        if skew > self.max_clock_skew {
            return Err(refuse(
                &errors::AUTH_CLOCK_SKEW,
                format!(
                    "the date header is {}s away from the server's clock; at most {}s are allowed",
                    skew.as_secs(),
                    self.max_clock_skew.as_secs()
                ),
            ));
        }

        let is_get = method.eq_ignore_ascii_case("GET");
        let fields = || if is_get { signing::query_fields(query) } else { signing::body_fields(body) };
        let to_sign = |fields: Vec<signing::Field>| {
            let pairs = headers.iter().filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str(), v)));
            signing::string_to_sign(method, prefix, pairs, path, fields)
        };
        let signs = |to_sign: &str| {
            let expected = signing::signature(self.access_key_secret.expose().as_bytes(), to_sign);
            constant_time_eq(expected.as_bytes(), claimed.as_bytes())
        };
        // The request as it arrived first: that is how every client signs
        // but the Node SDK in the cases `signed_forms` describes, whose forms
        // are worked out only when it fails.
        let as_sent = fields();
        let nothing_sent = as_sent.is_empty();
        let mut text = to_sign(as_sent);
        let signed = signs(&text)
            || (nothing_sent && {
                text.push('?');
                signs(&text)
            })
            || (is_get && signed_forms(&fields(), &query_parameters()).any(|form| signs(&to_sign(form))));
        if !signed {
            return Err(refuse(&errors::AUTH_BAD_SIGNATURE, "the signature does not match the request"));
        }
        // Only a correctly signed request spends its nonce, so forgeries cannot burn nonces.
        let mut nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        // A date up to one skew ahead stays acceptable for two skews, so remember that long.
        if !nonces.insert(nonce, Instant::now(), self.max_clock_skew.saturating_mul(2)) {
            return Err(refuse(&errors::AUTH_NONCE_REUSED, format!("the nonce {nonce:?} was already used")));
        }
        Ok(())
    }

    fn verify_bearer(&self, token: &str, headers: &HeaderMap) -> Result<(), ApiFault> {
        let claims = self.token_claims(token)?;
        let now = unix_seconds();
        if claims.get("exp").and_then(Value::as_u64).is_none_or(|exp| now >= exp) {
            return Err(unauthorized("the management token has expired"));
        }
        let scoped = claims.get("scoped_userpool_id").and_then(Value::as_str);
        let sent = [Brand::GenAuth, Brand::Authing]
            .into_iter()
            .find_map(|b| header(headers, &format!("{}userpool-id", b.header_prefix())));
        match sent {
            None => {
                Err(unauthorized("a bearer token needs the x-genauth-userpool-id (or x-authing-userpool-id) header"))
            }
            Some(pool) if Some(pool) != scoped => {
                Err(unauthorized(format!("the userpool-id header {pool:?} does not match the token's user pool")))
            }
            Some(_) => Ok(()),
        }
    }

    /// The claims of a token this emulator signed.
    fn token_claims(&self, token: &str) -> Result<Value, ApiFault> {
        let invalid = || unauthorized("the management token is malformed or was not issued by this server");
        let (signed, signature) = token.rsplit_once('.').ok_or_else(invalid)?;
        let (_, payload) = signed.split_once('.').ok_or_else(invalid)?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| invalid())?;
        if !constant_time_eq(&self.token_signature(signed), &signature) {
            return Err(invalid());
        }
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| invalid())?;
        serde_json::from_slice(&payload).map_err(|_| invalid())
    }

    fn token_signature(&self, signed: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.token_key).expect("HMAC accepts keys of any length");
        mac.update(signed.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// `POST /api/v3/get-management-token`: exchanges the key pair, sent in
    /// the clear as `{accessKeyId, accessKeySecret}`, for a token. Returns
    /// the envelope's `data`.
    pub(crate) fn issue_token(&self, body: &[u8]) -> Result<Value, ApiFault> {
        let request: Value =
            serde_json::from_slice(body).map_err(|e| ApiFault::invalid("body", format!("malformed JSON ({e})")))?;
        let field =
            |name: &str| request.get(name).and_then(Value::as_str).ok_or_else(|| ApiFault::invalid(name, "missing"));
        let (key_id, secret) = (field("accessKeyId")?, field("accessKeySecret")?);
        if key_id != self.access_key_id {
            return Err(refuse(&errors::AUTH_UNKNOWN_KEY, format!("unknown access key id {key_id:?}")));
        }
        if !constant_time_eq(secret.as_bytes(), self.access_key_secret.expose().as_bytes()) {
            return Err(refuse(&errors::AUTH_BAD_SIGNATURE, "wrong access key secret"));
        }
        let issued = unix_seconds();
        let ttl = self.token_ttl.as_secs();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        // The Python SDK decodes the payload with the standard base64 alphabet; ASCII claims
        // (a hex pool id, digits) never encode to the `-` or `_` it would choke on.
        let claims = json!({"scoped_userpool_id": self.userpool_id, "iat": issued, "exp": issued.saturating_add(ttl)});
        let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
        let signature = URL_SAFE_NO_PAD.encode(self.token_signature(&signed));
        Ok(json!({"access_token": format!("{signed}.{signature}"), "expires_in": ttl}))
    }
}

/// A query parameter an operation declares, as the signature check needs it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QueryParameter<'a> {
    pub name: &'a str,
    /// Whether its values are arrays, which a caller may pass empty.
    pub array: bool,
}

/// The field lists a GET's signature may cover besides the `fields` that
/// arrived (which [`Authenticator::verify`] tries first, with a bare `?`
/// when nothing arrived).
///
/// The official Node SDK signs the object it hands axios (the params of a
/// GET, the data of anything else), not what axios puts on the wire, and the
/// two differ in ways that are the same for every operation:
///
/// - a member that is `undefined` is neither signed nor sent, but the SDK
///   appends `?` to the path whenever the object has any key, so an object
///   whose members are all `undefined` (`listTenants({})`) is signed as the
///   path and a bare `?` while nothing arrives;
/// - a GET param that is `null` is signed `name=null`, and one that is an
///   empty array `name=[]`, while axios sends neither. The server cannot see
///   which absent parameter the caller passed so, so it tries the `unsent`
///   parameters that did not arrive: as `null`, and an array one as `[]`
///   too, one or two at once (callers pass one or two explicit `null`s or
///   empty lists; the forms grow with the square of the absent parameters).
///
/// A JSON body keeps its `null`s and empty arrays, so only GETs have `unsent`.
fn signed_forms<'a>(
    fields: &'a [signing::Field],
    unsent: &[QueryParameter],
) -> impl Iterator<Item = Vec<signing::Field>> + 'a {
    let dropped: Vec<signing::Field> = unsent
        .iter()
        .filter(|p| fields.iter().all(|(name, _)| name != p.name))
        .flat_map(|p| {
            let empty = p.array.then_some("[]");
            std::iter::once("null").chain(empty).map(|v| (p.name.to_owned(), v.to_owned()))
        })
        .collect();
    let n = dropped.len();
    let singles = (0..n).map(|i| vec![i]);
    let pairs = (0..n).flat_map(move |i| (i + 1..n).map(move |j| vec![i, j]));
    singles.chain(pairs).filter_map(move |chosen| {
        // One parameter cannot have been passed both as null and as [].
        if let [i, j] = chosen[..]
            && dropped[i].0 == dropped[j].0
        {
            return None;
        }
        let mut form = fields.to_vec();
        form.extend(chosen.iter().map(|&i| dropped[i].clone()));
        Some(form)
    })
}

/// Nonces seen recently, forgotten in arrival order once their window ends.
#[derive(Default)]
struct NonceBook {
    seen: HashSet<String>,
    expiry: VecDeque<(Instant, String)>,
}

impl NonceBook {
    /// Records `nonce` for `keep`; false when it is still remembered.
    fn insert(&mut self, nonce: &str, now: Instant, keep: Duration) -> bool {
        while self.expiry.front().is_some_and(|(until, _)| *until <= now) {
            if let Some((_, old)) = self.expiry.pop_front() {
                self.seen.remove(&old);
            }
        }
        if !self.seen.insert(nonce.to_owned()) {
            return false;
        }
        self.expiry.push_back((now + keep, nonce.to_owned()));
        true
    }
}

/// The headers a signature's parameters travel in, in one brand's
/// spelling. Every signed request reads them, so the names are built at
/// compile time rather than formatted and parsed per request.
struct SignatureHeaders {
    method: HeaderName,
    version: HeaderName,
    nonce: HeaderName,
}

impl SignatureHeaders {
    fn of(brand: Brand) -> &'static SignatureHeaders {
        static GENAUTH: SignatureHeaders = SignatureHeaders {
            method: HeaderName::from_static("x-genauth-signature-method"),
            version: HeaderName::from_static("x-genauth-signature-version"),
            nonce: HeaderName::from_static("x-genauth-signature-nonce"),
        };
        static AUTHING: SignatureHeaders = SignatureHeaders {
            method: HeaderName::from_static("x-authing-signature-method"),
            version: HeaderName::from_static("x-authing-signature-version"),
            nonce: HeaderName::from_static("x-authing-signature-nonce"),
        };
        match brand {
            Brand::GenAuth => &GENAUTH,
            Brand::Authing => &AUTHING,
        }
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

fn refuse(refusal: &'static errors::Refusal, message: impl Into<String>) -> ApiFault {
    ApiFault::new(refusal, [message.into()])
}

fn unauthorized(message: impl Into<String>) -> ApiFault {
    ApiFault::new(&errors::AUTH_BAD_TOKEN, [message.into()])
}

/// Compares secrets in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_forgotten_after_their_window() {
        let mut book = NonceBook::default();
        let t0 = Instant::now();
        let keep = Duration::from_secs(10);
        assert!(book.insert("a", t0, keep));
        assert!(!book.insert("a", t0 + Duration::from_secs(9), keep));
        assert!(book.insert("b", t0 + Duration::from_secs(5), keep));
        assert!(book.insert("a", t0 + Duration::from_secs(10), keep));
        // "a" was pruned and re-added, "b" is still within its window.
        assert_eq!(book.seen.len(), 2);
        assert!(book.insert("c", t0 + Duration::from_secs(60), keep));
        assert_eq!((book.seen.len(), book.expiry.len()), (1, 1));
    }

    #[test]
    fn tokens_round_trip_and_forgeries_fail() {
        // Two authenticators with the same settings: each signs tokens with its own random key.
        let authenticator = || {
            Authenticator::new(
                "id".into(),
                Secret::new("secret"),
                "pool".into(),
                Duration::from_secs(60),
                Duration::from_secs(900),
            )
        };
        let auth = authenticator();
        let body = br#"{"accessKeyId":"id","accessKeySecret":"secret"}"#;
        let data = auth.issue_token(body).unwrap();
        let token = data["access_token"].as_str().unwrap();
        assert_eq!(data["expires_in"], 60);
        let claims = auth.token_claims(token).unwrap();
        assert_eq!(claims["scoped_userpool_id"], "pool");
        assert_eq!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(), 60);
        let other = authenticator();
        assert!(other.token_claims(token).is_err());
        assert!(auth.token_claims("a.b").is_err());
        let wrong_id = auth.issue_token(br#"{"accessKeyId":"nope","accessKeySecret":"secret"}"#).unwrap_err();
        assert_eq!(wrong_id.refusal(), &errors::AUTH_UNKNOWN_KEY);
        let wrong_secret = auth.issue_token(br#"{"accessKeyId":"id","accessKeySecret":"nope"}"#).unwrap_err();
        assert_eq!(wrong_secret.refusal(), &errors::AUTH_BAD_SIGNATURE);
        assert_eq!(auth.issue_token(b"{").unwrap_err().status_code(), 400);
        assert_eq!(auth.issue_token(b"{}").unwrap_err().detail(), Some("missing"));
    }

    #[test]
    fn signed_forms_add_what_the_wire_drops() {
        let field = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let declared = [
            QueryParameter { name: "ids", array: true },
            QueryParameter { name: "kind", array: false },
            QueryParameter { name: "page", array: false },
        ];
        let sent = [field("page", "1")];
        let forms: Vec<_> = signed_forms(&sent, &declared).collect();
        // Each absent one as null (or [] for the array), then pairs of them,
        // after what arrived.
        assert!(forms.iter().all(|form| form[0] == sent[0]), "{forms:?}");
        let added: Vec<Vec<signing::Field>> = forms.iter().map(|form| form[1..].to_vec()).collect();
        assert_eq!(
            added,
            [
                vec![field("ids", "null")],
                vec![field("ids", "[]")],
                vec![field("kind", "null")],
                vec![field("ids", "null"), field("kind", "null")],
                vec![field("ids", "[]"), field("kind", "null")],
            ]
        );

        let forms: Vec<_> = signed_forms(&[], &declared[1..]).collect();
        assert_eq!(
            forms,
            [
                vec![field("kind", "null")],
                vec![field("page", "null")],
                vec![field("kind", "null"), field("page", "null")]
            ]
        );
        assert_eq!(signed_forms(&[], &[]).count(), 0, "nothing declared, nothing else to try");
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
