//! End-to-end tests of the emulator over real sockets, with hand-signed
//! requests so that every refusal can be provoked on purpose.

use super::*;
use crate::{Brand, signing};
use serde_json::{Value, json};
use std::time::{Instant, SystemTime};

/// A request before and after signing; tests alter it at either point.
#[derive(Clone)]
struct Raw {
    method: &'static str,
    path: String,
    query: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

impl Raw {
    /// A request carrying every header a signed request needs, with a fresh
    /// nonce and the current date, but no `Authorization` yet.
    fn new(brand: Brand, method: &'static str, path: &str, query: &str, body: Option<Value>) -> Raw {
        let p = brand.header_prefix();
        let headers = vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            (format!("{p}signature-nonce"), signing::nonce()),
            (format!("{p}signature-method"), signing::SIGNATURE_METHOD.to_owned()),
            (format!("{p}signature-version"), signing::SIGNATURE_VERSION.to_owned()),
            ("date".to_owned(), httpdate::fmt_http_date(SystemTime::now())),
        ];
        Raw {
            method,
            path: path.to_owned(),
            query: query.to_owned(),
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
            headers,
        }
    }

    fn get(path: &str, query: &str) -> Raw {
        Raw::new(Brand::GenAuth, "GET", path, query, None)
    }

    fn post(path: &str, body: Value) -> Raw {
        Raw::new(Brand::GenAuth, "POST", path, "", Some(body))
    }

    fn set(mut self, name: &str, value: &str) -> Raw {
        self.remove(name);
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn remove(&mut self, name: &str) {
        self.headers.retain(|(k, _)| k != name);
    }

    /// Signs with `scheme key_id:signature` over the headers as they are now.
    fn sign_as(self, brand: Brand, key_id: &str, secret: &str) -> Raw {
        let fields =
            if self.method == "GET" { signing::query_fields(&self.query) } else { signing::body_fields(&self.body) };
        self.sign_over(brand, key_id, secret, fields, "")
    }

    /// Signs over `fields` rather than what the request carries, with
    /// `suffix` after the canonical resource: what a client that signs one
    /// thing and sends another puts on the wire.
    fn sign_over(self, brand: Brand, key_id: &str, secret: &str, fields: Vec<signing::Field>, suffix: &str) -> Raw {
        let pairs = self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let to_sign = signing::string_to_sign(self.method, brand.header_prefix(), pairs, &self.path, fields) + suffix;
        let signature = signing::signature(secret.as_bytes(), &to_sign);
        self.set("authorization", &format!("{} {key_id}:{signature}", brand.scheme()))
    }

    fn signed(self) -> Raw {
        self.sign_as(Brand::GenAuth, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
    }

    /// Signed by the default key over `fields` and `suffix` (see [`Raw::sign_over`]).
    fn signed_over(self, fields: &[(&str, &str)], suffix: &str) -> Raw {
        let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.sign_over(Brand::GenAuth, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, fields, suffix)
    }

    async fn send_raw(&self, emulator: &Emulator) -> reqwest::Result<reqwest::Response> {
        let mut url = format!("{}{}", emulator.base_url(), self.path);
        if !self.query.is_empty() {
            url = format!("{url}?{}", self.query);
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("method");
        let mut request = reqwest::Client::new().request(method, url).body(self.body.clone());
        for (k, v) in &self.headers {
            request = request.header(k, v);
        }
        request.send().await
    }

    /// Sends and returns the envelope, checking what every answer shares.
    async fn send(&self, emulator: &Emulator) -> Value {
        let response = self.send_raw(emulator).await.expect("the emulator answers");
        assert_eq!(response.status(), 200);
        let envelope: Value = response.json().await.expect("a JSON envelope");
        let id = envelope["requestId"].as_str().expect("a requestId");
        assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)), "{id}");
        envelope
    }
}

fn codes(envelope: &Value) -> (i64, Option<i64>) {
    (envelope["statusCode"].as_i64().expect("statusCode"), envelope["apiCode"].as_i64())
}

