//! External identity providers and their connections.

use crate::emulator::areas::testing::*;

/// Creates a provider (of the tenant, if one is given) and returns its id.
fn idp(state: &mut State, kind: &str, tenant: Option<&str>) -> String {
    let mut body = json!({ "name": format!("{kind} provider"), "type": kind });
    if let Some(tenant) = tenant {
        body["tenantId"] = json!(tenant);
    }
    ok(state, "createExtIdp", body)["id"].as_str().expect("id is a string").to_owned()
}

/// Creates a connection of the provider and returns its id.
fn conn(state: &mut State, idp_id: &str, identifier: &str) -> String {
    let body = json!({ "extIdpId": idp_id, "type": "oidc", "identifier": identifier, "displayName": identifier });
    ok(state, "createExtIdpConn", body)["id"].as_str().expect("id is a string").to_owned()
}

fn tenant(state: &mut State) -> String {
    ok(state, "createTenant", json!({ "name": "Acme", "appIds": ["app"] }))["tenantId"].as_str().unwrap().to_owned()
}

fn listed(state: &mut State, query: Value) -> Vec<String> {
    let list = ok(state, "listExtIdp", query);
    list["list"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn providers_are_written_read_back_renamed_and_deleted_where_they_belong() {
    let mut state = State::default();
    let acme = tenant(&mut state);
    let pools = idp(&mut state, "oidc", None);
    let acmes = idp(&mut state, "github", Some(&acme));
    assert_eq!(listed(&mut state, json!({})), [pools.as_str()]);
    assert_eq!(listed(&mut state, json!({ "tenantId": acme })), [acmes.as_str()]);

    let read = ok(&mut state, "getExtIdp", json!({ "id": acmes, "tenantId": acme }));
    assert_eq!(
        (read["name"].as_str(), read["type"].as_str(), read["tenantId"].as_str()),
        (Some("github provider"), Some("github"), Some(acme.as_str()))
    );
    let elsewhere = refused(&mut state, "getExtIdp", json!({ "id": acmes }));
    assert_eq!((elsewhere.status_code(), zh(&elsewhere)), (404, "身份源不存在".to_owned()));
    assert_eq!(
        refused(&mut state, "getExtIdp", json!({ "id": acmes, "tenantId": acme, "type": "enterprise" })).status_code(),
        404
    );
    ok(&mut state, "getExtIdp", json!({ "id": acmes, "tenantId": acme, "type": "social" }));
    let no_tenant = refused(&mut state, "listExtIdp", json!({ "tenantId": "000000000000000000000000" }));
    assert_eq!(zh(&no_tenant), "租户不存在");

    let renamed = ok(&mut state, "updateExtIdp", json!({ "id": pools, "name": "Corporate SSO" }));
    assert_eq!(renamed["name"], "Corporate SSO");
    assert_eq!(ok(&mut state, "getExtIdp", json!({ "id": pools }))["name"], "Corporate SSO");
    assert_eq!(refused(&mut state, "updateExtIdp", json!({ "id": pools, "name": " " })).status_code(), 400);
    assert_eq!(refused(&mut state, "createExtIdp", json!({ "name": "", "type": "oidc" })).status_code(), 400);

    done(&mut state, "deleteExtIdp", json!({ "id": pools }));
    assert_eq!(refused(&mut state, "getExtIdp", json!({ "id": pools })).status_code(), 404);
    assert_eq!(refused(&mut state, "deleteExtIdp", json!({ "id": pools })).status_code(), 404);
    assert!(listed(&mut state, json!({})).is_empty());

    ok(&mut state, "deleteTenant", json!({ "tenantId": acme }));
    assert!(state.ext_idps.is_empty(), "a tenant's providers go with it");
}

#[test]
fn connections_are_written_changed_switched_per_application_and_deleted() {
    let mut state = State::default();
    let provider = idp(&mut state, "oidc", None);
    let body = json!({
        "extIdpId": provider, "type": "oidc", "identifier": "corp", "displayName": "Corp",
        "fields": { "issuer": "https://idp.example.com", "clientId": "c" }, "loginOnly": true,
    });
    let created = ok(&mut state, "createExtIdpConn", body.clone());
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!((created["extIdpId"].as_str(), created["loginOnly"].as_bool()), (Some(provider.as_str()), Some(true)));
    let taken = refused(&mut state, "createExtIdpConn", body);
    assert_eq!((taken.status_code(), zh(&taken)), (409, "身份源连接标识已存在".to_owned()));
    let orphan =
        json!({ "extIdpId": "000000000000000000000000", "type": "oidc", "identifier": "x", "displayName": "x" });
    assert_eq!(refused(&mut state, "createExtIdpConn", orphan).status_code(), 404);

    let changed = ok(
        &mut state,
        "updateExtIdpConn",
        json!({ "id": id, "displayName": "Corporate", "fields": { "clientId": "d" }, "loginOnly": false }),
    );
    assert_eq!(
        changed["fields"],
        json!({ "issuer": "https://idp.example.com", "clientId": "d" }),
        "fields change key by key"
    );
    let connections = |state: &mut State, app: &str| {
        ok(state, "getExtIdp", json!({ "id": provider, "appId": app }))["connections"].clone()
    };
    let read = connections(&mut state, "app1");
    assert_eq!(
        (read[0]["displayName"].as_str(), read[0]["loginOnly"].as_bool(), read[0]["enabled"].as_bool()),
        (Some("Corporate"), Some(false), Some(false))
    );

    done(
        &mut state,
        "changeExtIdpConnState",
        json!({ "id": id, "enabled": true, "appId": "app1", "appIds": ["app2"] }),
    );
    assert_eq!(connections(&mut state, "app2")[0]["enabled"], true);
    assert_eq!(listed(&mut state, json!({ "appId": "app1" })), [provider.as_str()]);
    assert!(listed(&mut state, json!({ "appId": "app3" })).is_empty());
    done(&mut state, "changeExtIdpConnState", json!({ "id": id, "enabled": false, "appId": "app1" }));
    assert_eq!(connections(&mut state, "app1")[0]["enabled"], false);
    assert_eq!(connections(&mut state, "app2")[0]["enabled"], true);
    assert_eq!(
        refused(&mut state, "changeExtIdpConnState", json!({ "id": id, "enabled": true, "appId": "" })).status_code(),
        400
    );

    done(&mut state, "deleteExtIdpConn", json!({ "id": id }));
    assert_eq!(connections(&mut state, "app2"), json!([]));
    let gone = refused(&mut state, "updateExtIdpConn", json!({ "id": id, "displayName": "x" }));
    assert_eq!(zh(&gone), "身份源连接不存在");
}

#[test]
fn tenants_associate_the_pools_connections() {
    let mut state = State::default();
    let acme = tenant(&mut state);
    let provider = idp(&mut state, "saml", None);
    let id = conn(&mut state, &provider, "corp");
    let associate = |state: &mut State, on: bool| {
        call(state, "changeExtIdpConnAssociationState", json!({ "id": id, "association": on, "tenantId": acme }))
    };
    associate(&mut state, true).unwrap();
    associate(&mut state, true).unwrap();
    assert_eq!(state.ext_idps[0].connections[0].associated_tenant_ids, [acme.as_str()]);
    associate(&mut state, false).unwrap();
    assert!(state.ext_idps[0].connections[0].associated_tenant_ids.is_empty());
    let nobody = refused(&mut state, "changeExtIdpConnAssociationState", json!({ "id": id, "association": true }));
    assert_eq!(nobody.status_code(), 400);
    let unknown = refused(
        &mut state,
        "changeExtIdpConnAssociationState",
        json!({ "id": "x", "association": true, "tenantId": acme }),
    );
    assert_eq!(unknown.status_code(), 404);
}

#[test]
fn what_is_not_emulated_says_so() {
    let mut state = State::default();
    let fault = handle("getWechatMpAccessTokenInfo", &Map::new(), &mut state).unwrap().unwrap_err();
    assert_eq!(fault.status_code(), 501);
    assert_eq!(handle("extIdpConnStateByApps", &Map::new(), &mut state).unwrap().unwrap_err().status_code(), 501);
}
