//! Failures on demand, so that retry, timeout and decoding paths can be
//! tested against a server that misbehaves exactly when asked to.
//!
//! A fault is armed for one path and the next N requests to it, whatever
//! their method; the request is counted but the fault answers instead of the
//! API (except [`Fault::Stall`], which only delays the real answer, and
//! [`Fault::Drift`], which changes it).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

/// One way for the emulator to misbehave.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers HTTP 200 with exactly this JSON body (e.g. an error envelope
    /// the API would send, such as `statusCode` 429).
    Envelope(Value),
    /// Answers with this HTTP status and a short plain-text body, as a proxy
    /// or load balancer in front of the API would.
    HttpStatus(u16),
    /// Answers with this HTTP status (429 or 503, say) and a `Retry-After`
    /// header of exactly this text: seconds (`"2"`) or an HTTP date, as a
    /// throttling gateway would.
    Throttled {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header's value.
        retry_after: String,
    },
    /// Waits this long, then handles the request normally, even when the
    /// client has given up and hung up meanwhile, as a server that accepted
    /// the request would.
    Stall(Duration),
    /// Closes the connection without sending a single byte of an answer.
    Reset,
    /// Answers HTTP 200 with a body that is not valid JSON.
    Malformed,
    /// Announces a longer body in `Content-Length` than it sends, then closes
    /// the connection.
    Truncated,
    /// Handles the request normally, then applies these edits, in order, to
    /// the answer's JSON, as a service whose answers have drifted from the
    /// spec would send it: a value the spec does not list, a `null`, a
    /// missing field. An edit whose place is not in the answer turns it into
    /// an error envelope (`statusCode` 500) that names the pointer.
    Drift(Vec<Drift>),
}

/// One change [`Fault::Drift`] makes to an answer. Places are JSON pointers
/// into the whole body, envelope included: `/data/status`,
/// `/data/list/1/createdAt`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Drift {
    /// Sets the value at `pointer`, adding the field when its object lacks it.
    Set {
        /// Where, in the answer.
        pointer: String,
        /// The value it gets (`Value::Null` for a `null`).
        value: Value,
    },
    /// Removes the field (or list item) at `pointer`.
    Remove {
        /// Where, in the answer.
        pointer: String,
    },
}

impl Drift {
    /// Sets the value at `pointer` to `value`.
    pub fn set(pointer: impl Into<String>, value: impl Into<Value>) -> Self {
        Drift::Set { pointer: pointer.into(), value: value.into() }
    }

    /// Sets the value at `pointer` to `null`.
    pub fn null(pointer: impl Into<String>) -> Self {
        Drift::Set { pointer: pointer.into(), value: Value::Null }
    }

    /// Removes the field or list item at `pointer`.
    pub fn remove(pointer: impl Into<String>) -> Self {
        Drift::Remove { pointer: pointer.into() }
    }

    fn pointer(&self) -> &str {
        match self {
            Drift::Set { pointer, .. } | Drift::Remove { pointer } => pointer,
        }
    }

    /// Applies the edit to `body`, or says why its place is not there.
    fn apply(&self, body: &mut Value) -> Result<(), String> {
        let pointer = self.pointer();
        let missing = || format!("drift fault: the answer has no {pointer}");
        let (parent, last) =
            pointer.rsplit_once('/').ok_or_else(|| format!("drift fault: {pointer} is not a JSON pointer"))?;
        let last = last.replace("~1", "/").replace("~0", "~");
        match (body.pointer_mut(parent).ok_or_else(missing)?, self) {
            (Value::Object(map), Drift::Set { value, .. }) => {
                map.insert(last, value.clone());
            }
            (Value::Object(map), Drift::Remove { .. }) => {
                map.shift_remove(&last).ok_or_else(missing)?;
            }
            (Value::Array(items), edit) => {
                let i = last.parse::<usize>().ok().filter(|&i| i < items.len()).ok_or_else(missing)?;
                match edit {
                    Drift::Set { value, .. } => items[i] = value.clone(),
                    Drift::Remove { .. } => {
                        items.remove(i);
                    }
                }
            }
            _ => return Err(missing()),
        }
        Ok(())
    }
}

