import { describe, expect, it } from "vitest";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

const t = useTestExecutor();

describe("what a task's container used, from the engine's stats", () => {
  it("records the peak memory and CPU time of a task that holds 80 MB", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: usage
namespace: stats
tasks:
  - id: hold
    type: io.kestra.plugin.scripts.python.Script
    script: |
      import time
      block = bytearray(80_000_000)
      for i in range(0, len(block), 4096):
          block[i] = 1
      total = sum(range(3_000_000))
      time.sleep(2.5)
`,
      t.executor,
    );
    expect(execution.state).toBe("SUCCESS");
    const run = execution.taskRuns[0];
    expect(run.memoryPeakBytes).toBeGreaterThan(80_000_000);
    expect(run.memoryPeakBytes).toBeLessThan(1_000_000_000);
    expect(run.cpuSeconds).toBeGreaterThan(0);
  });
});
