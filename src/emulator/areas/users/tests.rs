//! Behaviour of the Users area's handlers: references by every id type,
//! creation and updates, resignation and deletion with their cascades,
//! listings, identities and sign-in records.

use crate::emulator::areas::testing::*;

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
    assert_eq!(exists(&mut state, json!({ "phone": "0", "username": "c2" })), json!(false));
    assert_eq!(exists(&mut state, json!({ "phone": "0", "username": "c1" })), json!(true), "any one held is enough");
    let fault = refused(&mut state, "isUserExists", json!({ "email": "not-an-address" }));
    assert_eq!(fault.message(errors::Lang::ZhCn), "参数 email 格式错误");
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
    assert_eq!(created["photo"], super::handlers::DEFAULT_PHOTO, "a server-assigned avatar");
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

#[test]
fn imported_otp_secrets_are_read_back_and_go_with_the_user() {
    let mut state = State::default();
    let alice = user(&mut state, json!({ "username": "alice", "email": "alice@example.com" }));
    let none = refused(&mut state, "getOtpSecretByUser", json!({ "userId": alice }));
    assert_eq!(none.status_code(), 404, "nothing is bound before an import");

    let import =
        |secret: &str| json!({ "list": [{ "userId": alice, "otp": { "secret": secret, "recoveryCode": "r-1" } }] });
    done(&mut state, "importOtp", import("JBSWY3DPEHPK3PXP"));
    let read = ok(&mut state, "getOtpSecretByUser", json!({ "userId": "alice@example.com", "userIdType": "email" }));
    assert_eq!(read["secret"], "JBSWY3DPEHPK3PXP");
    done(&mut state, "importOtp", import("NEWSECRET234567"));
    assert_eq!(ok(&mut state, "getOtpSecretByUser", json!({ "userId": alice }))["secret"], "NEWSECRET234567");

    let unknown = json!({ "list": [
        { "userId": alice, "otp": { "secret": "THIRDSECRET" } },
        { "userId": "000000000000000000000000", "otp": { "secret": "S" } },
    ] });
    assert_eq!(refused(&mut state, "importOtp", unknown).status_code(), 404);
    assert_eq!(
        ok(&mut state, "getOtpSecretByUser", json!({ "userId": alice }))["secret"],
        "NEWSECRET234567",
        "a refused import binds nobody"
    );

    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [alice] }));
    assert_eq!(refused(&mut state, "getOtpSecretByUser", json!({ "userId": alice })).status_code(), 404);
}

/// The names of the applications `op` lists for `user`.
fn apps_of(state: &mut State, op: &str, user: &str) -> Vec<String> {
    let apps = ok(state, op, json!({ "userId": user }));
    apps.as_array().unwrap().iter().map(|a| a["appName"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_user_reaches_the_applications_their_grants_and_the_strategies_let_them_use() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    let app = |state: &mut State, name: &str| {
        let created = ok(state, "createApplication", json!({ "appName": name, "appIdentifier": name }));
        created["appId"].as_str().unwrap().to_owned()
    };
    let open = app(&mut state, "open");
    let closed = app(&mut state, "closed");
    let shut = app(&mut state, "shut");
    done(
        &mut state,
        "updateApplicationPermissionStrategy",
        json!({ "appId": closed, "permissionStrategy": "DENY_ALL" }),
    );
    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "", "type": "static" }));
    done(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [ann] }));
    let grant = |app: &str, kind: &str, who: &str, effect: &str| json!({ "appId": app, "list": [{ "targetType": kind, "targetIdentifier": [who], "effect": effect }] });
    done(&mut state, "authorizeApplicationAccess", grant(&closed, "GROUP", "staff", "ALLOW"));
    done(&mut state, "authorizeApplicationAccess", grant(&shut, "USER", &ann, "DENY"));

    assert_eq!(apps_of(&mut state, "getUserAccessibleApps", &ann), ["closed", "open"], "newest first");
    assert_eq!(apps_of(&mut state, "getUserAuthorizedApps", &ann), ["closed"], "only what a grant allows");
    assert_eq!(apps_of(&mut state, "getUserAccessibleApps", &bob), ["shut", "open"]);
    assert!(apps_of(&mut state, "getUserAuthorizedApps", &bob).is_empty());
    let listed = ok(&mut state, "getUserAccessibleApps", json!({ "userId": ann }));
    assert_eq!((&listed[0]["appId"], &listed[0]["appDefaultLoginStrategy"]), (&json!(closed), &json!("DENY_ALL")));

    // A grant switched off, revoked or whose application is gone decides nothing.
    let denial = state.applications.iter().find(|a| a.id == shut).unwrap().grants[0].id.clone();
    done(&mut state, "enabledAuth", json!({ "id": denial, "enabled": false }));
    assert_eq!(apps_of(&mut state, "getUserAccessibleApps", &ann), ["shut", "closed", "open"]);
    let revoke = json!({ "appId": closed, "list": [{ "targetType": "GROUP", "targetIdentifier": ["staff"] }] });
    done(&mut state, "revokeApplicationAccess", revoke);
    assert_eq!(apps_of(&mut state, "getUserAccessibleApps", &ann), ["shut", "open"]);
    assert!(apps_of(&mut state, "getUserAuthorizedApps", &ann).is_empty());
    done(&mut state, "deleteApplication", json!({ "appId": open }));
    assert_eq!(apps_of(&mut state, "getUserAccessibleApps", &ann), ["shut"]);

    for op in ["getUserAccessibleApps", "getUserAuthorizedApps"] {
        assert_eq!(zh(&refused(&mut state, op, json!({ "userId": "" }))), "参数 userId 格式错误", "{op}");
        let ghost = refused(&mut state, op, json!({ "userId": "000000000000000000000000" }));
        assert_eq!(ghost.refusal(), &errors::USER_NOT_FOUND, "{op}");
    }
}
