import { describe, expect, it } from "vitest";
import { labelFilterList, matchesLabels, untilCutoffMs } from "./docker-prune-filters";

const NOW = Date.parse("2024-06-01T12:00:00Z");

describe("Prune's until", () => {
  it("reads Go durations back from now, Unix seconds, and RFC 3339 dates", () => {
    expect(untilCutoffMs("10m", NOW)).toBe(NOW - 600_000);
    expect(untilCutoffMs("1h30m", NOW)).toBe(NOW - 5_400_000);
    expect(untilCutoffMs("1.5s", NOW)).toBe(NOW - 1_500);
    expect(untilCutoffMs("1700000000", NOW)).toBe(1_700_000_000_000);
    expect(untilCutoffMs("2024-01-31T12:00:00Z", NOW)).toBe(Date.parse("2024-01-31T12:00:00Z"));
    expect(untilCutoffMs("2024-01-31", NOW)).toBe(Date.parse("2024-01-31"));
  });

  it("refuses anything else, saying what it takes", () => {
    expect(() => untilCutoffMs("yesterday", NOW)).toThrow(/until "yesterday": expected a duration such as 10m/);
    expect(() => untilCutoffMs("10 minutes", NOW)).toThrow(/expected/);
  });
});

describe("Prune's labelFilters", () => {
  it("matches key presence and key=value, all of them", () => {
    const labels = { team: "data", tier: "" };
    expect(matchesLabels(labels, ["team", "tier"])).toBe(true);
    expect(matchesLabels(labels, ["team=data", "tier="])).toBe(true);
    expect(matchesLabels(labels, ["team=web"])).toBe(false);
    expect(matchesLabels(labels, ["team", "owner"])).toBe(false);
    expect(matchesLabels(null, [])).toBe(true);
  });

  it("refuses a filter with no key", () => {
    expect(() => labelFilterList(["=x"])).toThrow(/labelFilters "=x": expected key or key=value/);
    expect(labelFilterList(["a=b=c"])).toEqual(["a=b=c"]);
  });
});
