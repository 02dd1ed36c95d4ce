//! Behaviour of the Groups area's handlers.

use crate::emulator::areas::testing::*;

fn group_input(code: &str) -> Value {
    json!({ "code": code, "name": format!("{code} name"), "description": "", "type": "static" })
}

#[test]
fn groups_are_written_read_back_changed_and_deleted() {
    let mut state = State::default();
    let created = ok(&mut state, "createGroup", group_input("eng"));
    assert_eq!((created["code"].as_str(), created["name"].as_str()), (Some("eng"), Some("eng name")));
    ok(&mut state, "createGroup", group_input("ops"));
    assert_eq!(ok(&mut state, "getGroup", json!({ "code": "eng" }))["id"], created["id"]);
    let listed = ok(&mut state, "listGroups", json!({}));
    assert_eq!((listed["totalCount"].clone(), codes_of(&listed["list"])), (json!(2), vec!["ops".into(), "eng".into()]));
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({ "keywords": "EN" }))["list"]), ["eng"]);
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({ "page": 2, "limit": 1 }))["list"]), ["eng"]);
    for (page, limit, blamed) in [(0, 1, "page"), (-1, 1, "page"), (1, 0, "limit"), (1, 100_000, "limit")] {
        let fault = refused(&mut state, "listGroups", json!({ "page": page, "limit": limit }));
        assert_eq!(zh(&fault), format!("参数 {blamed} 格式错误"));
    }

    let updated = ok(&mut state, "updateGroup", json!({ "code": "eng", "newCode": "dev", "description": "builders" }));
    assert_eq!((updated["code"].as_str(), updated["description"].as_str()), (Some("dev"), Some("builders")));
    assert_eq!(updated["name"], "eng name");
    // An empty description keeps the one the group has, in the answer and after.
    let kept = ok(&mut state, "updateGroup", json!({ "code": "dev", "name": "dev name", "description": "" }));
    assert_eq!((kept["name"].as_str(), kept["description"].as_str()), (Some("dev name"), Some("builders")));
    assert_eq!(ok(&mut state, "getGroup", json!({ "code": "dev" }))["description"], "builders");
    let fault = refused(&mut state, "getGroup", json!({ "code": "eng" }));
    assert_eq!((zh(&fault), codes(&fault)), ("分组不存在".into(), (404, Some(ApiCode::AccessNotFound))));
    let fault = refused(&mut state, "updateGroup", json!({ "code": "dev", "newCode": "ops", "description": "" }));
    assert_eq!(fault.refusal(), &errors::GROUP_CONFLICT);
    let fault = refused(&mut state, "updateGroup", json!({ "code": "dev", "newCode": "a b", "description": "" }));
    assert_eq!(zh(&fault), "参数 newCode 格式错误");
    let fault = refused(&mut state, "updateGroup", json!({ "code": "nope", "description": "" }));
    assert_eq!(fault.refusal(), &errors::GROUP_NOT_FOUND);

    // Codes that name no group are already gone; an empty list is malformed.
    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["dev", "never-was"] }));
    assert_eq!(refused(&mut state, "getGroup", json!({ "code": "dev" })).refusal(), &errors::GROUP_NOT_FOUND);
    assert_eq!(codes_of(&ok(&mut state, "listGroups", json!({}))["list"]), ["ops"]);
    let fault = refused(&mut state, "deleteGroupsBatch", json!({ "codeList": [] }));
    assert_eq!(zh(&fault), "参数 codeList 格式错误");
}

#[test]
fn group_codes_are_identifiers_of_at_most_64_characters() {
    let mut state = State::default();
    ok(&mut state, "createGroup", group_input(&"g".repeat(64)));
    for bad in ["", " ", "a b", "分组", &"g".repeat(65)] {
        assert_eq!(zh(&refused(&mut state, "createGroup", group_input(bad))), "参数 code 格式错误", "{bad:?}");
        let fault = refused(&mut state, "createGroupsBatch", json!({ "list": [group_input(bad)] }));
        assert_eq!(zh(&fault), "参数 list 格式错误", "{bad:?}");
    }
    let fault = refused(&mut state, "createGroup", group_input(&"g".repeat(64)));
    assert_eq!((zh(&fault), codes(&fault)), ("分组标识符已存在".into(), (400, Some(ApiCode::AccessExists))));
}

#[test]
fn group_batches_are_created_all_or_nothing() {
    let mut state = State::default();
    let created = ok(&mut state, "createGroupsBatch", json!({ "list": [group_input("a"), group_input("b")] }));
    assert_eq!(codes_of(&created), ["a", "b"]);
    assert_ne!(created[0]["id"], created[1]["id"]);
    let counter = state.id_counter;
    for list in [json!([group_input("c"), group_input("a")]), json!([group_input("c"), group_input("c")])] {
        let fault = refused(&mut state, "createGroupsBatch", json!({ "list": list }));
        assert_eq!(fault.refusal(), &errors::GROUP_CONFLICT);
    }
    assert_eq!(refused(&mut state, "getGroup", json!({ "code": "c" })).refusal(), &errors::GROUP_NOT_FOUND);
    assert_eq!(state.id_counter, counter, "a refused batch hands out no ids");
    assert_eq!(zh(&refused(&mut state, "createGroupsBatch", json!({ "list": [] }))), "参数 list 格式错误");
}

