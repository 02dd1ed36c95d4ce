//! Walks every organization's department tree and prints it, with the number
//! of members of each department. Read-only.
//!
//! ```sh
//! cargo run --example department_tree --features emulator
//! ```
//!
//! On the emulator it first builds a small organization to walk; against a
//! real user pool (`GENAUTH_*` set) it prints the pool's own trees.

#[path = "support/mod.rs"]
mod support;

use futures::TryStreamExt as _;
use genauth::{DepartmentRef, ManagementClient};

/// The emulator's sample: (department, its parent, how many members), parents first.
const SAMPLE_TREE: &[(&str, Option<&str>, usize)] = &[
    ("Engineering", None, 3),
    ("Platform", Some("Engineering"), 4),
    ("Apps", Some("Engineering"), 2),
    ("Mobile", Some("Apps"), 5),
    ("Web", Some("Apps"), 3),
    ("Sales", None, 2),
    ("EMEA", Some("Sales"), 6),
    ("People", None, 1),
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = support::connect().await?;
    let client = &target.client;
    if target.emulator.is_some() {
        build_sample_organization(client).await?;
    }

    // Organizations come page by page, fetched as the walk reaches them.
    let mut organizations = client.list_organizations().into_paginator().items();
    let mut walked = 0;
    while let Some(organization) = organizations.try_next().await? {
        println!("{} ({})", organization.organization_name, organization.organization_code);
        walked += print_subtree(client, &organization.organization_code, &organization.department_id).await?;
    }
    println!("walked {walked} departments");
    if target.emulator.is_some() && walked != SAMPLE_TREE.len() {
        return Err(format!("expected {} departments, walked {walked}", SAMPLE_TREE.len()).into());
    }
    Ok(())
}

/// Prints the departments below `root` in pre-order, one indented line
/// each, and returns how many there were. An explicit stack keeps the walk
/// iterative, so a deep tree needs no recursion.
async fn print_subtree(client: &ManagementClient, organization: &str, root: &str) -> Result<usize, genauth::Error> {
    // (department id, its name, its depth); the root itself is not printed.
    let mut stack = vec![(root.to_owned(), String::new(), 0)];
    let mut count = 0;
    while let Some((department_id, name, depth)) = stack.pop() {
        let department = DepartmentRef::department_id(&department_id);
        if depth > 0 {
            count += 1;
            let members = client
                .list_department_members()
                .organization_code(organization)
                .department(department.clone())
                .into_paginator()
                .items()
                .try_fold(0, |n, _| async move { Ok(n + 1) })
                .await?;
            let plural = if members == 1 { "" } else { "s" };
            println!("{:indent$}- {name} [{members} member{plural}]", "", indent = depth * 2);
        }
        let children = client
            .list_children_departments()
            .organization_code(organization)
            .department(department)
            .send()
            .await?
            .list;
        // Pushed in reverse, so that they pop, and print, in the API's order.
        for child in children.into_iter().rev() {
            stack.push((child.department_id, child.name, depth + 1));
        }
    }
    Ok(count)
}

/// An organization with three levels of departments and a few members.
async fn build_sample_organization(client: &ManagementClient) -> Result<(), genauth::Error> {
    let organization = client.create_organization().organization_code("acme").organization_name("Acme").send().await?;
    let mut ids: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for &(name, parent, members) in SAMPLE_TREE {
        let parent_id: String = parent.map_or_else(|| organization.department_id.clone(), |p| ids[p].clone());
        let department = client
            .create_department()
            .organization_code("acme")
            .name(name)
            .parent_department_id(parent_id)
            .send()
            .await?;
        let mut user_ids = Vec::new();
        for i in 0..members {
            let username = format!("{}-{i}", name.to_lowercase());
            user_ids.push(client.create_user().username(username).send().await?.user_id);
        }
        client
            .add_department_members()
            .organization_code("acme")
            .user_ids(user_ids)
            .department(DepartmentRef::department_id(&department.department_id))
            .send()
            .await?;
        ids.insert(name, department.department_id);
    }
    Ok(())
}
