import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { putKv } from "../kv/kv-store";
import { Executor } from "../orchestrator/executor";
import { SecretStore } from "../secrets/secret-store";
import { State } from "../states/states";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";
import { createExecution } from "./create-execution";
import { MAX_EXPRESSION_BYTES } from "./eval-expression";

// The eval routes (Kestra's debug outputs) and the logs API's taskRunId filter, called as a server
// would be: on an execution the real executor ran, with API tokens of people of different roles.
// The route modules read the database, storage and secret key from the environment when first
// imported: they are pointed at this file's, then imported afresh.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const KEY = randomBytes(32);
const NS = "it.eval";
const API_KEY = "sk-live-0123456789abcdef";
const TOKEN_INPUT = "tok-input-9876543210";
const FLOW = `id: debug_me
namespace: ${NS}
labels:
  team: data
inputs:
  - id: token
    type: SECRET
variables:
  greeting: hello
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      answer: 42
      fromSecret: "{{ secret('API_KEY') }}"
      fromInput: "{{ inputs.token }}"
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      - id: say
        type: io.kestra.plugin.core.log.Log
        message: "item {{ taskrun.value }}"
`;

let deps: ExecutorDeps;
let executor: Executor;
let routes: { eval: Handler; evalRun: Handler; logs: Handler; download: Handler };
const tokens: Record<string, string> = {};
let executionId: string;
let sayRuns: Record<string, string>;

beforeAll(async () => {
  const base = await createTestDeps();
  // One secret key for this executor and the routes, as one server has.
  deps = { ...base, secrets: new SecretStore(base.db, KEY) };
  executor = new Executor(deps);
  executor.start();
  await executor.recovered;
  process.env.DATABASE_URL = deps.config.DATABASE_URL;
  process.env.OSPREY_STORAGE_DIR = deps.config.OSPREY_STORAGE_DIR;
  process.env.OSPREY_SECRET_KEY = KEY.toString("base64");
  vi.resetModules();
  routes = {
    eval: (await import("@/app/api/v1/executions/[idOrNamespace]/eval/route")).POST as Handler,
    evalRun: (await import("@/app/api/v1/executions/[idOrNamespace]/eval/[taskRunId]/route")).POST as Handler,
    logs: (await import("@/app/api/v1/logs/[executionId]/route")).GET as Handler,
    download: (await import("@/app/api/v1/logs/[executionId]/download/route")).GET as Handler,
  };
  const people = {
    viewer: { role: "none", grant: "viewer" },
    editor: { role: "none", grant: "editor" },
    stranger: { role: "none", grant: null },
    hasty: { role: "viewer", grant: null },
    hurried: { role: "viewer", grant: null },
  } as const;
  for (const [name, { role, grant }] of Object.entries(people)) {
    const user = await deps.db.user.create({ data: { id: `u-${name}`, name, email: `${name}@eval.test`, role } });
    const grants = grant ? [{ namespace: NS, role: grant }] : [{ namespace: "it.elsewhere", role: "editor" }];
    for (const g of grants) await deps.db.namespaceRole.create({ data: { userId: user.id, ...g } });
    tokens[name] = (
      await createApiToken(deps.db, { userId: user.id, email: user.email, name, role, grants, via: "session" }, "it")
    ).token;
  }
  await deps.secrets.set(NS, "API_KEY", API_KEY);
  await saveFlow(deps.db, FLOW, { create: true });
  const created = await createExecution(deps.db, NS, "debug_me", { token: TOKEN_INPUT }, "it", {
    secrets: deps.secrets,
  });
  executor.wake();
  const execution = await waitForEnd(deps, created.id);
  expect(execution.state, JSON.stringify(execution.taskRuns)).toBe(State.SUCCESS);
  executionId = execution.id;
  const runs = execution.taskRuns as { id: string; taskId: string; value: string | null }[];
  sayRuns = Object.fromEntries(runs.filter((r) => r.taskId === "say").map((r) => [r.value, r.id]));
});

afterAll(async () => {
  await executor.stop();
  expect(await leftoverContainers(deps)).toEqual([]);
  await (await import("@/lib/template/template-global")).getTemplateRenderer().close();
  await (await (await import("@/lib/db/db")).getDb()).$disconnect();
  await deps.db.$disconnect();
  await deps.templates.close();
});

