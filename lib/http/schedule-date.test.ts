import { describe, expect, it } from "vitest";
import { scheduleDateOf } from "./schedule-date";

const at = (query: string) => scheduleDateOf(new Request(`http://osprey.test/api/v1/executions/ns/f${query}`));

describe("?scheduleDate=", () => {
  it("reads an ISO date-time with its offset, as Kestra's ZonedDateTime", () => {
    expect(at("?scheduleDate=2026-12-24T18:00:00%2B01:00")?.toISOString()).toBe("2026-12-24T17:00:00.000Z");
    expect(at("?scheduleDate=2026-12-24T17:00:00Z")?.toISOString()).toBe("2026-12-24T17:00:00.000Z");
  });

  it("is absent when not given, and refuses what is not a date-time", () => {
    expect(at("")).toBeUndefined();
    expect(at("?scheduleDate=")).toBeUndefined();
    expect(() => at("?scheduleDate=tomorrow")).toThrow(/scheduleDate must be an ISO date-time/);
    expect(() => at("?scheduleDate=2026-12-24")).toThrow(/scheduleDate must be an ISO date-time/);
  });
});
