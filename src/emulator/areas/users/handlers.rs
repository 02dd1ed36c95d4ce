//! User operations: the pool's accounts and their relations.
//!
//! Uniqueness follows the API: username, email (without regard to case),
//! phone, externalId and each external identity belong to one user at most,
//! and a new user needs at least one of username, email or phone.
//! Resignation strips every relation and disables the account for good;
//! deletion removes the account and its relations. Passwords, salts and OTP
//! secrets are accepted and not kept: the emulator signs nobody in.

use super::render::user_department;
use crate::emulator::areas::input::{
    Either, Page, Provider, Sorting, UserIds, batch_list, contains_ci, dedup_in_order, required, sort_by_key,
};
use crate::emulator::areas::render::{self, View};
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::areas::{custom_fields, resolve};
use crate::emulator::state::{DEFAULT_NAMESPACE, Identity, Removed, Role, State, User, UserStatus, now_ms};
use crate::emulator::{errors, schema};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

/// Profile fields stored as given and echoed back under the same name; the
/// identifying fields (username, email, ...) are kept apart because lookups
/// and uniqueness checks use them.
const PROFILE_FIELDS: &[&str] = &[
    "phoneCountryCode",
    "photo",
    "gender",
    "emailVerified",
    "phoneVerified",
    "birthdate",
    "country",
    "province",
    "city",
    "address",
    "streetAddress",
    "postalCode",
    "company",
    "browser",
    "device",
    "givenName",
    "familyName",
    "middleName",
    "profile",
    "preferredUsername",
    "website",
    "zoneinfo",
    "locale",
    "formatted",
    "region",
    "identityNumber",
];

/// The avatar the service gives every user created without one.
pub(super) const DEFAULT_PHOTO: &str = "https://files.authing.co/authing-console/default-user-avatar.png";

/// The fields a keyword search looks at unless `options.fuzzySearchOn` says otherwise.
pub(in crate::emulator::areas) const DEFAULT_SEARCH_FIELDS: &[&str] =
    &["phone", "email", "name", "username", "nickname"];

/// The identifying fields and custom data a user request may set.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserFields {
    username: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    external_id: Option<String>,
    name: Option<String>,
    nickname: Option<String>,
    custom_data: Option<Map<String, Value>>,
    /// Checked against [`UserStatus`] by [`requested_status`], which names
    /// the field when it holds no status.
    status: Option<Value>,
}

/// Sets every identifying and profile field present in `input` on `user`;
/// absent fields are left alone, so this serves creation and update alike.
fn apply_fields(user: &mut User, input: &Input) -> Result<(), ApiFault> {
    let fields: UserFields = typed(input)?;
    let identifiers = [
        (&mut user.username, fields.username),
        (&mut user.email, fields.email),
        (&mut user.phone, fields.phone),
        (&mut user.external_id, fields.external_id),
        (&mut user.name, fields.name),
        (&mut user.nickname, fields.nickname),
    ];
    for (slot, value) in identifiers {
        if value.is_some() {
            *slot = value;
        }
    }
    check_email(user.email.as_deref())?;
    // The profile fields are kept as given, so they are copied by name
    // rather than read into a struct field by field.
    for key in PROFILE_FIELDS {
        if let Some(value) = input.get(*key).filter(|v| !v.is_null()) {
            user.profile.insert((*key).to_owned(), value.clone());
        }
    }
    if let Some(custom) = &fields.custom_data {
        // The service bounds each custom value, not the whole object.
        for value in custom.values().filter_map(Value::as_str) {
            custom_fields::check_value_length(value)?;
        }
        // Custom data merges: fields not mentioned keep their values.
        user.custom_data.extend(custom.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(())
}

/// The status a request asks for, if any.
fn requested_status(input: &Input) -> Result<Option<UserStatus>, ApiFault> {
    match typed::<UserFields>(input)?.status {
        None => Ok(None),
        Some(v) => serde_json::from_value(v.clone())
            .map(Some)
            .map_err(|_| ApiFault::invalid("status", format!("unknown: {v}"))),
    }
}

/// The attributes that identify one user at most: what a clash is judged
/// on, whether a stored user holds them or a request asks about them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identifiers<'a> {
    username: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    external_id: Option<&'a str>,
}

impl<'a> Identifiers<'a> {
    fn of(user: &'a User) -> Self {
        Identifiers {
            username: user.username.as_deref(),
            email: user.email.as_deref(),
            phone: user.phone.as_deref(),
            external_id: user.external_id.as_deref(),
        }
    }

    /// The first attribute both hold the same value of, and its value.
    fn shared_with(&self, other: &Identifiers<'_>) -> Option<(&'static str, &'a str)> {
        // (attribute, ours, theirs, compared without regard to case)
        let attributes = [
            ("username", self.username, other.username, false),
            ("email", self.email, other.email, true),
            ("phone", self.phone, other.phone, false),
            ("externalId", self.external_id, other.external_id, false),
        ];
        attributes.into_iter().find_map(|(name, ours, theirs, ignore_case)| match (ours, theirs) {
            (Some(ours), Some(theirs)) if ours == theirs || ignore_case && ours.eq_ignore_ascii_case(theirs) => {
                Some((name, ours))
            }
            _ => None,
        })
    }
}

/// What makes `candidate` clash with `existing`, if anything.
fn clash(existing: &User, candidate: &User) -> Option<(&'static str, String)> {
    if let Some((name, value)) = Identifiers::of(candidate).shared_with(&Identifiers::of(existing)) {
        return Some((name, format!("{name} already taken: {value}")));
    }
    candidate
        .identities
        .iter()
        .find(|c| {
            existing.identities.iter().any(|e| e.ext_idp_id == c.ext_idp_id && e.user_id_in_idp == c.user_id_in_idp)
        })
        .map(|c| {
            ("identity", format!("identity already linked to another user: {}:{}", c.ext_idp_id, c.user_id_in_idp))
        })
}

/// Refuses an email address the service would not take.
fn check_email(email: Option<&str>) -> Result<(), ApiFault> {
    match email {
        Some(email) if !resolve::looks_like_email(email) => {
            Err(ApiFault::invalid("email", format!("not an email address: {email}")))
        }
        _ => Ok(()),
    }
}

/// Refuses `candidate` if it clashes with any of `others` other than itself.
fn check_unique<'a>(candidate: &User, others: impl IntoIterator<Item = &'a User>) -> Result<(), ApiFault> {
    match others.into_iter().filter(|u| u.id.is_empty() || u.id != candidate.id).find_map(|u| clash(u, candidate)) {
        Some((field, message)) => Err(ApiFault::new(&errors::USER_CONFLICT, [field]).with_detail(message)),
        None => Ok(()),
    }
}

