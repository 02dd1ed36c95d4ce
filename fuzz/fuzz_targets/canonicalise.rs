//! The signing canonicaliser (`genauth::signing`) on arbitrary requests.
//!
//! An input reads like a bare HTTP request:
//!
//! ```text
//! METHOD \n PATH \n (NAME ":" VALUE \n)* \n FIELDS
//! ```
//!
//! `FIELDS` is signed twice, once as a JSON body and once as a query string.
//! Header lines cannot hold a line feed, so in a header value the two
//! characters `\n` stand for one. Header names that HTTP would refuse are
//! dropped, and so are repeats of a name: a request carries each header once.
//!
//! Every check below states a rule of the wire format independently of how
//! `genauth::signing` implements it.

#![no_main]

use base64::Engine as _;
use genauth::signing::{self, Field, js_value};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::cmp::Ordering;

const PREFIX: &str = "x-genauth-";
const SECRET: &[u8] = b"fuzz-secret";

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

fuzz_target!(|data: &[u8]| {
    let (head, fields_source) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let request = parse_head(&String::from_utf8_lossy(head));

    let body = body_fields_checked(fields_source);
    check_string_to_sign(&request, body);
    let query = String::from_utf8_lossy(fields_source);
    let query = query_fields_checked(&query);
    check_string_to_sign(&request, query);

    if let Some(bits) = fields_source.first_chunk::<8>() {
        check_number(f64::from_le_bytes(*bits));
    }
});

fn parse_head(head: &str) -> Request {
    let mut lines = head.split('\n');
    let method = lines.next().unwrap_or_default().to_owned();
    let path = lines.next().unwrap_or_default().to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let is_token = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if is_token && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            headers.push((name.to_owned(), value.replace("\\n", "\n")));
        }
    }
    Request { method, path, headers }
}

/// `body_fields` against the body as JSON: one field per top-level member,
/// in order, strings raw, everything else rendered so that it parses back to
/// the same value.
fn body_fields_checked(body: &[u8]) -> Vec<Field> {
    let fields = signing::body_fields(body);
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(members)) => {
            assert_eq!(fields.len(), members.len());
            for ((name, rendered), (key, value)) in fields.iter().zip(&members) {
                assert_eq!(name, key);
                match value {
                    Value::String(s) => assert_eq!(rendered, s),
                    other => check_rendering(other, rendered),
                }
                for_each_number(value, &mut |x| check_number(x));
            }
        }
        _ => assert!(fields.is_empty(), "a body that is no JSON object has no fields"),
    }
    fields
}

/// A rendered value is what the server compares against `JSON.stringify`:
/// it must be JSON for the same value (numbers compared as doubles), and
/// where no number is involved, exactly the text serde_json writes, whose
/// string escaping is `JSON.stringify`'s.
fn check_rendering(value: &Value, rendered: &str) {
    let back: Value = serde_json::from_str(rendered).unwrap_or_else(|e| panic!("{rendered:?} is not JSON: {e}"));
    assert!(same_js_value(value, &back), "{value} rendered as {rendered}");
    if !has_number(value) {
        assert_eq!(rendered, serde_json::to_string(value).expect("a Value serialises"));
    }
}

fn same_js_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_js_value(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same_js_value(vx, vy))
        }
        _ => a == b,
    }
}

fn has_number(value: &Value) -> bool {
    let mut found = false;
    for_each_number(value, &mut |_| found = true);
    found
}

fn for_each_number(value: &Value, f: &mut impl FnMut(f64)) {
    match value {
        Value::Number(n) => f(n.as_f64().expect("without arbitrary_precision every number is a double")),
        Value::Array(items) => items.iter().for_each(|v| for_each_number(v, f)),
        Value::Object(members) => members.values().for_each(|v| for_each_number(v, f)),
        _ => {}
    }
}

/// `Number.prototype.toString`: the shortest text that reads back as the
/// same double, in exponent form exactly when |x| < 1e-6 or |x| >= 1e21.
fn check_number(x: f64) {
    if !x.is_finite() {
        return;
    }
    let rendered = js_value::field_value(&Value::from(x));
    assert_eq!(rendered.parse::<f64>().ok(), Some(x), "{x:e} rendered as {rendered}");
    let exponent_form = x != 0.0 && !(1e-6..1e21).contains(&x.abs());
    let (mantissa, exponent) = match rendered.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (&*rendered, None),
    };
    assert_eq!(exponent.is_some(), exponent_form, "{x:e} rendered as {rendered}");
    if let Some(e) = exponent {
        assert!(e.starts_with(['+', '-']) && e[1..].bytes().all(|b| b.is_ascii_digit()), "{rendered}");
    }
    if mantissa.contains('.') {
        assert!(!mantissa.ends_with(['0', '.']), "{rendered} has trailing zeros");
    }
    let significant = mantissa.trim_start_matches('-').replace('.', "");
    let significant = significant.trim_matches('0');
    assert!(significant.len() <= 17, "{rendered} is longer than the shortest round trip");
}

