//! Reading an answer: the envelope's head says whether the call worked, and
//! its `data` is decoded into the operation's type only when it did, from
//! the same bytes, in one pass when the head comes first (as the service
//! and the emulator send it).
//!
//! The body is read as the API's JavaScript clients read it: decoded as
//! UTF-8 with U+FFFD for invalid bytes, a repeated member keeping its last
//! value, an integral `200.0` being `200`. A head member of an unexpected
//! type is left out (a non-string message is kept as its JSON) without
//! costing the others, so a refusal is never taken for a success because of
//! how its other members are shaped.

use crate::error::{ApiError, DecodeError, Error};
use crate::operation::Operation;
use serde::de::{DeserializeOwned, Deserializer as _, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// Where an operation's answer keeps what `send()` returns.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code names them, and the enabled API areas may lack that code")
)]
pub(crate) enum Payload {
    /// In the envelope's `data` (all but a few operations).
    Data,
    /// The whole body, for operations whose answer is no envelope.
    Whole,
}

/// The answer to `operation` as its `send()` returns it: `data` (or the whole
/// body) when `statusCode` is 200, with the envelope's `requestId`; the
/// refusal otherwise.
pub(crate) fn decode<T: DeserializeOwned>(
    operation: &'static Operation,
    body: bytes::Bytes,
    payload: Payload,
) -> Result<(T, Option<String>), Error> {
    let text = String::from_utf8_lossy(&body);
    if let Payload::Data = payload {
        let mut de = serde_json::Deserializer::from_str(&text);
        // A `data` that fails to decode, or a body that is no JSON object,
        // ends the one pass; the slow path below then tells which it was.
        if let Ok((head, data)) = de.deserialize_map(OnePass::<T>(PhantomData)).and_then(|read| de.end().map(|()| read))
        {
            return match head.status_code {
                Some(200) => {
                    let value = match data {
                        Data::Decoded(value) => value,
                        Data::Raw(raw) => decode_data(operation, raw.get(), &body)?,
                        Data::Absent => decode_data(operation, "null", &body)?,
                    };
                    Ok((value, head.request_id))
                }
                Some(code) => Err(head.into_api_error(code).into()),
                None => Err(not_an_envelope(operation, &text, &body)),
            };
        }
    }
    let head = EnvelopeHead::read(&body);
    match (head.status_code, payload) {
        (Some(code), _) if code != 200 => Err(head.into_api_error(code).into()),
        (None, Payload::Data) => Err(not_an_envelope(operation, &text, &body)),
        (_, Payload::Whole) => match serde_json::from_str(&text) {
            Ok(value) => Ok((value, head.request_id)),
            Err(e) => Err(located::<T>(operation, "", &text, e, &body).into()),
        },
        (Some(_), Payload::Data) => {
            let data = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(mut members)) => members.remove("data").unwrap_or(Value::Null),
                _ => Value::Null,
            };
            Ok((decode_data(operation, &data.to_string(), &body)?, head.request_id))
        }
    }
}

/// `data` decoded into `T`, or an error that says where and why it did not.
fn decode_data<T: DeserializeOwned>(
    operation: &'static Operation,
    data: &str,
    body: &bytes::Bytes,
) -> Result<T, Error> {
    serde_json::from_str(data).map_err(|e| located::<T>(operation, "data", data, e, body).into())
}

/// The error for `text` (found at `prefix` in the body) not decoding into
/// `T`. The decode is run again, tracking the JSON path, on the error path
/// only: tracking it on every answer would cost every call.
fn located<T: DeserializeOwned>(
    operation: &'static Operation,
    prefix: &str,
    text: &str,
    error: serde_json::Error,
    body: &bytes::Bytes,
) -> DecodeError {
    let mut de = serde_json::Deserializer::from_str(text);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (Some(e.path().clone()), e.into_inner()),
        // Only trailing characters fail after a whole value: no path to give.
        Ok(_) => (None, error),
    };
    DecodeError::new(operation.id, prefix, path.as_ref(), text, &error, body.clone())
}

fn not_an_envelope(operation: &'static Operation, text: &str, body: &bytes::Bytes) -> Error {
    DecodeError::not_an_envelope(operation.id, text, body.clone()).into()
}

/// What `data` held by the end of the one pass.
enum Data<'de, T> {
    /// Decoded as it was read, the head having already said 200.
    Decoded(T),
    /// Kept undecoded, the head not having said 200 yet.
    Raw(&'de RawValue),
    Absent,
}

struct OnePass<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for OnePass<T> {
    type Value = (EnvelopeHead, Data<'de, T>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut head = EnvelopeHead::default();
        let mut data = Data::Absent;
        // A head member after `data` (which no server sends) could undo a
        // success the decode relied on; `data` is then decoded again from raw.
        let mut head_after_data = false;
        while let Some(member) = map.next_key()? {
            match member {
                HeadMember::Data if head.status_code == Some(200) && !head_after_data => {
                    data = Data::Decoded(map.next_value()?);
                }
                HeadMember::Data => data = Data::Raw(map.next_value()?),
                HeadMember::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
                member => {
                    head.absorb(member, &mut map)?;
                    head_after_data |= !matches!(data, Data::Absent);
                }
            }
        }
        if head_after_data && let Data::Decoded(_) = data {
            // Decoded under a head that changed after it: read it all again.
            return Err(serde::de::Error::custom("head members after data"));
        }
        Ok((head, data))
    }
}

