//! What the tenant area keeps: the pool's tenants and their members.
//!
//! A member is a user of the pool linked into the tenant (its `linkUserId`
//! is the user's id) under a member id of the tenant's own.
//!
//! Besides its tenants the pool's console keeps ([`TenantConsole`]) the
//! invitations made to join them and its collaborating administrators.

use crate::emulator::state::{Removed, State};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A tenant of the pool.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tenant {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique among tenants; assigned by the emulator.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The logo's URLs.
    pub logo: Vec<String>,
    /// What a refused sign-in is told.
    pub reject_hint: Option<String>,
    /// The applications the tenant can use.
    pub app_ids: Vec<String>,
    /// The application the tenant was created from.
    pub source_app_id: Option<String>,
    /// Email domains that belong to the tenant.
    pub enterprise_domains: Vec<String>,
    /// Members, in joining order.
    pub members: Vec<TenantMember>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
    /// The enterprise certification submitted for the tenant, if any.
    pub certification: Option<EnterpriseCertification>,
    /// Pool users who administer the tenant from the pool's multi-tenant
    /// console (not members of it), in the order they were made so.
    pub console_admins: Vec<ConsoleAdmin>,
}

/// A user's membership of a tenant.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TenantMember {
    /// The tenant's own id for the membership.
    pub member_id: String,
    /// The pool user's id.
    pub link_user_id: String,
    /// Whether the member administers the tenant.
    pub is_admin: bool,
    /// Milliseconds since the epoch.
    pub joined_at: i64,
}

/// A removed user is a member of no tenant, administers none and
/// collaborates on nothing.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for tenant in &mut state.tenant_records {
            tenant.members.retain(|m| &m.link_user_id != user_id);
            tenant.console_admins.retain(|a| &a.user_id != user_id);
        }
        state.tenant_console.cooperators.retain(|c| &c.user_id != user_id);
    }
}

/// The papers a tenant submits to be certified as an enterprise, and how
/// the review of them stands.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnterpriseCertification {
    pub business_name: String,
    /// The business licence, as the URL of its scan.
    pub business_license: String,
    pub business_registration_name: String,
    pub unified_social_credit: String,
    pub legal_representative_name: String,
    pub national_identification_number: String,
    pub personal_bank_card_number: String,
    pub bank_reserved_phone: String,
    pub status: CertificationStatus,
    /// What the reviewer said, once reviewed.
    pub review_reason: Option<String>,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// Where a certification's review stands.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificationStatus {
    /// Nothing submitted; what a tenant without a certification reads.
    NotSubmit,
    /// Submitted or changed, waiting for review.
    #[default]
    Reviewing,
    /// Accepted.
    Pass,
    /// Turned down (the API's `-1`).
    Rejected,
}

/// A pool user who administers a tenant from the multi-tenant console.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConsoleAdmin {
    /// The pool user's id.
    pub user_id: String,
    /// Whether they may also call the management API for the tenant.
    pub api_authorized: bool,
}

/// What the pool's multi-tenant console keeps besides its tenants: the
/// invitations sent to join them, the pool's collaborating administrators
/// and the console's login settings.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TenantConsole {
    /// Invitations in the order they were made.
    pub invitations: Vec<Invitation>,
    /// The last invitation record number handed out; records are numbered
    /// from 1 in the order they were made.
    pub last_record_id: u64,
    /// Collaborating administrators in the order they were made so.
    pub cooperators: Vec<Cooperator>,
    /// The login settings as `updateUserPoolTenantConfig` last gave them;
    /// `None` until it is first called.
    pub login_settings: Option<LoginSettings>,
    /// Whether the tenant console signs in by a QR code scanned with the
    /// pool's self-built app, as `updateTenantQrCodeState` last set it.
    pub app_qrcode_login: bool,
}

/// The multi-tenant login settings `updateUserPoolTenantConfig` takes
/// (an `UpdateLoginConfig`), as given. The tab and language settings are
/// shapes the spec leaves open, kept as the objects given; no read of the
/// API answers them or `enableAutoConnectTenantApp`, but the pool holds
/// them as it was told.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginSettings {
    pub enable_create_tenant: bool,
    pub create_tenant_scenes: Vec<String>,
    pub enable_join_tenant: bool,
    pub join_tenant_scenes: Vec<String>,
    pub enable_verify_domain: bool,
    pub verify_domain_scenes: Vec<String>,
    pub enable_auto_connect_tenant_app: bool,
    pub sso_page_customization_settings: Map<String, Value>,
    pub tab_methods_sort_config: Map<String, Value>,
    pub qr_code_sort_config: Map<String, Value>,
    pub password_tab_config: Map<String, Value>,
    pub verify_code_tab_config: Map<String, Value>,
    /// The language settings (`{global: {...}}`).
    pub config: Map<String, Value>,
}

/// An invitation of one email address to join a tenant (or the pool, when
/// it names no tenant), as `generateInviteTenantUserLink` made it.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Invitation {
    /// The record's number, unique in the pool.
    pub record_id: u64,
    /// The address invited.
    pub email: String,
    /// The tenant the invitee is to join, if the invitation names one.
    pub tenant_id: Option<String>,
    /// The application the invitee is taken to after signing up.
    pub app_id: String,
    /// How long the link stays valid, as the request gave it.
    pub validity_term: String,
    /// The link's token, unique in the pool.
    pub token: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// When `sendInviteTenantUserEmail` last recorded mailing it, in
    /// milliseconds since the epoch; nothing is delivered anywhere.
    pub mailed_at: Option<i64>,
}

/// A pool user given collaborator rights over the pool's console.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Cooperator {
    /// The pool user's id.
    pub user_id: String,
    /// The codes of the permission policies granted, as given.
    pub policies: Vec<String>,
    /// Whether they may also call the management API.
    pub api_authorized: bool,
}
