//! Behaviour of the Applications area's handlers.

use crate::emulator::areas::testing::*;
use crate::emulator::state::{Invitation, Tenant};

/// Creates a self-built application reached at `identifier` and returns its `appId`.
fn app(state: &mut State, identifier: &str) -> String {
    let created = ok(state, "createApplication", json!({ "appName": identifier, "appIdentifier": identifier }));
    created["appId"].as_str().expect("appId is a string").to_owned()
}

#[test]
fn an_application_is_created_read_back_changed_and_deleted() {
    let mut state = State::default();
    let created = ok(
        &mut state,
        "createApplication",
        json!({
            "appName": "Portal",
            "appIdentifier": "portal",
            "appDescription": "d",
            "loginConfig": { "enabledBasicLoginMethods": ["USERNAME_PASSWORD"], "showAuthorizationPage": true },
        }),
    );
    let id = created["appId"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 24);
    assert_eq!(
        (&created["appType"], &created["defaultProtocol"], &created["isIntegrateApp"]),
        (&json!("web"), &json!("oidc"), &json!(false))
    );
    assert_eq!(created["loginConfig"]["enabledBasicLoginMethods"], json!(["USERNAME_PASSWORD"]));
    assert_eq!(created["loginConfig"]["showAuthorizationPage"], json!(true));
    assert_eq!(ok(&mut state, "getApplication", json!({ "appId": id })), created);
    let brief = ok(&mut state, "getApplicationSimpleInfo", json!({ "appId": id }));
    assert_eq!((&brief["appName"], &brief["appIdentifier"]), (&json!("Portal"), &json!("portal")));

    done(
        &mut state,
        "updateApplication",
        json!({ "appId": id, "appName": "Portal 2", "ssoEnabled": true, "brandingConfig": { "defaultLanguage": "en-US" } }),
    );
    let changed = ok(&mut state, "getApplication", json!({ "appId": id }));
    assert_eq!((&changed["appName"], &changed["ssoEnabled"]), (&json!("Portal 2"), &json!(true)));
    assert!(changed["ssoEnabledAt"].is_string());
    assert_eq!(changed["brandingConfig"]["defaultLanguage"], "en-US");
    assert_eq!(changed["customBrandingEnabled"], true);
    assert_eq!(changed["appDescription"], "d", "what the update left out stays");

    done(&mut state, "deleteApplication", json!({ "appId": id }));
    for op in ["getApplication", "getApplicationSimpleInfo", "getApplicationSecret", "deleteApplication"] {
        let fault = refused(&mut state, op, json!({ "appId": id }));
        assert_eq!((zh(&fault), fault.status_code()), ("应用不存在".to_owned(), 404), "{op}");
    }
    assert_eq!(
        refused(&mut state, "updateApplication", json!({ "appId": id })).refusal(),
        &errors::APPLICATION_NOT_FOUND
    );
    assert_eq!(ok(&mut state, "listApplications", json!({}))["totalCount"], 0);
}

#[test]
fn identifiers_are_required_well_formed_and_unique() {
    let mut state = State::default();
    assert_eq!(zh(&refused(&mut state, "createApplication", json!({ "appName": "a" }))), "参数 appIdentifier 格式错误");
    let bad = refused(&mut state, "createApplication", json!({ "appName": "a", "appIdentifier": "no spaces" }));
    assert_eq!(zh(&bad), "参数 appIdentifier 格式错误");
    let first = app(&mut state, "shop");
    let taken = refused(&mut state, "createApplication", json!({ "appName": "b", "appIdentifier": "SHOP" }));
    assert_eq!(
        (taken.refusal(), zh(&taken)),
        (&errors::APPLICATION_IDENTIFIER_CONFLICT, "应用域名 SHOP 已被占用".into())
    );
    let other = app(&mut state, "blog");
    let moved = refused(&mut state, "updateApplication", json!({ "appId": other, "appIdentifier": "shop" }));
    assert_eq!(moved.refusal(), &errors::APPLICATION_IDENTIFIER_CONFLICT);
    done(&mut state, "updateApplication", json!({ "appId": first, "appIdentifier": "shop" }));
    let available = |state: &mut State, domain: &str| {
        ok(state, "checkDomainAvailable", json!({ "domain": domain }))["available"].clone()
    };
    assert_eq!(available(&mut state, "shop"), json!(false));
    assert_eq!(available(&mut state, "news"), json!(true));
    assert_eq!(available(&mut state, "not a domain"), json!(false));
    done(&mut state, "deleteApplication", json!({ "appId": first }));
    assert_eq!(available(&mut state, "shop"), json!(true), "a deleted application's domain is free again");
    assert_eq!(zh(&refused(&mut state, "checkDomainAvailable", json!({ "domain": "" }))), "参数 domain 格式错误");
}

