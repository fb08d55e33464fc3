import { describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { setAllowedNamespaces } from "./allowed-namespaces";

// Issue 18: a flow acts with the rights of its namespace. An editor of team.a alone could drive
// team.b through a task or a trigger; each path here is refused across namespaces, reads as "not
// found", and opens to team.a.sub (below) and to an allowance team.b gives team.a.
const t = useTestExecutor();

const allow = (target: string, ...allowed: string[]) =>
  setAllowedNamespaces(t.deps.db, { email: "admin@x.test" }, target, {
    allowedNamespaces: allowed.map((namespace) => ({ namespace })),
  });
const save = (yaml: string) => saveFlow(t.deps.db, yaml, { create: true });
const executionsOf = (namespace: string, flowId: string) =>
  t.deps.db.execution.findMany({ where: { namespace, flowId }, orderBy: { createdAt: "asc" } });
const errorOf = (execution: Awaited<ReturnType<typeof getExecution>>, taskId: string) =>
  execution.taskRuns.find((r) => r.taskId === taskId)?.error;

/** A flow that returns its namespace as an output, in `namespace`. */
const child = (namespace: string) =>
  `id: child\nnamespace: ${namespace}\ninputs:\n  - {id: who, type: STRING, required: false}\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ flow.namespace }}"\noutputs:\n  - {id: where, type: STRING, value: "{{ outputs.r.value }} for {{ inputs.who ?? 'nobody' }}"}\n`;

describe("Subflow and ForEachItem reach only their namespace, those below it, and those that allow it", () => {
  const A = "x18.sub.team.a";
  const B = "x18.sub.team.b";
  const subflow = (id: string, namespace: string, flowId = "child") =>
    `id: ${id}\nnamespace: ${A}\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${namespace}\n    flowId: ${flowId}\n    inputs: {who: "${A}"}\n`;
  const forEachItem = (id: string, namespace: string, flowId = "child") =>
    `id: ${id}\nnamespace: ${A}\ntasks:\n  - id: rows\n    type: io.kestra.plugin.core.storage.Write\n    content: "1\\n2\\n"\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEachItem\n    items: "{{ outputs.rows.uri }}"\n    namespace: ${namespace}\n    flowId: ${flowId}\n    inputs: {who: "{{ taskrun.iteration }}"}\n`;

  it("Subflow into team.b fails as for a missing flow and starts nothing; into team.a.sub, or with team.b's allowance, it runs and reads the outputs", async () => {
    await save(child(B));
    await save(child(`${A}.sub`));

    const refused = await runFlow(t.deps, subflow("to_b", B), t.executor);
    const missing = await runFlow(t.deps, subflow("to_missing", B, "nope"), t.executor);
    const ownMissing = await runFlow(t.deps, subflow("to_own_missing", A, "nope"), t.executor);
    expect(refused.execution.state).toBe("FAILED");
    // The same words as for a flow that does not exist: nothing tells team.a that team.b.child does.
    expect(errorOf(refused.execution, "call")).toBe(`flow ${B}.child not found`);
    expect(errorOf(missing.execution, "call")).toBe(`flow ${B}.nope not found`);
    expect(errorOf(ownMissing.execution, "call")).toBe(`flow ${A}.nope not found`);
    expect(await executionsOf(B, "child")).toHaveLength(0);

    const below = await runFlow(t.deps, subflow("to_sub", `${A}.sub`), t.executor);
    expect(below.execution.state).toBe("SUCCESS");
    expect(below.execution.taskRuns[0].outputs).toMatchObject({
      state: "SUCCESS",
      outputs: { where: `${A}.sub for ${A}` },
    });

    await allow(B, A);
    const allowed = await runFlow(t.deps, subflow("to_b", B), t.executor);
    expect(allowed.execution.state).toBe("SUCCESS");
    expect(allowed.execution.taskRuns[0].outputs).toMatchObject({
      state: "SUCCESS",
      outputs: { where: `${B} for ${A}` },
    });
    expect(await executionsOf(B, "child")).toHaveLength(1);
    // Taken back: refused again at once.
    await allow(B);
    expect(errorOf((await runFlow(t.deps, subflow("to_b", B), t.executor)).execution, "call")).toBe(
      `flow ${B}.child not found`,
    );
  });

  it("ForEachItem into team.b fails as for a missing flow and starts no batch; into team.a.sub, or with team.b's allowance, each batch runs", async () => {
    const refused = await runFlow(t.deps, forEachItem("each_b", B), t.executor);
    const missing = await runFlow(t.deps, forEachItem("each_missing", B, "nope"), t.executor);
    expect(refused.execution.state).toBe("FAILED");
    expect(errorOf(refused.execution, "each")).toBe(`flow ${B}.child not found`);
    expect(errorOf(missing.execution, "each")).toBe(`flow ${B}.nope not found`);
    const before = (await executionsOf(B, "child")).length;

    const below = await runFlow(t.deps, forEachItem("each_sub", `${A}.sub`), t.executor);
    expect(below.execution.state).toBe("SUCCESS");
    expect(below.execution.taskRuns.find((r) => r.taskId === "each")!.outputs).toMatchObject({
      numberOfBatches: 2,
      iterations: { SUCCESS: 2 },
    });

    expect(await executionsOf(B, "child")).toHaveLength(before);
    await allow(B, A);
    const allowed = await runFlow(t.deps, forEachItem("each_b", B), t.executor);
    expect(allowed.execution.state).toBe("SUCCESS");
    expect(await executionsOf(B, "child")).toHaveLength(before + 2);
    await allow(B);
  });
});

describe("A Flow trigger hears only the namespaces its flow may reach", () => {
  const A = "x18.ft.team.a";
  const B = "x18.ft.team.b";
  // The listener without conditions lives apart: in A it would also hear the other listeners' runs.
  const C = "x18.ft.team.c";

  it("a team.a listener on team.b's executions (any condition form) does not fire; with team.b's allowance it does, and stops when it is taken back", async () => {
    const listener = (namespace: string, id: string, trigger: string) =>
      `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "heard {{ trigger.executionId }} {{ trigger.state }} {{ trigger.outputs.where }}"\ntriggers:\n  - id: listen\n    type: io.kestra.plugin.core.trigger.Flow\n${trigger}`;
    const forms: Record<string, [string, string]> = {
      by_namespace: [
        A,
        `    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionNamespace\n        namespace: ${B}\n`,
      ],
      by_flow: [
        A,
        `    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: ${B}\n        flowId: child\n`,
      ],
      by_preconditions: [
        A,
        `    preconditions:\n      id: upstream\n      flows:\n        - {namespace: ${B}, flowId: child}\n`,
      ],
      unconditional: [C, ""],
    };
    for (const [id, [namespace, trigger]] of Object.entries(forms)) await save(listener(namespace, id, trigger));
    await save(child(B));
    const runUpstream = async (namespace = B) => {
      const created = await createExecution(t.deps.db, namespace, "child");
      t.executor.wake();
      const ended = await waitForEnd(t.deps, created.id);
      await t.executor.idle();
      return ended;
    };
    const heard = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(forms).map(async ([id, [namespace]]) => [id, (await executionsOf(namespace, id)).length]),
        ),
      );

    await runUpstream();
    expect(await heard()).toEqual({ by_namespace: 0, by_flow: 0, by_preconditions: 0, unconditional: 0 });

    await allow(B, A, C);
    const upstream = await runUpstream();
    expect(await heard()).toEqual({ by_namespace: 1, by_flow: 1, by_preconditions: 1, unconditional: 1 });
    const [run] = await executionsOf(A, "by_namespace");
    expect((await waitForEnd(t.deps, run.id)).state).toBe("SUCCESS");
    const lines = (await readLogs(t.deps.db, run.id, { limit: 100 })).map((l) => l.message);
    expect(lines).toContain(`heard ${upstream.id} SUCCESS ${B} for nobody`);

    // Taken back: the next execution of team.b is not heard.
    await allow(B);
    await runUpstream();
    expect(await heard()).toEqual({ by_namespace: 1, by_flow: 1, by_preconditions: 1, unconditional: 1 });
    // Its own namespace and those below it a listener hears without any allowance.
    await save(child(`${C}.sub`));
    await runUpstream(`${C}.sub`);
    expect((await heard()).unconditional).toBe(2);
  });
});

