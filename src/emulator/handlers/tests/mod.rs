//! Behaviour of the handlers, driven through [`handle`] with JSON inputs as
//! the core would pass them.

use super::*;
use crate::ApiCode;
use crate::emulator::errors::{self, Lang};
use crate::emulator::state::SyncRelation;
use std::sync::OnceLock;

mod data_permissions;
mod records;
mod tenants;

/// Runs an implemented operation on `input` as a request carrying it
/// would be run: through the spec's checks first.
fn call(state: &mut State, op: &str, input: Value) -> Result<Value, ApiFault> {
    let Value::Object(fields) = input else { panic!("test inputs are objects") };
    let spec = crate::emulator::schema::spec().operation(op).unwrap_or_else(|| panic!("{op} is in the spec"));
    let input = spec.input_from_fields(&fields)?;
    handle(op, &input, state).unwrap_or_else(|| panic!("{op} has a stateful implementation"))
}

/// The schema of each operation's `data`, from the spec the emulator serves.
fn data_schema(op: &str) -> Value {
    static SCHEMAS: OnceLock<Map<String, Value>> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| {
        let spec: Value = serde_json::from_str(include_str!("../../../../spec/openapi.json")).expect("the spec parses");
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
fn ok(state: &mut State, op: &str, input: Value) -> Value {
    let data = call(state, op, input).unwrap_or_else(|fault| panic!("{op} failed: {fault:?}"));
    if let Err(mismatch) = crate::emulator::schema::spec().validate(&data, &data_schema(op), "data") {
        panic!("{op} answered outside its schema: {}\n{data:#}", mismatch.detail);
    }
    data
}

/// Runs an operation whose answer carries no data (a `CommonResponseDto`), which must succeed.
fn done(state: &mut State, op: &str, input: Value) {
    if let Err(fault) = call(state, op, input) {
        panic!("{op} failed: {fault:?}");
    }
}

/// Runs an operation that must be refused.
fn refused(state: &mut State, op: &str, input: Value) -> ApiFault {
    match call(state, op, input) {
        Ok(data) => panic!("{op} unexpectedly succeeded: {data}"),
        Err(fault) => fault,
    }
}

fn codes(fault: &ApiFault) -> (i64, Option<ApiCode>) {
    (fault.status_code(), fault.api_code())
}

/// Creates a user and returns its id.
fn user(state: &mut State, fields: Value) -> String {
    let created = ok(state, "createUser", fields);
    created["userId"].as_str().expect("userId is a string").to_owned()
}

/// Creates an organization and returns its root department's id.
fn organization(state: &mut State, code: &str) -> String {
    let created = ok(state, "createOrganization", json!({ "organizationCode": code, "organizationName": code }));
    created["departmentId"].as_str().expect("departmentId is a string").to_owned()
}

/// Creates a department under `parent` (an id, or `root`) and returns its id.
fn department(state: &mut State, org: &str, parent: &str, name: &str, code: &str) -> String {
    let created = ok(
        state,
        "createDepartment",
        json!({ "organizationCode": org, "parentDepartmentId": parent, "name": name, "code": code }),
    );
    created["departmentId"].as_str().expect("departmentId is a string").to_owned()
}

fn ids(list: &Value) -> Vec<String> {
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
    assert!(handle("listApplications", &Map::new(), &mut State::default()).is_none());
}

#[test]
fn every_user_id_type_resolves_to_the_same_user() {
    let mut state = State::default();
    user(&mut state, json!({ "username": "someone-else" }));
    let id = user(
        &mut state,
        json!({
            "username": "alice",
            "email": "Alice@Example.com",
            "phone": "13800000001",
            "externalId": "ext-1",
            "customData": { "employeeNo": "E-42", "level": 7 },
            "identities": [{
                "extIdpId": "62f20932716fbcc10d966ee5", "provider": "lark", "type": "openid",
                "userIdInIdp": "ou_8bae7", "originConnIds": []
            }],
        }),
    );
    state.users[1].sync_relations.push(SyncRelation { provider: "wechatwork".into(), id: "ww:1".into() });
    let references = [
        ("user_id", id.as_str()),
        ("username", "alice"),
        ("email", "alice@example.com"),
        ("phone", "13800000001"),
        ("external_id", "ext-1"),
        ("identity", "62f20932716fbcc10d966ee5:ou_8bae7"),
        ("sync_relation", "wechatwork:ww:1"),
        ("sync_relation", "lark:ou_8bae7"),
        ("custom_field", "E-42"),
        ("custom_field", "7"),
    ];
    for (id_type, reference) in references {
        let found = ok(&mut state, "getUser", json!({ "userId": reference, "userIdType": id_type }));
        assert_eq!(found["userId"], json!(id), "{id_type} {reference}");
    }
    // Without a type the reference is a user id.
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": id }))["username"], "alice");
    // The type also travels inside `options`.
    let renamed = ok(
        &mut state,
        "updateUser",
        json!({ "userId": "ext-1", "nickname": "Al", "options": { "userIdType": "external_id" } }),
    );
    assert_eq!(renamed["nickname"], "Al");
}

#[test]
fn unknown_users_are_404_2004_everywhere() {
    let mut state = State::default();
    let reference = json!({ "userId": "000000000000000000000000" });
    for op in [
        "getUser",
        "updateUser",
        "resignUser",
        "getUserRoles",
        "getUserGroups",
        "getUserDepartments",
        "getUserIdentities",
    ] {
        let fault = refused(&mut state, op, reference.clone());
        assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code), "{op}");
        assert!(fault.to_string().contains("000000000000000000000000"), "{op}: {fault}");
    }
    let fault = refused(&mut state, "getUser", json!({ "userId": "nobody@example.com", "userIdType": "email" }));
    assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code));
}

#[test]
fn malformed_and_ambiguous_references_are_invalid_arguments() {
    let mut state = State::default();
    user(&mut state, json!({ "username": "a", "customData": { "team": "red" } }));
    user(&mut state, json!({ "username": "b", "customData": { "team": "red" } }));
    let fault = refused(&mut state, "getUser", json!({ "userId": "no-colon", "userIdType": "identity" }));
    assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));
    let fault = refused(&mut state, "getUser", json!({ "userId": "red", "userIdType": "custom_field" }));
    assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));
}

#[test]
fn creation_enforces_identifiers_and_uniqueness() {
    let mut state = State::default();
    let created =
        ok(&mut state, "createUser", json!({ "email": "bob@example.com", "name": "Bob", "city": "Hangzhou" }));
    assert_eq!(created["status"], "Activated");
    assert_eq!(created["workStatus"], "Active");
    assert_eq!(created["gender"], "U");
    assert_eq!(created["city"], "Hangzhou");
    assert_eq!(created["loginsCount"], json!(0));
    assert!(created["createdAt"].as_str().is_some_and(|t| t.ends_with('Z')));

    let fault = refused(&mut state, "createUser", json!({ "email": "BOB@example.com" }));
    assert_eq!(codes(&fault), (400, errors::USER_CONFLICT.api_code));
    let fault = refused(&mut state, "createUser", json!({ "name": "nameless" }));
    assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));

    // A batch is all or nothing, clashes inside the batch included.
    let fault = refused(
        &mut state,
        "createUsersBatch",
        json!({ "list": [{ "username": "c1" }, { "username": "c2" }, { "username": "c1" }] }),
    );
    assert_eq!(codes(&fault), (400, errors::USER_CONFLICT.api_code));
    assert!(fault.detail().is_some_and(|d| d.starts_with("list[2]")), "{fault}");
    assert_eq!(state.users.len(), 1);
    let batch =
        ok(&mut state, "createUsersBatch", json!({ "list": [{ "username": "c1" }, { "phone": "13900000000" }] }));
    assert_eq!(batch.as_array().map(Vec::len), Some(2));
    assert_eq!(state.users.len(), 3);

    let exists = |state: &mut State, probe: Value| ok(state, "isUserExists", probe)["exists"].clone();
    assert_eq!(exists(&mut state, json!({ "username": "c1" })), json!(true));
    assert_eq!(exists(&mut state, json!({ "email": "Bob@Example.com" })), json!(true));
    assert_eq!(exists(&mut state, json!({ "phone": "0" })), json!(false));
    let fault = refused(&mut state, "isUserExists", json!({}));
    assert_eq!(fault.message(errors::Lang::ZhCn), "参数 username, email, phone, externalId 格式错误");
}

#[test]
fn update_changes_present_fields_and_rechecks_uniqueness() {
    let mut state = State::default();
    let id = user(&mut state, json!({ "username": "u1", "customData": { "a": 1, "b": 2 } }));
    user(&mut state, json!({ "username": "u2", "email": "taken@example.com" }));
    let updated = ok(
        &mut state,
        "updateUser",
        json!({ "userId": id, "name": "New", "customData": { "b": 3 }, "status": "Suspended" }),
    );
    assert_eq!(updated["username"], "u1");
    assert_eq!(updated["name"], "New");
    assert_eq!(updated["status"], "Suspended");
    assert!(updated["statusChangedAt"].is_string());
    let full = ok(&mut state, "getUser", json!({ "userId": id, "withCustomData": true }));
    assert_eq!(full["customData"], json!({ "a": 1, "b": 3 }));
    let flat = ok(&mut state, "getUser", json!({ "userId": id, "flatCustomData": true }));
    assert_eq!(flat["b"], json!(3));

    let fault = refused(&mut state, "updateUser", json!({ "userId": id, "email": "TAKEN@example.com" }));
    assert_eq!(codes(&fault), (400, errors::USER_CONFLICT.api_code));
    // Keeping one's own identifiers is no clash.
    ok(&mut state, "updateUser", json!({ "userId": id, "username": "u1" }));
}

/// A pool where one user belongs to a department (as leader), a group and a role.
struct Related {
    state: State,
    user: String,
    department: String,
}

fn related_user() -> Related {
    let mut state = State::default();
    let user = user(&mut state, json!({ "username": "carol", "name": "Carol", "email": "carol@example.com" }));
    organization(&mut state, "acme");
    let department = department(&mut state, "acme", "root", "Sales", "sales");
    ok(
        &mut state,
        "setUserDepartments",
        json!({ "userId": user, "departments": [{ "departmentId": department, "isLeader": true, "isMainDepartment": true }] }),
    );
    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "", "type": "static" }));
    ok(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [user] }));
    ok(&mut state, "createRole", json!({ "code": "admin", "name": "Admin" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "admin", "targets": [{ "targetType": "USER", "targetIdentifier": user }] }),
    );
    Related { state, user, department }
}

fn relation_counts(state: &mut State, user: &str) -> [Value; 3] {
    let of = |state: &mut State, op: &str| ok(state, op, json!({ "userId": user }))["totalCount"].clone();
    [of(state, "getUserRoles"), of(state, "getUserGroups"), of(state, "getUserDepartments")]
}

#[test]
fn resignation_strips_relations_keeps_the_profile_and_disables_for_good() {
    let Related { mut state, user, department } = related_user();
    assert_eq!(relation_counts(&mut state, &user), [json!(1), json!(1), json!(1)]);
    let before = ok(&mut state, "getUser", json!({ "userId": user }));
    assert_eq!(before["mainDepartmentId"], json!(department));

    assert_eq!(
        ok(&mut state, "resignUser", json!({ "userId": "carol", "userIdType": "username" })),
        json!({ "success": true })
    );

    assert_eq!(relation_counts(&mut state, &user), [json!(0), json!(0), json!(0)]);
    let after = ok(&mut state, "getUser", json!({ "userId": user }));
    assert_eq!(after["status"], "Resigned");
    assert_eq!(after["workStatus"], "Closed");
    assert_eq!(after["name"], "Carol");
    assert_eq!(after["email"], "carol@example.com");
    assert!(after.get("mainDepartmentId").is_none());
    let inside = ok(
        &mut state,
        "isUserInDepartment",
        json!({ "userId": user, "organizationCode": "acme", "departmentId": department }),
    );
    assert_eq!(inside["inDepartment"], json!(false));
    let listed =
        ok(&mut state, "listDepartmentMembers", json!({ "organizationCode": "acme", "departmentId": department }));
    assert_eq!(listed["totalCount"], json!(0));
    assert!(state.departments.iter().all(|d| d.leader_user_ids.is_empty()));

    // No way back, and no new relations.
    let again = refused(&mut state, "resignUser", json!({ "userId": user }));
    assert_eq!(codes(&again), (400, errors::USER_RESIGNED.api_code));
    let reactivate = refused(&mut state, "updateUser", json!({ "userId": user, "status": "Activated" }));
    assert_eq!(codes(&reactivate), (400, errors::USER_RESIGNED.api_code));
    let rejoin = refused(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": department, "userIds": [user] }),
    );
    assert_eq!(codes(&rejoin), (400, errors::USER_RESIGNED.api_code));
    let regroup = refused(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [user] }));
    assert_eq!(codes(&regroup), (400, errors::USER_RESIGNED.api_code));

    let unknown = refused(&mut state, "resignUser", json!({ "userId": "nobody" }));
    assert_eq!(codes(&unknown), (404, errors::USER_NOT_FOUND.api_code));
}

