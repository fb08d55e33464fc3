import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { deleteFlow } from "../flows/delete-flow";
import { saveFlow } from "../flows/save-flow";
import { createTestDeps } from "../testing/test-deps";
import { setBackfillPaused, startBackfill } from "./backfill";
import { searchTriggerStates } from "./trigger-state-search";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
  await deps.templates.close();
});

const flow = (ns: string, id: string, triggers: string) =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}\ntriggers:\n${triggers}`;
const daily = (id: string, cron = "0 9 * * *") =>
  `  - id: ${id}\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "${cron}"\n    timezone: UTC\n`;
const hook = `  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k3y\n`;
const rowsOf = (namespace: string) => deps.db.trigger.findMany({ where: { namespace }, orderBy: { triggerId: "asc" } });
const everywhere = { everywhere: true, allows: () => true };

describe("trigger state follows its flow", () => {
  it("save creates a row per trigger (next tick for a schedule only); an unchanged cron keeps its tick, a changed one moves; removed and deleted go", async () => {
    await saveFlow(deps.db, flow("it.state", "f", daily("a") + daily("b") + hook), { create: true });
    const first = await rowsOf("it.state");
    expect(first.map((r) => [r.triggerId, r.type.split(".").pop(), r.nextDate !== null])).toEqual([
      ["a", "Schedule", true],
      ["b", "Schedule", true],
      ["hook", "Webhook", false],
    ]);
    expect(first[0].nextDate!.toISOString()).toMatch(/T09:00:00\.000Z$/);
    // Pretend `a` already ran up to a tick: a save that keeps its cron keeps that tick.
    const kept = new Date("2026-01-05T09:00:00Z");
    await deps.db.trigger.update({ where: { id: first[0].id }, data: { nextDate: kept } });
    await saveFlow(deps.db, flow("it.state", "f", daily("a") + daily("b", "30 18 * * *")), {
      create: false,
      namespace: "it.state",
      id: "f",
    });
    const second = await rowsOf("it.state");
    expect(second.map((r) => r.triggerId)).toEqual(["a", "b"]);
    expect(second[0].nextDate).toEqual(kept);
    expect(second[1].nextDate!.toISOString()).toMatch(/T18:30:00\.000Z$/);
    await deleteFlow(deps.db, "it.state", "f");
    expect(await rowsOf("it.state")).toEqual([]);
  });

  it("search answers Kestra's shape, filtered by what the person may see, by namespace prefix and text", async () => {
    await saveFlow(deps.db, flow("it.seen.a", "one", daily("s") + hook), { create: true });
    await saveFlow(deps.db, flow("it.hidden", "two", daily("s")), { create: true });
    const onlySeen = { everywhere: false, allows: (ns: string) => ns.startsWith("it.seen") };
    const seen = await searchTriggerStates(deps.db, { page: 1, size: 50 }, onlySeen);
    expect(
      seen.results.map((r) => `${r.triggerContext.namespace}.${r.triggerContext.flowId}.${r.triggerContext.triggerId}`),
    ).toEqual(["it.seen.a.one.hook", "it.seen.a.one.s"]);
    const schedule = seen.results[1];
    expect(schedule.abstractTrigger).toMatchObject({
      cron: "0 9 * * *",
      timezone: "UTC",
      recoverMissedSchedules: "ALL",
      withSeconds: false,
    });
    expect(schedule.triggerContext).toMatchObject({
      disabled: false,
      date: null,
      backfill: null,
      nextExecutionDate: expect.stringMatching(/T09:00:00\.000Z$/),
    });
    expect((await searchTriggerStates(deps.db, { page: 1, size: 50, namespace: "it.seen" }, everywhere)).total).toBe(2);
    // A prefix is a whole namespace segment: `it.se` is not `it.seen`.
    expect((await searchTriggerStates(deps.db, { page: 1, size: 50, namespace: "it.se" }, everywhere)).total).toBe(0);
    expect(
      (await searchTriggerStates(deps.db, { page: 1, size: 50, q: "TWO" }, everywhere)).results.map(
        (r) => r.triggerContext.flowId,
      ),
    ).toEqual(["two"]);
  });

  it("a backfill is refused for a webhook, twice at once, or with its end before its start; it pauses", async () => {
    await saveFlow(deps.db, flow("it.bf", "f", daily("s") + hook), { create: true });
    await expect(startBackfill(deps.db, "it.bf", "f", "hook", { start: new Date("2026-01-01") })).rejects.toThrow(
      /only schedules/,
    );
    await expect(
      startBackfill(deps.db, "it.bf", "f", "s", { start: new Date("2026-01-02"), end: new Date("2026-01-01") }),
    ).rejects.toThrow(/end is before/);
    await expect(
      startBackfill(deps.db, "it.bf", "f", "s", {
        start: new Date("2026-01-01T10:00:00Z"),
        end: new Date("2026-01-01T11:00:00Z"),
      }),
    ).rejects.toThrow(/no tick/);
    const started = await startBackfill(deps.db, "it.bf", "f", "s", {
      start: new Date("2026-01-01T00:00:00Z"),
      end: new Date("2026-01-03T00:00:00Z"),
    });
    expect(JSON.parse(started.backfill!)).toMatchObject({ currentDate: "2026-01-01T09:00:00.000Z", paused: false });
    await expect(startBackfill(deps.db, "it.bf", "f", "s", { start: new Date("2026-01-01") })).rejects.toThrow(
      /already has a backfill/,
    );
    const paused = await setBackfillPaused(deps.db, "it.bf", "f", "s", true);
    expect(JSON.parse(paused.backfill!)).toMatchObject({ paused: true });
    await expect(startBackfill(deps.db, "it.bf", "nope", "s", { start: new Date("2026-01-01") })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
  });
});
