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
fn the_tenant_listings_answer_a_limit_over_fifty() {
    let mut state = State::default();
    for n in 0..60 {
        tenant(&mut state, &format!("tenant {n}"));
    }
    let listed = ok(&mut state, "listTenants", json!({ "page": "1", "limit": "100" }));
    assert_eq!((listed["totalCount"].as_i64(), listed["list"].as_array().map(Vec::len)), (Some(60), Some(60)));
    let second = ok(&mut state, "listTenants", json!({ "page": "2", "limit": "55" }));
    assert_eq!(second["list"].as_array().map(Vec::len), Some(5));
    for (page, limit, blamed) in [("0", "10", "page"), ("1", "0", "limit"), ("1", "-1", "limit")] {
        let fault = refused(&mut state, "listTenants", json!({ "page": page, "limit": limit }));
        assert_eq!(zh(&fault), format!("参数 {blamed} 格式错误"), "{page} {limit}");
    }
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

#[test]
fn an_enterprise_certification_is_submitted_changed_reviewed_and_goes_with_its_tenant() {
    let mut state = State::default();
    let id = tenant(&mut state, "Acme");
    let papers = |name: &str| {
        json!({
            "tenantId": id, "businessName": name, "businessLicense": "https://files.example.com/licence.png",
            "businessRegistrationName": "Acme Ltd", "unifiedSocialCredit": "91110000000000000X",
            "legalRepresentativeName": "Wile", "nationalIdentificationNumber": "110101199001010000",
            "personalBankCardNumber": "6222000000000000", "bankReservedPhone": "13800000000",
        })
    };
    // The answer is the envelope's own fields, not a `data`, so `ok` has no schema to hold it to.
    let read = |state: &mut State| call(state, "getTenantEnterpriseCertification", json!({ "tenant_id": id })).unwrap();
    assert_eq!(read(&mut state), json!({ "enterpriseCertificationStatus": "not_submit" }));
    let unsubmitted = refused(&mut state, "updateTenantEnterpriseCertification", papers("Acme"));
    assert_eq!(zh(&unsubmitted), "租户企业认证不存在");
    let mut blank = papers("Acme");
    blank["businessName"] = json!(" ");
    assert_eq!(refused(&mut state, "createTenantEnterpriseCertification", blank).status_code(), 400);

    ok(&mut state, "createTenantEnterpriseCertification", papers("Acme"));
    let submitted = read(&mut state);
    assert_eq!(
        (submitted["businessName"].as_str(), submitted["enterpriseCertificationStatus"].as_str()),
        (Some("Acme"), Some("reviewing"))
    );
    assert_eq!(refused(&mut state, "createTenantEnterpriseCertification", papers("Acme")).status_code(), 409);

    let review = |status: Value| json!({ "tenantId": id, "enterpriseCertificationStatus": status, "reviewReason": "blurred scan" });
    ok(&mut state, "reviewTenantEnterpriseCertification", review(json!(-1)));
    let rejected = read(&mut state);
    assert_eq!(
        (rejected["enterpriseCertificationStatus"].clone(), rejected["reviewReason"].as_str()),
        (json!(-1), Some("blurred scan"))
    );
    assert_eq!(
        refused(&mut state, "reviewTenantEnterpriseCertification", review(json!("rejected"))).status_code(),
        400
    );

    ok(&mut state, "updateTenantEnterpriseCertification", papers("Acme Inc"));
    let changed = read(&mut state);
    assert_eq!(
        (
            changed["businessName"].as_str(),
            changed["enterpriseCertificationStatus"].as_str(),
            changed.get("reviewReason")
        ),
        (Some("Acme Inc"), Some("reviewing"), None),
        "changed papers wait for a new review"
    );
    ok(&mut state, "reviewTenantEnterpriseCertification", review(json!("pass")));
    assert_eq!(read(&mut state)["enterpriseCertificationStatus"], "pass");

    ok(&mut state, "deleteTenant", json!({ "tenantId": id }));
    assert_eq!(zh(&refused(&mut state, "getTenantEnterpriseCertification", json!({ "tenant_id": id }))), "租户不存在");
}

#[test]
fn console_administrators_are_made_read_listed_and_end_with_their_user() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let globex = tenant(&mut state, "Globex");
    let alice = user(
        &mut state,
        json!({ "username": "alice", "name": "Alice", "email": "alice@example.com", "phone": "13800000001" }),
    );
    let bob = user(
        &mut state,
        json!({ "username": "bob", "name": "Bob", "email": "bob@example.com", "phone": "13800000002" }),
    );
    let none = ok(&mut state, "getMultipleTenantAdmin", json!({ "userId": alice }));
    assert_eq!(none["totalCount"], 0, "a user who administers no tenant is no console administrator");
    let missing = refused(
        &mut state,
        "createMultipleTenantAdmin",
        json!({ "tenantIds": [acme, "000000000000000000000000"], "userId": alice }),
    );
    assert_eq!(zh(&missing), "租户不存在");
    assert_eq!(
        ok(&mut state, "listMultipleTenantAdmin", json!({}))["totalCount"],
        0,
        "a refused request changes nothing"
    );
    let nobody = refused(
        &mut state,
        "createMultipleTenantAdmin",
        json!({ "tenantIds": [acme], "userId": "000000000000000000000000" }),
    );
    assert_eq!(nobody.status_code(), 404);

    done(&mut state, "createMultipleTenantAdmin", json!({ "tenantIds": [acme], "userId": alice }));
    done(
        &mut state,
        "createMultipleTenantAdmin",
        json!({ "tenantIds": [globex], "userId": alice, "apiAuthorized": true }),
    );
    done(&mut state, "createMultipleTenantAdmin", json!({ "tenantIds": [globex], "userId": bob }));
    let read = ok(&mut state, "getMultipleTenantAdmin", json!({ "userId": alice }));
    assert_eq!(
        read["list"],
        json!([{
            "userId": alice, "name": "Alice", "phone": "13800000001", "email": "alice@example.com",
            "apiAuthorized": true, "lastLogin": null,
        }])
    );
    let all = ok(&mut state, "listMultipleTenantAdmin", json!({}));
    assert_eq!(
        all["list"].as_array().unwrap().iter().map(|a| a["userId"].clone()).collect::<Vec<_>>(),
        [json!(alice), json!(bob)]
    );
    assert_eq!(ok(&mut state, "listMultipleTenantAdmin", json!({ "keywords": "BOB" }))["totalCount"], 1);
    assert!(
        ok(&mut state, "listTenantAdmin", json!({ "tenantId": globex }))["list"].as_array().unwrap().is_empty(),
        "a console administrator is not thereby a member of the tenant"
    );

    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [alice] }));
    let left = ok(&mut state, "listMultipleTenantAdmin", json!({}));
    assert_eq!((left["totalCount"].as_i64(), left["list"][0]["userId"].clone()), (Some(1), json!(bob)));
    ok(&mut state, "deleteTenant", json!({ "tenantId": globex }));
    assert_eq!(
        ok(&mut state, "listMultipleTenantAdmin", json!({}))["totalCount"],
        0,
        "a deleted tenant has no administrators"
    );
}

