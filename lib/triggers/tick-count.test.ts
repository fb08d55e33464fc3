import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { CronTicks } from "../values/cron";
import { TickAttempts } from "./tick-attempts";
import { countTicks, mayHoldMoreThan, startOfLatestTicks } from "./tick-count";
import { tickExecutionId } from "./tick-execution";

const everySecond = new CronTicks({ cron: "* * * * * *", withSeconds: true, timezone: "UTC" });
const hourly = new CronTicks({ cron: "0 * * * *", timezone: "UTC" });
const at = (iso: string) => new Date(iso);

/** Runs `work` while counting how often the event loop turned meanwhile. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = (async () => {
    while (!done) {
      await nextTurn();
      turns++;
    }
  })();
  const value = await work();
  done = true;
  await spin;
  return { value, turns };
}

describe("counting ticks without enumerating them all", () => {
  it("counts the ticks in a range, both ends included", async () => {
    expect(await countTicks(hourly, at("2026-01-01T10:00:00Z"), at("2026-01-01T13:00:00Z"), 100)).toBe(4);
    expect(await countTicks(hourly, at("2026-01-01T10:00:01Z"), at("2026-01-01T12:59:59Z"), 100)).toBe(2);
  });

  it("stops one past the limit on twenty years of a seconds cron, letting the event loop turn as it goes", async () => {
    const { value, turns } = await turnsDuring(() =>
      countTicks(everySecond, at("2006-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), 10_000),
    );
    expect(value).toBe(10_001);
    // One turn per 200 ticks at least: nothing else waits for the whole count.
    expect(turns).toBeGreaterThanOrEqual(50);
  });

  it("finds the first of the latest n ticks, yielding too", async () => {
    const { value, turns } = await turnsDuring(() =>
      startOfLatestTicks(everySecond, at("2026-01-01T00:00:00.500Z"), 10_000),
    );
    expect(value?.toISOString()).toBe("2025-12-31T21:13:21.000Z");
    expect(turns).toBeGreaterThanOrEqual(49);
    expect((await startOfLatestTicks(hourly, at("2026-01-01T13:20:00Z"), 3))?.toISOString()).toBe(
      "2026-01-01T11:00:00.000Z",
    );
  });

  it("tells cheaply when a range cannot hold more than the limit", () => {
    expect(mayHoldMoreThan(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:09Z"), 10, true)).toBe(false);
    expect(mayHoldMoreThan(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:10Z"), 10, true)).toBe(true);
    expect(mayHoldMoreThan(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:09:00Z"), 10, false)).toBe(false);
  });
});

describe("a tick's execution id", () => {
  it("is the same for every scheduler and try, and differs by trigger, run and date", () => {
    const tick = at("2026-01-01T10:00:00Z");
    const id = tickExecutionId("row1", "schedule", tick);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tickExecutionId("row1", "schedule", new Date(tick))).toBe(id);
    expect(
      new Set([
        id,
        tickExecutionId("row2", "schedule", tick),
        tickExecutionId("row1", "backfill:b1", tick),
        tickExecutionId("row1", "schedule", at("2026-01-01T11:00:00Z")),
      ]).size,
    ).toBe(4);
  });
});

describe("whether a tick that did not start is tried again", () => {
  it("a refusal is not, the database's failures always are, anything else a few times", () => {
    const attempts = new TickAttempts();
    expect(attempts.retryLater("a", new AppError("BAD_REQUEST", "input x is required"))).toBe(false);
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    for (let i = 0; i < 10; i++) expect(attempts.retryLater("b", busy)).toBe(true);
    const odd = new Error("the validator is not a valid regular expression");
    expect([attempts.retryLater("c", odd), attempts.retryLater("c", odd), attempts.retryLater("c", odd)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
