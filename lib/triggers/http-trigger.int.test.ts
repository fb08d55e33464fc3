import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getExecution } from "../executions/get-execution";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { Scheduler } from "./scheduler";

// The endpoint is on loopback: allowed here by the private setting (config override).
const t = useTestExecutor({ OSPREY_HTTP_ALLOW_PRIVATE: "true" });

/** What the endpoint answers next, and the requests it saw. */
let answer = { status: 200, price: 120 };
const seen: { method?: string; auth?: string; url?: string }[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method, auth: req.headers["x-auth"] as string | undefined, url: req.url });
    res.writeHead(answer.status, { "content-type": "application/json", "x-price": String(answer.price) });
    res.end(JSON.stringify({ price: answer.price }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const NS = "it.http";
const flow = () => `id: poll
namespace: ${NS}
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.code }} {{ trigger.body }} {{ json(trigger.body).price }} {{ trigger.headers['x-price'] | first }}"
triggers:
  - id: ok
    type: io.kestra.plugin.fs.http.Trigger
    uri: "http://127.0.0.1:${port}/price?flow={{ flow.id }}"
    headers: {x-auth: "{{ flow.namespace }}"}
    interval: PT1H
  - id: cheap
    type: io.kestra.plugin.core.http.Trigger
    uri: "http://127.0.0.1:${port}/price"
    responseCondition: "{{ json(response.body).price <= 110 }}"
    interval: PT1H
`;
const executions = (triggerId: string) =>
  t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "poll", triggerId }, orderBy: { createdAt: "asc" } });
const rowOf = (triggerId: string) =>
  t.deps.db.trigger.findUniqueOrThrow({
    where: { namespace_flowId_triggerId: { namespace: NS, flowId: "poll", triggerId } },
  });

