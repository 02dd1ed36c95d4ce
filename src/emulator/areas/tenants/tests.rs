//! Tenants, their members and administrators.

use crate::emulator::areas::testing::*;

/// Creates a tenant and returns its id.
fn tenant(state: &mut State, name: &str) -> String {
    let created = ok(state, "createTenant", json!({ "name": name, "appIds": ["app"] }));
    created["tenantId"].as_str().expect("tenantId is a string").to_owned()
}

/// The `linkUserId`s of a listing of tenant users.
fn linked(list: &Value) -> Vec<String> {
    list["list"].as_array().unwrap().iter().map(|m| m["linkUserId"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn tenants_are_written_read_back_changed_and_deleted() {
    let mut state = State { userpool_id: "pool".into(), ..State::default() };
    let id = tenant(&mut state, "Acme");
    let read = ok(&mut state, "getTenant", json!({ "tenantId": id, "withMembersCount": true }));
    assert_eq!(
        (read["name"].as_str(), read["userPoolId"].as_str(), read["membersCount"].as_i64()),
        (Some("Acme"), Some("pool"), Some(0))
    );
    let code = read["code"].as_str().unwrap().to_owned();
    assert_eq!(ok(&mut state, "getTenantByCode", json!({ "code": code }))["tenantId"], json!(id));
    tenant(&mut state, "Globex");
    let found = ok(&mut state, "listTenants", json!({ "keywords": "acm" }));
    assert_eq!(found["totalCount"], 1);

    ok(&mut state, "updateTenant", json!({ "tenantId": id, "name": "Acme Inc", "description": "d" }));
    let changed = ok(&mut state, "getTenantLittleInfo", json!({ "tenantId": id }));
    assert_eq!((changed["name"].as_str(), changed["description"].as_str()), (Some("Acme Inc"), Some("d")));

    ok(&mut state, "deleteTenant", json!({ "tenantId": id }));
    let gone = refused(&mut state, "getTenant", json!({ "tenantId": id }));
    assert_eq!((gone.status_code(), zh(&gone)), (404, "租户不存在".to_owned()));
    assert_eq!(refused(&mut state, "getTenantByCode", json!({ "code": code })).status_code(), 404);
    assert_eq!(ok(&mut state, "listTenants", json!({}))["totalCount"], 1);
}

#[test]
fn members_join_are_read_administer_and_leave() {
    let mut state = State::default();
    let id = tenant(&mut state, "Acme");
    let alice = user(&mut state, json!({ "username": "alice" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    let unknown =
        refused(&mut state, "addTenantUsers", json!({ "tenantId": id, "linkUserIds": ["000000000000000000000000"] }));
    assert_eq!(unknown.status_code(), 404);
    ok(&mut state, "addTenantUsers", json!({ "tenantId": id, "linkUserIds": [alice, alice] }));
    assert_eq!(linked(&ok(&mut state, "listTenantUsers", json!({ "tenantId": id }))), [alice.as_str()]);

    let member = ok(&mut state, "getTenantUser", json!({ "tenantId": id, "linkUserId": alice }));
    assert_eq!((member["username"].as_str(), member["isTenantAdmin"].as_bool()), (Some("alice"), Some(false)));
    let member_id = member["memberId"].as_str().unwrap().to_owned();
    assert_eq!(
        ok(&mut state, "getTenantUser", json!({ "tenantId": id, "memberId": member_id }))["linkUserId"],
        json!(alice)
    );

    done(&mut state, "setTenantAdmin", json!({ "tenantId": id, "linkUserIds": [bob] }));
    let admins = ok(&mut state, "listTenantAdmin", json!({ "tenantId": id }));
    assert_eq!(linked(&admins), [bob.as_str()], "an administrator is a member too");
    done(&mut state, "deleteTenantAdmin", json!({ "tenantId": id, "linkUserId": bob }));
    assert_eq!(ok(&mut state, "listTenantAdmin", json!({ "tenantId": id }))["totalCount"], 0);
    assert_eq!(ok(&mut state, "listTenantUsers", json!({ "tenantId": id }))["totalCount"], 2);

    ok(&mut state, "removeTenantUsers", json!({ "tenantId": id, "memberIds": [member_id] }));
    assert_eq!(linked(&ok(&mut state, "listTenantUsers", json!({ "tenantId": id }))), [bob.as_str()]);
    assert!(state.user(&alice).is_some(), "leaving a tenant keeps the pool user");
    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [bob] }));
    assert_eq!(
        ok(&mut state, "listTenantUsers", json!({ "tenantId": id }))["totalCount"],
        0,
        "a deleted user is a member of no tenant"
    );
    let none = refused(&mut state, "getTenantUser", json!({ "tenantId": id, "linkUserId": bob }));
    assert_eq!(zh(&none), "租户成员不存在");
}

#[test]
fn tenant_users_are_pool_users_created_and_changed_through_the_tenant() {
    let mut state = State::default();
    let id = tenant(&mut state, "Acme");
    let created =
        ok(&mut state, "createTenantUser", json!({ "tenantId": id, "gender": "F", "email": "carol@example.com" }));
    let carol = created["linkUserId"].as_str().unwrap().to_owned();
    assert_eq!(
        (created["email"].as_str(), created["tenantId"].as_str()),
        (Some("carol@example.com"), Some(id.as_str()))
    );
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": carol }))["gender"], "F");
    let nameless = refused(&mut state, "createTenantUser", json!({ "tenantId": id, "gender": "F" }));
    assert_eq!(zh(&nameless), "Must contain one of the following fields: username, phone, email");

    ok(&mut state, "updateTenantUser", json!({ "tenantId": id, "linkUserId": carol, "updates": { "nickname": "cc" } }));
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": carol }))["nickname"], "cc");
}

#[test]
fn tenant_members_join_and_leave_departments() {
    let mut state = State::default();
    let id = tenant(&mut state, "Acme");
    let root = organization(&mut state, "acme");
    let member = user(&mut state, json!({ "username": "member" }));
    let outsider = user(&mut state, json!({ "username": "outsider" }));
    ok(&mut state, "addTenantUsers", json!({ "tenantId": id, "linkUserIds": [member] }));
    let at = |users: &[&str]| json!({ "tenantId": id, "organizationCode": "acme", "departmentId": "root", "linkUserIds": users });
    let refused_outsider = refused(&mut state, "addTenantDepartmentMembers", at(&[&outsider]));
    assert_eq!(refused_outsider.status_code(), 404);
    ok(&mut state, "addTenantDepartmentMembers", at(&[&member]));
    assert!(state.department(&root).unwrap().members.iter().any(|m| m.user_id == member));
    ok(&mut state, "removeTenantDepartmentMembers", at(&[&member]));
    assert!(state.department(&root).unwrap().members.is_empty());
}
