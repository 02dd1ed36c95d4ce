"""Load client for `cargo xtask bench calls`: N sequential get_user calls
through the official genauth 5.1.0 SDK (management token), against
genauth-emulator, to compare its CPU and memory with the Rust SDK's.

    GENAUTH_HOST=http://127.0.0.1:PORT GENAUTH_ACCESS_KEY_ID=.. GENAUTH_ACCESS_KEY_SECRET=.. \
        python3 bench.py [CALLS]

Like benches/calls.rs it creates one user, warms up (which also fetches the
token), then times CALLS calls and prints one JSON line: wall time, the CPU
this process spent in the measured calls (getrusage) and its peak resident set.
"""

import json
import resource
import sys
import time

from emulator_env import credentials
from genauth import ManagementClient

HOST, AKID, SECRET = credentials("bench.py")
calls = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

client = ManagementClient(access_key_id=AKID, access_key_secret=SECRET, host=HOST)
created = client.create_user(username="bench-user")
if created.get("statusCode") != 200:
    sys.exit("create_user: %r" % created)
user_id = created["data"]["userId"]


def run(n):
    # Every parameter get_user takes, as the other load clients send them all.
    for _ in range(n):
        answer = client.get_user(
            user_id=user_id,
            user_id_type="user_id",
            flat_custom_data=False,
            with_custom_data=False,
            with_post=False,
            with_identities=False,
        )
        if answer.get("statusCode") != 200 or answer["data"]["userId"] != user_id:
            sys.exit("get_user: %r" % answer)


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


run(min(1000, max(1, calls // 10)))
user_before, sys_before = cpu()
started = time.perf_counter()
run(calls)
wall = time.perf_counter() - started
user_after, sys_after = cpu()
print(
    json.dumps(
        {
            "client": "python",
            "op": "get-user",
            "calls": calls,
            "concurrency": 1,
            "wall_s": wall,
            "user_s": user_after - user_before,
            "sys_s": sys_after - sys_before,
            "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    )
)
