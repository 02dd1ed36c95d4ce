//! The emulator's event service: the websocket endpoint subscriptions
//! connect to, and delivery of every published event to every subscriber
//! of its code.
//!
//! `GET /events/v1/management/sub?code=<code>` upgrades to a websocket once
//! its `Authorization` passes the same check the event service makes (see
//! [`Authenticator::verify_subscription`]); a refused subscription gets an
//! HTTP 401 and no upgrade. Each event published under the code
//! (`POST /api/v3/pub-event`) then arrives as one text frame. Handlers do
//! not reach the sockets: a publishing handler leaves the event in its
//! state's outbox, and the server hands the outbox to [`EventHub::deliver`]
//! once the call has succeeded.
//!
//! [`Authenticator::verify_subscription`]: crate::emulator::auth::Authenticator::verify_subscription

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::{broadcast, watch};

/// The path subscriptions connect to.
pub(crate) const SUBSCRIBE_PATH: &str = "/events/v1/management/sub";

/// How many events a slow subscriber may fall behind before it misses some.
const BACKLOG: usize = 1024;

/// The subscribers of each event code.
pub(crate) struct EventHub {
    channels: Mutex<HashMap<String, broadcast::Sender<String>>>,
    /// Bumped to close every open subscription at once.
    generation: watch::Sender<u64>,
}

impl Default for EventHub {
    fn default() -> Self {
        EventHub { channels: Mutex::default(), generation: watch::Sender::new(0) }
    }
}

impl EventHub {
    fn channel(&self, code: &str) -> broadcast::Sender<String> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels.entry(code.to_owned()).or_insert_with(|| broadcast::channel(BACKLOG).0).clone()
    }

    /// Sends each `(code, data)` to every subscriber of its code.
    pub(crate) fn deliver(&self, events: impl IntoIterator<Item = (String, String)>) {
        for (code, data) in events {
            // No subscriber is no error: the event is simply not seen.
            let _ = self.channel(&code).send(data);
        }
    }

    /// How many subscriptions to `code` are open.
    pub(crate) fn subscribers(&self, code: &str) -> usize {
        let channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels.get(code).map_or(0, broadcast::Sender::receiver_count)
    }

    /// Closes every open subscription, as a dropped connection would.
    pub(crate) fn drop_connections(&self) {
        self.generation.send_modify(|g| *g += 1);
    }

    /// Upgrades an accepted subscription and forwards its code's events.
    pub(crate) fn serve(&self, upgrade: WebSocketUpgrade, code: String) -> axum::response::Response {
        let events = self.channel(&code).subscribe();
        let mut closed = self.generation.subscribe();
        closed.mark_unchanged();
        upgrade.on_upgrade(move |socket| forward(socket, events, closed))
    }
}

async fn forward(mut socket: WebSocket, mut events: broadcast::Receiver<String>, mut closed: watch::Receiver<u64>) {
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(data) => {
                    if socket.send(Message::Text(data.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "an event subscriber fell behind and missed events");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            // Dropped without a close frame, as a broken connection is.
            _ = closed.changed() => return,
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => {}
            },
        }
    }
}