#[test]
fn setting_the_status_to_resigned_through_update_resigns() {
    let Related { mut state, user, .. } = related_user();
    ok(&mut state, "updateUser", json!({ "userId": user, "status": "Resigned" }));
    assert_eq!(relation_counts(&mut state, &user), [json!(0), json!(0), json!(0)]);
}

#[test]
fn batch_deletion_removes_users_and_relations_all_or_nothing() {
    let Related { mut state, user, department } = related_user();
    let other = user_with(&mut state, "dave@example.com");
    let keeper = user_with(&mut state, "erin@example.com");

    let fault = refused(
        &mut state,
        "deleteUsersBatch",
        json!({ "userIds": ["carol@example.com", "ghost@example.com"], "options": { "userIdType": "email" } }),
    );
    assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code));
    assert!(fault.to_string().contains("ghost@example.com"));
    assert_eq!(state.users.len(), 3);

    let deleted = ok(
        &mut state,
        "deleteUsersBatch",
        json!({ "userIds": ["carol@example.com", "dave@example.com"], "options": { "userIdType": "email" } }),
    );
    assert_eq!(deleted, json!({ "success": true }));
    for gone in [&user, &other] {
        let fault = refused(&mut state, "getUser", json!({ "userId": gone }));
        assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code));
    }
    ok(&mut state, "getUser", json!({ "userId": keeper }));
    let members =
        ok(&mut state, "listDepartmentMemberIds", json!({ "organizationCode": "acme", "departmentId": department }));
    assert_eq!(members, json!([]));
    assert!(state.groups.iter().all(|g| g.members.is_empty()));
    assert!(state.roles.iter().all(|r| r.assignments.is_empty()));

    let too_many: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let fault = refused(&mut state, "deleteUsersBatch", json!({ "userIds": too_many }));
    assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));
    assert!(fault.to_string().contains("userIds"));
}

fn user_with(state: &mut State, email: &str) -> String {
    user(state, json!({ "email": email }))
}

#[test]
fn get_user_batch_keeps_order_and_leaves_out_misses() {
    let mut state = State::default();
    let a = user_with(&mut state, "a@example.com");
    let b = user_with(&mut state, "b@example.com");
    let found = ok(&mut state, "getUserBatch", json!({ "userIds": [b, "x1", a, "x2"] }));
    assert_eq!(ids(&found), [b.as_str(), a.as_str()]);
    let none = ok(&mut state, "getUserBatch", json!({ "userIds": ["x1"] }));
    assert_eq!(none, json!([]));
    // A reference of an impossible shape is still malformed, not a miss.
    let fault = refused(&mut state, "getUserBatch", json!({ "userIds": ["not an email"], "userIdType": "email" }));
    assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));
}

#[test]
fn department_trees_resolve_move_and_delete() {
    let mut state = State::default();
    let root = organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let backend = department(&mut state, "acme", &eng, "Backend", "backend");
    let sales = ok(
        &mut state,
        "createDepartment",
        json!({
            "organizationCode": "acme", "parentDepartmentId": "eng", "departmentIdType": "code",
            "name": "Sales Engineering", "code": "sales-eng", "openDepartmentId": "open-7",
            "customData": { "costCenter": "CC9" }
        }),
    );
    let sales = sales["departmentId"].as_str().expect("an id").to_owned();

    // Every department id type, plus `root` and `departmentCode`.
    for (reference, id_type, expected) in [
        ("root", "department_id", &root),
        ("eng", "code", &eng),
        ("open-7", "open_department_id", &sales),
        ("CC9", "custom_field", &sales),
    ] {
        let found = ok(
            &mut state,
            "getDepartment",
            json!({ "organizationCode": "acme", "departmentId": reference, "departmentIdType": id_type }),
        );
        assert_eq!(&found["departmentId"], &json!(expected), "{id_type} {reference}");
    }
    state.departments.iter_mut().filter(|d| d.id == backend).for_each(|d| {
        d.sync_relations.push(SyncRelation { provider: "lark".into(), id: "od-1".into() });
    });
    let found = ok(
        &mut state,
        "getDepartment",
        json!({ "organizationCode": "acme", "departmentId": "lark:od-1", "departmentIdType": "sync_relation" }),
    );
    assert_eq!(found["departmentId"], json!(backend));
    let by_code = ok(&mut state, "getDepartment", json!({ "departmentCode": "backend" }));
    assert_eq!(by_code["departmentId"], json!(backend));
    assert_eq!(by_code["parentDepartmentCode"], "eng");

    let children =
        ok(&mut state, "listChildrenDepartments", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(ids(&children["list"]), [backend.as_str(), sales.as_str()]);
    assert_eq!(children["totalCount"], json!(2));
    let parent = ok(&mut state, "getParentDepartment", json!({ "organizationCode": "acme", "departmentId": backend }));
    assert_eq!(parent["departmentId"], json!(eng));
    assert_eq!(parent["hasChildren"], json!(true));
    let fault =
        refused(&mut state, "getParentDepartment", json!({ "organizationCode": "acme", "departmentId": "root" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));

    let found = ok(&mut state, "searchDepartments", json!({ "organizationCode": "acme", "keywords": "ENG" }));
    assert_eq!(ids(&found), [eng.as_str(), sales.as_str()]);

    // Moving: not below itself; then for real.
    let fault = refused(
        &mut state,
        "updateDepartment",
        json!({ "organizationCode": "acme", "departmentId": eng, "parentDepartmentId": backend }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_FORBIDDEN.api_code));
    let moved = ok(
        &mut state,
        "updateDepartment",
        json!({ "organizationCode": "acme", "departmentId": sales, "parentDepartmentId": "root", "name": "Sales" }),
    );
    assert_eq!(moved["parentDepartmentId"], json!(root));
    assert_eq!(moved["name"], "Sales");

    let fault = refused(
        &mut state,
        "createDepartment",
        json!({ "organizationCode": "acme", "parentDepartmentId": "root", "name": "Again", "code": "eng" }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));
    let fault = refused(&mut state, "getDepartment", json!({ "organizationCode": "acme", "departmentId": "nope" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));
    let fault = refused(&mut state, "getDepartment", json!({ "organizationCode": "nope", "departmentId": "root" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));

    // Deleting takes the subtree; a root goes only with its organization.
    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert!(state.department(&backend).is_none());
    assert!(state.department(&sales).is_some());
    let fault = refused(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": "root" }));
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_FORBIDDEN.api_code));
    ok(&mut state, "deleteOrganization", json!({ "organizationCode": "acme" }));
    assert!(state.departments.is_empty() && state.organizations.is_empty());
}

#[test]
fn organizations_are_unique_renamable_and_listed() {
    let mut state = State::default();
    organization(&mut state, "acme");
    organization(&mut state, "globex");
    let fault =
        refused(&mut state, "createOrganization", json!({ "organizationCode": "acme", "organizationName": "x" }));
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));
    let lead = user_with(&mut state, "lead@example.com");
    department(&mut state, "acme", "root", "Ops", "ops");
    let updated = ok(
        &mut state,
        "updateOrganization",
        json!({ "organizationCode": "acme", "organizationNewCode": "acme2", "organizationName": "Acme", "leaderUserIds": [lead] }),
    );
    assert_eq!(updated["organizationCode"], "acme2");
    assert_eq!(updated["organizationName"], "Acme");
    assert_eq!(updated["leaderUserIds"], json!([lead]));
    assert_eq!(updated["membersCount"], json!(1));
    assert_eq!(updated["hasChildren"], json!(true));
    ok(&mut state, "getDepartment", json!({ "organizationCode": "acme2", "departmentCode": "ops" }));
    let fault = refused(
        &mut state,
        "updateOrganization",
        json!({ "organizationCode": "acme2", "organizationNewCode": "globex" }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));

    let listed = ok(&mut state, "listOrganizations", json!({ "page": 2, "limit": 1 }));
    assert_eq!(listed["totalCount"], json!(2));
    assert_eq!(listed["list"][0]["organizationCode"], "globex");
}

#[test]
fn search_organizations_matches_name_or_code_and_checks_its_paging() {
    let mut state = State::default();
    ok(&mut state, "createOrganization", json!({ "organizationCode": "acme", "organizationName": "Acme 总部" }));
    ok(&mut state, "createOrganization", json!({ "organizationCode": "globex", "organizationName": "Globex" }));
    let found = ok(&mut state, "searchOrganizations", json!({ "keywords": "acme 总" }));
    assert_eq!(found["totalCount"], json!(1));
    assert_eq!(found["list"][0]["organizationCode"], "acme");
    let by_code = ok(&mut state, "searchOrganizations", json!({ "keywords": "GLOB", "page": 1, "limit": 5 }));
    assert_eq!(by_code["list"][0]["organizationName"], "Globex");
    let none = ok(&mut state, "searchOrganizations", json!({ "keywords": "initech" }));
    assert_eq!(none["totalCount"], json!(0));
    for (input, parameter) in [
        (json!({ "keywords": "" }), "keywords"),
        (json!({ "keywords": "acme", "page": -1 }), "page"),
        (json!({ "keywords": "acme", "limit": -1 }), "limit"),
        (json!({ "keywords": "acme", "limit": 10000 }), "limit"),
    ] {
        let fault = refused(&mut state, "searchOrganizations", input);
        assert_eq!(fault.message(Lang::ZhCn), format!("参数 {parameter} 格式错误"));
    }
}

#[test]
fn new_organization_codes_are_checked_for_length_then_characters() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let create = |state: &mut State, code: &str| {
        call(state, "createOrganization", json!({ "organizationCode": code, "organizationName": "Org" }))
    };
    let fault = create(&mut state, &long).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误");
    for code in ["额！ ", " ", "a b"] {
        let fault = create(&mut state, code).unwrap_err();
        assert_eq!(codes(&fault), (400, Some(ApiCode::InvalidParameter)), "{code:?}");
        assert_eq!(fault.message(Lang::EnUs), format!("invalid organization code: {code}"));
    }
    assert!(create(&mut state, &"1".repeat(64)).is_ok(), "64 characters are allowed");
    // An empty code is accepted, and the organization is named by its root's id.
    let created = create(&mut state, "").expect("an empty code is accepted");
    assert_eq!(created["organizationCode"], created["departmentId"]);
    let code = created["organizationCode"].as_str().expect("a code").to_owned();
    ok(&mut state, "getDepartment", json!({ "organizationCode": code, "departmentId": "root" }));

    organization(&mut state, "acme");
    let rename = |state: &mut State, new_code: &str| {
        call(state, "updateOrganization", json!({ "organizationCode": "acme", "organizationNewCode": new_code }))
    };
    let fault = rename(&mut state, &long).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 organizationNewCode 格式错误");
    for new_code in ["额！ ", " "] {
        let fault = rename(&mut state, new_code).unwrap_err();
        assert_eq!(fault.message(Lang::ZhCn), format!("invalid organization code: {new_code}"));
    }
    assert_eq!(state.organizations.iter().filter(|o| o.code == "acme").count(), 1, "refusals change nothing");
    let same = ok(&mut state, "updateOrganization", json!({ "organizationCode": "acme", "organizationName": "Acme" }));
    assert_eq!(same["organizationCode"], "acme");

    // Changing or deleting names an organization, which an empty code cannot.
    for op in ["updateOrganization", "deleteOrganization"] {
        let fault = refused(&mut state, op, json!({ "organizationCode": "" }));
        assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误", "{op}");
        let fault = refused(&mut state, op, json!({ "organizationCode": "nope" }));
        assert_eq!(fault.message(Lang::ZhCn), "organization not found for code: nope", "{op}");
    }
}

