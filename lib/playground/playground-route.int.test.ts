import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createDb, type Db } from "../db/create-client";
import { freshDatabase } from "../testing/test-database";

// POST /api/v1/playground/{namespace}/{flowId} through its real handler and the real sign-in by API
// token: who is refused, and what bad input answers. The route reads the server's config and database
// from the environment when first imported: point it at a fresh database, then import it.
type Handler = (
  request: Request,
  context: { params: Promise<{ namespace: string; flowId: string }> },
) => Promise<Response>;
let POST: Handler;
let db: Db;
type Who = "viewer" | "editor" | "elsewhere";
const tokens: Record<Who, string> = { viewer: "", editor: "", elsewhere: "" };

beforeAll(async () => {
  process.env.DATABASE_URL = await freshDatabase(inject("templateDb"));
  db = await createDb(process.env.DATABASE_URL);
  const people = {
    viewer: { role: "viewer", grants: [] },
    editor: { role: "editor", grants: [] },
    // No server-wide role; an editor only in another namespace.
    elsewhere: { role: "none", grants: [{ namespace: "it.other", role: "editor" }] },
  } as const;
  for (const [who, { role, grants }] of Object.entries(people) as [Who, (typeof people)[Who]][]) {
    const user = await db.user.create({ data: { id: `u-${who}`, name: who, email: `${who}@play.test`, role } });
    tokens[who] = (
      await createApiToken(
        db,
        { userId: user.id, email: user.email, name: who, role, grants: [...grants], via: "session" },
        "it",
      )
    ).token;
  }
  ({ POST } = await import("@/app/api/v1/playground/[namespace]/[flowId]/route"));
});
afterAll(async () => {
  await db.$disconnect();
});

const SOURCE =
  "id: draft\nnamespace: it.play\ntasks:\n  - id: one\n    type: io.kestra.plugin.core.log.Log\n    message: one\n";

function call(as: Who, body: unknown, namespace = "it.play", flowId = "draft") {
  const request = new Request(`http://osprey.test/api/v1/playground/${namespace}/${flowId}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${tokens[as]}`, "Content-Type": "application/json" },
  });
  return POST(request, { params: Promise.resolve({ namespace, flowId }) });
}

describe("POST /api/v1/playground/{namespace}/{flowId}", () => {
  it("refuses a viewer and an editor of another namespace (403), and makes no execution", async () => {
    for (const who of ["viewer", "elsewhere"] as const) {
      const res = await call(who, { source: SOURCE, taskId: "one" });
      expect(res.status, who).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/cannot do this|needs editor/);
    }
    expect(await db.execution.count()).toBe(0);
  });

  it("answers bad input with a clear error: an invalid flow (422), a flow named otherwise, a missing task, a bad body (400)", async () => {
    const invalid = await call("editor", { source: "id: draft\nnamespace: it.play\ntasks: []\n", taskId: "one" });
    expect(invalid.status).toBe(422);
    const elsewhere = await call("editor", { source: SOURCE, taskId: "one" }, "it.play", "another");
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { message: string }).message).toMatch(
      /the YAML names it.play.draft but the playground was asked to run it.play.another/,
    );
    const missing = await call("editor", { source: SOURCE, taskId: "two" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(
      /task two is not one of the flow's top-level tasks/,
    );
    expect((await call("editor", { source: SOURCE })).status).toBe(400);
    expect((await call("editor", { source: SOURCE, taskId: "one", mode: "all" })).status).toBe(400);
    expect(await db.execution.count()).toBe(0);
  });
});
