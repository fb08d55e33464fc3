import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createToken, createUser, grantNamespaces, sessionHeaders, signIn, TEST_ADMIN, TEST_PASSWORD } from "../lib/testing/accounts";
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
        const route = "/" + relative("app", path).replace(/\/route\.ts$/, "");
        const source = readFileSync(path, "utf8");
        const methods = new Set<string>();
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]);
        for (const m of source.matchAll(/export \{([^}]*)\}/g)) for (const n of m[1].matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(n[1]);
        for (const method of methods) found.push(`${method} ${route}`);
      }
    }
  };
  walk("app/api");
  return found.sort();
}

// The weakest role each route allows; "public" routes answer anyone. Written out by hand, as the
// specification the routes are checked against.
const WEAKEST_ROLE: Record<string, Role | "public"> = {
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
  "GET /api/v1/flows/[namespace]/[id]/revisions/[revision]": "viewer",
  "POST /api/v1/flows": "editor",
  "GET /api/v1/plugins/schemas/flow": "viewer",
  "GET /api/v1/executions/search": "viewer",
  "GET /api/v1/executions/[idOrNamespace]": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/[flowId]": "editor",
  "GET /api/v1/executions/[idOrNamespace]/file": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/file": "editor",
  "GET /api/v1/executions/[idOrNamespace]/files": "viewer",
  "POST /api/v1/executions/[idOrNamespace]/files": "editor",
  "DELETE /api/v1/executions/[idOrNamespace]/kill": "editor",
  "POST /api/v1/executions/[idOrNamespace]/kill": "editor",
  "GET /api/v1/logs/[executionId]": "viewer",
  "GET /api/v1/logs/[executionId]/follow": "viewer",
  "GET /api/v1/logs/[executionId]/download": "viewer",
  "GET /api/v1/namespaces/[namespace]/secrets": "editor",
  "PUT /api/v1/namespaces/[namespace]/secrets": "editor",
  "PUT /api/v1/namespaces/[namespace]/secrets/[name]": "editor",
  "DELETE /api/v1/namespaces/[namespace]/secrets/[name]": "editor",
  "GET /api/v1/settings": "viewer",
  "PUT /api/v1/settings": "admin",
  "GET /api/v1/tokens": "viewer",
  "POST /api/v1/tokens": "viewer",
  "DELETE /api/v1/tokens/[id]": "viewer",
  "GET /api/v1/users": "admin",
  "POST /api/v1/users": "admin",
  "PATCH /api/v1/users/[id]": "admin",
  "DELETE /api/v1/users/[id]": "admin",
  "GET /api/v1/users/[id]/namespaces": "admin",
  "PUT /api/v1/users/[id]/namespaces": "admin",
};

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
  return fetch(`${baseURL}${sampleUrl(route)}`, { method, body, headers: { "Content-Type": "application/json", ...headers } });
}

test("the guard table names exactly the routes on disk", () => {
  expect(routesOnDisk()).toEqual(Object.keys(WEAKEST_ROLE).sort());
});

test("every route but sign-in and health refuses an unsigned request with 401", async ({ baseURL }) => {
  for (const key of routesOnDisk()) {
    if (WEAKEST_ROLE[key] === "public") continue;
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
    if (weakest === "public") continue;
    for (const role of ROLES) {
      if (SESSION_ONLY.has(key)) {
        const refused = await send(baseURL!, key, authHeaders(role));
        expect(refused.status, `${key} on ${role}'s token`).toBe(403);
        expect(((await refused.json()) as { message: string }).message).toContain("an API token cannot make API tokens");
      }
      const status = (await send(baseURL!, key, SESSION_ONLY.has(key) ? sessions[role] : authHeaders(role))).status;
      if (ROLES.indexOf(role) < ROLES.indexOf(weakest)) expect(status, `${key} as ${role}`).toBe(403);
      else expect([401, 403], `${key} as ${role} got ${status}`).not.toContain(status);
    }
  }
});

test("a session cookie changes nothing without our Origin; better-auth's admin endpoints refuse non-admins", async ({ baseURL }) => {
  const cookie = await signIn(baseURL!, ROLE_EMAILS.editor, TEST_PASSWORD);
  const post = (origin?: string) =>
    fetch(`${baseURL}/api/v1/tokens`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}) }, body: '{"name":"csrf"}' });
  expect((await post()).status).toBe(403);
  expect((await post("https://evil.example")).status).toBe(403);
  expect((await post(baseURL!)).status).toBe(201);
  expect((await fetch(`${baseURL}/api/auth/admin/list-users`)).status).toBe(401);
  expect((await fetch(`${baseURL}/api/auth/admin/list-users`, { headers: { Cookie: cookie } })).status).toBe(403);
});