#[test]
fn organization_codes_inside_a_tree_are_unknown_unless_too_long() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let ann = user(&mut state, json!({ "username": "ann" }));
    let long = "1".repeat(100);
    let reads = [
        ("getDepartment", json!({ "departmentId": eng })),
        ("deleteDepartment", json!({ "departmentId": eng })),
        ("getParentDepartment", json!({ "departmentId": eng })),
        ("listChildrenDepartments", json!({ "departmentId": eng })),
        ("listDepartmentMemberIds", json!({ "departmentId": eng })),
        ("searchDepartments", json!({ "keywords": "eng" })),
        ("searchDepartmentMembers", json!({ "departmentId": eng, "keywords": "x" })),
        ("addDepartmentMembers", json!({ "departmentId": eng, "userIds": [ann] })),
        ("isUserInDepartment", json!({ "departmentId": eng, "userId": ann })),
    ];
    for (op, input) in reads {
        let with_code = |code: &str| {
            let mut input = input.clone();
            input["organizationCode"] = json!(code);
            input
        };
        for code in ["", " ", "额！ "] {
            let fault = refused(&mut state, op, with_code(code));
            assert_eq!(codes(&fault), (404, Some(ApiCode::OrgNotFound)), "{op} {code:?}");
            assert_eq!(fault.message(Lang::ZhCn), format!("organization not found for code: {code}"), "{op}");
        }
        let fault = refused(&mut state, op, with_code(&long));
        assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误", "{op}");
    }
    let fault = refused(
        &mut state,
        "isUserInDepartment",
        json!({ "organizationCode": "nope", "departmentId": eng, "userId": "ghost" }),
    );
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND, "the organization is checked before the user");
    assert!(state.department(&eng).is_some());

    // Creating refuses a blank code in words of its own; an empty one is unknown.
    let create = |state: &mut State, code: &str| {
        refused(
            state,
            "createDepartment",
            json!({ "organizationCode": code, "parentDepartmentId": "root", "name": "N" }),
        )
    };
    assert_eq!(create(&mut state, " ").message(Lang::ZhCn), "invalid organization code  ");
    assert_eq!(create(&mut state, "").message(Lang::ZhCn), "organization not found for code: ");
    assert_eq!(create(&mut state, &long).message(Lang::ZhCn), "参数 organizationCode 格式错误");
}

#[test]
fn department_codes_follow_the_code_rules() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let update = |state: &mut State, code: &str| {
        call(state, "updateDepartment", json!({ "organizationCode": "acme", "departmentId": "root", "code": code }))
    };
    let fault = update(&mut state, &"1".repeat(100)).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 code 格式错误");
    for code in ["额！ ", " "] {
        let fault = update(&mut state, code).unwrap_err();
        assert_eq!(codes(&fault), (400, Some(ApiCode::InvalidParameter)));
        assert_eq!(fault.message(Lang::ZhCn), format!("invalid organization code: {code}"));
    }
    let updated = update(&mut state, "anyway").expect("a well-formed code");
    assert_eq!(updated["code"], "anyway");
    let fault = refused(
        &mut state,
        "createDepartment",
        json!({ "organizationCode": "acme", "parentDepartmentId": "root", "name": "N", "code": "a/b" }),
    );
    assert_eq!(fault.message(Lang::ZhCn), "invalid organization code: a/b");
}

#[test]
fn department_membership_add_remove_and_query() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let backend = department(&mut state, "acme", &eng, "Backend", "backend");
    let ann = user(&mut state, json!({ "username": "ann", "name": "Ann Lee" }));
    let ben = user(&mut state, json!({ "username": "ben", "name": "Ben Kim" }));
    let in_dept = |state: &mut State, user: &str, department: &str, children: bool| {
        ok(
            state,
            "isUserInDepartment",
            json!({ "userId": user, "organizationCode": "acme", "departmentId": department, "includeChildrenDepartments": children }),
        )["inDepartment"]
            .clone()
    };

    let fault = refused(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann, "ghost"] }),
    );
    assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code));
    assert!(state.departments.iter().all(|d| d.members.is_empty()));

    ok(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann] }),
    );
    ok(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": "backend", "departmentIdType": "code", "userIds": [ben] }),
    );
    assert_eq!(in_dept(&mut state, &ann, &eng, false), json!(true));
    assert_eq!(in_dept(&mut state, &ben, &eng, false), json!(false));
    assert_eq!(in_dept(&mut state, &ben, &eng, true), json!(true));

    let direct = ok(&mut state, "listDepartmentMembers", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(direct["totalCount"], json!(1));
    let all = ok(
        &mut state,
        "listDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "includeChildrenDepartments": true,
                "sortBy": "userId", "orderBy": "Asc", "withDepartmentIds": true }),
    );
    assert_eq!(ids(&all["list"]), [ann.as_str(), ben.as_str()]);
    assert_eq!(all["list"][1]["departmentIds"], json!([backend]));
    let found = ok(
        &mut state,
        "searchDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "keywords": "kim", "includeChildrenDepartments": true }),
    );
    assert_eq!(ids(&found["list"]), [ben.as_str()]);
    let eng_view = ok(&mut state, "getDepartment", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(eng_view["membersCount"], json!(1));

    ok(
        &mut state,
        "removeDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann] }),
    );
    assert_eq!(in_dept(&mut state, &ann, &eng, true), json!(false));
    let ids_left =
        ok(&mut state, "listDepartmentMemberIds", json!({ "organizationCode": "acme", "departmentId": backend }));
    assert_eq!(ids_left, json!([ben]));

    let too_many: Vec<String> = (0..51).map(|_| ben.clone()).collect();
    for op in ["addDepartmentMembers", "removeDepartmentMembers"] {
        let fault =
            refused(&mut state, op, json!({ "organizationCode": "acme", "departmentId": eng, "userIds": too_many }));
        assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code), "{op}");
        assert!(fault.to_string().contains("userIds"), "{op}");
    }
}

#[test]
fn set_user_departments_replaces_and_get_user_departments_pages() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let depts: Vec<String> =
        (0..4).map(|i| department(&mut state, "acme", "root", &format!("D{i}"), &format!("d{i}"))).collect();
    let id = user_with(&mut state, "x@example.com");
    let set = |state: &mut State, which: &[usize]| {
        let departments: Vec<Value> = which
            .iter()
            .map(|i| json!({ "departmentId": depts[*i], "isMainDepartment": *i == 1, "isLeader": *i == 2 }))
            .collect();
        ok(state, "setUserDepartments", json!({ "userId": id, "departments": departments }));
    };
    set(&mut state, &[0, 1, 2]);
    set(&mut state, &[1, 2, 3]);
    let listed = ok(
        &mut state,
        "getUserDepartments",
        json!({ "userId": id, "sortBy": "DepartmentName", "orderBy": "Asc", "limit": 2, "withDepartmentPaths": true }),
    );
    assert_eq!(listed["totalCount"], json!(3));
    assert_eq!(ids(&listed["list"]), [depts[1].as_str(), depts[2].as_str()]);
    assert_eq!(listed["list"][0]["isMainDepartment"], json!(true));
    assert_eq!(listed["list"][1]["isLeader"], json!(true));
    assert_eq!(listed["list"][0]["departmentCodePath"], json!(["", "d1"]));
    let second = ok(
        &mut state,
        "getUserDepartments",
        json!({ "userId": id, "sortBy": "DepartmentName", "orderBy": "Asc", "limit": 2, "page": 2 }),
    );
    assert_eq!(ids(&second["list"]), [depts[3].as_str()]);

    let fault =
        refused(&mut state, "setUserDepartments", json!({ "userId": id, "departments": [{ "departmentId": "nope" }] }));
    assert_eq!(fault.refusal(), &errors::INVALID_DEPARTMENT_ID);
    assert_eq!(codes(&fault), (404, Some(ApiCode::OrgNotFound)));
    assert_eq!(fault.message(Lang::ZhCn), "存在不合法的 departmentId: nope");
}

#[test]
fn list_users_pages_through_more_than_three_pages() {
    let mut state = State::default();
    for i in 0..37 {
        user(&mut state, json!({ "username": format!("user{i:02}") }));
    }
    let mut seen = Vec::new();
    for page in 1..=4 {
        let listed = ok(&mut state, "listUsers", json!({ "options": { "pagination": { "page": page, "limit": 10 } } }));
        assert!(listed["totalCount"].is_i64());
        assert_eq!(listed["totalCount"], json!(37));
        let expected = if page < 4 { 10 } else { 7 };
        assert_eq!(listed["list"].as_array().map(Vec::len), Some(expected), "page {page}");
        seen.extend(ids(&listed["list"]));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 37);
    assert_eq!(seen, state.users.iter().map(|u| u.id.clone()).collect::<Vec<_>>());
    let beyond = ok(&mut state, "listUsers", json!({ "options": { "pagination": { "page": 5, "limit": 10 } } }));
    assert_eq!(beyond["list"], json!([]));
    let default_page = ok(&mut state, "listUsers", json!({}));
    assert_eq!(default_page["list"].as_array().map(Vec::len), Some(10));

    for pagination in [json!({ "limit": 51 }), json!({ "limit": 0 }), json!({ "page": 0 })] {
        let fault = refused(&mut state, "listUsers", json!({ "options": { "pagination": pagination } }));
        assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code));
    }
}

#[test]
fn list_users_searches_filters_and_sorts() {
    let mut state = State::default();
    let amy = user(
        &mut state,
        json!({ "username": "amy", "name": "Amy Zhang", "email": "amy@corp.example", "address": "Beijing" }),
    );
    let bo = user(&mut state, json!({ "username": "bo", "nickname": "zhangbo", "phone": "13700000000" }));
    let cy = user(&mut state, json!({ "username": "cy", "email": "cy@other.example", "status": "Suspended" }));
    let search = |state: &mut State, body: Value| ids(&ok(state, "listUsers", body)["list"]);

    assert_eq!(search(&mut state, json!({ "keywords": "ZHANG" })), [amy.as_str(), bo.as_str()]);
    assert_eq!(search(&mut state, json!({ "keywords": "1370" })), [bo.as_str()]);
    assert_eq!(search(&mut state, json!({ "keywords": "beijing" })), Vec::<String>::new());
    assert_eq!(
        search(&mut state, json!({ "keywords": "beijing", "options": { "fuzzySearchOn": ["address"] } })),
        [amy.as_str()]
    );
    assert_eq!(
        search(
            &mut state,
            json!({ "advancedFilter": [{ "field": "status", "operator": "EQUAL", "value": "Suspended" }] })
        ),
        [cy.as_str()]
    );
    assert_eq!(
        search(
            &mut state,
            json!({ "advancedFilter": [
                { "field": "email", "operator": "CONTAINS", "value": ".example" },
                { "field": "username", "operator": "IN", "value": ["amy", "bo"] }
            ] })
        ),
        [amy.as_str()]
    );
    assert_eq!(
        search(&mut state, json!({ "advancedFilter": [{ "field": "phone", "operator": "IS_NULL" }] })),
        [amy.as_str(), cy.as_str()]
    );
    assert_eq!(
        search(&mut state, json!({ "options": { "sort": [{ "field": "username", "order": "desc" }] } })),
        [cy.as_str(), bo.as_str(), amy.as_str()]
    );
    let fault = refused(&mut state, "listUsers", json!({ "searchQuery": { "match_all": {} } }));
    assert_eq!(fault.refusal(), &errors::NOT_EMULATED);
}

#[test]
fn groups_and_roles_are_listed_per_user() {
    let Related { mut state, user, .. } = related_user();
    let roles = ok(&mut state, "getUserRoles", json!({ "userId": user }));
    assert_eq!(roles["list"][0]["code"], "admin");
    assert_eq!(roles["list"][0]["namespace"], "default");
    let other_namespace = ok(&mut state, "getUserRoles", json!({ "userId": user, "namespace": "billing" }));
    assert_eq!(other_namespace["totalCount"], json!(0));
    let groups = ok(&mut state, "getUserGroups", json!({ "userId": user }));
    assert_eq!(groups["list"][0]["code"], "staff");
    assert_eq!(ids(&groups["list"][0]["members"]), [user.as_str()]);
    let members = ok(&mut state, "listGroupMembers", json!({ "code": "staff" }));
    assert_eq!(members["totalCount"], json!(1));

    let fault = refused(
        &mut state,
        "createGroup",
        json!({ "code": "staff", "name": "x", "description": "", "type": "static" }),
    );
    assert_eq!(codes(&fault), (400, errors::GROUP_CONFLICT.api_code));
    let fault = refused(&mut state, "listGroupMembers", json!({ "code": "nope" }));
    assert_eq!(fault.refusal(), &errors::GROUP_NOT_FOUND);
    let fault = refused(
        &mut state,
        "assignRole",
        json!({ "code": "nope", "targets": [{ "targetType": "USER", "targetIdentifier": user }] }),
    );
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
    let fault = refused(
        &mut state,
        "assignRole",
        json!({ "code": "admin", "targets": [{ "targetType": "GROUP", "targetIdentifier": "staff" }] }),
    );
    assert_eq!(fault.refusal(), &errors::NOT_EMULATED);

    // An assignment that has already ended no longer counts.
    ok(&mut state, "createRole", json!({ "code": "temp" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "temp", "endTime": 1, "targets": [{ "targetType": "USER", "targetIdentifier": user }] }),
    );
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": user }))["totalCount"], json!(1));
}

