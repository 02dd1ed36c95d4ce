//! The typed inputs several areas read (paging, sorting, settings given at
//! either level, user id lists) and the checks of fields a handler needs.

use crate::emulator::errors::{self, ApiFault};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Input;
use super::rules::typed;

/// The most items one page, or one batch of user ids, may hold.
pub const MAX_BATCH: usize = 50;

/// A field the handler needs but the spec leaves optional: absent, it is
/// refused as a missing parameter named `key`.
pub(super) fn required<T>(value: Option<T>, key: &str) -> Result<T, ApiFault> {
    value.ok_or_else(|| ApiFault::invalid(key, "missing"))
}

/// A required list of user references of at most [`MAX_BATCH`] items.
pub(super) fn batch_list(list: Option<Vec<String>>, key: &str) -> Result<Vec<String>, ApiFault> {
    let list = required(list, key)?;
    if list.len() > MAX_BATCH {
        return Err(ApiFault::invalid(key, format!("{} items; at most {MAX_BATCH}", list.len())));
    }
    Ok(list)
}

/// Settings the API takes at the top level of a request or inside its
/// `options` object, depending on the operation (`userIdType`,
/// `withCustomData`, `fetchAll`, ...).
#[derive(Deserialize)]
pub(super) struct Either<T> {
    #[serde(flatten)]
    top: T,
    #[serde(default)]
    options: T,
}

impl<T> Either<T> {
    /// A setting where the request gives it, the top level first.
    pub(super) fn setting<'a, V>(&'a self, field: impl Fn(&'a T) -> Option<V>) -> Option<V> {
        field(&self.top).or_else(|| field(&self.options))
    }
}

/// How a listing is sorted, as `sortBy` and `orderBy` name it; what each
/// value means is the listing's own.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Sorting {
    pub(super) sort_by: Option<String>,
    pub(super) order_by: Option<String>,
}

/// A request's `userIds`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UserIds {
    pub(super) user_ids: Option<Vec<String>>,
}

/// The directory a request about synchronised ids names.
#[derive(Deserialize)]
pub(super) struct Provider {
    pub(super) provider: Option<String>,
}

/// A listing's `page` and `limit` at one level, each read as a number by
/// [`Page::read`], which names the one that is not.
#[derive(Deserialize, Default)]
struct PageFields {
    page: Option<Value>,
    limit: Option<Value>,
}

/// Where a request gives its page: at the top level (query operations) or
/// in `options.pagination` (body operations).
#[derive(Deserialize)]
struct PageRequest {
    #[serde(flatten)]
    top: PageFields,
    #[serde(default)]
    options: PageOptions,
}

#[derive(Deserialize, Default)]
struct PageOptions {
    #[serde(default)]
    pagination: PageFields,
}

/// What a listing does with a `limit` over [`MAX_BATCH`].
#[derive(Clone, Copy)]
enum OverLimit {
    /// Refuses it as an invalid `limit`, as most listings do.
    Invalid,
    /// Refuses it in a message of the listing's own.
    Refused(&'static errors::Refusal),
    /// Answers that many items.
    Answered,
}

/// Which page of a listing to return.
#[derive(Clone, Copy, Debug)]
pub(super) struct Page {
    /// 1-based.
    page: usize,
    /// Items per page: at least 1, and at most [`MAX_BATCH`] but in the
    /// listings [`Page::unbounded`] reads.
    limit: usize,
}

impl Page {
    /// Reads `page` and `limit` from the top level (query operations) or from
    /// `options.pagination` (body operations); defaults are page 1 of 10.
    pub(super) fn from_input(input: &Input) -> Result<Page, ApiFault> {
        Self::read(input, OverLimit::Invalid)
    }

    /// The same for the user listings, which word a page over the maximum
    /// in a message of their own.
    pub(super) fn for_users(input: &Input) -> Result<Page, ApiFault> {
        Self::read(input, OverLimit::Refused(&errors::LIMIT_OVER_50))
    }

    fn read(input: &Input, over_limit: OverLimit) -> Result<Page, ApiFault> {
        let PageRequest { top, options } = typed(input)?;
        let number = |key: &str, top: Option<Value>, nested: Option<Value>, default: i64| match top.or(nested) {
            None => Ok(default),
            Some(v) => v.as_i64().ok_or_else(|| ApiFault::invalid(key, "not an integer")),
        };
        let pagination = options.pagination;
        let page = number("page", top.page, pagination.page, 1)?;
        Self::checked(page, number("limit", top.limit, pagination.limit, 10)?, over_limit)
    }

    /// The page of a typed input's `page` and `limit`, with the same defaults and bounds.
    pub(super) fn new(page: Option<i64>, limit: Option<i64>) -> Result<Page, ApiFault> {
        Self::checked(page.unwrap_or(1), limit.unwrap_or(10), OverLimit::Invalid)
    }

    /// The same defaults, and no upper bound on `limit`, for the listings
    /// the service answers a limit over [`MAX_BATCH`] where most refuse it
    /// (`listWebhooks` refused `limit=100` in the same public record of live
    /// runs that shows these answering it); each caller cites its record.
    pub(super) fn unbounded(page: Option<i64>, limit: Option<i64>) -> Result<Page, ApiFault> {
        Self::checked(page.unwrap_or(1), limit.unwrap_or(10), OverLimit::Answered)
    }

