//! The `genauth-emulator` binary as outside tools use it: its one-line
//! start-up contract, and a state file that survives `kill -9` mid-write.

use genauth::emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};
use genauth::{ManagementClient, RetryConfig};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts the binary and returns it with the base URL from its one stdout line.
fn spawn(state: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_genauth-emulator"))
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).expect("a ready line");
    let url = line.strip_suffix('\n').and_then(|l| l.strip_prefix("listening on ")).expect("`listening on URL`");
    assert!(url.starts_with("http://127.0.0.1:"), "{line:?}");
    (child, url.to_owned())
}

fn client(url: &str) -> ManagementClient {
    ManagementClient::builder()
        .host(url)
        .access_key_id(DEFAULT_ACCESS_KEY_ID)
        .access_key_secret(DEFAULT_ACCESS_KEY_SECRET)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

async fn count_users(client: &ManagementClient) -> i64 {
    client.list_users().body_map(|b| b).send().await.expect("users are listed").total_count
}

#[tokio::test]
async fn a_kill_mid_write_never_corrupts_the_state_file() {
    let dir = std::env::temp_dir().join(format!("genauth-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");

    let (mut child, url) = spawn(&state);
    let writer = client(&url);
    // Eight writers keep the emulator saving; the kill lands while they run.
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let writer = writer.clone();
            tokio::spawn(async move {
                for i in 0..1_000 {
                    let created = writer.create_user().body_map(|b| b.username(format!("w{w}-{i}"))).send().await;
                    if created.is_err() {
                        break; // the process is gone
                    }
                }
            })
        })
        .collect();
    while count_users(&writer).await < 50 {
        tokio::task::yield_now().await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }

    let text = std::fs::read_to_string(&state).expect("the state file exists");
    serde_json::from_str::<serde_json::Value>(&text).expect("the state file is whole JSON after the kill");

    // A restarted emulator serves what was saved.
    let (mut child, url) = spawn(&state);
    let restored = count_users(&client(&url)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(restored >= 50, "{restored} users survived");
    std::fs::remove_dir_all(&dir).unwrap();
}