/// `body` after every edit of a [`Fault::Drift`], or why one could not apply.
pub(crate) fn drift(mut body: Value, edits: &[Drift]) -> Result<Value, String> {
    for edit in edits {
        edit.apply(&mut body)?;
    }
    Ok(body)
}

/// The faults armed on an emulator, by path.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<HashMap<String, VecDeque<(Fault, u32)>>>,
}

impl Faults {
    /// Makes the next `times` requests to `path` (e.g. `/api/v3/get-user`,
    /// without a query) meet `fault`. Faults armed for the same path take
    /// effect one after the other, in the order they were armed.
    pub fn inject(&self, path: impl Into<String>, fault: Fault, times: u32) {
        if times == 0 {
            return;
        }
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        armed.entry(path.into()).or_default().push_back((fault, times));
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The fault the current request to `path` meets, if any; using it up
    /// counts against its `times`.
    pub(crate) fn take(&self, path: &str) -> Option<Fault> {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let queue = armed.get_mut(path)?;
        let (fault, left) = queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
            if queue.is_empty() {
                armed.remove(path);
            }
        }
        Some(fault)
    }
}

/// The answer a fault makes instead of the API's; `None` for a stall or a
/// drift, which delay or change the API's own answer (the server does that).
pub(crate) fn answer(fault: Fault) -> Option<Response> {
    let json = HeaderValue::from_static("application/json; charset=utf-8");
    match fault {
        Fault::Stall(_) | Fault::Drift(_) => None,
        Fault::Envelope(body) => Some(([(header::CONTENT_TYPE, json)], body.to_string()).into_response()),
        Fault::HttpStatus(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some((status, format!("injected HTTP status {}", status.as_u16())).into_response())
        }
        Fault::Throttled { status, retry_after } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
            let mut response = (status, format!("injected HTTP status {}", status.as_u16())).into_response();
            if let Ok(value) = HeaderValue::from_str(&retry_after) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Some(response)
        }
        Fault::Malformed => {
            Some(([(header::CONTENT_TYPE, json)], r#"{"statusCode": 200, "data": {"id": "#).into_response())
        }
        Fault::Reset => Some(Response::new(Body::from_stream(Broken { head: None, pause: None }))),
        Fault::Truncated => {
            let whole = br#"{"statusCode":200,"message":"","requestId":"truncated","data":{"truncated":true}}"#;
            let half = Bytes::from_static(&whole[..whole.len() / 2]);
            // The pause lets the head and the first half leave before the break.
            let pause = Box::pin(tokio::time::sleep(Duration::from_millis(20)));
            let mut response = Response::new(Body::from_stream(Broken { head: Some(half), pause: Some(pause) }));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, json);
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(whole.len()));
            Some(response)
        }
    }
}

/// A response body that yields `head` (if any), waits for `pause` (if any)
/// and then fails. hyper answers a failing body by closing the connection,
/// and one that fails before its first byte means no response at all: the
/// head is still in hyper's buffer when the error arrives.
struct Broken {
    head: Option<Bytes>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl futures_core::Stream for Broken {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(head)));
        }
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected fault"))))
    }
}

/// `POST /__emulator/faults`: `{"path", "times"?, "fault": {"kind", ...}}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Injection {
    pub path: String,
    #[serde(default = "once")]
    pub times: u32,
    pub fault: FaultSpec,
}

fn once() -> u32 {
    1
}

/// A [`Fault`] as the admin endpoint spells it.
#[derive(serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum FaultSpec {
    Envelope { body: Value },
    HttpStatus { status: u16 },
    Throttled { status: u16, retry_after: String },
    Stall { ms: u64 },
    Reset,
    Malformed,
    Truncated,
    Drift { edits: Vec<DriftSpec> },
}

/// A [`Drift`] as the admin endpoint spells it.
#[derive(serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum DriftSpec {
    Set { pointer: String, value: Value },
    Null { pointer: String },
    Remove { pointer: String },
}

