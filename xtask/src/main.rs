//! Project automation: `cargo xtask <command>`.
//!
//! * `spec import [VENDOR.json]`: rebuild `spec/openapi.json` from a vendor
//!   document, keeping our docs, and report what changed.
//! * `spec check [VENDOR.json]`: fail when `spec/openapi.json` is not what import produces,
//!   or when its tags, `spec/features.toml` and Cargo.toml's features disagree.
//! * `docs check [VENDOR.json]`: fail on undocumented operations or on our docs
//!   repeating the vendor's prose.
//! * `docs coverage`: the share of operations, parameters and fields documented.
//! * `test`: everything CI runs: the spec and docs checks, the Rust test suite with all
//!   features, rustdoc with warnings denied, the examples, and the official
//!   Node and Python SDKs against the emulator.
//! * `conformance`: the official Node SDK's own jest suite against the
//!   emulator; writes CONFORMANCE.md and fails below `tests/conformance/floor`.
//! * `bench [calls|criterion|build|fuzz ...]`: run the benchmarks and rewrite
//!   their sections of BENCHMARKS.md (all sections when none is named).

#[path = "../../build/areas.rs"]
mod areas;
mod bench;
mod cargo_build;
mod change_report;
mod conformance;
mod docs;
#[path = "../../build/docs_files.rs"]
mod docs_files;
mod emulator_process;
mod features;
// Build scripts have no test harness: the pass's unit tests run here.
#[cfg(test)]
#[path = "../../build/shared_enums.rs"]
mod shared_enums;
mod spec_import;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Where the vendor document lives in this workplace when no path is given.
const DEFAULT_VENDOR: &str = "../shared/reference/genauth-v3-management.openapi.json";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["spec", "import", rest @ ..] => {
            let vendor = vendor_path(&root, rest)?;
            let imported = spec_import::import_file(&vendor)?;
            let target = root.join(spec_import::SPEC_FILE);
            let before = std::fs::read_to_string(&target).unwrap_or_default();
            if before == imported {
                println!("spec/ is up to date with {}", vendor.display());
            } else {
                let old: serde_json::Value = serde_json::from_str(&before).unwrap_or_default();
                let new: serde_json::Value = serde_json::from_str(&imported)?;
                print!("{}", change_report::compare(&old, &new, &docs::doc_keys(&root)?));
                std::fs::write(&target, &imported).with_context(|| format!("writing {}", target.display()))?;
                println!("wrote {} from {}", target.display(), vendor.display());
            }
            Ok(())
        }
        ["spec", "check", rest @ ..] => {
            let vendor = vendor_path(&root, rest)?;
            let imported = spec_import::import_file(&vendor)?;
            let target = root.join(spec_import::SPEC_FILE);
            let current = std::fs::read_to_string(&target).with_context(|| format!("reading {}", target.display()))?;
            if current != imported {
                bail!(
                    "{} differs from what `cargo xtask spec import {}` produces; run the import and commit the result",
                    target.display(),
                    vendor.display()
                );
            }
            println!("spec/ matches the import of {}", vendor.display());
            features::check(&root)
        }
        ["docs", "check", rest @ ..] => docs::check(&root, &vendor_path(&root, rest)?),
        ["docs", "coverage"] => docs::coverage(&root),
        ["test"] => run_all_tests(&root),
        ["conformance"] => conformance::run(&root),
        ["bench", sections @ ..] => bench::run(&root, sections),
        _ => {
            eprintln!(
                "usage:\n  cargo xtask spec import [VENDOR.json]\n  cargo xtask spec check [VENDOR.json]\n  cargo xtask docs check [VENDOR.json]\n  cargo xtask docs coverage\n  cargo xtask test\n  cargo xtask conformance\n  cargo xtask bench [calls|criterion|build|fuzz ...]\n\nVENDOR.json defaults to {DEFAULT_VENDOR} (relative to the workspace root)."
            );
            bail!("unknown command: {}", args.join(" "))
        }
    }
}

/// The project's whole test suite, as CI runs it.
fn run_all_tests(root: &Path) -> Result<()> {
    let vendor = root.join(DEFAULT_VENDOR);
    if spec_import::import_file(&vendor)? != std::fs::read_to_string(root.join(spec_import::SPEC_FILE))? {
        bail!("spec/openapi.json is stale: run `cargo xtask spec import`");
    }
    println!("spec/ matches the import of {}", vendor.display());
    features::check(root)?;
    docs::check(root, &vendor)?;
    docs::coverage(root)?;
    run(root, "cargo", &["fmt", "--all", "--check"])?;
    run(root, "cargo", &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"])?;
    // build.rs prunes the spec to the enabled API areas; a subset must still
    // compile on its own.
    run(root, "cargo", &["check", "--lib", "--no-default-features", "--features", "users,organizations"])?;
    // --show-output: the contract count, the fault matrix and the connection
    // counts are printed by passing tests and belong in the CI log.
    run(root, "cargo", &["test", "--workspace", "--all-features", "--", "--show-output"])?;
    run_with_env(root, "cargo", &["doc", "--no-deps", "--all-features"], Some(("RUSTDOCFLAGS", "-D warnings")))?;
    docs::check_rendered(root)?;
    // The README's first command must keep working against the embedded emulator.
    run(root, "cargo", &["run", "--quiet", "--example", "quickstart", "--features", "emulator"])?;
    // So must every other example: each checks its own outcome on the emulator.
    for example in ["list_users", "department_tree", "offboarding", "seeded_pool", "events"] {
        run(root, "cargo", &["run", "--quiet", "--example", example, "--features", "emulator"])?;
    }
    run(root, "bash", &["tests/official/run.sh"])?;
    // The official SDK's own suite, scored against the floor in tests/conformance/floor.
    conformance::run(root)
}

fn run(root: &Path, program: &str, args: &[&str]) -> Result<()> {
    run_with_env(root, program, args, None)
}

fn run_with_env(root: &Path, program: &str, args: &[&str], env: Option<(&str, &str)>) -> Result<()> {
    let shown_env = env.map(|(k, v)| format!("{k}={v:?} ")).unwrap_or_default();
    println!("$ {shown_env}{program} {}", args.join(" "));
    let mut command = std::process::Command::new(program);
    if let Some((key, value)) = env {
        command.env(key, value);
    }
    let status = command.args(args).current_dir(root).status().with_context(|| format!("starting {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed with {status}", args.join(" "));
    }
    Ok(())
}

fn vendor_path(root: &Path, rest: &[&str]) -> Result<PathBuf> {
    match rest {
        [] => Ok(root.join(DEFAULT_VENDOR)),
        [path] => Ok(PathBuf::from(path)),
        _ => bail!("expected at most one vendor document path"),
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent directory").to_path_buf()
}
