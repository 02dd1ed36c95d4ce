//! The importer from a vendor OpenAPI document to `spec/openapi.json`.
//!
//! It keeps facts (paths, methods, operation ids, parameters, types, required
//! flags, enums, defaults, limits) and drops every piece of vendor prose
//! (`summary`, `description`). Our own docs live in `spec/docs/`, which this
//! importer never touches, so they survive a re-import.
//!
//! Normalisations, each one so that progenitor/typify produce the right Rust:
//! * integers where the meaning is integral (status codes, counts, paging,
//!   millisecond timestamps) instead of TypeScript's `number`;
//! * one shared `UserIdType` and one `DepartmentIdType` schema referenced
//!   wherever those enums appear (query parameter, `options`, body field);
//! * `any`-typed fields are never required (the live API does not require them);
//! * array limits stated by the vendor's pages become `maxItems`;
//! * fields the vendor requires but the live service does without, as the
//!   official SDK's own suite records, are not required, and answers the
//!   service shapes otherwise than the vendor says take the service's shape.
//!
//! The output is a pure function of the input, so importing twice changes nothing.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};
use std::path::Path;

/// Where the imported facts live, relative to the workspace root.
pub const SPEC_FILE: &str = "spec/openapi.json";

const USER_ID_TYPES: [&str; 8] =
    ["user_id", "external_id", "phone", "email", "username", "identity", "sync_relation", "custom_field"];
const DEPARTMENT_ID_TYPES: [&str; 5] = ["department_id", "open_department_id", "sync_relation", "custom_field", "code"];

/// Array limits that the vendor's documentation pages state but its
/// machine-readable document omits: (schema, property, maxItems).
const DOCUMENTED_LIMITS: &[(&str, &str, u64)] = &[("DeleteUsersBatchDto", "userIds", 50)];

/// Fields the vendor's document requires but the live service accepts
/// without: (schema, property, the record of it). The service is the
/// truth, so neither the client nor the emulator may demand them.
const SERVICE_OPTIONAL: &[(&str, &str, &str)] = &[
    (
        "CreateGroupReqDto",
        "type",
        "authing-node-sdk 4.0.1 test/groups/createGroup.spec.ts creates groups without `type` and expects 200",
    ),
    (
        "UpdateRoleDto",
        "name",
        "authing-node-sdk 4.0.1 test/roles/updateRole.spec.ts updates roles without `name` and expects 200",
    ),
    // A user never authenticated has no principal; the suite's case only
    // asks that the fields be there, which null satisfies.
    ("PrincipalAuthenticationInfoDto", "principalType", "the same suite case, on a user never authenticated"),
    ("PrincipalAuthenticationInfoDto", "principalCode", "the same suite case, on a user never authenticated"),
    ("PrincipalAuthenticationInfoDto", "principalName", "the same suite case, on a user never authenticated"),
    ("PrincipalAuthenticationInfoDto", "authenticatedAt", "the same suite case, on a user never authenticated"),
    (
        "CheckUserSameLevelPermissionDto",
        "resourceNodeCodes",
        "authing-node-sdk 4.0.1 test/data-permission/authentication/checkUserSameLevelPermission.spec.ts checks a \
         string resource without `resourceNodeCodes` and expects 200 with the resource's own verdict",
    ),
    (
        "CreateTenantDto",
        "appIds",
        "authing-node-sdk 4.0.1 test/tenant/createTenant.spec.ts creates tenants with only `name` and expects 200",
    ),
    (
        "CreateTenantUserReqDto",
        "gender",
        "authing-node-sdk 4.0.1 test/tenant/createTenantUser.spec.ts sends no `gender` in its refused cases and \
         expects the service's own refusals (an identifier missing, an email's format), not a missing `gender`",
    ),
    (
        "CreateTenantUserReqDto",
        "tenantId",
        "authing-node-sdk 4.0.1 test/tenant/createTenantUser.spec.ts creates a tenant user without `tenantId` \
         and expects 200 with the user, and its refused cases get the service's own refusals of the user fields",
    ),
    // A tenant user created without a tenant (the case above) is a member
    // of none, so it has no tenant and no member id.
    ("TenantUserDto", "tenantId", "the same suite case: a tenant user created without `tenantId`"),
    ("TenantUserDto", "memberId", "the same suite case: a tenant user created without `tenantId`"),
    // A pool user needs only one of username, phone and email, and one who
    // never signed in has no last sign-in: the suite's users/createUser.spec.ts
    // expects `lastLogin` null on a new user.
    ("MultipleTenantAdminDto", "name", "a pool user need not have a name (users/createUser.spec.ts)"),
    ("MultipleTenantAdminDto", "phone", "a pool user need not have a phone (users/createUser.spec.ts)"),
    ("MultipleTenantAdminDto", "email", "a pool user need not have an email (users/createUser.spec.ts)"),
    ("MultipleTenantAdminDto", "lastLogin", "users/createUser.spec.ts expects `lastLogin` null on a new user"),
    // The vendor's document repeats the envelope's status inside these
    // pages; the live service does not.
    (
        "ResourcePagingDto",
        "statusCode",
        "hefanxu/terraform-provider-authing scripts/acceptance/namespace_probe_diagnostic_impl_test.go (68368a33) \
         records a live `list-resources` empty page as `data` of exactly `{totalCount: 0, list: []}`",
    ),
    ("ResourcePagingDto", "message", "the same record: no `message` inside the live page"),
    (
        "CommonResourcePagingDto",
        "statusCode",
        "declared as ResourcePagingDto is, whose live answer lacks it (the record above)",
    ),
    (
        "CommonResourcePagingDto",
        "message",
        "declared as ResourcePagingDto is, whose live answer lacks it (the record above)",
    ),
];

