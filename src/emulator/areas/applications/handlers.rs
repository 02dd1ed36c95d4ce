//! Applications: created, read back (whole or in brief), listed, changed
//! and deleted, with their secrets, MFA factors and domains.
//!
//! A self-built application is named by an identifier of its own, the
//! subdomain it is reached at, unique in the pool without regard to case;
//! an integrated one is made from a template and its template settings,
//! the other fields of its request ignored, and is reached at its `appId`.
//! Every application gets a permission namespace coded by its `appId`, in
//! which the data-permission operations keep its data resources; deleting
//! the application deletes the namespace and, through
//! [`Removed::Namespace`], what lives in it; [`Removed::Application`] then
//! tells every other record pointing at the application that it is gone.
//!
//! An application's settings hold references to external identity
//! providers only where the request names some; the emulator keeps none of
//! those, so a request naming one is not emulated rather than stored
//! pointing at nothing.

use super::store::{BrandingConfig, LoginConfig, OWN_QRCODE, matching};
use crate::emulator::areas::ext_idps::view;
use crate::emulator::areas::input::{Page, Paging, required};
use crate::emulator::areas::render::{iso8601, put};
use crate::emulator::areas::resources::namespaces;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{Application, Namespace, Removed, State, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The longest application identifier: a DNS label.
const MAX_IDENTIFIER_LEN: usize = 63;

/// Whether `identifier` could be an application's subdomain: letters,
/// digits and inner hyphens, one DNS label long.
fn is_identifier(identifier: &str) -> bool {
    !identifier.is_empty()
        && identifier.len() <= MAX_IDENTIFIER_LEN
        && identifier.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !identifier.starts_with('-')
        && !identifier.ends_with('-')
}

/// Whether an application other than `except` is reached at `identifier`.
fn identifier_taken(state: &State, identifier: &str, except: Option<&str>) -> bool {
    state.applications.iter().any(|a| Some(a.id.as_str()) != except && a.identifier.eq_ignore_ascii_case(identifier))
}

/// Refuses an identifier that is malformed (`key` names the parameter) or another application's.
fn check_identifier(state: &State, identifier: &str, key: &str, except: Option<&str>) -> Result<(), ApiFault> {
    if !is_identifier(identifier) {
        return Err(ApiFault::invalid(
            key,
            format!("an application identifier is 1 to {MAX_IDENTIFIER_LEN} letters, digits and inner hyphens"),
        ));
    }
    if identifier_taken(state, identifier, except) {
        return Err(ApiFault::new(&errors::APPLICATION_IDENTIFIER_CONFLICT, [identifier]));
    }
    Ok(())
}

/// A request naming one application by its `appId`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::emulator::areas) struct AppRef {
    #[serde(default)]
    app_id: String,
}

impl AppRef {
    /// The application named: an empty `appId` is malformed, any other
    /// naming nothing is unknown.
    pub(in crate::emulator::areas) fn find<'s>(&self, state: &'s State) -> Result<&'s Application, ApiFault> {
        if self.app_id.is_empty() {
            return Err(ApiFault::invalid("appId", "empty"));
        }
        state.application(&self.app_id).ok_or_else(|| {
            ApiFault::of(&errors::APPLICATION_NOT_FOUND).with_detail(format!("no application is {}", self.app_id))
        })
    }

    /// The position of the application named, for changing it.
    pub(super) fn index(&self, state: &State) -> Result<usize, ApiFault> {
        self.find(state)?;
        Ok(state.applications.iter().position(|a| a.id == self.app_id).unwrap_or_default())
    }
}

/// The application the request's `appId` names.
pub(super) fn input_app<'s>(state: &'s State, input: &Input) -> Result<&'s Application, ApiFault> {
    typed::<AppRef>(input)?.find(state)
}

/// The position of the application the request's `appId` names.
pub(super) fn input_app_index(state: &State, input: &Input) -> Result<usize, ApiFault> {
    typed::<AppRef>(input)?.index(state)
}

/// The sign-in settings a request gives; what it leaves out stays as it was.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct LoginConfigInput {
    merge_login_and_register_page: Option<bool>,
    enabled_basic_login_methods: Option<Vec<String>>,
    default_login_method: Option<DefaultLoginMethodInput>,
    enabled_ext_idp_conn_ids: Option<Vec<ConnectionRef>>,
    show_authorization_page: Option<bool>,
}

