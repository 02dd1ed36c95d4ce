#!/usr/bin/env bash
# Runs the official SDK flows (tests/official/node/flow.mjs with
# authing-node-sdk 4.0.1, tests/official/python/flow.py with genauth 5.1.0,
# and tests/official/node/events.mjs, where the official SDK subscribes to
# what examples/events.rs publishes) against a freshly started genauth-emulator.
#
#   bash tests/official/run.sh
#
# Installs the SDKs when missing, builds the emulator, starts it on a free
# loopback port, runs the flows, stops it. Exits non-zero when the build, the
# start or any flow fails. Nothing is installed outside the repository: the
# Node SDK goes into tests/official/node/node_modules (npm ci), the Python SDK
# into a virtual environment at target/official/venv (python -m venv, then that
# environment's pip), and the Python flow runs with that environment's
# interpreter. Env knobs: PYTHON (the interpreter that creates the virtual
# environment, default python3), FLOW_TIMEOUT (seconds per flow, default 300), FLOW_VERBOSE=1 (print
# every passing check too), GENAUTH_EMULATOR_LOG (file for the emulator's stderr),
# GENAUTH_EMULATOR_BIN (use this executable instead of building one).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root" || exit 1

PYTHON="${PYTHON:-python3}"
FLOW_TIMEOUT="${FLOW_TIMEOUT:-300}"
AKID="emulator-access-key-id"
SECRET="emulator-access-key-secret"

log() { printf '[official] %s\n' "$*" >&2; }

# --- SDKs ---------------------------------------------------------------------
if ! (cd "$here/node" && node -e 'process.exit(require("./node_modules/authing-node-sdk/package.json").version === "4.0.1" ? 0 : 1)') 2>/dev/null; then
  log "installing authing-node-sdk (npm ci)"
  (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error) || { log "npm ci failed"; exit 1; }
fi
venv="$root/target/official/venv"
venv_python="$venv/bin/python"
if [ ! -x "$venv_python" ]; then
  log "creating a virtual environment for the Python SDK ($PYTHON -m venv target/official/venv)"
  "$PYTHON" -m venv "$venv" || { log "python -m venv failed"; exit 1; }
fi
# Reinstalled only when requirements.txt changed since the last install, as
# `cargo xtask conformance` does with its npm lock file.
stamp="$venv/requirements.installed"
if ! cmp -s "$here/python/requirements.txt" "$stamp"; then
  log "installing genauth into target/official/venv (pip install -r tests/official/python/requirements.txt)"
  "$venv_python" -m pip install -q --disable-pip-version-check -r "$here/python/requirements.txt" \
    || { log "pip install failed"; exit 1; }
  cp "$here/python/requirements.txt" "$stamp"
fi

# --- emulator -----------------------------------------------------------------
if [ -n "${GENAUTH_EMULATOR_BIN:-}" ]; then
  emulator="$GENAUTH_EMULATOR_BIN"
else
  log "building genauth-emulator"
  build_json="$(mktemp)"
  if ! cargo build --features emulator --bin genauth-emulator --message-format=json-render-diagnostics >"$build_json"; then
    rm -f "$build_json"
    log "cargo build failed"
    exit 1
  fi
  # The last compiler-artifact line for the binary names its executable.
  emulator="$(grep '"reason":"compiler-artifact"' "$build_json" | grep '"name":"genauth-emulator"' \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)"
  rm -f "$build_json"
  [ -n "$emulator" ] || emulator="${CARGO_TARGET_DIR:-$root/target}/debug/genauth-emulator"
fi
[ -x "$emulator" ] || { log "no emulator binary at $emulator"; exit 1; }

# The genauth side of the events flow: examples/events.rs publishes what the
# official SDK's subscription must receive.
log "building examples/events"
build_json="$(mktemp)"
if ! cargo build --features emulator --example events --message-format=json-render-diagnostics >"$build_json"; then
  rm -f "$build_json"
  log "cargo build --example events failed"
  exit 1
fi
publisher="$(grep '"reason":"compiler-artifact"' "$build_json" | grep '"name":"events"' \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)"
rm -f "$build_json"
[ -x "$publisher" ] || { log "no examples/events binary at $publisher"; exit 1; }

work="$(mktemp -d)"
emu_pid=""
cleanup() {
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$emu_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$emu_pid" 2>/dev/null
    wait "$emu_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

emu_err="${GENAUTH_EMULATOR_LOG:-$work/emulator.err}"
"$emulator" --listen 127.0.0.1:0 --access-key-id "$AKID" --access-key-secret "$SECRET" \
  >"$work/emulator.out" 2>"$emu_err" </dev/null &
emu_pid=$!

host=""
for _ in $(seq 1 300); do
  line="$(head -n 1 "$work/emulator.out" 2>/dev/null)"
  if [[ "$line" =~ ^listening\ on\ (http://[^[:space:]]+)$ ]]; then
    host="${BASH_REMATCH[1]}"
    break
  fi
  kill -0 "$emu_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$host" ]; then
  log "genauth-emulator did not print 'listening on http://HOST:PORT'; stdout:"
  cat "$work/emulator.out" >&2
  log "stderr:"
  tail -n 40 "$emu_err" >&2
  exit 1
fi
log "genauth-emulator listening on $host (pid $emu_pid)"

export GENAUTH_HOST="$host" GENAUTH_ACCESS_KEY_ID="$AKID" GENAUTH_ACCESS_KEY_SECRET="$SECRET"

# --- flows --------------------------------------------------------------------
status=0
total_passed=0
total_failed=0
# run_flow NAME CMD...: runs one flow, echoing its output, and adds its closing
# `N passed, M failed` line to the totals (a flow without one counts 1 failed).
run_flow() {
  local name="$1"; shift
  local out="$work/$name.out"
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  local last p f
  last="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)"
  if [ -n "$last" ]; then
    p="${last%% passed*}"; f="${last#*, }"; f="${f%% failed*}"
  else
    p=0; f=1
  fi
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
  if [ "$rc" -ne 0 ]; then status=1; log "$name flow FAILED (exit $rc)"; fi
}
log "node flow (authing-node-sdk 4.0.1, HMAC-SHA1 signing, x-authing-*)"
run_flow node bash -c 'cd "$1" && exec timeout "$2" node flow.mjs' _ "$here/node" "$FLOW_TIMEOUT"
log "events flow (authing-node-sdk 4.0.1 sub() receives what genauth publishes)"
run_flow events bash -c 'cd "$1" && EVENTS_PUBLISHER="$3" exec timeout "$2" node events.mjs' _ "$here/node" "$FLOW_TIMEOUT" "$publisher"
log "python flow (genauth 5.1.0, management token, x-genauth-*)"
run_flow python timeout "$FLOW_TIMEOUT" "$venv_python" "$here/python/flow.py"

if ! kill -0 "$emu_pid" 2>/dev/null; then
  log "genauth-emulator exited during the flows; stderr tail:"
  tail -n 40 "$emu_err" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  log "emulator stderr tail:"
  tail -n 40 "$emu_err" >&2
fi
[ "$status" -ne 0 ] && [ "$total_failed" -eq 0 ] && total_failed=1
echo "official: $total_passed passed, $total_failed failed"
exit "$status"
