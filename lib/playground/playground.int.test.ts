import { describe, expect, it } from "vitest";
import type { NamespaceScope } from "../auth/namespace-roles";
import { ExecutionKind } from "../execution-kind/execution-kind";
import { createExecution } from "../executions/create-execution";
import { killExecution } from "../executions/kill-execution";
import { searchExecutions } from "../executions/search-executions";
import { readFileByUri } from "../files/output-files";
import { saveFlow } from "../flows/save-flow";
import { collectMetrics } from "../metrics/collect-metrics";
import { namespaceOverview } from "../namespaces/namespace-overview";
import { dashboardStats } from "../stats/dashboard-stats";
import { ENDED, State } from "../states/states";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import type { TPlaygroundRun } from "./playground-request";
import { runInPlayground } from "./run-in-playground";
import { sweepPlayground } from "./sweep-playground";

// The playground on the real engine, database and storage: runs of an unsaved flow cut at one task,
// reusing earlier playground runs, kept out of everything that counts or lists real runs, swept.
const t = useTestExecutor();
const EVERYWHERE: NamespaceScope = { everywhere: true, allows: () => true };
const ME = "dev@playground.test";
type Run = { taskId: string; state: string; outputs: Record<string, unknown> | null; startedAt: Date | null };

/** A flow never saved: a file, a value unique to the execution that computed it, one made from both. */
const draft = (ns: string, id: string, firstFormat = "{{ execution.id }}") => `id: ${id}
namespace: ${ns}
tasks:
  - id: w
    type: io.kestra.plugin.core.storage.Write
    content: hello
    extension: .txt
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: "${firstFormat}"
  - id: second
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.first.value }}-second"
  - id: third
    type: io.kestra.plugin.core.log.Log
    message: never in the playground's cut
`;

