//! Permission namespaces, data resources, data policies and the checks
//! that read them.

use crate::emulator::areas::testing::*;

/// Creates a permission namespace.
fn namespace(state: &mut State, code: &str) {
    ok(state, "createPermissionNamespace", json!({ "code": code, "name": format!("{code} name") }));
}

/// Creates a string data resource `code` in `namespace` with two actions.
fn string_resource(state: &mut State, namespace: &str, code: &str) {
    ok(
        state,
        "createDataResourceByString",
        json!({
            "namespaceCode": namespace, "resourceCode": code, "resourceName": format!("{code} name"),
            "struct": "value", "actions": ["read", "write"],
        }),
    );
}

/// Creates a policy of one statement and returns its id.
fn policy(state: &mut State, name: &str, effect: &str, permissions: &[&str]) -> String {
    let created = ok(
        state,
        "createDataPolicy",
        json!({ "policyName": name, "statementList": [{ "effect": effect, "permissions": permissions }] }),
    );
    created["policyId"].as_str().expect("policyId is a string").to_owned()
}

fn grant(state: &mut State, policy_id: &str, kind: &str, id: &str) {
    done(
        state,
        "authorizeDataPolicies",
        json!({ "policyIds": [policy_id], "targetList": [{ "id": id, "type": kind }] }),
    );
}

/// Whether `checkPermission` lets the user do `action` on each resource.
fn enabled(state: &mut State, user: &str, namespace: &str, resources: &[&str], action: &str) -> Vec<bool> {
    let answer = ok(
        state,
        "checkPermission",
        json!({ "userId": user, "namespaceCode": namespace, "resources": resources, "action": action }),
    );
    answer["checkResultList"].as_array().unwrap().iter().map(|r| r["enabled"].as_bool().unwrap()).collect()
}

#[test]
fn permission_namespaces_are_written_read_back_renamed_and_deleted() {
    let mut state = State::default();
    let created =
        ok(&mut state, "createPermissionNamespace", json!({ "code": "crm", "name": "CRM", "description": "sales" }));
    assert_eq!((created["code"].as_str(), created["description"].as_str()), (Some("crm"), Some("sales")));
    assert_eq!(ok(&mut state, "getPermissionNamespace", json!({ "code": "crm" }))["name"], "CRM");
    let batch = ok(&mut state, "getPermissionNamespacesBatch", json!({ "codes": ["crm", "default"] }));
    assert_eq!(codes_of_namespaces(&batch), ["crm", "default"]);
    let missing = refused(&mut state, "getPermissionNamespacesBatch", json!({ "codes": ["crm", "nope"] }));
    assert_eq!((missing.status_code(), zh(&missing)), (404, "有不存在的权限空间".to_owned()));

    string_resource(&mut state, "crm", "deals");
    namespace(&mut state, "taken");
    let clash = refused(&mut state, "updatePermissionNamespace", json!({ "code": "crm", "newCode": "taken" }));
    assert_eq!((clash.status_code(), zh(&clash)), (409, "namespace with code taken already exists.".to_owned()));
    let renamed =
        ok(&mut state, "updatePermissionNamespace", json!({ "code": "crm", "newCode": "sales", "name": "Sales" }));
    assert_eq!((renamed["code"].as_str(), renamed["name"].as_str()), (Some("sales"), Some("Sales")));
    let resource = ok(&mut state, "getDataResource", json!({ "namespaceCode": "sales", "resourceCode": "deals" }));
    assert_eq!(resource["namespaceCode"], "sales", "a new code carries the namespace's data resources along");

    ok(&mut state, "deletePermissionNamespace", json!({ "code": "sales" }));
    let gone = refused(&mut state, "getPermissionNamespace", json!({ "code": "sales" }));
    assert_eq!((gone.status_code(), zh(&gone)), (404, "namespace not found".to_owned()));
    assert!(state.data_resources.is_empty(), "the namespace's data resources go with it");
    let twice = refused(&mut state, "deletePermissionNamespacesBatch", json!({ "codes": ["taken", "sales"] }));
    assert_eq!((twice.status_code(), zh(&twice)), (404, "权限空间不存在".to_owned()));
    assert!(state.namespaces.get("taken").is_some(), "a refused batch deletes nothing");
}

