//! Asking what users may do with data resources, as their data policies
//! say ([`allowed`]).
//!
//! Each check names its user by id (or, for the external checks, by the
//! caller's own id for them) and a permission namespace, both of which
//! must exist. A resource is named by its code, or for a node of a tree
//! resource by the path `<code>/<node>/...`.

use super::policies::allowed;
use crate::emulator::areas::rules::{self, Rule, typed};
use crate::emulator::areas::{ApiFault, Input, Outcome, resolve};
use crate::emulator::errors;
use crate::emulator::state::{DataResource, DataResourceType, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// A required field's rules.
const REQUIRED: &[Rule] = &[Rule::NotEmpty];

/// A list of resources' rules, in the service's order.
const RESOURCES: &[Rule] = &[Rule::MinItems(1), Rule::NotEmpty];

/// Refuses a namespace that does not exist.
fn check_namespace(state: &State, code: &str) -> Result<(), ApiFault> {
    match state.namespaces.get(code) {
        Some(_) => Ok(()),
        None => Err(ApiFault::of(&errors::PERMISSION_NAMESPACE_NOT_FOUND)),
    }
}

/// The actions of the resource a `<code>[/<node>...]` path names; none
/// when it names no resource of the namespace.
fn actions_of<'a>(state: &'a State, namespace: &str, resource: &str) -> &'a [String] {
    let code = resource.split('/').next().unwrap_or_default();
    state
        .data_resources
        .iter()
        .find(|r| r.namespace == namespace && r.code == code)
        .map_or(&[], |r| r.actions.as_slice())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Check {
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    namespace_code: String,
}

/// The results of one action on each resource, for the user the check names.
fn check(input: &Input, state: &State, user_field: &str, id_type: &str) -> Outcome {
    let request: Check = typed(input)?;
    let reference = if id_type == "external_id" { &request.external_id } else { &request.user_id };
    let reference = reference.as_deref().unwrap_or_default();
    rules::check(&[
        ("resources", (&request.resources).into(), RESOURCES),
        ("action", (&request.action).into(), REQUIRED),
        (user_field, reference.into(), REQUIRED),
        ("namespaceCode", (&request.namespace_code).into(), REQUIRED),
    ])?;
    check_namespace(state, &request.namespace_code)?;
    let user_id = resolve::user_id(state, reference, id_type)?;
    let results: Vec<Value> = request
        .resources
        .iter()
        .map(|resource| {
            json!({
                "namespaceCode": request.namespace_code,
                "action": request.action,
                "resource": resource,
                "enabled": allowed(state, &user_id, &request.namespace_code, resource, &request.action),
            })
        })
        .collect();
    Ok(json!({ "checkResultList": results }))
}

/// `checkPermission`.
pub(super) fn check_permission(input: &Input, state: &mut State) -> Outcome {
    check(input, state, "userId", "user_id")
}

