//! A pool's starting state, as a JSON document: [`Seed`].

use crate::emulator::state::State;
use crate::emulator::{areas, schema};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::path::Path;

/// A pool's starting state, as a JSON document.
///
/// A seed is applied through the emulator's own operations, in order:
/// `setCustomFields` with every custom field, `createNamespace` for each
/// namespace, `createApplication` for each application (which makes its
/// namespace too), `createUser` for each user, `createOrganization` and
/// `createDepartment` down each tree, `createGroup`, `createRole`, then the
/// memberships, then `createResource` for each resource, then
/// `createTenant` and `addTenantUsers` for each tenant, and last
/// `createExtIdp` and `createExtIdpConn` for each identity provider. So a
/// seed is held to exactly the rules requests are, and a seed that the
/// service would refuse fails the start with the operation's refusal.
///
/// ```json
/// {
///   "customFields": [{ "targetType": "USER", "dataType": "STRING", "key": "school", "label": "School" }],
///   "namespaces": [{ "code": "billing", "name": "Billing" }],
///   "applications": [{ "appId": "5a597f35085a2000144a10f1", "appName": "Portal", "appIdentifier": "portal" }],
///   "users": [
///     { "username": "alice", "email": "alice@example.com", "customData": { "school": "pku" } }
///   ],
///   "organizations": [{
///     "organizationCode": "acme",
///     "organizationName": "Acme",
///     "members": ["alice"],
///     "departments": [
///       { "name": "Engineering", "code": "eng", "members": ["alice"], "children": [{ "name": "Platform" }] }
///     ]
///   }],
///   "groups": [{ "code": "staff", "name": "Staff", "description": "", "type": "static", "members": ["alice"] }],
///   "roles": [{ "code": "admin", "namespace": "billing", "members": ["alice"] }],
///   "resources": [{ "code": "invoices", "type": "DATA", "namespace": "billing" }],
///   "tenants": [{ "tenantId": "5a597f35085a2000144a10f0", "name": "Acme China", "members": ["alice"] }],
///   "extIdps": [{
///     "name": "Corporate SSO", "type": "oidc",
///     "connections": [{ "type": "oidc", "identifier": "corp", "displayName": "Corp" }]
///   }]
/// }
/// ```
///
/// Each custom field is an item of `setCustomFields`' list; each namespace,
/// resource, user, organization, department, group and role is the body of its
/// create operation, with `members` (usernames of seeded users) and, for
/// departments, `children` added; each identity provider is the body of
/// `createExtIdp` with `connections`, bodies of `createExtIdpConn` without
/// the provider's id (a provider of a tenant names the tenant's seeded
/// `tenantId`). A user may also carry the `userId` it has
/// in the pool the seed mirrors (24 hex digits, as the service's ids are),
/// so that callers holding that id find it; otherwise the emulator assigns
/// one. A tenant may carry its `tenantId` the same way, and an application
/// its `appId` (which codes its namespace too). Unknown top-level keys are refused, so a seed never silently loses
/// what the emulator cannot hold yet. `examples/data/seed.json` is a whole
/// one, and `examples/seeded_pool.rs` starts an emulator from it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seed {
    /// `createUser` bodies, each with an optional `userId`.
    #[serde(default)]
    users: Vec<SeedUser>,
    /// `createOrganization` bodies with their trees.
    #[serde(default)]
    organizations: Vec<SeedNode>,
    /// `createGroup` bodies with their members.
    #[serde(default)]
    groups: Vec<SeedNode>,
    /// `createRole` bodies with their members.
    #[serde(default)]
    roles: Vec<SeedNode>,
    /// Items of `setCustomFields`' list.
    #[serde(default)]
    custom_fields: Vec<Value>,
    /// `createNamespace` bodies.
    #[serde(default)]
    namespaces: Vec<Map<String, Value>>,
    /// `createApplication` bodies, each with an optional `appId`.
    #[serde(default)]
    applications: Vec<SeedApplication>,
    /// `createResource` bodies.
    #[serde(default)]
    resources: Vec<Map<String, Value>>,
    /// `createTenant` bodies with their members.
    #[serde(default)]
    tenants: Vec<SeedTenant>,
    /// `createExtIdp` bodies with their connections.
    #[serde(default)]
    ext_idps: Vec<SeedExtIdp>,
}

/// A `createUser` body and the id the user keeps, if the seed gives one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedUser {
    #[serde(default)]
    user_id: Option<String>,
    #[serde(flatten)]
    body: Map<String, Value>,
}

