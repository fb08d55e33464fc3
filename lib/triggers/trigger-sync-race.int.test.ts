import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/create-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { parseFlow } from "../flow/parse-flow";
import { saveFlow } from "../flows/save-flow";
import { createTestDeps } from "../testing/test-deps";
import { syncTriggerStates } from "../flows/trigger-state-sync";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

/** The database, but a scheduler claims the read trigger's tick right after each `trigger.findUnique`. */
function claimingAfterRead(db: Db): Db {
  const trigger = new Proxy(db.trigger, {
    get(target, prop) {
      if (prop !== "findUnique") return Reflect.get(target, prop);
      return async (args: Parameters<Db["trigger"]["findUnique"]>[0]) => {
        const row = await target.findUnique(args);
        if (row?.nextDate)
          await db.trigger.updateMany({
            where: { id: row.id, nextDate: row.nextDate },
            data: { nextDate: new Date(row.nextDate.getTime() + 60_000), lastDate: row.nextDate },
          });
        return row;
      };
    },
  });
  return new Proxy(db, { get: (target, prop) => (prop === "trigger" ? trigger : Reflect.get(target, prop)) });
}

describe("keeping trigger rows in step with flows", () => {
  it("does not write back a tick a scheduler claimed while the sync ran (it would fire twice)", async () => {
    const yaml = `id: racy\nnamespace: it.sync\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "* * * * *"\n    timezone: UTC\n`;
    await saveFlow(deps.db, yaml, { create: true });
    const before = await deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.sync" } });
    const parsed = parseFlow(yaml);
    if (!parsed.ok) throw new Error("flow does not parse");
    await syncTriggerStates(claimingAfterRead(deps.db), parsed.flow);
    const after = await deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.sync" } });
    expect(after.lastDate?.toISOString()).toBe(before.nextDate!.toISOString());
    expect(after.nextDate!.getTime()).toBe(before.nextDate!.getTime() + 60_000);
  });
});
