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

mod groups_roles;
mod organizations;
mod render;
mod resolve;
mod users;

use crate::emulator::state::State;
use serde_json::{Map, Value, json};

/// The request's query parameters, path parameters and top-level body fields.
type Input = Map<String, Value>;

/// What every operation returns: the envelope's `data`, or a refusal.
type Outcome = Result<Value, ApiFault>;

pub use crate::emulator::errors::ApiFault;

/// The most items one page, or one batch of user ids, may hold.
pub const MAX_BATCH: usize = 50;

/// Runs `operation_id` (the spec's operationId, e.g. "deleteUsersBatch") statefully.
///
/// `input` holds the request's query params, path params and top-level body
/// fields, already validated and type-coerced. Returns `None` when the
/// operation has no stateful implementation (the core then synthesizes a
/// schema-valid answer), or `Some(Ok(data))` — the envelope's `data` value,
/// shaped per the spec's response schema — or `Some(Err(fault))`.
pub fn handle(operation_id: &str, input: &Map<String, Value>, state: &mut State) -> Option<Result<Value, ApiFault>> {
    let run: fn(&Input, &mut State) -> Outcome = match operation_id {
        "createUser" => users::create_user,
        "createUsersBatch" => users::create_users_batch,
        "getUser" => users::get_user,
        "getUserBatch" => users::get_user_batch,
        "listUsers" => users::list_users,
        "updateUser" => users::update_user,
        "deleteUsersBatch" => users::delete_users_batch,
        "isUserExists" => users::is_user_exists,
        "getUserDepartments" => users::get_user_departments,
        "getUserRoles" => users::get_user_roles,
        "getUserGroups" => users::get_user_groups,
        "setUserDepartments" => users::set_user_departments,
        "getUserIdentities" => users::get_user_identities,
        "resignUser" => users::resign_user,
        "createOrganization" => organizations::create_organization,
        "updateOrganization" => organizations::update_organization,
        "deleteOrganization" => organizations::delete_organization,
        "listOrganizations" => organizations::list_organizations,
        "searchOrganizations" => organizations::search_organizations,
        "createDepartment" => organizations::create_department,
        "updateDepartment" => organizations::update_department,
        "deleteDepartment" => organizations::delete_department,
        "getDepartment" => organizations::get_department,
        "searchDepartments" => organizations::search_departments,
        "listChildrenDepartments" => organizations::list_children_departments,
        "getParentDepartment" => organizations::get_parent_department,
        "listDepartmentMembers" => organizations::list_department_members,
        "listDepartmentMemberIds" => organizations::list_department_member_ids,
        "searchDepartmentMembers" => organizations::search_department_members,
        "addDepartmentMembers" => organizations::add_department_members,
        "removeDepartmentMembers" => organizations::remove_department_members,
        "isUserInDepartment" => organizations::is_user_in_department,
        "createGroup" => groups_roles::create_group,
        "addGroupMembers" => groups_roles::add_group_members,
        "listGroupMembers" => groups_roles::list_group_members,
        "createRole" => groups_roles::create_role,
        "assignRole" => groups_roles::assign_role,
        _ => return None,
    };
    Some(run(input, state))
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
        let pagination = input.get("options").and_then(|o| o.get("pagination"));
        let number = |key: &str, default: i64| -> Result<i64, ApiFault> {
            match input.get(key).or_else(|| pagination.and_then(|p| p.get(key))) {
                None | Some(Value::Null) => Ok(default),
                Some(v) => v.as_i64().ok_or_else(|| ApiFault::invalid(key, "not an integer")),
            }
        };
        let page = number("page", 1)?;
        let limit = number("limit", 10)?;
        if page < 1 {
            return Err(ApiFault::invalid("page", format!("starts at 1, got {page}")));
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
        let skip = (self.page - 1).saturating_mul(self.limit);
        let list: Vec<Value> = items.into_iter().skip(skip).take(self.limit).collect();
        json!({ "totalCount": total, "list": list })
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

/// Case-insensitive substring test used by every keyword search.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests;
