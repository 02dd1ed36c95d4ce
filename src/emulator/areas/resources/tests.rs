//! Behaviour of the Resources & permission namespaces area's handlers:
//! namespaces, resources and the grants that reach users.

use crate::emulator::areas::testing::*;

#[test]
fn namespaces_are_created_read_renamed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createNamespace", json!({ "code": "billing", "name": "Billing" }));
    assert_eq!((created["code"].clone(), created["name"].clone()), (json!("billing"), json!("Billing")));
    assert_eq!(ok(&mut state, "getNamespace", json!({ "code": "billing" })), created);
    ok(&mut state, "createNamespacesBatch", json!({ "list": [{ "code": "crm" }, { "code": "hr", "name": "HR" }] }));
    let listed = ok(&mut state, "listNamespaces", json!({}));
    let listed_codes: Vec<&str> =
        listed["list"].as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap()).collect();
    assert_eq!(listed_codes, ["default", "billing", "crm", "hr"]);
    let batch = ok(&mut state, "getNamespacesBatch", json!({ "codeList": ["hr", "nope", "crm"] }));
    assert_eq!(batch.as_array().unwrap().len(), 2);

    // A role and a resource follow their namespace to its new code.
    ok(&mut state, "createRole", json!({ "code": "clerk", "namespace": "billing" }));
    ok(&mut state, "createResource", json!({ "code": "invoice", "type": "DATA", "namespace": "billing" }));
    let updated =
        ok(&mut state, "updateNamespace", json!({ "code": "billing", "newCode": "finance", "name": "Finance" }));
    assert_eq!((updated["code"].clone(), updated["newCode"].clone()), (json!("finance"), json!("finance")));
    ok(&mut state, "getRole", json!({ "code": "clerk", "namespace": "finance" }));
    ok(&mut state, "getResource", json!({ "code": "invoice", "namespace": "finance" }));
    let gone = refused(&mut state, "getNamespace", json!({ "code": "billing" }));
    assert_eq!((zh(&gone), gone.status_code()), ("namespace not exists".into(), 404));

    // Deleting it deletes what lives in it.
    ok(&mut state, "deleteNamespace", json!({ "code": "finance" }));
    assert!(state.roles.is_empty() && state.resources.is_empty());
    let fault = refused(&mut state, "deleteNamespace", json!({ "code": "finance" }));
    assert_eq!((zh(&fault), fault.status_code()), ("权限组不存在".into(), 404));
    ok(&mut state, "deleteNamespacesBatch", json!({ "codeList": ["crm", "never"] }));
    assert!(ok(&mut state, "getNamespacesBatch", json!({ "codeList": ["crm"] })).as_array().unwrap().is_empty());

    // `default` stays.
    for (op, input) in [
        ("deleteNamespace", json!({ "code": "default" })),
        ("deleteNamespacesBatch", json!({ "codeList": ["default"] })),
        ("updateNamespace", json!({ "code": "default", "newCode": "other" })),
    ] {
        assert_eq!(refused(&mut state, op, input).refusal(), &errors::NAMESPACE_BUILT_IN, "{op}");
    }
    ok(&mut state, "updateNamespace", json!({ "code": "default", "name": "Main" }));
    assert_eq!(ok(&mut state, "getNamespace", json!({ "code": "default" }))["name"], "Main");
}

