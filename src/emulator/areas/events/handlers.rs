//! Publishing events, and the pool's custom event apps and event types.
//! Delivery is the server's: a published event waits in the state's outbox
//! until the call has succeeded (see `crate::emulator::events`).

use crate::emulator::areas::input::Paging;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{EventApp, EventDefinition, State};
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewEventApp {
    identifier: String,
    name: String,
    logo: String,
}

/// `createEventApp`: an app custom events are published under; its
/// identifier is unique in the pool.
pub(super) fn create_event_app(input: &Input, state: &mut State) -> Outcome {
    let NewEventApp { identifier, name, logo } = typed(input)?;
    for (key, value) in [("identifier", &identifier), ("name", &name)] {
        if value.is_empty() {
            return Err(ApiFault::invalid(key, "empty"));
        }
    }
    if state.event_apps.iter().any(|a| a.identifier == identifier) {
        return Err(ApiFault::new(&errors::EVENT_APP_CONFLICT, [identifier.as_str()]));
    }
    state.event_apps.push(EventApp { identifier, name, logo });
    success()
}

/// `listEventApps`: every event app of the pool, in creation order; the
/// operation takes no paging.
pub(super) fn list_event_apps(_input: &Input, state: &mut State) -> Outcome {
    let list: Vec<Value> = state
        .event_apps
        .iter()
        .map(|a| json!({ "identifier": a.identifier, "name": a.name, "logo": a.logo }))
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewEventType {
    event_type: String,
    #[serde(default)]
    event_description: String,
}

/// `defineEvent`: a custom event type, unique in the pool.
pub(super) fn define_event(input: &Input, state: &mut State) -> Outcome {
    let NewEventType { event_type, event_description } = typed(input)?;
    if event_type.is_empty() {
        return Err(ApiFault::invalid("eventType", "empty"));
    }
    if state.event_definitions.iter().any(|e| e.code == event_type) {
        return Err(ApiFault::new(&errors::EVENT_TYPE_CONFLICT, [event_type.as_str()]));
    }
    let id = state.new_id();
    state.event_definitions.push(EventDefinition { id, code: event_type, description: event_description });
    success()
}

#[derive(Deserialize)]
struct EventsListing {
    #[serde(flatten)]
    paging: Paging,
    app: Option<String>,
}

/// `listEvents`: the custom event types defined in the pool, in definition
/// order; with `app`, those of that app, whose type is `<app>.<event>`.
/// The service's own built-in events (`authing.user.login`, ...) are not
/// listed: the emulator keeps no catalogue of them.
pub(super) fn list_events(input: &Input, state: &mut State) -> Outcome {
    let EventsListing { paging, app } = typed(input)?;
    let page = paging.page()?;
    let prefix = app.filter(|a| !a.is_empty()).map(|a| format!("{a}."));
    let list: Vec<Value> = state
        .event_definitions
        .iter()
        .filter(|e| prefix.as_deref().is_none_or(|p| e.code.starts_with(p)))
        // Subscribers subscribe to the type itself, so it is also the
        // topic; the definer's description is the only name it was given.
        .map(|e| json!({ "id": e.id, "code": e.code, "topic": e.code, "name": e.description, "desc": e.description }))
        .collect();
    Ok(page.of(list))
}