/// `query_fields` against a model of the server's parser: values grouped
/// by name (`k[]` is `k`), a name given once without brackets is a string,
/// anything else an array.
fn query_fields_checked(query: &str) -> Vec<Field> {
    let fields = signing::query_fields(query);
    let mut groups: Vec<(String, bool, Vec<String>)> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let (name, bracketed) = key.strip_suffix("[]").map_or((&*key, false), |name| (name, true));
        match groups.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, was_bracketed, values)) => {
                *was_bracketed |= bracketed;
                values.push(value.into_owned());
            }
            None => groups.push((name.to_owned(), bracketed, vec![value.into_owned()])),
        }
    }
    let expected: Vec<Field> = groups
        .into_iter()
        .map(|(name, bracketed, mut values)| match values.len() {
            1 if !bracketed => (name, values.pop().expect("one value")),
            _ => (name, serde_json::to_string(&values).expect("strings serialise")),
        })
        .collect();
    assert_eq!(fields, expected);
    fields
}

fn check_string_to_sign(request: &Request, fields: Vec<Field>) {
    let headers = || request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    let to_sign = signing::string_to_sign(&request.method, PREFIX, headers(), &request.path, fields.clone());

    // The order in which headers and fields arrive never matters.
    let mut reversed = fields.clone();
    reversed.reverse();
    let again = signing::string_to_sign(&request.method, PREFIX, headers().rev(), &request.path, reversed);
    assert_eq!(to_sign, again);
    let signature = signing::signature(SECRET, &to_sign);
    assert_eq!(signature, signing::signature(SECRET, &again));
    let mac = base64::engine::general_purpose::STANDARD.decode(&signature).expect("the signature is base64");
    assert_eq!(mac.len(), 20, "HMAC-SHA1 is 20 bytes");

    // METHOD "\n"
    let rest = to_sign
        .strip_prefix(&*request.method.to_ascii_uppercase())
        .and_then(|rest| rest.strip_prefix('\n'))
        .unwrap_or_else(|| panic!("{to_sign:?} does not start with the method"));

    // The signed headers, one "name:value" line each, sorted by name.
    let mut signed: Vec<(String, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.as_str()))
        .filter(|(name, _)| name == "date" || name.starts_with(PREFIX))
        .collect();
    signed.sort();
    let mut lines = rest.splitn(signed.len() + 1, '\n');
    for (name, value) in &signed {
        let line = lines.next().unwrap_or_else(|| panic!("{to_sign:?} lacks the header {name}"));
        let cleaned = value.replace(['\t', '\r', '\n', '\u{0c}'], " ");
        assert_eq!(line, format!("{name}:{}", cleaned.trim()));
    }

    // The path, then "?" and the fields sorted by key as JavaScript sorts
    // strings (by UTF-16 code unit), as unencoded k=v pairs joined by "&".
    let resource = lines.next().unwrap_or_default();
    let mut sorted = fields;
    sorted.sort_by(|a, b| utf16_order(&a.0, &b.0));
    let mut expected = request.path.clone();
    for (i, (k, v)) in sorted.iter().enumerate() {
        expected.push(if i == 0 { '?' } else { '&' });
        expected.push_str(k);
        expected.push('=');
        expected.push_str(v);
    }
    assert_eq!(resource, expected);
}

/// UTF-16 order without encoding: it is code point order, except that the
/// characters above U+FFFF (two surrogate units from 0xD800 up) sort before
/// U+E000..=U+FFFF.
fn utf16_order(a: &str, b: &str) -> Ordering {
    fn weight(c: char) -> u32 {
        match u32::from(c) {
            c @ 0..0xD800 => c,
            c @ 0x10000.. => c - 0x10000 + 0xD800,
            c => c - 0xE000 + 0xD800 + 0x10_0000,
        }
    }
    a.chars().map(weight).cmp(b.chars().map(weight))
}
