//! The identity providers a tenant's console shows: the tenant's own, and
//! those of the pool's with a connection the tenant associated.

use crate::emulator::areas::ext_idps::view::{self as ext_idps, Class, Scope};
use crate::emulator::areas::input::Paging;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{Input, Outcome};
use crate::emulator::state::{ExtIdp, State};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TenantIdps {
    #[serde(flatten)]
    scope: Scope,
    app_id: Option<String>,
    #[serde(rename = "type")]
    class: Option<Class>,
    #[serde(flatten)]
    page: Paging,
}

/// `listTenantExtIdp`: the providers a tenant's console shows, in creation
/// order: the tenant's own and the pool's with a connection the tenant
/// associated (the pool's own, without a tenant); optionally only those
/// with a connection switched on for an application, or of one class.
pub(super) fn list_tenant_ext_idp(input: &Input, state: &mut State) -> Outcome {
    let request: TenantIdps = typed(input)?;
    let owner = request.scope.owner(state)?;
    let page = request.page.page()?;
    let app = request.app_id.as_deref().filter(|id| !id.is_empty());
    let shown = |idp: &&ExtIdp| match &owner {
        None => idp.tenant_id.is_none(),
        Some(tenant) => {
            idp.tenant_id.as_ref() == Some(tenant)
                || (idp.tenant_id.is_none() && idp.connections.iter().any(|c| c.associated_tenant_ids.contains(tenant)))
        }
    };
    let list: Vec<Value> = state
        .ext_idps
        .iter()
        .filter(shown)
        .filter(|idp| app.is_none_or(|app| ext_idps::enabled_for(idp, app)))
        .filter(|idp| request.class.is_none_or(|class| class.holds(idp)))
        .map(ext_idps::idp)
        .collect();
    Ok(page.of(list))
}
