import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { recordInWindow } from "./flow-trigger-fire";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
  await deps.templates.close();
});

describe("a preconditions window in the database", () => {
  it("two upstream flows ending at the same moment complete the window exactly once", async () => {
    const spec = {
      id: "both",
      timeWindow: { type: "DURATION_WINDOW" as const },
      resetOnSuccess: true,
      keys: ["flow_1", "flow_2"],
    };
    const flow = { namespace: "it.window", flowId: "join" };
    for (let round = 0; round < 20; round++) {
      const now = new Date();
      const results = await Promise.all([
        recordInWindow(deps.db, flow, "t", spec, ["flow_1"], now),
        recordInWindow(deps.db, flow, "t", spec, ["flow_2"], now),
      ]);
      expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
      expect(await deps.db.triggerWindow.count({ where: { namespace: "it.window" } })).toBe(0);
    }
  });
});
