//! The cost of signing one request: canonicalising its fields and headers
//! and computing the HMAC.
//!
//! `cargo bench --bench signing`

use criterion::{Criterion, criterion_group, criterion_main};
use genauth::signing::{body_fields, query_fields, signature, string_to_sign};
use std::hint::black_box;

const HEADERS: [(&str, &str); 7] = [
    ("date", "Mon, 06 Jan 2025 08:00:00 GMT"),
    ("x-genauth-lang", "en-US"),
    ("x-genauth-sdk-version", "genauth-rust:0.1.0"),
    ("x-genauth-signature-method", "HMAC-SHA1"),
    ("x-genauth-signature-nonce", "0123456789abcdef0123456789abcdef"),
    ("x-genauth-signature-version", "1.0"),
    ("content-type", "application/json"),
];

fn sign(c: &mut Criterion) {
    let body = br#"{"userIds":["alice@example.com","bob@example.com"],"options":{"userIdType":"email"}}"#;
    c.bench_function("sign POST deleteUsersBatch body", |b| {
        b.iter(|| {
            let fields = body_fields(black_box(body));
            let sts = string_to_sign("POST", "x-genauth-", HEADERS, "/api/v3/delete-users-batch", fields);
            signature(b"SK_TEST", &sts)
        })
    });
    let query = "userIds[]=u1&userIds[]=u2&userIds[]=u3&userIdType=user_id&withCustomData=false";
    c.bench_function("sign GET getUserBatch query", |b| {
        b.iter(|| {
            let fields = query_fields(black_box(query));
            let sts = string_to_sign("GET", "x-genauth-", HEADERS, "/api/v3/get-user-batch", fields);
            signature(b"SK_TEST", &sts)
        })
    });
}

criterion_group!(benches, sign);
criterion_main!(benches);
