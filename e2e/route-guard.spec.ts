import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  createToken,
  createUser,
  grantNamespaces,
  sessionHeaders,
  signIn,
  TEST_ADMIN,
  TEST_PASSWORD,
} from "../lib/testing/accounts";
import { ROLE_EMAILS } from "./global-setup";
import { authHeaders, expect, type Role, test } from "./fixtures";

// Every route file under app/api with the methods it exports, read from disk: a new route cannot
// slip past this test, because it must then appear in WEAKEST_ROLE below.
function routesOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "route.ts") {
        const route = `/${relative("app", path).replace(/\/route\.ts$/, "")}`;
        const source = readFileSync(path, "utf8");
        const methods = new Set<string>();
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g))
          methods.add(m[1]);
        for (const m of source.matchAll(/export \{([^}]*)\}/g))
          for (const n of m[1].matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(n[1]);
        for (const method of methods) found.push(`${method} ${route}`);
      }
    }
  };
  walk("app/api");
  return found.sort();
}

// The weakest role each route allows; "public" routes answer anyone; "public by key" routes answer
// anyone who has the key in their URL (webhooks). Written out by hand, as the specification the
// routes are checked against.
const WEAKEST_ROLE: Record<string, Role | "public" | "public by key"> = {
  "GET /api/health": "public",
  "GET /api/auth/[...all]": "public",
  "POST /api/auth/[...all]": "public",
  "GET /api/[...path]": "viewer",
  "POST /api/[...path]": "viewer",
  "PUT /api/[...path]": "viewer",
  "DELETE /api/[...path]": "viewer",
  "PATCH /api/[...path]": "viewer",
  "GET /api/v1/me": "viewer",
  "GET /api/v1/flows/search": "viewer",
  "GET /api/v1/flows/[namespace]/[id]": "viewer",
  "PUT /api/v1/flows/[namespace]/[id]": "editor",
  "DELETE /api/v1/flows/[namespace]/[id]": "editor",
  "GET /api/v1/flows/[namespace]/[id]/revisions": "viewer",
  "GET /api/v1/flows/[namespace]/[id]/inputs": "editor",
  "GET /api/v1/task-types": "viewer",
  "POST /api/v1/task-types": "admin",
  "GET /api/v1/task-types/[type]": "viewer",
  "PUT /api/v1/task-types/[type]": "admin",
  "DELETE /api/v1/task-types/[type]": "admin",
  "GET /api/v1/task-types/[type]/revisions": "viewer",
  "GET /api/v1/examples": "viewer",
  "GET /api/v1/examples/[id]": "viewer",
  "POST /api/v1/examples/[id]/use": "editor",
  "GET /api/v1/flows/[namespace]/[id]/revisions/[revision]": "viewer",
  "POST /api/v1/flows": "editor",
  "POST /api/v1/flows/import": "editor",
  "GET /api/v1/plugins/schemas/flow": "viewer",
  "GET /api/v1/executions/search": "viewer",
  "GET /api/v1/executions/[idOrNamespace]": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/[flowId]": "editor",
  "POST /api/v1/playground/[namespace]/[flowId]": "editor",
  "GET /api/v1/executions/[idOrNamespace]/file": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/file": "editor",
  "GET /api/v1/executions/[idOrNamespace]/files": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/files": "editor",
  "DELETE /api/v1/executions/[idOrNamespace]/kill": "editor",
  "POST /api/v1/executions/[idOrNamespace]/kill": "editor",
  "POST /api/v1/executions/[idOrNamespace]/restart": "editor",
  "POST /api/v1/executions/[idOrNamespace]/replay": "editor",
  "POST /api/v1/executions/[idOrNamespace]/state": "editor",
  "POST /api/v1/executions/[idOrNamespace]/resume": "editor",
  "POST /api/v1/executions/[idOrNamespace]/eval": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/eval/[taskRunId]": "viewer",
  "GET /api/v1/stats/dashboard": "viewer",
  "GET /api/v1/logs/[executionId]": "viewer",
  "GET /api/v1/logs/[executionId]/follow": "viewer",
  "GET /api/v1/logs/[executionId]/download": "viewer",
  "GET /api/v1/namespaces/[namespace]/files": "viewer",
  "POST /api/v1/namespaces/[namespace]/files": "editor",
  "PUT /api/v1/namespaces/[namespace]/files": "editor",
  "DELETE /api/v1/namespaces/[namespace]/files": "editor",
  "GET /api/v1/namespaces/[namespace]/files/directory": "viewer",
  "POST /api/v1/namespaces/[namespace]/files/directory": "editor",
  "GET /api/v1/namespaces/[namespace]/files/stats": "viewer",
  "GET /api/v1/namespaces/[namespace]/files/export": "viewer",
  "GET /api/v1/namespaces/[namespace]/secrets": "editor",
  "PUT /api/v1/namespaces/[namespace]/secrets": "editor",
  "PUT /api/v1/namespaces/[namespace]/secrets/[name]": "editor",
  "DELETE /api/v1/namespaces/[namespace]/secrets/[name]": "editor",
  "GET /api/v1/namespaces/[namespace]/kv": "viewer",
  "DELETE /api/v1/namespaces/[namespace]/kv": "editor",
  "GET /api/v1/namespaces/[namespace]/kv/[key]": "viewer",
  "PUT /api/v1/namespaces/[namespace]/kv/[key]": "editor",
  "DELETE /api/v1/namespaces/[namespace]/kv/[key]": "editor",
  "GET /api/v1/settings": "viewer",
  "PUT /api/v1/settings": "admin",
  "GET /api/v1/tokens": "viewer",
  "POST /api/v1/tokens": "viewer",
  "DELETE /api/v1/tokens/[id]": "viewer",
  "GET /api/v1/triggers/search": "viewer",
  "GET /api/v1/triggers/[namespace]/[flowId]/[triggerId]": "viewer",
  "PUT /api/v1/triggers/[namespace]/[flowId]/[triggerId]": "editor",
  "POST /api/v1/triggers/[namespace]/[flowId]/[triggerId]/backfill": "editor",
  "PUT /api/v1/triggers/[namespace]/[flowId]/[triggerId]/backfill": "editor",
  "DELETE /api/v1/triggers/[namespace]/[flowId]/[triggerId]/backfill": "editor",
  "GET /api/v1/users": "admin",
  "GET /api/v1/workers": "admin",
  "POST /api/v1/users": "admin",
  "PATCH /api/v1/users/[id]": "admin",
  "DELETE /api/v1/users/[id]": "admin",
  "GET /api/v1/users/[id]/namespaces": "admin",
  "PUT /api/v1/users/[id]/namespaces": "admin",
  "GET /api/v1/namespaces/search": "viewer",
  "GET /api/v1/namespaces/[namespace]": "viewer",
  "GET /api/v1/namespaces/[namespace]/dependencies": "viewer",
  "GET /api/v1/namespaces/[namespace]/allowed-namespaces": "admin",
  "PUT /api/v1/namespaces/[namespace]/allowed-namespaces": "admin",
  "GET /api/v1/executions/webhook/[namespace]/[flowId]/[key]": "public by key",
  "POST /api/v1/executions/webhook/[namespace]/[flowId]/[key]": "public by key",
  "PUT /api/v1/executions/webhook/[namespace]/[flowId]/[key]": "public by key",
};

