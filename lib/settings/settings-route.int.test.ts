import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createDb, type Db } from "../db/create-client";
import { freshDatabase } from "../testing/test-database";

// The route handler reads the server's config and database from the environment when first
// imported: point it at a fresh database, then import it.
type Handler = (request: Request, context: unknown) => Promise<Response>;
let settings: { GET: Handler };
let db: Db;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  process.env.DATABASE_URL = await freshDatabase(inject("templateDb"));
  db = await createDb(process.env.DATABASE_URL);
  const people = {
    viewer: { role: "viewer", grant: null },
    "editor of team.a only": { role: "none", grant: "editor" },
    nobody: { role: "none", grant: null },
  } as const;
  for (const [name, { role, grant }] of Object.entries(people)) {
    const id = `u-${name.replace(/\W+/g, "-")}`;
    const user = await db.user.create({ data: { id, name, email: `${id}@settings.test`, role } });
    const grants = grant ? [{ namespace: "team.a", role: grant }] : [];
    for (const g of grants) await db.namespaceRole.create({ data: { userId: user.id, ...g } });
    tokens[name] = (
      await createApiToken(db, { userId: id, email: user.email, name, role, grants, via: "session" }, "it")
    ).token;
  }
  settings = await import("@/app/api/v1/settings/route");
});
afterAll(async () => {
  await db.$disconnect();
});

const read = (as: string) =>
  settings.GET(
    new Request("http://osprey.test/api/v1/settings", { headers: { Authorization: `Bearer ${tokens[as]}` } }),
    {},
  );

describe("GET /api/v1/settings", () => {
  it("needs a server-wide role of viewer or above: a namespace grant alone does not read the server's rules", async () => {
    expect((await read("viewer")).status).toBe(200);
    const granted = await read("editor of team.a only");
    expect(granted.status).toBe(403);
    expect(((await granted.json()) as { message: string }).message).toContain(
      "your role (none) cannot do this; it needs viewer or above",
    );
    expect((await read("nobody")).status).toBe(403);
  });
});
