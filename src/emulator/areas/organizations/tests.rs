//! Behaviour of the Organizations & departments area's handlers:
//! organizations, department trees and membership, and posts.

use crate::emulator::areas::testing::*;

#[test]
fn department_trees_resolve_move_and_delete() {
    let mut state = State::default();
    let root = organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let backend = department(&mut state, "acme", &eng, "Backend", "backend");
    let sales = ok(
        &mut state,
        "createDepartment",
        json!({
            "organizationCode": "acme", "parentDepartmentId": "eng", "departmentIdType": "code",
            "name": "Sales Engineering", "code": "sales-eng", "openDepartmentId": "open-7",
            "customData": { "costCenter": "CC9" }
        }),
    );
    let sales = sales["departmentId"].as_str().expect("an id").to_owned();

    // Every department id type, plus `root` and `departmentCode`.
    for (reference, id_type, expected) in [
        ("root", "department_id", &root),
        ("eng", "code", &eng),
        ("open-7", "open_department_id", &sales),
        ("CC9", "custom_field", &sales),
    ] {
        let found = ok(
            &mut state,
            "getDepartment",
            json!({ "organizationCode": "acme", "departmentId": reference, "departmentIdType": id_type }),
        );
        assert_eq!(&found["departmentId"], &json!(expected), "{id_type} {reference}");
    }
    state.departments.iter_mut().filter(|d| d.id == backend).for_each(|d| {
        d.sync_relations.push(SyncRelation { provider: "lark".into(), id: "od-1".into() });
    });
    let found = ok(
        &mut state,
        "getDepartment",
        json!({ "organizationCode": "acme", "departmentId": "lark:od-1", "departmentIdType": "sync_relation" }),
    );
    assert_eq!(found["departmentId"], json!(backend));
    let by_code = ok(&mut state, "getDepartment", json!({ "departmentCode": "backend" }));
    assert_eq!(by_code["departmentId"], json!(backend));
    assert_eq!(by_code["parentDepartmentCode"], "eng");

    let children =
        ok(&mut state, "listChildrenDepartments", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(ids(&children["list"]), [backend.as_str(), sales.as_str()]);
    assert_eq!(children["totalCount"], json!(2));
    let parent = ok(&mut state, "getParentDepartment", json!({ "organizationCode": "acme", "departmentId": backend }));
    assert_eq!(parent["departmentId"], json!(eng));
    assert_eq!(parent["hasChildren"], json!(true));
    let fault =
        refused(&mut state, "getParentDepartment", json!({ "organizationCode": "acme", "departmentId": "root" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));

    let found = ok(&mut state, "searchDepartments", json!({ "organizationCode": "acme", "keywords": "ENG" }));
    assert_eq!(ids(&found), [eng.as_str(), sales.as_str()]);

    // Moving: not below itself; then for real.
    let fault = refused(
        &mut state,
        "updateDepartment",
        json!({ "organizationCode": "acme", "departmentId": eng, "parentDepartmentId": backend }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_FORBIDDEN.api_code));
    let moved = ok(
        &mut state,
        "updateDepartment",
        json!({ "organizationCode": "acme", "departmentId": sales, "parentDepartmentId": "root", "name": "Sales" }),
    );
    assert_eq!(moved["parentDepartmentId"], json!(root));
    assert_eq!(moved["name"], "Sales");

    let fault = refused(
        &mut state,
        "createDepartment",
        json!({ "organizationCode": "acme", "parentDepartmentId": "root", "name": "Again", "code": "eng" }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));
    let fault = refused(&mut state, "getDepartment", json!({ "organizationCode": "acme", "departmentId": "nope" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));
    let fault = refused(&mut state, "getDepartment", json!({ "organizationCode": "nope", "departmentId": "root" }));
    assert_eq!(codes(&fault), (404, errors::DEPARTMENT_NOT_FOUND.api_code));

    // Deleting takes the subtree; a root goes only with its organization.
    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert!(state.department(&backend).is_none());
    assert!(state.department(&sales).is_some());
    let fault = refused(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": "root" }));
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_FORBIDDEN.api_code));
    ok(&mut state, "deleteOrganization", json!({ "organizationCode": "acme" }));
    assert!(state.departments.is_empty() && state.organizations.is_empty());
}

#[test]
fn organizations_are_unique_renamable_and_listed() {
    let mut state = State::default();
    organization(&mut state, "acme");
    organization(&mut state, "globex");
    let fault =
        refused(&mut state, "createOrganization", json!({ "organizationCode": "acme", "organizationName": "x" }));
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));
    let lead = user_with(&mut state, "lead@example.com");
    department(&mut state, "acme", "root", "Ops", "ops");
    let updated = ok(
        &mut state,
        "updateOrganization",
        json!({ "organizationCode": "acme", "organizationNewCode": "acme2", "organizationName": "Acme", "leaderUserIds": [lead] }),
    );
    assert_eq!(updated["organizationCode"], "acme2");
    assert_eq!(updated["organizationName"], "Acme");
    assert_eq!(updated["leaderUserIds"], json!([lead]));
    assert_eq!(updated["membersCount"], json!(1));
    assert_eq!(updated["hasChildren"], json!(true));
    ok(&mut state, "getDepartment", json!({ "organizationCode": "acme2", "departmentCode": "ops" }));
    let fault = refused(
        &mut state,
        "updateOrganization",
        json!({ "organizationCode": "acme2", "organizationNewCode": "globex" }),
    );
    assert_eq!(codes(&fault), (400, errors::DEPARTMENT_CONFLICT.api_code));

    let listed = ok(&mut state, "listOrganizations", json!({ "page": 2, "limit": 1 }));
    assert_eq!(listed["totalCount"], json!(2));
    assert_eq!(listed["list"][0]["organizationCode"], "globex");
}

