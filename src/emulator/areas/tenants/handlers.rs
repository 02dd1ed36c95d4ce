//! Tenants of the pool: created, read back (by id or by code), listed,
//! changed and deleted, with their members and administrators.
//!
//! A member is a pool user linked into the tenant: `linkUserId` is the
//! user's id, `memberId` the tenant's own id for the link. A tenant user
//! created through the tenant is a new pool user, checked as `createUser`
//! checks one, and linked at once. An administrator is always a member,
//! so making a pool user one links them. Deleting a user ends their
//! memberships ([`crate::emulator::state::Removed::User`]).
//!
//! A tenant also holds its enterprise certification and its console
//! administrators: pool users who manage it from the multi-tenant console
//! without being members; both go with the tenant, and a deleted user
//! administers nothing.

use crate::emulator::areas::input::{Page, contains_ci};
use crate::emulator::areas::render::{self, View, iso8601};
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::users;
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve, success};
use crate::emulator::errors;
use crate::emulator::state::{
    CertificationStatus, ConsoleAdmin, EnterpriseCertification, State, Tenant, TenantMember, User, now_ms,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The position of the tenant of this id.
pub(super) fn position(state: &State, tenant_id: &str) -> Result<usize, ApiFault> {
    if tenant_id.is_empty() {
        return Err(ApiFault::invalid("tenantId", "empty"));
    }
    state
        .tenant_records
        .iter()
        .position(|t| t.id == tenant_id)
        .ok_or_else(|| ApiFault::of(&errors::TENANT_NOT_FOUND).with_detail(format!("no tenant is {tenant_id}")))
}

/// Whether a tenant read asks for its members to be counted.
#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "camelCase")]
struct Details {
    #[serde(default)]
    with_members_count: bool,
}

/// A `TenantDto` (a `TenantRespDto` with the details asked for).
fn tenant(state: &State, tenant: &Tenant, details: Details) -> Value {
    let mut out = json!({
        "tenantId": tenant.id,
        "userPoolId": state.userpool_id,
        "name": tenant.name,
        "code": tenant.code,
        // One logo is shown; the first of those given.
        "logo": tenant.logo.first().map_or("", String::as_str),
        "appIds": tenant.app_ids,
        // Created through the management API, by no user of the pool.
        "creator": "",
        "sourceAppId": tenant.source_app_id.as_deref().unwrap_or_default(),
        "source": "",
        "host": "",
        "enterpriseDomains": tenant.enterprise_domains,
        "createdAt": iso8601(tenant.created_at),
        "updatedAt": iso8601(tenant.updated_at),
    });
    if let Some(description) = &tenant.description {
        out["description"] = json!(description);
    }
    if let Some(hint) = &tenant.reject_hint {
        out["rejectHint"] = json!(hint);
    }
    if details.with_members_count {
        out["membersCount"] = json!(tenant.members.len());
    }
    out
}

/// A `TenantUserDto` of a user created as a tenant user but linked into no
/// tenant: the pool user, with no tenant and no member id.
fn unlinked(state: &State, mut user: Value) -> Value {
    if let Value::Object(fields) = &mut user {
        let id = fields.get("userId").cloned().unwrap_or_default();
        fields.insert("userPoolId".into(), json!(state.userpool_id));
        fields.insert("linkUserId".into(), id);
        fields.insert("isTenantAdmin".into(), json!(false));
    }
    user
}

/// A `TenantUserDto`: the member's user, and the link.
fn member(state: &State, tenant: &Tenant, member: &TenantMember, user: &User) -> Value {
    let mut out = render::user(state, user, View::default());
    if let Value::Object(fields) = &mut out {
        fields.insert("userPoolId".into(), json!(state.userpool_id));
        fields.insert("tenantId".into(), json!(tenant.id));
        fields.insert("memberId".into(), json!(member.member_id));
        fields.insert("linkUserId".into(), json!(member.link_user_id));
        fields.insert("isTenantAdmin".into(), json!(member.is_admin));
    }
    out
}

/// A tenant's fields as a create or an update gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields {
    name: Option<String>,
    app_ids: Option<Vec<String>>,
    logo: Option<Vec<String>>,
    description: Option<String>,
    reject_hint: Option<String>,
    source_app_id: Option<String>,
    enterprise_domains: Option<Vec<String>>,
}