describe("execution.Resume and trigger.Toggle reach only their namespace, those below it, and those that allow it", () => {
  const A = "x18.ctl.team.a";
  const B = "x18.ctl.team.b";

  it("Resume of a paused team.b execution fails as for a missing one and leaves it paused; with team.b's allowance it resumes it", async () => {
    await save(
      `id: pause\nnamespace: ${B}\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n      - {id: who, type: STRING}\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: "resumed by {{ outputs.wait.onResume.who }}"\n`,
    );
    const paused = await createExecution(t.deps.db, B, "pause");
    t.executor.wake();
    await expect.poll(async () => (await getExecution(t.deps.db, paused.id)).state, { timeout: 20_000 }).toBe("PAUSED");
    const resumer = (executionId: string) =>
      `id: resumer\nnamespace: ${A}\ntasks:\n  - id: resume\n    type: io.kestra.plugin.core.execution.Resume\n    namespace: ${B}\n    flowId: pause\n    executionId: ${executionId}\n    inputs: {who: intruder}\n`;

    const refused = await runFlow(t.deps, resumer(paused.id), t.executor);
    expect(refused.execution.state).toBe("FAILED");
    expect(errorOf(refused.execution, "resume")).toBe(`No execution found for execution id ${paused.id}`);
    expect(errorOf((await runFlow(t.deps, resumer("no-such-execution"), t.executor)).execution, "resume")).toBe(
      "No execution found for execution id no-such-execution",
    );
    expect((await getExecution(t.deps.db, paused.id)).state).toBe("PAUSED");

    await allow(B, A);
    expect((await runFlow(t.deps, resumer(paused.id), t.executor)).execution.state).toBe("SUCCESS");
    const resumed = await waitForEnd(t.deps, paused.id);
    expect(resumed.state).toBe("SUCCESS");
    expect(resumed.taskRuns.find((r) => r.taskId === "wait")!.outputs).toEqual({ onResume: { who: "intruder" } });
    await allow(B);
  });

  it("Toggle of a team.b trigger fails as for a missing flow and leaves it on; team.a.sub's it switches", async () => {
    const scheduled = (namespace: string) =>
      `id: scheduled\nnamespace: ${namespace}\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}\ntriggers:\n  - id: schedule\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 0 1 1 *"\n`;
    await save(scheduled(B));
    await save(scheduled(`${A}.sub`));
    const disabled = async (namespace: string) =>
      (
        await t.deps.db.trigger.findUniqueOrThrow({
          where: { namespace_flowId_triggerId: { namespace, flowId: "scheduled", triggerId: "schedule" } },
        })
      ).disabled;
    const toggler = (namespace: string, flowId = "scheduled") =>
      `id: toggler\nnamespace: ${A}\ntasks:\n  - id: toggle\n    type: io.kestra.plugin.core.trigger.Toggle\n    namespace: ${namespace}\n    flowId: ${flowId}\n    trigger: schedule\n`;

    const refused = await runFlow(t.deps, toggler(B), t.executor);
    expect(refused.execution.state).toBe("FAILED");
    const unable = (flow: string) =>
      `Unable to find flow ${flow}. Make sure the flow exists and the current execution is authorized to access it.`;
    expect(errorOf(refused.execution, "toggle")).toBe(unable(`${B}.scheduled`));
    expect(errorOf((await runFlow(t.deps, toggler(B, "nope"), t.executor)).execution, "toggle")).toBe(
      unable(`${B}.nope`),
    );
    expect(await disabled(B)).toBe(false);

    expect((await runFlow(t.deps, toggler(`${A}.sub`), t.executor)).execution.state).toBe("SUCCESS");
    expect(await disabled(`${A}.sub`)).toBe(true);
    await allow(B, "*");
    expect((await runFlow(t.deps, toggler(B), t.executor)).execution.state).toBe("SUCCESS");
    expect(await disabled(B)).toBe(true);
    await allow(B);
  });
});