/** Routes a session or token does not open: public, or public to whoever has the key. */
const isPublic = (key: string) => WEAKEST_ROLE[key] === "public" || WEAKEST_ROLE[key] === "public by key";

/** Routes only a signed-in session may call: a token that could make tokens would outlive its own revocation. */
const SESSION_ONLY = new Set(["POST /api/v1/tokens"]);

const ROLES: Role[] = ["viewer", "editor", "admin"];

/** A concrete URL for a route pattern: harmless sample values (nothing they name exists). */
function sampleUrl(route: string): string {
  return route
    .replace("[...path]", "no/such/route")
    .replace("[...all]", "get-session")
    .replace(/\[(\w+)\]/g, (_, name: string) => `guard-${name.toLowerCase()}`);
}

function send(baseURL: string, key: string, headers: Record<string, string> = {}) {
  const [method, route] = key.split(" ");
  const body = method === "GET" || method === "DELETE" ? undefined : "{}";
  return fetch(`${baseURL}${sampleUrl(route)}`, {
    method,
    body,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

test("the guard table names exactly the routes on disk", () => {
  expect(routesOnDisk()).toEqual(Object.keys(WEAKEST_ROLE).sort());
});

test("every route but sign-in and health refuses an unsigned request with 401", async ({ baseURL }) => {
  for (const key of routesOnDisk()) {
    if (isPublic(key)) continue;
    const res = await send(baseURL!, key);
    expect(res.status, `${key} unsigned`).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("UNAUTHORIZED");
    // A token that is not one of ours, or a made-up one, is no better than none.
    expect((await send(baseURL!, key, { Authorization: "Bearer osp_made-up" })).status, `${key} bad token`).toBe(401);
  }
});

test("every route refuses a role below its weakest with 403, and lets that role through", async ({ baseURL }) => {
  const sessions: Record<Role, Record<string, string>> = { viewer: {}, editor: {}, admin: {} };
  for (const role of ROLES) {
    const password = role === "admin" ? TEST_ADMIN.password : TEST_PASSWORD;
    sessions[role] = sessionHeaders(baseURL!, await signIn(baseURL!, ROLE_EMAILS[role], password));
  }
  for (const key of routesOnDisk()) {
    const weakest = WEAKEST_ROLE[key];
    if (weakest === "public" || weakest === "public by key") continue;
    for (const role of ROLES) {
      if (SESSION_ONLY.has(key)) {
        const refused = await send(baseURL!, key, authHeaders(role));
        expect(refused.status, `${key} on ${role}'s token`).toBe(403);
        expect(((await refused.json()) as { message: string }).message).toContain(
          "an API token cannot make API tokens",
        );
      }
      const status = (await send(baseURL!, key, SESSION_ONLY.has(key) ? sessions[role] : authHeaders(role))).status;
      if (ROLES.indexOf(role) < ROLES.indexOf(weakest)) expect(status, `${key} as ${role}`).toBe(403);
      else expect([401, 403], `${key} as ${role} got ${status}`).not.toContain(status);
    }
  }
});

test("public by key: each webhook route starts the flow without a session given the key, and refuses a wrong key exactly as a missing flow", async ({
  baseURL,
}) => {
  const onDisk = routesOnDisk().filter((key) => WEAKEST_ROLE[key] === "public by key");
  expect(onDisk.length).toBe(3);
  // Kestra 1.x's tenant path reaches the same routes (next.config.ts rewrites /api/v1/main/…).
  const hooks = onDisk.flatMap((entry) => [entry, entry.replace(" /api/v1/", " /api/v1/main/")]);
  const key = `k-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const flowId = `hooked_${Math.random().toString(36).slice(2, 8)}`;
  const yaml = `id: ${flowId}\nnamespace: guard.hooks\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "hooked {{ trigger.body }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${key}\n`;
  const made = await fetch(`${baseURL}/api/v1/flows`, {
    method: "POST",
    headers: { ...authHeaders("admin"), "Content-Type": "application/x-yaml" },
    body: yaml,
  });
  expect(made.status, await made.text()).toBe(201);
  const url = (route: string, flow: string, k: string) =>
    `${baseURL}${route.replace("[namespace]", "guard.hooks").replace("[flowId]", flow).replace("[key]", k)}`;
  for (const entry of hooks) {
    const [method, route] = entry.split(" ");
    const body = method === "GET" ? undefined : "{}";
    // No cookie, no token: the key alone opens it.
    const ok = await fetch(url(route, flowId, key), { method, body, headers: { "Content-Type": "application/json" } });
    expect(ok.status, entry).toBe(200);
    expect(((await ok.json()) as { id: string; flowId: string }).flowId, entry).toBe(flowId);
    const wrong = await fetch(url(route, flowId, `${key}x`), { method, body });
    const missing = await fetch(url(route, `${flowId}_gone`, key), { method, body });
    expect([wrong.status, missing.status], entry).toEqual([404, 404]);
    // The same answer but for the flow name the caller wrote: a wrong key does not say the flow exists.
    expect((await wrong.text()).replace(flowId, "F"), entry).toBe(
      (await missing.text()).replace(`${flowId}_gone`, "F"),
    );
    // A signed-in person's token does not replace the key.
    expect(
      (await fetch(url(route, flowId, "nope"), { method, body, headers: authHeaders("admin") })).status,
      entry,
    ).toBe(404);
  }
});

test("a session cookie changes nothing without our Origin; better-auth's admin endpoints refuse non-admins", async ({
  baseURL,
}) => {
  const cookie = await signIn(baseURL!, ROLE_EMAILS.editor, TEST_PASSWORD);
  const post = (origin?: string) =>
    fetch(`${baseURL}/api/v1/tokens`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}) },
      body: '{"name":"csrf"}',
    });
  expect((await post()).status).toBe(403);
  expect((await post("https://evil.example")).status).toBe(403);
  expect((await post(baseURL!)).status).toBe(201);
  expect((await fetch(`${baseURL}/api/auth/admin/list-users`)).status).toBe(401);
  expect((await fetch(`${baseURL}/api/auth/admin/list-users`, { headers: { Cookie: cookie } })).status).toBe(403);
});

