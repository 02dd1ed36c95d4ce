// Drives genauth-emulator with the official Authing-branded Node SDK
// (authing-node-sdk 4.0.1): every request is signed with HMAC-SHA1 and
// carries x-authing-* headers.
//
// Env: GENAUTH_HOST (http://127.0.0.1:PORT), GENAUTH_ACCESS_KEY_ID,
// GENAUTH_ACCESS_KEY_SECRET. Prints one line per failed check and ends with
// `N passed, M failed`; exits 1 if any check failed.

import sdk from "authing-node-sdk";
import { credentials } from "./emulator_env.mjs";

const { ManagementClient } = sdk;

const { host, accessKeyId, accessKeySecret } = credentials("flow.mjs");

let passed = 0;
let failed = 0;
const verbose = !!process.env.FLOW_VERBOSE;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    if (verbose) console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail === undefined ? "" : ` -- ${detail}`}`);
  }
  return ok;
}

const show = (v) => {
  const s = JSON.stringify(v);
  return s && s.length > 600 ? `${s.slice(0, 600)}...` : s;
};

// Runs one SDK call. The SDK returns the response body; axios throws on a
// non-2xx HTTP status or a transport error, which we turn into a result the
// checks can report.
async function call(label, fn) {
  try {
    const body = await fn();
    return { label, threw: false, body };
  } catch (e) {
    const res = e && e.response;
    return {
      label,
      threw: true,
      httpStatus: res ? res.status : undefined,
      body: res ? res.data : undefined,
      error: e && e.message ? e.message : String(e),
    };
  }
}

function describe(r) {
  return r.threw
    ? `SDK threw (HTTP ${r.httpStatus ?? "-"}: ${r.error}); body=${show(r.body)}`
    : `body=${show(r.body)}`;
}

// Checks that a call resolved (HTTP 2xx) with envelope statusCode 200.
function ok200(r) {
  return check(`${r.label}: statusCode 200`, !r.threw && r.body && r.body.statusCode === 200, describe(r));
}

// Checks a "user not found" answer: HTTP 200 carrying statusCode 404 and apiCode 2004.
function notFound(r) {
  check(`${r.label}: answered with HTTP 2xx (envelope, not an HTTP error)`, !r.threw, describe(r));
  check(
    `${r.label}: statusCode 404, apiCode 2004`,
    r.body && r.body.statusCode === 404 && r.body.apiCode === 2004,
    describe(r),
  );
}

const data = (r) => (r && r.body && r.body.data) || undefined;
const ids = (list) => (Array.isArray(list) ? list.map((u) => u && u.userId) : []);
const sameSet = (a, b) => a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

function finish(extra) {
  if (extra) console.log(extra);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const client = new ManagementClient({ host, accessKeyId, accessKeySecret });

const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const specs = [
  { key: "alice", body: { email: `alice-${tag}@example.com`, username: `alice_${tag}`, name: "Alice", password: "Passw0rd!x" } },
  { key: "bob", body: { email: `bob-${tag}@example.com`, phone, name: "Bob" } },
  { key: "carol", body: { email: `carol-${tag}@example.com`, externalId: `ext-carol-${tag}`, name: "Carol" } },
  { key: "dave", body: { email: `dave-${tag}@example.com`, name: "Dave" } },
];

// --- create users --------------------------------------------------------
const users = {};
for (const { key, body } of specs) {
  const r = await call(`createUser(${key})`, () => client.createUser(body));
  if (!ok200(r)) continue;
  const u = data(r) || {};
  users[key] = u;
  check(`createUser(${key}): data.userId`, typeof u.userId === "string" && u.userId.length > 0, show(u));
  check(`createUser(${key}): data.email`, u.email === body.email, `got ${show(u.email)}`);
  check(`createUser(${key}): status Activated`, u.status === "Activated", `got ${show(u.status)}`);
  if (body.phone) check(`createUser(${key}): data.phone`, u.phone === body.phone, `got ${show(u.phone)}`);
  if (body.externalId) check(`createUser(${key}): data.externalId`, u.externalId === body.externalId, `got ${show(u.externalId)}`);
  if (body.username) check(`createUser(${key}): data.username`, u.username === body.username, `got ${show(u.username)}`);
}
if (Object.keys(users).length !== specs.length) finish("aborting: not every user could be created");
const { alice, bob, carol, dave } = users;

// --- getUser by every userIdType we can ------------------------------------
async function getUserAs(label, userId, userIdType, expectId) {
  const r = await call(`getUser(${label})`, () => client.getUser({ userId, userIdType }));
  if (ok200(r)) check(`getUser(${label}): right user`, data(r) && data(r).userId === expectId, describe(r));
  return r;
}
for (const key of Object.keys(users)) await getUserAs(`${key}, user_id`, users[key].userId, "user_id", users[key].userId);
await getUserAs("alice, default userIdType", alice.userId, undefined, alice.userId);
await getUserAs("bob, email", bob.email, "email", bob.userId);
await getUserAs("bob, phone", phone, "phone", bob.userId);
await getUserAs("alice, username", alice.username, "username", alice.userId);
await getUserAs("carol, external_id", carol.externalId, "external_id", carol.userId);
{
  const r = await call("getUser(alice, withCustomData+withDepartmentIds)", () =>
    client.getUser({ userId: alice.userId, withCustomData: true, withDepartmentIds: true, withIdentities: true }),
  );
  if (ok200(r)) check(`${r.label}: right user`, data(r) && data(r).userId === alice.userId, describe(r));
}
notFound(await call("getUser(unknown user_id)", () => client.getUser({ userId: `no-such-user-${tag}` })));

// --- getUserBatch (GET userIds[]=a&userIds[]=b) -----------------------------
{
  const want = [alice.userId, bob.userId, carol.userId];
  const r = await call("getUserBatch(3 user_ids)", () => client.getUserBatch({ userIds: want }));
  if (ok200(r)) check(`${r.label}: exactly those users`, sameSet(ids(data(r)), want), describe(r));

  const one = await call("getUserBatch(1 user_id)", () => client.getUserBatch({ userIds: [dave.userId] }));
  if (ok200(one)) check(`${one.label}: exactly that user`, sameSet(ids(data(one)), [dave.userId]), describe(one));

  const byEmail = await call("getUserBatch(2 emails, userIdType=email)", () =>
    client.getUserBatch({ userIds: [alice.email, dave.email], userIdType: "email" }),
  );
  if (ok200(byEmail)) check(`${byEmail.label}: exactly those users`, sameSet(ids(data(byEmail)), [alice.userId, dave.userId]), describe(byEmail));
}

// --- listUsers with pagination --------------------------------------------
{
  const limit = 2;
  const first = await call("listUsers(page 1, limit 2)", () =>
    client.listUsers({ options: { pagination: { page: 1, limit } } }),
  );
  if (ok200(first)) {
    const d = data(first) || {};
    check(`${first.label}: totalCount >= 4`, Number.isInteger(d.totalCount) && d.totalCount >= 4, show(d.totalCount));
    check(`${first.label}: list has <= ${limit} users`, Array.isArray(d.list) && d.list.length > 0 && d.list.length <= limit, describe(first));
    const seen = [];
    const pages = Math.ceil((d.totalCount || 0) / limit);
    let pagesOk = true;
    for (let page = 1; page <= Math.min(pages, 50); page++) {
      const r = page === 1 ? first : await call(`listUsers(page ${page}, limit 2)`, () =>
        client.listUsers({ options: { pagination: { page, limit } } }),
      );
      if (r.threw || !r.body || r.body.statusCode !== 200 || !Array.isArray(data(r) && data(r).list)) {
        pagesOk = check(`listUsers(page ${page}): statusCode 200`, false, describe(r));
        break;
      }
      if (data(r).list.length > limit) pagesOk = check(`listUsers(page ${page}): <= ${limit} users`, false, describe(r));
      seen.push(...ids(data(r).list));
    }
    if (pagesOk) {
      check("listUsers: pages hold totalCount users", seen.length === d.totalCount, `${seen.length} vs ${d.totalCount}`);
      check("listUsers: no user on two pages", new Set(seen).size === seen.length, show(seen));
      check(
        "listUsers: every created user listed",
        Object.values(users).every((u) => seen.includes(u.userId)),
        show(seen),
      );
    }
  }
}

// --- updateUser -------------------------------------------------------------
{
  const r = await call("updateUser(alice)", () =>
    client.updateUser({ userId: alice.userId, nickname: `ally-${tag}`, name: "Alice Updated" }),
  );
  if (ok200(r)) {
    check(`${r.label}: data.nickname`, data(r) && data(r).nickname === `ally-${tag}`, describe(r));
    check(`${r.label}: data.name`, data(r) && data(r).name === "Alice Updated", describe(r));
  }
  const g = await call("getUser(alice after update)", () => client.getUser({ userId: alice.userId }));
  if (ok200(g)) check(`${g.label}: nickname persisted`, data(g) && data(g).nickname === `ally-${tag}`, describe(g));
}

// --- organization and department ------------------------------------------
const orgCode = `org-${tag}`;
let deptId;
{
  const r = await call("createOrganization", () =>
    client.createOrganization({ organizationName: `Org ${tag}`, organizationCode: orgCode }),
  );
  if (!ok200(r)) finish("aborting: no organization");
  const org = data(r) || {};
  check("createOrganization: data.organizationCode", org.organizationCode === orgCode, show(org));
  check("createOrganization: data.departmentId (root)", typeof org.departmentId === "string" && org.departmentId.length > 0, show(org));

  const d = await call("createDepartment", () =>
    client.createDepartment({
      organizationCode: orgCode,
      parentDepartmentId: org.departmentId,
      name: `Engineering ${tag}`,
      code: `eng-${tag}`,
    }),
  );
  if (!ok200(d)) finish("aborting: no department");
  const dep = data(d) || {};
  deptId = dep.departmentId;
  check("createDepartment: data.departmentId", typeof deptId === "string" && deptId.length > 0, show(dep));
  check("createDepartment: data.parentDepartmentId", dep.parentDepartmentId === org.departmentId, show(dep));
  check("createDepartment: data.organizationCode", dep.organizationCode === orgCode, show(dep));
}

async function members(label) {
  const r = await call(`listDepartmentMembers(${label})`, () =>
    client.listDepartmentMembers({ organizationCode: orgCode, departmentId: deptId }),
  );
  if (!ok200(r)) return undefined;
  const d = data(r) || {};
  check(`${r.label}: totalCount matches list`, Array.isArray(d.list) && d.totalCount === d.list.length, describe(r));
  return ids(d.list);
}
async function inDept(label, userId, expect) {
  const r = await call(`isUserInDepartment(${label})`, () =>
    client.isUserInDepartment({ userId, organizationCode: orgCode, departmentId: deptId }),
  );
  if (ok200(r)) check(`${r.label}: inDepartment === ${expect}`, data(r) && data(r).inDepartment === expect, describe(r));
}

// --- department membership ---------------------------------------------------
{
  const r = await call("addDepartmentMembers(alice, bob)", () =>
    client.addDepartmentMembers({ organizationCode: orgCode, departmentId: deptId, userIds: [alice.userId, bob.userId] }),
  );
  if (ok200(r)) check(`${r.label}: data.success`, data(r) && data(r).success === true, describe(r));

  const m = await members("after add");
  if (m) check("listDepartmentMembers(after add): exactly alice and bob", sameSet(m, [alice.userId, bob.userId]), show(m));
  await inDept("alice, after add", alice.userId, true);
  await inDept("bob, after add", bob.userId, true);
  await inDept("carol, never added", carol.userId, false);

  const ud = await call("getUserDepartments(alice, member)", () => client.getUserDepartments({ userId: alice.userId }));
  if (ok200(ud)) {
    const list = (data(ud) && data(ud).list) || [];
    check(`${ud.label}: lists the department`, list.some((x) => x && x.departmentId === deptId), describe(ud));
  }

  const rm = await call("removeDepartmentMembers(bob, departmentIdType=department_id)", () =>
    client.removeDepartmentMembers({
      organizationCode: orgCode,
      departmentId: deptId,
      departmentIdType: "department_id",
      userIds: [bob.userId],
    }),
  );
  if (ok200(rm)) check(`${rm.label}: data.success`, data(rm) && data(rm).success === true, describe(rm));
  const m2 = await members("after remove");
  if (m2) check("listDepartmentMembers(after remove): only alice", sameSet(m2, [alice.userId]), show(m2));
  await inDept("bob, after remove", bob.userId, false);
  await inDept("alice, after remove of bob", alice.userId, true);
}

// --- resignUser ----------------------------------------------------------------
{
  const r = await call("resignUser(alice)", () => client.resignUser({ userId: alice.userId, userIdType: "user_id" }));
  if (ok200(r)) check(`${r.label}: data.success`, data(r) && data(r).success === true, describe(r));

  const g = await call("getUser(alice after resign)", () => client.getUser({ userId: alice.userId }));
  if (ok200(g)) {
    const u = data(g) || {};
    check(`${g.label}: still the same user`, u.userId === alice.userId, describe(g));
    check(`${g.label}: no longer Activated (status ${u.status}, workStatus ${u.workStatus})`, u.status !== "Activated", describe(g));
  }
  const ud = await call("getUserDepartments(alice after resign)", () => client.getUserDepartments({ userId: alice.userId }));
  if (ok200(ud)) {
    const d = data(ud) || {};
    check(`${ud.label}: empty`, Array.isArray(d.list) && d.list.length === 0 && d.totalCount === 0, describe(ud));
  }
  const roles = await call("getUserRoles(alice after resign)", () => client.getUserRoles({ userId: alice.userId }));
  if (ok200(roles)) {
    const d = data(roles) || {};
    check(`${roles.label}: empty`, Array.isArray(d.list) && d.list.length === 0 && d.totalCount === 0, describe(roles));
  }
  await inDept("alice, after resign", alice.userId, false);
  const m = await members("after resign");
  if (m) check("listDepartmentMembers(after resign): empty", m.length === 0, show(m));
}

// --- deleteUsersBatch by email ---------------------------------------------------
{
  const r = await call("deleteUsersBatch(bob, carol by email)", () =>
    client.deleteUsersBatch({ userIds: [bob.email, carol.email], options: { userIdType: "email" } }),
  );
  if (ok200(r)) check(`${r.label}: data.success`, data(r) && data(r).success === true, describe(r));

  notFound(await call("getUser(bob after delete, user_id)", () => client.getUser({ userId: bob.userId })));
  notFound(await call("getUser(carol after delete, user_id)", () => client.getUser({ userId: carol.userId })));
  notFound(await call("getUser(bob after delete, email)", () => client.getUser({ userId: bob.email, userIdType: "email" })));
  notFound(await call("getUser(carol after delete, external_id)", () =>
    client.getUser({ userId: carol.externalId, userIdType: "external_id" }),
  ));
  const b = await call("getUserBatch(after delete)", () => client.getUserBatch({ userIds: [dave.userId] }));
  if (ok200(b)) check(`${b.label}: dave still there`, sameSet(ids(data(b)), [dave.userId]), describe(b));
}

// --- signing edge cases: non-ASCII and `+` in signed values, a tenant header -----
{
  const email = `x+${tag}@example.com`;
  const r = await call("createUser(non-ASCII name, tab, `+` in email, nested customData)", () =>
    client.createUser({ email, name: "张三 / Zhang", nickname: "tab\there", customData: { n: 1.5, s: "a b" } }),
  );
  if (ok200(r)) {
    check(`${r.label}: data.name`, data(r) && data(r).name === "张三 / Zhang", describe(r));
    const g = await call("getUser(`+` in email, sent as %2B)", () => client.getUser({ userId: email, userIdType: "email" }));
    if (ok200(g)) check(`${g.label}: right user`, data(g) && data(g).userId === data(r).userId, describe(g));
  }
  // tenantId travels as x-authing-app-id, a signed header; lang as x-authing-lang.
  // A tenant keeps users of its own, and refusals follow the language.
  const tenantClient = new ManagementClient({ host, accessKeyId, accessKeySecret, tenantId: `tenant-${tag}`, lang: "en-US" });
  const c = await call("createUser(client with tenantId)", () => tenantClient.createUser({ username: `tenant-user-${tag}` }));
  if (ok200(c)) {
    const t = await call("getUser(client with tenantId and lang en-US)", () => tenantClient.getUser({ userId: data(c).userId }));
    if (ok200(t)) check(`${t.label}: right user`, data(t) && data(t).userId === data(c).userId, describe(t));
  }
  const outside = await call("getUser(the pool's user, from the tenant)", () => tenantClient.getUser({ userId: dave.userId }));
  check(
    `${outside.label}: not in the tenant, refused in English`,
    !outside.threw && outside.body && outside.body.statusCode === 404 && outside.body.message === "User does not exist",
    describe(outside),
  );
}

// --- a wrong secret must not be accepted ------------------------------------------
{
  const bad = new ManagementClient({ host, accessKeyId, accessKeySecret: `${accessKeySecret}-wrong` });
  const r = await call("getUser(wrong secret)", () => bad.getUser({ userId: dave.userId }));
  check(`${r.label}: refused`, r.threw || (r.body && r.body.statusCode !== 200), describe(r));
  check(
    `${r.label}: refused with envelope statusCode 401 (HTTP 2xx)`,
    !r.threw && r.body && r.body.statusCode === 401,
    describe(r),
  );
}

finish();