fn codes_of_namespaces(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap()).collect()
}

#[test]
fn permission_namespace_requests_are_checked_field_by_field() {
    let mut state = State::default();
    let cases = [
        (json!({ "code": "", "name": "n" }), 400, "code should not be empty"),
        (json!({ "code": "c", "name": "" }), 400, "name should not be empty"),
        (json!({ "code": "system", "name": "n" }), 403, "can't use permission namespace code 'default' or 'system'"),
        (json!({ "code": "好", "name": "n" }), 400, "invalid namespace code: 好"),
    ];
    for (input, status, message) in cases {
        let fault = refused(&mut state, "createPermissionNamespace", input);
        assert_eq!((fault.status_code(), zh(&fault)), (status, message.to_owned()));
    }
    let built_in =
        refused(&mut state, "createPermissionNamespacesBatch", json!({ "list": [{ "code": "default", "name": "d" }] }));
    assert_eq!(built_in.status_code(), 409);
    let over = refused(&mut state, "listPermissionNamespaces", json!({ "limit": 51 }));
    assert_eq!(zh(&over), "limit must not be greater than 50");
    let empty = refused(&mut state, "listPermissionNamespaceRoles", json!({ "code": "" }));
    assert_eq!(zh(&empty), "code should not be empty,code must be longer than or equal to 1 characters");
    let exists = ok(&mut state, "checkPermissionNamespaceExists", json!({ "code": "default" }));
    assert_eq!(exists["isValid"], false);
    assert_eq!(ok(&mut state, "checkPermissionNamespaceExists", json!({ "code": "fresh" }))["isValid"], true);
}

#[test]
fn a_namespaces_roles_are_listed_with_it() {
    let mut state = State::default();
    namespace(&mut state, "app");
    ok(&mut state, "createRole", json!({ "code": "admin", "name": "Admin", "namespace": "app" }));
    ok(&mut state, "createRole", json!({ "code": "other", "name": "Other" }));
    let roles = ok(&mut state, "listPermissionNamespaceRoles", json!({ "code": "app" }));
    assert_eq!(roles["totalCount"], 1);
    assert_eq!(
        (roles["list"][0]["code"].as_str(), roles["list"][0]["namespace"].as_str()),
        (Some("admin"), Some("app"))
    );
    let role = ok(&mut state, "getRole", json!({ "code": "admin", "namespace": "app" }));
    assert_eq!(role["namespaceName"], "app name", "a role names its namespace by the namespace's name");
}

