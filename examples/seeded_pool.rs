//! Tests that need a pool with people in it: start the emulator from a seed.
//!
//! ```sh
//! cargo run --example seeded_pool --features emulator
//! ```
//!
//! `examples/data/seed.json` describes a pool's starting state: three users
//! (one with custom data), an organization with a department tree, a group
//! and a role. The emulator builds it through its own operations when it
//! starts, so a seed is held to the same rules as requests; the same file
//! works with the binary, `genauth-emulator --seed examples/data/seed.json`.
//! A seed is the emulator's starting state, so this example always runs on
//! the embedded emulator.

use genauth::UserRef;
use genauth::emulator::{Emulator, Seed};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = Seed::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/seed.json"))?;
    let emulator = Emulator::builder().seed(seed).start().await?;
    let client = emulator.client_builder().build()?;
    println!("using the embedded emulator at {}, seeded", emulator.base_url());

    let alice = client.get_user().user(UserRef::username("alice")).with_custom_data(true).send().await?;
    println!("alice: {} with custom data {:?}", alice.user_id, alice.custom_data);

    let staff = client.list_group_members().code("staff").send().await?;
    println!("group staff: {} members", staff.total_count);

    let admins = client.list_role_members().code("admin").namespace("default").send().await?;
    println!("role admin: {} holder(s)", admins.total_count);

    // Resigning Bob ends every relation he had, in every area.
    client.resign_user().user(UserRef::username("bob")).send().await?;
    let staff_after = client.list_group_members().code("staff").send().await?;
    println!("after bob resigned, group staff: {} members", staff_after.total_count);

    if (staff.total_count, admins.total_count, staff_after.total_count) != (3, 1, 2) {
        return Err("the seeded pool is not as examples/data/seed.json describes".into());
    }
    Ok(())
}