#[test]
fn namespace_codes_are_checked_as_the_service_checks_them() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let item = |code: &str| json!({ "list": [{ "code": code, "name": "n" }] });
    for (op, input, message) in [
        ("createNamespace", json!({ "code": "" }), "参数 code 格式错误".to_owned()),
        ("createNamespace", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("createNamespace", json!({ "code": " " }), "invalid namespace code:  ".to_owned()),
        ("createNamespace", json!({ "code": "额！" }), "invalid namespace code: 额！".to_owned()),
        ("createNamespacesBatch", item(""), "namespace name must not be empty".to_owned()),
        ("createNamespacesBatch", item(&long), format!("invalid namespace code: {long}")),
        ("getNamespace", json!({ "code": "" }), "参数 code 格式错误".to_owned()),
        ("getNamespace", json!({ "code": "额！" }), "namespace not exists".to_owned()),
        ("deleteNamespace", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("deleteNamespace", json!({ "code": " " }), "权限组不存在".to_owned()),
        ("updateNamespace", json!({ "code": "default", "newCode": long }), "参数 newCode 格式错误".to_owned()),
        ("updateNamespace", json!({ "code": "default", "newCode": " " }), "invalid namespace code:  ".to_owned()),
    ] {
        assert_eq!(zh(&refused(&mut state, op, input.clone())), message, "{op} {input}");
    }
    ok(&mut state, "createNamespace", json!({ "code": "a" }));
    let taken = refused(&mut state, "createNamespacesBatch", json!({ "list": [{ "code": "b" }, { "code": "a" }] }));
    assert_eq!(taken.refusal(), &errors::NAMESPACE_CONFLICT);
    assert!(state.namespaces.get("b").is_none(), "a refused batch creates nothing");
    assert_eq!(
        ok(&mut state, "deleteNamespacesBatch", json!({ "codeList": ["", " ", long] })),
        json!({ "success": true })
    );
}

#[test]
fn resources_are_created_read_updated_listed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "description": "d" }));
    assert_eq!((created["code"].clone(), created["namespace"].clone()), (json!("books"), json!("default")));
    assert_eq!(ok(&mut state, "getResource", json!({ "code": "books" })), created);
    ok(
        &mut state,
        "createResourcesBatch",
        json!({ "list": [{ "code": "pens", "type": "API", "apiIdentifier": "/pens" }] }),
    );
    let actions = json!([{ "name": "read", "description": "reads" }]);
    let updated = ok(&mut state, "updateResource", json!({ "code": "books", "actions": actions, "name": "Books" }));
    assert_eq!((updated["actions"].clone(), updated["name"].clone()), (actions, json!("Books")));
    assert_eq!(ok(&mut state, "getResource", json!({ "code": "books" }))["name"], "Books");
    let nothing = ok(&mut state, "listResources", json!({ "type": "UI" }));
    assert_eq!(nothing, json!({ "totalCount": 0, "list": [] }), "the plain page, no status inside");
    let listed = ok(&mut state, "listResources", json!({ "type": "API" }));
    assert_eq!((listed["totalCount"].clone(), listed["list"][0]["code"].clone()), (json!(1), json!("pens")));
    let batch = ok(&mut state, "getResourcesBatch", json!({ "codeList": ["pens", "nope"] }));
    assert_eq!(batch.as_array().unwrap().len(), 1);
    assert_eq!(zh(&refused(&mut state, "getResourcesBatch", json!({ "codeList": [] }))), "参数 codeList 格式错误");

    ok(&mut state, "deleteResource", json!({ "code": "books" }));
    let fault = refused(&mut state, "getResource", json!({ "code": "books" }));
    assert_eq!((zh(&fault), fault.status_code()), ("资源不存在".into(), 404));
    assert_eq!(zh(&refused(&mut state, "updateResource", json!({ "code": "books" }))), "资源不存在");
    ok(&mut state, "deleteResource", json!({ "code": "books" }));
    let pens = state.resources[0].id.clone();
    ok(&mut state, "batchDeleteCommonResource", json!({ "ids": [pens] }));
    assert!(state.resources.is_empty());
    ok(&mut state, "deleteResourcesBatch", json!({ "codeList": ["额！", ""] }));
}

#[test]
fn resource_codes_are_checked_as_the_service_checks_them() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let item = |code: &str| json!({ "list": [{ "code": code, "type": "DATA" }] });
    for (op, input, message) in [
        ("createResource", json!({ "code": " ", "type": "DATA" }), "invalid resource code:  ".to_owned()),
        ("createResource", json!({ "code": long, "type": "DATA" }), "参数 code 格式错误".to_owned()),
        ("createResourcesBatch", item("额！"), "invalid resource code: 额！".to_owned()),
        ("createResourcesBatch", item(&long), format!("invalid resource code: {long}")),
        ("deleteResource", json!({ "code": long }), "参数 code 格式错误".to_owned()),
        ("createResource", json!({ "code": "x", "type": "DATA", "namespace": "nope" }), "权限组不存在".to_owned()),
    ] {
        assert_eq!(zh(&refused(&mut state, op, input.clone())), message, "{op} {input}");
    }
    // The service keeps a resource with an empty code.
    ok(&mut state, "createResource", json!({ "code": "", "type": "DATA" }));
    ok(&mut state, "getResource", json!({ "code": "" }));
    let taken = refused(
        &mut state,
        "createResourcesBatch",
        json!({ "list": [{ "code": "a", "type": "DATA" }, { "code": "", "type": "DATA" }] }),
    );
    assert_eq!(taken.refusal(), &errors::RESOURCE_CONFLICT);
    assert_eq!(state.resources.len(), 1, "a refused batch creates nothing");
}

