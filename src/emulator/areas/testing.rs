//! The harness of the areas' unit tests: each drives its handlers through
//! [`handle`] with JSON inputs as the core would pass them, and checks
//! every answer against the spec's response schema.

pub(super) use super::{ApiFault, handle};
pub(super) use crate::ApiCode;
pub(super) use crate::emulator::errors::{self, Lang};
pub(super) use crate::emulator::state::{State, SyncRelation};
pub(super) use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// Runs an implemented operation on `input` as a request carrying it
/// would be run: through the spec's checks first.
pub(super) fn call(state: &mut State, op: &str, input: Value) -> Result<Value, ApiFault> {
    let Value::Object(fields) = input else { panic!("test inputs are objects") };
    let spec = crate::emulator::schema::spec().operation(op).unwrap_or_else(|| panic!("{op} is in the spec"));
    let input = spec.input_from_fields(&fields)?;
    handle(op, &input, state).unwrap_or_else(|| panic!("{op} has a stateful implementation"))
}

/// The schema of each operation's `data`, from the spec the emulator serves.
pub(super) fn data_schema(op: &str) -> Value {
    static SCHEMAS: OnceLock<Map<String, Value>> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| {
        let spec: Value = serde_json::from_str(include_str!("../../../spec/openapi.json")).expect("the spec parses");
        let envelope = |op: &Value| {
            let name = op.pointer("/responses/200/content/application~1json/schema/$ref")?.as_str()?;
            let name = name.rsplit('/').next()?;
            spec.pointer(&format!("/components/schemas/{name}/properties/data")).cloned()
        };
        let operations = spec["paths"].as_object().into_iter().flat_map(|p| p.values()).filter_map(Value::as_object);
        operations
            .flat_map(|methods| methods.values())
            .filter_map(|op| Some((op["operationId"].as_str()?.to_owned(), envelope(op)?)))
            .collect()
    });
    schemas.get(op).cloned().unwrap_or_else(|| panic!("{op} answers with an envelope holding data"))
}

/// Runs an operation that must succeed, and checks its answer against the
/// spec's response schema, so every test also checks the wire shape.
pub(super) fn ok(state: &mut State, op: &str, input: Value) -> Value {
    let data = call(state, op, input).unwrap_or_else(|fault| panic!("{op} failed: {fault:?}"));
    if let Err(mismatch) = crate::emulator::schema::spec().validate(&data, &data_schema(op), "data") {
        panic!("{op} answered outside its schema: {}\n{data:#}", mismatch.detail);
    }
    data
}

/// Runs an operation whose answer carries no data (a `CommonResponseDto`), which must succeed.
pub(super) fn done(state: &mut State, op: &str, input: Value) {
    if let Err(fault) = call(state, op, input) {
        panic!("{op} failed: {fault:?}");
    }
}

/// Runs an operation that must be refused.
pub(super) fn refused(state: &mut State, op: &str, input: Value) -> ApiFault {
    match call(state, op, input) {
        Ok(data) => panic!("{op} unexpectedly succeeded: {data}"),
        Err(fault) => fault,
    }
}

pub(super) fn codes(fault: &ApiFault) -> (i64, Option<ApiCode>) {
    (fault.status_code(), fault.api_code())
}

/// Creates a user and returns its id.
pub(super) fn user(state: &mut State, fields: Value) -> String {
    let created = ok(state, "createUser", fields);
    created["userId"].as_str().expect("userId is a string").to_owned()
}

/// Creates an organization and returns its root department's id.
pub(super) fn organization(state: &mut State, code: &str) -> String {
    let created = ok(state, "createOrganization", json!({ "organizationCode": code, "organizationName": code }));
    created["departmentId"].as_str().expect("departmentId is a string").to_owned()
}

/// Creates a department under `parent` (an id, or `root`) and returns its id.
pub(super) fn department(state: &mut State, org: &str, parent: &str, name: &str, code: &str) -> String {
    let created = ok(
        state,
        "createDepartment",
        json!({ "organizationCode": org, "parentDepartmentId": parent, "name": name, "code": code }),
    );
    created["departmentId"].as_str().expect("departmentId is a string").to_owned()
}

pub(super) fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|u| u["userId"].as_str().or(u["departmentId"].as_str()).expect("an id").to_owned())
        .collect()
}

#[test]
fn the_answer_shape_check_is_not_vacuous() {
    let check = |op: &str, data: Value| crate::emulator::schema::spec().validate(&data, &data_schema(op), "data");
    assert!(check("listUsers", json!({ "totalCount": "3", "list": [] })).is_err());
    assert!(check("getUser", json!({ "userId": "u" })).is_err());
    assert!(check("isUserExists", json!({ "exists": false })).is_ok());
}

#[test]
fn operations_without_business_logic_are_left_to_the_core() {
    assert!(handle("listWebhooks", &Map::new(), &mut State::default()).is_none());
}

pub(super) fn user_with(state: &mut State, email: &str) -> String {
    user(state, json!({ "email": email }))
}

/// The refusal's message as a zh-CN client reads it.
pub(super) fn zh(fault: &ApiFault) -> String {
    fault.message(errors::Lang::ZhCn)
}

pub(super) fn codes_of(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item["code"].as_str().expect("code is a string").to_owned())
        .collect()
}
