//! Typed references to users and departments.
//!
//! The API names a user by an id string plus a `userIdType` that says what
//! the string is (a user id, an email, a phone number, ...), and a department
//! by `departmentId` plus `departmentIdType`. Depending on the operation the
//! type travels as a query parameter, a top-level body field or inside an
//! `options` object. A [`UserRef`], [`UserIds`] or [`DepartmentRef`] carries
//! both halves together, and the generated builders' `.user(..)`,
//! `.users(..)` and `.department(..)` put each half where that operation
//! expects it, so the two can never disagree.

use crate::types::{DepartmentIdType, UserIdType};

/// One user, named by any of the identifiers the API accepts.
///
/// ```
/// use genauth::UserRef;
/// let by_email = UserRef::email("alice@example.com");
/// let via_idp = UserRef::identity("62f20932716fbcc10d966ee5", "ou_8bae7");
/// assert_eq!(via_idp.id(), "62f20932716fbcc10d966ee5:ou_8bae7");
/// # let _ = by_email;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserRef {
    id: String,
    id_type: UserIdType,
}

impl UserRef {
    /// The identifier, to be read as [`id_type`](Self::id_type) says (for
    /// [`UserRef::identity`], the joined `<extIdpId>:<userIdInIdp>`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What kind of identifier [`id`](Self::id) is.
    pub fn id_type(&self) -> UserIdType {
        self.id_type
    }

    /// Any identifier with an explicit type.
    pub fn new(id: impl Into<String>, id_type: UserIdType) -> Self {
        UserRef { id: id.into(), id_type }
    }

    /// By the user id GenAuth assigned.
    pub fn user_id(id: impl Into<String>) -> Self {
        Self::new(id, UserIdType::UserId)
    }

    /// By email address.
    pub fn email(email: impl Into<String>) -> Self {
        Self::new(email, UserIdType::Email)
    }

    /// By phone number, as the user's `phone` holds it: the national number
    /// alone (`13800000000`). The country code is the separate
    /// `phoneCountryCode` (`+86`) and is not part of the reference, so
    /// `"+86 13800000000"` names nobody.
    pub fn phone(phone: impl Into<String>) -> Self {
        Self::new(phone, UserIdType::Phone)
    }

    /// By username.
    pub fn username(username: impl Into<String>) -> Self {
        Self::new(username, UserIdType::Username)
    }

    /// By the `externalId` your own system stored on the user.
    pub fn external_id(id: impl Into<String>) -> Self {
        Self::new(id, UserIdType::ExternalId)
    }

    /// By the user's id inside an external identity provider connected to
    /// the pool: `ext_idp_id` is the provider's id in GenAuth.
    pub fn identity(ext_idp_id: impl AsRef<str>, id_in_idp: impl AsRef<str>) -> Self {
        Self::new(format!("{}:{}", ext_idp_id.as_ref(), id_in_idp.as_ref()), UserIdType::Identity)
    }

    /// By the user's id in a directory the pool synchronises with, such as
    /// `lark` or `wechatwork`.
    pub fn sync_relation(provider: impl AsRef<str>, id: impl AsRef<str>) -> Self {
        Self::new(format!("{}:{}", provider.as_ref(), id.as_ref()), UserIdType::SyncRelation)
    }

    /// By the value of a custom field marked as unique.
    pub fn custom_field(value: impl Into<String>) -> Self {
        Self::new(value, UserIdType::CustomField)
    }

    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn into_parts(self) -> (String, UserIdType) {
        (self.id, self.id_type)
    }
}

/// Several users named by the same kind of identifier, for batch operations.
///
/// ```
/// use genauth::UserIds;
/// let batch = UserIds::emails(["a@example.com", "b@example.com"]);
/// assert_eq!(batch.ids().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserIds {
    ids: Vec<String>,
    id_type: UserIdType,
}

