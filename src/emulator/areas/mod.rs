//! The emulator's stateful business logic, area by area.
//!
//! An area is a tag of the spec ("Users", "Roles", ...) the emulator keeps
//! state for. Each area is a module of its own, in the manner of moto or
//! LocalStack: `<area>/mod.rs` holds its operations table (the spec tag,
//! whether its service checks fields by rules of its own, and the handler
//! of each operationId), `store.rs` the records it keeps in the [`State`]
//! and how it drops what points at a removed record, its handlers (one
//! function per operation, reading its input into a serde struct), and
//! `tests.rs` its unit tests. [`registry`] is the one table of the areas'
//! tables. What several areas share lives beside them, in modules named
//! for what they do: [`input`] (reading input fields and paging),
//! [`resolve`] (user and department references), [`rules`] (typed inputs
//! and the generic field-rule engine), [`render`] (the JSON views of
//! records several areas answer with) and [`codes`] (group, role and
//! namespace codes). The [`State`] aggregate and the `Removed` dispatch are
//! [`crate::emulator::state`]'s.
//!
//! The core has already checked each request against the spec (required
//! fields, types, enums, `maxItems`) and coerced query strings to their
//! schema types; [`handle`] then runs the operation against the [`State`]
//! and returns the `data` of the response envelope, shaped like the spec's
//! response schema. Handlers still read their input defensively: a missing or
//! mistyped field is a 400, never a panic.
//!
//! Every handler checks everything it can refuse before it changes anything,
//! so a refused request leaves the state as it was.
//!
//! Refusals come from the emulator's one catalogue,
//! [`crate::emulator::errors`], so that each reads as the service's own.
//! A reference that is ambiguous (a custom-field value or department code
//! shared by several records) is refused as an invalid parameter rather
//! than resolved by guessing.

pub(super) mod applications;
mod codes;
pub(super) mod custom_fields;
pub(super) mod data_permissions;
pub(super) mod events;
pub(super) mod ext_idps;
pub(super) mod groups;
mod input;
pub(super) mod organizations;
pub(crate) mod registry;
mod render;
mod resolve;
pub(super) mod resources;
pub(super) mod roles;
mod rules;
pub(super) mod synchronization;
pub(super) mod tenants;
pub(super) mod users;

use crate::emulator::state::State;
use serde_json::{Map, Value, json};

/// The request's query parameters, path parameters and top-level body fields.
type Input = Map<String, Value>;

/// What every operation returns: the envelope's `data`, or a refusal.
type Outcome = Result<Value, ApiFault>;

use crate::emulator::errors;
pub use crate::emulator::errors::ApiFault;
pub use input::MAX_BATCH;

/// Runs `operation_id` (the spec's operationId, e.g. "deleteUsersBatch") statefully.
///
/// `input` holds the request's query params, path params and top-level body
/// fields, already validated and type-coerced. Returns `Some(Ok(data))`,
/// the envelope's `data` shaped per the spec's response schema, or
/// `Some(Err(fault))`; an operation of a stateful area without a handler
/// is refused as not emulated. `None` means the operation's area keeps no
/// state, and the core synthesizes a schema-valid answer.
pub fn handle(operation_id: &str, input: &Map<String, Value>, state: &mut State) -> Option<Result<Value, ApiFault>> {
    if let Some(run) = registry::handler(operation_id) {
        return Some(run(input, state));
    }
    let area = &crate::emulator::schema::spec().operation(operation_id)?.area;
    registry::is_stateful_area(area).then(|| Err(ApiFault::new(&errors::NOT_EMULATED, [operation_id])))
}

/// `{"success": true}`, the `data` of every `IsSuccessRespDto`.
fn success() -> Outcome {
    Ok(json!({ "success": true }))
}

#[cfg(test)]
mod testing;