#[test]
fn a_tenant_user_created_without_a_tenant_is_a_pool_user_of_no_tenant() {
    let mut state = State::default();
    let id = tenant(&mut state, "Acme");
    let created = ok(&mut state, "createTenantUser", json!({ "username": "dave" }));
    let dave = created["userId"].as_str().unwrap().to_owned();
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": dave }))["username"], "dave");
    assert_eq!(ok(&mut state, "listTenantUsers", json!({ "tenantId": id }))["totalCount"], 0);
    assert_eq!(
        refused(&mut state, "createTenantUser", json!({ "tenantId": "", "username": "erin" })).status_code(),
        400
    );
    assert!(state.users.iter().all(|u| u.username.as_deref() != Some("erin")), "a refused request creates nobody");
}

/// The `inviteAccount`s of a listing of invitation records.
fn invited(list: &Value) -> Vec<String> {
    list["list"].as_array().unwrap().iter().map(|r| r["inviteAccount"].as_str().unwrap().to_owned()).collect()
}

/// The invitation records of the pool matching `keywords`, all on one page.
fn records(state: &mut State, keywords: &str) -> Value {
    ok(state, "listInviteTennatUserRecords", json!({ "keywords": keywords, "page": "1", "limit": "50" }))
}

#[test]
fn invitations_are_made_listed_mailed_and_go_with_their_tenant() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let invite = |tenant_id: &str, emails: Value| json!({ "validityTerm": "7d", "appId": "app", "tenantId": tenant_id, "emails": emails });
    let made = ok(
        &mut state,
        "generateInviteTenantUserLink",
        invite(&acme, json!(["ann@example.com", "not-an-address", "ann@example.com", "ben@example.com"])),
    );
    assert_eq!(made["errMsgs"], json!([{ "email": "not-an-address", "message": "邮箱格式错误" }]));
    assert_eq!(invited(&made), ["ann@example.com", "ben@example.com"], "each address once, in order");
    let first = &made["list"][0];
    assert_eq!((first["recordId"].as_u64(), first["verifiedStatus"].as_str()), (Some(1), Some("")));
    let link = first["inviteLink"].as_str().unwrap();
    assert!(link.starts_with("/tenant-invitations/") && link != made["list"][1]["inviteLink"], "{link}");

    let listed = records(&mut state, "");
    assert_eq!((listed["totalCount"].as_i64(), listed["list"].clone()), (Some(2), made["list"].clone()));
    assert_eq!(invited(&records(&mut state, "BEN")), ["ben@example.com"]);

    assert!(state.tenant_console.invitations.iter().all(|i| i.mailed_at.is_none()));
    assert_eq!(ok(&mut state, "sendInviteTenantUserEmail", json!({}))["success"], true);
    assert!(state.tenant_console.invitations.iter().all(|i| i.mailed_at.is_some()), "the mailing is recorded");

    let globex = tenant(&mut state, "Globex");
    ok(&mut state, "generateInviteTenantUserLink", invite(&globex, json!(["cat@example.com"])));
    ok(&mut state, "deleteTenant", json!({ "tenantId": acme }));
    assert_eq!(invited(&records(&mut state, "")), ["cat@example.com"], "invitations into a deleted tenant go with it");
    let numbered = records(&mut state, "");
    assert_eq!(numbered["list"][0]["recordId"], 3, "record numbers are not reused");
}

