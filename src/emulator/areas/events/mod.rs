//! The Events area: publishing events to the emulator's subscribers.
//! Defining event types and event apps keeps records the emulator does
//! not hold yet, so those operations are not emulated.

mod handlers;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area =
    Area { tag: "Events", own_field_rules: false, operations: &[("verifyEvent", handlers::publish_event)] };
