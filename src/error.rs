//! The crate's error type: every way a call can fail, each with what a
//! caller needs to act on it.

use crate::api_code::{ApiCode, ApiCodeKind};
use std::fmt;

/// How many bytes of text an error keeps from the body it quotes (then `…`
/// marks the cut), so that errors stay small and printable whatever the
/// server sent.
pub const BODY_EXCERPT_LIMIT: usize = 512;

/// Why a call failed.
///
/// The API answers every request with HTTP 200 and an envelope whose
/// `statusCode` says whether it worked; an envelope with any other
/// `statusCode` becomes [`Error::Api`], so callers never inspect status codes
/// by hand.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered and refused the request.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The request could not be sent, or its answer could not be read.
    #[error("transport failure: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete answer arrived within the configured timeout.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The server answered with an HTTP status other than 200, which the API
    /// itself never does (a proxy, a load balancer or an outage did).
    #[error("unexpected HTTP status {status}: {body_excerpt}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the body as lossy UTF-8, at most
        /// [`BODY_EXCERPT_LIMIT`] bytes, then `…` if it was cut.
        body_excerpt: String,
    },
    /// The answer was not the JSON this operation returns.
    #[error("could not decode the response: {message}; body starts with: {body_excerpt}")]
    Decode {
        /// What the decoder objected to.
        message: String,
        /// The start of the body as lossy UTF-8, at most
        /// [`BODY_EXCERPT_LIMIT`] bytes, then `…` if it was cut (empty where
        /// the body holds a credential).
        body_excerpt: String,
    },
    /// The request was refused before any byte left: a missing required
    /// field, or more items than the API accepts.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The client is misconfigured (missing key, invalid host, ...).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An event subscription could not be kept up: the event service could
    /// not be reached for the retry configuration's attempts in a row.
    #[error("event stream: {0}")]
    EventStream(String),
}

impl Error {
    /// The envelope's `statusCode`, for [`Error::Api`].
    pub fn status_code(&self) -> Option<i64> {
        self.as_api().map(ApiError::status_code)
    }

    /// The envelope's `apiCode`, for [`Error::Api`] when the API sent one.
    pub fn api_code(&self) -> Option<i64> {
        self.as_api().and_then(ApiError::api_code)
    }

    /// The envelope's `requestId`, to quote to GenAuth support.
    pub fn request_id(&self) -> Option<&str> {
        self.as_api().and_then(ApiError::request_id)
    }

    /// The API error, when the API refused the request.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The envelope's `apiCode` as a catalogue entry, for [`Error::Api`] when the API sent one.
    pub fn code(&self) -> Option<ApiCode> {
        self.as_api().and_then(ApiError::code)
    }

    /// Whether something the request names does not exist: an API refusal
    /// whose `apiCode` is of [`ApiCodeKind::NotFound`] (2004, 3004, 5004), or
    /// one with `statusCode` 404 and no code of another kind.
    pub fn is_not_found(&self) -> bool {
        self.as_api().is_some_and(|e| e.is_kind(ApiCodeKind::NotFound, &[404]))
    }

    /// Whether something the request would create or rename is already taken:
    /// an API refusal whose `apiCode` is of [`ApiCodeKind::Conflict`] (2026,
    /// 3006, 5006; the service sends them with `statusCode` 400), or one with
    /// `statusCode` 409 and no code of another kind.
    pub fn is_conflict(&self) -> bool {
        self.as_api().is_some_and(|e| e.is_kind(ApiCodeKind::Conflict, &[409]))
    }

    /// Whether the input was wrong: refused before sending
    /// ([`Error::InvalidInput`]), or an API refusal whose `apiCode` is of
    /// [`ApiCodeKind::InvalidInput`] (2000), or one with `statusCode` 400 or 413
    /// and no code of another kind (so a taken email, 400 with 2026, is a
    /// conflict and not invalid input).
    pub fn is_invalid_input(&self) -> bool {
        match self {
            Error::InvalidInput(_) => true,
            Error::Api(e) => e.is_kind(ApiCodeKind::InvalidInput, &[400, 413]),
            _ => false,
        }
    }

    /// Whether the credentials were refused: an API refusal whose `apiCode`
    /// is of [`ApiCodeKind::Auth`] (the signature codes 1300–1306), or one with
    /// `statusCode` 401 (not signed in, bad token) or 403 (no permission) and
    /// no code of another kind.
    pub fn is_auth(&self) -> bool {
        self.as_api().is_some_and(|e| e.is_kind(ApiCodeKind::Auth, &[401, 403]))
    }

