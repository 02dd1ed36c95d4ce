//! The applications a tenant uses, and the resources of them tied to a
//! tenant.
//!
//! A request names no tenant when it lists applications: a tenant's
//! client (the official SDKs' `tenantId` option) sends its tenant in the
//! request's `<prefix>app-id`, and such a request acts in the tenant's own
//! state (see [`crate::emulator::state::Pools`]), so the applications it
//! lists are the tenant's own; one without lists the pool's.
//!
//! An application's resources live in its permission namespace, coded by
//! its `appId`. Tying one to a tenant lets the tenant's applications use
//! it; the resource reads then say it is tied (`linkedToTenant`). The tie
//! goes with the resource, its namespace (its application) or the tenant.

use super::handlers::{TextPage, position};
use crate::emulator::areas::applications::AppRef;
use crate::emulator::areas::applications::store::matching;
use crate::emulator::areas::input::switch;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{Input, Outcome, resources, success};
use crate::emulator::state::{Application, State};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Listing {
    #[serde(default)]
    keywords: String,
    /// Only those in single sign-on when set; every one otherwise, as the
    /// application listings read it.
    #[serde(default)]
    sso_enabled: bool,
    #[serde(flatten)]
    page: TextPage,
}

/// A `TenantApplicationDto`. The emulator keeps one record per
/// application, so the tenant's id for it is its `appId`.
fn tenant_application(state: &State, app: &Application) -> Value {
    let mut out = json!({
        "userPoolId": state.userpool_id,
        "tenantAppId": app.id,
        "appId": app.id,
        "name": app.name,
        "logo": app.logo,
        "applicationType": app.kind,
        "ssoEnabled": app.sso_enabled,
    });
    if let Some(description) = &app.description {
        out["description"] = json!(description);
    }
    out
}

/// `listTenantApplications`: the applications where the request acts,
/// newest first, as `listApplications` pages through them: only those
/// whose name or identifier holds the keywords, and only those in single
/// sign-on when `sso_enabled` is set.
pub(super) fn list_tenant_applications(input: &Input, state: &mut State) -> Outcome {
    let request: Listing = typed(input)?;
    let page = request.page.page()?;
    let list = matching(state, &request.keywords, request.sso_enabled).map(|a| tenant_application(state, a)).collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Association {
    #[serde(default)]
    code: String,
    #[serde(default)]
    association: bool,
    #[serde(flatten)]
    app: AppRef,
    #[serde(default)]
    tenant_id: String,
}

/// `associateTenantResource`: ties the resource of this code in the
/// application's namespace to the tenant, or unties it. A tie is a
/// tenant's, so a request naming none is refused, as is one naming an
/// application or a resource that is not there.
pub(super) fn associate_tenant_resource(input: &Input, state: &mut State) -> Outcome {
    let request: Association = typed(input)?;
    let tenant_id = state.tenant_records[position(state, &request.tenant_id)?].id.clone();
    let namespace = request.app.find(state)?.id.clone();
    let index = resources::resource_index(state, &namespace, &request.code)?;
    switch(&mut state.resources[index].linked_tenants, tenant_id, request.association);
    success()
}

/// A deleted tenant has no resource tied to it.
pub(super) fn forget_tenant(state: &mut State, tenant_id: &str) {
    for resource in &mut state.resources {
        resource.linked_tenants.retain(|id| id != tenant_id);
    }
}