/// One identity provider connection an application's sign-in page offers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionRef {
    ext_idp_conn_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DefaultLoginMethodInput {
    connection_type: String,
    qrcode_type: Option<String>,
    qrcode_ext_idp_conn_id: Option<String>,
    ad_ext_idp_conn_id: Option<String>,
    ldap_ext_idp_conn_id: Option<String>,
}

/// The basic sign-in methods an application can offer.
const LOGIN_METHODS: [&str; 6] =
    ["PHONE_CODE", "EMAIL_CODE", "PHONE_PASSWORD", "EMAIL_PASSWORD", "USERNAME_PASSWORD", "SELF_BUILT_APP_QRCODE"];

/// The basic sign-up methods an application can offer.
const REGISTER_METHODS: [&str; 3] = ["PHONE_CODE", "EMAIL_CODE", "EMAIL_PASSWORD"];

/// Refuses methods outside `known`, naming the settings object `key`.
fn check_methods(methods: &[String], known: &[&str], key: &str) -> Result<(), ApiFault> {
    match methods.iter().find(|m| !known.contains(&m.as_str())) {
        Some(unknown) => Err(ApiFault::invalid(key, format!("no such method: {unknown}"))),
        None => Ok(()),
    }
}

/// A default sign-in method through an identity provider: which of the
/// connections' settings the page would open with is on record nowhere.
const NEEDS_IDENTITY_PROVIDERS: &str = "a default sign-in method through an external identity provider connection";

impl LoginConfigInput {
    /// Refuses what could not be kept: unknown methods, and a default
    /// sign-in method through an identity provider connection.
    fn check(&self) -> Result<(), ApiFault> {
        check_methods(self.enabled_basic_login_methods.as_deref().unwrap_or_default(), &LOGIN_METHODS, "loginConfig")?;
        let names_providers = self.default_login_method.as_ref().is_some_and(|m| {
            matches!(m.connection_type.as_str(), "LDAP" | "AD")
                || m.qrcode_type.as_deref().is_some_and(|kind| kind != OWN_QRCODE)
                || [&m.qrcode_ext_idp_conn_id, &m.ad_ext_idp_conn_id, &m.ldap_ext_idp_conn_id]
                    .iter()
                    .any(|id| id.as_deref().is_some_and(|id| !id.is_empty()))
        });
        if names_providers {
            return Err(ApiFault::new(&errors::NOT_EMULATED, [NEEDS_IDENTITY_PROVIDERS]));
        }
        Ok(())
    }

    fn apply(self, config: &mut LoginConfig) {
        given(&mut config.merge_login_and_register_page, self.merge_login_and_register_page);
        given(&mut config.enabled_basic_login_methods, self.enabled_basic_login_methods);
        given(&mut config.default_login_method.connection_type, self.default_login_method.map(|m| m.connection_type));
        given(&mut config.show_authorization_page, self.show_authorization_page);
    }
}

/// The sign-up settings a request gives; both fields are required with it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterConfigInput {
    enabled_basic_register_methods: Vec<String>,
    default_register_method: String,
}

/// The look of the sign-in page a request gives; what it leaves out stays as it was.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct BrandingInput {
    #[serde(rename = "customCSSEnabled")]
    custom_css_enabled: Option<bool>,
    #[serde(rename = "customCSS")]
    custom_css: Option<String>,
    guard_version: Option<String>,
    custom_loading_image: Option<String>,
    custom_background: Option<String>,
    show_change_language_button: Option<bool>,
    default_language: Option<String>,
    show_forget_password_button: Option<bool>,
    show_enterprise_connections: Option<bool>,
    show_social_connections: Option<bool>,
}