/// The refusal's message as a zh-CN client reads it.
fn zh(fault: &ApiFault) -> String {
    fault.message(errors::Lang::ZhCn)
}

fn codes_of(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item["code"].as_str().expect("code is a string").to_owned())
        .collect()
}

fn group_input(code: &str) -> Value {
    json!({ "code": code, "name": format!("{code} name"), "description": "", "type": "static" })
}

#[test]
fn groups_are_written_read_back_changed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createGroup", group_input("eng"));
    assert_eq!((created["code"].as_str(), created["name"].as_str()), (Some("eng"), Some("eng name")));
    ok(&mut state, "createGroup", group_input("ops"));
    assert_eq!(ok(&mut state, "getGroup", json!({ "code": "eng" }))["id"], created["id"]);
    let listed = ok(&mut state, "listGroups", json!({}));
    assert_eq!((listed["totalCount"].clone(), codes_of(&listed["list"])), (json!(2), vec!["ops".into(), "eng".into()]));
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({ "keywords": "EN" }))["list"]), ["eng"]);
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({ "page": 2, "limit": 1 }))["list"]), ["eng"]);
    for (page, limit, blamed) in [(0, 1, "page"), (-1, 1, "page"), (1, 0, "limit"), (1, 100_000, "limit")] {
        let fault = refused(&mut state, "listGroups", json!({ "page": page, "limit": limit }));
        assert_eq!(zh(&fault), format!("参数 {blamed} 格式错误"));
    }

    let updated = ok(&mut state, "updateGroup", json!({ "code": "eng", "newCode": "dev", "description": "builders" }));
    assert_eq!((updated["code"].as_str(), updated["description"].as_str()), (Some("dev"), Some("builders")));
    assert_eq!(updated["name"], "eng name");
    let fault = refused(&mut state, "getGroup", json!({ "code": "eng" }));
    assert_eq!((zh(&fault), codes(&fault)), ("分组不存在".into(), (404, Some(ApiCode::AccessNotFound))));
    let fault = refused(&mut state, "updateGroup", json!({ "code": "dev", "newCode": "ops", "description": "" }));
    assert_eq!(fault.refusal(), &errors::GROUP_CONFLICT);
    let fault = refused(&mut state, "updateGroup", json!({ "code": "dev", "newCode": "a b", "description": "" }));
    assert_eq!(zh(&fault), "参数 newCode 格式错误");
    let fault = refused(&mut state, "updateGroup", json!({ "code": "nope", "description": "" }));
    assert_eq!(fault.refusal(), &errors::GROUP_NOT_FOUND);

    // Codes that name no group are already gone; an empty list is malformed.
    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["dev", "never-was"] }));
    assert_eq!(refused(&mut state, "getGroup", json!({ "code": "dev" })).refusal(), &errors::GROUP_NOT_FOUND);
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({}))["list"]), ["ops"]);
    let fault = refused(&mut state, "deleteGroupsBatch", json!({ "codeList": [] }));
    assert_eq!(zh(&fault), "参数 codeList 格式错误");
}

#[test]
fn group_codes_are_identifiers_of_at_most_64_characters() {
    let mut state = State::default();
    ok(&mut state, "createGroup", group_input(&"g".repeat(64)));
    for bad in ["", " ", "a b", "分组", &"g".repeat(65)] {
        assert_eq!(zh(&refused(&mut state, "createGroup", group_input(bad))), "参数 code 格式错误", "{bad:?}");
        let fault = refused(&mut state, "createGroupsBatch", json!({ "list": [group_input(bad)] }));
        assert_eq!(zh(&fault), "参数 list 格式错误", "{bad:?}");
    }
    let fault = refused(&mut state, "createGroup", group_input(&"g".repeat(64)));
    assert_eq!((zh(&fault), codes(&fault)), ("分组标识符已存在".into(), (400, Some(ApiCode::AccessExists))));
}

#[test]
fn group_batches_are_created_all_or_nothing() {
    let mut state = State::default();
    let created = ok(&mut state, "createGroupsBatch", json!({ "list": [group_input("a"), group_input("b")] }));
    assert_eq!(codes_of(&created), ["a", "b"]);
    assert_ne!(created[0]["id"], created[1]["id"]);
    let counter = state.id_counter;
    for list in [json!([group_input("c"), group_input("a")]), json!([group_input("c"), group_input("c")])] {
        let fault = refused(&mut state, "createGroupsBatch", json!({ "list": list }));
        assert_eq!(fault.refusal(), &errors::GROUP_CONFLICT);
    }
    assert_eq!(refused(&mut state, "getGroup", json!({ "code": "c" })).refusal(), &errors::GROUP_NOT_FOUND);
    assert_eq!(state.id_counter, counter, "a refused batch hands out no ids");
    assert_eq!(zh(&refused(&mut state, "createGroupsBatch", json!({ "list": [] }))), "参数 list 格式错误");
}

#[test]
fn group_members_join_leave_and_go_with_their_group() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    ok(&mut state, "createGroup", group_input("team"));
    ok(&mut state, "addGroupMembers", json!({ "code": "team", "userIds": [ann, bob] }));
    let members = ok(&mut state, "listGroupMembers", json!({ "code": "team" }));
    assert_eq!(ids(&members["list"]), [ann.clone(), bob.clone()]);
    ok(&mut state, "removeGroupMembers", json!({ "code": "team", "userIds": [ann] }));
    assert_eq!(ids(&ok(&mut state, "listGroupMembers", json!({ "code": "team" }))["list"]), [bob.as_str()]);

    // The input's own shape is refused before what it names is looked up.
    for op in ["addGroupMembers", "removeGroupMembers"] {
        assert_eq!(zh(&refused(&mut state, op, json!({ "code": "", "userIds": [ann] }))), "参数 code 格式错误");
        assert_eq!(zh(&refused(&mut state, op, json!({ "code": "nope", "userIds": [] }))), "参数 userIds 格式错误");
        assert_eq!(
            refused(&mut state, op, json!({ "code": "nope", "userIds": [ann] })).refusal(),
            &errors::GROUP_NOT_FOUND
        );
        assert_eq!(
            refused(&mut state, op, json!({ "code": "team", "userIds": ["ghost"] })).refusal(),
            &errors::USER_NOT_FOUND
        );
    }
    let fault = refused(&mut state, "listGroupMembers", json!({ "code": "nope", "limit": 10_000 }));
    assert_eq!(zh(&fault), "参数 limit 格式错误");

    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["team"] }));
    assert_eq!(ok(&mut state, "getUserGroups", json!({ "userId": bob }))["totalCount"], json!(0));
    ok(&mut state, "createGroup", group_input("team"));
    assert_eq!(ok(&mut state, "listGroupMembers", json!({ "code": "team" }))["totalCount"], json!(0));
}

#[test]
fn authorized_resources_of_what_exists_start_empty() {
    let mut state = State::default();
    ok(&mut state, "createGroup", group_input("team"));
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    assert_eq!(ok(&mut state, "getGroupAuthorizedResources", json!({ "code": "team" })), json!([]));
    let resources = ok(&mut state, "getRoleAuthorizedResources", json!({ "code": "viewer", "namespace": "default" }));
    assert_eq!(resources, json!({ "totalCount": 0, "list": [] }));
    let fault = refused(&mut state, "getGroupAuthorizedResources", json!({ "code": "nope" }));
    assert_eq!(fault.refusal(), &errors::GROUP_NOT_FOUND);
    let fault = refused(&mut state, "getGroupAuthorizedResources", json!({ "code": "nope", "namespace": "billing" }));
    assert_eq!((zh(&fault), codes(&fault)), ("权限组不存在".into(), (404, Some(ApiCode::AccessNotFound))));
    let fault = refused(&mut state, "getRoleAuthorizedResources", json!({ "code": "nope" }));
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
}

#[test]
fn role_codes_are_refused_in_the_words_of_where_they_sit() {
    let mut state = State::default();
    let item = |code: &str| json!({ "list": [{ "code": code }] });
    ok(&mut state, "createRole", json!({ "code": "a:b_c-1".to_owned() + &"x".repeat(57) }));
    assert_eq!(zh(&refused(&mut state, "createRole", json!({ "code": "" }))), "参数 code 格式错误");
    assert_eq!(zh(&refused(&mut state, "createRole", json!({ "code": "r".repeat(65) }))), "参数 code 格式错误");
    assert_eq!(zh(&refused(&mut state, "createRolesBatch", item(""))), "role code must not empty");
    assert_eq!(zh(&refused(&mut state, "createRolesBatch", item(&"r".repeat(65)))), "参数 list 格式错误");
    for bad in [" ", "额! ", "a.b"] {
        let fault = refused(&mut state, "createRole", json!({ "code": bad }));
        assert_eq!(
            (zh(&fault), codes(&fault)),
            (format!("invalid role code: {bad}"), (400, Some(ApiCode::InvalidParameter)))
        );
        assert_eq!(zh(&refused(&mut state, "createRolesBatch", item(bad))), zh(&fault));
    }
    assert_eq!(zh(&refused(&mut state, "createRolesBatch", json!({ "list": [] }))), "参数 list 格式错误");
}

#[test]
fn roles_live_in_namespaces_the_pool_has() {
    let mut state = State::default();
    let created = ok(&mut state, "createRole", json!({ "code": "viewer", "namespace": "default", "description": "d" }));
    assert_eq!(ok(&mut state, "getRole", json!({ "code": "viewer" })), created);
    assert_eq!(created["namespace"], "default");
    let user = user(&mut state, json!({ "username": "ann" }));
    let targets = json!([{ "targetType": "USER", "targetIdentifier": user }]);
    for (op, input) in [
        ("createRole", json!({ "code": "x", "namespace": "billing" })),
        ("createRolesBatch", json!({ "list": [{ "code": "x", "namespace": "billing" }] })),
        ("getRole", json!({ "code": "viewer", "namespace": "billing" })),
        ("listRoles", json!({ "namespace": "billing" })),
        ("deleteRolesBatch", json!({ "codeList": ["viewer"], "namespace": "billing" })),
        ("assignRole", json!({ "code": "viewer", "namespace": "billing", "targets": targets })),
        ("revokeRole", json!({ "code": "viewer", "namespace": "billing", "targets": targets })),
        ("listRoleMembers", json!({ "code": "viewer", "namespace": "billing" })),
        ("listRoleDepartments", json!({ "code": "viewer", "namespace": "billing" })),
        ("getRoleAuthorizedResources", json!({ "code": "viewer", "namespace": "billing" })),
    ] {
        assert_eq!(refused(&mut state, op, input).refusal(), &errors::NAMESPACE_NOT_FOUND, "{op}");
    }
    let fault = refused(&mut state, "getRole", json!({ "code": "nope" }));
    assert_eq!((zh(&fault), codes(&fault)), ("角色不存在".into(), (404, Some(ApiCode::AccessNotFound))));
    assert_eq!(refused(&mut state, "createRole", json!({ "code": "viewer" })).refusal(), &errors::ROLE_CONFLICT);
    ok(&mut state, "createNamespace", json!({ "code": "billing" }));
    ok(&mut state, "createRole", json!({ "code": "viewer", "namespace": "billing" }));
    assert_eq!(ok(&mut state, "listRoles", json!({ "namespace": "billing" }))["totalCount"], 1);
}

