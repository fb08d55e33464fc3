import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { State } from "../states/states";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

const t = useTestExecutor();
const NS = "it.ft.upstream";

describe("a Flow trigger reads its upstream execution", () => {
  it("renders inputs and labels from the upstream's task outputs, inputs, labels, vars and execution; a required input not given is left null and said in the log", async () => {
    await saveFlow(
      t.deps.db,
      `id: sink
namespace: ${NS}
inputs:
  - {id: summary, type: STRING}
  - {id: note, type: STRING}
tasks:
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "sink got {{ inputs.summary }}"
triggers:
  - id: after_source
    type: io.kestra.plugin.core.trigger.Flow
    labels:
      origin: "{{ labels.team }}-{{ trigger.state }}"
    inputs:
      summary: "{{ outputs.make.value }}|{{ inputs.size }}|{{ labels.team }}|{{ vars.region }}|{{ execution.id }}|{{ flow.id }}|{{ trigger.flowId }}|{{ trigger.state }}"
    preconditions:
      id: from_data_team
      where:
        - id: labelled
          filters:
            - {field: FLOW_ID, type: EQUAL_TO, value: source}
            - {field: EXPRESSION, type: IS_TRUE, value: "{{ labels.team == 'data' }}"}
`,
      { create: true },
    );
    const { execution: source } = await runFlow(
      t.deps,
      `id: source
namespace: ${NS}
labels: {team: data}
variables: {region: eu}
inputs:
  - {id: size, type: INT, defaults: 3}
tasks:
  - id: make
    type: io.kestra.plugin.core.debug.Return
    format: "made {{ inputs.size }}"
`,
      t.executor,
    );
    expect(source.state).toBe(State.SUCCESS);
    await t.executor.idle();
    const [sink, ...more] = await t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "sink" } });
    expect(more).toHaveLength(0);
    expect((await waitForEnd(t.deps, sink.id)).state).toBe(State.SUCCESS);
    expect(JSON.parse(sink.inputs ?? "{}")).toEqual({
      summary: `made 3|3|data|eu|${source.id}|sink|source|SUCCESS`,
      note: null,
    });
    expect(JSON.parse(sink.labels ?? "[]")).toContainEqual({ key: "origin", value: "data-SUCCESS" });
    const lines = (await readLogs(t.deps.db, sink.id, { limit: 100 })).map((l) => [l.level, l.message]);
    expect(lines).toContainEqual([
      "WARN",
      "required input note not given by Flow trigger after_source: the execution starts with it unset (null), as Kestra starts it",
    ]);
    expect(lines).toContainEqual(["INFO", `sink got made 3|3|data|eu|${source.id}|sink|source|SUCCESS`]);
  });
});
