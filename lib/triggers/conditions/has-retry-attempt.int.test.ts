import { describe, expect, it } from "vitest";
import { saveFlow } from "../../flows/save-flow";
import { runFlow } from "../../testing/run-flow";
import { State } from "../../states/states";
import { useTestExecutor } from "../../testing/test-executor";

// HasRetryAttempt on the real engine: a Flow trigger hears upstream executions end, and its
// condition reads the attempts their task runs made.
const t = useTestExecutor();

const listener = (id: string, states: string) => `id: ${id}
namespace: it.retry
tasks:
  - {id: say, type: io.kestra.plugin.core.log.Log, message: "heard {{ trigger.flowId }}"}
triggers:
  - id: on_retry
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.HasRetryAttempt
        in: ${states}
`;

/** An upstream flow whose task fails on its first `failures` attempts, retried up to 3 attempts (none when `retry` is false). */
const upstream = (id: string, failures: number, retry = true) => `id: ${id}
namespace: it.retry
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < ${failures} }}"
${retry ? "    retry: {type: constant, interval: PT0.1S, maxAttempt: 3}\n" : ""}`;

const startedBy = async (flowId: string) =>
  (await t.deps.db.execution.findMany({ where: { namespace: "it.retry", flowId } })).map(
    (e) => JSON.parse(e.trigger ?? "{}") as { flowId?: string },
  );

describe("HasRetryAttempt condition", () => {
  it("fires after an execution whose task failed once then succeeded on a retry, for the states its attempts reached", async () => {
    await saveFlow(t.deps.db, listener("on_failed_attempt", "[FAILED]"), { create: true });
    await saveFlow(t.deps.db, listener("on_warning_attempt", "[WARNING]"), { create: true });

    const plain = await runFlow(t.deps, upstream("no_retry_needed", 0), t.executor);
    const failed = await runFlow(t.deps, upstream("failed_without_retry", 1, false), t.executor);
    await t.executor.idle();
    expect([plain.execution.state, failed.execution.state]).toEqual([State.SUCCESS, State.FAILED]);
    expect(await startedBy("on_failed_attempt")).toEqual([]);

    const retried = await runFlow(t.deps, upstream("retried_once", 1), t.executor);
    await t.executor.idle();
    expect(retried.execution.state).toBe(State.SUCCESS);
    expect((retried.execution.taskRuns as { attempt: number }[])[0].attempt).toBe(2);
    expect((await startedBy("on_failed_attempt")).map((trigger) => trigger.flowId)).toEqual(["retried_once"]);
    // Its attempts ended FAILED then SUCCESS: none WARNING.
    expect(await startedBy("on_warning_attempt")).toEqual([]);
  });
});