#[test]
fn grants_reach_users_through_roles_groups_and_departments() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let bob = user(&mut state, json!({ "username": "bob" }));
    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "" }));
    ok(&mut state, "addGroupMembers", json!({ "code": "staff", "userIds": [bob] }));
    ok(&mut state, "createRole", json!({ "code": "reader" }));
    ok(
        &mut state,
        "assignRole",
        json!({ "code": "reader", "targets": [{ "targetType": "USER", "targetIdentifier": ann }] }),
    );
    ok(&mut state, "createResource", json!({ "code": "books", "type": "DATA", "description": "all books" }));
    let grant = |kind: &str, who: &str, code: &str, actions: Value| {
        json!({ "namespace": "default", "list": [{ "targetType": kind, "targetIdentifiers": [who],
            "resources": [{ "code": code, "actions": actions, "resourceType": "DATA" }] }] })
    };
    ok(&mut state, "authorizeResources", grant("ROLE", "reader", "books", json!(["read"])));
    ok(&mut state, "authorizeResources", grant("GROUP", "staff", "*", json!(["*"])));
    let allowed = |state: &mut State, who: &str, action: &str, resource: &str| {
        ok(state, "isActionAllowed", json!({ "userId": who, "action": action, "resource": resource }))["allowed"]
            .clone()
    };
    assert_eq!(allowed(&mut state, &ann, "read", "books"), json!(true), "through the role");
    assert_eq!(allowed(&mut state, &ann, "write", "books"), json!(false));
    assert_eq!(allowed(&mut state, &bob, "write", "pens"), json!(true), "through the group's wildcard");
    ok(&mut state, "authorizeResources", grant("USER", &ann, "shelf:*", json!(["read"])));
    assert_eq!(allowed(&mut state, &ann, "read", "shelf:3"), json!(true), "a trailing * covers what it starts");
    assert_eq!(allowed(&mut state, &ann, "read", "shelves"), json!(false));

    let codes = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|r| r["resourceCode"].as_str().unwrap().to_owned()).collect()
    };
    let of_group = ok(&mut state, "getGroupAuthorizedResources", json!({ "code": "staff" }));
    assert_eq!(codes(&of_group), ["*"]);
    let of_role = ok(&mut state, "getRoleAuthorizedResources", json!({ "code": "reader" }));
    assert_eq!((codes(&of_role["list"]), &of_role["totalCount"]), (vec!["books".to_owned()], &json!(1)));
    let of_ann = ok(&mut state, "getUserAuthorizedResources", json!({ "userId": ann }));
    assert_eq!(codes(&of_ann["list"]), ["books", "shelf:*"], "a user's own grants and those of the role they hold");
    let of_bob = ok(&mut state, "getUserAuthorizedResources", json!({ "userId": bob, "resourceType": "API" }));
    assert_eq!(of_bob["totalCount"], 0, "only grants of the resource type asked for");

    let read = ok(&mut state, "getAuthorizedResources", json!({ "targetType": "ROLE", "targetIdentifier": "reader" }));
    assert_eq!(read["list"][0]["description"], "all books");
    assert_eq!(read["list"][0]["actions"], json!(["read"]));
    // Granting again replaces the actions.
    ok(&mut state, "authorizeResources", grant("ROLE", "reader", "books", json!(["read", "write"])));
    assert_eq!(allowed(&mut state, &ann, "write", "books"), json!(true));
    let targets = ok(&mut state, "getResourceAuthorizedTargets", json!({ "resource": "books" }));
    assert_eq!(
        targets,
        json!({
            "totalCount": 1,
            "list": [{ "targetType": "ROLE", "targetIdentifier": "reader", "actions": ["read", "write"] }],
        }),
        "a plain page: unlike the resource listings, the spec nests no status here"
    );

    let fault = refused(&mut state, "getAuthorizedResources", json!({ "targetType": "GROUP", "targetIdentifier": "" }));
    assert_eq!((zh(&fault), fault.status_code()), ("group not exists with code: ".into(), 404));
    let unnamed = json!({ "list": [{ "targetType": "USER", "targetIdentifiers": [ann], "resources": [] }] });
    assert_eq!(zh(&refused(&mut state, "authorizeResources", unnamed)), "权限组不存在");

    // A user's grants end with the user.
    ok(&mut state, "authorizeResources", grant("USER", &ann, "pens", json!(["read"])));
    ok(&mut state, "deleteUsersBatch", json!({ "userIds": [ann] }));
    assert!(state.authorizations.iter().all(|a| a.target_id != ann));
}