/// Query parameters the vendor's document requires but the live service
/// accepts without: (operation id, parameter, the record of it). The
/// service is the truth, as for [`SERVICE_OPTIONAL`].
const SERVICE_OPTIONAL_PARAMETERS: &[(&str, &str, &str)] = &[(
    "listPipelineFunctions",
    "scene",
    "authing-node-sdk 4.0.1 src/ManagementClient.ts documents `scene` as an optional filter (all scenes by \
     default), and test/pipeline/listPipelineFunctions.spec.ts lists without it and expects 200",
)];

/// Answer fields whose schema the live service contradicts: (schema,
/// property, the schema it really holds, the record of it).
const SERVICE_SHAPES: &[(&str, &str, &str, &str)] = &[(
    "PrincipalAuthenticationInfoPaginatedRespDto",
    "data",
    "PrincipalAuthenticationInfoDto",
    "authing-node-sdk 4.0.1 test/users/getUserPrincipalAuthenticationInfo.spec.ts reads `authenticated`, \
     `principalType`, ... straight off `data`: one record, not a page",
)];

/// Operations whose answer the live service shapes otherwise than the
/// vendor says: (operation id, the response schema it really answers
/// with, the record of it).
const SERVICE_RESPONSES: &[(&str, &str, &str)] = &[
    (
        "createSyncTask",
        "SyncTaskSingleRespDto",
        "authing-node-sdk 4.0.1 test/sync-center/createSyncTask.spec.ts reads `syncTaskType` straight off `data`: \
         the task created, not a page",
    ),
    (
        "updateSyncTask",
        "SyncTaskSingleRespDto",
        "authing-node-sdk 4.0.1 test/sync-center/updateSyncTask.spec.ts reads `syncTaskType` straight off `data`: \
         the task changed, not a page",
    ),
];

/// Names whose values are whole numbers by meaning, although TypeScript calls them `number`.
const INTEGRAL_NAMES: &[&str] = &[
    "statusCode",
    "apiCode",
    "totalCount",
    "page",
    "limit",
    "pageNo",
    "pageSize",
    "count",
    "startIndex",
    "nextStartIndex",
    "maxSize",
    "syncTaskId",
    "syncJobId",
    "syncRiskOperationId",
    "syncRiskOperationIds",
    // Millisecond timestamps.
    "createdAfter",
    "createdBefore",
    "updatedAfter",
    "updatedBefore",
    "updatedAtStart",
    "updatedAtEnd",
    "startAt",
    "expireAt",
    "start",
    "end",
    "startTime",
    "endTime",
    "enableTime",
    "disableTime",
];

