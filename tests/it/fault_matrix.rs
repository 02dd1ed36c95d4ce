//! Every emulator fault, met once by a read (`getUser`, GET) and by a
//! mutation (`createUser`, POST), with retries on: which calls recover
//! through a retry, which surface which `Error`, how many attempts reached the
//! server, and that no mutation ever took effect twice.

use genauth::emulator::{Emulator, Fault};
use genauth::{Error, ManagementClient, RetryConfig, UserRef};
use serde_json::json;
use std::time::{Duration, Instant};

const GET_USER: &str = "/api/v3/get-user";
const CREATE_USER: &str = "/api/v3/create-user";

/// The per-attempt timeout of the matrix's clients: long enough for any
/// healthy call on a loaded test machine, short enough that a stall beats it.
const TIMEOUT: Duration = Duration::from_millis(500);
/// A stall that outlasts [`TIMEOUT`] by far, so the attempt times out for sure.
const STALL: Duration = Duration::from_millis(1500);

/// What a call came to, without the details that differ from run to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Api(i64),
    Http(u16),
    Timeout,
    Transport,
    Decode,
    /// Any other variant: never expected, shown in the failure message.
    Other,
}

impl Outcome {
    fn of<T>(result: &Result<T, Error>) -> Self {
        match result {
            Ok(_) => Outcome::Ok,
            Err(Error::Api(e)) => Outcome::Api(e.status_code()),
            Err(Error::Http { status, .. }) => Outcome::Http(*status),
            Err(Error::Timeout(_)) => Outcome::Timeout,
            Err(Error::Transport(_)) => Outcome::Transport,
            Err(Error::Decode { .. }) => Outcome::Decode,
            Err(_) => Outcome::Other,
        }
    }
}

/// The documented outcome of one cell, and how many requests reached the emulator.
#[derive(Clone, Copy, Debug)]
struct Expect {
    outcome: Outcome,
    attempts: u64,
}

const fn ok_after(attempts: u64) -> Expect {
    Expect { outcome: Outcome::Ok, attempts }
}

const fn fails(outcome: Outcome) -> Expect {
    Expect { outcome, attempts: 1 }
}

/// One fault, and what a GET and a POST that meet it once come to.
struct Row {
    name: &'static str,
    fault: Fault,
    get: Expect,
    post: Expect,
}

impl Row {
    /// Whether the request that met the fault still reached the handler. Only
    /// a stall does: it delays the real answer instead of replacing it.
    fn reaches_handler(&self) -> bool {
        matches!(self.fault, Fault::Stall(_))
    }
}

fn envelope(status_code: i64) -> Fault {
    Fault::Envelope(json!({"statusCode": status_code, "message": "injected", "requestId": "fault-matrix"}))
}

/// The policy of `RetryConfig`, cell by cell: reads retry every transient
/// failure; a write retries only what proves the server did not act on it
/// (HTTP 429/503, envelope 429/503; connect errors are not injectable here).
fn matrix() -> Vec<Row> {
    use Outcome::*;
    vec![
        Row { name: "envelope 503", fault: envelope(503), get: ok_after(2), post: ok_after(2) },
        Row { name: "envelope 429", fault: envelope(429), get: ok_after(2), post: ok_after(2) },
        Row { name: "envelope 400", fault: envelope(400), get: fails(Api(400)), post: fails(Api(400)) },
        Row { name: "HTTP 429", fault: Fault::HttpStatus(429), get: ok_after(2), post: ok_after(2) },
        Row { name: "HTTP 502", fault: Fault::HttpStatus(502), get: ok_after(2), post: fails(Http(502)) },
        Row { name: "HTTP 503", fault: Fault::HttpStatus(503), get: ok_after(2), post: ok_after(2) },
        Row { name: "HTTP 504", fault: Fault::HttpStatus(504), get: ok_after(2), post: fails(Http(504)) },
        Row { name: "stall past the timeout", fault: Fault::Stall(STALL), get: ok_after(2), post: fails(Timeout) },
        Row { name: "reset", fault: Fault::Reset, get: ok_after(2), post: fails(Transport) },
        Row { name: "malformed body", fault: Fault::Malformed, get: fails(Decode), post: fails(Decode) },
        Row { name: "truncated body", fault: Fault::Truncated, get: ok_after(2), post: fails(Transport) },
    ]
}

