//! Resources of permission namespaces, and grants of them to users, roles,
//! groups and departments.
//!
//! A resource's code is unique within its namespace; a request naming no
//! namespace acts in `default`. The service accepts an empty code for a
//! single create (so the emulator keeps such a resource), refuses
//! characters a code cannot hold in words of its own, and a code longer
//! than any code can be as a malformed parameter (in a batch item, in the
//! same words as its characters). A batch's items are not checked for
//! their members before they are processed, in order: one without a code
//! or a type fails the batch with the service's unknown error, and the
//! items before it are not kept either.
//!
//! A grant names a resource by code and need not wait for it to exist, as
//! the service lets it; a code or action ending in `*` grants everything
//! it starts with (`*` every resource or action, `books:*` every book). Granting a target a resource again replaces the actions. A user
//! is allowed an action when a grant to the user, to a role the user
//! holds now, to a group the user is in or to a department the user
//! belongs to allows it.

use super::namespaces;
use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::render::iso8601;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve, success};
use crate::emulator::errors;
use crate::emulator::state::{Authorization, Namespace, Resource, State, TargetType, now_ms};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The longest resource code the API accepts.
const MAX_CODE_LEN: usize = 64;

/// Codes are identifiers; `*` and `/` let codes name resource trees
/// (`order:*`, `books/1`), as the service's examples do.
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '*' | '/' | '.')
}

/// Whether `code` is longer than any resource code can be.
fn too_long(code: &str) -> bool {
    code.chars().count() > MAX_CODE_LEN
}

/// Refuses a code of characters a code cannot hold, naming it.
fn check_characters(code: &str) -> Result<(), ApiFault> {
    if !code.chars().all(is_code_char) {
        return Err(ApiFault::new(&errors::INVALID_RESOURCE_CODE, [code])
            .with_detail("a resource code is letters, digits and '_', '-', ':', '*', '/', '.'"));
    }
    Ok(())
}

/// What can be done with a resource, as a create or an update gives it.
#[derive(Deserialize, Serialize)]
struct Action {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

/// A resource's fields, as a create (or a batch item) gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewResource {
    code: String,
    #[serde(rename = "type")]
    kind: String,
    name: Option<String>,
    description: Option<String>,
    #[serde(default)]
    actions: Vec<Action>,
    api_identifier: Option<String>,
}

/// A new resource of `namespace` whose code has been checked, refused if
/// the code is taken there (or by `batch`).
fn new_resource(state: &State, new: NewResource, namespace: &str, batch: &[Resource]) -> Result<Resource, ApiFault> {
    let code = new.code;
    if state.resources.iter().chain(batch).any(|r| r.namespace == namespace && r.code == code) {
        return Err(
            ApiFault::of(&errors::RESOURCE_CONFLICT).with_detail(format!("a resource is already {namespace}/{code}"))
        );
    }
    let now = now_ms();
    Ok(Resource {
        id: String::new(),
        namespace: namespace.to_owned(),
        code,
        name: new.name,
        description: new.description,
        kind: new.kind,
        actions: new.actions.iter().filter_map(|a| serde_json::to_value(a).ok()).collect(),
        api_identifier: new.api_identifier,
        linked_tenants: Vec::new(),
        created_at: now,
        updated_at: now,
    })
}

/// A `ResourceDto`.
fn render(resource: &Resource) -> Value {
    let mut out = Map::new();
    out.insert("code".into(), json!(resource.code));
    out.insert("type".into(), json!(resource.kind));
    out.insert("namespace".into(), json!(resource.namespace));
    out.insert("actions".into(), json!(resource.actions));
    out.insert("linkedToTenant".into(), json!(!resource.linked_tenants.is_empty()));
    for (key, value) in [("name", &resource.name), ("description", &resource.description)] {
        if let Some(value) = value {
            out.insert(key.into(), json!(value));
        }
    }
    if let Some(api) = &resource.api_identifier {
        out.insert("apiIdentifier".into(), json!(api));
    }
    Value::Object(out)
}

/// The position of the resource with this code in this namespace.
pub(in crate::emulator::areas) fn resource_index(
    state: &State,
    namespace: &str,
    code: &str,
) -> Result<usize, ApiFault> {
    state.resources.iter().position(|r| r.namespace == namespace && r.code == code).ok_or_else(|| {
        ApiFault::of(&errors::RESOURCE_NOT_FOUND).with_detail(format!("no resource is {namespace}/{code}"))
    })
}

