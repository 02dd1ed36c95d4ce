//! Data resources: created (of a given shape, or any), read back, listed,
//! changed and deleted inside a permission namespace, with the extended
//! fields defined on them.
//!
//! A resource's code and its name are each unique within its namespace.
//! Its structure must have the shape of its type: a string (`STRING`), a
//! list of strings (`ARRAY`) or a list of nodes each with a `code` and a
//! `name` (`TREE`).

use super::namespaces::Listing;
use crate::emulator::areas::input::{MAX_BATCH, contains_ci};
use crate::emulator::areas::rules::{self, Measure, Rule, typed};
use crate::emulator::areas::{ApiFault, Input, Outcome, render::iso8601, success};
use crate::emulator::errors;
use crate::emulator::state::{DataResource, DataResourceType, State, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A required field's rules.
const REQUIRED: &[Rule] = &[Rule::NotEmpty];

/// Whether `structure` has the shape `kind` asks for.
fn fits(kind: DataResourceType, structure: &Value) -> bool {
    match kind {
        DataResourceType::String => structure.is_string(),
        DataResourceType::Array => structure.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        DataResourceType::Tree => structure.as_array().is_some_and(|nodes| nodes.iter().all(is_node)),
    }
}

/// Whether `value` is a tree node: a `code` and a `name`, and children
/// that are nodes too.
fn is_node(value: &Value) -> bool {
    value.get("code").and_then(Value::as_str).is_some_and(|code| !code.is_empty())
        && value.get("name").and_then(Value::as_str).is_some()
        && value.get("children").is_none_or(|c| c.is_null() || c.as_array().is_some_and(|c| c.iter().all(is_node)))
}

/// What the rules see of a structure: its text or its items.
fn measure(structure: &Value) -> Measure {
    match structure {
        Value::String(text) => text.as_str().into(),
        Value::Array(items) => items.as_slice().into(),
        Value::Null => Measure::Absent,
        _ => Measure::Number(0),
    }
}

/// The rules of a structure of `kind`, in the service's order.
fn structure_rules(kind: Option<DataResourceType>) -> &'static [Rule] {
    match kind {
        Some(DataResourceType::Array) => &[Rule::MinItems(1), Rule::NotEmpty],
        Some(DataResourceType::Tree) => &[Rule::MinItems(1)],
        Some(DataResourceType::String) | None => REQUIRED,
    }
}

/// The position of the resource `code` of `namespace`.
fn position(state: &State, namespace: &str, code: &str) -> Result<usize, ApiFault> {
    state
        .data_resources
        .iter()
        .position(|r| r.namespace == namespace && r.code == code)
        .ok_or_else(|| ApiFault::of(&errors::DATA_RESOURCE_NOT_FOUND).with_detail(format!("no {namespace}/{code}")))
}

/// Refuses a name another resource of the namespace has.
fn check_free_name(state: &State, namespace: &str, name: &str, other_than: Option<usize>) -> Result<(), ApiFault> {
    let taken = state
        .data_resources
        .iter()
        .enumerate()
        .any(|(i, r)| Some(i) != other_than && r.namespace == namespace && r.name == name);
    if taken { Err(ApiFault::of(&errors::DATA_RESOURCE_NAME_TAKEN)) } else { Ok(()) }
}