/// A create body plus the relations the seed adds to what it creates.
#[derive(Clone, Debug, Default, Deserialize)]
struct SeedNode {
    /// Usernames of seeded users who join.
    #[serde(default)]
    members: Vec<String>,
    /// Departments below this one (organizations and departments only).
    #[serde(default, alias = "departments")]
    children: Vec<SeedNode>,
    #[serde(flatten)]
    body: Map<String, Value>,
}

impl Seed {
    /// Parses a seed document.
    pub fn from_json(text: &str) -> Result<Seed, std::io::Error> {
        serde_json::from_str(text).map_err(|e| invalid(format!("the seed is not a valid seed document: {e}")))
    }

    /// Reads and parses a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, std::io::Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("reading the seed {}: {e}", path.display())))?;
        Self::from_json(&text).map_err(|e| invalid(format!("{}: {e}", path.display())))
    }

    /// Creates everything the seed holds in `state`.
    pub(crate) fn apply(&self, state: &mut State) -> Result<(), std::io::Error> {
        if !self.custom_fields.is_empty() {
            call(state, "setCustomFields", as_map(json!({ "list": self.custom_fields })))?;
        }
        for namespace in &self.namespaces {
            call(state, "createNamespace", namespace.clone())?;
        }
        for application in &self.applications {
            application.apply(state)?;
        }
        for user in &self.users {
            let created = call(state, "createUser", user.body.clone())?;
            if let Some(id) = &user.user_id {
                keep_user_id(state, created["userId"].as_str().unwrap_or_default(), id)?;
            }
        }
        for organization in &self.organizations {
            let created = call(state, "createOrganization", organization.body.clone())?;
            let code = created["organizationCode"].as_str().unwrap_or_default().to_owned();
            let root = created["departmentId"].as_str().unwrap_or_default().to_owned();
            add_department_members(state, &code, &root, &organization.members)?;
            for child in &organization.children {
                department(state, &code, &root, child)?;
            }
        }
        for group in &self.groups {
            let created = call(state, "createGroup", group.body.clone())?;
            if !group.members.is_empty() {
                let body = json!({ "code": created["code"], "userIds": user_ids(state, &group.members)? });
                call(state, "addGroupMembers", as_map(body))?;
            }
        }
        for role in &self.roles {
            let created = call(state, "createRole", role.body.clone())?;
            if !role.members.is_empty() {
                let targets: Vec<Value> = user_ids(state, &role.members)?
                    .into_iter()
                    .map(|id| json!({ "targetType": "USER", "targetIdentifier": id }))
                    .collect();
                let body = json!({ "code": created["code"], "namespace": created["namespace"], "targets": targets });
                call(state, "assignRole", as_map(body))?;
            }
        }
        for resource in &self.resources {
            call(state, "createResource", resource.clone())?;
        }
        for tenant in &self.tenants {
            tenant.apply(state)?;
        }
        for idp in &self.ext_idps {
            let created = call(state, "createExtIdp", idp.body.clone())?;
            for connection in &idp.connections {
                let mut body = connection.clone();
                body.insert("extIdpId".into(), created["id"].clone());
                if let Some(tenant) = idp.body.get("tenantId") {
                    body.insert("tenantId".into(), tenant.clone());
                }
                call(state, "createExtIdpConn", body)?;
            }
        }
        Ok(())
    }
}

/// A `createExtIdp` body and the `createExtIdpConn` bodies of its connections.
#[derive(Clone, Debug, Default, Deserialize)]
struct SeedExtIdp {
    #[serde(default)]
    connections: Vec<Map<String, Value>>,
    #[serde(flatten)]
    body: Map<String, Value>,
}

/// A `createTenant` body, the id the tenant keeps if the seed gives one,
/// and the usernames of seeded users who are its members.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedTenant {
    #[serde(default)]
    tenant_id: Option<String>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(flatten)]
    body: Map<String, Value>,
}

impl SeedTenant {
    fn apply(&self, state: &mut State) -> Result<(), std::io::Error> {
        let created = call(state, "createTenant", self.body.clone())?;
        let mut id = created["tenantId"].as_str().unwrap_or_default().to_owned();
        if let Some(wanted) = &self.tenant_id {
            if !is_service_id(wanted) {
                return Err(invalid(format!("the seed's tenantId {wanted:?} is not 24 hex digits")));
            }
            if state.tenant_records.iter().any(|t| &t.id == wanted) {
                return Err(invalid(format!("the seed gives tenantId {wanted:?} twice")));
            }
            if let Some(tenant) = state.tenant_records.iter_mut().find(|t| t.id == id) {
                tenant.id.clone_from(wanted);
            }
            id.clone_from(wanted);
        }
        if !self.members.is_empty() {
            let body = json!({ "tenantId": id, "linkUserIds": user_ids(state, &self.members)? });
            call(state, "addTenantUsers", as_map(body))?;
        }
        Ok(())
    }
}