// ── Namespace roles ────────────────────────────────────────────────────────────────────────────
// Two people, each editor of team.a (and so of team.a.sub): one with no server-wide role, one a
// global viewer too. Their role in each namespace is written out by hand, as the specification.
const NAMESPACES = ["team.a", "team.a.sub", "team.b", "team.ab"] as const;
type Namespace = (typeof NAMESPACES)[number];
const PEOPLE = {
  "editor of team.a only": {
    role: "none",
    expected: { "team.a": "editor", "team.a.sub": "editor", "team.b": null, "team.ab": null },
  },
  "viewer + editor of team.a": {
    role: "viewer",
    expected: { "team.a": "editor", "team.a.sub": "editor", "team.b": "viewer", "team.ab": "viewer" },
  },
} as const satisfies Record<string, { role: "none" | "viewer"; expected: Record<Namespace, Role | null> }>;
type Person = keyof typeof PEOPLE;

/** What the namespaced test works on, made once per run by the admin. */
interface World {
  tokens: Record<Person, string>;
  executions: Record<Namespace, string>;
  /** A task run of each execution (for the eval route that names one). */
  taskRuns: Record<Namespace, string>;
}

const GUARD_FLOW = "guard_flow"; // the route walk may delete it
const LISTED_FLOW = "listed_flow";
const flowYaml = (namespace: string, id: string) =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi from ${namespace}\n`;

let world: Promise<World> | undefined;

/** Flows, an execution and a secret in each namespace (and a secret in their parent `team`), and the two people with tokens. */
function setUpWorld(baseURL: string): Promise<World> {
  world ??= (async () => {
    const admin = authHeaders("admin");
    for (const ns of NAMESPACES) {
      for (const id of [GUARD_FLOW, LISTED_FLOW]) {
        const res = await fetch(`${baseURL}/api/v1/flows`, {
          method: "POST",
          headers: { ...admin, "Content-Type": "application/x-yaml" },
          body: flowYaml(ns, id),
        });
        // 409: a retried worker finds them made.
        expect([201, 409], await res.text()).toContain(res.status);
      }
    }
    const executions = {} as Record<Namespace, string>;
    for (const ns of NAMESPACES) {
      const res = await fetch(`${baseURL}/api/v1/executions/${ns}/${LISTED_FLOW}`, { method: "POST", headers: admin });
      expect(res.status).toBe(201);
      executions[ns] = ((await res.json()) as { id: string }).id;
    }
    const taskRuns = {} as Record<Namespace, string>;
    for (const ns of NAMESPACES) {
      await expect
        .poll(async () => {
          const res = await fetch(`${baseURL}/api/v1/executions/${executions[ns]}`, { headers: admin });
          taskRuns[ns] = ((await res.json()) as { taskRuns: { id: string }[] }).taskRuns[0]?.id;
          return taskRuns[ns];
        })
        .toBeTruthy();
    }
    for (const ns of ["team", ...NAMESPACES]) {
      const name = `S_${ns.replace(/\./g, "_").toUpperCase()}`;
      const res = await fetch(`${baseURL}/api/v1/namespaces/${ns}/secrets`, {
        method: "PUT",
        headers: { ...admin, "Content-Type": "application/json" },
        body: JSON.stringify({ key: name, value: `v4lue-of-${name}` }),
      });
      expect(res.status).toBe(204);
    }
    const adminCookie = await signIn(baseURL, TEST_ADMIN.email, TEST_ADMIN.password);
    const tokens = {} as Record<Person, string>;
    for (const [person, { role }] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const email = `${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@osprey.test`;
      const id = await createUser(baseURL, adminCookie, email, role);
      await grantNamespaces(baseURL, adminCookie, id, [{ namespace: "team.a", role: "editor" }]);
      tokens[person] = await createToken(baseURL, await signIn(baseURL, email, TEST_PASSWORD), person);
    }
    return { tokens, executions, taskRuns };
  })();
  return world;
}

/** POSTs on an execution (not a run of the flow its second segment names): the eval routes. */
const postsOnExecution = (route: string) => /\/\[idOrNamespace\]\/eval(\/|$)/.test(route);

/** Where a route acts: a namespace named in its URL, or the namespace of the execution it names. */
function targetOf(key: string): "url" | "execution" | null {
  const [method, route] = key.split(" ");
  if (route.includes("[executionId]")) return "execution";
  if (route.includes("[idOrNamespace]")) return method === "POST" && !postsOnExecution(route) ? "url" : "execution";
  return route.includes("[namespace]") ? "url" : null;
}

function urlIn(key: string, ns: Namespace, { executions, taskRuns }: Pick<World, "executions" | "taskRuns">): string {
  const [method, route] = key.split(" ");
  const executionId = executions[ns];
  return route
    .replace("[namespace]", ns)
    .replace("[idOrNamespace]", method === "POST" && !postsOnExecution(route) ? ns : executionId)
    .replace("[taskRunId]", taskRuns[ns])
    .replace("[executionId]", executionId)
    .replace("[id]", GUARD_FLOW)
    .replace("[flowId]", GUARD_FLOW)
    .replace("[triggerId]", "guard_trigger")
    .replace("[revision]", "1")
    .replace("[name]", "GUARD_SECRET");
}

const rank = (role: Role | "public" | "public by key" | null) => (role === null ? -1 : ROLES.indexOf(role as Role));

test("every namespaced route lets a namespace role through where it holds and refuses elsewhere (403, or 404 for an execution they cannot see)", async ({
  baseURL,
}) => {
  const world = await setUpWorld(baseURL!);
  const { tokens, executions } = world;
  const namespaced = routesOnDisk().filter((key) => targetOf(key) !== null && !isPublic(key));
  expect(namespaced.length).toBeGreaterThanOrEqual(19); // flows, revisions, runs, executions, logs, files, kill, secrets
  for (const key of namespaced) {
    const [method] = key.split(" ");
    for (const person of Object.keys(PEOPLE) as Person[]) {
      for (const ns of NAMESPACES) {
        const role = PEOPLE[person].expected[ns];
        const res = await fetch(`${baseURL}${urlIn(key, ns, world)}`, {
          method,
          headers: { Authorization: `Bearer ${tokens[person]}`, "Content-Type": "application/json" },
          body: method === "GET" || method === "DELETE" ? undefined : "{}",
        });
        const what = `${key} in ${ns} as ${person} (${role ?? "no role"}) got ${res.status}`;
        if (rank(role) >= rank(WEAKEST_ROLE[key])) {
          await res.body?.cancel(); // the follow route streams until the execution ends
          expect([401, 403], what).not.toContain(res.status);
          // The execution exists and is theirs to see: a 404 here would be a refusal in disguise.
          if (targetOf(key) === "execution") expect(res.status, what).not.toBe(404);
        } else if (role === null && targetOf(key) === "execution") {
          expect(res.status, what).toBe(404);
          expect(await res.text(), what).toContain(`execution ${executions[ns]} not found`);
        } else {
          expect(res.status, what).toBe(403);
        }
      }
    }
  }
});

test("a namespace role creates flows only in its namespaces (the namespace is in the YAML)", async ({ baseURL }) => {
  const { tokens } = await setUpWorld(baseURL!);
  for (const person of Object.keys(PEOPLE) as Person[]) {
    for (const ns of NAMESPACES) {
      const id = `made_${Math.random().toString(36).slice(2, 8)}`;
      const res = await fetch(`${baseURL}/api/v1/flows`, {
        method: "POST",
        headers: { Authorization: `Bearer ${tokens[person]}`, "Content-Type": "application/x-yaml" },
        body: flowYaml(ns, id),
      });
      expect(res.status, `${person} creating in ${ns}`).toBe(PEOPLE[person].expected[ns] === "editor" ? 201 : 403);
    }
  }
});

test("lists show a namespace role only what it may see: flows, executions, secrets", async ({ baseURL }) => {
  const { tokens, executions } = await setUpWorld(baseURL!);
  const get = async <T>(path: string, headers: Record<string, string>) => {
    const res = await fetch(`${baseURL}${path}`, { headers });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  type Flows = { total: number; results: { namespace: string; id: string }[] };
  type Executions = { total: number; results: { id: string; namespace: string }[] };
  type Secrets = { secrets: { name: string }[] };
  const admin = authHeaders("admin");
  // The admin sees flows elsewhere too (other specs' and team.b's), so the filtered lists below can fail.
  const all = await get<Flows>("/api/v1/flows/search?size=500", admin);
  expect(all.results.some((f) => f.namespace === "team.b")).toBe(true);
  expect((await get<Secrets>("/api/v1/namespaces/team.a.sub/secrets", admin)).secrets.map((s) => s.name)).toContain(
    "S_TEAM",
  );

  const grantOnly = { Authorization: `Bearer ${tokens["editor of team.a only"]}` };
  // The server's settings need a server-wide viewer: a grant on team.a does not read them.
  expect((await fetch(`${baseURL}/api/v1/settings`, { headers: grantOnly })).status).toBe(403);
  const flows = await get<Flows>("/api/v1/flows/search?size=500", grantOnly);
  expect(new Set(flows.results.map((f) => f.namespace))).toEqual(new Set(["team.a", "team.a.sub"]));
  expect(flows.total).toBe(flows.results.length);
  // A namespace filter narrows within what they may see; it never widens it.
  expect(
    (await get<Flows>("/api/v1/flows/search?namespace=team&size=500", grantOnly)).results.every((f) =>
      f.namespace.startsWith("team.a"),
    ),
  ).toBe(true);
  expect((await get<Flows>("/api/v1/flows/search?q=team.b", grantOnly)).total).toBe(0);

  const runs = await get<Executions>("/api/v1/executions/search?size=500", grantOnly);
  expect(new Set(runs.results.map((e) => e.namespace))).toEqual(new Set(["team.a", "team.a.sub"]));
  expect(runs.results.map((e) => e.id)).toEqual(
    expect.arrayContaining([executions["team.a"], executions["team.a.sub"]]),
  );
  expect((await get<Executions>("/api/v1/executions/search?namespace=team.b", grantOnly)).total).toBe(0);

  // Secrets: defined in team.a and below, not in the parent `team` that team.a.sub inherits from.
  const secrets = (await get<Secrets>("/api/v1/namespaces/team.a.sub/secrets", grantOnly)).secrets.map((s) => s.name);
  expect(secrets).toEqual(expect.arrayContaining(["S_TEAM_A", "S_TEAM_A_SUB"]));
  expect(secrets).not.toContain("S_TEAM");

  // The global viewer reads every namespace's flows and executions, but manages secrets only in team.a.
  const viewerPlus = { Authorization: `Bearer ${tokens["viewer + editor of team.a"]}` };
  expect((await get<Flows>("/api/v1/flows/search?size=500", viewerPlus)).total).toBe(all.total);
  expect(
    (await get<Executions>("/api/v1/executions/search?namespace=team.b", viewerPlus)).results.map((e) => e.id),
  ).toContain(executions["team.b"]);
  expect(
    (await get<Secrets>("/api/v1/namespaces/team.a.sub/secrets", viewerPlus)).secrets.map((s) => s.name),
  ).not.toContain("S_TEAM");
});
