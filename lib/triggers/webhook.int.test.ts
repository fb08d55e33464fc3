import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { createWebhookHandler } from "../http/webhook-route";
import { readLogs } from "../logs/read-logs";
import { useTestExecutor } from "../testing/test-executor";
import { waitForEnd } from "../testing/run-flow";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";

const t = useTestExecutor();
const KEY = "a-long-webhook-key-4f9c2";

// The app's own route handler, wired to this test's database and executor.
function handler(perMinute = 100) {
  const limiter = new DbRateLimiter(t.deps.db, `webhook-${perMinute}-${Math.random()}`, perMinute, 60_000);
  return createWebhookHandler(async () => ({ deps: t.deps, limiter, wake: () => t.executor.wake() }));
}
const call = (h: ReturnType<typeof handler>, path: { namespace: string; flowId: string; key: string }, init: RequestInit & { query?: string } = {}) =>
  h(new Request(`http://osprey.test/api/v1/executions/webhook/${path.namespace}/${path.flowId}/${path.key}${init.query ?? ""}`, init), { params: Promise.resolve(path) });

const hookFlow = (extra = "") => `id: hooked
namespace: it.hook
${extra}inputs:
  - {id: source, type: STRING}
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    script: |
      import json
      order = json.loads(r'''{{ trigger.body | json }}''')
      print("order", order["order"]["id"], "for", order["customer"], "from {{ inputs.source }}")
      print("agent {{ trigger.headers['x-agent'][0] }} page {{ trigger.parameters.page[0] }}")
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: ${KEY}
    inputs:
      source: "{{ trigger.headers['x-agent'][0] }}"
`;

describe("Webhook trigger", () => {
  it("a POST with a JSON body starts the flow; a Python task prints a field of it", async () => {
    await saveFlow(t.deps.db, hookFlow(), { create: true });
    const res = await call(handler(), { namespace: "it.hook", flowId: "hooked", key: KEY }, {
      method: "POST",
      query: "?page=3&page=4",
      headers: { "Content-Type": "application/json", "X-Agent": "crm" },
      body: JSON.stringify({ order: { id: 1234 }, customer: "Ada" }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { id: string; namespace: string; flowId: string; state: { current: string }; trigger: { id: string; variables: { parameters: Record<string, string[]> } } };
    expect(answer).toMatchObject({ namespace: "it.hook", flowId: "hooked", state: { current: "CREATED" }, trigger: { id: "hook", variables: { parameters: { page: ["3", "4"] } } } });
    const execution = await waitForEnd(t.deps, answer.id);
    const lines = (await readLogs(t.deps.db, answer.id, { limit: 100 })).map((l) => l.message);
    expect(execution.state, lines.join("\n")).toBe("SUCCESS");
    expect(lines).toContain("order 1234 for Ada from crm");
    expect(lines).toContain("agent crm page 3");
    const row = await t.deps.db.execution.findUniqueOrThrow({ where: { id: answer.id } });
    expect({ triggerType: row.triggerType, triggerId: row.triggerId, startedBy: row.startedBy }).toEqual({ triggerType: "webhook", triggerId: "hook", startedBy: null });
  });

  it("a wrong key is refused exactly as a missing flow, on both methods, and starts nothing", async () => {
    const h = handler();
    const before = await t.deps.db.execution.count();
    const wrong = await call(h, { namespace: "it.hook", flowId: "hooked", key: KEY + "x" }, { method: "POST", body: "{}" });
    const missing = await call(h, { namespace: "it.hook", flowId: "hooked_nowhere", key: KEY }, { method: "POST", body: "{}" });
    const wrongBody = await wrong.text();
    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
    // Same body but for the flow's name, which the caller gave in both cases.
    expect(wrongBody.replace("hooked", "FLOW")).toBe((await missing.text()).replace("hooked_nowhere", "FLOW"));
    const get = await call(h, { namespace: "it.hook", flowId: "hooked", key: "" + KEY.slice(0, -1) });
    expect(get.status).toBe(404);
    expect(await get.text()).toBe(wrongBody);
    expect(await t.deps.db.execution.count()).toBe(before);
  });

  it("a text body stays text; a disabled trigger refuses; calls past the limit are refused (429) for existing and missing flows alike", async () => {
    await saveFlow(t.deps.db, `id: texty\nnamespace: it.hook\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "got {{ trigger.body }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n`, { create: true });
    const h = handler(2);
    const path = { namespace: "it.hook", flowId: "texty", key: KEY };
    const first = await call(h, path, { method: "PUT", body: "plain words", headers: { "Content-Type": "text/plain" } });
    expect(first.status).toBe(200);
    const id = ((await first.json()) as { id: string }).id;
    await waitForEnd(t.deps, id);
    expect((await readLogs(t.deps.db, id, { limit: 10 })).map((l) => l.message)).toContain("got plain words");
    expect((await call(h, path, { method: "GET" })).status).toBe(200);
    const limited = await call(h, path, { method: "GET" });
    expect(limited.status).toBe(429);
    // A missing flow's path is counted the same way.
    const ghost = { namespace: "it.hook", flowId: "ghost", key: KEY };
    await call(h, ghost);
    await call(h, ghost);
    expect((await call(h, ghost)).status).toBe(429);

    await saveFlow(t.deps.db, hookFlow("").replace("key: " + KEY, `key: ${KEY}\n    disabled: true`), { create: false, namespace: "it.hook", id: "hooked" });
    const disabled = await call(handler(), { namespace: "it.hook", flowId: "hooked", key: KEY }, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(disabled.status).toBe(409);
    expect(await disabled.text()).toContain("webhook trigger hook of it.hook.hooked is disabled");
    // A new revision with another key: the old key no longer opens it (parsed flows are cached by source).
    await saveFlow(t.deps.db, hookFlow("").replace("key: " + KEY, "key: the-new-key"), { create: false, namespace: "it.hook", id: "hooked" });
    expect((await call(handler(), { namespace: "it.hook", flowId: "hooked", key: KEY }, { method: "GET" })).status).toBe(404);
    await t.executor.idle();
  });
});
