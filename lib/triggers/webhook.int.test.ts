import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { createWebhookHandler } from "../http/webhook-route";
import { readLogs } from "../logs/read-logs";
import { useTestExecutor } from "../testing/test-executor";
import { waitForEnd } from "../testing/run-flow";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";

const t = useTestExecutor();
const KEY = "a-long-webhook-key-4f9c2";

// The app's own route handler, wired to this test's database and executor (fresh limiter counts each time).
function handler(perMinute = 100, failedPerMinute = 100) {
  const scope = Math.random().toString(36).slice(2);
  const limiter = new DbRateLimiter(t.deps.db, `webhook-${scope}`, perMinute, 60_000);
  const failedLimiter = new DbRateLimiter(t.deps.db, `webhook-failed-${scope}`, failedPerMinute, 60_000);
  return createWebhookHandler(async () => ({ deps: t.deps, limiter, failedLimiter, wake: () => t.executor.wake() }));
}
const call = (
  h: ReturnType<typeof handler>,
  path: { namespace: string; flowId: string; key: string },
  init: RequestInit & { query?: string } = {},
) =>
  h(
    new Request(
      `http://osprey.test/api/v1/executions/webhook/${path.namespace}/${path.flowId}/${path.key}${init.query ?? ""}`,
      init,
    ),
    { params: Promise.resolve(path) },
  );

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
    const res = await call(
      handler(),
      { namespace: "it.hook", flowId: "hooked", key: KEY },
      {
        method: "POST",
        query: "?page=3&page=4",
        headers: { "Content-Type": "application/json", "X-Agent": "crm" },
        body: JSON.stringify({ order: { id: 1234 }, customer: "Ada" }),
      },
    );
    expect(res.status).toBe(200);
    const answer = (await res.json()) as {
      id: string;
      namespace: string;
      flowId: string;
      state: { current: string };
      trigger: { id: string; variables: { parameters: Record<string, string[]> } };
    };
    expect(answer).toMatchObject({
      namespace: "it.hook",
      flowId: "hooked",
      state: { current: "CREATED" },
      trigger: { id: "hook", variables: { parameters: { page: ["3", "4"] } } },
    });
    const execution = await waitForEnd(t.deps, answer.id);
    const lines = (await readLogs(t.deps.db, answer.id, { limit: 100 })).map((l) => l.message);
    expect(execution.state, lines.join("\n")).toBe(State.SUCCESS);
    expect(lines).toContain("order 1234 for Ada from crm");
    expect(lines).toContain("agent crm page 3");
    const row = await t.deps.db.execution.findUniqueOrThrow({ where: { id: answer.id } });
    expect({ triggerType: row.triggerType, triggerId: row.triggerId, startedBy: row.startedBy }).toEqual({
      triggerType: "webhook",
      triggerId: "hook",
      startedBy: null,
    });
  });

  it("a wrong key is refused exactly as a missing flow, on both methods, and starts nothing", async () => {
    const h = handler();
    const before = await t.deps.db.execution.count();
    const wrong = await call(
      h,
      { namespace: "it.hook", flowId: "hooked", key: `${KEY}x` },
      { method: "POST", body: "{}" },
    );
    const missing = await call(
      h,
      { namespace: "it.hook", flowId: "hooked_nowhere", key: KEY },
      { method: "POST", body: "{}" },
    );
    const wrongBody = await wrong.text();
    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
    // Same body but for the flow's name, which the caller gave in both cases.
    expect(wrongBody.replace("hooked", "FLOW")).toBe((await missing.text()).replace("hooked_nowhere", "FLOW"));
    const get = await call(h, { namespace: "it.hook", flowId: "hooked", key: `${KEY.slice(0, -1)}` });
    expect(get.status).toBe(404);
    expect(await get.text()).toBe(wrongBody);
    expect(await t.deps.db.execution.count()).toBe(before);
  });

  it("a text body stays text; a disabled trigger refuses; accepted calls past the flow's limit and refused calls past the address's are 429", async () => {
    await saveFlow(
      t.deps.db,
      `id: texty\nnamespace: it.hook\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "got {{ trigger.body }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n`,
      { create: true },
    );
    const h = handler(2, 2);
    const path = { namespace: "it.hook", flowId: "texty", key: KEY };
    const first = await call(h, path, {
      method: "PUT",
      body: "plain words",
      headers: { "Content-Type": "text/plain" },
    });
    expect(first.status).toBe(200);
    const id = ((await first.json()) as { id: string }).id;
    await waitForEnd(t.deps, id);
    expect((await readLogs(t.deps.db, id, { limit: 10 })).map((l) => l.message)).toContain("got plain words");
    expect((await call(h, path, { method: "GET" })).status).toBe(200);
    const limited = await call(h, path, { method: "GET" });
    expect(limited.status).toBe(429);
    // A missing flow's path is a refused call: counted against the caller's address, 404 until it is over.
    const ghost = { namespace: "it.hook", flowId: "ghost", key: KEY };
    expect((await call(h, ghost)).status).toBe(404);
    expect((await call(h, ghost)).status).toBe(404);
    const over = await call(h, ghost);
    expect(over.status).toBe(429);
    expect(await over.text()).toContain("OSPREY_WEBHOOK_FAILED_PER_MINUTE");

    await saveFlow(t.deps.db, hookFlow("").replace(`key: ${KEY}`, `key: ${KEY}\n    disabled: true`), {
      create: false,
      namespace: "it.hook",
      id: "hooked",
    });
    const disabled = await call(
      handler(),
      { namespace: "it.hook", flowId: "hooked", key: KEY },
      { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } },
    );
    expect(disabled.status).toBe(409);
    expect(await disabled.text()).toContain("webhook trigger hook of it.hook.hooked is disabled");
    // A new revision with another key: the old key no longer opens it (parsed flows are cached by source).
    await saveFlow(t.deps.db, hookFlow("").replace(`key: ${KEY}`, "key: the-new-key"), {
      create: false,
      namespace: "it.hook",
      id: "hooked",
    });
    expect(
      (await call(handler(), { namespace: "it.hook", flowId: "hooked", key: KEY }, { method: "GET" })).status,
    ).toBe(404);
    await t.executor.idle();
  });

  it("wrong-key calls count against the caller's address, never the flow's limit: the real caller still gets in, another address still gets 404", async () => {
    await saveFlow(
      t.deps.db,
      `id: guarded\nnamespace: it.hook\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: in\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n`,
      { create: true },
    );
    // The flow takes 3 accepted calls a minute; an address may fail 5 times a minute.
    const h = handler(3, 5);
    const from = (address: string, key: string) =>
      call(
        h,
        { namespace: "it.hook", flowId: "guarded", key },
        { method: "POST", body: "{}", headers: { "Content-Type": "application/json", "X-Forwarded-For": address } },
      );
    const missing = await (
      await call(handler(), { namespace: "it.hook", flowId: "nowhere", key: KEY }, { method: "POST", body: "{}" })
    ).text();

    // Without an account, far more guesses than the flow's limit: 404 as a missing flow, then 429 for that address.
    const answers: [number, string][] = [];
    for (let i = 0; i < 12; i++) {
      const res = await from("203.0.113.7", `guess-${i}`);
      answers.push([res.status, await res.text()]);
    }
    expect(answers.slice(0, 5).map(([status]) => status)).toEqual([404, 404, 404, 404, 404]);
    expect(answers[0][1].replace("guarded", "F")).toBe(missing.replace("nowhere", "F"));
    expect(
      answers.slice(5).every(([status, body]) => status === 429 && body.includes("OSPREY_WEBHOOK_FAILED_PER_MINUTE")),
    ).toBe(true);

    // The real caller, at its own address, is accepted: those guesses used none of the flow's limit.
    expect((await from("198.51.100.2", KEY)).status).toBe(200);
    // A second address's wrong key is not touched by the first address's bucket: still 404.
    expect((await from("198.51.100.9", "nope")).status).toBe(404);
    // The right key is accepted even from the guessing address: its bucket refuses only its failed calls.
    expect((await from("203.0.113.7", KEY)).status).toBe(200);
    // The flow's limit counts accepted calls only: the third is in, the fourth is refused naming the flow's limit.
    expect((await from("198.51.100.2", KEY)).status).toBe(200);
    const overFlow = await from("198.51.100.2", KEY);
    expect(overFlow.status).toBe(429);
    expect(await overFlow.text()).toContain("OSPREY_WEBHOOK_PER_MINUTE");
    await t.executor.idle();
  });

  it("a JSON body nested deeper than 1,000 levels is refused with 400 and starts nothing", async () => {
    await saveFlow(
      t.deps.db,
      `id: deep\nnamespace: it.hook\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ trigger.body }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n`,
      { create: true },
    );
    const before = await t.deps.db.execution.count();
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    const res = await call(
      handler(),
      { namespace: "it.hook", flowId: "deep", key: KEY },
      { method: "POST", body: deep, headers: { "Content-Type": "application/json" } },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("deeper than 1000 levels");
    expect(await t.deps.db.execution.count()).toBe(before);
    // 1,000 levels are still a body.
    const ok = await call(
      handler(),
      { namespace: "it.hook", flowId: "deep", key: KEY },
      { method: "POST", body: "[".repeat(1_000) + "]".repeat(1_000), headers: { "Content-Type": "application/json" } },
    );
    expect(ok.status).toBe(200);
    await t.executor.idle();
  });

  it("wait + returnOutputs answers with the flow's outputs once it ends (text/plain: the one output's value); responseCode, 500 on failure, and a false `when` starts nothing (204)", async () => {
    const flow = (id: string, trigger: string, task = 'format: "{{ trigger.parameters.validationToken[0] }}"') =>
      `id: ${id}\nnamespace: it.hook\ntasks:\n  - id: echo\n    type: io.kestra.plugin.core.debug.Return\n    ${task}\noutputs:\n  - id: response\n    type: STRING\n    value: "{{ outputs.echo.value }}"\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${KEY}\n${trigger}`;
    const h = handler();
    await saveFlow(
      t.deps.db,
      flow("handshake", "    wait: true\n    returnOutputs: true\n    responseContentType: text/plain\n"),
      { create: true },
    );
    const plain = await call(
      h,
      { namespace: "it.hook", flowId: "handshake", key: KEY },
      { method: "POST", query: "?validationToken=abc%20123" },
    );
    expect([plain.status, plain.headers.get("content-type"), await plain.text()]).toEqual([
      200,
      "text/plain",
      "abc 123",
    ]);

    await saveFlow(t.deps.db, flow("as-json", "    wait: true\n    returnOutputs: true\n    responseCode: 202\n"), {
      create: true,
    });
    const json = await call(
      h,
      { namespace: "it.hook", flowId: "as-json", key: KEY },
      { method: "POST", query: "?validationToken=x" },
    );
    expect([json.status, await json.json()]).toEqual([202, { response: "x" }]);

    await saveFlow(t.deps.db, flow("fails", "    wait: true\n", 'format: "{{ nope.missing }}"'), { create: true });
    const failed = await call(h, { namespace: "it.hook", flowId: "fails", key: KEY }, { method: "POST" });
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { state: { current: string } }).state.current).toBe(State.FAILED);

    await saveFlow(t.deps.db, flow("picky", "    when: \"{{ trigger.body.hello == 'world' }}\"\n"), { create: true });
    const before = await t.deps.db.execution.count({ where: { flowId: "picky" } });
    const skipped = await call(
      h,
      { namespace: "it.hook", flowId: "picky", key: KEY },
      {
        method: "POST",
        body: JSON.stringify({ hello: "moon" }),
        headers: { "Content-Type": "application/json" },
      },
    );
    expect(skipped.status).toBe(204);
    expect(await t.deps.db.execution.count({ where: { flowId: "picky" } })).toBe(before);
    const taken = await call(
      h,
      { namespace: "it.hook", flowId: "picky", key: KEY },
      {
        method: "POST",
        body: JSON.stringify({ hello: "world" }),
        headers: { "Content-Type": "application/json" },
      },
    );
    expect(taken.status).toBe(200);
    await t.executor.idle();
  });
});
