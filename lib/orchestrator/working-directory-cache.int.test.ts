import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

const t = useTestExecutor();

// A WorkingDirectory's cache on the real engine: kept per ForEach value, dropped past its ttl.
const flow = (ttl: string) => `id: wd_cache_${ttl.toLowerCase()}
namespace: it.wdcache
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    tasks:
      - id: wd
        type: io.kestra.plugin.core.flow.WorkingDirectory
        cache: {patterns: ["*.txt"], ttl: ${ttl}}
        tasks:
          - id: found
            type: io.kestra.plugin.scripts.shell.Commands
            docker: {image: "osprey/shell:latest"}
            commands:
              - echo "::{\\"outputs\\":{\\"seen\\":\\"$(cat kept.txt 2>/dev/null || echo none)\\"}}::"
              - echo "{{ taskrun.value }} at {{ execution.id }}" > kept.txt
`;

const seen = (execution: { taskRuns: { taskId: string; value: string | null; outputs: unknown }[] }) =>
  execution.taskRuns
    .filter((r) => r.taskId === "found")
    .map((r) => (r.outputs as { vars: { seen: string } }).vars.seen.split(" at ")[0])
    .sort();

describe("WorkingDirectory cache", () => {
  it("gives each ForEach value its own cache back on the next run", async () => {
    const first = await runFlow(t.deps, flow("PT1H"), t.executor);
    expect(first.execution.state).toBe(State.SUCCESS);
    expect(seen(first.execution)).toEqual(["none", "none"]);
    const second = await runFlow(t.deps, flow("PT1H"), t.executor);
    expect(seen(second.execution)).toEqual(["a", "b"]);
    expect(second.logs.some((l) => l.message === "1 cached file restored")).toBe(true);
  });

  it("drops a cache older than its ttl", async () => {
    await runFlow(t.deps, flow("PT1S"), t.executor);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = await runFlow(t.deps, flow("PT1S"), t.executor);
    expect(seen(later.execution)).toEqual(["none", "none"]);
    expect(later.logs.some((l) => l.message === "the cache is older than its ttl: dropped")).toBe(true);
  });
});
