import { describe, expect, it } from "vitest";
import { shortestGapSeconds } from "../values/cron";
import { scheduleIntervalProblem, scheduleIntervalProblems } from "./schedule-limits";

const gap = (cron: string, withSeconds = false) => shortestGapSeconds({ cron, withSeconds, timezone: "UTC" });

describe("the shortest time between two ticks of a cron", () => {
  it("reads seconds, minutes and hours, across minutes, hours and midnight", () => {
    expect(gap("* * * * * *", true)).toBe(1);
    expect(gap("*/15 * * * * *", true)).toBe(15);
    expect(gap("* * * * *")).toBe(60);
    expect(gap("*/5 * * * *")).toBe(300);
    expect(gap("@hourly")).toBe(3600);
    expect(gap("@daily")).toBe(86_400);
    expect(gap("30 2 * * 1")).toBe(86_400);
    // 0 and 31 past each minute: 31 s, then 29 s to the next minute's 0.
    expect(gap("0,31 * * * * *", true)).toBe(29);
    // 00:00:59 and 00:01:00 only once a day: a second apart.
    expect(gap("0,59 0,1 0 * * *", true)).toBe(1);
    // 23:59:59 then 00:00:00 the next day.
    expect(gap("0,59 0,59 0,23 * * *", true)).toBe(1);
  });
});

describe("the minimum schedule interval (OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS)", () => {
  it("refuses a cron firing more often, naming its gap and the setting; allows one at the minimum or slower", () => {
    expect(scheduleIntervalProblem({ cron: "* * * * * *", withSeconds: true, timezone: "UTC" }, 60)).toBe(
      'cron "* * * * * *" fires 1 s apart, more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS allows (at least 60 s between two ticks)',
    );
    expect(scheduleIntervalProblem({ cron: "0 * * * * *", withSeconds: true, timezone: "UTC" }, 60)).toBeNull();
    expect(scheduleIntervalProblem({ cron: "* * * * *", withSeconds: false, timezone: "UTC" }, 60)).toBeNull();
    expect(scheduleIntervalProblem({ cron: "* * * * *", withSeconds: false, timezone: "UTC" }, 61)).toMatch(
      /60 s apart/,
    );
    // The default (1 s) allows every cron.
    expect(scheduleIntervalProblem({ cron: "* * * * * *", withSeconds: true, timezone: "UTC" }, 1)).toBeNull();
  });

  it("names the trigger and its path among a flow's triggers, Schedules only", () => {
    const flow = {
      triggers: [
        { id: "hook", type: "io.kestra.plugin.core.trigger.Webhook", key: "k" },
        { id: "fast", type: "io.kestra.plugin.core.trigger.Schedule", cron: "*/10 * * * * *", withSeconds: true },
      ],
    };
    expect(scheduleIntervalProblems(flow, 30)).toEqual([
      {
        message: expect.stringMatching(/^trigger fast: cron "\*\/10 \* \* \* \* \*" fires 10 s apart/),
        path: "triggers[1].cron",
      },
    ]);
  });
});
