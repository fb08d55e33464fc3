import { describe, expect, it } from "vitest";
import { useTestExecutor } from "../testing/test-executor";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import { createExecution } from "../executions/create-execution";

const t = useTestExecutor({ OSPREY_CONCURRENCY: "8" });

const limited = (id: string, behavior: string) => `id: ${id}
namespace: it.limit
concurrency:
  limit: 1
  behavior: ${behavior}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.6S
`;

async function startThree(flowId: string) {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await createExecution(t.deps.db, "it.limit", flowId)).id);
  t.executor.wake();
  return ids;
}

describe("a flow's concurrency limit", () => {
  it("QUEUE: one runs at a time, the others wait QUEUED and all finish", async () => {
    await saveFlow(t.deps.db, limited("queued", "QUEUE"), { create: true });
    const ids = await startThree("queued");
    let most = 0;
    let sawQueued = false;
    for (let i = 0; i < 200; i++) {
      const states = (await t.deps.db.execution.findMany({ where: { id: { in: ids } }, select: { state: true } })).map(
        (e) => e.state,
      );
      most = Math.max(most, states.filter((s) => s === "RUNNING").length);
      sawQueued ||= states.includes("QUEUED");
      if (states.every((s) => s === "SUCCESS")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sawQueued).toBe(true);
    expect(most).toBe(1);
    for (const id of ids) expect((await waitForEnd(t.deps, id)).state).toBe("SUCCESS");
    const ended = await t.deps.db.execution.findMany({
      where: { id: { in: ids } },
      orderBy: { startedAt: "asc" },
      select: { startedAt: true, endedAt: true },
    });
    for (let i = 1; i < ended.length; i++)
      expect(ended[i].startedAt!.getTime()).toBeGreaterThanOrEqual(ended[i - 1].endedAt!.getTime());
  });

  it("CANCEL and FAIL end the ones over the limit at once", async () => {
    for (const [flowId, behavior, state, message] of [
      ["cancelled", "CANCEL", "CANCELLED", "Flow is CANCELLED due to concurrency limit exceeded"],
      ["failed", "FAIL", "FAILED", "Flow is FAILED due to concurrency limit exceeded"],
    ] as const) {
      await saveFlow(t.deps.db, limited(flowId, behavior), { create: true });
      const ids = await startThree(flowId);
      const ended = await Promise.all(ids.map((id) => waitForEnd(t.deps, id)));
      expect(ended.map((e) => e.state).sort()).toEqual(["SUCCESS", state, state].sort());
      expect(ended.filter((e) => e.state === state).every((e) => e.error === message)).toBe(true);
    }
  });
});