#[test]
fn search_organizations_matches_name_or_code_and_checks_its_paging() {
    let mut state = State::default();
    ok(&mut state, "createOrganization", json!({ "organizationCode": "acme", "organizationName": "Acme 总部" }));
    ok(&mut state, "createOrganization", json!({ "organizationCode": "globex", "organizationName": "Globex" }));
    let found = ok(&mut state, "searchOrganizations", json!({ "keywords": "acme 总" }));
    assert_eq!(found["totalCount"], json!(1));
    assert_eq!(found["list"][0]["organizationCode"], "acme");
    let by_code = ok(&mut state, "searchOrganizations", json!({ "keywords": "GLOB", "page": 1, "limit": 5 }));
    assert_eq!(by_code["list"][0]["organizationName"], "Globex");
    let none = ok(&mut state, "searchOrganizations", json!({ "keywords": "initech" }));
    assert_eq!(none["totalCount"], json!(0));
    for (input, parameter) in [
        (json!({ "keywords": "" }), "keywords"),
        (json!({ "keywords": "acme", "page": -1 }), "page"),
        (json!({ "keywords": "acme", "limit": -1 }), "limit"),
        (json!({ "keywords": "acme", "limit": 10000 }), "limit"),
    ] {
        let fault = refused(&mut state, "searchOrganizations", input);
        assert_eq!(fault.message(Lang::ZhCn), format!("参数 {parameter} 格式错误"));
    }
}

