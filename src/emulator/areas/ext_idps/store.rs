//! What the external identity providers area keeps: the pool's identity
//! providers, each with its connections.
//!
//! An identity provider belongs to the tenant that created it, or to the
//! pool itself when it was created naming no tenant. A connection is one
//! way of signing in through its provider; it is switched on or off for
//! each application of the pool, may be associated with tenants, and may
//! be offered on the pool's multi-tenant login page.

use crate::emulator::state::State;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An external identity provider of the pool.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtIdp {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The provider's type (`oidc`, `wechat`, ...), as given.
    #[serde(rename = "type")]
    pub kind: String,
    /// The tenant that owns it; `None` for the pool's own.
    pub tenant_id: Option<String>,
    /// Its connections, in creation order.
    pub connections: Vec<ExtIdpConn>,
}

/// One connection of an identity provider.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtIdpConn {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// The connection's type (`oidc`, `wechat:pc`, ...), as given.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unique among the pool's connections.
    pub identifier: String,
    /// What the login page shows.
    pub display_name: String,
    /// The connection's own settings, as given and changed key by key.
    pub fields: Map<String, Value>,
    /// Whether it only signs existing users in, registering nobody.
    pub login_only: bool,
    /// The logo's URL, as given.
    pub logo: String,
    /// The applications it is switched on for, in the order they were.
    pub enabled_app_ids: Vec<String>,
    /// The tenants that associated it, in the order they did.
    pub associated_tenant_ids: Vec<String>,
    /// Whether the pool's multi-tenant login page offers it.
    pub on_tenant_login: bool,
}

/// A deleted tenant's identity providers go with it, and it associates no
/// connection any longer.
pub(in crate::emulator) fn forget_tenant(state: &mut State, tenant_id: &str) {
    state.ext_idps.retain(|idp| idp.tenant_id.as_deref() != Some(tenant_id));
    for connection in state.ext_idps.iter_mut().flat_map(|idp| &mut idp.connections) {
        connection.associated_tenant_ids.retain(|id| id != tenant_id);
    }
}