    /// Whether trying the same call again later may succeed: a timeout, a
    /// transport failure, HTTP 429, 502, 503 or 504 from something in front of
    /// the API, or an API refusal with `statusCode` 429 (throttled) or 503
    /// (unavailable). These are the failures [`crate::RetryConfig`] retries
    /// for reads; whether a write is safe to repeat is the caller's call.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::Transport(_) => true,
            Error::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            Error::Api(e) => matches!(e.status_code, 429 | 503),
            _ => false,
        }
    }

    pub(crate) fn decode(message: impl fmt::Display, body: &[u8]) -> Self {
        Error::Decode { message: message.to_string(), body_excerpt: excerpt(body) }
    }
}

/// A refusal from the API.
///
/// Usually the envelope's `statusCode` was not 200. The one exception is a
/// batch chunk (see [`crate::batch`]) whose envelope said 200 but whose data
/// said `success: false`: it is reported with `status_code() == 200` and no
/// `api_code`, since the API gave no reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub(crate) status_code: i64,
    pub(crate) api_code: Option<i64>,
    pub(crate) message: String,
    pub(crate) request_id: Option<String>,
}

impl ApiError {
    /// Builds an API error; the emulator and tests use this to state what they expect.
    pub fn new(
        status_code: i64,
        api_code: Option<i64>,
        message: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        ApiError { status_code, api_code, message: message.into(), request_id }
    }

    /// The envelope's `statusCode`: 400 for bad input, 401 for bad credentials,
    /// 403 for missing permission, 404 for unknown resources, 429 for throttling,
    /// 500 and up for server faults (and 200 for a refused batch chunk, above).
    pub fn status_code(&self) -> i64 {
        self.status_code
    }

    /// The finer-grained `apiCode`, when the API sent one; [`code`](Self::code)
    /// names it from the catalogue ([`ApiCode`]).
    pub fn api_code(&self) -> Option<i64> {
        self.api_code
    }

    /// The `apiCode` as a catalogue entry, when the API sent one
    /// ([`ApiCode::Other`] for a code the catalogue does not name).
    pub fn code(&self) -> Option<ApiCode> {
        self.api_code.map(ApiCode::from)
    }

    /// Whether the refusal is of `kind`: by its `apiCode` when the catalogue
    /// knows the code's kind, else by its `statusCode` being one of `statuses`.
    fn is_kind(&self, kind: ApiCodeKind, statuses: &[i64]) -> bool {
        match self.code().and_then(ApiCode::kind) {
            Some(known) => known == kind,
            None => statuses.contains(&self.status_code),
        }
    }

    /// The API's human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id the API assigned, to quote to GenAuth support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether the request's signature was refused (apiCode 1300–1306): a wrong
    /// key pair, a clock off by too much (1305) or a replayed nonce (1306).
    pub fn is_signature_error(&self) -> bool {
        self.api_code.is_some_and(|c| (1300..=1306).contains(&c))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status_code)?;
        if let Some(code) = self.api_code {
            write!(f, " (apiCode {code})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [requestId {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The envelope fields that say whether a call worked; the runtime reads them
/// from every answer, and leaves `data` to the generated types.
#[derive(Default)]
pub(crate) struct EnvelopeHead {
    pub status_code: Option<i64>,
    pub api_code: Option<i64>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

impl EnvelopeHead {
    /// The head of `body`; an empty head when the body is no JSON object.
    ///
    /// The body is read as the API's JavaScript clients read it: decoded as
    /// UTF-8 with U+FFFD for invalid bytes, a repeated member keeping its
    /// last value, an integral `200.0` being `200`. A member of an
    /// unexpected type is left out (a non-string message is kept as its
    /// JSON) without costing the others, so a refusal is never taken for a
    /// success because of how its other members are shaped.
    pub fn read(body: &[u8]) -> Self {
        serde_json::from_str(&String::from_utf8_lossy(body)).unwrap_or_default()
    }

    /// The head of an envelope whose members before `data` already say that
    /// the call worked: `statusCode` 200, with no head member repeated.
    /// `None` when they do not settle it, and [`read`](Self::read) must read
    /// the whole head.
    ///
    /// The generated code decodes the whole body into its typed envelope
    /// right after; reading only up to `data` here spares scanning `data`
    /// twice. What the read still costs, about 2,500 instructions per
    /// `getUser` call, is itemised in BENCHMARKS.md. A `statusCode` repeated
    /// after `data`, which no server sends, cannot make a refusal pass for a
    /// success: the typed decoding refuses a repeated field.
    pub fn leading_success(body: &[u8]) -> Option<Self> {
        use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

        /// Reads members until `data`, and leaves the head in its slot if they settle it.
        struct Lead<'a>(&'a mut Option<EnvelopeHead>);

        impl<'de> Visitor<'de> for Lead<'_> {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a response envelope")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                let (mut status_code, mut request_id) = (None, None);
                while let Some(member) = map.next_key()? {
                    match member {
                        HeadMember::StatusCode if status_code.is_none() => status_code = Some(map.next_value::<i64>()?),
                        HeadMember::RequestId if request_id.is_none() => {
                            request_id = Some(map.next_value::<Option<String>>()?)
                        }
                        HeadMember::ApiCode | HeadMember::Message | HeadMember::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        HeadMember::Data if status_code == Some(200) => {
                            let request_id = request_id.flatten();
                            *self.0 = Some(EnvelopeHead { status_code, request_id, ..EnvelopeHead::default() });
                            return Ok(());
                        }
                        // `data` before a success, or a repeated member.
                        _ => return Ok(()),
                    }
                }
                Ok(())
            }
        }

        let mut head = None;
        // serde_json reports the map left unfinished at `data` as an error; the
        // outcome is in `head` either way.
        let _ = serde_json::Deserializer::from_slice(body).deserialize_map(Lead(&mut head));
        head
    }

    /// The refusal this envelope carries under `status_code`.
    pub fn into_api_error(self, status_code: i64) -> ApiError {
        ApiError {
            status_code,
            api_code: self.api_code,
            message: self.message.unwrap_or_default(),
            request_id: self.request_id,
        }
    }
}

impl<'de> serde::Deserialize<'de> for EnvelopeHead {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(HeadVisitor)
    }
}