/// The envelope members that say whether a call worked.
#[derive(Default)]
pub(crate) struct EnvelopeHead {
    pub status_code: Option<i64>,
    pub api_code: Option<i64>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

impl EnvelopeHead {
    /// The head of `body`; an empty head when the body is no JSON object.
    pub fn read(body: &[u8]) -> Self {
        serde_json::from_str(&String::from_utf8_lossy(body)).unwrap_or_default()
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

    /// Takes the value of a head member from `map`.
    fn absorb<'de, A: MapAccess<'de>>(&mut self, member: HeadMember, map: &mut A) -> Result<(), A::Error> {
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
        match member {
            HeadMember::StatusCode => self.status_code = integer(map.next_value()?),
            HeadMember::ApiCode => self.api_code = integer(map.next_value()?),
            HeadMember::Message => self.message = text(map.next_value()?),
            HeadMember::RequestId => self.request_id = text(map.next_value()?),
            HeadMember::Data | HeadMember::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
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

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = EnvelopeHead;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EnvelopeHead, A::Error> {
        let mut head = EnvelopeHead::default();
        while let Some(member) = map.next_key()? {
            head.absorb(member, &mut map)?;
        }
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        id: "getThing",
        rust_name: "get_thing",
        method: "GET",
        path: "/api/v3/get-thing",
        tag: "t",
        array_query: &[],
        limits: &[],
    };

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Thing {
        list: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Item {
        n: i64,
    }

    fn data(body: &'static str) -> Result<Thing, Error> {
        decode(&OP, bytes::Bytes::from_static(body.as_bytes()), Payload::Data).map(|(thing, _)| thing)
    }

    #[test]
    fn data_is_decoded_when_the_head_says_200_wherever_it_stands() {
        let thing = Thing { list: vec![Item { n: 1 }] };
        assert_eq!(
            data(r#"{"statusCode":200,"message":"","data":{"list":[{"n":1}]},"requestId":"r"}"#).unwrap(),
            thing
        );
        assert_eq!(data(r#"{"data":{"list":[{"n":1}]},"statusCode":200}"#).unwrap(), thing);
        assert_eq!(data(r#"{"statusCode":200.0,"data":{"list":[{"n":1}]}}"#).unwrap(), thing);
    }

    #[test]
    fn a_refusal_is_never_decoded_as_data() {
        for body in [
            r#"{"statusCode":404,"apiCode":2004,"message":"gone","requestId":"r","data":"not a thing"}"#,
            r#"{"data":[1,2],"statusCode":404,"apiCode":2004,"message":"gone","requestId":"r"}"#,
            // A head repeated after `data` keeps its last value, as JSON.parse does.
            r#"{"statusCode":200,"data":{"list":[]},"statusCode":404,"apiCode":2004,"message":"gone","requestId":"r"}"#,
        ] {
            let error = data(body).unwrap_err();
            assert_eq!(error.as_api(), Some(&ApiError::new(404, Some(2004), "gone", Some("r".into()))), "{body}");
        }
    }

    #[test]
    fn a_decode_error_says_where_and_what_but_quotes_no_value() {
        let body = r#"{"statusCode":200,"data":{"list":[{"n":1},{"n":"someone@example.com"}]}}"#;
        let Err(Error::Decode(e)) = data(body) else { panic!("a decode error") };
        assert_eq!((e.operation(), e.path()), ("getThing", "data.list[1].n"));
        assert_eq!((e.expected(), e.found()), ("i64", "a string of 19 characters"));
        assert_eq!(e.raw_body(), body.as_bytes());
        for shown in [e.to_string(), format!("{e:?}"), format!("{:?}", Error::from(*e.clone()))] {
            assert!(!shown.contains("someone"), "{shown}");
        }
        let Err(Error::Decode(e)) = data(r#"{"statusCode":200,"data":{"list":[{}]}}"#) else { panic!() };
        assert_eq!((e.path(), e.expected(), e.found()), ("data.list[0]", "the field `n`", "an object without it"));
    }

    #[test]
    fn what_is_no_envelope_is_a_decode_error() {
        let Err(Error::Decode(e)) = data(r#"{"data":{"list":[]}}"#) else { panic!() };
        assert_eq!((e.path(), e.found()), ("", "an object"));
        let Err(Error::Decode(e)) = data("<html>bad gateway</html>") else { panic!() };
        assert_eq!(e.found(), "malformed JSON at line 1 column 1");
        assert_eq!(
            e.to_string(),
            "getThing: could not decode the answer at the body: expected a response envelope with a statusCode, found malformed JSON at line 1 column 1"
        );
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
}