#[test]
fn a_namespace_role_listing_answers_the_first_role_of_the_page() {
    let mut state = State::default();
    ok(&mut state, "createNamespace", json!({ "code": "billing", "name": "Billing" }));
    for (code, name) in [("clerk", "Clerk"), ("auditor", "Auditor"), ("chief-clerk", "Chief")] {
        ok(&mut state, "createRole", json!({ "code": code, "name": name, "namespace": "billing" }));
    }
    ok(&mut state, "createRole", json!({ "code": "clerk", "name": "Elsewhere" }));
    let first = ok(&mut state, "listNamespaceRoles", json!({ "code": "billing" }));
    assert_eq!((first["code"].clone(), first["namespace"].clone()), (json!("clerk"), json!("billing")));
    let role = ok(&mut state, "getRole", json!({ "code": "clerk", "namespace": "billing" }));
    assert_eq!(first["id"], role["id"], "the listing reads the roles area's role");
    let second = ok(&mut state, "listNamespaceRoles", json!({ "code": "billing", "page": 2, "limit": 1 }));
    assert_eq!(second["code"], "auditor");
    let matched = ok(&mut state, "listNamespaceRoles", json!({ "code": "billing", "keywords": "CHIEF", "page": 1 }));
    assert_eq!(matched["code"], "chief-clerk", "keywords match the name as well as the code");

    ok(&mut state, "deleteRolesBatch", json!({ "codeList": ["clerk"], "namespace": "billing" }));
    let after = ok(&mut state, "listNamespaceRoles", json!({ "code": "billing" }));
    assert_eq!(after["code"], "auditor", "a deleted role is listed no more");
    let past_the_end = refused(&mut state, "listNamespaceRoles", json!({ "code": "billing", "page": 3 }));
    assert_eq!(past_the_end.refusal(), &errors::ROLE_NOT_FOUND);
    let unknown = refused(&mut state, "listNamespaceRoles", json!({ "code": "nope" }));
    assert_eq!((unknown.refusal(), unknown.status_code()), (&errors::NAMESPACE_NOT_FOUND, 404));
    assert_eq!(zh(&refused(&mut state, "listNamespaceRoles", json!({ "code": "" }))), "参数 code 格式错误");
}

