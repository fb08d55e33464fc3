import { expect, it } from "vitest";
import { getExecution } from "../executions/get-execution";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's VariablesTest.recursiveVars: the server's ENV_-prefixed environment is `envs`, its
// configured globals are `globals`, for every flow.
const t = useTestExecutor({
  ENV_TEST1: "true",
  ENV_TEST2: "Pass by env",
  OSPREY_GLOBALS: JSON.stringify({ string: "string", int: 1, bool: true, nested: { int: 2 } }),
});

it("a flow reads envs and globals", async () => {
  const { execution } = await runFlow(
    t.deps,
    `id: envs-globals
namespace: it.variables
tasks:
  - id: env
    type: io.kestra.plugin.core.debug.Return
    format: "{{envs.test1}} {{envs.test2}}"
  - id: global
    type: io.kestra.plugin.core.debug.Return
    format: "{{globals.string}} {{globals.int}} {{globals.bool}} {{globals.nested.int}}"
`,
    t.executor,
  );
  const e = await getExecution(t.deps.db, execution.id);
  expect([e.state, e.error]).toEqual(["SUCCESS", null]);
  expect(e.taskRuns.map((r) => r.outputs)).toEqual([{ value: "true Pass by env" }, { value: "string 1 true 2" }]);
});