#[tokio::test]
async fn signed_requests_pass_for_both_brands() {
    let emulator = Emulator::start().await.unwrap();
    for (brand, email) in [(Brand::GenAuth, "g@example.com"), (Brand::Authing, "a@example.com")] {
        let get = Raw::new(brand, "GET", "/api/v3/list-applications", "page=1&limit=5&keywords=a%20b", None);
        let answer = get.sign_as(brand, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET).send(&emulator).await;
        assert_eq!(codes(&answer), (200, None), "{brand:?}: {answer}");
        assert_eq!(answer["message"], "");

        let post = Raw::new(brand, "POST", "/api/v3/create-user", "", Some(json!({"email": email})));
        let answer = post.sign_as(brand, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET).send(&emulator).await;
        assert_eq!(codes(&answer), (200, None), "{brand:?}: {answer}");
        assert_eq!(answer["data"]["email"], email);
    }
}

// The client's methods exist only for the enabled API areas; the emulator
// itself serves every operation whatever the features.
#[cfg(all(feature = "users", feature = "webhooks"))]
#[tokio::test]
async fn the_sdk_client_works_in_both_auth_modes_and_brands() {
    use crate::AuthMode;
    let emulator = Emulator::start().await.unwrap();
    for (mode, brand) in [(AuthMode::Signature, Brand::Authing), (AuthMode::ManagementToken, Brand::GenAuth)] {
        let client = emulator.client_builder().auth_mode(mode).brand(brand).build().unwrap();
        let email = format!("{mode:?}@example.com").to_lowercase();
        let created = client.create_user().body_map(|b| b.email(email.clone())).send().await.unwrap();
        let fetched = client.get_user().user_id(created.user_id.clone()).send().await.unwrap();
        assert_eq!(fetched.email.as_deref(), Some(email.as_str()));
        // An operation of an area without state answers synthesized, decodable data.
        let webhooks = client.list_webhooks().page(1).send().await.unwrap();
        assert_eq!(webhooks.list.len(), 1);
    }
    assert_eq!(emulator.requests_to(crate::token::TOKEN_PATH), 1);
}

#[tokio::test]
async fn every_signature_refusal_has_its_code() {
    let emulator = Emulator::start().await.unwrap();
    let path = "/api/v3/list-applications";
    let get = || Raw::get(path, "page=1");
    let (id, secret) = (DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);

    let mut unsigned = get();
    unsigned.remove("authorization");
    let cases: Vec<(&str, Raw, i64)> = vec![
        ("no Authorization", unsigned, 1300),
        ("unknown scheme", get().set("authorization", "Basic abc"), 1300),
        ("no colon", get().set("authorization", "GenAuth abc"), 1300),
        ("unknown key id", get().sign_as(Brand::GenAuth, "someone-else", secret), 1301),
        ("wrong secret", get().sign_as(Brand::GenAuth, id, "wrong"), 1302),
        ("query altered after signing", Raw { query: "page=2".into(), ..get().signed() }, 1302),
        (
            "body altered after signing",
            {
                let signed = Raw::post("/api/v3/create-user", json!({"email": "x@example.com"})).signed();
                Raw { body: br#"{"email":"y@example.com"}"#.to_vec(), ..signed }
            },
            1302,
        ),
        ("signed header altered", get().signed().set("x-genauth-lang", "en-US"), 1302),
        ("other brand's headers", get().sign_as(Brand::Authing, id, secret), 1303),
        ("wrong method", get().set("x-genauth-signature-method", "HMAC-SHA256").signed(), 1303),
        ("wrong version", get().set("x-genauth-signature-version", "2.0").signed(), 1303),
        (
            "no nonce",
            {
                let mut r = get();
                r.remove("x-genauth-signature-nonce");
                r.signed()
            },
            1304,
        ),
        (
            "no date",
            {
                let mut r = get();
                r.remove("date");
                r.signed()
            },
            1304,
        ),
        ("date not a date", get().set("date", "yesterday").signed(), 1304),
        (
            "date an hour ago",
            get().set("date", &httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600))).signed(),
            1305,
        ),
        (
            "date an hour ahead",
            get().set("date", &httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600))).signed(),
            1305,
        ),
    ];
    for (what, request, expected) in cases {
        let answer = request.send(&emulator).await;
        assert_eq!(codes(&answer), (401, Some(expected)), "{what}: {answer}");
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }

    let once = get().signed();
    assert_eq!(codes(&once.send(&emulator).await), (200, None));
    let replay = once.send(&emulator).await;
    assert_eq!(codes(&replay), (401, Some(1306)), "{replay}");
    // A skew within the limit passes.
    let recent = get().set("date", &httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(600))).signed();
    assert_eq!(codes(&recent.send(&emulator).await), (200, None));
}

