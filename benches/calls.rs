//! A load client: N calls of one operation against a running emulator,
//! through the SDK or through a bare `reqwest::Client` that sends the same
//! signed request, to measure what the SDK's layer costs per call.
//!
//! `cargo xtask bench calls` builds this with the `genauth-emulator` binary,
//! starts a fresh emulator for every run and collects the results. By hand:
//!
//! ```sh
//! GENAUTH_HOST=http://127.0.0.1:PORT GENAUTH_ACCESS_KEY_ID=.. GENAUTH_ACCESS_KEY_SECRET=.. \
//!   cargo bench --bench calls -- --client sdk|sdk-token|raw --op get-user|is-user-exists \
//!   --calls 10000 --concurrency 64 [--runtime current-thread|multi-thread]
//! ```
//!
//! It creates one user, makes a few warm-up calls (which also open the
//! connections), then makes `--calls` calls from `--concurrency` tasks and
//! prints one JSON line: the calls, the wall time, the process's CPU time
//! (user and system, from `getrusage`) spent in the measured calls alone,
//! and the process's peak resident set.
//!
//! The two operations:
//! - `get-user`: `GET /api/v3/get-user` with the seven query parameters the
//!   official Node SDK sends, answered with a full user record; the shape of
//!   most management reads.
//! - `is-user-exists`: `POST /api/v3/is-user-exists` with a small JSON body
//!   (signed over the body's fields) and a one-field answer, so the fixed
//!   per-call cost weighs as much as it can.

use genauth::signing::RequestSigner;
use genauth::types::{IsUserExistsRespDto, UserSingleRespDto};
use genauth::{AuthMode, Brand, Lang, ManagementClient, UserRef};
use progenitor_client::ClientInfo as _;
use reqwest::header::{ACCEPT, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The user every measured call asks about.
const USERNAME: &str = "bench-user";

#[derive(Clone, Copy, PartialEq)]
enum Op {
    GetUser,
    IsUserExists,
}

struct Args {
    client: String,
    op: Op,
    calls: usize,
    concurrency: usize,
    /// A single-threaded runtime instead of tokio's default multi-threaded one.
    current_thread: bool,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut client = None;
    let mut op = None;
    let mut calls = 10_000;
    let mut concurrency = 1;
    let mut current_thread = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--client" => client = Some(value()?),
            "--op" => {
                op = Some(match value()?.as_str() {
                    "get-user" => Op::GetUser,
                    "is-user-exists" => Op::IsUserExists,
                    other => return Err(format!("unknown --op {other:?}")),
                })
            }
            "--calls" => calls = value()?.parse().map_err(|e| format!("--calls: {e}"))?,
            "--concurrency" => concurrency = value()?.parse().map_err(|e| format!("--concurrency: {e}"))?,
            "--runtime" => {
                current_thread = match value()?.as_str() {
                    "current-thread" => true,
                    "multi-thread" => false,
                    other => return Err(format!("unknown --runtime {other:?}")),
                }
            }
            // `cargo bench` passes `--bench`; criterion-style filters are not used here.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let Some(client) = client else { return Ok(None) };
    let op = op.ok_or("--op is required")?;
    if concurrency == 0 || calls == 0 {
        return Err("--calls and --concurrency must be at least 1".into());
    }
    Ok(Some(Args { client, op, calls, concurrency, current_thread }))
}

fn main() {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        // A plain `cargo bench` runs every bench target; this one needs an emulator.
        Ok(None) => {
            eprintln!("calls: no --client given; run `cargo xtask bench calls` (see the module docs)");
            return;
        }
        Err(message) => {
            eprintln!("calls: {message}");
            std::process::exit(2);
        }
    };
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set"));
    let (host, key_id, secret) = (env("GENAUTH_HOST"), env("GENAUTH_ACCESS_KEY_ID"), env("GENAUTH_ACCESS_KEY_SECRET"));
    let runtime = if args.current_thread {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Runtime::new()
    }
    .expect("a tokio runtime");
    let result = runtime.block_on(async {
        let sdk = |mode| {
            ManagementClient::builder()
                .host(&host)
                .access_key_id(&key_id)
                .access_key_secret(secret.as_str())
                .auth_mode(mode)
                .build()
                .expect("client")
        };
        let signed = sdk(AuthMode::Signature);
        let user_id = signed
            .create_user()
            .username(USERNAME)
            .send()
            .await
            .expect("creating the user every call asks about")
            .user_id;
        let caller = match args.client.as_str() {
            "sdk" => Caller::Sdk(signed),
            "sdk-token" => Caller::Sdk(sdk(AuthMode::ManagementToken)),
            "raw" => Caller::Raw(Box::new(Raw::new(&host, &key_id, &secret))),
            other => panic!("unknown --client {other:?}: expected sdk, sdk-token or raw"),
        };
        let load = Arc::new(Load { caller, op: args.op, user_id });
        // Warm-up: opens the connections, fetches the token, fills the allocator's caches.
        load.clone().run((args.calls / 10).clamp(1, 1_000).max(args.concurrency), args.concurrency).await;
        let before = Usage::now().cpu;
        let started = Instant::now();
        load.run(args.calls, args.concurrency).await;
        (started.elapsed(), before)
    });
    let (wall, before) = result;
    let after = Usage::now();
    println!(
        "{}",
        serde_json::json!({
            "client": args.client,
            "op": match args.op { Op::GetUser => "get-user", Op::IsUserExists => "is-user-exists" },
            "calls": args.calls,
            "concurrency": args.concurrency,
            "runtime": if args.current_thread { "current-thread" } else { "multi-thread" },
            "wall_s": wall.as_secs_f64(),
            "user_s": (after.cpu.0 - before.0).as_secs_f64(),
            "sys_s": (after.cpu.1 - before.1).as_secs_f64(),
            "max_rss_kib": after.max_rss_kib,
        })
    );
}

