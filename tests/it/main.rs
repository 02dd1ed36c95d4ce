//! Integration tests, in one binary so the large generated crate links once.
//! They run against the in-process emulator (`--features emulator`).

mod batch;
mod common;
mod concurrency;
mod config;
mod contract;
mod drift;
mod emulator_binary;
mod errors;
mod events;
mod fault_matrix;
mod pagination;
mod retry_after;
mod secrets;
mod seed_flows;
mod signing_vectors;
mod surface;
mod token_mode;
mod tracing_spans;
mod transport;
mod user_refs;