#[test]
fn an_invitation_names_an_existing_tenant_an_application_a_term_and_someone() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let valid = json!({ "validityTerm": "7d", "appId": "app", "tenantId": acme, "emails": ["ann@example.com"] });
    for (key, value) in [("tenantId", json!("000000000000000000000000")), ("appId", json!(" ")), ("emails", json!([]))]
    {
        let mut request = valid.clone();
        request[key] = value;
        let fault = refused(&mut state, "generateInviteTenantUserLink", request);
        assert_eq!(fault.status_code(), if key == "tenantId" { 404 } else { 400 }, "{key}");
    }
    assert_eq!(records(&mut state, "")["totalCount"], 0, "a refused request invites nobody");
    let mut poolwide = valid.clone();
    poolwide.as_object_mut().unwrap().remove("tenantId");
    assert_eq!(invited(&ok(&mut state, "generateInviteTenantUserLink", poolwide)), ["ann@example.com"]);
}

#[test]
fn cooperators_are_made_listed_changed_and_end_with_their_user() {
    let mut state = State::default();
    let alice = user(&mut state, json!({ "username": "alice", "email": "alice@example.com" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    let make = |user_id: &str, policies: Value| json!({ "userId": user_id, "policies": policies });
    let nobody = refused(&mut state, "createTenantCooperator", make("000000000000000000000000", json!(["p"])));
    assert_eq!(nobody.status_code(), 404);
    assert_eq!(refused(&mut state, "createTenantCooperator", make(&alice, json!([]))).status_code(), 400);
    let listing = |state: &mut State, query: Value| ok(state, "listTenantCooperators", query);
    assert_eq!(listing(&mut state, json!({}))["totalCount"], 0, "a refused request makes no cooperator");

    done(&mut state, "createTenantCooperator", make(&alice, json!(["users:read"])));
    done(&mut state, "createTenantCooperator", make(&bob, json!(["users:read"])));
    let all = listing(&mut state, json!({}));
    assert_eq!(ids(&all["list"]), [alice.clone(), bob.clone()]);
    let first = &all["list"][0];
    assert_eq!(
        (first["external"].as_bool(), first["user"]["username"].as_str(), first["type"].as_str()),
        (Some(false), Some("alice"), Some("USER"))
    );
    assert_eq!(ids(&listing(&mut state, json!({ "keywords": "ALICE@" }))["list"]), [alice.as_str()]);
    assert_eq!(listing(&mut state, json!({ "external": true }))["totalCount"], 0, "pool users are internal");
    assert_eq!(listing(&mut state, json!({ "external": false }))["totalCount"], 2);

    let read = |state: &mut State, op: &str, user_id: &str| ok(state, op, json!({ "userId": user_id }));
    assert_eq!(
        read(&mut state, "getTenantCooperator", &alice),
        json!({ "list": [], "authorizedPoliciesCode": ["users:read"] })
    );
    done(&mut state, "createTenantCooperator", make(&alice, json!(["users:write"])));
    let kept = &state.tenant_console.cooperators;
    assert_eq!((kept.len(), kept[0].policies.clone()), (2, vec!["users:write".to_owned()]), "made again, changed");
    for op in ["getTenantCooperator", "getTenantCooperatorMenu"] {
        assert_eq!(read(&mut state, op, &alice)["authorizedPoliciesCode"], json!(["users:write"]));
    }

    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [alice] }));
    assert_eq!(ids(&listing(&mut state, json!({}))["list"]), [bob], "a deleted user collaborates on nothing");
    let unknown = refused(&mut state, "getTenantCooperator", json!({ "userId": alice }));
    assert_eq!(codes(&unknown), (404, Some(ApiCode::UserNotFound)));
    let carol = user(&mut state, json!({ "username": "carol" }));
    let not_one = refused(&mut state, "getTenantCooperatorMenu", json!({ "userId": carol }));
    assert_eq!((not_one.status_code(), zh(&not_one)), (404, "协调管理员不存在".to_owned()));
}