#[test]
fn new_organization_codes_are_checked_for_length_then_characters() {
    let mut state = State::default();
    let long = "1".repeat(65);
    let create = |state: &mut State, code: &str| {
        call(state, "createOrganization", json!({ "organizationCode": code, "organizationName": "Org" }))
    };
    let fault = create(&mut state, &long).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误");
    for code in ["额！ ", " ", "a b"] {
        let fault = create(&mut state, code).unwrap_err();
        assert_eq!(codes(&fault), (400, Some(ApiCode::InvalidParameter)), "{code:?}");
        assert_eq!(fault.message(Lang::EnUs), format!("invalid organization code: {code}"));
    }
    assert!(create(&mut state, &"1".repeat(64)).is_ok(), "64 characters are allowed");
    // An empty code is accepted, and the organization is named by its root's id.
    let created = create(&mut state, "").expect("an empty code is accepted");
    assert_eq!(created["organizationCode"], created["departmentId"]);
    let code = created["organizationCode"].as_str().expect("a code").to_owned();
    ok(&mut state, "getDepartment", json!({ "organizationCode": code, "departmentId": "root" }));

    organization(&mut state, "acme");
    let rename = |state: &mut State, new_code: &str| {
        call(state, "updateOrganization", json!({ "organizationCode": "acme", "organizationNewCode": new_code }))
    };
    let fault = rename(&mut state, &long).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 organizationNewCode 格式错误");
    for new_code in ["额！ ", " "] {
        let fault = rename(&mut state, new_code).unwrap_err();
        assert_eq!(fault.message(Lang::ZhCn), format!("invalid organization code: {new_code}"));
    }
    assert_eq!(state.organizations.iter().filter(|o| o.code == "acme").count(), 1, "refusals change nothing");
    let same = ok(&mut state, "updateOrganization", json!({ "organizationCode": "acme", "organizationName": "Acme" }));
    assert_eq!(same["organizationCode"], "acme");

    // Changing or deleting names an organization, which an empty code cannot.
    for op in ["updateOrganization", "deleteOrganization"] {
        let fault = refused(&mut state, op, json!({ "organizationCode": "" }));
        assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误", "{op}");
        let fault = refused(&mut state, op, json!({ "organizationCode": "nope" }));
        assert_eq!(fault.message(Lang::ZhCn), "organization not found for code: nope", "{op}");
    }
}

#[test]
fn organization_codes_inside_a_tree_are_unknown_unless_too_long() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let ann = user(&mut state, json!({ "username": "ann" }));
    let long = "1".repeat(100);
    let reads = [
        ("getDepartment", json!({ "departmentId": eng })),
        ("deleteDepartment", json!({ "departmentId": eng })),
        ("getParentDepartment", json!({ "departmentId": eng })),
        ("listChildrenDepartments", json!({ "departmentId": eng })),
        ("listDepartmentMemberIds", json!({ "departmentId": eng })),
        ("searchDepartments", json!({ "keywords": "eng" })),
        ("searchDepartmentMembers", json!({ "departmentId": eng, "keywords": "x" })),
        ("addDepartmentMembers", json!({ "departmentId": eng, "userIds": [ann] })),
        ("isUserInDepartment", json!({ "departmentId": eng, "userId": ann })),
    ];
    for (op, input) in reads {
        let with_code = |code: &str| {
            let mut input = input.clone();
            input["organizationCode"] = json!(code);
            input
        };
        for code in ["", " ", "额！ "] {
            let fault = refused(&mut state, op, with_code(code));
            assert_eq!(codes(&fault), (404, Some(ApiCode::OrgNotFound)), "{op} {code:?}");
            assert_eq!(fault.message(Lang::ZhCn), format!("organization not found for code: {code}"), "{op}");
        }
        let fault = refused(&mut state, op, with_code(&long));
        assert_eq!(fault.message(Lang::ZhCn), "参数 organizationCode 格式错误", "{op}");
    }
    let fault = refused(
        &mut state,
        "isUserInDepartment",
        json!({ "organizationCode": "nope", "departmentId": eng, "userId": "ghost" }),
    );
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND, "the organization is checked before the user");
    assert!(state.department(&eng).is_some());

    // Creating refuses a blank code in words of its own; an empty one is unknown.
    let create = |state: &mut State, code: &str| {
        refused(
            state,
            "createDepartment",
            json!({ "organizationCode": code, "parentDepartmentId": "root", "name": "N" }),
        )
    };
    assert_eq!(create(&mut state, " ").message(Lang::ZhCn), "invalid organization code  ");
    assert_eq!(create(&mut state, "").message(Lang::ZhCn), "organization not found for code: ");
    assert_eq!(create(&mut state, &long).message(Lang::ZhCn), "参数 organizationCode 格式错误");
}