describe("KV store and namespace files: the namespace's own, its parents', those below it and those that allow it", () => {
  const A = "x18.kv.team.a";
  const B = "x18.kv.team.b";
  const reader = (namespace: string) =>
    `id: reader\nnamespace: ${A}\ntasks:\n  - id: set\n    type: io.kestra.plugin.core.kv.Set\n    namespace: ${namespace}\n    key: k\n    value: from-a\n  - id: get\n    type: io.kestra.plugin.core.kv.Get\n    namespace: ${namespace}\n    key: k\n  - id: fn\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ kv('k', '${namespace}') }}"\n`;

  it("kv tasks and kv() in team.a.sub work; in team.b only with team.b's allowance", async () => {
    const below = await runFlow(t.deps, reader(`${A}.sub`), t.executor);
    expect(below.execution.state).toBe("SUCCESS");
    expect(below.execution.taskRuns.map((r) => r.outputs)).toEqual([{}, { value: "from-a" }, { value: "from-a" }]);

    const refused = await runFlow(t.deps, reader(B), t.executor);
    expect(errorOf(refused.execution, "set")).toBe(
      `Cannot access the KV store. Access to '${B}' namespace is not allowed from '${A}'.`,
    );
    await allow(B, A);
    const allowed = await runFlow(t.deps, reader(B), t.executor);
    expect(allowed.execution.state).toBe("SUCCESS");
    expect(allowed.execution.taskRuns.map((r) => r.outputs)).toEqual([{}, { value: "from-a" }, { value: "from-a" }]);
    await allow(B);
  });

  it("read() of a namespace file in team.a.sub works; in team.b only with team.b's allowance", async () => {
    for (const ns of [`${A}.sub`, B])
      await new NamespaceFiles(t.deps.storage, ns, t.deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).write(
        "note.txt",
        `note of ${ns}`,
      );
    const read = (namespace: string) =>
      `id: read_file\nnamespace: ${A}\ntasks:\n  - id: fn\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ read('note.txt', namespace='${namespace}') }}"\n`;
    expect((await runFlow(t.deps, read(`${A}.sub`), t.executor)).execution.taskRuns[0].outputs).toEqual({
      value: `note of ${A}.sub`,
    });
    const refused = await runFlow(t.deps, read(B), t.executor);
    expect(errorOf(refused.execution, "fn")).toContain(
      `read('note.txt'): namespace files: the files of namespace ${B} are out of reach of a flow of ${A}`,
    );
    await allow(B, A);
    expect((await runFlow(t.deps, read(B), t.executor)).execution.taskRuns[0].outputs).toEqual({
      value: `note of ${B}`,
    });
    await allow(B);
  });
});
