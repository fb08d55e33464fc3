import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../db/create-client";
import { deleteFlow } from "../flows/delete-flow";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { cancelBackfill, startBackfill } from "./backfill";
import { isoInZone } from "./schedule-dates";
import { scheduleConditions } from "./schedule-conditions";
import { Scheduler } from "./scheduler";
import { setTriggerDisabled } from "./trigger-state-toggle";

const t = useTestExecutor();
const running: Scheduler[] = [];
const flows: [string, string][] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const [ns, id] of flows.splice(0)) await deleteFlow(t.deps.db, ns, id).catch(() => undefined);
});

/** A flow with one Schedule `s` whose task renders the trigger's dates as its output. */
async function scheduled(namespace: string, id: string, schedule: string, extra = "") {
  const yaml = `id: ${id}\nnamespace: ${namespace}\n${extra}tasks:\n  - id: dates\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ trigger.date }}|{{ trigger.previous }}|{{ trigger.next }}"\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n${schedule}`;
  await saveFlow(t.deps.db, yaml, { create: true });
  flows.push([namespace, id]);
}

function scheduler(now: () => Date, db = t.deps.db, maxSleepMs = 50) {
  const s = new Scheduler({ db, now, maxSleepMs, log: (m) => console.log(`[sched] ${m}`) });
  running.push(s);
  return s;
}