#[test]
fn data_resources_are_written_read_back_changed_and_deleted() {
    let mut state = State::default();
    namespace(&mut state, "app");
    let tree = json!([{ "code": "north", "name": "North", "children": [{ "code": "oslo", "name": "Oslo" }] }]);
    let created = ok(
        &mut state,
        "createDataResourceByTree",
        json!({
            "namespaceCode": "app", "resourceCode": "regions", "resourceName": "Regions",
            "struct": tree, "actions": ["read"],
        }),
    );
    assert_eq!((created["type"].as_str(), &created["struct"]), (Some("TREE"), &tree));
    ok(
        &mut state,
        "createDataResourceByArray",
        json!({ "namespaceCode": "app", "resourceCode": "tags", "resourceName": "Tags", "struct": ["a", "b"], "actions": ["read"] }),
    );
    let listed = ok(&mut state, "listDataResources", json!({ "namespaceCodes": ["app"] }));
    assert_eq!(listed["totalCount"], 2);
    assert_eq!(listed["list"][0]["namespaceName"], "app name");

    let taken_name = refused(
        &mut state,
        "createDataResourceByString",
        json!({ "namespaceCode": "app", "resourceCode": "new", "resourceName": "Tags", "struct": "s", "actions": ["read"] }),
    );
    assert_eq!(zh(&taken_name), "数据资源名称已经存在");
    let wrong_shape = refused(
        &mut state,
        "createDataResource",
        json!({ "namespaceCode": "app", "resourceCode": "x", "resourceName": "X", "type": "ARRAY", "struct": "s", "actions": ["a"] }),
    );
    assert_eq!(wrong_shape.status_code(), 400);

    let updated = ok(
        &mut state,
        "updateDataResource",
        json!({ "namespaceCode": "app", "resourceCode": "tags", "resourceName": "Labels", "struct": ["c"] }),
    );
    assert_eq!((updated["resourceName"].as_str(), &updated["struct"]), (Some("Labels"), &json!(["c"])));
    let bad_update = refused(
        &mut state,
        "updateDataResource",
        json!({ "namespaceCode": "app", "resourceCode": "tags", "struct": "flat" }),
    );
    assert_eq!(bad_update.status_code(), 400, "an array resource keeps an array structure");
    let check = ok(&mut state, "checkDataResourceExists", json!({ "namespaceCode": "app", "resourceCode": "tags" }));
    assert_eq!((check["isValid"].as_bool(), check["message"].as_str()), (Some(false), Some("数据资源 code 已经存在")));

    done(&mut state, "deleteDataResource", json!({ "namespaceCode": "app", "resourceCode": "tags" }));
    let gone = refused(&mut state, "getDataResource", json!({ "namespaceCode": "app", "resourceCode": "tags" }));
    assert_eq!(gone.status_code(), 404);
    assert_eq!(
        ok(&mut state, "checkDataResourceExists", json!({ "namespaceCode": "app", "resourceCode": "tags" }))["isValid"],
        true
    );
}

#[test]
fn data_resource_requests_name_the_first_field_that_breaks_its_rules() {
    let mut state = State::default();
    let base = json!({ "namespaceCode": "app", "resourceCode": "r", "resourceName": "R", "struct": ["a"], "actions": ["read"] });
    let cases = [
        ("namespaceCode", json!(""), "namespaceCode should not be empty"),
        ("resourceName", json!(""), "resourceName should not be empty"),
        ("struct", json!([]), "struct must contain at least 1 elements,struct should not be empty"),
        ("actions", json!([]), "actions should not be empty"),
    ];
    for (field, value, message) in cases {
        let mut input = base.clone();
        input[field] = value;
        assert_eq!(zh(&refused(&mut state, "createDataResourceByArray", input)), message);
    }
    let missing_namespace = refused(&mut state, "createDataResourceByArray", base);
    assert_eq!((missing_namespace.status_code(), zh(&missing_namespace)), (404, "namespace not found".to_owned()));
    let page = refused(&mut state, "listDataResources", json!({ "limit": 51 }));
    assert_eq!(page.status_code(), 602);
}

#[test]
fn extended_fields_are_defined_listed_changed_and_deleted() {
    let mut state = State::default();
    namespace(&mut state, "app");
    string_resource(&mut state, "app", "doc");
    let at = json!({ "namespaceCode": "app", "resourceCode": "doc" });
    let with = |extra: Value| {
        let mut input = at.clone();
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        input
    };
    ok(&mut state, "createDnef", with(json!({ "key": "owner", "label": "Owner", "valueType": "STRING" })));
    let fields = json!([{ "key": "level", "label": "Level", "valueType": "STRING" }, { "key": "zone", "label": "Zone", "valueType": "STRING" }]);
    ok(&mut state, "batchCreateDnef", with(json!({ "fieldList": fields })));
    let again = refused(&mut state, "createDnef", with(json!({ "key": "owner", "label": "O", "valueType": "STRING" })));
    assert_eq!(again.status_code(), 409);
    ok(&mut state, "updateDnef", with(json!({ "key": "owner", "label": "Holder" })));
    let page = ok(&mut state, "listDnef", with(json!({ "maxSize": 2 })));
    assert_eq!(
        (page["list"][0]["label"].as_str(), page["truncated"].as_bool(), page["nextStartIndex"].as_i64()),
        (Some("Holder"), Some(true), Some(2))
    );
    ok(&mut state, "deleteDnef", with(json!({ "key": "owner" })));
    let rest = ok(&mut state, "listDnef", at.clone());
    let keys: Vec<&str> = rest["list"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["level", "zone"]);
    assert_eq!(refused(&mut state, "deleteDnef", with(json!({ "key": "owner" }))).status_code(), 404);
}