/// An `UpdateLoginConfig` with every required field, creating tenants as `allowed` says.
fn login_settings(allowed: bool) -> Value {
    json!({ "update": {
        "tabMethodsSortConfig": {}, "qrCodeSortConfig": {}, "ssoPageCustomizationSettings": { "autoRegisterThenLogin": true },
        "passwordTabConfig": {}, "verifyCodeTabConfig": {}, "config": { "global": {} },
        "enableCreateTenant": allowed, "createTenantScenes": ["console"], "enableJoinTenant": true, "joinTenantScenes": [],
        "enableVerifyDomain": false, "enableAutoConnectTenantApp": true, "verifyDomainScenes": ["register"],
    } })
}

#[test]
fn the_console_settings_read_back_as_they_were_set() {
    let mut state = State { userpool_id: "pool".into(), ..State::default() };
    let fresh = ok(&mut state, "userpollTenantConfig", json!({}));
    assert_eq!(
        (fresh["userPoolId"].as_str(), fresh["enableCreateTenant"].as_bool(), fresh["createTenantScenes"].clone()),
        (Some("pool"), Some(false), json!([])),
        "a setting never set reads as its type's neutral value"
    );
    assert_eq!(fresh["loginConfig"]["enabledBasicLoginMethods"], json!([]));

    done(&mut state, "updateUserPoolTenantConfig", login_settings(true));
    done(&mut state, "updateTenantQrCodeState", json!({ "enabled": true }));
    let set = ok(&mut state, "userpollTenantConfig", json!({}));
    assert_eq!(
        (set["enableCreateTenant"].as_bool(), set["createTenantScenes"].clone(), set["verifyDomainScenes"].clone()),
        (Some(true), json!(["console"]), json!(["register"]))
    );
    assert_eq!(set["ssoPageCustomizationSettings"], json!({ "autoRegisterThenLogin": true }));
    assert_eq!(set["loginConfig"]["enabledBasicLoginMethods"], json!(["SELF_BUILT_APP_QRCODE"]));

    done(&mut state, "updateUserPoolTenantConfig", login_settings(false));
    done(&mut state, "updateTenantQrCodeState", json!({ "enabled": false }));
    let undone = ok(&mut state, "userpollTenantConfig", json!({}));
    assert_eq!(undone["enableCreateTenant"], false);
    assert_eq!(undone["loginConfig"]["enabledBasicLoginMethods"], json!([]));
    let partial =
        refused(&mut state, "updateUserPoolTenantConfig", json!({ "update": { "enableCreateTenant": true } }));
    assert_eq!(partial.status_code(), 400, "the settings are given whole");
}

