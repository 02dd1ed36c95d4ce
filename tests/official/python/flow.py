"""Drives genauth-emulator with the official GenAuth Python SDK (genauth==5.1.0).

That SDK does not sign requests: it fetches a management token
(POST /api/v3/get-management-token) and sends `Authorization: Bearer <token>`
plus x-genauth-* headers.

Env: GENAUTH_HOST (http://127.0.0.1:PORT), GENAUTH_ACCESS_KEY_ID,
GENAUTH_ACCESS_KEY_SECRET. Prints one line per failed check and ends with
`N passed, M failed`; exits 1 if any check failed.
"""

import json
import os
import random
import sys
import time

from emulator_env import credentials
from genauth import ManagementClient
from genauth.GenAuthException import GenAuthException

HOST, AKID, SECRET = credentials("flow.py")

VERBOSE = bool(os.environ.get("FLOW_VERBOSE"))
passed = 0
failed = 0


def show(v):
    s = json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= 600 else s[:600] + "..."


def check(name, ok, detail=None):
    global passed, failed
    if ok:
        passed += 1
        if VERBOSE:
            print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + ("" if detail is None else " -- " + str(detail)))
    return bool(ok)


class Result:
    def __init__(self, label, body=None, error=None):
        self.label, self.body, self.error = label, body, error

    def describe(self):
        if self.error is not None:
            return "SDK raised %s: %s" % (type(self.error).__name__, self.error)
        return "body=" + show(self.body)

    @property
    def data(self):
        return self.body.get("data") if isinstance(self.body, dict) else None


def call(label, fn):
    """Runs one SDK call; the SDK returns the parsed JSON body whatever the HTTP status."""
    try:
        return Result(label, body=fn())
    except Exception as e:  # noqa: BLE001 - reported as a failed check
        return Result(label, error=e)


def ok200(r):
    return check(
        r.label + ": statusCode 200",
        r.error is None and isinstance(r.body, dict) and r.body.get("statusCode") == 200,
        r.describe(),
    )


def not_found(r):
    check(
        r.label + ": statusCode 404, apiCode 2004",
        r.error is None and isinstance(r.body, dict) and r.body.get("statusCode") == 404 and r.body.get("apiCode") == 2004,
        r.describe(),
    )


def user_ids(lst):
    return [u.get("userId") for u in lst] if isinstance(lst, list) else []


def finish(extra=None):
    if extra:
        print(extra)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(0 if failed == 0 else 1)


client = ManagementClient(access_key_id=AKID, access_key_secret=SECRET, host=HOST)

tag = "%x%x" % (int(time.time() * 1000), random.randrange(1 << 20))
phone = "137%08d" % random.randrange(10**8)
specs = [
    ("erin", dict(email="erin-%s@example.com" % tag, username="erin_%s" % tag, name="Erin")),
    ("frank", dict(email="frank-%s@example.com" % tag, phone=phone, name="Frank")),
    ("grace", dict(email="grace-%s@example.com" % tag, external_id="ext-grace-%s" % tag, name="Grace")),
]

# --- create users (the first call also fetches the management token) ---------
users = {}
for key, kw in specs:
    r = call("create_user(%s)" % key, lambda kw=kw: client.create_user(**kw))
    if not ok200(r):
        continue
    u = r.data or {}
    users[key] = u
    check("create_user(%s): data.userId" % key, isinstance(u.get("userId"), str) and u.get("userId"), show(u))
    check("create_user(%s): data.email" % key, u.get("email") == kw["email"], show(u.get("email")))
    if "phone" in kw:
        check("create_user(%s): data.phone" % key, u.get("phone") == kw["phone"], show(u.get("phone")))
    if "external_id" in kw:
        check("create_user(%s): data.externalId" % key, u.get("externalId") == kw["external_id"], show(u.get("externalId")))
    if "username" in kw:
        check("create_user(%s): data.username" % key, u.get("username") == kw["username"], show(u.get("username")))
if len(users) != len(specs):
    finish("aborting: not every user could be created")
erin, frank, grace = users["erin"], users["frank"], users["grace"]

# --- get_user by each id type ---------------------------------------------------
def get_user_as(label, user_id, user_id_type, expect_id, **extra):
    r = call("get_user(%s)" % label, lambda: client.get_user(user_id=user_id, user_id_type=user_id_type, **extra))
    if ok200(r):
        check("get_user(%s): right user" % label, (r.data or {}).get("userId") == expect_id, r.describe())


for key, u in users.items():
    get_user_as(key + ", user_id", u["userId"], "user_id", u["userId"])
get_user_as("erin, no user_id_type", erin["userId"], None, erin["userId"])
get_user_as("frank, email", frank["email"], "email", frank["userId"])
get_user_as("frank, phone", phone, "phone", frank["userId"])
get_user_as("erin, username", erin["username"], "username", erin["userId"])
get_user_as("grace, external_id", grace["externalId"], "external_id", grace["userId"])
# requests renders Python booleans as `True` / `False` in the query string.
get_user_as("erin, with_custom_data=True", erin["userId"], None, erin["userId"], with_custom_data=True, with_identities=False)
not_found(call("get_user(unknown user_id)", lambda: client.get_user(user_id="no-such-user-" + tag)))

# --- get_user_batch (GET userIds=a&userIds=b; one id is a lone userIds=a) --------
want = [erin["userId"], frank["userId"], grace["userId"]]
r = call("get_user_batch(3 user_ids)", lambda: client.get_user_batch(user_ids=want))
if ok200(r):
    check(r.label + ": exactly those users", sorted(user_ids(r.data)) == sorted(want), r.describe())