#[test]
fn roles_are_listed_changed_and_deleted_all_or_nothing() {
    let mut state = State::default();
    ok(&mut state, "createRolesBatch", json!({ "list": [{ "code": "a" }, { "code": "b", "description": "billing" }] }));
    let fault = refused(&mut state, "createRolesBatch", json!({ "list": [{ "code": "c" }, { "code": "c" }] }));
    assert_eq!(fault.refusal(), &errors::ROLE_CONFLICT);
    let listed = ok(&mut state, "listRoles", json!({}));
    assert_eq!((listed["totalCount"].clone(), codes_of(&listed["list"])), (json!(2), vec!["b".into(), "a".into()]));
    assert_eq!(codes_of(&ok(&mut state, "listRoles", json!({ "keywords": "BILL" }))["list"]), ["b"]);
    for (input, blamed) in
        [(json!({ "page": -1 }), "page"), (json!({ "limit": -1 }), "limit"), (json!({ "limit": 10_000 }), "limit")]
    {
        assert_eq!(zh(&refused(&mut state, "listRoles", input)), format!("参数 {blamed} 格式错误"));
    }

    // An empty newCode keeps the code.
    ok(&mut state, "updateRole", json!({ "code": "a", "newCode": "", "name": "A" }));
    assert_eq!(ok(&mut state, "getRole", json!({ "code": "a" }))["name"], "A");
    ok(&mut state, "updateRole", json!({ "code": "a", "newCode": "z", "name": "Z", "status": "DISABLE" }));
    let role = ok(&mut state, "getRole", json!({ "code": "z" }));
    assert_eq!((role["name"].as_str(), role["status"].as_str()), (Some("Z"), Some("DISABLE")));
    ok(&mut state, "updateRole", json!({ "code": "z", "newCode": "z", "name": "Z", "status": "ENABLE" }));
    assert_eq!(ok(&mut state, "getRole", json!({ "code": "z" }))["status"], "ENABLE");
    assert_eq!(refused(&mut state, "getRole", json!({ "code": "a" })).refusal(), &errors::ROLE_NOT_FOUND);
    let update = |new_code: &str| json!({ "code": "z", "newCode": new_code, "name": "Z" });
    assert_eq!(zh(&refused(&mut state, "updateRole", update(" "))), "invalid role code:  ");
    assert_eq!(zh(&refused(&mut state, "updateRole", update(&"r".repeat(65)))), "参数 newCode 格式错误");
    assert_eq!(refused(&mut state, "updateRole", update("b")).refusal(), &errors::ROLE_CONFLICT);

    // One unknown code keeps every listed role.
    let fault = refused(&mut state, "deleteRolesBatch", json!({ "codeList": ["z", "nope"] }));
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
    assert_eq!(ok(&mut state, "listRoles", json!({}))["totalCount"], json!(2));
    assert_eq!(zh(&refused(&mut state, "deleteRolesBatch", json!({ "codeList": [] }))), "参数 codeList 格式错误");
    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["z", "b"] }));
    assert_eq!(ok(&mut state, "listRoles", json!({}))["totalCount"], json!(0));
}

#[test]
fn roles_are_held_by_users_and_departments_until_revoked_or_deleted() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    organization(&mut state, "acme");
    let sales = department(&mut state, "acme", "root", "Sales", "sales");
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    let target = |kind: &str, id: &str| json!({ "targetType": kind, "targetIdentifier": id });
    let holders = json!([target("USER", &ann), target("USER", &bob), target("DEPARTMENT", &sales)]);
    ok(&mut state, "assignRole", json!({ "code": "viewer", "targets": holders }));
    let members = ok(&mut state, "listRoleMembers", json!({ "code": "viewer", "namespace": "default" }));
    assert_eq!(ids(&members["list"]), [ann.clone(), bob.clone()]);
    let departments = ok(&mut state, "listRoleDepartments", json!({ "code": "viewer" }));
    assert_eq!(departments["list"], json!([{ "id": sales, "code": "sales", "name": "Sales", "description": "" }]));
    let assignments = ok(&mut state, "listRoleAssignments", json!({ "roleCode": "viewer" }));
    assert_eq!((&assignments["totalCount"], &assignments["data"][0]["status"]), (&json!(3), &json!("ENABLE")));
    let of_departments = ok(&mut state, "listRoleAssignments", json!({ "roleCode": "viewer", "targetType": ["ORG"] }));
    assert_eq!(of_departments["totalCount"], 1, "only the holds of the target types asked for");

    ok(
        &mut state,
        "revokeRole",
        json!({ "code": "viewer", "targets": [target("USER", &ann), target("DEPARTMENT", &sales)] }),
    );
    // Revoking what is not held changes nothing.
    ok(&mut state, "revokeRole", json!({ "code": "viewer", "targets": [target("USER", &ann)] }));
    assert_eq!(ids(&ok(&mut state, "listRoleMembers", json!({ "code": "viewer" }))["list"]), [bob.as_str()]);
    assert_eq!(ok(&mut state, "listRoleDepartments", json!({ "code": "viewer" }))["totalCount"], json!(0));

    for op in ["assignRole", "revokeRole"] {
        assert_eq!(zh(&refused(&mut state, op, json!({ "code": "nope", "targets": [] }))), "参数 targets 格式错误");
        let fault = refused(&mut state, op, json!({ "code": "nope", "targets": [target("USER", &ann)] }));
        assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
        let fault = refused(&mut state, op, json!({ "code": "viewer", "targets": [target("USER", "ghost")] }));
        assert_eq!(zh(&fault), "用户不存在");
        let fault = refused(&mut state, op, json!({ "code": "viewer", "targets": [target("DEPARTMENT", "ghost")] }));
        assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);
    }

    // A department deleted since holds nothing.
    ok(&mut state, "assignRole", json!({ "code": "viewer", "targets": [target("DEPARTMENT", &sales)] }));
    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": sales }));
    assert_eq!(ok(&mut state, "listRoleDepartments", json!({ "code": "viewer" }))["totalCount"], json!(0));

    // Holds go with the role: a new role of the same code is held by nobody.
    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["viewer"] }));
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": bob }))["totalCount"], json!(0));
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    assert_eq!(ok(&mut state, "listRoleMembers", json!({ "code": "viewer" }))["totalCount"], json!(0));
}

#[test]
fn identities_are_listed() {
    let mut state = State::default();
    let id = user(
        &mut state,
        json!({ "username": "ida", "identities": [{
            "extIdpId": "idp1", "provider": "github", "type": "primary", "userIdInIdp": "gh-1", "originConnIds": ["c1"]
        }] }),
    );
    let identities = ok(&mut state, "getUserIdentities", json!({ "userId": id }));
    assert_eq!(identities[0]["provider"], "github");
    assert_eq!(identities[0]["userIdInIdp"], "gh-1");
    assert_eq!(identities[0]["identityId"].as_str().map(str::len), Some(24));
    let fault = refused(
        &mut state,
        "createUser",
        json!({ "username": "copy", "identities": [{
            "extIdpId": "idp1", "provider": "github", "type": "primary", "userIdInIdp": "gh-1", "originConnIds": []
        }] }),
    );
    assert_eq!(codes(&fault), (400, errors::USER_CONFLICT.api_code));
}

#[test]
fn create_user_joins_departments_by_any_id_type() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let id = user(
        &mut state,
        json!({ "username": "newbie", "departmentIds": ["eng"], "options": { "departmentIdType": "code" } }),
    );
    let view = ok(&mut state, "getUser", json!({ "userId": id, "withDepartmentIds": true }));
    assert_eq!(view["departmentIds"], json!([eng]));
    let fault = refused(&mut state, "createUser", json!({ "username": "lost", "departmentIds": ["nope"] }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));
    assert_eq!(state.users.len(), 1);
}

#[test]
fn user_rules_follow_the_service() {
    let mut state = State::default();
    let created = ok(&mut state, "createUser", json!({ "username": "u1", "customData": { "school": "pku" } }));
    assert_eq!(created["photo"], users::DEFAULT_PHOTO, "a server-assigned avatar");
    assert_eq!(created["customData"], json!({ "school": "pku" }), "creation echoes the custom data");
    assert_eq!((&created["lastLogin"], &created["loginsCount"]), (&Value::Null, &json!(0)));
    let message = |fault: ApiFault| fault.message(errors::Lang::ZhCn);
    assert_eq!(message(refused(&mut state, "createUser", json!({ "email": "a@b" }))), "参数 email 格式错误");
    let long = "x".repeat(1024);
    let fault = refused(&mut state, "createUser", json!({ "username": "u2", "customData": { "intro": long } }));
    assert_eq!(fault.refusal(), &errors::CUSTOM_DATA_TOO_LONG);
    let fault = refused(&mut state, "createUser", json!({ "email": "c@d.com", "phoneCountryCode": "+86" }));
    assert_eq!(fault.refusal(), &errors::PHONE_EMPTY);
    // A reference of an impossible shape is malformed; a possible one that matches nobody is a miss.
    let get = |state: &mut State, id: &str, kind: &str| {
        refused(state, "getUser", json!({ "userId": id, "userIdType": kind }))
    };
    assert_eq!(message(get(&mut state, "", "user_id")), "参数 userId 格式错误");
    assert_eq!(message(get(&mut state, "test#x.com", "email")), "参数 userId 格式错误");
    assert_eq!(message(get(&mut state, "1234567890#", "phone")), "参数 userId 格式错误");
    assert_eq!(get(&mut state, "212-456-1111", "phone").refusal(), &errors::USER_NOT_FOUND);
    let fault = refused(&mut state, "listUsers", json!({ "options": { "pagination": { "limit": 51 } } }));
    assert_eq!(fault.refusal(), &errors::LIMIT_OVER_50);
    let fault = refused(&mut state, "listUsers", json!({ "options": { "pagination": { "limit": 0 } } }));
    assert_eq!(message(fault), "参数 limit 格式错误");
}

#[test]
fn roles_held_archived_users_and_enumerated_filters() {
    let mut state = State::default();
    let amy = user(&mut state, json!({ "username": "amy" }));
    let bo = user(&mut state, json!({ "username": "bo" }));
    ok(&mut state, "createRole", json!({ "code": "admin" }));
    let target = json!([{ "targetType": "USER", "targetIdentifier": amy }]);
    ok(&mut state, "assignRole", json!({ "code": "admin", "targets": target }));
    let has = |state: &mut State, id: &str, roles: Value| {
        ok(state, "hasAnyRole", json!({ "userId": id, "roles": roles }))["hasAnyRole"].clone()
    };
    assert_eq!(has(&mut state, &amy, json!([{ "code": "admin" }])), json!(true), "default namespace");
    assert_eq!(has(&mut state, &amy, json!([{ "code": "admin", "namespace": "other" }])), json!(false));
    assert_eq!(has(&mut state, &bo, json!([{ "code": "admin" }])), json!(false));

    ok(&mut state, "updateUser", json!({ "userId": bo, "status": "Archived" }));
    let archived = ok(&mut state, "listArchivedUsers", json!({}));
    assert_eq!(archived["totalCount"], 1);
    assert_eq!(archived["list"][0]["userId"], json!(bo));

    let filter =
        |value: Value| json!({ "advancedFilter": [{ "field": "status", "operator": "EQUAL", "value": value }] });
    assert_eq!(ok(&mut state, "listUsers", filter(json!("Archived")))["totalCount"], 1);
    let fault = refused(&mut state, "listUsers", filter(json!("invalid")));
    assert_eq!(fault.message(errors::Lang::ZhCn), "参数 status 格式错误");
}

#[test]
fn deletions_cascade_to_every_area_that_points_at_the_record() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    organization(&mut state, "acme");
    let sales = department(&mut state, "acme", "root", "Sales", "sales");
    let east = department(&mut state, "acme", &sales, "East", "east");
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    let target = |kind: &str, id: &str| json!({ "targetType": kind, "targetIdentifier": id });
    let holders = json!([target("USER", &ann), target("DEPARTMENT", &east)]);
    ok(&mut state, "assignRole", json!({ "code": "viewer", "targets": holders }));
    // Deleting Sales takes East with it, and the role no longer names East.
    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": sales }));
    let left = ok(&mut state, "listRoleDepartments", json!({ "code": "viewer" }));
    assert_eq!(left["totalCount"], 0);
    assert!(state.roles[0].department_assignments.is_empty(), "no assignment points at a deleted department");
    // Deleting Ann ends her hold on the role.
    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [ann] }));
    assert!(state.roles[0].assignments.is_empty());
}

// ------------------------------------------------ namespaces and resources

