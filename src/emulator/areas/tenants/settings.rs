//! The pool's multi-tenant console settings: what
//! `updateUserPoolTenantConfig` and `updateTenantQrCodeState` set, and
//! `userpollTenantConfig` reads back, together with the identity provider
//! connections `changeUserpoolTenanExtIdpConnState` offers on the pool's
//! multi-tenant login page.
//!
//! A new pool's settings are on record nowhere we looked (the spec and the
//! reference spec carry no defaults or examples for them; the official
//! Node and Python SDKs have only their models and no test reads them; the
//! Go SDK's DTO; the vendor's multi-tenant console documentation). So a
//! setting never set reads as its type's neutral value: `false`, an empty
//! string, an empty list or object. A required choice among fixed values
//! has no neutral one; it reads as the first value the spec lists, as the
//! emulator's synthesized answers do (`enableSwitchType`
//! `tenant-console`; the default login method `PASSCODE`, its QR code kind
//! `SELF_BUILT_APP`).

use crate::emulator::areas::ext_idps::view as ext_idps;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{LoginSettings, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// The basic login method `updateTenantQrCodeState` switches: signing in
/// by scanning a QR code with the pool's self-built app, which the path
/// (`update-userpool-tenant-appqrcode-state`) names.
const APP_QRCODE: &str = "SELF_BUILT_APP_QRCODE";

#[derive(Deserialize)]
struct Update {
    update: LoginSettings,
}

/// `updateUserPoolTenantConfig`: the settings given replace those set before.
pub(super) fn update_user_pool_tenant_config(input: &Input, state: &mut State) -> Outcome {
    let request: Update = typed(input)?;
    state.tenant_console.login_settings = Some(request.update);
    success()
}

#[derive(Deserialize)]
struct QrCodeState {
    enabled: Option<bool>,
}

/// `updateTenantQrCodeState`: whether the tenant console signs in by the
/// self-built app's QR code.
pub(super) fn update_tenant_qr_code_state(input: &Input, state: &mut State) -> Outcome {
    let request: QrCodeState = typed(input)?;
    state.tenant_console.app_qrcode_login = request.enabled.ok_or_else(|| ApiFault::invalid("enabled", "missing"))?;
    success()
}

/// `userpollTenantConfig`: the settings as they were last set (see the
/// module's documentation for those never set).
pub(super) fn userpoll_tenant_config(_: &Input, state: &mut State) -> Outcome {
    let console = &state.tenant_console;
    let settings = console.login_settings.clone().unwrap_or_default();
    let basic_methods: Vec<&str> = console.app_qrcode_login.then_some(APP_QRCODE).into_iter().collect();
    let offered: Vec<Value> = state
        .ext_idps
        .iter()
        .flat_map(|idp| idp.connections.iter().filter(|c| c.on_tenant_login).map(move |c| ext_idps::offered(idp, c)))
        .collect();
    Ok(json!({
        "userPoolId": state.userpool_id,
        "isUserPoolAsTenant": false,
        "enableSwitchType": "tenant-console",
        "css": "",
        "cssEnabled": false,
        "customLoading": "",
        "enableGuardVersionSwitch": false,
        "guardVersion": "",
        "loadingBackground": "",
        "enableCreateTenant": settings.enable_create_tenant,
        "createTenantScenes": settings.create_tenant_scenes,
        "enableJoinTenant": settings.enable_join_tenant,
        "joinTenantScenes": settings.join_tenant_scenes,
        "enableVerifyDomain": settings.enable_verify_domain,
        "verifyDomainScenes": settings.verify_domain_scenes,
        "ssoPageCustomizationSettings": settings.sso_page_customization_settings,
        "enableMultipleTenantPortal": false,
        "loginConfig": {
            "mergeLoginAndRegisterPage": false,
            "enabledBasicLoginMethods": basic_methods,
            "defaultLoginMethod": {
                "connectionType": "PASSCODE",
                "qrcodeType": "SELF_BUILT_APP",
                "qrcodeExtIdpConnId": "",
                "adExtIdpConnId": "",
                "ldapExtIdpConnId": "",
            },
            "enabledExtIdpConns": offered,
            "showAuthorizationPage": false,
        },
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginConnections {
    enabled: Option<bool>,
    #[serde(default)]
    conn_ids: Vec<String>,
}

/// `changeUserpoolTenanExtIdpConnState`: the pool's multi-tenant login
/// page offers the connections named, or stops offering them. They are
/// connections of the pool's own providers; every one must exist before
/// any is changed.
pub(super) fn change_userpool_tenant_ext_idp_conn_state(input: &Input, state: &mut State) -> Outcome {
    let request: LoginConnections = typed(input)?;
    let enabled = request.enabled.ok_or_else(|| ApiFault::invalid("enabled", "missing"))?;
    let pool_connections = || state.ext_idps.iter().filter(|idp| idp.tenant_id.is_none()).flat_map(|i| &i.connections);
    if let Some(unknown) = request.conn_ids.iter().find(|id| !pool_connections().any(|c| &c.id == *id)) {
        return Err(ApiFault::of(&errors::EXT_IDP_CONN_NOT_FOUND).with_detail(format!("no connection is {unknown}")));
    }
    let named = state.ext_idps.iter_mut().filter(|idp| idp.tenant_id.is_none()).flat_map(|i| &mut i.connections);
    for connection in named.filter(|c| request.conn_ids.contains(&c.id)) {
        connection.on_tenant_login = enabled;
    }
    success()
}
