import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "./create-execution";
import { Executor } from "./executor";
import { killExecution } from "./kill-execution";

const t = useTestExecutor();

describe("a kill asked on another server", () => {
  it("stops the task on the server that runs it, through the database", async () => {
    await saveFlow(t.deps.db, `id: long\nnamespace: kill.across\ntasks:\n  - id: wait\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["sleep 60"]\n`, { create: true });
    const { id } = await createExecution(t.deps.db, "kill.across", "long");
    t.executor.wake();
    for (let i = 0; i < 300; i++) {
      const run = await t.deps.db.taskRun.findFirst({ where: { executionId: id } });
      if (run?.containerId) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The server the kill reaches does not run the execution: its own executor has nothing to abort.
    const otherServer = new Executor(t.deps);
    expect(otherServer.kill(id)).toBe(false);
    expect(await killExecution(t.deps.db, otherServer, id, "bob@example.com")).toEqual({ state: "KILLING" });

    const execution = await waitForEnd(t.deps, id, 30_000);
    expect(execution.state).toBe("KILLED");
    expect(execution.killedBy).toBe("bob@example.com");
    expect(execution.taskRuns[0].state).toBe("KILLED");
  });
});
