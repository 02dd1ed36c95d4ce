// Load client for `cargo xtask bench calls`: N sequential getUser calls
// through the official authing-node-sdk 4.0.1 (HMAC-SHA1 signing), against
// genauth-emulator, to compare its CPU and memory with the Rust SDK's.
//
//   GENAUTH_HOST=http://127.0.0.1:PORT GENAUTH_ACCESS_KEY_ID=.. GENAUTH_ACCESS_KEY_SECRET=.. \
//     node bench.mjs [CALLS]
//
// Like benches/calls.rs it creates one user, warms up, then times CALLS
// calls and prints one JSON line: wall time, the CPU this process spent in
// the measured calls (process.cpuUsage) and its peak resident set.

import sdk from "authing-node-sdk";
import { credentials } from "./emulator_env.mjs";

const { ManagementClient } = sdk;
const { host, accessKeyId, accessKeySecret } = credentials("bench.mjs");
const calls = Number(process.argv[2] ?? 10000);

const client = new ManagementClient({ host, accessKeyId, accessKeySecret });
const created = await client.createUser({ username: "bench-user" });
if (created.statusCode !== 200) throw new Error(`createUser: ${JSON.stringify(created)}`);
const userId = created.data.userId;

// The SDK fills in the six optional parameters itself; the Rust load client
// sends the same seven.
async function run(n) {
  for (let i = 0; i < n; i++) {
    const answer = await client.getUser({ userId });
    if (answer.statusCode !== 200 || answer.data.userId !== userId) {
      throw new Error(`getUser: ${JSON.stringify(answer)}`);
    }
  }
}

await run(Math.min(1000, Math.max(1, Math.floor(calls / 10))));
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
await run(calls);
const wall = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    client: "node",
    op: "get-user",
    calls,
    concurrency: 1,
    wall_s: wall,
    user_s: cpu.user / 1e6,
    sys_s: cpu.system / 1e6,
    max_rss_kib: process.resourceUsage().maxRSS,
  }),
);