impl BrandingInput {
    fn apply(self, config: &mut BrandingConfig) {
        given(&mut config.custom_css_enabled, self.custom_css_enabled);
        given(&mut config.show_change_language_button, self.show_change_language_button);
        given(&mut config.show_forget_password_button, self.show_forget_password_button);
        given(&mut config.show_enterprise_connections, self.show_enterprise_connections);
        given(&mut config.show_social_connections, self.show_social_connections);
        given(&mut config.custom_css, self.custom_css.map(Some));
        given(&mut config.guard_version, self.guard_version);
        given(&mut config.custom_loading_image, self.custom_loading_image.map(Some));
        given(&mut config.custom_background, self.custom_background.map(Some));
        given(&mut config.default_language, self.default_language);
    }
}

/// Replaces `field` with the value a request gives, if it gives one.
fn given<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// The fields a create and an update both take; each one given replaces
/// what the application had.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields {
    app_name: Option<String>,
    template_data: Option<Value>,
    app_identifier: Option<String>,
    app_logo: Option<String>,
    app_description: Option<String>,
    default_protocol: Option<String>,
    redirect_uris: Option<Vec<String>>,
    logout_redirect_uris: Option<Vec<String>>,
    init_login_uri: Option<String>,
    sso_enabled: Option<bool>,
    oidc_config: Option<Map<String, Value>>,
    saml_provider_enabled: Option<bool>,
    saml_config: Option<Map<String, Value>>,
    oauth_provider_enabled: Option<bool>,
    oauth_config: Option<Map<String, Value>>,
    cas_provider_enabled: Option<bool>,
    cas_config: Option<Map<String, Value>>,
    login_config: Option<LoginConfigInput>,
    register_config: Option<RegisterConfigInput>,
    branding_config: Option<BrandingInput>,
}

impl Fields {
    /// The connections the request has the sign-in page offer, when it says.
    fn offered_connections(&self) -> Option<Vec<String>> {
        let refs = self.login_config.as_ref()?.enabled_ext_idp_conn_ids.as_ref()?;
        Some(refs.iter().map(|r| r.ext_idp_conn_id.clone()).collect())
    }

    /// Refuses what the application could not take; the identifier is the caller's to check.
    fn check(&self) -> Result<(), ApiFault> {
        if self.app_name.as_deref().is_some_and(|name| name.trim().is_empty()) {
            return Err(ApiFault::invalid("appName", "empty"));
        }
        if let Some(login) = &self.login_config {
            login.check()?;
        }
        if let Some(register) = &self.register_config {
            check_methods(&register.enabled_basic_register_methods, &REGISTER_METHODS, "registerConfig")?;
        }
        Ok(())
    }

    /// Writes the fields given onto `app`, at `now`.
    fn apply(self, app: &mut Application, now: i64) {
        given(&mut app.name, self.app_name);
        given(&mut app.identifier, self.app_identifier);
        given(&mut app.logo, self.app_logo);
        given(&mut app.default_protocol, self.default_protocol);
        given(&mut app.init_login_uri, self.init_login_uri);
        given(&mut app.description, self.app_description.map(Some));
        given(&mut app.template_data, self.template_data.map(Some));
        given(&mut app.redirect_uris, self.redirect_uris);
        given(&mut app.logout_redirect_uris, self.logout_redirect_uris);
        if let Some(enabled) = self.sso_enabled {
            if enabled && !app.sso_enabled {
                app.sso_enabled_at = Some(now);
            }
            app.sso_enabled = enabled;
        }
        given(&mut app.oidc_config, self.oidc_config);
        let protocols = [
            (&mut app.saml_provider_enabled, self.saml_provider_enabled, &mut app.saml_config, self.saml_config),
            (&mut app.oauth_provider_enabled, self.oauth_provider_enabled, &mut app.oauth_config, self.oauth_config),
            (&mut app.cas_provider_enabled, self.cas_provider_enabled, &mut app.cas_config, self.cas_config),
        ];
        for (enabled_field, enabled, config_field, config) in protocols {
            given(enabled_field, enabled);
            given(config_field, config.map(Some));
        }
        if let Some(login) = self.login_config {
            login.apply(&mut app.login_config);
        }
        if let Some(register) = self.register_config {
            app.register_config.enabled_basic_register_methods = register.enabled_basic_register_methods;
            app.register_config.default_register_method = register.default_register_method;
        }
        if let Some(branding) = self.branding_config {
            // Given its own look, the application no longer follows the pool's.
            app.custom_branding_enabled = true;
            branding.apply(&mut app.branding_config);
        }
        app.updated_at = now;
    }
}