/// The official Node SDK signs the object it hands axios, not what axios
/// sends: a bare `?` when every member is undefined, `name=null` and
/// `name=[]` for GET params axios drops. Those signatures pass; one over a
/// member the operation does not declare, or over a value that did not
/// arrive as sent, does not.
#[tokio::test]
async fn signatures_over_members_the_wire_drops_pass() {
    let emulator = Emulator::start().await.unwrap();
    let get = |query: &str| Raw::get("/api/v3/get-user-batch", query);
    let list = Raw::get("/api/v3/list-applications", "").signed_over(&[], "?").send(&emulator).await;
    assert_eq!(codes(&list), (200, None), "{list}");
    let post = Raw::post("/api/v3/list-users", json!({})).signed_over(&[], "?").send(&emulator).await;
    assert_eq!(codes(&post), (200, None), "{post}");
    // Past the signature, a list that did not arrive is the missing required parameter it is.
    let empty = get("").signed_over(&[("userIds", "[]")], "").send(&emulator).await;
    assert_eq!((codes(&empty).0, empty["message"].as_str()), (400, Some("参数 userIds 格式错误")), "{empty}");
    let both = get("").signed_over(&[("userIdType", "null"), ("userIds", "[]")], "").send(&emulator).await;
    assert_eq!(codes(&both).0, 400, "{both}");
    let beside_a_sent_one =
        get("userIds=u1").signed_over(&[("userIdType", "null"), ("userIds", "u1")], "").send(&emulator).await;
    assert_eq!(codes(&beside_a_sent_one), (200, None), "{beside_a_sent_one}");
    for (what, fields) in [
        ("an undeclared member", vec![("nickname", "null")]),
        ("a non-array member as []", vec![("userIdType", "[]")]),
        ("a sent member as null", vec![("userIds", "null")]),
    ] {
        let query = if what.contains("sent") { "userIds=u1" } else { "" };
        let answer = get(query).signed_over(&fields, "").send(&emulator).await;
        assert_eq!(codes(&answer), (401, Some(1302)), "{what}: {answer}");
    }
    let bare_with_fields = get("userIds=u1").signed_over(&[("userIds", "u1")], "?").send(&emulator).await;
    assert_eq!(codes(&bare_with_fields), (401, Some(1302)), "{bare_with_fields}");
}

#[tokio::test]
async fn the_clock_skew_is_configurable() {
    let emulator = Emulator::builder().max_clock_skew(Duration::from_secs(5)).start().await.unwrap();
    let late = Raw::get("/api/v3/list-applications", "")
        .set("date", &httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60)))
        .signed();
    assert_eq!(codes(&late.send(&emulator).await), (401, Some(1305)));
}

async fn token(emulator: &Emulator, body: Value) -> Value {
    let request = Raw {
        headers: vec![("content-type".into(), "application/json".into())],
        ..Raw::post(crate::token::TOKEN_PATH, body)
    };
    request.send(emulator).await
}

fn bearer(token: &str, pool_header: Option<(&str, &str)>) -> Raw {
    let mut request = Raw::get("/api/v3/list-applications", "").set("authorization", &format!("Bearer {token}"));
    if let Some((name, value)) = pool_header {
        request = request.set(name, value);
    }
    request
}

