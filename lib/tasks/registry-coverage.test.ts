import { describe, expect, it } from "vitest";
import { flowableOf } from "../engine/flowables";
import { findTaskDefinition, TASK_DEFINITIONS } from "../flow/task-types";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { engineLeafRunner } from "./engine-leaves";

/**
 * Every task type the flow schema accepts (and so the editor offers) runs: a flowable the engine
 * arranges, a worker's definition (scripts, Log, Build), or a leaf the engine carries out itself.
 * A schema added without its run code fails here, not on a user's first run.
 */
describe("every accepted task type has its run", () => {
  const session = { tasks: new Map(), execution: { namespace: "ns", flowId: "f" } } as unknown as ExecutionSession;
  const run = { taskId: "t", value: null, outputs: null } as unknown as StoredRun;

  it.each(TASK_DEFINITIONS.map((d) => [d.type, d.kind]))("%s (%s)", (type, kind) => {
    const runs =
      flowableOf({ type }) !== undefined ||
      findTaskDefinition(type) !== undefined ||
      engineLeafRunner(type, session, run) !== undefined;
    // A Pause is a leaf unless it has tasks: both forms must run.
    if (kind === "flowable" && type.endsWith(".Pause")) {
      expect(engineLeafRunner(type, session, run)).toBeDefined();
      expect(flowableOf({ type, tasks: [{ id: "a", type: "x" }] })).toBeDefined();
    }
    expect(runs, type).toBe(true);
  });
});