/// A `createApplication` body and the `appId` the application keeps, if
/// the seed gives one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedApplication {
    #[serde(default)]
    app_id: Option<String>,
    #[serde(flatten)]
    body: Map<String, Value>,
}

impl SeedApplication {
    fn apply(&self, state: &mut State) -> Result<(), std::io::Error> {
        let created = call(state, "createApplication", self.body.clone())?;
        let Some(wanted) = &self.app_id else { return Ok(()) };
        if !is_service_id(wanted) {
            return Err(invalid(format!("the seed's appId {wanted:?} is not 24 hex digits")));
        }
        if state.application(wanted).is_some() || state.namespaces.get(wanted).is_some() {
            return Err(invalid(format!("the seed gives appId {wanted:?} twice")));
        }
        let assigned = created["appId"].as_str().unwrap_or_default();
        // Nothing lives in the new namespace yet, so its code changes alone.
        if let Some(namespace) = state.namespaces.0.iter_mut().find(|n| n.code == assigned) {
            namespace.code.clone_from(wanted);
        }
        if let Some(app) = state.applications.iter_mut().find(|a| a.id == assigned) {
            if app.identifier == assigned {
                app.identifier.clone_from(wanted);
            }
            app.id.clone_from(wanted);
        }
        Ok(())
    }
}

/// Whether `id` has the shape of the service's ids: 24 hex digits.
fn is_service_id(id: &str) -> bool {
    id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit())
}

fn department(state: &mut State, organization: &str, parent: &str, node: &SeedNode) -> Result<(), std::io::Error> {
    let mut body = node.body.clone();
    body.insert("organizationCode".into(), json!(organization));
    body.insert("parentDepartmentId".into(), json!(parent));
    let created = call(state, "createDepartment", body)?;
    let id = created["departmentId"].as_str().unwrap_or_default().to_owned();
    add_department_members(state, organization, &id, &node.members)?;
    for child in &node.children {
        department(state, organization, &id, child)?;
    }
    Ok(())
}

fn add_department_members(
    state: &mut State,
    organization: &str,
    department: &str,
    members: &[String],
) -> Result<(), std::io::Error> {
    if members.is_empty() {
        return Ok(());
    }
    let body = json!({
        "organizationCode": organization,
        "departmentId": department,
        "userIds": user_ids(state, members)?,
    });
    call(state, "addDepartmentMembers", as_map(body)).map(drop)
}

/// Gives the user created as `assigned` the id `wanted` instead.
fn keep_user_id(state: &mut State, assigned: &str, wanted: &str) -> Result<(), std::io::Error> {
    if !is_service_id(wanted) {
        return Err(invalid(format!("the seed's userId {wanted:?} is not 24 hex digits")));
    }
    if state.user(wanted).is_some() {
        return Err(invalid(format!("the seed gives userId {wanted:?} twice")));
    }
    match state.user_mut(assigned) {
        Some(user) => {
            user.id = wanted.to_owned();
            Ok(())
        }
        None => Err(invalid(format!("the seeded user {assigned} vanished"))),
    }
}

/// The ids of seeded users, by username.
fn user_ids(state: &State, usernames: &[String]) -> Result<Vec<String>, std::io::Error> {
    usernames
        .iter()
        .map(|name| {
            state
                .users
                .iter()
                .find(|u| u.username.as_deref() == Some(name))
                .map(|u| u.id.clone())
                .ok_or_else(|| invalid(format!("the seed names member {name:?}, who is no seeded user's username")))
        })
        .collect()
}

fn call(state: &mut State, operation: &str, body: Map<String, Value>) -> Result<Value, std::io::Error> {
    // Through the spec's checks first, as a request would be.
    let spec = schema::spec().operation(operation).ok_or_else(|| invalid(format!("no operation is {operation}")))?;
    let input = spec
        .input_from_fields(&body)
        .map_err(|e| invalid(format!("the seed's {operation} was refused: {}", e.detail)))?;
    match areas::handle(operation, &input, state) {
        Some(Ok(data)) => Ok(data),
        Some(Err(fault)) => Err(invalid(format!("the seed's {operation} was refused: {fault}"))),
        None => Err(invalid(format!("the emulator cannot seed through {operation}"))),
    }
}