/// Who makes the calls.
enum Caller {
    Sdk(ManagementClient),
    Raw(Box<Raw>),
}

struct Load {
    caller: Caller,
    op: Op,
    user_id: String,
}

impl Load {
    /// Makes `calls` calls from `concurrency` tasks; panics on the first failure,
    /// since a failed call would make the figures meaningless.
    async fn run(self: Arc<Self>, calls: usize, concurrency: usize) {
        let left = Arc::new(AtomicUsize::new(calls));
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (load, left) = (self.clone(), left.clone());
                tokio::spawn(async move {
                    while left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
                        load.call().await;
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.await.expect("a worker panicked");
        }
    }

    async fn call(&self) {
        match (&self.caller, self.op) {
            (Caller::Sdk(client), Op::GetUser) => {
                let user = client
                    .get_user()
                    .user(UserRef::user_id(&self.user_id))
                    .flat_custom_data(false)
                    .with_custom_data(false)
                    .with_department_ids(false)
                    .with_identities(false)
                    .with_post(false)
                    .send()
                    .await
                    .expect("getUser");
                assert_eq!(user.user_id, self.user_id);
            }
            (Caller::Sdk(client), Op::IsUserExists) => {
                let found = client.is_user_exists().username(USERNAME).send().await.expect("isUserExists");
                assert!(found.exists);
            }
            (Caller::Raw(raw), Op::GetUser) => {
                let query = [
                    ("flatCustomData", "false"),
                    ("userId", self.user_id.as_str()),
                    ("userIdType", "user_id"),
                    ("withCustomData", "false"),
                    ("withDepartmentIds", "false"),
                    ("withIdentities", "false"),
                    ("withPost", "false"),
                ];
                let request = raw.http.get(format!("{}/api/v3/get-user", raw.host)).query(&query);
                let answer: UserSingleRespDto = raw.send(request).await;
                assert_eq!((answer.status_code, answer.data.user_id.as_str()), (200, self.user_id.as_str()));
            }
            (Caller::Raw(raw), Op::IsUserExists) => {
                let request = raw
                    .http
                    .post(format!("{}/api/v3/is-user-exists", raw.host))
                    .json(&serde_json::json!({ "username": USERNAME }));
                let answer: IsUserExistsRespDto = raw.send(request).await;
                assert!(answer.status_code == 200 && answer.data.exists);
            }
        }
    }
}

/// What a caller would write without the SDK: a `reqwest::Client`, the
/// request signed by `genauth::signing::RequestSigner`, and the answer decoded into
/// the same typed envelope. Every header the SDK sends is sent here too, so
/// both put the same bytes on the wire and the server does the same work.
struct Raw {
    http: reqwest::Client,
    host: String,
    signer: RequestSigner,
    lang: HeaderName,
    sdk_version: HeaderName,
}

impl Raw {
    fn new(host: &str, key_id: &str, secret: &str) -> Self {
        let name = |suffix: &str| {
            HeaderName::from_bytes(format!("{}{suffix}", Brand::GenAuth.header_prefix()).as_bytes()).expect("valid")
        };
        Raw {
            // As `ClientBuilder::build` configures its own.
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(5))
                .user_agent(concat!("genauth-rust/", env!("CARGO_PKG_VERSION")))
                .build()
                .expect("an HTTP client"),
            host: host.to_owned(),
            signer: RequestSigner::new(Brand::GenAuth, key_id, secret),
            lang: name("lang"),
            sdk_version: name("sdk-version"),
        }
    }

    /// Signs and sends `request`, and decodes the answer.
    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> T {
        let mut request = request
            .header(ACCEPT, "application/json")
            .header("api-version", ManagementClient::api_version())
            .header(&self.lang, HeaderValue::from_static(Lang::ZhCn.as_str()))
            .header(&self.sdk_version, HeaderValue::from_static(genauth::SDK_VERSION))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a request");
        self.signer.sign(&mut request).expect("signed");
        let body = self.http.execute(request).await.expect("sent").bytes().await.expect("read");
        serde_json::from_slice(&body).expect("a typed envelope")
    }
}

/// This process's CPU time and peak resident set so far.
struct Usage {
    cpu: (Duration, Duration),
    max_rss_kib: i64,
}

impl Usage {
    fn now() -> Self {
        // SAFETY: getrusage only writes the struct it is given.
        let usage = unsafe {
            let mut usage = std::mem::zeroed::<libc::rusage>();
            assert_eq!(libc::getrusage(libc::RUSAGE_SELF, &mut usage), 0, "getrusage");
            usage
        };
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
        Usage { cpu: (time(usage.ru_utime), time(usage.ru_stime)), max_rss_kib: usage.ru_maxrss }
    }
}
