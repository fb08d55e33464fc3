import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createDb, type Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { saveFlow } from "../flows/save-flow";
import { freshDatabase } from "../testing/test-database";
import { cancelBackfill, startBackfill } from "./backfill";
import { Scheduler } from "./scheduler";

let db: Db;

beforeAll(async () => {
  db = await createDb(await freshDatabase(inject("templateDb")));
});
afterAll(async () => {
  await db.$disconnect();
});

const flow = (namespace: string, id: string, schedule: string) =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    timezone: UTC\n${schedule}`;
const EVERY_SECOND = `    cron: "* * * * * *"\n    withSeconds: true\n`;
const HOURLY = `    cron: "0 * * * *"\n`;

/**
 * Runs `work` while a client asks a server in this process for /api/health, one request after
 * the other: how many answers came back before the work was done. A blocked event loop answers none.
 */
async function answeredDuring<T>(work: () => Promise<T>): Promise<{ value: T; answered: number }> {
  const server = createServer((_req, res) => res.end('{"status":"UP"}'));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
  let answered = 0;
  let done = false;
  const client = (async () => {
    while (!done) if ((await fetch(url)).ok && !done) answered++;
  })();
  try {
    const value = await work();
    done = true;
    return { value, answered };
  } finally {
    done = true;
    await client;
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("a backfill is bounded by OSPREY_MAX_BACKFILL_TICKS", () => {
  it("twenty years of a seconds cron is refused with a 400 naming the count and the setting, and requests are answered while it is counted", async () => {
    await saveFlow(db, flow("it.caps", "every_second", EVERY_SECOND), { create: true });
    const request = { start: new Date("2006-01-01T00:00:00Z"), end: new Date("2026-01-01T00:00:00Z") };
    const { value: err, answered } = await answeredDuring(() =>
      startBackfill(db, "it.caps", "every_second", "s", request).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(AppError.is(err) && err.status).toBe(400);
    expect((err as Error).message).toBe(
      'the backfill from 2006-01-01T00:00:00.000Z to 2026-01-01T00:00:00.000Z holds more than 10000 ticks of cron "* * * * * *" (counting stopped at 10001); ' +
        "one backfill may run at most 10000 (OSPREY_MAX_BACKFILL_TICKS): choose a shorter range, or raise the setting",
    );
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(
      (await db.trigger.findFirstOrThrow({ where: { namespace: "it.caps", flowId: "every_second" } })).backfill,
    ).toBeNull();
  });

  it("a backfill of exactly the cap is accepted, one tick more is refused", async () => {
    await saveFlow(db, flow("it.caps", "hourly", HOURLY), { create: true });
    const limits = { OSPREY_MAX_BACKFILL_TICKS: 6 };
    const six = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-01-01T05:00:00Z") };
    await expect(
      startBackfill(db, "it.caps", "hourly", "s", { ...six, end: new Date("2026-01-01T06:00:00Z") }, limits),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/more than 6 ticks .*OSPREY_MAX_BACKFILL_TICKS/),
    });
    expect(JSON.parse((await startBackfill(db, "it.caps", "hourly", "s", six, limits)).backfill!)).toMatchObject({
      currentDate: "2026-01-01T00:00:00.000Z",
      end: "2026-01-01T05:00:00.000Z",
    });
    await cancelBackfill(db, "it.caps", "hourly", "s");
  });
});

describe("a schedule far behind catches up on OSPREY_MAX_BACKFILL_TICKS ticks at most", () => {
  it("twenty years of a seconds cron (ALL, the default): the latest 10,000 ticks, 200 a pass, requests answered throughout", async () => {
    await saveFlow(db, flow("it.behind", "every_second", EVERY_SECOND), { create: true });
    await db.trigger.updateMany({
      where: { namespace: "it.behind" },
      data: { nextDate: new Date("2006-01-01T00:00:00Z") },
    });
    const logs: string[] = [];
    const scheduler = new Scheduler({ db, now: () => new Date("2026-01-01T00:00:00Z"), log: (m) => logs.push(m) });
    const { answered } = await answeredDuring(async () => {
      await scheduler.recoverMissed();
      await scheduler.pass();
    });
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(logs.join("\n")).toMatch(
      /it\.behind\.every_second\.s owed more than 10000 ticks since 2006-01-01T00:00:00\.000Z: it fires the latest 10000, from 2025-12-31T21:13:21\.000Z \(OSPREY_MAX_BACKFILL_TICKS\)/,
    );
    const dates = (await db.execution.findMany({ where: { namespace: "it.behind" }, select: { trigger: true } }))
      .map((e) => Date.parse((JSON.parse(e.trigger!) as { date: string }).date))
      .sort();
    const first = Date.parse("2025-12-31T21:13:21Z");
    expect(dates).toEqual(Array.from({ length: 200 }, (_, i) => first + i * 1000));
    expect((await db.trigger.findFirstOrThrow({ where: { namespace: "it.behind" } })).nextDate?.getTime()).toBe(
      first + 200 * 1000,
    );
  });
});

describe("a Schedule firing more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS", () => {
  const limits = { OSPREY_MAX_BACKFILL_TICKS: 10_000, OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS: 60 };

  it("is refused when the flow is saved (422, naming the trigger, its gap and the setting); a minutely one is saved", async () => {
    const saving = saveFlow(db, flow("it.interval", "refused", EVERY_SECOND), { create: true }, undefined, limits);
    await expect(saving).rejects.toMatchObject({ code: "INVALID_FLOW", problems: [{ path: "triggers[0].cron" }] });
    const err = await saving.catch((e: unknown) => e);
    expect(AppError.is(err) && err.status).toBe(422);
    expect((err as Error).message).toBe(
      'invalid flow: trigger s: cron "* * * * * *" fires 1 s apart, more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS allows (at least 60 s between two ticks)',
    );
    expect(await db.flow.findFirst({ where: { namespace: "it.interval", flowId: "refused" } })).toBeNull();
    await saveFlow(
      db,
      flow("it.interval", "minutely", `    cron: "0 * * * * *"\n    withSeconds: true\n`),
      { create: true },
      undefined,
      limits,
    );
  });

  it("saved before the setting was raised, it is not scheduled when a scheduler starts, which says why", async () => {
    await saveFlow(db, flow("it.interval", "stored", EVERY_SECOND), { create: true });
    const row = () => db.trigger.findFirstOrThrow({ where: { namespace: "it.interval", flowId: "stored" } });
    expect((await row()).nextDate).not.toBeNull();
    const logs: string[] = [];
    const scheduler = new Scheduler({ db, maxSleepMs: 50, limits, log: (m) => logs.push(m) });
    scheduler.start();
    try {
      for (let i = 0; (await row()).nextDate !== null; i++) {
        if (i > 600) throw new Error("the too frequent schedule still has a next tick");
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await scheduler.stop();
    }
    expect(logs).toContain(
      'schedule it.interval.stored.s does not run: cron "* * * * * *" fires 1 s apart, more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS allows (at least 60 s between two ticks)',
    );
    expect(await db.execution.count({ where: { namespace: "it.interval" } })).toBe(0);
  });
});
