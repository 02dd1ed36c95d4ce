//! Custom fields (definitions per target type) and the custom data that
//! users, roles, groups and departments carry.
//!
//! A field is set by its target type and key: setting it again changes
//! the settings given and keeps the rest. Custom data lives on the records
//! themselves (`customData` of a user, group, role or department), so
//! what `setCustomData` writes is what `getUser` with `withCustomData`
//! reads, and the other way round. A value for a defined field must fit
//! its data type and is stored typed (a `NUMBER` as a number, a `BOOLEAN`
//! as a boolean); a key without a definition is stored as given, as
//! `createUser` stores it. Deleting a field deletes its values.
//!
//! The user base fields (`username`, `email`, ...) are every pool's own:
//! their keys, data types and uniqueness are fixed, and `setUserBaseFields`
//! changes only how they are shown (label, description, visibility).
//! The paged listings of both (`listCustFields`, `listUserBaseFields`)
//! read the same definitions as `getCustomFields` and `getUserBaseFields`.

use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::render::iso8601;
use crate::emulator::areas::resources;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve, success};
use crate::emulator::errors;
use crate::emulator::state::{CustomField, State, TargetType, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A custom value given as text must be shorter than this many characters.
const MAX_VALUE_CHARS: usize = 1024;

/// Refuses a custom value too long to keep, wherever custom data is written.
pub(in crate::emulator::areas) fn check_value_length(text: &str) -> Result<(), ApiFault> {
    if text.chars().count() >= MAX_VALUE_CHARS {
        return Err(ApiFault::of(&errors::CUSTOM_DATA_TOO_LONG));
    }
    Ok(())
}

/// The data types a field can have.
const DATA_TYPES: &[&str] = &["STRING", "NUMBER", "DATETIME", "BOOLEAN", "ENUM"];

/// The user base fields every pool has: key, label (our wording), data
/// type, and whether two users may share a value.
const USER_BASE_FIELDS: &[(&str, &str, &str, bool)] = &[
    ("username", "用户名", "STRING", true),
    ("email", "邮箱", "STRING", true),
    ("phone", "手机号", "STRING", true),
    ("externalId", "原系统 ID", "STRING", true),
    ("name", "姓名", "STRING", false),
    ("nickname", "昵称", "STRING", false),
    ("gender", "性别", "ENUM", false),
    ("birthdate", "生日", "DATETIME", false),
    ("country", "国家", "STRING", false),
    ("province", "省份", "STRING", false),
    ("city", "城市", "STRING", false),
    ("address", "地址", "STRING", false),
    ("postalCode", "邮政编码", "STRING", false),
    ("company", "公司", "STRING", false),
];

/// A field's definition as a request item gives it: its identity, data
/// type and label, and any other settings, kept as given.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldItem {
    target_type: Option<TargetType>,
    #[serde(default)]
    key: String,
    data_type: Option<String>,
    label: Option<String>,
    #[serde(flatten)]
    settings: Map<String, Value>,
}

#[derive(Deserialize)]
struct FieldItems {
    #[serde(default)]
    list: Vec<FieldItem>,
}

/// A `CustomFieldDto`.
fn render(field: &CustomField) -> Value {
    let mut out = field.settings.clone();
    out.insert("targetType".into(), json!(field.target_type));
    out.insert("key".into(), json!(field.key));
    out.insert("dataType".into(), json!(field.data_type));
    out.insert("label".into(), json!(field.label));
    if let Some(created_at) = field.created_at {
        out.insert("createdAt".into(), json!(iso8601(created_at)));
    }
    for flag in ["isUnique", "visibleInAdminConsole"] {
        out.entry(flag).or_insert(json!(false));
    }
    Value::Object(out)
}

