//! Publishing events. Delivery is the server's: a published event waits in
//! the state's outbox until the call has succeeded (see
//! `crate::emulator::events`).

use super::{ApiFault, Input, Outcome, req_str};
use crate::emulator::state::State;
use serde_json::{Value, json};

/// `verifyEvent` (`POST /api/v3/pub-event`): publishes `eventData` under
/// `eventType`. The data travels as text: a string as it is, anything else
/// as its JSON.
pub(super) fn publish_event(input: &Input, state: &mut State) -> Outcome {
    let code = req_str(input, "eventType")?;
    if code.is_empty() {
        return Err(ApiFault::invalid("eventType", "empty"));
    }
    let data = match input.get("eventData") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    state.outbox.push((code.to_owned(), data));
    Ok(json!({ "success": true }))
}
