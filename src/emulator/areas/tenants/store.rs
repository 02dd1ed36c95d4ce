//! What the tenant area keeps: the pool's tenants and their members.
//!
//! A member is a user of the pool linked into the tenant (its `linkUserId`
//! is the user's id) under a member id of the tenant's own.

use crate::emulator::state::{Removed, State};
use serde::{Deserialize, Serialize};

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

/// A removed user is a member of no tenant.
pub(in crate::emulator) fn react(state: &mut State, event: &Removed) {
    if let Removed::User(user_id) = event {
        for tenant in &mut state.tenant_records {
            tenant.members.retain(|m| &m.link_user_id != user_id);
        }
    }
}
