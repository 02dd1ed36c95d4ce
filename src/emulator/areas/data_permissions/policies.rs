//! Data policies: statements that grant or withhold actions on data
//! resources, granted to users, departments, groups and roles, and what a
//! user may do through the policies that reach them.
//!
//! A permission is a path, `<namespace>/<resource>[/<node>...]/<action>`;
//! it covers the resource (a tree node covers the nodes under it) and the
//! action it names, `*` standing for every action. A user may do an action
//! on a resource when a statement of a policy that reaches them allows it
//! and none withholds it. A policy reaches a user granted it directly, or
//! through a department, group or role of theirs ([`State::reaches`]).

use super::namespaces::{Listing, bounded};
use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::rules::{self, Rule, typed};
use crate::emulator::areas::{ApiFault, Input, Outcome, render::iso8601, success};
use crate::emulator::errors;
use crate::emulator::state::{DataPolicy, DataResource, Effect, PolicyGrant, State, Statement, SubjectType, now_ms};
use serde::Deserialize;
use serde_json::{Value, json};

/// A required field's rules.
const REQUIRED: &[Rule] = &[Rule::NotEmpty];

/// A required list's rules, where the service counts its items.
const AT_LEAST_ONE: &[Rule] = &[Rule::MinItems(1)];

/// A permission path taken apart.
struct Permission<'a> {
    namespace: &'a str,
    /// The resource's code, then the tree nodes, joined by `/`.
    resource: &'a str,
    action: &'a str,
}

impl<'a> Permission<'a> {
    /// `None` for a path of fewer than three parts, which covers nothing.
    fn parse(path: &'a str) -> Option<Self> {
        let (namespace, rest) = path.split_once('/')?;
        let (resource, action) = rest.rsplit_once('/')?;
        Some(Permission { namespace, resource, action })
    }

    /// The resource's own code.
    fn resource_code(&self) -> &'a str {
        self.resource.split('/').next().unwrap_or_default()
    }

    /// Whether it covers `action` on `resource` (a code, or a path to a tree node).
    fn covers(&self, namespace: &str, resource: &str, action: &str) -> bool {
        self.namespace == namespace
            && (self.action == "*" || self.action == action)
            && resource.strip_prefix(self.resource).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// The policies whose statements name `resource`.
pub(super) fn naming<'a>(state: &'a State, resource: &'a DataResource) -> impl Iterator<Item = &'a DataPolicy> + 'a {
    state.data_policies.iter().filter(move |policy| {
        policy
            .statements
            .iter()
            .flat_map(|s| &s.permissions)
            .filter_map(|p| Permission::parse(p))
            .any(|p| p.namespace == resource.namespace && p.resource_code() == resource.code)
    })
}

/// Whether the user may do `action` on `resource` of `namespace` now.
pub(super) fn allowed(state: &State, user_id: &str, namespace: &str, resource: &str, action: &str) -> bool {
    let now = now_ms();
    let effects = state
        .policy_grants
        .iter()
        .filter(|g| state.reaches(g.subject_type.holder(), &g.subject_id, user_id, now))
        .filter_map(|g| state.data_policies.iter().find(|p| p.id == g.policy_id))
        .flat_map(|policy| &policy.statements)
        .filter(|s| {
            s.permissions.iter().filter_map(|p| Permission::parse(p)).any(|p| p.covers(namespace, resource, action))
        })
        .map(|s| s.effect);
    let mut allow = false;
    for effect in effects {
        match effect {
            Effect::Deny => return false,
            Effect::Allow => allow = true,
        }
    }
    allow
}

/// The position of the policy of this id.
fn position(state: &State, policy_id: &str) -> Result<usize, ApiFault> {
    rules::check(&[("policyId", policy_id.into(), REQUIRED)])?;
    state
        .data_policies
        .iter()
        .position(|p| p.id == policy_id)
        .ok_or_else(|| ApiFault::of(&errors::DATA_POLICY_NOT_FOUND).with_detail(format!("no policy is {policy_id}")))
}

/// Refuses statements without permissions, as the policy service does.
fn check_statements(statements: &[Statement]) -> Result<(), ApiFault> {
    if statements.iter().any(|s| s.permissions.is_empty()) {
        return Err(ApiFault::new(
            &errors::POLICY_SERVICE_REFUSED,
            ["create statement argument illegal, permission list can not be null"],
        ));
    }
    Ok(())
}

/// Refuses a name another policy has.
fn check_free_name(state: &State, name: &str, other_than: Option<&str>) -> Result<(), ApiFault> {
    if state.data_policies.iter().any(|p| p.name == name && Some(p.id.as_str()) != other_than) {
        return Err(ApiFault::of(&errors::DATA_POLICY_NAME_TAKEN));
    }
    Ok(())
}