/// Suffixes of counters: `membersCount`, `accountCountAll`, `departmentCountSucc`, ...
const INTEGRAL_SUFFIXES: &[&str] = &["Count", "CountAll", "CountSucc"];

fn is_integral(name: &str) -> bool {
    INTEGRAL_NAMES.contains(&name) || INTEGRAL_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Reads a vendor document and returns the text of `spec/openapi.json`.
pub fn import_file(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let vendor: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let spec = import(&vendor)?;
    Ok(serde_json::to_string_pretty(&spec)? + "\n")
}

/// Turns a vendor document into our spec: facts only, normalised.
pub fn import(vendor: &Value) -> Result<Value> {
    let Some(paths) = vendor.get("paths").and_then(Value::as_object) else {
        bail!("the vendor document has no `paths` object");
    };
    let Some(schemas) = vendor.pointer("/components/schemas").and_then(Value::as_object) else {
        bail!("the vendor document has no `components.schemas` object");
    };

    let mut out_paths = Map::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            bail!("path item {path} is not an object");
        };
        let mut out_item = Map::new();
        for (method, op) in item {
            out_item.insert(method.clone(), import_operation(path, method, op)?);
        }
        out_paths.insert(path.clone(), Value::Object(out_item));
    }

    let mut out_schemas = Map::new();
    out_schemas.insert("UserIdType".into(), shared_enum(&USER_ID_TYPES));
    out_schemas.insert("DepartmentIdType".into(), shared_enum(&DEPARTMENT_ID_TYPES));
    for (name, schema) in schemas {
        if out_schemas.contains_key(name) {
            bail!("the vendor document defines {name}, which the importer reserves");
        }
        let mut schema = normalise_schema(schema, None);
        apply_documented_limits(name, &mut schema);
        apply_service_optional(name, &mut schema);
        apply_service_shapes(name, &mut schema);
        out_schemas.insert(name.clone(), schema);
    }

    let tags: Vec<Value> = vendor
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| tags.iter().filter_map(|t| t.get("name")).map(|n| json!({ "name": n })).collect())
        .unwrap_or_default();
    let servers: Vec<Value> = vendor
        .get("servers")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(|s| s.get("url")).map(|u| json!({ "url": u })).collect())
        .unwrap_or_default();

    Ok(json!({
        "openapi": "3.0.3",
        "info": {
            "title": "GenAuth V3 Management API",
            "version": vendor.pointer("/info/version").cloned().unwrap_or(json!("unknown")),
        },
        "servers": servers,
        "tags": tags,
        "paths": out_paths,
        "components": {
            "schemas": out_schemas,
            "securitySchemes": {
                "akskSignature": { "type": "apiKey", "in": "header", "name": "authorization" },
            },
        },
        "security": [{ "akskSignature": [] }],
    }))
}

fn import_operation(path: &str, method: &str, op: &Value) -> Result<Value> {
    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
        bail!("{method} {path} has no operationId");
    };
    let mut out = Map::new();
    out.insert("operationId".into(), json!(id));
    for key in ["tags", "deprecated", "x-only-in"] {
        if let Some(v) = op.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        let mut params: Vec<Value> = params.iter().map(import_parameter).collect::<Result<_>>()?;
        apply_service_optional_parameters(id, &mut params);
        out.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = op.get("requestBody") {
        let Some(schema) = body.pointer("/content/application~1json/schema") else {
            bail!("{id}: request body is not application/json");
        };
        out.insert(
            "requestBody".into(),
            json!({
                "required": body.get("required").cloned().unwrap_or(json!(false)),
                "content": { "application/json": { "schema": normalise_schema(schema, None) } },
            }),
        );
    }
    let Some(schema) = op.pointer("/responses/200/content/application~1json/schema") else {
        bail!("{id}: no 200 application/json response");
    };
    let schema = match SERVICE_RESPONSES.iter().find(|(op, _, _)| *op == id) {
        Some((_, shape, _)) => json!({ "$ref": format!("#/components/schemas/{shape}") }),
        None => normalise_schema(schema, None),
    };
    out.insert(
        "responses".into(),
        json!({
            "200": {
                "description": "OK",
                "content": { "application/json": { "schema": schema } },
            }
        }),
    );
    Ok(Value::Object(out))
}