/// Creates a provider of the pool (or of a tenant) with one connection,
/// and returns the provider's and the connection's ids.
fn provider(state: &mut State, kind: &str, tenant: Option<&str>, identifier: &str) -> (String, String) {
    let mut body = json!({ "name": kind, "type": kind });
    if let Some(tenant) = tenant {
        body["tenantId"] = json!(tenant);
    }
    let idp = ok(state, "createExtIdp", body.clone())["id"].as_str().unwrap().to_owned();
    body["extIdpId"] = json!(idp);
    body["identifier"] = json!(identifier);
    body["displayName"] = json!(identifier);
    body["type"] = json!("oidc");
    let conn = ok(state, "createExtIdpConn", body)["id"].as_str().unwrap().to_owned();
    (idp, conn)
}

#[test]
fn the_pools_tenant_login_offers_the_connections_switched_on_for_it() {
    let mut state = State::default();
    let (idp, conn) = provider(&mut state, "oidc", None, "corp");
    let offered =
        |state: &mut State| ok(state, "userpollTenantConfig", json!({}))["loginConfig"]["enabledExtIdpConns"].clone();
    done(&mut state, "changeUserpoolTenanExtIdpConnState", json!({ "enabled": true, "connIds": [conn] }));
    let on = offered(&mut state);
    assert_eq!(
        (on[0]["extIdpId"].as_str(), on[0]["extIdpConnId"].as_str(), on[0]["isSocial"].as_bool()),
        (Some(idp.as_str()), Some(conn.as_str()), Some(false))
    );
    let unknown = json!({ "enabled": true, "connIds": [conn, "000000000000000000000000"] });
    assert_eq!(zh(&refused(&mut state, "changeUserpoolTenanExtIdpConnState", unknown)), "身份源连接不存在");
    done(&mut state, "changeUserpoolTenanExtIdpConnState", json!({ "enabled": false, "connIds": [conn] }));
    assert_eq!(offered(&mut state), json!([]));
    done(&mut state, "changeUserpoolTenanExtIdpConnState", json!({ "enabled": true, "connIds": [conn] }));
    done(&mut state, "deleteExtIdpConn", json!({ "id": conn }));
    assert_eq!(offered(&mut state), json!([]), "a deleted connection is offered nowhere");
}