#[test]
fn common_resources_are_listed_across_namespaces_with_their_namespace_numbers() {
    let mut state = State::default();
    let empty = json!({ "totalCount": 0, "list": [] });
    assert_eq!(ok(&mut state, "listCommonResource", json!({})), empty, "the plain page, no status inside");
    ok(&mut state, "createNamespace", json!({ "code": "billing", "name": "Billing" }));
    ok(&mut state, "createNamespacesBatch", json!({ "list": [{ "code": "crm", "name": "CRM" }] }));
    ok(&mut state, "createResource", json!({ "code": "ecs", "type": "API", "name": "Server" }));
    ok(&mut state, "createResource", json!({ "code": "invoice", "type": "DATA", "namespace": "billing" }));
    ok(&mut state, "createResource", json!({ "code": "lead", "type": "DATA", "namespace": "crm", "name": "Leads" }));
    let all = ok(&mut state, "listCommonResource", json!({}));
    assert_eq!(codes_of(&all["list"]), ["lead", "invoice", "ecs"], "newest first, every namespace");
    let numbers: Vec<(Value, Value)> = all["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["namespaceId"].clone(), r["namespaceName"].clone()))
        .collect();
    assert_eq!(numbers, [(json!(3), json!("CRM")), (json!(2), json!("Billing")), (json!(1), json!("默认权限分组"))]);
    let invoice = ok(&mut state, "getResource", json!({ "code": "invoice", "namespace": "billing" }));
    assert_eq!(all["list"][1]["code"], invoice["code"]);

    let two = ok(&mut state, "listCommonResource", json!({ "namespaceCodeList": "default, crm,nope" }));
    assert_eq!(codes_of(&two["list"]), ["lead", "ecs"], "comma-separated codes; unknown ones are left out");
    let array = ok(&mut state, "listCommonResource", json!({ "namespaceCodeList": "[\"billing\"]" }));
    assert_eq!(codes_of(&array["list"]), ["invoice"]);
    let keyword = ok(&mut state, "listCommonResource", json!({ "keyword": "LEAD" }));
    assert_eq!(codes_of(&keyword["list"]), ["lead"], "a keyword matches the code or the name");
    let page = ok(&mut state, "listCommonResource", json!({ "page": 2, "limit": 2 }));
    assert_eq!((codes_of(&page["list"]), page["totalCount"].clone()), (vec!["ecs".to_owned()], json!(3)));

    // A renamed namespace keeps its number; a deleted one takes its resources along.
    ok(&mut state, "updateNamespace", json!({ "code": "billing", "newCode": "finance" }));
    let renamed = ok(&mut state, "listCommonResource", json!({ "namespaceCodeList": "finance" }));
    assert_eq!(
        (renamed["list"][0]["namespaceId"].clone(), renamed["list"][0]["namespace"].clone()),
        (json!(2), json!("finance"))
    );
    ok(&mut state, "deleteNamespace", json!({ "code": "crm" }));
    ok(&mut state, "deleteResource", json!({ "code": "ecs" }));
    let left = ok(&mut state, "listCommonResource", json!({}));
    assert_eq!(codes_of(&left["list"]), ["invoice"]);
    assert_eq!(zh(&refused(&mut state, "listCommonResource", json!({ "limit": 51 }))), "参数 limit 格式错误");
}

#[test]
fn a_batch_item_lacking_a_member_fails_the_batch_with_the_unknown_error() {
    let mut state = State::default();
    let lacking = [json!({ "description": "d", "type": "DATA" }), json!({ "code": "b" })];
    for item in lacking {
        let fault =
            refused(&mut state, "createResourcesBatch", json!({ "list": [{ "code": "a", "type": "DATA" }, item] }));
        assert_eq!(
            (fault.refusal(), fault.status_code(), zh(&fault)),
            (&errors::UNKNOWN_ERROR, 500, "未知错误".into())
        );
        assert!(state.resources.is_empty(), "a failed batch keeps none of its items");
        assert_eq!(refused(&mut state, "getResource", json!({ "code": "a" })).status_code(), 404);
    }
    // Items are processed in order, so an earlier item's own refusal comes first.
    let first = json!({ "list": [{ "code": "额！", "type": "DATA" }, { "type": "DATA" }] });
    assert_eq!(zh(&refused(&mut state, "createResourcesBatch", first)), "invalid resource code: 额！");
    // Types are still the spec's, and a single create still needs its code.
    let typed = json!({ "list": [{ "code": 5, "type": "DATA" }] });
    assert_eq!(zh(&refused(&mut state, "createResourcesBatch", typed)), "参数 list 格式错误");
    assert_eq!(zh(&refused(&mut state, "createResource", json!({ "type": "DATA" }))), "参数 code 格式错误");
    // Once whole, the batch is kept and read back.
    ok(&mut state, "createResourcesBatch", json!({ "list": [{ "code": "a", "type": "DATA" }] }));
    assert_eq!(ok(&mut state, "getResource", json!({ "code": "a" }))["code"], "a");
    ok(&mut state, "deleteResource", json!({ "code": "a" }));
    assert_eq!(refused(&mut state, "getResource", json!({ "code": "a" })).status_code(), 404);
}