fn import_parameter(param: &Value) -> Result<Value> {
    let Some(name) = param.get("name").and_then(Value::as_str) else {
        bail!("a parameter has no name: {param}");
    };
    let mut out = Map::new();
    for key in ["name", "in", "required", "style", "explode", "deprecated"] {
        if let Some(v) = param.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let schema = param.get("schema").cloned().unwrap_or(json!({}));
    out.insert("schema".into(), normalise_schema(&schema, Some(name)));
    Ok(Value::Object(out))
}

fn shared_enum(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values, "default": values[0] })
}

/// Which shared enum, if any, a field named `name` with schema `schema` is.
fn shared_enum_ref(name: Option<&str>, schema: &Map<String, Value>) -> Option<&'static str> {
    let (target, allowed): (&str, &[&str]) = match name? {
        "userIdType" => ("UserIdType", &USER_ID_TYPES),
        "departmentIdType" => ("DepartmentIdType", &DEPARTMENT_ID_TYPES),
        _ => return None,
    };
    let values = schema.get("enum")?.as_array()?;
    let fits = values.iter().all(|v| v.as_str().is_some_and(|s| allowed.contains(&s)));
    fits.then_some(if target == "UserIdType" {
        "#/components/schemas/UserIdType"
    } else {
        "#/components/schemas/DepartmentIdType"
    })
}

