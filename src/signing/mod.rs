//! HMAC-SHA1 request signing, byte for byte as the official SDKs and the
//! server compute it.
//!
//! The string to sign is
//! `METHOD "\n" canonical-headers canonical-resource`, where the canonical
//! headers are every `x-<brand>-*` header plus `date`, lower-cased, sorted,
//! one `name:value\n` each, and the canonical resource is the path, then `?`
//! and the request's top-level fields sorted by key as unencoded `k=v` pairs
//! joined by `&` (the query for GET, the JSON body otherwise).
//!
//! The same functions serve the client, which signs what it sends, and the
//! emulator, which verifies what it receives. [`RequestSigner`] applies them
//! to a whole `reqwest::Request`.

pub mod js_value;
pub mod request;

pub use request::RequestSigner;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha1::Sha1;
use std::borrow::Cow;

/// Value of the `<prefix>signature-method` header.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// Value of the `<prefix>signature-version` header.
pub const SIGNATURE_VERSION: &str = "1.0";

/// A top-level request field as the server sees it: its name and its
/// rendering in the string to sign.
pub type Field = (String, String);

/// The fields of a JSON request body: its top-level members, rendered as
/// JavaScript renders them. A body that is not a JSON object has none.
pub fn body_fields(body: &[u8]) -> Vec<Field> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), js_value::field_value(v))).collect(),
        _ => Vec::new(),
    }
}

/// The fields of a query string, parsed as the server's query parser does:
/// `k[]=a&k[]=b` and repeated `k=a&k=b` are arrays (signed as JSON arrays,
/// even with one element when written `k[]=a`); a lone `k=a` is a string.
pub fn query_fields(query: &str) -> Vec<Field> {
    enum Slot {
        Scalar(String),
        Array(Vec<Value>),
    }
    let mut slots: Vec<(String, Slot)> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let (name, bracketed) = match key.strip_suffix("[]") {
            Some(name) => (name.to_owned(), true),
            None => (key.into_owned(), false),
        };
        let value = value.into_owned();
        match slots.iter_mut().find(|(k, _)| *k == name) {
            Some((_, Slot::Array(items))) => items.push(Value::String(value)),
            Some((_, slot @ Slot::Scalar(_))) => {
                let Slot::Scalar(first) = std::mem::replace(slot, Slot::Array(Vec::new())) else {
                    unreachable!("matched a scalar slot")
                };
                *slot = Slot::Array(vec![Value::String(first), Value::String(value)]);
            }
            None if bracketed => slots.push((name, Slot::Array(vec![Value::String(value)]))),
            None => slots.push((name, Slot::Scalar(value))),
        }
    }
    slots
        .into_iter()
        .map(|(k, slot)| match slot {
            Slot::Scalar(v) => (k, v),
            Slot::Array(items) => (k, js_value::field_value(&Value::Array(items))),
        })
        .collect()
}

/// Builds the string to sign.
///
/// `header_prefix` is the brand's prefix (`x-genauth-` or `x-authing-`);
/// `headers` may hold any headers, only the signed ones are used.
pub fn string_to_sign<'a>(
    method: &str,
    header_prefix: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    path: &str,
    mut fields: Vec<Field>,
) -> String {
    // Most names arrive lower-cased and most values clean: both are
    // borrowed then, as every request and every retry signs.
    let mut signed: Vec<(Cow<str>, Cow<str>)> = headers
        .into_iter()
        .filter_map(|(name, value)| {
            let name = ascii_lowercase(name);
            (name == "date" || name.starts_with(header_prefix)).then(|| (name, canonical_header_value(value)))
        })
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));

    let mut out = String::with_capacity(256);
    out.extend(method.chars().map(|c| c.to_ascii_uppercase()));
    out.push('\n');
    for (name, value) in &signed {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push_str(path);
    if !fields.is_empty() {
        // JavaScript sorts strings by UTF-16 code units, not by UTF-8 bytes.
        fields.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        out.push('?');
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
    }
    out
}

fn ascii_lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The value with tabs, line breaks and form feeds as spaces, trimmed.
fn canonical_header_value(value: &str) -> Cow<'_, str> {
    const BREAKS: [char; 4] = ['\t', '\r', '\n', '\u{0c}'];
    if value.contains(BREAKS) {
        Cow::Owned(value.replace(BREAKS, " ").trim().to_owned())
    } else {
        Cow::Borrowed(value.trim())
    }
}

/// `base64(HMAC-SHA1(secret, string_to_sign))`.
pub fn signature(secret: &[u8], string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// A fresh 32-hex-digit nonce; every request, and every retry, gets its own.
pub fn nonce() -> String {
    let bytes: [u8; 16] = rand::random();
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push(char::from_digit(u32::from(b >> 4), 16).expect("nibble"));
        out.push(char::from_digit(u32::from(b & 0xf), 16).expect("nibble"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_arrays_and_scalars() {
        let f = query_fields("userIds%5B%5D=only-one&a=1&b=x&b=y&c=a+b%26");
        assert_eq!(
            f,
            vec![
                ("userIds".to_owned(), "[\"only-one\"]".to_owned()),
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "[\"x\",\"y\"]".to_owned()),
                ("c".to_owned(), "a b&".to_owned()),
            ]
        );
    }

    #[test]
    fn headers_are_filtered_lowered_and_cleaned() {
        let s = string_to_sign(
            "post",
            "x-genauth-",
            [
                ("X-GenAuth-B", " two\tparts "),
                ("Date", "d"),
                ("content-type", "application/json"),
                ("x-genauth-a", "1"),
                ("x-genauth-c", "  padded  "),
                ("x-authing-a", "other brand"),
            ],
            "/p",
            vec![],
        );
        assert_eq!(s, "POST\ndate:d\nx-genauth-a:1\nx-genauth-b:two parts\nx-genauth-c:padded\n/p");
    }

    #[test]
    fn nonces_are_32_hex_and_distinct() {
        let a = nonce();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, nonce());
    }
}
