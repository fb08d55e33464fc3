import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
});

/** A shell task printing one `::{"outputs":{"big":"xxx…"}}::` line holding `chars` x's, then a task reading it. */
const flow = (id: string, chars: number) => `id: ${id}
namespace: it.outputs
tasks:
  - id: print
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - printf '::{"outputs":{"big":"'; head -c ${chars} /dev/zero | tr '\\0' x; printf '"}}::\\n'; echo done
  - id: read
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo "read {{ outputs.print.vars.big | length }}"
`;

describe("a script task's ::{outputs}:: line longer than an ordinary log line", () => {
  it("of 100 KB: the task gets its outputs (the line is not cut at 64 KB)", async () => {
    const { execution, logs } = await runFlow(deps, flow("outputs_100k", 100_000));
    expect(execution.state, JSON.stringify(logs.map((l) => l.message.slice(0, 120)))).toBe("SUCCESS");
    expect((execution.taskRuns[0].outputs as { vars: { big: string } }).vars.big.length).toBe(100_000);
    expect(logs.map((l) => l.message)).toContain("read 100000");
    expect(logs.some((l) => l.message.startsWith("::{"))).toBe(false);
  });

  it("over OSPREY_MAX_OUTPUTS_LINE_BYTES (1 MB): the task fails naming the limit and the size the line had", async () => {
    const { execution, logs } = await runFlow(deps, flow("outputs_2m", 2_000_000));
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns).toHaveLength(1);
    const error = execution.taskRuns[0].error ?? "";
    // 21 characters before the x's and 5 after them.
    expect(error).toMatch(
      /of 1\.91 MB \(2,000,026 bytes\) is longer than 1 MB \(1,048,576 bytes\).*\(OSPREY_MAX_OUTPUTS_LINE_BYTES\)/,
    );
    // Said in the log too, where the line was, and the rest of the output is still there.
    expect(logs.some((l) => l.level === "ERROR" && l.message === error)).toBe(true);
    expect(logs.map((l) => l.message)).toContain("done");
  });
});
