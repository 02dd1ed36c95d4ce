//! What every example shares: pick the user pool to talk to.
//!
//! With `GENAUTH_ACCESS_KEY_ID` and `GENAUTH_ACCESS_KEY_SECRET` set (plus
//! `GENAUTH_HOST` and `GENAUTH_BRAND` as needed) an example talks to that
//! user pool; otherwise it starts the embedded emulator, so it runs anywhere.

use genauth::ManagementClient;
use genauth::emulator::Emulator;

/// The client an example uses, and the emulator behind it when there is one.
pub struct Target {
    pub client: ManagementClient,
    /// Kept alive for the whole run: the emulator stops when dropped.
    #[allow(dead_code, reason = "the quickstart only keeps it alive; the other examples read it")]
    pub emulator: Option<Emulator>,
}

/// A real user pool when the environment names one, the emulator otherwise.
pub async fn connect() -> Result<Target, Box<dyn std::error::Error>> {
    if std::env::var_os("GENAUTH_ACCESS_KEY_ID").is_some() {
        let client = ManagementClient::from_env()?;
        println!("using the user pool at {}", client.host());
        return Ok(Target { client, emulator: None });
    }
    let emulator = Emulator::start().await?;
    let client = emulator.client_builder().build()?;
    println!("using the embedded emulator at {}", emulator.base_url());
    Ok(Target { client, emulator: Some(emulator) })
}
