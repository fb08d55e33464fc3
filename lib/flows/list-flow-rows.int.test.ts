import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { setTriggerDisabled } from "../triggers/trigger-state-toggle";
import { listFlowRows } from "./list-flow-rows";
import { saveFlow } from "./save-flow";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

const viewer = () => scopeOf({ role: "viewer", grants: [] }, "flow:read");

describe("the flows list", () => {
  it("shows each trigger with a schedule's next run, and none once it is switched off", async () => {
    await saveFlow(
      deps.db,
      `id: nightly\nnamespace: list.rows\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: at6\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 6 * * *"\n    timezone: UTC\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: a-long-enough-key\n`,
      { create: true },
    );
    const row = async () => (await listFlowRows(deps.db, viewer())).rows.find((r) => r.flowId === "nightly")!;
    const [schedule, webhook] = (await row()).triggers;
    expect(schedule).toMatchObject({ id: "at6", kind: "Schedule", cron: "0 6 * * *", disabled: false });
    expect(new Date(schedule.nextDate!).getUTCHours()).toBe(6);
    expect(new Date(schedule.nextDate!).getTime()).toBeGreaterThan(Date.now());
    expect(webhook).toEqual({ id: "hook", kind: "Webhook", disabled: false });

    await setTriggerDisabled(deps.db, "list.rows", "nightly", "at6", true);
    expect((await row()).triggers[0]).toEqual({ id: "at6", kind: "Schedule", cron: "0 6 * * *", disabled: true });
  });
});
