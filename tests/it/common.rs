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
    let user = client.create_user().username(username).email(email).send().await.expect("user is created");
    user.user_id
}

/// Runs `flow` on this thread with `subscriber` as its only tracing subscriber.
///
/// A current-thread runtime keeps every task (the emulator's included) on the
/// thread the subscriber is scoped to, so tests running in parallel keep
/// their own output.
pub fn run_traced<S, F>(subscriber: S, flow: F) -> F::Output
where
    S: tracing::Subscriber + Send + Sync + 'static,
    F: std::future::Future,
{
    // `log` records (reqwest's) go to whichever subscriber is current on the
    // recording thread; another test may have installed the bridge first.
    let _ = tracing_log::LogTracer::init();
    // tracing caches whether each callsite is enabled, process-wide. While only
    // one dispatcher exists, a callsite first reached on another test's thread
    // is judged by that thread's default (none) and stays disabled for ours
    // too. A second, silent dispatcher makes tracing ask every live one instead.
    let _second_dispatcher = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(flow)
    })
}
