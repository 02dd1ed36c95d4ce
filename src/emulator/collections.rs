//! Synthetic listings: how the emulator answers a list operation that has no
//! stateful handler.
//!
//! Every such operation lists the same deterministic collection of `len`
//! items (the emulator builder's `synthetic_list_len`): item *n* (from 1) is
//! the synthesized item with its key field set to `item-n`. The key field is
//! the item's first string field named `id` or ending in `Id`, else its first
//! other string field that is not a date; an item that is itself a string is
//! `item-n`. Each request gets the slice its page asks for, so paging through
//! a listing sees every item once and in order:
//!
//! - numbered pages read `page` and `limit` from the query, the top of the
//!   body, the body's `pagination` or its `options.pagination` (page 1 and
//!   10 items when absent) and answer `totalCount` = `len` when the answer
//!   has that field;
//! - the scroll operation reads `scrollId` (absent or empty: the start) and
//!   `size` (500 when absent) and answers the next `scrollId`, or an empty
//!   one with the last rows.
//!
//! A page or size that is not a positive whole number counts as absent (the
//! contract test's minimal requests send `page` "x" and `size` 0, and must
//! be answered); a `limit` above 50, a `size` above 5000 or a `scrollId`
//! this emulator did not hand out is refused.

use crate::emulator::areas::{ApiFault, MAX_BATCH};
use crate::emulator::schema::{self, OperationSpec, Spec};
use serde_json::{Map, Value, json};

/// How many items each synthetic listing holds unless the emulator is told
/// otherwise: one, as in any other synthesized answer, so that a listing
/// costs no more than before a test asks for a longer one.
pub const DEFAULT_LEN: usize = 1;

/// The most rows one scroll step may ask for, and the step without a `size`.
const MAX_SCROLL_SIZE: usize = 5000;
const DEFAULT_SCROLL_SIZE: usize = 500;
/// Items per numbered page when the request does not say.
const DEFAULT_LIMIT: usize = 10;
/// What a `scrollId` handed out by the emulator starts with; the rest is the
/// position of the next row.
const SCROLL_PREFIX: &str = "after-";

/// Where an answer's `data` keeps the listed items.
enum Holder<'s> {
    /// `data` is the array.
    Bare,
    /// `data.<field>` is the array; `total` is the type of `data.totalCount`, if any.
    Field { field: &'static str, total: Option<&'s str>, scroll: bool },
}

/// The `data` of a list operation's answer, or `None` when the operation is
/// not a listing (its request names no page, or its answer holds no array).
pub(crate) fn answer(op: &OperationSpec, input: &Map<String, Value>, len: usize) -> Option<Result<Value, ApiFault>> {
    let spec = schema::spec();
    let data = spec.resolve(op.data_schema()?);
    let (holder, item_schema) = holder(spec, data)?;
    let scroll = matches!(holder, Holder::Field { scroll: true, .. });
    let paged = ["page", "limit"].iter().all(|name| {
        op.accepts(&[name]) || op.accepts(&["pagination", name]) || op.accepts(&["options", "pagination", name])
    });
    if !(paged || (scroll && op.accepts(&["scrollId"]))) {
        return None;
    }
    let slice = match if scroll { scroll_slice(input, len) } else { page_slice(input, len) } {
        Ok(slice) => slice,
        Err(fault) => return Some(Err(fault)),
    };
    let items = Items::new(spec, item_schema);
    let list: Vec<Value> = slice.range.map(|n| items.nth(n)).collect();
    Some(Ok(match holder {
        Holder::Bare => Value::Array(list),
        Holder::Field { field, total, scroll } => {
            let mut data = Map::new();
            data.insert(field.to_owned(), Value::Array(list));
            if scroll {
                data.insert("scrollId".to_owned(), json!(slice.next.unwrap_or_default()));
            }
            match total {
                Some("string") => data.insert("totalCount".to_owned(), json!(len.to_string())),
                Some(_) => data.insert("totalCount".to_owned(), json!(len)),
                None => None,
            };
            Value::Object(data)
        }
    }))
}

