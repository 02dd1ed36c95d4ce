//! Renders JSON values exactly as JavaScript does, because the server
//! re-derives the string to sign with `String(value)` and `JSON.stringify`.
//!
//! Two details matter for byte-for-byte agreement with the official SDKs:
//! numbers are printed the way `Number.prototype.toString` prints them (every
//! JSON number is an IEEE double to JavaScript), and strings are escaped the
//! way `JSON.stringify` escapes them.

use serde_json::Value;
use std::fmt::Write;

/// `String(value)` for scalars, `JSON.stringify(value)` for objects and arrays.
pub fn field_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::Array(_) | Value::Object(_) => {
            let mut out = String::new();
            stringify(value, &mut out);
            out
        }
    }
}

/// `JSON.stringify(value)`: compact, keys in their original order.
pub fn stringify(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&js_number(n)),
        Value::String(s) => quote(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                stringify(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(k, out);
                out.push(':');
                stringify(v, out);
            }
            out.push('}');
        }
    }
}

/// A JSON number as JavaScript prints it: parsed to a double, then
/// `Number.prototype.toString` (so `1.0` is `1`, `1e21` is `1e+21`, and
/// integers beyond 2^53 lose precision as they do in the server).
fn js_number(n: &serde_json::Number) -> String {
    let f = n.as_f64().unwrap_or(f64::NAN);
    if !f.is_finite() {
        // JSON cannot carry these; JSON.stringify would print null.
        return "null".to_owned();
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format_finite(f).to_owned()
}

/// `JSON.stringify` string quoting.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            ("1", "1"),
            ("1.0", "1"),
            ("-0", "0"),
            ("0.1", "0.1"),
            ("1e21", "1e+21"),
            ("1e-7", "1e-7"),
            ("123456789012345678901", "123456789012345680000"),
            ("9007199254740993", "9007199254740992"),
            ("1.5e300", "1.5e+300"),
        ];
        for (input, expected) in cases {
            let v: Value = serde_json::from_str(input).unwrap();
            assert_eq!(field_value(&v), expected, "{input}");
        }
    }

    #[test]
    fn strings_escape_as_json_stringify() {
        let v = json!({"a": "q\"\\\u{1}\u{1f}\n\t/é\u{2028}", "b": [1.0, null, true]});
        assert_eq!(field_value(&v), "{\"a\":\"q\\\"\\\\\\u0001\\u001f\\n\\t/é\u{2028}\",\"b\":[1,null,true]}");
    }

    #[test]
    fn scalars_are_raw() {
        assert_eq!(field_value(&json!("a b&c=d")), "a b&c=d");
        assert_eq!(field_value(&json!(null)), "null");
        assert_eq!(field_value(&json!(false)), "false");
    }
}
