import { describe, expect, it } from "vitest";
import { getExecution } from "../executions/get-execution";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { useTestExecutor } from "../testing/test-executor";
import { runFlow, waitForEnd } from "../testing/run-flow";

const t = useTestExecutor();

/** Executions of a flow, oldest first. */
async function executionsOf(namespace: string, flowId: string) {
  return t.deps.db.execution.findMany({ where: { namespace, flowId }, orderBy: { createdAt: "asc" } });
}

/** The downstream executions started so far, each waited to its end, with its log lines. */
async function endedRunsOf(namespace: string, flowId: string) {
  const rows = await executionsOf(namespace, flowId);
  return Promise.all(
    rows.map(async (row) => ({
      execution: await waitForEnd(t.deps, row.id),
      lines: (await readLogs(t.deps.db, row.id, { limit: 1000 })).map((l) => l.message),
    })),
  );
}

const save = (yaml: string) => saveFlow(t.deps.db, yaml, { create: true });

/** Runs an upstream flow, then waits until the executor is idle: its Flow triggers have been evaluated. */
async function runUpstream(yaml: string) {
  const outcome = await runFlow(t.deps, yaml, t.executor);
  await t.executor.idle();
  return outcome;
}

describe("Flow trigger", () => {
  it("starts a flow when another ends FAILED, with trigger.executionId, trigger.state and inputs rendered from the upstream", async () => {
    await save(`id: on_failure
namespace: it.ft.a
inputs:
  - {id: upstream, type: STRING}
tasks:
  - id: report
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo "upstream {{ trigger.executionId }} ended {{ trigger.state }} in {{ trigger.namespace }}.{{ trigger.flowId }} rev {{ trigger.flowRevision }} input {{ inputs.upstream }}"
triggers:
  - id: after_extract
    type: io.kestra.plugin.core.trigger.Flow
    inputs:
      upstream: "{{ trigger.flowId }}-{{ trigger.state }}"
    preconditions:
      id: extract_failed
      flows:
        - namespace: it.ft.a
          flowId: extract
          states: [FAILED]
`);
    const ok = await runUpstream(
      `id: extract\nnamespace: it.ft.a\ntasks:\n  - id: fine\n    type: io.kestra.plugin.core.log.Log\n    message: fine\n`,
    );
    expect(ok.execution.state).toBe("SUCCESS");
    expect(await executionsOf("it.ft.a", "on_failure")).toHaveLength(0);

    const failed = await runUpstream(
      `id: extract\nnamespace: it.ft.a\ntasks:\n  - id: broken\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands:\n      - exit 3\n`,
    );
    expect(failed.execution.state).toBe("FAILED");
    const [run, ...more] = await endedRunsOf("it.ft.a", "on_failure");
    expect(more).toHaveLength(0);
    expect(run.execution.state).toBe("SUCCESS");
    expect(run.lines).toContain(
      `upstream ${failed.execution.id} ended FAILED in it.ft.a.extract rev 2 input extract-FAILED`,
    );
    const row = await t.deps.db.execution.findUniqueOrThrow({ where: { id: run.execution.id } });
    expect({ triggerType: row.triggerType, triggerId: row.triggerId }).toEqual({
      triggerType: "flow",
      triggerId: "after_extract",
    });
  });

  it("ExecutionStatus and ExecutionFlow conditions: fires for the matching flow and state only", async () => {
    await save(`id: listener
namespace: it.ft.b
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "heard {{ trigger.flowId }} {{ trigger.state }} with {{ trigger.outputs.count }}"
triggers:
  - id: listen
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
      - type: io.kestra.core.models.conditions.types.ExecutionFlowCondition
        namespace: it.ft.b
        flowId: watched
`);
    const flow = (id: string, fail: boolean) =>
      `id: ${id}\nnamespace: it.ft.b\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "${fail}"\noutputs:\n  - {id: count, type: INT, value: 7}\n`;
    expect((await runUpstream(flow("other", false))).execution.state).toBe("SUCCESS");
    expect((await runUpstream(flow("watched", true))).execution.state).toBe("FAILED");
    expect(await executionsOf("it.ft.b", "listener")).toHaveLength(0);
    const matched = await runUpstream(flow("watched", false));
    expect(matched.execution.state).toBe("SUCCESS");
    const runs = await endedRunsOf("it.ft.b", "listener");
    expect(runs.map((r) => r.lines.filter((l) => l.startsWith("heard")))).toEqual([["heard watched SUCCESS with 7"]]);
  });

  it("preconditions with two upstream flows start the flow once both have ended, then wait for both again", async () => {
    await save(`id: join
namespace: it.ft.c
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "both done, last {{ trigger.flowId }}"
triggers:
  - id: both
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: a_and_b
      timeWindow: {type: SLIDING_WINDOW, window: PT1H}
      flows:
        - {namespace: it.ft.c, flowId: a, states: [SUCCESS]}
        - {namespace: it.ft.c, flowId: b, states: [SUCCESS]}
`);
    const upstream = (id: string) =>
      `id: ${id}\nnamespace: it.ft.c\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${id}\n`;
    await runUpstream(upstream("a"));
    await runUpstream(upstream("a"));
    expect(await executionsOf("it.ft.c", "join")).toHaveLength(0);
    expect(await t.deps.db.triggerWindow.findMany({ where: { namespace: "it.ft.c" } })).toMatchObject([
      { triggerId: "both", conditionId: "a_and_b", results: '["flow_1"]' },
    ]);
    await runUpstream(upstream("b"));
    const runs = await endedRunsOf("it.ft.c", "join");
    expect(runs.map((r) => [r.execution.state, r.lines])).toEqual([["SUCCESS", ["both done, last b"]]]);
    // Reset on success: b alone does not start it again.
    expect(await t.deps.db.triggerWindow.count({ where: { namespace: "it.ft.c" } })).toBe(0);
    await runUpstream(upstream("b"));
    expect(await executionsOf("it.ft.c", "join")).toHaveLength(1);
  });

  it("a disabled trigger or flow starts nothing; a flow never triggers itself", async () => {
    const listener = (id: string, extra: string) =>
      `id: ${id}\nnamespace: it.ft.d\n${extra}tasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: any\n    type: io.kestra.plugin.core.trigger.Flow\n    ${id === "off_trigger" ? "disabled: true\n    " : ""}preconditions:\n      id: ns\n      where:\n        - id: ns\n          filters:\n            - {field: NAMESPACE, type: EQUAL_TO, value: it.ft.d}\n`;
    await save(listener("off_trigger", ""));
    await save(listener("off_flow", "disabled: true\n"));
    const self = await runUpstream(listener("selfish", ""));
    expect(self.execution.state).toBe("SUCCESS");
    // selfish ended in it.ft.d: the enabled listener would count it, but it is selfish itself.
    for (const id of ["off_trigger", "off_flow", "selfish"])
      expect(await executionsOf("it.ft.d", id), id).toHaveLength(id === "selfish" ? 1 : 0);
    expect((await getExecution(t.deps.db, self.execution.id)).state).toBe("SUCCESS");
  });
});