#[derive(Deserialize)]
struct Create {
    namespace: Option<String>,
    #[serde(flatten)]
    resource: NewResource,
}

/// `createResource`.
pub(super) fn create_resource(input: &Input, state: &mut State) -> Outcome {
    let Create { namespace, resource } = typed(input)?;
    if too_long(&resource.code) {
        return Err(ApiFault::invalid("code", format!("a resource code is at most {MAX_CODE_LEN} characters")));
    }
    check_characters(&resource.code)?;
    let namespace = namespaces::namespace(state, namespace.as_deref())?;
    let mut resource = new_resource(state, resource, namespace, &[])?;
    resource.id = state.new_id();
    let rendered = render(&resource);
    state.resources.push(resource);
    Ok(rendered)
}

#[derive(Deserialize)]
struct CreateBatch {
    namespace: Option<String>,
    list: Vec<BatchItem>,
}

/// An item of a batch create, which the service does not check for its
/// required members before processing it: one lacking a member a resource
/// needs (its code, its type, an action's name) fails the whole batch with
/// the service's unknown error (500).
#[derive(Deserialize)]
#[serde(untagged)]
enum BatchItem {
    Whole(NewResource),
    Lacking(serde::de::IgnoredAny),
}

/// `createResourcesBatch`: every resource is created, or none is.
pub(super) fn create_resources_batch(input: &Input, state: &mut State) -> Outcome {
    let request: CreateBatch = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let mut created = Vec::new();
    for item in request.list {
        let BatchItem::Whole(item) = item else {
            return Err(
                ApiFault::of(&errors::UNKNOWN_ERROR).with_detail("a batch item lacks a member a resource needs")
            );
        };
        if too_long(&item.code) {
            return Err(ApiFault::new(&errors::INVALID_RESOURCE_CODE, [item.code.as_str()])
                .with_detail(format!("a resource code is at most {MAX_CODE_LEN} characters")));
        }
        check_characters(&item.code)?;
        let resource = new_resource(state, item, namespace, &created)?;
        created.push(resource);
    }
    for resource in &mut created {
        resource.id = state.new_id();
    }
    state.resources.extend(created);
    success()
}

/// A request naming one resource.
#[derive(Deserialize)]
struct ByCode {
    namespace: Option<String>,
    code: String,
}

/// `getResource`: any code that names no resource is a 404, empty included.
pub(super) fn get_resource(input: &Input, state: &mut State) -> Outcome {
    let request: ByCode = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let index = resource_index(state, namespace, &request.code)?;
    Ok(render(&state.resources[index]))
}

/// Resources named by codes of one namespace and/or by ids.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByCodes {
    namespace: Option<String>,
    code_list: Option<Vec<String>>,
    ids: Option<Vec<String>>,
}

/// `getResourcesBatch`: the resources among the codes, in creation order;
/// codes that name none are left out, but the list must hold one.
pub(super) fn get_resources_batch(input: &Input, state: &mut State) -> Outcome {
    let request: ByCodes = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let codes = request.code_list.unwrap_or_default();
    if codes.is_empty() {
        return Err(ApiFault::invalid("codeList", "empty list"));
    }
    let found = state.resources.iter().filter(|r| r.namespace == namespace && codes.contains(&r.code));
    Ok(Value::Array(found.map(render).collect()))
}

