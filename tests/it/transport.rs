//! The two ways a request leaves the client, hyper-util directly (the
//! default) and a caller's `reqwest::Client`, put the same request on the
//! wire and read the same answer; HTTPS is verified.

use crate::common::emulator_and_client;
use genauth::{ManagementClient, RetryConfig, UserRef};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};

/// The envelope the test servers answer with.
const EXISTS: &str = r#"{"statusCode":200,"message":"","data":{"exists":true}}"#;

/// Answers one HTTP/1.1 request with `answer` and returns what arrived:
/// the request line, the headers by lowercase name, and the body.
async fn record_one(
    listener: tokio::net::TcpListener,
    answer: &'static str,
) -> (String, BTreeMap<String, String>, String) {
    let (socket, _) = listener.accept().await.unwrap();
    serve_one(socket, answer).await
}

async fn serve_one(
    mut socket: impl AsyncRead + AsyncWrite + Unpin,
    answer: &'static str,
) -> (String, BTreeMap<String, String>, String) {
    let mut received = Vec::new();
    let head_end = loop {
        let mut chunk = [0; 4096];
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the connection closed before the request's head ended");
        received.extend_from_slice(&chunk[..n]);
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let head = String::from_utf8(received[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap().to_owned();
    let headers: BTreeMap<String, String> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let length: usize = headers.get("content-length").map_or(0, |n| n.parse().unwrap());
    let mut body = received[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0; 4096];
        let n = socket.read(&mut chunk).await.unwrap();
        body.extend_from_slice(&chunk[..n]);
    }
    let reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
        answer.len()
    );
    socket.write_all(reply.as_bytes()).await.unwrap();
    (request_line, headers, String::from_utf8(body).unwrap())
}

/// One `isUserExists` call from a client built by `build`, as the server saw it.
async fn one_call(
    build: impl FnOnce(genauth::ClientBuilder) -> genauth::ClientBuilder,
) -> (String, BTreeMap<String, String>, String, bool) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(record_one(listener, EXISTS));
    let client = client_of(&host, build);
    let exists = client.is_user_exists().username("someone").send().await.unwrap().exists;
    let (line, mut headers, body) = server.await.unwrap();
    // Fresh on every request, and so is the signature over them.
    for name in ["date", "x-genauth-signature-nonce", "authorization"] {
        assert!(headers.remove(name).is_some(), "no {name} header");
    }
    (line, headers, body, exists)
}

#[tokio::test]
async fn both_ways_send_the_same_request_and_read_the_same_answer() {
    let direct = one_call(|builder| builder).await;
    let through_reqwest = one_call(|builder| builder.http_client(reqwest::Client::new())).await;
    let (line, headers, body, exists) = &direct;
    assert_eq!(line, "POST /api/v3/is-user-exists HTTP/1.1");
    assert_eq!(body, r#"{"username":"someone"}"#);
    assert!(exists);
    assert_eq!(headers["user-agent"], concat!("genauth-rust/", env!("CARGO_PKG_VERSION")));
    assert_eq!(headers["content-type"], "application/json");
    // A caller's reqwest client sends its own user agent (none by
    // default); each server listens on a port of its own.
    let same = |headers: &BTreeMap<String, String>| {
        let mut headers = headers.clone();
        headers.remove("user-agent");
        headers.remove("host");
        headers
    };
    assert_eq!(same(&through_reqwest.1), same(headers));
    assert_eq!((&through_reqwest.0, &through_reqwest.2, through_reqwest.3), (line, body, *exists));
}

#[tokio::test]
async fn a_callers_reqwest_client_carries_whole_calls() {
    let (emulator, _) = emulator_and_client().await;
    let client = emulator.client_builder().http_client(reqwest::Client::new()).build().unwrap();
    let created = client.create_user().email("reqwest@example.com").send().await.unwrap();
    let fetched = client.get_user().user(UserRef::user_id(&created.user_id)).send().await.unwrap();
    assert_eq!(fetched.email.as_deref(), Some("reqwest@example.com"));
}

/// A client of `host` with this builder step, retries off.
fn client_of(host: &str, step: impl FnOnce(genauth::ClientBuilder) -> genauth::ClientBuilder) -> ManagementClient {
    let builder = ManagementClient::builder()
        .access_key_id("kid")
        .access_key_secret("secret")
        .host(host)
        .retry(RetryConfig::disabled());
    step(builder).build().unwrap()
}

#[tokio::test]
async fn https_trusts_the_platform_roots_and_the_given_ones() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let server_tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_tls));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("https://localhost:{}", listener.local_addr().unwrap().port());
    // Serves the first connection whose handshake succeeds.
    let server = tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            if let Ok(tls) = acceptor.accept(socket).await {
                return serve_one(tls, EXISTS).await;
            }
        }
    });

    // The certificate is signed by no authority the platform knows.
    let untrusting = client_of(&host, |builder| builder);
    let refused = untrusting.is_user_exists().username("someone").send().await.unwrap_err();
    assert!(matches!(&refused, genauth::Error::Transport(e) if e.is_connect()), "{refused:?}");

    let trusting = client_of(&host, |builder| builder.root_certificates_pem(certified.cert.pem()));
    assert!(trusting.is_user_exists().username("someone").send().await.unwrap().exists);
    let (line, _, body) = server.await.unwrap();
    assert_eq!((line.as_str(), body.as_str()), ("POST /api/v3/is-user-exists HTTP/1.1", r#"{"username":"someone"}"#));
}

#[test]
fn root_certificates_must_be_pem_certificates() {
    for bad in ["not a certificate", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"] {
        let built = ManagementClient::builder()
            .access_key_id("kid")
            .access_key_secret("secret")
            .root_certificates_pem(bad)
            .build();
        assert!(matches!(built, Err(genauth::Error::Config(_))), "{bad:?}");
    }
}