#[test]
fn department_codes_follow_the_code_rules() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let update = |state: &mut State, code: &str| {
        call(state, "updateDepartment", json!({ "organizationCode": "acme", "departmentId": "root", "code": code }))
    };
    let fault = update(&mut state, &"1".repeat(100)).unwrap_err();
    assert_eq!(fault.message(Lang::ZhCn), "参数 code 格式错误");
    for code in ["额！ ", " "] {
        let fault = update(&mut state, code).unwrap_err();
        assert_eq!(codes(&fault), (400, Some(ApiCode::InvalidParameter)));
        assert_eq!(fault.message(Lang::ZhCn), format!("invalid organization code: {code}"));
    }
    let updated = update(&mut state, "anyway").expect("a well-formed code");
    assert_eq!(updated["code"], "anyway");
    let fault = refused(
        &mut state,
        "createDepartment",
        json!({ "organizationCode": "acme", "parentDepartmentId": "root", "name": "N", "code": "a/b" }),
    );
    assert_eq!(fault.message(Lang::ZhCn), "invalid organization code: a/b");
}

#[test]
fn department_membership_add_remove_and_query() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let eng = department(&mut state, "acme", "root", "Engineering", "eng");
    let backend = department(&mut state, "acme", &eng, "Backend", "backend");
    let ann = user(&mut state, json!({ "username": "ann", "name": "Ann Lee" }));
    let ben = user(&mut state, json!({ "username": "ben", "name": "Ben Kim" }));
    let in_dept = |state: &mut State, user: &str, department: &str, children: bool| {
        ok(
            state,
            "isUserInDepartment",
            json!({ "userId": user, "organizationCode": "acme", "departmentId": department, "includeChildrenDepartments": children }),
        )["inDepartment"]
            .clone()
    };

    let fault = refused(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann, "ghost"] }),
    );
    assert_eq!(codes(&fault), (404, errors::USER_NOT_FOUND.api_code));
    assert!(state.departments.iter().all(|d| d.members.is_empty()));

    ok(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann] }),
    );
    ok(
        &mut state,
        "addDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": "backend", "departmentIdType": "code", "userIds": [ben] }),
    );
    assert_eq!(in_dept(&mut state, &ann, &eng, false), json!(true));
    assert_eq!(in_dept(&mut state, &ben, &eng, false), json!(false));
    assert_eq!(in_dept(&mut state, &ben, &eng, true), json!(true));

    let direct = ok(&mut state, "listDepartmentMembers", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(direct["totalCount"], json!(1));
    let all = ok(
        &mut state,
        "listDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "includeChildrenDepartments": true,
                "sortBy": "userId", "orderBy": "Asc", "withDepartmentIds": true }),
    );
    assert_eq!(ids(&all["list"]), [ann.as_str(), ben.as_str()]);
    assert_eq!(all["list"][1]["departmentIds"], json!([backend]));
    let found = ok(
        &mut state,
        "searchDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "keywords": "kim", "includeChildrenDepartments": true }),
    );
    assert_eq!(ids(&found["list"]), [ben.as_str()]);
    let eng_view = ok(&mut state, "getDepartment", json!({ "organizationCode": "acme", "departmentId": eng }));
    assert_eq!(eng_view["membersCount"], json!(1));

    ok(
        &mut state,
        "removeDepartmentMembers",
        json!({ "organizationCode": "acme", "departmentId": eng, "userIds": [ann] }),
    );
    assert_eq!(in_dept(&mut state, &ann, &eng, true), json!(false));
    let ids_left =
        ok(&mut state, "listDepartmentMemberIds", json!({ "organizationCode": "acme", "departmentId": backend }));
    assert_eq!(ids_left, json!([ben]));

    let too_many: Vec<String> = (0..51).map(|_| ben.clone()).collect();
    for op in ["addDepartmentMembers", "removeDepartmentMembers"] {
        let fault =
            refused(&mut state, op, json!({ "organizationCode": "acme", "departmentId": eng, "userIds": too_many }));
        assert_eq!(codes(&fault), (400, errors::INVALID_PARAMETER.api_code), "{op}");
        assert!(fault.to_string().contains("userIds"), "{op}");
    }
}