#[test]
fn namespaces_are_created_read_renamed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createNamespace", json!({ "code": "billing", "name": "Billing" }));
    assert_eq!((created["code"].clone(), created["name"].clone()), (json!("billing"), json!("Billing")));
    assert_eq!(ok(&mut state, "getNamespace", json!({ "code": "billing" })), created);
    ok(&mut state, "createNamespacesBatch", json!({ "list": [{ "code": "crm" }, { "code": "hr", "name": "HR" }] }));
    let listed = ok(&mut state, "listNamespaces", json!({}));
    let listed_codes: Vec<&str> =
        listed["list"].as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap()).collect();
    assert_eq!(listed_codes, ["default", "billing", "crm", "hr"]);
    let batch = ok(&mut state, "getNamespacesBatch", json!({ "codeList": ["hr", "nope", "crm"] }));
    assert_eq!(batch.as_array().unwrap().len(), 2);

    // A role and a resource follow their namespace to its new code.
    ok(&mut state, "createRole", json!({ "code": "clerk", "namespace": "billing" }));
    ok(&mut state, "createResource", json!({ "code": "invoice", "type": "DATA", "namespace": "billing" }));
    let updated =
        ok(&mut state, "updateNamespace", json!({ "code": "billing", "newCode": "finance", "name": "Finance" }));
    assert_eq!((updated["code"].clone(), updated["newCode"].clone()), (json!("finance"), json!("finance")));
    ok(&mut state, "getRole", json!({ "code": "clerk", "namespace": "finance" }));
    ok(&mut state, "getResource", json!({ "code": "invoice", "namespace": "finance" }));
    let gone = refused(&mut state, "getNamespace", json!({ "code": "billing" }));
    assert_eq!((zh(&gone), gone.status_code()), ("namespace not exists".into(), 404));

    // Deleting it deletes what lives in it.
    ok(&mut state, "deleteNamespace", json!({ "code": "finance" }));
    assert!(state.roles.is_empty() && state.resources.is_empty());
    let fault = refused(&mut state, "deleteNamespace", json!({ "code": "finance" }));
    assert_eq!((zh(&fault), fault.status_code()), ("权限组不存在".into(), 404));
    ok(&mut state, "deleteNamespacesBatch", json!({ "codeList": ["crm", "never"] }));
    assert!(ok(&mut state, "getNamespacesBatch", json!({ "codeList": ["crm"] })).as_array().unwrap().is_empty());

    // `default` stays.
    for (op, input) in [
        ("deleteNamespace", json!({ "code": "default" })),
        ("deleteNamespacesBatch", json!({ "codeList": ["default"] })),
        ("updateNamespace", json!({ "code": "default", "newCode": "other" })),
    ] {
        assert_eq!(refused(&mut state, op, input).refusal(), &errors::NAMESPACE_BUILT_IN, "{op}");
    }
    ok(&mut state, "updateNamespace", json!({ "code": "default", "name": "Main" }));
    assert_eq!(ok(&mut state, "getNamespace", json!({ "code": "default" }))["name"], "Main");
}

#[test]
fn namespace_codes_are_checked_as_the_service_checks_them() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let item = |code: &str| json!({ "list": [{ "code": code, "name": "n" }] });
    for (op, input, message) in [
        ("createNamespace", json!({ "code": "" }), "参数 code 格式错误".to_owned()),
        ("createNamespace", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("createNamespace", json!({ "code": " " }), "invalid namespace code:  ".to_owned()),
        ("createNamespace", json!({ "code": "额！" }), "invalid namespace code: 额！".to_owned()),
        ("createNamespacesBatch", item(""), "namespace name must not be empty".to_owned()),
        ("createNamespacesBatch", item(&long), format!("invalid namespace code: {long}")),
        ("getNamespace", json!({ "code": "" }), "参数 code 格式错误".to_owned()),
        ("getNamespace", json!({ "code": "额！" }), "namespace not exists".to_owned()),
        ("deleteNamespace", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("deleteNamespace", json!({ "code": " " }), "权限组不存在".to_owned()),
        ("updateNamespace", json!({ "code": "default", "newCode": long }), "参数 newCode 格式错误".to_owned()),
        ("updateNamespace", json!({ "code": "default", "newCode": " " }), "invalid namespace code:  ".to_owned()),
    ] {
        assert_eq!(zh(&refused(&mut state, op, input.clone())), message, "{op} {input}");
    }
    ok(&mut state, "createNamespace", json!({ "code": "a" }));
    let taken = refused(&mut state, "createNamespacesBatch", json!({ "list": [{ "code": "b" }, { "code": "a" }] }));
    assert_eq!(taken.refusal(), &errors::NAMESPACE_CONFLICT);
    assert!(state.namespaces.get("b").is_none(), "a refused batch creates nothing");
    assert_eq!(
        ok(&mut state, "deleteNamespacesBatch", json!({ "codeList": ["", " ", long] })),
        json!({ "success": true })
    );
}

#[test]
fn resources_are_created_read_updated_listed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "description": "d" }));
    assert_eq!((created["code"].clone(), created["namespace"].clone()), (json!("books"), json!("default")));
    assert_eq!(ok(&mut state, "getResource", json!({ "code": "books" })), created);
    ok(
        &mut state,
        "createResourcesBatch",
        json!({ "list": [{ "code": "pens", "type": "API", "apiIdentifier": "/pens" }] }),
    );
    let actions = json!([{ "name": "read", "description": "reads" }]);
    let updated = ok(&mut state, "updateResource", json!({ "code": "books", "actions": actions, "name": "Books" }));
    assert_eq!((updated["actions"].clone(), updated["name"].clone()), (actions, json!("Books")));
    assert_eq!(ok(&mut state, "getResource", json!({ "code": "books" }))["name"], "Books");
    let listed = ok(&mut state, "listResources", json!({ "type": "API" }));
    assert_eq!((listed["totalCount"].clone(), listed["list"][0]["code"].clone()), (json!(1), json!("pens")));
    let batch = ok(&mut state, "getResourcesBatch", json!({ "codeList": ["pens", "nope"] }));
    assert_eq!(batch.as_array().unwrap().len(), 1);
    assert_eq!(zh(&refused(&mut state, "getResourcesBatch", json!({ "codeList": [] }))), "参数 codeList 格式错误");

    ok(&mut state, "deleteResource", json!({ "code": "books" }));
    let fault = refused(&mut state, "getResource", json!({ "code": "books" }));
    assert_eq!((zh(&fault), fault.status_code()), ("资源不存在".into(), 404));
    assert_eq!(zh(&refused(&mut state, "updateResource", json!({ "code": "books" }))), "资源不存在");
    ok(&mut state, "deleteResource", json!({ "code": "books" }));
    let pens = state.resources[0].id.clone();
    ok(&mut state, "batchDeleteCommonResource", json!({ "ids": [pens] }));
    assert!(state.resources.is_empty());
    ok(&mut state, "deleteResourcesBatch", json!({ "codeList": ["额！", ""] }));
}

#[test]
fn resource_codes_are_checked_as_the_service_checks_them() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let item = |code: &str| json!({ "list": [{ "code": code, "type": "DATA" }] });
    for (op, input, message) in [
        ("createResource", json!({ "code": " ", "type": "DATA" }), "invalid resource code:  ".to_owned()),
        ("createResource", json!({ "code": long, "type": "DATA" }), "参数 code 格式错误".to_owned()),
        ("createResourcesBatch", item("额！"), "invalid resource code: 额！".to_owned()),
        ("createResourcesBatch", item(&long), format!("invalid resource code: {long}")),
        ("deleteResource", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("createResource", json!({ "code": "x", "type": "DATA", "namespace": "nope" }), "权限组不存在".to_owned()),
    ] {
        assert_eq!(zh(&refused(&mut state, op, input.clone())), message, "{op} {input}");
    }
    // The service keeps a resource with an empty code.
    ok(&mut state, "createResource", json!({ "code": "", "type": "DATA" }));
    ok(&mut state, "getResource", json!({ "code": "" }));
    let taken = refused(
        &mut state,
        "createResourcesBatch",
        json!({ "list": [{ "code": "a", "type": "DATA" }, { "code": "", "type": "DATA" }] }),
    );
    assert_eq!(taken.refusal(), &errors::RESOURCE_CONFLICT);
    assert_eq!(state.resources.len(), 1, "a refused batch creates nothing");
}

#[test]
fn grants_reach_users_through_roles_groups_and_departments() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "" }));
    ok(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [bob] }));
    ok(&mut state, "createRole", json!({ "code": "reader" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "reader", "targets": [{ "targetType": "USER", "targetIdentifier": ann }] }),
    );
    ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "description": "all books" }));
    let grant = |kind: &str, who: &str, code: &str, actions: Value| {
        json!({ "namespace": "default", "list": [{ "targetType": kind, "targetIdentifiers": [who],
            "resources": [{ "code": code, "actions": actions, "resourceType": "DATA" }] }] })
    };
    ok(&mut state, "authorizeResources", grant("ROLE", "reader", "books", json!(["read"])));
    ok(&mut state, "authorizeResources", grant("GROUP", "staff", "*", json!(["*"])));
    let allowed = |state: &mut State, who: &str, action: &str, resource: &str| {
        ok(state, "isActionAllowed", json!({ "userId": who, "action": action, "resource": resource }))["allowed"]
            .clone()
    };
    assert_eq!(allowed(&mut state, &ann, "read", "books"), json!(true), "through the role");
    assert_eq!(allowed(&mut state, &ann, "write", "books"), json!(false));
    assert_eq!(allowed(&mut state, &bob, "write", "pens"), json!(true), "through the group's wildcard");
    ok(&mut state, "authorizeResources", grant("USER", &ann, "shelf:*", json!(["read"])));
    assert_eq!(allowed(&mut state, &ann, "read", "shelf:3"), json!(true), "a trailing * covers what it starts");
    assert_eq!(allowed(&mut state, &ann, "read", "shelves"), json!(false));

    let codes = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|r| r["resourceCode"].as_str().unwrap().to_owned()).collect()
    };
    let of_group = ok(&mut state, "getGroupAuthorizedResources", json!({ "code": "staff" }));
    assert_eq!(codes(&of_group), ["*"]);
    let of_role = ok(&mut state, "getRoleAuthorizedResources", json!({ "code": "reader" }));
    assert_eq!((codes(&of_role["list"]), &of_role["totalCount"]), (vec!["books".to_owned()], &json!(1)));
    let of_ann = ok(&mut state, "getUserAuthorizedResources", json!({ "userId": ann }));
    assert_eq!(codes(&of_ann["list"]), ["books", "shelf:*"], "a user's own grants and those of the role they hold");
    let of_bob = ok(&mut state, "getUserAuthorizedResources", json!({ "userId": bob, "resourceType": "API" }));
    assert_eq!(of_bob["totalCount"], 0, "only grants of the resource type asked for");

    let read = ok(&mut state, "getAuthorizedResources", json!({ "targetType": "ROLE", "targetIdentifier": "reader" }));
    assert_eq!(read["list"][0]["description"], "all books");
    assert_eq!(read["list"][0]["actions"], json!(["read"]));
    // Granting again replaces the actions.
    ok(&mut state, "authorizeResources", grant("ROLE", "reader", "books", json!(["read", "write"])));
    assert_eq!(allowed(&mut state, &ann, "write", "books"), json!(true));
    let targets = ok(&mut state, "getResourceAuthorizedTargets", json!({ "resource": "books" }));
    assert_eq!(
        targets["list"],
        json!([{ "targetType": "ROLE", "targetIdentifier": "reader", "actions": ["read", "write"] }])
    );

    let fault = refused(&mut state, "getAuthorizedResources", json!({ "targetType": "GROUP", "targetIdentifier": "" }));
    assert_eq!((zh(&fault), fault.status_code()), ("group not exists with code: ".into(), 404));
    let unnamed = json!({ "list": [{ "targetType": "USER", "targetIdentifiers": [ann], "resources": [] }] });
    assert_eq!(zh(&refused(&mut state, "authorizeResources", unnamed)), "权限组不存在");

    // A user's grants end with the user.
    ok(&mut state, "authorizeResources", grant("USER", &ann, "pens", json!(["read"])));
    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [ann] }));
    assert!(state.authorizations.iter().all(|a| a.target_id != ann));
}

// ------------------------------------------------ custom fields and data

