//! The three seed operations end to end against the emulator:
//! `deleteUsersBatch` with every `userIdType`, `resignUser`, and
//! `removeDepartmentMembers` with each way of naming the department.

use crate::common::emulator_and_client;
use genauth::types::{CreateUserReqDto, UserIdType};
use genauth::{DepartmentRef, Error, ManagementClient, UserIds, UserRef};
use serde_json::{Value, json};

async fn create_user(client: &ManagementClient, body: Value) -> String {
    let body: CreateUserReqDto = serde_json::from_value(body).expect("a valid createUser body");
    client.create_user().body(body).send().await.expect("user is created").user_id
}

async fn assert_gone(client: &ManagementClient, user_id: &str) {
    let err = client.get_user().user(UserRef::user_id(user_id)).send().await.expect_err("user was deleted");
    assert_eq!((err.status_code(), err.api_code()), (Some(404), Some(2004)), "{err}");
    assert!(err.request_id().is_some_and(|id| !id.is_empty()));
}

/// For each id type: a createUser body for user `i`, and the identifier
/// that names that user under this id type.
fn user_for(id_type: UserIdType, i: usize) -> (Value, Option<String>) {
    let n = format!("{id_type:?}-{i}").to_lowercase();
    match id_type {
        UserIdType::UserId => (json!({ "username": n }), None),
        UserIdType::Email => (json!({ "email": format!("{n}@example.com") }), Some(format!("{n}@example.com"))),
        UserIdType::Phone => (json!({ "phone": format!("1380000{i:04}") }), Some(format!("1380000{i:04}"))),
        UserIdType::Username => (json!({ "username": n }), Some(n)),
        UserIdType::ExternalId => {
            (json!({ "username": n, "externalId": format!("ext-{n}") }), Some(format!("ext-{n}")))
        }
        UserIdType::Identity | UserIdType::SyncRelation => (
            json!({ "username": n, "identities": [{
                "extIdpId": "idp-lark", "provider": "lark", "type": "generic",
                "userIdInIdp": format!("ou_{n}"), "originConnIds": []
            }]}),
            Some(if id_type == UserIdType::Identity { format!("idp-lark:ou_{n}") } else { format!("lark:ou_{n}") }),
        ),
        UserIdType::CustomField => {
            (json!({ "username": n, "customData": { "employeeNo": format!("E-{n}") } }), Some(format!("E-{n}")))
        }
    }
}

const EVERY_USER_ID_TYPE: [UserIdType; 8] = [
    UserIdType::UserId,
    UserIdType::ExternalId,
    UserIdType::Phone,
    UserIdType::Email,
    UserIdType::Username,
    UserIdType::Identity,
    UserIdType::SyncRelation,
    UserIdType::CustomField,
];

#[tokio::test]
async fn resign_user_with_every_user_id_type() {
    let (_emulator, client) = emulator_and_client().await;
    for (i, id_type) in EVERY_USER_ID_TYPE.into_iter().enumerate() {
        let (body, name) = user_for(id_type, i);
        let id = create_user(&client, body).await;
        let reference = UserRef::new(name.unwrap_or_else(|| id.clone()), id_type);
        let outcome = client.resign_user().user(reference.clone()).send().await;
        assert!(outcome.unwrap_or_else(|e| panic!("resigning {reference:?}: {e}")).success);
        let user = client.get_user().user(reference).send().await.expect("a resigned user is still readable");
        assert_eq!((user.user_id.as_str(), format!("{:?}", user.status).as_str()), (id.as_str(), "Resigned"));
    }
}

#[tokio::test]
async fn delete_users_batch_with_every_user_id_type() {
    let (_emulator, client) = emulator_and_client().await;
    let all = EVERY_USER_ID_TYPE;
    let bystander = create_user(&client, json!({ "username": "bystander" })).await;
    for (round, id_type) in all.into_iter().enumerate() {
        let mut user_ids = Vec::new();
        let mut names = Vec::new();
        for i in 0..2 {
            let (body, name) = user_for(id_type, round * 10 + i);
            let id = create_user(&client, body).await;
            names.push(name.unwrap_or_else(|| id.clone()));
            user_ids.push(id);
        }
        let outcome = client
            .delete_users_batch()
            .users(UserIds::new(names.clone(), id_type))
            .send()
            .await
            .unwrap_or_else(|e| panic!("deleting by {id_type:?} {names:?}: {e}"));
        assert!(outcome.success, "{id_type:?}");
        for id in &user_ids {
            assert_gone(&client, id).await;
        }
    }
    // Only the named users went.
    client.get_user().user(UserRef::user_id(&bystander)).send().await.expect("the bystander stays");
}

#[tokio::test]
async fn delete_users_batch_refuses_unknown_users_and_51_ids_locally() {
    let (emulator, client) = emulator_and_client().await;
    let err = client.delete_users_batch().users(UserIds::emails(["nobody@example.com"])).send().await.unwrap_err();
    assert_eq!((err.status_code(), err.api_code()), (Some(404), Some(2004)), "{err}");

    let before = emulator.requests_to("/api/v3/delete-users-batch");
    let ids: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let err = client.delete_users_batch().users(UserIds::user_ids(ids)).send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput(m) if m.contains("userIds") && m.contains("50")), "{err}");
    assert_eq!(emulator.requests_to("/api/v3/delete-users-batch"), before, "no byte left for 51 ids");
}

