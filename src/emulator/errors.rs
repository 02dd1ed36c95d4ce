//! The one catalogue of the emulator's refusals.
//!
//! Every refusal the emulator answers with is a [`Refusal`] of [`CATALOGUE`]:
//! the envelope's `statusCode`, its `apiCode`, and the message in each
//! language the API speaks. The message is rendered from the request's
//! `<prefix>lang` header (`zh-CN` when absent, as the official clients send
//! it), so one refusal reads as the service would say it to that client.
//!
//! The Chinese messages of the service's own refusals are the service's,
//! as the official SDK's test suite records them (`参数 userId 格式错误`,
//! `用户不存在`); where the service answers in English whatever the language
//! (`limit must less than 50`, `organization not found for code: …`), every
//! language gets that English text. The other languages are our renderings
//! of the same meaning where the service's own are not on record.

use crate::ApiCode;
use serde_json::{Map, Value};
use std::fmt;

/// The languages of the API's messages: the client's own [`crate::Lang`].
pub use crate::Lang;

/// The language a `<prefix>lang` header value names; anything else, or
/// none, is the API's default, `zh-CN`.
pub fn lang_from_header(value: Option<&str>) -> Lang {
    match value.map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("en-US") => Lang::EnUs,
        Some(v) if v.eq_ignore_ascii_case("ja-JP") => Lang::JaJp,
        Some(v) if v.eq_ignore_ascii_case("zh-TW") => Lang::ZhTw,
        _ => Lang::ZhCn,
    }
}

/// One kind of refusal: what the envelope says, in every language. `{}` in a
/// message stands for the refusal's arguments, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// A stable name, for tests and the docs.
    pub name: &'static str,
    /// The envelope's `statusCode`.
    pub status_code: i64,
    /// The envelope's `apiCode`, when the service sends one: always an entry
    /// of the client's own catalogue, so the two cannot disagree.
    pub api_code: Option<ApiCode>,
    /// The message in zh-CN, en-US, ja-JP and zh-TW.
    pub messages: [&'static str; 4],
}

impl Refusal {
    fn template(&self, lang: Lang) -> &'static str {
        let index = match lang {
            Lang::ZhCn => 0,
            Lang::EnUs => 1,
            Lang::JaJp => 2,
            Lang::ZhTw => 3,
        };
        self.messages[index]
    }
}

/// A message the service answers in English in every language.
const fn english(text: &'static str) -> [&'static str; 4] {
    [text, text, text, text]
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $name:ident = $status:literal, $api:expr, $messages:expr; )*) => {
        $( $(#[$doc])* pub static $name: Refusal = Refusal {
            name: stringify!($name),
            status_code: $status,
            api_code: $api,
            messages: $messages,
        }; )*
        /// Every refusal, in the order of its definition.
        pub static CATALOGUE: &[&Refusal] = &[$(&$name),*];
    };
}

