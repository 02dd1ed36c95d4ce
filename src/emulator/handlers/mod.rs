//! The emulator's stateful business logic, one function per operation.
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

mod admin_roles;
mod credentials;
mod custom_fields;
mod data_checks;
mod data_policies;
mod data_resources;
mod events;
mod groups_roles;
mod namespaces;
mod organizations;
mod permission_namespaces;
mod posts;
pub(crate) mod registry;
mod render;
mod resolve;
mod resources;
mod rules;
mod sign_ins;
mod tenants;
mod users;

use crate::emulator::state::State;
use serde_json::{Map, Value, json};

/// The request's query parameters, path parameters and top-level body fields.
type Input = Map<String, Value>;

/// What every operation returns: the envelope's `data`, or a refusal.
type Outcome = Result<Value, ApiFault>;

use crate::emulator::errors;
pub use crate::emulator::errors::ApiFault;

/// The most items one page, or one batch of user ids, may hold.
pub const MAX_BATCH: usize = 50;

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

/// A field from the top level of the input, or else from its `options`
/// object: the API puts settings such as `userIdType` or `withCustomData` in
/// either place depending on the operation.
fn setting<'a>(input: &'a Input, key: &str) -> Option<&'a Value> {
    input.get(key).or_else(|| input.get("options").and_then(|o| o.get(key))).filter(|v| !v.is_null())
}

/// A boolean setting; absent means `false`, as every such flag defaults to.
fn flag(input: &Input, key: &str) -> bool {
    setting(input, key).and_then(Value::as_bool).unwrap_or(false)
}

/// An optional string field; present but not a string is a 400.
fn opt_str<'a>(input: &'a Input, key: &str) -> Result<Option<&'a str>, ApiFault> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiFault::invalid(key, "not a string")),
    }
}

/// A required string field.
fn req_str<'a>(input: &'a Input, key: &str) -> Result<&'a str, ApiFault> {
    opt_str(input, key)?.ok_or_else(|| ApiFault::invalid(key, "missing"))
}

/// An optional list of strings; a lone string counts as a list of one,
/// which is how a single repeated query parameter may arrive.
fn opt_str_list(input: &Input, key: &str) -> Result<Option<Vec<String>>, ApiFault> {
    let malformed = || ApiFault::invalid(key, "not a list of strings");
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(malformed))
            .collect::<Result<_, _>>()
            .map(Some),
        Some(_) => Err(malformed()),
    }
}

/// A required list of strings.
fn req_str_list(input: &Input, key: &str) -> Result<Vec<String>, ApiFault> {
    opt_str_list(input, key)?.ok_or_else(|| ApiFault::invalid(key, "missing"))
}

/// A required list of user references of at most [`MAX_BATCH`] items.
fn batch_list(input: &Input, key: &str) -> Result<Vec<String>, ApiFault> {
    let list = req_str_list(input, key)?;
    if list.len() > MAX_BATCH {
        return Err(ApiFault::invalid(key, format!("{} items; at most {MAX_BATCH}", list.len())));
    }
    Ok(list)
}

/// An optional object field.
fn opt_object<'a>(input: &'a Input, key: &str) -> Result<Option<&'a Map<String, Value>>, ApiFault> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(ApiFault::invalid(key, "not an object")),
    }
}

/// An optional integer field.
fn opt_i64(input: &Input, key: &str) -> Result<Option<i64>, ApiFault> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| ApiFault::invalid(key, "not an integer")),
    }
}

/// Which page of a listing to return.
#[derive(Clone, Copy, Debug)]
struct Page {
    /// 1-based.
    page: usize,
    /// Items per page, 1 to [`MAX_BATCH`].
    limit: usize,
}

impl Page {
    /// Reads `page` and `limit` from the top level (query operations) or from
    /// `options.pagination` (body operations); defaults are page 1 of 10.
    fn from_input(input: &Input) -> Result<Page, ApiFault> {
        Self::read(input, None)
    }

    /// The same for the user listings, which word a page over the maximum
    /// in a message of their own.
    fn for_users(input: &Input) -> Result<Page, ApiFault> {
        Self::read(input, Some(&errors::LIMIT_OVER_50))
    }

    fn read(input: &Input, over_limit: Option<&'static errors::Refusal>) -> Result<Page, ApiFault> {
        let pagination = input.get("options").and_then(|o| o.get("pagination"));
        let number = |key: &str, default: i64| -> Result<i64, ApiFault> {
            match input.get(key).or_else(|| pagination.and_then(|p| p.get(key))) {
                None | Some(Value::Null) => Ok(default),
                Some(v) => v.as_i64().ok_or_else(|| ApiFault::invalid(key, "not an integer")),
            }
        };
        Self::checked(number("page", 1)?, number("limit", 10)?, over_limit)
    }

    /// The page of a typed input's `page` and `limit`, with the same defaults and bounds.
    fn new(page: Option<i64>, limit: Option<i64>) -> Result<Page, ApiFault> {
        Self::checked(page.unwrap_or(1), limit.unwrap_or(10), None)
    }

    fn checked(page: i64, limit: i64, over_limit: Option<&'static errors::Refusal>) -> Result<Page, ApiFault> {
        if page < 1 {
            return Err(ApiFault::invalid("page", format!("starts at 1, got {page}")));
        }
        if let Some(refusal) = over_limit
            && limit > MAX_BATCH as i64
        {
            return Err(ApiFault::of(refusal));
        }
        if !(1..=MAX_BATCH as i64).contains(&limit) {
            return Err(ApiFault::invalid("limit", format!("between 1 and {MAX_BATCH}, got {limit}")));
        }
        // Both are positive and `limit` is small, so the conversions are exact
        // for every page that could hold anything.
        Ok(Page { page: usize::try_from(page).unwrap_or(usize::MAX), limit: limit as usize })
    }

    /// `{totalCount, list}` for this page of `items`.
    fn of(self, items: Vec<Value>) -> Value {
        let total = items.len();
        json!({ "totalCount": total, "list": self.slice(items) })
    }

    /// This page of `items`, for listings that answer a bare array.
    fn slice<T>(self, items: Vec<T>) -> Vec<T> {
        let skip = (self.page - 1).saturating_mul(self.limit);
        items.into_iter().skip(skip).take(self.limit).collect()
    }
}

/// Sorts by a key, descending when asked; the sort is stable, so equal keys
/// keep their creation order either way.
fn sort_by_key<T, K: Ord>(items: &mut [T], descending: bool, key: impl Fn(&T) -> K) {
    items.sort_by(|a, b| {
        let order = key(a).cmp(&key(b));
        if descending { order.reverse() } else { order }
    });
}

/// Drops repeats, keeping each item's first place.
pub(super) fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// Case-insensitive substring test used by every keyword search.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests;