#[derive(Deserialize)]
struct Listing {
    namespace: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

/// `listResources`: one namespace's resources, newest first, optionally of
/// one type. The page is the plain `{totalCount, list}` every listing
/// answers: the vendor's document repeats the envelope's status inside it,
/// but a public record of the live service answering shows none.
pub(super) fn list_resources(input: &Input, state: &mut State) -> Outcome {
    let listing: Listing = typed(input)?;
    let namespace = namespaces::namespace(state, listing.namespace.as_deref())?;
    let page = listing.paging.page()?;
    let list: Vec<Value> = state
        .resources
        .iter()
        .rev()
        .filter(|r| r.namespace == namespace && listing.kind.as_ref().is_none_or(|k| &r.kind == k))
        .map(render)
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CommonListing {
    #[serde(default)]
    keyword: String,
    namespace_code_list: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

/// The namespace codes of a `namespaceCodeList`: comma-separated, as the
/// vendor's C# SDK test sends them (`default,system`), or a JSON array of
/// strings, as the vendor's generated reference gives its example value.
/// `None` (no filter) when it names none.
fn namespace_codes(list: Option<&str>) -> Option<Vec<String>> {
    let list = list?.trim();
    let codes: Vec<String> =
        serde_json::from_str(list).unwrap_or_else(|_| list.split(',').map(|code| code.trim().to_owned()).collect());
    let codes: Vec<String> = codes.into_iter().filter(|code| !code.is_empty()).collect();
    (!codes.is_empty()).then_some(codes)
}

/// A `CommonResourceDto`: a resource with the namespace it lives in and
/// the pool it belongs to.
fn render_common(state: &State, resource: &Resource, namespace: &Namespace) -> Value {
    let mut out = render(resource);
    out["id"] = json!(resource.id);
    out["namespaceId"] = json!(namespace.id);
    out["namespaceName"] = json!(namespace.name);
    out["userPoolId"] = json!(state.userpool_id);
    out["createdAt"] = json!(iso8601(resource.created_at));
    out["updatedAt"] = json!(iso8601(resource.updated_at));
    out
}

/// `listCommonResource`: the resources of every namespace, or of those the
/// `namespaceCodeList` names (codes naming none are left out, as
/// `getNamespacesBatch` leaves them), whose code or name holds the
/// keyword; newest first, as `listResources` lists, and paged.
pub(super) fn list_common_resource(input: &Input, state: &mut State) -> Outcome {
    let listing: CommonListing = typed(input)?;
    let page = listing.paging.page()?;
    let codes = namespace_codes(listing.namespace_code_list.as_deref());
    let keyword = &listing.keyword;
    let list: Vec<Value> = state
        .resources
        .iter()
        .rev()
        .filter(|r| codes.as_ref().is_none_or(|codes| codes.contains(&r.namespace)))
        .filter(|r| contains_ci(&r.code, keyword) || r.name.as_deref().is_some_and(|name| contains_ci(name, keyword)))
        .filter_map(|r| Some(render_common(state, r, state.namespaces.get(&r.namespace)?)))
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    #[serde(flatten)]
    resource: ByCode,
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    api_identifier: Option<String>,
    actions: Option<Vec<Action>>,
}

/// `updateResource`: changes the fields given.
pub(super) fn update_resource(input: &Input, state: &mut State) -> Outcome {
    let update: Update = typed(input)?;
    let namespace = namespaces::namespace(state, update.resource.namespace.as_deref())?;
    let index = resource_index(state, namespace, &update.resource.code)?;
    let resource = &mut state.resources[index];
    if update.name.is_some() {
        resource.name = update.name;
    }
    if update.description.is_some() {
        resource.description = update.description;
    }
    if let Some(kind) = update.kind {
        resource.kind = kind;
    }
    if update.api_identifier.is_some() {
        resource.api_identifier = update.api_identifier;
    }
    if let Some(actions) = update.actions {
        resource.actions = actions.iter().filter_map(|a| serde_json::to_value(a).ok()).collect();
    }
    resource.updated_at = now_ms();
    Ok(render(resource))
}

/// Deletes the resources `gone` picks; their grants stay, as a grant may
/// name a resource that does not exist (yet).
fn remove(state: &mut State, gone: impl Fn(&Resource) -> bool) {
    state.resources.retain(|r| !gone(r));
}

/// `deleteResource`: a code that names no resource is already gone; one
/// too long to be anyone's is malformed.
pub(super) fn delete_resource(input: &Input, state: &mut State) -> Outcome {
    let request: ByCode = typed(input)?;
    if too_long(&request.code) {
        return Err(ApiFault::invalid("code", format!("a resource code is at most {MAX_CODE_LEN} characters")));
    }
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    remove(state, |r| r.namespace == namespace && r.code == request.code);
    success()
}

/// `deleteResourcesBatch`: by codes of one namespace and/or by ids; those
/// that name nothing are already gone.
pub(super) fn delete_resources_batch(input: &Input, state: &mut State) -> Outcome {
    let request: ByCodes = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    if request.code_list.is_none() && request.ids.is_none() {
        return Err(ApiFault::invalid("codeList", "neither codeList nor ids"));
    }
    let (codes, ids) = (request.code_list.unwrap_or_default(), request.ids.unwrap_or_default());
    remove(state, |r| (r.namespace == namespace && codes.contains(&r.code)) || ids.contains(&r.id));
    success()
}

/// `batchDeleteCommonResource`: by ids, in any namespace.
pub(super) fn batch_delete_common_resource(input: &Input, state: &mut State) -> Outcome {
    let ids = typed::<ByCodes>(input)?.ids.unwrap_or_default();
    remove(state, |r| ids.contains(&r.id));
    success()
}

// ---------------------------------------------------------------- grants

/// The emulator id of the target a grant request names: a user by id, a
/// role of `namespace` or a group by code, a department by id.
pub(in crate::emulator::areas) fn target_id(
    state: &State,
    namespace: &str,
    kind: TargetType,
    identifier: &str,
) -> Result<String, ApiFault> {
    let found = match kind {
        TargetType::User => {
            return resolve::user_id(state, identifier, "user_id");
        }
        TargetType::Role => {
            state.roles.iter().find(|r| r.namespace == namespace && r.code == identifier).map(|r| &r.id)
        }
        TargetType::Group => state.groups.iter().find(|g| g.code == identifier).map(|g| &g.id),
        TargetType::Department => state.department(identifier).map(|d| &d.id),
    };
    found.cloned().ok_or_else(|| match kind {
        TargetType::Role => ApiFault::of(&errors::ROLE_NOT_FOUND),
        TargetType::Group => ApiFault::new(&errors::GROUP_NOT_FOUND_FOR_CODE, [identifier]),
        _ => ApiFault::of(&errors::DEPARTMENT_NOT_FOUND),
    })
}

/// How a grant's holder is named on the wire: users and departments by
/// id, roles and groups by their current code. `None` for a holder that
/// is gone (a deleted group or role), whose grants count for nobody.
fn target_identifier(state: &State, grant: &Authorization) -> Option<String> {
    let id = grant.target_id.as_str();
    match grant.target_type {
        TargetType::User => state.user(id).map(|u| u.id.clone()),
        TargetType::Role => state.roles.iter().find(|r| r.id == id).map(|r| r.code.clone()),
        TargetType::Group => state.groups.iter().find(|g| g.id == id).map(|g| g.code.clone()),
        TargetType::Department => state.department(id).map(|d| d.id.clone()),
    }
}

/// One resource of a grant request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GrantedResource {
    code: String,
    resource_type: String,
    actions: Vec<String>,
}

/// One item of a grant request: resources for targets of one type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GrantItem {
    target_type: TargetType,
    target_identifiers: Vec<String>,
    resources: Vec<GrantedResource>,
}

#[derive(Deserialize)]
struct Authorize {
    namespace: Option<String>,
    #[serde(default)]
    list: Vec<GrantItem>,
}

/// `authorizeResources`: the namespace must be named. Every target must
/// exist; the resources need not. All grants are made, or none is.
pub(super) fn authorize_resources(input: &Input, state: &mut State) -> Outcome {
    let request: Authorize = typed(input)?;
    if request.namespace.is_none() {
        return Err(ApiFault::of(&errors::NAMESPACE_NOT_FOUND).with_detail("authorizeResources names no namespace"));
    }
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?.to_owned();
    let mut grants = Vec::new();
    for item in &request.list {
        for identifier in &item.target_identifiers {
            let target = target_id(state, &namespace, item.target_type, identifier)?;
            for resource in &item.resources {
                grants.push(Authorization {
                    namespace: namespace.clone(),
                    target_type: item.target_type,
                    target_id: target.clone(),
                    resource_code: resource.code.clone(),
                    resource_type: resource.resource_type.clone(),
                    actions: resource.actions.clone(),
                });
            }
        }
    }
    for grant in grants {
        let same = |a: &Authorization| {
            a.namespace == grant.namespace
                && a.target_type == grant.target_type
                && a.target_id == grant.target_id
                && a.resource_code == grant.resource_code
        };
        match state.authorizations.iter_mut().find(|a| same(a)) {
            Some(existing) => *existing = grant,
            None => state.authorizations.push(grant),
        }
    }
    success()
}

/// An `AuthorizedResourceDto`: the grant, described by its resource where that exists.
fn render_grant(state: &State, grant: &Authorization) -> Value {
    let resource = state.resources.iter().find(|r| r.namespace == grant.namespace && r.code == grant.resource_code);
    let mut out = json!({
        "resourceCode": grant.resource_code,
        "resourceType": grant.resource_type,
        "apiIdentifier": resource.and_then(|r| r.api_identifier.clone()).unwrap_or_default(),
        "actions": grant.actions,
        "effect": "ALLOW",
    });
    if let Some(description) = resource.and_then(|r| r.description.clone()) {
        out["description"] = json!(description);
    }
    out
}

/// The grants `held` picks, in `namespace`, optionally only of one resource type, rendered.
pub(in crate::emulator::areas) fn authorized(
    state: &State,
    namespace: &str,
    resource_type: Option<&str>,
    held: impl Fn(&Authorization) -> bool,
) -> Vec<Value> {
    state
        .authorizations
        .iter()
        .filter(|a| a.namespace == namespace && resource_type.is_none_or(|t| a.resource_type == t) && held(a))
        .map(|a| render_grant(state, a))
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetGrants {
    namespace: Option<String>,
    target_type: TargetType,
    target_identifier: String,
    resource_type: Option<String>,
    resource_list: Option<Vec<String>>,
}

/// `getAuthorizedResources`: what one target was granted in a namespace,
/// optionally only resources of one type or of the listed codes.
pub(super) fn get_authorized_resources(input: &Input, state: &mut State) -> Outcome {
    let request: TargetGrants = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let kind = request.target_type;
    let target = target_id(state, namespace, kind, &request.target_identifier)?;
    let codes = &request.resource_list;
    let list = authorized(state, namespace, request.resource_type.as_deref(), |a| {
        a.target_type == kind && a.target_id == target && codes.as_ref().is_none_or(|c| c.contains(&a.resource_code))
    });
    Ok(json!({ "totalCount": list.len(), "list": list }))
}

/// Whether a grant holds for the user `user_id` at `now`: made to the
/// user, or to a role, group or department the user is in.
fn holds(state: &State, grant: &Authorization, user_id: &str, now: i64) -> bool {
    state.reaches(grant.target_type, &grant.target_id, user_id, now)
}

/// Whether `pattern` (a granted code or action) covers `value`: itself,
/// or everything it starts with when it ends in `*` (`*` for all,
/// `books:*` for every book).
fn covers(pattern: &str, value: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => value.starts_with(prefix),
        None => pattern == value,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActionCheck {
    namespace: Option<String>,
    user_id: String,
    action: String,
    resource: String,
}

/// `isActionAllowed`: whether any grant the user holds in the namespace
/// allows the action on the resource.
pub(super) fn is_action_allowed(input: &Input, state: &mut State) -> Outcome {
    let request: ActionCheck = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let now = now_ms();
    let allowed = state.authorizations.iter().any(|a| {
        a.namespace == namespace
            && covers(&a.resource_code, &request.resource)
            && a.actions.iter().any(|granted| covers(granted, &request.action))
            && holds(state, a, &user_id, now)
    });
    Ok(json!({ "allowed": allowed }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceTargets {
    namespace: Option<String>,
    resource: String,
    target_type: Option<TargetType>,
    #[serde(flatten)]
    paging: Paging,
}

/// `getResourceAuthorizedTargets`: who was granted the resource (by its
/// own code; grants of `*` are not listed under every code), paged,
/// optionally of one target type.
pub(super) fn get_resource_authorized_targets(input: &Input, state: &mut State) -> Outcome {
    let request: ResourceTargets = typed(input)?;
    let namespace = namespaces::namespace(state, request.namespace.as_deref())?;
    let page = request.paging.page()?;
    let list: Vec<Value> = state
        .authorizations
        .iter()
        .filter(|a| {
            a.namespace == namespace
                && a.resource_code == request.resource
                && request.target_type.is_none_or(|k| a.target_type == k)
        })
        .filter_map(|a| {
            let identifier = target_identifier(state, a)?;
            Some(json!({ "targetType": a.target_type, "targetIdentifier": identifier, "actions": a.actions }))
        })
        .collect();
    Ok(page.of(list))
}
