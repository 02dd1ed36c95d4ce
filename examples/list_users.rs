//! Lists every user of the pool as a stream: pages are fetched only as the
//! loop pulls on them, so memory stays flat however large the pool is.
//!
//! ```sh
//! cargo run --example list_users --features emulator
//! ```
//!
//! On the emulator it first creates 120 users, enough for three pages of 50;
//! against a real user pool (`GENAUTH_*` set) it lists the pool's own users.

#[path = "support/mod.rs"]
mod support;

use futures::TryStreamExt as _;

/// How many users the example creates on the emulator.
const SAMPLE_USERS: usize = 120;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = support::connect().await?;
    let client = &target.client;
    if target.emulator.is_some() {
        for i in 0..SAMPLE_USERS {
            let (username, email) = (format!("user-{i:03}"), format!("user-{i:03}@example.com"));
            client.create_user().username(username).email(email).send().await?;
        }
    }

    let mut users = client.list_users().into_paginator().page_size(50).items();
    let mut listed = 0;
    while let Some(user) = users.try_next().await? {
        listed += 1;
        let email = user.email.as_deref().unwrap_or("-");
        println!("{:>4}  {}  {}", listed, user.user_id, email);
    }
    println!("listed {listed} users");
    if target.emulator.is_some() && listed != SAMPLE_USERS {
        return Err(format!("expected {SAMPLE_USERS} users, listed {listed}").into());
    }
    Ok(())
}