async function play(ns: string, id: string, request: Partial<TPlaygroundRun> & { source: string; taskId: string }) {
  const made = await runInPlayground(
    { db: t.deps.db, storage: t.deps.storage },
    ns,
    id,
    { mode: "upTo", inputs: {}, ...request },
    ME,
  );
  t.executor.wake();
  return { made, ended: await waitForEnd(t.deps, made.id) };
}
/** The execution's state once it stops moving: PAUSED (or an end), read every 50 ms for at most 20 s. */
async function stateOnceSettled(id: string): Promise<string> {
  for (let i = 0; ; i++) {
    const { state } = await t.deps.db.execution.findUniqueOrThrow({ where: { id } });
    if (state === State.PAUSED || ENDED.has(state) || i >= 400) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const runsOf = (execution: { taskRuns: unknown[] }) => execution.taskRuns as Run[];
const runOf = (execution: { taskRuns: unknown[] }, taskId: string) =>
  runsOf(execution).find((r) => r.taskId === taskId)!;

describe("playground runs", () => {
  it("run the second task alone: the first's outputs and files come from the earlier playground run", async () => {
    const source = draft("it.play.reuse", "draft");
    const upTo = await play("it.play.reuse", "draft", { source, taskId: "first" });
    expect(upTo.ended.state).toBe(State.SUCCESS);
    expect(upTo.made.kind).toBe(ExecutionKind.PLAYGROUND);
    expect(runsOf(upTo.ended).map((r) => r.taskId)).toEqual(["w", "first"]);
    expect(runOf(upTo.ended, "first").outputs?.value).toBe(upTo.made.id);

    const alone = await play("it.play.reuse", "draft", { source, taskId: "second", mode: "task" });
    expect(alone.ended.state).toBe(State.SUCCESS);
    expect(alone.made.reusedFrom).toBe(upTo.made.id);
    // `first` was not run again (it would have returned this execution's id): its output is the earlier run's.
    expect(runOf(alone.ended, "second").outputs?.value).toBe(`${upTo.made.id}-second`);
    expect(runOf(alone.ended, "first").startedAt).toEqual(runOf(upTo.ended, "first").startedAt);
    expect(runsOf(alone.ended).map((r) => r.taskId)).toEqual(["w", "first", "second"]);
    // The file is the new execution's own copy.
    const uri = String(runOf(alone.ended, "w").outputs?.uri);
    expect(uri).toContain(`executions/${alone.made.id}/`);
    expect((await readFileByUri(t.deps, alone.made.id, uri)).content.toString()).toBe("hello");
  });

  it("running a task alone without an earlier run, or after a task before it changed, is refused with what to do", async () => {
    const source = draft("it.play.refuse", "draft");
    await expect(play("it.play.refuse", "draft", { source, taskId: "second", mode: "task" })).rejects.toThrow(
      /no playground run of yours has run w, first successfully yet: run up to second instead/,
    );
    await play("it.play.refuse", "draft", { source, taskId: "first" });
    const edited = draft("it.play.refuse", "draft", "{{ execution.id }}!");
    await expect(play("it.play.refuse", "draft", { source: edited, taskId: "second", mode: "task" })).rejects.toThrow(
      /task first changed since the playground run that ran it: run up to second/,
    );
    await expect(play("it.play.refuse", "draft", { source, taskId: "nope" })).rejects.toThrow(/top-level tasks/);
    await expect(play("it.play.other", "draft", { source, taskId: "first" })).rejects.toThrow(
      /the YAML names it.play.refuse.draft/,
    );
    const subflow = `id: draft\nnamespace: it.play.refuse\ntasks:\n  - id: child\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: it.play.refuse\n    flowId: other\n`;
    await expect(play("it.play.refuse", "draft", { source: subflow, taskId: "child" })).rejects.toThrow(
      /would start real executions of another flow/,
    );
  });

  it("are not in the executions search, the dashboard, a namespace's overview, /metrics or the run totals, and fire no Flow trigger", async () => {
    const ns = "it.play.apart";
    await saveFlow(
      t.deps.db,
      `id: listener\nnamespace: ${ns}\ntasks:\n  - id: heard\n    type: io.kestra.plugin.core.log.Log\n    message: heard\ntriggers:\n  - id: on_up\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: up\n      flows:\n        - namespace: ${ns}\n          flowId: up\n`,
      { create: true },
    );
    const source = `id: up\nnamespace: ${ns}\ntasks:\n  - id: one\n    type: io.kestra.plugin.core.log.Log\n    message: one\n`;
    const { made } = await play(ns, "up", { source, taskId: "one" });
    await t.executor.idle();
    const heard = () => t.deps.db.execution.count({ where: { namespace: ns, flowId: "listener" } });
    expect(await heard()).toBe(0);
    const search = await searchExecutions(t.deps.db, { page: 1, size: 100, namespace: ns }, EVERYWHERE);
    expect(search.results.map((r) => r.id)).not.toContain(made.id);
    const stats = await dashboardStats(t.deps.db, { range: "24h", utcOffsetMinutes: 0 }, EVERYWHERE);
    const overview = await namespaceOverview(t.deps.db, [ns]);
    expect(overview.recent.map((r) => r.id)).not.toContain(made.id);
    const executionsGauge = async () =>
      (await collectMetrics(t.deps.db))
        .find((f) => f.name === "osprey_executions")!
        .samples.reduce((n, s) => n + s.value, 0);
    const gauge = await executionsGauge();
    expect(await t.deps.db.runTotal.count({ where: { namespace: ns } })).toBe(0);

    // The same flow saved and run for real: listed, counted, and its Flow trigger fires.
    await saveFlow(t.deps.db, source, { create: true });
    const real = await createExecution(t.deps.db, ns, "up");
    t.executor.wake();
    await waitForEnd(t.deps, real.id);
    await t.executor.idle();
    expect(await heard()).toBe(1);
    const listed = (await searchExecutions(t.deps.db, { page: 1, size: 100, namespace: ns, flowId: "up" }, EVERYWHERE))
      .results;
    expect(listed.map((r) => r.id)).toEqual([real.id]);
    const after = await dashboardStats(t.deps.db, { range: "24h", utcOffsetMinutes: 0 }, EVERYWHERE);
    // The real run and the listener's run it started: two more, the playground run never counted.
    expect(after.total).toBe(stats.total + 2);
    expect((await namespaceOverview(t.deps.db, [ns])).recent.map((r) => r.id)).toContain(real.id);
    expect((await namespaceOverview(t.deps.db, [ns])).recent.map((r) => r.id)).not.toContain(made.id);
    expect(await executionsGauge()).toBe(gauge + 2);
    expect(await t.deps.db.runTotal.count({ where: { namespace: ns } })).toBeGreaterThan(0);
  });

  it("the sweep deletes a day-old playground run with its task runs, logs and files, and keeps a fresh one", async () => {
    const source = draft("it.play.sweep", "draft");
    const old = (await play("it.play.sweep", "draft", { source, taskId: "first" })).made;
    const fresh = (await play("it.play.sweep", "draft", { source, taskId: "first" })).made;
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    await t.deps.db.execution.update({ where: { id: old.id }, data: { createdAt: twoDaysAgo } });
    const counts = async (id: string) => ({
      executions: await t.deps.db.execution.count({ where: { id } }),
      taskRuns: await t.deps.db.taskRun.count({ where: { executionId: id } }),
      logs: await t.deps.db.logChunk.count({ where: { executionId: id } }),
      files: await t.deps.db.outputFile.count({ where: { executionId: id } }),
      stored: (await t.deps.storage.listAll(`executions/${id}`)).length,
    });
    const before = await counts(old.id);
    expect(before).toMatchObject({ executions: 1, taskRuns: 2, files: 1, stored: 1 });
    expect(before.logs).toBeGreaterThan(0);

    expect(await sweepPlayground(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await counts(old.id)).toEqual({ executions: 0, taskRuns: 0, logs: 0, files: 0, stored: 0 });
    expect(await counts(fresh.id)).toMatchObject({ executions: 1, taskRuns: 2, files: 1, stored: 1 });
    // A real execution of the same age is never the sweep's.
    await saveFlow(t.deps.db, source, { create: true });
    const real = await createExecution(t.deps.db, "it.play.sweep", "draft");
    t.executor.wake();
    await waitForEnd(t.deps, real.id);
    await t.deps.db.execution.update({ where: { id: real.id }, data: { createdAt: twoDaysAgo } });
    await sweepPlayground(t.deps);
    expect(await t.deps.db.execution.count({ where: { id: real.id } })).toBe(1);
  });

  it("hold no place under the flow's concurrency limit, nor count against it themselves", async () => {
    const source = `id: limited\nnamespace: it.play.limit\nconcurrency:\n  limit: 1\n  behavior: FAIL\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n`;
    await saveFlow(t.deps.db, source, { create: true });
    const made = await runInPlayground(
      { db: t.deps.db, storage: t.deps.storage },
      "it.play.limit",
      "limited",
      { source, taskId: "wait", mode: "upTo", inputs: {} },
      ME,
    );
    t.executor.wake();
    expect(await stateOnceSettled(made.id)).toBe(State.PAUSED);
    // A real run while the playground run holds its Pause: not FAILED for the limit, it runs (and pauses too).
    const real = await createExecution(t.deps.db, "it.play.limit", "limited");
    t.executor.wake();
    expect(await stateOnceSettled(real.id)).toBe(State.PAUSED);
    // A second playground run while the real one is paused: not held back by the limit either.
    const again = await runInPlayground(
      { db: t.deps.db, storage: t.deps.storage },
      "it.play.limit",
      "limited",
      { source, taskId: "wait", mode: "upTo", inputs: {} },
      ME,
    );
    t.executor.wake();
    expect(await stateOnceSettled(again.id)).toBe(State.PAUSED);
    for (const id of [made.id, real.id, again.id]) await killExecution(t.deps.db, t.executor, id, ME);
    for (const id of [made.id, real.id, again.id]) expect((await waitForEnd(t.deps, id)).state).toBe(State.KILLED);
  });
});
