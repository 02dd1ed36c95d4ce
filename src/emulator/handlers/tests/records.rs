//! Event apps and event types, administrator roles, role code checks and
//! OTP bindings: each written, read back, removed where the area can
//! remove it, and read again.

use super::*;

#[test]
fn event_apps_are_created_listed_and_unique() {
    let mut state = State::default();
    assert_eq!(ok(&mut state, "listEventApps", json!({}))["totalCount"], 0);
    done(&mut state, "createEventApp", json!({ "identifier": "shop", "name": "Shop", "logo": "https://l/shop.png" }));
    let apps = ok(&mut state, "listEventApps", json!({}));
    assert_eq!(apps["list"], json!([{ "identifier": "shop", "name": "Shop", "logo": "https://l/shop.png" }]));
    let taken = refused(&mut state, "createEventApp", json!({ "identifier": "shop", "name": "Other", "logo": "" }));
    assert_eq!((codes(&taken), zh(&taken)), ((400, Some(ApiCode::AccessExists)), "事件应用 shop 已存在".to_owned()));
    let empty = refused(&mut state, "createEventApp", json!({ "identifier": "", "name": "x", "logo": "" }));
    assert_eq!(codes(&empty), (400, Some(ApiCode::InvalidParameter)));
    assert_eq!(ok(&mut state, "listEventApps", json!({}))["totalCount"], 1, "refusals add nothing");
}

#[test]
fn defined_events_are_listed_by_app_and_publishable_from_either_end() {
    let mut state = State::default();
    done(&mut state, "defineEvent", json!({ "eventType": "shop.order.paid", "eventDescription": "An order was paid" }));
    done(&mut state, "defineEvent", json!({ "eventType": "crm.lead.won", "eventDescription": "A lead was won" }));
    let all = ok(&mut state, "listEvents", json!({}));
    let codes_listed: Vec<&str> = all["list"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes_listed, ["shop.order.paid", "crm.lead.won"]);
    let shop = ok(&mut state, "listEvents", json!({ "app": "shop" }));
    assert_eq!(shop["totalCount"], 1);
    assert_eq!(
        (shop["list"][0]["topic"].as_str(), shop["list"][0]["desc"].as_str()),
        (Some("shop.order.paid"), Some("An order was paid"))
    );
    assert_eq!(ok(&mut state, "listEvents", json!({ "app": "sho" }))["totalCount"], 0, "an app is a whole segment");
    assert_eq!(ok(&mut state, "listEvents", json!({ "limit": 1, "page": 2 }))["list"][0]["code"], "crm.lead.won");
    let again = refused(&mut state, "defineEvent", json!({ "eventType": "crm.lead.won", "eventDescription": "" }));
    assert_eq!(codes(&again), (400, Some(ApiCode::AccessExists)));

    let published = ok(&mut state, "pubUserEvent", json!({ "eventType": "shop.order.paid", "eventData": { "id": 7 } }));
    assert_eq!(published["success"], true);
    assert_eq!(state.outbox, [("shop.order.paid".to_owned(), r#"{"id":7}"#.to_owned())]);
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