/// `setCustomFields`: creates or changes each field; all are set, or none
/// is. Answers the fields as they now are.
pub(super) fn set_custom_fields(input: &Input, state: &mut State) -> Outcome {
    let mut set: Vec<CustomField> = Vec::new();
    for item in typed::<FieldItems>(input)?.list {
        let kind = item.target_type.ok_or_else(|| ApiFault::invalid("list", "a field has no targetType"))?;
        if item.key.is_empty() {
            return Err(ApiFault::invalid("list", "a field has no key"));
        }
        let key = item.key.as_str();
        let existing =
            set.iter().rev().chain(state.custom_fields.iter()).find(|f| f.target_type == kind && f.key == key).cloned();
        let data_type = match &item.data_type {
            Some(t) if DATA_TYPES.contains(&t.as_str()) => t.clone(),
            None => existing
                .as_ref()
                .map(|f| f.data_type.clone())
                .ok_or_else(|| ApiFault::invalid("list", format!("the new field {key} has no dataType")))?,
            Some(other) => {
                return Err(ApiFault::invalid("list", format!("dataType {other} is none of {DATA_TYPES:?}")));
            }
        };
        let mut field = existing.unwrap_or_else(|| CustomField {
            target_type: kind,
            key: key.to_owned(),
            data_type: data_type.clone(),
            label: key.to_owned(),
            settings: Map::new(),
            created_at: Some(now_ms()),
        });
        field.data_type = data_type;
        set.retain(|f| !(f.target_type == kind && f.key == field.key));
        apply_settings(&mut field, item);
        set.push(field);
    }
    let rendered: Vec<Value> = set.iter().map(render).collect();
    for field in set {
        match state.custom_fields.iter_mut().find(|f| f.target_type == field.target_type && f.key == field.key) {
            Some(existing) => *existing = field,
            None => state.custom_fields.push(field),
        }
    }
    Ok(Value::Array(rendered))
}

/// Sets a field's label and other settings from a request item; its
/// identity (target type, key) and data type are set apart.
fn apply_settings(field: &mut CustomField, item: FieldItem) {
    if let Some(label) = item.label {
        field.label = label;
    }
    field.settings.extend(item.settings.into_iter().filter(|(_, value)| !value.is_null()));
}

/// The user base field with this key, with its settings as they now are.
fn user_base_field(state: &State, key: &str) -> Option<CustomField> {
    if let Some(changed) = state.user_base_fields.iter().find(|f| f.key == key) {
        return Some(changed.clone());
    }
    let &(key, label, data_type, unique) = USER_BASE_FIELDS.iter().find(|(k, ..)| *k == key)?;
    let mut settings = Map::new();
    settings.insert("isUnique".into(), json!(unique));
    settings.insert("visibleInAdminConsole".into(), json!(true));
    Some(CustomField {
        target_type: TargetType::User,
        key: key.to_owned(),
        data_type: data_type.to_owned(),
        label: label.to_owned(),
        settings,
        created_at: None,
    })
}

/// `getUserBaseFields`: every base field, in a fixed order.
pub(super) fn get_user_base_fields(_input: &Input, state: &mut State) -> Outcome {
    let fields = USER_BASE_FIELDS.iter().filter_map(|(key, ..)| user_base_field(state, key));
    Ok(Value::Array(fields.map(|f| render(&f)).collect()))
}

/// `setUserBaseFields`: changes how base fields are shown; a key that is
/// no base field is refused, and then nothing changes.
pub(super) fn set_user_base_fields(input: &Input, state: &mut State) -> Outcome {
    let mut set: Vec<CustomField> = Vec::new();
    for item in typed::<FieldItems>(input)?.list {
        let earlier = set.iter().rposition(|f| f.key == item.key).map(|i| set.remove(i));
        let mut field = earlier
            .or_else(|| user_base_field(state, &item.key))
            .ok_or_else(|| ApiFault::invalid("list", format!("{:?} is no user base field", item.key)))?;
        apply_settings(&mut field, item);
        set.push(field);
    }
    let rendered: Vec<Value> = set.iter().map(render).collect();
    for field in set {
        state.user_base_fields.retain(|f| f.key != field.key);
        state.user_base_fields.push(field);
    }
    Ok(Value::Array(rendered))
}

/// A paged listing of field definitions, as `listCustFields` and
/// `listUserBaseFields` take it. `tenantId` is not read: the state the
/// request acts in is already its tenant's. Data types are compared as
/// spelled, so `SELECT` and `OBJECT`, which no definition has, list none.
/// `accessControl` is not applied
/// either: no source records which definitions it selects, and a filter
/// guessed at would hide fields the service lists.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldListing {
    target_type: TargetType,
    data_type: String,
    user_visible: Option<bool>,
    admin_visible: Option<bool>,
    #[serde(default)]
    keyword: String,
    lang: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

