//! The catalogue of the API's `apiCode`s: the finer reason an envelope gives
//! next to its `statusCode` when a refusal has one.
//!
//! Only codes with evidence are listed; the comment on each says where it
//! comes from. The sources are the refusals of the official Node SDK's jest
//! suite that the emulator reproduces (`src/emulator/errors.rs` takes every
//! `apiCode` it sends from here), the signature checks the official SDKs'
//! signing answers to, the vendor's published error-code table (which
//! gives 2004 and 2026 the same meanings), and a public record of runs
//! against a live pool (4004). A code the service sends that is
//! not listed arrives as [`ApiCode::Other`].
//!
//! This file uses nothing but `core`: `build.rs` includes it as well, to
//! write the codes into the operations' docs, so that the docs, the client
//! and the emulator read one table.

/// What kind of refusal a code stands for; the predicates on
/// [`crate::Error`] (`is_not_found`, `is_conflict`, ...) go by it before they
/// look at the `statusCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiCodeKind {
    /// The request was malformed: fix the input.
    InvalidInput,
    /// Something the request names does not exist.
    NotFound,
    /// Something the request would create or rename is already taken.
    Conflict,
    /// The credentials or the request's signature were refused.
    Auth,
    /// The input is well formed, but the current state forbids the operation.
    Refused,
}

macro_rules! api_codes {
    ($( #[doc = $meaning:literal] $(#[doc = $more:literal])* $name:ident = $code:literal, $kind:ident; )*) => {
        /// An `apiCode` of the API, named.
        ///
        /// `ApiCode::from(2004)` is [`ApiCode::UserNotFound`], and
        /// `i64::from(ApiCode::UserNotFound)` is 2004. A code this catalogue
        /// does not name becomes [`ApiCode::Other`]; the enum is
        /// non-exhaustive because codes move from `Other` to a name of their
        /// own as evidence for them turns up.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiCode {
            $( #[doc = $meaning] $(#[doc = $more])* $name, )*
            /// A code this catalogue does not name (never one it does, when made with `from`).
            Other(i64),
        }

        impl ApiCode {
            /// Every named code, in ascending order of its number.
            pub const ALL: &'static [ApiCode] = &[$(ApiCode::$name),*];

            /// The number the envelope carries.
            pub const fn number(self) -> i64 {
                match self {
                    $( ApiCode::$name => $code, )*
                    ApiCode::Other(code) => code,
                }
            }

            /// The name of the code as written in Rust (`"UserNotFound"`);
            /// `"Other"` for codes without one.
            pub const fn name(self) -> &'static str {
                match self {
                    $( ApiCode::$name => stringify!($name), )*
                    ApiCode::Other(_) => "Other",
                }
            }

            /// What kind of refusal the code stands for; `None` for [`ApiCode::Other`].
            pub const fn kind(self) -> Option<ApiCodeKind> {
                match self {
                    $( ApiCode::$name => Some(ApiCodeKind::$kind), )*
                    ApiCode::Other(_) => None,
                }
            }

            /// The code's meaning in one line (the first line of its docs).
            pub const fn meaning(self) -> &'static str {
                match self {
                    $( ApiCode::$name => $meaning.trim_ascii(), )*
                    ApiCode::Other(_) => "A code the catalogue does not name.",
                }
            }
        }

        impl From<i64> for ApiCode {
            fn from(code: i64) -> Self {
                match code {
                    $( $code => ApiCode::$name, )*
                    other => ApiCode::Other(other),
                }
            }
        }
    };
}

api_codes! {
    // 1300–1306: the emulator's signature checks, one code per way a signed
    // request can be wrong, as the official SDKs' signing meets them.
    /// `Authorization` is missing or uses no known scheme.
    AuthorizationMalformed = 1300, Auth;
    /// The access key id is unknown to the user pool.
    UnknownAccessKey = 1301, Auth;
    /// The signature does not match the request (usually a wrong secret).
    SignatureMismatch = 1302, Auth;
    /// The signature method or version is not one the API supports.
    SignatureMethodUnsupported = 1303, Auth;
    /// The request's `date` or nonce is missing or malformed.
    DateOrNonceMalformed = 1304, Auth;
    /// The request's `date` is too far from the server's clock.
    ClockSkew = 1305, Auth;
    /// The nonce was already used by an earlier request.
    NonceReused = 1306, Auth;
    // The official jest suite's parameter refusals (`参数 userId 格式错误`).
    /// A parameter is missing, malformed, out of range or of an unknown value.
    InvalidParameter = 2000, InvalidInput;
    // The jest suite's `用户不存在`; the vendor's table says the same.
    /// No user matches the reference.
    UserNotFound = 2004, NotFound;
    // The emulator's duplicate-user refusal; the vendor's table gives 2026
    // to a user that already exists.
    /// A username, email, phone, external id or identity is already taken by another user.
    UserExists = 2026, Conflict;
    /// The user has resigned, and the operation no longer applies to them.
    UserResigned = 2027, Refused;
    // 3xxx: the organization area (organizations and departments), as the
    // jest suite's organization and department refusals use it.
    /// No organization or department matches the reference.
    OrgNotFound = 3004, NotFound;
    /// An organization, department or post code (or open department id) is already taken.
    OrgExists = 3006, Conflict;
    /// The department tree forbids the change (deleting a root, moving a department under itself).
    OrgTreeViolation = 3007, Refused;
    // The jest suite has no post case. A third party's acceptance runs
    // against a live sandbox pool (hefanxu/terraform-provider-authing,
    // docs/acceptance-evidence.md and acceptance-matrix.csv) record
    // `statusCode` 422 with this code from `getPost` of a code no post had;
    // the vendor's table does not list it.
    /// No post matches the reference.
    PostNotFound = 4004, NotFound;
    // 5xxx: access control (groups, roles, permission namespaces, resources).
    /// No group, role, permission namespace or resource has the code.
    AccessNotFound = 5004, NotFound;
    /// A group, role, permission namespace or resource code is already taken.
    AccessExists = 5006, Conflict;
}

impl From<ApiCode> for i64 {
    fn from(code: ApiCode) -> Self {
        code.number()
    }
}

impl core::fmt::Display for ApiCode {
    /// `2004 (UserNotFound)`, or the bare number for [`ApiCode::Other`].
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ApiCode::Other(code) => write!(f, "{code}"),
            named => write!(f, "{} ({})", named.number(), named.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_unknown_numbers_are_other() {
        for &code in ApiCode::ALL {
            assert_eq!(ApiCode::from(code.number()), code, "{code}");
            assert!(code.kind().is_some() && !code.meaning().is_empty(), "{code}");
        }
        assert!(ApiCode::ALL.windows(2).all(|w| w[0].number() < w[1].number()), "ascending and unique");
        assert_eq!(ApiCode::from(2004), ApiCode::UserNotFound);
        assert_eq!(i64::from(ApiCode::AccessExists), 5006);
        assert_eq!(ApiCode::from(7), ApiCode::Other(7));
        assert_eq!((ApiCode::Other(7).kind(), ApiCode::Other(7).number()), (None, 7));
        assert_eq!(ApiCode::UserNotFound.to_string(), "2004 (UserNotFound)");
        assert_eq!(ApiCode::UserNotFound.meaning(), "No user matches the reference.");
    }
}