/// A fresh application secret: 32 random hex digits.
fn new_secret() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewApplication {
    template: Option<String>,
    app_type: Option<String>,
    #[serde(flatten)]
    fields: Fields,
}

/// `createApplication`: a self-built application needs a free identifier;
/// an integrated one (`template` given) takes only its name and template
/// settings. Either gets an `appId`, a secret and its permission namespace.
pub(super) fn create_application(input: &Input, state: &mut State) -> Outcome {
    let NewApplication { template, app_type, fields } = typed(input)?;
    let name = required(fields.app_name.clone(), "appName")?;
    if name.trim().is_empty() {
        return Err(ApiFault::invalid("appName", "empty"));
    }
    let now = now_ms();
    // The API documents `web` as the type of an application that names
    // none; its protocol is OIDC, which the official SDK recommends over
    // OAuth 2.0, the other one an application is created without settings for.
    let mut app = Application {
        name,
        kind: app_type.unwrap_or_else(|| "web".to_owned()),
        default_protocol: "oidc".to_owned(),
        secret: new_secret(),
        created_at: now,
        updated_at: now,
        ..Application::default()
    };
    let mut offered = None;
    match template.filter(|t| !t.is_empty()) {
        Some(template) => {
            app.template = Some(template);
            app.template_data = fields.template_data;
        }
        None => {
            let identifier = required(fields.app_identifier.as_deref(), "appIdentifier")?;
            check_identifier(state, identifier, "appIdentifier", None)?;
            fields.check()?;
            offered = fields.offered_connections();
            if let Some(ids) = &offered {
                view::check_connections(state, ids)?;
            }
            fields.apply(&mut app, now);
        }
    }
    app.id = state.new_id();
    if app.identifier.is_empty() {
        app.identifier.clone_from(&app.id);
    }
    if let Some(ids) = &offered {
        view::offer_only(state, &app.id, ids);
    }
    state.namespaces.add(Namespace { id: 0, code: app.id.clone(), name: app.name.clone(), description: String::new() });
    let rendered = render(state, &app);
    state.applications.push(app);
    Ok(rendered)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(flatten)]
    app: AppRef,
    sso_show_launchpad: Option<bool>,
    enable_permission_apply: Option<bool>,
    #[serde(flatten)]
    fields: Fields,
}

/// `updateApplication`: changes the fields given. A new identifier must be
/// free; a new name renames the application's namespace too.
pub(super) fn update_application(input: &Input, state: &mut State) -> Outcome {
    let Update { app, sso_show_launchpad, enable_permission_apply, fields } = typed(input)?;
    let index = app.index(state)?;
    fields.check()?;
    if let Some(identifier) = &fields.app_identifier {
        check_identifier(state, identifier, "appIdentifier", Some(&app.app_id))?;
    }
    let offered = fields.offered_connections();
    if let Some(ids) = &offered {
        view::check_connections(state, ids)?;
        view::offer_only(state, &app.app_id, ids);
    }
    let now = now_ms();
    let application = &mut state.applications[index];
    if let Some(show) = sso_show_launchpad {
        application.sso_show_launchpad = show;
    }
    if let Some(apply) = enable_permission_apply {
        application.enable_permission_apply = apply;
    }
    fields.apply(application, now);
    let (code, name) = (application.id.clone(), application.name.clone());
    if let Some(namespace) = state.namespaces.0.iter_mut().find(|n| n.code == code) {
        namespace.name = name;
    }
    success()
}

/// `deleteApplication`: the application, its grants and whitelist go,
/// its namespace with what lives in it, and what other areas hold of it.
pub(super) fn delete_application(input: &Input, state: &mut State) -> Outcome {
    let index = input_app_index(state, input)?;
    let app = state.applications.remove(index);
    if let Some(at) = state.namespaces.0.iter().position(|n| n.code == app.id) {
        namespaces::remove(state, at);
    }
    state.removed(&Removed::Application(&app.id));
    success()
}

/// `getApplication`.
pub(super) fn get_application(input: &Input, state: &mut State) -> Outcome {
    Ok(render(state, input_app(state, input)?))
}