/// A `...DataPolicyRespDto`.
fn render(policy: &DataPolicy) -> Value {
    json!({
        "policyId": policy.id,
        "policyName": policy.name,
        "description": policy.description,
        "createdAt": iso8601(policy.created_at),
        "updatedAt": iso8601(policy.updated_at),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewPolicy {
    #[serde(default)]
    policy_name: String,
    #[serde(default)]
    statement_list: Vec<Statement>,
    description: Option<String>,
}

/// `createDataPolicy`.
pub(super) fn create_data_policy(input: &Input, state: &mut State) -> Outcome {
    let new: NewPolicy = typed(input)?;
    rules::check(&[
        ("policyName", (&new.policy_name).into(), REQUIRED),
        ("statementList", (&new.statement_list).into(), AT_LEAST_ONE),
    ])?;
    check_statements(&new.statement_list)?;
    check_free_name(state, &new.policy_name, None)?;
    let now = now_ms();
    let policy = DataPolicy {
        id: state.new_id(),
        name: new.policy_name,
        description: new.description.unwrap_or_default(),
        statements: new.statement_list,
        created_at: now,
        updated_at: now,
    };
    let rendered = render(&policy);
    state.data_policies.push(policy);
    Ok(rendered)
}

/// The policies whose name holds the listing's query, this page of them.
fn listed<'a>(state: &'a State, listing: &Listing) -> Result<(usize, Vec<&'a DataPolicy>), ApiFault> {
    let page = listing.page()?;
    let matching: Vec<&DataPolicy> =
        state.data_policies.iter().filter(|p| contains_ci(&p.name, &listing.query)).collect();
    Ok((matching.len(), page.slice(matching)))
}

/// The name a subject goes by: a user's username (or else name, email or
/// phone), a department's, group's or role's name.
fn subject_name(state: &State, grant: &PolicyGrant) -> String {
    let id = grant.subject_id.as_str();
    let name = match grant.subject_type {
        SubjectType::User => {
            state.user(id).and_then(|u| [&u.username, &u.name, &u.email, &u.phone].into_iter().find_map(|v| v.clone()))
        }
        SubjectType::Org => state.department(id).map(|d| d.name.clone()),
        SubjectType::Group => state.groups.iter().find(|g| g.id == id).map(|g| g.name.clone()),
        SubjectType::Role => state.roles.iter().find(|r| r.id == id).map(|r| r.name.clone()),
    };
    name.unwrap_or_default()
}

/// `listDataPolices`: with the resources each names and whom it is granted to.
pub(super) fn list_data_polices(input: &Input, state: &mut State) -> Outcome {
    let listing: Listing = typed(input)?;
    let (total, page) = listed(state, &listing)?;
    let list: Vec<Value> = page
        .into_iter()
        .map(|policy| {
            let resources: Vec<Value> = state
                .data_resources
                .iter()
                .filter(|r| naming(state, r).any(|p| p.id == policy.id))
                .map(|r| json!({ "resourceId": r.id, "resourceName": r.name }))
                .collect();
            let targets: Vec<Value> = state
                .policy_grants
                .iter()
                .filter(|g| g.policy_id == policy.id)
                .map(|g| json!({ "id": g.subject_id, "type": g.subject_type, "name": subject_name(state, g) }))
                .collect();
            json!({
                "policyId": policy.id,
                "policyName": policy.name,
                "description": policy.description,
                "resourceList": resources,
                "targetList": targets,
                "updatedAt": iso8601(policy.updated_at),
            })
        })
        .collect();
    Ok(json!({ "totalCount": total, "list": list }))
}

/// `listSimpleDataPolices`.
pub(super) fn list_simple_data_polices(input: &Input, state: &mut State) -> Outcome {
    let listing: Listing = typed(input)?;
    let (total, page) = listed(state, &listing)?;
    let list: Vec<Value> = page
        .into_iter()
        .map(|p| json!({ "policyId": p.id, "policyName": p.name, "description": p.description }))
        .collect();
    Ok(json!({ "totalCount": total, "list": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ById {
    #[serde(default)]
    policy_id: String,
}

/// `getDataPolicy`.
pub(super) fn get_data_policy(input: &Input, state: &mut State) -> Outcome {
    let index = position(state, &typed::<ById>(input)?.policy_id)?;
    Ok(render(&state.data_policies[index]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(default)]
    policy_id: String,
    policy_name: Option<String>,
    description: Option<String>,
    statement_list: Option<Vec<Statement>>,
}

/// `updateDataPolicy`: changes the fields given.
pub(super) fn update_data_policy(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    let index = position(state, &update.policy_id)?;
    if let Some(name) = &update.policy_name {
        rules::check(&[("policyName", name.into(), REQUIRED)])?;
        check_free_name(state, name, Some(&update.policy_id))?;
    }
    if let Some(statements) = &update.statement_list {
        rules::check(&[("statementList", statements.into(), AT_LEAST_ONE)])?;
        check_statements(statements)?;
    }
    let policy = &mut state.data_policies[index];
    if let Some(name) = update.policy_name {
        policy.name = name;
    }
    if let Some(description) = update.description {
        policy.description = description;
    }
    if let Some(statements) = update.statement_list {
        policy.statements = statements;
    }
    policy.updated_at = now_ms();
    Ok(render(policy))
}

/// `deleteDataPolicy`: whoever held it no longer does.
pub(super) fn delete_data_policy(input: &Input, state: &mut State) -> Outcome {
    let index = position(state, &typed::<ById>(input)?.policy_id)?;
    let policy = state.data_policies.remove(index);
    state.policy_grants.retain(|g| g.policy_id != policy.id);
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByName {
    #[serde(default)]
    policy_name: String,
}

/// `checkDataPolicyExists`: whether a new policy could take the name.
pub(super) fn check_data_policy_exists(input: &Input, state: &mut State) -> Outcome {
    let request: ByName = typed(input)?;
    rules::check(&[("policyName", (&request.policy_name).into(), REQUIRED)])?;
    match check_free_name(state, &request.policy_name, None) {
        Ok(()) => Ok(json!({ "isValid": true })),
        // A taken name is a 602 whose data holds the verdict, its reason worded in Chinese.
        Err(taken) => Err(ApiFault::of(&errors::DATA_POLICY_NAME_UNAVAILABLE)
            .with_data(json!({ "isValid": false, "message": taken.message(errors::Lang::ZhCn) }))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetsListing {
    #[serde(default)]
    policy_id: String,
    #[serde(flatten)]
    listing: Listing,
    #[serde(default)]
    target_type: Vec<SubjectType>,
}

/// `listDataPolicyTargets`: whom the policy is granted to, in granting
/// order, optionally only subjects of the types given or whose name holds the query.
pub(super) fn list_data_policy_targets(input: &Input, state: &mut State) -> Outcome {
    let request: TargetsListing = typed(input)?;
    position(state, &request.policy_id)?;
    let page = request.listing.page()?;
    let list: Vec<Value> = state
        .policy_grants
        .iter()
        .filter(|g| g.policy_id == request.policy_id)
        .filter(|g| request.target_type.is_empty() || request.target_type.contains(&g.subject_type))
        .map(|g| (g, subject_name(state, g)))
        .filter(|(_, name)| contains_ci(name, &request.listing.query))
        .map(|(g, name)| {
            json!({
                "targetIdentifier": g.subject_id,
                "targetType": g.subject_type,
                "targetName": name,
                "authorizationTime": iso8601(g.granted_at),
            })
        })
        .collect();
    Ok(page.of(list))
}

/// Refuses a subject that names nothing of its type.
fn check_subject(state: &State, kind: SubjectType, id: &str) -> Result<(), ApiFault> {
    let exists = match kind {
        SubjectType::User => state.user(id).is_some(),
        SubjectType::Org => state.department(id).is_some(),
        SubjectType::Group => state.groups.iter().any(|g| g.id == id),
        SubjectType::Role => state.roles.iter().any(|r| r.id == id),
    };
    if exists {
        return Ok(());
    }
    let kind = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    Err(ApiFault::new(&errors::SUBJECT_NOT_FOUND, [kind, id.to_owned()]))
}

#[derive(Deserialize)]
struct Subject {
    #[serde(default)]
    id: String,
    #[serde(rename = "type")]
    kind: SubjectType,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Authorize {
    #[serde(default)]
    policy_ids: Vec<String>,
    #[serde(default)]
    target_list: Vec<Subject>,
}

/// `authorizeDataPolicies`: grants every policy to every subject; a
/// subject already holding a policy keeps its first grant.
pub(super) fn authorize_data_policies(input: &Input, state: &mut State) -> Outcome {
    let request: Authorize = typed(input)?;
    rules::check(&[
        ("policyIds", (&request.policy_ids).into(), AT_LEAST_ONE),
        ("targetList", (&request.target_list).into(), REQUIRED),
    ])?;
    for policy_id in &request.policy_ids {
        position(state, policy_id)?;
    }
    for subject in &request.target_list {
        check_subject(state, subject.kind, &subject.id)?;
    }
    let now = now_ms();
    for policy_id in &request.policy_ids {
        for subject in &request.target_list {
            let held = state
                .policy_grants
                .iter()
                .any(|g| &g.policy_id == policy_id && g.subject_type == subject.kind && g.subject_id == subject.id);
            if !held {
                state.policy_grants.push(PolicyGrant {
                    policy_id: policy_id.clone(),
                    subject_type: subject.kind,
                    subject_id: subject.id.clone(),
                    granted_at: now,
                });
            }
        }
    }
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Revoke {
    #[serde(default)]
    policy_id: String,
    #[serde(default)]
    target_identifier: String,
    target_type: SubjectType,
}

/// `revokeDataPolicy`: the subject no longer holds the policy; one that
/// did not hold it is left as it was.
pub(super) fn revoke_data_policy(input: &Input, state: &mut State) -> Outcome {
    let request: Revoke = typed(input)?;
    rules::check(&[
        ("policyId", (&request.policy_id).into(), REQUIRED),
        ("targetIdentifier", (&request.target_identifier).into(), REQUIRED),
    ])?;
    position(state, &request.policy_id)?;
    state.policy_grants.retain(|g| {
        !(g.policy_id == request.policy_id
            && g.subject_type == request.target_type
            && g.subject_id == request.target_identifier)
    });
    success()
}

#[derive(Deserialize)]
struct PermissionView {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    keyword: String,
}

/// `listPermissionView`: one row per user and data resource that a policy
/// the user holds names, users and resources in creation order, optionally
/// only the users whose username holds the keyword. A row lists those
/// policies, and the roles, groups and departments through which the user
/// holds them. Namespaces carry no id apart from their code, so the code
/// stands for both.
pub(super) fn list_permission_view(input: &Input, state: &mut State) -> Outcome {
    let request: PermissionView = typed(input)?;
    let page = bounded(&request.paging)?;
    let now = now_ms();
    let mut rows = Vec::new();
    let users = state.users.iter().filter(|u| contains_ci(u.username.as_deref().unwrap_or_default(), &request.keyword));
    for user in users {
        let held: Vec<(&PolicyGrant, &DataPolicy)> = state
            .policy_grants
            .iter()
            .filter(|g| state.reaches(g.subject_type.holder(), &g.subject_id, &user.id, now))
            .filter_map(|g| Some((g, state.data_policies.iter().find(|p| p.id == g.policy_id)?)))
            .collect();
        for resource in &state.data_resources {
            let through: Vec<&(&PolicyGrant, &DataPolicy)> =
                held.iter().filter(|(_, policy)| naming(state, resource).any(|p| p.id == policy.id)).collect();
            if through.is_empty() {
                continue;
            }
            rows.push(permission_view_row(state, user, resource, &through));
        }
    }
    Ok(page.of(rows))
}

/// One `ListPermissionViewRespDto`: the policies `through` grants the user
/// over the resource, and who holds each grant when it is not the user.
fn permission_view_row(
    state: &State,
    user: &crate::emulator::state::User,
    resource: &DataResource,
    through: &[&(&PolicyGrant, &DataPolicy)],
) -> Value {
    let mut policies: Vec<Value> = Vec::new();
    let (mut roles, mut groups, mut nodes) = (Vec::new(), Vec::new(), Vec::new());
    for (grant, policy) in through {
        let entry = json!({ "dataPolicyId": policy.id, "dataPolicyName": policy.name });
        if !policies.contains(&entry) {
            policies.push(entry);
        }
        let id = grant.subject_id.as_str();
        let holder = match grant.subject_type {
            SubjectType::User => None,
            SubjectType::Role => state
                .roles
                .iter()
                .find(|r| r.id == id)
                .map(|r| (&mut roles, json!({ "roleId": r.id, "roleName": r.name, "roleCode": r.code }))),
            SubjectType::Group => state
                .groups
                .iter()
                .find(|g| g.id == id)
                .map(|g| (&mut groups, json!({ "groupId": g.id, "groupName": g.name, "groupCode": g.code }))),
            SubjectType::Org => state.department(id).map(|d| {
                (&mut nodes, json!({ "nodeId": d.id, "nodeName": d.name, "nodeCode": d.code.as_deref().unwrap_or("") }))
            }),
        };
        if let Some((list, entry)) = holder
            && !list.contains(&entry)
        {
            list.push(entry);
        }
    }
    let namespace_name = state.namespaces.get(&resource.namespace).map_or("", |n| n.name.as_str());
    let mut row = json!({
        "userId": user.id,
        "namespaceId": resource.namespace,
        "namespaceCode": resource.namespace,
        "namespaceName": namespace_name,
        "dataResourceId": resource.id,
        "dataResourceCode": resource.code,
        "dataResourceName": resource.name,
        "dataPolicyList": policies,
        "roleList": roles,
        "groupList": groups,
        "nodeList": nodes,
    });
    if let Some(username) = &user.username {
        row["username"] = json!(username);
    }
    row
}
