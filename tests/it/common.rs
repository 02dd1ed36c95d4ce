//! Shared set-up: an emulator and a client pointed at it.

use genauth::emulator::Emulator;
use genauth::{ManagementClient, RetryConfig};

/// A fresh emulator and a signing client for it, without retries so that
/// each test sees exactly one attempt per call unless it asks for more.
pub async fn emulator_and_client() -> (Emulator, ManagementClient) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client = emulator.client_builder().retry(RetryConfig::disabled()).build().expect("client builds");
    (emulator, client)
}

/// Creates a user with the given username and email and returns its user id.
pub async fn create_user(client: &ManagementClient, username: &str, email: &str) -> String {
    let user = client
        .create_user()
        .body_map(|b| b.username(username.to_owned()).email(email.to_owned()))
        .send()
        .await
        .expect("user is created");
    user.user_id
}