#[tokio::test]
async fn management_tokens_are_issued_and_checked() {
    let emulator = Emulator::start().await.unwrap();
    let credentials = json!({"accessKeyId": DEFAULT_ACCESS_KEY_ID, "accessKeySecret": DEFAULT_ACCESS_KEY_SECRET});
    let issued = token(&emulator, credentials.clone()).await;
    assert_eq!(codes(&issued), (200, None));
    assert_eq!(issued["data"]["expires_in"], 7200);
    let jwt = issued["data"]["access_token"].as_str().unwrap().to_owned();
    let pool = emulator.userpool_id().to_owned();
    assert_eq!(pool.len(), 24);

    for header in ["x-genauth-userpool-id", "x-authing-userpool-id"] {
        let answer = bearer(&jwt, Some((header, &pool))).send(&emulator).await;
        assert_eq!(codes(&answer), (200, None), "{header}: {answer}");
    }
    let refusals = [
        ("no pool header", bearer(&jwt, None)),
        ("other pool", bearer(&jwt, Some(("x-genauth-userpool-id", "someone-else")))),
        ("tampered", bearer(&format!("{jwt}x"), Some(("x-genauth-userpool-id", &pool)))),
        ("garbage", bearer("not-a-token", Some(("x-genauth-userpool-id", &pool)))),
    ];
    for (what, request) in refusals {
        let answer = request.send(&emulator).await;
        assert_eq!(codes(&answer), (401, None), "{what}: {answer}");
    }

    let wrong_id = token(&emulator, json!({"accessKeyId": "nope", "accessKeySecret": DEFAULT_ACCESS_KEY_SECRET})).await;
    assert_eq!(codes(&wrong_id), (401, Some(1301)));
    let wrong_secret = token(&emulator, json!({"accessKeyId": DEFAULT_ACCESS_KEY_ID, "accessKeySecret": "nope"})).await;
    assert_eq!(codes(&wrong_secret), (401, Some(1302)));
    let missing = token(&emulator, json!({"accessKeyId": DEFAULT_ACCESS_KEY_ID})).await;
    assert_eq!(codes(&missing), (400, Some(2000)));

    // A token from another emulator is forged as far as this one is concerned.
    let other = Emulator::start().await.unwrap();
    let foreign = token(&other, credentials).await["data"]["access_token"].as_str().unwrap().to_owned();
    assert_eq!(codes(&bearer(&foreign, Some(("x-genauth-userpool-id", &pool))).send(&emulator).await), (401, None));
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let emulator = Emulator::builder().token_ttl(Duration::ZERO).start().await.unwrap();
    let issued =
        token(&emulator, json!({"accessKeyId": DEFAULT_ACCESS_KEY_ID, "accessKeySecret": DEFAULT_ACCESS_KEY_SECRET}))
            .await;
    let jwt = issued["data"]["access_token"].as_str().unwrap();
    let answer = bearer(jwt, Some(("x-genauth-userpool-id", emulator.userpool_id()))).send(&emulator).await;
    assert_eq!(codes(&answer), (401, None));
    assert!(answer["message"].as_str().unwrap().contains("expired"), "{answer}");
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_field_named() {
    let emulator = Emulator::start().await.unwrap();
    let ids: Vec<String> = (0..51).map(|i| format!("user-{i}")).collect();
    // The service names the top-level parameter, whatever is wrong inside it.
    let cases = [
        (Raw::post("/api/v3/delete-users-batch", json!({})), "userIds"),
        (Raw::post("/api/v3/delete-users-batch", json!({"userIds": "one"})), "userIds"),
        (Raw::post("/api/v3/delete-users-batch", json!({"userIds": []})), "userIds"),
        (
            Raw::post("/api/v3/delete-users-batch", json!({"userIds": ["a"], "options": {"userIdType": "bogus"}})),
            "options",
        ),
        (Raw::post("/api/v3/delete-users-batch", json!({ "userIds": ids })), "userIds"),
        (Raw { body: b"{\"userIds\": [".to_vec(), ..Raw::post("/api/v3/delete-users-batch", json!({})) }, "body"),
        (Raw::get("/api/v3/get-user", ""), "userId"),
        (Raw::get("/api/v3/list-applications", "page=first"), "page"),
        (Raw::get("/api/v3/get-user", "userId=u&withCustomData=maybe"), "withCustomData"),
    ];
    for (request, parameter) in cases {
        let answer = request.signed().send(&emulator).await;
        assert_eq!(codes(&answer), (400, Some(2000)), "{answer}");
        assert_eq!(answer["message"], format!("参数 {parameter} 格式错误"), "{answer}");
    }
}

#[tokio::test]
async fn unknown_operations_are_404() {
    let emulator = Emulator::start().await.unwrap();
    for request in [Raw::get("/api/v3/no-such-thing", ""), Raw::get("/api/v3/create-user", "")] {
        let answer = request.signed().send(&emulator).await;
        assert_eq!(codes(&answer), (404, None), "{answer}");
    }
    let deleted =
        Raw::new(Brand::GenAuth, "DELETE", "/api/v3/ip-list/some-id", "", None).signed().send(&emulator).await;
    assert_eq!(codes(&deleted), (200, None), "{deleted}");
}

#[tokio::test]
async fn request_ids_are_fresh_and_requests_are_counted() {
    let emulator = Emulator::start().await.unwrap();
    let a = Raw::get("/api/v3/list-applications", "").signed().send(&emulator).await;
    let b = Raw::get("/api/v3/list-applications", "").send(&emulator).await;
    assert_ne!(a["requestId"], b["requestId"]);
    assert_eq!(emulator.requests_to("/api/v3/list-applications"), 2);
    assert_eq!(emulator.requests_to("/api/v3/get-user"), 0);
    assert!(emulator.connections_accepted() >= 1);
}

#[tokio::test]
async fn every_fault_kind_is_observable() {
    let emulator = Emulator::start().await.unwrap();
    let path = "/api/v3/list-applications";
    let request = || Raw::get(path, "").signed();
    let faults = emulator.faults();

    faults.inject(path, Fault::Envelope(json!({"statusCode": 429, "message": "slow down"})), 1);
    let body = request().send_raw(&emulator).await.unwrap().text().await.unwrap();
    assert_eq!(body, r#"{"statusCode":429,"message":"slow down"}"#);

    faults.inject(path, Fault::HttpStatus(503), 2);
    for _ in 0..2 {
        assert_eq!(request().send_raw(&emulator).await.unwrap().status(), 503);
    }
    assert_eq!(codes(&request().send(&emulator).await), (200, None), "used up after two");

    faults.inject(path, Fault::Stall(Duration::from_millis(300)), 1);
    let started = Instant::now();
    assert_eq!(codes(&request().send(&emulator).await), (200, None));
    assert!(started.elapsed() >= Duration::from_millis(300));

    faults.inject(path, Fault::Reset, 1);
    let before = emulator.requests_to(path);
    let reset = request().send_raw(&emulator).await;
    assert!(reset.is_err(), "a reset must not produce a response: {reset:?}");
    assert_eq!(emulator.requests_to(path), before + 1, "the request arrived once and was not retried");

    faults.inject(path, Fault::Malformed, 1);
    let response = request().send_raw(&emulator).await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.unwrap();
    assert!(serde_json::from_slice::<Value>(&body).is_err());

    faults.inject(path, Fault::Truncated, 1);
    let response = request().send_raw(&emulator).await.unwrap();
    assert_eq!(response.status(), 200);
    let announced = response.content_length().unwrap();
    assert!(announced > 0);
    assert!(response.bytes().await.is_err(), "the body ends before its announced length");

    faults.inject(path, Fault::Reset, 3);
    faults.clear();
    assert_eq!(codes(&request().send(&emulator).await), (200, None));
}

#[cfg(feature = "applications")]
#[tokio::test]
async fn the_sdk_client_sees_faults_as_their_kinds() {
    use crate::RetryConfig;
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client_builder().retry(RetryConfig::disabled()).build().unwrap();
    let path = "/api/v3/list-applications";
    emulator.faults().inject(path, Fault::Reset, 1);
    assert!(matches!(client.list_applications().send().await, Err(crate::Error::Transport(_))));
    emulator.faults().inject(path, Fault::Malformed, 1);
    assert!(matches!(client.list_applications().send().await, Err(crate::Error::Decode { .. })));
    emulator.faults().inject(path, Fault::HttpStatus(502), 1);
    assert!(matches!(client.list_applications().send().await, Err(crate::Error::Http { status: 502, .. })));
    emulator.faults().inject(path, Fault::Envelope(json!({"statusCode": 403, "apiCode": 1234, "message": "no"})), 1);
    let refused = client.list_applications().send().await.unwrap_err();
    assert_eq!((refused.status_code(), refused.api_code()), (Some(403), Some(1234)));
    // Reads are retried after a reset, with a fresh signature.
    let retrying = emulator
        .client_builder()
        .retry(RetryConfig::standard().with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    emulator.faults().inject(path, Fault::Reset, 1);
    let before = emulator.requests_to(path);
    retrying.list_applications().send().await.unwrap();
    assert_eq!(emulator.requests_to(path), before + 2);
}

#[tokio::test]
async fn admin_endpoints_arm_faults_and_report_stats() {
    let emulator = Emulator::start().await.unwrap();
    let http = reqwest::Client::new();
    let admin = |path: &str| format!("{}/__emulator/{path}", emulator.base_url());
    let arm = |fault: Value| {
        let request = http.post(admin("faults")).json(&fault);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let armed =
        arm(json!({"path": "/api/v3/get-user", "times": 2, "fault": {"kind": "http_status", "status": 503}})).await;
    assert_eq!(codes(&armed), (200, None));
    for _ in 0..2 {
        assert_eq!(Raw::get("/api/v3/get-user", "userId=u").signed().send_raw(&emulator).await.unwrap().status(), 503);
    }
    arm(json!({"path": "/api/v3/get-user", "fault": {"kind": "stall", "ms": 10_000}})).await;
    let cleared: Value = http.delete(admin("faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(codes(&cleared), (200, None));
    let started = Instant::now();
    Raw::get("/api/v3/get-user", "userId=u").signed().send(&emulator).await;
    assert!(started.elapsed() < Duration::from_secs(5), "the stall was cleared");

    let bad = arm(json!({"path": "/x", "fault": {"kind": "explode"}})).await;
    assert_eq!(codes(&bad), (400, Some(2000)), "{bad}");

    let stats: Value = http.get(admin("stats")).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats["requests"]["/api/v3/get-user"], 3);
    assert!(stats["connections"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn state_survives_a_restart_through_the_state_file() {
    let dir = std::env::temp_dir().join(format!("genauth-emulator-{}-{:x}", std::process::id(), rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");

    let first = Emulator::builder().state_file(&file).start().await.unwrap();
    let created = Raw::post("/api/v3/create-user", json!({"email": "kept@example.com"})).signed().send(&first).await;
    assert_eq!(codes(&created), (200, None), "{created}");
    let user_id = created["data"]["userId"].as_str().unwrap().to_owned();
    let pool = first.userpool_id().to_owned();
    drop(first);
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).expect("the state file is JSON");
    assert!(saved.to_string().contains("kept@example.com"));

    let second = Emulator::builder().state_file(&file).start().await.unwrap();
    assert_eq!(second.userpool_id(), pool);
    let fetched = Raw::get("/api/v3/get-user", &format!("userId={user_id}")).signed().send(&second).await;
    assert_eq!(codes(&fetched), (200, None), "{fetched}");
    assert_eq!(fetched["data"]["email"], "kept@example.com");
    drop(second);

    std::fs::write(&file, "{ torn").unwrap();
    let refused = Emulator::builder().state_file(&file).start().await.unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::InvalidData);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Start-up time is measured by `benches/emulator_startup.rs`, not asserted here.
#[tokio::test]
async fn stops_when_dropped() {
    let emulator = Emulator::start().await.unwrap();
    assert!(emulator.base_url().starts_with("http://127.0.0.1:") && !emulator.base_url().ends_with('/'));
    let url = format!("{}/__emulator/stats", emulator.base_url());
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    assert!(http.get(&url).send().await.is_ok());
    drop(emulator);
    let mut refused = false;
    for _ in 0..50 {
        if http.get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the emulator still answers after being dropped");
}

#[tokio::test]
async fn each_tenant_keeps_a_pool_of_its_own() {
    let emulator = Emulator::start().await.unwrap();
    let create = |tenant: Option<&str>| {
        let request = Raw::post("/api/v3/create-user", json!({ "username": "same-name" }));
        match tenant {
            Some(tenant) => request.set("x-genauth-app-id", tenant),
            None => request,
        }
    };
    let in_a = create(Some("tenant-a")).signed().send(&emulator).await;
    assert_eq!(codes(&in_a), (200, None), "{in_a}");
    // The same username is free in the pool and in another tenant.
    for tenant in [None, Some("tenant-b")] {
        let again = create(tenant).signed().send(&emulator).await;
        assert_eq!(codes(&again), (200, None), "{tenant:?}: {again}");
        assert_ne!(again["data"]["userId"], in_a["data"]["userId"], "ids are unique across tenants");
    }
    let taken = create(Some("tenant-a")).signed().send(&emulator).await;
    assert_eq!(codes(&taken), (400, Some(2026)), "{taken}");
    let list = Raw::post("/api/v3/list-users", json!({})).set("x-genauth-app-id", "tenant-c").signed();
    assert_eq!(list.send(&emulator).await["data"]["totalCount"], 0, "a new tenant starts empty");
}

#[tokio::test]
async fn refusals_speak_the_requests_language() {
    let emulator = Emulator::start().await.unwrap();
    let refused = |lang: Option<&str>| {
        let request = Raw::post("/api/v3/delete-users-batch", json!({}));
        match lang {
            Some(lang) => request.set("x-genauth-lang", lang),
            None => request,
        }
    };
    for (lang, message) in [
        (None, "参数 userIds 格式错误"),
        (Some("zh-CN"), "参数 userIds 格式错误"),
        (Some("en-US"), "Parameter userIds is malformed"),
        (Some("ja-JP"), "パラメータ userIds の形式が正しくありません"),
        (Some("zh-TW"), "參數 userIds 格式錯誤"),
    ] {
        let answer = refused(lang).signed().send(&emulator).await;
        assert_eq!(answer["message"], message, "{lang:?}");
    }
}