/// A `...DataResourceRespDto`: the resource as created, read or changed.
fn render(resource: &DataResource) -> Value {
    json!({
        "namespaceCode": resource.namespace,
        "resourceCode": resource.code,
        "resourceName": resource.name,
        "type": resource.kind,
        "description": resource.description,
        "struct": resource.structure,
        "actions": resource.actions,
        "extendFieldList": resource.extend_fields,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewResource {
    #[serde(default)]
    namespace_code: String,
    #[serde(default)]
    resource_name: String,
    #[serde(default)]
    resource_code: String,
    #[serde(rename = "type")]
    kind: Option<DataResourceType>,
    #[serde(default, rename = "struct")]
    structure: Value,
    #[serde(default)]
    actions: Vec<String>,
    description: Option<String>,
    #[serde(default)]
    extend_field_list: Vec<Value>,
}

/// Creates the resource `new` describes, of `kind` (the operation's, or the request's).
fn create(new: NewResource, kind: DataResourceType, state: &mut State) -> Outcome {
    rules::check(&[
        ("namespaceCode", (&new.namespace_code).into(), REQUIRED),
        ("resourceName", (&new.resource_name).into(), REQUIRED),
        ("resourceCode", (&new.resource_code).into(), REQUIRED),
        ("struct", measure(&new.structure), structure_rules(Some(kind))),
        ("actions", (&new.actions).into(), REQUIRED),
    ])?;
    if !fits(kind, &new.structure) {
        return Err(ApiFault::invalid("struct", format!("not the structure of a {kind:?} resource")));
    }
    if state.namespaces.get(&new.namespace_code).is_none() {
        return Err(ApiFault::of(&errors::PERMISSION_NAMESPACE_NOT_FOUND));
    }
    if state.data_resources.iter().any(|r| r.namespace == new.namespace_code && r.code == new.resource_code) {
        return Err(ApiFault::of(&errors::DATA_RESOURCE_CODE_TAKEN));
    }
    check_free_name(state, &new.namespace_code, &new.resource_name, None)?;
    let now = now_ms();
    let resource = DataResource {
        id: state.new_id(),
        namespace: new.namespace_code,
        code: new.resource_code,
        name: new.resource_name,
        description: new.description.unwrap_or_default(),
        kind,
        structure: new.structure,
        actions: new.actions,
        extend_fields: new.extend_field_list,
        created_at: now,
        updated_at: now,
    };
    let rendered = render(&resource);
    state.data_resources.push(resource);
    Ok(rendered)
}

/// `createDataResource`: of the type the request names.
pub(super) fn create_data_resource(input: &Input, state: &mut State) -> Outcome {
    let new: NewResource = typed(input)?;
    let kind = new.kind.unwrap_or_default();
    create(new, kind, state)
}

/// `createDataResourceByString`.
pub(super) fn create_data_resource_by_string(input: &Input, state: &mut State) -> Outcome {
    create(typed(input)?, DataResourceType::String, state)
}

/// `createDataResourceByArray`.
pub(super) fn create_data_resource_by_array(input: &Input, state: &mut State) -> Outcome {
    create(typed(input)?, DataResourceType::Array, state)
}

/// `createDataResourceByTree`.
pub(super) fn create_data_resource_by_tree(input: &Input, state: &mut State) -> Outcome {
    create(typed(input)?, DataResourceType::Tree, state)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourcesListing {
    #[serde(flatten)]
    listing: Listing,
    #[serde(default)]
    namespace_codes: Vec<String>,
}

/// `listDataResources`: in creation order, optionally only those of the
/// namespaces given and those whose code or name holds the query. This
/// listing's page size is refused by the policy service, in its words.
pub(super) fn list_data_resources(input: &Input, state: &mut State) -> Outcome {
    let request: ResourcesListing = typed(input)?;
    if request.listing.paging.limit.is_some_and(|limit| !(1..=MAX_BATCH as i64).contains(&limit)) {
        return Err(ApiFault::new(
            &errors::POLICY_SERVICE_REFUSED,
            ["page size must be greater than 0 and less than 50"],
        ));
    }
    let page = request.listing.page()?;
    let query = &request.listing.query;
    let list: Vec<Value> = state
        .data_resources
        .iter()
        .filter(|r| request.namespace_codes.is_empty() || request.namespace_codes.contains(&r.namespace))
        .filter(|r| contains_ci(&r.code, query) || contains_ci(&r.name, query))
        .map(|r| {
            let namespace_name = state.namespaces.get(&r.namespace).map_or("", |n| n.name.as_str());
            json!({
                "resourceName": r.name,
                "resourceCode": r.code,
                "type": r.kind,
                "description": r.description,
                "namespaceCode": r.namespace,
                "namespaceName": namespace_name,
                "authorizationNum": super::policies::naming(state, r).count(),
                "updatedAt": iso8601(r.updated_at),
            })
        })
        .collect();
    Ok(page.of(list))
}

/// A request naming one resource.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByCode {
    #[serde(default)]
    namespace_code: String,
    #[serde(default)]
    resource_code: String,
}

impl ByCode {
    /// The resource's position, once both codes are given.
    fn position(&self, state: &State) -> Result<usize, ApiFault> {
        rules::check(&[
            ("resourceCode", (&self.resource_code).into(), REQUIRED),
            ("namespaceCode", (&self.namespace_code).into(), REQUIRED),
        ])?;
        position(state, &self.namespace_code, &self.resource_code)
    }
}

/// `getDataResource`.
pub(super) fn get_data_resource(input: &Input, state: &mut State) -> Outcome {
    let index = typed::<ByCode>(input)?.position(state)?;
    Ok(render(&state.data_resources[index]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(flatten)]
    resource: ByCode,
    resource_name: Option<String>,
    description: Option<String>,
    #[serde(rename = "struct")]
    structure: Option<Value>,
    actions: Option<Vec<String>>,
}

/// `updateDataResource`: changes the fields given; the structure keeps
/// its type's shape and the name stays unique.
pub(super) fn update_data_resource(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    let index = update.resource.position(state)?;
    let kind = state.data_resources[index].kind;
    if let Some(structure) = &update.structure {
        rules::check(&[("struct", measure(structure), structure_rules(Some(kind)))])?;
        if !fits(kind, structure) {
            return Err(ApiFault::invalid("struct", format!("not the structure of a {kind:?} resource")));
        }
    }
    if let Some(actions) = &update.actions {
        rules::check(&[("actions", actions.into(), REQUIRED)])?;
    }
    if let Some(name) = &update.resource_name {
        rules::check(&[("resourceName", name.into(), REQUIRED)])?;
        check_free_name(state, &update.resource.namespace_code, name, Some(index))?;
    }
    let resource = &mut state.data_resources[index];
    if let Some(name) = update.resource_name {
        resource.name = name;
    }
    if let Some(description) = update.description {
        resource.description = description;
    }
    if let Some(structure) = update.structure {
        resource.structure = structure;
    }
    if let Some(actions) = update.actions {
        resource.actions = actions;
    }
    resource.updated_at = now_ms();
    Ok(render(resource))
}

/// `deleteDataResource`. Policies that name it keep naming it, as they
/// may name resources not created yet.
pub(super) fn delete_data_resource(input: &Input, state: &mut State) -> Outcome {
    let index = typed::<ByCode>(input)?.position(state)?;
    state.data_resources.remove(index);
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Candidate {
    #[serde(default)]
    namespace_code: String,
    resource_name: Option<String>,
    resource_code: Option<String>,
}

/// `checkDataResourceExists`: whether a new resource of the namespace
/// could take the code and the name given; `isValid` is false, with the
/// reason, when another resource has either.
pub(super) fn check_data_resource_exists(input: &Input, state: &mut State) -> Outcome {
    let candidate: Candidate = typed(input)?;
    rules::check(&[("namespaceCode", (&candidate.namespace_code).into(), REQUIRED)])?;
    let of_namespace = || state.data_resources.iter().filter(|r| r.namespace == candidate.namespace_code);
    let taken = if candidate.resource_code.as_ref().is_some_and(|code| of_namespace().any(|r| &r.code == code)) {
        Some(&errors::DATA_RESOURCE_CODE_TAKEN)
    } else if candidate.resource_name.as_ref().is_some_and(|name| of_namespace().any(|r| &r.name == name)) {
        Some(&errors::DATA_RESOURCE_NAME_TAKEN)
    } else {
        None
    };
    // The reason is the answer's data, not a refusal: the service words it in Chinese.
    Ok(match taken {
        Some(refusal) => json!({ "isValid": false, "message": ApiFault::of(refusal).message(errors::Lang::ZhCn) }),
        None => json!({ "isValid": true }),
    })
}

/// An extended field's definition, as the request carries it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    #[serde(default)]
    key: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    value_type: String,
    description: Option<String>,
    config: Option<Value>,
}

impl Field {
    fn check(&self) -> Result<(), ApiFault> {
        rules::check(&[
            ("key", (&self.key).into(), REQUIRED),
            ("label", (&self.label).into(), REQUIRED),
            ("valueType", (&self.value_type).into(), REQUIRED),
        ])
    }

    /// An `ExtendField`.
    fn render(self) -> Value {
        let mut out = Map::new();
        out.insert("key".into(), json!(self.key));
        out.insert("label".into(), json!(self.label));
        out.insert("valueType".into(), json!(self.value_type));
        if let Some(description) = self.description {
            out.insert("description".into(), json!(description));
        }
        if let Some(config) = self.config {
            out.insert("config".into(), config);
        }
        Value::Object(out)
    }
}

/// The key of a stored `ExtendField`.
fn key_of(field: &Value) -> &str {
    field.get("key").and_then(Value::as_str).unwrap_or_default()
}

/// Adds `fields` to the resource at `index`; every key must be new.
fn define(state: &mut State, index: usize, fields: Vec<Field>) -> Outcome {
    let mut keys: Vec<&str> = state.data_resources[index].extend_fields.iter().map(key_of).collect();
    for field in &fields {
        field.check()?;
        if keys.contains(&field.key.as_str()) {
            return Err(ApiFault::new(&errors::DATA_RESOURCE_FIELD_CONFLICT, [field.key.as_str()]));
        }
        keys.push(&field.key);
    }
    state.data_resources[index].extend_fields.extend(fields.into_iter().map(Field::render));
    success()
}

#[derive(Deserialize)]
struct NewField {
    #[serde(flatten)]
    resource: ByCode,
    #[serde(flatten)]
    field: Field,
}

/// `createDnef`: an extended field on a data resource.
pub(super) fn create_dnef(input: &Input, state: &mut State) -> Outcome {
    let request: NewField = typed(input)?;
    let index = request.resource.position(state)?;
    define(state, index, vec![request.field])
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewFields {
    #[serde(flatten)]
    resource: ByCode,
    #[serde(default)]
    field_list: Vec<Field>,
}

/// `batchCreateDnef`: every field is defined, or none is.
pub(super) fn batch_create_dnef(input: &Input, state: &mut State) -> Outcome {
    let request: NewFields = typed(input)?;
    let index = request.resource.position(state)?;
    rules::check(&[("fieldList", (&request.field_list).into(), REQUIRED)])?;
    define(state, index, request.field_list)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldChange {
    #[serde(flatten)]
    resource: ByCode,
    #[serde(default)]
    key: String,
    label: Option<String>,
    description: Option<String>,
    config: Option<Value>,
}

impl FieldChange {
    /// The resource's position and the field's within it.
    fn positions(&self, state: &State) -> Result<(usize, usize), ApiFault> {
        let index = self.resource.position(state)?;
        rules::check(&[("key", (&self.key).into(), REQUIRED)])?;
        let field = state.data_resources[index]
            .extend_fields
            .iter()
            .position(|f| key_of(f) == self.key)
            .ok_or_else(|| ApiFault::new(&errors::DATA_RESOURCE_FIELD_NOT_FOUND, [self.key.as_str()]))?;
        Ok((index, field))
    }
}

/// `updateDnef`: changes the label, description or options given.
pub(super) fn update_dnef(input: &Input, state: &mut State) -> Outcome {
    let change: FieldChange = typed(input)?;
    let (index, at) = change.positions(state)?;
    let Some(field) = state.data_resources[index].extend_fields[at].as_object_mut() else {
        return Err(ApiFault::invalid("key", "the stored field is not an object"));
    };
    for (key, value) in [
        ("label", change.label.map(Value::from)),
        ("description", change.description.map(Value::from)),
        ("config", change.config),
    ] {
        if let Some(value) = value {
            field.insert(key.into(), value);
        }
    }
    success()
}

/// `deleteDnef`.
pub(super) fn delete_dnef(input: &Input, state: &mut State) -> Outcome {
    let change: FieldChange = typed(input)?;
    let (index, at) = change.positions(state)?;
    state.data_resources[index].extend_fields.remove(at);
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldsListing {
    #[serde(flatten)]
    resource: ByCode,
    start_index: Option<i64>,
    max_size: Option<i64>,
    #[serde(default)]
    query: String,
}

/// `listDnef`: the fields from `startIndex` on, `maxSize` at a time
/// (10 unless asked), optionally only those whose key or label holds the query.
pub(super) fn list_dnef(input: &Input, state: &mut State) -> Outcome {
    let request: FieldsListing = typed(input)?;
    let index = request.resource.position(state)?;
    rules::check(&[("maxSize", Measure::from(request.max_size), &[Rule::Max(MAX_BATCH as i64)])])?;
    let start =
        usize::try_from(request.start_index.unwrap_or(0)).map_err(|_| ApiFault::invalid("startIndex", "negative"))?;
    let size = usize::try_from(request.max_size.unwrap_or(10)).map_err(|_| ApiFault::invalid("maxSize", "negative"))?;
    let matching: Vec<&Value> = state.data_resources[index]
        .extend_fields
        .iter()
        .filter(|f| {
            let label = f.get("label").and_then(Value::as_str).unwrap_or_default();
            contains_ci(key_of(f), &request.query) || contains_ci(label, &request.query)
        })
        .collect();
    let list: Vec<&Value> = matching.iter().skip(start).take(size).copied().collect();
    let next = start + list.len();
    Ok(json!({ "list": list, "nextStartIndex": next, "truncated": next < matching.len() }))
}