    /// `page` and `limit` from 1, and a `limit` over [`MAX_BATCH`] as
    /// `over_limit` says.
    fn checked(page: i64, limit: i64, over_limit: OverLimit) -> Result<Page, ApiFault> {
        if page < 1 {
            return Err(ApiFault::invalid("page", format!("starts at 1, got {page}")));
        }
        match over_limit {
            OverLimit::Refused(refusal) if limit > MAX_BATCH as i64 => return Err(ApiFault::of(refusal)),
            OverLimit::Invalid if limit > MAX_BATCH as i64 => {
                return Err(ApiFault::invalid("limit", format!("between 1 and {MAX_BATCH}, got {limit}")));
            }
            _ if limit < 1 => return Err(ApiFault::invalid("limit", format!("at least 1, got {limit}"))),
            _ => {}
        }
        // Both are positive, so the conversions are exact for every page
        // that could hold anything.
        let size = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
        Ok(Page { page: size(page), limit: size(limit) })
    }

    /// `{totalCount, list}` for this page of `items`.
    pub(super) fn of(self, items: Vec<Value>) -> Value {
        let total = items.len();
        json!({ "totalCount": total, "list": self.slice(items) })
    }

    /// This page of `items`, for listings that answer a bare array.
    pub(super) fn slice<T>(self, items: Vec<T>) -> Vec<T> {
        let skip = (self.page - 1).saturating_mul(self.limit);
        items.into_iter().skip(skip).take(self.limit).collect()
    }
}

/// A listing's `page` and `limit` as a typed input gives them: a request
/// of its own, or flattened into a listing's struct beside its filters.
#[derive(Deserialize)]
pub(super) struct Paging {
    pub(super) page: Option<i64>,
    pub(super) limit: Option<i64>,
}

impl Paging {
    /// The page asked for, with [`Page`]'s defaults and bounds.
    pub(super) fn page(&self) -> Result<Page, ApiFault> {
        Page::new(self.page, self.limit)
    }

    /// The page asked for, with no upper bound on `limit` ([`Page::unbounded`]).
    pub(super) fn unbounded(&self) -> Result<Page, ApiFault> {
        Page::unbounded(self.page, self.limit)
    }
}

/// Sorts by a key, descending when asked; the sort is stable, so equal keys
/// keep their creation order either way.
pub(super) fn sort_by_key<T, K: Ord>(items: &mut [T], descending: bool, key: impl Fn(&T) -> K) {
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

/// Puts `id` in the list (at its end, once) when `on`, takes it out
/// otherwise: how a switch of membership (a connection on for an
/// application, a resource tied to a tenant) is kept.
pub(super) fn switch(list: &mut Vec<String>, id: String, on: bool) {
    if !on {
        list.retain(|held| held != &id);
    } else if !list.contains(&id) {
        list.push(id);
    }
}

/// Case-insensitive substring test used by every keyword search.
pub(super) fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::errors::Lang;

    fn input(value: Value) -> Input {
        let Value::Object(map) = value else { panic!("test inputs are objects") };
        map
    }

    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct FetchAll {
        fetch_all: Option<bool>,
    }

    fn fetch_all(value: Value) -> Option<bool> {
        typed::<Either<FetchAll>>(&input(value)).expect("the settings read").setting(|s| s.fetch_all)
    }

    #[test]
    fn a_setting_is_read_at_the_top_level_first_then_in_options() {
        assert_eq!(fetch_all(json!({ "fetchAll": true })), Some(true));
        assert_eq!(fetch_all(json!({ "options": { "fetchAll": true } })), Some(true));
        assert_eq!(fetch_all(json!({ "fetchAll": false, "options": { "fetchAll": true } })), Some(false));
        assert_eq!(fetch_all(json!({ "options": { "other": 1 } })), None);
    }

    #[test]
    fn a_page_is_read_at_the_top_level_or_in_options_pagination() {
        let page = |value: Value| Page::from_input(&input(value)).map(|p| (p.page, p.limit));
        assert_eq!(page(json!({})).unwrap(), (1, 10));
        assert_eq!(page(json!({ "page": 2, "limit": 5 })).unwrap(), (2, 5));
        assert_eq!(page(json!({ "options": { "pagination": { "page": 3, "limit": 7 } } })).unwrap(), (3, 7));
        let fault = page(json!({ "options": { "pagination": { "limit": "many" } } })).unwrap_err();
        assert_eq!(fault.message(Lang::ZhCn), ApiFault::invalid("limit", "").message(Lang::ZhCn));
        let over = Page::for_users(&input(json!({ "limit": 51 }))).unwrap_err();
        assert_eq!(over.refusal(), &errors::LIMIT_OVER_50, "the user listings word it their own way");
    }

    #[test]
    fn a_needed_field_that_is_absent_is_named() {
        let fault = required::<String>(None, "keywords").unwrap_err();
        assert_eq!(fault.message(Lang::ZhCn), ApiFault::invalid("keywords", "").message(Lang::ZhCn));
        assert_eq!(required(Some(3), "keywords").unwrap(), 3);
        let too_many = batch_list(Some(vec![String::new(); MAX_BATCH + 1]), "userIds").unwrap_err();
        assert_eq!(too_many.message(Lang::ZhCn), ApiFault::invalid("userIds", "").message(Lang::ZhCn));
    }
}