interface Answer {
  result: string | null;
  error: string | null;
  position?: { line: number; column?: number };
}

function evaluate(expression: string, as = "viewer", options: { taskRunId?: string; id?: string } = {}) {
  const params = {
    idOrNamespace: options.id ?? executionId,
    ...(options.taskRunId ? { taskRunId: options.taskRunId } : {}),
  };
  const path = `/api/v1/executions/${params.idOrNamespace}/eval${options.taskRunId ? `/${options.taskRunId}` : ""}`;
  const request = new Request(`http://osprey.test${path}`, {
    method: "POST",
    body: expression,
    headers: { "Content-Type": "text/plain", ...(as ? { Authorization: `Bearer ${tokens[as]}` } : {}) },
  });
  return (options.taskRunId ? routes.evalRun : routes.eval)(request, { params: Promise.resolve(params) });
}

async function answer(expression: string, options: { taskRunId?: string } = {}): Promise<Answer> {
  const res = await evaluate(expression, "viewer", options);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
}

describe("POST /api/v1/executions/{id}/eval[/{taskRunId}]", () => {
  it("renders against the execution: outputs, inputs, variables, labels, flow", async () => {
    expect(await answer("{{ outputs.out.values.answer }} {{ vars.greeting }} {{ labels.team }} {{ flow.id }}")).toEqual(
      { result: "42 hello data debug_me", error: null },
    );
    // A loop's task runs by value, as a later task sees them.
    expect((await answer("{{ outputs.say | keys | sort | join(',') }}")).result).toBe("a,b");
  });

  it("renders against one task run as it saw its variables: its taskrun, its task, its parent", async () => {
    const b = await answer("{{ taskrun.value }}/{{ task.id }}/{{ parent.task.id }}", {
      taskRunId: sayRuns.b,
    });
    expect(b).toEqual({ result: "b/say/each", error: null });
    expect((await answer("{{ taskrun.value }}", { taskRunId: sayRuns.a })).result).toBe("a");
    // Without a task run there is none.
    const none = await answer("{{ taskrun.value }}");
    expect(none.result).toBeNull();
    expect(none.error).toContain("Unable to find `taskrun`");
    expect(none.position).toEqual({ line: 1 });
  });

  it("masks secrets: secret() as ****, SECRET inputs as ******, and their values wherever else they show", async () => {
    expect((await answer("{{ secret('API_KEY') }}")).result).toBe("****");
    expect((await answer("{{ secret('api_key') | upper }}")).result).toBe("****");
    expect((await answer("{{ inputs.token }}")).result).toBe("******");
    // Outputs a task computed from them hold the real values: the answer does not.
    const leaked = await answer("{{ outputs.out.values.fromSecret }} {{ outputs.out.values.fromInput }}");
    expect(leaked.result).toBe("**** ****");
    const json = await (await evaluate("{{ outputs.out.values | json }}")).text();
    expect(json).not.toContain(API_KEY);
    expect(json).not.toContain(TOKEN_INPUT);
    const missing = await answer("{{ secret('NOPE') }}");
    expect(missing.error).toContain(`secret NOPE is not defined for namespace ${NS}`);
  });

  it("answers a syntax error with its line and column", async () => {
    const bad = await answer("first line\n{{ outputs.out. }}");
    expect(bad.result).toBeNull();
    expect(bad.error).toMatch(/cannot render/);
    expect(bad.position).toEqual({ line: 2, column: 17 });
  });

  it("stops an expression that loops at the template limits, and answers the next one", async () => {
    const loop = await answer("{% for i in range(1, 1000000000) %}{{ i }}{% endfor %}");
    expect(loop.result).toBeNull();
    expect(loop.error).toMatch(/exceeded \d+ steps|took longer than/);
    expect(await answer("{{ 1 + 1 }}")).toEqual({ result: "2", error: null });
  });

  it("kv() and read() see what the flow may reach and the person may read: not a parent namespace they have no role in", async () => {
    await putKv(deps.db, { namespace: NS, key: "own", type: "STRING", value: "mine" }, deps.config);
    await putKv(deps.db, { namespace: "it", key: "inherited", type: "STRING", value: "parent's" }, deps.config);
    expect((await answer("{{ kv('own') }}")).result).toBe("mine");
    // The flow reads its parent's store; the namespace viewer asking does not.
    expect((await answer("{{ kv('inherited', errorOnMissing=false) ?? 'absent' }}")).result).toBe("absent");
    const hasty = await (await evaluate("{{ kv('inherited') }}", "hasty")).json();
    expect(hasty).toEqual({ result: "parent's", error: null });
    const read = await answer("{{ read('notes.txt', 'it') }}");
    expect(read.error).toContain("you may not read the files of namespace it");
  });

  it("refuses who may not read the execution as if it did not exist, and an unsigned request", async () => {
    const refused = await evaluate("{{ outputs }}", "stranger");
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain(`execution ${executionId} not found`);
    expect((await evaluate("{{ outputs }}", "stranger", { taskRunId: sayRuns.a })).status).toBe(404);
    expect((await evaluate("{{ outputs }}", "")).status).toBe(401);
    // A task run of no such execution.
    const stray = await evaluate("{{ 1 }}", "viewer", { taskRunId: "no-such-run" });
    expect(stray.status).toBe(404);
    expect(await stray.text()).toContain("task run no-such-run not found");
  });

  it("caps the expression's size and how many one person evaluates a minute", async () => {
    expect((await evaluate("x".repeat(MAX_EXPRESSION_BYTES + 1))).status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await evaluate("plain text", "hurried")).status);
    expect(statuses).toEqual(Array(60).fill(200));
    const last = await evaluate("plain text", "hurried");
    expect(last.status).toBe(429);
    expect(((await last.json()) as { message: string }).message).toContain("expressions a minute");
  });

  it("on a namespace, runs its flow `eval` for who may run flows there, and is a missing execution for the rest", async () => {
    await saveFlow(
      deps.db,
      `id: eval\nnamespace: ${NS}\ntasks:\n  - id: hi\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
      {
        create: true,
      },
    );
    const ran = await evaluate("", "editor", { id: NS });
    expect(ran.status, await ran.clone().text()).toBe(201);
    const { id } = (await ran.json()) as { id: string };
    executor.wake();
    expect((await waitForEnd(deps, id)).state).toBe(State.SUCCESS);
    expect((await evaluate("", "viewer", { id: NS })).status).toBe(404);
  });
});

describe("GET /api/v1/logs/{executionId}?taskRunId=", () => {
  const get = (handler: Handler, query: string) =>
    handler(
      new Request(`http://osprey.test/api/v1/logs/${executionId}${query}`, {
        headers: { Authorization: `Bearer ${tokens.viewer}` },
      }),
      { params: Promise.resolve({ executionId }) },
    );
  type Lines = { lines: { taskRunId: string | null; message: string }[] };

  it("keeps only the lines of the task runs named (one ForEach iteration's task), repeated or not", async () => {
    const all = (await (await get(routes.logs, "")).json()) as Lines;
    expect(all.lines.map((l) => l.message)).toEqual(expect.arrayContaining(["item a", "item b"]));
    const b = (await (await get(routes.logs, `?taskRunId=${sayRuns.b}`)).json()) as Lines;
    expect(b.lines.length).toBeGreaterThan(0);
    expect(b.lines.every((l) => l.taskRunId === sayRuns.b)).toBe(true);
    expect(b.lines.map((l) => l.message)).toContain("item b");
    const both = (await (await get(routes.logs, `?taskRunId=${sayRuns.a}&taskRunId=${sayRuns.b}`)).json()) as Lines;
    expect(new Set(both.lines.map((l) => l.taskRunId))).toEqual(new Set([sayRuns.a, sayRuns.b]));
    const tooMany = new URLSearchParams(Array.from({ length: 301 }, (_, i) => ["taskRunId", `r${i}`]));
    expect((await get(routes.logs, `?${tooMany}`)).status).toBe(400);
  });

  it("downloads one task run's lines", async () => {
    const text = await (await get(routes.download, `?taskRunId=${sayRuns.a}`)).text();
    expect(text).toContain("item a");
    expect(text).not.toContain("item b");
  });
});