#[test]
fn data_policies_are_written_read_back_changed_and_deleted() {
    let mut state = State::default();
    let id = policy(&mut state, "readers", "ALLOW", &["app/doc/read"]);
    assert_eq!(ok(&mut state, "getDataPolicy", json!({ "policyId": id }))["policyName"], "readers");
    let free = ok(&mut state, "checkDataPolicyExists", json!({ "policyName": "writers" }));
    assert_eq!(free["isValid"], true);
    let taken = refused(&mut state, "checkDataPolicyExists", json!({ "policyName": "readers" }));
    assert_eq!(taken.status_code(), 602);
    assert_eq!(taken.data().map(|data| &data["isValid"]), Some(&json!(false)));
    let updated =
        ok(&mut state, "updateDataPolicy", json!({ "policyId": id, "policyName": "viewers", "description": "d" }));
    assert_eq!((updated["policyName"].as_str(), updated["description"].as_str()), (Some("viewers"), Some("d")));
    let listed = ok(&mut state, "listSimpleDataPolices", json!({ "query": "view" }));
    assert_eq!(listed["totalCount"], 1);
    done(&mut state, "deleteDataPolicy", json!({ "policyId": id }));
    let gone = refused(&mut state, "getDataPolicy", json!({ "policyId": id }));
    assert_eq!(gone.status_code(), 404);
    assert_eq!(ok(&mut state, "listDataPolices", json!({}))["totalCount"], 0);

    let no_permissions = refused(
        &mut state,
        "createDataPolicy",
        json!({ "policyName": "p", "statementList": [{ "effect": "ALLOW", "permissions": [] }] }),
    );
    assert_eq!(no_permissions.status_code(), 602);
    let no_statements = refused(&mut state, "createDataPolicy", json!({ "policyName": "p", "statementList": [] }));
    assert_eq!(zh(&no_statements), "statementList must contain at least 1 elements");
    let no_policies = refused(&mut state, "authorizeDataPolicies", json!({ "policyIds": [], "targetList": [] }));
    assert_eq!(zh(&no_policies), "policyIds must contain at least 1 elements");
}