struct HeadVisitor;

#[derive(serde::Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum HeadMember {
    StatusCode,
    ApiCode,
    Message,
    RequestId,
    Data,
    #[serde(other)]
    Other,
}

impl<'de> serde::de::Visitor<'de> for HeadVisitor {
    type Value = EnvelopeHead;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<EnvelopeHead, A::Error> {
        use serde_json::Value;
        let integer = |value: Value| {
            value.as_i64().or_else(|| {
                let x = value.as_f64()?;
                // The integral doubles in [-2^63, 2^63), which an i64 holds.
                (x.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&x)).then_some(x as i64)
            })
        };
        let text = |value: Value| match value {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => Some(crate::signing::js_value::field_value(&other)),
        };
        let mut head = EnvelopeHead::default();
        while let Some(member) = map.next_key()? {
            match member {
                HeadMember::StatusCode => head.status_code = integer(map.next_value()?),
                HeadMember::ApiCode => head.api_code = integer(map.next_value()?),
                HeadMember::Message => head.message = text(map.next_value()?),
                HeadMember::RequestId => head.request_id = text(map.next_value()?),
                HeadMember::Data | HeadMember::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(head)
    }
}

/// The start of a body as lossy UTF-8: at most [`BODY_EXCERPT_LIMIT`] bytes,
/// cut at a character boundary, then `…` if anything was cut.
pub(crate) fn excerpt(body: &[u8]) -> String {
    // Decoding 3 bytes past the limit completes a character that straddles
    // it, so the cut drops that character whole instead of showing a U+FFFD
    // the body does not have. Invalid bytes grow threefold as U+FFFD, hence
    // the cut is made on the decoded text.
    let window = &body[..body.len().min(BODY_EXCERPT_LIMIT + 3)];
    let mut s = String::from_utf8_lossy(window).into_owned();
    if s.len() > BODY_EXCERPT_LIMIT {
        let mut cut = BODY_EXCERPT_LIMIT;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_is_settled_before_data_and_anything_else_is_read_whole() {
        let success = EnvelopeHead::leading_success(
            br#"{"statusCode":200,"message":"ok","requestId":"r1","data":{"statusCode":500}}"#,
        );
        let success = success.expect("settled before data");
        assert_eq!((success.status_code, success.request_id.as_deref()), (Some(200), Some("r1")));
        for unsettled in [
            &br#"{"statusCode":404,"apiCode":2004,"requestId":"r","data":null}"#[..],
            br#"{"data":{},"statusCode":200}"#,
            br#"{"statusCode":200,"statusCode":503,"data":{}}"#,
            br#"{"statusCode":200.0,"data":{}}"#,
            br#"{"statusCode":200,"requestId":7,"data":{}}"#,
            br#"{"statusCode":200}"#,
            br#"[{"statusCode":200,"data":{}}]"#,
            b"not json",
        ] {
            assert!(EnvelopeHead::leading_success(unsettled).is_none(), "{}", String::from_utf8_lossy(unsettled));
        }
    }

    #[test]
    fn excerpt_is_bounded() {
        let body = vec![b'x'; 10_000];
        assert_eq!(excerpt(&body).chars().count(), BODY_EXCERPT_LIMIT + 1);
        assert_eq!(excerpt(b"short"), "short");
        let exact = vec![b'x'; BODY_EXCERPT_LIMIT];
        assert_eq!(excerpt(&exact).as_bytes(), exact);
    }

    // Found by the `envelope` fuzz target: invalid bytes grow threefold as
    // U+FFFD, and a cut through a character showed a U+FFFD of its own.
    #[test]
    fn excerpt_counts_decoded_bytes_and_cuts_between_characters() {
        let invalid = excerpt(&[0xff; BODY_EXCERPT_LIMIT]);
        assert_eq!(invalid, format!("{}…", "\u{fffd}".repeat(BODY_EXCERPT_LIMIT / 3)));
        let mut straddling = vec![b'a'; BODY_EXCERPT_LIMIT - 1];
        straddling.extend_from_slice("éz".as_bytes());
        assert_eq!(excerpt(&straddling), format!("{}…", "a".repeat(BODY_EXCERPT_LIMIT - 1)));
    }

    // Found by the `envelope` fuzz target (a repeated member, then invalid
    // UTF-8 in `data`): one repeated or oddly typed member made the whole
    // head unreadable, so a refusal read as success; and the head depended
    // on whether invalid bytes sat in a member it reads.
    #[test]
    fn the_head_survives_odd_members() {
        let head = EnvelopeHead::read(br#"{"statusCode":404,"message":"a","message":"b","data":{}}"#);
        assert_eq!((head.status_code, head.message.as_deref()), (Some(404), Some("b")));
        let head = EnvelopeHead::read(br#"{"statusCode":400.0,"apiCode":"x","message":["bad email"],"requestId":7}"#);
        assert_eq!(head.into_api_error(400), ApiError::new(400, None, r#"["bad email"]"#, Some("7".into())));
        assert_eq!(EnvelopeHead::read(br#"{"statusCode":1e300}"#).status_code, None);
        let head = EnvelopeHead::read(b"{\"statusCode\":403,\"message\":\"no \xff\",\"data\":\"\xfe\"}");
        assert_eq!((head.status_code, head.message.as_deref()), (Some(403), Some("no \u{fffd}")));
        assert_eq!(EnvelopeHead::read(br#"[{"statusCode":500}]"#).status_code, None);
    }

    #[test]
    fn a_known_code_decides_the_kind_and_the_status_decides_otherwise() {
        let api = |status, code| Error::from(ApiError::new(status, code, "m", None));
        // A taken email: statusCode 400, yet a conflict by its code.
        assert!(api(400, Some(2026)).is_conflict() && !api(400, Some(2026)).is_invalid_input());
        assert!(api(404, Some(5004)).is_not_found());
        assert!(api(401, Some(1305)).is_auth() && !api(401, Some(1305)).is_retryable());
        // A resigned user is refused by state: none of the input kinds.
        let resigned = api(400, Some(2027));
        assert!(!resigned.is_invalid_input() && !resigned.is_conflict() && !resigned.is_not_found());
        // Unknown or absent codes: the statusCode's class.
        assert!(api(409, None).is_conflict() && api(404, Some(1)).is_not_found() && api(403, None).is_auth());
        assert!(api(413, Some(77)).is_invalid_input() && !api(422, None).is_invalid_input());
        assert!(api(429, None).is_retryable() && api(503, Some(1000)).is_retryable() && !api(500, None).is_retryable());
        assert!(Error::InvalidInput("x".into()).is_invalid_input());
        assert!(Error::Http { status: 504, body_excerpt: String::new() }.is_retryable());
        assert!(!Error::Http { status: 404, body_excerpt: String::new() }.is_not_found());
        assert_eq!(api(404, Some(2004)).code(), Some(ApiCode::UserNotFound));
        assert_eq!(api(404, None).code(), None);
    }

    #[test]
    fn api_error_display_and_accessors() {
        let e = Error::from(ApiError::new(404, Some(2004), "user not found", Some("req-1".into())));
        assert_eq!(e.to_string(), "API error 404 (apiCode 2004): user not found [requestId req-1]");
        assert_eq!((e.status_code(), e.api_code(), e.request_id()), (Some(404), Some(2004), Some("req-1")));
        assert!(!e.as_api().unwrap().is_signature_error());
        assert!(ApiError::new(401, Some(1305), "clock", None).is_signature_error());
    }
}