#[test]
fn a_tenants_console_lists_its_own_providers_and_those_it_associated() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let (pools, pools_conn) = provider(&mut state, "saml", None, "corp");
    let (own, own_conn) = provider(&mut state, "github", Some(&acme), "gh");
    let listed = |state: &mut State, query: Value| {
        let list = ok(state, "listTenantExtIdp", query);
        list["list"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(listed(&mut state, json!({ "tenantId": acme })), [own.as_str()]);
    assert_eq!(listed(&mut state, json!({})), [pools.as_str()], "without a tenant, the pool's own");
    let associate = json!({ "id": pools_conn, "association": true, "tenantId": acme });
    done(&mut state, "changeExtIdpConnAssociationState", associate);
    assert_eq!(listed(&mut state, json!({ "tenantId": acme })), [pools.as_str(), own.as_str()]);
    assert_eq!(listed(&mut state, json!({ "tenantId": acme, "type": "social" })), [own.as_str()]);
    assert_eq!(
        listed(&mut state, json!({ "tenantId": acme, "type": "enterprise", "limit": 1, "page": 2 })),
        Vec::<String>::new()
    );
    let switch = json!({ "id": own_conn, "enabled": true, "appId": "app", "tenantId": acme });
    done(&mut state, "changeExtIdpConnState", switch);
    assert_eq!(listed(&mut state, json!({ "tenantId": acme, "appId": "app" })), [own.as_str()]);

    done(
        &mut state,
        "changeExtIdpConnAssociationState",
        json!({ "id": pools_conn, "association": false, "tenantId": acme }),
    );
    assert_eq!(listed(&mut state, json!({ "tenantId": acme })), [own.as_str()]);
    let gone = refused(&mut state, "listTenantExtIdp", json!({ "tenantId": "000000000000000000000000" }));
    assert_eq!(gone.status_code(), 404);
}

/// Creates a self-built application reached at `identifier` and returns its `appId`.
fn application(state: &mut State, identifier: &str, sso: bool) -> String {
    let created = ok(state, "createApplication", json!({ "appName": identifier, "appIdentifier": identifier }));
    let id = created["appId"].as_str().expect("appId is a string").to_owned();
    done(state, "updateApplication", json!({ "appId": id, "ssoEnabled": sso }));
    id
}

/// The `appId`s of a `listTenantApplications` page.
fn tenant_apps(state: &mut State, keywords: &str, sso_enabled: bool, page: &str) -> Vec<String> {
    let query = json!({ "page": page, "limit": "2", "keywords": keywords, "sso_enabled": sso_enabled });
    let listed = ok(state, "listTenantApplications", query);
    listed["list"].as_array().unwrap().iter().map(|a| a["appId"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_tenant_lists_the_applications_where_it_acts() {
    let mut state = State { userpool_id: "pool".into(), ..State::default() };
    let portal = application(&mut state, "portal", true);
    let shop = application(&mut state, "shop", false);
    let ops = application(&mut state, "ops-portal", false);
    assert_eq!(tenant_apps(&mut state, "", false, "1"), [ops.as_str(), shop.as_str()], "newest first, two a page");
    assert_eq!(tenant_apps(&mut state, "", false, "2"), [portal.as_str()]);
    assert_eq!(tenant_apps(&mut state, "PORTAL", false, "1"), [ops.as_str(), portal.as_str()]);
    assert_eq!(tenant_apps(&mut state, "portal", true, "1"), [portal.as_str()], "only those in single sign-on");

    let query = json!({ "page": "1", "limit": "10", "keywords": "portal", "sso_enabled": true });
    let item = &ok(&mut state, "listTenantApplications", query.clone())["list"][0];
    assert_eq!(
        (&item["userPoolId"], &item["tenantAppId"], &item["name"], &item["applicationType"], &item["ssoEnabled"]),
        (&json!("pool"), &json!(portal), &json!("portal"), &json!("web"), &json!(true))
    );
    done(&mut state, "updateApplication", json!({ "appId": portal, "ssoEnabled": false }));
    assert_eq!(ok(&mut state, "listTenantApplications", query.clone())["totalCount"], 0);
    done(&mut state, "deleteApplication", json!({ "appId": ops }));
    assert_eq!(tenant_apps(&mut state, "", false, "1"), [shop.as_str(), portal.as_str()]);

    let words = json!({ "page": "one", "limit": "10", "keywords": "", "sso_enabled": false });
    assert_eq!(refused(&mut state, "listTenantApplications", words).status_code(), 400);
    let missing = json!({ "page": "1", "limit": "10", "keywords": "" });
    assert_eq!(refused(&mut state, "listTenantApplications", missing).status_code(), 400);
}

/// Whether the resource of `code` in the application's namespace reads as tied to a tenant.
fn tied(state: &mut State, app: &str, code: &str) -> Value {
    ok(state, "getResource", json!({ "code": code, "namespace": app }))["linkedToTenant"].clone()
}

#[test]
fn an_application_resource_is_tied_to_a_tenant_and_untied() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let globex = tenant(&mut state, "Globex");
    let app = application(&mut state, "portal", false);
    ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "namespace": app }));
    assert_eq!(tied(&mut state, &app, "books"), json!(false));

    let tie = |tenant: &str, on: bool| json!({ "code": "books", "appId": app, "tenantId": tenant, "association": on });
    done(&mut state, "associateTenantResource", tie(&acme, true));
    done(&mut state, "associateTenantResource", tie(&globex, true));
    assert_eq!(tied(&mut state, &app, "books"), json!(true));
    let listed = ok(&mut state, "listResources", json!({ "namespace": app }));
    assert_eq!(listed["list"][0]["linkedToTenant"], json!(true));

    done(&mut state, "associateTenantResource", tie(&acme, false));
    assert_eq!(tied(&mut state, &app, "books"), json!(true), "still tied to Globex");
    ok(&mut state, "deleteTenant", json!({ "tenantId": globex }));
    assert_eq!(tied(&mut state, &app, "books"), json!(false), "a deleted tenant has nothing tied to it");
    done(&mut state, "associateTenantResource", tie(&acme, true));
    done(&mut state, "associateTenantResource", tie(&acme, false));
    assert_eq!(tied(&mut state, &app, "books"), json!(false));
}