catalogue! {
    /// A parameter is missing, of the wrong type or shape, an unknown enum
    /// value, out of range, or too long; names the top-level parameter.
    INVALID_PARAMETER = 400, Some(ApiCode::InvalidParameter), [
        "参数 {} 格式错误",
        "Parameter {} is malformed",
        "パラメータ {} の形式が正しくありません",
        "參數 {} 格式錯誤",
    ];
    /// A page of more than 50 items (the user listings say so in words of their own).
    LIMIT_OVER_50 = 400, Some(ApiCode::InvalidParameter), english("limit must less than 50");
    /// A sync task id names no sync task.
    SYNC_TASK_NOT_FOUND = 404, None, [
        "同步任务不存在",
        "The sync task does not exist",
        "同期タスクが存在しません",
        "同步任務不存在",
    ];
    /// A request leaves out what it needs one of, in the words of the
    /// services that say so: a required body member (the sync center), or
    /// all of a new user's identifiers (`username, phone, email`); names
    /// the members.
    MISSING_FIELD = 400, Some(ApiCode::InvalidParameter),
        english("Must contain one of the following fields: {}");
    /// A new user has a phone country code but no phone.
    PHONE_EMPTY = 400, Some(ApiCode::InvalidParameter), english("phone cannot be empty");
    /// A custom data value of a user is 1024 characters or longer.
    CUSTOM_DATA_TOO_LONG = 400, Some(ApiCode::InvalidParameter), english("customData must be less than 1024 characters");
    /// A user reference matches nobody.
    USER_NOT_FOUND = 404, Some(ApiCode::UserNotFound), [
        "用户不存在",
        "User does not exist",
        "ユーザーが存在しません",
        "用戶不存在",
    ];
    /// A unique user attribute (username, email, phone, externalId, identity) is taken; names it.
    USER_CONFLICT = 400, Some(ApiCode::UserExists), [
        "用户 {} 已存在",
        "A user with this {} already exists",
        "この {} のユーザーは既に存在します",
        "用戶 {} 已存在",
    ];
    /// The user has resigned and can no longer undergo the operation.
    USER_RESIGNED = 400, Some(ApiCode::UserResigned), [
        "用户已离职",
        "The user has resigned",
        "ユーザーは退職済みです",
        "用戶已離職",
    ];
    /// The user has no principal authentication on record.
    NO_AUTHENTICATION_RECORD = 499, None, [
        "没有认证记录",
        "No authentication record",
        "認証記録がありません",
        "沒有認證記錄",
    ];
    /// An organization code matches no organization; names the code.
    ORGANIZATION_NOT_FOUND = 404, Some(ApiCode::OrgNotFound), english("organization not found for code: {}");
    /// A new organization or department code is empty, blank or holds
    /// characters codes cannot hold; names the code (the service says
    /// "organization" for department codes too).
    INVALID_ORGANIZATION_CODE = 400, Some(ApiCode::InvalidParameter), english("invalid organization code: {}");
    /// A department is to be created under a blank organization code; names
    /// the code. The service words it without the colon of [`INVALID_ORGANIZATION_CODE`].
    BLANK_ORGANIZATION_CODE = 400, Some(ApiCode::InvalidParameter), english("invalid organization code {}");
    /// A department id matches no department of the organization; names it.
    INVALID_DEPARTMENT_ID = 404, Some(ApiCode::OrgNotFound), [
        "存在不合法的 departmentId: {}",
        "Invalid departmentId: {}",
        "不正な departmentId: {}",
        "存在不合法的 departmentId: {}",
    ];
    /// A department reference matches nothing.
    DEPARTMENT_NOT_FOUND = 404, Some(ApiCode::OrgNotFound), [
        "部门不存在",
        "The department does not exist",
        "部門が存在しません",
        "部門不存在",
    ];
    /// An organization code, or a department code or openDepartmentId within its organization, is taken.
    DEPARTMENT_CONFLICT = 400, Some(ApiCode::OrgExists), [
        "部门标识符已存在",
        "The department identifier already exists",
        "部門の識別子は既に存在します",
        "部門標識符已存在",
    ];
    /// The tree would break: deleting a root, moving a node under itself.
    DEPARTMENT_FORBIDDEN = 400, Some(ApiCode::OrgTreeViolation), [
        "不允许此部门操作",
        "This department operation is not allowed",
        "この部門操作は許可されていません",
        "不允許此部門操作",
    ];
    /// No group has that code.
    GROUP_NOT_FOUND = 404, Some(ApiCode::AccessNotFound), [
        "分组不存在",
        "The group does not exist",
        "グループが存在しません",
        "分組不存在",
    ];
    /// A group code is taken.
    GROUP_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "分组标识符已存在",
        "The group code already exists",
        "グループの識別子は既に存在します",
        "分組標識符已存在",
    ];
    /// No role has that code in the namespace.
    ROLE_NOT_FOUND = 404, Some(ApiCode::AccessNotFound), [
        "角色不存在",
        "The role does not exist",
        "ロールが存在しません",
        "角色不存在",
    ];
    /// A role code is taken in its namespace.
    ROLE_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "角色标识符已存在",
        "The role code already exists",
        "ロールの識別子は既に存在します",
        "角色標識符已存在",
    ];
    /// A role code is blank or holds characters codes cannot hold; names the code.
    INVALID_ROLE_CODE = 400, Some(ApiCode::InvalidParameter), english("invalid role code: {}");
    /// A role code is empty.
    ROLE_CODE_EMPTY = 400, Some(ApiCode::InvalidParameter), english("role code must not empty");
    /// No permission namespace has that code.
    NAMESPACE_NOT_FOUND = 404, Some(ApiCode::AccessNotFound), [
        "权限组不存在",
        "The permission namespace does not exist",
        "権限グループが存在しません",
        "權限組不存在",
    ];
    /// `getNamespace` names no namespace, in that operation's own words.
    NAMESPACE_NOT_EXISTS = 404, Some(ApiCode::AccessNotFound), english("namespace not exists");
    /// A namespace code holds characters codes cannot hold; names the code.
    INVALID_NAMESPACE_CODE = 400, Some(ApiCode::InvalidParameter), english("invalid namespace code: {}");
    /// An item of `createNamespacesBatch` has an empty code (the service
    /// words it as the name).
    NAMESPACE_NAME_EMPTY = 400, Some(ApiCode::InvalidParameter), english("namespace name must not be empty");
    /// A namespace code is taken.
    NAMESPACE_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "权限分组标识符已存在",
        "The permission namespace code already exists",
        "権限グループの識別子は既に存在します",
        "權限分組標識符已存在",
    ];
    /// The namespace every pool has cannot be deleted or given another code.
    NAMESPACE_BUILT_IN = 400, Some(ApiCode::InvalidParameter), [
        "默认权限分组不可删除或修改标识符",
        "The default permission namespace cannot be deleted or recoded",
        "既定の権限グループは削除も識別子の変更もできません",
        "預設權限分組不可刪除或修改標識符",
    ];
    /// A resource code holds characters codes cannot hold; names the code.
    INVALID_RESOURCE_CODE = 400, Some(ApiCode::InvalidParameter), english("invalid resource code: {}");
    /// No resource has that code in the namespace.
    RESOURCE_NOT_FOUND = 404, Some(ApiCode::AccessNotFound), [
        "资源不存在",
        "The resource does not exist",
        "リソースが存在しません",
        "資源不存在",
    ];
    /// A resource code is taken in its namespace.
    RESOURCE_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "资源标识符已存在",
        "The resource code already exists",
        "リソースの識別子は既に存在します",
        "資源標識符已存在",
    ];
    /// An authorization names a group code no group has; names the code.
    GROUP_NOT_FOUND_FOR_CODE = 404, Some(ApiCode::AccessNotFound), english("group not exists with code: {}");
    /// No post has that code or id. The live service answers 422, not 404,
    /// with its own code (see `ApiCode::PostNotFound`).
    POST_NOT_FOUND = 422, Some(ApiCode::PostNotFound), [
        "岗位不存在",
        "The post does not exist",
        "役職が存在しません",
        "崗位不存在",
    ];
    /// A post code is taken.
    POST_CONFLICT = 400, Some(ApiCode::OrgExists), [
        "岗位标识符已存在",
        "The post code already exists",
        "役職の識別子は既に存在します",
        "崗位標識符已存在",
    ];
    /// The operation exists in the spec, in an area the emulator keeps state
    /// for, but the emulator does not carry it out; names the operation.
    NOT_EMULATED = 501, None, english("{} is not emulated by genauth-emulator");
    /// No operation has this method and path.
    NO_SUCH_OPERATION = 404, None, english("no operation is {}");
    /// `Authorization` is missing or of no known scheme.
    AUTH_MALFORMED = 401, Some(ApiCode::AuthorizationMalformed), english("{}");
    /// Unknown access key id.
    AUTH_UNKNOWN_KEY = 401, Some(ApiCode::UnknownAccessKey), english("{}");
    /// The signature does not match, or the token endpoint got a wrong secret.
    AUTH_BAD_SIGNATURE = 401, Some(ApiCode::SignatureMismatch), english("{}");
    /// An unsupported signature method or version.
    AUTH_BAD_METHOD = 401, Some(ApiCode::SignatureMethodUnsupported), english("{}");
    /// `date` or the nonce is missing or malformed.
    AUTH_BAD_DATE_OR_NONCE = 401, Some(ApiCode::DateOrNonceMalformed), english("{}");
    /// `date` is too far from the emulator's clock.
    AUTH_CLOCK_SKEW = 401, Some(ApiCode::ClockSkew), english("{}");
    /// The nonce was used before.
    AUTH_NONCE_REUSED = 401, Some(ApiCode::NonceReused), english("{}");
    /// A bearer token that is malformed, forged, expired or for another pool.
    AUTH_BAD_TOKEN = 401, None, english("{}");
    /// The service failed on a request it let through unchecked (a batch
    /// item lacking a member it needs), in the service's own words.
    UNKNOWN_ERROR = 500, None, [
        "未知错误",
        "Unknown error",
        "不明なエラー",
        "未知錯誤",
    ];
    /// The emulator itself failed (a handler panicked, the state file could not be written).
    SERVER_ERROR = 500, None, english("{}");
    /// A field of a data-permission request breaks its rules; the message
    /// lists the field's broken rules in the service's words
    /// (`policyName should not be empty`), joined by commas.
    FIELD_RULES = 400, None, english("{}");
    /// A new permission namespace would take a code the service keeps for itself.
    PERMISSION_NAMESPACE_RESERVED = 403, None,
        english("can't use permission namespace code 'default' or 'system'");
    /// An item of a permission namespace batch takes a code the service keeps for itself.
    PERMISSION_NAMESPACE_BUILT_IN = 409, None, english("can't use built-in namespace code 'default' and 'system'");
    /// A permission namespace code is taken; names the code.
    PERMISSION_NAMESPACE_CONFLICT = 409, None, english("namespace with code {} already exists.");
    /// A permission namespace code names none.
    PERMISSION_NAMESPACE_NOT_FOUND = 404, None, english("namespace not found");
    /// A permission namespace named in a request for several names none.
    PERMISSION_NAMESPACE_MISSING = 404, None, [
        "权限空间不存在",
        "The permission namespace does not exist",
        "権限スペースが存在しません",
        "權限空間不存在",
    ];
    /// Some of the permission namespaces a batch read names do not exist.
    PERMISSION_NAMESPACES_PARTLY_MISSING = 404, None, [
        "有不存在的权限空间",
        "Some of the permission namespaces do not exist",
        "存在しない権限スペースがあります",
        "有不存在的權限空間",
    ];
    /// A data resource code names none in its namespace.
    DATA_RESOURCE_NOT_FOUND = 404, None, [
        "数据资源不存在",
        "The data resource does not exist",
        "データリソースが存在しません",
        "數據資源不存在",
    ];
    /// A new data resource's code is taken in its namespace.
    DATA_RESOURCE_CODE_TAKEN = 409, None, [
        "数据资源 code 已经存在",
        "The data resource code already exists",
        "データリソースの code は既に存在します",
        "數據資源 code 已經存在",
    ];
    /// A new data resource's name is taken in its namespace.
    DATA_RESOURCE_NAME_TAKEN = 409, None, [
        "数据资源名称已经存在",
        "The data resource name already exists",
        "データリソース名は既に存在します",
        "數據資源名稱已經存在",
    ];
    /// An extended field key is taken on its data resource; names the key.
    DATA_RESOURCE_FIELD_CONFLICT = 409, None, english("extend field {} already exists");
    /// An extended field key names none on its data resource; names the key.
    DATA_RESOURCE_FIELD_NOT_FOUND = 404, None, english("extend field {} not found");
    /// A data policy id names none.
    DATA_POLICY_NOT_FOUND = 404, None, [
        "数据策略不存在",
        "The data policy does not exist",
        "データポリシーが存在しません",
        "數據策略不存在",
    ];
    /// A new or renamed data policy's name is taken.
    DATA_POLICY_NAME_TAKEN = 409, None, [
        "数据策略名称已经存在",
        "The data policy name already exists",
        "データポリシー名は既に存在します",
        "數據策略名稱已經存在",
    ];
    /// The policy service refused the request; its own words follow
    /// (`create statement argument illegal, permission list can not be null`).
    POLICY_SERVICE_REFUSED = 602, None, [
        "请求第三方端点时返回错误, errmsg={}",
        "The upstream endpoint returned an error, errmsg={}",
        "上流エンドポイントがエラーを返しました, errmsg={}",
        "請求第三方端點時返回錯誤, errmsg={}",
    ];
    /// `checkDataPolicyExists` on a name a policy holds: the service's
    /// verdict comes as this refusal, with `data` saying `isValid: false`.
    DATA_POLICY_NAME_UNAVAILABLE = 602, None, [
        "数据策略名称不可用",
        "The data policy name is not available",
        "データポリシー名は使用できません",
        "數據策略名稱不可用",
    ];
    /// A data-permission subject (user, department, group, role) names
    /// nothing; names the type and the identifier.
    SUBJECT_NOT_FOUND = 404, None, english("{} {} not found");
    /// A tenant id or code names no tenant.
    TENANT_NOT_FOUND = 404, None, [
        "租户不存在",
        "The tenant does not exist",
        "テナントが存在しません",
        "租戶不存在",
    ];
    /// A user is not a member of the tenant.
    TENANT_MEMBER_NOT_FOUND = 404, None, [
        "租户成员不存在",
        "The tenant member does not exist",
        "テナントメンバーが存在しません",
        "租戶成員不存在",
    ];
    /// A new event app's identifier is taken; names it.
    EVENT_APP_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "事件应用 {} 已存在",
        "An event app {} already exists",
        "イベントアプリ {} は既に存在します",
        "事件應用 {} 已存在",
    ];
    /// A new custom event type is already defined; names it.
    EVENT_TYPE_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "事件类型 {} 已存在",
        "The event type {} already exists",
        "イベントタイプ {} は既に存在します",
        "事件類型 {} 已存在",
    ];
    /// A new administrator role's code is taken; names it.
    ADMIN_ROLE_CONFLICT = 400, Some(ApiCode::AccessExists), [
        "管理员角色 {} 已存在",
        "An administrator role {} already exists",
        "管理者ロール {} は既に存在します",
        "管理員角色 {} 已存在",
    ];
    /// The user has no OTP secret bound.
    OTP_NOT_BOUND = 404, None, [
        "用户未绑定 OTP",
        "The user has no OTP bound",
        "ユーザーに OTP がバインドされていません",
        "用戶未綁定 OTP",
    ];
    /// The tenant has submitted no enterprise certification to change or review.
    TENANT_CERTIFICATION_NOT_FOUND = 404, None, [
        "租户企业认证不存在",
        "The tenant has no enterprise certification",
        "テナントの企業認証が存在しません",
        "租戶企業認證不存在",
    ];
    /// The tenant's enterprise certification was submitted already; it is
    /// changed, not submitted again.
    TENANT_CERTIFICATION_CONFLICT = 409, None, [
        "租户企业认证已存在",
        "The tenant's enterprise certification was already submitted",
        "テナントの企業認証は既に提出されています",
        "租戶企業認證已存在",
    ];
    /// An address to invite into a tenant is not an email address; the
    /// invitation answers it among its `errMsgs` and invites the others.
    INVITEE_EMAIL_MALFORMED = 400, Some(ApiCode::InvalidParameter), [
        "邮箱格式错误",
        "The email address is malformed",
        "メールアドレスの形式が正しくありません",
        "郵箱格式錯誤",
    ];
    /// An `appId` names no application of the pool.
    APPLICATION_NOT_FOUND = 404, None, [
        "应用不存在",
        "The application does not exist",
        "アプリケーションが存在しません",
        "應用不存在",
    ];
    /// A new application identifier (the application's domain) is another
    /// application's; names it.
    APPLICATION_IDENTIFIER_CONFLICT = 409, None, [
        "应用域名 {} 已被占用",
        "The application domain {} is already taken",
        "アプリケーションドメイン {} は既に使用されています",
        "應用域名 {} 已被佔用",
    ];
    /// An application access grant id names no grant.
    ACCESS_GRANT_NOT_FOUND = 404, None, [
        "授权记录不存在",
        "The authorization record does not exist",
        "認可レコードが存在しません",
        "授權記錄不存在",
    ];
    /// A user id names no collaborating administrator of the pool's console.
    TENANT_COOPERATOR_NOT_FOUND = 404, None, [
        "协调管理员不存在",
        "The collaborating administrator does not exist",
        "協力管理者が存在しません",
        "協調管理員不存在",
    ];
    /// An id names no external identity provider where the request looks
    /// (the pool's own, or the tenant's it names).
    EXT_IDP_NOT_FOUND = 404, None, [
        "身份源不存在",
        "The identity provider does not exist",
        "ID プロバイダーが存在しません",
        "身份源不存在",
    ];
    /// An id names no connection of an external identity provider where
    /// the request looks.
    EXT_IDP_CONN_NOT_FOUND = 404, None, [
        "身份源连接不存在",
        "The identity provider connection does not exist",
        "ID プロバイダーの接続が存在しません",
        "身份源連接不存在",
    ];
    /// A new connection's identifier is another connection's already.
    EXT_IDP_CONN_CONFLICT = 409, None, [
        "身份源连接标识已存在",
        "A connection with this identifier already exists",
        "この識別子の接続は既に存在します",
        "身份源連接標識已存在",
    ];
}

