import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createExecution } from "../executions/create-execution";
import { moveExecution } from "../executions/move-execution";
import { saveFlow } from "../flows/save-flow";
import { State, type TState } from "../states/states";
import { createTestDeps, useTestDeps } from "../testing/test-deps";
import { listenForFlowTriggers } from "./flow-trigger-listen";

// Two servers on one database: this file's client, and a second client of the same database.
const t = useTestDeps();
let other: ExecutorDeps;
beforeAll(async () => {
  other = await createTestDeps({ DATABASE_URL: t.deps.config.DATABASE_URL });
});
afterAll(async () => {
  await other.db.$disconnect();
  await other.templates.close();
});

const NS = "it.ft.once";

describe("Flow triggers across servers", () => {
  it("each state change starts a listening flow once, by the server that made it: the other server making the same move starts nothing", async () => {
    await saveFlow(
      t.deps.db,
      `id: upstream\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
      { create: true },
    );
    await saveFlow(
      t.deps.db,
      `id: listener
namespace: ${NS}
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.state }}"
triggers:
  - id: every_move
    type: io.kestra.plugin.core.trigger.Flow
    states: [RUNNING, PAUSED, SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: ${NS}
        flowId: upstream
`,
      { create: true },
    );
    // Each server listens to the moves made through its own client; a second listener on one client is not told again.
    const stops = [listenForFlowTriggers(t.deps), listenForFlowTriggers(other), listenForFlowTriggers(t.deps)];
    try {
      const { id } = await createExecution(t.deps.db, NS, "upstream");
      // Both servers make each move, one after the other (two SQLite clients in one process must not
      // write at once): the first moves it, the second's compare-and-set finds it moved.
      const both = async (first: ExecutorDeps, from: TState, to: TState) => {
        const second = first === t.deps ? other : t.deps;
        const moved = [
          await moveExecution(first, id, { from: [from], to }),
          await moveExecution(second, id, { from: [from], to }),
        ];
        expect(moved, `${from} → ${to}`).toEqual([1, 0]);
      };
      await both(t.deps, State.CREATED, State.RUNNING);
      await both(other, State.RUNNING, State.PAUSED);
      await both(t.deps, State.PAUSED, State.RUNNING);
      await both(other, State.RUNNING, State.SUCCESS);
      // Told in the move itself: every execution it starts exists once the move returns.
      const started = await t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "listener" } });
      const heard = started.map((e) => JSON.parse(e.trigger ?? "{}") as { executionId: string; state: string });
      expect(heard.every((h) => h.executionId === id)).toBe(true);
      expect(heard.map((h) => h.state).sort()).toEqual([State.PAUSED, State.RUNNING, State.RUNNING, State.SUCCESS]);
    } finally {
      for (const stop of stops) stop();
    }
  });
});
