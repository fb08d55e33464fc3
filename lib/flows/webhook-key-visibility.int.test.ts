import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createDb, type Db } from "../db/create-client";
import { MASKED_KEY } from "../flow/mask-webhook-keys";
import { freshDatabase } from "../testing/test-database";

// The route handlers (and saveFlow, through the config) read the server's config and database from
// the environment when first imported: point them at a fresh database, then import them.
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
type FlowParams = { namespace: string; id: string };
let flowRoute: { GET: Handler<FlowParams> };
let revisionRoute: { GET: Handler<FlowParams & { revision: string }> };
let triggersRoute: { GET: Handler<object> };
let db: Db;

const KEY = "the-webhook-key-9c1f";
const SOURCE = `# team A's hook
id: hooked
namespace: team.a
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: hi   # kept
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: ${KEY}
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
`;
const MASKED = SOURCE.replace(`key: ${KEY}`, `key: "${MASKED_KEY}"`);

// Who asks: server-wide roles, and people whose only role is a grant on team.a.
const PEOPLE = {
  admin: { role: "admin", grants: [] },
  editor: { role: "editor", grants: [] },
  viewer: { role: "viewer", grants: [] },
  "editor of team.a": { role: "none", grants: [{ namespace: "team.a", role: "editor" }] },
  "viewer of team.a": { role: "none", grants: [{ namespace: "team.a", role: "viewer" }] },
  "viewer + editor of team.a": { role: "viewer", grants: [{ namespace: "team.a", role: "editor" }] },
} as const;
type Person = keyof typeof PEOPLE;
const SEES_KEYS: Record<Person, boolean> = {
  admin: true,
  editor: true,
  viewer: false,
  "editor of team.a": true,
  "viewer of team.a": false,
  "viewer + editor of team.a": true,
};
const tokens = {} as Record<Person, string>;

beforeAll(async () => {
  process.env.DATABASE_URL = await freshDatabase(inject("templateDb"));
  db = await createDb(process.env.DATABASE_URL);
  for (const [person, { role, grants }] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const id = `u-${person.replace(/\W+/g, "-")}`;
    const user = await db.user.create({ data: { id, name: person, email: `${id}@keys.test`, role } });
    for (const g of grants)
      await db.namespaceRole.create({ data: { userId: user.id, namespace: g.namespace, role: g.role } });
    tokens[person] = (
      await createApiToken(
        db,
        { userId: user.id, email: user.email, name: person, role, grants: [...grants], via: "session" },
        "it",
      )
    ).token;
  }
  const { saveFlow } = await import("./save-flow");
  await saveFlow(db, SOURCE.replace("message: hi", "message: first"), { create: true });
  await saveFlow(db, SOURCE, { create: false, namespace: "team.a", id: "hooked" });
  flowRoute = await import("@/app/api/v1/flows/[namespace]/[id]/route");
  revisionRoute = await import("@/app/api/v1/flows/[namespace]/[id]/revisions/[revision]/route");
  triggersRoute = await import("@/app/api/v1/triggers/search/route");
});
afterAll(async () => {
  await db.$disconnect();
});

async function get<P>(handler: Handler<P>, path: string, params: P, as: Person): Promise<Response> {
  const res = await handler(
    new Request(`http://osprey.test${path}`, { headers: { Authorization: `Bearer ${tokens[as]}` } }),
    { params: Promise.resolve(params) },
  );
  expect(res.status, `${path} as ${as}`).toBe(200);
  return res;
}

describe("webhook keys are shown only to those who may edit the flow", () => {
  const flow = { namespace: "team.a", id: "hooked" };
  for (const person of Object.keys(PEOPLE) as Person[]) {
    const expected = SEES_KEYS[person] ? SOURCE : MASKED;
    it(`${person}: ${SEES_KEYS[person] ? "sees the key" : "sees the key masked, the YAML otherwise byte for byte"} in the flow, its source, its revisions and the triggers search`, async () => {
      expect(
        ((await (await get(flowRoute.GET, "/api/v1/flows/team.a/hooked", flow, person)).json()) as { source: string })
          .source,
      ).toBe(expected);
      expect(await (await get(flowRoute.GET, "/api/v1/flows/team.a/hooked?source=true", flow, person)).text()).toBe(
        expected,
      );
      for (const revision of ["1", "2"]) {
        const rev = (await (
          await get(
            revisionRoute.GET,
            `/api/v1/flows/team.a/hooked/revisions/${revision}`,
            { ...flow, revision },
            person,
          )
        ).json()) as { source: string };
        expect(rev.source.includes(KEY), `revision ${revision}`).toBe(SEES_KEYS[person]);
        if (!SEES_KEYS[person]) expect(rev.source).toContain(`key: "${MASKED_KEY}"`);
      }
      const found = (await (
        await get(triggersRoute.GET, "/api/v1/triggers/search?namespace=team.a", {}, person)
      ).json()) as { results: { abstractTrigger: { id: string; key?: string } }[] };
      const hook = found.results.find((r) => r.abstractTrigger.id === "hook");
      expect(hook?.abstractTrigger.key).toBe(SEES_KEYS[person] ? KEY : MASKED_KEY);
      expect(JSON.stringify(found).includes(KEY)).toBe(SEES_KEYS[person]);
    });
  }
});