impl Fields {
    fn apply(self, tenant: &mut Tenant) -> Result<(), ApiFault> {
        if let Some(name) = self.name {
            if name.trim().is_empty() {
                return Err(ApiFault::invalid("name", "a tenant's name is not blank"));
            }
            tenant.name = name;
        }
        if let Some(app_ids) = self.app_ids {
            tenant.app_ids = app_ids;
        }
        if let Some(logo) = self.logo {
            tenant.logo = logo;
        }
        if let Some(description) = self.description {
            tenant.description = Some(description);
        }
        if let Some(hint) = self.reject_hint {
            tenant.reject_hint = Some(hint);
        }
        if let Some(app) = self.source_app_id {
            tenant.source_app_id = Some(app);
        }
        if let Some(domains) = self.enterprise_domains {
            tenant.enterprise_domains = domains;
        }
        tenant.updated_at = now_ms();
        Ok(())
    }
}

/// `createTenant`: its code is assigned, unique among tenants.
pub(super) fn create_tenant(input: &Input, state: &mut State) -> Outcome {
    let fields: Fields = typed(input)?;
    if fields.name.is_none() {
        return Err(ApiFault::invalid("name", "missing"));
    }
    let id = state.new_id();
    let now = now_ms();
    // The id's counter digits, which no other id shares.
    let code = id[id.len() - 12..].to_owned();
    let mut new = Tenant { id, code, created_at: now, ..Tenant::default() };
    fields.apply(&mut new)?;
    let rendered = tenant(state, &new, Details::default());
    state.tenant_records.push(new);
    Ok(rendered)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(default)]
    tenant_id: String,
    #[serde(flatten)]
    fields: Fields,
}

/// `updateTenant`: changes the fields given.
pub(super) fn update_tenant(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    let index = position(state, &update.tenant_id)?;
    let mut changed = state.tenant_records[index].clone();
    update.fields.apply(&mut changed)?;
    state.tenant_records[index] = changed;
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ById {
    #[serde(default)]
    tenant_id: String,
}

/// `deleteTenant`: its memberships, the invitations into it, its
/// identity providers and the ties of resources to it end with it.
pub(super) fn delete_tenant(input: &Input, state: &mut State) -> Outcome {
    let index = position(state, &typed::<ById>(input)?.tenant_id)?;
    let gone = state.tenant_records.remove(index);
    super::invitations::forget_tenant(state, &gone.id);
    crate::emulator::areas::ext_idps::store::forget_tenant(state, &gone.id);
    super::applications::forget_tenant(state, &gone.id);
    success()
}

/// `getTenant` and `getTenantLittleInfo`.
pub(super) fn get_tenant(input: &Input, state: &mut State) -> Outcome {
    let index = position(state, &typed::<ById>(input)?.tenant_id)?;
    Ok(tenant(state, &state.tenant_records[index], typed(input)?))
}

#[derive(Deserialize)]
struct ByCode {
    #[serde(default)]
    code: String,
}

/// `getTenantByCode`.
pub(super) fn get_tenant_by_code(input: &Input, state: &mut State) -> Outcome {
    let request: ByCode = typed(input)?;
    let found = state
        .tenant_records
        .iter()
        .find(|t| !request.code.is_empty() && t.code == request.code)
        .ok_or_else(|| ApiFault::of(&errors::TENANT_NOT_FOUND))?;
    Ok(tenant(state, found, typed(input)?))
}

/// A page given as text, as the tenant console's listings take it, whose
/// `limit` may pass [`MAX_BATCH`](crate::emulator::areas::MAX_BATCH): a
/// public record of live runs shows `listTenants` with `limit=100`
/// answering a complete page (hefanxu/terraform-provider-authing, the
/// preflight of `scripts/acceptance/tenant_trace_test.go` @68368a33, which
/// run 37875933577 of `docs/acceptance-evidence.md` passed).
#[derive(Deserialize)]
pub(super) struct TextPage {
    page: Option<String>,
    limit: Option<String>,
}

impl TextPage {
    pub(super) fn page(&self) -> Result<Page, ApiFault> {
        let number = |key: &str, text: &Option<String>| {
            text.as_deref()
                .filter(|t| !t.is_empty())
                .map(|t| t.parse::<i64>().map_err(|_| ApiFault::invalid(key, format!("not a number: {t}"))))
                .transpose()
        };
        Page::unbounded(number("page", &self.page)?, number("limit", &self.limit)?)
    }
}

#[derive(Deserialize)]
struct TenantsListing {
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    page: TextPage,
}

/// `listTenants`: in creation order, optionally only those whose name or
/// code holds the keywords.
pub(super) fn list_tenants(input: &Input, state: &mut State) -> Outcome {
    let request: TenantsListing = typed(input)?;
    let page = request.page.page()?;
    let details: Details = typed(input)?;
    let list: Vec<Value> = state
        .tenant_records
        .iter()
        .filter(|t| contains_ci(&t.name, &request.keywords) || contains_ci(&t.code, &request.keywords))
        .map(|t| tenant(state, t, details))
        .collect();
    Ok(page.of(list))
}

/// Members named by pool user id and by member id, in that order.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Members {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    link_user_ids: Vec<String>,
    #[serde(default)]
    member_ids: Vec<String>,
}