/// A refusal with its arguments, as a handler returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFault {
    refusal: &'static Refusal,
    args: Vec<String>,
    /// Why, in more words than the service uses; logged, never sent.
    detail: Option<String>,
    /// The envelope's `data`, for the refusals the service answers with
    /// some; `null` otherwise. Boxed: most refusals carry none, and every
    /// handler's `Result` is as large as its refusal.
    data: Option<Box<Value>>,
}

impl ApiFault {
    /// `refusal` with its message's arguments.
    pub fn new(refusal: &'static Refusal, args: impl IntoIterator<Item = impl Into<String>>) -> Self {
        ApiFault { refusal, args: args.into_iter().map(Into::into).collect(), detail: None, data: None }
    }

    /// `refusal`, whose message takes no arguments.
    pub fn of(refusal: &'static Refusal) -> Self {
        Self::new(refusal, std::iter::empty::<String>())
    }

    /// Adds the envelope's `data`: a refusal whose answer says more than its message.
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(Box::new(data));
        self
    }

    /// The envelope's `data`, when the refusal carries some.
    pub fn data(&self) -> Option<&Value> {
        self.data.as_deref()
    }

    /// [`INVALID_PARAMETER`] naming a top-level parameter, with the
    /// emulator's own account of what is wrong for its log.
    pub fn invalid(parameter: &str, detail: impl Into<String>) -> Self {
        Self::new(&INVALID_PARAMETER, [parameter]).with_detail(detail)
    }

    /// Adds the emulator's own account of the refusal, for its log.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Which refusal this is.
    pub fn refusal(&self) -> &'static Refusal {
        self.refusal
    }

    /// The envelope's `statusCode`.
    pub fn status_code(&self) -> i64 {
        self.refusal.status_code
    }

    /// The envelope's `apiCode`.
    pub fn api_code(&self) -> Option<ApiCode> {
        self.refusal.api_code
    }

    /// The emulator's own account, when it has one.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The message as the service would say it in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut args = self.args.iter();
        let mut out = String::new();
        let mut rest = self.refusal.template(lang);
        while let Some(at) = rest.find("{}") {
            out.push_str(&rest[..at]);
            out.push_str(args.next().map_or("", String::as_str));
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The envelope's fields other than `requestId`: its code, message and `data`.
    pub fn envelope_fields(self, lang: Lang, body: &mut Map<String, Value>) {
        body.insert("statusCode".into(), Value::from(self.status_code()));
        body.insert("message".into(), Value::from(self.message(lang)));
        if let Some(code) = self.api_code() {
            body.insert("apiCode".into(), Value::from(code.number()));
        }
        body.insert("data".into(), self.data.map_or(Value::Null, |data| *data));
    }
}

