//! The event stream against the emulator: subscribe, publish, receive;
//! reconnection after a drop; refusals; closing on drop.

use futures::StreamExt as _;
use genauth::emulator::Emulator;
use genauth::{Error, ManagementClient, RetryConfig};
use serde_json::json;
use std::time::Duration;

/// Waits (bounded) until the emulator holds `n` subscriptions to `code`.
async fn subscribers(emulator: &Emulator, code: &str, n: usize) {
    for _ in 0..500 {
        if emulator.event_subscribers(code) == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{code} never had {n} subscribers (it has {})", emulator.event_subscribers(code));
}

fn client(emulator: &Emulator) -> ManagementClient {
    let retry = RetryConfig::standard().with_base_delay(Duration::from_millis(5));
    emulator.client_builder().retry(retry).build().expect("client builds")
}

#[tokio::test]
async fn a_published_event_reaches_every_subscriber_of_its_code() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let mut first = client.subscribe("acme.order.created");
    let mut second = client.subscribe("acme.order.created");
    let mut other = client.subscribe("acme.other");
    // Polling starts a subscription; a publish before it would not be seen.
    let (a, b, c) = (first.next(), second.next(), other.next());
    tokio::pin!(a, b, c);
    tokio::select! {
        _ = &mut a => panic!("nothing was published yet"),
        _ = &mut b => panic!("nothing was published yet"),
        _ = &mut c => panic!("nothing was published yet"),
        _ = async {
            subscribers(&emulator, "acme.order.created", 2).await;
            subscribers(&emulator, "acme.other", 1).await;
        } => {}
    }

    let delivered = client.publish("acme.order.created", &json!({ "orderId": 7 })).await.unwrap();
    assert!(delivered.success);
    for received in [a.await, b.await] {
        let event = received.expect("the stream goes on").expect("an event");
        assert_eq!(event.code, "acme.order.created");
        assert_eq!(event.raw, r#"{"orderId":7}"#);
        assert_eq!(event.json, Some(json!({ "orderId": 7 })));
    }
    // A string is sent as it is, and events of other codes stay apart.
    client.publish("acme.other", "plain text").await.unwrap();
    let event = c.await.unwrap().unwrap();
    assert_eq!((event.raw.as_str(), event.json), ("plain text", None));
}

#[tokio::test]
async fn the_stream_resumes_after_the_connection_drops() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let mut events = client.subscribe("acme.tick");
    let publisher = client.clone();
    // Publishes until told to stop: whatever the stream is doing, events keep coming.
    let ticking = tokio::spawn(async move {
        for n in 0.. {
            let _ = publisher.publish("acme.tick", &json!({ "n": n })).await;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let before = tokio::time::timeout(Duration::from_secs(10), events.next()).await.unwrap().unwrap().unwrap();
    emulator.drop_event_connections();
    // The stream reconnects (a second subscription request) and delivers later events.
    let after = loop {
        let event = tokio::time::timeout(Duration::from_secs(10), events.next()).await.unwrap().unwrap().unwrap();
        if event.json.as_ref().unwrap()["n"].as_i64() > before.json.as_ref().unwrap()["n"].as_i64() {
            break event;
        }
    };
    ticking.abort();
    assert!(after.json.is_some());
    assert!(emulator.requests_to("/events/v1/management/sub") >= 2, "it reconnected");
}

#[tokio::test]
async fn a_refused_subscription_ends_the_stream_with_the_refusal() {
    let emulator = Emulator::start().await.unwrap();
    let wrong = emulator.client_builder().access_key_secret("not-the-secret").build().unwrap();
    let mut events = wrong.subscribe("acme.order.created");
    let refused = tokio::time::timeout(Duration::from_secs(10), events.next()).await.unwrap().unwrap().unwrap_err();
    assert!(matches!(refused, Error::Http { status: 401, .. }), "{refused}");
    assert!(!refused.to_string().contains("not-the-secret"));
    assert!(events.next().await.is_none(), "a refusal is final: no endless retry");
    assert_eq!(emulator.requests_to("/events/v1/management/sub"), 1);
}

#[tokio::test]
async fn an_unreachable_event_service_ends_the_stream_after_the_retries() {
    let emulator = Emulator::start().await.unwrap();
    let retry = RetryConfig::standard().with_base_delay(Duration::from_millis(1)).with_max_attempts(2);
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = emulator.client_builder().events_host(format!("ws://127.0.0.1:{port}")).retry(retry).build().unwrap();
    let failed = client.subscribe("x").next().await.unwrap().unwrap_err();
    assert!(matches!(failed, Error::EventStream(_)), "{failed}");
}

#[tokio::test]
async fn dropping_the_stream_closes_the_subscription() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let mut events = client.subscribe("acme.closing");
    {
        let next = events.next();
        tokio::pin!(next);
        tokio::select! {
            _ = &mut next => panic!("nothing was published"),
            _ = subscribers(&emulator, "acme.closing", 1) => {}
        }
    }
    drop(events);
    subscribers(&emulator, "acme.closing", 0).await;
}

#[tokio::test]
async fn creating_a_user_publishes_the_built_in_event() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator);
    let mut created = client.subscribe("authing.user.created");
    let next = created.next();
    tokio::pin!(next);
    tokio::select! {
        _ = &mut next => panic!("no user was created yet"),
        _ = subscribers(&emulator, "authing.user.created", 1) => {}
    }
    let user = client.create_user().body_map(|b| b.username("eve".to_owned())).send().await.unwrap();
    let event = next.await.unwrap().unwrap();
    let data = event.json.expect("the event carries the user as JSON");
    assert_eq!((data["userId"].as_str(), data["username"].as_str()), (Some(user.user_id.as_str()), Some("eve")));
}