#[test]
fn custom_fields_are_set_read_and_deleted_with_their_values() {
    let mut state = State::default();
    let fields = json!({ "list": [
        { "targetType": "USER", "dataType": "STRING", "key": "intro", "label": "自我介绍" },
        { "targetType": "USER", "dataType": "NUMBER", "key": "age", "label": "年龄" },
        { "targetType": "GROUP", "dataType": "ENUM", "key": "tier", "label": "Tier",
          "options": [{ "label": "Gold", "value": "gold" }] },
    ] });
    let set = ok(&mut state, "setCustomFields", fields);
    assert_eq!(set.as_array().unwrap().len(), 3);
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!(users.as_array().unwrap().len(), 2);
    // Setting again changes what is given and keeps the rest.
    ok(&mut state, "setCustomFields", json!({ "list": [{ "targetType": "USER", "key": "age", "label": "Age" }] }));
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!((users[1]["label"].clone(), users[1]["dataType"].clone()), (json!("Age"), json!("NUMBER")));
    let untyped = json!({ "list": [{ "targetType": "USER", "key": "new" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomFields", untyped)), "参数 list 格式错误");

    let ann = user(&mut state, json!({ "username": "ann" }));
    let data = json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t",
        "list": [{ "key": "age", "value": "30" }, { "key": "intro", "value": "hi" }] });
    ok(&mut state, "setCustomData", data);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "age": 30, "intro": "hi" }));
    let shown = ok(&mut state, "getUser", json!({ "userId": ann, "withCustomData": true }));
    assert_eq!(shown["customData"]["age"], 30, "the user record carries what setCustomData wrote");
    let not_a_number =
        json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "age", "value": "old" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomData", not_a_number)), "参数 list 格式错误");
    let intro = |text: String| json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "intro", "value": text }] });
    let too_long = refused(&mut state, "setCustomData", intro("x".repeat(1024)));
    assert_eq!(zh(&too_long), "customData must be less than 1024 characters", "as createUser and updateUser bound it");
    ok(&mut state, "setCustomData", intro("x".repeat(1023)));
    ok(&mut state, "setCustomData", intro("hi".to_owned()));

    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "" }));
    let tier =
        json!({ "targetType": "GROUP", "targetIdentifier": "staff", "list": [{ "key": "tier", "value": "gold" }] });
    ok(&mut state, "setCustomData", tier);
    let group =
        ok(&mut state, "getCustomData", json!({ "targetType": "GROUP", "targetIdentifier": "staff", "tenantId": "t" }));
    assert_eq!(group, json!({ "tier": "gold" }));
    let nobody = json!({ "targetType": "GROUP", "targetIdentifier": "nope", "tenantId": "t" });
    assert_eq!(refused(&mut state, "getCustomData", nobody).refusal(), &errors::GROUP_NOT_FOUND);

    let delete = json!({ "tenantId": "t", "list": [{ "targetType": "USER", "key": "age" }] });
    ok(&mut state, "deleteCustomFields", delete);
    assert_eq!(ok(&mut state, "getCustomFields", json!({ "targetType": "USER" })).as_array().unwrap().len(), 1);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "intro": "hi" }), "a deleted field's values go with it");
}

#[test]
fn user_base_fields_are_every_pools_and_only_their_display_changes() {
    let mut state = State::default();
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let username = fields.as_array().unwrap().iter().find(|f| f["key"] == "username").unwrap().clone();
    assert_eq!((username["isUnique"].clone(), username["dataType"].clone()), (json!(true), json!("STRING")));
    let set = json!({ "list": [{ "key": "nickname", "label": "Alias", "visibleInUserCenter": false }] });
    assert_eq!(ok(&mut state, "setUserBaseFields", set)[0]["label"], "Alias");
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let nickname = fields.as_array().unwrap().iter().find(|f| f["key"] == "nickname").unwrap().clone();
    assert_eq!((nickname["label"].clone(), nickname["visibleInUserCenter"].clone()), (json!("Alias"), json!(false)));
    let unknown = json!({ "list": [{ "key": "nickname", "label": "x" }, { "key": "shoeSize" }] });
    assert_eq!(zh(&refused(&mut state, "setUserBaseFields", unknown)), "参数 list 格式错误");
    assert_eq!(state.user_base_fields[0].label, "Alias", "a refused request changes nothing");
}

#[test]
fn organizations_are_read_singly_and_in_batches_and_switched_on_and_off() {
    let mut state = State::default();
    let acme = organization(&mut state, "acme");
    organization(&mut state, "beta");
    let read = ok(&mut state, "getOrganization", json!({ "organizationCode": "acme" }));
    assert_eq!(read["departmentId"], json!(acme));
    let fault = refused(&mut state, "getOrganization", json!({ "organizationCode": "nope" }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    let batch = ok(&mut state, "getOrganizationsBatch", json!({ "organizationCodeList": ["beta", "acme"] }));
    assert_eq!(codes_of_organizations(&batch), ["beta", "acme"]);
    let fault = refused(&mut state, "getOrganizationsBatch", json!({ "organizationCodeList": ["acme", "nope"] }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    ok(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "DISABLE" }));
    let enabled = ok(&mut state, "listOrganizations", json!({ "status": true }));
    assert_eq!(codes_of_organizations(&enabled["list"]), ["beta"]);
    ok(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "ENABLE" }));
    assert_eq!(ok(&mut state, "listOrganizations", json!({ "status": true }))["totalCount"], json!(2));
    let fault = refused(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "maybe" }));
    assert_eq!(zh(&fault), "参数 status 格式错误");
    let fault = refused(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": "ghost", "status": "ENABLE" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);
}

fn codes_of_organizations(list: &Value) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(|o| o["organizationCode"].as_str()).map(str::to_owned).collect()
}

#[test]
fn departments_are_read_by_id_listed_below_a_node_and_switched_on_and_off() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let sales = department(&mut state, "acme", "root", "Sales", "sales");
    let east = department(&mut state, "acme", &sales, "East", "east");
    let hr = department(&mut state, "acme", "root", "HR", "hr");

    let all = ok(&mut state, "getAllDepartments", json!({ "organizationCode": "acme" }));
    assert_eq!(all["totalCount"], json!(3));
    let below = |list: &Value| -> Vec<String> {
        list["list"].as_array().into_iter().flatten().map(|d| d["departmentId"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(below(&all), [sales.clone(), hr.clone(), east.clone()]);
    let under_sales = ok(
        &mut state,
        "getAllDepartments",
        json!({ "organizationCode": "acme", "departmentId": "sales", "departmentIdType": "code" }),
    );
    assert_eq!(below(&under_sales), [east.as_str()]);
    let fault = refused(&mut state, "getAllDepartments", json!({ "organizationCode": "nope" }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    let read = ok(&mut state, "getDepartmentById", json!({ "departmentId": east }));
    assert_eq!(read["parentDepartmentId"], json!(sales));
    assert_eq!(ok(&mut state, "getDepartmentAllApp", json!({ "departmentId": east }))["departmentId"], json!(east));
    let fault = refused(&mut state, "getDepartmentById", json!({ "departmentId": "ghost" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);

    // `updateNodeStatus` answers a bare object, not an envelope with `data`.
    call(&mut state, "updateNodeStatus", json!({ "departmentId": hr, "status": false })).unwrap();
    assert_eq!(ok(&mut state, "getDepartmentById", json!({ "departmentId": hr }))["status"], json!(false));
    call(&mut state, "updateNodeStatus", json!({ "departmentId": hr, "status": true })).unwrap();
    assert_eq!(ok(&mut state, "getDepartmentById", json!({ "departmentId": hr }))["status"], json!(true));

    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": sales }));
    assert_eq!(below(&ok(&mut state, "getAllDepartments", json!({ "organizationCode": "acme" }))), [hr]);
    assert_eq!(
        refused(&mut state, "getDepartmentById", json!({ "departmentId": east })).refusal(),
        &errors::DEPARTMENT_NOT_FOUND
    );
}

#[test]
fn users_are_updated_and_resigned_in_batches_all_or_nothing() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    let updated = ok(
        &mut state,
        "updateUserBatch",
        json!({ "list": [{ "userId": ann, "nickname": "A" }, { "userId": bob, "city": "Paris" }] }),
    );
    assert_eq!(ids(&updated), [ann.clone(), bob.clone()]);
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann }))["nickname"], json!("A"));
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": bob }))["city"], json!("Paris"));

    // One bad item (a username another item takes, or an unknown user) changes nobody.
    let clash = json!({ "list": [{ "userId": ann, "username": "zed" }, { "userId": bob, "username": "zed" }] });
    assert_eq!(refused(&mut state, "updateUserBatch", clash).refusal(), &errors::USER_CONFLICT);
    let ghost = json!({ "list": [{ "userId": ann, "nickname": "B" }, { "userId": "ghost" }] });
    assert_eq!(zh(&refused(&mut state, "updateUserBatch", ghost)), "用户不存在");
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann }))["username"], json!("ann"));
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann }))["nickname"], json!("A"));
    // A user swapped out of a name frees it for another in the same batch.
    let swap = json!({ "list": [{ "userId": ann, "username": "ann2" }, { "userId": bob, "username": "ann" }] });
    ok(&mut state, "updateUserBatch", swap);
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": bob }))["username"], json!("ann"));

    organization(&mut state, "acme");
    ok(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": "root", "userIds": [ann, bob] }),
    );
    let fault = refused(&mut state, "resignUserBatch", json!({ "userIds": [ann, "ghost"] }));
    assert_eq!(zh(&fault), "用户不存在");
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann }))["status"], json!("Activated"));
    ok(&mut state, "resignUserBatch", json!({ "userIds": ["ann2", "ann"], "userIdType": "username" }));
    for id in [&ann, &bob] {
        assert_eq!(ok(&mut state, "getUser", json!({ "userId": id }))["status"], json!("Resigned"));
        assert_eq!(ok(&mut state, "getUserDepartments", json!({ "userId": id }))["totalCount"], json!(0));
    }
    assert_eq!(refused(&mut state, "resignUserBatch", json!({ "userIds": [ann] })).refusal(), &errors::USER_RESIGNED);
}

#[test]
fn roles_are_assigned_revoked_and_deleted_in_batches() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    ok(&mut state, "createRole", json!({ "code": "editor" }));
    let target = |id: &str| json!({ "targetType": "USER", "targetIdentifier": id });
    let both = json!([{ "code": "viewer" }, { "code": "editor", "namespace": "default" }]);
    ok(&mut state, "assignRoleBatch", json!({ "targets": [target(&ann), target(&bob)], "roles": both }));
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": ann }))["totalCount"], json!(2));

    // An unknown role or user in the batch assigns nothing.
    ok(&mut state, "createRole", json!({ "code": "admin" }));
    let fault = refused(
        &mut state,
        "assignRoleBatch",
        json!({ "targets": [target(&ann)], "roles": [{ "code": "admin" }, { "code": "nope" }] }),
    );
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
    let fault = refused(
        &mut state,
        "assignRoleBatch",
        json!({ "targets": [target(&ann), target("ghost")], "roles": [{ "code": "admin" }] }),
    );
    assert_eq!(zh(&fault), "用户不存在");
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": ann }))["totalCount"], json!(2));

    ok(&mut state, "revokeRoleBatch", json!({ "targets": [target(&ann)], "roles": both }));
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": ann }))["totalCount"], json!(0));
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": bob }))["totalCount"], json!(2));
    assert_eq!(
        zh(&refused(&mut state, "revokeRoleBatch", json!({ "targets": [], "roles": both }))),
        "参数 targets 格式错误"
    );

    let fault = refused(
        &mut state,
        "deleteRoles",
        json!({ "roleList": [{ "code": "viewer", "namespace": "default" }, { "code": "nope", "namespace": "default" }] }),
    );
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": bob }))["totalCount"], json!(2));
    ok(&mut state, "deleteRoles", json!({ "roleList": [{ "code": "viewer", "namespace": "default" }] }));
    assert_eq!(ok(&mut state, "getUserRoles", json!({ "userId": bob }))["totalCount"], json!(1));
    assert_eq!(refused(&mut state, "getRole", json!({ "code": "viewer" })).refusal(), &errors::ROLE_NOT_FOUND);
}