impl fmt::Display for ApiFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(Lang::EnUs), self.refusal.name)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_data_only_when_given_some() {
        let mut plain = Map::new();
        ApiFault::of(&DATA_POLICY_NOT_FOUND).envelope_fields(Lang::EnUs, &mut plain);
        assert_eq!((plain["statusCode"].clone(), plain["data"].clone()), (Value::from(404), Value::Null));
        let mut with_data = Map::new();
        let verdict = serde_json::json!({ "isValid": false });
        ApiFault::of(&DATA_POLICY_NAME_UNAVAILABLE)
            .with_data(verdict.clone())
            .envelope_fields(Lang::ZhCn, &mut with_data);
        assert_eq!((with_data["statusCode"].clone(), with_data["data"].clone()), (Value::from(602), verdict));
        assert_eq!(with_data["message"], "数据策略名称不可用");
    }

    #[test]
    fn messages_follow_the_language_and_fill_arguments() {
        let fault = ApiFault::invalid("userId", "empty string");
        assert_eq!(fault.message(Lang::ZhCn), "参数 userId 格式错误");
        assert_eq!(fault.message(Lang::EnUs), "Parameter userId is malformed");
        assert_eq!((fault.status_code(), fault.api_code()), (400, Some(ApiCode::InvalidParameter)));
        let english = ApiFault::new(&ORGANIZATION_NOT_FOUND, ["acme"]);
        assert_eq!(english.message(Lang::JaJp), "organization not found for code: acme");
        assert_eq!(lang_from_header(Some("en-us")), Lang::EnUs);
        assert_eq!(lang_from_header(None), Lang::ZhCn);
        assert_eq!(lang_from_header(Some("fr-FR")), Lang::ZhCn);
    }

    /// The client's predicates read every refusal as the emulator means it:
    /// its 404s, whatever their code, and its other refusals of something
    /// missing (a post's 422) as not found, and only those; its
    /// conflicts as conflicts, though the service sends some with 400, and
    /// its 409s (a built-in code, say) too; its 401s and 403s as credential
    /// or permission failures.
    #[test]
    fn the_client_classifies_every_refusal_as_the_emulator_means_it() {
        for refusal in CATALOGUE {
            let code = refusal.api_code.map(ApiCode::number);
            let error = crate::Error::from(crate::ApiError::new(refusal.status_code, code, "", None));
            let name = refusal.name;
            assert_eq!(error.is_not_found(), refusal.status_code == 404 || name.ends_with("NOT_FOUND"), "{name}");
            assert_eq!(error.is_conflict(), name.ends_with("CONFLICT") || refusal.status_code == 409, "{name}");
            assert_eq!(error.is_auth(), matches!(refusal.status_code, 401 | 403), "{name}");
            assert!(!error.is_retryable(), "{name}");
        }
    }

    #[test]
    fn the_catalogue_names_are_unique_and_every_language_has_a_message() {
        let mut names: Vec<&str> = CATALOGUE.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOGUE.len());
        for refusal in CATALOGUE {
            let placeholders = refusal.messages[0].matches("{}").count();
            for message in refusal.messages {
                assert!(!message.is_empty(), "{}", refusal.name);
                assert_eq!(message.matches("{}").count(), placeholders, "{}", refusal.name);
            }
        }
    }
}
