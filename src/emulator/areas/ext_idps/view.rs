//! Finding identity providers and connections where a request looks, and
//! the JSON views of them; the Tenants area reads them through here too.

use super::store::{ExtIdp, ExtIdpConn};
use crate::emulator::areas::{ApiFault, input};
use crate::emulator::errors;
use crate::emulator::state::State;
use serde::Deserialize;
use serde_json::{Value, json};

/// The provider types the vendor's guides list as enterprise identity
/// providers (the guides' menu, as on
/// https://docs.authing.cn/v2/guides/connections/enterprise/saml/:
/// WeCom, DingTalk, Lark, Windows AD, Azure AD, OIDC, OAuth 2.0, LDAP,
/// SAML, CAS, WeLink and Seeyon OA); every other type is a social one.
const ENTERPRISE_TYPES: &[&str] = &[
    "wechatwork",
    "dingtalk",
    "lark",
    "ad",
    "azure-ad",
    "oidc",
    "oauth2",
    "ldap",
    "saml",
    "cas",
    "welink",
    "seeyona8v5",
];

/// Whether a provider of this type is a social one (not an enterprise one).
pub(in crate::emulator::areas) fn is_social(kind: &str) -> bool {
    !ENTERPRISE_TYPES.contains(&kind)
}

/// The class of providers a listing asks for.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(in crate::emulator::areas) enum Class {
    Social,
    Enterprise,
}

impl Class {
    pub(in crate::emulator::areas) fn holds(self, idp: &ExtIdp) -> bool {
        is_social(&idp.kind) == (self == Class::Social)
    }
}

/// Where a request looks: the tenant it names, or the pool itself.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::emulator::areas) struct Scope {
    tenant_id: Option<String>,
}

impl Scope {
    /// The tenant named, which must exist; `None` for the pool (an empty
    /// id, as a query may carry one, names none).
    pub(in crate::emulator::areas) fn owner(&self, state: &State) -> Result<Option<String>, ApiFault> {
        match self.tenant_id.as_deref().filter(|id| !id.is_empty()) {
            None => Ok(None),
            Some(id) if state.tenant_records.iter().any(|t| t.id == id) => Ok(Some(id.to_owned())),
            Some(id) => Err(ApiFault::of(&errors::TENANT_NOT_FOUND).with_detail(format!("no tenant is {id}"))),
        }
    }
}

/// The position of the provider of this id that `owner` holds.
pub(super) fn idp_position(state: &State, owner: &Option<String>, id: &str) -> Result<usize, ApiFault> {
    state
        .ext_idps
        .iter()
        .position(|idp| idp.id == id && &idp.tenant_id == owner)
        .ok_or_else(|| ApiFault::of(&errors::EXT_IDP_NOT_FOUND).with_detail(format!("no identity provider is {id}")))
}

/// The positions (provider, connection) of the connection of this id of a
/// provider `owner` holds.
pub(super) fn conn_position(state: &State, owner: &Option<String>, id: &str) -> Result<(usize, usize), ApiFault> {
    state
        .ext_idps
        .iter()
        .enumerate()
        .filter(|(_, idp)| &idp.tenant_id == owner)
        .find_map(|(at, idp)| idp.connections.iter().position(|c| c.id == id).map(|conn| (at, conn)))
        .ok_or_else(|| ApiFault::of(&errors::EXT_IDP_CONN_NOT_FOUND).with_detail(format!("no connection is {id}")))
}

/// Whether one of the provider's connections is switched on for the application.
pub(in crate::emulator::areas) fn enabled_for(idp: &ExtIdp, app_id: &str) -> bool {
    idp.connections.iter().any(|c| c.enabled_app_ids.iter().any(|id| id == app_id))
}

/// An `ExtIdpDto`. Nothing the API takes sets a provider's logo, so it
/// has none.
pub(in crate::emulator::areas) fn idp(idp: &ExtIdp) -> Value {
    let mut out = json!({ "id": idp.id, "name": idp.name, "logo": "", "type": idp.kind });
    if let Some(tenant) = &idp.tenant_id {
        out["tenantId"] = json!(tenant);
    }
    out
}

/// An `ExtIdpConnDetail`, with whether it is switched on for `app` when a
/// read names one. Nothing the API takes sets how an account signing in
/// through it is matched to a user of the pool, so it matches none
/// (`associationMode` `none`, no binding methods).
pub(super) fn conn(idp_id: &str, conn: &ExtIdpConn, app: Option<&str>) -> Value {
    let mut out = json!({
        "id": conn.id,
        "type": conn.kind,
        "extIdpId": idp_id,
        "logo": conn.logo,
        "identifier": conn.identifier,
        "displayName": conn.display_name,
        "loginOnly": conn.login_only,
        "associationMode": "none",
        "challengeBindingMethods": [],
        "fields": conn.fields,
    });
    if let Some(app) = app {
        out["enabled"] = json!(conn.enabled_app_ids.iter().any(|id| id == app));
    }
    out
}

/// The `ApplicationEnabledExtIdpConnDto`s of the connections switched on
/// for the application: what its sign-in page offers.
pub(in crate::emulator::areas) fn offered_by_app(state: &State, app_id: &str) -> Vec<Value> {
    let switched_on = |c: &&ExtIdpConn| c.enabled_app_ids.iter().any(|id| id == app_id);
    state.ext_idps.iter().flat_map(|idp| idp.connections.iter().filter(switched_on).map(|c| offered(idp, c))).collect()
}

/// Refuses a list of connection ids naming one the pool does not hold.
pub(in crate::emulator::areas) fn check_connections(state: &State, ids: &[String]) -> Result<(), ApiFault> {
    let known = |id: &String| state.ext_idps.iter().flat_map(|idp| &idp.connections).any(|c| &c.id == id);
    match ids.iter().find(|id| !known(id)) {
        Some(id) => Err(ApiFault::of(&errors::EXT_IDP_CONN_NOT_FOUND).with_detail(format!("no connection is {id}"))),
        None => Ok(()),
    }
}

/// Switches on for the application exactly the connections `ids` names
/// (checked by [`check_connections`]) and every other one off: what an
/// application's settings list as its sign-in page's connections.
pub(in crate::emulator::areas) fn offer_only(state: &mut State, app_id: &str, ids: &[String]) {
    for conn in state.ext_idps.iter_mut().flat_map(|idp| &mut idp.connections) {
        input::switch(&mut conn.enabled_app_ids, app_id.to_owned(), ids.contains(&conn.id));
    }
}

/// An `ApplicationEnabledExtIdpConnDto`: a connection as a login page offers it.
pub(in crate::emulator::areas) fn offered(idp: &ExtIdp, conn: &ExtIdpConn) -> Value {
    json!({
        "isSocial": is_social(&idp.kind),
        "extIdpId": idp.id,
        "extIdpType": idp.kind,
        "extIdpConnId": conn.id,
        "extIdpConnType": conn.kind,
        "extIdpConnIdentifier": conn.identifier,
        "extIdpConnDisplayName": conn.display_name,
        "extIdpConnLogo": conn.logo,
        "enabled": true,
    })
}