/// `getApplicationSimpleInfo`.
pub(super) fn get_application_simple_info(input: &Input, state: &mut State) -> Outcome {
    Ok(Value::Object(simple_info(input_app(state, input)?)))
}

/// A listing's filters; a flag left false (its default) filters nothing.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listing {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    is_integrate_app: bool,
    #[serde(default)]
    is_self_built_app: bool,
    #[serde(default)]
    sso_enabled: bool,
    #[serde(default)]
    keywords: String,
}

/// The applications a listing asks for, and its page, which may hold more
/// than [`MAX_BATCH`](crate::emulator::areas::MAX_BATCH): a public record
/// of live runs shows `listApplications` with `limit=100` answering a
/// complete page (hefanxu/terraform-provider-authing, `findApplication` in
/// `scripts/acceptance/application_live_helpers_test.go` @1f7147c0, run
/// before and after the create of run 37752529312 in
/// `docs/acceptance-evidence.md`).
fn listed<'a>(state: &'a State, input: &Input) -> Result<(Page, Vec<&'a Application>), ApiFault> {
    let listing: Listing = typed(input)?;
    let page = listing.paging.unbounded()?;
    let keywords = listing.keywords;
    let apps = matching(state, &keywords, listing.sso_enabled)
        .filter(|a| !listing.is_integrate_app || a.template.is_some())
        .filter(|a| !listing.is_self_built_app || a.template.is_none())
        .collect();
    Ok((page, apps))
}

/// `listApplications`: newest first, optionally only the integrated, the
/// self-built or those in single sign-on, and only those whose name or
/// identifier holds the keywords. (`all` asks for every application,
/// which the listing already pages through.)
pub(super) fn list_applications(input: &Input, state: &mut State) -> Outcome {
    let (page, apps) = listed(state, input)?;
    Ok(page.of(apps.into_iter().map(|a| render(state, a)).collect()))
}

/// `listApplicationSimpleInfo`: as [`list_applications`], each in brief.
pub(super) fn list_application_simple_info(input: &Input, state: &mut State) -> Outcome {
    let (page, apps) = listed(state, input)?;
    Ok(page.of(apps.into_iter().map(|app| Value::Object(simple_info(app))).collect()))
}

/// `getApplicationSecret`.
pub(super) fn get_application_secret(input: &Input, state: &mut State) -> Outcome {
    Ok(json!({ "secret": input_app(state, input)?.secret }))
}

/// `refreshApplicationSecret`: a new secret replaces the old one, which no longer works.
pub(super) fn refresh_application_secret(input: &Input, state: &mut State) -> Outcome {
    let index = input_app_index(state, input)?;
    let app = &mut state.applications[index];
    app.secret = new_secret();
    app.updated_at = now_ms();
    Ok(json!({ "secret": app.secret }))
}

/// `listApplicationActiveUsers`: the users signed in to the application.
/// The emulator signs nobody in (see the Users area's sign-ins), so every
/// application's page is empty.
pub(super) fn list_application_active_users(input: &Input, state: &mut State) -> Outcome {
    input_app(state, input)?;
    Ok(Page::from_input(input)?.of(Vec::new()))
}

#[derive(Deserialize)]
struct Domain {
    #[serde(default)]
    domain: String,
}

/// `checkDomainAvailable`: whether a new application, or an application
/// changing its identifier, could be reached at the domain: it is a
/// possible identifier and no application's.
pub(super) fn check_domain_available(input: &Input, state: &mut State) -> Outcome {
    let Domain { domain } = typed(input)?;
    if domain.is_empty() {
        return Err(ApiFault::invalid("domain", "empty"));
    }
    Ok(json!({ "available": is_identifier(&domain) && !identifier_taken(state, &domain, None) }))
}

/// The MFA factors an application can switch on.
const MFA_FACTORS: [&str; 4] = ["OTP", "SMS", "EMAIL", "FACE"];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MfaSettings {
    #[serde(default)]
    enabled_factors: Vec<String>,
    #[serde(default)]
    disabled_factors: Vec<String>,
}