impl UserIds {
    /// Identifiers of one explicit type.
    pub fn new<I, S>(ids: I, id_type: UserIdType) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        UserIds { ids: ids.into_iter().map(Into::into).collect(), id_type }
    }

    /// The identifiers, in order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// What kind of identifiers they are.
    pub fn id_type(&self) -> UserIdType {
        self.id_type
    }

    /// User ids GenAuth assigned.
    // Named for the id kind, like its siblings `emails` and `phones`.
    #[allow(clippy::self_named_constructors)]
    pub fn user_ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::UserId)
    }

    /// Email addresses.
    pub fn emails<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::Email)
    }

    /// Phone numbers, each the national number alone, as [`UserRef::phone`] takes it.
    pub fn phones<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::Phone)
    }

    /// Usernames.
    pub fn usernames<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::Username)
    }

    /// External ids from your own system.
    pub fn external_ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::ExternalId)
    }

    /// Ids inside one external identity provider.
    pub fn identities<I: IntoIterator<Item = S>, S: AsRef<str>>(ext_idp_id: &str, ids: I) -> Self {
        Self::new(ids.into_iter().map(|id| format!("{ext_idp_id}:{}", id.as_ref())), UserIdType::Identity)
    }

    /// Ids in one synchronised directory (`lark`, `wechatwork`, ...).
    pub fn sync_relations<I: IntoIterator<Item = S>, S: AsRef<str>>(provider: &str, ids: I) -> Self {
        Self::new(ids.into_iter().map(|id| format!("{provider}:{}", id.as_ref())), UserIdType::SyncRelation)
    }

    /// Values of a unique custom field.
    pub fn custom_fields<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self::new(ids, UserIdType::CustomField)
    }

    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn into_parts(self) -> (Vec<String>, UserIdType) {
        (self.ids, self.id_type)
    }
}

impl From<UserRef> for UserIds {
    fn from(user: UserRef) -> Self {
        UserIds { ids: vec![user.id], id_type: user.id_type }
    }
}

/// One department, named by any of the identifiers the API accepts.
///
/// ```
/// use genauth::DepartmentRef;
/// let dept = DepartmentRef::code("engineering");
/// assert_eq!(dept.id(), "engineering");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DepartmentRef {
    id: String,
    id_type: DepartmentIdType,
}

impl DepartmentRef {
    /// Any identifier with an explicit type.
    pub fn new(id: impl Into<String>, id_type: DepartmentIdType) -> Self {
        DepartmentRef { id: id.into(), id_type }
    }

    /// The identifier, to be read as [`id_type`](Self::id_type) says.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What kind of identifier [`id`](Self::id) is.
    pub fn id_type(&self) -> DepartmentIdType {
        self.id_type
    }

    /// By the department id GenAuth assigned (the default id type).
    pub fn department_id(id: impl Into<String>) -> Self {
        Self::new(id, DepartmentIdType::DepartmentId)
    }

    /// By the custom id you gave the department (`openDepartmentId`).
    pub fn open_department_id(id: impl Into<String>) -> Self {
        Self::new(id, DepartmentIdType::OpenDepartmentId)
    }

    /// By its id in a synchronised directory (`lark`, `wechatwork`, ...).
    pub fn sync_relation(provider: impl AsRef<str>, id: impl AsRef<str>) -> Self {
        Self::new(format!("{}:{}", provider.as_ref(), id.as_ref()), DepartmentIdType::SyncRelation)
    }

    /// By the value of a unique custom field.
    pub fn custom_field(value: impl Into<String>) -> Self {
        Self::new(value, DepartmentIdType::CustomField)
    }

    /// By the department's code.
    pub fn code(code: impl Into<String>) -> Self {
        Self::new(code, DepartmentIdType::Code)
    }

    #[cfg_attr(
        not(feature = "full"),
        allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
    )]
    pub(crate) fn into_parts(self) -> (String, DepartmentIdType) {
        (self.id, self.id_type)
    }
}