#[test]
fn policies_reach_users_directly_and_through_roles_and_a_denial_wins() {
    let mut state = State::default();
    namespace(&mut state, "app");
    string_resource(&mut state, "app", "doc");
    let alice = user(&mut state, json!({ "username": "alice" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    assert_eq!(enabled(&mut state, &alice, "app", &["doc"], "read"), [false], "nothing is allowed before a grant");

    let readers = policy(&mut state, "readers", "ALLOW", &["app/doc/*"]);
    grant(&mut state, &readers, "USER", &alice);
    assert_eq!(enabled(&mut state, &alice, "app", &["doc", "other"], "read"), [true, false]);
    assert_eq!(enabled(&mut state, &bob, "app", &["doc"], "read"), [false]);
    let targets = ok(&mut state, "listDataPolicyTargets", json!({ "policyId": readers }));
    assert_eq!(
        (targets["list"][0]["targetIdentifier"].as_str(), targets["list"][0]["targetName"].as_str()),
        (Some(alice.as_str()), Some("alice"))
    );

    ok(&mut state, "createRole", json!({ "code": "staff", "namespace": "app" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "staff", "namespace": "app", "targets": [{ "targetType": "USER", "targetIdentifier": bob }] }),
    );
    let role_id = state.roles[0].id.clone();
    grant(&mut state, &readers, "ROLE", &role_id);
    assert_eq!(enabled(&mut state, &bob, "app", &["doc"], "write"), [true], "a role's policy reaches its holders");

    let deny = policy(&mut state, "no-writes", "DENY", &["app/doc/write"]);
    grant(&mut state, &deny, "USER", &bob);
    assert_eq!(enabled(&mut state, &bob, "app", &["doc"], "write"), [false], "a denial wins over an allowance");
    assert_eq!(enabled(&mut state, &bob, "app", &["doc"], "read"), [true]);

    let listing = ok(
        &mut state,
        "listResourceTargets",
        json!({ "namespaceCode": "app", "resources": ["doc"], "actions": ["write"] }),
    );
    assert_eq!(listing["authUserList"][0]["actionAuthList"][0]["userIds"], json!([alice]));
    let actions = ok(
        &mut state,
        "getUserResourcePermissionList",
        json!({ "namespaceCode": "app", "userId": bob, "resources": ["doc"] }),
    );
    assert_eq!(actions["permissionList"][0]["actions"], json!(["read"]));

    done(
        &mut state,
        "revokeDataPolicy",
        json!({ "policyId": readers, "targetType": "USER", "targetIdentifier": alice }),
    );
    assert_eq!(enabled(&mut state, &alice, "app", &["doc"], "read"), [false], "a revoked policy no longer reaches");
    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["staff"], "namespace": "app" }));
    assert_eq!(enabled(&mut state, &bob, "app", &["doc"], "read"), [false], "a deleted role's policies go with it");
    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [bob] }));
    assert!(state.policy_grants.iter().all(|g| g.subject_id != bob), "a deleted user holds no policy");
}