/// Where the items of `data` are and their schema; `None` when `data` holds no array.
fn holder<'s>(spec: &'s Spec, data: &'s Value) -> Option<(Holder<'s>, &'s Value)> {
    if data.get("type").and_then(Value::as_str) == Some("array") {
        return Some((Holder::Bare, data.get("items")?));
    }
    let properties = data.get("properties")?;
    let (field, list) = ["list", "data"].into_iter().find_map(|name| {
        let list = spec.resolve(properties.get(name)?);
        (list.get("type").and_then(Value::as_str) == Some("array")).then_some((name, list))
    })?;
    let total =
        properties.get("totalCount").map(|t| spec.resolve(t).get("type").and_then(Value::as_str).unwrap_or("integer"));
    let scroll = properties.get("scrollId").is_some();
    Some((Holder::Field { field, total, scroll }, list.get("items")?))
}

/// The positions (from 0) of the items one request gets, and the `scrollId`
/// that continues after them.
struct Slice {
    range: std::ops::Range<usize>,
    next: Option<String>,
}

fn page_slice(input: &Map<String, Value>, len: usize) -> Result<Slice, ApiFault> {
    let paging = [Some(input), input.get("pagination").and_then(Value::as_object), options_pagination(input)];
    // Both count from 1: anything else present is malformed, not a default.
    let read = |name: &str| match paging.iter().flatten().find_map(|holder| holder.get(name)) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => whole(value).map(Some).ok_or_else(|| ApiFault::invalid(name, format!("not from 1: {value}"))),
    };
    let page = read("page")?.unwrap_or(1);
    let limit = read("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_BATCH {
        return Err(ApiFault::invalid("limit", format!("between 1 and {MAX_BATCH}, got {limit}")));
    }
    let start = (page - 1).saturating_mul(limit).min(len);
    Ok(Slice { range: start..start.saturating_add(limit).min(len), next: None })
}

fn options_pagination(input: &Map<String, Value>) -> Option<&Map<String, Value>> {
    input.get("options")?.get("pagination")?.as_object()
}

fn scroll_slice(input: &Map<String, Value>, len: usize) -> Result<Slice, ApiFault> {
    let size = input.get("size").and_then(whole).unwrap_or(DEFAULT_SCROLL_SIZE);
    if size > MAX_SCROLL_SIZE {
        return Err(ApiFault::invalid("size", format!("between 1 and {MAX_SCROLL_SIZE}, got {size}")));
    }
    let start = match input.get("scrollId").and_then(Value::as_str).filter(|id| !id.is_empty()) {
        None => 0,
        Some(id) => id
            .strip_prefix(SCROLL_PREFIX)
            .and_then(|position| position.parse::<usize>().ok())
            .filter(|position| *position <= len)
            .ok_or_else(|| ApiFault::invalid("scrollId", format!("unknown scroll {id:?}")))?,
    };
    let end = start.saturating_add(size).min(len);
    Ok(Slice { range: start..end, next: (end < len).then(|| format!("{SCROLL_PREFIX}{end}")) })
}

/// A positive whole number, from a JSON number or a numeric string.
fn whole(value: &Value) -> Option<usize> {
    let n = match value {
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        other => other.as_u64()?,
    };
    usize::try_from(n).ok().filter(|n| *n > 0)
}

/// The items of a listing: one synthesized item, told apart by its key field.
struct Items {
    template: Value,
    key: Option<String>,
}