/// Normalises one schema; `name` is the property or parameter it describes.
fn normalise_schema(schema: &Value, name: Option<&str>) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    if let Some(target) = shared_enum_ref(name, obj) {
        return json!({ "$ref": target });
    }
    let mut out = Map::new();
    for (key, value) in obj {
        match key.as_str() {
            "description" | "summary" | "x-ts-type" | "example" => {}
            "properties" => {
                let props = value.as_object().map(|props| {
                    props.iter().map(|(k, v)| (k.clone(), normalise_schema(v, Some(k)))).collect::<Map<_, _>>()
                });
                out.insert(key.clone(), props.map(Value::Object).unwrap_or_else(|| value.clone()));
            }
            "items" => {
                out.insert(key.clone(), normalise_schema(value, name));
            }
            "oneOf" | "anyOf" | "allOf" => {
                let list = value.as_array().map(|l| l.iter().map(|s| normalise_schema(s, None)).collect::<Vec<_>>());
                out.insert(key.clone(), list.map(Value::Array).unwrap_or_else(|| value.clone()));
            }
            // One vendor schema (`DepartmentPagingDto`) types `totalCount` as a
            // boolean; it is a count everywhere else and on the wire.
            "type"
                if (value == "number" || (value == "boolean" && name == Some("totalCount")))
                    && name.is_some_and(is_integral) =>
            {
                out.insert(key.clone(), json!("integer"));
                out.insert("format".into(), json!("int64"));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    relax_required_any(obj, &mut out);
    Value::Object(out)
}

/// A field the vendor SDK types as `any` is never required by the live API.
fn relax_required_any(original: &Map<String, Value>, out: &mut Map<String, Value>) {
    let (Some(required), Some(props)) =
        (original.get("required").and_then(Value::as_array), original.get("properties").and_then(Value::as_object))
    else {
        return;
    };
    let is_any = |name: &str| {
        props
            .get(name)
            .and_then(Value::as_object)
            .is_some_and(|p| p.get("x-ts-type").and_then(Value::as_str) == Some("any"))
    };
    let kept: Vec<Value> = required.iter().filter(|r| !r.as_str().is_some_and(is_any)).cloned().collect();
    if kept.is_empty() {
        out.remove("required");
    } else {
        out.insert("required".into(), Value::Array(kept));
    }
}

fn apply_service_shapes(schema_name: &str, schema: &mut Value) {
    for (name, prop, shape, _) in SERVICE_SHAPES {
        if *name == schema_name
            && let Some(p) = schema.pointer_mut(&format!("/properties/{prop}"))
        {
            *p = json!({ "$ref": format!("#/components/schemas/{shape}") });
        }
    }
}

fn apply_service_optional(schema_name: &str, schema: &mut Value) {
    for (name, prop, _) in SERVICE_OPTIONAL {
        if *name != schema_name {
            continue;
        }
        let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) else { continue };
        required.retain(|r| r != prop);
        if required.is_empty() {
            schema.as_object_mut().map(|o| o.remove("required"));
        }
    }
}

fn apply_service_optional_parameters(operation_id: &str, params: &mut [Value]) {
    for (op, name, _) in SERVICE_OPTIONAL_PARAMETERS {
        if *op != operation_id {
            continue;
        }
        for param in params.iter_mut().filter(|p| p.get("name").and_then(Value::as_str) == Some(*name)) {
            param.as_object_mut().map(|p| p.insert("required".into(), json!(false)));
        }
    }
}

fn apply_documented_limits(schema_name: &str, schema: &mut Value) {
    for (name, prop, max) in DOCUMENTED_LIMITS {
        if *name != schema_name {
            continue;
        }
        if let Some(p) = schema.pointer_mut(&format!("/properties/{prop}")).and_then(Value::as_object_mut) {
            p.insert("maxItems".into(), json!(max));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_names_become_integers_and_prose_is_dropped() {
        let vendor = json!({
            "info": {"version": "v1", "description": "vendor prose"},
            "paths": {"/a": {"get": {
                "operationId": "a", "summary": "prose", "description": "prose",
                "parameters": [
                    {"name": "page", "in": "query", "required": false, "description": "x", "schema": {"type": "number"}},
                    {"name": "userIdType", "in": "query", "required": false, "schema": {"type": "string", "enum": ["user_id", "email"], "default": "user_id"}}
                ],
                "responses": {"200": {"description": "R", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/R"}}}}}
            }}},
            "components": {"schemas": {"R": {"type": "object", "required": ["statusCode", "meta"], "properties": {
                "statusCode": {"type": "number", "description": "prose"},
                "ratio": {"type": "number"},
                "meta": {"x-ts-type": "any", "description": "prose"},
                "description": {"type": "string", "description": "a field named description stays"}
            }}}}
        });
        let spec = import(&vendor).unwrap();
        let text = spec.to_string();
        assert!(!text.contains("prose"), "{text}");
        let p = &spec["paths"]["/a"]["get"]["parameters"];
        assert_eq!(p[0]["schema"]["type"], "integer");
        assert_eq!(p[1]["schema"]["$ref"], "#/components/schemas/UserIdType");
        let r = &spec["components"]["schemas"]["R"];
        assert_eq!(r["properties"]["statusCode"]["type"], "integer");
        assert_eq!(r["properties"]["ratio"]["type"], "number");
        assert_eq!(r["required"], json!(["statusCode"]));
        assert_eq!(r["properties"]["description"], json!({"type": "string"}));
    }

    #[test]
    fn import_is_idempotent_on_the_reference() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate::DEFAULT_VENDOR);
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("the reference document is missing at {}", path.display());
        };
        let vendor: Value = serde_json::from_str(&text).unwrap();
        let once = import(&vendor).unwrap();
        assert_eq!(once, import(&vendor).unwrap());
        let ops: usize = once["paths"].as_object().unwrap().values().map(|i| i.as_object().unwrap().len()).sum();
        assert_eq!(ops, 496);
        assert_eq!(once["components"]["schemas"]["DeleteUsersBatchDto"]["properties"]["userIds"]["maxItems"], 50);
        assert_eq!(once["components"]["schemas"]["DepartmentPagingDto"]["properties"]["totalCount"]["type"], "integer");
        let required = |schema: &str| once["components"]["schemas"][schema]["required"].clone();
        assert_eq!(
            required("CreateGroupReqDto"),
            json!(["description", "name", "code"]),
            "the service does without type"
        );
        assert_eq!(required("UpdateRoleDto"), json!(["newCode", "code"]), "the service does without name");
        assert_eq!(required("ResourcePagingDto"), json!(["totalCount", "list"]), "the live page has no status");
        let created = &once["paths"]["/api/v3/create-sync-task"]["post"]["responses"]["200"];
        assert_eq!(
            created["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/SyncTaskSingleRespDto",
            "the service answers the task"
        );
        let scene = &once["paths"]["/api/v3/list-pipeline-functions"]["get"]["parameters"][0];
        assert_eq!(
            (scene["name"].as_str(), scene["required"].as_bool()),
            (Some("scene"), Some(false)),
            "all scenes by default"
        );
    }
}
