import { describe, expect, it } from "vitest";
import { CronTicks } from "../values/cron";
import { isMissed, plannedTicks, recoveredNextDate } from "./schedule-plan";

const hourly = new CronTicks({ cron: "0 * * * *", timezone: "UTC" });
const stored = new Date("2026-01-01T10:00:00Z");
const now = new Date("2026-01-01T13:20:00Z");
const isoList = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("missed ticks after downtime", () => {
  it("ALL runs each missed tick, in order", () => {
    expect(isoList(plannedTicks(hourly, stored, now, "ALL"))).toEqual([
      "2026-01-01T10:00:00.000Z",
      "2026-01-01T11:00:00.000Z",
      "2026-01-01T12:00:00.000Z",
      "2026-01-01T13:00:00.000Z",
    ]);
  });

  it("LAST runs only the latest missed tick", () => {
    expect(isoList(plannedTicks(hourly, stored, now, "LAST"))).toEqual(["2026-01-01T13:00:00.000Z"]);
    expect(recoveredNextDate(hourly, stored, now, "LAST")?.toISOString()).toBe("2026-01-01T13:00:00.000Z");
  });

  it("NONE runs none and resumes at the first tick after now", () => {
    expect(plannedTicks(hourly, stored, now, "NONE")).toEqual([]);
    expect(recoveredNextDate(hourly, stored, now, "NONE")?.toISOString()).toBe("2026-01-01T14:00:00.000Z");
  });

  it("a tick not yet due is kept whatever the policy; a due one with nothing missed runs once", () => {
    const future = new Date("2026-01-01T14:00:00Z");
    for (const policy of ["ALL", "LAST", "NONE"] as const)
      expect(recoveredNextDate(hourly, future, now, policy)).toEqual(future);
    const justDue = new Date("2026-01-01T13:00:00Z");
    expect(isoList(plannedTicks(hourly, justDue, now, "LAST"))).toEqual(["2026-01-01T13:00:00.000Z"]);
  });

  it("ALL is bounded, and lateness within the grace is not a miss", () => {
    const everySecond = new CronTicks({ cron: "* * * * * *", withSeconds: true, timezone: "UTC" });
    expect(plannedTicks(everySecond, stored, now, "ALL", 50)).toHaveLength(50);
    expect(isMissed(stored, new Date(stored.getTime() + 500), 5_000)).toBe(false);
    expect(isMissed(stored, new Date(stored.getTime() + 6_000), 5_000)).toBe(true);
  });
});