#[test]
fn set_user_departments_replaces_and_get_user_departments_pages() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let depts: Vec<String> =
        (0..4).map(|i| department(&mut state, "acme", "root", &format!("D{i}"), &format!("d{i}"))).collect();
    let id = user_with(&mut state, "x@example.com");
    let set = |state: &mut State, which: &[usize]| {
        let departments: Vec<Value> = which
            .iter()
            .map(|i| json!({ "departmentId": depts[*i], "isMainDepartment": *i == 1, "isLeader": *i == 2 }))
            .collect();
        ok(state, "setUserDepartments", json!({ "userId": id, "departments": departments }));
    };
    set(&mut state, &[0, 1, 2]);
    set(&mut state, &[1, 2, 3]);
    let listed = ok(
        &mut state,
        "getUserDepartments",
        json!({ "userId": id, "sortBy": "DepartmentName", "orderBy": "Asc", "limit": 2, "withDepartmentPaths": true }),
    );
    assert_eq!(listed["totalCount"], json!(3));
    assert_eq!(ids(&listed["list"]), [depts[1].as_str(), depts[2].as_str()]);
    assert_eq!(listed["list"][0]["isMainDepartment"], json!(true));
    assert_eq!(listed["list"][1]["isLeader"], json!(true));
    assert_eq!(listed["list"][0]["departmentCodePath"], json!(["", "d1"]));
    let second = ok(
        &mut state,
        "getUserDepartments",
        json!({ "userId": id, "sortBy": "DepartmentName", "orderBy": "Asc", "limit": 2, "page": 2 }),
    );
    assert_eq!(ids(&second["list"]), [depts[3].as_str()]);

    let fault =
        refused(&mut state, "setUserDepartments", json!({ "userId": id, "departments": [{ "departmentId": "nope" }] }));
    assert_eq!(fault.refusal(), &errors::INVALID_DEPARTMENT_ID);
    assert_eq!(codes(&fault), (404, Some(ApiCode::OrgNotFound)));
    assert_eq!(fault.message(Lang::ZhCn), "存在不合法的 departmentId: nope");
}