/// `checkExternalUserPermission`: the same, for a user named by the caller's own id.
pub(super) fn check_external_user_permission(input: &Input, state: &mut State) -> Outcome {
    check(input, state, "externalId", "external_id")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserResources {
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    namespace_code: String,
}

/// `getUserResourcePermissionList`: which of each resource's actions the user may do.
pub(super) fn get_user_resource_permission_list(input: &Input, state: &mut State) -> Outcome {
    let request: UserResources = typed(input)?;
    rules::check(&[
        ("resources", (&request.resources).into(), RESOURCES),
        ("userId", (&request.user_id).into(), REQUIRED),
        ("namespaceCode", (&request.namespace_code).into(), REQUIRED),
    ])?;
    check_namespace(state, &request.namespace_code)?;
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let namespace = &request.namespace_code;
    let list: Vec<Value> = request
        .resources
        .iter()
        .map(|resource| {
            let actions: Vec<&String> = actions_of(state, namespace, resource)
                .iter()
                .filter(|action| allowed(state, &user_id, namespace, resource, action))
                .collect();
            json!({ "namespaceCode": namespace, "resource": resource, "actions": actions })
        })
        .collect();
    Ok(json!({ "permissionList": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceTargets {
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    namespace_code: String,
}

/// `listResourceTargets`: for each resource and action, the users of the
/// pool who may do it, in creation order.
pub(super) fn list_resource_targets(input: &Input, state: &mut State) -> Outcome {
    let request: ResourceTargets = typed(input)?;
    rules::check(&[
        ("resources", (&request.resources).into(), RESOURCES),
        ("actions", (&request.actions).into(), REQUIRED),
        ("namespaceCode", (&request.namespace_code).into(), REQUIRED),
    ])?;
    check_namespace(state, &request.namespace_code)?;
    let namespace = &request.namespace_code;
    let list: Vec<Value> = request
        .resources
        .iter()
        .map(|resource| {
            let by_action: Vec<Value> = request
                .actions
                .iter()
                .map(|action| {
                    let users: Vec<&str> = state
                        .users
                        .iter()
                        .filter(|u| allowed(state, &u.id, namespace, resource, action))
                        .map(|u| u.id.as_str())
                        .collect();
                    json!({ "action": action, "userIds": users })
                })
                .collect();
            json!({ "resource": resource, "actionAuthList": by_action })
        })
        .collect();
    Ok(json!({ "authUserList": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SameLevel {
    /// Absent checks the resource itself rather than nodes under it.
    resource_node_codes: Option<Vec<String>>,
    #[serde(default)]
    resource: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    namespace_code: String,
}

/// `checkUserSameLevelPermission`: the action on each of the named nodes
/// directly under a tree resource's path, or, naming no nodes, on the
/// resource itself (the one level a string or array resource has).
pub(super) fn check_user_same_level_permission(input: &Input, state: &mut State) -> Outcome {
    let request: SameLevel = typed(input)?;
    // The list's rules hold for a list that is sent; the service accepts none.
    let node_rules = if request.resource_node_codes.is_some() { RESOURCES } else { &[] };
    rules::check(&[
        ("resourceNodeCodes", request.resource_node_codes.as_ref().into(), node_rules),
        ("resource", (&request.resource).into(), REQUIRED),
        ("action", (&request.action).into(), REQUIRED),
        ("userId", (&request.user_id).into(), REQUIRED),
        ("namespaceCode", (&request.namespace_code).into(), REQUIRED),
    ])?;
    check_namespace(state, &request.namespace_code)?;
    let user_id = resolve::user_id(state, &request.user_id, "user_id")?;
    let verdict = |node: &str, path: &str| {
        json!({
            "action": request.action,
            "resourceNodeCode": node,
            "enabled": allowed(state, &user_id, &request.namespace_code, path, &request.action),
        })
    };
    let results: Vec<Value> = match &request.resource_node_codes {
        Some(nodes) => nodes.iter().map(|node| verdict(node, &format!("{}/{node}", request.resource))).collect(),
        None => vec![verdict(&request.resource, &request.resource)],
    };
    Ok(json!({ "checkLevelResultList": results }))
}

/// The actions of `resource` (a resource's code, or the path to one of its
/// tree nodes) the user may do.
fn allowed_actions<'a>(state: &State, user_id: &str, data: &'a DataResource, resource: &str) -> Vec<&'a String> {
    data.actions.iter().filter(|action| allowed(state, user_id, &data.namespace, resource, action)).collect()
}

/// Each node of a tree resource's `nodes` under `path`, as a `TreeStructs`
/// with the actions the user may do on it; the children likewise.
fn tree_actions(state: &State, user_id: &str, data: &DataResource, path: &str, nodes: &Value) -> Vec<Value> {
    let nodes = nodes.as_array().map_or(&[][..], Vec::as_slice);
    nodes
        .iter()
        .map(|node| {
            let code = node.get("code").and_then(Value::as_str).unwrap_or_default();
            let node_path = format!("{path}/{code}");
            let mut out = json!({
                "code": code,
                "name": node.get("name").cloned().unwrap_or_default(),
                "actions": allowed_actions(state, user_id, data, &node_path),
                "children": tree_actions(state, user_id, data, &node_path, node.get("children").unwrap_or(&Value::Null)),
            });
            if let Some(value) = node.get("value") {
                out["value"] = value.clone();
            }
            out
        })
        .collect()
}

/// Each node of a tree resource as a `TreeAuthBo` (path, name, actions),
/// parents before children, leaving out nodes the user may do nothing on.
fn tree_grants(state: &State, user_id: &str, data: &DataResource, path: &str, nodes: &Value, out: &mut Vec<Value>) {
    for node in nodes.as_array().map_or(&[][..], Vec::as_slice) {
        let code = node.get("code").and_then(Value::as_str).unwrap_or_default();
        let node_path = format!("{path}/{code}");
        let actions = allowed_actions(state, user_id, data, &node_path);
        if !actions.is_empty() {
            let mut grant = json!({
                "nodePath": node_path.split_once('/').map_or("", |(_, p)| p),
                "nodeName": node.get("name").cloned().unwrap_or_default(),
                "nodeActions": actions,
            });
            if let Some(value) = node.get("value") {
                grant["nodeValue"] = value.clone();
            }
            out.push(grant);
        }
        tree_grants(state, user_id, data, &node_path, node.get("children").unwrap_or(&Value::Null), out);
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Struct {
    #[serde(default)]
    resource_code: String,
    user_id: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    namespace_code: String,
}

/// What the user may do with a resource, laid over its structure.
fn resource_struct(input: &Input, state: &State, user_field: &str, id_type: &str) -> Outcome {
    let request: Struct = typed(input)?;
    let reference = if id_type == "external_id" { &request.external_id } else { &request.user_id };
    let reference = reference.as_deref().unwrap_or_default();
    rules::check(&[
        ("resourceCode", (&request.resource_code).into(), REQUIRED),
        (user_field, reference.into(), REQUIRED),
        ("namespaceCode", (&request.namespace_code).into(), REQUIRED),
    ])?;
    check_namespace(state, &request.namespace_code)?;
    let user_id = resolve::user_id(state, reference, id_type)?;
    let data = state
        .data_resources
        .iter()
        .find(|r| r.namespace == request.namespace_code && r.code == request.resource_code)
        .ok_or_else(|| ApiFault::of(&errors::DATA_RESOURCE_NOT_FOUND))?;
    let mut out = json!({
        "namespaceCode": data.namespace,
        "resourceCode": data.code,
        "resourceType": data.kind,
    });
    let actions = allowed_actions(state, &user_id, data, &data.code);
    match data.kind {
        DataResourceType::String => {
            out["strResourceAuthAction"] = json!({ "value": data.structure, "actions": actions });
        }
        DataResourceType::Array => {
            out["arrResourceAuthAction"] = json!({ "values": data.structure, "actions": actions });
        }
        DataResourceType::Tree => {
            let nodes = tree_actions(state, &user_id, data, &data.code, &data.structure);
            out["treeResourceAuthAction"] = json!({ "nodeAuthActionList": nodes });
        }
    }
    Ok(out)
}

/// `getUserResourceStruct`.
pub(super) fn get_user_resource_struct(input: &Input, state: &mut State) -> Outcome {
    resource_struct(input, state, "userId", "user_id")
}

/// `getExternalUserResourceStruct`: the same, for a user named by the caller's own id.
pub(super) fn get_external_user_resource_struct(input: &Input, state: &mut State) -> Outcome {
    resource_struct(input, state, "externalId", "external_id")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PermissionList {
    #[serde(default)]
    user_ids: Vec<String>,
    #[serde(default)]
    namespace_codes: Vec<String>,
}

/// `getUserPermissionList`: for each user and each namespace asked for
/// (every namespace when none is), the data resources the user may do
/// anything with, and what.
pub(super) fn get_user_permission_list(input: &Input, state: &mut State) -> Outcome {
    let request: PermissionList = typed(input)?;
    rules::check(&[("userIds", (&request.user_ids).into(), REQUIRED)])?;
    for code in &request.namespace_codes {
        check_namespace(state, code)?;
    }
    let user_ids = resolve::user_ids(state, &request.user_ids, "user_id")?;
    let namespaces: Vec<&str> = if request.namespace_codes.is_empty() {
        state.namespaces.0.iter().map(|n| n.code.as_str()).collect()
    } else {
        request.namespace_codes.iter().map(String::as_str).collect()
    };
    let mut list = Vec::new();
    for user_id in &user_ids {
        for namespace in &namespaces {
            let resources: Vec<Value> = state
                .data_resources
                .iter()
                .filter(|r| r.namespace == *namespace)
                .filter_map(|data| {
                    let mut out = json!({ "resourceCode": data.code, "resourceType": data.kind });
                    let actions = allowed_actions(state, user_id, data, &data.code);
                    match data.kind {
                        DataResourceType::String if !actions.is_empty() => {
                            out["strAuthorize"] = json!({ "value": data.structure, "actions": actions });
                        }
                        DataResourceType::Array if !actions.is_empty() => {
                            out["arrAuthorize"] = json!({ "values": data.structure, "actions": actions });
                        }
                        DataResourceType::Tree => {
                            let mut grants = Vec::new();
                            tree_grants(state, user_id, data, &data.code, &data.structure, &mut grants);
                            if grants.is_empty() {
                                return None;
                            }
                            out["treeAuthorize"] = json!({ "authList": grants });
                        }
                        _ => return None,
                    }
                    Some(out)
                })
                .collect();
            if !resources.is_empty() {
                list.push(json!({ "userId": user_id, "namespaceCode": namespace, "resourceList": resources }));
            }
        }
    }
    Ok(json!({ "userPermissionList": list }))
}
