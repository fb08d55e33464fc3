import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createDb, type Db } from "../db/create-client";
import { freshDatabase } from "../testing/test-database";
import { mayReach } from "./namespace-access";

// The route handler reads the server's config and database from the environment when first
// imported: point it at a fresh database, then import it.
type Handler = (request: Request, context: { params: Promise<{ namespace: string }> }) => Promise<Response>;
let route: Record<"GET" | "PUT", Handler>;
let db: Db;
const tokens: Record<"admin" | "editor", string> = { admin: "", editor: "" };

beforeAll(async () => {
  process.env.DATABASE_URL = await freshDatabase(inject("templateDb"));
  db = await createDb(process.env.DATABASE_URL);
  for (const role of ["admin", "editor"] as const) {
    const user = await db.user.create({ data: { id: `u-${role}`, name: role, email: `${role}@allowed.test`, role } });
    tokens[role] = (
      await createApiToken(
        db,
        { userId: user.id, email: user.email, name: role, role, grants: [], via: "session" },
        "it",
      )
    ).token;
  }
  route = await import("@/app/api/v1/namespaces/[namespace]/allowed-namespaces/route");
});
afterAll(async () => {
  await db.$disconnect();
});

function call(method: "GET" | "PUT", namespace: string, body?: unknown, as: "admin" | "editor" = "admin") {
  const request = new Request(`http://osprey.test/api/v1/namespaces/${namespace}/allowed-namespaces`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${tokens[as]}`, "Content-Type": "application/json" },
  });
  return route[method](request, { params: Promise.resolve({ namespace }) });
}

describe("GET/PUT /api/v1/namespaces/{namespace}/allowed-namespaces", () => {
  it("an admin replaces and reads the list; the one check follows it at once", async () => {
    expect(await mayReach(db, "team.a", "team.b")).toBe(false);
    const put = await call("PUT", "team.b", { allowedNamespaces: [{ namespace: "team.a" }, { namespace: "*" }] });
    expect(put.status).toBe(200);
    const listed = {
      namespace: "team.b",
      allowedNamespaces: [
        expect.objectContaining({ namespace: "*", createdBy: "admin@allowed.test" }),
        expect.objectContaining({ namespace: "team.a" }),
      ],
    };
    expect(await put.json()).toEqual(listed);
    expect(await (await call("GET", "team.b")).json()).toEqual(listed);
    expect(await mayReach(db, "team.a", "team.b.deep")).toBe(true);

    expect(await (await call("PUT", "team.b", { allowedNamespaces: [] })).json()).toEqual({
      namespace: "team.b",
      allowedNamespaces: [],
    });
    expect(await mayReach(db, "team.a", "team.b")).toBe(false);
  });

  it("refuses an editor (403), and a bad namespace, a repeated or malformed entry (400)", async () => {
    expect((await call("GET", "team.b", undefined, "editor")).status).toBe(403);
    expect((await call("PUT", "team.b", { allowedNamespaces: [{ namespace: "team.a" }] }, "editor")).status).toBe(403);
    expect(await mayReach(db, "team.a", "team.b")).toBe(false);
    expect((await call("GET", "team..b")).status).toBe(400);
    for (const body of [
      { allowedNamespaces: [{ namespace: "a" }, { namespace: "a" }] },
      { allowedNamespaces: [{ namespace: "a b" }] },
      { allowedNamespaces: [{ namespace: "a", extra: 1 }] },
      {},
    ]) {
      expect((await call("PUT", "team.b", body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});