#[derive(Clone, Copy, Debug)]
enum Method {
    Get,
    Post,
}

/// What one cell observed.
struct Observed {
    outcome: Outcome,
    detail: String,
    attempts: u64,
    /// How many times the mutation took effect (POST cells only).
    effects: u64,
}

async fn users_in(client: &ManagementClient) -> u64 {
    let page = client.list_users().body_map(|b| b).send().await.expect("users are listed");
    u64::try_from(page.total_count).expect("a count is not negative")
}

/// Runs one cell against a fresh emulator, so that counts belong to this cell alone.
async fn run_cell(row: &Row, method: Method) -> Observed {
    let emulator = Emulator::start().await.expect("emulator starts");
    let client = emulator
        .client_builder()
        .timeout(TIMEOUT)
        .retry(RetryConfig::standard().with_base_delay(Duration::from_millis(5)))
        .build()
        .expect("client builds");
    match method {
        Method::Get => {
            let id = crate::common::create_user(&client, "reader", "reader@example.com").await;
            emulator.faults().inject(GET_USER, row.fault.clone(), 1);
            let result = client.get_user().user(UserRef::user_id(&id)).send().await;
            if let Ok(user) = &result {
                assert_eq!(user.user_id, id, "{}, GET: the user read back", row.name);
            }
            let detail = format!("{:?}", result.as_ref().err());
            Observed { outcome: Outcome::of(&result), detail, attempts: emulator.requests_to(GET_USER), effects: 0 }
        }
        Method::Post => {
            emulator.faults().inject(CREATE_USER, row.fault.clone(), 1);
            let result = client.create_user().body_map(|b| b.username("writer".to_owned())).send().await;
            let detail = format!("{:?}", result.as_ref().err());
            if row.reaches_handler() {
                // The stalled request is still being handled after the client gave
                // up on it; wait until it has had its effect (or cannot have any more).
                let deadline = Instant::now() + STALL + Duration::from_secs(3);
                while users_in(&client).await == 0 && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
            }
            let effects = users_in(&client).await;
            if effects > 0 {
                let user = client.get_user().user(UserRef::username("writer")).send().await;
                assert!(user.is_ok(), "{}, POST: the created user is readable: {user:?}", row.name);
            }
            Observed { outcome: Outcome::of(&result), detail, attempts: emulator.requests_to(CREATE_USER), effects }
        }
    }
}

#[tokio::test]
async fn every_fault_against_a_read_and_a_write() {
    // Every cell runs and is reported before anything is asserted, so that one
    // failure shows the whole matrix rather than hiding the cells after it.
    let mut report = Vec::new();
    let mut mismatches = Vec::new();
    let mut duplicated_mutations = 0;
    for row in matrix() {
        for (method, expect) in [(Method::Get, row.get), (Method::Post, row.post)] {
            let cell = format!("{} x {method:?}", row.name);
            let seen = run_cell(&row, method).await;
            report.push(format!("{cell:<32} -> {:?}, {} attempt(s)", seen.outcome, seen.attempts));
            if seen.outcome != expect.outcome {
                mismatches
                    .push(format!("{cell}: expected {:?}, got {:?} ({})", expect.outcome, seen.outcome, seen.detail));
            }
            if seen.attempts != expect.attempts {
                mismatches.push(format!(
                    "{cell}: expected {} attempt(s), the emulator saw {}",
                    expect.attempts, seen.attempts
                ));
            }
            if let Method::Post = method {
                // Attempts the handler saw: all but the faulted one, unless the fault let it
                // through. Beyond the first, each is a duplicate, whether it created a second
                // user or was refused as a conflict (apiCode 2026).
                let handled = seen.attempts.saturating_sub(u64::from(!row.reaches_handler()));
                duplicated_mutations += handled.saturating_sub(1).max(seen.effects.saturating_sub(1));
                let expected_effects = u64::from(expect.outcome == Outcome::Ok || row.reaches_handler());
                if seen.effects != expected_effects {
                    mismatches
                        .push(format!("{cell}: expected {expected_effects} user(s) created, found {}", seen.effects));
                }
            }
        }
    }
    println!("fault matrix (retries on, fault injected once):\n{}", report.join("\n"));
    assert!(mismatches.is_empty(), "cells off the policy:\n{}", mismatches.join("\n"));
    assert_eq!(duplicated_mutations, 0, "mutations that took effect more than once");
}