impl Items {
    fn new(spec: &Spec, schema: &Value) -> Self {
        let schema = spec.resolve(schema);
        let strings: Vec<&String> = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, property)| {
                let property = spec.resolve(property);
                property.get("type").and_then(Value::as_str) == Some("string") && property.get("enum").is_none()
            })
            .map(|(name, _)| name)
            .collect();
        let key = strings
            .iter()
            .find(|name| name.as_str() == "id" || name.ends_with("Id"))
            .or_else(|| strings.iter().find(|name| !name.ends_with("At")))
            .map(|name| (*name).clone());
        Items { template: spec.synthesize(schema), key }
    }

    /// The item at `position` (from 0).
    fn nth(&self, position: usize) -> Value {
        let marker = Value::String(format!("item-{}", position + 1));
        match (&self.template, &self.key) {
            (Value::String(_), _) => marker,
            (Value::Object(fields), Some(key)) => {
                let mut fields = fields.clone();
                fields.insert(key.clone(), marker);
                Value::Object(fields)
            }
            (other, _) => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiCode;

    fn call(id: &str, input: Value, len: usize) -> Option<Result<Value, ApiFault>> {
        let op = schema::spec().operation(id).expect("operation");
        let Value::Object(input) = input else { panic!("input is an object") };
        answer(op, &input, len)
    }

    fn keys(list: &Value, key: &str) -> Vec<String> {
        list.as_array().unwrap().iter().map(|item| item[key].as_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn numbered_pages_slice_one_collection_wherever_the_page_travels() {
        // Query parameters, top of the body, `pagination`, `options.pagination`.
        for (id, input, key) in [
            ("listGroups", json!({"page": 2, "limit": 3}), "id"),
            ("postListBatch", json!({"page": 2, "limit": 3}), "id"),
            ("getUserActionLogs", json!({"pagination": {"page": "2", "limit": 3}}), "userId"),
            ("listTenantUsers", json!({"options": {"pagination": {"page": 2, "limit": 3}}}), "userPoolId"),
        ] {
            let data = call(id, input, 7).expect("a listing").expect("accepted");
            assert_eq!(keys(&data["list"], key), ["item-4", "item-5", "item-6"], "{id}");
            assert_eq!(data["totalCount"], 7, "{id}");
        }
    }

    #[test]
    fn pages_past_the_end_are_empty_and_defaults_apply() {
        let data = call("listGroups", json!({"page": 4, "limit": 3}), 7).unwrap().unwrap();
        assert_eq!(data["list"], json!([]));
        let data = call("listGroups", json!({}), 30).unwrap().unwrap();
        assert_eq!(data["list"].as_array().unwrap().len(), DEFAULT_LIMIT);
        for (name, bad) in [("page", json!(0)), ("limit", json!(0)), ("page", json!("x"))] {
            let e = call("listGroups", json!({ name: bad }), 7).unwrap().unwrap_err();
            assert_eq!(e.message(crate::emulator::errors::Lang::ZhCn), format!("参数 {name} 格式错误"));
        }
        let e = call("listGroups", json!({"limit": 51}), 7).unwrap().unwrap_err();
        assert_eq!((e.status_code(), e.api_code()), (400, Some(ApiCode::InvalidParameter)));
    }

    #[test]
    fn totals_and_holders_follow_the_answer_schema() {
        let data = call("getOrders", json!({}), 3).unwrap().unwrap();
        assert_eq!(data["totalCount"], "3", "a string total stays a string");
        let data = call("listRoleAssignments", json!({}), 3).unwrap().unwrap();
        assert_eq!(keys(&data["data"], "roleId"), ["item-1", "item-2", "item-3"]);
        let data = call("searchDepartmentsList", json!({"page": 1, "limit": 2}), 3).unwrap().unwrap();
        assert_eq!(keys(&data, "departmentId"), ["item-1", "item-2"], "a bare array");
    }

    #[test]
    fn a_scroll_hands_out_ids_until_the_rows_run_out() {
        let first = call("getAllMetadataRow", json!({"modelId": "m", "size": 2}), 5).unwrap().unwrap();
        assert_eq!((&first["list"], &first["scrollId"]), (&json!(["item-1", "item-2"]), &json!("after-2")));
        let last = call("getAllMetadataRow", json!({"modelId": "m", "size": 4, "scrollId": "after-2"}), 5);
        let last = last.unwrap().unwrap();
        assert_eq!((&last["list"], &last["scrollId"]), (&json!(["item-3", "item-4", "item-5"]), &json!("")));
        let e = call("getAllMetadataRow", json!({"modelId": "m", "size": 2, "scrollId": "nope"}), 5).unwrap();
        assert!(e.unwrap_err().to_string().contains("unknown scroll"));
        let all = call("getAllMetadataRow", json!({"modelId": "m", "size": 0}), 600).unwrap().unwrap();
        assert_eq!(all["list"].as_array().unwrap().len(), DEFAULT_SCROLL_SIZE, "size 0 counts as absent");
    }

    #[test]
    fn operations_that_are_not_listings_are_left_to_synthesis() {
        assert!(call("getUser", json!({}), 5).is_none(), "no array in the answer");
        assert!(call("listOperate", json!({}), 5).is_none(), "pages, but answers one record");
        assert!(call("getUserGroups", json!({}), 5).is_none(), "a list, but no page in the request");
    }
}
