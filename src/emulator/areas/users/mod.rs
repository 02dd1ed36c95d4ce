//! The Users area: the pool's accounts, their identities and relations,
//! and what their sign-ins leave behind.

mod credentials;
mod handlers;
mod render;
mod sign_ins;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

pub(super) use handlers::{
    DEFAULT_SEARCH_FIELDS, create_user, get_user_departments, matches_keywords, set_user_departments, update_user,
};

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Users",
    own_field_rules: false,
    operations: &[
        ("createUser", handlers::create_user),
        ("createUsersBatch", handlers::create_users_batch),
        ("getUser", handlers::get_user),
        ("getUserBatch", handlers::get_user_batch),
        ("listUsers", handlers::list_users),
        ("updateUser", handlers::update_user),
        ("updateUserBatch", handlers::update_user_batch),
        ("deleteUsersBatch", handlers::delete_users_batch),
        ("isUserExists", handlers::is_user_exists),
        ("getUserRoles", handlers::get_user_roles),
        ("getUserGroups", handlers::get_user_groups),
        ("getUserIdentities", handlers::get_user_identities),
        ("resignUser", handlers::resign_user),
        ("resignUserBatch", handlers::resign_user_batch),
        ("hasAnyRole", handlers::has_any_role),
        ("listArchivedUsers", handlers::list_archived_users),
        ("getUserLoginHistory", sign_ins::get_user_login_history),
        ("getUserLoggedinApps", sign_ins::empty_list),
        ("getUserLoggedinIdentities", sign_ins::empty_list),
        ("getUserAccessibleApps", sign_ins::get_user_accessible_apps),
        ("getUserAuthorizedApps", sign_ins::get_user_authorized_apps),
        ("getUserAuthorizedResources", sign_ins::get_user_authorized_resources),
        ("getUserMfaInfo", sign_ins::get_user_mfa_info),
        ("getUserPrincipalAuthenticationInfo", sign_ins::get_user_principal_authentication_info),
        ("resetUserPrincipalAuthenticationInfo", sign_ins::reset_user_principal_authentication_info),
        ("kickUsers", sign_ins::kick_users),
        ("checkSessionStatus", sign_ins::check_session_status),
        ("setUsersMfaStatus", sign_ins::set_users_mfa_status),
        ("getUserMfaStatus", sign_ins::get_user_mfa_status),
        ("listUsersLegacy", handlers::list_users_legacy),
        ("linkIdentity", handlers::link_identity),
        ("unlinkIdentity", handlers::unlink_identity),
        ("getUserSyncRelations", handlers::get_user_sync_relations),
        ("deleteUserSyncRelations", handlers::delete_user_sync_relations),
        // Not here: getUserPasswordCiphertext, getUserEncryptPasswordBatch
        // and userFieldDecrypt, whose cipher is on no record (see
        // `credentials`).
        ("importOtp", credentials::import_otp),
        ("getOtpSecretByUser", credentials::get_otp_secret_by_user),
    ],
};