/// `updateApplicationMfaSettings`: switches the factors listed on or off
/// (a factor in both lists is refused) and answers those now on.
pub(super) fn update_application_mfa_settings(input: &Input, state: &mut State) -> Outcome {
    let index = input_app_index(state, input)?;
    let MfaSettings { enabled_factors, disabled_factors } = typed(input)?;
    for (key, factors) in [("enabledFactors", &enabled_factors), ("disabledFactors", &disabled_factors)] {
        if let Some(unknown) = factors.iter().find(|f| !MFA_FACTORS.contains(&f.as_str())) {
            return Err(ApiFault::invalid(key, format!("no such MFA factor: {unknown}")));
        }
    }
    if let Some(both) = enabled_factors.iter().find(|f| disabled_factors.contains(f)) {
        return Err(ApiFault::invalid("disabledFactors", format!("{both} is also to be enabled")));
    }
    let app = &mut state.applications[index];
    app.mfa_factors.retain(|f| !disabled_factors.contains(f));
    for factor in enabled_factors {
        if !app.mfa_factors.contains(&factor) {
            app.mfa_factors.push(factor);
        }
    }
    app.updated_at = now_ms();
    Ok(json!({ "enabledFactors": app.mfa_factors }))
}

/// An `ApplicationDto` (also a `CreateApplicationRespDataDto`). Its page
/// offers the identity provider connections switched on for it; the
/// emulator keeps no security rules of an application's own, so it follows
/// the pool's.
pub(super) fn render(state: &State, app: &Application) -> Value {
    let login = &app.login_config;
    let mut out = simple_info(app);
    out.insert("userPoolId".into(), json!(state.userpool_id));
    out.insert("defaultProtocol".into(), json!(app.default_protocol));
    out.insert("redirectUris".into(), json!(app.redirect_uris));
    out.insert("logoutRedirectUris".into(), json!(app.logout_redirect_uris));
    out.insert("initLoginUri".into(), json!(app.init_login_uri));
    out.insert("ssoEnabled".into(), json!(app.sso_enabled));
    put(&mut out, "ssoEnabledAt", app.sso_enabled_at.map(iso8601));
    out.insert(
        "loginConfig".into(),
        json!({
            "mergeLoginAndRegisterPage": login.merge_login_and_register_page,
            "enabledBasicLoginMethods": login.enabled_basic_login_methods,
            "defaultLoginMethod": {
                "connectionType": login.default_login_method.connection_type,
                "qrcodeType": login.default_login_method.qrcode_type,
                "qrcodeExtIdpConnId": "",
                "adExtIdpConnId": "",
                "ldapExtIdpConnId": "",
            },
            "enabledExtIdpConns": view::offered_by_app(state, &app.id),
            "showAuthorizationPage": login.show_authorization_page,
        }),
    );
    out.insert("registerConfig".into(), json!(app.register_config));
    out.insert("brandingConfig".into(), json!(app.branding_config));
    out.insert("oidcConfig".into(), Value::Object(app.oidc_config.clone()));
    out.insert("samlProviderEnabled".into(), json!(app.saml_provider_enabled));
    put(&mut out, "samlConfig", app.saml_config.clone());
    out.insert("oauthProviderEnabled".into(), json!(app.oauth_provider_enabled));
    put(&mut out, "oauthConfig", app.oauth_config.clone());
    out.insert("casProviderEnabled".into(), json!(app.cas_provider_enabled));
    put(&mut out, "casConfig", app.cas_config.clone());
    out.insert("customBrandingEnabled".into(), json!(app.custom_branding_enabled));
    out.insert("customSecurityEnabled".into(), json!(false));
    put(&mut out, "template", app.template.clone());
    Value::Object(out)
}

/// An `ApplicationSimpleInfoDto`: the members every view of an application starts with.
fn simple_info(app: &Application) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("appId".into(), json!(app.id));
    out.insert("appIdentifier".into(), json!(app.identifier));
    out.insert("appName".into(), json!(app.name));
    out.insert("appLogo".into(), json!(app.logo));
    put(&mut out, "appDescription", app.description.clone());
    out.insert("appType".into(), json!(app.kind));
    out.insert("isIntegrateApp".into(), json!(app.template.is_some()));
    out
}
