//! The pool's event stream: [`ManagementClient::subscribe`] and
//! [`ManagementClient::publish`].
//!
//! Subscribing opens a websocket to `<events host>/events/v1/management/sub?code=<code>`
//! (by default `wss://events.genauth.ai` for GenAuth and
//! `wss://openevent.authing.cn` for Authing; [`ClientBuilder::events_host`]
//! overrides it, as [`ClientBuilder::host`] does the API's). The upgrade
//! request carries an `Authorization` signed as the official SDKs sign it:
//! over a request whose method is `websocket`, with an empty path and no
//! fields. That signature is the same for every connection of a key pair,
//! so the upgrade goes through the client's own HTTP stack (its TLS, and
//! headers marked sensitive), never through a library that logs requests.
//! Every text frame is one event.
//!
//! The stream reconnects after a drop, with the client's backoff and a
//! fresh connection, and ends with an error only when the service refuses
//! the subscription (a bad key pair) or cannot be reached for
//! [`RetryConfig::max_attempts`](crate::RetryConfig) tries in a row.
//! Dropping the stream closes the socket.
//!
//! [`ClientBuilder::events_host`]: crate::ClientBuilder::events_host
//! [`ClientBuilder::host`]: crate::ClientBuilder::host

use crate::ManagementClient;
use crate::error::Error;
use futures_core::Stream;
use futures_util::StreamExt as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::{self, Message, protocol::Role};
use tracing::Instrument as _;

/// The path the event service subscribes on.
const SUBSCRIBE_PATH: &str = "/events/v1/management/sub";

/// One event, as the service delivered it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// The event code it was published under.
    pub code: String,
    /// The frame's text, exactly as it arrived.
    pub raw: String,
    /// The text parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

impl Event {
    fn new(code: &str, raw: String) -> Event {
        let json = serde_json::from_str(&raw).ok();
        Event { code: code.to_owned(), raw, json }
    }
}

/// What [`ManagementClient::publish`] sends as an event's data.
///
/// The service carries event data as text, usually JSON. A string is sent
/// as it is; anything else that is [`serde::Serialize`] is sent as its JSON.
pub trait EventData {
    /// The text the event carries.
    fn to_event_text(&self) -> Result<String, Error>;
}

impl<T: serde::Serialize + ?Sized> EventData for T {
    fn to_event_text(&self) -> Result<String, Error> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(text)) => Ok(text),
            Ok(value) => Ok(value.to_string()),
            Err(e) => Err(Error::InvalidInput(format!("event data does not serialize: {e}"))),
        }
    }
}

