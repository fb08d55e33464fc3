import { describe, expect, it } from "vitest";
import { foldSample } from "./container-usage";

describe("container usage from Docker stats samples", () => {
  it("takes cgroup v1's kernel peak and the latest CPU total", () => {
    const first = foldSample(undefined, {
      memory_stats: { usage: 40e6, max_usage: 53e6 },
      cpu_stats: { cpu_usage: { total_usage: 0.5e9 } },
    });
    const second = foldSample(first, {
      memory_stats: { usage: 20e6, max_usage: 53e6 },
      cpu_stats: { cpu_usage: { total_usage: 1.25e9 } },
    });
    expect(second).toEqual({ memoryPeakBytes: 53e6, cpuSeconds: 1.25 });
  });
  it("keeps the highest cgroup v2 usage less the reclaimable page cache", () => {
    const first = foldSample(undefined, {
      memory_stats: { usage: 90e6, stats: { inactive_file: 10e6 } },
      cpu_stats: { cpu_usage: { total_usage: 1e9 } },
    });
    const second = foldSample(first, {
      memory_stats: { usage: 50e6, stats: { inactive_file: 0 } },
      cpu_stats: { cpu_usage: { total_usage: 2e9 } },
    });
    expect(second).toEqual({ memoryPeakBytes: 80e6, cpuSeconds: 2 });
  });
  it("ignores the empty sample of a container that has stopped", () => {
    const before = { memoryPeakBytes: 5, cpuSeconds: 1 };
    expect(foldSample(before, { memory_stats: {}, cpu_stats: { cpu_usage: { total_usage: 0 } } })).toBe(before);
    expect(foldSample(undefined, { memory_stats: {} })).toBeUndefined();
  });
});