#[test]
fn tying_a_resource_needs_a_tenant_an_application_and_the_resource() {
    let mut state = State::default();
    let acme = tenant(&mut state, "Acme");
    let app = application(&mut state, "portal", false);
    ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "namespace": app }));
    ok(&mut state, "createResource", json!({ "code": "maps", "type": "DATA" }));
    let tie = |code: &str, app: &str, tenant: Option<&str>| {
        let mut body = json!({ "code": code, "appId": app, "association": true });
        if let Some(tenant) = tenant {
            body["tenantId"] = json!(tenant);
        }
        body
    };
    assert_eq!(refused(&mut state, "associateTenantResource", tie("books", &app, None)).status_code(), 400);
    let nobody = refused(&mut state, "associateTenantResource", tie("books", &app, Some("000000000000000000000000")));
    assert_eq!(zh(&nobody), "租户不存在");
    let unknown = "000000000000000000000001";
    let no_app = refused(&mut state, "associateTenantResource", tie("books", unknown, Some(&acme)));
    assert_eq!((no_app.status_code(), zh(&no_app)), (404, "应用不存在".to_owned()));
    let elsewhere = refused(&mut state, "associateTenantResource", tie("maps", &app, Some(&acme)));
    assert_eq!((elsewhere.status_code(), zh(&elsewhere)), (404, "资源不存在".to_owned()), "maps is in default");
    assert_eq!(tied(&mut state, &app, "books"), json!(false), "a refused tie changes nothing");

    done(&mut state, "associateTenantResource", tie("books", &app, Some(&acme)));
    done(&mut state, "deleteApplication", json!({ "appId": app }));
    let gone = refused(&mut state, "associateTenantResource", tie("books", &app, Some(&acme)));
    assert_eq!(zh(&gone), "应用不存在", "the application's resources went with it");
}