#[test]
fn group_members_join_leave_and_go_with_their_group() {
    let mut state = State::default();
    let (ann, bob) = (user(&mut state, json!({ "username": "ann" })), user(&mut state, json!({ "username": "bob" })));
    ok(&mut state, "createGroup", group_input("team"));
    ok(&mut state, "addGroupMembers", json!({ "code": "team", "userIds": [ann, bob] }));
    let members = ok(&mut state, "listGroupMembers", json!({ "code": "team" }));
    assert_eq!(ids(&members["list"]), [ann.clone(), bob.clone()]);
    ok(&mut state, "removeGroupMembers", json!({ "code": "team", "userIds": [ann] }));
    assert_eq!(ids(&ok(&mut state, "listGroupMembers", json!({ "code": "team" }))["list"]), [bob.as_str()]);

    // The input's own shape is refused before what it names is looked up.
    for op in ["addGroupMembers", "removeGroupMembers"] {
        assert_eq!(zh(&refused(&mut state, op, json!({ "code": "", "userIds": [ann] }))), "参数 code 格式错误");
        assert_eq!(zh(&refused(&mut state, op, json!({ "code": "nope", "userIds": [] }))), "参数 userIds 格式错误");
        assert_eq!(
            refused(&mut state, op, json!({ "code": "nope", "userIds": [ann] })).refusal(),
            &errors::GROUP_NOT_FOUND
        );
        assert_eq!(
            refused(&mut state, op, json!({ "code": "team", "userIds": ["ghost"] })).refusal(),
            &errors::USER_NOT_FOUND
        );
    }
    let fault = refused(&mut state, "listGroupMembers", json!({ "code": "nope", "limit": 10_000 }));
    assert_eq!(zh(&fault), "参数 limit 格式错误");

    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["team"] }));
    assert_eq!(ok(&mut state, "getUserGroups", json!({ "userId": bob }))["totalCount"], json!(0));
    ok(&mut state, "createGroup", group_input("team"));
    assert_eq!(ok(&mut state, "listGroupMembers", json!({ "code": "team" }))["totalCount"], json!(0));
}

#[test]
fn authorized_resources_of_what_exists_start_empty() {
    let mut state = State::default();
    ok(&mut state, "createGroup", group_input("team"));
    ok(&mut state, "createRole", json!({ "code": "viewer" }));
    assert_eq!(ok(&mut state, "getGroupAuthorizedResources", json!({ "code": "team" })), json!([]));
    let resources = ok(&mut state, "getRoleAuthorizedResources", json!({ "code": "viewer", "namespace": "default" }));
    assert_eq!(resources, json!({ "totalCount": 0, "list": [] }));
    let fault = refused(&mut state, "getGroupAuthorizedResources", json!({ "code": "nope" }));
    assert_eq!(fault.refusal(), &errors::GROUP_NOT_FOUND);
    let fault = refused(&mut state, "getGroupAuthorizedResources", json!({ "code": "nope", "namespace": "billing" }));
    assert_eq!((zh(&fault), codes(&fault)), ("权限组不存在".into(), (404, Some(ApiCode::AccessNotFound))));
    let fault = refused(&mut state, "getRoleAuthorizedResources", json!({ "code": "nope" }));
    assert_eq!(fault.refusal(), &errors::ROLE_NOT_FOUND);
}

#[test]
fn groups_are_listed_whole_and_created_or_updated_by_code() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    let fields = |name: &str| json!({ "code": "devs", "name": name, "description": "d", "type": "t" });
    let created = ok(&mut state, "createOrUpdateGroup", fields("Devs"));
    assert_eq!(created["created"], json!(true));
    let updated = ok(&mut state, "createOrUpdateGroup", fields("Developers"));
    assert_eq!(
        (updated["created"].clone(), updated["data"]["id"].clone()),
        (json!(false), created["data"]["id"].clone())
    );
    assert_eq!(ok(&mut state, "getGroup", json!({ "code": "devs" }))["name"], json!("Developers"));
    let bad = json!({ "code": "not a code", "name": "x", "description": "", "type": "" });
    assert_eq!(zh(&refused(&mut state, "createOrUpdateGroup", bad)), "参数 code 格式错误");

    ok(&mut state, "createGroup", group_input("ops"));
    ok(&mut state, "addGroupMembers", json!({ "code": "devs", "userIds": [ann] }));
    let all = ok(&mut state, "getAllGroups", json!({}));
    assert_eq!(codes_of(&all), ["devs", "ops"]);
    assert_eq!(all[0]["members"], json!([]));
    let with_members = ok(&mut state, "getAllGroups", json!({ "fetchMembers": true }));
    assert_eq!(ids(&with_members[0]["members"]), [ann]);
    ok(&mut state, "deleteGroupsBatch", json!({ "codeList": ["devs"] }));
    assert_eq!(codes_of(&ok(&mut state, "getAllGroups", json!({}))), ["ops"]);
}
