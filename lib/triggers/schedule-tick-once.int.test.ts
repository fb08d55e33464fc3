import { describe, expect, it } from "vitest";
import type { Db } from "../db/create-client";
import { saveFlow } from "../flows/save-flow";
import { useTestDeps } from "../testing/test-deps";
import { Scheduler } from "./scheduler";

const t = useTestDeps();

/**
 * The database, but the first call of `model.method` never returns, as if the process died (or
 * froze for good) right there; `reached` resolves once it has been called. With `error`, the call
 * fails with it instead (what a starved database answers: busy, timed out).
 */
function stoppingAt(
  db: Db,
  model: "execution" | "trigger",
  method: string,
  error?: Error,
): { db: Db; reached: Promise<void> } {
  let stopped = false;
  let reach = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const delegate = new Proxy(db[model], {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== method || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (stopped) return value.apply(target, args);
        stopped = true;
        reach();
        return error ? Promise.reject(error) : new Promise(() => {});
      };
    },
  });
  return {
    db: new Proxy(db, { get: (target, prop) => (prop === model ? delegate : Reflect.get(target, prop)) }),
    reached,
  };
}

async function hourlyFlow(flowId: string) {
  const yaml = `id: ${flowId}\nnamespace: it.once\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 * * * *"\n    timezone: UTC\n`;
  await saveFlow(t.deps.db, yaml, { create: true });
  await t.deps.db.trigger.updateMany({
    where: { namespace: "it.once", flowId },
    data: { nextDate: new Date("2026-01-01T10:00:00Z") },
  });
}

const datesOf = async (flowId: string) =>
  (await t.deps.db.execution.findMany({ where: { namespace: "it.once", flowId }, select: { trigger: true } })).map(
    (e) => (JSON.parse(e.trigger!) as { date: string }).date,
  );

describe("a schedule tick interrupted between its claim and its execution", () => {
  const now = () => new Date("2026-01-01T10:00:05Z");
  const log = (m: string) => console.log(`[sched] ${m}`);
  const nextDateOf = async (flowId: string) =>
    (await t.deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.once", flowId } })).nextDate?.toISOString();

  it("is fired once by another scheduler when the first one died creating its execution", async () => {
    await hourlyFlow("dies_creating");
    const dying = stoppingAt(t.deps.db, "execution", "create");
    void new Scheduler({ db: dying.db, now, log }).pass();
    await dying.reached;
    await new Scheduler({ db: t.deps.db, now, log }).pass();
    expect(await datesOf("dies_creating")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await nextDateOf("dies_creating")).toBe("2026-01-01T11:00:00.000Z");
  });

  it("is fired once, not twice, when the first scheduler died moving the trigger on", async () => {
    await hourlyFlow("dies_moving_on");
    const dying = stoppingAt(t.deps.db, "trigger", "updateMany");
    void new Scheduler({ db: dying.db, now, log }).pass();
    await dying.reached;
    await new Scheduler({ db: t.deps.db, now, log }).pass();
    await new Scheduler({ db: t.deps.db, now, log }).pass();
    expect(await datesOf("dies_moving_on")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await nextDateOf("dies_moving_on")).toBe("2026-01-01T11:00:00.000Z");
  });

  it("is fired at the next pass when the database did not take its execution (busy under load)", async () => {
    await hourlyFlow("database_busy");
    const busy = stoppingAt(
      t.deps.db,
      "execution",
      "create",
      Object.assign(new Error("injected: database is locked"), { code: "SQLITE_BUSY" }),
    );
    const scheduler = new Scheduler({ db: busy.db, now, log });
    await scheduler.pass();
    expect(await datesOf("database_busy")).toEqual([]);
    expect(await nextDateOf("database_busy")).toBe("2026-01-01T10:00:00.000Z");
    await scheduler.pass();
    expect(await datesOf("database_busy")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await nextDateOf("database_busy")).toBe("2026-01-01T11:00:00.000Z");
  });
});