#[test]
fn groups_are_listed_whole_and_created_or_updated_by_code() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let fields = |name: &str| json!({ "code": "devs", "name": name, "description": "d", "type": "t" });
    let created = ok(&mut state, "createOrUpdateGroup", fields("Devs"));
    assert_eq!(created["created"], json!(true));
    let updated = ok(&mut state, "createOrUpdateGroup", fields("Developers"));
    assert_eq!(
        (updated["created"].clone(), updated["data"]["id"].clone()),
        (json!(false), created["data"]["id"].clone())
    );
    assert_eq!(ok(&mut state, "getGroup", json!({ "code": "devs" }))["name"], json!("Developers"));
    let bad = json!({ "code": "not a code", "name": "x", "description": "", "type": "" });
    assert_eq!(zh(&refused(&mut state, "createOrUpdateGroup", bad)), "参数 code 格式错误");

    ok(&mut state, "createGroup", group_input("ops"));
    ok(&mut state, "addGroupMembers", json!({ "code": "devs", "userIds": [ann] }));
    let all = ok(&mut state, "getAllGroups", json!({}));
    assert_eq!(codes_of(&all), ["devs", "ops"]);
    assert_eq!(all[0]["members"], json!([]));
    let with_members = ok(&mut state, "getAllGroups", json!({ "fetchMembers": true }));
    assert_eq!(ids(&with_members[0]["members"]), [ann]);
    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["devs"] }));
    assert_eq!(codes_of(&ok(&mut state, "getAllGroups", json!({}))), ["ops"]);
}

#[test]
fn posts_are_written_read_back_held_and_removed() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    organization(&mut state, "acme");
    let (sales, hr) =
        (department(&mut state, "acme", "root", "Sales", "sales"), department(&mut state, "acme", "root", "HR", "hr"));
    let created = ok(&mut state, "createPost", json!({ "code": "lead", "name": "Lead", "departmentIdList": sales }));
    let lead = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["departmentIdList"], json!([sales]));
    assert_eq!(
        refused(&mut state, "createPost", json!({ "code": "lead", "name": "Again" })).refusal(),
        &errors::POST_CONFLICT
    );
    assert_eq!(zh(&refused(&mut state, "createPost", json!({ "code": "", "name": "x" }))), "参数 code 格式错误");
    let fault = refused(&mut state, "createPost", json!({ "code": "x", "name": "x", "departmentIdList": "ghost" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);
    let dev =
        ok(&mut state, "createPost", json!({ "code": "dev", "name": "Developer" }))["id"].as_str().unwrap().to_owned();

    let read = call(&mut state, "getPost", json!({ "code": "lead" })).unwrap();
    assert_eq!((read["name"].clone(), read["departmentIdList"].clone()), (json!("Lead"), json!(sales)));
    assert_eq!(ok(&mut state, "getPostById", json!({ "idList": lead }))["code"], json!("lead"));
    assert_eq!(
        zh(&refused(&mut state, "getPostById", json!({ "idList": format!("{lead},{dev}") }))),
        "参数 idList 格式错误"
    );

    let both = format!("{sales},{hr}");
    let updated = ok(
        &mut state,
        "updatePost",
        json!({ "id": lead, "code": "leader", "name": "Leader", "departmentIdList": both }),
    );
    assert_eq!(updated["departmentIdList"], json!([sales, hr]));
    assert_eq!(refused(&mut state, "getPost", json!({ "code": "lead" })).refusal(), &errors::POST_NOT_FOUND);
    let fault = refused(&mut state, "updatePost", json!({ "id": dev, "code": "leader", "name": "x" }));
    assert_eq!(fault.refusal(), &errors::POST_CONFLICT);

    let listed = ok(&mut state, "postList", json!({ "keywords": "LEAD" }));
    assert_eq!((listed["totalCount"].clone(), listed["list"][0]["departmentCount"].clone()), (json!(1), json!(2)));
    assert_eq!(ok(&mut state, "postListBatch", json!({ "postCodes": ["dev"] }))["list"][0]["code"], json!("dev"));
    assert_eq!(ok(&mut state, "postList", json!({ "limit": 1, "page": 2 }))["list"][0]["code"], json!("dev"));

    assert_eq!(refused(&mut state, "getUserPost", json!({ "userId": ann })).refusal(), &errors::POST_NOT_FOUND);
    call(&mut state, "setUserPosts", json!({ "userId": ann, "postIds": [dev, lead] })).unwrap();
    call(&mut state, "userConnectionPost", json!({ "userId": ann, "postId": dev })).unwrap();
    let held = ok(&mut state, "getUserPosts", json!({ "userId": ann }));
    assert_eq!(codes_of(&held), ["dev", "leader"]);
    assert_eq!(call(&mut state, "getUserPost", json!({ "userId": ann })).unwrap()["code"], json!("dev"));
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann, "withPost": true }))["postIdList"], json!([dev, lead]));
    let fault = call(&mut state, "setUserPosts", json!({ "userId": ann, "postIds": ["ghost"] })).unwrap_err();
    assert_eq!(fault.refusal(), &errors::POST_NOT_FOUND);
    assert_eq!(ok(&mut state, "postList", json!({ "keywords": "dev" }))["list"][0]["userCount"], json!(1));

    // Departments and organizations hold only posts that exist.
    let update = json!({ "organizationCode": "acme", "departmentId": sales, "postIdList": [lead] });
    ok(&mut state, "updateDepartment", update);
    let ghost = json!({ "organizationCode": "acme", "departmentId": hr, "postIdList": ["ghost"] });
    assert_eq!(refused(&mut state, "updateDepartment", ghost).refusal(), &errors::POST_NOT_FOUND);
    let ghost = json!({ "organizationCode": "beta", "organizationName": "Beta", "postIdList": ["ghost"] });
    assert_eq!(refused(&mut state, "createOrganization", ghost).refusal(), &errors::POST_NOT_FOUND);
    // A removed post is held by nobody.
    call(&mut state, "removePost", json!({ "code": "leader" })).unwrap();
    assert_eq!(codes_of(&ok(&mut state, "getUserPosts", json!({ "userId": ann }))), ["dev"]);
    let department = ok(&mut state, "getDepartmentById", json!({ "departmentId": sales }));
    assert_eq!(department["postIdList"], json!([]));
    // A resigned user holds none and takes none.
    ok(&mut state, "resignUser", json!({ "userId": ann }));
    assert_eq!(ok(&mut state, "getUserPosts", json!({ "userId": ann })), json!([]));
    let fault = call(&mut state, "userConnectionPost", json!({ "userId": ann, "postId": dev })).unwrap_err();
    assert_eq!(fault.refusal(), &errors::USER_RESIGNED);
}

#[test]
fn identities_are_linked_and_unlinked() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    let link =
        |user: &str, id: &str, kind: &str| json!({ "userId": user, "extIdpId": "gh", "userIdInIdp": id, "type": kind });
    // The emulator knows a provider only through an identity some user holds.
    let fault = refused(&mut state, "linkIdentity", link(&ann, "a1", "openid"));
    assert_eq!(fault.refusal(), &errors::NOT_EMULATED);
    let known = json!([{ "extIdpId": "gh", "provider": "github", "type": "openid", "userIdInIdp": "carl", "originConnIds": [] }]);
    user(&mut state, json!({ "username": "carl", "identities": known }));
    ok(&mut state, "linkIdentity", link(&ann, "a1", "openid"));
    ok(&mut state, "linkIdentity", link(&ann, "a2", "unionid"));
    // Linking again what the user holds changes nothing; another user may not take it.
    ok(&mut state, "linkIdentity", link(&ann, "a1", "openid"));
    assert_eq!(ok(&mut state, "getUserIdentities", json!({ "userId": ann })).as_array().map(Vec::len), Some(2));
    assert_eq!(refused(&mut state, "linkIdentity", link(&bob, "a1", "openid")).refusal(), &errors::USER_CONFLICT);
    let found = ok(&mut state, "getUser", json!({ "userId": "gh:a1", "userIdType": "identity" }));
    assert_eq!(found["userId"], json!(ann));
    assert_eq!(zh(&refused(&mut state, "linkIdentity", link("ghost", "x", "openid"))), "用户不存在");

    ok(&mut state, "unlinkIdentity", json!({ "userId": ann, "extIdpId": "gh", "type": "unionid" }));
    let left = ok(&mut state, "getUserIdentities", json!({ "userId": ann }));
    assert_eq!(left[0]["userIdInIdp"], json!("a1"));
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    ok(&mut state, "unlinkIdentity", json!({ "userId": ann, "extIdpId": "gh" }));
    assert_eq!(ok(&mut state, "getUserIdentities", json!({ "userId": ann })), json!([]));
    ok(&mut state, "linkIdentity", link(&bob, "a1", "openid"));
}

#[test]
fn sync_relations_are_deleted_per_provider() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let relation = |provider: &str| SyncRelation { provider: provider.into(), id: "x".into() };
    if let Some(u) = state.user_mut(&ann) {
        u.sync_relations = vec![relation("lark"), relation("dingtalk")];
    }
    let listed = ok(&mut state, "getUserSyncRelations", json!({ "userId": ann }));
    assert_eq!(listed[1], json!({ "provider": "dingtalk", "userIdInIdp": "x", "userInfoInIdp": {} }));
    ok(&mut state, "deleteUserSyncRelations", json!({ "userId": ann, "provider": "lark" }));
    assert_eq!(ok(&mut state, "getUserSyncRelations", json!({ "userId": ann })).as_array().map(Vec::len), Some(1));
    assert_eq!(state.user(&ann).map(|u| u.sync_relations.clone()), Some(vec![relation("dingtalk")]));
    assert_eq!(
        zh(&refused(&mut state, "deleteUserSyncRelations", json!({ "userId": "ghost", "provider": "lark" }))),
        "用户不存在"
    );

    organization(&mut state, "acme");
    let sales = department(&mut state, "acme", "root", "Sales", "sales");
    if let Some(d) = state.department_mut(&sales) {
        d.sync_relations = vec![relation("lark"), relation("dingtalk")];
    }
    let input = json!({ "organizationCode": "acme", "departmentId": "sales", "departmentIdType": "code", "provider": "dingtalk" });
    ok(&mut state, "deleteDepartmentSyncRelations", input);
    assert_eq!(state.department(&sales).map(|d| d.sync_relations.clone()), Some(vec![relation("lark")]));
    let read = json!({ "organizationCode": "acme", "departmentId": sales });
    assert_eq!(ok(&mut state, "getDepartmentSyncRelations", read)[0]["provider"], json!("lark"));
    assert_eq!(ok(&mut state, "getDepartmentSyncRelations", json!({ "organizationCode": "acme" })), json!([]));
}

#[test]
fn legacy_listing_sessions_and_mutual_exclusion() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let bob = user(&mut state, json!({ "username": "bob", "status": "Suspended" }));
    let all = ok(&mut state, "listUsersLegacy", json!({}));
    assert_eq!(ids(&all["list"]), [ann.clone(), bob.clone()]);
    assert_eq!(ids(&ok(&mut state, "listUsersLegacy", json!({ "status": "Suspended" }))["list"]), [bob.as_str()]);
    assert_eq!(ok(&mut state, "listUsersLegacy", json!({ "updatedAtEnd": 0 }))["totalCount"], json!(0));
    assert_eq!(ids(&ok(&mut state, "listUsersLegacy", json!({ "page": 2, "limit": 1 }))["list"]), [bob]);
    assert_eq!(refused(&mut state, "listUsersLegacy", json!({ "limit": 51 })).refusal(), &errors::LIMIT_OVER_50);

    assert_eq!(ok(&mut state, "checkSessionStatus", json!({ "appId": "app", "userId": ann }))["active"], json!(false));
    assert_eq!(
        zh(&refused(&mut state, "checkSessionStatus", json!({ "appId": "app", "userId": "ghost" }))),
        "用户不存在"
    );

    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    ok(&mut state, "createRole", json!({ "code": "editor" }));
    let roles = json!({ "roles": [{ "code": "viewer" }, { "code": "editor", "namespace": "default" }] });
    assert_eq!(ok(&mut state, "checkMutualExclusion", roles)["existMutuallyExclusive"], json!(false));
    let fault = refused(&mut state, "checkMutualExclusion", json!({ "roles": [{ "code": "nope" }] }));
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
}

#[test]
fn mfa_trigger_data_is_kept_as_set() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let fault = refused(&mut state, "getUserMfaStatus", json!({ "userId": ann }));
    assert_eq!(fault.refusal(), &errors::NOT_EMULATED);
    let data = json!({ "mfaToken": "t", "applicationMfa": [], "totpMfaEnabled": true });
    ok(&mut state, "setUsersMfaStatus", json!({ "userId": "ann", "userIdType": "username", "mfaTriggerData": data }));
    assert_eq!(ok(&mut state, "getUserMfaStatus", json!({ "userId": ann })), data);
    let fault = refused(&mut state, "setUsersMfaStatus", json!({ "userId": "ghost", "mfaTriggerData": data }));
    assert_eq!(zh(&fault), "用户不存在");
}