#[test]
fn tree_permissions_cover_the_nodes_under_them() {
    let mut state = State::default();
    namespace(&mut state, "app");
    let tree = json!([{ "code": "north", "name": "North", "children": [{ "code": "oslo", "name": "Oslo" }] }, { "code": "south", "name": "South" }]);
    ok(
        &mut state,
        "createDataResourceByTree",
        json!({ "namespaceCode": "app", "resourceCode": "regions", "resourceName": "Regions", "struct": tree, "actions": ["read"] }),
    );
    let alice = user(&mut state, json!({ "username": "alice" }));
    let north = policy(&mut state, "north", "ALLOW", &["app/regions/north/read"]);
    grant(&mut state, &north, "USER", &alice);
    let paths = ["regions/north", "regions/north/oslo", "regions/south", "regions/northern"];
    assert_eq!(enabled(&mut state, &alice, "app", &paths, "read"), [true, true, false, false]);
    let same_level = ok(
        &mut state,
        "checkUserSameLevelPermission",
        json!({ "namespaceCode": "app", "userId": alice, "resource": "regions", "resourceNodeCodes": ["north", "south"], "action": "read" }),
    );
    let flags: Vec<bool> = same_level["checkLevelResultList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["enabled"].as_bool().unwrap())
        .collect();
    assert_eq!(flags, [true, false]);
    let structure = ok(
        &mut state,
        "getUserResourceStruct",
        json!({ "namespaceCode": "app", "userId": alice, "resourceCode": "regions" }),
    );
    let nodes = &structure["treeResourceAuthAction"]["nodeAuthActionList"];
    assert_eq!(
        (&nodes[0]["actions"], &nodes[0]["children"][0]["actions"], &nodes[1]["actions"]),
        (&json!(["read"]), &json!(["read"]), &json!([]))
    );
    let list = ok(&mut state, "getUserPermissionList", json!({ "userIds": [alice] }));
    let granted: Vec<&str> = list["userPermissionList"][0]["resourceList"][0]["treeAuthorize"]["authList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["nodePath"].as_str().unwrap())
        .collect();
    assert_eq!(granted, ["north", "north/oslo"]);
}

#[test]
fn a_same_level_check_without_nodes_checks_the_resource_itself() {
    let mut state = State::default();
    let alice = user(&mut state, json!({ "username": "alice" }));
    ok(&mut state, "createPermissionNamespace", json!({ "code": "app", "name": "App" }));
    ok(
        &mut state,
        "createDataResource",
        json!({ "namespaceCode": "app", "resourceName": "Notes", "resourceCode": "notes", "type": "STRING",
                "struct": "notes", "actions": ["read", "write"] }),
    );
    let policy = ok(
        &mut state,
        "createDataPolicy",
        json!({ "policyName": "readers", "statementList": [{ "effect": "ALLOW", "permissions": ["app/notes/read"] }] }),
    );
    done(
        &mut state,
        "authorizeDataPolicies",
        json!({ "policyIds": [policy["policyId"]], "targetList": [{ "id": alice, "type": "USER" }] }),
    );
    let check = |state: &mut State, action: &str| {
        let body = json!({ "userId": alice, "namespaceCode": "app", "resource": "notes", "action": action });
        ok(state, "checkUserSameLevelPermission", body)["checkLevelResultList"].clone()
    };
    assert_eq!(check(&mut state, "read"), json!([{ "action": "read", "resourceNodeCode": "notes", "enabled": true }]));
    assert_eq!(check(&mut state, "write")[0]["enabled"], false);
    let empty = json!({ "userId": alice, "namespaceCode": "app", "resource": "notes", "action": "read", "resourceNodeCodes": [] });
    assert_eq!(
        refused(&mut state, "checkUserSameLevelPermission", empty).status_code(),
        400,
        "a list sent must not be empty"
    );
}

#[test]
fn the_permission_view_shows_who_holds_which_policy_over_which_resource() {
    let mut state = State::default();
    let alice = user(&mut state, json!({ "username": "alice" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    user(&mut state, json!({ "username": "carol" }));
    ok(&mut state, "createPermissionNamespace", json!({ "code": "app", "name": "App" }));
    for code in ["notes", "files"] {
        ok(
            &mut state,
            "createDataResource",
            json!({ "namespaceCode": "app", "resourceName": code, "resourceCode": code, "type": "STRING",
                    "struct": code, "actions": ["read"] }),
        );
    }
    let policy = ok(
        &mut state,
        "createDataPolicy",
        json!({ "policyName": "notes-readers", "statementList": [{ "effect": "ALLOW", "permissions": ["app/notes/read"] }] }),
    );
    let role = ok(&mut state, "createRole", json!({ "code": "reader", "name": "Reader", "namespace": "app" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "reader", "namespace": "app", "targets": [{ "targetType": "USER", "targetIdentifier": bob }] }),
    );
    done(
        &mut state,
        "authorizeDataPolicies",
        json!({ "policyIds": [policy["policyId"]], "targetList": [{ "id": alice, "type": "USER" }, { "id": role["id"], "type": "ROLE" }] }),
    );

    let view = ok(&mut state, "listPermissionView", json!({}));
    assert_eq!(view["totalCount"], 2, "alice and bob over notes; nobody over files, carol over nothing");
    let rows = view["list"].as_array().unwrap();
    assert_eq!((rows[0]["username"].as_str(), rows[0]["dataResourceCode"].as_str()), (Some("alice"), Some("notes")));
    assert_eq!(
        rows[0]["dataPolicyList"],
        json!([{ "dataPolicyId": policy["policyId"], "dataPolicyName": "notes-readers" }])
    );
    assert_eq!(rows[0]["roleList"], json!([]), "alice holds the policy herself");
    assert_eq!(rows[1]["roleList"], json!([{ "roleId": role["id"], "roleName": "Reader", "roleCode": "reader" }]));
    assert_eq!(ok(&mut state, "listPermissionView", json!({ "keyword": "BO" }))["totalCount"], 1);

    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["reader"], "namespace": "app" }));
    assert_eq!(ok(&mut state, "listPermissionView", json!({}))["totalCount"], 1, "bob held it through the role");
    done(&mut state, "deleteDataPolicy", json!({ "policyId": policy["policyId"] }));
    assert_eq!(ok(&mut state, "listPermissionView", json!({}))["totalCount"], 0);
}
