//! How long the in-process emulator takes from `start()` to answering, and
//! to shut down: the cost every emulator-backed test pays; and what one
//! signed call costs on an emulator already running.
//!
//! `cargo bench --features emulator --bench emulator_startup`

use criterion::{Criterion, criterion_group, criterion_main};
use genauth::emulator::Emulator;

fn startup(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    // The first start in a process also parses the embedded spec; measure it apart.
    let first = std::time::Instant::now();
    runtime.block_on(async { drop(Emulator::start().await.expect("starts")) });
    println!("first start in the process (includes spec parsing): {:?}", first.elapsed());

    c.bench_function("emulator start + drop", |b| {
        b.to_async(&runtime).iter(|| async { drop(Emulator::start().await.expect("starts")) })
    });
    c.bench_function("emulator start + first signed call + drop", |b| {
        b.to_async(&runtime).iter(|| async {
            let emulator = Emulator::start().await.expect("starts");
            let client = emulator.client_builder().build().expect("client");
            client.is_user_exists().username("x").send().await.expect("answers");
        })
    });
    let (emulator, client) = runtime.block_on(async {
        let emulator = Emulator::start().await.expect("starts");
        let client = emulator.client_builder().build().expect("client");
        (emulator, client)
    });
    c.bench_function("one signed call on a running emulator", |b| {
        b.to_async(&runtime).iter(|| async {
            client.is_user_exists().username("x").send().await.expect("answers");
        })
    });
    drop(emulator);
}

criterion_group!(benches, startup);
criterion_main!(benches);
