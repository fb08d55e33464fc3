import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra flows import Kestra's own libraries in their scripts; Osprey's default images carry its
// stand-ins (scripts/images/python/kestra.py, scripts/images/node/kestra-libs) with the same API.
const t = useTestExecutor();

describe("Kestra's script libraries in the default images", () => {
  it("Python: from kestra import Kestra gives outputs, counter and timer metrics, the logger's levels, and read() of an Ion file", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: kestra_python
namespace: it.libs
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    outputFiles: ["*.ion"]
    script: |
      from kestra import Kestra
      with open("rows.ion", "w") as f:
          f.write('{id:1,name:"a",at:2024-01-02T03:04:05Z}\\n{id:2,name:"b\\\\nc",at:null}')
      rows = Kestra.read("rows.ion")
      Kestra.outputs({"count": len(rows), "second": rows[1]["name"], "year": rows[0]["at"].year})
      Kestra.counter("rows", len(rows), {"table": "t"})
      Kestra.timer("load", 1.5)
      logger = Kestra.logger()
      logger.info("read the rows")
      logger.warning("careful")
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    const outputs = execution.taskRuns[0].outputs as { vars: Record<string, unknown>; metrics: unknown[] };
    expect(outputs.vars).toEqual({ count: 2, second: "b\nc", year: 2024 });
    expect(outputs.metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "rows", type: "counter", value: 2, tags: { table: "t" } }),
        expect.objectContaining({ name: "load", type: "timer", value: 1.5 }),
      ]),
    );
    const info = logs.find((l) => l.message.endsWith(" - read the rows"));
    const warn = logs.find((l) => l.message.endsWith(" - careful"));
    expect([info?.level, warn?.level]).toEqual(["INFO", "WARN"]);
  });

  it('Node.js: require("@kestra-io/libs") and import from it, from any folder', async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: kestra_node
namespace: it.libs
tasks:
  - id: cjs
    type: io.kestra.plugin.scripts.node.Script
    script: |
      const Kestra = require("@kestra-io/libs");
      Kestra.outputs({ sum: 1 + 2 });
      Kestra.counter("items", 5);
      Kestra.logger().error("bad thing");
  - id: esm
    type: io.kestra.plugin.scripts.node.Commands
    inputFiles:
      deep/er/main.mjs: |
        import Kestra from "@kestra-io/libs";
        Kestra.outputs({ esm: true });
    commands:
      - node deep/er/main.mjs
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    const [cjs, esm] = execution.taskRuns as { outputs: { vars: Record<string, unknown>; metrics?: unknown[] } }[];
    expect(cjs.outputs.vars).toEqual({ sum: 3 });
    expect(cjs.outputs.metrics).toEqual([expect.objectContaining({ name: "items", type: "counter", value: 5 })]);
    expect(logs.find((l) => l.message === "bad thing")?.level).toBe("ERROR");
    expect(esm.outputs.vars).toEqual({ esm: true });
  });
});
