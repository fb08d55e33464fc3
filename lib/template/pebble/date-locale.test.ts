import { describe, expect, it } from "vitest";
import { formatInstant } from "./date-format";

// 2026-12-07T09:15:30Z is a Monday, in ISO week 50 of 2026; 2021-01-01 is a Friday of 2020's week 53.
const at = (iso: string) => ({ epochSecond: Date.parse(iso) / 1000, nano: 0 });

describe("the date filter's locale, localized styles and iso_week_date (Kestra's AbstractDate)", () => {
  it("names months and days in the given locale", () => {
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "EEEE d MMMM yyyy", "UTC", "fr")).toBe("lundi 7 décembre 2026");
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "EEE d MMM", "UTC", "de_DE")).toBe("Mo. 7 Dez.");
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "EEEE MMMM", "UTC")).toBe("Monday December");
  });

  it("prints full, long, medium and short in the locale's style instead of refusing them", () => {
    const medium = formatInstant(at("2026-12-07T09:15:30Z"), "medium", "UTC");
    expect(medium.replace(/\s/g, " ")).toBe("Dec 7, 2026, 9:15:30 AM");
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "short", "UTC").replace(/\s/g, " ")).toBe("12/7/26, 9:15 AM");
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "full", "UTC", "fr")).toMatch(/^lundi 7 décembre 2026/);
  });

  it("prints iso_week_date with the ISO week-based year", () => {
    expect(formatInstant(at("2026-12-07T09:15:30Z"), "iso_week_date", "UTC")).toBe("2026-W50-1Z");
    expect(formatInstant(at("2021-01-01T12:00:00Z"), "iso_week_date", "UTC")).toBe("2020-W53-5Z");
    expect(formatInstant(at("2021-01-01T12:00:00Z"), "iso_week_date", "Europe/Paris")).toBe("2020-W53-5+01:00");
  });
});
