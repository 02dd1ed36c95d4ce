//! The crate's error type: every way a call can fail, each with what a
//! caller needs to act on it.

use crate::api_code::{ApiCode, ApiCodeKind};
use crate::transport::TransportError;
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
    Transport(#[source] TransportError),
    /// No complete answer arrived within the configured timeout.
    #[error("the request timed out")]
    Timeout(#[source] TransportError),
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
    #[error(transparent)]
    Decode(Box<DecodeError>),
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
    /// whose `apiCode` is of [`ApiCodeKind::NotFound`] (2004, 3004, 4004, 5004),
    /// or one with `statusCode` 404 and no code of another kind. A missing post
    /// is one of those: the service answers it with 422 and 4004.
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
}

impl From<TransportError> for Error {
    /// A timeout is its own kind of failure.
    fn from(e: TransportError) -> Self {
        if e.is_timeout() { Error::Timeout(e) } else { Error::Transport(e) }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
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

/// An answer that is not the JSON its operation returns.
///
/// Safe to log: it names the operation, the JSON path and what was expected,
/// and says what was there by its kind and size only (`a string of 12
/// characters`), never by its value, since answers hold emails, phone
/// numbers and tokens. [`raw_body`](Self::raw_body) hands the body to a
/// caller who asks for it.
#[derive(Clone)]
pub struct DecodeError {
    operation: &'static str,
    path: String,
    expected: String,
    found: String,
    body: bytes::Bytes,
}

impl DecodeError {
    /// The failure of `text` (found at `prefix` in the body, `""` for the
    /// whole body) to decode, `path` deep inside it.
    pub(crate) fn new(
        operation: &'static str,
        prefix: &str,
        path: Option<&serde_path_to_error::Path>,
        text: &str,
        error: &serde_json::Error,
        body: bytes::Bytes,
    ) -> Self {
        let value = serde_json::from_str::<serde_json::Value>(text).ok();
        let mut at = value.as_ref();
        let mut rendered = prefix.to_owned();
        for segment in path.into_iter().flat_map(|p| p.iter()) {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => {
                    rendered.push_str(&format!("[{index}]"));
                    at = at.and_then(|v| v.get(*index));
                }
                Segment::Map { key } => {
                    // A key is a field name, unless the field is a map whose
                    // keys are data; only name-like keys are shown.
                    let name_like = key.len() <= 64
                        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if !rendered.is_empty() {
                        rendered.push('.');
                    }
                    rendered.push_str(if name_like { key } else { "<key>" });
                    at = at.and_then(|v| v.get(key));
                }
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let (expected, found) = match error.classify() {
            serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof
            | serde_json::error::Category::Io => {
                ("JSON".to_owned(), format!("malformed JSON at line {} column {}", error.line(), error.column()))
            }
            serde_json::error::Category::Data => expectation(error, at),
        };
        DecodeError { operation, path: rendered, expected, found, body }
    }

    /// An answer with no `statusCode`, or no JSON object at all.
    pub(crate) fn not_an_envelope(operation: &'static str, text: &str, body: bytes::Bytes) -> Self {
        let found = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => describe(Some(&value)),
            Err(e) => format!("malformed JSON at line {} column {}", e.line(), e.column()),
        };
        DecodeError {
            operation,
            path: String::new(),
            expected: "a response envelope with a statusCode".to_owned(),
            found,
            body,
        }
    }

    /// A failure described by hand, keeping no body: for answers that hold a
    /// credential.
    pub(crate) fn without_body(operation: &'static str, path: &str, expected: &str, found: &str) -> Self {
        DecodeError {
            operation,
            path: path.to_owned(),
            expected: expected.to_owned(),
            found: found.to_owned(),
            body: bytes::Bytes::new(),
        }
    }

    /// The operation whose answer failed to decode, e.g. `getUser`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Where in the body, e.g. `data.list[3].status`; empty for the body as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the operation's type expected there.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// What was there instead, by kind and size only.
    pub fn found(&self) -> &str {
        &self.found
    }

    /// The whole body as received, for a caller who needs to see it. It may
    /// hold personal data: it is shown by neither `Display` nor `Debug`.
    /// Empty for answers that hold a credential (the token endpoint's).
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() { "the body" } else { &self.path };
        write!(
            f,
            "{}: could not decode the answer at {at}: expected {}, found {}",
            self.operation, self.expected, self.found
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field("expected", &self.expected)
            .field("found", &self.found)
            .field("raw_body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// What serde expected and what was found, for a data error at `at`.
/// serde's own message quotes the offending value (`invalid type: string
/// "a@b.c"`), so only its `expected ...` part, which names types, fields
/// and variants of the spec, is kept; what was found is described anew.
fn expectation(error: &serde_json::Error, at: Option<&serde_json::Value>) -> (String, String) {
    let message = error.to_string();
    // serde_json appends the position to a message read from text.
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
    if let Some(field) = message.strip_prefix("missing field ") {
        return (format!("the field {field}"), "an object without it".to_owned());
    }
    let expected = match message.split_once(", expected ") {
        Some((_, expected)) => expected.to_owned(),
        None => "a value its type accepts".to_owned(),
    };
    (expected, describe(at))
}

/// A JSON value by kind and size, never its content.
fn describe(value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match value {
        None => "nothing".to_owned(),
        Some(Value::Null) => "null".to_owned(),
        Some(Value::Bool(_)) => "a boolean".to_owned(),
        Some(Value::Number(_)) => "a number".to_owned(),
        Some(Value::String(s)) => format!("a string of {} characters", s.chars().count()),
        Some(Value::Array(items)) => format!("an array of {} items", items.len()),
        Some(Value::Object(_)) => "an object".to_owned(),
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