async fn organization_with_department(client: &ManagementClient, org: &str) -> (String, String) {
    let root = client
        .create_organization()
        .body_map(|b| b.organization_code(org.to_owned()).organization_name(format!("{org} Inc")))
        .send()
        .await
        .expect("organization is created");
    let dept = client
        .create_department()
        .body_map(|b| {
            b.organization_code(org.to_owned())
                .name("Engineering".to_owned())
                .parent_department_id(root.department_id.clone())
                .code(Some("eng".to_owned()))
                .open_department_id(Some("open-eng".to_owned()))
        })
        .send()
        .await
        .expect("department is created");
    (root.department_id, dept.department_id)
}

async fn in_department(client: &ManagementClient, user: &str, org: &str, dept: &DepartmentRef) -> bool {
    client
        .is_user_in_department()
        .user_id(user)
        .organization_code(org)
        .department(dept.clone())
        .send()
        .await
        .expect("membership query works")
        .in_department
}

#[tokio::test]
async fn resign_user_removes_access_keeps_profile_and_is_final() {
    let (_emulator, client) = emulator_and_client().await;
    let user =
        create_user(&client, json!({ "username": "leaver", "email": "leaver@example.com", "name": "Lee Ver" })).await;
    let (_, dept) = organization_with_department(&client, "acme").await;
    client
        .add_department_members()
        .body_map(|b| b.organization_code("acme".to_owned()).department_id(dept.clone()).user_ids(vec![user.clone()]))
        .send()
        .await
        .expect("member added");
    client
        .create_group()
        .body_map(|b| {
            b.code("staff".to_owned())
                .name("Staff".to_owned())
                .description("everyone".to_owned())
                .type_("static".to_owned())
        })
        .send()
        .await
        .expect("group");
    client
        .add_group_members()
        .body_map(|b| b.code("staff".to_owned()).user_ids(vec![user.clone()]))
        .send()
        .await
        .expect("group member");
    client.create_role().body_map(|b| b.code("admin".to_owned())).send().await.expect("role");
    client
        .assign_role()
        .body(
            serde_json::from_value::<genauth::types::AssignRoleDto>(json!({
                "code": "admin", "targets": [{ "targetType": "USER", "targetIdentifier": user }]
            }))
            .unwrap(),
        )
        .send()
        .await
        .expect("role assigned");
    assert_eq!(client.get_user_roles().user(UserRef::user_id(&user)).send().await.unwrap().total_count, 1);

    let outcome = client.resign_user().user(UserRef::email("leaver@example.com")).send().await.expect("resigned");
    assert!(outcome.success);

    let profile = client.get_user().user(UserRef::user_id(&user)).send().await.expect("profile is kept");
    assert_eq!(profile.name.as_deref(), Some("Lee Ver"));
    assert_eq!(profile.email.as_deref(), Some("leaver@example.com"));
    assert_ne!(format!("{:?}", profile.status), "Activated", "the account is disabled");
    assert_eq!(client.get_user_roles().user(UserRef::user_id(&user)).send().await.unwrap().total_count, 0);
    assert!(client.get_user_groups().user(UserRef::user_id(&user)).send().await.unwrap().list.is_empty());
    assert!(client.get_user_departments().user(UserRef::user_id(&user)).send().await.unwrap().list.is_empty());
    assert!(!in_department(&client, &user, "acme", &DepartmentRef::department_id(&dept)).await);

    let again = client.resign_user().user(UserRef::user_id(&user)).send().await.unwrap_err();
    assert_eq!(again.status_code(), Some(400), "resignation cannot be repeated or undone: {again}");
    let unknown = client.resign_user().user(UserRef::username("ghost")).send().await.unwrap_err();
    assert_eq!(unknown.api_code(), Some(2004));
}

#[tokio::test]
async fn remove_department_members_by_each_department_id_type() {
    let (_emulator, client) = emulator_and_client().await;
    let (_, dept) = organization_with_department(&client, "steamory").await;
    let refs = [
        DepartmentRef::department_id(&dept),
        DepartmentRef::open_department_id("open-eng"),
        DepartmentRef::code("eng"),
    ];
    for (i, reference) in refs.iter().enumerate() {
        let leaving = create_user(&client, json!({ "username": format!("leaving-{i}") })).await;
        let staying = create_user(&client, json!({ "username": format!("staying-{i}") })).await;
        client
            .add_department_members()
            .body_map(|b| b.organization_code("steamory".to_owned()).user_ids(vec![leaving.clone(), staying.clone()]))
            .department(reference.clone())
            .send()
            .await
            .expect("members added");
        assert!(in_department(&client, &leaving, "steamory", reference).await);

        let outcome = client
            .remove_department_members()
            .body_map(|b| b.organization_code("steamory".to_owned()).user_ids(vec![leaving.clone()]))
            .department(reference.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("removing via {reference:?}: {e}"));
        assert!(outcome.success);
        assert!(!in_department(&client, &leaving, "steamory", reference).await, "{reference:?}");
        assert!(in_department(&client, &staying, "steamory", reference).await);
        // The user itself is untouched.
        client.get_user().user(UserRef::user_id(&leaving)).send().await.expect("user remains");
    }
}
