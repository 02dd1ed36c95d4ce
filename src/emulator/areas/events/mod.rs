//! The Events area: the pool's custom event apps and event types, and
//! publishing events (from either end) to the emulator's subscribers.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Events",
    own_field_rules: false,
    operations: &[
        ("verifyEvent", handlers::publish_event),
        ("pubUserEvent", handlers::publish_event),
        ("createEventApp", handlers::create_event_app),
        ("listEventApps", handlers::list_event_apps),
        ("defineEvent", handlers::define_event),
        ("listEvents", handlers::list_events),
    ],
};
