import { afterEach, describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { startScheduler, type SchedulerProcess } from "../testing/start-scheduler";
import { useTestDeps } from "../testing/test-deps";
import { Scheduler } from "./scheduler";

const t = useTestDeps();
const children: SchedulerProcess[] = [];
const inProcess: Scheduler[] = [];

afterEach(async () => {
  await Promise.all(inProcess.splice(0).map((s) => s.stop()));
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function localScheduler(): Scheduler {
  const s = new Scheduler({ db: t.deps.db, maxSleepMs: 100, log: (m) => console.log(`[in-process scheduler] ${m}`) });
  inProcess.push(s);
  s.start();
  return s;
}

const triggerRow = () => t.deps.db.trigger.findFirstOrThrow({ where: { namespace: "it.freeze" } });

/** How many executions each scheduled date has. */
async function executionsPerTick(): Promise<Map<number, number>> {
  const rows = await t.deps.db.execution.findMany({ where: { namespace: "it.freeze" }, select: { trigger: true } });
  const counts = new Map<number, number>();
  for (const row of rows) {
    const date = Date.parse((JSON.parse(row.trigger!) as { date: string }).date);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return counts;
}

describe("a scheduler in another process, frozen and thawed", () => {
  it("every tick of a seconds cron has exactly one execution across a SIGSTOP longer than any interval, and the late scheduler catches up", async () => {
    const yaml = `id: every_second\nnamespace: it.freeze\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "* * * * * *"\n    withSeconds: true\n    timezone: UTC\n`;
    await saveFlow(t.deps.db, yaml, { create: true });
    const first = (await triggerRow()).nextDate!.getTime();

    const other = await startScheduler(t.deps.config.DATABASE_URL, 100);
    children.push(other);
    const here = localScheduler();
    await wait(2_000);

    // Frozen wherever it was (between reading a due tick and firing it, or mid-write): the other
    // scheduler goes on alone for a while, then stops too, so ticks come due that nobody fires.
    other.freeze();
    const frozenAt = Date.now();
    await wait(3_000);
    await here.stop();
    await wait(3_000);

    // Thawed: it acts on what it read before the freeze, then must fire every tick it owes.
    other.thaw();
    const thawedAt = Date.now();
    for (let i = 0; (await triggerRow()).nextDate!.getTime() <= thawedAt; i++) {
      if (i > 600)
        throw new Error(
          `the thawed scheduler did not catch up: next tick still ${(await triggerRow()).nextDate!.toISOString()}`,
        );
      await wait(50);
    }
    // Both race again for a while.
    localScheduler();
    await wait(2_000);
    await Promise.all(inProcess.splice(0).map((s) => s.stop()));
    await Promise.all(children.splice(0).map((c) => c.stop()));

    const next = (await triggerRow()).nextDate!.getTime();
    const counts = await executionsPerTick();
    const owed: number[] = [];
    for (let tick = first; tick < next; tick += 1000) owed.push(tick);
    // Every tick from the first to the stored cursor, each once: none lost, none twice, none extra.
    expect(
      owed
        .filter((tick) => counts.get(tick) !== 1)
        .map((tick) => `${new Date(tick).toISOString()}: ${counts.get(tick) ?? 0}`),
    ).toEqual([]);
    expect([...counts.keys()].filter((tick) => tick < first || tick >= next)).toEqual([]);
    // The window covered the freeze, the time nobody ran, and the catch-up.
    expect(owed.some((tick) => tick > frozenAt && tick < thawedAt - 1000)).toBe(true);
    expect(next).toBeGreaterThan(thawedAt);
  });
});