fn as_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_builds_users_trees_groups_and_roles() {
        let seed = Seed::from_json(
            r#"{
              "users": [{"username": "alice", "customData": {"school": "pku"}}, {"username": "bob", "userId": "5a597f35085a2000144a10ee"}],
              "organizations": [{"organizationCode": "acme", "organizationName": "Acme", "members": ["bob"],
                "departments": [{"name": "Eng", "code": "eng", "members": ["alice"], "children": [{"name": "Platform", "code": "platform"}]}]}],
              "groups": [{"code": "staff", "name": "Staff", "description": "", "type": "static", "members": ["alice", "bob"]}],
              "roles": [{"code": "admin", "members": ["alice"]}, {"code": "clerk", "namespace": "billing"}],
              "customFields": [{"targetType": "USER", "dataType": "STRING", "key": "school", "label": "School"}],
              "namespaces": [{"code": "billing", "name": "Billing"}],
              "resources": [{"code": "invoices", "type": "DATA", "namespace": "billing"}],
              "tenants": [{"tenantId": "5a597f35085a2000144a10f0", "name": "Acme China", "members": ["alice"]}],
              "applications": [{"appId": "5a597f35085a2000144a10f1", "appName": "Portal", "appIdentifier": "portal"}],
              "extIdps": [{"name": "Acme GitHub", "type": "github", "tenantId": "5a597f35085a2000144a10f0",
                "connections": [{"type": "github", "identifier": "acme-gh", "displayName": "GitHub"}]}]
            }"#,
        )
        .unwrap();
        let mut state = State::default();
        seed.apply(&mut state).unwrap();
        assert_eq!(state.users.len(), 2);
        assert_eq!(state.users[0].custom_data["school"], "pku");
        assert_eq!(state.users[1].id, "5a597f35085a2000144a10ee");
        assert_eq!(state.departments.len(), 3, "root, Eng and Platform");
        let eng = state.departments.iter().find(|d| d.code.as_deref() == Some("eng")).unwrap();
        let platform = state.departments.iter().find(|d| d.code.as_deref() == Some("platform")).unwrap();
        assert_eq!(platform.parent_id.as_deref(), Some(eng.id.as_str()));
        assert_eq!(eng.members.len(), 1);
        assert_eq!(state.groups[0].members.len(), 2);
        assert_eq!(state.roles[0].assignments.len(), 1);
        assert_eq!(state.roles[1].namespace, "billing");
        assert_eq!(state.custom_fields[0].key, "school");
        assert!(state.namespaces.get("billing").is_some());
        assert_eq!((state.resources[0].code.as_str(), state.resources[0].namespace.as_str()), ("invoices", "billing"));
        let tenant = &state.tenant_records[0];
        assert_eq!((tenant.id.as_str(), tenant.name.as_str()), ("5a597f35085a2000144a10f0", "Acme China"));
        assert_eq!(tenant.members[0].link_user_id, state.users[0].id);
        let app = state.application("5a597f35085a2000144a10f1").expect("the seeded application keeps its appId");
        assert_eq!(app.identifier, "portal");
        assert!(state.namespaces.get("5a597f35085a2000144a10f1").is_some(), "and its namespace is coded by it");
        let idp = &state.ext_idps[0];
        assert_eq!(
            (idp.tenant_id.as_deref(), idp.connections[0].identifier.as_str()),
            (Some(tenant.id.as_str()), "acme-gh")
        );
    }

    #[test]
    fn a_bad_seed_is_refused_with_its_reason() {
        let unknown = Seed::from_json(r#"{"widgets": []}"#).unwrap_err();
        assert!(unknown.to_string().contains("widgets"), "{unknown}");
        let seed = Seed::from_json(
            r#"{"groups": [{"code": "g", "name": "G", "description": "", "type": "static", "members": ["nobody"]}]}"#,
        )
        .unwrap();
        let error = seed.apply(&mut State::default()).unwrap_err();
        assert!(error.to_string().contains("nobody"), "{error}");
        let twice = Seed::from_json(
            r#"{"users": [{"username": "a", "userId": "5a597f35085a2000144a10ee"}, {"username": "b", "userId": "5a597f35085a2000144a10ee"}]}"#,
        )
        .unwrap();
        let error = twice.apply(&mut State::default()).unwrap_err();
        assert!(error.to_string().contains("twice"), "{error}");
        let short = Seed::from_json(r#"{"users": [{"username": "a", "userId": "abc"}]}"#).unwrap();
        let error = short.apply(&mut State::default()).unwrap_err();
        assert!(error.to_string().contains("24 hex digits"), "{error}");
        let refused = Seed::from_json(r#"{"users": [{"nickname": "no identifier"}]}"#).unwrap();
        let error = refused.apply(&mut State::default()).unwrap_err();
        assert!(error.to_string().contains("createUser was refused"), "{error}");
    }
}