r = call("get_user_batch(1 user_id)", lambda: client.get_user_batch(user_ids=[grace["userId"]]))
if ok200(r):
    check(r.label + ": exactly that user", user_ids(r.data) == [grace["userId"]], r.describe())

# --- list_users with pagination ------------------------------------------------------
LIMIT = 2
r = call("list_users(page 1, limit 2)", lambda: client.list_users(options={"pagination": {"page": 1, "limit": LIMIT}}))
if ok200(r):
    d = r.data or {}
    total = d.get("totalCount")
    check(r.label + ": totalCount >= 3", isinstance(total, int) and total >= 3, show(total))
    check(r.label + ": 1..2 users", isinstance(d.get("list"), list) and 0 < len(d["list"]) <= LIMIT, r.describe())
    seen, pages_ok = [], True
    for page in range(1, min(-(-(total or 0) // LIMIT), 50) + 1):
        p = r if page == 1 else call(
            "list_users(page %d, limit 2)" % page,
            lambda page=page: client.list_users(options={"pagination": {"page": page, "limit": LIMIT}}),
        )
        pd = p.data if p.error is None and isinstance(p.body, dict) and p.body.get("statusCode") == 200 else None
        if not isinstance(pd, dict) or not isinstance(pd.get("list"), list):
            pages_ok = check("list_users(page %d): statusCode 200" % page, False, p.describe())
            break
        seen += user_ids(pd["list"])
    if pages_ok:
        check("list_users: pages hold totalCount users", len(seen) == total, "%d vs %s" % (len(seen), total))
        check("list_users: no user on two pages", len(set(seen)) == len(seen), show(seen))
        check("list_users: every created user listed", all(u["userId"] in seen for u in users.values()), show(seen))
r = call("list_users(no arguments)", lambda: client.list_users())
if ok200(r):
    check(r.label + ": has a list", isinstance((r.data or {}).get("list"), list), r.describe())

# --- update_user -----------------------------------------------------------------------
r = call("update_user(erin)", lambda: client.update_user(user_id=erin["userId"], nickname="rin-" + tag))
if ok200(r):
    check(r.label + ": data.nickname", (r.data or {}).get("nickname") == "rin-" + tag, r.describe())

# --- resign_user -------------------------------------------------------------------------
r = call("resign_user(erin)", lambda: client.resign_user(user_id=erin["userId"], user_id_type="user_id"))
if ok200(r):
    check(r.label + ": data.success", (r.data or {}).get("success") is True, r.describe())
r = call("get_user(erin after resign)", lambda: client.get_user(user_id=erin["userId"]))
if ok200(r):
    u = r.data or {}
    check(r.label + ": still the same user", u.get("userId") == erin["userId"], r.describe())
    check(
        "%s: no longer Activated (status %s, workStatus %s)" % (r.label, u.get("status"), u.get("workStatus")),
        u.get("status") != "Activated",
        r.describe(),
    )
r = call("get_user_roles(erin after resign)", lambda: client.get_user_roles(user_id=erin["userId"]))
if ok200(r):
    d = r.data or {}
    check(r.label + ": empty", d.get("list") == [] and d.get("totalCount") == 0, r.describe())

# --- delete_users_batch ---------------------------------------------------------------------
r = call(
    "delete_users_batch(frank, grace by user_id)",
    lambda: client.delete_users_batch(user_ids=[frank["userId"], grace["userId"]]),
)
if ok200(r):
    check(r.label + ": data.success", (r.data or {}).get("success") is True, r.describe())
not_found(call("get_user(frank after delete)", lambda: client.get_user(user_id=frank["userId"])))
not_found(call("get_user(grace after delete)", lambda: client.get_user(user_id=grace["userId"])))
not_found(call("get_user(frank after delete, phone)", lambda: client.get_user(user_id=phone, user_id_type="phone")))
r = call("get_user_batch(erin, after delete)", lambda: client.get_user_batch(user_ids=[erin["userId"]]))
if ok200(r):
    check(r.label + ": erin still there", user_ids(r.data) == [erin["userId"]], r.describe())

# --- delete by email, through options.userIdType -------------------------------------------
r = call("delete_users_batch(erin by email)", lambda: client.delete_users_batch(user_ids=[erin["email"]], options={"userIdType": "email"}))
if ok200(r):
    check(r.label + ": data.success", (r.data or {}).get("success") is True, r.describe())
not_found(call("get_user(erin after delete)", lambda: client.get_user(user_id=erin["userId"])))

# --- a client with lang set (x-genauth-lang: en-US instead of an empty value) --------------
en = ManagementClient(access_key_id=AKID, access_key_secret=SECRET, host=HOST, lang="en-US")
r = call("create_user(lang en-US client, non-ASCII name)", lambda: en.create_user(email="li-%s@example.com" % tag, name="李四"))
if ok200(r):
    check(r.label + ": data.name", (r.data or {}).get("name") == "李四", r.describe())

# --- a wrong secret gets no management token -------------------------------------------------
bad = ManagementClient(access_key_id=AKID, access_key_secret=SECRET + "-wrong", host=HOST)
r = call("get_user(wrong secret)", lambda: bad.get_user(user_id=erin["userId"]))
check(
    r.label + ": token request refused (GenAuthException, not a token)",
    isinstance(r.error, GenAuthException) and r.error.statusCode not in (None, 200),
    r.describe(),
)

finish()