/** Sets the stored next tick, as if the last server had stopped before it. */
async function setNext(namespace: string, flowId: string, date: string) {
  await t.deps.db.trigger.update({
    where: { namespace_flowId_triggerId: { namespace, flowId, triggerId: "s" } },
    data: { nextDate: new Date(date) },
  });
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const executionsOf = (namespace: string, flowId: string) =>
  t.deps.db.execution.findMany({
    where: { namespace, flowId },
    orderBy: { createdAt: "asc" },
    select: { id: true, trigger: true, triggerType: true, triggerId: true, labels: true },
  });
const datesOf = async (namespace: string, flowId: string) =>
  (await executionsOf(namespace, flowId)).map((e) => (JSON.parse(e.trigger!) as { date: string }).date).sort();

describe("the scheduler", () => {
  it("a seconds cron fires and the execution renders {{ trigger.date }}, previous and next", async () => {
    await scheduled(
      "it.sched",
      "every_second",
      `    cron: "*/1 * * * * *"\n    withSeconds: true\n    timezone: Europe/Paris\n    labels: {from: schedule}\n`,
    );
    scheduler(() => new Date()).start();
    const [first] = await until(
      "a scheduled execution",
      () => executionsOf("it.sched", "every_second"),
      (list) => list.length > 0,
    );
    expect(first).toMatchObject({ triggerType: "schedule", triggerId: "s" });
    expect(JSON.parse(first.labels!)).toContainEqual({ key: "from", value: "schedule" });
    const done = await waitForEnd(t.deps, first.id);
    expect(done.state).toBe("SUCCESS");
    const trigger = done.trigger as { date: string; previous: string; next: string };
    const date = new Date(trigger.date);
    expect(trigger.date).toBe(isoInZone(date, "Europe/Paris"));
    expect(trigger.next).toBe(isoInZone(new Date(date.getTime() + 1000), "Europe/Paris"));
    expect(trigger.previous).toBe(isoInZone(new Date(date.getTime() - 1000), "Europe/Paris"));
    expect(done.taskRuns[0].outputs).toEqual({ value: `${trigger.date}|${trigger.previous}|${trigger.next}` });
  });

  it("fires across the Paris fall-back as croner computes it: 02:30 twice, with the offset of each", async () => {
    await scheduled("it.sched", "dst", `    cron: "*/30 * * * *"\n    timezone: Europe/Paris\n`);
    await setNext("it.sched", "dst", "2026-10-25T00:30:00Z");
    // An hour of schedule time per real second.
    const from = Date.parse("2026-10-25T00:15:00Z");
    const t0 = Date.now();
    scheduler(() => new Date(from + (Date.now() - t0) * 3600)).start();
    const dates = await until(
      "four ticks",
      () => datesOf("it.sched", "dst"),
      (d) => d.length >= 4,
    );
    expect(dates.slice(0, 4).map((d) => d)).toEqual([
      "2026-10-25T02:00:00+01:00",
      "2026-10-25T02:30:00+01:00",
      "2026-10-25T02:30:00+02:00",
      "2026-10-25T03:00:00+01:00",
    ]);
    const instants = dates
      .slice(0, 4)
      .map((d) => new Date(d).toISOString())
      .sort();
    expect(instants).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
  });

  it("a tick whose conditions do not hold starts nothing (DayWeek checked against the tick's date)", async () => {
    // 2026-01-01 is a Thursday.
    for (const day of ["THURSDAY", "FRIDAY"]) {
      await scheduled(
        "it.cond",
        day.toLowerCase(),
        `    cron: "0 10 * * *"\n    timezone: UTC\n    conditions:\n      - type: io.kestra.plugin.core.condition.DayWeek\n        dayOfWeek: ${day}\n`,
      );
      await setNext("it.cond", day.toLowerCase(), "2026-01-01T10:00:00Z");
    }
    const s = new Scheduler({
      db: t.deps.db,
      now: () => new Date("2026-01-01T10:00:30Z"),
      maxSleepMs: 50,
      conditions: scheduleConditions(t.deps),
    });
    running.push(s);
    s.start();
    const nextDates = async () =>
      (await t.deps.db.trigger.findMany({ where: { namespace: "it.cond" }, select: { nextDate: true } })).map((r) =>
        r.nextDate?.toISOString(),
      );
    await until(
      "both ticks handled",
      nextDates,
      (d) => d.length === 2 && d.every((x) => x === "2026-01-02T10:00:00.000Z"),
    );
    expect(await datesOf("it.cond", "thursday")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await datesOf("it.cond", "friday")).toEqual([]);
  });

  it("after a restart, missed ticks run as recoverMissedSchedules says: LAST one, NONE none, ALL each", async () => {
    for (const policy of ["LAST", "NONE", "ALL"]) {
      await scheduled(
        "it.recover",
        policy.toLowerCase(),
        `    cron: "0 * * * *"\n    timezone: UTC\n    recoverMissedSchedules: ${policy}\n`,
      );
      await setNext("it.recover", policy.toLowerCase(), "2026-01-01T10:00:00Z");
    }
    const rows = () =>
      t.deps.db.trigger.findMany({
        where: { namespace: "it.recover" },
        orderBy: { flowId: "asc" },
        select: { flowId: true, nextDate: true },
      });
    const nextDates = async () => (await rows()).map((r) => `${r.flowId} ${r.nextDate?.toISOString()}`);

    // The first server runs the 10:00 tick of each, then stops.
    const first = scheduler(() => new Date("2026-01-01T10:00:30Z"));
    first.start();
    await until("10:00 fired", nextDates, (d) => d.every((line) => line.endsWith("2026-01-01T11:00:00.000Z")));
    await first.stop();
    for (const policy of ["last", "none", "all"])
      expect(await datesOf("it.recover", policy)).toEqual(["2026-01-01T10:00:00Z"]);

    // Down until 13:20: 11:00, 12:00 and 13:00 were missed.
    const second = scheduler(() => new Date("2026-01-01T13:20:00Z"));
    second.start();
    await until("recovered", nextDates, (d) => d.every((line) => line.endsWith("2026-01-01T14:00:00.000Z")));
    await second.stop();
    expect(await datesOf("it.recover", "last")).toEqual(["2026-01-01T10:00:00Z", "2026-01-01T13:00:00Z"]);
    expect(await datesOf("it.recover", "none")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await datesOf("it.recover", "all")).toEqual([
      "2026-01-01T10:00:00Z",
      "2026-01-01T11:00:00Z",
      "2026-01-01T12:00:00Z",
      "2026-01-01T13:00:00Z",
    ]);
  });

  it("two schedulers with their own database clients on one file fire each tick exactly once", async () => {
    await scheduled("it.twice", "minutely", `    cron: "* * * * *"\n    timezone: UTC\n`);
    await setNext("it.twice", "minutely", "2026-01-01T00:00:00Z");
    const other = await createDb(t.deps.config.DATABASE_URL);
    try {
      let now = new Date("2026-01-01T00:00:00Z");
      const clock = () => now;
      scheduler(clock, t.deps.db, 5).start();
      scheduler(clock, other, 5).start();
      const next = async () =>
        (await t.deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.twice" } })).nextDate?.toISOString();
      await until("the 00:00 tick", next, (d) => d === "2026-01-01T00:01:00.000Z");
      // Three jumps of five minutes (within the grace, so no recovery): both race for every tick of each.
      for (let step = 1; step <= 3; step++) {
        now = new Date(Date.parse("2026-01-01T00:00:00Z") + step * 300_000);
        const expected = new Date(now.getTime() + 60_000).toISOString();
        await until(`ticks up to ${now.toISOString()}`, next, (d) => d === expected);
      }
      await Promise.all(running.splice(0).map((s) => s.stop()));
      const dates = await datesOf("it.twice", "minutely");
      expect(dates).toHaveLength(16);
      expect(new Set(dates).size).toBe(16);
      expect(dates[0]).toBe("2026-01-01T00:00:00Z");
      expect(dates[15]).toBe("2026-01-01T00:15:00Z");
    } finally {
      await other.$disconnect();
    }
  });

  it("a backfill runs one execution per tick from start to end, with its inputs and labels", async () => {
    await scheduled(
      "it.backfill",
      "hourly",
      `    cron: "0 * * * *"\n    timezone: UTC\n`,
      `inputs:\n  - {id: who, type: STRING, defaults: nobody}\n`,
    );
    await t.deps.db.trigger.updateMany({
      where: { namespace: "it.backfill" },
      data: { nextDate: new Date("2100-01-01T00:00:00Z") },
    });
    await startBackfill(t.deps.db, "it.backfill", "hourly", "s", {
      start: new Date("2026-01-01T00:00:00Z"),
      end: new Date("2026-01-01T05:30:00Z"),
      inputs: { who: "backfill" },
      labels: { run: "catch-up" },
    });
    scheduler(() => new Date()).start();
    await until(
      "backfill done",
      () => t.deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.backfill" } }),
      (r) => r.backfill === null,
    );
    const list = await executionsOf("it.backfill", "hourly");
    expect(list.every((e) => e.triggerType === "backfill" && e.triggerId === "s")).toBe(true);
    expect(
      list.every((e) =>
        JSON.parse(e.labels!).some((l: { key: string; value: string }) => l.key === "run" && l.value === "catch-up"),
      ),
    ).toBe(true);
    expect(await datesOf("it.backfill", "hourly")).toEqual(
      ["00", "01", "02", "03", "04", "05"].map((h) => `2026-01-01T${h}:00:00Z`),
    );
    const inputs = await t.deps.db.execution.findMany({
      where: { namespace: "it.backfill" },
      select: { inputs: true },
    });
    expect(inputs.map((e) => JSON.parse(e.inputs!))).toEqual(Array(6).fill({ who: "backfill" }));
    await expect(cancelBackfill(t.deps.db, "it.backfill", "hourly", "s")).resolves.toMatchObject({ backfill: null });
  });

  it("a disabled flow, a disabled trigger and a trigger switched off fire nothing; switched on, it goes on from its next tick", async () => {
    const every = `    cron: "0 * * * *"\n    timezone: UTC\n`;
    await scheduled("it.off", "control", every);
    await scheduled("it.off", "flow_off", every, "disabled: true\n");
    await scheduled("it.off", "trigger_off", `${every}    disabled: true\n`);
    await scheduled("it.off", "switched_off", `${every}    recoverMissedSchedules: LAST\n`);
    expect(
      await t.deps.db.trigger.findMany({
        where: { namespace: "it.off", nextDate: null },
        select: { flowId: true },
        orderBy: { flowId: "asc" },
      }),
    ).toEqual([{ flowId: "flow_off" }, { flowId: "trigger_off" }]);
    await setTriggerDisabled(t.deps.db, "it.off", "switched_off", "s", true);
    for (const id of ["control", "flow_off", "trigger_off", "switched_off"])
      await setNext("it.off", id, "2026-01-01T10:00:00Z");
    const s = scheduler(() => new Date("2026-01-01T10:00:10Z"));
    await s.pass();
    await s.pass();
    expect(await datesOf("it.off", "control")).toEqual(["2026-01-01T10:00:00Z"]);
    for (const id of ["flow_off", "trigger_off", "switched_off"]) expect(await datesOf("it.off", id)).toEqual([]);

    // Switched back on at 13:20: as Kestra, nothing missed while off runs; the next tick is 14:00.
    const row = await setTriggerDisabled(
      t.deps.db,
      "it.off",
      "switched_off",
      "s",
      false,
      new Date("2026-01-01T13:20:00Z"),
    );
    expect(row.nextDate?.toISOString()).toBe("2026-01-01T14:00:00.000Z");
    await scheduler(() => new Date("2026-01-01T13:20:00Z")).pass();
    expect(await datesOf("it.off", "switched_off")).toEqual([]);
    await scheduler(() => new Date("2026-01-01T14:00:01Z")).pass();
    expect(await datesOf("it.off", "switched_off")).toEqual(["2026-01-01T14:00:00Z"]);
  });

  it("stopAfter: FAILED switches the trigger off once one of its executions failed, and switching on resumes it", async () => {
    const yaml = `id: failing\nnamespace: it.stop\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 * * * *"\n    timezone: UTC\n    stopAfter: [FAILED]\n`;
    await saveFlow(t.deps.db, yaml, { create: true });
    flows.push(["it.stop", "failing"]);
    await setNext("it.stop", "failing", "2026-01-01T10:00:00Z");
    await scheduler(() => new Date("2026-01-01T10:00:05Z")).pass();
    const [first] = await executionsOf("it.stop", "failing");
    expect((await waitForEnd(t.deps, first.id)).state).toBe("FAILED");
    await scheduler(() => new Date("2026-01-01T11:00:05Z")).pass();
    expect(await datesOf("it.stop", "failing")).toEqual(["2026-01-01T10:00:00Z"]);
    expect(await t.deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.stop" } })).toMatchObject({
      disabled: true,
    });

    // Switched back on: the failure before it no longer stops it; it goes on from the next tick (12:00).
    await setTriggerDisabled(t.deps.db, "it.stop", "failing", "s", false, new Date("2026-01-01T11:00:10Z"));
    await scheduler(() => new Date("2026-01-01T12:00:05Z")).pass();
    expect(await datesOf("it.stop", "failing")).toEqual(["2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z"]);
  });
});