/// A user ready to be stored, and the departments it joins.
struct Draft {
    user: User,
    department_ids: Vec<String>,
}

/// What a new user takes beyond the fields an update may change too.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewUserFields {
    phone_country_code: Option<Value>,
    /// Read into [`Identity`]s by [`draft`], which names the field when
    /// they are malformed.
    identities: Option<Value>,
    department_ids: Option<Vec<String>>,
}

/// Builds and checks one new user without touching the state; `earlier`
/// holds the drafts of the same batch, which must not clash either.
fn draft(state: &State, item: &Input, department_id_type: &str, earlier: &[Draft]) -> Result<Draft, ApiFault> {
    let mut user = User { status: requested_status(item)?.unwrap_or_default(), ..User::default() };
    apply_fields(&mut user, item)?;
    let new: NewUserFields = typed(item)?;
    if user.username.is_none() && user.email.is_none() && user.phone.is_none() {
        return Err(ApiFault::new(&errors::MISSING_FIELD, ["username, phone, email"]));
    }
    // A country code qualifies a number; without one it means nothing.
    if user.phone.is_none() && new.phone_country_code.is_some() {
        return Err(ApiFault::of(&errors::PHONE_EMPTY));
    }
    user.profile.entry("photo").or_insert_with(|| json!(DEFAULT_PHOTO));
    if let Some(identities) = new.identities {
        user.identities = serde_json::from_value::<Vec<Identity>>(identities)
            .map_err(|e| ApiFault::invalid("identities", e.to_string()))?;
        if user.identities.iter().any(|i| i.ext_idp_id.is_empty() || i.user_id_in_idp.is_empty()) {
            return Err(ApiFault::invalid("identities", "every identity needs extIdpId and userIdInIdp"));
        }
    }
    check_unique(&user, state.users.iter().chain(earlier.iter().map(|d| &d.user)))?;
    let department_ids = new
        .department_ids
        .unwrap_or_default()
        .iter()
        .map(|reference| resolve::department_id(state, None, reference, department_id_type))
        .collect::<Result<Vec<_>, _>>()?;
    if user.status == UserStatus::Resigned && !department_ids.is_empty() {
        return Err(ApiFault::invalid("departmentIds", "a user created as Resigned cannot join departments"));
    }
    Ok(Draft { user, department_ids })
}

