//! Publishing events. Delivery is the server's: a published event waits in
//! the state's outbox until the call has succeeded (see
//! `crate::emulator::events`).

use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome};
use crate::emulator::state::State;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Publish {
    event_type: String,
    #[serde(default)]
    event_data: Value,
}

/// `verifyEvent` (`POST /api/v3/pub-event`): publishes `eventData` under
/// `eventType`. The data travels as text: a string as it is, anything else
/// as its JSON.
pub(super) fn publish_event(input: &Input, state: &mut State) -> Outcome {
    let Publish { event_type, event_data } = typed(input)?;
    if event_type.is_empty() {
        return Err(ApiFault::invalid("eventType", "empty"));
    }
    let data = match event_data {
        Value::Null => String::new(),
        Value::String(text) => text,
        other => other.to_string(),
    };
    state.outbox.push((event_type, data));
    Ok(json!({ "success": true }))
}
