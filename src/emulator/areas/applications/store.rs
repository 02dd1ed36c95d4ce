//! What the application area keeps: the pool's applications, each with
//! its secret, its settings, who may use it and its sign-in whitelists.
//!
//! An application's permission namespace (coded by its `appId`) lives
//! with the pool's other namespaces, in [`State::namespaces`]; everything
//! else of it lives on the [`Application`], so deleting one leaves nothing
//! behind but what other areas hold, which hear of it through the removal
//! of its namespace and of the application itself.

use crate::emulator::areas::input::contains_ci;
use crate::emulator::state::{Removed, State, TargetType};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An application of the pool: self-built, or integrated from a template.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Application {
    /// The `appId` the emulator assigned (24 hex digits), also the code of
    /// the application's permission namespace.
    pub id: String,
    /// Unique among the pool's applications, without regard to case: the
    /// subdomain the application is reached at.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// The logo's URL.
    pub logo: String,
    /// Free text.
    pub description: Option<String>,
    /// `web`, `spa`, `native`, `api`, `mfa`, `mini-program`, `gateway-app` or `gateway-agent`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The template an integrated application was made from; none for a self-built one.
    pub template: Option<String>,
    /// An integrated application's template settings, as given.
    pub template_data: Option<Value>,
    /// The secret the application authenticates itself with.
    pub secret: String,
    /// `oidc`, `oauth`, `saml`, `cas` or `asa`.
    pub default_protocol: String,
    /// Where sign-ins may return to.
    pub redirect_uris: Vec<String>,
    /// Where sign-outs may return to.
    pub logout_redirect_uris: Vec<String>,
    /// Where a sign-in started from the console or the app panel begins.
    pub init_login_uri: String,
    /// Whether the application takes part in single sign-on.
    pub sso_enabled: bool,
    /// When single sign-on was last switched on, in milliseconds since the epoch.
    pub sso_enabled_at: Option<i64>,
    /// Whether the app panel shows the application.
    pub sso_show_launchpad: bool,
    /// Whether users may apply for the application's permissions.
    pub enable_permission_apply: bool,
    /// Each protocol's settings, as given (the spec leaves their fields open).
    pub oidc_config: Map<String, Value>,
    pub saml_config: Option<Map<String, Value>>,
    pub oauth_config: Option<Map<String, Value>>,
    pub cas_config: Option<Map<String, Value>>,
    pub saml_provider_enabled: bool,
    pub oauth_provider_enabled: bool,
    pub cas_provider_enabled: bool,
    /// How users sign in.
    pub login_config: LoginConfig,
    /// How users sign up.
    pub register_config: RegisterConfig,
    /// How the sign-in page looks.
    pub branding_config: BrandingConfig,
    /// Whether the application was given a look of its own rather than the pool's.
    pub custom_branding_enabled: bool,
    /// Whether users not authorized by any grant may use the application.
    pub permission_strategy: PermissionStrategy,
    /// Who is allowed or denied the application, in granting order.
    pub grants: Vec<AccessGrant>,
    /// The MFA factors switched on for the application, in the order they were.
    pub mfa_factors: Vec<String>,
    /// Who may sign in, by username, email or phone, in adding order.
    pub whitelist: Vec<WhitelistEntry>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// An application's sign-in settings, as `ApplicationLoginConfigDto` has them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginConfig {
    pub merge_login_and_register_page: bool,
    pub enabled_basic_login_methods: Vec<String>,
    pub default_login_method: DefaultLoginMethod,
    pub show_authorization_page: bool,
}

/// The sign-in method a sign-in page opens with.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DefaultLoginMethod {
    /// `PASSCODE`, `PASSWORD`, `QRCODE`, `LDAP` or `AD`.
    pub connection_type: String,
    /// The kind of QR code a `QRCODE` sign-in shows. The answer's schema
    /// requires one of its kinds whatever the method, so a method that
    /// shows none carries the one needing no identity provider, the
    /// application's own.
    pub qrcode_type: String,
}

/// The basic sign-in methods every application starts with: each of the
/// password and one-time-code methods. The service's own defaults for a new
/// application are on record nowhere we looked (the spec, the official
/// SDKs and their tests), so a new application offers every method that
/// needs no identity provider and no app of its own, and opens with the password.
const DEFAULT_LOGIN_METHODS: [&str; 5] =
    ["PHONE_CODE", "EMAIL_CODE", "PHONE_PASSWORD", "EMAIL_PASSWORD", "USERNAME_PASSWORD"];

/// The QR code of the application itself, which needs no identity provider.
pub const OWN_QRCODE: &str = "SELF_BUILT_APP";

impl Default for DefaultLoginMethod {
    fn default() -> Self {
        DefaultLoginMethod { connection_type: "PASSWORD".to_owned(), qrcode_type: OWN_QRCODE.to_owned() }
    }
}

impl Default for LoginConfig {
    fn default() -> Self {
        LoginConfig {
            merge_login_and_register_page: false,
            enabled_basic_login_methods: DEFAULT_LOGIN_METHODS.map(str::to_owned).to_vec(),
            default_login_method: DefaultLoginMethod::default(),
            show_authorization_page: false,
        }
    }
}

/// An application's sign-up settings, as `ApplicationRegisterConfig` has them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RegisterConfig {
    pub enabled_basic_register_methods: Vec<String>,
    /// `PASSCODE` or `PASSWORD`.
    pub default_register_method: String,
}

impl Default for RegisterConfig {
    /// Every sign-up method there is, the password first, as with sign-in.
    fn default() -> Self {
        RegisterConfig {
            enabled_basic_register_methods: ["PHONE_CODE", "EMAIL_CODE", "EMAIL_PASSWORD"].map(str::to_owned).to_vec(),
            default_register_method: "PASSWORD".to_owned(),
        }
    }
}

