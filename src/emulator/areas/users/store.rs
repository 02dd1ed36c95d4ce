//! What the user area keeps: the pool's accounts and their external
//! identities. Their relations live with what they relate to.

use crate::emulator::state::State;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One user of the pool.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    /// The id the emulator assigned (24 hex digits).
    pub id: String,
    /// Unique in the pool when set.
    pub username: Option<String>,
    /// Unique in the pool when set, compared without regard to case.
    pub email: Option<String>,
    /// Unique in the pool when set.
    pub phone: Option<String>,
    /// The caller's own id for the user; unique in the pool when set.
    pub external_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Account status.
    pub status: UserStatus,
    /// The remaining profile fields the caller set (`gender`, `city`,
    /// `emailVerified`, ...), keyed by their wire names and echoed back as given.
    pub profile: Map<String, Value>,
    /// Accounts in external identity providers.
    pub identities: Vec<Identity>,
    /// Ids in synchronised directories (`lark`, `wechatwork`, ...).
    pub sync_relations: Vec<SyncRelation>,
    /// Values of the pool's custom fields.
    pub custom_data: Map<String, Value>,
    /// The posts the user holds, in the order they were given.
    #[serde(default)]
    pub post_id_list: Vec<String>,
    /// The MFA trigger data an administrator last set, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_trigger_data: Option<Value>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
    /// When `status` last changed, in milliseconds since the epoch.
    pub status_changed_at: Option<i64>,
    /// The OTP secret bound to the user, when one was imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<OtpBinding>,
}

/// A user's OTP (one-time password) binding, as `importOtp` gave it.
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OtpBinding {
    /// The shared secret authenticator apps derive codes from.
    pub secret: String,
    /// The code that recovers the account without the authenticator, if any.
    pub recovery_code: Option<String>,
}

/// The statuses an account can be in, spelled as on the wire.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Activated,
    /// Disabled by an administrator; can be re-activated.
    Suspended,
    /// Left the organization: relations removed, account disabled for good.
    Resigned,
    /// Archived.
    Archived,
    /// Deactivated.
    Deactivated,
}

impl UserStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Activated => "Activated",
            UserStatus::Suspended => "Suspended",
            UserStatus::Resigned => "Resigned",
            UserStatus::Archived => "Archived",
            UserStatus::Deactivated => "Deactivated",
        }
    }
}

/// A user's account in an external identity provider; serialises exactly as
/// the API's `IdentityDto`.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    /// The emulator's id for this link.
    pub identity_id: String,
    /// The identity provider's id in the pool.
    pub ext_idp_id: String,
    /// The provider kind (`lark`, `github`, `oidc`, ...).
    pub provider: String,
    /// Which of the provider's ids this is (`openid`, `unionid`, `primary`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// The user's id inside the provider.
    pub user_id_in_idp: String,
    /// What the provider said about the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_info_in_idp: Option<Value>,
    /// The provider's access token, when the caller stored one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The provider's refresh token, when the caller stored one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Connections this identity came through.
    pub origin_conn_ids: Vec<String>,
}

/// An id in a synchronised directory; `sync_relation` references are `<provider>:<id>`.
#[derive(Default, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncRelation {
    /// The directory kind (`lark`, `wechatwork`, `dingtalk`, ...).
    pub provider: String,
    /// The id inside that directory.
    pub id: String,
}

impl State {
    /// The user with this emulator id.
    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The user with this emulator id, for changing.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.id == id)
    }
}
