import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "./create-execution";
import { Executor } from "../orchestrator/executor";
import { killExecution } from "./kill-execution";

const t = useTestExecutor();

describe("a kill asked on another server", () => {
  it("stops the task on the server that runs it, through the database", async () => {
    await saveFlow(
      t.deps.db,
      `id: long\nnamespace: kill.across\ntasks:\n  - id: wait\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["sleep 60"]\n`,
      { create: true },
    );
    const { id } = await createExecution(t.deps.db, "kill.across", "long");
    t.executor.wake();
    // Up to 60 s: on a loaded 2-core machine (images building beside) a container may take a while.
    for (let i = 0; i < 600; i++) {
      const run = await t.deps.db.taskRun.findFirst({ where: { executionId: id } });
      if (run?.containerId) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The server the kill reaches does not run the execution: its own executor has nothing to abort.
    const otherServer = new Executor(t.deps);
    expect(otherServer.kill(id)).toBe(false);
    expect(await killExecution(t.deps.db, otherServer, id, "bob@example.com")).toEqual({ state: "KILLING" });

    const execution = await waitForEnd(t.deps, id, 60_000);
    expect(execution.state).toBe(State.KILLED);
    expect(execution.killedBy).toBe("bob@example.com");
    expect(execution.taskRuns[0].state).toBe(State.KILLED);
  });

  it("a killed parent's Subflow child is killed through the database too, wherever the child runs", async () => {
    await saveFlow(
      t.deps.db,
      `id: slow_child\nnamespace: kill.across\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT60S\n`,
      { create: true },
    );
    await saveFlow(
      t.deps.db,
      `id: parent\nnamespace: kill.across\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: kill.across\n    flowId: slow_child\n`,
      { create: true },
    );
    const { id } = await createExecution(t.deps.db, "kill.across", "parent");
    t.executor.wake();
    let childId: string | undefined;
    await expect
      .poll(
        async () =>
          (childId = (await t.deps.db.execution.findFirst({ where: { flowId: "slow_child", state: State.RUNNING } }))
            ?.id),
        { timeout: 30_000 },
      )
      .toBeTruthy();
    expect(await killExecution(t.deps.db, t.executor, id, "bob@example.com")).toEqual({ state: "KILLING" });
    const parent = await waitForEnd(t.deps, id, 30_000);
    expect(parent.state).toBe(State.KILLED);
    const child = await waitForEnd(t.deps, childId!, 30_000);
    expect(child.state).toBe(State.KILLED);
    // Written on the child, so the server running it (any server) stops it: the one kill path.
    expect(child.killedBy).toBe(`its parent ${id}`);
  });
});
