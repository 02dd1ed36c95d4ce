//! Quickstart: the three seed operations in one short flow.
//!
//! With no environment variables it starts the embedded emulator and runs
//! against it. With `GENAUTH_ACCESS_KEY_ID` and `GENAUTH_ACCESS_KEY_SECRET`
//! (plus `GENAUTH_HOST` and `GENAUTH_BRAND` as needed) it runs the same flow
//! against that user pool, and removes what it created.
//!
//! ```sh
//! cargo run --example quickstart --features emulator
//! ```

#[path = "support/mod.rs"]
mod support;

use genauth::{DepartmentRef, UserIds, UserRef};
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = support::connect().await?;
    let client = &target.client;

    // A run-unique suffix, so that repeated runs against a real pool never collide.
    let run = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis().to_string();
    let email = |name: &str| format!("{name}.{run}@example.com");

    let mut ids = Vec::new();
    for name in ["alice", "bob", "carol", "dave"] {
        let user = client.create_user().username(format!("{name}-{run}")).email(email(name)).send().await?;
        println!("created {name}: user id {}", user.user_id);
        ids.push(user.user_id);
    }

    let deleted = client.delete_users_batch().users(UserIds::emails([email("alice"), email("bob")])).send().await?;
    println!("deleted alice and bob by email in one batch: success = {}", deleted.success);

    let resigned = client.resign_user().user(UserRef::email(email("carol"))).send().await?;
    println!("resigned carol: success = {}", resigned.success);
    let carol = client.get_user().user(UserRef::user_id(&ids[2])).send().await?;
    println!("carol's profile is kept, status now {:?}", carol.status);

    let org_code = format!("quickstart-{run}");
    let root = client
        .create_organization()
        .organization_code(&org_code)
        .organization_name(format!("Quickstart {run}"))
        .send()
        .await?;
    let department = client
        .create_department()
        .organization_code(&org_code)
        .name("Engineering")
        .parent_department_id(&root.department_id)
        .code(format!("eng-{run}"))
        .send()
        .await?;
    let engineering = DepartmentRef::department_id(&department.department_id);
    client
        .add_department_members()
        .organization_code(&org_code)
        .user_ids([&ids[3]])
        .department(engineering.clone())
        .send()
        .await?;
    println!("added dave to department {}", department.department_id);

    let removed = client
        .remove_department_members()
        .organization_code(&org_code)
        .user_ids([&ids[3]])
        .department(engineering.clone())
        .send()
        .await?;
    let still_member = client
        .is_user_in_department()
        .user_id(&ids[3])
        .organization_code(&org_code)
        .department(engineering)
        .send()
        .await?
        .in_department;
    println!("removed dave from the department: success = {}, still a member = {still_member}", removed.success);

    // Leave a real pool as we found it.
    client.delete_users_batch().users(UserIds::user_ids([&ids[2], &ids[3]])).send().await?;
    client.delete_organization().organization_code(&org_code).send().await?;
    println!("cleaned up: deleted carol, dave and organization {org_code}");
    Ok(())
}
