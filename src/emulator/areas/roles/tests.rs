//! Behaviour of the Roles area's handlers.

use crate::emulator::areas::testing::*;

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
fn administrator_roles_are_created_taken_deleted_and_free_again() {
    let mut state = State::default();
    let role = json!({ "code": "auditor", "name": "Auditor", "description": "reads logs" });
    assert_eq!(ok(&mut state, "createAdminRole", role.clone())["isValid"], true);
    assert_eq!(state.admin_roles.len(), 1);
    let taken = refused(&mut state, "createAdminRole", role.clone());
    assert_eq!(codes(&taken), (400, Some(ApiCode::AccessExists)));
    assert!(state.roles.is_empty(), "administrator roles are not namespace roles");

    ok(&mut state, "deleteAdminRolesBatch", json!({ "codeList": ["auditor", "never-made"] }));
    assert!(state.admin_roles.is_empty());
    assert_eq!(ok(&mut state, "createAdminRole", role)["isValid"], true, "a deleted code is free again");
}

#[test]
fn role_params_are_free_until_a_role_of_the_namespace_takes_them() {
    let mut state = State::default();
    let check = |state: &mut State, body: Value| ok(state, "checkParamsNamespace", body)["isValid"].clone();
    assert_eq!(check(&mut state, json!({ "code": "viewer", "namespace": "default", "name": "Viewer" })), true);
    ok(&mut state, "createRole", json!({ "code": "viewer", "name": "Viewer" }));
    assert_eq!(check(&mut state, json!({ "code": "viewer", "namespace": "default" })), false);
    assert_eq!(check(&mut state, json!({ "code": "other", "namespace": "default", "name": "Viewer" })), false);
    assert_eq!(check(&mut state, json!({ "code": "other", "namespace": "default", "name": "Other" })), true);
    let elsewhere = refused(&mut state, "checkParamsNamespace", json!({ "code": "viewer", "namespace": "nowhere" }));
    assert_eq!(elsewhere.status_code(), 404);
    let malformed = refused(&mut state, "checkParamsNamespace", json!({ "code": "a b", "namespace": "default" }));
    assert_eq!(malformed.status_code(), 400);

    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["viewer"] }));
    assert_eq!(check(&mut state, json!({ "code": "viewer", "namespace": "default", "name": "Viewer" })), true);
}