/// Stores checked drafts and renders them as `UserDto`s.
fn commit(state: &mut State, drafts: Vec<Draft>) -> Vec<Value> {
    let now = now_ms();
    let mut ids = Vec::with_capacity(drafts.len());
    for Draft { mut user, department_ids } in drafts {
        user.id = state.new_id();
        for identity in &mut user.identities {
            identity.identity_id = state.new_id();
        }
        user.created_at = now;
        user.updated_at = now;
        for department_id in &department_ids {
            if let Some(department) = state.department_mut(department_id) {
                department.add_member(&user.id, now);
            }
        }
        ids.push(user.id.clone());
        state.users.push(user);
    }
    // A creation answers with the custom data it stored, unasked.
    let created = render::users(state, ids.iter().map(String::as_str), View::with_custom_data());
    // The service's built-in event for a new user, to every subscriber of it.
    for user in &created {
        state.outbox.push((USER_CREATED_EVENT.to_owned(), user.to_string()));
    }
    created
}

/// The event code the service publishes a new user under; its data is the
/// user as the API renders it.
pub(crate) const USER_CREATED_EVENT: &str = "authing.user.created";

/// `createUser`: one new user, optionally placed in departments.
pub(in crate::emulator::areas) fn create_user(input: &Input, state: &mut State) -> Outcome {
    let new = draft(state, input, &resolve::department_id_type(input)?, &[])?;
    let mut rendered = commit(state, vec![new]);
    rendered.pop().ok_or_else(|| ApiFault::invalid("list", "no user was created"))
}

/// `createUsersBatch`: all of `list` or, if any item is refused, none of it.
pub(super) fn create_users_batch(input: &Input, state: &mut State) -> Outcome {
    let items = batch_items(input)?;
    let id_type = &resolve::department_id_type(input)?;
    let mut drafts: Vec<Draft> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let next = draft(state, item, id_type, &drafts).map_err(|fault| in_item(index, fault))?;
        drafts.push(next);
    }
    Ok(json!(commit(state, drafts)))
}

/// A batch's `list` of items.
#[derive(Deserialize)]
struct Batch {
    list: Option<Vec<Value>>,
}

/// The items of a batch's required `list`, each an object.
fn batch_items(input: &Input) -> Result<Vec<Input>, ApiFault> {
    let items = typed::<Batch>(input)?.list.ok_or_else(|| ApiFault::invalid("list", "not a list of users"))?;
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::Object(item) => Ok(item),
            _ => Err(ApiFault::invalid("list", format!("list[{index}] is not an object"))),
        })
        .collect()
}

/// A refusal of a batch's item, saying which item it was.
fn in_item(index: usize, fault: ApiFault) -> ApiFault {
    let detail = format!("list[{index}]: {}", fault.detail().unwrap_or_default());
    fault.with_detail(detail)
}

/// The stored user a request's `userId` names.
fn input_user<'a>(state: &'a State, input: &Input) -> Result<&'a User, ApiFault> {
    let id = resolve::input_user_id(state, input)?;
    state.user(&id).ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND).with_detail(format!("no user is {id}")))
}

/// `getUser`.
pub(super) fn get_user(input: &Input, state: &mut State) -> Outcome {
    let user = input_user(state, input)?;
    Ok(render::user(state, user, View::from_input(input)?))
}

/// `getUserBatch`: the users the ids name, in the order asked; ids that
/// name nobody are left out. The official jest suite records no such call
/// for this operation, but the service's other batch reads
/// (`getNamespacesBatch`, `getResourcesBatch`) answer 200 for codes that
/// match nothing, and this one is read the same way.
pub(super) fn get_user_batch(input: &Input, state: &mut State) -> Outcome {
    let references = required(typed::<UserIds>(input)?.user_ids, "userIds")?;
    let ids = resolve::existing_user_ids(state, &references, &resolve::user_id_type(input)?)?;
    Ok(json!(render::users(state, ids.iter().map(String::as_str), View::from_input(input)?)))
}

/// A user as a flat record for searching, filtering and sorting: its
/// `UserDto` fields with times as milliseconds (so they compare with the
/// millisecond values filters use), `id` as an alias of `userId`, and custom
/// fields wherever they do not shadow a standard one.
fn searchable(state: &State, user: &User) -> Map<String, Value> {
    let mut record = match render::user(state, user, View::default()) {
        Value::Object(record) => record,
        _ => Map::new(),
    };
    record.insert("id".into(), json!(user.id));
    record.insert("createdAt".into(), json!(user.created_at));
    record.insert("updatedAt".into(), json!(user.updated_at));
    if let Some(at) = user.status_changed_at {
        record.insert("statusChangedAt".into(), json!(at));
    }
    for (key, value) in &user.custom_data {
        record.entry(key.clone()).or_insert_with(|| value.clone());
    }
    record
}

