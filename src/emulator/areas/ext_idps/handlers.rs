//! External identity providers and their connections: created, read back,
//! listed, changed and deleted, each where its request looks (the tenant
//! it names, or the pool itself), and each connection switched on or off
//! per application and associated with tenants.

use super::store::{ExtIdp, ExtIdpConn};
use super::view::{self, Class, Scope, conn_position, idp_position};
use crate::emulator::areas::input::switch;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::State;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A name or identifier that is not blank.
fn not_blank(key: &str, value: String) -> Result<String, ApiFault> {
    if value.trim().is_empty() {
        return Err(ApiFault::invalid(key, "blank"));
    }
    Ok(value)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdpsListing {
    #[serde(flatten)]
    scope: Scope,
    app_id: Option<String>,
}

/// `listExtIdp`: the providers where the request looks, in creation order;
/// with an application, only those with a connection switched on for it.
pub(super) fn list_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: IdpsListing = typed(input)?;
    let owner = request.scope.owner(state)?;
    let app = request.app_id.as_deref().filter(|id| !id.is_empty());
    let list: Vec<Value> = state
        .ext_idps
        .iter()
        .filter(|idp| idp.tenant_id == owner && app.is_none_or(|app| view::enabled_for(idp, app)))
        .map(view::idp)
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdpRead {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    id: String,
    app_id: Option<String>,
    #[serde(rename = "type")]
    class: Option<Class>,
}

/// `getExtIdp`: the provider with its connections, each saying whether it
/// is switched on for the application the read names. A provider of
/// another class than the one asked for is not found.
pub(super) fn get_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: IdpRead = typed(input)?;
    let owner = request.scope.owner(state)?;
    let idp = &state.ext_idps[idp_position(state, &owner, &request.id)?];
    if request.class.is_some_and(|class| !class.holds(idp)) {
        return Err(ApiFault::of(&errors::EXT_IDP_NOT_FOUND).with_detail(format!("{} is of another class", idp.id)));
    }
    let app = request.app_id.as_deref().filter(|id| !id.is_empty());
    let mut out = view::idp(idp);
    out["connections"] = idp.connections.iter().map(|c| view::conn(&idp.id, c, app)).collect();
    // Nothing the API takes makes a provider's users join a tenant of themselves.
    out["autoJoin"] = json!(false);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewIdp {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    kind: String,
}

/// `createExtIdp`: a provider of the tenant named, or of the pool.
pub(super) fn create_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: NewIdp = typed(input)?;
    let tenant_id = request.scope.owner(state)?;
    let name = not_blank("name", request.name)?;
    let idp = ExtIdp { id: state.new_id(), name, kind: request.kind, tenant_id, connections: Vec::new() };
    let out = view::idp(&idp);
    state.ext_idps.push(idp);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdpUpdate {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
}

/// `updateExtIdp`: renames the provider.
pub(super) fn update_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: IdpUpdate = typed(input)?;
    let owner = request.scope.owner(state)?;
    let at = idp_position(state, &owner, &request.id)?;
    state.ext_idps[at].name = not_blank("name", request.name)?;
    Ok(view::idp(&state.ext_idps[at]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ById {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    id: String,
}

/// `deleteExtIdp`: its connections go with it.
pub(super) fn delete_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: ById = typed(input)?;
    let owner = request.scope.owner(state)?;
    let at = idp_position(state, &owner, &request.id)?;
    state.ext_idps.remove(at);
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewConn {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    ext_idp_id: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    display_name: String,
    fields: Option<Map<String, Value>>,
    #[serde(default)]
    login_only: bool,
    #[serde(default)]
    logo: String,
}

/// `createExtIdpConn`: a connection of a provider where the request looks,
/// switched on for no application yet. Its identifier is unique among the
/// pool's connections.
pub(super) fn create_ext_idp_conn(input: &Input, state: &mut State) -> Outcome {
    let request: NewConn = typed(input)?;
    let owner = request.scope.owner(state)?;
    let at = idp_position(state, &owner, &request.ext_idp_id)?;
    let identifier = not_blank("identifier", request.identifier)?;
    if state.ext_idps.iter().flat_map(|idp| &idp.connections).any(|c| c.identifier == identifier) {
        return Err(ApiFault::of(&errors::EXT_IDP_CONN_CONFLICT).with_detail(format!("{identifier} is taken")));
    }
    let conn = ExtIdpConn {
        id: state.new_id(),
        kind: request.kind,
        identifier,
        display_name: request.display_name,
        fields: request.fields.unwrap_or_default(),
        login_only: request.login_only,
        logo: request.logo,
        ..ExtIdpConn::default()
    };
    let idp = &mut state.ext_idps[at];
    let out = view::conn(&idp.id, &conn, None);
    idp.connections.push(conn);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnUpdate {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    id: String,
    display_name: Option<String>,
    fields: Option<Map<String, Value>>,
    logo: Option<String>,
    login_only: Option<bool>,
}

/// `updateExtIdpConn`: changes what is given; `fields` changes the keys it
/// holds and keeps the others.
pub(super) fn update_ext_idp_conn(input: &Input, state: &mut State) -> Outcome {
    let request: ConnUpdate = typed(input)?;
    let owner = request.scope.owner(state)?;
    let (at, conn_at) = conn_position(state, &owner, &request.id)?;
    let idp = &mut state.ext_idps[at];
    let conn = &mut idp.connections[conn_at];
    if let Some(name) = request.display_name {
        conn.display_name = name;
    }
    conn.fields.extend(request.fields.unwrap_or_default());
    if let Some(logo) = request.logo {
        conn.logo = logo;
    }
    if let Some(login_only) = request.login_only {
        conn.login_only = login_only;
    }
    Ok(view::conn(&idp.id, conn, None))
}

/// `deleteExtIdpConn`.
pub(super) fn delete_ext_idp_conn(input: &Input, state: &mut State) -> Outcome {
    let request: ById = typed(input)?;
    let owner = request.scope.owner(state)?;
    let (at, conn_at) = conn_position(state, &owner, &request.id)?;
    state.ext_idps[at].connections.remove(conn_at);
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnState {
    #[serde(flatten)]
    scope: Scope,
    #[serde(default)]
    id: String,
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    app_id: String,
    #[serde(default)]
    app_ids: Vec<String>,
}

/// `changeExtIdpConnState`: switches the connection on or off for the
/// application and for each of `appIds`.
pub(super) fn change_ext_idp_conn_state(input: &Input, state: &mut State) -> Outcome {
    let request: ConnState = typed(input)?;
    let owner = request.scope.owner(state)?;
    let (at, conn_at) = conn_position(state, &owner, &request.id)?;
    let app_id = not_blank("appId", request.app_id)?;
    let apps = &mut state.ext_idps[at].connections[conn_at].enabled_app_ids;
    for app in std::iter::once(app_id).chain(request.app_ids).filter(|id| !id.is_empty()) {
        switch(apps, app, request.enabled);
    }
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Association {
    #[serde(default)]
    id: String,
    #[serde(default)]
    association: bool,
    #[serde(flatten)]
    tenant: Scope,
}

/// `changeExtIdpConnAssociationState`: the tenant named associates a
/// connection of the pool's own providers, or ends the association. An
/// association is a tenant's, so a request naming none is refused.
pub(super) fn change_ext_idp_conn_association_state(input: &Input, state: &mut State) -> Outcome {
    let request: Association = typed(input)?;
    let tenant = request.tenant.owner(state)?.ok_or_else(|| ApiFault::invalid("tenantId", "no tenant named"))?;
    let (at, conn_at) = conn_position(state, &None, &request.id)?;
    switch(&mut state.ext_idps[at].connections[conn_at].associated_tenant_ids, tenant, request.association);
    success()
}