describe("http.Trigger", () => {
  it("polls every interval (claimed like a tick) and starts an execution with trigger.body when responseCondition holds, none when it does not", async () => {
    await saveFlow(t.deps.db, flow(), { create: true });
    const planned = await rowOf("ok");
    expect(planned.type).toBe("io.kestra.plugin.core.http.Trigger");
    expect(planned.nextDate).not.toBeNull();
    let clock = new Date(planned.nextDate!.getTime() - 1000);
    const logs: string[] = [];
    const scheduler = new Scheduler({
      db: t.deps.db,
      now: () => clock,
      polls: { templates: t.deps.templates, config: t.deps.config },
      log: (m) => logs.push(m),
    });

    // Not due yet: nothing polled.
    expect(await scheduler.pollHttpTriggers()).toEqual([]);
    expect(seen).toHaveLength(0);

    // Due: 200 with price 120. The default condition (status < 400) holds, the price one does not.
    clock = new Date(planned.nextDate!.getTime() + 1000);
    expect((await scheduler.pollHttpTriggers()).sort()).toEqual(["fired", "skipped"]);
    expect(seen.find((r) => r.url === "/price?flow=poll")).toMatchObject({ method: "GET", auth: NS });
    expect((await rowOf("ok")).nextDate).toEqual(new Date(clock.getTime() + 3600_000));
    const [first] = await executions("ok");
    expect(first.triggerType).toBe("http");
    t.executor.wake();
    const ended = await waitForEnd(t.deps, first.id);
    expect(ended.state).toBe("SUCCESS");
    expect(ended.taskRuns[0].outputs).toEqual({ value: '200 {"price":120} 120 120' });
    expect(await executions("cheap")).toHaveLength(0);

    // The claimed poll is not polled again at the same time.
    expect(await scheduler.pollHttpTriggers()).toEqual([]);

    // An hour on: a 500 with price 100. Now the default condition fails and the price one holds.
    answer = { status: 500, price: 100 };
    clock = new Date(clock.getTime() + 3600_000 + 1000);
    expect((await scheduler.pollHttpTriggers()).sort()).toEqual(["fired", "skipped"]);
    expect(await executions("ok")).toHaveLength(1);
    const [cheap] = await executions("cheap");
    expect(JSON.parse(cheap.trigger!)).toMatchObject({ code: 500, body: '{"price":100}' });

    // Without the private setting (an admin turns it off), loopback is refused: logged, nothing starts.
    await t.deps.db.setting.upsert({
      where: { key: "OSPREY_HTTP_ALLOW_PRIVATE" },
      create: { key: "OSPREY_HTTP_ALLOW_PRIVATE", value: "false" },
      update: { value: "false" },
    });
    try {
      const before = seen.length;
      clock = new Date(clock.getTime() + 3600_000 + 1000);
      expect(await scheduler.pollHttpTriggers()).toEqual(["failed", "failed"]);
      expect(seen.length).toBe(before);
      expect(logs.join("\n")).toMatch(/http trigger it\.http\.poll\.ok at .*(private|loopback|not allowed|refused)/i);
    } finally {
      await t.deps.db.setting.deleteMany({ where: { key: "OSPREY_HTTP_ALLOW_PRIVATE" } });
    }
    expect((await getExecution(t.deps.db, cheap.id)).triggerId).toBe("cheap");
  });

  it("a trigger switched off at run time (its row) is not polled", async () => {
    const row = await rowOf("ok");
    await t.deps.db.trigger.update({ where: { id: row.id }, data: { disabled: true } });
    const scheduler = new Scheduler({
      db: t.deps.db,
      now: () => new Date(row.nextDate!.getTime() + 1000),
      polls: { templates: t.deps.templates, config: t.deps.config },
      log: () => undefined,
    });
    expect(await scheduler.pollHttpTriggers()).toEqual(["fired"]); // `cheap` only (the endpoint still answers price 100)
    expect(await executions("ok")).toHaveLength(1);
    expect(await executions("cheap")).toHaveLength(2);
  });

  it("stopAfter: once an execution it started ends in one of the states, the trigger is switched off", async () => {
    answer = { status: 200, price: 1 };
    await saveFlow(
      t.deps.db,
      `id: once\nnamespace: ${NS}\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: "{{ trigger.body }}"}\ntriggers:\n  - id: h\n    type: io.kestra.plugin.core.http.Trigger\n    uri: "http://127.0.0.1:${port}/"\n    interval: PT10M\n    stopAfter: [SUCCESS]\n`,
      { create: true },
    );
    const where = { namespace_flowId_triggerId: { namespace: NS, flowId: "once", triggerId: "h" } };
    let clock = new Date((await t.deps.db.trigger.findUniqueOrThrow({ where })).nextDate!.getTime() + 1000);
    const scheduler = new Scheduler({
      db: t.deps.db,
      now: () => clock,
      polls: { templates: t.deps.templates, config: t.deps.config },
      log: () => undefined,
    });
    // The first flow's triggers are due too at this clock: look for this one's outcome among them.
    const only = () => scheduler.pollHttpTriggers();
    expect(await only()).toContain("fired");
    const [run] = await t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "once" } });
    t.executor.wake();
    expect((await waitForEnd(t.deps, run.id)).state).toBe("SUCCESS");
    clock = new Date(clock.getTime() + 600_000 + 1000);
    expect(await only()).toContain("stopped");
    expect((await t.deps.db.trigger.findUniqueOrThrow({ where })).disabled).toBe(true);
    expect(await t.deps.db.execution.count({ where: { namespace: NS, flowId: "once" } })).toBe(1);
  });

  it("encryptBody: the condition reads the body, the execution does not keep it (Osprey has no key to encrypt it)", async () => {
    answer = { status: 200, price: 7 };
    await saveFlow(
      t.deps.db,
      `id: secretive\nnamespace: it.http2\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: "{{ trigger.code }}"}\ntriggers:\n  - id: h\n    type: io.kestra.plugin.core.http.Trigger\n    uri: "http://127.0.0.1:${port}/"\n    encryptBody: true\n    responseCondition: "{{ json(response.body).price == 7 }}"\n`,
      { create: true },
    );
    const row = await t.deps.db.trigger.findUniqueOrThrow({
      where: { namespace_flowId_triggerId: { namespace: "it.http2", flowId: "secretive", triggerId: "h" } },
    });
    // Default interval PT60S: the first poll is a minute after the save.
    expect(row.nextDate!.getTime() - row.updatedAt.getTime()).toBeGreaterThanOrEqual(59_000);
    const scheduler = new Scheduler({
      db: t.deps.db,
      now: () => new Date(row.nextDate!.getTime() + 1000),
      polls: { templates: t.deps.templates, config: t.deps.config },
      log: () => undefined,
    });
    await scheduler.pollHttpTriggers();
    const [run] = await t.deps.db.execution.findMany({ where: { namespace: "it.http2", flowId: "secretive" } });
    const trigger = JSON.parse(run.trigger!) as Record<string, unknown>;
    expect(trigger.code).toBe(200);
    expect(trigger).not.toHaveProperty("body");
  });
});
