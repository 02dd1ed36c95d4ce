//! The Applications area: the pool's applications, their secrets and
//! settings, who may use them, and their sign-in whitelists. Each
//! application has a permission namespace of its own, coded by its `appId`
//! (see [`handlers`]).
//!
//! For the tenant operations, which list a tenant's applications and tie
//! resources to them: [`store::matching`] lists the applications of a
//! state (a tenant's requests act in the tenant's own) by keywords and
//! single sign-on, [`State::application`](crate::emulator::state::State::application)
//! finds one by `appId`, and [`AppRef`] is a request's naming of one.

mod access;
mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;
mod whitelists;

use super::registry::Area;
pub(super) use handlers::AppRef;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Applications",
    own_field_rules: false,
    operations: &[
        ("createApplication", handlers::create_application),
        ("getApplication", handlers::get_application),
        ("listApplications", handlers::list_applications),
        ("getApplicationSimpleInfo", handlers::get_application_simple_info),
        ("listApplicationSimpleInfo", handlers::list_application_simple_info),
        ("updateApplication", handlers::update_application),
        ("deleteApplication", handlers::delete_application),
        ("getApplicationSecret", handlers::get_application_secret),
        ("refreshApplicationSecret", handlers::refresh_application_secret),
        ("listApplicationActiveUsers", handlers::list_application_active_users),
        ("checkDomainAvailable", handlers::check_domain_available),
        ("updateApplicationMfaSettings", handlers::update_application_mfa_settings),
        ("getApplicationPermissionStrategy", access::get_application_permission_strategy),
        ("updateApplicationPermissionStrategy", access::update_application_permission_strategy),
        ("authorizeApplicationAccess", access::authorize_application_access),
        ("revokeApplicationAccess", access::revoke_application_access),
        ("listAuthApplication", access::list_auth_application),
        ("enabledAuth", access::enabled_auth),
        ("deleteAuth", access::delete_auth),
        ("listAuthSubject", access::list_auth_subject),
        ("detailAuthSubject", access::detail_auth_subject),
        ("addWhitelistOfApp", whitelists::add_whitelist_of_app),
        ("deleteWhitelistOfApp", whitelists::delete_whitelist_of_app),
        // Not emulated:
        // - listWhitelistsOfApp: the spec holds its answer to a single
        //   whitelist entry, while a whitelist holds any number of them, none
        //   included (see whitelists.rs);
        // - updateLoginPageConfig: it changes an application's login page
        //   but its request names no application (the body is the settings
        //   alone), and no operation reads the settings back;
        // - getMfaTriggerData: its answer is an MFA token, which only a
        //   sign-in the emulator never performs would issue;
        // - getVerifyConfigApp: it answers one application, the one the
        //   service picks for its verification settings, by a rule on record
        //   nowhere we looked (the spec, the official SDKs and their tests).
    ],
};