/// Whether any of `fields` of the record contains `keywords`, ignoring case.
pub(in crate::emulator::areas) fn matches_keywords(
    record: &Map<String, Value>,
    keywords: &str,
    fields: &[&str],
) -> bool {
    fields.iter().any(|f| record.get(*f).and_then(Value::as_str).is_some_and(|v| contains_ci(v, keywords)))
}

/// A JSON scalar as a number, for the ordering operators.
fn number(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// Orders two field values: numbers numerically, everything else by text.
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (number(a), number(b)) {
        (Some(x), Some(y)) if !(a.is_string() && b.is_string()) => x.partial_cmp(&y),
        _ => Some(text(a).cmp(&text(b))),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One `advancedFilter` condition against a searchable record.
fn passes(record: &Map<String, Value>, condition: &Value) -> Result<bool, ApiFault> {
    let field = condition
        .get("field")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiFault::invalid("advancedFilter", "field is required"))?;
    let operator = condition.get("operator").and_then(Value::as_str).unwrap_or_default();
    let wanted = condition.get("value").unwrap_or(&Value::Null);
    check_filter_value(field, wanted)?;
    let actual = record.get(field).filter(|v| !v.is_null());
    let equal = |a: &Value, b: &Value| compare(a, b) == Some(Ordering::Equal);
    let ordered = |expected: Ordering| actual.is_some_and(|a| compare(a, wanted) == Some(expected));
    Ok(match operator {
        "IS_NULL" => actual.is_none(),
        "NOT_NULL" => actual.is_some(),
        "EQUAL" => actual.is_some_and(|a| equal(a, wanted)),
        "NOT_EQUAL" => !actual.is_some_and(|a| equal(a, wanted)),
        "CONTAINS" => actual.is_some_and(|a| contains_ci(&text(a), &text(wanted))),
        "NOT_CONTAINS" => !actual.is_some_and(|a| contains_ci(&text(a), &text(wanted))),
        "IN" => {
            let options = wanted.as_array().ok_or_else(|| ApiFault::invalid("advancedFilter", "IN takes a list"))?;
            actual.is_some_and(|a| options.iter().any(|o| equal(a, o)))
        }
        "GREATER" => ordered(Ordering::Greater),
        "LESSER" => ordered(Ordering::Less),
        "BETWEEN" => match wanted.as_array().map(Vec::as_slice) {
            Some([low, high]) => actual.is_some_and(|a| {
                compare(a, low).is_some_and(Ordering::is_ge) && compare(a, high).is_some_and(Ordering::is_le)
            }),
            _ => return Err(ApiFault::invalid("advancedFilter", "BETWEEN takes [low, high]")),
        },
        other => return Err(ApiFault::invalid("advancedFilter", format!("unknown operator {other}"))),
    })
}

/// A filter on a field whose values `UserDto` enumerates (`status`,
/// `gender`) must compare with one of them, or with a list of them: the
/// service refuses the condition as a malformed value of that field.
fn check_filter_value(field: &str, wanted: &Value) -> Result<(), ApiFault> {
    let spec = schema::spec();
    let allowed = spec
        .component("UserDto")
        .and_then(|user| user.get("properties")?.get(field))
        .map(|property| spec.resolve(property))
        .and_then(|property| property.get("enum")?.as_array());
    let Some(allowed) = allowed else { return Ok(()) };
    let known = |value: &Value| value.is_null() || allowed.contains(value);
    let fine = match wanted {
        Value::Array(values) => values.iter().all(known),
        value => known(value),
    };
    if fine { Ok(()) } else { Err(ApiFault::invalid(field, format!("not one of {allowed:?}: {wanted}"))) }
}

/// Whether the record meets every condition (they combine with "and").
fn passes_all(record: &Map<String, Value>, conditions: &[Value]) -> Result<bool, ApiFault> {
    for condition in conditions {
        if !passes(record, condition)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A `listUsers` request's own fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsersListing {
    search_query: Option<Value>,
    keywords: Option<String>,
    advanced_filter: Option<Vec<Value>>,
}

/// The `listUsers` settings the API takes at the top level or in `options`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UsersListingSettings {
    fuzzy_search_on: Option<Vec<String>>,
    sort: Option<Vec<SortKey>>,
}

/// One key of a `listUsers` sort; a key without both parts is left out.
#[derive(Deserialize)]
struct SortKey {
    field: Option<String>,
    order: Option<String>,
}

/// `listUsers`: keyword search, advanced filters, sorting and paging over
/// the whole pool. Without a sort, users come in creation order. Filters on
/// data the emulator does not keep (login history, apps) match nobody, and
/// Elasticsearch `searchQuery` is refused rather than ignored.
pub(super) fn list_users(input: &Input, state: &mut State) -> Outcome {
    let request: UsersListing = typed(input)?;
    if request.search_query.is_some() {
        return Err(ApiFault::new(&errors::NOT_EMULATED, ["listUsers with searchQuery"]));
    }
    let page = Page::for_users(input)?;
    let keywords = request.keywords.as_deref().filter(|k| !k.is_empty());
    let settings: Either<UsersListingSettings> = typed(input)?;
    let fuzzy: Option<Vec<&str>> =
        settings.setting(|s| s.fuzzy_search_on.as_ref()).map(|fields| fields.iter().map(String::as_str).collect());
    let fields = fuzzy.as_deref().unwrap_or(DEFAULT_SEARCH_FIELDS);
    let conditions = request.advanced_filter.as_deref().unwrap_or_default();
    let sort: Vec<(String, bool)> = settings
        .setting(|s| s.sort.as_ref())
        .map(|keys| keys.iter().filter_map(|k| Some((k.field.clone()?, k.order.as_deref()? == "desc"))).collect())
        .unwrap_or_default();

    let mut hits: Vec<(Map<String, Value>, &User)> = Vec::new();
    for user in &state.users {
        let record = searchable(state, user);
        if keywords.is_some_and(|k| !matches_keywords(&record, k, fields)) {
            continue;
        }
        if !passes_all(&record, conditions)? {
            continue;
        }
        hits.push((record, user));
    }
    hits.sort_by(|(a, _), (b, _)| {
        sort.iter()
            .map(|(field, descending)| {
                // Users without the field sort last in either direction.
                let order = match (a.get(field), b.get(field)) {
                    (Some(x), Some(y)) => compare(x, y).unwrap_or(Ordering::Equal),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
                if *descending { order.reverse() } else { order }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    let view = View::from_input(input)?;
    Ok(page.of(hits.into_iter().map(|(_, user)| render::user(state, user, view)).collect()))
}

/// A checked change of one user, not yet stored.
struct Change {
    /// The user as it will be.
    user: User,
    /// Whether the change resigns the user.
    resigns: bool,
}

/// Works out and checks the update `input` asks for without touching the
/// state. `earlier` holds the changes of the same batch: a user changed
/// twice is changed from where the first change left it, and uniqueness
/// is checked against everyone as they will be. Setting the status to
/// `Resigned` resigns the user; a resigned user's status can no longer change.
fn plan_update(state: &State, input: &Input, earlier: &[Change]) -> Result<Change, ApiFault> {
    let id = input_user(state, input)?.id.clone();
    let pending = |id: &str| earlier.iter().rev().find(|c| c.user.id == id).map(|c| &c.user);
    let current = pending(&id).or_else(|| state.user(&id)).ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND))?;
    let mut updated = current.clone();
    apply_fields(&mut updated, input)?;
    check_unique(&updated, state.users.iter().map(|u| pending(&u.id).unwrap_or(u)))?;
    let now = now_ms();
    let mut resigns = false;
    if let Some(status) = requested_status(input)?.filter(|s| *s != current.status) {
        if current.status == UserStatus::Resigned {
            return Err(ApiFault::of(&errors::USER_RESIGNED).with_detail(format!("{} has resigned", current.id)));
        }
        resigns = status == UserStatus::Resigned;
        updated.status = status;
        updated.status_changed_at = Some(now);
    }
    updated.updated_at = now;
    Ok(Change { user: updated, resigns })
}

/// Stores checked changes, resigning whom they resign, and returns the
/// ids of the changed users in order.
fn store(state: &mut State, changes: Vec<Change>) -> Vec<String> {
    let mut ids = Vec::with_capacity(changes.len());
    for Change { user, resigns } in changes {
        let id = user.id.clone();
        if let Some(slot) = state.user_mut(&id) {
            *slot = user;
        }
        // Stored first, so that the relations the user keeps itself go too.
        if resigns {
            state.removed(&Removed::User(&id));
        }
        ids.push(id);
    }
    ids
}

/// `updateUser`: changes the fields present; uniqueness is re-checked
/// against everyone else (see [`plan_update`]).
pub(in crate::emulator::areas) fn update_user(input: &Input, state: &mut State) -> Outcome {
    let change = plan_update(state, input, &[])?;
    let ids = store(state, vec![change]);
    let mut rendered = render::users(state, ids.iter().map(String::as_str), View::from_input(input)?);
    rendered.pop().ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND))
}

/// `updateUserBatch`: `updateUser` for every item of `list`, all or
/// nothing: every item is checked before any user changes.
pub(super) fn update_user_batch(input: &Input, state: &mut State) -> Outcome {
    let mut changes: Vec<Change> = Vec::new();
    for (index, item) in batch_items(input)?.iter().enumerate() {
        let change = plan_update(state, item, &changes).map_err(|fault| in_item(index, fault))?;
        changes.push(change);
    }
    let mut ids = store(state, changes);
    // A user changed by several items is answered once.
    dedup_in_order(&mut ids);
    Ok(json!(render::users(state, ids.iter().map(String::as_str), View::from_input(input)?)))
}

/// `deleteUsersBatch`: removes up to 50 users and every relation they had;
/// if any reference matches nobody, nobody is deleted.
pub(super) fn delete_users_batch(input: &Input, state: &mut State) -> Outcome {
    let references = batch_list(typed::<UserIds>(input)?.user_ids, "userIds")?;
    let ids = resolve::user_ids(state, &references, &resolve::user_id_type(input)?)?;
    for id in &ids {
        state.removed(&Removed::User(id));
    }
    state.users.retain(|u| !ids.contains(&u.id));
    success()
}

/// What `isUserExists` can look a user up by; the service names them all
/// when none is given.
const EXISTENCE_KEYS: &str = "username, email, phone, externalId";

/// `isUserExists`: whether any user holds any of the given identifiers.
pub(super) fn is_user_exists(input: &Input, state: &mut State) -> Outcome {
    // Read as borrowed identifiers only: the question is whether any user
    // holds one of them, so nothing else of the request matters.
    let probe: Identifiers = typed(input)?;
    if probe.username.is_none() && probe.email.is_none() && probe.phone.is_none() && probe.external_id.is_none() {
        return Err(ApiFault::invalid(EXISTENCE_KEYS, "none of them is given"));
    }
    check_email(probe.email)?;
    let exists = state.users.iter().any(|u| probe.shared_with(&Identifiers::of(u)).is_some());
    Ok(json!({ "exists": exists }))
}

/// `getUserDepartments`: the user's direct departments, sorted and paged.
pub(in crate::emulator::areas) fn get_user_departments(input: &Input, state: &mut State) -> Outcome {
    let view = View::from_input(input)?;
    let user = input_user(state, input)?;
    let page = Page::from_input(input)?;
    let mut found: Vec<_> = render::memberships(state, &user.id).collect();
    let sorting: Sorting = typed(input)?;
    let descending = sorting.order_by.as_deref() != Some("Asc");
    match sorting.sort_by.as_deref().unwrap_or("JoinDepartmentAt") {
        "DepartmentCreatedAt" => sort_by_key(&mut found, descending, |(d, _)| d.created_at),
        "DepartmentName" => sort_by_key(&mut found, descending, |(d, _)| d.name.clone()),
        // The API spells this option with a typo; accept it as it is.
        "DepartmemtCode" => sort_by_key(&mut found, descending, |(d, _)| d.code.clone()),
        _ => sort_by_key(&mut found, descending, |(_, m)| m.joined_at),
    }
    Ok(page.of(found.into_iter().map(|(d, m)| user_department(state, d, m, view)).collect()))
}

/// Whether the user holds the role now.
fn holds(role: &Role, user_id: &str, now: i64) -> bool {
    role.assignments.iter().any(|a| a.user_id == user_id && a.is_effective(now))
}

/// A request limited to one namespace when it names one.
#[derive(Deserialize)]
struct InNamespace {
    namespace: Option<String>,
}

/// `getUserRoles`: the roles the user holds now, optionally in one namespace.
pub(super) fn get_user_roles(input: &Input, state: &mut State) -> Outcome {
    let user = input_user(state, input)?;
    let namespace = typed::<InNamespace>(input)?.namespace;
    let namespace = namespace.as_deref();
    let now = now_ms();
    let list: Vec<Value> = state
        .roles
        .iter()
        .filter(|r| namespace.is_none_or(|n| r.namespace == n))
        .filter(|r| holds(r, &user.id, now))
        .map(|r| render::role(state, r))
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// The roles a `hasAnyRole` request asks about.
#[derive(Deserialize)]
struct AnyRole {
    roles: Option<Vec<RoleName>>,
}

/// A role by its code in its namespace.
#[derive(Deserialize)]
struct RoleName {
    code: Option<String>,
    namespace: Option<String>,
}

/// `hasAnyRole`: whether the user holds any of the roles now; a role named
/// without a namespace is looked for in `default`.
pub(super) fn has_any_role(input: &Input, state: &mut State) -> Outcome {
    let user = input_user(state, input)?;
    let now = now_ms();
    let wanted = typed::<AnyRole>(input)?.roles.unwrap_or_default();
    let any = wanted.iter().any(|w| {
        let code = w.code.as_deref();
        let namespace = w.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
        state.roles.iter().any(|r| Some(r.code.as_str()) == code && r.namespace == namespace && holds(r, &user.id, now))
    });
    Ok(json!({ "hasAnyRole": any }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Since {
    start_at: Option<i64>,
}

/// `listArchivedUsers`: the users whose status is `Archived`, by when they
/// were archived, from `startAt` (milliseconds since the epoch) on.
pub(super) fn list_archived_users(input: &Input, state: &mut State) -> Outcome {
    let page = Page::for_users(input)?;
    let start = typed::<Since>(input)?.start_at.unwrap_or(i64::MIN);
    let archived: Vec<Value> = state
        .users
        .iter()
        .filter(|u| u.status == UserStatus::Archived)
        .map(|u| (u, u.status_changed_at.unwrap_or(u.updated_at)))
        .filter(|(_, at)| *at >= start)
        .map(|(u, at)| json!({ "userId": u.id, "archivedAt": render::iso8601(at) }))
        .collect();
    Ok(page.of(archived))
}

/// `getUserGroups`: the groups the user belongs to.
pub(super) fn get_user_groups(input: &Input, state: &mut State) -> Outcome {
    let user = input_user(state, input)?;
    let list: Vec<Value> =
        state.groups.iter().filter(|g| g.members.contains(&user.id)).map(|g| render::group(state, g)).collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// The departments a `setUserDepartments` request places the user in.
#[derive(Deserialize)]
struct Placements {
    departments: Option<Vec<Placement>>,
}

/// One department of a `setUserDepartments` request, with the user's place in it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Placement {
    department_id: Option<String>,
    is_leader: Option<bool>,
    is_main_department: Option<bool>,
}

/// `setUserDepartments`: makes the listed departments exactly the user's
/// direct departments, with the given leader and main-department flags.
/// Departments the user stays in keep their joining time.
pub(in crate::emulator::areas) fn set_user_departments(input: &Input, state: &mut State) -> Outcome {
    let user_id = resolve::input_user_id(state, input)?;
    resolve::refuse_resigned(state, std::slice::from_ref(&user_id))?;
    let entries =
        typed::<Placements>(input)?.departments.ok_or_else(|| ApiFault::invalid("departments", "not a list"))?;
    let mut wanted: Vec<(String, bool, bool)> = Vec::with_capacity(entries.len());
    for entry in entries {
        let reference = entry
            .department_id
            .ok_or_else(|| ApiFault::invalid("departments", "every department needs a departmentId"))?;
        let id = resolve::placement_department_id(state, &reference)?;
        wanted.push((id, entry.is_leader.unwrap_or(false), entry.is_main_department.unwrap_or(false)));
    }
    let now = now_ms();
    for department in &mut state.departments {
        match wanted.iter().find(|(id, _, _)| *id == department.id) {
            Some(&(_, is_leader, is_main)) => {
                department.add_member(&user_id, now).is_main_department = is_main;
                department.leader_user_ids.retain(|id| *id != user_id);
                if is_leader {
                    department.leader_user_ids.push(user_id.clone());
                }
            }
            None => department.remove_member(&user_id),
        }
    }
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdatedWindow {
    updated_at_start: Option<i64>,
    updated_at_end: Option<i64>,
}

/// `listUsersLegacy`: a page of the pool's users in creation order,
/// optionally of one status and updated inside `[updatedAtStart,
/// updatedAtEnd]` (milliseconds since the epoch).
pub(super) fn list_users_legacy(input: &Input, state: &mut State) -> Outcome {
    let page = Page::for_users(input)?;
    let status = requested_status(input)?;
    let window: UpdatedWindow = typed(input)?;
    let start = window.updated_at_start.unwrap_or(i64::MIN);
    let end = window.updated_at_end.unwrap_or(i64::MAX);
    let view = View::from_input(input)?;
    let list: Vec<Value> = state
        .users
        .iter()
        .filter(|u| status.is_none_or(|s| u.status == s))
        .filter(|u| (start..=end).contains(&u.updated_at))
        .map(|u| render::user(state, u, view))
        .collect();
    Ok(page.of(list))
}

/// An identity a `linkIdentity` or `unlinkIdentity` request names.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentityLink {
    ext_idp_id: Option<String>,
    user_id_in_idp: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// `linkIdentity`: the user gains an identity in the provider `extIdpId`,
/// which no other user may hold already. The emulator keeps no identity
/// providers: it knows one (and its kind) only through the identities its
/// users hold, so linking to any other is not emulated.
pub(super) fn link_identity(input: &Input, state: &mut State) -> Outcome {
    let user_id = input_user(state, input)?.id.clone();
    let request: IdentityLink = typed(input)?;
    let ext_idp_id: &str = &required(request.ext_idp_id, "extIdpId")?;
    let user_id_in_idp: &str = &required(request.user_id_in_idp, "userIdInIdp")?;
    if ext_idp_id.is_empty() || user_id_in_idp.is_empty() {
        return Err(ApiFault::invalid("extIdpId", "extIdpId and userIdInIdp may not be empty"));
    }
    let provider = state
        .users
        .iter()
        .flat_map(|u| &u.identities)
        .find(|i| i.ext_idp_id == ext_idp_id)
        .map(|i| i.provider.clone())
        .ok_or_else(|| ApiFault::new(&errors::NOT_EMULATED, ["linkIdentity to a provider no user's identity names"]))?;
    let identity = Identity {
        ext_idp_id: ext_idp_id.to_owned(),
        user_id_in_idp: user_id_in_idp.to_owned(),
        provider,
        kind: request.kind.unwrap_or_default(),
        ..Identity::default()
    };
    let probe = User { identities: vec![identity.clone()], ..User::default() };
    let already = state.users.iter().find_map(|u| clash(u, &probe).map(|clash| (u.id == user_id, clash)));
    match already {
        // Linking what the user holds already changes nothing.
        Some((true, _)) => return success(),
        Some((false, (field, message))) => {
            return Err(ApiFault::new(&errors::USER_CONFLICT, [field]).with_detail(message));
        }
        None => {}
    }
    let identity = Identity { identity_id: state.new_id(), ..identity };
    if let Some(user) = state.user_mut(&user_id) {
        user.identities.push(identity);
        user.updated_at = now_ms();
    }
    success()
}

/// `unlinkIdentity`: the user loses every identity in the provider
/// `extIdpId` (of the given `type` only, when one is given).
pub(super) fn unlink_identity(input: &Input, state: &mut State) -> Outcome {
    let user_id = input_user(state, input)?.id.clone();
    let request: IdentityLink = typed(input)?;
    let provider = required(request.ext_idp_id, "extIdpId")?;
    let kind = request.kind;
    if let Some(user) = state.user_mut(&user_id) {
        user.identities.retain(|i| i.ext_idp_id != provider || kind.as_ref().is_some_and(|k| *k != i.kind));
        user.updated_at = now_ms();
    }
    success()
}

/// `getUserSyncRelations`: the user's ids in synchronised directories.
pub(super) fn get_user_sync_relations(input: &Input, state: &mut State) -> Outcome {
    Ok(render::sync_relations(&input_user(state, input)?.sync_relations))
}

/// `deleteUserSyncRelations`: the user is no longer tied to its id in the
/// directory `provider`.
pub(super) fn delete_user_sync_relations(input: &Input, state: &mut State) -> Outcome {
    let user_id = input_user(state, input)?.id.clone();
    let provider = required(typed::<Provider>(input)?.provider, "provider")?;
    if let Some(user) = state.user_mut(&user_id) {
        user.sync_relations.retain(|r| r.provider != provider);
    }
    success()
}

/// `getUserIdentities`.
pub(super) fn get_user_identities(input: &Input, state: &mut State) -> Outcome {
    Ok(json!(input_user(state, input)?.identities))
}

/// Resigns users who have not resigned yet: removes their department,
/// group and role relations, keeps the profile and disables the account
/// with status `Resigned`. There is no way back, so resigning twice is
/// refused, and then nobody is resigned.
fn resign(state: &mut State, user_ids: &[String]) -> Outcome {
    resolve::refuse_resigned(state, user_ids)?;
    let now = now_ms();
    for user_id in user_ids {
        state.removed(&Removed::User(user_id));
        if let Some(user) = state.user_mut(user_id) {
            user.status = UserStatus::Resigned;
            user.status_changed_at = Some(now);
            user.updated_at = now;
        }
    }
    success()
}

/// `resignUser`.
pub(super) fn resign_user(input: &Input, state: &mut State) -> Outcome {
    let user_id = resolve::input_user_id(state, input)?;
    resign(state, &[user_id])
}

/// `resignUserBatch`: up to 50 users resign, or none does if any is
/// unknown or resigned already.
pub(super) fn resign_user_batch(input: &Input, state: &mut State) -> Outcome {
    let references = batch_list(typed::<UserIds>(input)?.user_ids, "userIds")?;
    let ids = resolve::user_ids(state, &references, &resolve::user_id_type(input)?)?;
    resign(state, &ids)
}
