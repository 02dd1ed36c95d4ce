//! Offboarding from a CSV file: each row names a user by email and says
//! whether they leave by resigning (profile kept, access removed) or are
//! deleted outright.
//!
//! ```sh
//! cargo run --example offboarding --features emulator                  # the sample file, on the emulator
//! cargo run --example offboarding --features emulator -- leavers.csv   # your file
//! ```
//!
//! The file has a header row `email,action`, and `action` is `resign` or
//! `delete`. Against a real user pool (`GENAUTH_*` set) the file must be
//! given explicitly: the sample is never applied to real users.
//!
//! Emails that match nobody are reported as already gone, so the run can be
//! repeated after a partial failure. Deletions go through the chunked batch
//! helper, so any number of rows works; every failure is listed and makes the
//! process exit with status 1.

#[path = "support/mod.rs"]
mod support;

use futures::StreamExt as _;
use genauth::{UserIds, UserRef};
use std::path::PathBuf;

/// The sample file, applied to the emulator when no file is given.
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/offboarding.csv");
/// How many single-user calls run at once.
const CONCURRENCY: usize = 8;
/// `apiCode` of a user reference that matches nobody.
const USER_NOT_FOUND: i64 = 2004;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    Resign,
    Delete,
}

#[derive(Debug, serde::Deserialize)]
struct Row {
    email: String,
    action: Action,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = support::connect().await?;
    let client = &target.client;
    let path = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None if target.emulator.is_some() => PathBuf::from(SAMPLE),
        None => return Err("name the CSV file to apply to this user pool".into()),
    };
    let rows = read_rows(&path)?;
    println!("{} rows in {}", rows.len(), path.display());

    if target.emulator.is_some() {
        // Give the emulator the users the file names, all but the last: it
        // shows how a user who is already gone is reported.
        for (i, row) in rows.iter().enumerate().take(rows.len().saturating_sub(1)) {
            let username = format!("leaver-{i}");
            client.create_user().username(username).email(&row.email).send().await?;
        }
    }

    // Who could not be offboarded, and why.
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut gone = Vec::new();

    // Resignations: one call per user, a few at a time.
    let resign: Vec<&str> = rows.iter().filter(|r| r.action == Action::Resign).map(|r| r.email.as_str()).collect();
    let mut outcomes = futures::stream::iter(resign)
        .map(|email| async move { (email, client.resign_user().user(UserRef::email(email)).send().await) })
        .buffer_unordered(CONCURRENCY);
    let mut resigned = 0;
    while let Some((email, outcome)) = outcomes.next().await {
        match outcome {
            Ok(_) => resigned += 1,
            Err(e) if e.api_code() == Some(USER_NOT_FOUND) => gone.push(email.to_owned()),
            Err(e) => failures.push((email.to_owned(), e.to_string())),
        }
    }
    println!("resigned {resigned} users");

    // Deletions: look the users up first, so that a missing one is reported
    // as gone instead of failing the whole chunk it travels in.
    let delete: Vec<&str> = rows.iter().filter(|r| r.action == Action::Delete).map(|r| r.email.as_str()).collect();
    let mut lookups = futures::stream::iter(delete)
        .map(|email| async move { (email, client.get_user().user(UserRef::email(email)).send().await) })
        .buffer_unordered(CONCURRENCY);
    let mut existing = Vec::new();
    while let Some((email, outcome)) = lookups.next().await {
        match outcome {
            Ok(_) => existing.push(email.to_owned()),
            Err(e) if e.api_code() == Some(USER_NOT_FOUND) => gone.push(email.to_owned()),
            Err(e) => failures.push((email.to_owned(), e.to_string())),
        }
    }
    let report = client.delete_users_batch().chunked(UserIds::emails(existing)).send().await;
    println!("deleted {} users", report.succeeded().len());
    for chunk in report.failed() {
        for email in &chunk.ids {
            failures.push((email.clone(), chunk.error.to_string()));
        }
    }

    gone.sort();
    for email in &gone {
        println!("already gone: {email}");
    }
    for (email, error) in &failures {
        eprintln!("FAILED {email}: {error}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
    println!("offboarding complete: {} rows, {} already gone", rows.len(), gone.len());
    Ok(())
}

/// Reads and checks the whole file before anything is changed: a bad row
/// stops the run with its line number.
fn read_rows(path: &PathBuf) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_path(path)?;
    let mut rows = Vec::new();
    for record in reader.deserialize::<Row>() {
        rows.push(record.map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(rows)
}