/// How an application's sign-in page looks, as `ApplicationBrandingConfig` has it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BrandingConfig {
    #[serde(rename = "customCSSEnabled")]
    pub custom_css_enabled: bool,
    #[serde(rename = "customCSS", skip_serializing_if = "Option::is_none")]
    pub custom_css: Option<String>,
    /// `Advanced` or `Classical`.
    pub guard_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_loading_image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_background: Option<String>,
    pub show_change_language_button: bool,
    /// `zh-CN`, `en-US`, `zh-TW` or `ja-JP`.
    pub default_language: String,
    pub show_forget_password_button: bool,
    pub show_enterprise_connections: bool,
    pub show_social_connections: bool,
    /// No operation sets agreements, so none is shown.
    pub show_agreement: bool,
    pub agreements: Vec<Value>,
}

impl Default for BrandingConfig {
    /// The current sign-in page in the API's default language, with every
    /// button and connection list shown and no custom styling.
    fn default() -> Self {
        BrandingConfig {
            custom_css_enabled: false,
            custom_css: None,
            guard_version: "Advanced".to_owned(),
            custom_loading_image: None,
            custom_background: None,
            show_change_language_button: true,
            default_language: "zh-CN".to_owned(),
            show_forget_password_button: true,
            show_enterprise_connections: true,
            show_social_connections: true,
            show_agreement: false,
            agreements: Vec::new(),
        }
    }
}

/// Whether an application lets in those no grant names, spelled as on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PermissionStrategy {
    /// Everyone not denied may use it: an application is open until its
    /// administrator closes it.
    #[default]
    AllowAll,
    /// Only those allowed may use it.
    DenyAll,
}

/// The kinds of subject an application's access is granted to, spelled
/// as the application operations spell them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AccessTarget {
    User,
    Role,
    Group,
    /// A department (an organization node).
    Org,
}

impl AccessTarget {
    /// The kind of holder the rest of the emulator calls this subject.
    pub fn holder(self) -> TargetType {
        match self {
            AccessTarget::User => TargetType::User,
            AccessTarget::Role => TargetType::Role,
            AccessTarget::Group => TargetType::Group,
            AccessTarget::Org => TargetType::Department,
        }
    }

    /// How the application operations spell a kind of holder.
    pub fn of(holder: TargetType) -> Self {
        match holder {
            TargetType::User => AccessTarget::User,
            TargetType::Role => AccessTarget::Role,
            TargetType::Group => AccessTarget::Group,
            TargetType::Department => AccessTarget::Org,
        }
    }
}

/// Whether a grant lets its subject use the application or keeps it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AccessEffect {
    Allow,
    Deny,
}

/// One subject's grant of access to an application.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessGrant {
    /// The record's own id (24 hex digits), unique in the pool.
    pub id: String,
    pub target_type: TargetType,
    /// The subject's emulator id, which stays the same when its code changes.
    pub target_id: String,
    pub effect: AccessEffect,
    /// A grant switched off counts for nothing until switched on again.
    pub enabled: bool,
    /// For a department: whether the departments under it are granted too.
    #[serde(default)]
    pub inherit_by_children: bool,
}

/// One value of an application's sign-in whitelist.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhitelistEntry {
    /// `USERNAME`, `EMAIL` or `PHONE`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

impl State {
    /// The application with this `appId`.
    pub fn application(&self, app_id: &str) -> Option<&Application> {
        self.applications.iter().find(|a| a.id == app_id)
    }
}

/// The applications of `state` whose name or identifier holds `keywords`
/// (without regard to case), newest first, only those in single sign-on
/// when `sso_only`: what the application listings page through, and how
/// the tenant operations list a tenant's applications (a tenant's
/// requests act in the tenant's own state).
pub(in crate::emulator) fn matching<'a>(
    state: &'a State,
    keywords: &str,
    sso_only: bool,
) -> impl Iterator<Item = &'a Application> {
    state
        .applications
        .iter()
        .rev()
        .filter(move |a| !sso_only || a.sso_enabled)
        .filter(move |a| contains_ci(&a.name, keywords) || contains_ci(&a.identifier, keywords))
}

/// Grants to a removed user, department, group or role end.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    let (kind, id) = match *event {
        Removed::User(id) => (TargetType::User, id),
        Removed::Department(id) => (TargetType::Department, id),
        Removed::Group(id) => (TargetType::Group, id),
        Removed::Role(id) => (TargetType::Role, id),
        Removed::Namespace(_) | Removed::Post(_) | Removed::Application(_) => return,
    };
    for application in &mut state.applications {
        application.grants.retain(|g| !(g.target_type == kind && g.target_id == id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_to_a_removed_subject_end() {
        let grant = |target_type, target_id: &str| AccessGrant {
            id: target_id.to_owned(),
            target_type,
            target_id: target_id.to_owned(),
            effect: AccessEffect::Allow,
            enabled: true,
            inherit_by_children: false,
        };
        let mut state = State::default();
        state.applications.push(Application {
            grants: vec![
                grant(TargetType::User, "u"),
                grant(TargetType::Role, "u"),
                grant(TargetType::Department, "d"),
            ],
            ..Application::default()
        });
        state.removed(&Removed::User("u"));
        state.removed(&Removed::Department("d"));
        let left: Vec<TargetType> = state.applications[0].grants.iter().map(|g| g.target_type).collect();
        assert_eq!(left, [TargetType::Role], "only the role u, which was not removed, keeps its grant");
    }
}