impl Members {
    /// The tenant's position and the pool user ids named, each of which
    /// must be a user of the pool (by user id) or a member (by member id).
    fn resolve(&self, state: &State) -> Result<(usize, Vec<String>), ApiFault> {
        let index = position(state, &self.tenant_id)?;
        let tenant = &state.tenant_records[index];
        let mut ids = resolve::user_ids(state, &self.link_user_ids, "user_id")?;
        for member_id in &self.member_ids {
            let found = tenant.members.iter().find(|m| &m.member_id == member_id);
            ids.push(found.ok_or_else(|| ApiFault::of(&errors::TENANT_MEMBER_NOT_FOUND))?.link_user_id.clone());
        }
        crate::emulator::areas::input::dedup_in_order(&mut ids);
        Ok((index, ids))
    }
}

/// Links each user into the tenant at `index`, keeping existing links,
/// and returns the positions of their memberships.
fn link(state: &mut State, index: usize, user_ids: &[String]) -> Vec<usize> {
    let now = now_ms();
    let mut positions = Vec::with_capacity(user_ids.len());
    for user_id in user_ids {
        let existing = state.tenant_records[index].members.iter().position(|m| &m.link_user_id == user_id);
        let at = match existing {
            Some(at) => at,
            None => {
                let member_id = state.new_id();
                let members = &mut state.tenant_records[index].members;
                members.push(TenantMember {
                    member_id,
                    link_user_id: user_id.clone(),
                    is_admin: false,
                    joined_at: now,
                });
                members.len() - 1
            }
        };
        positions.push(at);
    }
    positions
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddMembers {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    link_user_ids: Vec<String>,
}

/// `addTenantUsers`: every user must exist; those already members stay as they are.
pub(super) fn add_tenant_users(input: &Input, state: &mut State) -> Outcome {
    let request: AddMembers = typed(input)?;
    let index = position(state, &request.tenant_id)?;
    let ids = resolve::user_ids(state, &request.link_user_ids, "user_id")?;
    link(state, index, &ids);
    success()
}

/// `removeTenantUsers` and `deleteTenantUser`: the users leave the tenant;
/// the pool users remain.
pub(super) fn remove_tenant_users(input: &Input, state: &mut State) -> Outcome {
    let (index, ids) = typed::<Members>(input)?.resolve(state)?;
    state.tenant_records[index].members.retain(|m| !ids.contains(&m.link_user_id));
    success()
}

/// The members of the tenant at `index` who pass `keep` and whose user
/// matches `keywords` ([`user_matches`]), rendered.
fn members_matching(state: &State, index: usize, keywords: &str, keep: impl Fn(&TenantMember) -> bool) -> Vec<Value> {
    let tenant = &state.tenant_records[index];
    tenant
        .members
        .iter()
        .filter(|m| keep(m))
        .filter_map(|m| Some((m, state.user(&m.link_user_id)?)))
        .filter(|(_, user)| user_matches(user, keywords))
        .map(|(m, user)| member(state, tenant, m, user))
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsersListing {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    keywords: String,
}

/// `listTenantUsers`: the members in joining order.
pub(super) fn list_tenant_users(input: &Input, state: &mut State) -> Outcome {
    let request: UsersListing = typed(input)?;
    let index = position(state, &request.tenant_id)?;
    let page = Page::from_input(input)?;
    Ok(page.of(members_matching(state, index, &request.keywords, |_| true)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdminsListing {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    page: TextPage,
}

/// `listTenantAdmin`: the administrators in joining order.
pub(super) fn list_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let request: AdminsListing = typed(input)?;
    let index = position(state, &request.tenant_id)?;
    let page = request.page.page()?;
    Ok(page.of(members_matching(state, index, &request.keywords, |m| m.is_admin)))
}

/// One member, by pool user id or member id.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OneMember {
    #[serde(default)]
    tenant_id: String,
    link_user_id: Option<String>,
    member_id: Option<String>,
}

impl OneMember {
    /// The tenant's position and the member's within it.
    fn resolve(&self, state: &State) -> Result<(usize, usize), ApiFault> {
        let index = position(state, &self.tenant_id)?;
        let members = &state.tenant_records[index].members;
        let at = match (&self.link_user_id, &self.member_id) {
            (Some(user), _) if !user.is_empty() => members.iter().position(|m| &m.link_user_id == user),
            (_, Some(member)) if !member.is_empty() => members.iter().position(|m| &m.member_id == member),
            _ => return Err(ApiFault::invalid("linkUserId", "neither linkUserId nor memberId is given")),
        };
        Ok((index, at.ok_or_else(|| ApiFault::of(&errors::TENANT_MEMBER_NOT_FOUND))?))
    }
}

/// `getTenantUser`.
pub(super) fn get_tenant_user(input: &Input, state: &mut State) -> Outcome {
    let (index, at) = typed::<OneMember>(input)?.resolve(state)?;
    let tenant = &state.tenant_records[index];
    let link = &tenant.members[at];
    let user = state.user(&link.link_user_id).ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND))?;
    Ok(member(state, tenant, link, user))
}

/// `setTenantAdmin`: the users (linked first when they are not members yet) administer the tenant.
pub(super) fn set_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let (index, ids) = typed::<Members>(input)?.resolve(state)?;
    for at in link(state, index, &ids) {
        state.tenant_records[index].members[at].is_admin = true;
    }
    success()
}

