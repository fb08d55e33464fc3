import { describe, expect, it } from "vitest";
import { parseFlow } from "../flow/parse-flow";
import { readSchedule } from "../flow/trigger-types";
import { cronProblem, CronTicks } from "./cron";
import { isoInZone, scheduleVariables } from "../triggers/schedule-dates";

const iso = (d: Date | null) => d?.toISOString() ?? null;

function runs(ticks: CronTicks, from: string, n: number): string[] {
  const out: string[] = [];
  let at: Date | null = new Date(from);
  for (let i = 0; i < n && at; i++) {
    at = ticks.after(at);
    if (at) out.push(at.toISOString());
  }
  return out;
}

describe("cron parsing", () => {
  it("takes 5 fields, 6 only with withSeconds, and Kestra's nicknames", () => {
    expect(cronProblem({ cron: "*/15 * * * *" })).toBeNull();
    expect(cronProblem({ cron: "*/5 * * * * *", withSeconds: true })).toBeNull();
    expect(cronProblem({ cron: "*/5 * * * * *" })).toMatch(/5 fields/);
    expect(cronProblem({ cron: "* * * * *", withSeconds: true })).toMatch(/6 fields/);
    for (const nick of ["@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight"])
      expect(cronProblem({ cron: nick })).toBeNull();
    expect(cronProblem({ cron: "@reboot" })).toMatch(/unknown cron nickname/);
    expect(cronProblem({ cron: "61 * * * *" })).not.toBeNull();
    expect(cronProblem({ cron: "* * * * *", timezone: "Mars/Olympus" })).toMatch(/unknown time zone/);
  });

  it("nicknames tick where their cron does, also with withSeconds", () => {
    const daily = new CronTicks({ cron: "@daily", timezone: "UTC", withSeconds: true });
    expect(runs(daily, "2026-01-01T10:00:00Z", 2)).toEqual(["2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]);
    const hourly = new CronTicks({ cron: "@hourly", timezone: "UTC" });
    expect(iso(hourly.after(new Date("2026-01-01T10:00:00Z")))).toBe("2026-01-01T11:00:00.000Z");
  });

  it("seconds ticks, and before/atOrBefore/atOrAfter around an exact tick", () => {
    const t = new CronTicks({ cron: "*/10 * * * * *", withSeconds: true, timezone: "UTC" });
    expect(runs(t, "2026-01-01T00:00:05Z", 3)).toEqual([
      "2026-01-01T00:00:10.000Z",
      "2026-01-01T00:00:20.000Z",
      "2026-01-01T00:00:30.000Z",
    ]);
    const at = new Date("2026-01-01T00:00:20Z");
    expect(iso(t.before(at))).toBe("2026-01-01T00:00:10.000Z");
    expect(iso(t.atOrBefore(at))).toBe("2026-01-01T00:00:20.000Z");
    expect(iso(t.atOrAfter(at))).toBe("2026-01-01T00:00:20.000Z");
    expect(iso(t.atOrAfter(new Date("2026-01-01T00:00:20.500Z")))).toBe("2026-01-01T00:00:30.000Z");
  });
});

describe("DST in Europe/Paris (croner)", () => {
  it("spring forward (2026-03-29, 02:00 → 03:00): a 02:30 daily runs at 03:00 that day, hourly skips the missing hour", () => {
    const daily = new CronTicks({ cron: "30 2 * * *", timezone: "Europe/Paris" });
    expect(runs(daily, "2026-03-27T12:00:00Z", 3)).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    const hourly = new CronTicks({ cron: "0 * * * *", timezone: "Europe/Paris" });
    const local = runs(hourly, "2026-03-28T23:30:00Z", 4).map((d) => isoInZone(new Date(d), "Europe/Paris"));
    expect(local).toEqual([
      "2026-03-29T01:00:00+01:00",
      "2026-03-29T03:00:00+02:00",
      "2026-03-29T04:00:00+02:00",
      "2026-03-29T05:00:00+02:00",
    ]);
  });

  it("fall back (2026-10-25, 03:00 → 02:00): a 02:30 daily runs once, a half-hourly runs both 02:30s", () => {
    const daily = new CronTicks({ cron: "30 2 * * *", timezone: "Europe/Paris" });
    expect(runs(daily, "2026-10-24T12:00:00Z", 2)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
    const half = new CronTicks({ cron: "*/30 * * * *", timezone: "Europe/Paris" });
    const local = runs(half, "2026-10-25T00:15:00Z", 4).map((d) => isoInZone(new Date(d), "Europe/Paris"));
    expect(local).toEqual([
      "2026-10-25T02:30:00+02:00",
      "2026-10-25T02:00:00+01:00",
      "2026-10-25T02:30:00+01:00",
      "2026-10-25T03:00:00+01:00",
    ]);
  });
});

describe("trigger variables", () => {
  it("date, next and previous in the trigger's zone, Z at offset zero", () => {
    const t = new CronTicks({ cron: "0 9 * * *", timezone: "Europe/Paris" });
    expect(scheduleVariables(t, new Date("2026-07-01T07:00:00Z"), "Europe/Paris")).toEqual({
      date: "2026-07-01T09:00:00+02:00",
      next: "2026-07-02T09:00:00+02:00",
      previous: "2026-06-30T09:00:00+02:00",
    });
    expect(isoInZone(new Date("2026-01-01T09:00:00Z"), "UTC")).toBe("2026-01-01T09:00:00Z");
    expect(isoInZone(new Date("2026-01-01T09:00:00Z"), "America/New_York")).toBe("2026-01-01T04:00:00-05:00");
  });
});

describe("the Schedule trigger in a flow", () => {
  const flow = (trigger: string) =>
    `id: f\nnamespace: t\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n${trigger}`;

  it("fills Kestra's defaults for the scheduler and keeps the flow's trigger as written", () => {
    const parsed = parseFlow(flow(`    cron: "@daily"\n`));
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    expect(parsed.flow.triggers?.[0]).toEqual({
      id: "s",
      type: "io.kestra.plugin.core.trigger.Schedule",
      cron: "@daily",
    });
    expect(readSchedule(parsed.flow.triggers?.[0])).toMatchObject({
      withSeconds: false,
      disabled: false,
      recoverMissedSchedules: "ALL",
    });
  });

  it("refuses a bad cron, a 6-field cron without withSeconds, an unknown zone or policy, with the property's path", () => {
    for (const [props, message] of [
      [`    cron: "not a cron"\n`, /cron/],
      [`    cron: "* * * * * *"\n`, /5 fields/],
      [`    cron: "* * * * *"\n    timezone: Nowhere/City\n`, /IANA time zone/],
      [`    cron: "* * * * *"\n    recoverMissedSchedules: SOME\n`, /LAST|NONE|ALL/],
    ] as const) {
      const parsed = parseFlow(flow(props));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problems.map((p) => p.message).join(" ")).toMatch(message);
    }
    expect(
      parseFlow(
        flow(
          `    cron: "*/5 * * * * *"\n    withSeconds: true\n    timezone: Europe/Paris\n    recoverMissedSchedules: ALL\n`,
        ),
      ).ok,
    ).toBe(true);
  });
});