impl FaultSpec {
    /// The fault, or why this spelling is not one.
    pub(crate) fn into_fault(self) -> Result<Fault, String> {
        Ok(match self {
            FaultSpec::Envelope { body } => Fault::Envelope(body),
            FaultSpec::HttpStatus { status } if StatusCode::from_u16(status).is_ok() => Fault::HttpStatus(status),
            FaultSpec::HttpStatus { status } => return Err(format!("{status} is not an HTTP status")),
            FaultSpec::Throttled { status, retry_after }
                if StatusCode::from_u16(status).is_ok() && HeaderValue::from_str(&retry_after).is_ok() =>
            {
                Fault::Throttled { status, retry_after }
            }
            FaultSpec::Throttled { .. } => return Err("not an HTTP status and a Retry-After header value".into()),
            FaultSpec::Stall { ms } => Fault::Stall(Duration::from_millis(ms)),
            FaultSpec::Reset => Fault::Reset,
            FaultSpec::Malformed => Fault::Malformed,
            FaultSpec::Truncated => Fault::Truncated,
            FaultSpec::Drift { edits } => Fault::Drift(
                edits
                    .into_iter()
                    .map(|edit| match edit {
                        DriftSpec::Set { pointer, value } => Drift::Set { pointer, value },
                        DriftSpec::Null { pointer } => Drift::null(pointer),
                        DriftSpec::Remove { pointer } => Drift::Remove { pointer },
                    })
                    .collect(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_up_in_order() {
        let faults = Faults::default();
        faults.inject("/a", Fault::Reset, 2);
        faults.inject("/a", Fault::Malformed, 1);
        faults.inject("/b", Fault::Truncated, 0);
        assert_eq!(faults.take("/a"), Some(Fault::Reset));
        assert_eq!(faults.take("/a"), Some(Fault::Reset));
        assert_eq!(faults.take("/a"), Some(Fault::Malformed));
        assert_eq!(faults.take("/a"), None);
        assert_eq!(faults.take("/b"), None);
        faults.inject("/c", Fault::HttpStatus(503), 5);
        faults.clear();
        assert_eq!(faults.take("/c"), None);
    }

    #[test]
    fn admin_spellings_parse() {
        let parse = |s: &str| {
            serde_json::from_str::<Injection>(s).map_err(|e| e.to_string()).and_then(|i| i.fault.into_fault())
        };
        assert_eq!(
            parse(r#"{"path":"/p","fault":{"kind":"stall","ms":1500}}"#),
            Ok(Fault::Stall(Duration::from_millis(1500)))
        );
        assert_eq!(parse(r#"{"path":"/p","fault":{"kind":"http_status","status":503}}"#), Ok(Fault::HttpStatus(503)));
        assert!(parse(r#"{"path":"/p","fault":{"kind":"http_status","status":42}}"#).is_err());
        assert!(parse(r#"{"path":"/p","fault":{"kind":"explode"}}"#).is_err());
        let injection: Injection = serde_json::from_str(r#"{"path":"/p","fault":{"kind":"reset"}}"#).unwrap();
        assert_eq!(injection.times, 1);
        assert_eq!(
            parse(
                r#"{"path":"/p","fault":{"kind":"drift","edits":[
                    {"op":"set","pointer":"/data/status","value":"Locked"},
                    {"op":"null","pointer":"/data/workStatus"},
                    {"op":"remove","pointer":"/data/createdAt"}]}}"#
            ),
            Ok(Fault::Drift(vec![
                Drift::set("/data/status", "Locked"),
                Drift::null("/data/workStatus"),
                Drift::remove("/data/createdAt"),
            ]))
        );
        assert!(parse(r#"{"path":"/p","fault":{"kind":"drift","edits":[{"op":"shift","pointer":"/a"}]}}"#).is_err());
    }

    #[test]
    fn drift_edits_apply_in_order_and_name_a_missing_place() {
        let body = serde_json::json!({"data": {"list": [{"a": 1}, {"a": 2}, {"a": 3}], "b~/c": true}});
        let edits = [
            Drift::set("/data/list/1/a", "two"),
            Drift::null("/data/list/0/new"),
            Drift::remove("/data/list/2"),
            Drift::remove("/data/b~0~1c"),
        ];
        assert_eq!(
            drift(body.clone(), &edits),
            Ok(serde_json::json!({"data": {"list": [{"a": 1, "new": null}, {"a": "two"}]}}))
        );
        for pointer in ["/data/nothing/a", "/data/list/3", "/data/missing"] {
            let error = drift(body.clone(), &[Drift::remove(pointer)]).unwrap_err();
            assert!(error.contains(pointer), "{error}");
        }
        assert!(drift(body, &[Drift::set("data", 1)]).is_err());
    }
}