/// `deleteTenantAdmin`: the member stays, no longer an administrator.
pub(super) fn delete_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let (index, at) = typed::<OneMember>(input)?.resolve(state)?;
    state.tenant_records[index].members[at].is_admin = false;
    success()
}

/// The fields of a request for the pool's own user operations: all but
/// the tenant's.
fn user_fields(input: &Input, tenant_keys: &[&str]) -> Input {
    input.iter().filter(|(key, _)| !tenant_keys.contains(&key.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTenantUser {
    tenant_id: Option<String>,
}

/// `createTenantUser`: a new pool user, linked into the tenant. Without a
/// `tenantId` the service still creates the user and answers it in full
/// (authing-node-sdk 4.0.1 test/tenant/createTenantUser.spec.ts), linked
/// into no tenant then.
pub(super) fn create_tenant_user(input: &Input, state: &mut State) -> Outcome {
    let tenant_id = typed::<NewTenantUser>(input)?.tenant_id;
    let index = tenant_id.map(|id| position(state, &id)).transpose()?;
    let created = users::create_user(&user_fields(input, &["tenantId"]), state)?;
    let Some(index) = index else { return Ok(unlinked(state, created)) };
    let user_id = created["userId"].as_str().unwrap_or_default().to_owned();
    let at = link(state, index, std::slice::from_ref(&user_id))[0];
    let tenant = &state.tenant_records[index];
    let user = state.user(&user_id).ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND))?;
    Ok(member(state, tenant, &tenant.members[at], user))
}

#[derive(Deserialize)]
struct MemberUpdate {
    #[serde(flatten)]
    member: OneMember,
    #[serde(default)]
    updates: Map<String, Value>,
}

/// `updateTenantUser`: changes the member's user as `updateUser` would.
pub(super) fn update_tenant_user(input: &Input, state: &mut State) -> Outcome {
    let request: MemberUpdate = typed(input)?;
    let (index, at) = request.member.resolve(state)?;
    let mut fields = request.updates;
    fields.insert("userId".into(), json!(state.tenant_records[index].members[at].link_user_id));
    users::update_user(&fields, state)?;
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentMembers {
    #[serde(flatten)]
    members: Members,
    #[serde(default)]
    organization_code: String,
    #[serde(default)]
    department_id: String,
}

/// The department and the members a tenant department request names;
/// every one of them must be a member of the tenant.
fn department_members(input: &Input, state: &State) -> Result<(String, Vec<String>), ApiFault> {
    let request: DepartmentMembers = typed(input)?;
    let (index, ids) = request.members.resolve(state)?;
    let members = &state.tenant_records[index].members;
    if !ids.iter().all(|id| members.iter().any(|m| &m.link_user_id == id)) {
        return Err(ApiFault::of(&errors::TENANT_MEMBER_NOT_FOUND));
    }
    let id_type = &resolve::department_id_type(input)?;
    let department = resolve::department_id(state, Some(&request.organization_code), &request.department_id, id_type)?;
    Ok((department, ids))
}

/// `addTenantDepartmentMembers`: the tenant's members join the department.
pub(super) fn add_tenant_department_members(input: &Input, state: &mut State) -> Outcome {
    let (department_id, ids) = department_members(input, state)?;
    resolve::refuse_resigned(state, &ids)?;
    let now = now_ms();
    if let Some(department) = state.department_mut(&department_id) {
        for id in &ids {
            department.add_member(id, now);
        }
    }
    success()
}

/// `removeTenantDepartmentMembers`: the tenant's members leave the department.
pub(super) fn remove_tenant_department_members(input: &Input, state: &mut State) -> Outcome {
    let (department_id, ids) = department_members(input, state)?;
    if let Some(department) = state.department_mut(&department_id) {
        for id in &ids {
            department.remove_member(id);
        }
    }
    success()
}

// Enterprise certification: a tenant submits its papers once and changes
// them afterwards; each submission or change waits for the pool's reviewer,
// who passes or turns it down.

/// A certification's papers as a submission or a change gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CertificationPapers {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    business_name: String,
    #[serde(default)]
    business_license: String,
    #[serde(default)]
    business_registration_name: String,
    #[serde(default)]
    unified_social_credit: String,
    #[serde(default)]
    legal_representative_name: String,
    #[serde(default)]
    national_identification_number: String,
    #[serde(default)]
    personal_bank_card_number: String,
    #[serde(default)]
    bank_reserved_phone: String,
}

impl CertificationPapers {
    /// The tenant's position and the papers, waiting for review. Every paper
    /// is needed, so a blank one is refused like a missing one.
    fn submitted(self, state: &State) -> Result<(usize, EnterpriseCertification), ApiFault> {
        let index = position(state, &self.tenant_id)?;
        let papers = [
            ("businessName", self.business_name),
            ("businessLicense", self.business_license),
            ("businessRegistrationName", self.business_registration_name),
            ("unifiedSocialCredit", self.unified_social_credit),
            ("legalRepresentativeName", self.legal_representative_name),
            ("nationalIdentificationNumber", self.national_identification_number),
            ("personalBankCardNumber", self.personal_bank_card_number),
            ("bankReservedPhone", self.bank_reserved_phone),
        ];
        if let Some((key, _)) = papers.iter().find(|(_, value)| value.trim().is_empty()) {
            return Err(ApiFault::invalid(key, "blank"));
        }
        let [name, license, registration, credit, representative, identification, card, phone] = papers.map(|(_, v)| v);
        let certification = EnterpriseCertification {
            business_name: name,
            business_license: license,
            business_registration_name: registration,
            unified_social_credit: credit,
            legal_representative_name: representative,
            national_identification_number: identification,
            personal_bank_card_number: card,
            bank_reserved_phone: phone,
            status: CertificationStatus::Reviewing,
            review_reason: None,
            updated_at: now_ms(),
        };
        Ok((index, certification))
    }
}

/// `createTenantEnterpriseCertification`: the papers wait for review; a
/// tenant submits once and changes them afterwards.
pub(super) fn create_tenant_enterprise_certification(input: &Input, state: &mut State) -> Outcome {
    let (index, certification) = typed::<CertificationPapers>(input)?.submitted(state)?;
    let tenant = &mut state.tenant_records[index];
    if tenant.certification.is_some() {
        return Err(ApiFault::of(&errors::TENANT_CERTIFICATION_CONFLICT));
    }
    tenant.certification = Some(certification);
    success()
}

/// `updateTenantEnterpriseCertification`: changed papers wait for review
/// again, whatever the last review said.
pub(super) fn update_tenant_enterprise_certification(input: &Input, state: &mut State) -> Outcome {
    let (index, certification) = typed::<CertificationPapers>(input)?.submitted(state)?;
    let submitted = state.tenant_records[index].certification.as_mut();
    *submitted.ok_or_else(|| ApiFault::of(&errors::TENANT_CERTIFICATION_NOT_FOUND))? = certification;
    success()
}

/// A review's verdict: the three statuses by name, or `-1`, turned down.
#[derive(Deserialize)]
#[serde(untagged)]
enum Verdict {
    Named(CertificationStatus),
    Code(i64),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Review {
    #[serde(default)]
    tenant_id: String,
    enterprise_certification_status: Verdict,
    #[serde(default)]
    review_reason: String,
}

/// `reviewTenantEnterpriseCertification`: the reviewer's verdict and reason.
pub(super) fn review_tenant_enterprise_certification(input: &Input, state: &mut State) -> Outcome {
    let review: Review = typed(input)?;
    let status = match review.enterprise_certification_status {
        Verdict::Code(-1) => CertificationStatus::Rejected,
        // `rejected` is the emulator's own name for -1, not the API's.
        Verdict::Named(status) if status != CertificationStatus::Rejected => status,
        _ => return Err(ApiFault::invalid("enterpriseCertificationStatus", "not_submit, reviewing, pass or -1")),
    };
    let index = position(state, &review.tenant_id)?;
    let certification = state.tenant_records[index].certification.as_mut();
    let certification = certification.ok_or_else(|| ApiFault::of(&errors::TENANT_CERTIFICATION_NOT_FOUND))?;
    certification.status = status;
    certification.review_reason = Some(review.review_reason);
    certification.updated_at = now_ms();
    success()
}

#[derive(Deserialize)]
struct CertificationOf {
    #[serde(default)]
    tenant_id: String,
}

/// `getTenantEnterpriseCertification`: the papers and the review; a tenant
/// that submitted none reads `not_submit` and nothing else.
pub(super) fn get_tenant_enterprise_certification(input: &Input, state: &mut State) -> Outcome {
    let index = position(state, &typed::<CertificationOf>(input)?.tenant_id)?;
    let Some(c) = &state.tenant_records[index].certification else {
        return Ok(json!({ "enterpriseCertificationStatus": "not_submit" }));
    };
    let status = match c.status {
        CertificationStatus::NotSubmit => json!("not_submit"),
        CertificationStatus::Reviewing => json!("reviewing"),
        CertificationStatus::Pass => json!("pass"),
        CertificationStatus::Rejected => json!(-1),
    };
    let mut out = json!({
        "businessName": c.business_name,
        "businessLicense": c.business_license,
        "businessRegistrationName": c.business_registration_name,
        "unifiedSocialCredit": c.unified_social_credit,
        "legalRepresentativeName": c.legal_representative_name,
        "nationalIdentificationNumber": c.national_identification_number,
        "personalBankCardNumber": c.personal_bank_card_number,
        "bankReservedPhone": c.bank_reserved_phone,
        "enterpriseCertificationStatus": status,
        "updatedAt": iso8601(c.updated_at),
    });
    if let Some(reason) = &c.review_reason {
        out["reviewReason"] = json!(reason);
    }
    Ok(out)
}

// The multi-tenant console's administrators: pool users who manage some of
// the pool's tenants from outside them (they need not be members).

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsoleAdmins {
    #[serde(default)]
    tenant_ids: Vec<String>,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    api_authorized: bool,
    // `sendPhoneNotification` and `sendEmailNotification` ask the service to
    // tell the user by SMS or email; the emulator reaches no phone or mailbox,
    // so it reads and drops them.
}

/// `createMultipleTenantAdmin`: the user administers each tenant named, on
/// top of those they did already; `apiAuthorized` holds for all of them.
pub(super) fn create_multiple_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let request: ConsoleAdmins = typed(input)?;
    if request.tenant_ids.is_empty() {
        return Err(ApiFault::invalid("tenantIds", "empty"));
    }
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let indexes = request.tenant_ids.iter().map(|id| position(state, id)).collect::<Result<Vec<_>, _>>()?;
    for index in indexes {
        let admins = &mut state.tenant_records[index].console_admins;
        match admins.iter_mut().find(|a| a.user_id == user_id) {
            Some(admin) => admin.api_authorized = request.api_authorized,
            None => admins.push(ConsoleAdmin { user_id: user_id.clone(), api_authorized: request.api_authorized }),
        }
    }
    success()
}

/// The console's administrators, each once, in the order the tenants and
/// their administrators were made; each with whether they may call the API
/// for any tenant they administer.
fn console_admins(state: &State) -> Vec<(&User, bool)> {
    let mut out: Vec<(&User, bool)> = Vec::new();
    for admin in state.tenant_records.iter().flat_map(|t| &t.console_admins) {
        match out.iter_mut().find(|(user, _)| user.id == admin.user_id) {
            Some((_, authorized)) => *authorized |= admin.api_authorized,
            None => out.extend(state.user(&admin.user_id).map(|user| (user, admin.api_authorized))),
        }
    }
    out
}

/// A `MultipleTenantAdminDto`, with the name, phone and email the user has.
/// The emulator signs nobody in, so `lastLogin` is null as on every user it
/// renders.
fn console_admin(user: &User, api_authorized: bool) -> Value {
    let mut out = json!({ "userId": user.id, "apiAuthorized": api_authorized, "lastLogin": null });
    for (key, value) in [("name", &user.name), ("phone", &user.phone), ("email", &user.email)] {
        if let Some(value) = value {
            out[key] = json!(value);
        }
    }
    out
}

#[derive(Deserialize)]
struct ConsoleAdminsListing {
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    page: TextPage,
}

/// `listMultipleTenantAdmin`: optionally only those whose name, username,
/// email or phone holds the keywords.
pub(super) fn list_multiple_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let request: ConsoleAdminsListing = typed(input)?;
    let page = request.page.page()?;
    let list = console_admins(state)
        .into_iter()
        .filter(|(user, _)| user_matches(user, &request.keywords))
        .map(|(user, authorized)| console_admin(user, authorized))
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsoleAdminOf {
    #[serde(default)]
    user_id: String,
}

/// `getMultipleTenantAdmin`: the user as the console lists them, or an
/// empty page when they administer no tenant.
pub(super) fn get_multiple_tenant_admin(input: &Input, state: &mut State) -> Outcome {
    let user_id = resolve::user_id(state, &typed::<ConsoleAdminOf>(input)?.user_id, "user_id")?;
    let list: Vec<Value> = console_admins(state)
        .into_iter()
        .filter(|(user, _)| user.id == user_id)
        .map(|(user, authorized)| console_admin(user, authorized))
        .collect();
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// Whether the user's username, name, email or phone holds `keywords`, as
/// the tenant area's listings search.
pub(super) fn user_matches(user: &User, keywords: &str) -> bool {
    [&user.username, &user.name, &user.email, &user.phone]
        .into_iter()
        .any(|field| contains_ci(field.as_deref().unwrap_or_default(), keywords))
}