/// The events of one code, as a [`Stream`]; see [`ManagementClient::subscribe`].
#[must_use = "a stream does nothing until polled"]
pub struct EventStream {
    inner: Pin<Box<dyn Stream<Item = Result<Event, Error>> + Send>>,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl Stream for EventStream {
    type Item = Result<Event, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

type Socket = WebSocketStream<reqwest::Upgraded>;

/// Where a subscription stands between two polls.
struct Subscription {
    client: ManagementClient,
    code: String,
    socket: Option<Socket>,
    /// Connection attempts since the last one that succeeded.
    failures: u32,
    /// Set once the stream has ended with an error.
    done: bool,
}

/// Whether a failed connection attempt is worth another.
enum ConnectFailure {
    /// The service answered and refused: trying again cannot help.
    Refused(Error),
    /// The connection failed: the next attempt may succeed.
    Transient(String),
}

impl ManagementClient {
    /// Subscribes to the events published under `code`, as a [`Stream`].
    ///
    /// Nothing is sent until the stream is first polled. Each item is an
    /// [`Event`], or the error that ended the stream; see the
    /// [module docs](crate::events) for reconnection and refusals.
    ///
    /// ```
    /// # #[cfg(feature = "emulator")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use futures::StreamExt as _;
    /// let emulator = genauth::emulator::Emulator::start().await?;
    /// let client = emulator.client_builder().build()?;
    /// let mut orders = client.subscribe("acme.order.created");
    /// # let publisher = client.clone();
    /// # tokio::spawn(async move {
    /// #     loop {
    /// #         let _ = publisher.publish("acme.order.created", &serde_json::json!({ "id": 7 })).await;
    /// #         tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    /// #     }
    /// # });
    /// let event = orders.next().await.expect("the stream goes on")?;
    /// assert_eq!(event.json.unwrap()["id"], 7);
    /// # Ok(()) }
    /// # #[cfg(not(feature = "emulator"))]
    /// # fn main() {}
    /// ```
    pub fn subscribe(&self, code: impl Into<String>) -> EventStream {
        let subscription =
            Subscription { client: self.clone(), code: code.into(), socket: None, failures: 0, done: false };
        let stream = futures_util::stream::unfold(subscription, |mut subscription| async move {
            let next = subscription.next_event().await?;
            Some((next, subscription))
        });
        EventStream { inner: Box::pin(stream) }
    }

    /// Publishes an event under `code`: `POST /api/v3/pub-event`, the
    /// operation the spec calls `verifyEvent`. `data` is a string, sent as it
    /// is, or anything [`serde::Serialize`], sent as its JSON text.
    pub async fn publish(
        &self,
        code: impl Into<String>,
        data: &(impl EventData + ?Sized),
    ) -> Result<crate::types::PubEventRespDataDto, Error> {
        let text = data.to_event_text()?;
        let body = crate::types::PubEventDto { event_type: code.into(), event_data: Some(text.into()) };
        self.verify_event().body(body).send().await
    }

    /// The upgrade request of a subscription to `code`. It goes through
    /// reqwest, as every call does, so that the same TLS settings apply and
    /// no library logs its `Authorization`: the signature never changes for
    /// a key pair, so a logged one would let anyone subscribe.
    fn subscription_request(&self, code: &str, key: &str) -> Result<reqwest::RequestBuilder, Error> {
        let config = self.config();
        let mut url = url::Url::parse(&config.events_host)
            .map_err(|e| Error::Config(format!("invalid events host {:?}: {e}", config.events_host)))?;
        // An upgrade starts as plain HTTP(S) on the same host and port.
        let scheme = if url.scheme() == "wss" { "https" } else { "http" };
        url.set_scheme(scheme).map_err(|()| Error::Config("invalid events host".into()))?;
        url.set_path(SUBSCRIBE_PATH);
        url.query_pairs_mut().clear().append_pair("code", code);
        // The official SDKs sign the subscription as a request of method
        // `websocket` with no headers, path or fields, in those exact bytes.
        let signature = crate::signing::signature(config.access_key_secret.expose().as_bytes(), "websocket\n");
        let mut authorization = crate::signing::request::header_value(&format!(
            "{} {}:{signature}",
            config.brand.scheme(),
            config.access_key_id
        ))?;
        authorization.set_sensitive(true);
        Ok(config
            .events_http
            .client()?
            .get(url)
            .header(http::header::CONNECTION, "Upgrade")
            .header(http::header::UPGRADE, "websocket")
            .header(http::header::SEC_WEBSOCKET_VERSION, "13")
            .header(http::header::SEC_WEBSOCKET_KEY, key)
            .header(http::header::AUTHORIZATION, authorization))
    }
}

impl Subscription {
    /// The next event, reconnecting as needed; `None` once the stream has ended.
    async fn next_event(&mut self) -> Option<Result<Event, Error>> {
        if self.done {
            return None;
        }
        loop {
            let socket = match &mut self.socket {
                Some(socket) => socket,
                None => match self.connect().await {
                    Ok(socket) => self.socket.insert(socket),
                    Err(error) => {
                        self.done = true;
                        return Some(Err(error));
                    }
                },
            };
            match socket.next().await {
                Some(Ok(Message::Text(text))) => return Some(Ok(Event::new(&self.code, text.as_str().to_owned()))),
                Some(Ok(Message::Binary(bytes))) => {
                    return Some(Ok(Event::new(&self.code, String::from_utf8_lossy(&bytes).into_owned())));
                }
                // Pings are answered by the socket itself.
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    tracing::debug!(code = %self.code, "the event connection dropped; reconnecting");
                    self.socket = None;
                }
            }
        }
    }

    /// Connects, retrying transient failures with the client's backoff.
    async fn connect(&mut self) -> Result<Socket, Error> {
        let retry = self.client.config().retry.clone();
        loop {
            if self.failures > 0 {
                tokio::time::sleep(retry.backoff(self.failures)).await;
            }
            let span = tracing::info_span!("genauth.events", code = %self.code, attempt = self.failures + 1);
            match attempt(&self.client, &self.code).instrument(span).await {
                Ok(socket) => {
                    self.failures = 0;
                    return Ok(socket);
                }
                Err(ConnectFailure::Refused(error)) => return Err(error),
                Err(ConnectFailure::Transient(reason)) => {
                    self.failures += 1;
                    tracing::debug!(%reason, failures = self.failures, "the event connection failed");
                    if self.failures >= retry.max_attempts.max(1) {
                        return Err(Error::EventStream(format!(
                            "could not connect after {} attempts: {reason}",
                            self.failures
                        )));
                    }
                }
            }
        }
    }
}

/// One connection attempt. A free function of what it needs, not of the
/// subscription, whose socket slot is not `Sync`.
async fn attempt(client: &ManagementClient, code: &str) -> Result<Socket, ConnectFailure> {
    let key = tungstenite::handshake::client::generate_key();
    let request = client.subscription_request(code, &key).map_err(ConnectFailure::Refused)?;
    let response =
        request.send().await.map_err(|e| ConnectFailure::Transient(crate::TransportError::from(e).to_string()))?;
    let status = response.status().as_u16();
    if status == 101 {
        let accept = response.headers().get(http::header::SEC_WEBSOCKET_ACCEPT).map(http::HeaderValue::as_bytes);
        if accept != Some(tungstenite::handshake::derive_accept_key(key.as_bytes()).as_bytes()) {
            return Err(ConnectFailure::Transient("the upgrade was not accepted for this key".into()));
        }
        let upgraded = response
            .upgrade()
            .await
            .map_err(|e| ConnectFailure::Transient(crate::TransportError::from(e).to_string()))?;
        tracing::debug!("subscribed");
        return Ok(WebSocketStream::from_raw_socket(upgraded, Role::Client, None).await);
    }
    if status >= 500 {
        return Err(ConnectFailure::Transient(format!("HTTP {status}")));
    }
    // An HTTP answer instead of an upgrade: the service refused.
    let body = response.bytes().await.unwrap_or_default();
    Err(ConnectFailure::Refused(Error::Http { status, body_excerpt: crate::error::excerpt(&body) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_data_is_a_string_as_it_is_and_anything_else_as_json() {
        assert_eq!("hello".to_event_text().unwrap(), "hello");
        assert_eq!(String::from("{\"a\":1}").to_event_text().unwrap(), "{\"a\":1}");
        assert_eq!(serde_json::json!({ "a": [1, 2] }).to_event_text().unwrap(), "{\"a\":[1,2]}");
        assert_eq!(42.to_event_text().unwrap(), "42");
    }

    #[test]
    fn events_parse_when_they_are_json() {
        assert_eq!(Event::new("c", "{\"x\":1}".into()).json, Some(serde_json::json!({ "x": 1 })));
        assert_eq!(Event::new("c", "plain".into()).json, None);
    }
}