/// Whether a field's switch `setting` is on; a switch never set is off.
fn is_on(field: &CustomField, setting: &str) -> bool {
    field.settings.get(setting).and_then(Value::as_bool).unwrap_or(false)
}

impl FieldListing {
    /// Whether the field is of the listing's target and data type and its
    /// key, label or label in `lang` (from its `i18n`) holds the keyword.
    fn selects(&self, field: &CustomField) -> bool {
        let translated = || {
            let lang = self.lang.as_deref()?;
            field.settings.get("i18n")?.get("label")?.get(lang)?.get("value")?.as_str()
        };
        field.target_type == self.target_type
            && field.data_type == self.data_type
            && (contains_ci(&field.key, &self.keyword)
                || contains_ci(&field.label, &self.keyword)
                || translated().is_some_and(|label| contains_ci(label, &self.keyword)))
    }

    /// Whether the field passes the visibility filters the listing sets.
    fn shows(&self, field: &CustomField) -> bool {
        let wanted = |filter: Option<bool>, setting: &str| filter.is_none_or(|on| is_on(field, setting) == on);
        wanted(self.user_visible, "visibleInUserCenter") && wanted(self.admin_visible, "visibleInAdminConsole")
    }
}

/// A `ListCustomFieldsDto` of `fields`. The spec leaves its shape open;
/// GenAuth's generated reference for `listCustFields` records it as
/// `count` (`all`, `userVisible`, `adminVisible`) and `list`. The counts
/// are of every field the target type, data type and keyword select,
/// as tabs that the visibility filters then choose between; the list is
/// the requested page of those the visibility filters let through.
fn field_listing(input: &Input, fields: &[CustomField]) -> Outcome {
    let listing: FieldListing = typed(input)?;
    let page = listing.paging.page()?;
    let selected: Vec<&CustomField> = fields.iter().filter(|f| listing.selects(f)).collect();
    let visible = |setting: &str| selected.iter().filter(|f| is_on(f, setting)).count();
    let count = json!({
        "all": selected.len(),
        "userVisible": visible("visibleInUserCenter"),
        "adminVisible": visible("visibleInAdminConsole"),
    });
    let shown: Vec<Value> = selected.iter().filter(|f| listing.shows(f)).map(|f| render(f)).collect();
    Ok(json!({ "count": count, "list": page.slice(shown) }))
}

/// `listCustFields`: the pool's custom field definitions, paged and filtered.
pub(super) fn list_cust_fields(input: &Input, state: &mut State) -> Outcome {
    field_listing(input, &state.custom_fields)
}

/// `listUserBaseFields`: the user base fields, with their settings as they
/// now are, paged and filtered; they are user fields only, so another
/// target type lists none.
pub(super) fn list_user_base_fields(input: &Input, state: &mut State) -> Outcome {
    let fields: Vec<CustomField> =
        USER_BASE_FIELDS.iter().filter_map(|(key, ..)| user_base_field(state, key)).collect();
    field_listing(input, &fields)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfType {
    target_type: TargetType,
}

/// `getCustomFields`: the fields of one target type, in creation order.
pub(super) fn get_custom_fields(input: &Input, state: &mut State) -> Outcome {
    let kind = typed::<OfType>(input)?.target_type;
    let fields = state.custom_fields.iter().filter(|f| f.target_type == kind).map(render);
    Ok(Value::Array(fields.collect()))
}

/// `deleteCustomFields`: fields that do not exist are already gone; the
/// values of those that do go from every record of their target type.
pub(super) fn delete_custom_fields(input: &Input, state: &mut State) -> Outcome {
    let mut gone = Vec::new();
    for item in typed::<FieldItems>(input)?.list {
        let kind = item.target_type.ok_or_else(|| ApiFault::invalid("list", "a field has no targetType"))?;
        gone.push((kind, item.key));
    }
    state.custom_fields.retain(|f| !gone.iter().any(|(kind, key)| f.target_type == *kind && &f.key == key));
    for (kind, key) in &gone {
        for data in all_custom_data(state, *kind) {
            data.remove(key);
        }
    }
    success()
}

/// The custom data of every record of a target type.
fn all_custom_data(state: &mut State, kind: TargetType) -> Vec<&mut Map<String, Value>> {
    match kind {
        TargetType::User => state.users.iter_mut().map(|u| &mut u.custom_data).collect(),
        TargetType::Role => state.roles.iter_mut().map(|r| &mut r.custom_data).collect(),
        TargetType::Group => state.groups.iter_mut().map(|g| &mut g.custom_data).collect(),
        TargetType::Department => state.departments.iter_mut().map(|d| &mut d.custom_data).collect(),
    }
}

/// A request naming one record that carries custom data: a user or
/// department by id, a group by code, a role by code in the namespace.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Target {
    target_type: TargetType,
    target_identifier: String,
    namespace: Option<String>,
}

