import { describe, expect, it } from "vitest";
import { useTestExecutor } from "../testing/test-executor";
import { readLogs } from "../logs/read-logs";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { getExecution } from "./get-execution";
import { replayExecution, restartExecution } from "./restart-execution";
import { saveFlow } from "../flows/save-flow";
import { markTaskRunAs } from "./mark-task-run";

const t = useTestExecutor();

// `check` fails while the secret says so: the "fix" between the run and the restart is a new secret value.
const flow = `id: fragile
namespace: it.restart
tasks:
  - id: first
    type: io.kestra.plugin.scripts.shell.Commands
    docker: {image: "osprey/shell:latest"}
    commands:
      - echo "first ran"
      - echo '::{"outputs":{"token":"from-first"}}::'
  - id: check
    type: io.kestra.plugin.scripts.shell.Commands
    docker: {image: "osprey/shell:latest"}
    env: {MODE: "{{ secret('MODE') }}", TOKEN: "{{ outputs.first.vars.token }}"}
    commands:
      - echo "check sees $TOKEN"
      - test "$MODE" = "fixed"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "after {{ outputs.first.vars.token }}"
`;

const messages = async (id: string) => (await readLogs(t.deps.db, id, { limit: 1000 })).map((l) => l.message);

describe("restart and replay", () => {
  it("restarts a failed execution from the failed task: earlier task runs and outputs kept, the flow finishes", async () => {
    await t.deps.secrets.set("it.restart", "MODE", "broken");
    const { execution } = await runFlow(t.deps, flow, t.executor);
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns.map((t) => [t.taskId, t.state])).toEqual([
      ["first", "SUCCESS"],
      ["check", "FAILED"],
    ]);
    const firstRun = execution.taskRuns[0];

    await t.deps.secrets.set("it.restart", "MODE", "fixed");
    await restartExecution(t.deps.db, execution.id, "tester@osprey.local");
    t.executor.wake();
    const restarted = await waitForEnd(t.deps, execution.id);
    expect(restarted.state).toBe("SUCCESS");
    expect(restarted.taskRuns.map((t) => [t.taskId, t.state])).toEqual([
      ["first", "SUCCESS"],
      ["check", "SUCCESS"],
      ["after", "SUCCESS"],
    ]);
    // The first task did not run again: same task run, one "first ran" line; its output reached the rest.
    expect(restarted.taskRuns[0]).toMatchObject({ id: firstRun.id, endedAt: firstRun.endedAt });
    const lines = await messages(execution.id);
    expect(lines.filter((m) => m === "first ran")).toHaveLength(1);
    expect(lines.filter((m) => m === "check sees from-first")).toHaveLength(2);
    expect(lines).toContain("after from-first");
    await expect(restartExecution(t.deps.db, execution.id, "tester@osprey.local")).rejects.toThrow(
      /only a FAILED or KILLED execution/,
    );
  });

  it("a restarted task run is a new attempt: taskrun.attemptsCount counts the attempts before it (Kestra's restart test)", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: count_on\nnamespace: it.restart\ntasks:\n  - id: c\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "{{ taskrun.attemptsCount == 0 }}"\n  - id: seen\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ taskrun.attemptsCount }}"\n`,
      t.executor,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0]).toMatchObject({ taskId: "c", attempt: 1 });
    await restartExecution(t.deps.db, execution.id, "tester@osprey.local");
    t.executor.wake();
    const restarted = await waitForEnd(t.deps, execution.id);
    expect(restarted.state).toBe("SUCCESS");
    expect(restarted.taskRuns.map((r) => [r.taskId, r.state, r.attempt])).toEqual([
      ["c", "SUCCESS", 2],
      ["seen", "SUCCESS", 1],
    ]);
    expect(restarted.taskRuns[1].outputs).toEqual({ value: "0" });
  });

  it("replays from a chosen task run as a new execution, copying what came before", async () => {
    await t.deps.secrets.set("it.restart", "MODE", "fixed");
    const { execution } = await runFlow(t.deps, flow, t.executor);
    expect(execution.state).toBe("SUCCESS");
    const check = execution.taskRuns.find((t) => t.taskId === "check")!;
    const replay = await replayExecution(t.deps.db, execution.id, check.id, "tester@osprey.local");
    t.executor.wake();
    const ended = await waitForEnd(t.deps, replay.id);
    expect(ended.state).toBe("SUCCESS");
    expect(ended.replayOf).toBe(execution.id);
    expect(ended.taskRuns.map((t) => t.taskId)).toEqual(["first", "check", "after"]);
    // `first` was copied (with its outputs), not run: the new execution logged nothing for it.
    const lines = await messages(replay.id);
    expect(lines).not.toContain("first ran");
    expect(lines).toContain("check sees from-first");
    expect((await getExecution(t.deps.db, execution.id)).taskRuns).toHaveLength(3);
    await expect(replayExecution(t.deps.db, execution.id, "no-such-run", "t")).rejects.toThrow(/not part of execution/);
  });

  it("restarts onto another revision of the flow, and replays onto an older one (Kestra's `revision`)", async () => {
    const v1 = `id: revised\nnamespace: it.restart\ntasks:\n  - id: step\n    type: io.kestra.plugin.core.execution.Fail\n`;
    const { execution } = await runFlow(t.deps, v1, t.executor);
    expect([execution.state, execution.flowRevision]).toEqual(["FAILED", 1]);
    const v2 = v1.replace(
      "io.kestra.plugin.core.execution.Fail",
      "io.kestra.plugin.core.debug.Return\n    format: fixed",
    );
    await saveFlow(t.deps.db, v2, { create: false, namespace: "it.restart", id: "revised" });

    await restartExecution(t.deps.db, execution.id, "tester@osprey.local", 2);
    t.executor.wake();
    const restarted = await waitForEnd(t.deps, execution.id);
    expect([restarted.state, restarted.flowRevision, restarted.taskRuns[0].outputs]).toEqual([
      "SUCCESS",
      2,
      { value: "fixed" },
    ]);

    const replay = await replayExecution(t.deps.db, execution.id, undefined, "tester@osprey.local", 1);
    t.executor.wake();
    expect(await waitForEnd(t.deps, replay.id)).toMatchObject({ state: "FAILED", flowRevision: 1 });
    await expect(replayExecution(t.deps.db, execution.id, undefined, "t", 9)).rejects.toThrow(/has no revision 9/);
  });

  it("a failed task run marked SUCCESS by hand lets the execution go on; its error handler's run is gone (Kestra's markAs)", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: marked\nnamespace: it.restart\ntasks:\n  - id: broken\n    type: io.kestra.plugin.core.execution.Fail\n  - id: next\n    type: io.kestra.plugin.core.debug.Return\n    format: "after {{ tasks.broken.state }}"\nerrors:\n  - id: handler\n    type: io.kestra.plugin.core.log.Log\n    message: handled\n`,
      t.executor,
    );
    expect(execution.taskRuns.map((r) => [r.taskId, r.state])).toEqual([
      ["broken", "FAILED"],
      ["handler", "SUCCESS"],
    ]);
    await expect(markTaskRunAs(t.deps.db, execution.id, "nope", "SUCCESS", "t")).rejects.toThrow(/not part of/);
    await markTaskRunAs(t.deps.db, execution.id, execution.taskRuns[0].id, "SUCCESS", "tester@osprey.local");
    t.executor.wake();
    const ended = await waitForEnd(t.deps, execution.id);
    expect(ended.state).toBe("SUCCESS");
    expect(ended.taskRuns.map((r) => [r.taskId, r.state, r.outputs])).toEqual([
      ["broken", "SUCCESS", {}],
      ["next", "SUCCESS", { value: "after SUCCESS" }],
    ]);
    await expect(markTaskRunAs(t.deps.db, execution.id, ended.taskRuns[0].id, "FAILED", "t")).resolves.toMatchObject({
      state: "CREATED",
    });
    t.executor.wake();
    expect((await waitForEnd(t.deps, execution.id)).state).toBe("FAILED");
  });
});