#[test]
fn organizations_are_read_singly_and_in_batches_and_switched_on_and_off() {
    let mut state = State::default();
    let acme = organization(&mut state, "acme");
    organization(&mut state, "beta");
    let read = ok(&mut state, "getOrganization", json!({ "organizationCode": "acme" }));
    assert_eq!(read["departmentId"], json!(acme));
    let fault = refused(&mut state, "getOrganization", json!({ "organizationCode": "nope" }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    let batch = ok(&mut state, "getOrganizationsBatch", json!({ "organizationCodeList": ["beta", "acme"] }));
    assert_eq!(codes_of_organizations(&batch), ["beta", "acme"]);
    let fault = refused(&mut state, "getOrganizationsBatch", json!({ "organizationCodeList": ["acme", "nope"] }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    ok(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "DISABLE" }));
    let enabled = ok(&mut state, "listOrganizations", json!({ "status": true }));
    assert_eq!(codes_of_organizations(&enabled["list"]), ["beta"]);
    ok(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "ENABLE" }));
    assert_eq!(ok(&mut state, "listOrganizations", json!({ "status": true }))["totalCount"], json!(2));
    let fault = refused(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": acme, "status": "maybe" }));
    assert_eq!(zh(&fault), "参数 status 格式错误");
    let fault = refused(&mut state, "updateOrganizationStatus", json!({ "rootNodeId": "ghost", "status": "ENABLE" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);
}

fn codes_of_organizations(list: &Value) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(|o| o["organizationCode"].as_str()).map(str::to_owned).collect()
}

#[test]
fn departments_are_read_by_id_listed_below_a_node_and_switched_on_and_off() {
    let mut state = State::default();
    organization(&mut state, "acme");
    let sales = department(&mut state, "acme", "root", "Sales", "sales");
    let east = department(&mut state, "acme", &sales, "East", "east");
    let hr = department(&mut state, "acme", "root", "HR", "hr");

    let all = ok(&mut state, "getAllDepartments", json!({ "organizationCode": "acme" }));
    assert_eq!(all["totalCount"], json!(3));
    let below = |list: &Value| -> Vec<String> {
        list["list"].as_array().into_iter().flatten().map(|d| d["departmentId"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(below(&all), [sales.clone(), hr.clone(), east.clone()]);
    let under_sales = ok(
        &mut state,
        "getAllDepartments",
        json!({ "organizationCode": "acme", "departmentId": "sales", "departmentIdType": "code" }),
    );
    assert_eq!(below(&under_sales), [east.as_str()]);
    let fault = refused(&mut state, "getAllDepartments", json!({ "organizationCode": "nope" }));
    assert_eq!(fault.refusal(), &errors::ORGANIZATION_NOT_FOUND);

    let read = ok(&mut state, "getDepartmentById", json!({ "departmentId": east }));
    assert_eq!(read["parentDepartmentId"], json!(sales));
    assert_eq!(ok(&mut state, "getDepartmentAllApp", json!({ "departmentId": east }))["departmentId"], json!(east));
    let fault = refused(&mut state, "getDepartmentById", json!({ "departmentId": "ghost" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);

    // `updateNodeStatus` answers a bare object, not an envelope with `data`.
    call(&mut state, "updateNodeStatus", json!({ "departmentId": hr, "status": false })).unwrap();
    assert_eq!(ok(&mut state, "getDepartmentById", json!({ "departmentId": hr }))["status"], json!(false));
    call(&mut state, "updateNodeStatus", json!({ "departmentId": hr, "status": true })).unwrap();
    assert_eq!(ok(&mut state, "getDepartmentById", json!({ "departmentId": hr }))["status"], json!(true));

    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": sales }));
    assert_eq!(below(&ok(&mut state, "getAllDepartments", json!({ "organizationCode": "acme" }))), [hr]);
    assert_eq!(
        refused(&mut state, "getDepartmentById", json!({ "departmentId": east })).refusal(),
        &errors::DEPARTMENT_NOT_FOUND
    );
}

#[test]
fn posts_are_written_read_back_held_and_removed() {
    let mut state = State::default();
    let ann = user(&mut state, json!({ "username": "ann" }));
    organization(&mut state, "acme");
    let (sales, hr) =
        (department(&mut state, "acme", "root", "Sales", "sales"), department(&mut state, "acme", "root", "HR", "hr"));
    let created = ok(&mut state, "createPost", json!({ "code": "lead", "name": "Lead", "departmentIdList": sales }));
    let lead = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["departmentIdList"], json!([sales]));
    assert_eq!(
        refused(&mut state, "createPost", json!({ "code": "lead", "name": "Again" })).refusal(),
        &errors::POST_CONFLICT
    );
    assert_eq!(zh(&refused(&mut state, "createPost", json!({ "code": "", "name": "x" }))), "参数 code 格式错误");
    let fault = refused(&mut state, "createPost", json!({ "code": "x", "name": "x", "departmentIdList": "ghost" }));
    assert_eq!(fault.refusal(), &errors::DEPARTMENT_NOT_FOUND);
    let dev =
        ok(&mut state, "createPost", json!({ "code": "dev", "name": "Developer" }))["id"].as_str().unwrap().to_owned();

    let read = call(&mut state, "getPost", json!({ "code": "lead" })).unwrap();
    assert_eq!((read["name"].clone(), read["departmentIdList"].clone()), (json!("Lead"), json!(sales)));
    assert_eq!(ok(&mut state, "getPostById", json!({ "idList": lead }))["code"], json!("lead"));
    assert_eq!(
        zh(&refused(&mut state, "getPostById", json!({ "idList": format!("{lead},{dev}") }))),
        "参数 idList 格式错误"
    );

    let both = format!("{sales},{hr}");
    let updated = ok(
        &mut state,
        "updatePost",
        json!({ "id": lead, "code": "leader", "name": "Leader", "departmentIdList": both }),
    );
    assert_eq!(updated["departmentIdList"], json!([sales, hr]));
    assert_eq!(refused(&mut state, "getPost", json!({ "code": "lead" })).refusal(), &errors::POST_NOT_FOUND);
    let fault = refused(&mut state, "updatePost", json!({ "id": dev, "code": "leader", "name": "x" }));
    assert_eq!(fault.refusal(), &errors::POST_CONFLICT);

    let listed = ok(&mut state, "postList", json!({ "keywords": "LEAD" }));
    assert_eq!((listed["totalCount"].clone(), listed["list"][0]["departmentCount"].clone()), (json!(1), json!(2)));
    assert_eq!(ok(&mut state, "postListBatch", json!({ "postCodes": ["dev"] }))["list"][0]["code"], json!("dev"));
    assert_eq!(ok(&mut state, "postList", json!({ "limit": 1, "page": 2 }))["list"][0]["code"], json!("dev"));

    assert_eq!(refused(&mut state, "getUserPost", json!({ "userId": ann })).refusal(), &errors::POST_NOT_FOUND);
    call(&mut state, "setUserPosts", json!({ "userId": ann, "postIds": [dev, lead] })).unwrap();
    call(&mut state, "userConnectionPost", json!({ "userId": ann, "postId": dev })).unwrap();
    let held = ok(&mut state, "getUserPosts", json!({ "userId": ann }));
    assert_eq!(codes_of(&held), ["dev", "leader"]);
    assert_eq!(call(&mut state, "getUserPost", json!({ "userId": ann })).unwrap()["code"], json!("dev"));
    assert_eq!(ok(&mut state, "getUser", json!({ "userId": ann, "withPost": true }))["postIdList"], json!([dev, lead]));
    let fault = call(&mut state, "setUserPosts", json!({ "userId": ann, "postIds": ["ghost"] })).unwrap_err();
    assert_eq!(fault.refusal(), &errors::POST_NOT_FOUND);
    assert_eq!(ok(&mut state, "postList", json!({ "keywords": "dev" }))["list"][0]["userCount"], json!(1));

    // Departments and organizations hold only posts that exist.
    let update = json!({ "organizationCode": "acme", "departmentId": sales, "postIdList": [lead] });
    ok(&mut state, "updateDepartment", update);
    let ghost = json!({ "organizationCode": "acme", "departmentId": hr, "postIdList": ["ghost"] });
    assert_eq!(refused(&mut state, "updateDepartment", ghost).refusal(), &errors::POST_NOT_FOUND);
    let ghost = json!({ "organizationCode": "beta", "organizationName": "Beta", "postIdList": ["ghost"] });
    assert_eq!(refused(&mut state, "createOrganization", ghost).refusal(), &errors::POST_NOT_FOUND);
    // A removed post is held by nobody.
    call(&mut state, "removePost", json!({ "code": "leader" })).unwrap();
    assert_eq!(codes_of(&ok(&mut state, "getUserPosts", json!({ "userId": ann }))), ["dev"]);
    let department = ok(&mut state, "getDepartmentById", json!({ "departmentId": sales }));
    assert_eq!(department["postIdList"], json!([]));
    // A resigned user holds none and takes none.
    ok(&mut state, "resignUser", json!({ "userId": ann }));
    assert_eq!(ok(&mut state, "getUserPosts", json!({ "userId": ann })), json!([]));
    let fault = call(&mut state, "userConnectionPost", json!({ "userId": ann, "postId": dev })).unwrap_err();
    assert_eq!(fault.refusal(), &errors::USER_RESIGNED);
}

#[test]
fn a_department_tree_is_created_where_missing_and_reused_where_there() {
    let mut state = State::default();
    let tree =
        json!({ "name": "R&D", "children": ["Backend", "Frontend"], "members": { "username": "bob", "name": "Bob" } });
    let none = refused(&mut state, "createDepartmentTree", tree.clone());
    assert_eq!((none.refusal(), none.status_code()), (&errors::ORGANIZATION_NOT_FOUND, 404));
    assert!(state.users.is_empty(), "a refused tree makes nobody");
    organization(&mut state, "acme");
    organization(&mut state, "other");

    let made = ok(&mut state, "createDepartmentTree", tree);
    assert_eq!(made, json!({ "addUser": 1, "updateUser": 0, "addDepartment": 3, "updateDepartment": 0 }));
    let top = ok(&mut state, "searchDepartments", json!({ "organizationCode": "acme", "keywords": "R&D" }));
    let top = top[0]["departmentId"].as_str().expect("R&D is in the first organization").to_owned();
    let children =
        ok(&mut state, "listChildrenDepartments", json!({ "organizationCode": "acme", "departmentId": top }));
    let names: Vec<&str> = children["list"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Backend", "Frontend"]);
    let members = ok(&mut state, "listDepartmentMembers", json!({ "organizationCode": "acme", "departmentId": top }));
    assert_eq!(
        (members["list"][0]["username"].clone(), members["list"][0]["name"].clone()),
        (json!("bob"), json!("Bob"))
    );

    // Again: the departments and the user are there, so they count as updated.
    let again = json!({ "name": "R&D", "children": ["Backend", "QA"], "members": { "username": "bob", "city": "BJ" } });
    let reused = ok(&mut state, "createDepartmentTree", again);
    assert_eq!(reused, json!({ "addUser": 0, "updateUser": 1, "addDepartment": 1, "updateDepartment": 2 }));
    let bob = ok(&mut state, "getUser", json!({ "userId": "bob", "userIdType": "username" }));
    assert_eq!((bob["city"].clone(), bob["name"].clone()), (json!("BJ"), json!("Bob")), "profile fields are written");
    let carol = json!({ "name": "R&D", "members": { "email": "carol@example.com" } });
    assert_eq!(ok(&mut state, "createDepartmentTree", carol)["addUser"], 1);
    let by_email = json!({ "name": "R&D", "members": { "username": "nobody-yet", "email": "CAROL@example.com" } });
    assert_eq!(
        ok(&mut state, "createDepartmentTree", by_email)["updateUser"],
        1,
        "matched by email when no username matches"
    );
    let members = ok(&mut state, "listDepartmentMembers", json!({ "organizationCode": "acme", "departmentId": top }));
    assert_eq!(members["totalCount"], 2);

    // Deleting the department undoes the tree; the next one makes it anew.
    ok(&mut state, "deleteDepartment", json!({ "organizationCode": "acme", "departmentId": top }));
    let anew = ok(&mut state, "createDepartmentTree", json!({ "name": "R&D", "children": ["Backend"] }));
    assert_eq!(anew, json!({ "addUser": 0, "updateUser": 0, "addDepartment": 2, "updateDepartment": 0 }));

    for blank in [json!({ "name": " " }), json!({ "name": "R&D", "children": [""] })] {
        assert_eq!(refused(&mut state, "createDepartmentTree", blank).status_code(), 400);
    }
    let nameless = json!({ "name": "Ops", "members": { "name": "No Identifier" } });
    refused(&mut state, "createDepartmentTree", nameless);
    let ops = ok(&mut state, "searchDepartments", json!({ "organizationCode": "acme", "keywords": "Ops" }));
    assert_eq!(ops, json!([]), "a member createUser refuses refuses the tree before any department is made");
}