/// The custom data of the record `target` names.
fn target_data<'a>(state: &'a mut State, target: &Target) -> Result<&'a mut Map<String, Value>, ApiFault> {
    let (kind, identifier) = (target.target_type, target.target_identifier.as_str());
    let not_found =
        |refusal: &'static errors::Refusal| ApiFault::of(refusal).with_detail(format!("no {kind:?} is {identifier}"));
    match kind {
        TargetType::User => {
            let id = resolve::user_id(state, identifier, "user_id")?;
            Ok(&mut state.user_mut(&id).ok_or_else(|| not_found(&errors::USER_NOT_FOUND))?.custom_data)
        }
        TargetType::Role => {
            let namespace = resources::namespace(state, target.namespace.as_deref())?.to_owned();
            let role = state.roles.iter_mut().find(|r| r.namespace == namespace && r.code == identifier);
            Ok(&mut role.ok_or_else(|| not_found(&errors::ROLE_NOT_FOUND))?.custom_data)
        }
        TargetType::Group => {
            let group = state.groups.iter_mut().find(|g| g.code == identifier);
            Ok(&mut group.ok_or_else(|| not_found(&errors::GROUP_NOT_FOUND))?.custom_data)
        }
        TargetType::Department => Ok(&mut state
            .department_mut(identifier)
            .ok_or_else(|| not_found(&errors::DEPARTMENT_NOT_FOUND))?
            .custom_data),
    }
}

/// A value as its field's data type stores it; `None` if it does not fit.
fn stored_as(data_type: &str, value: &str) -> Option<Value> {
    match data_type {
        "NUMBER" => value.parse::<f64>().ok().and_then(|n| {
            // Whole numbers stay integers, as they were sent.
            value.parse::<i64>().map(Value::from).ok().or_else(|| serde_json::Number::from_f64(n).map(Value::Number))
        }),
        "BOOLEAN" => value.parse::<bool>().ok().map(Value::Bool),
        _ => Some(Value::String(value.to_owned())),
    }
}

/// One value of a `setCustomData` request.
#[derive(Deserialize)]
struct DataItem {
    #[serde(default)]
    key: String,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize)]
struct SetData {
    #[serde(flatten)]
    target: Target,
    #[serde(default)]
    list: Vec<DataItem>,
}

/// `setCustomData`: every value is set, or none is.
pub(super) fn set_custom_data(input: &Input, state: &mut State) -> Outcome {
    let request: SetData = typed(input)?;
    let kind = request.target.target_type;
    let mut values = Vec::new();
    for DataItem { key, value } in request.list {
        if key.is_empty() {
            return Err(ApiFault::invalid("list", "an item has no key"));
        }
        let text = match value {
            Value::String(s) => s,
            Value::Null => return Err(ApiFault::invalid("list", format!("{key} has no value"))),
            other => other.to_string(),
        };
        check_value_length(&text)?;
        let field = state.custom_fields.iter().find(|f| f.target_type == kind && f.key == key);
        let value = match field {
            None => Value::String(text),
            Some(field) => stored_as(&field.data_type, &text).ok_or_else(|| {
                ApiFault::invalid("list", format!("{key} is a {} field, not {text:?}", field.data_type))
            })?,
        };
        values.push((key, value));
    }
    target_data(state, &request.target)?.extend(values);
    success()
}

/// `getCustomData`: the record's custom data, keyed by field.
pub(super) fn get_custom_data(input: &Input, state: &mut State) -> Outcome {
    let target: Target = typed(input)?;
    Ok(Value::Object(target_data(state, &target)?.clone()))
}
