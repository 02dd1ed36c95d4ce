//! The envelope decoder on arbitrary response bodies: the head that the
//! client reads from every HTTP 200 answer, the excerpt that errors keep of
//! a body, and the token endpoint's answer.
//!
//! The reference reading of a body is what the API's own JavaScript clients
//! do: decode it as UTF-8 (U+FFFD for invalid bytes) and `JSON.parse` the
//! text, where a repeated key keeps its last value and a number is a double
//! (`200.0` is `200`).

#![no_main]

use base64::Engine as _;
use genauth::fuzzing::{envelope_head, excerpt, token_response};
use genauth::{BODY_EXCERPT_LIMIT, Error};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use serde_json::{Map, Value};
use std::time::Duration;

/// Tokens at least this long must never show in an error: real ones are
/// hundreds of characters, and none of the crate's own messages is this long.
const SECRET_TOKEN_LEN: usize = 64;

fuzz_target!(|body: &[u8]| {
    check_excerpt(body, &excerpt(body));
    let text = String::from_utf8_lossy(body);
    let envelope = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(members)) => Some(members),
        // JSON with a number beyond the doubles (JavaScript reads Infinity),
        // which a serde_json Value cannot hold: no reference reading.
        Err(_) if serde_json::from_str::<IgnoredAny>(&text).is_ok() => return,
        _ => None,
    };
    check_head(body, envelope.as_ref());
    check_token(body, envelope.as_ref());
});

fn integer(value: Option<&Value>) -> Option<i64> {
    let value = value?;
    value.as_i64().or_else(|| {
        let x = value.as_f64()?;
        // The doubles that are integers within i64's range.
        (x.fract() == 0.0 && (-(2f64.powi(63))..2f64.powi(63)).contains(&x)).then_some(x as i64)
    })
}

/// A text member: a string as it is, any other value but null as JSON.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(genauth::signing::js_value::field_value(other)),
    }
}

/// The head: a call succeeds when `statusCode` is 200 or absent, and
/// otherwise fails with that code and the envelope's other members, however
/// the rest of the envelope is shaped.
fn check_head(body: &[u8], envelope: Option<&Map<String, Value>>) {
    let member = |name: &str| envelope.and_then(|e| e.get(name));
    let head = envelope_head(body);
    assert_eq!(head.as_ref().map(|(code, _)| *code), integer(member("statusCode")), "statusCode");
    if let Some((code, error)) = head {
        assert_eq!(error.status_code(), code);
        assert_eq!(error.api_code(), integer(member("apiCode")), "apiCode");
        assert_eq!(error.message(), text(member("message")).unwrap_or_default(), "message");
        assert_eq!(error.request_id().map(str::to_owned), text(member("requestId")), "requestId");
    }
}

/// The excerpt is the body as lossy UTF-8, cut at a character boundary to at
/// most `BODY_EXCERPT_LIMIT` bytes, with `…` marking a cut.
fn check_excerpt(body: &[u8], excerpt: &str) {
    let whole = String::from_utf8_lossy(body);
    if whole.len() <= BODY_EXCERPT_LIMIT {
        assert_eq!(excerpt, whole, "an excerpt of a short body is the body");
        return;
    }
    let kept = excerpt.strip_suffix('…').unwrap_or_else(|| panic!("a cut excerpt ends with …: {excerpt:?}"));
    assert!(kept.len() <= BODY_EXCERPT_LIMIT, "the excerpt keeps {} bytes", kept.len());
    assert!(whole.starts_with(kept), "the excerpt is not the start of the body");
    let next = whole[kept.len()..].chars().next().expect("something was cut");
    assert!(kept.len() + next.len_utf8() > BODY_EXCERPT_LIMIT, "the excerpt stops short of the limit");
}

/// The token endpoint: a token when the envelope says 200 and carries one,
/// the API's refusal when it says anything else, and otherwise a decode
/// error that quotes nothing that could be the token.
fn check_token(body: &[u8], envelope: Option<&Map<String, Value>>) {
    let status = integer(envelope.and_then(|e| e.get("statusCode")));
    let data = envelope.and_then(|e| e.get("data")).and_then(Value::as_object);
    let access_token = data.and_then(|d| d.get("access_token")).and_then(Value::as_str);
    let lifetime = data.and_then(|d| d.get("expires_in")).and_then(Value::as_u64).map(Duration::from_secs);
    let claim = access_token.and_then(scoped_userpool_claim);
    let outcome = token_response(body);
    match (&outcome, status) {
        (Ok((userpool_id, cached_for)), Some(200)) => {
            assert_eq!(Some(userpool_id), claim.as_ref(), "the user pool is the token's claim");
            let lifetime = lifetime.expect("a token is cached only with its lifetime");
            assert!(*cached_for <= lifetime, "cached for {cached_for:?}, past its lifetime {lifetime:?}");
            let floor = lifetime.min(Duration::from_secs(3600)) * 9 / 10;
            assert!(*cached_for >= floor, "cached for {cached_for:?} of {lifetime:?}");
        }
        (Err(Error::Api(e)), Some(code)) if code != 200 => assert_eq!(e.status_code(), code),
        (Err(Error::Decode(decode)), None | Some(200)) => {
            assert!(
                status.is_none() || access_token.is_none() || lifetime.is_none() || claim.is_none(),
                "a well-formed token response was refused: {outcome:?}"
            );
            assert!(decode.raw_body().is_empty(), "a token answer's body is never kept: {decode:?}");
        }
        _ => panic!("statusCode {status:?} gave {outcome:?}"),
    }
    if let (Err(e), Some(token)) = (&outcome, access_token)
        && token.len() >= SECRET_TOKEN_LEN
        && !matches!(e, Error::Api(_))
    {
        assert!(!e.to_string().contains(token), "the error shows the token: {e}");
    }
}

/// The `scoped_userpool_id` claim of a JWT: the second dot-separated
/// segment, base64url, is a JSON object of claims.
fn scoped_userpool_claim(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&json).ok()?;
    claims.get("scoped_userpool_id")?.as_str().map(str::to_owned)
}
