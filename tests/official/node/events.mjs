// The official authing-node-sdk subscribes (`sub`, with `socketUri` pointed
// at the emulator) and must receive what genauth publishes: it starts the
// Rust example named by EVENTS_PUBLISHER (examples/events.rs, built by
// run.sh) once its own subscription is open, and passes when a greeting
// arrives. Prints `N passed, M failed` as the other flows do.
import { spawn } from "node:child_process";
import { ManagementClient } from "authing-node-sdk";
import { credentials } from "./emulator_env.mjs";

const CODE = "genauth.example.greeting";
const { host, accessKeyId, accessKeySecret } = credentials("events.mjs");
const publisher = process.env.EVENTS_PUBLISHER;
if (!publisher) {
  console.error("events.mjs: set EVENTS_PUBLISHER to the built examples/events binary");
  process.exit(2);
}
const socketUri = host.replace(/^http/, "ws");
const client = new ManagementClient({ accessKeyId, accessKeySecret, host, socketUri });

function finish(passed, why) {
  console.log(passed ? "ok: the official SDK received genauth's event" : `FAILED: ${why}`);
  console.log(passed ? "1 passed, 0 failed" : "0 passed, 1 failed");
  process.exit(passed ? 0 : 1);
}

const timer = setTimeout(() => finish(false, "no event within 30 s"), 30000);
let received = null;
let published = false;
client.sub(
  CODE,
  (message) => {
    received = message;
    if (published) check();
  },
  (error) => finish(false, `subscription failed: ${error}`),
);

function check() {
  let event;
  try {
    event = JSON.parse(received);
  } catch (e) {
    return finish(false, `not JSON: ${received}`);
  }
  clearTimeout(timer);
  if (event.greeting !== "hello from genauth") return finish(false, `unexpected event ${received}`);
  finish(true);
}

// The emulator counts the subscription's upgrade request; then the publisher may start.
async function subscribed() {
  for (let i = 0; i < 300; i++) {
    const stats = await (await fetch(`${host}/__emulator/stats`)).json();
    if ((stats.requests["/events/v1/management/sub"] ?? 0) >= 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  finish(false, "the subscription never reached the emulator");
}

await subscribed();
await new Promise((r) => setTimeout(r, 300));
const child = spawn(publisher, [], {
  env: { ...process.env, GENAUTH_EVENTS_HOST: socketUri },
  stdio: ["ignore", "inherit", "inherit"],
});
child.on("exit", (code) => {
  published = true;
  if (code !== 0) return finish(false, `the genauth publisher exited with ${code}`);
  if (received !== null) check();
});