#[test]
fn an_integrated_application_takes_its_template_and_is_reached_at_its_id() {
    let mut state = State::default();
    let created = ok(
        &mut state,
        "createApplication",
        json!({ "appName": "Git", "template": "github", "templateData": { "org": "x" }, "redirectUris": ["https://ignored"] }),
    );
    assert_eq!((&created["isIntegrateApp"], &created["template"]), (&json!(true), &json!("github")));
    assert_eq!(created["appIdentifier"], created["appId"]);
    assert_eq!(created["redirectUris"], json!([]), "an integrated application ignores the other fields");
    app(&mut state, "own");
    let listed = |state: &mut State, query: Value| {
        let page = ok(state, "listApplications", query);
        page["list"].as_array().unwrap().iter().map(|a| a["appName"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(listed(&mut state, json!({})), ["own", "Git"], "newest first");
    assert_eq!(listed(&mut state, json!({ "isIntegrateApp": true })), ["Git"]);
    assert_eq!(listed(&mut state, json!({ "isSelfBuiltApp": true })), ["own"]);
    assert_eq!(listed(&mut state, json!({ "keywords": "GI" })), ["Git"]);
    assert_eq!(listed(&mut state, json!({ "ssoEnabled": true })), Vec::<String>::new());
    assert_eq!(listed(&mut state, json!({ "page": 2, "limit": 1 })), ["Git"]);
    let brief = ok(&mut state, "listApplicationSimpleInfo", json!({ "limit": 1 }));
    assert_eq!((brief["totalCount"].clone(), brief["list"][0]["appName"].clone()), (json!(2), json!("own")));
}

#[test]
fn the_application_listings_answer_a_limit_over_fifty() {
    let mut state = State::default();
    for n in 0..60 {
        app(&mut state, &format!("app{n}"));
    }
    for operation in ["listApplications", "listApplicationSimpleInfo"] {
        let listed = ok(&mut state, operation, json!({ "page": 1, "limit": 100 }));
        assert_eq!(listed["list"].as_array().map(Vec::len), Some(60), "{operation}");
        let fault = refused(&mut state, operation, json!({ "limit": 0 }));
        assert_eq!(zh(&fault), "参数 limit 格式错误", "{operation}");
    }
}

#[test]
fn settings_naming_unknown_connections_or_methods_are_refused() {
    let mut state = State::default();
    let with = |login: Value| json!({ "appName": "a", "appIdentifier": "a", "loginConfig": login });
    let provider = with(json!({ "showAuthorizationPage": false, "enabledExtIdpConnIds": [{ "extIdpConnId": "x" }] }));
    assert_eq!(refused(&mut state, "createApplication", provider).refusal(), &errors::EXT_IDP_CONN_NOT_FOUND);
    let ldap = with(json!({ "showAuthorizationPage": false, "defaultLoginMethod": { "connectionType": "LDAP" } }));
    assert_eq!(refused(&mut state, "createApplication", ldap).refusal(), &errors::NOT_EMULATED);
    let unknown = with(json!({ "showAuthorizationPage": false, "enabledBasicLoginMethods": ["TELEPATHY"] }));
    assert_eq!(zh(&refused(&mut state, "createApplication", unknown)), "参数 loginConfig 格式错误");
    assert_eq!(ok(&mut state, "listApplications", json!({}))["totalCount"], 0, "nothing refused was kept");
}

#[test]
fn an_application_has_a_permission_namespace_coded_by_its_id() {
    let mut state = State::default();
    let id = app(&mut state, "crm");
    let namespace = ok(&mut state, "getPermissionNamespace", json!({ "code": id }));
    assert_eq!(namespace["name"], "crm");
    let resource = json!({
        "namespaceCode": id, "resourceCode": "doc", "resourceName": "Doc", "actions": ["read"], "struct": "s",
    });
    ok(&mut state, "createDataResourceByString", resource);
    done(&mut state, "updateApplication", json!({ "appId": id, "appName": "CRM" }));
    assert_eq!(ok(&mut state, "getPermissionNamespace", json!({ "code": id }))["name"], "CRM");
    done(&mut state, "deleteApplication", json!({ "appId": id }));
    assert!(refused(&mut state, "getPermissionNamespace", json!({ "code": id })).status_code() == 404);
    assert!(state.data_resources.is_empty(), "the namespace's data resources went with it");
}

#[test]
fn a_deleted_application_is_pointed_at_by_no_tenant_or_invitation() {
    let mut state = State::default();
    let gone = app(&mut state, "gone");
    let kept = app(&mut state, "kept");
    state.tenant_records.push(Tenant {
        app_ids: vec![gone.clone(), kept.clone()],
        source_app_id: Some(gone.clone()),
        ..Tenant::default()
    });
    state.tenant_records.push(Tenant { source_app_id: Some(kept.clone()), ..Tenant::default() });
    let invitation = |app_id: &str| Invitation { app_id: app_id.to_owned(), ..Invitation::default() };
    state.tenant_console.invitations = vec![invitation(&gone), invitation(&kept)];
    done(&mut state, "deleteApplication", json!({ "appId": gone }));
    assert_eq!(state.tenant_records[0].app_ids, [kept.as_str()]);
    assert_eq!(state.tenant_records[0].source_app_id, None);
    assert_eq!(state.tenant_records[1].source_app_id.as_deref(), Some(kept.as_str()));
    let invited: Vec<&str> = state.tenant_console.invitations.iter().map(|i| i.app_id.as_str()).collect();
    assert_eq!(invited, [kept.as_str()], "the invitation to the deleted application is withdrawn");
}

#[test]
fn a_secret_is_kept_until_refreshed() {
    let mut state = State::default();
    let id = app(&mut state, "api");
    let secret = ok(&mut state, "getApplicationSecret", json!({ "appId": id }))["secret"].clone();
    assert_eq!(secret.as_str().unwrap().len(), 32);
    assert_eq!(ok(&mut state, "getApplicationSecret", json!({ "appId": id }))["secret"], secret);
    let fresh = ok(&mut state, "refreshApplicationSecret", json!({ "appId": id }))["secret"].clone();
    assert_ne!(fresh, secret);
    assert_eq!(ok(&mut state, "getApplicationSecret", json!({ "appId": id }))["secret"], fresh);
    assert_eq!(zh(&refused(&mut state, "refreshApplicationSecret", json!({ "appId": "" }))), "参数 appId 格式错误");
}

#[test]
fn nobody_is_signed_in_to_an_application() {
    let mut state = State::default();
    let id = app(&mut state, "signin");
    let page = ok(&mut state, "listApplicationActiveUsers", json!({ "appId": id }));
    assert_eq!(page["totalCount"], 0);
    let ghost = refused(&mut state, "listApplicationActiveUsers", json!({ "appId": "000000000000000000000000" }));
    assert_eq!(ghost.refusal(), &errors::APPLICATION_NOT_FOUND);
}

#[test]
fn mfa_factors_are_switched_on_and_off() {
    let mut state = State::default();
    let id = app(&mut state, "mfa");
    let on = ok(&mut state, "updateApplicationMfaSettings", json!({ "appId": id, "enabledFactors": ["OTP", "SMS"] }));
    assert_eq!(on["enabledFactors"], json!(["OTP", "SMS"]));
    let off = ok(&mut state, "updateApplicationMfaSettings", json!({ "appId": id, "disabledFactors": ["OTP"] }));
    assert_eq!(off["enabledFactors"], json!(["SMS"]));
    assert_eq!(
        ok(&mut state, "updateApplicationMfaSettings", json!({ "appId": id }))["enabledFactors"],
        json!(["SMS"])
    );
    let both = json!({ "appId": id, "enabledFactors": ["SMS"], "disabledFactors": ["SMS"] });
    assert_eq!(zh(&refused(&mut state, "updateApplicationMfaSettings", both)), "参数 disabledFactors 格式错误");
    let unknown = json!({ "appId": id, "enabledFactors": ["PIGEON"] });
    assert_eq!(zh(&refused(&mut state, "updateApplicationMfaSettings", unknown)), "参数 enabledFactors 格式错误");
}

#[test]
fn the_permission_strategy_starts_open_and_is_kept() {
    let mut state = State::default();
    let id = app(&mut state, "strategy");
    let read = |state: &mut State| {
        ok(state, "getApplicationPermissionStrategy", json!({ "appId": id }))["permissionStrategy"].clone()
    };
    assert_eq!(read(&mut state), "ALLOW_ALL");
    done(&mut state, "updateApplicationPermissionStrategy", json!({ "appId": id, "permissionStrategy": "DENY_ALL" }));
    assert_eq!(read(&mut state), "DENY_ALL");
    let ghost = json!({ "appId": "ghost", "permissionStrategy": "DENY_ALL" });
    assert_eq!(
        refused(&mut state, "updateApplicationPermissionStrategy", ghost).refusal(),
        &errors::APPLICATION_NOT_FOUND
    );
}

/// Grants of the application `app`, as `listAuthApplication` answers them.
fn grants(state: &mut State, app: &str, filters: Value) -> Vec<Value> {
    let mut query = json!({ "appId": app });
    query.as_object_mut().unwrap().extend(filters.as_object().unwrap().clone());
    ok(state, "listAuthApplication", query)["list"].as_array().unwrap().clone()
}

#[test]
fn access_is_granted_to_subjects_that_exist_listed_switched_and_revoked() {
    let mut state = State::default();
    let id = app(&mut state, "access");
    let ann = user(&mut state, json!({ "username": "ann" }));
    ok(&mut state, "createRole", json!({ "code": "viewer", "name": "Viewer" }));
    let root = organization(&mut state, "acme");
    let grant = json!({ "appId": id, "list": [
        { "targetType": "USER", "targetIdentifier": [ann], "effect": "ALLOW" },
        { "targetType": "ROLE", "namespaceCode": "default", "targetIdentifier": ["viewer"], "effect": "DENY" },
        { "targetType": "ORG", "targetIdentifier": [root], "effect": "ALLOW", "inheritByChildren": true },
    ]});
    done(&mut state, "authorizeApplicationAccess", grant);
    let all = grants(&mut state, &id, json!({}));
    let kinds: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|g| (g["targetType"].as_str().unwrap(), g["targetName"].as_str().unwrap(), g["effect"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("USER", "ann", "ALLOW"), ("ROLE", "Viewer", "DENY"), ("ORG", "acme", "ALLOW")]);
    assert_eq!(grants(&mut state, &id, json!({ "targetTypeList": ["ROLE"] })).len(), 1);
    assert_eq!(grants(&mut state, &id, json!({ "effect": "ALLOW" })).len(), 2);
    assert_eq!(grants(&mut state, &id, json!({ "targetName": "AN" })).len(), 1);

    let user_grant = all[0]["id"].as_str().unwrap().to_owned();
    done(&mut state, "enabledAuth", json!({ "id": user_grant, "enabled": false }));
    assert_eq!(grants(&mut state, &id, json!({ "enabled": false }))[0]["id"], user_grant.as_str());
    assert_eq!(
        refused(&mut state, "enabledAuth", json!({ "id": "ghost", "enabled": true })).refusal(),
        &errors::ACCESS_GRANT_NOT_FOUND
    );

    let revoke = json!({ "appId": id, "list": [{ "targetType": "ROLE", "targetIdentifier": ["viewer"] }] });
    done(&mut state, "revokeApplicationAccess", revoke);
    assert_eq!(grants(&mut state, &id, json!({})).len(), 2);
    let org_grant = grants(&mut state, &id, json!({ "targetTypeList": ["ORG"] }))[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        refused(&mut state, "deleteAuth", json!({ "authIds": [org_grant, "ghost"] })).refusal(),
        &errors::ACCESS_GRANT_NOT_FOUND
    );
    done(&mut state, "deleteAuth", json!({ "authIds": [org_grant] }));
    assert_eq!(grants(&mut state, &id, json!({})).len(), 1);
    done(&mut state, "deleteUsersBatch", json!({ "userIds": [ann] }));
    assert!(grants(&mut state, &id, json!({})).is_empty(), "a deleted user's grant ends");
}

#[test]
fn grants_name_subjects_that_exist() {
    let mut state = State::default();
    let id = app(&mut state, "refusals");
    let item = |kind: &str, identifier: &str| json!({ "appId": id, "list": [{ "targetType": kind, "targetIdentifier": [identifier], "effect": "ALLOW" }] });
    for (kind, refusal) in [
        ("USER", &errors::USER_NOT_FOUND),
        ("ROLE", &errors::ROLE_NOT_FOUND),
        ("GROUP", &errors::GROUP_NOT_FOUND_FOR_CODE),
        ("ORG", &errors::DEPARTMENT_NOT_FOUND),
    ] {
        assert_eq!(refused(&mut state, "authorizeApplicationAccess", item(kind, "ghost")).refusal(), refusal, "{kind}");
    }
    let elsewhere = json!({ "appId": id, "list": [
        { "targetType": "ROLE", "namespaceCode": "nowhere", "targetIdentifier": ["r"], "effect": "ALLOW" }
    ]});
    assert_eq!(refused(&mut state, "authorizeApplicationAccess", elsewhere).refusal(), &errors::NAMESPACE_NOT_FOUND);
    let ghost_app =
        json!({ "appId": "ghost", "list": [{ "targetType": "USER", "targetIdentifier": ["u"], "effect": "ALLOW" }] });
    assert_eq!(refused(&mut state, "authorizeApplicationAccess", ghost_app).refusal(), &errors::APPLICATION_NOT_FOUND);
    assert!(grants(&mut state, &id, json!({})).is_empty());
}

#[test]
fn a_subject_sees_its_grants_and_what_decides_its_access() {
    let mut state = State::default();
    let id = app(&mut state, "subject");
    let ann = user(&mut state, json!({ "username": "ann" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "", "type": "static" }));
    done(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [bob] }));
    let grant = json!({ "appId": id, "list": [
        { "targetType": "USER", "targetIdentifier": [ann], "effect": "DENY" },
        { "targetType": "GROUP", "targetIdentifier": ["staff"], "effect": "ALLOW" },
    ]});
    done(&mut state, "authorizeApplicationAccess", grant);
    let listed = ok(&mut state, "listAuthSubject", json!({ "targetType": "USER", "targetId": ann }));
    assert_eq!(listed["list"][0]["appId"], id.as_str());
    assert_eq!((&listed["list"][0]["effect"], &listed["list"][0]["appType"]), (&json!("DENY"), &json!("SELFBUILT")));
    let filtered = json!({ "targetType": "USER", "targetId": ann, "effect": ["ALLOW"] });
    assert_eq!(ok(&mut state, "listAuthSubject", filtered)["list"], json!([]));

    let detail = |state: &mut State, user: &str| {
        ok(state, "detailAuthSubject", json!({ "targetType": "USER", "targetId": user, "appId": id }))
    };
    assert_eq!(detail(&mut state, &ann)["authType"], "SELF");
    let through = detail(&mut state, &bob);
    assert_eq!(
        (&through["authType"], &through["targetType"], &through["targetName"]),
        (&json!("SUBJECT"), &json!("GROUP"), &json!("Staff"))
    );
    let carl = user(&mut state, json!({ "username": "carl" }));
    assert_eq!(detail(&mut state, &carl)["authType"], "DEFAULT");
    let ghost = json!({ "targetType": "USER", "targetId": "ghost", "appId": id });
    assert_eq!(refused(&mut state, "detailAuthSubject", ghost).refusal(), &errors::USER_NOT_FOUND);
    let keys = json!({ "targetType": "AK_SK", "targetId": "k" });
    assert_eq!(refused(&mut state, "listAuthSubject", keys).refusal(), &errors::NOT_EMULATED);
}

#[test]
fn whitelist_values_are_added_once_and_deleted() {
    let mut state = State::default();
    let id = app(&mut state, "white");
    let add = |values: Value| json!({ "appId": id, "type": "EMAIL", "list": values });
    let first = ok(&mut state, "addWhitelistOfApp", add(json!(["a@example.com", "b@example.com"])));
    assert_eq!(first["value"], "a@example.com");
    let again = ok(&mut state, "addWhitelistOfApp", add(json!(["A@example.com"])));
    assert_eq!(again["createdAt"], first["createdAt"], "a value added again stays as it was");
    assert_eq!(state.applications[0].whitelist.len(), 2);
    let removal = json!({ "appId": id, "type": "EMAIL", "list": ["a@example.com", "nobody@example.com"] });
    assert_eq!(call(&mut state, "deleteWhitelistOfApp", removal).unwrap(), json!({ "success": true }));
    assert_eq!(state.applications[0].whitelist.len(), 1);
    assert_eq!(zh(&refused(&mut state, "addWhitelistOfApp", add(json!(["not an email"])))), "参数 list 格式错误");
    assert_eq!(zh(&refused(&mut state, "addWhitelistOfApp", add(json!([])))), "参数 list 格式错误");
    let ghost = json!({ "appId": "ghost", "type": "PHONE", "list": ["123"] });
    assert_eq!(refused(&mut state, "addWhitelistOfApp", ghost).refusal(), &errors::APPLICATION_NOT_FOUND);
}

#[test]
fn the_operations_without_a_truthful_answer_say_so() {
    let mut state = State::default();
    let id = app(&mut state, "rest");
    for (op, input) in [
        ("listWhitelistsOfApp", json!({ "appId": id, "type": "EMAIL" })),
        ("getMfaTriggerData", json!({ "appId": id, "userId": "u" })),
        ("getVerifyConfigApp", json!({})),
    ] {
        assert_eq!(refused(&mut state, op, input).refusal(), &errors::NOT_EMULATED, "{op}");
    }
}

#[test]
fn the_sign_in_page_offers_the_connections_switched_on_for_the_application() {
    let mut state = State::default();
    let provider = ok(&mut state, "createExtIdp", json!({ "name": "Corp", "type": "oidc" }))["id"].clone();
    let conn = |state: &mut State, identifier: &str| {
        let body = json!({ "extIdpId": provider, "type": "oidc", "identifier": identifier, "displayName": identifier });
        ok(state, "createExtIdpConn", body)["id"].as_str().unwrap().to_owned()
    };
    let (first, second) = (conn(&mut state, "first"), conn(&mut state, "second"));
    let offers = |conns: &[&str]| {
        let refs: Vec<Value> = conns.iter().map(|id| json!({ "extIdpConnId": id })).collect();
        json!({ "showAuthorizationPage": false, "enabledExtIdpConnIds": refs })
    };
    let body = json!({ "appName": "a", "appIdentifier": "a", "loginConfig": offers(&[&first]) });
    let created = ok(&mut state, "createApplication", body);
    let id = created["appId"].as_str().unwrap().to_owned();
    let offered = |state: &mut State| -> Vec<String> {
        let app = ok(state, "getApplication", json!({ "appId": id }));
        let conns = app["loginConfig"]["enabledExtIdpConns"].as_array().unwrap().clone();
        conns.iter().map(|c| c["extIdpConnId"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(offered(&mut state), [first.as_str()]);
    assert_eq!(created["loginConfig"]["enabledExtIdpConns"][0]["extIdpConnIdentifier"], "first");

    // The list is the whole set: what it leaves out is switched off.
    done(&mut state, "updateApplication", json!({ "appId": id, "loginConfig": offers(&[&second]) }));
    assert_eq!(offered(&mut state), [second.as_str()]);
    // It is the same switch the identity provider's side turns.
    done(&mut state, "changeExtIdpConnState", json!({ "id": first, "enabled": true, "appId": id }));
    assert_eq!(offered(&mut state), [first.as_str(), second.as_str()]);
    done(&mut state, "deleteExtIdpConn", json!({ "id": second }));
    assert_eq!(offered(&mut state), [first.as_str()]);
    let unknown = json!({ "appId": id, "loginConfig": offers(&["nope"]) });
    assert_eq!(refused(&mut state, "updateApplication", unknown).refusal(), &errors::EXT_IDP_CONN_NOT_FOUND);
    assert_eq!(offered(&mut state), [first.as_str()], "a refused update changes nothing");
}
