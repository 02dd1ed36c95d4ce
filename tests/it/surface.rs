//! The builder surface against the emulator: flat setters, typed targets,
//! and required fields refused before sending, naming operation and field.

use crate::common::emulator_and_client;
use genauth::types::{CreateUserOptionsDto, TargetDto};
use genauth::{Error, UserIds, UserRef};

const CREATE_GROUP: &str = "/api/v3/create-group";
const ASSIGN_ROLE: &str = "/api/v3/assign-role";

/// The message of an [`Error::InvalidInput`], or a panic naming what came instead.
fn invalid_input(error: Error) -> String {
    match error {
        Error::InvalidInput(message) => message,
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn flat_setters_create_and_delete_users() {
    let (_emulator, client) = emulator_and_client().await;

    // Plain values for optional fields, an enum by its wire string, a nested
    // object by its builder.
    let created = client
        .create_user()
        .email("ada@example.com")
        .phone("13800000001")
        .gender("F")
        .options(CreateUserOptionsDto::builder().reset_password_on_first_login(false))
        .send()
        .await
        .expect("user is created");
    client.create_user().email("bob@example.com").send().await.expect("second user is created");

    let read = client.get_user().user(UserRef::user_id(&created.user_id)).send().await.expect("user is read back");
    assert_eq!(read.email.as_deref(), Some("ada@example.com"));
    assert_eq!(read.phone.as_deref(), Some("13800000001"));
    assert_eq!(read.gender.to_string(), "F");

    let outcome = client
        .delete_users_batch()
        .users(UserIds::emails(["ada@example.com", "bob@example.com"]))
        .send()
        .await
        .expect("users are deleted");
    assert!(outcome.success);
    for email in ["ada@example.com", "bob@example.com"] {
        let gone = client.get_user().user(UserRef::email(email)).send().await.unwrap_err();
        assert_eq!(gone.api_code(), Some(2004), "{email}: {gone}");
    }
}

#[tokio::test]
async fn assign_role_takes_typed_targets() {
    let (emulator, client) = emulator_and_client().await;
    let ada = crate::common::create_user(&client, "ada", "ada@example.com").await;
    let bob = crate::common::create_user(&client, "bob", "bob@example.com").await;
    client.create_role().code("auditor").name("Auditor").send().await.expect("role is created");

    client
        .assign_role()
        .code("auditor")
        .targets([TargetDto::user(&ada)])
        .users(UserIds::user_ids([&bob]))
        .send()
        .await
        .expect("role is assigned");

    for user in [&ada, &bob] {
        let roles = client.get_user_roles().user(UserRef::user_id(user)).send().await.expect("roles are read");
        let codes: Vec<&str> = roles.list.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["auditor"], "{user}");
    }

    // A target names a user by user id only: any other reference is refused here.
    let sent = emulator.requests_to(ASSIGN_ROLE);
    let refused =
        client.assign_role().code("auditor").users(UserIds::emails(["ada@example.com"])).send().await.unwrap_err();
    assert_eq!(
        invalid_input(refused),
        r#"assignRole: invalid value for "targets": a USER target names a user by user id, not by email"#
    );
    assert_eq!(emulator.requests_to(ASSIGN_ROLE), sent);
}

#[tokio::test]
async fn missing_required_field_is_refused_before_sending() {
    let (emulator, client) = emulator_and_client().await;

    let error = client.create_group().code("eng").name("Engineering").send().await.unwrap_err();
    assert_eq!(invalid_input(error), r#"createGroup: missing required field "description""#);

    let error = client.get_role().send().await.unwrap_err();
    assert_eq!(invalid_input(error), r#"getRole: missing required parameter "code""#);

    // The same request, complete, goes through.
    client
        .create_group()
        .code("eng")
        .name("Engineering")
        .description("Builds things")
        .send()
        .await
        .expect("group is created");

    let error = client.create_user().gender("robot").send().await.unwrap_err();
    assert!(invalid_input(error).starts_with(r#"createUser: invalid value for "gender": "#));

    assert_eq!(emulator.requests_to(CREATE_GROUP), 1, "only the complete request was sent");
    assert_eq!(emulator.requests_to("/api/v3/create-user"), 0);
    assert_eq!(emulator.requests_to("/api/v3/get-role"), 0);
}
