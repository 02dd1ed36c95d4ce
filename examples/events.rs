//! Subscribe to the pool's events as a `Stream`, and publish one.
//!
//! ```sh
//! cargo run --example events --features emulator
//! ```
//!
//! It subscribes to `genauth.example.greeting`, publishes a greeting under
//! that code until its own subscription delivers one (an event published
//! before a subscription is open is not delivered to it), and prints what
//! arrived. Against a real user pool (`GENAUTH_*` set, with
//! `GENAUTH_EVENTS_HOST` for a private deployment's event service) the
//! same code runs there.

#[path = "support/mod.rs"]
mod support;

use futures::StreamExt as _;
use std::time::Duration;

const CODE: &str = "genauth.example.greeting";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = support::connect().await?;
    let client = &target.client;
    let mut greetings = client.subscribe(CODE);
    let greeting = serde_json::json!({ "greeting": "hello from genauth", "sdk": "rust" });

    let received = tokio::time::timeout(Duration::from_secs(30), async {
        let mut publish = tokio::time::interval(Duration::from_millis(200));
        loop {
            tokio::select! {
                event = greetings.next() => break event,
                _ = publish.tick() => {
                    client.publish(CODE, &greeting).await?;
                }
            }
        }
        .ok_or("the event stream ended")?
        .map_err(Box::<dyn std::error::Error>::from)
    })
    .await
    .map_err(|_| "no greeting arrived within 30 s")??;

    println!("received on {}: {}", received.code, received.raw);
    if received.json.as_ref() != Some(&greeting) {
        return Err(format!("expected {greeting}, received {}", received.raw).into());
    }
    Ok(())
}
